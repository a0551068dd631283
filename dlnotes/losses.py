r"""Loss functions written from their formulas, with PyTorch's arguments, defaults and shapes.

Each function here matches its twin in ``torch.nn.functional`` (same name, same parameters in the
same order) in value and gradient on the inputs PyTorch tests its own losses with: the test suite
runs them over ``torch.testing._internal`` (the ``op_db`` sample, reference and error inputs,
``common_nn``'s criterion tests and the ``module_db`` entries of the ``nn.*Loss`` classes) in
float64 and float32, besides hand-written comparisons. None of them calls the matching
``torch.nn.functional`` loss: the point is to see the formula. Where PyTorch guards a formula
numerically (clamping a log, adding an epsilon), the same guard is used and named. The few
deliberate differences are listed under "Differences from PyTorch" in the function's docstring
(:func:`ctc_loss`'s gradient and its refusal of targets longer than the input,
:func:`soft_margin_loss` for huge margins, the mean over an empty batch of
:func:`multi_margin_loss` and :func:`multilabel_margin_loss`).

Every loss takes ``reduction``:

- ``"none"``: one value per element (or per sample, for losses that sum over classes);
- ``"sum"``: their sum;
- ``"mean"``: their mean (weighted losses divide by the total weight instead; see each function).

The deprecated ``size_average`` and ``reduce`` arguments are accepted as in PyTorch, with a
warning naming the ``reduction`` they mean.

Mistakes that PyTorch refuses (class indices as floats, probabilities outside [0, 1] for BCE,
mismatched batch sizes, …) raise a ``ValueError`` or ``TypeError`` that says what was expected,
what was given, and how to fix it. Likely mistakes in input that PyTorch accepts (raw scores into
``nll_loss``, 0/1 labels for a ±1 loss, targets that broadcast, …) give a
``dlnotes.DlnotesWarning`` with the same kind of message, and the function returns
PyTorch's result.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import torch

from dlnotes._validation import describe, legacy_reduction, warn
from dlnotes._validation import float_tensor_arg as _float
from dlnotes._validation import tensor_arg as _tensor
from dlnotes.activations import log_softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cosine_embedding_loss",
    "cross_entropy",
    "ctc_loss",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "margin_ranking_loss",
    "mse_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "poisson_nll_loss",
    "smooth_l1_loss",
    "soft_margin_loss",
    "triplet_margin_loss",
]

_REDUCTIONS = ("none", "mean", "sum")


# -- shared checks ---------------------------------------------------------------------------


def _check_reduction(reduction: str, allowed: Sequence[str] = _REDUCTIONS) -> None:
    if reduction not in allowed:
        raise ValueError(
            f"reduction must be one of {', '.join(map(repr, allowed))}, got {reduction!r}. "
            "'mean' averages the per-element losses (the usual choice), 'sum' adds them up, "
            "'none' returns one loss per element."
        )


def _reduce(loss: torch.Tensor, reduction: str) -> torch.Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _same_shape(a_name: str, a: torch.Tensor, b_name: str, b: torch.Tensor, fix: str) -> None:
    if a.shape != b.shape:
        # (N, 1) next to (N,): almost always one output column against a 1-D target vector,
        # which would broadcast to (N, N) in plain tensor arithmetic.
        for long_name, long, short_name, short in ((a_name, a, b_name, b), (b_name, b, a_name, a)):
            if (
                long.dim() == short.dim() + 1
                and long.shape[-1] == 1
                and long.shape[:-1] == short.shape
            ):
                fix = (
                    f"{short_name} has one value per sample: use {short_name}.unsqueeze(-1) (or "
                    f"{long_name}.squeeze(-1)) so both are {tuple(long.shape)}."
                )
        raise ValueError(
            f"{a_name} and {b_name} must have the same shape, got {a_name} {tuple(a.shape)} and "
            f"{b_name} {tuple(b.shape)}. {fix}"
        )


def _broadcast(
    a_name: str, a: torch.Tensor, b_name: str, b: torch.Tensor, fix: str
) -> tuple[torch.Tensor, torch.Tensor]:
    """Broadcast like PyTorch, warning when the shapes differ (the result is rarely intended)."""
    if a.shape == b.shape:
        return a, b
    try:
        _same_shape(a_name, a, b_name, b, fix)
    except ValueError as mismatch:
        message = str(mismatch)
    try:
        a, b = torch.broadcast_tensors(a, b)
    except RuntimeError:
        raise ValueError(f"{message} (They do not even broadcast.)") from None
    warn(f"{message} PyTorch broadcasts them to {tuple(a.shape)}, and so does dlnotes.")
    return a, b


def _pointwise(
    input: torch.Tensor,
    target: torch.Tensor,
    fix: str = "Pass one target per prediction.",
    names: tuple[str, str] = ("input", "target"),
    complex_ok: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Float (or complex) tensors broadcast against each other, warning if shapes differ."""
    if not (complex_ok and _tensor(names[0], input).is_complex()):
        input = _float(names[0], input)
        target = _float(names[1], target)
    return _broadcast(names[0], input, names[1], target, fix)


def _weighted(loss: torch.Tensor, weight: torch.Tensor | None, reduction: str) -> torch.Tensor:
    """Element weights as PyTorch's l1/mse losses apply them: ``mean`` divides by their sum."""
    if weight is None:
        return _reduce(loss, reduction)
    weight = _float("weight", weight)
    if weight.shape != loss.shape:
        raise ValueError(
            f"weight must have input's shape {tuple(loss.shape)}, got {tuple(weight.shape)}: "
            "one weight per element."
        )
    loss = loss * weight
    return loss.sum() / weight.sum() if reduction == "mean" else _reduce(loss, reduction)


def _check_log_probs(name: str, x: torch.Tensor, fix: str) -> None:
    """Log-probabilities are ≤ 0; a clearly positive value means raw scores or probabilities.

    PyTorch computes the formula on any values, so this warns (``dlnotes.DlnotesWarning``).
    """
    largest = float(x.detach().max()) if x.numel() else 0.0  # one pass over the data
    if largest > 1e-4:
        warn(
            f"{name} must hold log-probabilities (every value ≤ 0), but its largest value is "
            f"{largest:.4g}. {fix}"
        )


def _class_weight(
    weight: torch.Tensor | None, n_classes: int, dtype: torch.dtype
) -> torch.Tensor | None:
    if weight is None:
        return None
    weight = _float("weight", weight)
    if weight.dtype != dtype:
        raise TypeError(
            f"weight must have the dtype of input, {dtype}, got {weight.dtype} (PyTorch raises "
            f"too). Convert it: weight.to({dtype})."
        )
    if weight.shape != (n_classes,):
        raise ValueError(
            f"weight must hold one value per class, shape ({n_classes},), got "
            f"{tuple(weight.shape)}."
        )
    return weight


def _softplus(z: torch.Tensor) -> torch.Tensor:
    """:math:`\\log(1 + e^z)` without overflow, with the exact gradient :math:`\\sigma(z)` everywhere.

    Each branch only ever sees inputs of its own sign (the other is replaced by 0), so neither
    exponent can overflow and no NaN leaks into the gradient; unlike ``max(z, 0) + log1p(e^{-|z|})``
    it has no kink at 0, where that form's subgradients give a wrong slope.
    """
    positive = z > 0
    z_pos = torch.where(positive, z, 0.0)
    z_neg = torch.where(positive, 0.0, z)
    return torch.where(
        positive, z_pos + torch.log1p(torch.exp(-z_pos)), torch.log1p(torch.exp(z_neg))
    )


# -- regression ------------------------------------------------------------------------------


def l1_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""Mean absolute error.

    .. math:: \ell_i = |x_i - y_i|

    Robust to outliers: a point's pull on the fit does not grow with its distance. Complex
    inputs give :math:`|x_i - y_i|`, the modulus. ``weight`` (input's shape) scales each element;
    ``mean`` then divides by the sum of the weights.

    Warns
    -----
    DlnotesWarning
        When ``input`` and ``target`` differ in shape: both are broadcast, as in PyTorch (which
        warns too), but an ``(N, 1)`` output against an ``(N,)`` target gives ``(N, N)`` pairs.

    Examples
    --------
    >>> l1_loss(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([1.0, 1.0, 1.0]))
    tensor(1.6667)
    >>> l1_loss(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([1.0, 1.0, 1.0]), reduction="none")
    tensor([0., 1., 4.])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input, target = _pointwise(input, target, complex_ok=True)
    return _weighted((input - target).abs(), weight, reduction)


def mse_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""Mean squared error.

    .. math:: \ell_i = (x_i - y_i)^2

    ``weight`` (input's shape) scales each element; ``mean`` then divides by the sum of weights.

    Warns
    -----
    DlnotesWarning
        When ``input`` and ``target`` differ in shape: both are broadcast, as in PyTorch (which
        warns too), but an ``(N, 1)`` output against an ``(N,)`` target gives ``(N, N)`` pairs.

    Examples
    --------
    >>> mse_loss(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([1.0, 1.0, 1.0]))
    tensor(5.6667)
    >>> mse_loss(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([1.0, 1.0, 1.0]), reduction="sum")
    tensor(17.)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input, target = _pointwise(input, target)
    return _weighted((input - target) ** 2, weight, reduction)


def smooth_l1_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> torch.Tensor:
    r"""Quadratic near zero, linear beyond ``beta``: MSE's smoothness with L1's robustness.

    .. math::

        \ell_i = \begin{cases}
            0.5\,(x_i - y_i)^2 / \beta & \text{if } |x_i - y_i| < \beta \\
            |x_i - y_i| - 0.5\,\beta & \text{otherwise}
        \end{cases}

    ``beta = 0`` gives the L1 loss. Smooth L1 equals :func:`huber_loss` divided by ``beta``.

    Warns
    -----
    DlnotesWarning
        When ``input`` and ``target`` differ in shape: both are broadcast, as in PyTorch (which
        warns too), but an ``(N, 1)`` output against an ``(N,)`` target gives ``(N, N)`` pairs.

    Notes
    -----
    Speed: the two branches are computed for every element and then selected, several passes
    over memory where PyTorch's fused kernel makes one: forward plus backward measured 3–16×
    slower than ``torch.nn.functional.smooth_l1_loss`` (more at larger sizes). See the
    Benchmarks page; for training, use ``torch.nn``'s version.

    Examples
    --------
    >>> smooth_l1_loss(torch.tensor([0.5, 3.0]), torch.zeros(2), reduction="none")
    tensor([0.1250, 2.5000])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input, target = _pointwise(input, target)
    if beta < 0:
        raise ValueError(f"beta must be ≥ 0, got {beta!r}. It is the width of the quadratic zone.")
    z = (input - target).abs()
    if beta == 0:
        return _reduce(z, reduction)
    return _reduce(torch.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta), reduction)


def huber_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""Quadratic near zero, linear with slope ``delta`` beyond it.

    .. math::

        \ell_i = \begin{cases}
            0.5\,(x_i - y_i)^2 & \text{if } |x_i - y_i| < \delta \\
            \delta\,(|x_i - y_i| - 0.5\,\delta) & \text{otherwise}
        \end{cases}

    ``weight`` (input's shape) scales each element; unlike :func:`l1_loss` and :func:`mse_loss`
    (and exactly as PyTorch), ``mean`` then divides by the number of elements, not the weights.

    Warns
    -----
    DlnotesWarning
        When ``input`` and ``target`` differ in shape: both are broadcast, as in PyTorch (which
        warns too), but an ``(N, 1)`` output against an ``(N,)`` target gives ``(N, N)`` pairs.

    Notes
    -----
    Speed: the two branches are computed for every element and then selected, several passes
    over memory where PyTorch's fused kernel makes one: forward plus backward measured 3–16×
    slower than ``torch.nn.functional.huber_loss`` (more at larger sizes). See the Benchmarks
    page; for training, use ``torch.nn``'s version.

    Examples
    --------
    >>> huber_loss(torch.tensor([0.5, 3.0]), torch.zeros(2), reduction="none")
    tensor([0.1250, 2.5000])
    >>> huber_loss(torch.tensor([0.5, 3.0]), torch.zeros(2), reduction="none", delta=2.0)
    tensor([0.1250, 4.0000])
    """
    _check_reduction(reduction)
    input, target = _pointwise(input, target)
    if delta <= 0:
        raise ValueError(f"delta must be > 0, got {delta!r}. It is where the loss turns linear.")
    z = (input - target).abs()
    loss = torch.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    if weight is not None:
        loss = _weighted(loss, weight, "none")
    return _reduce(loss, reduction)


def poisson_nll_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average: bool | None = None,
    eps: float = 1e-8,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Negative log-likelihood of counts ``target`` under a Poisson distribution of rate λ.

    With ``log_input=True`` the model predicts :math:`x = \log\lambda` (any real number); otherwise
    it predicts :math:`\lambda = x \ge 0` directly and ``eps`` keeps the log finite at 0:

    .. math::

        \ell_i = \begin{cases}
            e^{x_i} - y_i x_i & \text{log\_input} \\
            x_i - y_i \log(x_i + \epsilon) & \text{otherwise}
        \end{cases}

    The constant :math:`\log(y_i!)` is dropped. ``full=True`` adds its Stirling approximation
    :math:`y \log y - y + \tfrac12 \log(2\pi y)` for :math:`y > 1` (0 otherwise).

    Warns
    -----
    DlnotesWarning
        When ``input`` and ``target`` differ in shape: both are broadcast, as in PyTorch (which
        warns too), but an ``(N, 1)`` output against an ``(N,)`` target gives ``(N, N)`` pairs.

    Examples
    --------
    >>> rate = torch.tensor([2.0])
    >>> poisson_nll_loss(rate.log(), torch.tensor([3.0]))  # 2 - 3·log 2
    tensor(-0.0794)
    >>> poisson_nll_loss(rate, torch.tensor([3.0]), log_input=False)
    tensor(-0.0794)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input, target = _pointwise(input, target)
    if log_input:
        loss = torch.exp(input) - target * input
    else:
        loss = input - target * torch.log(input + eps)
    if full:
        stirling = target * torch.log(target) - target + 0.5 * torch.log(2 * math.pi * target)
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


# -- binary classification -------------------------------------------------------------------


# PyTorch's guard for BCE's gradient: the float32 constant 1e-12 (so 9.99999996e-13 in float64).
_BCE_EPS = float(torch.tensor(1e-12, dtype=torch.float32))


class _BinaryCrossEntropy(torch.autograd.Function):
    r"""BCE with PyTorch's numerical guards, and its derivative written out.

    Forward: :math:`-[y \log x + (1 - y) \log(1 - x)]` with each log clamped at −100, so that a
    probability of exactly 0 or 1 costs 100 instead of infinity.

    Backward: :math:`\partial\ell/\partial x = (x - y) / (x (1 - x))`, with the denominator kept
    ≥ 1e-12 so it stays finite at 0 and 1 (as PyTorch does); and
    :math:`\partial\ell/\partial y = \log(1 - x) - \log x`, with unclamped logs as in PyTorch
    (so ±inf at probabilities 0 and 1; targets rarely need gradients).
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x, y)
        log_x = torch.log(x).clamp_min(-100)
        log_1mx = torch.log1p(-x).clamp_min(-100)
        return -(y * log_x + (1 - y) * log_1mx)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        x, y = ctx.saved_tensors
        grad_x = grad_y = None
        if ctx.needs_input_grad[0]:
            grad_x = grad * (x - y) / (x * (1 - x)).clamp_min(_BCE_EPS)
        if ctx.needs_input_grad[1]:
            grad_y = grad * (torch.log1p(-x) - torch.log(x))
        return grad_x, grad_y


def binary_cross_entropy(
    input: torch.Tensor,
    target: torch.Tensor,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Binary cross-entropy between predicted probabilities and targets in [0, 1].

    .. math:: \ell_i = -w_i \left[ y_i \log x_i + (1 - y_i) \log(1 - x_i) \right]

    ``input`` must already be a probability (apply a sigmoid first). Each log is clamped at −100,
    as in PyTorch, so a confident wrong answer costs at most 100. Prefer
    :func:`binary_cross_entropy_with_logits` on raw scores: it is exact where this saturates.

    Parameters
    ----------
    input : torch.Tensor
        Probabilities in [0, 1], any shape.
    target : torch.Tensor
        Float targets in [0, 1], same shape.
    weight : torch.Tensor, optional
        Rescales each element's loss; broadcast against ``input``.
    reduction : str
        ``"none"``, ``"mean"`` or ``"sum"``.

    Examples
    --------
    >>> p = torch.tensor([0.9, 0.2])
    >>> binary_cross_entropy(p, torch.tensor([1.0, 0.0]), reduction="none")
    tensor([0.1054, 0.2231])
    >>> binary_cross_entropy(torch.tensor([0.0]), torch.tensor([1.0]))  # clamped, not inf
    tensor(100.)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input, hint="BCE takes probabilities: apply torch.sigmoid first.")
    target = _float(
        "target",
        target,
        hint="BCE needs float targets (0.0/1.0), not class indices: use target.float().",
    )
    _same_shape("input", input, "target", target, "Give one target per predicted probability.")
    if input.numel() and not bool(((input >= 0) & (input <= 1)).all()):
        bad = input[(input < 0) | (input > 1) | input.isnan()].flatten()[0].item()
        raise ValueError(
            f"input must hold probabilities in [0, 1], but contains {bad:.4g}. These look like "
            "raw scores (logits): apply torch.sigmoid first, or better, use "
            "binary_cross_entropy_with_logits on the scores."
        )
    loss = _BinaryCrossEntropy.apply(input, target)
    if weight is not None:
        loss = loss * _float("weight", weight)
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(
    input: torch.Tensor,
    target: torch.Tensor,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    pos_weight: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""Sigmoid and binary cross-entropy in one numerically stable step.

    With :math:`\log\sigma(x) = -\operatorname{softplus}(-x)` and
    :math:`\log(1 - \sigma(x)) = -x - \operatorname{softplus}(-x)`,

    .. math::

        \ell_i = w_i \left[ (1 - y_i)\, x_i + (1 + (p - 1) y_i)\,
                 \operatorname{softplus}(-x_i) \right],
        \qquad \operatorname{softplus}(z) = \log(1 + e^{z})

    with softplus evaluated so that it never exponentiates a large positive number: exact for
    logits of any size.
    ``pos_weight`` :math:`p` (one value per class, broadcast along the last dimension) multiplies
    the loss of positive targets: use ``negatives / positives`` to balance classes.

    Notes
    -----
    Speed: the numerically stable form takes several element-wise operations where PyTorch's
    fused kernel takes one: forward plus backward measured 4–12× slower than
    ``torch.nn.functional.binary_cross_entropy_with_logits`` (more at larger sizes). See the
    Benchmarks page; for training, use ``torch.nn``'s version.

    Examples
    --------
    >>> logits = torch.tensor([100.0, -100.0])
    >>> binary_cross_entropy_with_logits(logits, torch.tensor([0.0, 1.0]), reduction="none")
    tensor([100., 100.])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input)
    target = _float("target", target, hint="Targets must be floats (0.0/1.0): use target.float().")
    _same_shape("input", input, "target", target, "Give one target per logit.")
    softplus_neg = _softplus(-input)  # -log σ(x)
    if pos_weight is None:
        loss = (1 - target) * input + softplus_neg
    else:
        pos_weight = _float("pos_weight", pos_weight)
        loss = (1 - target) * input + (1 + (pos_weight - 1) * target) * softplus_neg
    if weight is not None:
        loss = loss * _float("weight", weight)
    return _reduce(loss, reduction)


# -- multi-class classification --------------------------------------------------------------


def _class_targets(input: torch.Tensor, target: torch.Tensor, ignore_index: int) -> torch.Tensor:
    """Check integer class targets against (N, C, d1, ...) scores; return them."""
    target = _tensor("target", target)
    if target.is_floating_point() or target.dtype == torch.bool:
        raise TypeError(
            f"target must hold class indices as integers (dtype torch.long), got dtype "
            f"{target.dtype}. Use target.long(); for class probabilities pass a float target "
            "of the same shape as input (cross_entropy only)."
        )
    if input.dim() == 0:
        raise ValueError("input must have a class dimension, got a 0-d tensor.")
    expected = (input.shape[0], *input.shape[2:]) if input.dim() >= 2 else ()
    if tuple(target.shape) != expected:
        raise ValueError(
            f"target must have shape {expected} for input of shape {tuple(input.shape)} "
            f"(input is (N, C, d1, ...), target (N, d1, ...)), got {tuple(target.shape)}. "
            "Class indices go in target; do not one-hot encode them."
        )
    n_classes = input.shape[1] if input.dim() >= 2 else input.shape[0]
    valid = target != ignore_index
    bad = valid & ((target < 0) | (target >= n_classes))
    if bool(bad.any()):
        value = int(target[bad].flatten()[0])
        raise ValueError(
            f"target contains class index {value}, but input has {n_classes} classes, so indices "
            f"must lie in [0, {n_classes - 1}] (or equal ignore_index={ignore_index}). Check the "
            "number of outputs of the last layer, or whether labels start at 1."
        )
    return target


def _target_weights(
    target: torch.Tensor, weight: torch.Tensor | None, ignore_index: int, dtype: torch.dtype
) -> tuple[torch.Tensor, torch.Tensor]:
    """The targets with ``ignore_index`` replaced by class 0 (safe to index with), and the weight
    :math:`w_{y_i}` of each (0 where ignored: the denominator of ``mean``), (N, d1, ...) each."""
    keep = target != ignore_index
    safe_target = torch.where(keep, target, torch.zeros_like(target))
    if weight is None:
        return safe_target, torch.ones(target.shape, dtype=dtype, device=target.device) * keep
    return safe_target, weight[safe_target] * keep


def nll_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Negative log-likelihood of the target classes, given log-probabilities.

    .. math::

        \ell_i = -w_{y_i}\, x_{i, y_i}, \qquad
        \text{mean} = \frac{\sum_i \ell_i}{\sum_i w_{y_i}}

    where samples with :math:`y_i =` ``ignore_index`` contribute nothing to either sum (a mean
    over no samples is NaN, with a zero gradient, as in PyTorch).

    Parameters
    ----------
    input : torch.Tensor
        Log-probabilities, shape ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : torch.Tensor
        Class indices (``torch.long``), shape ``(N,)``, ``()`` or ``(N, d1, ...)``.
    weight : torch.Tensor, optional
        One weight per class, shape ``(C,)``.
    ignore_index : int
        A target value that is skipped.
    reduction : str
        ``"none"``, ``"mean"`` or ``"sum"``.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch: mapped to ``reduction`` with a warning.

    Warns
    -----
    DlnotesWarning
        When ``input`` has a value > 0, which no log-probability has: raw scores belong in
        :func:`cross_entropy`. PyTorch computes the formula anyway, and so does dlnotes.

    Examples
    --------
    >>> log_p = torch.tensor([[0.5, 0.5], [0.9, 0.1]]).log()
    >>> nll_loss(log_p, torch.tensor([0, 1]), reduction="none")
    tensor([0.6931, 2.3026])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input, hint="Pass log-probabilities, e.g. log_softmax(logits, dim=1).")
    target = _class_targets(input, target, ignore_index)
    _check_log_probs(
        "input",
        input,
        "Apply log_softmax(logits, dim=1) first, or pass the raw scores to cross_entropy, "
        "which does both steps.",
    )
    if input.dim() == 1:  # unbatched (C,) with a scalar target
        loss = nll_loss(input[None], target[None], weight, None, ignore_index, None, reduction)
        return loss.squeeze(0)
    weight = _class_weight(weight, input.shape[1], input.dtype)
    safe_target, w = _target_weights(target, weight, ignore_index, input.dtype)  # (N, d1, ...)
    picked = input.gather(1, safe_target.unsqueeze(1)).squeeze(1)  # x[i, y_i]: (N, d1, ...)
    loss = -w * picked
    if reduction == "mean":
        return _mean_over(loss.sum(), w.sum())
    return _reduce(loss, reduction)


def _mean_over(total: torch.Tensor, count: torch.Tensor) -> torch.Tensor:
    """``total / count``; NaN with a zero gradient (as PyTorch) when nothing is counted."""
    empty = count == 0
    return torch.where(empty, torch.nan, total / torch.where(empty, 1, count))


def _warn_probabilities(input: torch.Tensor, class_dim: int) -> None:
    """cross_entropy on softmax output: every score in [0, 1] and every row summing to 1."""
    if input.dim() < 2 or input.shape[class_dim] < 2 or not input.numel():
        return
    x = input.detach()
    # One pass settles it for logits, which nearly always include a negative score.
    if float(x.min()) < 0 or float(x.max()) > 1:
        return
    if float((x.sum(class_dim) - 1).abs().max()) < 1e-4:
        warn(
            "input of cross_entropy looks like probabilities: every value lies in [0, 1] and "
            f"every row sums to 1 (shape {tuple(input.shape)}). cross_entropy expects raw scores "
            "(logits) and applies log_softmax itself; a softmax before it squashes the scores "
            "twice: the loss can no longer approach 0, and training is slower. Remove the "
            "softmax from the model's forward (apply it "
            "only when you need probabilities, e.g. for predictions)."
        )


def _check_label_smoothing(label_smoothing: float) -> None:
    if label_smoothing > 1.0:
        raise ValueError(
            f"label_smoothing must be in [0, 1], got {label_smoothing!r} (PyTorch raises too)."
        )
    if label_smoothing < 0.0:
        warn(
            f"label_smoothing should be in [0, 1], got {label_smoothing!r}: a negative value "
            "sharpens the targets instead of smoothing them. (PyTorch computes it; so does "
            "dlnotes.)"
        )


def _along(weight: torch.Tensor, class_dim: int, dim: int) -> torch.Tensor:
    """Class weights ``(C,)`` shaped to broadcast along ``class_dim`` of a ``dim``-d tensor."""
    shape = [1] * dim
    shape[class_dim] = len(weight)
    return weight.view(shape)


def _check_probability_target(log_p: torch.Tensor, target: torch.Tensor, ignore_index: int) -> None:
    """A float target of :func:`cross_entropy` holds class probabilities: ``input``'s shape."""
    index_shape = (log_p.shape[0], *log_p.shape[2:]) if log_p.dim() >= 2 else ()
    if target.shape != log_p.shape and target.shape == index_shape:
        raise TypeError(
            f"target has the shape of class indices, {tuple(target.shape)}, but dtype "
            f"{target.dtype}: class indices must be integers. Use target.long(). (Float targets "
            f"are read as class probabilities and need input's shape, {tuple(log_p.shape)}.)"
        )
    _same_shape(
        "input",
        log_p,
        "target",
        target,
        "Probability targets have one column per class, like input; for class "
        "indices pass a torch.long tensor of shape (N,).",
    )
    if ignore_index != -100:
        raise ValueError(
            "ignore_index applies to class-index targets only, not to probability targets."
        )


def _smoothing_term(log_p, target, weight, ignore_index, reduction, class_dim):
    r""":math:`\sum_c -w_c \log p_{i,c}` of each sample not ignored, reduced as :func:`nll_loss`
    reduces (``mean`` divides by :math:`\sum_i w_{y_i}`)."""
    per_class = -log_p if weight is None else -log_p * _along(weight, class_dim, log_p.dim())
    _, w = _target_weights(target, weight, ignore_index, log_p.dtype)
    smooth = per_class.sum(dim=class_dim) * (target != ignore_index)  # (N, d1, ...)
    if reduction == "mean":
        return _mean_over(smooth.sum(), w.sum())
    return _reduce(smooth, reduction)


def cross_entropy(
    input: torch.Tensor,
    target: torch.Tensor,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> torch.Tensor:
    r"""Cross-entropy between raw class scores (logits) and targets.

    It applies :func:`~dlnotes.activations.log_softmax` itself, so ``input`` must be raw scores:
    a softmax before it squashes the scores and slows learning.

    **Class-index targets** (``torch.long``, shape ``(N, d1, ...)``): with smoothing
    :math:`\varepsilon` and :math:`C` classes,

    .. math::

        \ell_i = (1 - \varepsilon)\,\big(-w_{y_i} \log p_{i, y_i}\big)
                 + \frac{\varepsilon}{C} \sum_c \big(-w_c \log p_{i, c}\big)

    where ``mean`` divides both sums by :math:`\sum_i w_{y_i}` over samples not equal to
    ``ignore_index`` (exactly as :func:`nll_loss` does).

    **Class-probability targets** (float, same shape as ``input``): with
    :math:`\tilde t = (1 - \varepsilon)\, t + \varepsilon / C`,

    .. math:: \ell_i = -\sum_c w_c\, \tilde t_{i,c} \log p_{i,c}

    and ``mean`` divides by the number of samples (``ignore_index`` is not supported).

    Parameters
    ----------
    input : torch.Tensor
        Logits, shape ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : torch.Tensor
        Class indices or class probabilities (see above).
    weight : torch.Tensor, optional
        One weight per class, shape ``(C,)``.
    ignore_index : int
        A class-index target value that is skipped.
    reduction : str
        ``"none"``, ``"mean"`` or ``"sum"``.
    label_smoothing : float
        :math:`\varepsilon` in [0, 1]: how much probability to spread over all classes.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch: mapped to ``reduction`` with a warning.

    Warns
    -----
    DlnotesWarning
        When ``input`` looks like probabilities (every value in [0, 1], every row summing to 1):
        a softmax before ``cross_entropy`` squashes the scores twice; or when
        ``label_smoothing < 0``. PyTorch computes the loss anyway, and so does dlnotes.

    Examples
    --------
    The worked example: logits (0.2, 0.1, −0.1), true class 0.

    >>> z = torch.tensor([[0.2, 0.1, -0.1]])
    >>> cross_entropy(z, torch.tensor([0]))
    tensor(0.9729)
    >>> cross_entropy(z, torch.tensor([[1.0, 0.0, 0.0]]))  # the same, as probabilities
    tensor(0.9729)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input, hint="Pass raw scores (logits) as floats.")
    target = _tensor("target", target)
    _check_label_smoothing(label_smoothing)
    class_dim = 1 if input.dim() >= 2 else 0
    n_classes = input.shape[class_dim] if input.dim() else 0
    _warn_probabilities(input, class_dim)
    log_p = log_softmax(input, dim=class_dim)
    weight = _class_weight(weight, n_classes, input.dtype)
    if target.is_floating_point():  # class probabilities
        _check_probability_target(log_p, target, ignore_index)
        t = target * (1 - label_smoothing) + label_smoothing / n_classes
        per_class = -t * log_p
        if weight is not None:
            per_class = per_class * _along(weight, class_dim, input.dim())
        return _reduce(per_class.sum(dim=class_dim), reduction)
    nll = nll_loss(log_p, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    smooth = _smoothing_term(log_p, target, weight, ignore_index, reduction, class_dim)
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def kl_div(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> torch.Tensor:
    r"""Kullback–Leibler divergence :math:`D_{KL}(P \,\|\, Q)` of the model :math:`Q` from :math:`P`.

    ``input`` is :math:`\log Q` (log-probabilities); ``target`` is :math:`P`, or :math:`\log P`
    with ``log_target=True``:

    .. math:: \ell_i = p_i (\log p_i - \log q_i), \qquad 0 \log 0 = 0

    ``reduction="batchmean"`` (sum divided by the batch size) gives the true KL divergence per
    sample; ``"mean"`` divides by the number of *elements* as well, and PyTorch warns about it.

    Warns
    -----
    DlnotesWarning
        When ``input`` has a value > 0, which no log-probability has (probabilities passed
        instead of their log), or when ``input`` and ``target`` differ in shape (broadcast, as
        in PyTorch). PyTorch computes the formula anyway, and so does dlnotes.

    Examples
    --------
    >>> p = torch.tensor([[0.5, 0.5]])
    >>> q = torch.tensor([[0.9, 0.1]])
    >>> kl_div(q.log(), p, reduction="batchmean")  # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1)
    tensor(0.5108)
    >>> kl_div(p.log(), p, reduction="batchmean")  # identical distributions
    tensor(0.)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, (*_REDUCTIONS, "batchmean"))
    input, target = _pointwise(
        input, target, "input is log Q and target is P over the same support."
    )
    _check_log_probs(
        "input",
        input,
        "kl_div takes the model's log-probabilities: pass q.log() or "
        "log_softmax(logits, dim=1), not the probabilities themselves.",
    )
    if log_target:
        loss = torch.exp(target) * (target - input)
    else:
        loss = torch.xlogy(target, target) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.dim() else loss.sum()
    if reduction == "mean":
        warnings.warn(
            "kl_div with reduction='mean' divides by the number of elements, not of samples; "
            "use reduction='batchmean' for the KL divergence per sample.",
            UserWarning,
            stacklevel=2,
        )
    return _reduce(loss, reduction)


def _multiclass_scores(input: torch.Tensor) -> torch.Tensor:
    input = _float("input", input, hint="Pass raw scores as floats.")
    if input.dim() > 2:
        raise ValueError(
            f"input must have shape (N, C), (C,) or (), got {tuple(input.shape)}. Flatten extra "
            "dimensions into the batch first."
        )
    if input.shape[-1:] == (0,):
        raise ValueError(
            f"input has no classes (shape {tuple(input.shape)}); PyTorch raises too. Give at "
            "least one score per sample."
        )
    return input


def multi_margin_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    p: int = 1,
    margin: float = 1.0,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Multi-class hinge loss: the true class must beat every other class by ``margin``.

    .. math::

        \ell_i = \frac{1}{C} \sum_{j \ne y_i} w_{y_i}
                 \max\big(0,\ \text{margin} - x_{i, y_i} + x_{i, j}\big)^p , \qquad p \in \{1, 2\}

    Notes
    -----
    Speed: on small batches the handful of gather and masking operations cost more than the
    arithmetic: forward plus backward measured 6–7× slower than
    ``torch.nn.functional.multi_margin_loss`` at 64 samples, and on a par from about 10 000. See
    the Benchmarks page; for training, use ``torch.nn``'s version.

    .. rubric:: Differences from PyTorch

    - The ``mean`` over an empty batch (input ``(0, C)``) is NaN, like any mean over nothing in
      PyTorch; PyTorch's kernel for this loss returns an uninitialized value there.

    Examples
    --------
    >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> multi_margin_loss(x, torch.tensor([3]))  # (0.3 + 0.4 + 0.6) / 4
    tensor(0.3250)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError(f"p must be 1 or 2, got {p!r}.")
    input = _multiclass_scores(input)
    if input.dim() < 2:  # one sample: (C,) or a 0-d score, target () or (1,)
        target = _tensor("target", target)
        if target.numel() != 1:
            raise ValueError(
                f"target must hold one class index for input of shape {tuple(input.shape)}, "
                f"got shape {tuple(target.shape)}."
            )
        loss = multi_margin_loss(
            input.reshape(1, -1), target.reshape(1), p, margin, weight, reduction=reduction
        )
        return loss.reshape(target.shape) if reduction == "none" else loss
    target = _class_targets(input, target, ignore_index=-(2**62))
    n_classes = input.shape[1]
    weight = _class_weight(weight, n_classes, input.dtype)
    true_score = input.gather(1, target[:, None])  # (N, 1)
    hinge = (margin - true_score + input).clamp_min(0) ** p  # (N, C)
    if weight is not None:
        hinge = hinge * weight[target][:, None]
    not_true = torch.ones_like(hinge).scatter_(1, target[:, None], 0.0)  # drop j = y_i
    loss = (hinge * not_true).sum(dim=1) / n_classes  # (N,)
    return _reduce(loss, reduction)


def _warn_indicator_rows(target: torch.Tensor) -> None:
    """A class listed twice before the first -1 means a 0/1 matrix was passed as an index list."""
    for row, labels in enumerate(target.tolist()):
        listed = labels[: labels.index(-1)] if -1 in labels else labels
        if len(set(listed)) < len(listed):
            warn(
                f"target row {row} lists class {max(listed, key=listed.count)} more than once: "
                f"{labels}. multilabel_margin_loss wants the true class indices padded with -1 "
                "(e.g. [3, 0, -1, -1] for classes 3 and 0), which looks like a 0/1 matrix here. "
                "Convert with indicator.nonzero(), or keep the 0/1 matrix and use "
                "multilabel_soft_margin_loss. (PyTorch counts a repeated class each time it is "
                "listed; so does dlnotes.)"
            )
            return


def multilabel_margin_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Multi-label hinge loss: every true label must beat every other label by 1.

    ``target`` lists the true class indices of each sample, padded with −1 after the last one
    (everything after the first −1 is ignored). A 0-d input is one sample with one class.
    With :math:`Y_i` the true labels of sample *i*,

    .. math::

        \ell_i = \frac{1}{C} \sum_{j \in Y_i} \sum_{k \notin Y_i}
                 \max\big(0,\ 1 - (x_{i,j} - x_{i,k})\big)

    Warns
    -----
    DlnotesWarning
        When a row lists a class twice before its first −1: usually a 0/1 indicator matrix
        passed as an index list. PyTorch counts the class each time it is listed, and so
        does dlnotes.

    Notes
    -----
    Speed: on small batches the masking operations that build the label sets cost more than the
    arithmetic: forward plus backward measured 6–9× slower than
    ``torch.nn.functional.multilabel_margin_loss`` at 64 samples, 2–4× at larger sizes. See the
    Benchmarks page; for training, use ``torch.nn``'s version.

    .. rubric:: Differences from PyTorch

    - The ``mean`` over an empty batch (input ``(0, C)``) is NaN, like any mean over nothing in
      PyTorch; PyTorch's kernel for this loss returns an uninitialized value there.

    Examples
    --------
    >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> y = torch.tensor([[3, 0, -1, 1]])  # labels 3 and 0; the 1 after -1 is ignored
    >>> multilabel_margin_loss(x, y)
    tensor(0.8500)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _multiclass_scores(input)
    target = _tensor("target", target)
    if target.is_floating_point():
        raise TypeError(
            f"target must hold class indices padded with -1 (dtype torch.long), got dtype "
            f"{target.dtype}. For 0/1 label indicators use multilabel_soft_margin_loss."
        )
    _same_shape("input", input, "target", target, "Pad each row of labels with -1 to C entries.")
    if input.dim() < 2:  # one sample: (C,) or a 0-d score
        loss = multilabel_margin_loss(
            input.reshape(1, -1), target.reshape(1, -1), reduction=reduction
        )
        return loss.squeeze(0)
    n_classes = input.shape[1]
    if bool(((target < -1) | (target >= n_classes)).any()):
        raise ValueError(f"target values must lie in [-1, {n_classes - 1}] (-1 ends the list).")
    _warn_indicator_rows(target)
    # Labels before the first -1 count: cumulative product of "not -1" masks the tail.
    listed = torch.cumprod((target != -1).long(), dim=1).bool()  # (N, C) positions in the list
    counts = torch.zeros_like(target).scatter_add_(1, torch.where(listed, target, 0), listed.long())
    is_label = counts > 0  # (N, C): class is a true label
    x_true = input.unsqueeze(2)  # (N, C, 1): x_ij for j
    x_other = input.unsqueeze(1)  # (N, 1, C): x_ik for k
    hinge = (1 - (x_true - x_other)).clamp_min(0)  # (N, C_j, C_k)
    # j a label (counted as often as it is listed, as in PyTorch), k not a label
    pairs = counts.unsqueeze(2).to(input.dtype) * ~is_label.unsqueeze(1)
    loss = (hinge * pairs).sum(dim=(1, 2)) / n_classes
    return _reduce(loss, reduction)


def multilabel_soft_margin_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    weight: torch.Tensor | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Independent binary cross-entropies per label (0/1 indicators), averaged over classes.

    .. math::

        \ell_i = -\frac{1}{C} \sum_c w_c \left[ y_{ic} \log \sigma(x_{ic})
                 + (1 - y_{ic}) \log \sigma(-x_{ic}) \right]

    Integer 0/1 targets are accepted, as in PyTorch.

    Notes
    -----
    Speed: two log-sigmoids and a weighted sum are several element-wise passes where PyTorch
    makes fewer: forward plus backward measured 3–9× slower than
    ``torch.nn.functional.multilabel_soft_margin_loss`` (more at larger sizes). See the
    Benchmarks page; for training, use ``torch.nn``'s version.

    Examples
    --------
    >>> x = torch.tensor([[2.0, -1.0, 0.0]])
    >>> multilabel_soft_margin_loss(x, torch.tensor([[1.0, 0.0, 1.0]]))
    tensor(0.3778)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input)
    target = _tensor("target", target).to(input.dtype)  # 0/1 indicators, any dtype
    input, target = _broadcast(
        "input", input, "target", target, "Give one 0/1 indicator per class and sample."
    )
    # -log σ(x) = softplus(-x), -log σ(-x) = softplus(x)
    loss = target * _softplus(-input) + (1 - target) * _softplus(input)
    if weight is not None:
        loss = loss * _float("weight", weight)
    loss = loss.sum(dim=-1) / input.shape[-1]
    return _reduce(loss, reduction)


# -- ranking and embeddings ------------------------------------------------------------------


def _signs(name: str, target: torch.Tensor) -> torch.Tensor:
    """Labels ±1; other values are computed with as in PyTorch, with a warning."""
    target = _tensor(name, target)
    if bool(((target != 1) & (target != -1)).any()):
        warn(
            f"{name} should contain only 1 and -1, got values {target.unique()[:5].tolist()}. "
            "Map 0/1 labels with 2 * label - 1. (PyTorch computes the formula with any values, "
            "and so does dlnotes.)"
        )
    return target


def margin_ranking_loss(
    input1: torch.Tensor,
    input2: torch.Tensor,
    target: torch.Tensor,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Rank pairs: ``target = 1`` means ``input1`` should score higher, −1 means lower.

    .. math:: \ell_i = \max\big(0,\ -y_i (x_{1,i} - x_{2,i}) + \text{margin}\big)

    The three tensors must have the same number of dimensions and broadcast, as in PyTorch.

    Warns
    -----
    DlnotesWarning
        When ``target`` holds values other than 1 and −1 (0/1 labels, say). PyTorch computes
        the formula on any values, and so does dlnotes.

    Examples
    --------
    >>> margin_ranking_loss(torch.tensor([0.8, 0.3]), torch.tensor([0.5, 0.6]),
    ...                     torch.tensor([1.0, 1.0]), reduction="none")
    tensor([0.0000, 0.3000])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input1, input2 = _float("input1", input1), _float("input2", input2)
    target = _signs("target", target)
    if not input1.dim() == input2.dim() == target.dim():
        raise ValueError(
            f"input1, input2 and target must have the same number of dimensions (PyTorch raises "
            f"too), got shapes {tuple(input1.shape)}, {tuple(input2.shape)} and "
            f"{tuple(target.shape)}. Give one 1/-1 per pair."
        )
    input1, input2 = _broadcast("input1", input1, "input2", input2, "Compare pair by pair.")
    input1, target = _broadcast("input1", input1, "target", target, "Give one 1/-1 per pair.")
    input2 = input2.expand_as(input1)
    return _reduce((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def hinge_embedding_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    margin: float = 1.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""For distances ``input``: small when ``target = 1`` (similar), ≥ ``margin`` when −1.

    .. math::

        \ell_i = \begin{cases}
            x_i & y_i = 1 \\
            \max(0,\ \text{margin} - x_i) & y_i = -1
        \end{cases}

    A target that is neither adds both terms (its ``!= 1`` and ``!= -1`` parts), as PyTorch
    does; ``target`` broadcasts against ``input``.

    Warns
    -----
    DlnotesWarning
        When ``target`` holds values other than 1 and −1 (0/1 labels, say). PyTorch computes
        the formula on any values, and so does dlnotes.

    Examples
    --------
    >>> d = torch.tensor([0.2, 0.2, 1.5])
    >>> hinge_embedding_loss(d, torch.tensor([1.0, -1.0, -1.0]), reduction="none")
    tensor([0.2000, 0.8000, 0.0000])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input)
    target = _signs("target", target)
    input, target = _broadcast("input", input, "target", target, "Give one 1/-1 per distance.")
    zeros = torch.zeros_like(input)
    loss = torch.where(target != -1, input, zeros) + torch.where(
        target != 1, (margin - input).clamp_min(0), zeros
    )
    return _reduce(loss, reduction)


def soft_margin_loss(
    input: torch.Tensor,
    target: torch.Tensor,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Logistic loss for labels ±1: a smooth version of the hinge.

    .. math:: \ell_i = \log\big(1 + e^{-y_i x_i}\big)

    Computed as :math:`\operatorname{softplus}(-y_i x_i)`, which stays finite for any score.
    Integer ±1 targets are accepted, and ``target`` broadcasts to ``input``'s shape, as in
    PyTorch.

    Notes
    -----
    Speed: a log-sigmoid and its reduction are several element-wise passes where PyTorch's fused
    kernel makes one: forward plus backward measured 3–11× slower than
    ``torch.nn.functional.soft_margin_loss`` (more at larger sizes). See the Benchmarks page;
    for training, use ``torch.nn``'s version.

    .. rubric:: Differences from PyTorch

    - **Large margins stay finite.** PyTorch evaluates :math:`\log(1 + e^{-y x})` directly and
      returns ``inf`` once :math:`-y x` passes about 88 in float32 (710 in float64); dlnotes
      returns the exact value, :math:`\approx -y x`, and its gradient.

    Examples
    --------
    >>> soft_margin_loss(torch.tensor([0.0, 2.0]), torch.tensor([1.0, -1.0]), reduction="none")
    tensor([0.6931, 2.1269])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input = _float("input", input)
    target = _tensor("target", target).to(input.dtype)  # ±1 labels, any dtype
    try:
        fits = torch.broadcast_shapes(input.shape, target.shape) == input.shape
    except RuntimeError:
        fits = False
    if not fits:  # target must broadcast to input's shape; PyTorch raises too
        _same_shape("input", input, "target", target, "Give one ±1 label per score.")
    input, target = _broadcast("input", input, "target", target, "Give one ±1 label per score.")
    return _reduce(_softplus(-target * input), reduction)


def cosine_embedding_loss(
    input1: torch.Tensor,
    input2: torch.Tensor,
    target: torch.Tensor,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""Pull pairs of embeddings together (``target = 1``) or apart (−1) by cosine similarity.

    .. math::

        \ell_i = \begin{cases}
            1 - \cos(a_i, b_i) & y_i = 1 \\
            \max(0,\ \cos(a_i, b_i) - \text{margin}) & y_i = -1
        \end{cases}
        \qquad
        \cos(a, b) = \frac{a \cdot b}{\sqrt{(\|a\|^2 + \epsilon)(\|b\|^2 + \epsilon)}}

    with :math:`\epsilon = 10^{-12}` as in PyTorch. ``margin`` lies in [−1, 1]; 0 to 0.5 is usual.

    Warns
    -----
    DlnotesWarning
        When ``target`` holds values other than 1 and −1 (they add nothing, as in PyTorch),
        ``margin`` lies outside [−1, 1], where it is no cosine (PyTorch accepts it too), or
        ``input1`` and ``input2`` differ in shape (they broadcast, as in PyTorch).

    Examples
    --------
    >>> a = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    >>> b = torch.tensor([[1.0, 1.0], [1.0, 1.0]])  # 45° apart: cos = 0.7071
    >>> cosine_embedding_loss(a, b, torch.tensor([1, -1]), margin=0.5, reduction="none")
    tensor([0.2929, 0.2071])
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input1, input2 = _float("input1", input1), _float("input2", input2)
    input1, input2 = _broadcast(
        "input1", input1, "input2", input2, "Pair each embedding with one of the same size."
    )
    if input1.dim() not in (1, 2):
        raise ValueError(f"inputs must be (N, D) or (D,), got {tuple(input1.shape)}.")
    if not -1 <= margin <= 1:
        warn(f"margin should lie in [-1, 1] (it is a cosine), got {margin!r}.")
    target = _signs("target", target)
    eps = 1e-12
    dot = (input1 * input2).sum(dim=-1)
    cos = dot / torch.sqrt(((input1**2).sum(-1) + eps) * ((input2**2).sum(-1) + eps))
    zeros = torch.zeros_like(cos)
    loss = torch.where(target == 1, 1 - cos, zeros) + torch.where(
        target == -1, (cos - margin).clamp_min(0), zeros
    )
    return _reduce(loss, reduction)


def _pairwise_distance(a: torch.Tensor, b: torch.Tensor, p: float, eps: float) -> torch.Tensor:
    """:math:`\\|a - b + \\epsilon\\|_p` over the last dimension, as ``F.pairwise_distance``."""
    diff = a - b + eps
    if p == 0:  # the "0-norm": how many components differ
        return (diff != 0).sum(dim=-1).to(diff.dtype)
    return (diff.abs() ** p).sum(dim=-1) ** (1 / p)


def triplet_margin_loss(
    anchor: torch.Tensor,
    positive: torch.Tensor,
    negative: torch.Tensor,
    margin: float = 1.0,
    p: float = 2.0,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""The anchor must be closer to the positive than to the negative, by at least ``margin``.

    .. math::

        \ell_i = \max\big(0,\ d(a_i, p_i) - d(a_i, n_i) + \text{margin}\big),
        \qquad d(u, v) = \|u - v + \epsilon\|_p

    With ``swap=True`` the negative distance is :math:`\min(d(a, n), d(p, n))`: the harder of the
    two (Balntas et al., 2016). ``margin`` must be > 0, as in PyTorch; the three tensors must
    have the same number of dimensions and broadcast against each other (with a warning when
    their shapes differ).

    Warns
    -----
    DlnotesWarning
        When ``p ≤ 0``, which is no norm (PyTorch computes it; ``p = 0`` counts the components
        that differ).

    Examples
    --------
    >>> a, pos, neg = torch.tensor([[0.0, 0.0]]), torch.tensor([[1.0, 0.0]]), torch.tensor([[0.0, 1.5]])
    >>> triplet_margin_loss(a, pos, neg, eps=0.0)  # 1 - 1.5 + 1
    tensor(0.5000)
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(
            f"margin must be > 0 (PyTorch raises too), got {margin!r}: it is how much closer the "
            "positive must be than the negative. Try margin=1.0."
        )
    anchor = _float("anchor", anchor)
    positive = _float("positive", positive)
    negative = _float("negative", negative)
    if not anchor.dim() == positive.dim() == negative.dim():
        raise ValueError(
            f"anchor, positive and negative must have the same number of dimensions (PyTorch "
            f"raises too), got shapes {tuple(anchor.shape)}, {tuple(positive.shape)} and "
            f"{tuple(negative.shape)}. Give one embedding per triplet in each."
        )
    fix = "Embeddings must share one size."
    anchor, positive = _broadcast("anchor", anchor, "positive", positive, fix)
    anchor, negative = _broadcast("anchor", anchor, "negative", negative, fix)
    positive = positive.expand_as(anchor)
    if p <= 0:
        warn(f"p should be > 0 (the norm's order), got {p!r}; PyTorch accepts it, as does dlnotes.")
    d_pos = _pairwise_distance(anchor, positive, p, eps)
    d_neg = _pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = torch.minimum(d_neg, _pairwise_distance(positive, negative, p, eps))
    return _reduce((d_pos - d_neg + margin).clamp_min(0), reduction)


# -- sequences: CTC --------------------------------------------------------------------------


def _logsumexp(x: torch.Tensor, dim: int) -> torch.Tensor:
    """log Σ exp(x) along ``dim``, returning -inf (with zero, not NaN, gradient) when every
    term is -inf — the case of an impossible alignment in CTC."""
    m = x.amax(dim=dim, keepdim=True).detach()
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    total = torch.exp(x - m).sum(dim=dim, keepdim=True)
    positive = total > 0
    out = torch.where(positive, m + torch.log(torch.where(positive, total, 1)), float("-inf"))
    return out.squeeze(dim)


def _lengths(name: str, value: object, batch: int) -> torch.Tensor:
    lengths = torch.as_tensor(value)
    if lengths.is_floating_point() or lengths.dim() != 1 or lengths.numel() != batch:
        raise ValueError(
            f"{name} must hold {batch} integer lengths (one per sequence), got {describe(value)}."
        )
    if bool((lengths < 0).any()):
        raise ValueError(f"{name} must be ≥ 0, got {lengths.tolist()}.")
    return lengths.long()


def _ctc_check_lengths(
    n_frames: int, input_lengths: torch.Tensor, target_lengths: torch.Tensor
) -> None:
    if bool((input_lengths > n_frames).any()):
        raise ValueError(
            f"input_lengths {input_lengths.tolist()} exceed the {n_frames} frames of log_probs."
        )
    too_long = target_lengths > input_lengths
    if bool(too_long.any()):
        i = int(too_long.nonzero()[0])
        raise ValueError(
            f"sequence {i} has a target of {int(target_lengths[i])} labels but only "
            f"{int(input_lengths[i])} frames: CTC emits at most one label per frame, so targets "
            "can be no longer than inputs. Use more frames (less downsampling) or shorter targets."
        )


def _ctc_padded_targets(
    targets: torch.Tensor, target_lengths: torch.Tensor, n_classes: int, blank: int
) -> torch.Tensor:
    """Targets as ``(N, S)`` label indices, S = max(target_lengths), from either layout."""
    batch = len(target_lengths)
    if targets.is_floating_point():
        raise TypeError(f"targets must hold label indices (torch.long), got {targets.dtype}.")
    max_len = int(target_lengths.max()) if batch else 0
    if targets.dim() == 1:  # concatenated
        if targets.numel() != int(target_lengths.sum()):
            raise ValueError(
                f"concatenated targets hold {targets.numel()} labels but target_lengths sum to "
                f"{int(target_lengths.sum())}."
            )
        padded = torch.full((batch, max_len), blank, dtype=torch.long, device=targets.device)
        for i, chunk in enumerate(torch.split(targets, target_lengths.tolist())):
            padded[i, : len(chunk)] = chunk
    elif targets.dim() == 2 and targets.shape[0] == batch and targets.shape[1] >= max_len:
        padded = targets[:, :max_len].long()
    else:
        raise ValueError(
            f"targets must be (N, S) padded with S ≥ max(target_lengths) = {max_len}, or 1-D "
            f"concatenated, got shape {tuple(targets.shape)} for N = {batch}."
        )
    in_target = torch.arange(max_len, device=padded.device) < target_lengths[:, None]
    _ctc_check_labels(padded[in_target], n_classes, blank)
    return torch.where(in_target, padded, blank)  # padding beyond a target's length is unused


def _ctc_check_labels(labels: torch.Tensor, n_classes: int, blank: int) -> None:
    if labels.numel() and bool(((labels < 0) | (labels >= n_classes) | (labels == blank)).any()):
        raise ValueError(
            f"target labels must lie in [0, {n_classes - 1}] and differ from blank={blank}; "
            f"got {sorted(set(labels.tolist()))[:10]}. The blank only appears in alignments, "
            f"never in targets: number the labels from {1 if blank == 0 else 0} and keep "
            f"index {blank} for the blank (or pass blank= an index no label uses)."
        )


def _ctc_inputs(log_probs, targets, input_lengths, target_lengths, blank):
    """Check the arguments; return (T, N, C) log-probs, (N, S) targets and (N,) lengths."""
    log_probs = _float("log_probs", log_probs, hint="Pass log_softmax(logits, dim=-1).")
    _check_log_probs(
        "log_probs",
        log_probs,
        "ctc_loss expects log_softmax(logits, dim=-1) over the classes (rows that sum to 1 "
        "after exp), not probabilities or raw scores.",
    )
    targets = _tensor("targets", targets)
    if log_probs.dim() == 2:  # unbatched: (T, C), targets (S,), lengths are scalars
        log_probs, targets = log_probs[:, None], targets.reshape(1, -1)
        input_lengths = torch.as_tensor(input_lengths).reshape(1)
        target_lengths = torch.as_tensor(target_lengths).reshape(1)
    if log_probs.dim() != 3:
        raise ValueError(
            f"log_probs must have shape (T, N, C) — time first — got {tuple(log_probs.shape)}. "
            "If yours is (N, T, C), use log_probs.transpose(0, 1)."
        )
    n_frames, batch, n_classes = log_probs.shape
    if not 0 <= blank < n_classes:
        raise ValueError(f"blank must be a class index in [0, {n_classes - 1}], got {blank}.")
    input_lengths = _lengths("input_lengths", input_lengths, batch)
    target_lengths = _lengths("target_lengths", target_lengths, batch)
    _ctc_check_lengths(n_frames, input_lengths, target_lengths)
    padded = _ctc_padded_targets(targets, target_lengths, n_classes, blank)
    return log_probs, padded, input_lengths, target_lengths


def _ctc_alpha(emit: torch.Tensor, can_skip: torch.Tensor) -> torch.Tensor:
    r"""The forward recursion: log α_t(s) for every frame t and position s of y', (T, N, 2S+1).

    The trellis for y = "ab", y' = (-, a, -, b, -), in T = 4 frames (the nodes that lie on
    some complete alignment; the loop computes every node, and the others never reach the end):

                 t=0  t=1  t=2  t=3
        s=0  -    ●────●                      start in row 0 (blank) or row 1 (first label)
        s=1  a    ●────●────●
        s=2  -         ●────●
        s=3  b         ●────●────●            end in row 3 (last label) or row 4 (final blank)
        s=4  -              ●────●

    Each node adds three arrows from the column before: from the same row (stay: repeat the
    symbol), from the row above (step), and, for a label row, from two rows above when that
    label differs (skip the blank: a → b). ``a a`` may not skip: the blank between them is the
    only way to say "two a's".
    """
    n_frames, batch, n_ext = emit.shape
    pad = emit.new_full((batch, 2), float("-inf"))
    alpha = torch.where(torch.arange(n_ext, device=emit.device) < 2, emit[0], float("-inf"))
    alphas = [alpha]
    for t in range(1, n_frames):
        step = torch.cat([pad[:, :1], alpha[:, :-1]], dim=1)  # α_{t-1}(s-1)
        skip = torch.cat([pad, alpha[:, :-2]], dim=1)[:, :n_ext]  # α_{t-1}(s-2)
        skip = torch.where(can_skip, skip, float("-inf"))
        alpha = _logsumexp(torch.stack([alpha, step, skip]), dim=0) + emit[t]  # stay/step/skip
        alphas.append(alpha)
    return torch.stack(alphas)


def _ctc_extended(padded: torch.Tensor, blank: int) -> tuple[torch.Tensor, torch.Tensor]:
    """y' = (blank, y1, blank, ..., yS, blank), (N, 2S+1), and where s-2 → s is allowed."""
    batch, max_len = padded.shape
    ext = torch.full((batch, 2 * max_len + 1), blank, dtype=torch.long, device=padded.device)
    ext[:, 1::2] = padded
    can_skip = torch.zeros_like(ext, dtype=torch.bool)
    can_skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    return ext, can_skip


class _NanGradient(torch.autograd.Function):
    """Adds 0 to the loss; its gradient is NaN on ``mask`` frames of ``log_probs`` (as PyTorch's
    is for an infinite loss) and 0 elsewhere."""

    @staticmethod
    def forward(ctx, log_probs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(mask)
        ctx.shape = log_probs.shape
        return log_probs.new_zeros(log_probs.shape[1])

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
        (mask,) = ctx.saved_tensors  # (T, N)
        nan = torch.where(mask[..., None], torch.nan, 0.0).to(grad.dtype)
        return nan.expand(ctx.shape), None


def _ctc_end(
    alpha: torch.Tensor, input_lengths: torch.Tensor, target_lengths: torch.Tensor
) -> torch.Tensor:
    """-log(α_T(2S) + α_T(2S-1)) for each sequence, at its own last frame T and length S."""
    batch = alpha.shape[1]
    final = alpha[(input_lengths - 1).clamp_min(0), torch.arange(batch)]  # (N, 2S+1)
    last = (2 * target_lengths)[:, None]  # the final blank of this sequence's y'
    ends = torch.cat([final.gather(1, last), final.gather(1, (last - 1).clamp_min(0))], dim=1)
    ends[:, 1] = torch.where(target_lengths > 0, ends[:, 1], float("-inf"))  # S = 0: blank only
    loss = -_logsumexp(ends, dim=1)
    # No frames: probability 1 for the empty target, 0 for any other.
    empty = torch.where(target_lengths > 0, float("inf"), 0.0).to(loss.dtype)
    return torch.where(input_lengths > 0, loss, empty)


def ctc_loss(
    log_probs: torch.Tensor,
    targets: torch.Tensor,
    input_lengths: torch.Tensor | Sequence[int],
    target_lengths: torch.Tensor | Sequence[int],
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
) -> torch.Tensor:
    r"""Connectionist Temporal Classification: the probability of a label sequence summed over
    every frame-by-frame alignment that collapses to it.

    An alignment assigns one symbol (a label or the ``blank``) to each of the :math:`T` frames;
    collapsing merges repeats and then drops blanks (``a a - b`` → ``ab``, ``a - a`` → ``aa``). The
    loss is :math:`-\log \sum_{\pi \to y} \prod_t p_t(\pi_t)`. The sum over exponentially many
    alignments is computed by the forward recursion over the extended label sequence
    :math:`y' = (\text{blank}, y_1, \text{blank}, y_2, \ldots, y_S, \text{blank})`:

    .. math::

        \alpha_t(s) = p_t(y'_s) \big[\alpha_{t-1}(s) + \alpha_{t-1}(s-1)
                      + [y'_s \ne \text{blank} \wedge y'_s \ne y'_{s-2}]\ \alpha_{t-1}(s-2)\big]

    carried out in log space, and :math:`\text{loss} = -\log(\alpha_T(2S) + \alpha_T(2S+1))`
    (the last label or the final blank); positions beyond a shorter target's own :math:`y'` never
    feed back into it, so no masking is needed. A target that no alignment can produce (e.g. ``aa`` in
    two frames: the repeat needs a blank between) has loss ``inf`` and a NaN gradient on its
    frames, as in PyTorch; ``zero_infinity=True`` turns such losses, and their gradients, into 0.

    Parameters
    ----------
    log_probs : torch.Tensor
        Log-probabilities per frame, shape ``(T, N, C)`` (or ``(T, C)`` unbatched).
    targets : torch.Tensor
        Label indices, padded ``(N, S)``, or all targets concatenated into one 1-D tensor.
    input_lengths, target_lengths : torch.Tensor or sequence of int
        Frames and labels per sequence, ``(N,)`` each.
    blank : int
        Index of the blank symbol.
    reduction : str
        ``"none"``; ``"sum"``; or ``"mean"``: each loss divided by its target length, then averaged.
    zero_infinity : bool
        Replace infinite losses and their gradients by zero.

    Warns
    -----
    DlnotesWarning
        When ``log_probs`` has a value > 0, which no log-probability has (PyTorch computes the
        loss anyway, and so does dlnotes).

    Notes
    -----
    Speed: the forward recursion is a Python loop over the frames, a few tensor operations per
    frame, and autograd differentiates through it: forward plus backward measured 2–60× slower
    than ``torch.nn.functional.ctc_loss`` (the most on one short sequence, where per-step
    overhead dominates). 16 sequences of 50 frames take 10–20 ms. See the Benchmarks page; for
    training, use ``torch.nn``'s version.

    .. rubric:: Differences from PyTorch

    - **The gradient.** dlnotes returns the true gradient with respect to ``log_probs`` (it passes
      ``torch.autograd.gradcheck``). PyTorch's backward returns the gradient with respect to the
      logits :math:`z` behind ``log_probs = log_softmax(z)`` (PyTorch issue 52241): dlnotes'
      gradient plus :math:`e^{\text{log\_probs}[t, n, c]}\, g_n` on every frame
      :math:`t <` ``input_lengths[n]``, where :math:`g_n` is the gradient arriving at sequence
      *n*'s loss (0 for a loss that ``zero_infinity`` zeroed). After a ``log_softmax`` in the
      model the two give the same gradient for the logits, since that term sums to :math:`g_n`
      over the classes and ``log_softmax``'s backward removes exactly that.
    - **A target longer than its input** raises a ``ValueError`` (no alignment exists, and it is
      usually a downsampling mistake); PyTorch returns ``inf`` (0 with ``zero_infinity``).

    Examples
    --------
    Two frames, two classes (blank = 0, "a" = 1), uniform probabilities; target "a". Three of the
    four alignments collapse to "a" (``a-``, ``-a``, ``aa``), each of probability 1/4:

    >>> log_probs = torch.full((2, 1, 2), 0.5).log()
    >>> loss = ctc_loss(log_probs, torch.tensor([[1]]), [2], [1], reduction="sum")
    >>> torch.exp(-loss)
    tensor(0.7500)
    """
    _check_reduction(reduction)
    unbatched = _tensor("log_probs", log_probs).dim() == 2
    log_probs, padded, input_lengths, target_lengths = _ctc_inputs(
        log_probs, targets, input_lengths, target_lengths, blank
    )
    ext, can_skip = _ctc_extended(padded, blank)
    emit = log_probs.gather(2, ext.unsqueeze(0).expand(log_probs.shape[0], -1, -1))  # p_t(y'_s)
    alpha = _ctc_alpha(emit, can_skip)  # (T, N, 2S+1)
    loss = _ctc_end(alpha, input_lengths, target_lengths)  # (N,)
    if zero_infinity:
        loss = torch.where(torch.isinf(loss), torch.zeros_like(loss), loss)
    elif log_probs.requires_grad and bool(torch.isinf(loss).any()):
        frames = torch.arange(log_probs.shape[0], device=loss.device)[:, None] < input_lengths
        loss = loss + _NanGradient.apply(log_probs, frames & torch.isinf(loss))
    if reduction == "mean":
        return (loss / target_lengths.clamp_min(1).to(loss.dtype)).mean()
    if reduction == "none" and unbatched:
        return loss.squeeze(0)
    return _reduce(loss, reduction)
