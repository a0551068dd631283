"""PyTorch first: a tutorial that uses a dlnotes model or ``fit`` also writes the PyTorch code.

The rule (docs/howto/add_a_tutorial.md): a gallery page that imports a model class from
``dlnotes.models`` (any ``nn.Module`` subclass there: ``MLP``, ``RNNForecaster``, …) or
``dlnotes.train.fit`` must also, in code that runs on the page, do at least one of

- define an ``nn.Module`` subclass (base ``nn.Module``, ``torch.nn.Module`` or ``Module``)
  with a ``forward`` method;
- write a plain training loop: a ``for`` or ``while`` loop whose body calls ``.backward()``
  and ``.step()`` (``loss.backward()``, ``optimizer.step()``).

A reader learns what they would type in their own code; the dlnotes version comes after it, as
"under the hood", checked equal on the page. (That order, and the check of equality, are for
the review: this test only sees that the PyTorch code is there.)

What is read: the gallery sources, parsed with :mod:`ast`, not the built HTML. A page's code
cells are its source as it is: sphinx-gallery drops only config comments and the blocks between
its ignore flags, and this check drops those blocks too (a loop hidden from the reader does
not count). The syntax tree sees just code that runs, with its structure: an import is an
import, a base class a base class, and comments, strings and the literal blocks of the prose
(page 26 once showed its live-plot loop as such a ``::`` block, never run) count for nothing.
In the HTML the same code is cut into highlighted, linked spans, and a literal block in the
prose looks like a code cell. The check so needs no build, and names the line it objects to.

Marked ``site`` like the other checks of what the site teaches (run by `nox -s docs` /
`nox -s site`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sphinx_gallery.py_source_parser import remove_ignore_blocks
from torch import nn

import dlnotes.models

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "gallery"

pytestmark = pytest.mark.site

# The model classes of dlnotes.models, read from the module (a new one is covered at once).
MODELS = frozenset(
    name
    for name, value in vars(dlnotes.models).items()
    if isinstance(value, type) and issubclass(value, nn.Module) and not name.startswith("_")
)
# From which dlnotes module a name counts as "the packaged version".
PACKAGED = {"dlnotes.models": MODELS, "dlnotes.train": frozenset({"fit"})}
MODULE_BASES = {"nn.Module", "torch.nn.Module", "Module"}

# Pages that failed the rule when it was written (issue 31), each expected to fail (strict
# xfail): when one passes, its xfail turns into a failure that says so; remove the page here,
# and from then on the rule is enforced for it. Pages 22 and 23 are being rewritten for issue
# 31; 12, 19 and 20 teach with MLP and fit only.
NOT_YET_ENFORCED = {
    "plot_12_classification_losses",
    "plot_19_digit_classification",
    "plot_20_augmentation",
    "plot_22_digit_cnn",
    "plot_23_deeper_networks",
}


def packaged_uses(tree: ast.AST) -> dict[str, int]:
    """``{name: line}`` of the dlnotes models and ``fit`` the code imports (or reaches as
    ``models.MLP`` / ``dlnotes.train.fit`` through an imported module)."""
    uses: dict[str, int] = {}
    modules: dict[str, str] = {}  # local name (or dotted path) → dlnotes module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in PACKAGED:
            for alias in node.names:
                if alias.name in PACKAGED[node.module]:
                    uses.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "dlnotes":
            for alias in node.names:
                if f"dlnotes.{alias.name}" in PACKAGED:
                    modules[alias.asname or alias.name] = f"dlnotes.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in PACKAGED:
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            module = modules.get(ast.unparse(node.value))
            if module is not None and node.attr in PACKAGED[module]:
                uses.setdefault(node.attr, node.lineno)
    return uses


def pytorch_code(tree: ast.AST) -> list[str]:
    """What the code writes in plain PyTorch: its ``nn.Module`` subclasses with a ``forward``,
    and its training loops (a loop whose body calls ``.backward()`` and ``.step()``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base) for base in node.bases}
            methods = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
            if bases & MODULE_BASES and "forward" in methods:
                found.append(f"class {node.name} (line {node.lineno})")
        elif isinstance(node, (ast.For, ast.While)):
            called = {
                call.func.attr
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            }
            if {"backward", "step"} <= called:
                found.append(f"training loop (line {node.lineno})")
    return found


def check(source: str, name: str) -> None:
    """Raise AssertionError if ``source`` breaks the rule; ``name`` is for the message."""
    tree = ast.parse(remove_ignore_blocks(source))
    uses = packaged_uses(tree)
    if uses and not pytorch_code(tree):
        listed = ", ".join(f"{n} (line {line})" for n, line in sorted(uses.items()))
        raise AssertionError(
            f"{name} uses dlnotes' {listed} but writes no PyTorch version of it: no nn.Module "
            "subclass with a forward, and no training loop (a for/while loop that calls "
            ".backward() and .step()). PyTorch first: write the model as an nn.Module and train "
            "it with a plain loop on the page, then show the dlnotes version as 'under the "
            "hood', checked equal (docs/howto/add_a_tutorial.md)."
        )


def gallery_scripts() -> list[Path]:
    return sorted(GALLERY.rglob("plot_*.py"))


def _marks(script: Path) -> list[pytest.MarkDecorator]:
    if script.stem in NOT_YET_ENFORCED:
        return [pytest.mark.xfail(strict=True, reason="not yet enforced: see NOT_YET_ENFORCED")]
    return []


@pytest.mark.parametrize(
    "script",
    [pytest.param(s, id=s.stem, marks=_marks(s)) for s in gallery_scripts()],
)
def test_a_page_that_uses_dlnotes_models_or_fit_writes_the_pytorch_code(script):
    check(script.read_text(encoding="utf-8"), str(script.relative_to(ROOT)))


def test_the_not_yet_enforced_pages_exist():
    missing = NOT_YET_ENFORCED - {s.stem for s in gallery_scripts()}
    assert not missing, f"NOT_YET_ENFORCED names pages that do not exist: {sorted(missing)}"


# The check itself, on small sources: what counts as a use and as PyTorch code.
LOOP = """
for xb, yb in batches:
    optimizer.zero_grad()
    loss_fn(model(xb), yb).backward()
    optimizer.step()
"""
MODULE = """
class Net(nn.Module):
    def forward(self, x):
        return x
"""


@pytest.mark.parametrize(
    "source",
    [
        "import torch\nmodel = torch.nn.Linear(2, 1)",  # no dlnotes model or fit: nothing to show
        "from dlnotes.models import rnn_forward",  # a function, not a model
        "from dlnotes.train import accuracy, evaluate",  # not fit
        "from dlnotes.models import MLP\n" + MODULE,
        "from dlnotes.train import fit\n" + LOOP,
        "from dlnotes.models import MLP\nfrom dlnotes.train import fit\n" + LOOP,
    ],
)
def test_the_check_passes(source):
    check(source, "example")


@pytest.mark.parametrize(
    "source",
    [
        "from dlnotes.models import MLP",
        "from dlnotes.train import fit",
        "from dlnotes import models\nnet = models.RNNForecaster()",
        "import dlnotes.train\ndlnotes.train.fit(model)",
        # a loss step outside a loop, a class without forward, code only in a comment or string
        "from dlnotes.train import fit\nloss.backward()\noptimizer.step()",
        "from dlnotes.models import MLP\nclass Net(nn.Module):\n    pass",
        "from dlnotes.train import fit\n# for x in data: loss.backward(); opt.step()",
        f"from dlnotes.train import fit\ntext = '''{LOOP}'''",
        # a loop between sphinx-gallery's ignore flags is not shown on the page
        "from dlnotes.train import fit\n# sphinx_gallery_start_ignore\n"
        + LOOP
        + "# sphinx_gallery_end_ignore\n",
    ],
)
def test_the_check_fails(source):
    with pytest.raises(AssertionError, match="PyTorch first"):
        check(source, "example")
