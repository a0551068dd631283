"""A tutorial's exercises and their solutions, read from the gallery sources.

Every tutorial ends with two to four exercises; its solutions page, one page per tutorial in the
gallery's last part (``site_layout.SOLUTIONS_PART``), answers each with code that the build runs
and whose answer it asserts. The two are tied by reST labels, which also make the links:

- in the tutorial, each exercise is a text cell that starts with its label and number, gives its
  effort, and links to its solution::

      # .. _exercise-01-2:
      #
      # **Exercise 1.2** ★★ — *A far start.* … How many updates …?
      # :ref:`Solution <solution-01-2>`

  followed by a code cell of comments only: the empty cell a reader of the notebook fills in;
- in the solutions page, each solution's section starts with its label, links back to the
  exercise, and its code cells contain at least one ``assert``::

      # .. _solution-01-2:
      #
      # Exercise 1.2 ★★: a far start
      # ----------------------------
      # :ref:`The exercise <exercise-01-2>` …

Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment.

>>> source = '''
... # %%
... # .. _exercise-01-1:
... #
... # **Exercise 1.1** ★ — How many?
... # :ref:`Solution <solution-01-1>`
...
... # Your code for exercise 1.1
... '''
>>> [(e.label, e.number, e.stars, e.solution, e.empty_cell) for e in exercises(source)]
[('exercise-01-1', '1.1', 1, 'solution-01-1', True)]
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import site_layout

# sphinx-gallery's split of a script into cells: a text cell starts at a `# %%` line (or a line of
# 20 or more #) and runs over the comment lines that follow it; everything else is code.
_TEXT_CELL = re.compile(r"(?P<header>^#{20,}.*|^# ?%%.*)\n(?P<text>(?:^#.*\n?)*)", re.MULTILINE)
_LABEL = re.compile(r"^\.\. _(?P<kind>exercise|solution)-(?P<page>\d+[a-z]?)-(?P<n>\d+):\s*$", re.M)
_NUMBER = re.compile(r"\*\*Exercise (?P<number>\d+[a-z]?\.\d+)\*\*\s*(?P<stars>★+)")
_HEADING_STARS = re.compile(r"^Exercise (?P<number>\d+[a-z]?\.\d+) (?P<stars>★+)", re.M)
_REF = re.compile(r":ref:`[^`<]*<(?P<target>(?:exercise|solution)-\d+[a-z]?-\d+)>`")


@dataclass(frozen=True)
class Cell:
    kind: str  # "text" or "code"
    source: str  # a text cell without its "# " prefixes


@dataclass(frozen=True)
class Exercise:
    label: str  # exercise-01-2
    number: str | None  # "1.2", as the bold number in its text says
    stars: int  # its effort, 1 to 3 (0: none given)
    solution: str | None  # the label its "Solution" link points at
    empty_cell: bool  # a code cell of comments only follows it


@dataclass(frozen=True)
class Solution:
    label: str  # solution-01-2
    number: str | None  # "1.2", from its heading
    exercise: str | None  # the label its link back points at
    asserts: int  # assert statements in its code cells


def page_number(script: Path) -> str:
    """A tutorial's number as its labels write it: ``plot_01_x.py`` -> ``01``,
    ``plot_20b_x.py`` -> ``20b``."""
    match = re.match(r"plot_(\d+[a-z]?)_", script.name)
    if not match:
        raise ValueError(f"{script.name}: a tutorial's name starts with plot_<number>_")
    return match[1]


def shown_number(page: str, n: int) -> str:
    """The number a reader sees: page ``01``, exercise 2 -> ``1.2``; ``20b`` -> ``20b.2``."""
    return f"{page.lstrip('0') or '0'}.{n}"


def cells(source: str) -> list[Cell]:
    """The cells of a gallery script after its docstring, as sphinx-gallery cuts them."""
    module = ast.parse(source)
    start = 0
    if ast.get_docstring(module) is not None:
        lines = source.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: module.body[0].end_lineno])
    rest, found, pos = source[start:], [], 0
    for match in _TEXT_CELL.finditer(rest):
        if rest[pos : match.start()].strip():
            found.append(Cell("code", rest[pos : match.start()]))
        text = re.sub(r"^# ?", "", match["text"], flags=re.M)
        found.append(Cell("text", text))
        pos = match.end()
    if rest[pos:].strip():
        found.append(Cell("code", rest[pos:]))
    return found


def _sections(source: str, kind: str) -> list[tuple[str, str, list[Cell]]]:
    """(label, the text from the label on, the cells after it) for each label of ``kind``, up to
    the next label of either kind."""
    sections: list[tuple[str, str, list[Cell]]] = []
    for cell in cells(source):
        labels = list(_LABEL.finditer(cell.source)) if cell.kind == "text" else []
        if not labels:
            if sections:
                sections[-1][2].append(cell)
            continue
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(cell.source)
            name = label[0].removeprefix(".. _").rstrip().removesuffix(":")
            sections.append((name, cell.source[label.start() : end], []))
    return [s for s in sections if s[0].startswith(kind + "-")]


def _is_empty_cell(cell: Cell) -> bool:
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    return cell.kind == "code" and bool(lines) and all(line.startswith("#") for line in lines)


def _target(text: str, kind: str) -> str | None:
    targets = [m["target"] for m in _REF.finditer(text) if m["target"].startswith(kind + "-")]
    return targets[0] if targets else None


def exercises(source: str) -> list[Exercise]:
    """The exercises of a tutorial's source, in order."""
    found = []
    for label, text, after in _sections(source, "exercise"):
        number = _NUMBER.search(text)
        found.append(
            Exercise(
                label=label,
                number=number["number"] if number else None,
                stars=len(number["stars"]) if number else 0,
                solution=_target(text, "solution"),
                empty_cell=bool(after) and _is_empty_cell(after[0]),
            )
        )
    return found


def solutions(source: str) -> list[Solution]:
    """The solutions of a solutions page's source, in order."""
    found = []
    for label, text, after in _sections(source, "solution"):
        heading = _HEADING_STARS.search(text)
        code = "".join(cell.source for cell in after if cell.kind == "code")
        asserts = sum(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(code)))
        found.append(
            Solution(
                label=label,
                number=heading["number"] if heading else None,
                exercise=_target(text, "exercise"),
                asserts=asserts,
            )
        )
    return found


def problems(tutorial: Path, solutions_page: Path | None = None) -> list[str]:
    """What is wrong with a tutorial's exercises and their solutions (nothing: ``[]``)."""
    page = page_number(tutorial)
    solutions_page = solutions_page or site_layout.solutions_script(tutorial)
    found = exercises(tutorial.read_text(encoding="utf-8"))
    wrong = []
    if not 2 <= len(found) <= 4:
        wrong.append(f"{tutorial.name}: {len(found)} exercises; a tutorial has 2 to 4")
    for n, exercise in enumerate(found, 1):
        where = f"{tutorial.name}, {exercise.label}"
        if exercise.label != f"exercise-{page}-{n}":
            wrong.append(f"{where}: expected the label exercise-{page}-{n} (numbered in order)")
        if exercise.number != shown_number(page, n):
            wrong.append(f"{where}: its text must start **Exercise {shown_number(page, n)}**")
        if not 1 <= exercise.stars <= 3:
            wrong.append(f"{where}: give its effort after the number, ★ to ★★★")
        if exercise.solution != f"solution-{page}-{n}":
            wrong.append(f"{where}: link its solution, :ref:`Solution <solution-{page}-{n}>`")
        if not exercise.empty_cell:
            wrong.append(
                f"{where}: follow it with a code cell of comments only "
                f"(`# Your code for exercise {shown_number(page, n)}`), the notebook's empty cell"
            )
    if not solutions_page.exists():
        return [*wrong, f"{tutorial.name}: no solutions page {solutions_page.name}"]
    answers = {s.label: s for s in solutions(solutions_page.read_text(encoding="utf-8"))}
    for exercise in found:
        solution = answers.pop(exercise.solution or "", None)
        where = f"{solutions_page.name}, {exercise.solution}"
        if solution is None:
            wrong.append(f"{tutorial.name}, {exercise.label}: no solution ({exercise.solution})")
            continue
        if solution.exercise != exercise.label:
            wrong.append(f"{where}: link back, :ref:`The exercise <{exercise.label}>`")
        if solution.number != exercise.number:
            wrong.append(
                f"{where}: its heading must start Exercise {exercise.number} and its stars"
            )
        if not solution.asserts:
            wrong.append(f"{where}: no assert; a solution checks the answer it prints")
    wrong += [f"{solutions_page.name}, {label}: answers no exercise" for label in answers]
    return wrong
