"""Sphinx extension: the site builds, and is served, without reaching any other host.

- :func:`guard_this_process_and_the_kernels` refuses every connection to a non-loopback address
  in the build process (autodoc imports, gallery examples) and, through an IPython start-up file,
  in the kernels that execute the notebook pages.
- Two source fix-ups drop links to CDNs that third-party pieces add: sphinx-gallery's
  computation-times pages (jQuery and DataTables, only to make a table sortable) and matplotlib's
  JavaScript animation player (Font Awesome 4; the theme already ships Font Awesome 6, which
  still knows the v4 icon names).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import offline_guard
import site_layout

TOOLS = Path(offline_guard.__file__).resolve().parent


def guard_this_process_and_the_kernels(ipython_dir: Path) -> None:
    """Install the offline guard here and in every IPython kernel started from this process."""
    offline_guard.install()
    startup = ipython_dir / "profile_default" / "startup" / "00-offline-guard.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(
        f"import sys\nsys.path.insert(0, {str(TOOLS)!r})\n"
        "import offline_guard\noffline_guard.install()\n"
    )
    os.environ["IPYTHONDIR"] = str(ipython_dir)  # the kernels inherit it


_CDN_BLOCK = re.compile(r"\n  \.\. raw:: html\n\n(?:    .*\n|\n)*?(?=\n  \.\. list-table::)")
_FONT_AWESOME_CDN = re.compile(
    r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*">'
)


def _drop_cdn_scripts(app, docname: str, source: list[str]) -> None:
    """Computation-times pages: drop the CDN scripts; the table (sorted slowest first) stays."""
    if docname.endswith("sg_execution_times"):
        source[0] = _CDN_BLOCK.sub("\n", source[0])


def _drop_animation_cdn_link(app, docname: str, source: list[str]) -> None:
    """Pages that embed an animation: drop the Font Awesome CDN link."""
    if site_layout.in_gallery(docname):
        source[0] = _FONT_AWESOME_CDN.sub("", source[0])


def setup(app):
    app.connect("source-read", _drop_cdn_scripts)
    app.connect("source-read", _drop_animation_cdn_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
