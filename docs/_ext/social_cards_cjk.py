"""Sphinx extension: social cards for a language written without spaces (Chinese).

sphinxext-opengraph draws each page's card (its title and description) with matplotlib, in a
bundled font that has no Chinese, and matplotlib wraps lines at spaces only. For a language whose
``cjk`` is set in tools/site_layout.py this gives docs/conf.py the font (:func:`cjk_font`: Noto
Sans CJK, from a package on the index, never from the system) and breaks the card's lines by
width before they are drawn.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import build_site  # the language being built
from site_layout import LANGUAGES

# The social cards' Chinese font comes from a package on the index, installed with the `docs`
# extra, never from the system: `nox -s docs` needs nothing but Python and pip. The package
# carries Noto Sans CJK as one OpenType collection; matplotlib lists each of its faces.
CJK_FONT_PACKAGE = "noto_cjk_sans_otc"
CJK_FONT_FILE = "NotoSansCJK-Regular.ttc"
CJK_FONT = "Noto Sans CJK SC"  # the collection's Simplified Chinese face


def cjk_font_path() -> Path:
    """The font file inside the docs environment, or a clear error naming the fix."""
    from importlib import resources

    try:
        path = Path(str(resources.files(CJK_FONT_PACKAGE) / CJK_FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise RuntimeError(
            f"no Chinese font for the social cards: the package {CJK_FONT_PACKAGE!r} (in the "
            "`docs` extra) is not installed in this environment. Install the extra: "
            "`python -m pip install -c constraints.txt -e '.[docs]'` (nox -s docs does)."
        )
    return path


def cjk_font() -> str:
    """Register the packaged Chinese font with matplotlib and return its family name (for the
    social cards). matplotlib's cache may also list system fonts; the cards use this one."""
    from matplotlib import font_manager

    path = str(cjk_font_path())
    manager = font_manager.fontManager
    # a system font of the same name (fonts-noto-cjk) must not win the lookup: drop it
    manager.ttflist = [e for e in manager.ttflist if e.name != CJK_FONT or e.fname == path]
    if not any(e.fname == path for e in manager.ttflist):
        manager.addfont(path)
    manager._findfont_cached.cache_clear()  # a lookup cached before the change must not stand
    return CJK_FONT


_CJK_CHAR = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u201c\u201d]"
_TOKENS = re.compile(rf"{_CJK_CHAR}|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+")
# Punctuation that may not begin a line (it stays at the end of the line before).
_NO_LINE_START = set("，。、：；！？）」』】〉》”’…")


def _width(token: str) -> float:
    """Width in half-width columns: a Chinese character 2, a space 0.6, anything else 1.2 (Latin
    letters of the cards' bold font are wider than half a Chinese character)."""
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0.6 if c.isspace() else 1.2 for c in token
    )


def wrap_wide(text: str, columns: int) -> str:
    """Break ``text`` into lines of at most ``columns`` columns, between Chinese characters or at
    spaces, never inside a Latin word, and never before a closing punctuation mark."""
    lines, line, used = [], "", 0.0
    for token in _TOKENS.findall(text):
        width = _width(token)
        if used + width > columns and line.strip() and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0.0
            if token.isspace():
                continue
        line, used = line + token, used + width
    # no-break spaces: matplotlib, which wraps at spaces, must keep these lines as they are
    return "\n".join([*lines, line.rstrip()]).replace(" ", "\u00a0")


def wrap_social_cards() -> None:
    """A card's title and description are broken by width before sphinxext-opengraph draws them
    (a Chinese sentence, which has no spaces, ran off the card)."""
    from sphinxext.opengraph import _social_cards

    render = _social_cards.render_social_card
    if getattr(render, "_wraps_chinese", False):
        return

    def render_wrapped(path, site_title, page_title, description, siteurl, plt_objects):
        title, text = wrap_wide(page_title, 28), wrap_wide(description, 78)
        return render(path, site_title, title, text, siteurl, plt_objects)

    render_wrapped._wraps_chinese = True
    _social_cards.render_social_card = render_wrapped


def setup(app):
    if LANGUAGES[build_site.language()].cjk:
        wrap_social_cards()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
