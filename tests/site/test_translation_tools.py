"""The translation tooling (no built site needed): the catalogs and their markup lint
(tools/catalogs.py) and the rules of the Sphinx extensions of the translated sites (docs/_ext:
catalog_messages, stale_translations, language_switcher, chinese_search, social_cards_cjk) that
decide what is a message, when one is stale and where the language switcher points."""

from __future__ import annotations

import sys
from pathlib import Path

import catalogs as tool
import pytest
import site_layout
from babel.messages.catalog import Catalog
from docutils import nodes

sys.path.insert(0, str(site_layout.EXTENSIONS))
import catalog_messages
import chinese_search
import language_switcher
import social_cards_cjk
import stale_translations

# run with the site checks (`nox -s docs`, `nox -s site`): they have Sphinx and babel installed
pytestmark = pytest.mark.site


def test_docutils_reads_markup_glued_to_chinese_as_text():
    english = tool.rst_inline("compute it with ``nn.MSELoss`` here")
    assert tool.rst_inline("用 ``nn.MSELoss`` 计算") == english
    assert tool.rst_inline("用``nn.MSELoss``计算") != english  # glued: plain text
    assert tool.rst_inline("（见下文）``nn.MSELoss`` 计算") != english  # after a closing bracket
    assert tool.rst_inline("用 ``nn.L1Loss`` 计算") != english  # other code, same count


@pytest.mark.parametrize(
    "kind, written, fixed",
    [
        # a space between two Chinese characters, one of them inside the markup: escaped in
        # reStructuredText (docutils needs a separator, and removes an escaped space) ...
        ("rst", "在 **训练集** 上计算", "在\\ **训练集**\\ 上计算"),
        ("rst", "这就是 *批量* 梯度下降", "这就是\\ *批量*\\ 梯度下降"),
        (
            "rst",
            "见 :ref:`第 16 页 <sphx_glr_x.py>` 的循环",
            "见\\ :ref:`第 16 页 <sphx_glr_x.py>`\\ 的循环",
        ),
        # ... dropped where punctuation already separates the markup
        ("rst", "它的 *目标值* ——sigmoid", "它的\\ *目标值*——sigmoid"),
        ("rst", "用 ``nn.ReLU`` （默认）", "用 ``nn.ReLU``\\ （默认）"),
        # between Chinese and Latin text, numbers or code: the glossary's space stays
        ("rst", "用 ``nn.Linear`` 层，走 *k* 步", "用 ``nn.Linear`` 层，走 *k* 步"),
        ("rst", "经 *pickle 序列化* 的数据", "经 *pickle 序列化*\\ 的数据"),
        ("rst", "**Adam**：动量 *和* RMSprop", "**Adam**：动量\\ *和* RMSprop"),
        # Markdown: dropped; punctuation moved out of the emphasis, where CommonMark would not
        # close it before a Chinese character
        ("myst", "在 **训练集** 上", "在**训练集**上"),
        ("myst", "**结论都经过测试。** 页面上的", "**结论都经过测试**。页面上的"),
        (
            "myst",
            "其中包括一项 {doc}`数字检查 <howto/x>`：",
            "其中包括一项{doc}`数字检查 <howto/x>`：",
        ),
        ("myst", "用 `torch.nn` 的层", "用 `torch.nn` 的层"),
    ],
)
def test_spaces_that_split_chinese_text_at_markup_are_removed(kind, written, fixed):
    text, removed, left = tool.fix_spaces(written, kind)
    assert (text, left) == (fixed, [])
    assert removed == len(tool.split_spaces(written, kind))
    assert tool.split_spaces(fixed, kind) == []
    assert tool.fix_spaces(fixed, kind) == (fixed, 0, [])  # run again after a merge: no change


def test_a_space_the_fixer_cannot_remove_is_listed():
    """Markdown emphasis that starts with punctuation ({doc}) does not open after a Chinese
    character: the sentence needs rewording, which the lint asks for."""
    text = "从 **{doc}`直线 <a>`** 开始"
    assert tool.fix_spaces(text, "myst") == (text, 0, [1, 19])


def test_a_translation_must_keep_roles_targets_and_links():
    pieces = tool.kept_pieces(":ref:`the loop <sphx_glr_x.py>` and `docs <https://a.b/>`_", "rst")
    assert pieces == ["sphx_glr_x.py", "https://a.b/"]
    assert tool.kept_pieces("see {func}`dlnotes.train.fit` and $x^2$", "myst") == [
        "{func}`dlnotes.train.fit`",
        "$x^2$",
    ]


def test_why_a_message_is_stale():
    catalog = Catalog(locale="zh_CN")
    catalog.add("Done.", "完成。")
    catalog.add("Changed.", "改了。", flags=["fuzzy"])
    catalog.add("New.", "")
    assert tool.problem(catalog, "Done.") is None
    assert tool.problem(catalog, "Changed.") == "fuzzy"
    assert tool.problem(catalog, "New.") == "untranslated"
    assert tool.problem(catalog, "Never extracted.") == "not in the catalog"
    assert tool.problem(None, "Done.") == "not in the catalog"  # the page has no catalog
    # the build judges a page's messages with the same function, on the same catalog path
    assert stale_translations.problem is tool.problem
    assert stale_translations.catalog_path("index", "zh_CN") == tool.catalog_path("index", "zh_CN")


def test_a_page_has_one_catalog_per_language():
    path = tool.catalog_path("tutorials/03_training/plot_16_training_loop", "zh_CN")
    assert path.relative_to(site_layout.ROOT).as_posix() == (
        "docs/locales/zh_CN/LC_MESSAGES/tutorials/03_training/plot_16_training_loop.po"
    )
    assert path.is_file()


@pytest.mark.parametrize(
    "text, is_message",
    [
        ("The loss falls.", True),
        ("0.469", False),  # a number from a results file: never a message
        ("1.04×", False),
        ("**Total running time of the script:** (0 minutes 4.003 seconds)", False),
        ("**02:14.718** total execution time for 28 files **from all galleries**:", False),
    ],
)
def test_numbers_and_timings_are_not_messages(text, is_message):
    assert catalog_messages.is_message(nodes.paragraph(text, text), text) is is_message


def test_only_gallery_thumbnails_are_raw_html_messages():
    thumb = '<div class="sphx-glr-thumbcontainer" tooltip="Gradient descent">'
    assert catalog_messages.is_message(nodes.raw(thumb, thumb), thumb)
    script = "<script>var frames = [];</script>"
    assert not catalog_messages.is_message(nodes.raw(script, script), script)


def test_the_switcher_links_the_same_page_or_the_chinese_reference():
    page = "tutorials/03_training/plot_16_training_loop"
    assert language_switcher.page_url(page, "en", "zh_CN") == f"../../zh_CN/{page}.html"
    assert language_switcher.page_url(page, "zh_CN", "en") == f"../../../{page}.html"
    api = "reference/generated/dlnotes.losses.mse"
    assert language_switcher.page_url(api, "en", "zh_CN") == "../../zh_CN/reference/index.html"


def test_the_search_dictionary_takes_terms_from_headings_and_emphasis():
    assert chinese_search.terms_of("概率、每个类别的准确率与混淆矩阵") == {
        "概率",
        "每个类别",
        "准确率",
        "混淆矩阵",
    }
    assert chinese_search.terms_of("数据并行（data parallelism）") == {"数据并行"}
    assert chinese_search.terms_of("完整写出的训练循环——以及封装成 dlnotes.fit 的同一个循环") == {
        "完整写出",
        "训练循环",
        "封装成",
        "同一个循环",
    }


def test_the_search_index_holds_the_terms_inside_a_long_word():
    """jieba's search mode gives the two- and three-character words inside a word; the index
    also gets the longer ones (a page that says 批量梯度下降 is found by 梯度下降)."""
    jieba = pytest.importorskip("jieba")
    jieba.add_word("批量梯度下降")
    jieba.add_word("梯度下降")
    assert "梯度下降" in chinese_search.words_inside("批量梯度下降")
    assert chinese_search.words_inside("梯度下降") == []


def test_the_social_cards_chinese_font_comes_from_the_environment():
    """`nox -s docs` needs nothing but Python and the index: the Chinese cards' font is the
    packaged one (the docs extra), not a system font that happens to have the same name."""
    import sys

    from matplotlib import font_manager

    family = social_cards_cjk.cjk_font()
    drawn_with = Path(font_manager.findfont(font_manager.FontProperties(family=family)))
    assert drawn_with == social_cards_cjk.cjk_font_path()
    assert drawn_with.is_relative_to(sys.prefix), f"{drawn_with} is outside {sys.prefix}"
    assert "DejaVu" not in drawn_with.name  # matplotlib's fallback, which has no Chinese
