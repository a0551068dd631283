"""Every tutorial ends with 2 to 4 exercises, and every exercise has a solution the build runs.

The rule is tools/exercises.py's (its docstring shows the markup): each exercise is numbered,
gives its effort (★ to ★★★), links its solution and is followed by an empty code cell (the
notebook's cell for the reader's answer); the tutorial's solutions page in the gallery's last
part has a section per exercise that links back and asserts its answer. The solutions pages are
gallery pages like the tutorials, so the build executes them, the page-time, figure, number and
translation checks cover them, and `nox -s notebooks` runs their downloads.

The sources are read, not the HTML: a missing assert or link is named with its file and label.
The last test reads the built notebooks: the reader's empty cells are there.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from urllib.parse import unquote

import exercises
import pytest
import site_layout

pytestmark = pytest.mark.site

# Tutorials allowed to lack exercises with solutions: every tutorial has them (issue 32). A page
# may return here only with a reason; its xfail is strict, so it fails as soon as the page passes.
NOT_YET_CONVERTED: set[str] = set()


def _marks(script: Path) -> list:
    if script.stem in NOT_YET_CONVERTED:
        return [pytest.mark.xfail(strict=True, reason="issue 32: not yet converted")]
    return []


LESSONS = [pytest.param(s, id=s.stem, marks=_marks(s)) for s in site_layout.lesson_scripts()]


@pytest.mark.parametrize("script", LESSONS)
def test_every_exercise_has_a_solution_that_asserts_its_answer(script):
    wrong = exercises.problems(script)
    if "\n# Try it\n# ------\n" in script.read_text(encoding="utf-8"):
        wrong.append(f"{script.name}: a 'Try it' section is left; its ideas become exercises")
    assert not wrong, "\n".join(wrong)


def test_every_solutions_page_answers_one_tutorial():
    lessons = {site_layout.solutions_script(s) for s in site_layout.lesson_scripts()}
    pages = [
        s for s in site_layout.gallery_scripts() if s.parent.name == site_layout.SOLUTIONS_PART
    ]
    assert pages, "no solutions pages found"
    orphans = [p.name for p in pages if p not in lessons]
    assert not orphans, f"solutions pages without a tutorial of that name: {orphans}"


def test_the_not_yet_converted_pages_exist():
    lessons = {s.stem for s in site_layout.lesson_scripts()}
    assert NOT_YET_CONVERTED <= lessons, sorted(NOT_YET_CONVERTED - lessons)


def _notebook(page: Path) -> dict:
    """The notebook a built page offers for download."""
    links = re.findall(r'href="([^"]*_downloads/[^"]+\.ipynb)"', page.read_text(encoding="utf-8"))
    (link,) = [link for link in links if link.endswith(f"/{page.stem}.ipynb")]
    return json.loads((page.parent / unquote(link)).read_text(encoding="utf-8"))


@pytest.mark.parametrize("script", LESSONS)
def test_the_notebook_has_an_empty_cell_under_every_exercise(html, script):
    page = html / site_layout.page_of(site_layout.docname_of(script))
    cells = _notebook(page)["cells"]
    found = 0
    for cell, after in itertools.pairwise(cells):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.search(r"\*\*Exercise \d+[a-z]?\.\d+\*\*", text):
            found += 1
            code = [line for line in "".join(after["source"]).splitlines() if line.strip()]
            assert after["cell_type"] == "code" and all(line.startswith("#") for line in code), (
                f"{page.name}: the cell after exercise {found} is not an empty code cell"
            )
    assert 2 <= found <= 4, f"{page.name}'s notebook shows {found} exercises"


# The check itself, on small sources.
EXERCISE = """
# %%
# .. _exercise-01-{n}:
#
# **Exercise 1.{n}** ★★ — How many?
# :ref:`Solution <solution-01-{n}>`

# Your code for exercise 1.{n}
"""
SOLUTION = """
# %%
# .. _solution-01-{n}:
#
# Exercise 1.{n} ★★: how many
# ---------------------------
# :ref:`The exercise <exercise-01-{n}>`.
answer = 2
assert answer == 2
"""


def _problems(tmp_path: Path, lesson: str, answers: str) -> list[str]:
    script = tmp_path / "plot_01_example.py"
    script.write_text('"""Title\n=====\n"""\n' + lesson, encoding="utf-8")
    solutions = tmp_path / "plot_01_example_solutions.py"
    solutions.write_text('"""Solutions\n=========\n"""\n' + answers, encoding="utf-8")
    return exercises.problems(script, solutions)


def two(text: str) -> str:
    return text.format(n=1) + text.format(n=2)


def test_the_check_passes(tmp_path):
    assert _problems(tmp_path, two(EXERCISE), two(SOLUTION)) == []


@pytest.mark.parametrize(
    ("lesson", "answers", "expected"),
    [
        (EXERCISE.format(n=1), SOLUTION.format(n=1), "1 exercises; a tutorial has 2 to 4"),
        (two(EXERCISE), two(SOLUTION).replace("assert answer == 2", "print(answer)"), "no assert"),
        (two(EXERCISE), SOLUTION.format(n=1), "no solution (solution-01-2)"),
        (two(EXERCISE).replace("★★ —", "—"), two(SOLUTION), "give its effort"),
        (two(EXERCISE).replace(":ref:`Solution <solution-01-2>`", ""), two(SOLUTION), "link its"),
        (two(EXERCISE).replace("\n# Your code for exercise 1.2\n", ""), two(SOLUTION), "empty"),
        (two(EXERCISE), two(SOLUTION).replace(":ref:`The exercise <exercise-01-2>`.", ""), "back"),
        (two(EXERCISE), two(SOLUTION) + SOLUTION.format(n=3), "answers no exercise"),
        (EXERCISE.format(n=1) + EXERCISE.format(n=3), two(SOLUTION), "numbered in order"),
    ],
)
def test_the_check_fails(tmp_path, lesson, answers, expected):
    wrong = _problems(tmp_path, lesson, answers)
    assert any(expected in problem for problem in wrong), wrong
