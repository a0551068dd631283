"""The built site in a real browser: every page loads cleanly, offline, with its images and math.

Run with ``nox -s browser`` after ``nox -s docs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import PAGES
from site_layout import gallery_scripts

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# After "load", force lazy images to load and wait for them; then report, for each image that
# matches the selector, its source, its decoded width and its width on screen.
IMAGES_JS = """async (selector) => {
  const imgs = [...document.querySelectorAll(selector)].filter(i => i.getAttribute('src'));
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  return imgs.map(i => [i.getAttribute('src').slice(0, 80), i.naturalWidth,
                        i.getBoundingClientRect().width]);
}"""

MATH_JS = """async () => {
  const math = document.querySelectorAll('.math, span.math, div.math');
  if (!math.length) return {math: 0};
  if (!window.MathJax || !MathJax.startup) return {math: math.length, mathjax: false};
  await MathJax.startup.promise;
  return {math: math.length, mathjax: true,
          rendered: document.querySelectorAll('mjx-container').length,
          errors: document.querySelectorAll('mjx-merror').length};
}"""


@dataclass
class Visit:
    """What happened while one page loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)


def open_page(context, url: str):
    """Open ``url``, blocking and recording any request to another host."""
    visit = Visit()
    page = context.new_page()
    page.on(
        "console",
        lambda msg: msg.type == "error" and visit.console_errors.append(msg.text),
    )
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.on("requestfailed", lambda req: visit.failed.append(f"{req.url} ({req.failure})"))

    def route(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            visit.remote.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, visit


def test_there_are_pages_to_check():
    assert len(PAGES) > 50, PAGES


def test_search_finds_the_cross_entropy_pages(context, site_url, screenshots):
    page, visit = open_page(context, f"{site_url}/search.html?q=cross+entropy")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
        )
        page.screenshot(path=screenshots / "search-cross-entropy.png")
    finally:
        page.close()
    assert any("dlnotes.losses.cross_entropy" in link for link in links), links
    assert any("loss_atlas" in link or "classification_losses" in link for link in links), links
    assert not visit.console_errors and not visit.remote


def test_dark_mode_switch_keeps_figures_readable(context, site_url, screenshots):
    url = f"{site_url}/tutorials/04_architectures/plot_22_digit_cnn.html"
    page, _ = open_page(context, url)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") in ("light", "auto")
        switch = page.locator(".theme-switch-button:visible").first
        switch.click()  # opens the menu: System Settings / Light / Dark
        page.locator(".theme-change-button[data-mode='dark']:visible").first.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        body_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        figure_bg = page.evaluate(
            "getComputedStyle(document.querySelector('img.sphx-glr-single-img')).backgroundColor"
        )
        page.keyboard.press("Escape")  # close the menu
        page.locator("img.sphx-glr-single-img").first.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "digit-cnn-dark.png")
        switch.click()  # leave the stored preference as it was found
        page.locator(".theme-change-button[data-mode='auto']:visible").first.click()
    finally:
        page.close()
    assert _brightness(body_bg) < 0.3, body_bg  # the page is dark...
    assert _brightness(figure_bg) > 0.9, figure_bg  # ...the figures keep a white background


def _brightness(css_color: str) -> float:
    rgb = [float(v) for v in css_color[css_color.index("(") + 1 : -1].split(",")[:3]]
    return sum(rgb) / (3 * 255)


def test_gallery_index_shows_every_thumbnail(context, site_url, screenshots):
    scripts = gallery_scripts()
    page, _ = open_page(context, f"{site_url}/tutorials/index.html")
    try:
        thumbs = page.locator(".sphx-glr-thumbcontainer img")
        thumbs.first.scroll_into_view_if_needed()
        sizes = page.evaluate(IMAGES_JS, ".sphx-glr-thumbcontainer img")
        page.screenshot(path=screenshots / "gallery-index.png", full_page=True)
    finally:
        page.close()
    assert len(sizes) == len(scripts)
    assert all(natural > 0 and shown > 0 for _, natural, shown in sizes), sizes


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "tutorials/00_foundations/plot_01_gradient_descent.html",
        "tutorials/04_architectures/plot_26_watching_training.html",
        "reference/loss_atlas.html",
        "howto/common_errors.html",
        "benchmarks.html",
        "reference/generated/dlnotes.losses.cross_entropy.html",
    ],
)
def test_key_pages_screenshots(context, site_url, screenshots, path):
    page, visit = open_page(context, f"{site_url}/{path}")
    try:
        page.evaluate(MATH_JS)  # let the math render first
        target = screenshots / (Path(path).with_suffix("").as_posix().replace("/", "--") + ".png")
        page.screenshot(path=target, full_page=False)
    finally:
        page.close()
    assert target.stat().st_size > 10_000  # a real picture, not a blank page
    assert not visit.console_errors


def test_the_animation_player_works(context, site_url, screenshots):
    url = f"{site_url}/tutorials/04_architectures/plot_26_watching_training.html"
    page, visit = open_page(context, url)
    try:
        player = page.locator(".animation").first
        first = player.locator("img").get_attribute("src")
        page.locator("button[title='Next frame']").first.click()
        second = player.locator("img").get_attribute("src")
        player.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "animation-player.png")
        icon_width = page.evaluate(
            "document.querySelector(\"button[title='Play'] svg, button[title='Play'] i\")"
            ".getBoundingClientRect().width"
        )
    finally:
        page.close()
    assert first != second, "the Next-frame button did not change the frame"
    assert icon_width > 0, "the player's button icons did not render"
    assert not visit.console_errors and not visit.remote
