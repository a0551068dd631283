"""Sphinx extension: rebuild pages whose output depends on files Sphinx does not know about.

The benchmarks page renders ``benchmarks/results/*.json``; the common-errors page runs the catalog
``tools/mistakes.py`` over ``dlnotes/``, and the loss atlas runs code from ``dlnotes/``. Sphinx
only notices changes to a page's own source, and myst-nb's execution cache only changes to its
code, so without this a rebuild would keep showing old results. A page listed here

* is re-read when one of its files is newer than its last read, and
* ends with a hidden code cell holding a hash of those files, so that the execution cache runs it
  again exactly when one of them changed (and otherwise reuses its outputs: a warm rebuild, and
  the translated site's build, execute nothing).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from site_layout import ROOT

DEPENDENCIES = {
    "benchmarks": [(ROOT / "benchmarks" / "results", "*.json")],
    "howto/common_errors": [(ROOT / "dlnotes", "*.py"), (ROOT / "tools", "mistakes.py")],
    "reference/loss_atlas": [(ROOT / "dlnotes", "*.py")],
}


def _files(docname: str) -> list[Path]:
    return sorted(p for folder, pattern in DEPENDENCIES[docname] for p in folder.rglob(pattern))


def _fingerprint(docname: str) -> str:
    digest = hashlib.sha256()
    for path in _files(docname):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _add_fingerprint_cell(app, docname: str, source: list[str]) -> None:
    if docname in DEPENDENCIES:
        source[0] += (
            "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
            f"# The files this page's output depends on, hashed: {_fingerprint(docname)}\n"
            "```\n"
        )


def _outdated_by_data(app, env, added, changed, removed) -> list[str]:
    stale = []
    for docname in DEPENDENCIES:
        last_read = env.all_docs.get(docname)  # microseconds since the epoch
        if last_read is None or docname in changed:
            continue
        files = _files(docname)
        if files and max(p.stat().st_mtime_ns // 1000 for p in files) > last_read:
            stale.append(docname)
    return stale


def setup(app):
    app.connect("env-get-outdated", _outdated_by_data)
    app.connect("source-read", _add_fingerprint_cell)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
