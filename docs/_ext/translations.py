"""Sphinx extension: the site in Chinese, from one English source and gettext catalogs.

English is the source of truth. ``nox -s docs`` builds it at the root of ``docs/_build/html``,
then builds the same sources a second time with ``DLNOTES_LANGUAGE=zh_CN`` into
``docs/_build/html/zh_CN/``. The second build executes nothing: sphinx-gallery finds its pages
and figures up to date, and myst-nb reads the first build's jupyter-cache. Sphinx replaces each
paragraph, title and table cell by its translation from ``docs/locales/zh_CN/LC_MESSAGES/<page>.po``
(one catalog per page, made with ``sphinx-intl``; ``nox -s translations`` updates them).

This extension adds what the standard machinery leaves out:

* **what is not a message**: numbers, timings and generated HTML never reach the catalogs, so a
  re-run benchmark or a slower build does not make a translation stale;
* **the stale-translation check**: in a translated build, every message of a translated page that
  is missing from its catalog, untranslated or fuzzy is a warning (an error under ``-W``) naming
  the page and the message;
* **the API reference stays English**: its pages are not built again; references to them from a
  translated page go to the English pages;
* **a language switcher** on every page, linking to the same page in the other language, and
  ``<link rel="alternate" hreflang>`` tags for search engines (every language, ``x-default``);
* **the theme's words** in the page's language, from this site's catalog (the theme's own leaves
  some in English);
* **Chinese search** that finds the site's terms: the build gives jieba the glossary's terms and
  the pages' headings and emphasised terms; the browser splits a query into the terms the index
  holds (``_static/dlnotes-search-zh.js``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import site_layout
from catalogs import catalog_path, problem, read  # tools/catalogs.py: the one catalog module
from docutils import nodes
from site_layout import LOCALES, ROOT, SOURCE_LANGUAGE
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join, logging
from sphinx.util.nodes import extract_messages

# The English build a translated build links to (its objects.inv): `nox -s docs` builds it here;
# elsewhere (Read the Docs) DLNOTES_ENGLISH_HTML says where (tools/build_site.py sets it).
ENGLISH_HTML = Path(os.environ.get("DLNOTES_ENGLISH_HTML", site_layout.HTML))

# Each language of the site (tools/site_layout.py): its name in that language, and where its pages
# are, relative to the site's root. English is the source.
LANGUAGES = {code: (lang.label, lang.prefix) for code, lang in site_layout.LANGUAGES.items()}
# Pages that exist in English only: the API reference (generated from the docstrings) and the
# loss atlas. A translated site has a short reference page pointing at them instead.
ENGLISH_ONLY = ("reference/generated/", "reference/loss_atlas", "_modules/", "py-modindex")
# Links from a translated page to an English-only page are written to this address first (by
# intersphinx and sphinx-gallery), then made relative (_english_links_relative).
ENGLISH_SITE = "https://english-pages.dlnotes.invalid/"

logger = logging.getLogger(__name__)


def language() -> str:
    """The language being built: ``DLNOTES_LANGUAGE`` (``en`` when unset)."""
    name = os.environ.get("DLNOTES_LANGUAGE", SOURCE_LANGUAGE)
    if name not in LANGUAGES:
        raise ValueError(f"DLNOTES_LANGUAGE={name!r}: expected one of {sorted(LANGUAGES)}")
    return name


def english_only(pagename: str) -> bool:
    return pagename.startswith(ENGLISH_ONLY)


def exclude_patterns(name: str) -> list[str]:
    """Source files a build in language ``name`` leaves out (the English-only pages)."""
    if name == SOURCE_LANGUAGE:
        return []
    return ["reference/generated/**", "reference/loss_atlas.md"]


# -- What is not a message -------------------------------------------------------------------------
# sphinx-gallery's timings change with every build.
_GALLERY_TIMES = re.compile(
    r"^\*\*Total running time of the script:\*\*|total execution time for \d+ files? \*\*from"
)


def _has_words(text: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in text)


def _is_message(node: nodes.Node, text: str) -> bool:
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
            if not _is_message(node, text):
                node["translatable"] = False


# -- The stale-translation check -------------------------------------------------------------------
# Where a page's catalog is, and why a message is stale: tools/catalogs.py, as `nox -s translations`
# judges it. Each catalog is read once per build.
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
    for node, text in extract_messages(doctree):
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


# -- sphinx-gallery's timings, said in Chinese -----------------------------------------------------
_RUNNING_TIME = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
_TOTAL_TIME = re.compile(r"^(\S+) total execution time for (\d+) files? from (.+):$")


class GalleryTimesInChinese(SphinxTransform):
    default_priority = 21  # after Locale

    def apply(self, **kwargs) -> None:
        if self.config.language != "zh_CN":
            return
        for paragraph in self.document.findall(nodes.paragraph):
            text = paragraph.astext()
            if text.startswith("Total running time of the script:"):
                minutes, seconds = _RUNNING_TIME.search(text).groups()
                paragraph.children = [
                    nodes.strong("", "脚本总运行时间："),
                    nodes.Text(f"{minutes} 分 {seconds} 秒"),
                ]
            elif match := _TOTAL_TIME.match(text):
                total, count, scope = match.groups()
                scope = "所有教程" if scope == "all galleries" else scope
                paragraph.children = [
                    nodes.Text(f"{scope}：共 {count} 个文件，总执行时间 "),
                    nodes.strong("", total),
                    nodes.Text("："),
                ]


# -- The translated site's reference page and its links to the English pages ----------------------
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


def _reference_stub(app, docname: str, source: list[str]) -> None:
    if docname == "reference/index" and language() != SOURCE_LANGUAGE:
        source[0] = REFERENCE_STUB


def _resolve_in_english(app, env, node, contnode):
    """A reference to an English-only page (the API reference): link to the English site."""
    if language() == SOURCE_LANGUAGE:
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
    if language() == SOURCE_LANGUAGE:
        return
    up = "../" * (docname.count("/") + 1)
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.startswith(ENGLISH_SITE):
            reference["refuri"] = up + uri[len(ENGLISH_SITE) :]
            reference["classes"] = [c for c in reference["classes"] if c != "external"]


def english_inventory() -> dict:
    """intersphinx_mapping entry of a translated build: the English build's objects.inv."""
    inventory = ENGLISH_HTML / "objects.inv"
    if language() == SOURCE_LANGUAGE:
        return {}
    if not inventory.is_file():
        raise FileNotFoundError(
            f"{inventory} is missing: a translated build links its API names to the English "
            "build, so build English first (`nox -s docs` does both, in that order)"
        )
    return {"english": (ENGLISH_SITE, str(inventory))}


# The social cards' Chinese font comes from a package on the index, installed with the `docs`
# extra, never from the system: `nox -s docs` needs nothing but Python and pip. The package
# carries Noto Sans CJK as one OpenType collection; matplotlib lists each of its faces.
CJK_FONT_PACKAGE = "noto_cjk_sans_otc"
CJK_FONT_FILE = "NotoSansCJK-Regular.ttc"
CJK_FONT = "Noto Sans CJK SC"  # the collection's Simplified Chinese face


def cjk_font_path() -> Path:
    """The font file inside the docs environment, or a clear error naming the fix."""
    from importlib import resources

    try:
        path = Path(str(resources.files(CJK_FONT_PACKAGE) / CJK_FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise RuntimeError(
            f"no Chinese font for the social cards: the package {CJK_FONT_PACKAGE!r} (in the "
            "`docs` extra) is not installed in this environment. Install the extra: "
            "`python -m pip install -c constraints.txt -e '.[docs]'` (nox -s docs does)."
        )
    return path


def cjk_font() -> str:
    """Register the packaged Chinese font with matplotlib and return its family name (for the
    social cards). matplotlib's cache may also list system fonts; the cards use this one."""
    from matplotlib import font_manager

    path = str(cjk_font_path())
    manager = font_manager.fontManager
    # a system font of the same name (fonts-noto-cjk) must not win the lookup: drop it
    manager.ttflist = [e for e in manager.ttflist if e.name != CJK_FONT or e.fname == path]
    if not any(e.fname == path for e in manager.ttflist):
        manager.addfont(path)
    manager._findfont_cached.cache_clear()  # a lookup cached before the change must not stand
    return CJK_FONT


_CJK_CHAR = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u201c\u201d]"
_TOKENS = re.compile(rf"{_CJK_CHAR}|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+")
# Punctuation that may not begin a line (it stays at the end of the line before).
_NO_LINE_START = set("，。、：；！？）」』】〉》”’…")


def _width(token: str) -> float:
    """Width in half-width columns: a Chinese character 2, a space 0.6, anything else 1.2 (Latin
    letters of the cards' bold font are wider than half a Chinese character)."""
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0.6 if c.isspace() else 1.2 for c in token
    )


def _wrap_wide(text: str, columns: int) -> str:
    """Break ``text`` into lines of at most ``columns`` columns, between Chinese characters or at
    spaces, never inside a Latin word, and never before a closing punctuation mark."""
    lines, line, used = [], "", 0.0
    for token in _TOKENS.findall(text):
        width = _width(token)
        if used + width > columns and line.strip() and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0.0
            if token.isspace():
                continue
        line, used = line + token, used + width
    # no-break spaces: matplotlib, which wraps at spaces, must keep these lines as they are
    return "\n".join([*lines, line.rstrip()]).replace(" ", "\u00a0")


def wrap_chinese_social_cards() -> None:
    """sphinxext-opengraph draws a card's title and description with matplotlib, which wraps
    lines at spaces only: a Chinese sentence, which has none, ran off the card. Break them by
    width before they are drawn."""
    from sphinxext.opengraph import _social_cards

    render = _social_cards.render_social_card
    if getattr(render, "_wraps_chinese", False):
        return

    def render_wrapped(path, site_title, page_title, description, siteurl, plt_objects):
        title, text = _wrap_wide(page_title, 28), _wrap_wide(description, 78)
        return render(path, site_title, title, text, siteurl, plt_objects)

    render_wrapped._wraps_chinese = True
    _social_cards.render_social_card = render_wrapped


# -- The language switcher -------------------------------------------------------------------------
def page_url(pagename: str, source: str, target: str) -> str:
    """The URL of page ``pagename`` of language ``target``, relative to it in ``source``."""
    depth = pagename.count("/") + (1 if LANGUAGES[source][1] else 0)
    if target != SOURCE_LANGUAGE and english_only(pagename):
        pagename = "reference/index"  # it says where the English reference is
    return "../" * depth + LANGUAGES[target][1] + pagename + ".html"


def site_root(app) -> str:
    """The published address of the English site (the root of every language's), from
    ``html_baseurl`` (which a translated build sets to its own folder); "" when unknown."""
    base = app.config.html_baseurl.rstrip("/")
    if not base:
        return ""
    prefix = LANGUAGES[app.config.language][1].rstrip("/")
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
        code.replace("_", "-"): (
            root + prefix + pagename + ".html" if root else page_url(pagename, current, code)
        )
        for code, (_label, prefix) in LANGUAGES.items()
    }
    urls["x-default"] = urls[SOURCE_LANGUAGE.replace("_", "-")]
    return "".join(
        f'\n<link rel="alternate" hreflang="{hreflang}" href="{url}" />'
        for hreflang, url in urls.items()
    )


def _switcher_context(app, pagename, templatename, context, doctree) -> None:
    current = app.config.language
    languages = []
    for code, (label, _prefix) in LANGUAGES.items():
        url = page_url(pagename, current, code)
        languages.append({"code": code, "label": label, "url": url, "current": code == current})
    context["dlnotes_languages"] = languages
    context["metatags"] = context.get("metatags", "") + alternates(app, pagename)


# -- The theme's words -----------------------------------------------------------------------------
def _theme_words_from_the_site_catalog(app) -> None:
    """sphinx-book-theme translates its header buttons and search field from a catalog of its own
    ("booktheme"), which for zh_CN leaves "Repository", "Show source", "Suggest edit", "Source
    repositories" and "Search" in English and writes "Print to PDF" in Traditional Chinese. Put
    this site's catalog (docs/locales/<language>/LC_MESSAGES/sphinx.po, where
    _templates/dlnotes-ui-strings.html lists those words) in front of the theme's: a word the site
    translates is the site's, any other the theme's."""
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


# -- Chinese search ---------------------------------------------------------------------------------
_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
# Where a heading or an emphasised phrase is cut into terms for the dictionary: punctuation,
# Latin text, and the characters that join words in a list or a phrase (A 的 B, A 与 B).
_BETWEEN_TERMS = re.compile(r"[^\u3400-\u9fff]+|[的与和及或]")
_LONGEST_TERM = 6  # characters: a longer piece of a heading is a phrase, not a term


def search_dictionary_path(name: str) -> Path:
    return site_layout.SEARCH / f"{name}-terms.txt"


def glossary_terms(name: str) -> list[str]:
    """Every Chinese term of docs/locales/<name>/glossary.md."""
    glossary = LOCALES / name / "glossary.md"
    rows = [line.split("|") for line in glossary.read_text(encoding="utf-8").splitlines()]
    return sorted({w for row in rows if len(row) > 3 for w in _CJK_WORD.findall(row[2])})


def search_dictionary(name: str, page_terms: set[str] = frozenset()) -> Path:
    """A jieba dictionary for the search index of site ``name``: the glossary's terms, and the
    terms of the pages' headings and emphasised phrases (``page_terms``, written when the pages
    have been read: _write_search_dictionary).

    jieba's own dictionary splits 学习率 or 损失函数 into pieces, and 条件数 or 数据并行 too, so a
    search for the term would find nothing. The glossary's terms have a high weight (they are
    kept whole wherever they occur); the pages' terms get the weight jieba computes to keep each
    whole. The index also gets the shorter dictionary words inside every long word
    (``chinese_search``), so a term never hides the terms inside it.
    """
    glossary = glossary_terms(name)
    others = sorted(page_terms - set(glossary))
    text = "".join(f"{term} 100000 n\n" for term in glossary) + "".join(f"{t}\n" for t in others)
    path = search_dictionary_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def terms_of(text: str) -> set[str]:
    """The pieces of a heading or an emphasised phrase that may be terms (2 to 6 Chinese
    characters between punctuation, Latin text and joining characters)."""
    return {t for t in _BETWEEN_TERMS.split(text) if 2 <= len(t) <= _LONGEST_TERM}


def _page_search_terms(env) -> dict[str, set[str]]:
    if not hasattr(env, "dlnotes_search_terms"):
        env.dlnotes_search_terms = {}
    return env.dlnotes_search_terms


def _collect_search_terms(app, doctree) -> None:
    """The terms of this page's headings and emphasised phrases, as translated."""
    if app.config.language == SOURCE_LANGUAGE or app.config.html_search_language != "zh":
        return
    kinds = (nodes.title, nodes.emphasis, nodes.strong)
    found = set()
    for node in doctree.findall(lambda n: isinstance(n, kinds)):
        found |= terms_of(node.astext())
    _page_search_terms(app.env)[app.env.docname] = found


def _forget_search_terms(app, env, docname: str) -> None:
    _page_search_terms(env).pop(docname, None)


def _merge_search_terms(app, env, docnames, other) -> None:
    _page_search_terms(env).update(
        {d: t for d, t in _page_search_terms(other).items() if d in docnames}
    )


def _write_search_dictionary(app, env) -> None:
    """After reading, before the search index is built (the indexer loads the dictionary)."""
    if app.config.language == SOURCE_LANGUAGE or app.config.html_search_language != "zh":
        return
    terms = set().union(*_page_search_terms(env).values())
    search_dictionary(app.config.language, terms)


def _chinese_search_script(app, pagename, templatename, context, doctree) -> None:
    """The search page of the Chinese site splits a query into the index's terms
    (_static/dlnotes-search-zh.js, loaded before Sphinx's searchtools.js, which then uses its
    splitQuery)."""
    if pagename == "search" and app.config.html_search_language == "zh":
        app.add_js_file("dlnotes-search-zh.js")


def chinese_search():
    """Sphinx's Chinese search, indexing the dictionary words inside long words, with the name of
    its JavaScript stemmer fixed where needed.

    jieba's search mode indexes a word and the two- and three-character dictionary words inside
    it, not longer ones: where it keeps 批量梯度下降 whole, a search for 梯度下降 missed the page.
    Every dictionary word inside a word is indexed here.

    Sphinx 9.0 writes ``window.Stemmer = ChineseStemmer`` into language_data.js, but the
    stemmer it ships for Chinese pages (for their Latin words) is the English one: the page's
    search stops with "ChineseStemmer is not defined" (sphinx-doc/sphinx#14229, fixed upstream
    after 9.0.4 by naming the class after the stemmer's file).
    """
    from sphinx.search.zh import SearchChinese

    stemmer = SearchChinese.js_stemmer_rawcode.removesuffix("-stemmer.js")
    misnamed = stemmer != SearchChinese.language_name.lower()

    class SearchChineseWithTheWordsInside(SearchChinese):
        if misnamed:
            language_name = stemmer.capitalize()

        def split(self, input: str) -> list[str]:
            words = super().split(input)
            return words + [inner for word in words for inner in words_inside(word)]

    return SearchChineseWithTheWordsInside


def words_inside(word: str) -> list[str]:
    """The dictionary words of four characters or more inside ``word`` (jieba's search mode
    gives those of two and three)."""
    if len(word) <= 4:
        return []
    import jieba

    frequency = jieba.dt.FREQ
    return [
        word[i:j]
        for i in range(len(word))
        for j in range(i + 4, len(word) + (i > 0))
        if frequency.get(word[i:j])
    ]


def _extract_the_english(app) -> None:
    """The gettext builder writes the catalogs from the English text, whichever site it is
    extracting for (Sphinx would otherwise translate the pages before extracting them)."""
    if not app.builder.use_message_catalog:
        app.config.language = SOURCE_LANGUAGE


def setup(app):
    if language() == "zh_CN":
        wrap_chinese_social_cards()
    app.add_search_language(chinese_search())
    app.connect("builder-inited", _extract_the_english)
    app.connect("builder-inited", _theme_words_from_the_site_catalog)
    app.add_transform(KeepOutOfCatalogs)
    app.add_transform(GalleryTimesInChinese)
    app.connect("source-read", _reference_stub)
    app.connect("doctree-read", check_translations)
    app.connect("env-purge-doc", _forget_page)
    app.connect("env-get-outdated", _read_stale_pages_again)
    app.connect("missing-reference", _resolve_in_english, priority=400)
    app.connect("doctree-resolved", _english_links_relative)
    app.connect("html-page-context", _switcher_context)
    app.connect("doctree-read", _collect_search_terms)
    app.connect("env-purge-doc", _forget_search_terms)
    app.connect("env-merge-info", _merge_search_terms)
    app.connect("env-updated", _write_search_dictionary)
    app.connect("html-page-context", _chinese_search_script)
    # 1: the pages' search terms are kept in the environment (an older one has none: read again)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
