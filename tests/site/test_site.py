"""Checks of a built site in docs/_build/html (run by `nox -s docs` and `nox -s site`).

- every gallery script became a page that really executed, within its time budget, and shows a
  non-empty figure, and no sphinx-gallery setting (`# sphinx_gallery_...`) as a sentence;
- every code cell of a MyST-NB page (docs/**/*.md) that draws a figure shows it;
- every internal link, image and script resolves, including `#anchors`;
- no page or stylesheet loads anything from another host (the site must work offline).
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import site_layout
from bs4 import BeautifulSoup
from built_site import rel, soup, tree
from site_layout import DOCS, HTML, ROOT, built_pages, docname_of, gallery_scripts

# Gallery pages the syllabus marks *(text)*: they need not show a figure. None so far.
TEXT_ONLY_PAGES: set[str] = {
    # its answers are a count of frames, a list of alignments and a share: printed, not drawn
    "plot_14_ctc_loss_solutions",
}

# Every gallery page should run in PAGE_BUDGET_S on a 2-core CPU. A shared machine has been seen
# to double a page's time from one build to the next, so only twice the budget fails the check;
# a page over the budget itself gets a warning in the test summary.
PAGE_BUDGET_S = 20.0

pytestmark = [pytest.mark.site, pytest.mark.usefixtures("html")]


def pages() -> list[Path]:
    """Every page of every language (tools/site_layout.py), as files."""
    return [HTML / page for page in built_pages()]


@cache
def anchors(page: Path) -> frozenset[str]:
    doc = tree(page)
    return frozenset(doc.xpath("//@id") + doc.xpath("//a/@name"))


def page_of(script: Path) -> Path:
    """The built English page of a gallery script."""
    return HTML / site_layout.page_of(docname_of(script))


def test_the_site_has_the_expected_sections():
    for section in [site_layout.TUTORIALS, "explanations", "howto", "reference"]:
        assert (HTML / section / "index.html").exists(), f"section {section}/ was not built"
    assert gallery_scripts(), "no gallery scripts found"


@pytest.mark.parametrize("script", gallery_scripts(), ids=lambda p: p.stem)
def test_gallery_page_was_executed(script):
    page = page_of(script)
    assert page.exists(), f"{script.relative_to(ROOT)} has no page at {rel(page)}"
    text = soup(page).get_text(" ")
    match = re.search(
        r"Total running time of the script:\s*\((\d+) minutes? ([\d.]+) seconds?\)", text
    )
    assert match, f"{rel(page)}: no 'Total running time' line; was the gallery built?"
    seconds = 60 * int(match[1]) + float(match[2])
    assert seconds > 0, (
        f"{rel(page)} reports a run time of 0 s: it was built without executing "
        "(plot_gallery=0). Build with `nox -s docs`."
    )
    assert seconds <= 2 * PAGE_BUDGET_S, (
        f"{rel(page)} ran for {seconds:.1f} s, more than twice the {PAGE_BUDGET_S:.0f} s budget "
        "of a gallery page: shrink its data, model or number of steps (and say so on the page)."
    )
    if seconds > PAGE_BUDGET_S:
        warnings.warn(
            f"{rel(page)} ran for {seconds:.1f} s, over the {PAGE_BUDGET_S:.0f} s page budget",
            stacklevel=1,
        )


@pytest.mark.parametrize("script", gallery_scripts(), ids=lambda p: p.stem)
def test_gallery_page_shows_a_figure(script):
    if script.stem in TEXT_ONLY_PAGES:
        pytest.skip("text-only page")
    page = page_of(script)
    images = [
        img
        for img in soup(page).find_all("img")
        if any(c.startswith("sphx-glr") for c in img.get("class", []))
    ]
    assert images, f"{rel(page)} shows no figure"
    for img in images:
        path = (page.parent / unquote(img["src"])).resolve()
        assert path.is_file() and path.stat().st_size > 0, (
            f"{rel(page)}: {img['src']} is missing or empty"
        )


@pytest.mark.parametrize("script", gallery_scripts(), ids=lambda s: s.stem)
def test_gallery_page_shows_no_sphinx_gallery_setting(script):
    """A `# sphinx_gallery_...` comment is removed from code cells only (docs/conf.py): one in a
    text cell is printed on the page."""
    docname = docname_of(script)
    for page in [HTML / site_layout.page_of(docname, code) for code in site_layout.LANGUAGES]:
        if not page.exists():
            continue  # test_gallery_page_was_executed reports a missing English page
        text = soup(page).find("main").get_text(" ")
        shown = re.findall(r"sphinx_gallery_\w+[^\n]*", text)
        assert not shown, (
            f"{rel(page)} shows {shown[0]!r}: move that comment from the text into a code cell "
            f"of {script.relative_to(ROOT)}, e.g. just after the plt.show() of the figure it names"
        )


# A code cell of a MyST-NB page draws a figure when it calls one of these. Whether the figure
# reaches the page depends on the kernel's matplotlib backend: the build sets MPLBACKEND=Agg, under
# which `plt.show()` displays nothing (a page must switch to the inline backend itself).
_DRAWS = re.compile(r"\bplt\.(subplots|subplot_mosaic|figure|show)\(|\bplot_\w+\(")
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def code_cells(source: Path) -> list[tuple[set[str], str]]:
    """``(tags, code)`` of every code cell of a MyST notebook, in order."""
    cells = []
    for match in _CODE_CELL.finditer(source.read_text(encoding="utf-8")):
        body = match[1]
        tags = re.search(r"^:tags:\s*\[([^\]]*)\]", body, re.MULTILINE)
        names = {t.strip().strip("'\"") for t in tags[1].split(",")} if tags else set()
        code = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        cells.append((names, code))
    return cells


@pytest.mark.parametrize(
    "source", site_layout.notebook_sources(), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_notebook_page_shows_the_figures_its_cells_draw(source):
    """Each cell that draws shows an image in its output, on the English and the Chinese page.

    A cell tagged ``remove-cell`` is not on the page at all; every other code cell is one
    ``div.cell``, in the order of the source."""
    shown = [(tags, code) for tags, code in code_cells(source) if "remove-cell" not in tags]
    docname = source.relative_to(DOCS).with_suffix("").as_posix()
    # every translation translates every page but the API reference (English only)
    built = [HTML / site_layout.page_of(docname, code) for code in site_layout.LANGUAGES]
    built = built[:1] + [p for p in built[1:] if p.is_file()]
    for page in built:
        cells = soup(page).select("div.cell")
        assert len(cells) == len(shown), (
            f"{rel(page)} has {len(cells)} code cells, its source {len(shown)}"
        )
        for number, ((_, code), cell) in enumerate(zip(shown, cells, strict=True), 1):
            if not _DRAWS.search(code):
                continue
            images = [img for img in cell.select("div.cell_output img")]
            assert images, (
                f"{rel(page)}: code cell {number} draws a figure but shows none. Under the "
                "build's MPLBACKEND=Agg, plt.show() displays nothing: run `%matplotlib inline` "
                "in the page's first cell."
            )
            for img in images:
                src = img["src"]
                if src.startswith("data:"):
                    continue
                path = (page.parent / unquote(src)).resolve()
                assert path.is_file() and path.stat().st_size > 0, (
                    f"{rel(page)}: {src} is missing or empty"
                )


_FOLLOWED = (
    "//a/@href | //link/@href | //img/@src | //script/@src | //source/@src | //iframe/@src"
    " | //video/@src | //audio/@src | //embed/@src | //object/@data"
)


def _link_targets(page: Path) -> list[str]:
    """The same attributes as ``_targets``, read with lxml (for the scan over every page)."""
    return [str(value) for value in tree(page).xpath(_FOLLOWED)]


def _targets(doc: BeautifulSoup):
    """Every (attribute value) that the browser follows or loads from a page."""
    for tag, attr in [
        ("a", "href"),
        ("link", "href"),
        ("img", "src"),
        ("script", "src"),
        ("source", "src"),
        ("iframe", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
    ]:
        for element in doc.find_all(tag, attrs={attr: True}):
            yield element, element[attr]


def test_internal_links_and_anchors_resolve():
    broken = []
    for page in pages():
        for target in _link_targets(page):
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//") or not (parts.path or parts.fragment):
                continue  # external, or an empty href
            if parts.path.startswith("/"):  # root-absolute (the 404 page): from the site root
                dest = (HTML / unquote(parts.path).lstrip("/")).resolve()
            else:
                dest = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.exists():
                broken.append(f"{rel(page)} → {target} (no file)")
            elif parts.fragment and dest.suffix == ".html":
                if unquote(parts.fragment) not in anchors(dest):
                    broken.append(f"{rel(page)} → {target} (no #{parts.fragment} there)")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


# Elements that make the browser *load* something (as opposed to links a reader may click).
_LOADING_LINK_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "modulepreload",
    "icon",
    "manifest",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
}


def _is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), flags=re.IGNORECASE))


def test_no_page_loads_anything_from_another_host():
    remote = []
    for page in pages():
        doc = tree(page)
        for attribute in doc.xpath(_FOLLOWED):
            element, target = attribute.getparent(), str(attribute)
            if element.tag == "a":
                continue
            rels = set((element.get("rel") or "").lower().split())
            if element.tag == "link" and not (_LOADING_LINK_RELS & rels):
                continue
            if _is_remote(target):
                remote.append(f"{rel(page)}: <{element.tag}> loads {target}")
        for srcset in doc.xpath("//@srcset"):
            if any(_is_remote(c.split()[0]) for c in str(srcset).split(",") if c.strip()):
                remote.append(f"{rel(page)}: srcset {srcset}")
        for style in doc.xpath("//style"):
            text = style.text_content()
            remote += [f"{rel(page)}: inline style loads {u}" for u in _css_remote_urls(text)]
    for css in sorted(HTML.rglob("*.css")):
        remote += [
            f"{rel(css)} loads {u}" for u in _css_remote_urls(css.read_text(errors="replace"))
        ]
    assert not remote, "the site must load nothing from other hosts:\n" + "\n".join(remote[:50])


def _css_remote_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")\s]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return [u for u in urls if _is_remote(u)]


def test_math_is_rendered_by_a_local_mathjax():
    page = HTML / "explanations" / "learning_rate_ceiling.html"
    scripts = [s["src"] for s in soup(page).find_all("script", src=True)]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax, f"{rel(page)} has math but loads no MathJax"
    for src in mathjax:
        assert not _is_remote(src), f"MathJax must be served by the site, got {src}"
        path = (page.parent / urlsplit(src).path).resolve()
        assert path.is_file() and path.stat().st_size > 100_000, f"{src} is missing or truncated"


def test_api_pages_list_the_tutorials_that_use_them():
    page = HTML / "reference" / "generated" / "dlnotes.descent.gradient_descent.html"
    links = [a["href"] for a in soup(page).find_all("a", href=True)]
    assert any("plot_01_gradient_descent" in href for href in links), (
        f"{rel(page)} has no mini-gallery link to the tutorial that uses it"
    )
