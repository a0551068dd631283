"""Every loss in dlnotes.losses against its torch.nn.functional twin: values and gradients.

Each case runs in float32 and float64. Gradients are compared by sending the same random upstream
gradient through ours and through PyTorch's. The largest differences seen are recorded and printed
at the end of the run (see conftest.py), so they can be quoted.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
import site_layout
import torch
import torch.nn.functional as F

from dlnotes import DlnotesWarning, losses
from dlnotes.loss_records import LOSSES, Draw

TOL = {torch.float32: {"rtol": 2e-5, "atol": 2e-6}, torch.float64: {"rtol": 1e-10, "atol": 1e-12}}
DTYPES = [torch.float32, torch.float64]
REDUCTIONS = ["none", "mean", "sum"]


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def compare(name, ours, theirs, args, kwargs, *, record, grad_wrt=None, tol=None):
    """Run both implementations on copies of ``args``; compare outputs and input gradients.

    ``grad_wrt`` lists positions of ``args`` to differentiate (default: every float tensor).
    """
    if grad_wrt is None:
        grad_wrt = [
            i for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.is_floating_point()
        ]

    def prepare():
        copies = [a.clone() if isinstance(a, torch.Tensor) else a for a in args]
        for i in grad_wrt:
            copies[i].requires_grad_(True)
        return copies

    a_ours, a_theirs = prepare(), prepare()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # kl_div's 'mean' warning, in both
        out_ours = ours(*a_ours, **kwargs)
        out_theirs = theirs(*a_theirs, **kwargs)
    dtype = out_theirs.dtype
    tol = tol or TOL[dtype]
    assert out_ours.shape == out_theirs.shape, (
        f"{name}: shape {out_ours.shape} vs {out_theirs.shape}"
    )
    assert out_ours.dtype == out_theirs.dtype
    torch.testing.assert_close(out_ours, out_theirs, equal_nan=True, **tol)
    record(name, dtype, "value", out_ours, out_theirs)

    if not grad_wrt or not out_theirs.requires_grad or not torch.isfinite(out_theirs).all():
        return
    upstream = torch.rand(out_theirs.shape, generator=gen(99), dtype=dtype) + 0.5
    grads_ours = torch.autograd.grad(out_ours, [a_ours[i] for i in grad_wrt], upstream)
    grads_theirs = torch.autograd.grad(out_theirs, [a_theirs[i] for i in grad_wrt], upstream)
    for i, g_ours, g_theirs in zip(grad_wrt, grads_ours, grads_theirs, strict=True):
        torch.testing.assert_close(
            g_ours,
            g_theirs,
            equal_nan=True,
            **tol,
            msg=lambda m, i=i: f"{name}: gradient of argument {i}: {m}",
        )
        record(name, dtype, "grad", g_ours, g_theirs)


@pytest.fixture
def record(request):
    table = request.config.stash.setdefault(LOSS_DIFFS, {})

    def _record(name, dtype, kind, ours, theirs):
        finite = torch.isfinite(theirs) & torch.isfinite(ours)
        diff = (ours.detach() - theirs.detach())[finite].abs()
        worst = float(diff.max()) if diff.numel() else 0.0
        key = (name, str(dtype).removeprefix("torch."), kind)
        table[key] = max(table.get(key, 0.0), worst)

    return _record


LOSS_DIFFS = pytest.StashKey[dict]()


# -- regression --------------------------------------------------------------------------------

SHAPES = [(7,), (4, 3), (2, 3, 5), (0,)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["l1_loss", "mse_loss"])
def test_l1_and_mse(name, reduction, shape, dtype, record):
    g = gen(0)
    x = torch.randn(shape, generator=g, dtype=dtype)
    y = torch.randn(shape, generator=g, dtype=dtype)
    compare(
        name,
        getattr(losses, name),
        getattr(F, name),
        (x, y),
        {"reduction": reduction},
        record=record,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    ("name", "param", "values"),
    [
        ("smooth_l1_loss", "beta", [1.0, 0.5, 2.0, 0.0]),
        ("huber_loss", "delta", [1.0, 0.3, 2.5]),
    ],
)
def test_smooth_l1_and_huber(name, param, values, reduction, dtype, record):
    g = gen(1)
    x = 2 * torch.randn(6, 5, generator=g, dtype=dtype)  # errors on both sides of the kink
    y = torch.randn(6, 5, generator=g, dtype=dtype)
    for value in values:
        compare(
            name,
            getattr(losses, name),
            getattr(F, name),
            (x, y),
            {"reduction": reduction, param: value},
            record=record,
        )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("log_input", "full"), list(itertools.product([True, False], repeat=2)))
def test_poisson_nll(log_input, full, reduction, dtype, record):
    g = gen(2)
    rate = torch.rand(5, 4, generator=g, dtype=dtype) * 4 + 0.05
    target = torch.poisson(rate, generator=g)  # counts, including 0, 1 and > 1
    x = rate.log() if log_input else rate
    for eps in [1e-8, 0.1]:
        compare(
            "poisson_nll_loss",
            losses.poisson_nll_loss,
            F.poisson_nll_loss,
            (x, target),
            {"log_input": log_input, "full": full, "eps": eps, "reduction": reduction},
            record=record,
        )


# -- binary classification ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_cross_entropy(weighted, reduction, dtype, record):
    g = gen(3)
    p = torch.rand(6, 3, generator=g, dtype=dtype) * 0.98 + 0.01
    soft = torch.rand(6, 3, generator=g, dtype=dtype)
    hard = (soft > 0.5).to(dtype)
    kwargs = {"reduction": reduction}
    if weighted:
        kwargs["weight"] = torch.rand(3, generator=g, dtype=dtype)  # broadcast per column
    for target in (soft, hard):
        compare(
            "binary_cross_entropy",
            losses.binary_cross_entropy,
            F.binary_cross_entropy,
            (p, target),
            kwargs,
            record=record,
        )


@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_cross_entropy_at_probabilities_0_and_1(dtype, record):
    p = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5], dtype=dtype)
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0], dtype=dtype)
    # Confidently wrong costs the clamp, 100; the gradient is finite (±1e12), as in PyTorch.
    compare(
        "binary_cross_entropy",
        losses.binary_cross_entropy,
        F.binary_cross_entropy,
        (p, y),
        {"reduction": "none"},
        record=record,
    )
    assert losses.binary_cross_entropy(p, y, reduction="none")[2] == 100


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    ("weighted", "pos_weighted"), list(itertools.product([False, True], repeat=2))
)
def test_binary_cross_entropy_with_logits(weighted, pos_weighted, reduction, dtype, record):
    g = gen(4)
    x = 3 * torch.randn(8, 3, generator=g, dtype=dtype)
    x[0] = torch.tensor([100.0, -100.0, 0.0])  # extreme logits stay exact
    y = torch.rand(8, 3, generator=g, dtype=dtype).round()
    kwargs = {"reduction": reduction}
    if weighted:
        kwargs["weight"] = torch.rand(8, 1, generator=g, dtype=dtype)  # per sample
    if pos_weighted:
        kwargs["pos_weight"] = torch.rand(3, generator=g, dtype=dtype) * 3  # per class
    compare(
        "binary_cross_entropy_with_logits",
        losses.binary_cross_entropy_with_logits,
        F.binary_cross_entropy_with_logits,
        (x, y),
        kwargs,
        record=record,
    )


def test_logits_version_is_exact_where_probabilities_saturate():
    logit = torch.tensor([-30.0])  # sigmoid(-30) ≈ 9e-14: fine in float64...
    y = torch.tensor([1.0])
    exact = losses.binary_cross_entropy_with_logits(logit, y)
    assert exact == pytest.approx(30.0, rel=1e-6)
    # ...but in float32 sigmoid(-100) underflows to 0, and BCE on the probability is clamped.
    prob = torch.sigmoid(torch.tensor([-100.0]))
    assert losses.binary_cross_entropy(prob, y) == 100.0  # clamped (true value: 100 + tiny)
    logit_loss = losses.binary_cross_entropy_with_logits(torch.tensor([-200.0]), y)
    assert logit_loss == pytest.approx(200.0)  # no clamp needed with logits


# -- multi-class classification ----------------------------------------------------------------


def class_data(shape, n_classes, dtype, seed):
    """Logits of shape (N, C, *rest) and integer targets of shape (N, *rest)."""
    g = gen(seed)
    n, *rest = shape
    logits = 2 * torch.randn(n, n_classes, *rest, generator=g, dtype=dtype)
    target = torch.randint(0, n_classes, (n, *rest), generator=g)
    return logits, target, g


INDEX_SHAPES = [(6,), (4, 3), (2, 2, 3), (0,)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", INDEX_SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [None, 2])
def test_nll_loss(ignore, weighted, reduction, shape, dtype, record):
    logits, target, g = class_data(shape, 5, dtype, seed=5)
    log_p = F.log_softmax(logits, dim=1)
    kwargs = {"reduction": reduction}
    if weighted:
        kwargs["weight"] = torch.rand(5, generator=g, dtype=dtype) + 0.1
    if ignore is not None:
        kwargs["ignore_index"] = ignore
    compare("nll_loss", losses.nll_loss, F.nll_loss, (log_p, target), kwargs, record=record)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", INDEX_SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [None, 1])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_with_class_indices(
    smoothing, ignore, weighted, reduction, shape, dtype, record
):
    logits, target, g = class_data(shape, 4, dtype, seed=6)
    kwargs = {"reduction": reduction, "label_smoothing": smoothing}
    if weighted:
        kwargs["weight"] = torch.rand(4, generator=g, dtype=dtype) + 0.1
    if ignore is not None:
        kwargs["ignore_index"] = ignore
    compare(
        "cross_entropy",
        losses.cross_entropy,
        F.cross_entropy,
        (logits, target),
        kwargs,
        record=record,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(6,), (2, 2, 3)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_with_class_probabilities(
    smoothing, weighted, reduction, shape, dtype, record
):
    logits, _, g = class_data(shape, 4, dtype, seed=7)
    probs = torch.softmax(torch.randn(logits.shape, generator=g, dtype=dtype), dim=1)
    kwargs = {"reduction": reduction, "label_smoothing": smoothing}
    if weighted:
        kwargs["weight"] = torch.rand(4, generator=g, dtype=dtype) + 0.1
    compare(
        "cross_entropy",
        losses.cross_entropy,
        F.cross_entropy,
        (logits, probs),
        kwargs,
        record=record,
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_unbatched_and_extreme_logits(dtype, record):
    z = torch.tensor([100.0, -100.0, 0.0], dtype=dtype)
    for target in (torch.tensor(1), torch.tensor(0)):
        compare(
            "cross_entropy", losses.cross_entropy, F.cross_entropy, (z, target), {}, record=record
        )
    batch = torch.tensor([[100.0, -100.0, 0.0], [-100.0, 100.0, 50.0]], dtype=dtype)
    compare(
        "cross_entropy",
        losses.cross_entropy,
        F.cross_entropy,
        (batch, torch.tensor([1, 0])),
        {"reduction": "none", "label_smoothing": 0.1},
        record=record,
    )


def test_cross_entropy_is_log_softmax_then_nll_on_the_worked_example():
    z = torch.tensor([[0.2, 0.1, -0.1]])
    y = torch.tensor([0])
    ce = losses.cross_entropy(z, y)
    from dlnotes.activations import log_softmax

    assert torch.equal(ce, losses.nll_loss(log_softmax(z, dim=1), y))
    assert ce.item() == pytest.approx(0.9729, abs=1e-4)


@pytest.mark.parametrize("name", ["nll_loss", "cross_entropy"])
def test_all_targets_ignored_gives_nan_mean_like_pytorch(name, record):
    logits = torch.randn(3, 4, generator=gen(8))
    inputs = F.log_softmax(logits, 1) if name == "nll_loss" else logits
    target = torch.full((3,), -100)
    for kwargs in ({}, {"reduction": "sum"}, {"reduction": "none"}):
        compare(
            name, getattr(losses, name), getattr(F, name), (inputs, target), kwargs, record=record
        )
    assert torch.isnan(getattr(losses, name)(inputs, target))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", [*REDUCTIONS, "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(log_target, reduction, dtype, record):
    g = gen(9)
    log_q = F.log_softmax(torch.randn(5, 4, generator=g, dtype=dtype), dim=1)
    p = torch.softmax(torch.randn(5, 4, generator=g, dtype=dtype), dim=1)
    p[0, 0] = 0.0  # 0 · log 0 = 0
    target = p.log() if log_target else p
    compare(
        "kl_div",
        losses.kl_div,
        F.kl_div,
        (log_q, target),
        {"reduction": reduction, "log_target": log_target},
        record=record,
        grad_wrt=[0] if not log_target else None,
    )


def test_kl_div_mean_warns_like_pytorch():
    with pytest.warns(UserWarning, match="batchmean"):
        losses.kl_div(torch.zeros(2, 2), torch.full((2, 2), 0.5))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("margin", [1.0, 0.4])
@pytest.mark.parametrize("weighted", [False, True])
def test_multi_margin_loss(weighted, margin, p, reduction, dtype, record):
    logits, target, g = class_data((7,), 5, dtype, seed=10)
    kwargs = {"p": p, "margin": margin, "reduction": reduction}
    if weighted:
        kwargs["weight"] = torch.rand(5, generator=g, dtype=dtype) + 0.1
    compare(
        "multi_margin_loss",
        losses.multi_margin_loss,
        F.multi_margin_loss,
        (logits, target),
        kwargs,
        record=record,
    )
    compare(
        "multi_margin_loss",
        losses.multi_margin_loss,
        F.multi_margin_loss,
        (logits[0], target[0]),
        kwargs,
        record=record,
    )  # unbatched


def multilabel_targets(n, c, g):
    """Rows of true labels padded with -1, with junk after the -1 that must be ignored."""
    rows = []
    for _ in range(n):
        k = int(torch.randint(0, c + 1, (1,), generator=g))
        labels = torch.randperm(c, generator=g)[:k]
        junk = torch.randint(0, c, (c,), generator=g)
        row = torch.cat([labels, torch.tensor([-1]), junk])[:c] if k < c else labels
        rows.append(row)
    return torch.stack(rows)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_multilabel_margin_loss(reduction, dtype, record):
    g = gen(11)
    x = torch.randn(8, 5, generator=g, dtype=dtype)
    y = multilabel_targets(8, 5, g)
    compare(
        "multilabel_margin_loss",
        losses.multilabel_margin_loss,
        F.multilabel_margin_loss,
        (x, y),
        {"reduction": reduction},
        record=record,
    )
    compare(
        "multilabel_margin_loss",
        losses.multilabel_margin_loss,
        F.multilabel_margin_loss,
        (x[0], y[0]),
        {"reduction": reduction},
        record=record,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_multilabel_soft_margin_loss(weighted, reduction, dtype, record):
    g = gen(12)
    x = 3 * torch.randn(6, 4, generator=g, dtype=dtype)
    x[0, 0], x[0, 1] = 100.0, -100.0
    y = torch.rand(6, 4, generator=g, dtype=dtype).round()
    kwargs = {"reduction": reduction}
    if weighted:
        kwargs["weight"] = torch.rand(4, generator=g, dtype=dtype)
    compare(
        "multilabel_soft_margin_loss",
        losses.multilabel_soft_margin_loss,
        F.multilabel_soft_margin_loss,
        (x, y),
        kwargs,
        record=record,
    )


# -- ranking and embeddings --------------------------------------------------------------------


def signs(shape, g, dtype):
    return torch.randint(0, 2, shape, generator=g).to(dtype) * 2 - 1


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.5])
def test_margin_ranking_loss(margin, reduction, dtype, record):
    g = gen(13)
    a, b = torch.randn(9, generator=g, dtype=dtype), torch.randn(9, generator=g, dtype=dtype)
    compare(
        "margin_ranking_loss",
        losses.margin_ranking_loss,
        F.margin_ranking_loss,
        (a, b, signs((9,), g, dtype)),
        {"margin": margin, "reduction": reduction},
        record=record,
        grad_wrt=[0, 1],
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [1.0, 2.0])
def test_hinge_embedding_loss(margin, reduction, dtype, record):
    g = gen(14)
    d = torch.rand(4, 5, generator=g, dtype=dtype) * 3
    compare(
        "hinge_embedding_loss",
        losses.hinge_embedding_loss,
        F.hinge_embedding_loss,
        (d, signs((4, 5), g, dtype)),
        {"margin": margin, "reduction": reduction},
        record=record,
        grad_wrt=[0],
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_soft_margin_loss(reduction, dtype, record):
    g = gen(15)
    x = 3 * torch.randn(5, 4, generator=g, dtype=dtype)
    compare(
        "soft_margin_loss",
        losses.soft_margin_loss,
        F.soft_margin_loss,
        (x, signs((5, 4), g, dtype)),
        {"reduction": reduction},
        record=record,
        grad_wrt=[0],
    )


def test_soft_margin_loss_stays_finite_where_pytorch_overflows(record):
    x = torch.tensor([-100.0, 100.0])
    y = torch.tensor([1.0, -1.0])  # both badly wrong: -y·x = 100
    ours = losses.soft_margin_loss(x, y, reduction="none")
    assert torch.isinf(F.soft_margin_loss(x, y, reduction="none")).all()  # float32 exp(100) = inf
    exact = F.soft_margin_loss(x.double(), y.double(), reduction="none")  # fine in float64
    torch.testing.assert_close(ours.double(), exact)
    compare(
        "soft_margin_loss",
        losses.soft_margin_loss,
        F.soft_margin_loss,
        (x.double(), y.double()),
        {"reduction": "none"},
        record=record,
        grad_wrt=[0],
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.5, -0.3])
def test_cosine_embedding_loss(margin, reduction, dtype, record):
    g = gen(16)
    a, b = torch.randn(6, 3, generator=g, dtype=dtype), torch.randn(6, 3, generator=g, dtype=dtype)
    b[0] = a[0] * 2  # parallel: cos = 1
    y = signs((6,), g, dtype)
    kwargs = {"margin": margin, "reduction": reduction}
    compare(
        "cosine_embedding_loss",
        losses.cosine_embedding_loss,
        F.cosine_embedding_loss,
        (a, b, y),
        kwargs,
        record=record,
        grad_wrt=[0, 1],
    )
    compare(
        "cosine_embedding_loss",
        losses.cosine_embedding_loss,
        F.cosine_embedding_loss,
        (a[1], b[1], y[1]),
        kwargs,
        record=record,
        grad_wrt=[0, 1],
    )  # unbatched


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("p", "swap"), list(itertools.product([1.0, 2.0, 3.0], [False, True])))
def test_triplet_margin_loss(p, swap, reduction, dtype, record):
    g = gen(17)
    a, pos, neg = (torch.randn(8, 4, generator=g, dtype=dtype) for _ in range(3))
    for margin, eps in [(1.0, 1e-6), (0.2, 1e-3)]:
        compare(
            "triplet_margin_loss",
            losses.triplet_margin_loss,
            F.triplet_margin_loss,
            (a, pos, neg),
            {"margin": margin, "p": p, "eps": eps, "swap": swap, "reduction": reduction},
            record=record,
        )


# -- CTC ---------------------------------------------------------------------------------------


def ctc_batch(dtype, seed, *, n=4, t=12, c=5, blank=0, max_s=5):
    g = gen(seed)
    logits = torch.randn(t, n, c, generator=g, dtype=dtype)
    input_lengths = torch.randint(t - 3, t + 1, (n,), generator=g)
    target_lengths = torch.randint(0, max_s + 1, (n,), generator=g)
    target_lengths[0] = 0  # an empty target
    labels = [i for i in range(c) if i != blank]
    padded = torch.tensor(labels)[torch.randint(0, len(labels), (n, max_s), generator=g)]
    padded[1, :2] = padded[1, 0]  # a repeated label, which needs a blank between
    return logits, padded, input_lengths, target_lengths


def ctc_pair(**kwargs):
    """CTC of log_softmax(logits), differentiated with respect to the logits.

    PyTorch's ctc_loss backward assumes its input came from log_softmax (its gradient w.r.t.
    log_probs is only meaningful through that), so compare gradients w.r.t. the logits.
    """
    ours = lambda z, *a: losses.ctc_loss(F.log_softmax(z, -1), *a, **kwargs)  # noqa: E731
    theirs = lambda z, *a: F.ctc_loss(F.log_softmax(z, -1), *a, **kwargs)  # noqa: E731
    return ours, theirs


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("blank", [0, 4])
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
def test_ctc_loss(layout, blank, reduction, dtype, record):
    logits, padded, in_len, tgt_len = ctc_batch(dtype, seed=18, blank=blank)
    targets = padded
    if layout == "concatenated":
        targets = torch.cat([padded[i, : tgt_len[i]] for i in range(len(tgt_len))])
    ours, theirs = ctc_pair(blank=blank, reduction=reduction)
    tol = {"rtol": 1e-4, "atol": 1e-5} if dtype == torch.float32 else None
    compare(
        "ctc_loss",
        ours,
        theirs,
        (logits, targets, in_len, tgt_len),
        {},
        record=record,
        grad_wrt=[0],
        tol=tol,
    )


@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_impossible_alignment(zero_infinity, record):
    # "aa" needs three frames (a, blank, a); two frames cannot produce it.
    logits = torch.randn(2, 2, 3, generator=gen(19), dtype=torch.float64)
    targets = torch.tensor([[1, 1], [1, 2]])
    lengths = (torch.tensor([2, 2]), torch.tensor([2, 2]))
    ours, theirs = ctc_pair(reduction="none", zero_infinity=zero_infinity)
    z1, z2 = logits.clone().requires_grad_(), logits.clone().requires_grad_()
    l_ours, l_theirs = ours(z1, targets, *lengths), theirs(z2, targets, *lengths)
    torch.testing.assert_close(l_ours, l_theirs)
    record("ctc_loss", torch.float64, "value", l_ours, l_theirs)
    if zero_infinity:
        assert l_ours[0] == 0
        (g_ours,) = torch.autograd.grad(l_ours.sum(), z1)
        (g_theirs,) = torch.autograd.grad(l_theirs.sum(), z2)
        torch.testing.assert_close(g_ours, g_theirs)
        assert torch.isfinite(g_ours).all() and (g_ours[:, 0] == 0).all()
    else:
        assert torch.isinf(l_ours[0]) and torch.isfinite(l_ours[1])


def test_ctc_zero_length_targets_and_unbatched(record):
    logits = torch.randn(6, 4, generator=gen(20), dtype=torch.float64)
    ours, theirs = ctc_pair(reduction="sum")
    compare(
        "ctc_loss",
        ours,
        theirs,
        (logits, torch.tensor([1, 3, 3]), torch.tensor(6), torch.tensor(3)),
        {},
        record=record,
        grad_wrt=[0],
    )
    compare(
        "ctc_loss",
        ours,
        theirs,
        (logits, torch.zeros(0, dtype=torch.long), torch.tensor(6), torch.tensor(0)),
        {},
        record=record,
        grad_wrt=[0],
    )


def test_ctc_probability_equals_the_sum_over_enumerated_alignments():
    t, c = 4, 3
    log_probs = F.log_softmax(torch.randn(t, c, generator=gen(21), dtype=torch.float64), -1)
    target = [1, 2]
    total = 0.0
    for path in itertools.product(range(c), repeat=t):
        collapsed = [k for i, k in enumerate(path) if k != 0 and (i == 0 or k != path[i - 1])]
        if collapsed == target:
            total += float(torch.exp(sum(log_probs[i, k] for i, k in enumerate(path))))
    loss = losses.ctc_loss(log_probs, torch.tensor(target), t, len(target), reduction="sum")
    assert float(torch.exp(-loss)) == pytest.approx(total, rel=1e-12)


def test_ctc_is_fast_enough_for_a_real_batch():
    # 16 sequences of 50 frames; the benchmark measures it, this only guards against blow-ups.
    log_probs = F.log_softmax(torch.randn(50, 16, 20, generator=gen(22)), -1).requires_grad_()
    targets = torch.randint(1, 20, (16, 20), generator=gen(23))
    loss = losses.ctc_loss(log_probs, targets, [50] * 16, [20] * 16)
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(log_probs.grad).all()


# -- issue 17: every input PyTorch accepts --------------------------------------------------------


_INPUTS = {"input", "input1", "input2", "anchor", "positive", "negative", "log_probs"}


def _value_and_grads(function, args, kwargs, upstream=None):
    """Value, and gradients with respect to the inputs (not the targets)."""
    import inspect

    names = list(inspect.signature(function).parameters)
    args = [
        a.clone().requires_grad_() if _floaty(a) and names[i] in _INPUTS else a
        for i, a in enumerate(args)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = function(*args, **kwargs)
    upstream = torch.ones_like(out) if upstream is None else upstream
    leaves = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
    return out, torch.autograd.grad(out, leaves, upstream)


def _floaty(a):
    return isinstance(a, torch.Tensor) and (a.is_floating_point() or a.is_complex())


def assert_like_pytorch(name, *args, **kwargs):
    """Same value and gradients as torch.nn.functional.<name> (NaN where it has NaN)."""
    ours, g_ours = _value_and_grads(getattr(losses, name), args, kwargs)
    theirs, g_theirs = _value_and_grads(getattr(F, name), args, kwargs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    torch.testing.assert_close(ours, theirs, equal_nan=True)
    for a, b in zip(g_ours, g_theirs, strict=True):
        torch.testing.assert_close(a, b, equal_nan=True)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    ("name", "smoothing"), [("nll_loss", 0.0), ("cross_entropy", 0.0), ("cross_entropy", 0.1)]
)
def test_all_ignored_mean_is_nan_with_a_zero_gradient(name, smoothing, weighted):
    x = torch.randn(3, 4, generator=gen(30), dtype=torch.float64).log_softmax(1)
    kwargs = {"weight": torch.rand(4, dtype=torch.float64)} if weighted else {}
    if smoothing:
        kwargs["label_smoothing"] = smoothing
    for target in (torch.full((3,), -100), torch.full((3,), 2)):
        ignore = int(target[0])
        assert_like_pytorch(name, x, target, ignore_index=ignore, **kwargs)
    out, (grad,) = _value_and_grads(getattr(losses, name), [x, torch.full((3,), -100)], {})
    assert torch.isnan(out) and (grad == 0).all()


def test_margin_losses_on_0d_and_1d_inputs():
    assert_like_pytorch("multi_margin_loss", torch.tensor(1.15), torch.tensor(0))
    for reduction in REDUCTIONS:
        x = torch.randn(5, generator=gen(31))
        assert_like_pytorch("multi_margin_loss", x, torch.tensor([1]), reduction=reduction)
        assert_like_pytorch("multi_margin_loss", x, torch.tensor(3), reduction=reduction)
        assert_like_pytorch("multilabel_margin_loss", torch.tensor(1.15), torch.tensor(0))
        assert_like_pytorch("multilabel_margin_loss", torch.tensor(0.3), torch.tensor(-1))
        y = torch.tensor([3, 0, 3, -1, 1])  # class 3 listed twice: PyTorch counts it twice
        assert_like_pytorch("multilabel_margin_loss", x, y, reduction=reduction)


@pytest.mark.parametrize("name", ["multi_margin_loss", "multilabel_margin_loss"])
def test_margin_losses_refuse_empty_score_vectors_like_pytorch(name):
    empty, none = torch.zeros(0), torch.zeros(0, dtype=torch.long)
    with pytest.raises(RuntimeError):
        getattr(F, name)(empty, none)
    with pytest.raises(ValueError, match="no classes"):
        getattr(losses, name)(empty, none)


@pytest.mark.parametrize("name", ["multi_margin_loss", "multilabel_margin_loss"])
def test_mean_over_an_empty_batch_is_nan(name):
    """Documented difference: PyTorch returns an uninitialized value here."""
    target = torch.zeros((0,) if name == "multi_margin_loss" else (0, 3), dtype=torch.long)
    assert torch.isnan(getattr(losses, name)(torch.zeros(0, 3), target))
    assert "empty batch" in getattr(losses, name).__doc__


@pytest.mark.parametrize("name", ["soft_margin_loss", "multilabel_soft_margin_loss"])
def test_integer_targets_like_pytorch(name):
    x = torch.randn(4, 3, generator=gen(32), dtype=torch.float64)
    y = torch.tensor([[1, -1, 1]] * 4) if name == "soft_margin_loss" else torch.eye(4, 3).long()
    for reduction in REDUCTIONS:
        assert_like_pytorch(name, x, y, reduction=reduction)


def test_l1_loss_on_complex_input():
    a = torch.randn(6, generator=gen(33), dtype=torch.complex128)
    b = torch.randn(6, generator=gen(34), dtype=torch.complex128)
    for reduction in REDUCTIONS:
        assert_like_pytorch("l1_loss", a, b, reduction=reduction)


def test_broadcast_targets_warn_and_match_pytorch():
    x = torch.rand(5, 5, generator=gen(35), dtype=torch.float64)
    signs = torch.tensor([[1.0, -1.0, 1.0, -1.0, 1.0]], dtype=torch.float64)
    with pytest.warns(DlnotesWarning, match="broadcasts them to"):
        losses.hinge_embedding_loss(x, signs)
    assert_like_pytorch("hinge_embedding_loss", x, signs)
    assert_like_pytorch("margin_ranking_loss", x, x.flip(0), signs)
    assert_like_pytorch("margin_ranking_loss", x[:, :2], x[:, 2:4], signs[:, :1].T)
    assert_like_pytorch("triplet_margin_loss", x, x[:1], x.flip(0), reduction="none")
    assert_like_pytorch("triplet_margin_loss", x[:1], x, x[:, :1])
    assert_like_pytorch("cosine_embedding_loss", x, x[:1], signs[0])
    for name in ("l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "kl_div"):
        assert_like_pytorch(name, x[:, :1], x[0])  # (5, 1) against (5,): (5, 5), as PyTorch


@pytest.mark.parametrize("name", ["l1_loss", "mse_loss", "huber_loss"])
def test_element_weights_like_pytorch(name):
    x, y = torch.randn(2, 4, 3, generator=gen(36), dtype=torch.float64).unbind(0)
    w = torch.rand(4, 3, generator=gen(37), dtype=torch.float64)
    for reduction in REDUCTIONS:
        assert_like_pytorch(name, x, y, reduction=reduction, weight=w)


LEGACY = [loss for loss in LOSSES if loss.takes_legacy_reduction]


@pytest.mark.filterwarnings("ignore:kl_div with reduction='mean'")  # PyTorch's own, in both
@pytest.mark.parametrize("loss", LEGACY, ids=[loss.name for loss in LEGACY])
def test_legacy_size_average_and_reduce_like_pytorch(loss):
    import torch.nn._reduction as legacy

    args = loss.sample(Draw(4, gen(38), dtype=torch.float64, c=3)).args
    for size_average, reduce in itertools.product([None, True, False], repeat=2):
        if size_average is None and reduce is None:
            continue
        kwargs = {"size_average": size_average, "reduce": reduce}
        expected = legacy.legacy_get_string(size_average, reduce, emit_warning=False)
        with pytest.warns(DlnotesWarning, match=f"reduction='{expected}'"):
            loss.function(*args, **kwargs)
        assert_like_pytorch(loss.name, *args, **kwargs)


def test_every_loss_has_one_record():
    """The records (loss_records.LOSSES) are the one list of the losses: one per function."""
    assert sorted(loss.name for loss in LOSSES) == sorted(losses.__all__)
    assert len({loss.module for loss in LOSSES}) == len(LOSSES)
    for loss in LOSSES:
        assert loss.function is getattr(losses, loss.name)
        assert loss.torch_function is getattr(F, loss.name)
        forward = getattr(torch.nn, loss.module).forward  # calls F.<name>
        assert loss.name in forward.__code__.co_names


def test_the_readme_counts_every_loss():
    readme = (site_layout.ROOT / "README.md").read_text()
    assert f"losses.py              {len(LOSSES)} losses written from their formulas" in readme


def test_signatures_are_pytorchs():
    """Positional calls mean the same: every parameter in PyTorch's order."""
    import inspect

    for name in losses.__all__:
        ours = list(inspect.signature(getattr(losses, name)).parameters)
        theirs = list(inspect.signature(getattr(F, name)).parameters)
        assert ours == theirs, name


# ctc_loss: the gradient relation (documented difference), and impossible alignments.


def _ctc_batch():
    """Three sequences: possible; impossible ("aa" in 2 frames); padded frames and a repeat."""
    log_probs = torch.randn(5, 3, 4, generator=gen(40), dtype=torch.float64).log_softmax(2)
    targets = torch.tensor([[1, 2, 3], [1, 1, 0], [2, 2, 0]])
    return log_probs, targets, torch.tensor([5, 2, 4]), torch.tensor([3, 2, 2])


@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ctc_gradient_is_pytorchs_minus_the_log_softmax_term(reduction, zero_infinity):
    log_probs, targets, in_len, tgt_len = _ctc_batch()
    kwargs = {"reduction": reduction, "zero_infinity": zero_infinity}
    args = (log_probs, targets, in_len, tgt_len)
    upstream = torch.rand(3 if reduction == "none" else (), generator=gen(41), dtype=torch.float64)
    ours, (g_ours,) = _value_and_grads(losses.ctc_loss, args, kwargs, upstream)
    theirs, (g_theirs,) = _value_and_grads(F.ctc_loss, args, kwargs, upstream)
    torch.testing.assert_close(ours, theirs)
    per_sequence = F.ctc_loss(*args, reduction="none")  # infinite for sequence 1
    g_n = upstream.expand(3) / (3 * tgt_len) if reduction == "mean" else upstream.expand(3)
    if zero_infinity:
        g_n = torch.where(torch.isinf(per_sequence), 0.0, g_n)
    frames = torch.arange(5)[:, None] < in_len  # (T, N)
    expected = g_ours + log_probs.exp() * (g_n * frames)[..., None]
    torch.testing.assert_close(expected, g_theirs, equal_nan=True)
    # NaN exactly where PyTorch has NaN: the impossible sequence's frames, without zero_infinity
    assert torch.equal(g_ours.isnan(), g_theirs.isnan())
    assert g_ours[:2, 1].isnan().all() != zero_infinity


def test_ctc_gradient_is_the_true_gradient():
    log_probs, targets, in_len, tgt_len = _ctc_batch()
    keep = [0, 2]  # the possible sequences (an infinite loss has no gradient to check)
    lp = log_probs[:, keep].clone().requires_grad_()

    def loss(x):
        return losses.ctc_loss(x, targets[keep], in_len[keep], tgt_len[keep], reduction="sum")

    assert torch.autograd.gradcheck(loss, (lp,))
    assert not torch.autograd.gradcheck(
        lambda x: F.ctc_loss(x, targets[keep], in_len[keep], tgt_len[keep], reduction="sum"),
        (lp,),
        raise_exception=False,
    )


def test_ctc_documents_its_differences():
    doc = losses.ctc_loss.__doc__
    assert "Differences from PyTorch" in doc and "52241" in doc
    assert "A target longer than its input" in doc
