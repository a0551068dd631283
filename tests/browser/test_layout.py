"""Everything fits: no code, output or table block needs sideways scrolling on a laptop screen, and
the site stays usable on a phone.

At 1280 px wide every page is checked block by block (in tests/browser/test_every_page.py, in the
same visit as the page's other checks): code (``div.highlight``, ``pre``), printed
output (sphinx-gallery's and the notebooks'), tables and display math. A block overflows when its
content is wider than its box (``scrollWidth > clientWidth``). The one allowed exception is an
explicit scroll region: an element that scrolls (``overflow-x: auto``), is in the keyboard's tab
order (``tabindex="0"``) and is a named region (``role="region"`` with ``aria-label``), which is
what axe's ``scrollable-region-focusable`` rule asks of a scrolling box.

At 390 × 844 (a phone) no page may scroll sideways as a whole (checked in the page's one visit,
in tests/browser/test_every_page.py, by narrowing the laptop's tab), and the navigation opens.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BLOCKS = ", ".join(
    [
        "div.highlight",
        "pre",
        "table",
        "div.sphx-glr-script-out",
        "div.cell_output",
        "div.pst-scrollable-table-container",
        "div.math",
    ]
)

OVERFLOWING_JS = """(selector) => {
  const allowed = (e) => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX) && e.tabIndex === 0 &&
           e.getAttribute('role') === 'region' && !!e.getAttribute('aria-label');
  };
  const inAllowed = (e) => { for (; e; e = e.parentElement) if (allowed(e)) return true;
                             return false; };
  return [...document.querySelectorAll('.bd-article ' + selector.split(', ').join(', .bd-article '))]
    .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1 && !inAllowed(e))
    .map(e => {
      const text = (e.textContent || '').trim().split('\\n')[0].slice(0, 60);
      return `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: ` +
             `${e.scrollWidth} px in ${e.clientWidth} px: "${text}"`;
    });
}"""


@pytest.fixture(scope="module")
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


def test_the_overflow_check_finds_a_wide_block(laptop, site_url):
    laptop.goto(f"{site_url}/index.html", wait_until="load")
    laptop.evaluate(
        "document.querySelector('.bd-article').insertAdjacentHTML('beforeend',"
        " '<pre>' + 'x'.repeat(300) + '</pre>')"
    )
    assert len(laptop.evaluate(OVERFLOWING_JS, BLOCKS)) == 1


PHONE = {"width": 390, "height": 844}
WIDTHS_JS = "[document.documentElement.scrollWidth, window.innerWidth]"


def sideways_on_a_phone(page) -> str | None:
    """Narrow ``page``'s tab to a phone's width; what scrolls sideways there, if anything. The
    tab's viewport is restored afterwards."""
    laptop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        width, screen = page.evaluate(WIDTHS_JS)
    finally:
        page.set_viewport_size(laptop)
    return f"the page is {width} px wide on a {screen} px phone" if width > screen else None


# one of each kind of page, and one Chinese page
SAMPLE = [
    "index.html",
    "tutorials/03_training/plot_16_training_loop.html",
    "reference/generated/dlnotes.train.fit.html",
    "_modules/dlnotes/losses.html",
    "zh_CN/tutorials/04_architectures/plot_22_digit_cnn.html",
]


@pytest.mark.parametrize("path", [*SAMPLE, "planted"])
def test_a_narrowed_laptop_tab_sees_what_a_phone_sees(laptop, phone, site_url, path):
    """The narrowed tab stands in for a phone: on sample pages both measure the same widths, and
    both lay out a page with a block planted too wide for a phone at that block's width. Only the
    narrowed tab can tell: an emulated phone zooms out to fit such a page, so its
    ``window.innerWidth`` grows to the page's width (an earlier check, page width ≤ innerWidth
    in an emulated phone, could not fail)."""
    plant = "document.querySelector('.bd-article').insertAdjacentHTML('beforeend', " + (
        "'<div style=\"width: 600px\">wide</div>')"
    )
    widths = []
    for tab in (laptop, phone):
        tab.goto(f"{site_url}/{'index.html' if path == 'planted' else path}", wait_until="load")
        if path == "planted":
            tab.evaluate(plant)
        if tab is laptop:
            assert (sideways_on_a_phone(laptop) is not None) == (path == "planted")
            laptop.set_viewport_size(PHONE)
        widths.append(tab.evaluate(WIDTHS_JS))
    laptop.set_viewport_size({"width": 1280, "height": 800})
    if path == "planted":
        assert widths[0][0] == widths[1][0] > PHONE["width"] == widths[0][1], widths
    else:
        assert widths[0] == widths[1], f"narrowed tab {widths[0]}, phone {widths[1]}"


def test_the_navigation_opens_on_a_phone(phone, site_url, screenshots):
    phone.goto(f"{site_url}/tutorials/00_foundations/plot_01_gradient_descent.html")
    link = phone.locator(".bd-sidebar-primary a[href$='plot_02_learning_rate.html']").first
    assert not link.is_visible()  # the sidebar is folded away...
    phone.locator("button.primary-toggle:visible").first.click()  # ...until the menu opens it
    link.wait_for(state="visible", timeout=5_000)
    phone.screenshot(path=screenshots / "phone-navigation.png")
    link.click()
    phone.wait_for_url("**/plot_02_learning_rate.html")
