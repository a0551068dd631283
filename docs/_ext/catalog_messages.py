"""Sphinx extension: what the translations' catalogs hold.

English is the source of truth; a translated site is the same sources built again with each
message replaced from ``docs/locales/<language>/LC_MESSAGES/<page>.po`` (tools/catalogs.py). This
decides what a message is:

* numbers, timings and generated HTML are not messages, so a re-run benchmark or a slower build
  does not make a translation stale (the catalogs and stale_translations.py see the same set);
* the gettext builder (``nox -s translations``) extracts the English text, whichever language's
  site it extracts for (Sphinx would otherwise translate the pages before extracting them).
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from site_layout import SOURCE_LANGUAGE
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

# sphinx-gallery's timings change with every build.
_GALLERY_TIMES = re.compile(
    r"^\*\*Total running time of the script:\*\*|total execution time for \d+ files? \*\*from"
)


def _has_words(text: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in text)


def is_message(node: nodes.Node, text: str) -> bool:
    """Whether the text of ``node`` goes into the catalogs (and is checked for a translation)."""
    if isinstance(node, nodes.raw):  # the only HTML with prose in it: gallery thumbnails
        return "sphx-glr-thumbcontainer" in text or "sphx-glr-thumbnail-title" in text
    if len(node.children) == 1 and isinstance(node.children[0], nodes.literal):
        return False  # a line of code on its own, such as the install command
    return _has_words(text) and not _GALLERY_TIMES.search(text)


class KeepOutOfCatalogs(SphinxTransform):
    """Numbers, timings and generated HTML are not messages (for the catalogs and the check)."""

    default_priority = 15  # after ExtraTranslatableNodes (10), before Locale (20)

    def apply(self, **kwargs) -> None:
        for node, text in extract_messages(self.document):
            if not is_message(node, text):
                node["translatable"] = False


def _extract_the_english(app) -> None:
    """The gettext builder writes the catalogs from the English text."""
    if not app.builder.use_message_catalog:
        app.config.language = SOURCE_LANGUAGE


def setup(app):
    app.connect("builder-inited", _extract_the_english)
    app.add_transform(KeepOutOfCatalogs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
