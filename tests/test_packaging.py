"""The promises a reader relies on to run a page at home: one install line, true everywhere."""

from __future__ import annotations

import ast
import hashlib
import re
import sys
import time
import tomllib
import zipfile
from urllib.parse import parse_qs

import site_layout
from site_layout import ROOT

sys.path.insert(0, str(site_layout.EXTENSIONS))
import report_problem
import reproducible_wheel
import run_yourself

import dlnotes

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_install_line_installs_the_sites_own_wheel_by_url_and_sha256():
    assert run_yourself.version() == dlnotes.__version__
    wheel = run_yourself.site_wheel()
    assert wheel.name == f"dlnotes_learn-{dlnotes.__version__}-py3-none-any.whl"
    base = PROJECT["urls"]["Documentation"].rstrip("/")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert run_yourself.install_requirement() == (
        f"dlnotes-learn[tutorials] @ {base}/_static/dist/{wheel.name}#sha256={digest}"
    )


def test_without_a_site_address_the_line_falls_back_to_the_release(monkeypatch):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    monkeypatch.setattr(run_yourself, "project_url", lambda label: None)
    assert run_yourself.install_requirement() == f"dlnotes-learn[tutorials]=={dlnotes.__version__}"


def test_read_the_docs_address_of_the_version_being_built_wins(monkeypatch):
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://example.org/en/latest/")
    assert run_yourself.wheel_url().startswith("https://example.org/en/latest/_static/dist/")


def test_the_wheel_is_reproducible(tmp_path):
    """Two builds of one checkout give the same bytes; every file is stamped with the commit's
    time, not the files' modification times (which the copies change)."""
    first = reproducible_wheel.build_wheel(tmp_path / "a")
    second = reproducible_wheel.build_wheel(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    epoch = reproducible_wheel.source_date_epoch()
    *day, seconds = time.gmtime(max(epoch, reproducible_wheel.EARLIEST_ZIP_TIME))[:6]
    stamp = (*day, seconds - seconds % 2)  # a zip records times to two seconds
    with zipfile.ZipFile(first) as wheel:
        names = wheel.namelist()
        assert {info.date_time for info in wheel.infolist()} == {stamp}
    assert "dlnotes/__init__.py" in names
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_every_place_that_shows_the_install_line_shows_the_current_one():
    line = f'pip install "{run_yourself.install_requirement()}"'
    assert line in run_yourself.first_notebook_cell()
    assert line in run_yourself.run_yourself_box("tutorials/00_foundations/plot_01_x")
    # The README cannot carry the hash of a wheel that contains the README: it shows the address.
    readme_line = f'pip install "{run_yourself.install_requirement().partition("#")[0]}"'
    assert readme_line in (ROOT / "README.md").read_text()


def test_open_in_colab_points_at_the_notebook_branch():
    url = run_yourself.colab_url("tutorials/00_foundations/plot_01_gradient_descent")
    repository = PROJECT["urls"]["Source"].removeprefix("https://github.com/")
    assert url == (
        f"https://colab.research.google.com/github/{repository}/blob/notebooks/"
        "tutorials/00_foundations/plot_01_gradient_descent.ipynb"
    )
    assert "`Google Colab`_" in run_yourself.run_yourself_box("tutorials/x/plot_1")


def test_no_colab_link_without_a_github_repository(monkeypatch):
    monkeypatch.setattr(run_yourself, "project_url", lambda label: "https://gitlab.com/a/b")
    assert run_yourself.colab_url("tutorials/x/plot_1") is None
    assert "Colab" not in run_yourself.run_yourself_box("tutorials/x/plot_1")


def test_report_link_prefills_the_issue_forms_fields():
    url = report_problem.report_url(
        "https://github.com/o/r", "https://site/a/b.html", "Gradient descent", "0.1.0"
    )
    address, _, query = url.partition("?")
    assert address == "https://github.com/o/r/issues/new"
    fields = parse_qs(query)
    assert fields == {
        "template": ["page-problem.yml"],
        "title": ["Page: Gradient descent"],
        "page": ["https://site/a/b.html"],
        "version": ["0.1.0"],
    }
    form = report_problem.ISSUE_FORM.read_text()
    ids = set(re.findall(r"^\s+id: (\S+)$", form, flags=re.M))
    assert {"page", "version"} <= ids  # GitHub fills a field from the parameter of its id
    assert {"os", "python", "torch", "device"} <= ids


def test_tutorials_extra_covers_every_third_party_import_of_the_pages():
    provided = {"torch", "numpy", "matplotlib", "sklearn", "tqdm", "torchinfo", "dlnotes"}
    extra = {re.split(r"[<>=\[]", r)[0] for r in PROJECT["optional-dependencies"]["tutorials"]}
    provided |= extra  # each of these distributions is imported under its own name
    # IPython: imported only inside Jupyter (page 26 checks for its kernel), which has it
    provided |= {"IPython"}
    imported = set()
    for page in (ROOT / "gallery").rglob("plot_*.py"):
        # a module the page writes itself (page 17's augment.py, for spawned workers)
        provided |= set(re.findall(r"[\"'/](\w+)\.py[\"']", page.read_text()))
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
