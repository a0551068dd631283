"""Sphinx extension: every tutorial tells the reader how to run it on their own machine.

One install line serves the whole site: ``pip install "dlnotes-learn[tutorials]==VERSION"``. It
is the first cell of every downloaded notebook (sphinx-gallery's ``first_notebook_cell``), it
stands at the top of every tutorial page, and ``nox -s notebooks`` runs exactly this line in a
clean environment before executing every download. The distribution name, the version and the
project's addresses all come from ``pyproject.toml`` and ``dlnotes/__init__.py``: nothing here
repeats them.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def version() -> str:
    """``dlnotes.__version__``, read from the source without importing the package."""
    tree = ast.parse((ROOT / "dlnotes" / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "__version__":
            return node.value.value
    raise RuntimeError("dlnotes/__init__.py defines no __version__")


def install_requirement() -> str:
    """The requirement a reader installs to run any tutorial: the exact release, with extras."""
    return f"{_pyproject()['name']}[tutorials]=={version()}"


def project_url(label: str) -> str | None:
    """An address from ``[project.urls]`` in pyproject.toml, or None where it is not set."""
    return _pyproject().get("urls", {}).get(label)


def first_notebook_cell() -> str:
    """The cell every downloaded notebook starts with."""
    return (
        "# Run this notebook on your own machine: install the tutorials' library first.\n"
        f'%pip install "{install_requirement()}"'
    )


# The title of an example page: the instruction goes right under it.
_TITLE = re.compile(r"(\n\.\. _sphx_glr_[^\n]*:\n\n+[^\n]+\n=+\n)")


def _add_install_line(app, docname: str, source: list[str]) -> None:
    if docname.startswith("tutorials/") and "/plot_" in docname:
        # The command is a code block of its own: it is copyable, and the sentence around it,
        # which is translated, does not change with every release.
        box = (
            "\n.. admonition:: Run this page yourself\n"
            "   :class: tip dlnotes-run-yourself\n\n"
            "   Install the tutorials' library, then download the page as a notebook or a script\n"
            "   (the links are at the end of the page):\n\n"
            "   .. code-block:: bash\n\n"
            f'      pip install "{install_requirement()}"\n'
        )
        source[0] = _TITLE.sub(lambda match: match.group(1) + box, source[0], count=1)


def setup(app):
    app.connect("source-read", _add_install_line)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
