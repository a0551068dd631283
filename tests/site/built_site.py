"""The built site as the checks in tests/site read it: its pages, each parsed once per run.

Where the site and its pages are, and which HTML files are pages, is tools/site_layout.py's;
conftest.py gives the same as fixtures. A module that parametrizes over pages or scripts imports
them from here (importable because pytest puts tests/site on sys.path).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup
from site_layout import HTML, NOT_DOCUMENTS, built_pages, split_language


def _path(page: str | Path) -> Path:
    """A page given as a path from the site's root (``zh_CN/index.html``), or as a file."""
    return page if isinstance(page, Path) else HTML / page


@cache
def _lxml(path: Path):
    return lxml.html.fromstring(path.read_bytes())


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree(page: str | Path):
    """The page parsed by lxml: much faster than BeautifulSoup for scans over every page."""
    return _lxml(_path(page))


def soup(page: str | Path) -> BeautifulSoup:
    """The page parsed by BeautifulSoup."""
    return _soup(_path(page))


def rel(page: Path) -> str:
    """A page file's path from the site's root, for messages."""
    return str(page.relative_to(HTML))


def documents(language: str | None = None) -> list[str]:
    """The pages of documents (not the index, search, module index or 404 pages Sphinx writes),
    without the highlighted source code."""
    return [
        page
        for page in built_pages(language, source_code=False)
        if split_language(page)[1] not in NOT_DOCUMENTS
    ]
