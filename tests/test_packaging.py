"""The promises a reader relies on to run a page at home: one install line, true everywhere."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import run_yourself  # noqa: E402

import dlnotes  # noqa: E402

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_install_line_names_this_release_with_the_tutorials_extra():
    assert run_yourself.version() == dlnotes.__version__
    assert run_yourself.install_requirement() == f"dlnotes-learn[tutorials]=={dlnotes.__version__}"


def test_every_place_that_shows_the_install_line_shows_the_current_one():
    line = f'pip install "{run_yourself.install_requirement()}"'
    assert line in (ROOT / "README.md").read_text()
    assert line in run_yourself.first_notebook_cell()


def test_tutorials_extra_covers_every_third_party_import_of_the_pages():
    provided = {"torch", "numpy", "matplotlib", "sklearn", "tqdm", "torchinfo", "dlnotes"}
    extra = {re.split(r"[<>=\[]", r)[0] for r in PROJECT["optional-dependencies"]["tutorials"]}
    provided |= extra  # each of these distributions is imported under its own name
    imported = set()
    for page in (ROOT / "gallery").rglob("plot_*.py"):
        for node in ast.walk(ast.parse(page.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names)
    assert third_party <= provided, third_party - provided
    assert "torchvision" not in third_party


def test_declared_python_and_license_are_true():
    assert PROJECT["requires-python"] == ">=3.11"  # the constraints pin packages that need 3.11
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert PROJECT["license"] == "MIT"
