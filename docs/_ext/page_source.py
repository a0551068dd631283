"""Sphinx extension: every page names its source file in the repository.

From one setting, the repository's address (``Source`` in pyproject.toml's ``[project.urls]``,
read by docs/conf.py) and its branch, each page gets:

* a "source repository" link and, where the page has a source file in the repository, "edit this
  page" and "view source" links (the theme's header buttons, and a line in the page footer);
* the date of the last commit that touched that source file ("Last updated on ...").

A page's source is the file a contributor edits, not what Sphinx happened to read: a tutorial
page is generated from ``gallery/<part>/plot_*.py``, a gallery index from ``GALLERY_HEADER.rst``,
and an API page from the docstrings of a module in ``dlnotes/``; a page of the translated site
from its catalog, ``docs/locales/<language>/LC_MESSAGES/<page>.po``. Generated pages with no source
of their own (the computation-times tables) get no edit link and no date.

Dates come from ``git log``. Without git, outside a git checkout, or for a file that was never
committed, a page simply shows no date: never the build's own date.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
from pathlib import Path

import site_layout
from catalogs import catalog_path
from site_layout import DOCS, ROOT

# Buttons that sphinx-book-theme builds from get_edit_provider_and_url().
_PAGE_BUTTONS = {"source-file-button", "source-edit-button"}


def source_path(docname: str, source_suffix: str | None, language: str = "en") -> str | None:
    """The repository path (POSIX, relative to the root) a page is built from, or None.

    On a translated site, the page's catalog (docs/locales/<language>/LC_MESSAGES/<page>.po):
    that is where a translator edits the page's text.
    """
    if language != site_layout.SOURCE_LANGUAGE:
        english = source_path(docname, source_suffix)
        catalog = catalog_path(docname, language)
        return catalog.relative_to(ROOT).as_posix() if english and catalog.is_file() else None
    if site_layout.in_gallery(docname):
        source = site_layout.gallery_source(docname)
        return source.relative_to(ROOT).as_posix() if source else None
    if docname == "sg_execution_times":
        return None
    if docname.startswith("reference/generated/"):
        return _module_file(docname.split("/")[-1])
    if source_suffix and (DOCS / f"{docname}{source_suffix}").is_file():
        return f"docs/{docname}{source_suffix}"
    return None


def _module_file(qualname: str) -> str | None:
    """The file of the module that documents ``dlnotes.x.y`` (a module or a name in one)."""
    names = qualname.split(".")
    for cut in range(len(names), 0, -1):
        try:
            module = importlib.import_module(".".join(names[:cut]))
        except ImportError:
            continue
        path = Path(inspect.getsourcefile(module) or "").resolve()
        # Relative to the folder that holds the top package: the import may come from another
        # checkout (an editable install) than the one being built, e.g. in `nox -s determinism`.
        top = Path(inspect.getsourcefile(importlib.import_module(names[0])) or "").resolve()
        return path.relative_to(top.parents[1]).as_posix() if path.is_file() else None
    return None


def edit_url(repository: str, branch: str, path: str) -> str:
    return f"{repository.rstrip('/')}/edit/{branch}/{path}"


def view_url(repository: str, branch: str, path: str) -> str:
    return f"{repository.rstrip('/')}/blob/{branch}/{path}"


def last_commit_dates(root: Path) -> dict[str, str]:
    """{repository path: date (YYYY-MM-DD) of the last commit touching it}; {} without git.

    In a shallow clone (Read the Docs and CI check out only recent history) a file last changed
    before the oldest commit present would be dated by that commit: such files get no date.
    """

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=60
        ).stdout

    try:
        log = git("log", "--format=%x00%H %cs", "--name-only", "--no-renames")
        shallow = Path(root, git("rev-parse", "--git-path", "shallow").strip())
    except (OSError, subprocess.SubprocessError):  # no git, or not a git checkout
        return {}
    boundary = set(shallow.read_text().split()) if shallow.is_file() else set()
    dates: dict[str, str] = {}
    for entry in log.split("\0")[1:]:
        head, *files = entry.strip().splitlines()
        commit, _, date = head.partition(" ")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            continue
        for name in files:
            if name.strip() and name.strip() not in dates:  # newest first: keep the first seen
                dates[name.strip()] = None if commit in boundary else date
    return {name: date for name, date in dates.items() if date}


def _repository_context(app) -> None:
    app.env.dlnotes_last_commit = last_commit_dates(ROOT)


def _page_links(app, pagename, templatename, context, doctree) -> None:
    """Give the theme this page's edit URL (priority 501: after the PyData theme sets its own
    function, before sphinx-book-theme builds the header buttons from it)."""
    repository, branch = app.config.page_source_repository, app.config.page_source_branch
    suffix, language = context.get("page_source_suffix"), app.config.language
    path = source_path(pagename, suffix, language) if doctree else None
    context["dlnotes_source_path"] = path
    context["dlnotes_repository_url"] = repository or None
    context["dlnotes_edit_url"] = (
        edit_url(repository, branch, path) if repository and path else None
    )
    context["dlnotes_view_url"] = (
        view_url(repository, branch, path) if repository and path else None
    )
    if context["dlnotes_edit_url"]:
        url = context["dlnotes_edit_url"]
        context["get_edit_provider_and_url"] = lambda: ("GitHub", url)
    date = getattr(app.env, "dlnotes_last_commit", {}).get(path) if path else None
    context["last_updated"] = date  # None: the footer shows no date


def _drop_buttons_without_source(app, pagename, templatename, context, doctree) -> None:
    """Pages with no source file of their own keep the repository link, lose edit/view."""
    if context.get("dlnotes_edit_url"):
        return
    kept = []
    for button in context.get("header_buttons", []):
        if button.get("label") in _PAGE_BUTTONS:
            continue
        if button.get("type") == "group":
            button["buttons"] = [
                b for b in button["buttons"] if b.get("label") not in _PAGE_BUTTONS
            ]
            if not button["buttons"]:
                continue
        kept.append(button)
    context["header_buttons"] = kept


def setup(app):
    app.add_config_value("page_source_repository", "", "html", types=frozenset({str}))
    app.add_config_value("page_source_branch", "main", "html", types=frozenset({str}))
    app.connect("builder-inited", _repository_context)
    app.connect("html-page-context", _page_links, priority=501)
    app.connect("html-page-context", _drop_buttons_without_source, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
