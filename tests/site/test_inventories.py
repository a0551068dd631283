"""The intersphinx inventories in docs/inventories/ and the links they give the code cells.

Each entry must name an object of the installed library (import + getattr), and the built
gallery pages must link torch, NumPy and matplotlib names to exactly the addresses the
inventories hold. How the inventories are made: docs/inventories/build_inventories.py.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import zlib
from collections import Counter

import lxml.html
import pytest
from site_layout import DOCS, HTML, built_tutorials

INVENTORIES = DOCS / "inventories"
sys.path.insert(0, str(INVENTORIES))
import build_inventories  # noqa: E402

pytestmark = pytest.mark.site

PROJECTS = sorted(build_inventories.BASE_URLS)


def entries(project: str) -> list[tuple[str, str, str]]:
    """(name, role, uri) of every entry of docs/inventories/PROJECT.inv."""
    data = (INVENTORIES / f"{project}.inv").read_bytes()
    header, _, body = data.partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2"), project
    rows = []
    for line in zlib.decompress(body).decode().splitlines():
        name, role, _priority, uri, _display = line.split(" ", 4)
        rows.append((name, role, uri.replace("$", name) if uri.endswith("$") else uri))
    return rows


def resolve(name: str):
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)  # AttributeError: the name is not in this library
        return obj
    raise ImportError(name)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_entry_names_an_object_of_the_installed_library(project):
    rows = entries(project)
    assert rows, f"{project}.inv is empty"
    for name, role, uri in rows:
        assert name.split(".")[0] == project, name
        obj = resolve(name)
        if role == "py:class":
            assert isinstance(obj, type), f"{name} is listed as a class but is {type(obj)}"
        if role in {"py:function", "py:method"}:
            assert callable(obj), f"{name} is listed as callable but is {type(obj)}"
        page, _, anchor = uri.partition("#")
        assert page.endswith(".html") and anchor == name, (name, uri)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_entry_records_the_upstream_file_it_comes_from(project):
    record = json.loads((INVENTORIES / f"{project}.sources.json").read_text())
    by_name = {r["name"]: r for r in record}
    for name, _role, uri in entries(project):
        source = by_name[name]["source"]
        path, _, commit = source.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", commit) and path.endswith((".rst", ".md")), source
        assert by_name[name]["uri"] == uri


def test_the_build_uses_the_repository_inventories_offline():
    conf = (DOCS / "conf.py").read_text()
    assert "intersphinx_mapping" in conf
    for project in PROJECTS:
        assert (INVENTORIES / f"{project}.inv").is_file()


def code_links() -> Counter:
    """Links from code cells of the built gallery pages, by project."""
    bases = {p: build_inventories.BASE_URLS[p] for p in PROJECTS}
    known = {p: {bases[p] + uri for _n, _r, uri in entries(p)} for p in PROJECTS}
    counts: Counter = Counter()
    for page in (HTML / tutorial for tutorial in built_tutorials()):
        doc = lxml.html.fromstring(page.read_bytes())
        for href in doc.xpath("//div[contains(@class, 'highlight')]//a/@href"):
            for project, base in bases.items():
                if href.startswith(base):
                    assert href in known[project], f"{page.name}: {href} is not an inventory entry"
                    counts[project] += 1
    return counts


def test_code_cells_link_torch_numpy_and_matplotlib_names():
    counts = code_links()
    print(f"links from code cells: {dict(counts)}")
    for project in PROJECTS:
        assert counts[project] > 0, f"no code cell links to {project}'s documentation"
