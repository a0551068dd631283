"""Accessibility of every built page, checked with axe-core in Chromium, in light and dark mode.

axe-core comes bundled with ``axe-playwright-python`` (no download). The test fails on any
violation of the rules tagged:

* ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa``, ``wcag22a``, ``wcag22aa``: every WCAG 2.0,
  2.1 and 2.2 success criterion at levels A and AA that axe can test automatically;
* ``best-practice``: axe's best practices (landmarks, a page heading, unique ids of landmarks…).

Not run: WCAG AAA rules (``wcag2aaa``: enhanced contrast and the like) and axe's experimental
rules. Results axe marks "incomplete" (it cannot decide, e.g. text over an image) are not
failures. No rule is disabled and no page or element is excluded: causes are fixed in the
templates, in ``docs/_static/dlnotes.css`` and in ``docs/_ext/accessible_html.py``.

Every page loads once (in tests/browser/test_every_page.py, with the page's other checks); axe
runs on it in the light theme, then again after the browser switches to a dark colour scheme (the
theme follows it: ``default_mode`` is "auto").

Colour contrast, axe's slowest rule, is measured once per way of drawing code text rather than
once per highlighted token: a page's source listing or tutorial has thousands of ``<span>``s
whose colour, background and font come only from their classes and their ancestors' classes
(Pygments' and the theme's CSS), so two spans with the same chain of tags and classes up to
``<body>`` are drawn alike and have the same contrast. :data:`MARK_REPEATED_CODE_JS` marks every
element inside highlighted code whose chain already occurred earlier on the page (never one that
contains a first occurrence), and only the contrast rule skips the marked ones; every other rule
sees every element. ``test_contrast_is_still_checked_for_every_way_of_drawing_code`` guards it.
On the library's largest source page (8 289 code elements, 42 ways of drawing them), contrast
then checks 50 elements instead of 4 402, in 1.1 s instead of 8.8 s.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# Every rule of the tags but colour contrast, on the whole page; then colour contrast on all but
# the code elements drawn exactly like an earlier one (MARK_REPEATED_CODE_JS).
RUN_AXE = """async (tags) => {
  const report = r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => [n.target.join(' '), n.failureSummary])}));
  const others = await axe.run(document, {runOnly: {type: 'tag', values: tags},
      rules: {'color-contrast': {enabled: false}}, resultTypes: ['violations']});
  // the rule's own selector skips the marked elements (an axe `exclude` of thousands of elements
  // cost as much as checking them)
  axe.configure({rules: [{id: 'color-contrast', selector: ':not([data-axe-repeat])'}]});
  const contrast = await axe.run(document,
      {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']});
  return [...report(others), ...report(contrast)];
}"""

MARK_REPEATED_CODE_JS = """() => {
  const chain = e => { const parts = [];
    for (; e && e !== document.body; e = e.parentElement) parts.push(e.tagName + '.' + e.className);
    return parts.join(' < '); };
  const seen = new Set(), first = [];
  for (const e of document.querySelectorAll('div.highlight pre *')) {
    const key = chain(e);
    if (seen.has(key)) e.setAttribute('data-axe-repeat', ''); else { seen.add(key); first.push(e); }
  }
  for (let e of first) for (e = e.parentElement; e; e = e.parentElement) e.removeAttribute('data-axe-repeat');
  return {first: first.length, repeated: document.querySelectorAll('[data-axe-repeat]').length};
}"""

# Wait until the page is as a reader sees it: images decoded, math typeset, and the theme's colour
# transitions (after a switch to dark mode) finished, so that axe measures the final colours.
SETTLE_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  await frame();
  await Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)
      .map(a => a.finished.catch(() => null)));
  await frame();
}"""


@pytest.fixture(scope="module")
def axe_page(context):
    """One tab for the whole module: opening a page in it is cheaper than a new tab per page."""
    page = context.new_page()
    yield page
    page.emulate_media(color_scheme="light")
    page.close()


def _violations(page) -> list[str]:
    found = page.evaluate(RUN_AXE, AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(t for t, _ in v["nodes"])
        for v in found
    ]


def test_axe_runs_the_rules_it_is_asked_for(axe_page, site_url):
    """Guard the guard: the tags select the WCAG A/AA rules, and axe finds a planted violation."""
    axe_page.goto(f"{site_url}/index.html", wait_until="load")
    axe_page.evaluate(AXE_SCRIPT)
    rules = axe_page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", AXE_TAGS)
    assert {"color-contrast", "image-alt", "link-name", "summary-name", "region"} <= set(rules)
    axe_page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x.png>')")
    assert any(v.startswith("image-alt") for v in _violations(axe_page))


def test_contrast_is_still_checked_for_every_way_of_drawing_code(axe_page, site_url):
    """The repeated-code marks hide no first occurrence: a badly contrasted token class planted
    twice in a code block is reported (once), and so is one planted inside a marked span."""
    axe_page.goto(f"{site_url}/_modules/dlnotes/losses.html", wait_until="load")
    axe_page.evaluate(AXE_SCRIPT)
    axe_page.evaluate(
        "document.head.insertAdjacentHTML('beforeend', '<style>.planted{color:#eee}</style>');"
        "const pre = document.querySelector('div.highlight pre');"
        "pre.insertAdjacentHTML('beforeend', '<span class=planted>first planted</span> '"
        "+ '<span class=planted>second planted</span>');"
        "const n = [...pre.querySelectorAll('span.n')].at(-1);"
        "n.insertAdjacentHTML('beforeend', '<span class=planted2 style=\"color:#eee\">nested planted</span>')"
    )
    marks = axe_page.evaluate(MARK_REPEATED_CODE_JS)
    assert marks["repeated"] > 10 * marks["first"]  # the marks do skip most of a source page
    found = axe_page.evaluate(RUN_AXE, AXE_TAGS)
    nodes = [target for v in found if v["id"] == "color-contrast" for target, _ in v["nodes"]]
    classes = [axe_page.evaluate("(s) => document.querySelector(s).className", t) for t in nodes]
    assert sorted(classes) == ["planted", "planted2"], found


def axe_light_and_dark(page) -> dict[str, list[str]]:
    """axe's violations on the loaded page, in the light theme and then in the dark one."""
    page.evaluate(SETTLE_JS)
    page.evaluate(AXE_SCRIPT)
    page.evaluate(MARK_REPEATED_CODE_JS)
    problems = {}
    for mode in ("light", "dark"):
        page.emulate_media(color_scheme=mode)
        # the theme listens for the change of colour scheme and switches its own attribute
        page.wait_for_function(
            "(mode) => document.documentElement.dataset.theme === mode", arg=mode, timeout=5_000
        )
        page.evaluate(SETTLE_JS)
        if found := _violations(page):
            problems[mode] = found
    return problems


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{mode} mode:\n  " + "\n  ".join(found) for mode, found in problems.items())


def _check_light_and_dark(page, url: str, wait_for: str | None = None) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(url, wait_until="load")
    if wait_for:
        page.wait_for_selector(wait_for, timeout=20_000)
    problems = axe_light_and_dark(page)
    assert not problems, report(problems)


def test_search_results_have_no_axe_violations_in_light_and_dark_mode(axe_page, site_url):
    """The results list, with its highlighted search terms (the one place they appear: Sphinx
    highlights terms on a page opened from the results only where searchtools.js is not loaded,
    and this theme loads it on every page)."""
    url = f"{site_url}/search.html?q=cross+entropy"
    _check_light_and_dark(axe_page, url, wait_for="#search-results ul.search li span.highlighted")
