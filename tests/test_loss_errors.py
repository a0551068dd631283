"""Unit tests of dlnotes.losses' argument checks: each edge case gets a message that names the
argument, what was expected, what was given and the fix (CASES); each likely-mistake warning
returns PyTorch's result (WARNINGS).

Where a new case goes (the same rule is in ``tools/mistakes.py``, the catalog of common errors):
a mistake a reader could make and would search the web for goes into the catalog, which feeds the
"Common errors" page and is tested by ``tests/test_mistakes.py`` -- not here. This file holds what
the page would not teach: every branch of a check (negative indices, weights of another dtype,
empty inputs, legacy ``size_average``/``reduce``), and properties beyond the message (a
``DlnotesWarning`` returns exactly PyTorch's value). So the catalog's loss mistakes (float class
labels, a class index out of range, BCE on logits, a misspelt reduction, CTC targets longer than
their input, ...) are not repeated here.
"""

import warnings

import pytest
import torch
import torch.nn.functional as F
from helpers import assert_explained

from dlnotes import DlnotesWarning, losses

LOGITS = torch.randn(4, 3, generator=torch.Generator().manual_seed(0))
PROBS = torch.sigmoid(LOGITS)
LABELS = torch.tensor([0, 2, 1, 0])
LOG_PROBS = torch.randn(6, 2, 4).log_softmax(-1)


CASES = {
    "bce integer input": (
        lambda: losses.binary_cross_entropy(torch.ones(3, dtype=torch.long), torch.ones(3)),
        TypeError,
        ["input", "floating-point", "sigmoid"],
    ),
    "bce list input": (
        lambda: losses.binary_cross_entropy([0.5], torch.ones(1)),
        TypeError,
        ["input must be a torch.Tensor", "list", "torch.tensor"],
    ),
    "ce probabilities of the wrong shape": (
        lambda: losses.cross_entropy(LOGITS, PROBS[:, :2]),
        ValueError,
        ["same shape", "(4, 3)", "(4, 2)", "torch.long"],
    ),
    "ce negative index": (
        lambda: losses.cross_entropy(LOGITS, torch.tensor([0, -1, 2, 1])),
        ValueError,
        ["class index -1", "ignore_index"],
    ),
    "ce one-hot target as long": (
        lambda: losses.cross_entropy(LOGITS, torch.eye(3, dtype=torch.long)[LABELS]),
        ValueError,
        ["target must have shape (4,)", "(4, 3)", "do not one-hot"],
    ),
    "ce bad weight": (
        lambda: losses.cross_entropy(LOGITS, LABELS, weight=torch.ones(4)),
        ValueError,
        ["weight", "(3,)", "(4,)"],
    ),
    "ce smoothing out of range": (
        lambda: losses.cross_entropy(LOGITS, LABELS, label_smoothing=1.5),
        ValueError,
        ["label_smoothing", "[0, 1]", "1.5"],
    ),
    "ce ignore_index with probabilities": (
        lambda: losses.cross_entropy(LOGITS, PROBS, ignore_index=1),
        ValueError,
        ["ignore_index", "class-index targets"],
    ),
    "nll float target": (
        lambda: losses.nll_loss(LOGITS.log_softmax(1), LABELS.float()),
        TypeError,
        ["class indices", "torch.long", "torch.float32", "target.long()"],
    ),
    "batchmean on mse": (
        lambda: losses.mse_loss(LOGITS, LOGITS, reduction="batchmean"),
        ValueError,
        ["reduction", "'batchmean'"],
    ),
    "smooth l1 negative beta": (
        lambda: losses.smooth_l1_loss(LOGITS, LOGITS, beta=-1.0),
        ValueError,
        ["beta", "≥ 0", "-1.0"],
    ),
    "multi margin p": (
        lambda: losses.multi_margin_loss(LOGITS, LABELS, p=3),
        ValueError,
        ["p must be 1 or 2", "3"],
    ),
    "multilabel margin float target": (
        lambda: losses.multilabel_margin_loss(LOGITS, torch.ones(4, 3)),
        TypeError,
        ["padded with -1", "multilabel_soft_margin_loss"],
    ),
    "triplet margin not positive": (
        lambda: losses.triplet_margin_loss(LOGITS, LOGITS, LOGITS, margin=-1.0),
        ValueError,
        ["margin must be > 0", "-1.0", "margin=1.0"],
    ),
    "weight of another dtype": (
        lambda: losses.nll_loss(LOGITS.log_softmax(1), LABELS, weight=torch.ones(3).half()),
        TypeError,
        ["weight", "torch.float32", "torch.float16", "weight.to(torch.float32)"],
    ),
    "empty weight of another dtype": (
        lambda: losses.nll_loss(
            torch.zeros(0, 0), torch.zeros(0, dtype=torch.long), weight=torch.zeros(0).half()
        ),
        TypeError,
        ["weight", "torch.float32", "torch.float16"],
    ),
    "multi margin on no classes": (
        lambda: losses.multi_margin_loss(torch.zeros(0), torch.zeros(0, dtype=torch.long)),
        ValueError,
        ["no classes", "(0,)", "PyTorch raises too"],
    ),
    "margin ranking dimensions differ": (
        lambda: losses.margin_ranking_loss(LOGITS, LOGITS, torch.ones(4)),
        ValueError,
        ["same number of dimensions", "(4, 3)", "(4,)"],
    ),
    "soft margin target wider than input": (
        lambda: losses.soft_margin_loss(torch.zeros(4, 1), torch.ones(4)),
        ValueError,
        ["same shape", "(4, 1)", "(4,)"],
    ),
    "ctc batch-first log_probs": (
        lambda: losses.ctc_loss(
            LOG_PROBS[None], torch.ones(2, 2, dtype=torch.long), [6, 6], [2, 2]
        ),
        ValueError,
        ["(T, N, C)", "transpose(0, 1)"],
    ),
    "ctc wrong number of lengths": (
        lambda: losses.ctc_loss(LOG_PROBS, torch.ones(2, 2, dtype=torch.long), [6], [2, 2]),
        ValueError,
        ["input_lengths", "2 integer lengths"],
    ),
    "ctc input length beyond frames": (
        lambda: losses.ctc_loss(LOG_PROBS, torch.ones(2, 2, dtype=torch.long), [7, 6], [2, 2]),
        ValueError,
        ["input_lengths", "exceed the 6 frames"],
    ),
    "ctc concatenated length mismatch": (
        lambda: losses.ctc_loss(LOG_PROBS, torch.ones(5, dtype=torch.long), [6, 6], [2, 2]),
        ValueError,
        ["concatenated targets hold 5", "sum to 4"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_message(case):
    call, error, words = CASES[case]
    assert_explained(call, error, words)


# name: (the dlnotes call, the same call in PyTorch, words of the warning)
WARNINGS = {
    "mse shape mismatch": (
        lambda f: f.mse_loss(torch.zeros(4, 1), torch.arange(4.0)),
        ["same shape", "(4, 1)", "(4,)", "unsqueeze(-1)", "broadcasts them to (4, 4)"],
    ),
    "hinge 0/1 labels": (
        lambda f: f.hinge_embedding_loss(PROBS, (PROBS > 0.5).float()),
        ["target", "1 and -1", "2 * label - 1"],
    ),
    "margin ranking 0/1 labels": (
        lambda f: f.margin_ranking_loss(LOGITS[:, 0], LOGITS[:, 1], torch.tensor([1.0, 0, 1, 0])),
        ["target", "1 and -1", "2 * label - 1"],
    ),
    "cosine margin out of range": (
        lambda f: f.cosine_embedding_loss(LOGITS, LOGITS.flip(0), torch.ones(4), margin=2.0),
        ["margin", "[-1, 1]", "cosine"],
    ),
    "nll on raw scores": (
        lambda f: f.nll_loss(LOGITS.abs(), LABELS),
        ["log-probabilities", "log_softmax", "cross_entropy"],
    ),
    "kl_div on probabilities": (
        lambda f: f.kl_div(PROBS.softmax(1), PROBS.softmax(1), reduction="batchmean"),
        ["log-probabilities", "q.log()"],
    ),
    "cross_entropy on softmax output": (
        lambda f: f.cross_entropy(LOGITS.softmax(1), LABELS),
        ["probabilities", "logits", "Remove the softmax"],
    ),
    "ctc on probabilities": (
        lambda f: f.ctc_loss(LOG_PROBS.exp(), torch.ones(2, 2, dtype=torch.long), [6, 6], [2, 2]),
        ["log_probs", "log-probabilities", "log_softmax"],
    ),
    "multilabel margin class listed twice": (
        lambda f: f.multilabel_margin_loss(LOGITS, torch.tensor([[0, 0, -1]] * 4)),
        ["lists class 0 more than once", "-1", "multilabel_soft_margin_loss"],
    ),
    "legacy size_average": (
        lambda f: f.mse_loss(LOGITS, PROBS, size_average=False),
        ["size_average=False", "reduction='sum'"],
    ),
    "legacy reduce": (
        lambda f: f.cross_entropy(LOGITS, LABELS, reduce=False),
        ["reduce=False", "reduction='none'"],
    ),
}


@pytest.mark.parametrize("case", WARNINGS, ids=list(WARNINGS))
def test_warning_and_pytorch_result(case):
    call, words = WARNINGS[case]
    with pytest.warns(DlnotesWarning) as caught:
        ours = call(losses)
    message = " ".join(str(w.message) for w in caught if w.category is DlnotesWarning)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's own deprecation and broadcast warnings
        theirs = call(F)
    torch.testing.assert_close(ours, theirs)


def test_warnings_can_be_silenced_as_one_class():
    call, _ = WARNINGS["hinge 0/1 labels"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", DlnotesWarning)
        call(losses)
