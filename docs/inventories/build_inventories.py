"""Build the intersphinx inventories in docs/inventories/ from the upstream documentation sources.

The site is built offline, so sphinx-gallery cannot download ``objects.inv`` from PyTorch or
NumPy. Instead this script writes a small inventory for each project holding exactly the names
that this site's code cells use, each with the address its upstream documentation gives it.

Nothing here guesses an address. Each project documents its API with Sphinx: an
``.. autosummary::`` block with ``:toctree: DIR`` gives every listed name ``NAME`` its own page
``DIR/NAME.html`` next to the source file, with the object's anchor ``#NAME`` (Sphinx's Python
domain ids are the full names); ``.. autoclass::`` / ``.. autofunction::`` and friends document a
name on the page of the file they stand in. A class generated from a template whose
``autoclass`` has ``:members:`` (PyTorch's ``classtemplate.rst``) also documents the public
methods defined on that class itself (autodoc's ``:members:`` without ``:inherited-members:``),
so those get ``#NAME.method`` on the class's page. Those rules are applied to:

* NumPy: every ``doc/source/**/*.rst`` of a numpy/numpy checkout at ``NUMPY_COMMIT``, read with
  ``git show`` (``--numpy-repo``). Published at ``https://numpy.org/doc/stable/`` (the address
  NumPy's own doc/source/conf.py names for its stable docs).
* PyTorch: the directives of ``docs/source/torch.md``, ``nn.md``, ``optim.md`` and ``data.md`` of
  pytorch/pytorch at the commits in ``TORCH_SOURCES``, transcribed below (only the blocks that list names this
  site uses; the snapshot of that repository is too large to fetch here). Published at
  ``https://docs.pytorch.org/docs/stable/``.

* matplotlib: the directives of ``doc/api/axes_api.rst`` and ``doc/api/pyplot_summary.rst`` of
  matplotlib/matplotlib at the commits in ``MATPLOTLIB_SOURCES``, transcribed the same way.
  Published at ``https://matplotlib.org/stable/``. ``Figure`` methods and ``FuncAnimation`` are
  left out: the stored versions of doc/api/figure_api.rst and animation_api.rst disagree on how
  they are documented, and no address is written without its source.

Names come from sphinx-gallery's ``docs/tutorials/**/*.codeobj.json`` of a built site: every
candidate ``module.name`` it tries for a name in a code cell. Regenerate after a build with::

    PYTHONPATH=. python docs/inventories/build_inventories.py --numpy-repo PATH/TO/numpy

Each inventory entry must import from the installed library (tests/site/test_inventories.py).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import posixpath
import re
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TUTORIALS = ROOT / "docs" / "tutorials"

BASE_URLS = {
    "torch": "https://docs.pytorch.org/docs/stable/",
    "numpy": "https://numpy.org/doc/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}
NUMPY_COMMIT = "1f90bbb55e65e7de68921bc3f1a2d94492fdf689"  # numpy/numpy main, 2026-08-21

# pytorch/pytorch docs/source files, the commit each was read at, and its directives in order
# (only the blocks with names this site's code uses, each block's names as listed there).
TORCH_SOURCES = {
    "docs/source/torch.md@0a481959f2032e9f68e58708ed896f1740f5d785": """
.. automodule:: torch
.. currentmodule:: torch
.. autosummary::
    :toctree: generated

    tensor
    from_numpy
    zeros
    zeros_like
    ones
    ones_like
    arange
    linspace
    eye
    empty
    full
    cat
    stack
    where
    Generator
    manual_seed
    multinomial
    poisson
    rand
    randint
    randn
    randperm
    load
    no_grad
    clamp
    cos
    exp
    log
    nan_to_num
    nextafter
    rad2deg
    round
    sigmoid
    sin
    softmax
    sqrt
    tanh
    argmax
    all
    dist
    quantile
    allclose
    equal
    isinf
    isnan
    diag
    meshgrid
    outer
""",
    "docs/source/nn.md@009034210dc8a4ef4807a3f70a7e406f6a5e624e": """
.. currentmodule:: torch.nn
.. autosummary::
    :toctree: generated
    :template: classtemplate.rst

    ~parameter.Parameter
.. autosummary::
    :toctree: generated
    :template: classtemplate.rst

    Module
    Sequential
    ModuleList
.. currentmodule:: torch
.. autosummary::
    :toctree: generated
    :template: classtemplate.rst

    nn.Conv2d
    nn.MaxPool2d
    nn.LeakyReLU
    nn.PReLU
    nn.ReLU
    nn.Sigmoid
    nn.Tanh
    nn.Softmax
    nn.LogSoftmax
    nn.RNNBase
    nn.RNN
    nn.LSTM
    nn.Identity
    nn.Linear
    nn.Dropout
    nn.Embedding
    nn.L1Loss
    nn.MSELoss
    nn.CrossEntropyLoss
    nn.CTCLoss
    nn.NLLLoss
    nn.PoissonNLLLoss
    nn.KLDivLoss
    nn.BCELoss
    nn.BCEWithLogitsLoss
    nn.MarginRankingLoss
    nn.HingeEmbeddingLoss
    nn.MultiLabelMarginLoss
    nn.HuberLoss
    nn.SmoothL1Loss
    nn.SoftMarginLoss
    nn.MultiLabelSoftMarginLoss
    nn.CosineEmbeddingLoss
    nn.MultiMarginLoss
    nn.TripletMarginLoss
.. currentmodule:: torch.nn.utils
.. autosummary::
    :toctree: generated

    clip_grad_norm_
.. currentmodule:: torch
.. autosummary::
    :toctree: generated
    :template: classtemplate.rst

    nn.modules.flatten.Flatten
""",
    "docs/source/optim.md@0126d60e14cce8fd21075d87da9531e34b861d13": """
.. automodule:: torch.optim
.. autoclass:: Optimizer
.. autosummary::
    :toctree: generated

    Optimizer.load_state_dict
    Optimizer.state_dict
    Optimizer.step
    Optimizer.zero_grad
.. autosummary::
    :toctree: generated

    Adagrad
    Adam
    AdamW
    LBFGS
    RMSprop
    SGD
""",
    "docs/source/data.md@0206067c9fb68947bfc7995e0d8b74b92fdb4649": """
.. automodule:: torch.utils.data
.. autoclass:: DataLoader
.. autoclass:: Dataset
.. autoclass:: TensorDataset
.. autoclass:: Subset
.. autofunction:: torch.utils.data.random_split
.. autoclass:: torch.utils.data.Sampler
.. autoclass:: torch.utils.data.RandomSampler
.. autoclass:: torch.utils.data.BatchSampler
.. autoclass:: torch.utils.data.distributed.DistributedSampler
""",
}
# matplotlib/matplotlib doc/api files (pages under doc/), as for PyTorch above.
MATPLOTLIB_SOURCES = {
    "doc/api/axes_api.rst@0236d1d9a354fe86fcd2e14a58d04d3dbe25bb6a": """
.. currentmodule:: matplotlib.axes
.. autosummary::
   :toctree: _as_gen
   :template: autosummary_class_only.rst

   Axes
.. autosummary::
   :toctree: _as_gen
   :template: autosummary.rst

   Axes.plot
   Axes.scatter
   Axes.loglog
   Axes.semilogx
   Axes.semilogy
   Axes.barh
   Axes.vlines
   Axes.axhline
   Axes.axvline
   Axes.hist
   Axes.contour
   Axes.imshow
   Axes.text
   Axes.invert_yaxis
   Axes.set_xlim
   Axes.set_ylim
   Axes.set_xlabel
   Axes.set_title
   Axes.legend
   Axes.get_legend_handles_labels
   Axes.set_xticks
   Axes.set_yticks
   Axes.set
""",
    "doc/api/pyplot_summary.rst@1307f7e7d2ecae4a1f9907e5eeaad1b902468d3e": """
.. currentmodule:: matplotlib.pyplot
.. autosummary::
   :toctree: _as_gen
   :template: autosummary.rst

   subplots
   show
""",
}
# PyTorch's docs/source/_templates/classtemplate.rst (commit 4a32f062): `.. autoclass:: NAME`
# with `:members:` and without `:inherited-members:`.
MEMBER_TEMPLATES = {"classtemplate.rst"}

_DIRECTIVE = re.compile(r"^\s*\.\. (?:py:)?([\w:]+)::\s*(.*?)\s*$")
_OBJECT_DIRECTIVES = {
    "autoclass": "class",
    "autofunction": "function",
    "autodata": "data",
    "class": "class",
    "function": "function",
    "data": "data",
}


@dataclass(frozen=True)
class Documented:
    name: str  # full dotted name, as the upstream docs' Python domain has it
    uri: str  # relative to the project's base URL
    role: str  # class / function / method / data / attribute
    source: str  # upstream file@commit


def _resolve(current: str | None, name: str) -> str | None:
    """The full name autosummary gives ``name`` under ``currentmodule`` (None: not importable)."""
    name = name.lstrip("~")
    for full in ([f"{current}.{name}"] if current else []) + [name]:
        if lookup(full) is not None:
            return full
    return None


def lookup(full: str):
    """The object named ``full`` in the installed libraries, or None."""
    parts = full.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _role(obj) -> str:
    if inspect.isclass(obj):
        return "class"
    if inspect.ismodule(obj):
        return "module"
    if callable(obj):
        return "function"
    return "data"


def _own_members(cls) -> list[str]:
    """Public methods autodoc's ``:members:`` documents: defined on the class, with a docstring."""
    names = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        if inspect.isfunction(func) and inspect.getdoc(func):
            names.append(name)
    return names


def parse(text: str, page: str, source: str) -> list[Documented]:
    """Apply the autosummary/autodoc rules to one upstream source file's text."""
    folder = posixpath.dirname(page)
    found: list[Documented] = []
    current: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        i += 1
        if not match:
            continue
        kind, argument = match.groups()
        if kind in {"currentmodule", "module", "automodule"}:
            current = argument or None
        elif kind == "autosummary":
            options, entries = {}, []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                line = lines[i].strip()
                i += 1
                if line.startswith(":"):
                    key, _, value = line[1:].partition(":")
                    options[key.strip()] = value.strip()
                elif line and not line.startswith(".."):
                    entries.append(line.split()[0])
            toctree = options.get("toctree")
            if toctree is None:
                continue
            for entry in entries:
                full = _resolve(current, entry)
                if full is None:
                    continue
                obj = lookup(full)
                uri = posixpath.join(folder, toctree.strip("/"), f"{full}.html")
                on_class = inspect.isclass(lookup(full.rsplit(".", 1)[0]))
                role = "method" if on_class and inspect.isroutine(obj) else _role(obj)
                found.append(Documented(full, f"{uri}#{full}", role, source))
                if options.get("template") in MEMBER_TEMPLATES and inspect.isclass(obj):
                    for member in _own_members(obj):
                        name = f"{full}.{member}"
                        found.append(Documented(name, f"{uri}#{name}", "method", source))
        elif kind in _OBJECT_DIRECTIVES and argument:
            full = _resolve(current, argument.split("(")[0].strip())
            if full is not None:
                uri = f"{page}#{full}"
                found.append(Documented(full, uri, _OBJECT_DIRECTIVES[kind], source))
    return found


def numpy_documented(repo: Path) -> list[Documented]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
        ).stdout

    files = git("ls-tree", "-r", "--name-only", NUMPY_COMMIT, "doc/source").split()
    found = []
    for path in sorted(f for f in files if f.endswith(".rst")):
        page = path.removeprefix("doc/source/").removesuffix(".rst") + ".html"
        found += parse(git("show", f"{NUMPY_COMMIT}:{path}"), page, f"{path}@{NUMPY_COMMIT}")
    return found


def transcribed(sources: dict[str, str], docs_root: str) -> list[Documented]:
    found = []
    for source, text in sources.items():
        path = source.split("@")[0]
        page = path.removeprefix(docs_root).rsplit(".", 1)[0] + ".html"
        found += parse(text, page, source)
    return found


def used_names() -> set[str]:
    """Every ``module.name`` sphinx-gallery tries for a name in this site's code cells."""
    names = set()
    for path in TUTORIALS.rglob("*.codeobj.json"):
        for candidates in json.loads(path.read_text()).values():
            for cobj in candidates:
                for module in (cobj["module_short"], cobj["module"]):
                    names.add(f"{module}.{cobj['name']}")
    return names


def write_inventory(project: str, entries: list[Documented]) -> Path:
    """An intersphinx inventory (Sphinx's objects.inv format, version 2) and its sources record."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: stable\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(
        f"{e.name} py:{e.role} 1 {e.uri.removesuffix(e.name) + '$' if e.uri.endswith(e.name) else e.uri} -\n"
        for e in sorted(entries, key=lambda e: e.name)
    )
    target = HERE / f"{project}.inv"
    target.write_bytes(header.encode() + zlib.compress(body.encode(), 9))
    record = [{"name": e.name, "uri": e.uri, "role": e.role, "source": e.source} for e in entries]
    (HERE / f"{project}.sources.json").write_text(json.dumps(record, indent=1) + "\n")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--numpy-repo", type=Path, required=True, help="a numpy/numpy git clone")
    args = parser.parse_args(argv)
    used = used_names()
    if not used:
        raise SystemExit(f"no *.codeobj.json under {TUTORIALS}: build the site first")
    for project, documented in {
        "torch": transcribed(TORCH_SOURCES, "docs/source/"),
        "numpy": numpy_documented(args.numpy_repo),
        "matplotlib": transcribed(MATPLOTLIB_SOURCES, "doc/"),
    }.items():
        chosen: dict[str, Documented] = {}
        for entry in documented:
            if entry.name in used:
                chosen.setdefault(entry.name, entry)  # the first place a name is documented
        path = write_inventory(project, sorted(chosen.values(), key=lambda e: e.name))
        print(f"{path.relative_to(ROOT)}: {len(chosen)} names")


if __name__ == "__main__":
    main()
