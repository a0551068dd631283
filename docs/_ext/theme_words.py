"""Sphinx extension: the theme's words in the page's language, from this site's catalog.

sphinx-book-theme translates its header buttons and search field from a catalog of its own
("booktheme"), which for zh_CN leaves "Repository", "Show source", "Suggest edit", "Source
repositories" and "Search" in English and writes "Print to PDF" in Traditional Chinese. This puts
the site's catalog (docs/locales/<language>/LC_MESSAGES/sphinx.po, where
_templates/dlnotes-ui-strings.html lists those words) in front of the theme's: a word the site
translates is the site's, any other the theme's.
"""

from __future__ import annotations

from site_layout import LOCALES, SOURCE_LANGUAGE


def _theme_words_from_the_site_catalog(app) -> None:
    name = app.config.language
    if name == SOURCE_LANGUAGE or not app.builder.use_message_catalog:
        return
    import gettext

    from sphinx import locale

    try:  # Sphinx compiled sphinx.po to sphinx.mo when it started
        site = gettext.translation("sphinx", localedir=str(LOCALES), languages=[name])
    except OSError:
        return
    theme = locale.translators.get(("general", "booktheme"))
    if theme is not None and theme is not site:
        site.add_fallback(theme)
    locale.translators["general", "booktheme"] = site


def setup(app):
    app.connect("builder-inited", _theme_words_from_the_site_catalog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
