"""Where the site's pieces are, and which is which: one definition of each, for everything else.

- the repository's folders: the root, ``docs/`` (the Sphinx source), its extensions, ``tools/``,
  the catalogs of the translations, the gallery of tutorial scripts and its parts;
- what a build writes: the built site (``docs/_build/html``), its other folders under
  ``docs/_build``, and the files it generates into the sources;
- a gallery script and its page (``gallery/03_training/plot_16_x.py`` is the page
  ``tutorials/03_training/plot_16_x``), and which pages are tutorials;
- the languages the site is built in (English at the root, each translation in its folder);
- which HTML files of a built site are pages.

Read by docs/conf.py (the gallery's folders in ``sphinx_gallery_conf``), the extensions in
docs/_ext, the tools, noxfile.py and the tests (pytest finds ``tools/`` on its path). It imports
nothing outside the standard library: the noxfile reads it before any environment exists, and
Read the Docs before Sphinx runs (``tools/build_site.py``).

>>> docname_of(GALLERY / "03_training" / "plot_16_training_loop.py")
'tutorials/03_training/plot_16_training_loop'
>>> is_tutorial("tutorials/03_training/plot_16_training_loop"), is_tutorial("tutorials/index")
(True, False)
>>> page_of("tutorials/index", "zh_CN")
'zh_CN/tutorials/index.html'
>>> split_language("zh_CN/howto/index.html")
('zh_CN', 'howto/index.html')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# -- The repository ----------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"  # the Sphinx source: conf.py and the Markdown pages
EXTENSIONS = DOCS / "_ext"  # this site's Sphinx extensions (and sphinx-gallery's hooks)
TOOLS = ROOT / "tools"
# The translations: a catalog per page, <language>/LC_MESSAGES/<page>.po (tools/catalogs.py).
LOCALES = DOCS / "locales"
GALLERY = ROOT / "gallery"  # the tutorials: a sphinx-gallery script per page, a folder per part
# The parts of the syllabus, in order. A folder appears on the site once it has pages and a
# GALLERY_HEADER.rst.
SYLLABUS_PARTS = [
    "00_foundations",
    "01_building_blocks",
    "02_losses_optimizers",
    "03_training",
    "04_architectures",
]
# After them, the exercises' answers: a page per tutorial, <tutorial>_solutions.py, run and
# checked like the tutorials (tools/exercises.py).
SOLUTIONS_PART = "05_solutions"
GALLERY_PARTS = [*SYLLABUS_PARTS, SOLUTIONS_PART]  # sphinx-gallery's subsection order
# Where sphinx-gallery writes the gallery's pages: docs/tutorials/ in the sources, tutorials/ on
# the site (its "gallery_dirs").
TUTORIALS = "tutorials"
BACKREFERENCES = "gen_modules/backreferences"  # sphinx-gallery's, relative to docs/

# -- What a build writes -----------------------------------------------------------------------
BUILD = DOCS / "_build"
HTML = BUILD / "html"  # the built site: English at its root, each translation in its folder
DOCTREES = BUILD / "doctrees"  # a translation's doctrees, one folder per language
GETTEXT = BUILD / "gettext"  # the messages of every page, extracted (`nox -s translations`)
JUPYTER_CACHE = BUILD / ".jupyter_cache"  # myst-nb's executed notebooks
IPYTHON = BUILD / "ipython"  # the notebook kernels' profile (the offline guard)
SITE_WHEEL = BUILD / "site-wheel"  # the wheel the site serves (docs/_ext/run_yourself.py)
SEARCH = BUILD / "search"  # a translation's search dictionary (docs/_ext/chinese_search.py)
SITE_CHECKED = BUILD / "site-checked"  # the fingerprint of the last site that passed its checks
READER_RUN = BUILD / "reader-run"  # the notebooks `nox -s notebooks` executed
SCREENSHOTS = BUILD / "screenshots"  # `nox -s browser`'s
# What a build writes into the sources (sphinx-gallery's pages and back-references, autosummary's
# pages, the computation times), and everything it writes: a forced build removes it first.
GENERATED_SOURCES = [
    DOCS / TUTORIALS,
    DOCS / BACKREFERENCES.split("/")[0],
    DOCS / "reference" / "generated",
    DOCS / "sg_execution_times.rst",
]
GENERATED = [BUILD, *GENERATED_SOURCES]


# -- Languages ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Language:
    code: str  # Sphinx's `language`, and DLNOTES_LANGUAGE for a build of it
    label: str  # its own name for itself (the language switcher)
    prefix: str  # its site's folder in the built site, with a "/" ("" for the root)
    search: str  # Sphinx's html_search_language
    # Written without spaces between words (Chinese, Japanese): its social cards need a CJK font
    # and lines broken by width, and a card has room for fewer characters.
    cjk: bool = False

    @property
    def hreflang(self) -> str:
        return self.code.replace("_", "-")


# English is the source; every other language is a translation, built after it from the same
# sources and the catalogs in docs/locales/<code>/.
LANGUAGES = {
    language.code: language
    for language in [
        Language("en", "English", "", "en"),
        Language("zh_CN", "简体中文", "zh_CN/", "zh", cjk=True),
    ]
}
SOURCE_LANGUAGE = "en"
TRANSLATIONS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


# -- Pages -------------------------------------------------------------------------------------
_TUTORIAL = re.compile(rf"{TUTORIALS}/.+/plot_[^/]+")


def gallery_scripts() -> list[Path]:
    """Every tutorial's script, in syllabus order."""
    return sorted(GALLERY.rglob("plot_*.py"))


def lesson_scripts() -> list[Path]:
    """The tutorials that teach (each ends with exercises): every script but the solutions."""
    return [s for s in gallery_scripts() if s.parent.name != SOLUTIONS_PART]


def solutions_script(script: Path) -> Path:
    """The solutions page of a tutorial's exercises: ``gallery/<part>/plot_01_x.py`` ->
    ``gallery/05_solutions/plot_01_x_solutions.py``."""
    return GALLERY / SOLUTIONS_PART / f"{script.stem}_solutions.py"


def is_solutions(docname: str) -> bool:
    """A page of answers (``tutorials/05_solutions/plot_*``), not a lesson."""
    return is_tutorial(docname) and docname.split("/")[1] == SOLUTIONS_PART


def docname_of(script: Path) -> str:
    """The page a gallery script becomes (a docname: no suffix, from docs/)."""
    return f"{TUTORIALS}/{script.relative_to(GALLERY).with_suffix('').as_posix()}"


def gallery_source(docname: str) -> Path | None:
    """The gallery file a page of tutorials/ is made from: a tutorial's script, or the
    GALLERY_HEADER.rst of a part's index (the gallery's for tutorials/index); None for pages that
    are not from the gallery, and for the computation-times page (generated)."""
    parts = docname.split("/")
    if parts[0] != TUTORIALS or parts[-1] == "sg_execution_times":
        return None
    if parts[-1] == "index":
        return GALLERY.joinpath(*parts[1:-1], "GALLERY_HEADER.rst")
    return GALLERY.joinpath(*parts[1:-1], parts[-1] + ".py")


def in_gallery(docname: str) -> bool:
    """A page sphinx-gallery writes: a tutorial, a part's index, a computation-times table."""
    return docname.startswith(TUTORIALS + "/")


def is_tutorial(docname: str) -> bool:
    """A tutorial: the page of one gallery script (``tutorials/<part>/plot_*``)."""
    return bool(_TUTORIAL.fullmatch(docname))


def page_of(docname: str, language: str = SOURCE_LANGUAGE) -> str:
    """The built page of a document in a language, from the root of the built site."""
    return f"{LANGUAGES[language].prefix}{docname}.html"


def split_language(page: str) -> tuple[str, str]:
    """A page's language and its path in that language's site: ``zh_CN/a/b.html`` ->
    ``("zh_CN", "a/b.html")``; English pages have no prefix."""
    for language in LANGUAGES.values():
        if language.prefix and page.startswith(language.prefix):
            return language.code, page.removeprefix(language.prefix)
    return SOURCE_LANGUAGE, page


def markdown_sources() -> list[Path]:
    """The Markdown files of docs/ (pages, notebooks, the translations' glossaries), not the
    build's."""
    return sorted(p for p in DOCS.rglob("*.md") if BUILD.name not in p.relative_to(DOCS).parts)


def notebook_sources() -> list[Path]:
    """The pages of docs/ written as MyST notebooks (a ``kernelspec`` in their front matter),
    which myst-nb executes."""
    found = []
    for path in markdown_sources():
        text = path.read_text(encoding="utf-8")
        if text.startswith("---") and "kernelspec:" in text.split("---", 2)[1]:
            found.append(path)
    return found


# Folders of a built site (of each language's) that hold no pages: the theme's files (its Jinja
# macros in _static/ end in .html but are never served), the sources, images and downloads.
NOT_PAGES = frozenset({"_static", "_sources", "_images", "_downloads", "_sphinx_design_static"})
# The highlighted source code of the library (sphinx.ext.viewcode): pages, but no document's.
SOURCE_CODE = "_modules"
# Pages Sphinx writes that are not documents: no source, no metadata, no sitemap entry.
NOT_DOCUMENTS = frozenset({"genindex.html", "search.html", "py-modindex.html", "404.html"})


def built_pages(
    language: str | None = None, html: Path = HTML, *, source_code: bool = True
) -> list[str]:
    """The pages of a built site (paths from its root, e.g. ``zh_CN/index.html``), of one
    language, or of every language (None); ``source_code=False`` leaves out ``_modules/``. In the
    order of their paths' parts (a folder's pages together, as ``sorted`` orders Paths)."""
    skip = NOT_PAGES if source_code else NOT_PAGES | {SOURCE_CODE}
    pages = []
    for path in html.rglob("*.html"):
        page = path.relative_to(html).as_posix()
        code, inside = split_language(page)
        if (language is None or code == language) and inside.split("/")[0] not in skip:
            pages.append(page)
    return sorted(pages, key=lambda page: page.split("/"))


def built_tutorials(language: str = SOURCE_LANGUAGE, html: Path = HTML) -> list[str]:
    """The tutorial pages of a language's built site (paths from the root of the whole site)."""
    return [
        page
        for page in built_pages(language, html)
        if is_tutorial(split_language(page)[1].removesuffix(".html"))
    ]
