"""PyTorch first: a tutorial that uses a dlnotes model or ``fit`` also shows the PyTorch code.

The rule (docs/howto/add_a_tutorial.md), for the code that runs on a gallery page:

(a) A page that uses a model class of ``dlnotes.models`` (any ``nn.Module`` subclass there:
    ``MLP``, ``RNNForecaster``, …) must first build the same model from PyTorch's own pieces,
    and then check the two equal. In the code that means:

    - a PyTorch model *before* the first use of the dlnotes class: an ``nn.Module`` subclass
      (base ``nn.Module``, ``torch.nn.Module`` or ``Module``) with a ``forward`` method, or an
      ``nn.Sequential(...)`` (or ``torch.nn.Sequential``) whose arguments are all ``nn.*``
      layers, e.g. ``nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))``;
    - *after* that first use, a ``.load_state_dict(...)`` call (the same weights in both) and
      a comparison of tensors: ``torch.allclose``, ``torch.testing.assert_close`` or
      ``torch.equal``, e.g. of the two models' outputs.

(b) A page that calls ``dlnotes.train.fit`` must either write the plain training loop itself
    (a ``for`` or ``while`` loop whose body calls ``.backward()`` and ``.step()``), or say why
    it uses ``fit`` instead, with a reference to page 16, the training-loop page, where ``fit``
    is checked equal to that loop: its text (comments and docstring) must name
    ``plot_16_training_loop``, as the link to that page does
    (``sphx_glr_tutorials_03_training_plot_16_training_loop.py``).

A reader learns what they would type in their own code; the dlnotes version comes after it,
as "under the hood", checked equal on the page. This test sees that the pieces are there and in
that order; that the comparison really compares the two models, and that the sentence says why,
is for the review.

What is read: the gallery sources, parsed with :mod:`ast` (and their comments with
:mod:`tokenize`), not the built HTML. A page's code cells are its source as it is:
sphinx-gallery drops only config comments and the blocks between its ignore flags, and this
check drops those blocks too (a loop hidden from the reader does not count). The syntax tree
sees just code that runs, with its structure: an import is an import, a base class a base
class, and comments, strings and the literal blocks of the prose (page 26 once showed its
live-plot loop as such a ``::`` block, never run) count for nothing as code. The reference to
page 16 is looked for in the text: the comments (the text cells) and the module docstring. In
the HTML the same code is cut into highlighted, linked spans, and a literal block in the prose
looks like a code cell. The check so needs no build, and names the line it objects to.

Marked ``site`` like the other checks of what the site teaches (run by `nox -s docs` /
`nox -s site`).
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest
from site_layout import ROOT, gallery_scripts
from sphinx_gallery.py_source_parser import remove_ignore_blocks
from torch import nn

import dlnotes.models

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
NN = {"nn", "torch.nn"}
COMPARISONS = {"allclose", "assert_close", "equal"}
FIT_PAGE = "plot_16_training_loop"  # where fit is checked equal to the plain loop

# Pages that fail the rule, each expected to fail (strict xfail): when one passes, its xfail
# turns into a failure that says so; remove the page here, and from then on the rule is enforced
# for it. Empty since issue 31: every page passes (16 and 18, the last two, now build their
# models from nn pieces and load the weights into dlnotes' MLP and LogisticRegression). A page
# that cannot follow the rule yet goes here, by its stem, with the reason.
NOT_YET_ENFORCED: set[str] = set()


def packaged_uses(tree: ast.AST) -> dict[str, int]:
    """``{name: line}`` of the dlnotes models and ``fit`` the code imports (or reaches as
    ``models.MLP`` / ``dlnotes.train.fit`` through an imported module): the first line."""
    uses: dict[str, int] = {}

    def use(name: str, line: int) -> None:
        uses[name] = min(line, uses.get(name, line))

    modules: dict[str, str] = {}  # local name (or dotted path) → dlnotes module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in PACKAGED:
            for alias in node.names:
                if alias.name in PACKAGED[node.module]:
                    use(alias.name, node.lineno)
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
                use(node.attr, node.lineno)
    return uses


def _is_nn_layer(node: ast.AST) -> bool:
    """``nn.Linear(...)``, ``torch.nn.ReLU()``: a call of a class of ``torch.nn``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and ast.unparse(node.func.value) in NN
    )


def pytorch_models(tree: ast.AST) -> list[tuple[str, int]]:
    """The models the code builds from PyTorch's pieces, with their lines: ``nn.Module``
    subclasses with a ``forward``, and ``nn.Sequential`` calls of ``nn.*`` layers only."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base) for base in node.bases}
            methods = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
            if bases & MODULE_BASES and "forward" in methods:
                found.append((f"class {node.name}", node.lineno))
        elif (
            _is_nn_layer(node)
            and node.func.attr == "Sequential"
            and node.args
            and all(_is_nn_layer(arg) for arg in node.args)
        ):
            found.append(("nn.Sequential of nn layers", node.lineno))
    return found


def training_loops(tree: ast.AST) -> list[int]:
    """Lines of the plain training loops: a ``for``/``while`` whose body calls ``.backward()``
    and ``.step()``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While)):
            called = {
                call.func.attr
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            }
            if {"backward", "step"} <= called:
                found.append(node.lineno)
    return found


def called_lines(tree: ast.AST, names: set[str]) -> list[int]:
    """Lines of the calls of a function or method named in ``names`` (``x.load_state_dict``,
    ``torch.testing.assert_close``, ``allclose``)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in names:
                lines.append(node.lineno)
    return lines


def page_text(source: str, tree: ast.Module) -> str:
    """The prose of a page: its comments (the text cells) and the module docstring."""
    comments = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    return "\n".join([ast.get_docstring(tree) or "", *comments])


def check(source: str, name: str) -> None:
    """Raise AssertionError if ``source`` breaks the rule; ``name`` is for the message."""
    source = remove_ignore_blocks(source)
    tree = ast.parse(source)
    uses = packaged_uses(tree)
    problems = []
    models = {n: line for n, line in uses.items() if n in MODELS}
    if models:
        listed = ", ".join(f"{n} (line {line})" for n, line in sorted(models.items()))
        first = min(models.values())
        built = [(what, line) for what, line in pytorch_models(tree) if line < first]
        if not built:
            problems.append(
                f"it uses dlnotes' {listed} but builds no PyTorch model before line {first}: "
                "no nn.Module subclass with a forward, no nn.Sequential of nn.* layers"
            )
        loads = [line for line in called_lines(tree, {"load_state_dict"}) if line > first]
        compared = [line for line in called_lines(tree, COMPARISONS) if line > first]
        if not (loads and compared):
            problems.append(
                f"it uses dlnotes' {listed} but does not check it equal to the PyTorch model "
                f"after line {first}: "
                + ("no load_state_dict call" if not loads else "")
                + (" and " if not loads and not compared else "")
                + ("no comparison (allclose, assert_close, equal)" if not compared else "")
            )
    if "fit" in uses and not training_loops(tree) and FIT_PAGE not in page_text(source, tree):
        problems.append(
            f"it calls fit (line {uses['fit']}) but writes no training loop (a for/while loop "
            f"that calls .backward() and .step()) and its text does not refer to {FIT_PAGE} "
            "(page 16, where fit is checked equal to the plain loop)"
        )
    if problems:
        raise AssertionError(
            f"{name} breaks PyTorch first: "
            + "; ".join(problems)
            + ". Write the model from nn pieces (an nn.Module subclass or an nn.Sequential), "
            "then show the dlnotes version as 'under the hood', its weights loaded from the "
            "PyTorch model and its outputs compared; train with a plain loop, or say why fit "
            "is used with a reference to page 16 (docs/howto/add_a_tutorial.md)."
        )


def _marks(script: Path) -> list[pytest.MarkDecorator]:
    if script.stem in NOT_YET_ENFORCED:
        return [pytest.mark.xfail(strict=True, reason="not yet enforced: see NOT_YET_ENFORCED")]
    return []


@pytest.mark.parametrize(
    "script",
    [pytest.param(s, id=s.stem, marks=_marks(s)) for s in gallery_scripts()],
)
def test_a_page_that_uses_dlnotes_models_or_fit_shows_the_pytorch_code(script):
    check(script.read_text(encoding="utf-8"), str(script.relative_to(ROOT)))


def test_the_not_yet_enforced_pages_exist():
    missing = NOT_YET_ENFORCED - {s.stem for s in gallery_scripts()}
    assert not missing, f"NOT_YET_ENFORCED names pages that do not exist: {sorted(missing)}"


# The check itself, on small sources: what counts as a use, as PyTorch code, as a check of
# equality and as a reference to page 16.
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
SEQUENTIAL = "net = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))\n"
SAME = """
from dlnotes.models import MLP
packaged = MLP((64, 64, 10))
packaged.layers.load_state_dict(net.state_dict())
torch.testing.assert_close(packaged(x), net(x))
"""
REFERENCE = "# fit is the loop of :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`\n"


@pytest.mark.parametrize(
    "source",
    [
        "import torch\nmodel = torch.nn.Linear(2, 1)",  # no dlnotes model or fit: nothing to show
        "from dlnotes.models import rnn_forward",  # a function, not a model
        "from dlnotes.train import accuracy, evaluate",  # not fit
        MODULE + SAME,
        SEQUENTIAL + SAME,
        "net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))\n" + SAME,
        "from dlnotes.train import fit\n" + LOOP,
        REFERENCE + "from dlnotes.train import fit\nfit(model)",
        # the reference in the module docstring counts as text too
        '"""Uses fit, the loop of plot_16_training_loop."""\nfrom dlnotes.train import fit',
        SEQUENTIAL + SAME + "from dlnotes.train import fit\n" + LOOP,
        SEQUENTIAL + SAME + "from dlnotes.train import fit\n" + REFERENCE,
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
        # a model: a loop is not a PyTorch model; a class without forward is not one either
        "from dlnotes.models import MLP\n" + LOOP,
        "from dlnotes.models import MLP\nclass Net(nn.Module):\n    pass\n" + SAME,
        # an nn.Sequential that wraps the dlnotes model is not built from nn pieces
        "from dlnotes.models import MLP\nnet = nn.Sequential(nn.Flatten(), MLP((784, 10)))\n"
        + SAME,
        # the PyTorch model after the dlnotes one, or no check of equality after it
        SAME + SEQUENTIAL,
        SEQUENTIAL + "from dlnotes.models import MLP\npackaged = MLP((64, 64, 10))",
        SEQUENTIAL + SAME.replace("packaged.layers.load_state_dict(net.state_dict())\n", ""),
        SEQUENTIAL + SAME.replace("torch.testing.assert_close", "print"),
        # fit: a loss step outside a loop, code only in a comment or string
        "from dlnotes.train import fit\nloss.backward()\noptimizer.step()",
        "from dlnotes.train import fit\n# for x in data: loss.backward(); opt.step()",
        f"from dlnotes.train import fit\ntext = '''{LOOP}'''",
        # the name of page 16 in a string of code is not the page's text
        "from dlnotes.train import fit\nlink = 'plot_16_training_loop'",
        # a loop or a reference between sphinx-gallery's ignore flags is not shown on the page
        "from dlnotes.train import fit\n# sphinx_gallery_start_ignore\n"
        + LOOP
        + "# sphinx_gallery_end_ignore\n",
        "from dlnotes.train import fit\n# sphinx_gallery_start_ignore\n"
        + REFERENCE
        + "# sphinx_gallery_end_ignore\n",
    ],
)
def test_the_check_fails(source):
    with pytest.raises(AssertionError, match="PyTorch first"):
        check(source, "example")
