"""The Chinese site in a real browser: Chinese text drawn with a font that has it (no empty
boxes), Chinese search (Sphinx's index segmented with jieba, queries cut into the index's terms
by _static/dlnotes-search-zh.js), and the language switcher.

Every other browser check (clean offline load, accessibility, layout) runs on the Chinese pages
too: they are in conftest.PAGES like the English ones.
"""

from __future__ import annotations

import pytest
from conftest import PAGES
from test_browser import MATH_JS, open_page

pytestmark = pytest.mark.browser

CJK = (("\u3400", "\u9fff"), ("\uf900", "\ufaff"), ("\u3000", "\u303f"), ("\uff00", "\uffef"))


def _cjk_count(text: str) -> int:
    return sum(any(low <= char <= high for low, high in CJK) for char in text)


def test_the_chinese_pages_are_checked_like_the_english_ones():
    chinese = [p for p in PAGES if p.startswith("zh_CN/")]
    assert len(chinese) > 40, chinese
    assert "zh_CN/tutorials/03_training/plot_16_training_loop.html" in chinese


@pytest.mark.parametrize(
    "path, selector",
    [
        ("zh_CN/index.html", "article h1"),
        ("zh_CN/tutorials/00_foundations/plot_01_gradient_descent.html", "article h1"),
        ("zh_CN/tutorials/00_foundations/plot_01_gradient_descent.html", "article section p"),
        ("zh_CN/tutorials/03_training/plot_16_training_loop.html", "article section p"),
    ],
)
def test_chinese_text_is_drawn_with_a_font_that_has_it(
    context, site_url, screenshots, path, selector
):
    """Chromium reports which installed fonts drew a node's text: the Chinese characters must
    have been drawn by fonts that contain them (a missing glyph would be an empty box), and the
    page is photographed for a person to look at."""
    page, visit = open_page(context, f"{site_url}/{path}")
    try:
        page.evaluate(MATH_JS)
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        text = page.eval_on_selector(selector, "el => el.innerText")
        name = path.removeprefix("zh_CN/").removesuffix(".html").replace("/", "--")
        page.screenshot(path=screenshots / f"zh_CN--{name}.png")
    finally:
        page.close()
    chinese = _cjk_count(text)
    assert chinese > 5, f"{path} {selector}: no Chinese text to check: {text[:80]!r}"
    by_cjk_fonts = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    assert by_cjk_fonts >= chinese, (path, selector, fonts, chinese)
    assert not visit.console_errors and not visit.remote


# The page a query must find, and for the queries of issue 31 the rank it must have at least
# (a page holding every term ranks first; pages holding only some of them are not shown).
@pytest.mark.parametrize(
    "query, expected, rank",
    [
        ("梯度", "plot_01_gradient_descent", None),
        # glossary terms jieba's own dictionary would cut in pieces (docs/_ext/chinese_search.py)
        ("梯度下降", "plot_01_gradient_descent", None),
        ("交叉熵", "plot_12_classification_losses", None),
        ("学习率", "plot_02_learning_rate", None),
        # queries of several terms, with no spaces (_static/dlnotes-search-zh.js cuts them into
        # the index's terms), and terms jieba would cut, taken from the pages' headings and
        # emphasis or the glossary
        ("交叉熵损失", "plot_12_classification_losses", 3),
        ("学习率上限", "explanations/learning_rate_ceiling", 3),
        ("Adam优化器", "plot_15_optimizers", 3),
        ("什么是梯度下降", "plot_01_gradient_descent", 3),
        ("二分类", "plot_12_classification_losses", 3),
        ("条件数", "plot_03_feature_scaling", 3),
        ("雅可比矩阵", "plot_07_activations", 3),
        ("数据并行", "plot_25b_distributed_training", 3),
        ("混淆矩阵", "plot_19_digit_classification", 3),
    ],
)
def test_chinese_search_finds_the_pages(context, site_url, screenshots, query, expected, rank):
    page, visit = open_page(context, f"{site_url}/zh_CN/search.html?q={query}")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        # the results are shown one by one; the summary line comes after the last
        summary = "document.querySelector('#search-results .search-summary')?.innerText"
        page.wait_for_function(summary, timeout=20_000)
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
        )
        if query == "梯度下降":
            page.screenshot(path=screenshots / "zh_CN--search.png")
    finally:
        page.close()
    assert any(expected in link for link in links), links
    if rank is not None:
        assert any(expected in link for link in links[:rank]), links
    assert not visit.console_errors and not visit.remote


def test_the_language_switcher_goes_to_the_same_page(context, site_url):
    path = "tutorials/03_training/plot_16_training_loop.html"
    page, visit = open_page(context, f"{site_url}/{path}")
    try:
        page.click(".dlnotes-languages a[hreflang='zh-CN']")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}/zh_CN/{path}"
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.click(".dlnotes-languages a[hreflang='en']")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}/{path}"
    finally:
        page.close()
    assert not visit.console_errors and not visit.remote
