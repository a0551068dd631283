"""Sphinx extension: the stale-translation check.

In a translated build, every message of a page that is missing from the page's catalog,
untranslated or fuzzy is a warning (an error under ``-W``) naming the page, the message and the
catalog. Where a page's catalog is and why a message is stale are tools/catalogs.py's, as
``nox -s translations`` judges them; what a message is, catalog_messages.py's. A page with a
stale translation is read (and reported) again by every build until it is translated.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from catalogs import catalog_path, problem, read  # tools/catalogs.py: the one catalog module
from docutils import nodes
from site_layout import ROOT, SOURCE_LANGUAGE
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

logger = logging.getLogger(__name__)

# Each catalog is read once per build.
_catalog = cache(read)


@cache
def _translations(path: Path) -> frozenset[str]:
    catalog = _catalog(path)
    return frozenset(e.string for e in catalog if e.id and e.string) if catalog else frozenset()


def check_translations(app, doctree) -> None:
    """In a translated build: warn about every message of this page that has no translation.

    Runs on the page as read (after Locale): the messages are those the gettext builder would
    extract from it, and the ones Locale translated are marked ``translated``.
    """
    name = app.config.language
    if name == SOURCE_LANGUAGE or not app.builder.use_message_catalog:
        return  # the source language, or the gettext builder that writes the catalogs
    docname = app.env.docname
    path = catalog_path(docname, name)
    catalog = _catalog(path)
    images = "image" in app.config.gettext_additional_targets
    for node, text in extract_messages(doctree):
        # an image's alt text is a message only where the gettext builder extracts it
        if isinstance(node, nodes.image) and not images:
            continue
        # Locale marks the nodes it translated, except images (their alt text is replaced)
        if node.get("translated") or text in _translations(path):
            continue
        if not (why := problem(catalog, text)):
            continue
        _stale_pages(app.env).add(docname)
        short = text if len(text) <= 120 else text[:117] + "..."
        logger.warning(
            "stale translation: %s message %r in %s (after editing the English, run "
            "`nox -s translations`, then translate it)",
            why,
            short,
            path.relative_to(ROOT),
            location=node,
            type="dlnotes",
            subtype="translation",
        )


def _stale_pages(env) -> set[str]:
    if not hasattr(env, "dlnotes_stale_translations"):
        env.dlnotes_stale_translations = set()
    return env.dlnotes_stale_translations


def _forget_page(app, env, docname: str) -> None:
    _stale_pages(env).discard(docname)


def _read_stale_pages_again(app, env, added, changed, removed) -> list[str]:
    """A page with a stale translation is read (and reported) again by every build until it is
    translated, not only by the build after its English changed."""
    return sorted(_stale_pages(env) - changed - removed)


def setup(app):
    app.connect("doctree-read", check_translations)
    app.connect("env-purge-doc", _forget_page)
    app.connect("env-get-outdated", _read_stale_pages_again)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
