"""Sphinx extension: the API reference stays English.

The API reference (generated from the docstrings) and the loss atlas exist in English only: a
translated build leaves them out (:func:`exclude_patterns`), has a short reference page pointing
at them instead (:data:`REFERENCE_STUB`, translated like any page), and links its references to
them to the English pages, through the English build's ``objects.inv`` (:func:`english_inventory`;
``tools/build_site.py`` says where that build is).
"""

from __future__ import annotations

import build_site  # the language being built, and the English build it links to
from docutils import nodes
from site_layout import SOURCE_LANGUAGE
from sphinx.util import docname_join

# Pages that exist in English only: the API reference (generated from the docstrings) and the
# loss atlas. A translated site has a short reference page pointing at them instead.
ENGLISH_ONLY = ("reference/generated/", "reference/loss_atlas", "_modules/", "py-modindex")
# Links from a translated page to an English-only page are written to this address first (by
# intersphinx and sphinx-gallery), then made relative (_english_links_relative).
ENGLISH_SITE = "https://english-pages.dlnotes.invalid/"


def english_only(pagename: str) -> bool:
    return pagename.startswith(ENGLISH_ONLY)


def exclude_patterns(name: str) -> list[str]:
    """Source files a build in language ``name`` leaves out (the English-only pages)."""
    if name == SOURCE_LANGUAGE:
        return []
    return ["reference/generated/**", "reference/loss_atlas.md"]


# The source (in English, translated like any page) of reference/index in a translated build.
REFERENCE_STUB = """\
Reference
=========

The API reference (one page per function or class of ``dlnotes``, with its shapes, its formula
where there is one, and a runnable example) and the loss atlas are in English only: the names,
the docstrings and the code are the same in every language.

- `The API reference, in English <../../reference/index.html>`__
- `The loss atlas, in English <../../reference/loss_atlas.html>`__
"""


# These read the language of the site being built (build_site.language()), not the language of
# the text (app.config.language): the gettext builder extracts the English text of the translated
# site, stub included.
def _reference_stub(app, docname: str, source: list[str]) -> None:
    if docname == "reference/index" and build_site.language() != SOURCE_LANGUAGE:
        source[0] = REFERENCE_STUB


def _resolve_in_english(app, env, node, contnode):
    """A reference to an English-only page (the API reference): link to the English site."""
    if build_site.language() == SOURCE_LANGUAGE:
        return None
    from sphinx.ext.intersphinx import inventory_exists, resolve_reference_in_inventory

    if not inventory_exists(env, "english"):
        return None
    if node["reftype"] == "doc":  # the inventory names documents from the root, without "/"
        node = node.deepcopy()
        node["reftarget"] = docname_join(node["refdoc"], node["reftarget"]).lstrip("/")
    return resolve_reference_in_inventory(env, "english", node, contnode)


def _english_links_relative(app, doctree, docname: str) -> None:
    """ENGLISH_SITE/x.html -> ../../x.html, from this page of the translated site."""
    if build_site.language() == SOURCE_LANGUAGE:
        return
    up = "../" * (docname.count("/") + 1)
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.startswith(ENGLISH_SITE):
            reference["refuri"] = up + uri[len(ENGLISH_SITE) :]
            reference["classes"] = [c for c in reference["classes"] if c != "external"]


def english_inventory() -> dict:
    """intersphinx_mapping entry of a translated build: the English build's objects.inv."""
    inventory = build_site.english_html() / "objects.inv"
    if build_site.language() == SOURCE_LANGUAGE:
        return {}
    if not inventory.is_file():
        raise FileNotFoundError(
            f"{inventory} is missing: a translated build links its API names to the English "
            "build, so build English first (`nox -s docs` does both, in that order)"
        )
    return {"english": (ENGLISH_SITE, str(inventory))}


def setup(app):
    app.connect("source-read", _reference_stub)
    app.connect("missing-reference", _resolve_in_english, priority=400)
    app.connect("doctree-resolved", _english_links_relative)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
