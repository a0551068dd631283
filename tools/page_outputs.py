"""Extract what the executed code printed on every page of a built site.

Gallery pages keep their output in ``div.sphx-glr-script-out`` blocks; MyST-NB notebooks in
``div.cell_output`` blocks (text, and Markdown rendered from code). Figures are left out: a PNG's
bytes depend on the font renderer, the printed numbers must not.

:func:`notebook_outputs` reads the same text from a downloaded notebook that a reader executed
(``nox -s notebooks`` keeps them), so the two can be compared line by line with
:func:`printed_lines`.

``python tools/page_outputs.py docs/_build/html`` prints the result as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import site_layout
from bs4 import BeautifulSoup


def page_outputs(html_dir: Path) -> dict[str, list[str]]:
    """``{page path: [output block text, ...]}`` for every page with executed output."""
    outputs = {}
    for page in site_layout.built_pages(html=Path(html_dir), source_code=False):
        path = Path(html_dir) / page
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("div.sphx-glr-script-out pre, div.cell_output")
        if blocks:
            outputs[page] = [block.get_text() for block in blocks]
    return outputs


def notebook_outputs(path: Path) -> list[str]:
    """The text a gallery page shows, as an executed copy of its notebook holds it.

    Per code cell: what it printed (stdout) and the ``repr`` of its last expression, which
    sphinx-gallery puts in the page's output block too. Left out, as on the page: the first cell
    (the install line, whose output is pip's), stderr, figures, and results shown as HTML.
    """
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"][1:]
    texts = []
    for cell in code:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream" and output["name"] == "stdout":
                texts.append("".join(output["text"]))
            elif output["output_type"] == "execute_result" and "text/html" not in output["data"]:
                texts.append("".join(output["data"].get("text/plain", "")))
    return texts


def printed_lines(blocks: list[str]) -> list[str]:
    """The non-blank lines of some output blocks, stripped: blocks may be split or joined
    differently in a page and a notebook, and a page's block loses its common indentation
    (reStructuredText dedents literal blocks); the lines' text may not differ."""
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


if __name__ == "__main__":
    json.dump(page_outputs(Path(sys.argv[1])), sys.stdout, indent=1, ensure_ascii=False)
