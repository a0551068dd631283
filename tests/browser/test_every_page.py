"""Every page of the site, English and Chinese, in one visit each, at 1280 × 900:

* it loads cleanly offline: no request to another host, no failed request, no console error,
  every image displayed, and MathJax typesets the page's math without an error;
* no code, output, table or math block needs sideways scrolling (tests/browser/test_layout.py);
* axe-core finds no violation, in the light theme and again in the dark one
  (tests/browser/test_accessibility.py);
* narrowed to a phone's width (390 px), the page does not scroll sideways.

The checks share one visit: with a visit per check, the Chinese pages' browser tests took 295 s
on two cores, with one visit 259 s. The phone check narrows the same tab rather than loading the
page again in an emulated phone: the layout depends on the width alone (the site's CSS has width
breakpoints, no touch or pointer queries), and ``test_layout.py`` checks that the narrowed tab
and a phone agree.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import PAGES
from test_accessibility import axe_light_and_dark, report
from test_browser import IMAGES_JS, LOCAL_HOSTS, MATH_JS, Visit
from test_layout import BLOCKS, OVERFLOWING_JS, sideways_on_a_phone

pytestmark = pytest.mark.browser


class Tab:
    """One browser tab for many pages, recording what happens while each one loads."""

    def __init__(self, page):
        self.page, self.visit = page, Visit()
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.visit.console_errors.append(msg.text),
        )
        page.on("pageerror", lambda error: self.visit.console_errors.append(str(error)))
        page.on("requestfailed", lambda req: self.visit.failed.append(f"{req.url} ({req.failure})"))
        page.route("**/*", self._route)

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.visit.remote.append(route.request.url)
            return route.abort()
        return route.continue_()

    def open(self, url: str) -> Visit:
        self.visit = Visit()
        self.page.emulate_media(color_scheme="light")
        self.page.goto(url, wait_until="load")
        return self.visit


@pytest.fixture(scope="module")
def tab(context):
    tab = Tab(context.new_page())
    yield tab
    tab.page.close()


def load_problems(tab: Tab, visit: Visit) -> list[str]:
    """What went wrong while the page loaded: requests, console, images, math."""
    broken = [src for src, natural, _ in tab.page.evaluate(IMAGES_JS, "img") if natural == 0]
    math = tab.page.evaluate(MATH_JS)
    blocked = [u for u in visit.failed if "ERR_FAILED" in u and u in visit.remote]
    failed = [u for u in visit.failed if u not in blocked]
    problems = [f"requests to other hosts: {visit.remote}"] if visit.remote else []
    problems += [f"failed requests: {failed}"] if failed else []
    problems += [f"console errors: {visit.console_errors}"] if visit.console_errors else []
    problems += [f"images not displayed: {broken}"] if broken else []
    if math["math"] and not math["mathjax"]:
        problems.append("math on the page but MathJax did not load")
    elif math["math"] and not (math["rendered"] >= 1 and math["errors"] == 0):
        problems.append(f"math not typeset: {math}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_fits_and_has_no_axe_violations(tab, site_url, path):
    visit = tab.open(f"{site_url}/{path}")
    problems = load_problems(tab, visit)
    if overflowing := tab.page.evaluate(OVERFLOWING_JS, BLOCKS):
        problems.append(
            f"{len(overflowing)} blocks scroll sideways:\n  " + "\n  ".join(overflowing)
        )
    if axe := axe_light_and_dark(tab.page):
        problems.append("axe-core:\n" + report(axe))
    if wide := sideways_on_a_phone(tab.page):
        problems.append(wide)
    assert not problems, "\n".join(problems)
