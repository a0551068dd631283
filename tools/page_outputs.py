"""Extract what the executed code printed on every page of a built site.

Gallery pages keep their output in ``div.sphx-glr-script-out`` blocks; MyST-NB notebooks in
``div.cell_output`` blocks (text, and Markdown rendered from code). Figures are left out: a PNG's
bytes depend on the font renderer, the printed numbers must not.

``python tools/page_outputs.py docs/_build/html`` prints the result as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bs4 import BeautifulSoup


def page_outputs(html_dir: Path) -> dict[str, list[str]]:
    """``{page path: [output block text, ...]}`` for every page with executed output."""
    outputs = {}
    for path in sorted(Path(html_dir).rglob("*.html")):
        if "_static" in path.parts or "_modules" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("div.sphx-glr-script-out pre, div.cell_output")
        if blocks:
            key = path.relative_to(html_dir).as_posix()
            outputs[key] = [block.get_text() for block in blocks]
    return outputs


if __name__ == "__main__":
    json.dump(page_outputs(Path(sys.argv[1])), sys.stdout, indent=1, ensure_ascii=False)
