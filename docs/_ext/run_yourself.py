"""Sphinx extension: every tutorial tells the reader how to run it on their own machine.

One install line serves the whole site. Where the site has an address (the one canonical URL:
Read the Docs' ``READTHEDOCS_CANONICAL_URL``, else ``[project.urls] Documentation``), it installs
the very wheel the site was built with, which the site serves under ``_static/dist/``, pinned by
its sha256::

    pip install "dlnotes-learn[tutorials] @ https://…/_static/dist/dlnotes_learn-0.1.0-py3-none-any.whl#sha256=…"

so a page and the library it calls can never disagree (a site built from ``main`` between releases
runs ``main``'s code), and no other upload of the name can be installed in its place. The wheel is
built reproducibly (``tools/reproducible_wheel.py``): two builds of one commit print the same hash.
Without an address the line falls back to the release: ``"dlnotes-learn[tutorials]==VERSION"``.

The line is the first cell of every downloaded notebook (sphinx-gallery's
``first_notebook_cell``), it stands at the top of every tutorial page and on the home page, and
``nox -s notebooks`` runs each downloaded notebook's own first cell in a clean environment, the
site served on the loopback interface in place of its host. The distribution name, the version
and the project's addresses all come from ``pyproject.toml`` and ``dlnotes/__init__.py``: nothing
here repeats them.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import reproducible_wheel
import site_layout
from site_layout import ROOT

# Where the site serves its wheel, relative to the site's root (an html_static_path subfolder).
WHEEL_FOLDER = "_static/dist"
# The branch the Pages workflow publishes every tutorial's notebook to, for "Open in Colab"
# (Colab opens notebooks from GitHub; tools/publish_notebooks.py lays them out).
NOTEBOOK_BRANCH = "notebooks"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def version() -> str:
    """``dlnotes.__version__``, read from the source without importing the package."""
    tree = ast.parse((ROOT / "dlnotes" / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "__version__":
            return node.value.value
    raise RuntimeError("dlnotes/__init__.py defines no __version__")


def site_url() -> str:
    """The published site's one canonical address ("" where none is set): Read the Docs' address
    of the version being built, else pyproject.toml's ``[project.urls] Documentation``."""
    return os.environ.get("READTHEDOCS_CANONICAL_URL") or project_url("Documentation") or ""


@functools.cache
def site_wheel() -> Path:
    """This checkout's wheel, built reproducibly once per content (docs/_build/site-wheel/).

    A translation's build, which sits inside the English site (``DLNOTES_ENGLISH_HTML``), names
    the wheel that site serves: a commit between the two builds stamps another time into a new
    wheel, and the translated pages would pin a hash the served file does not have."""
    english = os.environ.get("DLNOTES_ENGLISH_HTML")
    served = sorted((Path(english) / WHEEL_FOLDER).glob("*.whl")) if english else []
    return served[0] if served else reproducible_wheel.cached_wheel(site_layout.SITE_WHEEL)


def wheel_url() -> str | None:
    """Where the published site serves :func:`site_wheel`; None without a site address."""
    base = site_url()
    return f"{base.rstrip('/')}/{WHEEL_FOLDER}/{site_wheel().name}" if base else None


def install_requirement() -> str:
    """The requirement a reader installs to run any tutorial: this site's own wheel, by URL and
    sha256, with the tutorials' extras; the release's version pin where the site has no address.
    """
    name = f"{_pyproject()['name']}[tutorials]"
    url = wheel_url()
    if url is None:
        return f"{name}=={version()}"
    return f"{name} @ {url}#sha256={reproducible_wheel.sha256(site_wheel())}"


def project_url(label: str) -> str | None:
    """An address from ``[project.urls]`` in pyproject.toml, or None where it is not set."""
    return _pyproject().get("urls", {}).get(label)


def first_notebook_cell() -> str:
    """The cell every downloaded notebook starts with. pip installs only what is missing, so on
    Colab, which has PyTorch, it adds the library and the tutorials' extras."""
    return (
        "# Run this notebook on your own machine: install the tutorials' library first.\n"
        f'%pip install "{install_requirement()}"'
    )


def notebook_path(docname: str) -> str:
    """A tutorial's notebook on the NOTEBOOK_BRANCH: its page's path (``tutorials/…/plot_X``)."""
    return f"{docname}.ipynb"


def colab_url(docname: str) -> str | None:
    """ "Open in Colab" for a tutorial: its notebook on the repository's NOTEBOOK_BRANCH; None
    where ``[project.urls] Source`` is not a GitHub repository (Colab opens only those)."""
    source = urlsplit(project_url("Source") or "")
    repository = source.path.strip("/").removesuffix(".git")
    if source.netloc != "github.com" or repository.count("/") != 1:
        return None
    return (
        f"https://colab.research.google.com/github/{repository}/blob/{NOTEBOOK_BRANCH}/"
        f"{notebook_path(docname)}"
    )


# The title of an example page: the instruction goes right under it.
_TITLE = re.compile(r"(\n\.\. _sphx_glr_[^\n]*:\n\n+[^\n]+\n=+\n)")


def run_yourself_box(docname: str) -> str:
    """The box under a tutorial's title. The command is a code block of its own (copyable), and
    the Colab address a link target outside the sentences: the sentences, which are translated,
    are the same on every page and do not change with a release."""
    colab = colab_url(docname)
    where = (
        "   (the links are at the end of the page), or open the notebook in `Google Colab`_,\n"
        "   which has PyTorch already (its first cell installs the rest):\n\n"
        if colab
        else "   (the links are at the end of the page):\n\n"
    )
    return (
        "\n.. admonition:: Run this page yourself\n"
        "   :class: tip dlnotes-run-yourself\n\n"
        "   Install the tutorials' library, then download the page as a notebook or a script\n"
        f"{where}"
        "   .. code-block:: bash\n\n"
        f'      pip install "{install_requirement()}"\n\n'
        "   The numbers your run prints may differ from the page's in their last digits: another\n"
        "   CPU, thread count or GPU adds floating-point numbers in another order.\n"
        + (f"\n.. _Google Colab: {colab}\n" if colab else "")
    )


def _add_install_line(app, docname: str, source: list[str]) -> None:
    if site_layout.is_tutorial(docname):
        box = run_yourself_box(docname)
        source[0] = _TITLE.sub(lambda match: match.group(1) + box, source[0], count=1)


def _refresh_notebooks(app) -> None:
    """Give every notebook sphinx-gallery generated earlier today's first cell.

    sphinx-gallery writes an example's notebook (and its per-example zip) only when it runs the
    example, so an unchanged example would keep offering yesterday's install line, whose wheel
    the site no longer serves. Runs before sphinx-gallery's own builder-inited handler, which then
    zips the refreshed notebooks into the "download all" archives."""
    from sphinx_gallery.notebook import save_notebook
    from sphinx_gallery.utils import zip_files

    cell = first_notebook_cell()
    galleries = app.config.sphinx_gallery_conf["gallery_dirs"]
    for gallery in [galleries] if isinstance(galleries, str) else galleries:
        for notebook in sorted((Path(app.srcdir) / gallery).rglob("*.ipynb")):
            content = json.loads(notebook.read_text(encoding="utf-8"))
            first = content["cells"][0]
            if "".join(first["source"]) == cell:
                continue
            first["source"] = [cell]
            save_notebook(content, notebook)
            script, archive = notebook.with_suffix(".py"), notebook.with_suffix(".zip")
            if script.is_file() and archive.is_file():
                zip_files([script, notebook], archive, notebook.parent)


def _serve_the_wheel(app, exception) -> None:
    """Put the wheel the install line names into the built site (the English one: the Chinese
    site is under it and its line points at the same file)."""
    if exception is not None or app.builder.format != "html" or wheel_url() is None:
        return
    if not app.config.run_yourself_serve_wheel:
        return
    folder = Path(app.outdir) / WHEEL_FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(site_wheel(), folder)


def setup(app):
    app.connect("source-read", _add_install_line)
    app.connect("builder-inited", _refresh_notebooks, priority=400)  # before sphinx-gallery's
    app.connect("build-finished", _serve_the_wheel)
    # False for a build whose site is inside another that serves the wheel (the translations).
    app.add_config_value("run_yourself_serve_wheel", True, "html")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
