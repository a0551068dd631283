r"""
Regression losses: how hard each one pulls on a bad point
=========================================================

A regression loss turns the error :math:`e = \hat y - y` of each prediction into a penalty. Its
shape decides what the model cares about: the mean squared error punishes large errors
quadratically, so a single outlier can drag the whole fit; the L1 loss grows only linearly and
is dragged much less; Smooth L1 and Huber sit in between. For counts, the Poisson negative
log-likelihood is the natural choice.

The page uses the loss classes of ``torch.nn`` — what you write in your own code — and ends with
the :mod:`dlnotes.losses` functions written from the formulas, checked against them. You will be
able to:

* write the formula of ``nn.L1Loss``, ``nn.MSELoss``, ``nn.SmoothL1Loss``, ``nn.HuberLoss`` and
  ``nn.PoissonNLLLoss``, and choose between them;
* predict how an outlier moves a fitted line under each;
* use the three ``reduction`` modes, and read old code that still passes ``size_average=`` or
  ``reduce=``.
"""

# %%
# Each loss as a function of the error
# ------------------------------------
# .. math::
#
#     \text{L1: } |e| \qquad \text{MSE: } e^2 \qquad
#     \text{Smooth L1}_\beta: \begin{cases} 0.5\,e^2/\beta & |e| < \beta \\ |e| - 0.5\,\beta & \text{else} \end{cases}
#     \qquad
#     \text{Huber}_\delta: \begin{cases} 0.5\,e^2 & |e| < \delta \\ \delta(|e| - 0.5\,\delta) & \text{else} \end{cases}
#
# A loss is a module: build it once with its options, then call it on (prediction, target).
# ``reduction="none"`` returns one value per element, which is what a plot needs. The right panel
# is the derivative — how hard the loss pulls a prediction towards its target. For MSE the pull
# grows without limit; for L1 it is constant; Smooth L1 is capped at 1 beyond ``beta``, Huber at
# ``delta`` beyond ``delta``.
import matplotlib.pyplot as plt
import torch
from torch import nn

BETA, DELTA = 0.5, 1.5
loss_modules = {
    "L1": nn.L1Loss(reduction="none"),
    "MSE": nn.MSELoss(reduction="none"),
    f"Smooth L1 (β = {BETA})": nn.SmoothL1Loss(beta=BETA, reduction="none"),
    f"Huber (δ = {DELTA})": nn.HuberLoss(delta=DELTA, reduction="none"),
}
styles = ["-", "-", "--", ":"]
error = torch.linspace(-3, 3, 601, requires_grad=True)
zero = torch.zeros(601)
fig, (ax_loss, ax_grad) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
for (name, loss_fn), style in zip(
    loss_modules.items(), styles, strict=True
):
    value = loss_fn(error, zero)  # (601,): one loss per error
    (grad,) = torch.autograd.grad(value.sum(), error)
    ax_loss.plot(
        error.detach(), value.detach(), style, linewidth=2, label=name
    )
    ax_grad.plot(error.detach(), grad, style, linewidth=2, label=name)
ax_loss.set(
    xlabel="error ŷ − y", ylabel="loss", title="penalty", ylim=(0, 4)
)
ax_grad.set(
    xlabel="error ŷ − y",
    ylabel="d loss / d ŷ",
    title="pull towards the target",
)
ax_loss.legend()
plt.show()

# %%
# Smooth L1 and Huber have the same shape: :math:`\text{Smooth L1}_\beta =
# \text{Huber}_{\delta=\beta} / \beta`. With :math:`\beta = \delta = 1` (both defaults) they are the
# same function, so the two curves would lie on top of each other; that is why the figure above
# gives them quadratic zones of different widths (``BETA`` and ``DELTA``). Checked on a few errors:
e = torch.tensor([-4.0, -0.5, 0.2, 3.0])
for beta in (0.5, 1.0, 2.0):
    smooth = nn.SmoothL1Loss(beta=beta, reduction="none")(e, torch.zeros(4))
    huber = nn.HuberLoss(delta=beta, reduction="none")(e, torch.zeros(4))
    print(
        f"β = δ = {beta}: "
        f"Smooth L1 {[round(v, 4) for v in smooth.tolist()]}\n"
        f"{'':>13}= Huber / δ "
        f"{[round(v, 4) for v in (huber / beta).tolist()]}"
    )
    torch.testing.assert_close(smooth, huber / beta)

# %%
# One outlier, four fitted lines
# ------------------------------
# Thirty points on :math:`y = 1 + 2x` with a little noise, and one measurement gone wrong
# (:math:`y` off by +12). We fit the line under each loss by gradient descent (Adam, 1 000 steps)
# and compare the slopes with the line fitted by MSE without the outlier.
g = torch.Generator().manual_seed(0)
x = torch.rand(30, generator=g) * 2
y = 1 + 2 * x + 0.1 * torch.randn(30, generator=g)
y_bad = y.clone()
# the rightmost point: the most leverage on the slope
i_out = torch.argmax(x)
y_bad[i_out] += 12.0
STEPS = 1000


def fit_line(loss_fn, targets, steps=STEPS):
    params = torch.zeros(2, requires_grad=True)  # (b, w)
    optimizer = torch.optim.Adam([params], lr=0.04)
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(params[0] + params[1] * x, targets).backward()
        optimizer.step()
    return params.detach()


fit_losses = {
    "L1": nn.L1Loss(),
    "MSE": nn.MSELoss(),
    f"Smooth L1 (β = {BETA})": nn.SmoothL1Loss(beta=BETA),
    f"Huber (δ = {DELTA})": nn.HuberLoss(delta=DELTA),
}
clean = fit_line(nn.MSELoss(), y)
fits = {
    name: fit_line(loss_fn, y_bad) for name, loss_fn in fit_losses.items()
}

fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
ax.scatter(
    x, y_bad, s=15, color="black", zorder=3, label="data (one outlier)"
)
grid = torch.linspace(0, 2, 2)
ax.plot(
    grid,
    clean[0] + clean[1] * grid,
    color="grey",
    linewidth=4,
    alpha=0.4,
    label="MSE fit without the outlier",
)
for (name, (b, w)), style in zip(fits.items(), styles, strict=True):
    ax.plot(grid, b + w * grid, style, label=f"{name}: slope {w:.2f}")
ax.set(xlabel="x", ylabel="y", title="how far the outlier drags each fit")
ax.legend(fontsize="small")
plt.show()

print(
    f"outlier at x = {x[i_out]:.2f}: "
    f"y off by {y_bad[i_out] - y[i_out]:+.0f}"
)
print(
    f"{STEPS} Adam steps per fit; slope without the outlier: {clean[1]:.3f}"
)
for name, (_, w) in fits.items():
    print(f"{name:>18}: slope {w:.3f}  (pulled by {w - clean[1]:+.3f})")
pull = {name: abs(w - clean[1]).item() for name, (_, w) in fits.items()}
assert pull["MSE"] > 5 * max(pull[name] for name in pull if name != "MSE")

# %%
# The outlier's residual is far beyond ``beta`` and ``delta``, so Smooth L1 and Huber pull on it
# only with their capped force, like L1, and the three robust fits stay close to the clean line;
# MSE's pull grows with the residual and tilts the line.
#
# Poisson negative log-likelihood, for counts
# -------------------------------------------
# When targets are counts (visitors per hour, photons per pixel), a Poisson model with rate
# :math:`\lambda` describes them better than a squared error does: counts are non-negative
# integers whose spread grows with their mean (a Poisson variance equals its mean). Dropping the constant :math:`\log(y!)`, the
# negative log-likelihood is :math:`\lambda - y\log\lambda`. ``nn.PoissonNLLLoss`` lets the model
# output
#
# * :math:`\log\lambda` (``log_input=True``, the default): loss :math:`e^{x} - y\,x`; any real
#   output is a valid rate;
# * :math:`\lambda` itself (``log_input=False``): loss :math:`x - y\log(x + \epsilon)`; the output
#   must stay non-negative, and ``eps`` (default :math:`10^{-8}`) keeps :math:`\log 0` finite.
#
# Here counts are drawn with rate :math:`e^{0.5 + 0.8x}`, and a log-linear model recovers both
# coefficients:
xc = torch.linspace(-2, 2, 400)
counts = torch.poisson(torch.exp(0.5 + 0.8 * xc), generator=g)
poisson = nn.PoissonNLLLoss(log_input=True)
coef = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.Adam([coef], lr=0.05)
for _ in range(800):
    optimizer.zero_grad()
    poisson(coef[0] + coef[1] * xc, counts).backward()
    optimizer.step()
print(
    f"recovered log-rate: {coef[0]:.3f} + "
    f"{coef[1]:.3f}·x   (true 0.5 + 0.8·x)"
)
assert abs(coef[0] - 0.5) < 0.1 and abs(coef[1] - 0.8) < 0.1

log_rate = (coef[0] + coef[1] * xc).detach()
as_log = poisson(log_rate, counts)
as_rate = nn.PoissonNLLLoss(log_input=False)(log_rate.exp(), counts)
print(
    f"log_input=True on log λ: {as_log:.6f}; "
    f"log_input=False on λ: {as_rate:.6f}"
)
torch.testing.assert_close(as_log, as_rate, atol=1e-5, rtol=0)

# %%
# ``eps`` is used only with ``log_input=False``, inside :math:`\log(\lambda + \epsilon)`: on
# log-rates, two values of ``eps`` give the same loss, bit for bit (the last line below). With
# rates, it decides the loss where a predicted rate is exactly 0. Without it
# :math:`\log 0 = -\infty`: the loss is infinite for a non-zero count, and NaN
# (:math:`0 \cdot (-\infty)`) for a zero count — the source notes mention only the NaN. With it
# the loss is finite but large, :math:`-y\log\epsilon`, and it depends on the ``eps`` you chose:
rate0, count2 = torch.tensor([0.0]), torch.tensor([2.0])
# λ − y·log λ at λ = 0
by_hand = {y: rate0 - y * rate0.log() for y in (2.0, 0.0)}
for y_count, value in by_hand.items():
    print(
        f"by hand, λ − y·log λ at λ = 0 and y = {y_count:g}: {value.item()}"
    )
assert by_hand[2.0].isinf() and by_hand[0.0].isnan()
for eps in (1e-8, 1e-3):
    value = nn.PoissonNLLLoss(log_input=False, eps=eps)(rate0, count2)
    print(f"PoissonNLLLoss(log_input=False, eps={eps:g}): {value:.4f}")
    torch.testing.assert_close(
        value, -count2[0] * torch.log(torch.tensor(eps))
    )
same = [
    nn.PoissonNLLLoss(eps=eps)(log_rate, counts) for eps in (1e-8, 1e-3)
]
# eps is not used on log-rates: the same computation, the same bits
torch.testing.assert_close(same[0], same[1], rtol=0, atol=0)
print(
    "PoissonNLLLoss(log_input=True), eps=1e-08 and eps=0.001: "
    f"bit-identical losses {torch.equal(same[0], same[1])}"
)

# %%
# ``full=True`` adds Stirling's approximation of :math:`\log(y!)`,
# :math:`y\log y - y + \tfrac12\log(2\pi y)` for counts above 1. The term does not depend on the
# model: it changes the value (making it, up to that approximation, the full negative
# log-likelihood) but not the gradient.
values, grads = [], []
for full in (False, True):
    x_req = log_rate.clone().requires_grad_()
    value = nn.PoissonNLLLoss(full=full)(x_req, counts)
    (grad,) = torch.autograd.grad(value, x_req)
    values.append(value)
    grads.append(grad)
    print(f"full={full}: loss {value:.6f}")
torch.testing.assert_close(grads[0], grads[1])
print("gradients equal:", torch.equal(grads[0], grads[1]))

# %%
# The three reductions
# --------------------
# Every loss computes one value per element; ``reduction`` says what to return: ``"none"`` (all of
# them), ``"sum"`` or ``"mean"`` (the default). The mean keeps the loss — and the size of the
# gradient — independent of the batch size; the sum grows with it.
pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
by_reduction = {}
for reduction in ("none", "sum", "mean"):
    by_reduction[reduction] = nn.MSELoss(reduction=reduction)(pred, target)
    print(f"nn.MSELoss(reduction={reduction!r}): {by_reduction[reduction]}")
torch.testing.assert_close(by_reduction["sum"], by_reduction["none"].sum())
torch.testing.assert_close(by_reduction["mean"], by_reduction["sum"] / 4)

# %%
# ``size_average`` and ``reduce``: the old names
# ----------------------------------------------
# Older code builds losses as ``nn.MSELoss(size_average=False)`` or ``nn.MSELoss(reduce=False)``,
# and the source notes of this site (note 000) still list both arguments in the loss signatures,
# ``size_average=None, reduce=None``, and explain ``size_average``. Those two booleans are
# deprecated; the single ``reduction`` argument replaced them. ``reduce=False`` returns every
# element (and ``size_average`` is then ignored); otherwise ``size_average=False`` sums and
# ``size_average=True`` averages. PyTorch still accepts them, translates them to ``reduction``
# and warns:
import warnings

legacy = [
    ({"size_average": False}, "sum"),
    ({"size_average": True}, "mean"),
    ({"reduce": False}, "none"),
    ({"reduce": False, "size_average": False}, "none"),
]
for kwargs, expected in legacy:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = nn.MSELoss(**kwargs)
    print(f"nn.MSELoss({kwargs}) → reduction={old.reduction!r}")
    print(f"    {caught[0].category.__name__}: {caught[0].message}")
    assert old.reduction == expected
    torch.testing.assert_close(old(pred, target), by_reduction[expected])

# %%
# Write ``reduction=`` in new code: one argument with three explicit values instead of two
# interacting booleans, and no warning.
#
# Under the hood: the same losses from their formulas
# ---------------------------------------------------
# :mod:`dlnotes.losses` writes each loss out from the formula at the top of this page, as a
# function with the signature of ``torch.nn.functional``. Each one gives the same values and the
# same gradients as the ``nn`` module, checked here on random errors:
from dlnotes import losses

pred = torch.randn(50, generator=g) * 3
target = torch.randn(50, generator=g)
counts50 = torch.poisson(torch.full((50,), 3.0), generator=g)
pairs = [
    (losses.l1_loss, {}, nn.L1Loss(), target),
    (losses.mse_loss, {}, nn.MSELoss(), target),
    (
        losses.smooth_l1_loss,
        {"beta": BETA},
        nn.SmoothL1Loss(beta=BETA),
        target,
    ),
    (
        losses.huber_loss,
        {"delta": DELTA},
        nn.HuberLoss(delta=DELTA),
        target,
    ),
    (
        losses.poisson_nll_loss,
        {"full": True},
        nn.PoissonNLLLoss(full=True),
        counts50,
    ),
]
for ours, kwargs, module, tgt in pairs:
    p1, p2 = pred.clone().requires_grad_(), pred.clone().requires_grad_()
    a, b = ours(p1, tgt, **kwargs), module(p2, tgt)
    a.backward()
    b.backward()
    torch.testing.assert_close(a, b)
    torch.testing.assert_close(p1.grad, p2.grad)
    print(
        f"{ours.__name__:>17}: "
        f"{a:.6f}  (nn.{type(module).__name__} {b:.6f})"
    )

# %%
# Key points
# ----------
# * MSE (:math:`e^2`) punishes large errors most and is dragged by outliers; L1 (:math:`|e|`) is
#   robust but has a constant pull that does not shrink near the target; Smooth L1 and Huber are
#   quadratic near 0 and linear beyond ``beta``/``delta``, and
#   :math:`\text{Smooth L1}_\beta = \text{Huber}_{\delta=\beta}/\beta`.
# * For counts, use ``nn.PoissonNLLLoss`` on a log-rate output (``log_input=True``); ``eps`` is
#   used only when the model outputs the rate itself, and keeps :math:`\log 0` finite there.
# * ``reduction="mean"`` (default) averages, ``"sum"`` adds, ``"none"`` returns every term. It
#   replaces the deprecated ``size_average=`` / ``reduce=``.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_11_regression_losses_solutions.py>`.
#
# .. _exercise-11-1:
#
# **Exercise 11.1** ★★ — *An outlier in the middle.* Copy ``y`` and add 12 to the point whose
# :math:`x` is nearest the mean of ``x`` (``torch.argmin((x - x.mean()).abs())``) instead of the
# rightmost one. Fit the copy with each loss of ``fit_losses`` using ``fit_line``. How far does
# each fitted slope move from ``clean[1]`` now? How far does the MSE fit's intercept move from
# ``clean[0]``, and why about that much?
# :ref:`Solution <solution-11-1>`

# Your code for exercise 11.1

# %%
# .. _exercise-11-2:
#
# **Exercise 11.2** ★★ — *Counts under a squared error.* Fit the page's ``counts`` with the same
# log-linear model and the same loop (``coef`` from zeros, ``Adam`` with ``lr=0.05``,
# ``range(800)``), but with ``nn.MSELoss()`` between the predicted *rate*
# ``torch.exp(coef[0] + coef[1] * xc)`` and the counts. How far are the two coefficients from the
# true (0.5, 0.8), compared with the Poisson fit's? Then give ``nn.MSELoss()`` the log-rate
# ``coef[0] + coef[1] * xc`` itself: what do the coefficients become, and what line is that?
# :ref:`Solution <solution-11-2>`

# Your code for exercise 11.2

# %%
# Next: :ref:`classification losses <sphx_glr_tutorials_02_losses_optimizers_plot_12_classification_losses.py>`.
