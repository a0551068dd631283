"""Check that every number quoted in a page's prose was computed on that page.

The site's promise is that a number a reader sees in the text was printed by the code above it
(or asserted in it). This tool reads *built* HTML pages and, for each number in their prose,
looks for it in the page's printed output and in its ``assert`` statements; what it finds in
neither is reported with the page, the sentence and the number.

Usage::

    python tools/number_check.py PAGE.html [PAGE.html ...]   # findings for those pages
    python tools/number_check.py docs/_build/html             # every checked page of a build
    python tools/number_check.py --allowlist FILE ...         # another allowlist (default below)

It prints one finding per number and exits with 1 if there is any finding (or an allowlist
error), 0 otherwise. The site test ``tests/site/test_numbers.py`` runs the same check.

Which pages
    Gallery pages (``tutorials/**/plot_*.html``) and every page with executed notebook cells
    (MyST-NB ``div.cell``: the explanations, the benchmarks page, the common-errors how-to).

Where numbers are read (the *prose*)
    The page's article: paragraphs, list items (Key points, Exercises), table cells, headings,
    admonitions. Not code blocks, not output blocks, not the sphinx-gallery boilerplate (download
    note, running time, footer).

    * Inline code (````...````) is code, and its numbers are skipped -- *unless the inline code is
      only a number* (````0.757````): that is a quoted result and is checked.
    * Inline and display math are formulas: their integers below 10 (the 2 of 2/λmax, 1/N,
      1 − β), indices and exponents (``x_{10}``, ``u^{2}``) are skipped; everything else is read
      as in prose (``\\approx 0.757``, ``10^{-4}``, ``41``).

What counts as a number that quotes a result
    * decimals (``0.0949``, ``.5``), percentages (``95.9 %``, ``23–30 %``), factors (``2×``,
      ``1.1x``), scientific notation (``1e-4``, ``1.5e−3``, ``3 × 10⁻⁴``, ``10⁻⁴``, ``10^-4``),
      thousands separators (``202,666``, ``1 207`` with a space, narrow space or no-break space),
      magnitudes (``25.6 M``, ``20 million``, ``10k``), fractions of integers (``1/4``), negative
      numbers (``−88.7`` with U+2212 or ``-88.7``);
    * integers of 10 or more (``41 errors``, ``114 samples``);
    * integers below 10 only when they carry a unit (``5 %``, ``2×``) or count a result: they are
      followed by *errors, mistakes, misclassified, wrong, correct, failures, …* or are the *N* of
      "N of M" / "N out of M".

    Not numbers: digits inside names (``float32``, ``plot_16``, ``ResNet-50``, ``top-1``, ``x86_64``)
    or after ``:`` or ``/`` (``localhost:6006``, ``runs/12``),
    ordinals (``10th``), ``2D``/``3D``, dotted numbers with two or more dots (``2.13.0``), version
    numbers after a product name (``PyTorch 2.0``, ``Python 3.10``), and references: a number right
    after *page(s), p., part, note(s), section, §, chapter, tutorial, lesson, issue, exercise,
    solution, figure, table, equation* (``page 16``, ``note 004``, ``section 2.1``, ``pages 9–13``,
    ``Exercise 1.2``). Integers below 10
    otherwise (``two layers`` written ``2 layers``, ``3×3`` kernels) are lesson constants and are
    skipped.

When a number is computed
    Printed: the page's output blocks (gallery ``sphx-glr-script-out``, notebook ``cell_output``)
    contain a number *v* with at least as many decimals as the prose number *p* and
    ``|v − p| < ½·10^−d`` where *d* is *p*'s number of decimals: *p* is *v* rounded to the
    precision the prose states (an exact tie, printed ``0.05`` for "``0.1``", does not count). So printed ``0.0949`` matches ``0.0949``, ``0.095`` and ``0.09``;
    printed ``0.1`` does **not** match ``0.100`` (the prose would claim digits nobody printed);
    printed ``19.6`` matches "about ``20`` s". Scientific notation states its precision by its
    mantissa: ``1e-4`` has d = 4, ``1.5e-3`` has d = 4, ``25.6 M`` has d = −5.
    Percentages: ``p %`` also matches a printed fraction *v* with at least d + 2 decimals and
    ``|100·v − p| < ½·10^−d`` (printed ``0.959`` ↔ ``95.9 %`` ↔ ``96 %``); a prose fraction also
    matches a printed percentage (printed ``95.9%`` ↔ ``0.959``). Fractions ``a/b`` match a printed
    number with at least two decimals that is a/b rounded. The sign counts.

    Asserted: the number (by the same rounding rule) is a literal in an ``assert`` statement, or
    in a call to ``assert_close``/``assert_allclose``/``isclose``/``allclose``/``approx``/
    ``assert_*``, in one of the page's code blocks -- the assert itself states the tolerance
    (``assert abs(eta - 0.757) < 1e-3`` vouches for ``0.757`` and ``1e-3``; ``assert acc > 0.95``
    vouches for ``95 %``). Constant expressions are folded (``5 / 3`` → 1.6667). A literal that the
    code merely *uses* (``lr=0.05``) is not a check of anything: print it, or allowlist it.

Constants of the lesson: the allowlist
    A number that is neither printed nor asserted is allowed only by an entry of the allowlist
    (``tests/site/number_allowlist.toml``), one per phrase::

        ["tutorials/03_training/plot_16_training_loop.html"]   # the page, relative to the site
        allow = [
          { number = "64", context = "MLP 64 → 64 → 10", reason = "the layer widths the code sets" },
        ]

    * ``number`` is exactly one number in the syntax above (no wildcard, no pattern, no list);
    * ``context`` is an exact piece of the page's text (whitespace and the minus sign normalised)
      that contains the number; the entry covers that number only where that phrase occurs;
    * ``reason`` says why the number is a constant of the lesson: at least 3 words;
    * at most ``MAX_ENTRIES_PER_PAGE`` entries per page, no duplicates, only pages that exist
      and are checked;
    * an entry that covers nothing (the phrase is gone, or the number is now printed or asserted)
      is **stale** and fails the check, so the list cannot silently grow into a blanket.
"""

from __future__ import annotations

import argparse
import ast
import functools
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation, localcontext
from pathlib import Path

import lxml.html
import site_layout

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = site_layout.ROOT
DEFAULT_HTML = site_layout.HTML
DEFAULT_ALLOWLIST = ROOT / "tests" / "site" / "number_allowlist.toml"

MAX_ENTRIES_PER_PAGE = 12
SMALL_INTEGER = 10  # integers below this are lesson constants unless they carry a unit or count
MIN_REASON_WORDS = 3

# --------------------------------------------------------------------------------------------
# Reading numbers
# --------------------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SPACES = "\u00a0\u202f\u2009\u2007"  # no-break, narrow no-break, thin, figure space
_MINUS = "-\u2212"

_NUMBER = re.compile(
    rf"""
    (?<![\w.:/])                                 # not in a name, after a point, in a URL
    (?:
        (?P<pow>10)(?:\^\{{?(?P<pow_exp>[{_MINUS}+]?\d+(?:\\,\d{{3}})*)\}}?|(?P<pow_sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))
      | (?P<mant>
            \d{{1,3}}(?:(?P<sep>[,{_SPACES} ]|\\,|\{{,\}})\d{{3}}(?!\d))(?:(?P=sep)\d{{3}}(?!\d))*(?:\.\d+)?
          | \d+(?:\.\d+)?
          | \.\d+
        )
        (?:
            [eE](?P<e_exp>[{_MINUS}+]?\d+)
          | [ {_SPACES}]?(?:×|·|\\times|\\cdot)[ {_SPACES}]?10
            (?:\^\{{?(?P<t_exp>[{_MINUS}+]?\d+)\}}?|(?P<t_sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))
        )?
        (?:/(?P<den>\d+)(?![\d.]))?
    )
    """,
    re.VERBOSE,
)

_MAGNITUDE = {"k": 3, "K": 3, "thousand": 3, "M": 6, "million": 6, "billion": 9, "B": 9}
_SUFFIX = re.compile(
    rf"[ {_SPACES}]*(?:"
    r"(?P<pct>%|per ?cent\b)"
    r"|(?P<times>[×x])(?![ \u00a0\u202f\u2009]?[\d(])(?![A-Za-z])"
    r"|(?P<dim>[×x][ \u00a0\u202f\u2009]?\d)"
    r"|(?P<ordinal>(?<=\d)(?:st|nd|rd|th)\b)"
    r"|(?P<dee>(?<=\d)D\b)"
    r"|(?P<mag>(?<=[\d ])[kKM]\b|(?<=\d)B\b|(?<=[\d ])(?:thousand|million|billion)\b)"
    r")"
)
_RESULT_WORDS = re.compile(
    r"[ \u00a0\u202f\u2009]*(?:\w+[ \u00a0\u202f\u2009]+)?"
    r"(?:errors?|mistakes?|misclassifi\w*|wrong\w*|incorrect\w*|correct\w*|failures?|fail\w*|"
    r"miss\w*|hits?|of[ \u00a0\u202f\u2009]+\d|out[ \u00a0\u202f\u2009]+of\b)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"(?:\b(?:pages?|pp?\.|parts?|notes?|sections?|chapters?|tutorials?|lessons?|issues?|"
    r"exercises?|solutions?|"
    r"figures?|fig\.|tables?|equations?|eq\.|steps? of the syllabus)|§)[ \u00a0\u202f\u2009]*$",
    re.IGNORECASE,
)
_VERSION = re.compile(
    r"\b(?:PyTorch|torch|Python|NumPy|numpy|SciPy|CUDA|cuDNN|scikit-learn|sklearn|pandas|"
    r"matplotlib|TensorBoard|tensorboard|sphinx-gallery|Sphinx|ONNX|opset|version|release|v)"
    r"[ \u00a0\u202f\u2009]*$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"^[ \u00a0\u202f\u2009]*(?:[–—-]|to|and|or|/|,)[ \u00a0\u202f\u2009]*$")


@dataclass(frozen=True)
class Number:
    """A number as written: ``value`` with ``places`` decimals of precision, and a unit."""

    text: str
    value: Decimal
    places: int  # -exponent of the last stated digit: 0.0949 → 4, 20 → 0, 25.6 M → -5
    unit: str = ""  # "" | "%" | "×" | "/" (a fraction a/b: exact, no places)
    start: int = 0
    end: int = 0

    def describe(self) -> str:
        return self.text


# Exact arithmetic on any exponent a page may write (10^{25 600 000} included).
_CONTEXT = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _exact(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(_CONTEXT):
            return function(*args, **kwargs)

    return wrapper


def _exp(text: str) -> int:
    return int(text.translate(_SUPERSCRIPT).replace("\u2212", "-").replace("\\,", ""))


def _places(value: Decimal) -> int:
    return -value.as_tuple().exponent


def _parse(match: re.Match, text: str) -> Number | None:
    """The number a regex match stands for (None for a fraction with a zero denominator)."""
    if match["pow"]:
        exp = _exp(match["pow_exp"] or match["pow_sup"])
        value = Decimal(1).scaleb(exp)
    else:
        mant = match["mant"]
        if match["sep"]:
            mant = mant.replace(match["sep"], "")
        value = Decimal(mant)
        exp_text = match["e_exp"] or match["t_exp"] or match["t_sup"]
        if exp_text:
            value = value.scaleb(_exp(exp_text))
        if match["den"]:
            den = int(match["den"])
            if den < 2 or "." in mant or exp_text or int(mant) < 1:
                return None
            return Number(text=match[0], value=Decimal(int(mant)) / den, places=99, unit="/")
    return Number(text=match[0], value=value, places=_places(value))


def _coefficient(text: str, start: int, suffix: re.Match, math: bool) -> bool:
    """Whether the ``x`` after a number is a variable (``1 + 2x``), not a factor (``2x faster``)."""
    if suffix["times"] != "x":
        return False
    if math:
        return True
    before = text[:start].rstrip()[-1:]
    after = text[suffix.end() :].lstrip()[:1]
    return before in ("+", "-", "−", "=", "*", "/", "^", "(") or after in tuple("+-−=*/^)")


def _negative(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` has a minus sign in front of it."""
    if start == 0 or text[start - 1] not in _MINUS:
        return False
    before = text[start - 2] if start >= 2 else " "
    return not (before.isalnum() or before in ")]._")


@_exact
def read_numbers(text: str, *, math: bool = False) -> list[Number]:
    """The numbers in a piece of prose that quote a result, by the rules of this module.

    ``math``: the text is a formula (LaTeX): integers below 10 (the 2 of 2/λ, 1/N) and indices
    and exponents (``x_{10}``, ``u^{2}``) are part of the formula, not results.
    """
    found: list[Number] = []
    previous: tuple[Number, bool, int] | None = None  # (number, skipped as reference, end)
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
            continue  # ResNet-50, top-1: part of a name
        if text[end : end + 1] == "." and text[end + 1 : end + 2].isdigit():
            continue  # 2.13.0: a version or a section number
        if match["mant"] and "." in match["mant"] and text[start:end].count(".") > 1:
            continue
        number = _parse(match, text)
        if number is None:
            continue
        suffix = _SUFFIX.match(text, end)
        unit, skip, value, places = number.unit, False, number.value, number.places
        if suffix and unit != "/":
            if suffix["pct"]:
                unit, end = "%", suffix.end()
            elif suffix["times"] and not _coefficient(text, start, suffix, math):
                unit, end = "×", suffix.end()
            elif suffix["ordinal"] or suffix["dee"]:
                skip = True
            elif suffix["mag"] and math and suffix["mag"] in ("k", "K", "M", "B"):
                pass  # in a formula a letter after a number is a variable: 2B, 3k
            elif suffix["mag"]:
                shift = _MAGNITUDE[suffix["mag"]]
                value, places = value.scaleb(shift), places - shift
                end = suffix.end()
        if _negative(text, start):
            start, value = start - 1, -value
        before = text[max(0, start - 40) : start]
        reference = bool(_REFERENCE.search(before))
        joined = previous is not None and _RANGE_JOIN.match(text[previous[2] : start])
        if joined and previous[1]:
            reference = True  # pages 9–13
        integer = unit == "" and places <= 0 and "." not in match[0]
        if reference and (integer or (match["mant"] and match["mant"].count(".") == 1)):
            skip = True
        if _VERSION.search(before) and "." in match[0]:
            skip = True
        if math and re.search(r"[_^]\{?$", text[max(0, start - 2) : start]):
            skip = True  # an index or an exponent
        if math and integer and abs(value) < SMALL_INTEGER:
            skip = True  # the small integers of a formula: 2/λ, 1/N, (1 - β)
        if math and unit == "/" and all(int(n) < SMALL_INTEGER for n in match[0].split("/")):
            skip = True  # a fraction of the formula's small integers: √(1/6), 1/4
        if not skip and integer and abs(value) < SMALL_INTEGER:
            skip = not _RESULT_WORDS.match(text, end)
        if not skip and unit in ("%", "×") and joined and previous[0].unit == "":
            # "23–30 %", "5–10 %": the unit belongs to both ends of the range.
            first = previous[0]
            first = Number(first.text, first.value, first.places, unit, first.start, first.end)
            if found and found[-1].start == first.start:
                found[-1] = first
            elif not previous[1]:
                found.append(first)
        number = Number(text[start:end].strip(), value, places, unit, start, end)
        previous = (number, reference, end)
        if not skip:
            found.append(number)
    return found


# --------------------------------------------------------------------------------------------
# Reading a page
# --------------------------------------------------------------------------------------------

_OUTPUT_CLASSES = {"sphx-glr-script-out", "cell_output", "output_subarea"}
_DROPPED_CLASSES = {
    "sphx-glr-download-link-note",
    "sphx-glr-timing",
    "sphx-glr-footer",
    "sphx-glr-signature",
    "sphx-glr-thumbnails",
    "sphx-glr-thumbcontainer",
    "headerlink",
    "toctree-wrapper",
    "cell_input",  # a notebook cell's code (read separately, as code)
}
_COMPUTED_CLASSES = {"pasted-text", "pasted-inline"}  # MyST-NB glue: values the code computed
_BLOCKS = {
    "p",
    "li",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "caption",
    "figcaption",
    "div",
    "section",
    "blockquote",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "details",
    "summary",
    "article",
    "aside",
    "br",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ONLY_A_NUMBER = re.compile(rf"^[\s{_SPACES}]*[{_MINUS}]?(?:\d[\d, .{_SPACES}]*|\.\d+)[^\w]*$")


@dataclass
class Segment:
    """A block of prose: its text, the spans that are math or skipped, and its section."""

    text: str
    section: str
    math: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Page:
    """What the check needs from one built page."""

    path: Path
    key: str
    segments: list[Segment]
    printed: list[Number]
    asserted: list[Number]
    code_literals: set[Decimal]


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


class _Prose:
    """Walks an article and cuts its prose into blocks of text."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.section = ""
        self._parts: list[tuple[str, str]] = []

    def flush(self) -> None:
        text = "".join(part for part, _ in self._parts)
        if text.strip():
            segment = Segment(text="", section=self.section)
            pieces = []
            for part, kind in self._parts:
                start = sum(len(p) for p in pieces)
                pieces.append(part)
                if kind == "math":
                    segment.math.append((start, start + len(part)))
                elif kind == "skip":
                    segment.skipped.append((start, start + len(part)))
            segment.text = "".join(pieces)
            self.segments.append(segment)
        self._parts = []

    def add(self, text: str | None, kind: str = "prose") -> None:
        if text:
            self._parts.append((text, kind))

    def visit(self, element) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction
            return
        tag, classes = element.tag, _classes(element)
        if tag in ("script", "style", "nav", "footer", "img", "svg", "pre", "form", "button"):
            return
        if classes & (_OUTPUT_CLASSES | _DROPPED_CLASSES) or any(
            c.startswith("highlight") for c in classes
        ):
            return
        if classes & _COMPUTED_CLASSES:
            self.add(element.text_content(), "skip")
            return
        if tag == "code" or ("literal" in classes and tag == "span"):
            text = element.text_content()
            self.add(text, "prose" if _ONLY_A_NUMBER.match(text) else "skip")
            return
        if "math" in classes:
            if tag == "div":
                self.flush()
            self.add(element.text_content(), "math")
            if tag == "div":
                self.flush()
            return
        if tag in _BLOCKS:
            self.flush()
        if tag in ("td", "th") and self._parts:
            self.add(" | ")  # a table row is one block: its cells give each other context
        if tag in _HEADINGS:
            heading = element.text_content().replace("#", "").replace("¶", "")
            self.section = re.sub(r"\s+", " ", heading).strip()
        self.add(element.text)
        for child in element:
            self.visit(child)
            self.add(child.tail)
        if tag in _BLOCKS:
            self.flush()


def _article(doc):
    for xpath in ("//article", "//*[@role='main']", "//main", "//body"):
        found = doc.xpath(xpath)
        if found:
            return found[0]
    return doc


def _is_output(element) -> bool:
    return any(_classes(e) & _OUTPUT_CLASSES for e in element.iterancestors()) or bool(
        _classes(element) & _OUTPUT_CLASSES
    )


_PRINTED_NUMBER = re.compile(
    # Grouped thousands first (4,706 / 25,557,032 / 1 207.5), else "4" of "4,706" would match.
    r"(?<![\d.])[-−]?\d{1,3}"
    r"(?:(?P<sep>[,_\u00a0\u202f\u2009])\d{3}(?!\d))(?:(?P=sep)\d{3}(?!\d))*(?:\.\d+)?"
    r"|(?<![\d.])[-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\d])"
)
_PRINTED_MAGNITUDE = re.compile(r"[ \u00a0]?(thousand|million|billion|trillion)\b")


@_exact
def printed_numbers(text: str) -> list[Number]:
    """Every number in printed output, a percentage marked as such (``95.9%`` → unit ``%``)."""
    numbers = []
    for match in _PRINTED_NUMBER.finditer(text):
        raw = match[0].replace("−", "-")
        if match["sep"]:
            raw = raw.replace(match["sep"], "")
        try:
            value = Decimal(raw.rstrip("."))
        except InvalidOperation:
            continue
        if not value.is_finite():
            continue
        unit = "%" if re.match(r"[ \u00a0]?%", text[match.end() : match.end() + 2]) else ""
        numbers.append(Number(match[0], value, _places(value), unit, *match.span()))
        word = _PRINTED_MAGNITUDE.match(text, match.end())
        if word:  # "17.2 billion": the printed quantity is 1.72e10, as prose would write it
            shift = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}[word[1]]
            scaled = value.scaleb(shift)
            numbers.append(Number(match[0], scaled, _places(value) - shift, unit, *match.span()))
    return numbers


_ASSERT_CALL = re.compile(
    r"(?:^|\.)(?:assert\w*|isclose|allclose|approx|assert_close|assert_allclose)$"
)


def _call_name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return _call_name(func.value) + "." + func.attr
    return ""


def _code_text(block: str) -> str:
    """Python source of a code block: doctest prompts and IPython magics removed."""
    lines = block.splitlines()
    if any(line.lstrip().startswith(">>>") for line in lines):
        lines = [
            line.lstrip()[4:]
            for line in lines
            if line.lstrip().startswith((">>> ", "... ", ">>>", "..."))
        ]
    return "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))


@_exact
def _literal(node, source: str) -> Decimal | None:
    """The value of a numeric literal or constant expression (``5 / 3``, ``-1e-3``), else None."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        text = ast.get_source_segment(source, node) or repr(node.value)
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return Decimal(repr(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _literal(node.operand, source)
        if inner is not None:
            return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = _literal(node.left, source), _literal(node.right, source)
        if left is not None and right is not None:
            if isinstance(node.op, ast.Pow) and abs(right) > 100:
                return None  # not worth computing
            try:
                value = eval(  # only two numeric literals and one operator
                    compile(ast.Expression(node), "<constant>", "eval"), {"__builtins__": {}}
                )
            except (ArithmeticError, ValueError, TypeError):
                return None
            if isinstance(value, int | float) and math.isfinite(value):
                return Decimal(repr(value))
    return None


def code_numbers(block: str) -> tuple[list[Number], set[Decimal]]:
    """(numbers in assert statements and assert-like calls, every numeric literal) of a block."""
    source = _code_text(block)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _code_numbers_by_line(source)
    asserted: list[Number] = []
    literals: set[Decimal] = set()
    for node in ast.walk(tree):
        value = _literal(node, source)
        if value is not None:
            literals.add(value)
        is_check = isinstance(node, ast.Assert) or (
            isinstance(node, ast.Call) and _ASSERT_CALL.search(_call_name(node.func))
        )
        if is_check:
            for sub in ast.walk(node):
                value = _literal(sub, source)
                if value is not None:
                    asserted.append(Number(str(value), value, _places(value)))
    return asserted, literals


def _code_numbers_by_line(source: str) -> tuple[list[Number], set[Decimal]]:
    asserted, literals = [], set()
    for line in source.splitlines():
        code = line.split("#", 1)[0]
        numbers = printed_numbers(code)
        literals |= {n.value for n in numbers}
        if re.search(r"\bassert|isclose|allclose|approx", code):
            asserted += numbers
    return asserted, literals


def page_key(path: Path, html_root: Path | None = None) -> str:
    """The page's path relative to the site root (the folder with ``_static``), POSIX style."""
    path = path.resolve()
    if html_root is None:
        for parent in path.parents:
            if (parent / "_static").is_dir() and (parent / "index.html").exists():
                html_root = parent
                break
    if html_root is None:
        return path.name
    return path.relative_to(html_root.resolve()).as_posix()


def read_page(path: Path, html_root: Path | None = None) -> Page:
    """Parse one built page: its prose blocks, printed numbers and code numbers."""
    doc = lxml.html.fromstring(path.read_bytes())
    article = _article(doc)
    printed: list[Number] = []
    for element in article.iter():
        if isinstance(element.tag, str) and _classes(element) & _OUTPUT_CLASSES:
            if not any(_classes(a) & _OUTPUT_CLASSES for a in element.iterancestors()):
                printed += printed_numbers(element.text_content())
    asserted: list[Number] = []
    literals: set[Decimal] = set()
    for pre in article.iter("pre"):
        if _is_output(pre):
            continue
        found, lits = code_numbers(pre.text_content())
        asserted += found
        literals |= lits
    prose = _Prose()
    prose.visit(article)
    prose.flush()
    return Page(path, page_key(path, html_root), prose.segments, printed, asserted, literals)


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


def _half_ulp(places: int) -> Decimal:
    return Decimal(5).scaleb(-places - 1)


@_exact
def matches(prose: Number, known: Number) -> bool:
    """Whether ``known`` (printed or asserted) rounds to ``prose`` at the prose's precision."""
    if prose.unit == "/":
        return known.places >= 2 and abs(known.value - prose.value) < _half_ulp(known.places)
    candidates = [(known.value, known.places)]
    if prose.unit == "%":
        candidates.append((known.value * 100, known.places - 2))
    elif known.unit == "%":
        candidates.append((known.value / 100, known.places + 2))
    return any(
        places >= prose.places
        and (value == prose.value or abs(value - prose.value) < _half_ulp(prose.places))
        for value, places in candidates
    )


@dataclass(frozen=True)
class Finding:
    page: str
    section: str
    sentence: str
    number: str
    value: Decimal
    unit: str
    in_code: bool  # the number is a literal somewhere in the page's code
    near: str  # the closest printed number, as a hint

    def message(self) -> str:
        where = f" [{self.section}]" if self.section else ""
        hints = []
        if self.in_code:
            hints.append("a literal in the page's code: print it, assert it, or allowlist it")
        if self.near:
            hints.append(f"closest printed: {self.near}")
        hint = f" ({'; '.join(hints)})" if hints else ""
        return f'{self.page}{where}: "{self.number}" is not printed or asserted{hint}\n    in: {self.sentence}'


@dataclass
class _Candidate:
    finding: Finding
    segment_text: str
    start: int
    end: int


_SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0]+(?=[A-Z(\"“*•‘'`])")


def _sentence(text: str, start: int, end: int) -> str:
    left, right = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    sentence = re.sub(r"\s+", " ", text[left:right]).strip()
    if len(sentence) > 400:
        local = start - left
        sentence = "…" + sentence[max(0, local - 200) : local + 200] + "…"
    return sentence


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


@_exact
def _nearest(number: Number, printed: list[Number]) -> str:
    best, best_gap = "", None
    for known in printed:
        if known.value == 0 or number.value == 0:
            continue
        value = known.value * 100 if number.unit == "%" and abs(known.value) <= 1 else known.value
        gap = abs(value - number.value) / abs(number.value)
        if gap <= Decimal("0.1") and (best_gap is None or gap < best_gap):
            best, best_gap = known.text, gap
    return best


def page_numbers(page: Page) -> list[tuple[Segment, Number]]:
    """Every (prose block, number) the check looks at on a page."""
    found = []
    for segment in page.segments:
        prose_numbers = read_numbers(segment.text)
        math_numbers = []
        for a, b in segment.math:
            for n in read_numbers(segment.text[a:b], math=True):
                math_numbers.append(
                    Number(n.text, n.value, n.places, n.unit, n.start + a, n.end + a)
                )
        for number in prose_numbers:
            span = (number.start, number.end)
            if _inside(span, segment.math) or _inside(span, segment.skipped):
                continue
            if any(a < number.end and number.start < b for a, b in segment.skipped):
                continue
            found.append((segment, number))
        found += [(segment, n) for n in math_numbers]
    return found


def _judge(page: Page) -> list[tuple[_Candidate, str]]:
    """Every number the check looks at on a page, with what backs it ("" when nothing does)."""
    out = []
    for segment, number in page_numbers(page):
        how = next((f"printed {k.text}" for k in page.printed if matches(number, k)), "")
        how = how or next((f"asserted {k.text}" for k in page.asserted if matches(number, k)), "")
        in_code = number.value in page.code_literals or (
            number.unit == "%" and number.value / 100 in page.code_literals
        )
        finding = Finding(
            page=page.key,
            section=segment.section,
            sentence=_sentence(segment.text, number.start, number.end),
            number=number.text,
            value=number.value,
            unit=number.unit,
            in_code=in_code,
            near="" if how else _nearest(number, page.printed),
        )
        out.append((_Candidate(finding, segment.text, number.start, number.end), how))
    return out


# --------------------------------------------------------------------------------------------
# The allowlist
# --------------------------------------------------------------------------------------------


class AllowlistError(ValueError):
    """The allowlist file is malformed; the message says where."""


@dataclass(frozen=True)
class Entry:
    page: str
    number: Number
    context: str
    reason: str

    def label(self) -> str:
        return f'{self.page}: allow "{self.number.text}" in "{self.context}"'


def _normalise(text: str) -> str:
    text = text.replace("\u2212", "-")
    return re.sub(rf"[\s{_SPACES}]+", " ", text)


def parse_allowlist(text: str, source: str = "allowlist") -> list[Entry]:
    """Read and validate an allowlist (TOML); raise AllowlistError on any malformed entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AllowlistError(f"{source}: not valid TOML: {error}") from error
    entries: list[Entry] = []
    problems: list[str] = []
    for page, table in data.items():
        if not isinstance(table, dict) or set(table) != {"allow"}:
            problems.append(f'{source}: ["{page}"] must hold exactly one key, allow = [...]')
            continue
        items = table["allow"]
        if not isinstance(items, list) or not items:
            problems.append(f'{source}: ["{page}"].allow must be a non-empty list of entries')
            continue
        if len(items) > MAX_ENTRIES_PER_PAGE:
            problems.append(
                f"{source}: {page} has {len(items)} entries, more than {MAX_ENTRIES_PER_PAGE}: "
                "print or assert those numbers instead"
            )
        seen = set()
        for i, item in enumerate(items):
            where = f"{source}: {page} entry {i + 1}"
            if not isinstance(item, dict) or set(item) != {"number", "context", "reason"}:
                problems.append(f"{where}: needs exactly the keys number, context, reason")
                continue
            number, context, reason = item["number"], item["context"], item["reason"]
            if not all(isinstance(v, str) for v in (number, context, reason)):
                problems.append(f"{where}: number, context and reason must be strings")
                continue
            parsed = read_numbers(number.strip())
            whole = (
                len(parsed) == 1
                and parsed[0].start == 0
                and parsed[0].end >= len(number.strip().rstrip("%×x ").rstrip())
            )
            if not whole:
                problems.append(
                    f'{where}: number "{number}" must be exactly one number as the prose writes '
                    "it (no wildcard, pattern or list; and one the check looks at)"
                )
                continue
            in_context = [n for n in read_numbers(_normalise(context)) if _same(n, parsed[0])]
            if not in_context:
                problems.append(f'{where}: context "{context}" does not contain {number}')
                continue
            if not re.search(r"[^\W\d_]{2,}", context):
                problems.append(
                    f'{where}: context "{context}" must hold a word besides the number '
                    '("seed 42", not "42"), so that the entry covers one phrase'
                )
                continue
            words = re.findall(r"[A-Za-z]{2,}", reason)
            if len(words) < MIN_REASON_WORDS:
                problems.append(f"{where}: the reason must say why, in at least 3 words")
                continue
            key = (parsed[0].value, parsed[0].unit, _normalise(context))
            if key in seen:
                problems.append(f"{where}: duplicate entry")
                continue
            seen.add(key)
            entries.append(Entry(page, parsed[0], _normalise(context), reason.strip()))
    if problems:
        raise AllowlistError("\n".join(problems))
    return entries


def load_allowlist(path: Path) -> list[Entry]:
    if not path.exists():
        return []
    return parse_allowlist(path.read_text(encoding="utf-8"), str(path))


def _same(a: Number, b: Number) -> bool:
    return a.value == b.value and a.unit == b.unit


def _covers(entry: Entry, candidate: _Candidate) -> bool:
    finding = candidate.finding
    if entry.page != finding.page or entry.number.value != finding.value:
        return False
    if entry.number.unit != finding.unit:
        return False
    text = _normalise(candidate.segment_text)  # same length: one character per character
    for m in re.finditer(re.escape(entry.context), text):
        if m.start() <= candidate.start and candidate.end <= m.end():
            return True
    return False


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------


@dataclass
class Report:
    findings: list[Finding]
    stale: list[Entry]
    allowed: int  # numbers covered by the allowlist
    checked: int  # numbers looked at
    pages: list[str]
    verdicts: list[tuple[Finding, str]] = field(default_factory=list)  # (number, what backs it)

    @property
    def ok(self) -> bool:
        return not self.findings and not self.stale

    def text(self) -> str:
        lines = [f.message() for f in self.findings]
        lines += [
            f"{e.label()}: stale allowlist entry (the phrase is gone, or the number is now "
            "printed or asserted): remove it"
            for e in self.stale
        ]
        lines.append(
            f"{len(self.findings)} unverified number(s), {len(self.stale)} stale allowlist "
            f"entr{'y' if len(self.stale) == 1 else 'ies'}; {self.checked} numbers checked on "
            f"{len(self.pages)} page(s), {self.allowed} allowed by the allowlist."
        )
        return "\n".join(lines)

    def summary(self) -> str:
        """One line per page: numbers checked, unverified, and how many of those are literals
        in the page's code (settings the prose restates)."""
        rows = [f"{'page':<60} {'checked':>7} {'unverified':>10} {'in code':>7}"]
        for key in self.pages:
            checked = sum(1 for f, _ in self.verdicts if f.page == key)
            bad = [f for f in self.findings if f.page == key]
            in_code = sum(f.in_code for f in bad)
            rows.append(f"{key:<60} {checked:>7} {len(bad):>10} {in_code:>7}")
        return "\n".join(rows)

    def verbose(self) -> str:
        return "\n".join(
            f"{f.page}: {f.number!r:>12} {how or 'UNVERIFIED'}" for f, how in self.verdicts
        )


def check_pages(pages: list[Page], allowlist: list[Entry]) -> Report:
    """Check pages against their own output and asserts, then the allowlist (for those pages)."""
    keys = {page.key for page in pages}
    entries = [e for e in allowlist if e.page in keys]
    used: set[int] = set()
    findings, verdicts, allowed = [], [], 0
    for page in pages:
        for candidate, how in _judge(page):
            if not how:
                covering = [i for i, e in enumerate(entries) if _covers(e, candidate)]
                if covering:
                    used.update(covering)
                    allowed += 1
                    how = "allowlisted: " + entries[covering[0]].reason
                else:
                    findings.append(candidate.finding)
            verdicts.append((candidate.finding, how))
    stale = [e for i, e in enumerate(entries) if i not in used]
    return Report(findings, stale, allowed, len(verdicts), sorted(keys), verdicts)


def is_checked_page(path: Path, html_root: Path | None = None) -> bool:
    """Gallery pages, and pages with executed notebook cells."""
    key = page_key(path, html_root)
    if key.endswith(".html") and site_layout.is_tutorial(key.removesuffix(".html")):
        return True
    if key.startswith(("_static/", "_modules/", "_sources/", f"{site_layout.TUTORIALS}/")):
        return False
    head = path.read_bytes()
    return b'class="cell docutils container"' in head or b'class="cell_output' in head


def site_pages(html_root: Path) -> list[Path]:
    pages = (html_root / page for page in site_layout.built_pages(html=html_root))
    return [page for page in pages if is_checked_page(page, html_root)]


def unknown_pages(allowlist: list[Entry], html_root: Path) -> list[str]:
    """Allowlisted pages that are not checked pages of the built site (a typo, a moved page)."""
    known = {page_key(p, html_root) for p in site_pages(html_root)}
    return sorted({e.page for e in allowlist} - known)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="pages, or a built site folder")
    parser.add_argument("--allowlist", type=Path, default=DEFAULT_ALLOWLIST)
    parser.add_argument("--summary", action="store_true", help="add a table of counts per page")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list every number and what backs it"
    )
    args = parser.parse_args(argv)
    paths = args.paths or [DEFAULT_HTML]
    files: list[Path] = []
    site_roots = []
    for path in paths:
        if path.is_dir():
            site_roots.append(path)
            files += site_pages(path)
        elif path.exists():
            files.append(path)
        else:
            print(f"{path}: no such page", file=sys.stderr)
            return 2
    try:
        allowlist = load_allowlist(args.allowlist)
    except AllowlistError as error:
        print(error, file=sys.stderr)
        return 1
    problems = [
        f"{args.allowlist}: allowlist names a page that is not checked: {key}"
        for root in site_roots
        for key in unknown_pages(allowlist, root)
    ]
    report = check_pages([read_page(f) for f in files], allowlist)
    if args.verbose:
        print(report.verbose())
    print(report.text())
    if args.summary:
        print(report.summary())
    for problem in problems:
        print(problem)
    return 0 if report.ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
