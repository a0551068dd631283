"""The catalog of common errors: each classic mistake, the code that makes it, and its message.

The "Common errors" how-to (``docs/howto/common_errors.md``) is generated from this list while the
site is built, and ``tests/test_mistakes.py`` runs every entry, so page, tests and libraries cannot
drift apart. Two kinds of entries:

- **PyTorch's own messages** (``library="PyTorch"``): mistakes PyTorch itself catches, written in
  plain PyTorch. The page shows the message PyTorch really produced, the cause and the fix.
- **dlnotes' messages** (``library="dlnotes"``): mistakes with the ``dlnotes`` library. Each
  message names the argument, what was expected, what was given and the fix (``words`` lists
  them). ``error=DlnotesWarning`` marks a likely mistake in input that PyTorch accepts: dlnotes
  warns and returns PyTorch's result.

Each entry is one function, declared once under the ``@mistake`` decorator that holds its
metadata. Its body is exactly the code the page shows (no helper calls, no ``return``): it runs
with :data:`IMPORTS`, after ``torch.manual_seed(0)``, in a fresh temporary folder (so files it
writes have short, relative names).

Where a new case goes (the same rule is in ``tests/test_loss_errors.py``): a mistake a reader
could make and would search the web for belongs here, in the catalog; it appears on the page and
is tested. A check of one argument's edge case (empty tensors, legacy arguments, every branch of a
check) or a property beyond the message (a warning returns PyTorch's value) is a unit test in
``tests/test_<module>_errors.py``.

This is not part of the ``dlnotes`` package: it is documentation (a page's content) and test data,
and it imports most of the library, which the library itself never needs. It lives in ``tools/``,
the folder of code shared by the tests and the docs build: ``tests/conftest.py``, ``docs/conf.py``
and the notebook kernels (through their IPython start-up file) have it on ``sys.path``.

Examples
--------
>>> from mistakes import CATALOG, explain, source
>>> entry = CATALOG["linear-shape-mismatch"]
>>> print(source(entry))
model = nn.Linear(4, 2)  # built for 4 features per sample
x = torch.randn(8, 3)  # (N, 3): each sample has 3
model(x)
>>> print(explain(entry))
mat1 and mat2 shapes cannot be multiplied (8x3 and 4x2)
"""

from __future__ import annotations

import contextlib
import inspect
import tempfile
import textwrap
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from dlnotes import activations, data, datasets, inits, losses, models, train, transforms
from dlnotes._validation import DlnotesWarning

__all__ = ["CATALOG", "IMPORTS", "Mistake", "explain", "mistake", "raised", "source"]

#: The imports every snippet assumes (shown once at the top of the page). The tests run each
#: snippet's shown code with only these, so the page's claim holds.
IMPORTS = """\
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from dlnotes import activations, data, datasets, inits, losses, models
from dlnotes import train, transforms
"""


@dataclass(frozen=True)
class Mistake:
    """One foreseeable mistake.

    Attributes
    ----------
    key : str
        Short identifier (the trigger's name with hyphens), used as the test id and page anchor.
    library : str
        ``"PyTorch"`` or ``"dlnotes"``: whose message it is.
    area : str
        Section of the page.
    title : str
        The mistake in a few words.
    why : str
        What goes wrong and why (the cause).
    trigger : callable
        Makes the mistake (called with no arguments).
    error : type
        The exception it raises, or the warning class it emits (``DlnotesWarning`` for dlnotes'
        likely-mistake warnings, ``UserWarning`` for PyTorch's).
    words : tuple of str
        Text the message must contain. dlnotes: the argument, expectation, given value and fix.
        PyTorch: the phrases of its message a reader would search for.
    fix : str
        How to correct it (PyTorch entries; dlnotes' messages state the fix themselves).
    needs_cuda : bool
        Runs only where ``torch.cuda.is_available()``.
    """

    key: str
    library: str
    area: str
    title: str
    why: str
    trigger: Callable[[], object]
    error: type[BaseException]
    words: tuple[str, ...]
    fix: str = ""
    needs_cuda: bool = False


CATALOG: dict[str, Mistake] = {}


def mistake(*, area, title, why, error, words, fix="", library="dlnotes", needs_cuda=False):
    """Decorator: register the function below as the trigger of a catalog entry."""

    def register(trigger: Callable[[], object]) -> Callable[[], object]:
        key = trigger.__name__.replace("_", "-")
        if key in CATALOG:
            raise ValueError(f"two catalog entries are named {key!r}")
        CATALOG[key] = Mistake(
            key, library, area, title, why, trigger, error, tuple(words), fix, needs_cuda
        )
        return trigger

    return register


@contextlib.contextmanager
def sandbox(error: type[BaseException]):
    """Where a mistake is made: a fresh temporary folder, after ``torch.manual_seed(0)`` (the
    caller's random state is restored afterwards); a warning ``error`` is raised as an error."""
    with (
        tempfile.TemporaryDirectory() as folder,
        contextlib.chdir(folder),
        torch.random.fork_rng(devices=[]),
        warnings.catch_warnings(),
    ):
        torch.manual_seed(0)
        if issubclass(error, Warning):
            warnings.simplefilter("error", error)  # a warning entry: catch it as one
        yield


def raised(entry: Mistake) -> BaseException:
    """Make the mistake (in the :func:`sandbox`) and return the exception or warning it raised.

    Raises ``AssertionError`` if it raises nothing or the wrong type.
    """
    with sandbox(entry.error):
        try:
            entry.trigger()
        except entry.error as error:
            return error
        except Exception as error:
            raise AssertionError(
                f"{entry.key}: expected {entry.error.__name__}, got {type(error).__name__}: {error}"
            ) from error
    raise AssertionError(f"{entry.key}: no error was raised")


def explain(entry: Mistake) -> str:
    """Make the mistake and return the message of the error it raises (or of the warning).

    Examples
    --------
    >>> print(explain(CATALOG["batch-size-zero"]))  # doctest: +ELLIPSIS
    batch_size must be an integer ≥ 1, got 0. ...
    """
    return str(raised(entry))


def raised_in_dlnotes(error: BaseException) -> bool:
    """Whether any frame of the error's traceback is in the dlnotes package."""
    package = str(Path(train.__file__).parent)
    return any(
        frame.filename.startswith(package) for frame in traceback.extract_tb(error.__traceback__)
    )


def source(entry: Mistake) -> str:
    """The body of the entry's trigger: the code of the mistake, exactly as it ran.

    Examples
    --------
    >>> print(source(CATALOG["batch-size-zero"]))
    data.Batches(torch.zeros(10, 2), torch.zeros(10), batch_size=0)
    """
    lines = inspect.getsource(entry.trigger).splitlines()
    body = lines[[line.startswith("def ") for line in lines].index(True) + 1 :]
    return textwrap.dedent("\n".join(body)).strip()


# == PyTorch's own messages =======================================================================
# -- PyTorch: shapes and layouts -------------------------------------------------------------------


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="A Linear layer built for another number of features",
    why=(
        "nn.Linear(4, 2) multiplies each (N, 4) input by its 4 × 2 (transposed) weight. mat1 is "
        "the input, mat2 the weight: here the samples have 3 features, not 4."
    ),
    fix=(
        "Build the layer with `in_features=x.shape[-1]` (after a `Flatten`, print the shape to "
        "read it), or find why the data lost a column."
    ),
    error=RuntimeError,
    words=("mat1 and mat2 shapes cannot be multiplied", "(8x3 and 4x2)"),
)
def linear_shape_mismatch():
    model = nn.Linear(4, 2)  # built for 4 features per sample
    x = torch.randn(8, 3)  # (N, 3): each sample has 3
    model(x)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="A single image without batch and channel axes into Conv2d",
    why=(
        "Conv2d reads a batch (N, C, H, W) or one image (C, H, W). A bare 28 × 28 grey image "
        "has neither a channel axis nor a batch axis."
    ),
    fix=(
        "Add the missing axes: `image[None, None]` gives (1, 1, 28, 28); a batch of grey images "
        "(N, 28, 28) needs `x.unsqueeze(1)`."
    ),
    error=RuntimeError,
    words=("Expected 3D (unbatched) or 4D (batched) input to conv2d", "[28, 28]"),
)
def conv2d_without_batch_axis():
    conv = nn.Conv2d(1, 8, kernel_size=3)
    image = torch.rand(28, 28)  # (H, W)
    conv(image)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="Images in (N, H, W, C) layout into Conv2d",
    why=(
        "Image files and NumPy store colour last, (H, W, C); PyTorch's layers want channels "
        "first, (N, C, H, W). Conv2d reads dimension 1 as the channels and finds 32."
    ),
    fix="Move the channels: `x.permute(0, 3, 1, 2)` turns (N, H, W, C) into (N, C, H, W).",
    error=RuntimeError,
    words=("expected input[1, 32, 32, 3] to have 3 channels", "but got 32 channels instead"),
)
def conv2d_channels_last():
    conv = nn.Conv2d(3, 8, kernel_size=3)
    x = torch.rand(1, 32, 32, 3)  # (N, H, W, C), as an image file stores it
    conv(x)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="BatchNorm in training mode on a batch of one",
    why=(
        "In training mode batch normalization divides by the spread of the batch, and one "
        "sample has none. It happens when predicting one sample without `model.eval()`, or "
        "when the last batch of an epoch holds a single sample."
    ),
    fix=(
        "Call `model.eval()` before predicting; for training, `DataLoader(..., drop_last=True)` "
        "drops a short last batch."
    ),
    error=ValueError,
    words=("Expected more than 1 value per channel when training", "torch.Size([1, 4])"),
)
def batchnorm_on_one_sample():
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))  # training mode
    sample = torch.randn(1, 4)
    model(sample)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="Sequence windows without a feature axis into an LSTM",
    why=(
        "A recurrent layer reads (N, T, features) with `batch_first=True`; a 2-D input is read "
        "as one unbatched sequence (T, features), so the 30 time steps look like 30 features."
    ),
    fix="Add the feature axis: `x.unsqueeze(-1)` turns (N, T) into (N, T, 1).",
    error=RuntimeError,
    words=("input.size(-1) must be equal to input_size", "Expected 1, got 30"),
)
def lstm_missing_feature_axis():
    lstm = nn.LSTM(input_size=1, hidden_size=8, batch_first=True)
    windows = torch.randn(16, 30)  # (N, T)
    lstm(windows)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="view on a transposed (non-contiguous) tensor",
    why=(
        "view reinterprets the same memory with a new shape. After a transpose the elements "
        "are no longer stored in row order, so no view can flatten them."
    ),
    fix="Use `.reshape(...)`, which copies when it must, or `.contiguous().view(...)`.",
    error=RuntimeError,
    words=("view size is not compatible with input tensor's size and stride", ".reshape"),
)
def view_on_non_contiguous():
    x = torch.randn(3, 4)
    x.t().view(12)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="A view with the wrong number of elements",
    why=(
        "A new shape must hold exactly the tensor's elements: 3 × 5 = 15 is not 12. Typical "
        "after a change to a network makes the flattened size of the features change."
    ),
    fix="Let PyTorch work one size out, `x.view(3, -1)`, or print `x.shape` and fix the size.",
    error=RuntimeError,
    words=("shape '[3, 5]' is invalid for input of size 12",),
)
def view_wrong_size():
    x = torch.arange(12)
    x.view(3, 5)


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="torch.cat of tensors with different widths",
    why=(
        "torch.cat joins along `dim=0` by default, stacking rows, so every row must have the "
        "same width: here 3 and 4 columns."
    ),
    fix=("Join along the axis that differs, `torch.cat([a, b], dim=1)`, or make the shapes agree."),
    error=RuntimeError,
    words=("Sizes of tensors must match except in dimension 0", "Expected size 3 but got size 4"),
)
def cat_mismatched_shapes():
    a, b = torch.zeros(2, 3), torch.zeros(2, 4)
    torch.cat([a, b])


@mistake(
    library="PyTorch",
    area="Shapes and layouts",
    title="A DataLoader over samples of different lengths",
    why=(
        "The DataLoader's default `collate_fn` stacks the samples of a batch with torch.stack, "
        "which needs them all the same shape."
    ),
    fix=(
        "Pad the samples to one length, e.g. a `collate_fn` that calls "
        "`nn.utils.rnn.pad_sequence(batch, batch_first=True)`, or crop/resize them."
    ),
    error=RuntimeError,
    words=("stack expects each tensor to be equal size", "[3] at entry 0 and [4] at entry 1"),
)
def dataloader_unequal_samples():
    sequences = [torch.zeros(3), torch.zeros(4)]
    loader = DataLoader(sequences, batch_size=2)
    next(iter(loader))


# -- PyTorch: data types ---------------------------------------------------------------------------


@mistake(
    library="PyTorch",
    area="Data types",
    title="NumPy (float64) data into a float32 model",
    why=(
        "NumPy makes float64 arrays and `torch.from_numpy` keeps their type, but layers are "
        "created in float32; a matrix product needs both operands of one type."
    ),
    fix="Convert once when loading: `torch.from_numpy(features).float()`.",
    error=RuntimeError,
    words=("mat1 and mat2 must have the same dtype", "got Double and Float"),
)
def numpy_float64_into_a_model():
    features = np.random.default_rng(0).normal(size=(8, 4))  # float64
    model = nn.Linear(4, 2)
    model(torch.from_numpy(features))


@mistake(
    library="PyTorch",
    area="Data types",
    title="Integer features into a model",
    why="Counts or codes read as integers make an int64 tensor; layers compute in float32.",
    fix="`x.float()`; categorical codes are better fed to an `nn.Embedding`.",
    error=RuntimeError,
    words=("mat1 and mat2 must have the same dtype", "got Long and Float"),
)
def integer_features_into_a_model():
    counts = torch.tensor([[1, 0, 3, 2]])  # int64
    nn.Linear(4, 2)(counts)


@mistake(
    library="PyTorch",
    area="Data types",
    title="Class labels stored as floats for CrossEntropyLoss",
    why=(
        "A target of shape (N,) holds class indices, which must be integers (int64). Labels "
        "read from a CSV or built with torch.tensor([0.0, ...]) are floats."
    ),
    fix="`loss_fn(logits, labels.long())`.",
    error=RuntimeError,
    words=("expected target dtype to be Long or Byte, but got Float",),
)
def cross_entropy_float_labels():
    logits = torch.randn(4, 3)  # (N, C)
    labels = torch.tensor([0.0, 2.0, 1.0, 0.0])
    nn.CrossEntropyLoss()(logits, labels)


@mistake(
    library="PyTorch",
    area="Data types",
    title="Integer one-hot targets for CrossEntropyLoss",
    why=(
        "A target of the input's shape (N, C) is read as class probabilities, which must be "
        "floating point; `F.one_hot` returns int64."
    ),
    fix="Pass the class indices instead, `labels` or `one_hot.argmax(dim=1)`; or `one_hot.float()`.",
    error=RuntimeError,
    words=("Expected floating point type for target with class probabilities, got Long",),
)
def cross_entropy_integer_one_hot():
    logits = torch.randn(4, 3)
    labels = torch.tensor([0, 2, 1, 0])
    one_hot = F.one_hot(labels, num_classes=3)  # (4, 3), int64
    nn.CrossEntropyLoss()(logits, one_hot)


@mistake(
    library="PyTorch",
    area="Data types",
    title="Integer 0/1 targets for BCELoss",
    why="Binary targets are probabilities, so BCELoss wants them in the input's floating type.",
    fix="`loss_fn(probabilities, targets.float())`.",
    error=RuntimeError,
    words=("Found dtype Long but expected Float",),
)
def bceloss_integer_targets():
    probabilities = torch.sigmoid(torch.randn(4))
    targets = torch.tensor([1, 0, 1, 1])
    nn.BCELoss()(probabilities, targets)


@mistake(
    library="PyTorch",
    area="Data types",
    title="Integer 0/1 targets for BCEWithLogitsLoss",
    why=(
        "The loss is computed in floating point and cannot be written into the integer type of "
        "the targets."
    ),
    fix="`loss_fn(logits, targets.float())`.",
    error=RuntimeError,
    words=("result type Float can't be cast to the desired output type Long",),
)
def bce_with_logits_integer_targets():
    logits = torch.randn(4)
    targets = torch.tensor([1, 0, 1, 1])
    nn.BCEWithLogitsLoss()(logits, targets)


@mistake(
    library="PyTorch",
    area="Data types",
    title="MSELoss between predicted and true class indices",
    why=(
        "`argmax` gives class indices (int64), and the mean squared error is defined for "
        "floating-point tensors only. The distance between class numbers is rarely meaningful."
    ),
    fix=(
        "For classification, train on the scores: `nn.CrossEntropyLoss()(scores, labels)`. For "
        "a regression on integers, convert: `.float()`."
    ),
    error=NotImplementedError,
    words=("not implemented for 'Long'",),
)
def mse_on_class_indices():
    scores = torch.randn(4, 3)
    labels = torch.tensor([0, 2, 1, 0])
    nn.MSELoss()(scores.argmax(dim=1), labels)


@mistake(
    library="PyTorch",
    area="Data types",
    title="An integer tensor into Dropout",
    why=(
        "In training mode Dropout multiplies the kept values by 1 / (1 − p) = 2.0, a float that "
        "an int64 tensor cannot hold."
    ),
    fix="`x.float()`; token ids go through an `nn.Embedding` before any dropout.",
    error=RuntimeError,
    words=("result type Float can't be cast to the desired output type Long",),
)
def dropout_on_token_ids():
    token_ids = torch.tensor([1, 2, 3, 4])
    nn.Dropout(p=0.5)(token_ids)


# -- PyTorch: devices ------------------------------------------------------------------------------


@mistake(
    library="PyTorch",
    area="Devices",
    title="Data and model on different devices",
    why=(
        "Every tensor of one operation must be on the same device. Here the meta device (shapes "
        "without data) stands in for a GPU, so that the mistake runs on every machine: the "
        "layer's weights are on it, the input is on the CPU."
    ),
    fix=(
        "Move each batch to the model's device: `device = next(model.parameters()).device`, "
        "then `model(x.to(device))`."
    ),
    error=RuntimeError,
    words=("Tensor on device meta is not on the expected device cpu",),
)
def data_on_another_device_than_the_model():
    model = nn.Linear(4, 2, device="meta")  # weights on the "GPU"
    x = torch.randn(8, 4)  # created on the CPU
    model(x)


@mistake(
    library="PyTorch",
    area="Devices",
    title="A model on the GPU, the data still on the CPU",
    why="`model.to('cuda')` moves the parameters only; every batch must be moved as well.",
    fix="`model(x.to('cuda'))`, or one `device` variable used for the model and every batch.",
    error=RuntimeError,
    words=("cuda:0", "cpu"),
    needs_cuda=True,
)
def model_on_gpu_data_on_cpu():
    model = nn.Linear(4, 2).to("cuda")
    x = torch.randn(8, 4)  # created on the CPU
    model(x)


# -- PyTorch: autograd -----------------------------------------------------------------------------


@mistake(
    library="PyTorch",
    area="Autograd",
    title="An in-place update of a weight outside torch.no_grad()",
    why=(
        "A hand-written update step changes a leaf tensor that requires grad; autograd would "
        "have to record the update itself, and refuses."
    ),
    fix="Update under `with torch.no_grad(): w -= 0.1 * w.grad`, or use an optimizer.",
    error=RuntimeError,
    words=("a leaf Variable that requires grad is being used in an in-place operation",),
)
def inplace_update_of_a_leaf():
    w = torch.randn(3, requires_grad=True)
    loss = (w**2).sum()
    loss.backward()
    w -= 0.1 * w.grad  # the update step


@mistake(
    library="PyTorch",
    area="Autograd",
    title="backward twice through the same graph",
    why=(
        "backward frees the values saved by the forward pass. A second backward on the same "
        "loss (e.g. a loop that reuses a loss computed once) finds them gone."
    ),
    fix=(
        "Recompute the forward pass at every step. Use `retain_graph=True` only when you really "
        "need two backward passes through one graph."
    ),
    error=RuntimeError,
    words=("Trying to backward through the graph a second time", "retain_graph=True"),
)
def backward_twice():
    w = torch.randn(3, requires_grad=True)
    loss = w.exp().sum()
    loss.backward()
    loss.backward()


@mistake(
    library="PyTorch",
    area="Autograd",
    title="backward on a loss with one value per sample",
    why=(
        "backward() without an argument needs a single number; an unreduced loss has one per "
        "sample (a mean was forgotten, or `reduction='none'`)."
    ),
    fix="Reduce first: `loss.mean().backward()`.",
    error=RuntimeError,
    words=("grad can be implicitly created only for scalar outputs",),
)
def backward_on_a_vector():
    w = torch.randn(3, requires_grad=True)
    loss = (w - torch.ones(3)) ** 2  # one value per element: no .mean()
    loss.backward()


@mistake(
    library="PyTorch",
    area="Autograd",
    title="backward on a loss computed under torch.no_grad()",
    why=(
        "Nothing computed under `torch.no_grad()` (or from detached tensors) is recorded, so the "
        "loss has no graph to differentiate."
    ),
    fix="Compute the training loss outside `torch.no_grad()`; keep that block for evaluation.",
    error=RuntimeError,
    words=("element 0 of tensors does not require grad and does not have a grad_fn",),
)
def backward_without_a_graph():
    model = nn.Linear(4, 1)
    with torch.no_grad():  # copied from the evaluation code
        loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()


@mistake(
    library="PyTorch",
    area="Autograd",
    title=".numpy() on a tensor that requires grad",
    why=(
        "A model's output is part of the autograd graph; a NumPy array cannot carry it, so "
        "PyTorch asks you to detach it explicitly."
    ),
    fix="`pred.detach().numpy()` (`.cpu()` too on a GPU), or predict under `torch.no_grad()`.",
    error=RuntimeError,
    words=("Can't call numpy() on Tensor that requires grad", "tensor.detach().numpy()"),
)
def numpy_on_a_tensor_that_requires_grad():
    model = nn.Linear(4, 1)
    pred = model(torch.randn(8, 4))
    pred.numpy()


@mistake(
    library="PyTorch",
    area="Autograd",
    title=".item() on a tensor of several values",
    why="item() turns a one-element tensor into a Python number; this loss has one per element.",
    fix="Reduce first (`loss.mean().item()`), or `loss.tolist()` for all the values.",
    error=RuntimeError,
    words=("a Tensor with 3 elements cannot be converted to Scalar",),
)
def item_on_several_values():
    loss = (torch.randn(3) - torch.ones(3)) ** 2
    loss.item()


# -- PyTorch: modules, losses and optimizers -------------------------------------------------------


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="Calling the loss class instead of a loss object",
    why=(
        "`nn.CrossEntropyLoss(logits, labels)` calls the class's constructor, whose first "
        "parameters are `weight` and the legacy `size_average`; the labels, taken as "
        "`size_average`, are then tested as a truth value."
    ),
    fix="Create the loss, then call it: `loss_fn = nn.CrossEntropyLoss()`, `loss_fn(logits, labels)`.",
    error=RuntimeError,
    words=("Boolean value of Tensor with more than one value is ambiguous",),
)
def loss_class_instead_of_object():
    logits = torch.randn(4, 3)
    labels = torch.tensor([0, 2, 1, 0])
    nn.CrossEntropyLoss(logits, labels)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="A class label ≥ the number of classes",
    why=(
        "With C output columns, class indices run from 0 to C − 1. A label of C usually means "
        "labels counted from 1, or a model built with too few outputs."
    ),
    fix="`labels - 1` for labels counted from 1; else give the last layer as many outputs as classes.",
    error=IndexError,
    words=("Target 3 is out of bounds",),
)
def class_label_out_of_range():
    logits = torch.randn(4, 3)  # 3 classes: 0, 1, 2
    labels = torch.tensor([1, 2, 3, 1])  # counted from 1
    nn.CrossEntropyLoss()(logits, labels)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="Class labels of shape (N, 1) for CrossEntropyLoss",
    why=(
        "Class-index targets have one number per sample, shape (N,); a column (N, 1), as a CSV "
        "column or a DataFrame gives it, looks like several targets per sample."
    ),
    fix="`labels.squeeze(1)` or `labels.view(-1)`.",
    error=RuntimeError,
    words=("0D or 1D target tensor expected, multi-target not supported",),
)
def cross_entropy_labels_as_a_column():
    logits = torch.randn(4, 3)
    labels = torch.tensor([[0], [2], [1], [0]])  # (N, 1)
    nn.CrossEntropyLoss()(logits, labels)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="(N, 1) outputs against (N,) targets in BCELoss",
    why=(
        "A model with one output returns (N, 1); the targets of a CSV column are (N,). BCELoss "
        "refuses the mismatch instead of broadcasting it."
    ),
    fix="`targets.unsqueeze(1)` (or `outputs.squeeze(1)`), so both are the same shape.",
    error=ValueError,
    words=("Using a target size (torch.Size([4]))", "input size (torch.Size([4, 1]))"),
)
def bce_outputs_and_targets_of_different_shapes():
    probabilities = torch.sigmoid(torch.randn(4, 1))  # a model's (N, 1) output
    targets = torch.tensor([1.0, 0.0, 1.0, 1.0])  # (N,)
    nn.BCELoss()(probabilities, targets)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="(N, 1) predictions against (N,) targets in MSELoss",
    why=(
        "MSELoss broadcasts (N, 1) against (N,) to (N, N) and averages all N × N pairs, so the "
        "model learns to predict the mean. PyTorch only warns (a UserWarning) and computes it."
    ),
    fix="`targets.unsqueeze(1)` (or `predictions.squeeze(1)`), so both are the same shape.",
    error=UserWarning,
    words=("Using a target size (torch.Size([5]))", "incorrect results due to broadcasting"),
)
def mse_broadcasting_warning():
    predictions = torch.randn(5, 1)  # (N, 1)
    targets = torch.randn(5)  # (N,)
    nn.MSELoss()(predictions, targets)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="softmax over a dimension the tensor does not have",
    why=(
        "An (N, C) tensor has dimensions 0 and 1 (or −2 and −1); the class probabilities are "
        "along dim=1. A wrong dimension that exists, dim=0, raises nothing: the rows then do "
        "not sum to 1."
    ),
    fix="`torch.softmax(logits, dim=1)` (or `dim=-1`); check with `probs.sum(dim=1)`.",
    error=IndexError,
    words=("Dimension out of range (expected to be in range of [-2, 1], but got 2)",),
)
def softmax_dim_out_of_range():
    logits = torch.randn(4, 3)  # (N, C)
    torch.softmax(logits, dim=2)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="softmax without a dim",
    why=(
        "Without `dim`, PyTorch guesses the dimension from the number of axes, and the guess is "
        "wrong for some layouts. It warns (a UserWarning)."
    ),
    fix="Always name it: `F.softmax(logits, dim=1)`.",
    error=UserWarning,
    words=("Implicit dimension choice for softmax has been deprecated", "dim=X"),
)
def softmax_without_dim():
    logits = torch.randn(4, 3)
    F.softmax(logits)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="A token id outside the embedding table",
    why=(
        "nn.Embedding(10, 4) has rows 0 to 9. An id of 10 usually means a vocabulary counted "
        "without its padding or unknown token."
    ),
    fix="`num_embeddings = max_id + 1` (the vocabulary size, special tokens included).",
    error=IndexError,
    words=("index out of range in self",),
)
def embedding_index_out_of_range():
    embedding = nn.Embedding(num_embeddings=10, embedding_dim=4)
    token_ids = torch.tensor([3, 7, 10])
    embedding(token_ids)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="An optimizer given the model instead of its parameters",
    why="An optimizer updates an iterable of tensors; a module is not one.",
    fix="`torch.optim.SGD(model.parameters(), lr=0.1)`.",
    error=TypeError,
    words=("'Linear' object is not iterable",),
)
def optimizer_given_the_model():
    model = nn.Linear(4, 2)
    torch.optim.SGD(model, lr=0.1)


@mistake(
    library="PyTorch",
    area="Modules, losses and optimizers",
    title="Loading the weights of another architecture",
    why=(
        "load_state_dict copies tensors name by name and needs each saved shape to match the "
        "model's: here a layer was saved with 2 outputs and rebuilt with 3."
    ),
    fix=(
        "Rebuild the model exactly as it was when saved (same sizes); to reuse part of it, load "
        "the matching entries only."
    ),
    error=RuntimeError,
    words=("Error(s) in loading state_dict for Linear", "size mismatch for weight"),
)
def load_weights_of_another_architecture():
    saved = nn.Linear(4, 2).state_dict()
    model = nn.Linear(4, 3)
    model.load_state_dict(saved)


# == dlnotes' messages ============================================================================
# Each message names the argument, what was expected, what was given and the fix.

# -- dlnotes: losses -----------------------------------------------------------


@mistake(
    area="Losses",
    title="Softmax applied before cross_entropy",
    why="cross_entropy applies log-softmax itself; feeding it probabilities squashes them"
    " a second time: the loss can no longer approach 0, and training is slower. How much"
    " slower depends on the optimizer: measured {ref}`below <softmax-before-cross-entropy-measured>`."
    " PyTorch computes it anyway; dlnotes warns.",
    error=DlnotesWarning,
    words=("input", "logits", "softmax", "sums to 1", "Remove the softmax"),
)
def softmax_before_cross_entropy():
    logits = torch.randn(4, 3)
    probs = torch.softmax(logits, dim=1)
    losses.cross_entropy(probs, torch.tensor([0, 2, 1, 0]))


@mistake(
    area="Losses",
    title="Class labels stored as floats",
    why="Class-index targets must be integers (int64); floats are read as probabilities.",
    error=TypeError,
    words=("target", "class indices", "integers", "float32", ".long()"),
)
def float_class_targets():
    logits = torch.randn(4, 3)
    losses.cross_entropy(logits, torch.tensor([0.0, 2.0, 1.0, 0.0]))


@mistake(
    area="Losses",
    title="A class index ≥ the number of classes",
    why="With C output columns, class indices run from 0 to C − 1. An index of C usually "
    "means labels counted from 1, or a model built with too few outputs.",
    error=ValueError,
    words=("target", "3", "[0, 2]", "labels start at 1"),
)
def class_index_out_of_range():
    logits = torch.randn(4, 3)
    losses.cross_entropy(logits, torch.tensor([0, 1, 2, 3]))


@mistake(
    area="Losses",
    title="One-hot targets of the wrong width",
    why="Probability (one-hot) targets must have exactly the input's shape.",
    error=ValueError,
    words=("target", "(4, 4)", "(4, 3)"),
)
def one_hot_wrong_width():
    logits = torch.randn(4, 3)
    losses.cross_entropy(logits, torch.eye(4))


@mistake(
    area="Losses",
    title="Targets for a different number of samples",
    why="Every sample in the batch needs exactly one target.",
    error=ValueError,
    words=("target", "shape (4,)", "got (3,)", "input of shape (4, 3)"),
)
def cross_entropy_batch_mismatch():
    logits = torch.randn(4, 3)
    losses.cross_entropy(logits, torch.tensor([0, 1, 2]))


@mistake(
    area="Losses",
    title="nll_loss on raw scores",
    why="nll_loss expects log-probabilities, which are never positive; on raw scores it "
    "rewards making them large. PyTorch computes it anyway; dlnotes warns.",
    error=DlnotesWarning,
    words=("input", "log-probabilities", "log_softmax", "cross_entropy"),
)
def nll_on_logits():
    logits = torch.randn(4, 3) + 2
    losses.nll_loss(logits, torch.tensor([0, 2, 1, 0]))


@mistake(
    area="Losses",
    title="binary_cross_entropy on logits",
    why="binary_cross_entropy takes probabilities in [0, 1]; a model's raw outputs "
    "(logits) are not. Either add a sigmoid or, better, use the logits version.",
    error=ValueError,
    words=("input", "[0, 1]", "2.5", "sigmoid", "binary_cross_entropy_with_logits"),
)
def bce_on_logits():
    logits = torch.tensor([2.5, -1.0, 0.3])
    losses.binary_cross_entropy(logits, torch.tensor([1.0, 0.0, 1.0]))


@mistake(
    area="Losses",
    title="Integer 0/1 targets for binary cross-entropy",
    why="Binary targets are probabilities, so they must be floating point.",
    error=TypeError,
    words=("target", "floating", "int64", ".float()"),
)
def bce_integer_targets():
    probs = torch.tensor([0.9, 0.2, 0.6])
    losses.binary_cross_entropy(probs, torch.tensor([1, 0, 1]))


@mistake(
    area="Losses",
    title="(N, 1) outputs against (N,) targets",
    why="A model with one output returns (N, 1). Both binary cross-entropy losses refuse a "
    "target of another shape (PyTorch raises a ValueError too): give (N, 1) targets.",
    error=ValueError,
    words=("target", "(4,)", "(4, 1)", "unsqueeze"),
)
def bce_shape_mismatch():
    probs = torch.rand(4, 1)  # a model's (N, 1) output
    losses.binary_cross_entropy(probs, torch.tensor([1.0, 0.0, 1.0, 1.0]))


@mistake(
    area="Losses",
    title="Regression targets of shape (N,) against (N, 1) outputs",
    why="PyTorch broadcasts (N, 1) against (N,) to (N, N) with only a warning, so the loss "
    "averages N × N pairs and trains towards the mean. dlnotes returns the same value "
    "and warns (DlnotesWarning) with the fix.",
    error=DlnotesWarning,
    words=("target", "(5,)", "(5, 1)", "unsqueeze"),
)
def mse_broadcasting():
    predictions = torch.randn(5, 1)  # (N, 1)
    losses.mse_loss(predictions, torch.randn(5))  # (N,)


@mistake(
    area="Losses",
    title="A regression loss on integer tensors",
    why="Losses are differentiable functions of floating-point tensors.",
    error=TypeError,
    words=("input", "floating", "int64", "float"),
)
def mse_integer_tensors():
    losses.mse_loss(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4]))


@mistake(
    area="Losses",
    title="A Python list instead of a tensor",
    why="Losses work on tensors; convert lists with torch.tensor.",
    error=TypeError,
    words=("input", "torch.Tensor", "list", "torch.tensor"),
)
def loss_on_a_list():
    losses.l1_loss([0.5, 1.5], torch.tensor([0.0, 1.0]))


@mistake(
    area="Losses",
    title="A misspelt reduction",
    why="reduction is one of a few fixed words.",
    error=ValueError,
    words=("reduction", "'none', 'mean', 'sum'", "'average'", "'mean' averages"),
)
def unknown_reduction():
    x = torch.randn(3)
    losses.mse_loss(x, torch.zeros(3), reduction="average")


@mistake(
    area="Losses",
    title="kl_div given probabilities as input",
    why="Like nll_loss, kl_div takes the model's log-probabilities as input. PyTorch "
    "computes it anyway; dlnotes warns.",
    error=DlnotesWarning,
    words=("input", "log-probabilities", "log"),
)
def kl_div_probabilities():
    p = torch.softmax(torch.randn(2, 4), dim=1)  # the target distribution
    q = torch.softmax(torch.randn(2, 4), dim=1)  # the model's distribution
    losses.kl_div(q, p, reduction="batchmean")


@mistake(
    area="Losses",
    title="A Huber threshold of zero",
    why="delta is where the loss turns from quadratic to linear; it must be positive.",
    error=ValueError,
    words=("delta", "> 0", "got 0.0", "turns linear"),
)
def huber_delta():
    x = torch.randn(3)
    losses.huber_loss(x, torch.zeros(3), delta=0.0)


@mistake(
    area="Losses",
    title="0/1 targets for a ranking loss",
    why="margin_ranking_loss uses +1 (first should rank higher) and −1 (second should); "
    "PyTorch computes with a 0 anyway (it then only asks for the margin); dlnotes warns.",
    error=DlnotesWarning,
    words=("target", "only 1 and -1", "[0.0, 1.0]", "2 * label - 1"),
)
def ranking_targets_zero_one():
    s1, s2 = torch.randn(3), torch.randn(3)
    losses.margin_ranking_loss(s1, s2, torch.tensor([1.0, 0.0, 1.0]))


@mistake(
    area="Losses",
    title="0/1 targets for hinge_embedding_loss",
    why="hinge_embedding_loss labels similar pairs +1 and dissimilar pairs −1; PyTorch "
    "computes with a 0 anyway (adding both terms); dlnotes warns.",
    error=DlnotesWarning,
    words=("target", "only 1 and -1", "[0.0, 1.0]", "2 * label - 1"),
)
def hinge_targets_zero_one():
    distances = torch.rand(4)
    losses.hinge_embedding_loss(distances, torch.tensor([1.0, 0.0, 0.0, 1.0]))


@mistake(
    area="Losses",
    title="Embeddings of different sizes",
    why="A cosine similarity compares vectors of the same length.",
    error=ValueError,
    words=("input2", "(4, 6)", "(4, 8)", "same size"),
)
def cosine_embedding_shapes():
    a, b = torch.randn(4, 8), torch.randn(4, 6)
    losses.cosine_embedding_loss(a, b, torch.ones(4))


@mistake(
    area="Losses",
    title="A triplet whose negatives do not match the anchors",
    why="Anchor, positive and negative must have one row per triplet.",
    error=ValueError,
    words=("negative", "(3, 8)", "(4, 8)"),
)
def triplet_shapes():
    a = torch.randn(4, 8)
    losses.triplet_margin_loss(a, a + 0.1, torch.randn(3, 8))


@mistake(
    area="Losses",
    title="One-hot targets for multilabel_margin_loss",
    why="multilabel_margin_loss lists the true class indices, padded with −1; a 0/1 matrix"
    " is read as indices 0 and 1, listed many times (0/1 matrices are for"
    " multilabel_soft_margin_loss). PyTorch computes it anyway; dlnotes warns.",
    error=DlnotesWarning,
    words=("target", "-1", "multilabel_soft_margin_loss"),
)
def multilabel_margin_one_hot():
    scores = torch.randn(2, 4)
    one_hot = torch.tensor([[0, 1, 1, 0], [1, 0, 0, 0]])
    losses.multilabel_margin_loss(scores, one_hot)


@mistake(
    area="Losses",
    title="A CTC target longer than its input",
    why="CTC emits at most one label per frame, so a target cannot be longer than the input.",
    error=ValueError,
    words=("target", "4", "3", "frames"),
)
def ctc_target_too_long():
    log_probs = torch.randn(3, 1, 5).log_softmax(2)  # (T=3, N=1, C=5)
    losses.ctc_loss(log_probs, torch.tensor([[1, 2, 3, 4]]), [3], [4])


@mistake(
    area="Losses",
    title="The blank index inside a CTC target",
    why="The blank symbol separates labels; it cannot itself be a label.",
    error=ValueError,
    words=("target", "blank=0", "[0, 1, 2]", "number the labels from 1"),
)
def ctc_blank_in_target():
    log_probs = torch.randn(6, 1, 5).log_softmax(2)  # blank = 0
    losses.ctc_loss(log_probs, torch.tensor([[1, 0, 2]]), [6], [3])


@mistake(
    area="Losses",
    title="Probabilities instead of log-probabilities for CTC",
    why="ctc_loss expects log_softmax output over the classes. PyTorch computes it anyway; "
    "dlnotes warns.",
    error=DlnotesWarning,
    words=("log_probs", "log_softmax", "sum to 1"),
)
def ctc_probabilities():
    probs = torch.randn(6, 1, 5).softmax(2)
    losses.ctc_loss(probs, torch.tensor([[1, 2]]), [6], [2])


# -- dlnotes: activations and initialization -----------------------------------


@mistake(
    area="Activations and initialization",
    title="A NumPy array into an activation",
    why="The functions work on tensors (and return tensors for autograd).",
    error=TypeError,
    words=("x", "torch.Tensor", "array", "torch.tensor"),
)
def activation_on_numpy():
    activations.relu(np.array([-1.0, 2.0]))


@mistake(
    area="Activations and initialization",
    title="softmax on an integer tensor",
    why="softmax returns probabilities, which need a floating-point tensor.",
    error=TypeError,
    words=("x", "floating", "int64", ".float()"),
)
def softmax_on_integers():
    activations.softmax(torch.tensor([[1, 2, 3]]))


@mistake(
    area="Activations and initialization",
    title="PReLU slopes for the wrong channels",
    why="PReLU has one slope, or one per channel (dimension 1).",
    error=ValueError,
    words=("weight", "(2,)", "x.shape[1] = 3", "num_parameters"),
)
def prelu_weight_size():
    x = torch.randn(2, 3, 4)  # (N, C=3, L)
    activations.prelu(x, torch.tensor([0.25, 0.25]))


@mistake(
    area="Activations and initialization",
    title="Dropout on an integer tensor",
    why="Dropout rescales the kept values by 1 / (1 − p), which needs floating point.",
    error=TypeError,
    words=("x", "floating", "int64", ".float()"),
)
def dropout_on_integers():
    activations.dropout(torch.tensor([1, 2, 3, 4]), p=0.5)


@mistake(
    area="Activations and initialization",
    title="Dropout with p = 1",
    why="p is the probability of dropping; with p = 1 nothing is kept and the scale 1 / "
    "(1 − p) is infinite.",
    error=ValueError,
    words=("p", "[0, 1)", "1.0"),
)
def dropout_p_one():
    activations.dropout(torch.ones(4), p=1.0)


@mistake(
    area="Activations and initialization",
    title="Xavier initialization of a bias",
    why="Fan-in and fan-out need a weight matrix (2-D or more); biases are usually zeros.",
    error=ValueError,
    words=("tensor", "at least 2 dimensions", "(3,)", "zeros_"),
)
def xavier_on_bias():
    layer = nn.Linear(4, 3)
    inits.xavier_uniform_(layer.bias)


@mistake(
    area="Activations and initialization",
    title="An unknown nonlinearity name",
    why="calculate_gain knows a fixed list of nonlinearities.",
    error=ValueError,
    words=("nonlinearity", "swish", "relu"),
)
def unknown_gain():
    inits.calculate_gain("swish")


@mistake(
    area="Activations and initialization",
    title="A misspelt Kaiming mode",
    why="mode says whether to preserve the forward signal (fan_in) or the gradients (fan_out).",
    error=ValueError,
    words=("mode", "fan_avg", "fan_in", "fan_out"),
)
def kaiming_mode():
    inits.kaiming_normal_(torch.empty(3, 4), mode="fan_avg")


# -- dlnotes: models -----------------------------------------------------------


@mistake(
    area="Models",
    title="Flattened images into a CNN",
    why="Convolutions need the (N, C, H, W) image layout.",
    error=ValueError,
    words=("(N, 1, 28, 28)", "(8, 784)", "view(-1, 1, 28, 28)"),
)
def cnn_flat_images():
    net = models.DigitCNN(image_size=28)
    net(torch.zeros(8, 784))


@mistake(
    area="Models",
    title="Images without a channel axis",
    why="Grey images still need a channel axis of size 1.",
    error=ValueError,
    words=("(N, 1, 8, 8)", "(8, 8, 8)", "unsqueeze(1)"),
)
def cnn_missing_channel():
    net = models.DigitCNN(image_size=8)
    net(torch.zeros(8, 8, 8))


@mistake(
    area="Models",
    title="Sequence windows without a feature axis",
    why="Recurrent layers read (batch, time, features).",
    error=ValueError,
    words=("(N, T, 1)", "(16, 30)", "unsqueeze(-1)"),
)
def rnn_missing_features():
    net = models.RNNForecaster(cell="gru")
    net(torch.zeros(16, 30))  # (N, T): windows without the feature axis


@mistake(
    area="Models",
    title="An unknown recurrent cell",
    why="RNNForecaster offers the three classic cells.",
    error=ValueError,
    words=("cell", "transformer", "'gru' is a good default"),
)
def unknown_rnn_cell():
    models.RNNForecaster(cell="transformer")


@mistake(
    area="Models",
    title="A 1-D input for a linear layer",
    why="A linear layer reads one row per sample: (N, features).",
    error=ValueError,
    words=("(N, 1)", "(10,)", "reshape(-1, 1)"),
)
def regression_1d_inputs():
    model = models.LinearRegression(in_features=1)
    model(torch.linspace(0, 1, 10))


@mistake(
    area="Models",
    title="An MLP with only an input size",
    why="sizes lists every layer's width, input and output included.",
    error=ValueError,
    words=("sizes", "(784,)", "at least an input and an output"),
)
def mlp_one_size():
    models.MLP((784,))


# -- dlnotes: data -------------------------------------------------------------


@mistake(
    area="Data",
    title="Batch size 0",
    why="A batch must hold at least one sample.",
    error=ValueError,
    words=("batch_size", "≥ 1", "0"),
)
def batch_size_zero():
    data.Batches(torch.zeros(10, 2), torch.zeros(10), batch_size=0)


@mistake(
    area="Data",
    title="Features and targets of different lengths",
    why="Every sample needs its target; a mismatch usually means one was filtered and the"
    " other was not.",
    error=ValueError,
    words=("[10, 9]", "same number of samples", "same samples"),
)
def batches_length_mismatch():
    data.Batches(torch.zeros(10, 2), torch.zeros(9), batch_size=4)


@mistake(
    area="Data",
    title="An empty dataset",
    why="An epoch over no samples would train nothing and divide by zero in the averages.",
    error=ValueError,
    words=("0 samples", "empty", "filter"),
)
def empty_dataset():
    data.Batches(torch.zeros(0, 2), torch.zeros(0), batch_size=4)


@mistake(
    area="Data",
    title="NumPy arrays into Batches",
    why="Batches slices tensors.",
    error=TypeError,
    words=("argument 0", "torch.Tensor", "array", "torch.as_tensor"),
)
def batches_from_numpy():
    data.Batches(np.zeros((10, 2)), np.zeros(10), batch_size=4)


@mistake(
    area="Data",
    title="A validation share given in percent",
    why="val_fraction is a fraction of the samples, between 0 and 1.",
    error=ValueError,
    words=("val_fraction", "30", "0.3"),
)
def split_fraction():
    x, y = torch.zeros(10, 2), torch.zeros(10)
    data.train_val_split(x, y, val_fraction=30)


@mistake(
    area="Data",
    title="A scaler used before fit",
    why="transform uses the statistics that fit computes from the training data.",
    error=RuntimeError,
    words=("fit", "transform", "training"),
)
def scaler_before_fit():
    data.StandardScaler().transform(torch.randn(5, 2))


@mistake(
    area="Data",
    title="Scaling data with other columns than it was fit on",
    why="The scaler stores one mean and one spread per column.",
    error=ValueError,
    words=("3 features", "x has 2", "same columns"),
)
def scaler_feature_mismatch():
    scaler = data.StandardScaler().fit(torch.randn(10, 3))
    scaler.transform(torch.randn(4, 2))


@mistake(
    area="Data",
    title="A CSV row with a missing comma",
    why="Every row must have as many cells as the header.",
    error=ValueError,
    words=("line 3", "expected 3", "found 2", "comma"),
)
def csv_missing_comma():
    path = Path("broken.csv")
    path.write_text("x1,x2,label\n1.0,2.0,0\n3.0 4.0,1\n")
    data.CSVDataset(path)


@mistake(
    area="Data",
    title="Text in a numeric CSV",
    why="CSVDataset reads numbers only; missing values must be cleaned first.",
    error=ValueError,
    words=("line 3", "column 2", "'n/a'", "Clean"),
)
def csv_text_cell():
    path = Path("text.csv")
    path.write_text("x1,x2,label\n1.0,2.0,0\n3.0,n/a,1\n")
    data.CSVDataset(path)


@mistake(
    area="Data",
    title="An empty CSV file",
    why="There is nothing to train on.",
    error=ValueError,
    words=("empty.csv", "is empty", "comma-separated rows", "written completely"),
)
def csv_empty():
    path = Path("empty.csv")
    path.write_text("")
    data.CSVDataset(path)


@mistake(
    area="Data",
    title="A file that is not in IDX format",
    why="MNIST's IDX files start with a magic number; a download that is still zipped, or"
    " an HTML error page, does not.",
    error=ValueError,
    words=("not an IDX file", "50 4b 03 04", "unpacked"),
)
def idx_wrong_file():
    path = Path("train-images-idx3-ubyte")
    path.write_bytes(b"PK\x03\x04 this is a zip archive")
    datasets.read_idx(path)


@mistake(
    area="Data",
    title="Windows longer than the series",
    why="A window of W steps plus its target needs a series of at least W + 1 steps.",
    error=ValueError,
    words=("10", "12", "shorter window"),
)
def windows_too_long():
    datasets.make_windows(torch.arange(10.0), window=12)


# -- dlnotes: transforms -------------------------------------------------------


@mistake(
    area="Transforms",
    title="An image in (H, W, C) layout",
    why="PyTorch's image transforms and layers expect channels first: (C, H, W).",
    error=ValueError,
    words=("(H, W, C)", "(28, 28, 3)", "permute(2, 0, 1)"),
)
def normalize_hwc():
    image = torch.rand(28, 28, 3)  # (H, W, C), as image files store it
    transforms.Normalize(mean=[0.5, 0.5, 0.5], std=[0.2, 0.2, 0.2])(image)


@mistake(
    area="Transforms",
    title="A crop larger than the image",
    why="A random crop picks a window inside the image.",
    error=ValueError,
    words=("32", "28", "pad"),
)
def crop_too_large():
    transforms.RandomCrop(32)(torch.rand(1, 28, 28))


@mistake(
    area="Transforms",
    title="A standard deviation of 0 in Normalize",
    why="Normalize divides by std.",
    error=ValueError,
    words=("std", "non-zero", "[0.0]", "use 1"),
)
def normalize_zero_std():
    transforms.Normalize(mean=[0.5], std=[0.0])


# -- dlnotes: training ---------------------------------------------------------


@mistake(
    area="Training",
    title="The loss class instead of a loss object",
    why="nn.CrossEntropyLoss is a class; fit needs an instance, nn.CrossEntropyLoss().",
    error=TypeError,
    words=("loss_fn", "class", "nn.CrossEntropyLoss()"),
)
def loss_class_not_instance():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss
    train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


@mistake(
    area="Training",
    title="An optimizer built for another model",
    why="The optimizer would update other parameters, and this model would never learn.",
    error=ValueError,
    words=("optimizer", "model.parameters()", "change nothing"),
)
def optimizer_of_another_model():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    other = nn.Linear(4, 2)
    opt = torch.optim.SGD(other.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


@mistake(
    area="Training",
    title="Zero epochs",
    why="Training for 0 epochs does nothing.",
    error=ValueError,
    words=("epochs", "≥ 1", "got 0", "epochs=10"),
)
def epochs_zero():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    train.fit(model, loss_fn, opt, batches, epochs=0, progress=False)


@mistake(
    area="Training",
    title="Batches without targets",
    why="fit trains supervised models: each batch is (inputs, targets).",
    error=TypeError,
    words=("batch", "pair", "Batches(x, y"),
)
def batches_without_targets():
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    inputs_only = [torch.randn(8, 4)]
    loss_fn = nn.CrossEntropyLoss()
    train.fit(model, loss_fn, opt, inputs_only, epochs=1, progress=False)


@mistake(
    area="Training",
    title="A loss with reduction='none'",
    why="backward() needs one number; an unreduced loss gives one per sample.",
    error=ValueError,
    words=("loss_fn", "scalar", "(8,)", "reduction"),
)
def unreduced_loss():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


@mistake(
    area="Training",
    title="A NaN in the training data",
    why="One missing value makes that batch's loss NaN, and the update then spreads NaN "
    "to every weight. fit checks the losses after each epoch and names the first bad "
    "batch.",
    error=FloatingPointError,
    words=("nan", "epoch 1, batch 2", "torch.isfinite"),
)
def nan_loss():
    x = torch.randn(32, 4)
    x[13, 2] = float("nan")  # one missing value, read from a file as NaN
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = data.Batches(x, y, batch_size=8)
    loss_fn = nn.CrossEntropyLoss()
    train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


@mistake(
    area="Training",
    title="A model with layers on different devices",
    why="All parameters must live on one device; a layer created later was not moved.",
    error=RuntimeError,
    words=("cpu", "meta", "model.to(device)"),
)
def model_split_over_devices():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    # a layer added later, left behind on another device:
    model = nn.Sequential(model, nn.Linear(2, 2, device="meta"))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


@mistake(
    area="Training",
    title="Data on another device than the model",
    why="predict and evaluate move each batch to the model's device, but a tensor on a "
    "device without data (meta) cannot be moved.",
    error=RuntimeError,
    words=("meta", "cpu", "device"),
)
def data_on_another_device():
    model = nn.Linear(4, 2)
    x = torch.randn(8, 4, device="meta")
    train.predict(model, x)


@mistake(
    area="Training",
    title="ReduceLROnPlateau stepped after every batch",
    why="It compares a quantity measured once per epoch, the validation loss.",
    error=ValueError,
    words=("ReduceLROnPlateau", "validation", "scheduler_step='epoch'"),
)
def plateau_per_batch():
    x = torch.randn(32, 4)
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
    train.fit(
        model,
        nn.CrossEntropyLoss(),
        opt,
        batches,
        epochs=1,
        scheduler=plateau,
        scheduler_step="batch",
    )


@mistake(
    area="Training",
    title="accuracy with one-hot targets",
    why="accuracy compares the arg-max of the scores with class indices; against a one-"
    "hot matrix the comparison would broadcast and give a meaningless number.",
    error=ValueError,
    words=("targets", "(2,)", "(2, 3)", "argmax(dim=1)"),
)
def accuracy_one_hot():
    scores = torch.tensor([[2.0, 0.1, 0.3], [0.2, 0.1, 1.5]])  # (N, C)
    one_hot = torch.tensor([[1, 0, 0], [0, 1, 0]])
    train.accuracy(scores, one_hot)


@mistake(
    area="Training",
    title="Loading a checkpoint that is not there",
    why="The path is relative to the current directory.",
    error=train.CheckpointError,
    words=("epoch-12.pt", "not found", "current directory"),
)
def missing_checkpoint():
    train.load_checkpoint("checkpoints/epoch-12.pt", nn.Linear(4, 2))


@mistake(
    area="Training",
    title="A truncated checkpoint file",
    why="A copy that was cut off (a full disk, an interrupted transfer) cannot be read.",
    error=train.CheckpointError,
    words=("model.pt", "truncated or corrupt", "previous checkpoint"),
)
def truncated_checkpoint():
    path = Path("model.pt")
    train.save_checkpoint(path, nn.Linear(4, 2))
    path.write_bytes(path.read_bytes()[:100])  # a copy that was cut off
    train.load_checkpoint(path, nn.Linear(4, 2))


@mistake(
    area="Training",
    title="A checkpoint of a different architecture",
    why="The saved tensors must match the model's parameters name by name and shape by shape.",
    error=train.CheckpointError,
    words=("weight: saved (2, 4), model (3, 4)", "architecture", "Build the model"),
)
def checkpoint_other_model():
    path = Path("model.pt")
    train.save_checkpoint(path, nn.Linear(4, 2))
    train.load_checkpoint(path, nn.Linear(4, 3))
