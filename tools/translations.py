"""The translations' catalogs: how complete they are, and whether each translation keeps its markup.

    python tools/translations.py status [LANG]      # per page: translated / fuzzy / untranslated
    python tools/translations.py lint [PO ...]      # every translation keeps the code, roles,
                                                    # links and math of its English message
    python tools/translations.py fill [LANG]        # fill an empty message from another page's
                                                    # catalog that translates the same message

``nox -s translations`` runs both after updating the catalogs from the English pages. The build
itself (docs/_ext/translations.py) is what fails on a stale translation; ``lint`` catches a
translation that would build but lose a link or a piece of code, and reStructuredText markup
that docutils reads differently from its English (markup glued to a Chinese character or to a
full-width bracket is silently left as plain text).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "docs" / "locales"

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


def syntax(po: Path) -> str:
    """ "rst" for the gallery's pages (reStructuredText), "myst" for the Markdown pages."""
    page = "/".join(po.relative_to(LOCALES).parts[2:])  # <lang>/LC_MESSAGES/<page>.po
    return "rst" if page.startswith(("tutorials/", "reference/index", "sg_execution")) else "myst"


def kept_pieces(message: str, kind: str) -> list[str]:
    """The pieces of ``message`` a translation must contain unchanged."""
    pieces, rest = [], message
    for pattern in _RST if kind == "rst" else _MYST:
        for match in pattern.finditer(rest):
            pieces.append(match.group(1) if match.groups() else match.group(0))
        rest = pattern.sub(" ", rest)
    return pieces + _HTML_TAG.findall(message)


def problems(po: Path) -> list[str]:
    kind, found = syntax(po), []
    catalog = read_po(po.open("rb"))
    for entry in catalog:
        if not entry.id:
            continue
        where = f"{po.relative_to(ROOT)}: {entry.id[:70]!r}"
        if entry.fuzzy or not entry.string:
            found.append(f"{where}: {'fuzzy' if entry.fuzzy else 'untranslated'}")
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
    return found


def status(language: str) -> list[tuple[str, int, int, int]]:
    rows = []
    for po in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po")):
        catalog = read_po(po.open("rb"))
        entries = [e for e in catalog if e.id]
        fuzzy = sum(e.fuzzy for e in entries)
        empty = sum(not e.string and not e.fuzzy for e in entries)
        rows.append(
            (po.relative_to(LOCALES).as_posix(), len(entries) - fuzzy - empty, fuzzy, empty)
        )
    return rows


def catalogs(language: str) -> dict[Path, object]:
    folder = LOCALES / language / "LC_MESSAGES"
    return {po: read_po(po.open("rb")) for po in sorted(folder.rglob("*.po"))}


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
        rows = status(args[0] if args else "zh_CN")
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
        print(f"{fill(args[0] if args else 'zh_CN')} messages filled from other catalogs")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
