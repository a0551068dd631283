"""Sphinx extension: Chinese search that finds the site's terms.

Sphinx segments a Chinese site's words with jieba, whose own dictionary splits 学习率 or 损失函数
into pieces, and 条件数 or 数据并行 too, so a search for the term would find nothing. This

* gives jieba a dictionary (docs/conf.py's ``html_search_options``) of the glossary's terms and
  the terms of the pages' headings and emphasised phrases, as translated;
* indexes the dictionary words inside long words too (:func:`search_language`), so a term never
  hides the terms inside it;
* on the search page, splits a query into the terms the index holds
  (``_static/dlnotes-search-zh.js``).

It acts in a build whose ``html_search_language`` is ``zh`` (tools/site_layout.py's ``search``
of the language).
"""

from __future__ import annotations

import re
from pathlib import Path

import site_layout
from docutils import nodes
from site_layout import LOCALES, SOURCE_LANGUAGE

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

    The glossary's terms have a high weight (they are kept whole wherever they occur); the pages'
    terms get the weight jieba computes to keep each whole.
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


def _chinese(app) -> bool:
    return app.config.language != SOURCE_LANGUAGE and app.config.html_search_language == "zh"


def _page_search_terms(env) -> dict[str, set[str]]:
    if not hasattr(env, "dlnotes_search_terms"):
        env.dlnotes_search_terms = {}
    return env.dlnotes_search_terms


def _collect_search_terms(app, doctree) -> None:
    """The terms of this page's headings and emphasised phrases, as translated."""
    if not _chinese(app):
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
    if not _chinese(app):
        return
    terms = set().union(*_page_search_terms(env).values())
    search_dictionary(app.config.language, terms)


def _search_script(app, pagename, templatename, context, doctree) -> None:
    """The search page of the Chinese site splits a query into the index's terms
    (_static/dlnotes-search-zh.js, loaded before Sphinx's searchtools.js, which then uses its
    splitQuery)."""
    if pagename == "search" and app.config.html_search_language == "zh":
        app.add_js_file("dlnotes-search-zh.js")


def search_language():
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


def setup(app):
    app.add_search_language(search_language())
    app.connect("doctree-read", _collect_search_terms)
    app.connect("env-purge-doc", _forget_search_terms)
    app.connect("env-merge-info", _merge_search_terms)
    app.connect("env-updated", _write_search_dictionary)
    app.connect("html-page-context", _search_script)
    # 1: the pages' search terms are kept in the environment (an older one has none: read again)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
