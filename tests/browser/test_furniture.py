"""The site's furniture in a real browser: the 404 page, the home page's cards, one search box,
the footer's source links.

The test server (tests/browser/conftest.py) is Python's SimpleHTTPRequestHandler, which answers
a missing page with its own error page, not 404.html; a real host (Read the Docs, GitHub Pages)
serves 404.html at the missing address itself. So the 404 page is loaded directly, at the root
and through a nested missing address whose body is 404.html, and its assets must load either way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import HTML
from test_browser import open_page

pytestmark = pytest.mark.browser

NOT_FOUND = (HTML / "404.html").read_text(encoding="utf-8") if (HTML / "404.html").exists() else ""


def test_the_404_page_renders_with_its_assets(context, site_url, screenshots):
    page, visit = open_page(context, f"{site_url}/404.html")
    try:
        assert "not found" in page.title().lower()
        styled = page.evaluate(
            "() => getComputedStyle(document.querySelector('.bd-header-article, .bd-sidebar-primary')).display"
        )
        assert styled != "inline", "the theme's stylesheet did not load"
        links = page.evaluate("() => [...document.querySelectorAll('article a')].map(a => a.href)")
        assert any(urlsplit(u).path == "/tutorials/index.html" for u in links), links
        page.screenshot(path=str(screenshots / "404.png"))
    finally:
        page.close()
    assert not visit.failed, f"failed requests: {visit.failed}"
    assert not visit.console_errors, f"console errors: {visit.console_errors}"
    assert not visit.remote


def test_the_404_page_works_at_a_nested_missing_address(context, site_url):
    """What a host does for /a/b/missing.html: answer with the body of 404.html."""

    def serve_404(route):
        route.fulfill(status=404, content_type="text/html", body=NOT_FOUND)

    page = context.new_page()
    failed, errors = [], []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/deep/missing/page.html", serve_404)
    try:
        response = page.goto(f"{site_url}/deep/missing/page.html", wait_until="load")
        assert response.status == 404
        loaded = page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
        )
        css = [p for p in loaded if p.endswith(".css")]
        assert css and all(p.startswith("/_static/") for p in css), loaded
        assert page.evaluate("() => document.styleSheets.length") >= len(css)
    finally:
        page.close()
    # the theme asks for a missing favicon-less /favicon.ico at most; nothing else may fail
    assert not [u for u in failed if not u.endswith("favicon.ico")], failed
    assert not [e for e in errors if "favicon" not in e and "404" not in e], errors


def test_home_page_cards_show_their_thumbnails_and_open_the_parts(context, site_url):
    page, visit = open_page(context, f"{site_url}/index.html")
    try:
        cards = page.locator(".dlnotes-part-card")
        assert cards.count() == 5
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.dlnotes-part-card img')]
                   .map(i => [i.naturalWidth, i.getBoundingClientRect().width])"""
        )
        assert all(natural > 0 and shown > 100 for natural, shown in sizes), sizes
        cards.first.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == "/tutorials/00_foundations/index.html", page.url
    finally:
        page.close()
    assert not visit.console_errors and not visit.remote and not visit.failed


VISIBLE_SEARCH_JS = """() => [...document.querySelectorAll('.search-button__button, .bd-search input')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .length"""


@pytest.mark.parametrize("width", [1280, 390])
def test_one_search_box_at_desktop_and_phone_widths(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page, visit = open_page(
            context, f"{site_url}/tutorials/03_training/plot_16_training_loop.html"
        )
        visible = page.evaluate(VISIBLE_SEARCH_JS)
        assert visible == 1, f"{visible} search controls visible at {width} px"
        page.keyboard.press("Control+k")
        page.wait_for_selector("#pst-search-dialog input", state="visible")
    finally:
        context.close()
    assert not visit.console_errors and not visit.remote


def test_the_footer_links_the_pages_source(context, site_url):
    page, visit = open_page(context, f"{site_url}/tutorials/03_training/plot_16_training_loop.html")
    try:
        edit = page.locator("a.dlnotes-edit-link")
        assert edit.count() == 1 and edit.is_visible()
        assert edit.get_attribute("href").endswith(
            "/edit/main/gallery/03_training/plot_16_training_loop.py"
        )
        assert page.locator("a.dlnotes-repository-link").is_visible()
    finally:
        page.close()
    assert not visit.console_errors and not visit.remote
