"""Sphinx extension: the language switcher and the ``hreflang`` links.

Every page links to the same page in each language of the site (the switcher under the logo,
``_templates/language-switcher.html``), and carries ``<link rel="alternate" hreflang>`` tags for
search engines: every language, and ``x-default``. The languages, their labels and their folders
are tools/site_layout.py's; a page that exists in English only (english_reference.py) links to
the translated site's reference page instead.
"""

from __future__ import annotations

from english_reference import english_only
from site_layout import LANGUAGES, SOURCE_LANGUAGE


def page_url(pagename: str, source: str, target: str) -> str:
    """The URL of page ``pagename`` of language ``target``, relative to it in ``source``."""
    depth = pagename.count("/") + (1 if LANGUAGES[source].prefix else 0)
    if target != SOURCE_LANGUAGE and english_only(pagename):
        pagename = "reference/index"  # it says where the English reference is
    return "../" * depth + LANGUAGES[target].prefix + pagename + ".html"


def site_root(app) -> str:
    """The published address of the English site (the root of every language's), from
    ``html_baseurl`` (which a translated build sets to its own folder); "" when unknown."""
    base = app.config.html_baseurl.rstrip("/")
    if not base:
        return ""
    prefix = LANGUAGES[app.config.language].prefix.rstrip("/")
    return (base.removesuffix("/" + prefix) if prefix else base) + "/"


def alternates(app, pagename: str) -> str:
    """``<link rel="alternate" hreflang>`` for every language of a page, its own included, and
    ``x-default`` (the English page, the source) for a reader whose language the site lacks.
    Search engines want the whole set on every version, and absolute addresses (relative ones
    where the site's address is not known)."""
    if english_only(pagename):
        return ""  # one language: nothing to choose between
    root, current = site_root(app), app.config.language
    urls = {
        language.hreflang: (
            root + language.prefix + pagename + ".html"
            if root
            else page_url(pagename, current, code)
        )
        for code, language in LANGUAGES.items()
    }
    urls["x-default"] = urls[LANGUAGES[SOURCE_LANGUAGE].hreflang]
    return "".join(
        f'\n<link rel="alternate" hreflang="{hreflang}" href="{url}" />'
        for hreflang, url in urls.items()
    )


def _switcher_context(app, pagename, templatename, context, doctree) -> None:
    current = app.config.language
    languages = []
    for code, language in LANGUAGES.items():
        url = page_url(pagename, current, code)
        languages.append(
            {"code": code, "label": language.label, "url": url, "current": code == current}
        )
    context["dlnotes_languages"] = languages
    context["metatags"] = context.get("metatags", "") + alternates(app, pagename)


def setup(app):
    app.connect("html-page-context", _switcher_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
