"""Lay out every tutorial's notebook for the branch "Open in Colab" reads.

Colab opens notebooks from GitHub, so the Pages workflow publishes the notebooks of the built site
to a branch of the repository (``docs/_ext/run_yourself.py``'s ``NOTEBOOK_BRANCH``), each at its
page's path (``notebook_path``): ``tutorials/00_foundations/plot_01_gradient_descent.ipynb``.
Each file is exactly the one the page's "Download Jupyter notebook" link serves, found through
that link, so the Colab notebook and the download cannot differ.

    python tools/publish_notebooks.py docs/_build/html OUTDIR
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import site_layout

sys.path.insert(0, str(site_layout.EXTENSIONS))
from run_yourself import notebook_path

_DOWNLOAD = re.compile(r'href="([^"]*_downloads/[^"]+\.ipynb)"')


def tutorial_notebooks(html: Path) -> dict[str, Path]:
    """Each tutorial's docname and the notebook file its page links for download."""
    found = {}
    for tutorial in site_layout.built_tutorials(html=html):
        page, docname = html / tutorial, tutorial.removesuffix(".html")
        links = {link for link in _DOWNLOAD.findall(page.read_text()) if "/" in link}
        own = [link for link in links if link.endswith(f"/{page.stem}.ipynb")]
        if len(own) != 1:
            raise SystemExit(f"{page}: expected one download link to {page.stem}.ipynb, got {own}")
        found[docname] = (page.parent / own[0]).resolve()
    return found


def publish(html: Path, outdir: Path) -> int:
    notebooks = tutorial_notebooks(html)
    for docname, notebook in notebooks.items():
        target = outdir / notebook_path(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
    return len(notebooks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the built English site")
    parser.add_argument("outdir", type=Path, help="the folder to publish as the branch")
    args = parser.parse_args()
    print(f"{publish(args.html, args.outdir)} notebooks laid out in {args.outdir}")


if __name__ == "__main__":
    main()
