"""Accessible names the theme and sphinx-gallery leave out, added when each page is rendered.

axe-core (run on every page by ``tests/browser/test_accessibility.py``) found controls without a
name in the HTML the site's tools generate:

* the sidebar's expand/collapse toggles: pydata-sphinx-theme writes ``<summary>`` elements that
  hold only a chevron icon. Each gets a visually hidden name, "Pages under <section>".
* the player matplotlib writes for an animation (``jshtml``): an ``<img>`` without ``alt`` and a
  frame slider without a label.
* a captioned table wider than the column (the loss atlas) scrolls inside its box: the box becomes
  a region named by the caption, in the tab order.
* the source listings of ``sphinx.ext.viewcode`` scroll sideways (the library has 100-column
  lines) without being reachable by keyboard: each becomes a named region in the tab order.

``_static/dlnotes-nav.js`` (added to every page here) makes the menu buttons of the article
header work: the theme's scripts bind only the hidden header bar's buttons, so on a phone the
navigation could not be opened.

The gallery thumbnails' link text, hidden by sphinx-gallery's CSS with ``display: none``, is
fixed in ``_static/dlnotes.css`` (a visually hidden style); the sidebar's logo link is put into a
landmark by ``_templates/dlnotes-home-link.html``, which takes the place of the theme's
``navbar-logo.html`` in the sidebar.

The fixes are string edits on HTML these tools generate in a fixed form. Should a new version
write it differently, a fix stops matching and the browser tests' axe run fails on that page.
"""

from __future__ import annotations

import re
from html import escape, unescape

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import _  # translated from docs/locales/<language>/LC_MESSAGES/sphinx.po

# pydata-sphinx-theme's toggle: <summary><span class="toctree-toggle" role="presentation">…
_SUMMARY = re.compile(r'<summary>(?=<span class="toctree-toggle")')
# The link (or caption) that a toggle belongs to comes right before its <details>.
_LINK_TEXT = re.compile(
    r'<a class="reference internal[^"]*" href="[^"]*">((?:(?!</a>).)*)</a>\s*<details', re.S
)
_CAPTION = re.compile(
    r'<p aria-level="2" class="caption" role="heading">\s*<span class="caption-text">([^<]*)</span>'
)
_TAGS = re.compile(r"<[^>]+>")

# matplotlib's HTMLWriter (the jshtml player): <img id="_anim_img…"> and <input id="_anim_slider…"
_ANIM_IMG = re.compile(r'<img id="(_anim_img\w+)">')
_ANIM_SLIDER = re.compile(r'<input id="(_anim_slider\w+)" type="range"')


def _text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub("", html)).split())


def name_toctree_toggles(html: str) -> str:
    """Give every chevron-only ``<summary>`` a visually hidden name taken from its section."""
    out, last = [], 0
    for match in _SUMMARY.finditer(html):
        before = html[: match.start()]
        # the nearest link that opens this <details> (toggles of pages), else the caption
        links = list(_LINK_TEXT.finditer(before[-4000:]))
        caption = list(_CAPTION.finditer(before[-4000:]))
        title = (
            _text(links[-1].group(1)) if links else (_text(caption[-1].group(1)) if caption else "")
        )
        label = _("Pages under %s") % title if title else _("Pages in this section")
        out.append(html[last : match.end()])
        out.append(f'<span class="visually-hidden">{escape(label)}</span>')
        last = match.end()
    out.append(html[last:])
    return "".join(out)


def name_animation_player(body: str) -> str:
    """An ``alt`` for the animation's frame image and a label for its frame slider."""
    alt = escape(_("Animation: the frame chosen with the slider and buttons below"))
    body = _ANIM_IMG.sub(rf'<img id="\1" alt="{alt}">', body)
    return _ANIM_SLIDER.sub(rf'<input id="\1" aria-label="{escape(_("Frame"))}" type="range"', body)


def source_listing_as_scroll_region(body: str, pagename: str) -> str:
    """Make the listing of a module's source (``sphinx.ext.viewcode``) a named scroll region.

    The library is formatted for 100 columns and the listing keeps its lines, so it scrolls
    sideways inside its own box; as a region in the tab order, keyboard users can scroll it too.
    """
    module = pagename.removeprefix("_modules/").replace("/", ".")
    listing = '<div class="highlight"><pre>'
    if body.count(listing) != 1:
        return body
    return body.replace(
        listing,
        f'<div class="highlight"><pre tabindex="0" role="region" '
        f'aria-label="Source code of {escape(module)}">',
    )


# pydata-sphinx-theme wraps every table in a scrolling <div>; a table with a caption is one a page
# shows whole, however wide (the loss atlas).
_CAPTIONED_TABLE = re.compile(
    r'<div class="pst-scrollable-table-container">(?=\s*<table[^>]*>\s*<caption>(.*?)</caption>)',
    re.S,
)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def captioned_tables_as_scroll_regions(body: str) -> str:
    """Make the scrolling box of each captioned table a region named by its caption."""

    def region(match: re.Match) -> str:
        name = _text(_HEADERLINK.sub("", match.group(1)))
        return (
            '<div class="pst-scrollable-table-container" tabindex="0" role="region" '
            f'aria-label="{escape(name)}">'
        )

    return _CAPTIONED_TABLE.sub(region, body)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # the sidebar's logo link, wrapped in a <nav> (_templates/dlnotes-home-link.html)
    if "sidebars" in context:
        context["sidebars"] = [
            "dlnotes-home-link.html" if name == "navbar-logo.html" else name
            for name in context["sidebars"]
        ]
    if "body" in context:
        context["body"] = name_animation_player(context["body"])
        context["body"] = captioned_tables_as_scroll_regions(context["body"])
        if pagename.startswith("_modules/") and pagename != "_modules/index":
            context["body"] = source_listing_as_scroll_region(context["body"], pagename)
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_names_toggles", False):
        return

    def generate_named(*args, **kwargs):
        return Markup(name_toctree_toggles(str(generate(*args, **kwargs))))

    generate_named._names_toggles = True
    context["generate_toctree_html"] = generate_named


def setup(app: Sphinx) -> dict:
    # after pydata-sphinx-theme has put its toctree functions into the context (priority 500)
    app.connect("html-page-context", _on_page_context, priority=900)
    # _static/dlnotes-nav.js: the article header's menu buttons open the navigation on a phone
    app.add_js_file("dlnotes-nav.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
