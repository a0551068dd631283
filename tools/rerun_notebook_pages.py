"""Execute every MyST-NB page of the site a second time, without a second Sphinx build.

The docs build executes each notebook page once and keeps the executed notebook in its
execution cache (jupyter-cache, ``docs/_build/.jupyter_cache``); the page shows those outputs.
``nox -s determinism`` runs this script:

    python tools/rerun_notebook_pages.py OUT

For every page of ``docs/`` written as a MyST notebook, it reads the page as myst-nb reads it
(with the hidden fingerprint cell of ``docs/_ext/data_dependencies.py``), finds the cache's
execution of exactly that code (the cache's own lookup, as the build does), and executes the same
cells again in a fresh kernel, in the page's folder, with the executor myst-nb uses. It writes
``OUT/first/<page>.ipynb`` (the build's execution) and ``OUT/second/<page>.ipynb`` (this one);
``tests/determinism`` compares what they print. A page with no execution in the cache is an
error: the build did not run the page as it is now.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import nbformat
import site_layout

DOCS = site_layout.DOCS
CACHE = site_layout.JUPYTER_CACHE
TIMEOUT = 120  # seconds per cell, as conf.py's nb_execution_timeout


def notebook_pages() -> dict[str, Path]:
    """``{docname: source}`` of the pages written as MyST notebooks (a ``kernelspec`` in their
    front matter)."""
    return {
        path.relative_to(DOCS).with_suffix("").as_posix(): path
        for path in site_layout.notebook_sources()
    }


def as_the_build_reads_it(docname: str, source: Path) -> nbformat.NotebookNode:
    """The page as a notebook, as myst-nb reads it during the build."""
    sys.path.insert(0, str(site_layout.EXTENSIONS))
    from data_dependencies import _add_fingerprint_cell
    from myst_nb.core.read import read_myst_markdown_notebook

    text = [source.read_text(encoding="utf-8")]
    _add_fingerprint_cell(None, docname, text)
    return read_myst_markdown_notebook(text[0], add_source_map=True, path=str(source))


def first_execution(cache, notebook: nbformat.NotebookNode, docname: str):
    """The executed notebook the build cached for exactly this code."""
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError:
        raise SystemExit(
            f"{docname}: the execution cache has no run of this page's current code: "
            "run `nox -s docs` first"
        ) from None
    return cache.get_cache_bundle(record.pk).nb


def execute_again(executed: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """The same cells, outputs cleared, executed in a fresh kernel in ``cwd``."""
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = copy.deepcopy(executed)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    result = single_nb_execution(notebook, cwd=str(cwd), timeout=TIMEOUT, allow_errors=False)
    if result.err is not None:
        raise SystemExit(f"the second execution failed in {cwd}:\n{result.exc_string}")
    return notebook


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for first/ and second/")
    args = parser.parse_args()
    from jupyter_cache import get_cache

    if not CACHE.is_dir():
        raise SystemExit(f"no execution cache at {CACHE}: run `nox -s docs` first")
    cache = get_cache(CACHE)
    for docname, source in notebook_pages().items():
        began = time.perf_counter()
        first = first_execution(cache, as_the_build_reads_it(docname, source), docname)
        second = execute_again(first, source.parent)
        for name, notebook in (("first", first), ("second", second)):
            path = args.out / name / f"{docname}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, path)
        print(f"{time.perf_counter() - began:6.1f} s  {docname}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
