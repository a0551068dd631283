"""The translations' catalogs: where each is, whether a message is translated, how complete they
are, and whether each translation keeps its markup.

    python tools/catalogs.py status [LANG]          # per page: translated / fuzzy / untranslated
    python tools/catalogs.py lint [PO ...]          # every translation keeps the code, roles,
                                                    # links and math of its English message
    python tools/catalogs.py fill [LANG]            # fill an empty message from another page's
                                                    # catalog that translates the same message
    python tools/catalogs.py fix [LANG]             # remove the spaces that inline markup
                                                    # leaves inside Chinese text (see below)

LANG is by default the site's translation (the first of TRANSLATIONS in tools/site_layout.py). A
page's catalog is ``docs/locales/<language>/LC_MESSAGES/<page>.po`` (:func:`catalog_path`).

``nox -s translations`` runs them after updating the catalogs from the English pages. The build
itself (docs/_ext/stale_translations.py) is what fails on a stale translation, judged by
:func:`problem`, as ``status`` and ``lint`` judge it; ``lint`` also catches a
translation that would build but lose a link or a piece of code, and reStructuredText markup
that docutils reads differently from its English (markup glued to a Chinese character or to a
full-width bracket is silently left as plain text).

**Spaces inside Chinese text.** reStructuredText recognises inline markup only after a space or
punctuation, so a translator writes ``在 **训练集** 上计算``, and the page shows "在 训练集 上计算",
a word split by spaces. ``lint`` flags every plain space next to inline markup (emphasis, strong,
code, roles, links) that the page shows between two Chinese characters, or next to full-width
punctuation; ``fix`` rewrites each: it drops the space where the markup stays markup without it
(``，**x**``), writes an escaped space where it does not (``在\\ **训练集**\\ 上计算``: docutils
removes it), and in Markdown moves full-width punctuation out of the emphasis (``**结论**。下一句``;
CommonMark closes ``**`` after punctuation only before a space or punctuation). A space between
Chinese and a Latin word, a number or code stays (the glossary's rule). Each change is checked
by parsing the message before and after: the same markup, the same text less one space. What
``fix`` cannot rewrite (Markdown markup that starts with punctuation, such as ``**{doc}`…`**``
after a Chinese character) it lists, for rewording by hand. A bare ``{doc}`page``` or
``:ref:`label``` shows a title the message does not hold, so neither command judges the space
next to it; ``tests/site/test_furniture.py`` checks what the built pages show.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles
from site_layout import LOCALES, ROOT, TRANSLATIONS, TUTORIALS


def catalog_folder(language: str) -> Path:
    """Where the catalogs of ``language`` are (Sphinx's ``locale_dirs``, with gettext's layout)."""
    return LOCALES / language / "LC_MESSAGES"


def catalog_path(docname: str, language: str) -> Path:
    """The catalog of page ``docname`` in ``language`` (one per page)."""
    return catalog_folder(language) / f"{docname}.po"


def read(path: Path):
    """The catalog in ``path`` (a babel Catalog), or None where the page has none."""
    if not path.is_file():
        return None
    with path.open("rb") as po:
        return read_po(po)


def problem(catalog, text: str) -> str | None:
    """Why ``text`` is not translated by ``catalog`` (None when it is): "not in the catalog"
    (or no catalog), "fuzzy" or "untranslated"."""
    return entry_problem(catalog.get(text) if catalog is not None else None)


def entry_problem(entry) -> str | None:
    """Why a catalog's entry (None: no entry) does not translate its message, or None."""
    if entry is None:
        return "not in the catalog"
    if entry.fuzzy:
        return "fuzzy"
    if not entry.string:
        return "untranslated"
    return None


# Pieces of a message a translation must keep exactly (the text of a titled role or link may be
# translated: only its target must stay).
_RST = [
    re.compile(r"``.+?``"),  # inline code
    re.compile(r":[\w:+-]+:`[^`<]*<([^`>]+)>`"),  # :ref:`text <target>`: keep the target
    re.compile(r":[\w:+-]+:`[^`]+`"),  # :func:`name`, :math:`x`
    re.compile(r"`[^`<]*<([^`>]+)>`__?"),  # `text <url>`_: keep the address
    re.compile(r"\|[\w-]+\|"),  # substitutions
]
_MYST = [
    re.compile(r"\{[\w:+-]+\}`[^`<]*<([^`>]+)>`"),  # {ref}`text <target>`
    re.compile(r"\{[\w:+-]+\}`[^`]+`"),  # {func}`name`
    re.compile(r"(?<![`}])`[^`]+`"),  # inline code
    re.compile(r"\]\(([^)\s]+)\)"),  # [text](url): keep the address
    re.compile(r"\$\$.+?\$\$|\$[^$\s][^$]*?\$"),  # math
    re.compile(r"\{\{\s*\w+\s*\}\}"),  # substitutions
]
_HTML_TAG = re.compile(r"<(?:div|/div|img|a|/a|span|/span)\b[^>]*?(?=\s+tooltip=|>)")
# What docutils makes of a reStructuredText message: a translation must produce the same inline
# pieces as its English (markup glued to a Chinese character or a full-width bracket is left as
# plain text by docutils, silently).
_INLINE = (
    nodes.literal,
    nodes.emphasis,
    nodes.strong,
    nodes.reference,
    nodes.inline,
    nodes.math,
    nodes.title_reference,
)


_VERBATIM = (nodes.literal, nodes.math)


def rst_inline(text: str) -> Counter:
    """How many pieces of each kind of inline markup docutils finds (problems as "problematic")."""
    for name in set(re.findall(r"(?<![\w`]):([\w:+-]+):`", text)) - {"math"}:
        roles.register_generic_role(name, nodes.inline)
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    doctree = publish_doctree(text, settings_overrides=settings)
    found = Counter(
        # code and math must come through unchanged, character for character
        (type(node).__name__, node.astext() if isinstance(node, _VERBATIM) else "")
        for node in doctree.findall(lambda n: isinstance(n, _INLINE))
    )
    found["problematic", ""] = sum(1 for _ in doctree.findall(nodes.problematic))
    return found


# Pages written in reStructuredText: the gallery's, the translated site's reference page (an
# English-only stub, docs/_ext/english_reference.py) and the computation times.
_RST_PAGES = (f"{TUTORIALS}/", "reference/index", "sg_execution")


def syntax(po: Path) -> str:
    """ "rst" for the gallery's pages (reStructuredText), "myst" for the Markdown pages."""
    page = "/".join(po.relative_to(LOCALES).parts[2:])  # <lang>/LC_MESSAGES/<page>.po
    return "rst" if page.startswith(_RST_PAGES) else "myst"


def kept_pieces(message: str, kind: str) -> list[str]:
    """The pieces of ``message`` a translation must contain unchanged."""
    pieces, rest = [], message
    for pattern in _RST if kind == "rst" else _MYST:
        for match in pattern.finditer(rest):
            pieces.append(match.group(1) if match.groups() else match.group(0))
        rest = pattern.sub(" ", rest)
    return pieces + _HTML_TAG.findall(message)


# -- Spaces that inline markup leaves inside Chinese text ------------------------------------------
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation, and the quotes, dash and ellipsis of Chinese text: no space on either
# side of them, whatever the other side is.
_WIDE_PUNCTUATION = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019"
    "\u201c\u201d"
)
_IS_HAN = re.compile(f"[{_HAN}]")
_IS_WIDE_PUNCTUATION = re.compile(f"[{_WIDE_PUNCTUATION}]")

# Inline markup, with the text it shows (the title of a role or link; None where the page shows
# a text the message does not hold, such as the title of the page a bare {doc} names).
_RST_MARKUP = re.compile(
    r"(?P<literal>``(?P<literal_text>\S(?:.*?\S)??)``(?!`))"
    r"|(?P<role>:(?P<role_name>[\w.:+-]+):`(?P<role_text>(?:[^`\\]|\\.)+)`)"
    r"|(?P<link>`(?P<link_text>(?:[^`\\]|\\.)+)`(?:__?)?)"
    r"|(?P<strong>\*\*(?P<strong_text>[^\s*](?:.*?[^\s\\])??)\*\*)"
    r"|(?P<emphasis>\*(?P<emphasis_text>[^\s*](?:[^*]*?[^\s\\])??)\*)"
    r"|(?P<substitution>\|(?P<substitution_text>[^\s|](?:[^|]*?\S)??)\|(?:__?)?)"
)
_MYST_MARKUP = re.compile(
    r"(?P<role>\{(?P<role_name>[\w.:+-]+)\}`(?P<role_text>[^`]+)`)"
    r"|(?P<literal>(?P<ticks>`+)(?P<literal_text>[^`](?:.*?[^`])??)(?P=ticks)(?!`))"
    r"|(?P<math>\$(?P<math_text>[^$\s](?:[^$]*?[^$\s])??)\$)"
    r"|(?P<link>\[(?P<link_text>[^\]]+)\]\([^)\s]*\))"
    r"|(?P<strong>\*\*(?P<strong_text>[^\s*](?:.*?\S)??)\*\*)"
    r"|(?P<emphasis>\*(?P<emphasis_text>[^\s*](?:[^*]*?\S)??)\*)"
)
_KINDS = ("literal", "role", "link", "strong", "emphasis", "math", "substitution")
_TITLED = re.compile(r"^(.*?)\s*<[^<>]+>$", re.S)
_ROLES_SHOWING_A_TITLE = {"doc", "ref", "numref", "term", "any", "std:doc", "std:ref"}


def _markup(text: str, kind: str) -> list[tuple[int, int, str, str | None, str | None]]:
    """Each inline markup of ``text``: start, end, kind, and the first and last characters the
    page shows for it (None when unknown)."""
    pattern = _RST_MARKUP if kind == "rst" else _MYST_MARKUP
    found = []
    for match in pattern.finditer(text):
        name = next(g for g in _KINDS if g in pattern.groupindex and match.group(g) is not None)
        shown = match.group(f"{name}_text")
        if name in ("role", "link") and (titled := _TITLED.match(shown)):
            shown = titled.group(1)
        elif name == "role" and match.group("role_name") in _ROLES_SHOWING_A_TITLE:
            shown = None  # the title of the page or section it names
        elif name == "substitution":
            shown = None
        if shown is not None and name in ("strong", "emphasis", "link"):
            first, last = _edges(shown, kind)
        elif shown:
            first, last = shown[0], shown[-1]
        else:
            first = last = None
        found.append((match.start(), match.end(), name, first, last))
    return found


def _edges(text: str, kind: str) -> tuple[str | None, str | None]:
    """The first and last characters the page shows for ``text`` (markup inside it resolved)."""
    inner = _markup(text, kind)
    first = next((m[3] for m in inner if m[0] == 0), text[:1] or None)
    last = next((m[4] for m in inner if m[1] == len(text)), text[-1:] or None)
    return first, last


def _splits_chinese(left: str | None, right: str | None) -> bool:
    """Whether a space the page shows between ``left`` and ``right`` is one Chinese text has no
    place for: between two Chinese characters, or next to full-width punctuation. (A space
    between Chinese and a Latin word, a number or code is the glossary's rule.)"""
    if left is None or right is None:
        return False
    wide = [bool(_IS_WIDE_PUNCTUATION.match(c)) for c in (left, right)]
    return any(wide) or all(_IS_HAN.match(c) or w for c, w in zip((left, right), wide, strict=True))


def split_spaces(text: str, kind: str) -> list[int]:
    """Where ``text`` has a plain space next to inline markup that the page shows inside Chinese
    text (the space's index)."""
    markup = _markup(text, kind)
    starts = {m[0]: m for m in markup}
    ends = {m[1]: m for m in markup}

    def shown_before(i: int) -> str | None:  # the character the page shows just before text[i]
        if i <= 0 or (i >= 2 and text[i - 2] == "\\"):
            return None
        return ends[i][4] if i in ends else text[i - 1]

    def shown_at(i: int) -> str | None:  # the character the page shows from text[i] on
        if i >= len(text) or text[i] == "\\":
            return None
        return starts[i][3] if i in starts else text[i]

    spaces = set()
    for start, end, _name, first, last in markup:
        if (
            start >= 1
            and text[start - 1] == " "
            and _splits_chinese(shown_before(start - 1), first)
        ):
            spaces.add(start - 1)
        if end < len(text) and text[end] == " " and _splits_chinese(last, shown_at(end + 1)):
            spaces.add(end)
    return sorted(spaces)


def _chinese(po: Path) -> bool:
    return po.relative_to(LOCALES).parts[0].startswith("zh")


def _rendered_rst(text: str) -> tuple[Counter, str]:
    markup = rst_inline(text)  # (and registers the roles the text uses)
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    doctree = publish_doctree(text, settings_overrides=settings)
    for message in list(doctree.findall(nodes.system_message)):  # "no role entry for ...", once
        message.parent.remove(message)
    return markup, doctree.astext()


@cache
def _markdown_parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {"dollarmath", "amsmath", "colon_fence", "deflist", "substitution"}  # docs/conf.py
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _rendered_myst(text: str) -> tuple[list[str], str]:
    tokens = [t for block in _markdown_parser().parse(text) for t in (block.children or [])]
    kinds = [t.type for t in tokens if t.type != "text"]
    shown = "".join(t.content for t in tokens if t.type != "softbreak")
    return kinds, shown


def _same_less_one_space(before, after) -> bool:
    """The same markup, and the same text shown less one space."""
    (markup_before, shown_before), (markup_after, shown_after) = before, after
    return (
        markup_before == markup_after
        and len(shown_before) - len(shown_after) == 1
        and shown_before.replace(" ", "") == shown_after.replace(" ", "")
    )


def _rewrites(text: str, space: int, kind: str) -> list[str]:
    """Ways to remove the space at ``text[space]``, the plainest first."""
    dropped = text[:space] + text[space + 1 :]
    if kind == "rst":
        return [dropped, text[:space] + "\\ " + text[space + 1 :]]
    ways = [dropped]
    # Markdown: `**结论。** 下一句` -> `**结论**。下一句` (the closing ** after punctuation only
    # closes before a space or punctuation), and `上一句 **“x”**` -> `上一句“**x”**` alike
    for start, end, name, _first, _last in _markup(text, kind):
        marker = "**" if name == "strong" else "*" if name == "emphasis" else None
        if marker is None:
            continue
        inner = text[start + len(marker) : end - len(marker)]
        if end == space and (tail := re.search(f"[{_WIDE_PUNCTUATION}]+$", inner)):
            kept = inner[: tail.start()]
            ways.append(text[:start] + marker + kept + marker + tail.group() + text[space + 1 :])
        if start == space + 1 and (head := re.match(f"[{_WIDE_PUNCTUATION}]+", inner)):
            kept = inner[head.end() :]
            ways.append(text[:space] + head.group() + marker + kept + marker + text[end:])
    return ways


def fix_spaces(text: str, kind: str) -> tuple[str, int, list[int]]:
    """``text`` without the spaces that split Chinese text at inline markup: the new text, how
    many spaces it lost, and where the spaces it could not remove are."""
    rendered = _rendered_rst if kind == "rst" else _rendered_myst
    fixed, left = 0, []
    for space in reversed(split_spaces(text, kind)):  # from the end: earlier indices stay valid
        before = rendered(text)
        for candidate in _rewrites(text, space, kind):
            if _same_less_one_space(before, rendered(candidate)):
                text, fixed = candidate, fixed + 1
                break
        else:
            left.append(space)
    return text, fixed, sorted(left)


def fix(language: str) -> tuple[int, list[str]]:
    """Remove the spaces inline markup leaves inside the Chinese text of every catalog."""
    total, unfixed = 0, []
    for po, catalog in catalogs(language).items():
        kind, changed = syntax(po), 0
        for entry in catalog:
            if not entry.id or not entry.string or entry.id.lstrip().startswith("<"):
                continue
            entry.string, fixed, left = fix_spaces(entry.string, kind)
            changed += fixed
            unfixed += [f"{po.relative_to(ROOT)}: {_around(entry.string, i)}" for i in left]
        if changed:
            save(po, catalog)
            total += changed
    return total, unfixed


def _around(text: str, i: int) -> str:
    return f"a space inside Chinese text at {text[max(0, i - 25) : i + 25]!r}"


def problems(po: Path) -> list[str]:
    kind, found = syntax(po), []
    catalog = read(po)
    for entry in catalog:
        if not entry.id:
            continue
        where = f"{po.relative_to(ROOT)}: {entry.id[:70]!r}"
        if why := entry_problem(entry):
            found.append(f"{where}: {why}")
            continue
        for piece in kept_pieces(entry.id, kind):
            if piece not in entry.string:
                found.append(f"{where}: the translation lost {piece!r}")
        if kind == "rst" and not entry.id.lstrip().startswith("<"):  # not gallery HTML
            english, chinese = rst_inline(entry.id), rst_inline(entry.string)
            if english != chinese:
                changed = sorted(
                    k for k in english.keys() | chinese.keys() if english[k] != chinese[k]
                )
                counts = ", ".join(
                    f"{kind}{' ' + repr(text) if text else ''} {english[kind, text]} -> "
                    f"{chinese[kind, text]}"
                    for kind, text in changed
                )
                found.append(f"{where}: docutils reads different markup ({counts})")
        if _chinese(po) and not entry.id.lstrip().startswith("<"):
            found += [
                f"{where}: {_around(entry.string, i)} (`python tools/catalogs.py fix` "
                "removes it, or says it cannot)"
                for i in split_spaces(entry.string, kind)
            ]
    return found


def status(language: str) -> list[tuple[str, int, int, int]]:
    rows = []
    for po in sorted(catalog_folder(language).rglob("*.po")):
        catalog = read(po)
        entries = [e for e in catalog if e.id]
        fuzzy = sum(e.fuzzy for e in entries)
        empty = sum(not e.string and not e.fuzzy for e in entries)
        rows.append(
            (po.relative_to(LOCALES).as_posix(), len(entries) - fuzzy - empty, fuzzy, empty)
        )
    return rows


def catalogs(language: str) -> dict[Path, object]:
    folder = catalog_folder(language)
    return {po: read(po) for po in sorted(folder.rglob("*.po"))}


def save(po: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    with po.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False)


def fill(language: str) -> int:
    """Copy translations of messages repeated across pages (gallery thumbnails, "Key points")."""
    loaded = catalogs(language)
    known = {
        entry.id: entry.string
        for catalog in loaded.values()
        for entry in catalog
        if entry.id and entry.string and not entry.fuzzy
    }
    filled = 0
    for po, catalog in loaded.items():
        empty = [e for e in catalog if e.id and not e.string and e.id in known]
        for entry in empty:
            entry.string = known[entry.id]
        if empty:
            save(po, catalog)
            filled += len(empty)
    return filled


def main(argv: list[str]) -> int:
    command, *args = argv or ["status"]
    if command == "status":
        rows = status(args[0] if args else TRANSLATIONS[0])
        for name, done, fuzzy, empty in rows:
            if fuzzy or empty:
                print(f"{name}: {done} translated, {fuzzy} fuzzy, {empty} untranslated")
        total = [sum(column) for column in zip(*[row[1:] for row in rows], strict=True)] or [0] * 3
        print(
            f"{len(rows)} catalogs: {total[0]} translated, {total[1]} fuzzy, {total[2]} untranslated"
        )
        return 1 if total[1] or total[2] else 0
    if command == "lint":
        files = [Path(a).resolve() for a in args] or sorted(LOCALES.rglob("*.po"))
        found = [line for po in files for line in problems(po)]
        print("\n".join(found) or f"{len(files)} catalogs: every translation keeps its markup")
        return 1 if found else 0
    if command == "fill":
        print(f"{fill(args[0] if args else TRANSLATIONS[0])} messages filled from other catalogs")
        return 0
    if command == "fix":
        fixed, left = fix(args[0] if args else TRANSLATIONS[0])
        print(f"{fixed} spaces inside Chinese text removed")
        if left:
            print("Not removed (reword the sentence so the markup follows punctuation):")
            print("\n".join(left))
        return 1 if left else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
