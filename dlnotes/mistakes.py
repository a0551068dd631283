"""A catalog of the mistakes learners make with this library, and the errors they get.

Every entry is a small function that makes one mistake, the exception it raises, and words its
message must contain: the argument, what was expected, what was given and the fix. The test suite
runs every entry (``tests/test_mistakes.py``), and the "Common errors" how-to page is generated
from this list at build time, showing each mistake's code and the message it really produced, so
page, tests and library cannot drift apart.

Examples
--------
>>> from dlnotes.mistakes import CATALOG, explain
>>> len(CATALOG) >= 40
True
>>> entry = CATALOG["softmax-before-cross-entropy"]
>>> entry.title
'Softmax applied before cross_entropy'
>>> "log_softmax" in explain(entry) or "logits" in explain(entry)
True
"""

from __future__ import annotations

import inspect
import re
import tempfile
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from dlnotes import activations, data, datasets, inits, losses, models, train, transforms
from dlnotes._validation import DlnotesWarning

__all__ = ["CATALOG", "Mistake", "explain", "source"]


@dataclass(frozen=True)
class Mistake:
    """One foreseeable mistake.

    Attributes
    ----------
    key : str
        Short identifier, used as the test id and the page anchor.
    area : str
        Part of the library, for grouping on the page.
    title : str
        The mistake in a few words.
    why : str
        What goes wrong and why, for the page.
    trigger : callable
        Makes the mistake (called with no arguments).
    error : type
        The exception it must raise, or ``dlnotes.DlnotesWarning`` for a likely mistake in
        input that PyTorch accepts: then dlnotes warns and returns PyTorch's result.
    words : tuple of str
        Words the message must contain: argument, expectation, given value and fix.
    """

    key: str
    area: str
    title: str
    why: str
    trigger: Callable[[], object]
    error: type[Exception]
    words: tuple[str, ...]


def explain(mistake: Mistake, *, tidy_paths: bool = False) -> str:
    """Make the mistake and return the message of the error it raises (or of the warning).

    Raises ``AssertionError`` if it raises nothing or the wrong type of error. With
    ``tidy_paths``, the temporary folder the file mistakes write to is shown as ``…``, so the
    message reads the same on every machine (the docs page uses this).

    Examples
    --------
    >>> print(explain(CATALOG["batch-size-zero"]))  # doctest: +ELLIPSIS
    batch_size must be an integer ≥ 1, got 0. ...
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DlnotesWarning)  # a warning entry: catch it as one
            mistake.trigger()
    except mistake.error as error:
        message = str(error)
        return message.replace(str(_scratch()), "…") if tidy_paths else message
    except Exception as error:
        raise AssertionError(
            f"{mistake.key}: expected {mistake.error.__name__}, got {type(error).__name__}: {error}"
        ) from error
    raise AssertionError(f"{mistake.key}: no error was raised")


def source(mistake: Mistake) -> str:
    """The body of the entry's trigger function: the code of the mistake.

    Examples
    --------
    >>> print(source(CATALOG["batch-size-zero"]))
    data.Batches(torch.zeros(10, 2), torch.zeros(10), batch_size=0)
    """
    code = _body(mistake.trigger)
    # Written for a reader: the helpers' code is spelled out, and the final value is not returned.
    setup = "\n".join(_body(_toy_problem).splitlines()[:-1])  # without its return line
    code = re.sub(r"^model, (batches|_) = _toy_problem\(\)$", setup, code, flags=re.M)
    code = re.sub(r"_g\((\d*)\)", lambda m: f"torch.Generator().manual_seed({m[1] or 0})", code)
    code = code.replace("_scratch()", "Path(tempfile.mkdtemp())")
    return re.sub(r"^return ", "", code, flags=re.M)


def _body(function: Callable) -> str:
    """The dedented body of a function, without its ``def`` line and docstring."""
    body = inspect.getsource(function).splitlines()[1:]
    if body and body[0].strip().startswith('"""'):
        body = body[1:]
    return textwrap.dedent("\n".join(body)).strip()


def _scratch() -> Path:
    """A fixed folder for the files the mistakes write, so that messages read the same on
    every run."""
    folder = Path(tempfile.gettempdir()) / "dlnotes-mistakes"
    folder.mkdir(exist_ok=True)
    return folder


def _g(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# -- losses ------------------------------------------------------------------------------------


def _softmax_before_cross_entropy():
    logits = torch.randn(4, 3, generator=_g())
    probs = torch.softmax(logits, dim=1)
    return losses.cross_entropy(probs, torch.tensor([0, 2, 1, 0]))


def _float_class_targets():
    logits = torch.randn(4, 3, generator=_g())
    return losses.cross_entropy(logits, torch.tensor([0.0, 2.0, 1.0, 0.0]))


def _class_index_out_of_range():
    logits = torch.randn(4, 3, generator=_g())
    return losses.cross_entropy(logits, torch.tensor([0, 1, 2, 3]))


def _one_hot_targets_wrong_width():
    logits = torch.randn(4, 3, generator=_g())
    return losses.cross_entropy(logits, torch.eye(4))


def _cross_entropy_batch_mismatch():
    logits = torch.randn(4, 3, generator=_g())
    return losses.cross_entropy(logits, torch.tensor([0, 1, 2]))


def _nll_on_logits():
    logits = torch.randn(4, 3, generator=_g()) + 2
    return losses.nll_loss(logits, torch.tensor([0, 2, 1, 0]))


def _bce_on_logits():
    logits = torch.tensor([2.5, -1.0, 0.3])
    return losses.binary_cross_entropy(logits, torch.tensor([1.0, 0.0, 1.0]))


def _bce_integer_targets():
    probs = torch.tensor([0.9, 0.2, 0.6])
    return losses.binary_cross_entropy(probs, torch.tensor([1, 0, 1]))


def _bce_shape_mismatch():
    probs = torch.rand(4, 1, generator=_g())  # a model's (N, 1) output
    return losses.binary_cross_entropy(probs, torch.tensor([1.0, 0.0, 1.0, 1.0]))


def _mse_broadcasting():
    predictions = torch.randn(5, 1, generator=_g())  # (N, 1)
    return losses.mse_loss(predictions, torch.randn(5, generator=_g(1)))  # (N,)


def _mse_integer_tensors():
    return losses.mse_loss(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4]))


def _loss_on_a_list():
    return losses.l1_loss([0.5, 1.5], torch.tensor([0.0, 1.0]))


def _unknown_reduction():
    x = torch.randn(3, generator=_g())
    return losses.mse_loss(x, torch.zeros(3), reduction="average")


def _kl_div_probabilities_as_input():
    p = torch.softmax(torch.randn(2, 4, generator=_g()), dim=1)
    q = torch.softmax(torch.randn(2, 4, generator=_g(1)), dim=1)
    return losses.kl_div(p, q, reduction="batchmean")


def _huber_nonpositive_delta():
    x = torch.randn(3, generator=_g())
    return losses.huber_loss(x, torch.zeros(3), delta=0.0)


def _ranking_targets_zero_one():
    s1, s2 = torch.randn(3, generator=_g()), torch.randn(3, generator=_g(1))
    return losses.margin_ranking_loss(s1, s2, torch.tensor([1.0, 0.0, 1.0]))


def _hinge_targets_zero_one():
    distances = torch.rand(4, generator=_g())
    return losses.hinge_embedding_loss(distances, torch.tensor([1.0, 0.0, 0.0, 1.0]))


def _cosine_embedding_shape_mismatch():
    a, b = torch.randn(4, 8, generator=_g()), torch.randn(4, 6, generator=_g(1))
    return losses.cosine_embedding_loss(a, b, torch.ones(4))


def _triplet_shape_mismatch():
    a = torch.randn(4, 8, generator=_g())
    return losses.triplet_margin_loss(a, a + 0.1, torch.randn(3, 8, generator=_g(1)))


def _multilabel_margin_one_hot():
    scores = torch.randn(2, 4, generator=_g())
    return losses.multilabel_margin_loss(scores, torch.tensor([[0, 1, 1, 0], [1, 0, 0, 0]]))


def _ctc_target_longer_than_input():
    log_probs = torch.randn(3, 1, 5, generator=_g()).log_softmax(2)  # (T=3, N=1, C=5)
    return losses.ctc_loss(log_probs, torch.tensor([[1, 2, 3, 4]]), [3], [4])


def _ctc_blank_in_target():
    log_probs = torch.randn(6, 1, 5, generator=_g()).log_softmax(2)  # blank = 0
    return losses.ctc_loss(log_probs, torch.tensor([[1, 0, 2]]), [6], [3])


def _ctc_probabilities_not_log():
    probs = torch.randn(6, 1, 5, generator=_g()).softmax(2)
    return losses.ctc_loss(probs, torch.tensor([[1, 2]]), [6], [2])


# -- activations and initialization -------------------------------------------------------------


def _activation_on_numpy():
    import numpy as np

    return activations.relu(np.array([-1.0, 2.0]))


def _softmax_on_integers():
    return activations.softmax(torch.tensor([[1, 2, 3]]))


def _prelu_weight_wrong_size():
    x = torch.randn(2, 3, 4, generator=_g())  # (N, C=3, L)
    return activations.prelu(x, torch.tensor([0.25, 0.25]))


def _dropout_on_integers():
    return activations.dropout(torch.tensor([1, 2, 3, 4]), p=0.5, generator=_g())


def _dropout_probability_one():
    return activations.dropout(torch.ones(4), p=1.0, generator=_g())


def _xavier_on_a_bias():
    layer = nn.Linear(4, 3)
    return inits.xavier_uniform_(layer.bias, generator=_g())


def _unknown_gain():
    return inits.calculate_gain("swish")


def _kaiming_bad_mode():
    return inits.kaiming_normal_(torch.empty(3, 4), mode="fan_avg", generator=_g())


# -- models -------------------------------------------------------------------------------------


def _cnn_on_flat_images():
    net = models.DigitCNN(image_size=28)
    return net(torch.zeros(8, 784))


def _cnn_missing_channel_axis():
    net = models.DigitCNN(image_size=8)
    return net(torch.zeros(8, 8, 8))


def _rnn_missing_feature_axis():
    net = models.RNNForecaster(cell="gru")
    return net(torch.zeros(16, 30))  # (N, T): windows without the feature axis


def _unknown_rnn_cell():
    return models.RNNForecaster(cell="transformer")


def _linear_regression_on_1d_inputs():
    model = models.LinearRegression(in_features=1)
    return model(torch.linspace(0, 1, 10))


def _mlp_single_size():
    return models.MLP((784,))


# -- data ---------------------------------------------------------------------------------------


def _batch_size_zero():
    return data.Batches(torch.zeros(10, 2), torch.zeros(10), batch_size=0)


def _batches_length_mismatch():
    return data.Batches(torch.zeros(10, 2), torch.zeros(9), batch_size=4)


def _batches_empty_dataset():
    return data.Batches(torch.zeros(0, 2), torch.zeros(0), batch_size=4)


def _batches_from_numpy():
    import numpy as np

    return data.Batches(np.zeros((10, 2)), np.zeros(10), batch_size=4)


def _split_fraction_out_of_range():
    x, y = torch.zeros(10, 2), torch.zeros(10)
    return data.train_val_split(x, y, val_fraction=30, generator=_g())


def _scaler_transform_before_fit():
    return data.StandardScaler().transform(torch.randn(5, 2, generator=_g()))


def _scaler_feature_mismatch():
    scaler = data.StandardScaler().fit(torch.randn(10, 3, generator=_g()))
    return scaler.transform(torch.randn(4, 2, generator=_g(1)))


def _csv_missing_comma():
    path = _scratch() / "broken.csv"
    path.write_text("x1,x2,label\n1.0,2.0,0\n3.0 4.0,1\n")
    return data.CSVDataset(path)


def _csv_text_cell():
    path = _scratch() / "text.csv"
    path.write_text("x1,x2,label\n1.0,2.0,0\n3.0,n/a,1\n")
    return data.CSVDataset(path)


def _csv_empty_file():
    path = _scratch() / "empty.csv"
    path.write_text("")
    return data.CSVDataset(path)


def _idx_wrong_file():
    path = _scratch() / "train-images-idx3-ubyte"
    path.write_bytes(b"PK\x03\x04 this is a zip archive")
    return datasets.read_idx(path)


def _windows_longer_than_series():
    return datasets.make_windows(torch.arange(10.0), window=12)


def _normalize_hwc_image():
    image = torch.rand(28, 28, 3, generator=_g())  # (H, W, C), as image files store it
    return transforms.Normalize(mean=[0.5, 0.5, 0.5], std=[0.2, 0.2, 0.2])(image)


def _crop_larger_than_image():
    return transforms.RandomCrop(32, generator=_g())(torch.rand(1, 28, 28, generator=_g()))


def _normalize_zero_std():
    return transforms.Normalize(mean=[0.5], std=[0.0])


# -- training -----------------------------------------------------------------------------------


def _toy_problem():
    x = torch.randn(32, 4, generator=_g())
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    batches = data.Batches(x, y, batch_size=8)
    return model, batches


def _loss_class_not_instance():
    model, batches = _toy_problem()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return train.fit(model, nn.CrossEntropyLoss, opt, batches, epochs=1, progress=False)


def _optimizer_of_another_model():
    model, batches = _toy_problem()
    other = nn.Linear(4, 2)
    opt = torch.optim.SGD(other.parameters(), lr=0.1)
    return train.fit(model, nn.CrossEntropyLoss(), opt, batches, epochs=1, progress=False)


def _epochs_zero():
    model, batches = _toy_problem()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return train.fit(model, nn.CrossEntropyLoss(), opt, batches, epochs=0, progress=False)


def _batches_without_targets():
    model, _ = _toy_problem()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    inputs_only = [torch.randn(8, 4, generator=_g())]
    return train.fit(model, nn.CrossEntropyLoss(), opt, inputs_only, epochs=1, progress=False)


def _unreduced_loss():
    model, batches = _toy_problem()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    return train.fit(model, loss_fn, opt, batches, epochs=1, progress=False)


def _nan_in_the_data():
    x = torch.randn(32, 4, generator=_g())
    x[13, 2] = float("nan")  # one missing value, read from a file as NaN
    y = (x.sum(1) > 0).long()
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = data.Batches(x, y, batch_size=8)
    return train.fit(model, nn.CrossEntropyLoss(), opt, batches, epochs=1, progress=False)


def _model_split_over_devices():
    model, batches = _toy_problem()
    model = nn.Sequential(model, nn.Linear(2, 2, device="meta"))  # one layer left behind
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return train.fit(model, nn.CrossEntropyLoss(), opt, batches, epochs=1, progress=False)


def _data_on_another_device():
    model, _ = _toy_problem()
    x = torch.randn(8, 4, device="meta")
    return train.predict(model, x)


def _plateau_per_batch():
    model, batches = _toy_problem()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
    return train.fit(
        model,
        nn.CrossEntropyLoss(),
        opt,
        batches,
        epochs=1,
        scheduler=plateau,
        scheduler_step="batch",
    )


def _accuracy_with_one_hot_targets():
    scores = torch.tensor([[2.0, 0.1, 0.3], [0.2, 0.1, 1.5]])  # (N, C)
    one_hot = torch.tensor([[1, 0, 0], [0, 1, 0]])
    return train.accuracy(scores, one_hot)


def _missing_checkpoint():
    return train.load_checkpoint("checkpoints/epoch-12.pt", nn.Linear(4, 2))


def _truncated_checkpoint():
    path = _scratch() / "model.pt"
    train.save_checkpoint(path, nn.Linear(4, 2))
    path.write_bytes(path.read_bytes()[:100])  # a copy that was cut off
    return train.load_checkpoint(path, nn.Linear(4, 2))


def _checkpoint_for_another_model():
    path = _scratch() / "model.pt"
    train.save_checkpoint(path, nn.Linear(4, 2))
    return train.load_checkpoint(path, nn.Linear(4, 3))


_ENTRIES = [
    Mistake(
        key="softmax-before-cross-entropy",
        area="Losses",
        title="Softmax applied before cross_entropy",
        why=(
            "cross_entropy applies log-softmax itself; feeding it probabilities squashes them"
            " a second time, so the loss barely moves and training stalls. PyTorch computes it"
            " anyway; dlnotes warns."
        ),
        trigger=_softmax_before_cross_entropy,
        error=DlnotesWarning,
        words=("input", "logits", "softmax", "sums to 1", "Remove the softmax"),
    ),
    Mistake(
        key="float-class-targets",
        area="Losses",
        title="Class labels stored as floats",
        why="Class-index targets must be integers (int64); floats are read as probabilities.",
        trigger=_float_class_targets,
        error=TypeError,
        words=("target", "integers", "float32", ".long()"),
    ),
    Mistake(
        key="class-index-out-of-range",
        area="Losses",
        title="A class index ≥ the number of classes",
        why=(
            "With C output columns, class indices run from 0 to C − 1. An index of C usually "
            "means labels counted from 1, or a model built with too few outputs."
        ),
        trigger=_class_index_out_of_range,
        error=ValueError,
        words=("target", "3", "[0, 2]", "labels start at 1"),
    ),
    Mistake(
        key="one-hot-wrong-width",
        area="Losses",
        title="One-hot targets of the wrong width",
        why="Probability (one-hot) targets must have exactly the input's shape.",
        trigger=_one_hot_targets_wrong_width,
        error=ValueError,
        words=("target", "(4, 4)", "(4, 3)"),
    ),
    Mistake(
        key="cross-entropy-batch-mismatch",
        area="Losses",
        title="Targets for a different number of samples",
        why="Every sample in the batch needs exactly one target.",
        trigger=_cross_entropy_batch_mismatch,
        error=ValueError,
        words=("target", "shape (4,)", "got (3,)", "input of shape (4, 3)"),
    ),
    Mistake(
        key="nll-on-logits",
        area="Losses",
        title="nll_loss on raw scores",
        why=(
            "nll_loss expects log-probabilities, which are never positive; on raw scores it "
            "rewards making them large. PyTorch computes it anyway; dlnotes warns."
        ),
        trigger=_nll_on_logits,
        error=DlnotesWarning,
        words=("input", "log-probabilities", "log_softmax", "cross_entropy"),
    ),
    Mistake(
        key="bce-on-logits",
        area="Losses",
        title="binary_cross_entropy on logits",
        why=(
            "binary_cross_entropy takes probabilities in [0, 1]; a model's raw outputs "
            "(logits) are not. Either add a sigmoid or, better, use the logits version."
        ),
        trigger=_bce_on_logits,
        error=ValueError,
        words=("input", "[0, 1]", "2.5", "binary_cross_entropy_with_logits"),
    ),
    Mistake(
        key="bce-integer-targets",
        area="Losses",
        title="Integer 0/1 targets for binary cross-entropy",
        why="Binary targets are probabilities, so they must be floating point.",
        trigger=_bce_integer_targets,
        error=TypeError,
        words=("target", "floating", "int64", ".float()"),
    ),
    Mistake(
        key="bce-shape-mismatch",
        area="Losses",
        title="(N, 1) outputs against (N,) targets",
        why=(
            "A model with one output returns (N, 1). Both binary cross-entropy losses refuse a "
            "target of another shape (PyTorch raises a ValueError too): give (N, 1) targets."
        ),
        trigger=_bce_shape_mismatch,
        error=ValueError,
        words=("target", "(4,)", "(4, 1)", "unsqueeze"),
    ),
    Mistake(
        key="mse-broadcasting",
        area="Losses",
        title="Regression targets of shape (N,) against (N, 1) outputs",
        why=(
            "PyTorch broadcasts (N, 1) against (N,) to (N, N) with only a warning, so the loss "
            "averages N × N pairs and trains towards the mean. dlnotes returns the same value "
            "and warns (DlnotesWarning) with the fix."
        ),
        trigger=_mse_broadcasting,
        error=DlnotesWarning,
        words=("target", "(5,)", "(5, 1)", "unsqueeze"),
    ),
    Mistake(
        key="mse-integer-tensors",
        area="Losses",
        title="A regression loss on integer tensors",
        why="Losses are differentiable functions of floating-point tensors.",
        trigger=_mse_integer_tensors,
        error=TypeError,
        words=("input", "floating", "int64", "float"),
    ),
    Mistake(
        key="loss-on-a-list",
        area="Losses",
        title="A Python list instead of a tensor",
        why="Losses work on tensors; convert lists with torch.tensor.",
        trigger=_loss_on_a_list,
        error=TypeError,
        words=("input", "torch.Tensor", "list", "torch.tensor"),
    ),
    Mistake(
        key="unknown-reduction",
        area="Losses",
        title="A misspelt reduction",
        why="reduction is one of a few fixed words.",
        trigger=_unknown_reduction,
        error=ValueError,
        words=("reduction", "average", "'mean' averages", "'sum'"),
    ),
    Mistake(
        key="kl-div-probabilities",
        area="Losses",
        title="kl_div given probabilities as input",
        why=(
            "Like nll_loss, kl_div takes the model's log-probabilities as input. PyTorch "
            "computes it anyway; dlnotes warns."
        ),
        trigger=_kl_div_probabilities_as_input,
        error=DlnotesWarning,
        words=("input", "log-probabilities", "log"),
    ),
    Mistake(
        key="huber-delta",
        area="Losses",
        title="A Huber threshold of zero",
        why="delta is where the loss turns from quadratic to linear; it must be positive.",
        trigger=_huber_nonpositive_delta,
        error=ValueError,
        words=("delta", "> 0", "got 0.0", "turns linear"),
    ),
    Mistake(
        key="ranking-targets-zero-one",
        area="Losses",
        title="0/1 targets for a ranking loss",
        why=(
            "margin_ranking_loss uses +1 (first should rank higher) and −1 (second should); "
            "PyTorch computes with a 0 anyway (it then only asks for the margin); dlnotes warns."
        ),
        trigger=_ranking_targets_zero_one,
        error=DlnotesWarning,
        words=("target", "only 1 and -1", "[0.0, 1.0]", "2 * label - 1"),
    ),
    Mistake(
        key="hinge-targets-zero-one",
        area="Losses",
        title="0/1 targets for hinge_embedding_loss",
        why=(
            "hinge_embedding_loss labels similar pairs +1 and dissimilar pairs −1; PyTorch "
            "computes with a 0 anyway (adding both terms); dlnotes warns."
        ),
        trigger=_hinge_targets_zero_one,
        error=DlnotesWarning,
        words=("target", "only 1 and -1", "[0.0, 1.0]", "2 * label - 1"),
    ),
    Mistake(
        key="cosine-embedding-shapes",
        area="Losses",
        title="Embeddings of different sizes",
        why="A cosine similarity compares vectors of the same length.",
        trigger=_cosine_embedding_shape_mismatch,
        error=ValueError,
        words=("input2", "(4, 6)", "(4, 8)", "same size"),
    ),
    Mistake(
        key="triplet-shapes",
        area="Losses",
        title="A triplet whose negatives do not match the anchors",
        why="Anchor, positive and negative must have one row per triplet.",
        trigger=_triplet_shape_mismatch,
        error=ValueError,
        words=("negative", "(3, 8)", "(4, 8)"),
    ),
    Mistake(
        key="multilabel-margin-one-hot",
        area="Losses",
        title="One-hot targets for multilabel_margin_loss",
        why=(
            "multilabel_margin_loss lists the true class indices, padded with −1; a 0/1 matrix"
            " is read as indices 0 and 1, listed many times (0/1 matrices are for"
            " multilabel_soft_margin_loss). PyTorch computes it anyway; dlnotes warns."
        ),
        trigger=_multilabel_margin_one_hot,
        error=DlnotesWarning,
        words=("target", "-1", "multilabel_soft_margin_loss"),
    ),
    Mistake(
        key="ctc-target-too-long",
        area="Losses",
        title="A CTC target longer than its input",
        why=("CTC emits at most one label per frame, so a target cannot be longer than the input."),
        trigger=_ctc_target_longer_than_input,
        error=ValueError,
        words=("target", "4", "3", "frames"),
    ),
    Mistake(
        key="ctc-blank-in-target",
        area="Losses",
        title="The blank index inside a CTC target",
        why="The blank symbol separates labels; it cannot itself be a label.",
        trigger=_ctc_blank_in_target,
        error=ValueError,
        words=("target", "blank=0", "[0, 1, 2]", "number the labels from 1"),
    ),
    Mistake(
        key="ctc-probabilities",
        area="Losses",
        title="Probabilities instead of log-probabilities for CTC",
        why=(
            "ctc_loss expects log_softmax output over the classes. PyTorch computes it anyway; "
            "dlnotes warns."
        ),
        trigger=_ctc_probabilities_not_log,
        error=DlnotesWarning,
        words=("log_probs", "log_softmax", "sum to 1"),
    ),
    Mistake(
        key="activation-on-numpy",
        area="Activations and initialization",
        title="A NumPy array into an activation",
        why="The functions work on tensors (and return tensors for autograd).",
        trigger=_activation_on_numpy,
        error=TypeError,
        words=("x", "torch.Tensor", "array", "torch.tensor"),
    ),
    Mistake(
        key="softmax-on-integers",
        area="Activations and initialization",
        title="softmax on an integer tensor",
        why="softmax returns probabilities, which need a floating-point tensor.",
        trigger=_softmax_on_integers,
        error=TypeError,
        words=("x", "floating", "int64", ".float()"),
    ),
    Mistake(
        key="prelu-weight-size",
        area="Activations and initialization",
        title="PReLU slopes for the wrong channels",
        why="PReLU has one slope, or one per channel (dimension 1).",
        trigger=_prelu_weight_wrong_size,
        error=ValueError,
        words=("weight", "(2,)", "x.shape[1] = 3", "num_parameters"),
    ),
    Mistake(
        key="dropout-on-integers",
        area="Activations and initialization",
        title="Dropout on an integer tensor",
        why="Dropout rescales the kept values by 1 / (1 − p), which needs floating point.",
        trigger=_dropout_on_integers,
        error=TypeError,
        words=("x", "floating", "int64", ".float()"),
    ),
    Mistake(
        key="dropout-p-one",
        area="Activations and initialization",
        title="Dropout with p = 1",
        why=(
            "p is the probability of dropping; with p = 1 nothing is kept and the scale 1 / "
            "(1 − p) is infinite."
        ),
        trigger=_dropout_probability_one,
        error=ValueError,
        words=("p", "[0, 1)", "1.0"),
    ),
    Mistake(
        key="xavier-on-bias",
        area="Activations and initialization",
        title="Xavier initialization of a bias",
        why="Fan-in and fan-out need a weight matrix (2-D or more); biases are usually zeros.",
        trigger=_xavier_on_a_bias,
        error=ValueError,
        words=("tensor", "at least 2 dimensions", "(3,)", "zeros_"),
    ),
    Mistake(
        key="unknown-gain",
        area="Activations and initialization",
        title="An unknown nonlinearity name",
        why="calculate_gain knows a fixed list of nonlinearities.",
        trigger=_unknown_gain,
        error=ValueError,
        words=("nonlinearity", "swish", "relu"),
    ),
    Mistake(
        key="kaiming-mode",
        area="Activations and initialization",
        title="A misspelt Kaiming mode",
        why=(
            "mode says whether to preserve the forward signal (fan_in) or the gradients (fan_out)."
        ),
        trigger=_kaiming_bad_mode,
        error=ValueError,
        words=("mode", "fan_avg", "fan_in", "fan_out"),
    ),
    Mistake(
        key="cnn-flat-images",
        area="Models",
        title="Flattened images into a CNN",
        why="Convolutions need the (N, C, H, W) image layout.",
        trigger=_cnn_on_flat_images,
        error=ValueError,
        words=("(N, 1, 28, 28)", "(8, 784)", "view(-1, 1, 28, 28)"),
    ),
    Mistake(
        key="cnn-missing-channel",
        area="Models",
        title="Images without a channel axis",
        why="Grey images still need a channel axis of size 1.",
        trigger=_cnn_missing_channel_axis,
        error=ValueError,
        words=("(N, 1, 8, 8)", "(8, 8, 8)", "unsqueeze(1)"),
    ),
    Mistake(
        key="rnn-missing-features",
        area="Models",
        title="Sequence windows without a feature axis",
        why="Recurrent layers read (batch, time, features).",
        trigger=_rnn_missing_feature_axis,
        error=ValueError,
        words=("(N, T, 1)", "(16, 30)", "unsqueeze(-1)"),
    ),
    Mistake(
        key="unknown-rnn-cell",
        area="Models",
        title="An unknown recurrent cell",
        why="RNNForecaster offers the three classic cells.",
        trigger=_unknown_rnn_cell,
        error=ValueError,
        words=("cell", "transformer", "'gru' is a good default"),
    ),
    Mistake(
        key="regression-1d-inputs",
        area="Models",
        title="A 1-D input for a linear layer",
        why="A linear layer reads one row per sample: (N, features).",
        trigger=_linear_regression_on_1d_inputs,
        error=ValueError,
        words=("(N, 1)", "(10,)", "reshape(-1, 1)"),
    ),
    Mistake(
        key="mlp-one-size",
        area="Models",
        title="An MLP with only an input size",
        why="sizes lists every layer's width, input and output included.",
        trigger=_mlp_single_size,
        error=ValueError,
        words=("sizes", "(784,)", "at least an input and an output"),
    ),
    Mistake(
        key="batch-size-zero",
        area="Data",
        title="Batch size 0",
        why="A batch must hold at least one sample.",
        trigger=_batch_size_zero,
        error=ValueError,
        words=("batch_size", "≥ 1", "0"),
    ),
    Mistake(
        key="batches-length-mismatch",
        area="Data",
        title="Features and targets of different lengths",
        why=(
            "Every sample needs its target; a mismatch usually means one was filtered and the"
            " other was not."
        ),
        trigger=_batches_length_mismatch,
        error=ValueError,
        words=("[10, 9]", "same number of samples", "same samples"),
    ),
    Mistake(
        key="empty-dataset",
        area="Data",
        title="An empty dataset",
        why="An epoch over no samples would train nothing and divide by zero in the averages.",
        trigger=_batches_empty_dataset,
        error=ValueError,
        words=("0 samples", "empty", "filter"),
    ),
    Mistake(
        key="batches-from-numpy",
        area="Data",
        title="NumPy arrays into Batches",
        why="Batches slices tensors.",
        trigger=_batches_from_numpy,
        error=TypeError,
        words=("argument 0", "torch.Tensor", "array", "torch.as_tensor"),
    ),
    Mistake(
        key="split-fraction",
        area="Data",
        title="A validation share given in percent",
        why="val_fraction is a fraction of the samples, between 0 and 1.",
        trigger=_split_fraction_out_of_range,
        error=ValueError,
        words=("val_fraction", "30", "0.3"),
    ),
    Mistake(
        key="scaler-before-fit",
        area="Data",
        title="A scaler used before fit",
        why="transform uses the statistics that fit computes from the training data.",
        trigger=_scaler_transform_before_fit,
        error=RuntimeError,
        words=("fit", "transform", "training"),
    ),
    Mistake(
        key="scaler-feature-mismatch",
        area="Data",
        title="Scaling data with other columns than it was fit on",
        why="The scaler stores one mean and one spread per column.",
        trigger=_scaler_feature_mismatch,
        error=ValueError,
        words=("3 features", "x has 2", "same columns"),
    ),
    Mistake(
        key="csv-missing-comma",
        area="Data",
        title="A CSV row with a missing comma",
        why="Every row must have as many cells as the header.",
        trigger=_csv_missing_comma,
        error=ValueError,
        words=("line 3", "expected 3", "found 2", "comma"),
    ),
    Mistake(
        key="csv-text-cell",
        area="Data",
        title="Text in a numeric CSV",
        why="CSVDataset reads numbers only; missing values must be cleaned first.",
        trigger=_csv_text_cell,
        error=ValueError,
        words=("line 3", "column 2", "'n/a'", "Clean"),
    ),
    Mistake(
        key="csv-empty",
        area="Data",
        title="An empty CSV file",
        why="There is nothing to train on.",
        trigger=_csv_empty_file,
        error=ValueError,
        words=("empty.csv", "is empty", "comma-separated rows", "written completely"),
    ),
    Mistake(
        key="idx-wrong-file",
        area="Data",
        title="A file that is not in IDX format",
        why=(
            "MNIST's IDX files start with a magic number; a download that is still zipped, or"
            " an HTML error page, does not."
        ),
        trigger=_idx_wrong_file,
        error=ValueError,
        words=("not an IDX file", "50 4b 03 04", "unpacked"),
    ),
    Mistake(
        key="windows-too-long",
        area="Data",
        title="Windows longer than the series",
        why="A window of W steps plus its target needs a series of at least W + 1 steps.",
        trigger=_windows_longer_than_series,
        error=ValueError,
        words=("10", "12", "shorter window"),
    ),
    Mistake(
        key="normalize-hwc",
        area="Transforms",
        title="An image in (H, W, C) layout",
        why="PyTorch's image transforms and layers expect channels first: (C, H, W).",
        trigger=_normalize_hwc_image,
        error=ValueError,
        words=("(H, W, C)", "(28, 28, 3)", "permute(2, 0, 1)"),
    ),
    Mistake(
        key="crop-too-large",
        area="Transforms",
        title="A crop larger than the image",
        why="A random crop picks a window inside the image.",
        trigger=_crop_larger_than_image,
        error=ValueError,
        words=("32", "28", "pad"),
    ),
    Mistake(
        key="normalize-zero-std",
        area="Transforms",
        title="A standard deviation of 0 in Normalize",
        why="Normalize divides by std.",
        trigger=_normalize_zero_std,
        error=ValueError,
        words=("std", "non-zero", "[0.0]", "use 1"),
    ),
    Mistake(
        key="loss-class-not-instance",
        area="Training",
        title="The loss class instead of a loss object",
        why="nn.CrossEntropyLoss is a class; fit needs an instance, nn.CrossEntropyLoss().",
        trigger=_loss_class_not_instance,
        error=TypeError,
        words=("loss_fn", "class", "nn.CrossEntropyLoss()"),
    ),
    Mistake(
        key="optimizer-of-another-model",
        area="Training",
        title="An optimizer built for another model",
        why="The optimizer would update other parameters, and this model would never learn.",
        trigger=_optimizer_of_another_model,
        error=ValueError,
        words=("optimizer", "model.parameters()", "change nothing"),
    ),
    Mistake(
        key="epochs-zero",
        area="Training",
        title="Zero epochs",
        why="Training for 0 epochs does nothing.",
        trigger=_epochs_zero,
        error=ValueError,
        words=("epochs", "≥ 1", "got 0", "epochs=10"),
    ),
    Mistake(
        key="batches-without-targets",
        area="Training",
        title="Batches without targets",
        why="fit trains supervised models: each batch is (inputs, targets).",
        trigger=_batches_without_targets,
        error=TypeError,
        words=("batch", "pair", "Batches(x, y"),
    ),
    Mistake(
        key="unreduced-loss",
        area="Training",
        title="A loss with reduction='none'",
        why="backward() needs one number; an unreduced loss gives one per sample.",
        trigger=_unreduced_loss,
        error=ValueError,
        words=("loss_fn", "scalar", "(8,)", "reduction"),
    ),
    Mistake(
        key="nan-loss",
        area="Training",
        title="A NaN in the training data",
        why=(
            "One missing value makes that batch's loss NaN, and the update then spreads NaN "
            "to every weight. fit checks the losses after each epoch and names the first bad "
            "batch."
        ),
        trigger=_nan_in_the_data,
        error=FloatingPointError,
        words=("nan", "epoch 1, batch 2", "torch.isfinite"),
    ),
    Mistake(
        key="model-split-over-devices",
        area="Training",
        title="A model with layers on different devices",
        why="All parameters must live on one device; a layer created later was not moved.",
        trigger=_model_split_over_devices,
        error=RuntimeError,
        words=("cpu", "meta", "model.to(device)"),
    ),
    Mistake(
        key="data-on-another-device",
        area="Training",
        title="Data on another device than the model",
        why=(
            "predict and evaluate move each batch to the model's device, but a tensor on a "
            "device without data (meta) cannot be moved."
        ),
        trigger=_data_on_another_device,
        error=RuntimeError,
        words=("meta", "cpu", "device"),
    ),
    Mistake(
        key="plateau-per-batch",
        area="Training",
        title="ReduceLROnPlateau stepped after every batch",
        why="It compares a quantity measured once per epoch, the validation loss.",
        trigger=_plateau_per_batch,
        error=ValueError,
        words=("ReduceLROnPlateau", "validation", "scheduler_step='epoch'"),
    ),
    Mistake(
        key="accuracy-one-hot",
        area="Training",
        title="accuracy with one-hot targets",
        why=(
            "accuracy compares the arg-max of the scores with class indices; against a one-"
            "hot matrix the comparison would broadcast and give a meaningless number."
        ),
        trigger=_accuracy_with_one_hot_targets,
        error=ValueError,
        words=("targets", "(2,)", "(2, 3)", "argmax(dim=1)"),
    ),
    Mistake(
        key="missing-checkpoint",
        area="Training",
        title="Loading a checkpoint that is not there",
        why="The path is relative to the current directory.",
        trigger=_missing_checkpoint,
        error=train.CheckpointError,
        words=("epoch-12.pt", "not found", "current directory"),
    ),
    Mistake(
        key="truncated-checkpoint",
        area="Training",
        title="A truncated checkpoint file",
        why="A copy that was cut off (a full disk, an interrupted transfer) cannot be read.",
        trigger=_truncated_checkpoint,
        error=train.CheckpointError,
        words=("model.pt", "truncated or corrupt", "previous checkpoint"),
    ),
    Mistake(
        key="checkpoint-other-model",
        area="Training",
        title="A checkpoint of a different architecture",
        why=(
            "The saved tensors must match the model's parameters name by name and shape by shape."
        ),
        trigger=_checkpoint_for_another_model,
        error=train.CheckpointError,
        words=("weight: saved (2, 4), model (3, 4)", "architecture", "Build the model"),
    ),
]

CATALOG: dict[str, Mistake] = {m.key: m for m in _ENTRIES}
