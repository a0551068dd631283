"""Sphinx configuration for the dlnotes site.

Strict (``-W -n``) and offline: no remote inventories, MathJax served from ``_static``.
Tutorials are sphinx-gallery scripts in ``../gallery``; explanations are MyST notebooks executed by
myst-nb; the reference is autosummary over ``dlnotes``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

# tools/: the site's layout and build settings, and the offline guard the extensions share with
# the tests; docs/_ext: this site's Sphinx extensions and sphinx-gallery's hooks (importable by
# name).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import site_layout  # every folder below, and the languages

sys.path.insert(0, str(site_layout.EXTENSIONS))

import build_site  # the language being built, the thread count, what CI means
import chinese_search
import english_reference
import offline_build  # this process and the notebook kernels refuse the network
import run_yourself
import social_cards_cjk

import dlnotes

DOCS = site_layout.DOCS
offline_build.guard_this_process_and_the_kernels(site_layout.IPYTHON)

CI = build_site.ci()

# -- Project ---------------------------------------------------------------------------------
project = "dlnotes"
author = "dlnotes developers"
copyright = "2026, dlnotes developers"
release = version = dlnotes.__version__

extensions = [
    # docs/_ext: the install line on every tutorial and notebook; no CDN links; pages that
    # depend on data files Sphinx does not track.
    "run_yourself",
    "offline_build",
    "data_dependencies",
    # docs/_ext: the computation-times tables without their unmeasured memory column.
    "gallery_times",
    # docs/_ext: each page's source file: edit/view links and the last commit's date.
    "page_source",
    # docs/_ext: "Report a problem with this page": a prefilled issue form, in every footer.
    "report_problem",
    "site_map",  # sitemap.xml of every page
    # docs/_ext: accessible names for the theme's sidebar toggles and the animation player.
    "accessible_html",
    # docs/_ext: the translated sites, from one English source and a gettext catalog per page:
    # what a message is; a message left untranslated fails the build; the API reference stays
    # English; the language switcher and hreflang links; the theme's words; sphinx-gallery's
    # timings in Chinese; Chinese search; social cards drawn in a CJK font.
    "catalog_messages",
    "stale_translations",
    "english_reference",
    "language_switcher",
    "theme_words",
    "timings_in_chinese",
    "chinese_search",
    "social_cards_cjk",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "sphinx_copybutton",
    "sphinx.ext.intersphinx",
    "sphinx_design",
    "notfound.extension",
    "sphinxext.opengraph",
]

exclude_patterns = [
    site_layout.BUILD.relative_to(DOCS).as_posix(),
    site_layout.LOCALES.relative_to(DOCS).as_posix(),
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook next to every generated page; they are downloads, not
    # pages, and myst-nb must not try to render them.
    f"{site_layout.TUTORIALS}/**/*.ipynb",
    f"{site_layout.TUTORIALS}/*.ipynb",
    f"{site_layout.TUTORIALS}/**/*.md5",
]
exclude_patterns += english_reference.exclude_patterns(build_site.language())
templates_path = ["_templates"]

# -- Languages ---------------------------------------------------------------------------------
# English is the source; DLNOTES_LANGUAGE=zh_CN builds the Chinese site from the catalogs in
# docs/locales/zh_CN/LC_MESSAGES (one .po per page; `nox -s translations` updates them after an
# English edit, and the build warns about every message left untranslated or fuzzy).
language = build_site.language()
LANGUAGE = site_layout.LANGUAGES[language]
TRANSLATED = language != site_layout.SOURCE_LANGUAGE
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page
gettext_location = False  # no line numbers: a catalog changes only when its messages do
gettext_additional_targets = ["raw"]  # gallery thumbnails' titles (docs/_ext/catalog_messages.py)
# Chinese search: Sphinx segments the words with jieba, which keeps the glossary's terms whole.
html_search_language = LANGUAGE.search
if LANGUAGE.search == "zh":
    html_search_options = {"dict": str(chinese_search.search_dictionary(language))}
nitpicky = True
# Names from libraries we do not link to: no inventory can be fetched offline, and nitpicky mode
# would otherwise flag every `numpy.ndarray` in a signature.
nitpick_ignore_regex = [
    ("py:.*", r"(numpy|np|torch|matplotlib|sklearn|collections\.abc|typing|pathlib)(\..*)?"),
    ("py:class", r"dlnotes(\.\w+)*\._\w+"),  # private base classes shown by show-inheritance
    (
        "py:class",
        r"(optional|array of shape.*|dict of .*|float|int|str|bool|tuple|callable|sequence|iterable|types?)",
    ),
    ("py:class", r"\(float, float\)"),
]


# -- Math, offline ---------------------------------------------------------------------------
# MathJax 3 (SVG output, every TeX extension in one file, so it never lazy-loads from anywhere)
# comes from the django-static-mathjax wheel and is copied into _static at build time.
def _vendor_mathjax() -> str:
    import mathjax  # the django-static-mathjax package

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg-full.js"
    target = DOCS / "_static" / "mathjax" / source.name
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return f"mathjax/{source.name}"


mathjax_path = _vendor_mathjax()
mathjax3_config = {"svg": {"fontCache": "global"}}

# -- API reference ---------------------------------------------------------------------------
autosummary_generate = not TRANSLATED  # the API reference is English only
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_inherit_docstrings = False  # no torch.nn.Module boilerplate on every forward()
autodoc_typehints = "none"  # types are in the numpy-style docstrings, not repeated in signatures
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # "Attributes" as fields, so dataclass members are not documented twice
add_module_names = False

# -- Tutorials (sphinx-gallery) ----------------------------------------------------------------
# The gallery's folder, its parts in syllabus order and its output folder: tools/site_layout.py
# (relative to this folder, as sphinx-gallery writes them into the pages).
GALLERY = Path(os.path.relpath(site_layout.GALLERY, DOCS)).as_posix()

sphinx_gallery_conf = {
    "examples_dirs": GALLERY,
    "gallery_dirs": site_layout.TUTORIALS,
    # DLNOTES_GALLERY_PATTERN="plot_07" executes only the matching pages (for editing one page;
    # the others are rendered without output).
    "filename_pattern": os.environ.get("DLNOTES_GALLERY_PATTERN", r"/plot_"),
    "subsection_order": [f"{GALLERY}/{part}" for part in site_layout.GALLERY_PARTS],
    "within_subsection_order": "FileNameSortKey",  # plot_01_…, plot_02_…: syllabus order
    # Before every example: matplotlib defaults, then seeds and a fixed thread count.
    "reset_modules": ("matplotlib", "sg_hooks.reset_state"),
    "doc_module": ("dlnotes",),
    "backreferences_dir": site_layout.BACKREFERENCES,
    "junit": "" if TRANSLATED else "../sphinx-gallery-junit.xml",  # relative to the HTML folder
    "download_all_examples": True,
    # Settings in a script (`# sphinx_gallery_thumbnail_number = 2`) are removed from code
    # cells only: in a text cell sphinx-gallery has already stripped the `#`, and the setting
    # would be printed as a sentence. Put them in a code cell (tests/site/test_site.py checks).
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    # CI re-runs every example; locally unchanged examples are skipped (md5 cache).
    "run_stale_examples": CI and not TRANSLATED,
    "matplotlib_animations": (True, "jshtml"),  # self-contained JavaScript player, no video files
    "image_srcset": [],
    # Every downloaded notebook starts by installing the very wheel this site serves, with the
    # tutorials' extras (docs/_ext/run_yourself.py); `nox -s notebooks` runs each notebook's own
    # first cell in a clean environment.
    "first_notebook_cell": run_yourself.first_notebook_cell(),
    # Examples run one after another. Running two at once (sphinx-gallery's joblib workers) was
    # tried in benchmarks/bench_docs_build.py: a tutorial's DataLoader cannot start its own
    # worker processes inside them, so the build fails. Override to re-measure.
    "parallel": int(os.environ.get("DLNOTES_GALLERY_PARALLEL", "1")),
}

# -- Explanations (myst-nb) --------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
# {{ install_line }}: the home page's install line, the same as every tutorial's (a code block of
# its own: copyable, and not part of a translated message).
myst_substitutions = {
    "install_line": f'```bash\npip install "{run_yourself.install_requirement()}"\n```'
}
# Execute a notebook only when its code changed (jupyter-cache): a cold build (CI, or
# `nox -s docs -- --force`) starts with no cache, and the translated build reuses the English
# build's outputs.
nb_execution_mode = "cache"
nb_execution_cache_path = str(site_layout.JUPYTER_CACHE)
nb_execution_raise_on_error = True  # a failing cell fails the build
nb_execution_timeout = 120
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs may use roles and $math$, like the page

# -- HTML --------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "dlnotes"
html_static_path = ["_static"]
html_css_files = ["dlnotes.css", "front.css"]
html_last_updated_fmt = None
# One canonical address for the published site (from pyproject.toml's [project.urls]), so that
# copies published elsewhere point search engines at it. On Read the Docs, the address of the
# version being built (it serves each under /<language>/<version>/), which the 404 page's asset
# URLs start from.
html_baseurl = run_yourself.site_url()
# The English site serves the wheel its install line names; the translated one, inside it, links
# to the same file.
run_yourself_serve_wheel = not TRANSLATED
if html_baseurl and TRANSLATED:  # the translated site is under its folder of the English one
    html_baseurl = html_baseurl.rstrip("/") + "/" + LANGUAGE.prefix
# The repository (pyproject.toml's [project.urls] "Source") and its branch: the one place the
# header's repository link, every page's "edit this page" / "view source" links and their
# last-updated dates (docs/_ext/page_source.py) come from.
page_source_repository = run_yourself.project_url("Source") or ""
page_source_branch = "main"
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "show_navbar_depth": 1,
    "repository_url": page_source_repository,
    "repository_branch": page_source_branch,
    "use_repository_button": bool(page_source_repository),
    "use_edit_page_button": bool(page_source_repository),
    "use_source_button": bool(page_source_repository),
    # The page footer: who, the page's source links (page_source) and the date of its last commit.
    "footer_content_items": [
        "author.html",
        "copyright.html",
        "page-source-links.html",
        "last-updated.html",
    ],
}
# One search box: the header's search field (Ctrl+K opens it too), not repeated at the top of
# the sidebar. Below 992 px the theme hides the header's field and the article header's search
# button stands in for it; docs/_static/front.css hides that button on wider screens.
html_sidebars = {
    "**": ["navbar-logo.html", "language-switcher.html", "icon-links.html", "sbt-sidebar-nav.html"]
}
# Without a default the theme logs "Got invalid theme mode" on a visitor's first page.
html_context = {"default_mode": "auto"}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# -- Site furniture ----------------------------------------------------------------------------
# sphinx-notfound-page renders docs/404.md with root-absolute asset URLs: the path of the
# published site's address (html_baseurl), so the page works at any depth of a missing URL.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
# docs/_ext/site_map.py: every document at html_baseurl, but not the 404 page.
site_map_excludes = ["404.html"]
# sphinxext-opengraph: og:/twitter: tags from the page's title and first paragraph; the social
# card images are drawn locally with matplotlib (its bundled font; nothing is downloaded).
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_social_cards = {"enable": True}
if LANGUAGE.cjk:  # the cards' bundled font has no Chinese: Noto Sans CJK, from PyPI
    ogp_social_cards["font"] = social_cards_cjk.cjk_font()
    # 200 characters of Chinese (the default) say as much as about 500 of English: a card and a
    # link preview have room for about 100
    ogp_description_length = 100

# -- Links from code to PyTorch, NumPy and matplotlib ------------------------------------------
# sphinx-gallery links names in code cells through intersphinx. The build is offline, so the
# inventories are files in the repository (docs/inventories/, built by
# docs/inventories/build_inventories.py from the projects' own documentation sources), each
# listing only the names this site's code uses.
INVENTORIES = DOCS / "inventories"
intersphinx_mapping = {
    name: (url, str(INVENTORIES / f"{name}.inv"))
    for name, url in {
        "torch": "https://docs.pytorch.org/docs/stable/",
        "numpy": "https://numpy.org/doc/stable/",
        "matplotlib": "https://matplotlib.org/stable/",
    }.items()
    if (INVENTORIES / f"{name}.inv").is_file()
}
# A translated build links the API names to the English pages (the English build's objects.inv).
intersphinx_mapping |= english_reference.english_inventory()
intersphinx_disabled_reftypes = ["*"]  # code cells only: no implicit links from the prose
