"""The site's furniture in the built HTML: the home page, the 404 page, the sitemap, OpenGraph
metadata, "edit this page" links and last-updated dates (docs/_ext/page_source.py).

Run by `nox -s docs` / `nox -s site` after a build.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import built_site
import pytest
import site_layout
from built_site import tree
from catalogs import catalog_path
from site_layout import HTML, LANGUAGES, NOT_DOCUMENTS, ROOT, TRANSLATIONS

import dlnotes

sys.path.insert(0, str(site_layout.EXTENSIONS))
import publish_notebooks
import run_yourself

URLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
BASE = URLS["Documentation"]
REPOSITORY = URLS["Source"]
SYLLABUS_PARTS = site_layout.SYLLABUS_PARTS

pytestmark = [pytest.mark.site, pytest.mark.usefixtures("html")]

# The English site at the root, each translation under its language's folder.
SITES = [language.prefix for language in LANGUAGES.values()]


def _language(site: str) -> str:
    return next(code for code, language in LANGUAGES.items() if language.prefix == site)


def pages(site: str = "") -> list[str]:
    """The pages of one site (paths from the root of the whole site, e.g. zh_CN/index.html)."""
    return site_layout.built_pages(_language(site), source_code=False)


def documents(site: str = "") -> list[str]:
    return built_site.documents(_language(site))


def test_every_translation_was_built():
    built = sorted(p.parent.name for p in HTML.glob("*/searchindex.js"))
    assert built == sorted(LANGUAGES[code].prefix.rstrip("/") for code in TRANSLATIONS), built


def meta(page: str, prop: str) -> str | None:
    found = tree(page).xpath(f"//meta[@property='{prop}']/@content")
    return str(found[0]) if found else None


def test_the_home_page_shows_the_five_parts_with_their_thumbnails():
    doc = tree("index.html")
    cards = doc.xpath("//div[contains(@class, 'dlnotes-part-card')]")
    assert len(cards) == len(SYLLABUS_PARTS) == 5
    for card, part in zip(cards, SYLLABUS_PARTS, strict=True):
        (link,) = card.xpath(".//a[contains(@class, 'sd-stretched-link')]/@href")
        index = site_layout.page_of(f"{site_layout.TUTORIALS}/{part}/index")
        assert link.split("#")[0] == index, (part, link)
        (img,) = card.xpath(".//img")
        assert img.get("alt"), f"{part}: the card's thumbnail has no alt text"
        src = HTML / img.get("src")
        thumbs = site_layout.DOCS / site_layout.TUTORIALS / part / "images" / "thumb"
        thumbs = list(thumbs.glob("*.png"))
        assert src.is_file() and thumbs
        # the card shows one of this part's own gallery thumbnails, byte for byte
        assert any(src.read_bytes() == t.read_bytes() for t in thumbs), (part, src)


def test_the_home_page_says_where_to_start_and_how_to_run_a_page():
    doc = tree("index.html")
    (start,) = doc.xpath("//div[contains(@class, 'dlnotes-start')]")
    targets = start.xpath(".//a/@href")
    assert "tutorials/00_foundations/plot_01_gradient_descent.html" in targets
    text = doc.text_content()
    line = f'pip install "{run_yourself.install_requirement()}"'
    tutorial = tree("tutorials/00_foundations/plot_01_gradient_descent.html").text_content()
    assert line in text and line in tutorial, "the home page's install line is the pages'"


def tutorial_pages(site: str = "") -> list[str]:
    return site_layout.built_tutorials(_language(site))


def test_the_site_serves_the_wheel_its_install_line_pins():
    requirement = run_yourself.install_requirement()
    url, _, digest = requirement.partition(" @ ")[2].partition("#sha256=")
    served = HTML / url.removeprefix(BASE.rstrip("/") + "/")
    assert served.is_file(), f"{url} is not in the built site"
    assert hashlib.sha256(served.read_bytes()).hexdigest() == digest
    assert list(served.parent.iterdir()) == [served], "one wheel: the one the line names"


@pytest.mark.parametrize("site", SITES)
def test_every_tutorial_shows_the_install_line_and_opens_in_colab(site):
    """The box under the title: the line; a Colab link to the page's notebook on the branch the
    Pages workflow publishes (tools/publish_notebooks.py), which is the page's own download."""
    line = f'pip install "{run_yourself.install_requirement()}"'
    published = publish_notebooks.tutorial_notebooks(HTML)
    tutorials = tutorial_pages(site)
    assert len(tutorials) == len(published) > 20
    for page in tutorials:
        docname = page.removeprefix(site).removesuffix(".html")
        (box,) = tree(page).xpath("//div[contains(@class, 'dlnotes-run-yourself')]")
        assert line in box.text_content(), page
        assert box.xpath(".//a/@href") == [run_yourself.colab_url(docname)], page
        notebook = json.loads(published[docname].read_text())
        assert line in "".join(notebook["cells"][0]["source"]), docname


@pytest.mark.parametrize("site", SITES)
def test_every_page_offers_to_report_a_problem_with_itself(site):
    """The footer's link opens the issue form with this page's address and the site's version."""
    for page in documents(site):
        (link,) = tree(page).xpath("//a[contains(@class, 'dlnotes-report-link')]/@href")
        address, _, query = link.partition("?")
        assert address == f"{REPOSITORY}/issues/new", page
        fields = parse_qs(query)
        assert fields["template"] == ["page-problem.yml"], page
        assert fields["page"] == [BASE.rstrip("/") + "/" + page], page
        assert fields["version"] == [dlnotes.__version__], page
        assert fields["title"][0].startswith("Page: "), page


def test_one_search_box_per_page():
    """The header's search field (its desktop and mobile slots) and, for narrow screens where the
    theme hides that field, the article header's button (front.css hides it on wide screens);
    none in the sidebar. The browser test checks that exactly one shows at each width."""
    for page in ["index.html", "tutorials/03_training/plot_16_training_loop.html"]:
        doc = tree(page)
        button = "[contains(concat(' ', normalize-space(@class), ' '), ' search-button__button ')]"
        header = doc.xpath(f"//header[contains(@class, 'bd-header')]//*{button}")
        article = doc.xpath(f"//*[contains(@class, 'article-header-buttons')]//*{button}")
        sidebar = doc.xpath(f"//*[contains(@class, 'bd-sidebar-primary')]//*{button}")
        assert (len(header), len(article), len(sidebar)) == (2, 1, 0), page


@pytest.mark.parametrize("site", SITES)
def test_the_404_page_exists_and_loads_its_assets_from_the_site_root(site):
    doc = tree(site + "404.html")
    title = doc.findtext(".//title").lower()
    assert ("未找到" if site else "not found") in title, title
    assets = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src")
    assert assets
    prefix = urlsplit(BASE + site).path or "/"
    for url in assets:
        path = urlsplit(str(url)).path
        assert path.startswith(prefix), f"{site}404.html: {url} is relative; breaks at /a/missing"
        assert (HTML / site / path.removeprefix(prefix)).is_file(), f"{site}404.html: {url} missing"


@pytest.mark.parametrize("site", SITES)
def test_the_sitemap_lists_every_page(site):
    root = ET.parse(HTML / site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    expected = {BASE + page for page in documents(site)}
    assert listed == expected, (
        f"missing: {sorted(expected - listed)[:10]}; extra: {sorted(listed - expected)[:10]}"
    )


@pytest.mark.parametrize("site", SITES)
def test_every_page_has_opengraph_metadata_with_a_local_card(site):
    for page in documents(site):
        assert meta(page, "og:url") == BASE + page, page
        assert meta(page, "og:title") and meta(page, "og:site_name") == "dlnotes", page
        # API pages open with a signature, not a paragraph: sphinxext-opengraph finds no text
        if not page.startswith("reference/generated/"):
            assert meta(page, "og:description"), f"{page}: no og:description"
        image = meta(page, "og:image")
        assert image and image.startswith(BASE), page
        assert (HTML / image.removeprefix(BASE)).is_file(), f"{page}: card {image} not built"


def _git_files() -> set[str] | None:
    if not shutil.which("git"):
        return None
    done = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    return set(done.stdout.split()) if done.returncode == 0 else None


def edit_target(page: str) -> str | None:
    links = tree(page).xpath("//a[contains(@class, 'dlnotes-edit-link')]/@href")
    if not links:
        return None
    prefix = f"{REPOSITORY}/edit/main/"
    assert links[0].startswith(prefix), (page, links[0])
    return str(links[0]).removeprefix(prefix)


@pytest.mark.parametrize("site", SITES)
def test_edit_links_point_at_the_file_a_contributor_edits(site):
    """English pages: the gallery script, Markdown page or module. Translated pages: the page's
    catalog, where a translator edits its text."""
    tracked = _git_files()
    seen = 0
    for page in documents(site):
        target = edit_target(page)
        if page.endswith("sg_execution_times.html"):
            assert target is None, f"{page} is generated: no edit link"
            continue
        assert target, f"{page}: no edit link"
        seen += 1
        assert (ROOT / target).is_file(), f"{page}: edit link to {target}, not in the repository"
        if tracked is not None:
            assert target in tracked, f"{page}: {target} is not tracked by git"
        docname = page.removeprefix(site).removesuffix(".html")
        if site:
            catalog = catalog_path(docname, _language(site)).relative_to(ROOT).as_posix()
            assert target == catalog, (page, target)
        elif site_layout.is_tutorial(docname):
            script = site_layout.gallery_source(docname)
            assert target == script.relative_to(ROOT).as_posix(), (page, target)
        if page.startswith("reference/generated/"):
            assert target.startswith("dlnotes/") and target.endswith(".py"), (page, target)
        header = tree(page).xpath("//a[contains(@class, 'btn-source-edit-button')]/@href")
        assert header == [f"{REPOSITORY}/edit/main/{target}"], (page, header)
    assert seen > (50 if not site else 40)


@pytest.mark.parametrize("site", SITES)
def test_every_page_links_the_source_repository(site):
    for page in documents(site):
        links = tree(page).xpath("//a[contains(@class, 'dlnotes-repository-link')]/@href")
        assert links == [REPOSITORY], page


def test_last_updated_is_the_date_of_the_sources_last_commit():
    if _git_files() is None:
        pytest.skip("not a git checkout: pages carry no date, which is what the build promises")
    for page in ["index.html", "tutorials/00_foundations/plot_01_gradient_descent.html"]:
        target = edit_target(page)
        done = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--", target],
            capture_output=True,
            text=True,
            check=True,
        )
        shown = tree(page).xpath("//p[contains(@class, 'last-updated')]")
        if not done.stdout.strip():  # never committed (a fresh file): no date
            assert not shown, page
            continue
        assert shown and done.stdout.strip() in shown[0].text_content(), (page, done.stdout)
    assert not tree("sg_execution_times.html").xpath("//p[contains(@class, 'last-updated')]")


def _page_source():
    import page_source  # docs/_ext

    return page_source


def test_no_git_or_no_checkout_means_no_dates(tmp_path, monkeypatch):
    page_source = _page_source()
    assert page_source.last_commit_dates(tmp_path) == {}  # not a git checkout
    monkeypatch.setenv("PATH", str(tmp_path))  # no git executable at all
    assert page_source.last_commit_dates(ROOT) == {}


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_a_shallow_clone_dates_only_what_its_history_shows(tmp_path):
    """Files last changed before a shallow clone's oldest commit get no date, not a wrong one."""
    page_source = _page_source()
    repo = tmp_path / "repo"
    run = {"capture_output": True, "check": True, "cwd": tmp_path}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], **run)
    for name, date in [("old.md", "2020-01-02T00:00:00"), ("new.md", "2021-03-04T00:00:00")]:
        (repo / name).write_text(name)
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(tmp_path)}
        env |= {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a"}
        env |= {"GIT_COMMITTER_EMAIL": "a@b", "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", "-C", str(repo), "add", name], **run, env=env)
        subprocess.run(["git", "-C", str(repo), "commit", "-qm", name], **run, env=env)
    assert page_source.last_commit_dates(repo) == {"old.md": "2020-01-02", "new.md": "2021-03-04"}
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], **run)
    assert page_source.last_commit_dates(shallow) == {}  # its only commit is the boundary


@pytest.mark.parametrize("site", SITES)
def test_every_page_links_the_same_page_in_the_other_language(site):
    """The switcher under the logo (docs/_ext/language_switcher.py). An English-only page (the API
    reference) links to the translated site's reference page, which says where the English is."""
    other = "zh_CN/" if not site else ""
    for page in pages(site):
        links = tree(page).xpath("//nav[contains(@class, 'dlnotes-languages')]//a")
        assert len(links) == 1, f"{page}: {len(links)} language links"
        href = links[0].get("href")
        target = (HTML / page).parent / href
        assert target.resolve().is_file(), f"{page}: language link {href} leads nowhere"
        landed = target.resolve().relative_to(HTML.resolve()).as_posix()
        same = other + page.removeprefix(site)
        if not site and page.startswith(("reference/generated/", "reference/loss_atlas")):
            assert landed == "zh_CN/reference/index.html", (page, landed)
        elif page.removeprefix(site) != "py-modindex.html":
            assert landed == same, (page, landed)
        if landed == same and page.removeprefix(site) not in NOT_DOCUMENTS:
            # every language's version, this one's included, and x-default (the English one),
            # at the published addresses: what search engines want on every version
            links = tree(page).xpath("//link[@rel='alternate'][@hreflang]")
            alternates = {link.get("hreflang"): link.get("href") for link in links}
            english = BASE + page.removeprefix(site)
            assert alternates == {
                "en": english,
                "zh-CN": BASE + "zh_CN/" + page.removeprefix(site),
                "x-default": english,
            }, (page, alternates)
            own = alternates[(site.rstrip("/") or "en").replace("_", "-")]
            assert tree(page).xpath("//link[@rel='canonical']/@href") == [own], page


# The theme's words that a Chinese page showed in English (or, "列印", in Traditional Chinese),
# before the site's catalog translated them (docs/_ext/theme_words.py, docs/_templates/).
ENGLISH_INTERFACE = [
    ">Repository<",
    "Source repositories",
    "Show source",
    "Suggest edit",
    "Search...",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Print to PDF",
    "列印",
    'aria-label="Main"',
    "© Copyright",
    "Last updated on",
    "Contents",
    "Color mode",
    "Download this page",
    "Download source file",
]
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


@pytest.mark.parametrize("site", SITES[1:])
def test_a_translated_page_has_no_english_interface_words(site):
    """Everything around the article (header buttons and their tooltips, search field, sidebars,
    footer) is in the page's language; the article's own words are the catalogs' business."""
    for page in pages(site):
        around = _ARTICLE.sub("", (HTML / page).read_text(encoding="utf-8"))
        found = [words for words in ENGLISH_INTERFACE if words in around]
        assert not found, f"{page}: {found}"


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDE = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019\u201c\u201d"
# A space between two Chinese characters, or next to full-width punctuation.
_SPLIT = re.compile(f"[{_HAN}{_WIDE}] (?=[{_HAN}{_WIDE}])|[{_WIDE}] (?=\\S)|\\S (?=[{_WIDE}])")
_INLINE = "em", "strong", "code", "a", "span"
_BLOCKS = "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "caption"
_INLINE_IN_TEXT = " | ".join(f".//{block}//{inline}" for block in _BLOCKS for inline in _INLINE)


def _split_at_markup(element) -> list[str]:
    """The spaces an inline element's edges show inside Chinese text: between the text before it
    and its first character, and between its last character and the text after it."""
    text = element.text_content()
    previous = element.getprevious()
    before = (previous.tail if previous is not None else element.getparent().text) or ""
    after = element.tail or ""
    found = []
    if before.endswith(" ") and text and _SPLIT.match(before[-2:-1] + " " + text[0]):
        found.append(f"{before[-8:]}[{text[:8]}")
    if after.startswith(" ") and text and _SPLIT.match(text[-1] + " " + after[1:2]):
        found.append(f"{text[-8:]}]{after[:8]}")
    return found


@pytest.mark.parametrize("site", SITES[1:])
def test_no_space_splits_chinese_text_at_inline_markup(site):
    """docs/locales/zh_CN/glossary.md: no space between two Chinese characters, or next to
    full-width punctuation, where one side is inside emphasis, code or a link (before the rule
    was fixed, the pages showed 在 训练 集上计算). `python tools/catalogs.py fix` removes them
    from the catalogs; this checks what the pages show."""
    found = []
    for page in documents(site):
        for article in tree(page).xpath("//article"):
            for element in article.xpath(_INLINE_IN_TEXT):
                if element.xpath("ancestor::pre | ancestor::code"):
                    continue  # code (a span inside it is not markup of the text)
                found += [f"{page}: {place}" for place in _split_at_markup(element)]
    assert not found, "\n".join(found)
