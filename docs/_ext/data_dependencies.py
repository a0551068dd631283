"""Sphinx extension: re-read pages whose output depends on files Sphinx does not know about.

The benchmarks page renders ``benchmarks/results/*.json``; the common-errors page runs the catalog
``tools/mistakes.py`` over ``dlnotes/``, and the loss atlas runs code from ``dlnotes/``. Sphinx
only notices changes to a page's own source, so without this a warm rebuild would keep showing old
results. A page listed here is re-read (and, with its ``execution_mode: force``, re-executed) when
one of its files is newer than its last read.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPENDENCIES = {
    "benchmarks": [(ROOT / "benchmarks" / "results", "*.json")],
    "howto/common_errors": [(ROOT / "dlnotes", "*.py"), (ROOT / "tools", "mistakes.py")],
    "reference/loss_atlas": [(ROOT / "dlnotes", "*.py")],
}


def _outdated_by_data(app, env, added, changed, removed) -> list[str]:
    stale = []
    for docname, folders in DEPENDENCIES.items():
        last_read = env.all_docs.get(docname)  # microseconds since the epoch
        if last_read is None or docname in changed:
            continue
        files = [p for folder, pattern in folders for p in folder.rglob(pattern)]
        if files and max(p.stat().st_mtime_ns // 1000 for p in files) > last_read:
            stale.append(docname)
    return stale


def setup(app):
    app.connect("env-get-outdated", _outdated_by_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
