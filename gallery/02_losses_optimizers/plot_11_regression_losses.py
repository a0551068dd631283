r"""
Regression losses: how hard each one pulls on a bad point
=========================================================

A regression loss turns the error :math:`e = \hat y - y` of each prediction into a penalty. Its
shape decides what the model cares about: the mean squared error punishes large errors
quadratically, so a single outlier can drag the whole fit; the L1 loss grows only linearly and
barely notices it; Smooth L1 and Huber sit in between. For counts, the Poisson negative
log-likelihood is the natural choice.

On this page each loss is computed by :mod:`dlnotes.losses` (written from its formula) and checked
against ``torch.nn.functional``. You will be able to:

* write the formula of L1, MSE, Smooth L1, Huber and Poisson NLL, and choose between them;
* predict how an outlier moves a fitted line under each;
* use the three ``reduction`` modes.
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
# The right panel is the derivative — how hard the loss pulls a prediction towards its target. For
# MSE the pull grows without limit; for L1 it is constant; Smooth L1 and Huber cap it.
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from dlnotes import losses

error = torch.linspace(-3, 3, 601, requires_grad=True)
zero = torch.zeros(601)
curves = {
    "L1": lambda e: losses.l1_loss(e, zero, reduction="none"),
    "MSE": lambda e: losses.mse_loss(e, zero, reduction="none"),
    "Smooth L1 (β = 1)": lambda e: losses.smooth_l1_loss(
        e, zero, reduction="none", beta=1.0
    ),
    "Huber (δ = 1)": lambda e: losses.huber_loss(e, zero, reduction="none", delta=1.0),
}
references = {
    "L1": lambda e: F.l1_loss(e, zero, reduction="none"),
    "MSE": lambda e: F.mse_loss(e, zero, reduction="none"),
    "Smooth L1 (β = 1)": lambda e: F.smooth_l1_loss(
        e, zero, reduction="none", beta=1.0
    ),
    "Huber (δ = 1)": lambda e: F.huber_loss(e, zero, reduction="none", delta=1.0),
}
fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
for name, f in curves.items():
    value = f(error)
    (grad,) = torch.autograd.grad(value.sum(), error)
    ax_loss.plot(error.detach(), value.detach(), label=name)
    ax_grad.plot(error.detach(), grad, label=name)
    assert torch.allclose(value, references[name](error))  # same as torch.nn.functional
ax_loss.set(xlabel="error ŷ − y", ylabel="loss", title="penalty", ylim=(0, 4))
ax_grad.set(
    xlabel="error ŷ − y", ylabel="d loss / d ŷ", title="pull towards the target"
)
ax_loss.legend()
plt.show()

# %%
# Smooth L1 and Huber differ only by a factor: :math:`\text{Huber}_\delta = \delta \cdot
# \text{Smooth L1}_{\beta=\delta}`. With :math:`\delta = \beta = 1` they coincide, as above.
e = torch.tensor([-4.0, -0.5, 0.2, 3.0])
for delta in (0.5, 2.0):
    huber = losses.huber_loss(e, torch.zeros(4), reduction="none", delta=delta)
    smooth = losses.smooth_l1_loss(e, torch.zeros(4), reduction="none", beta=delta)
    print(
        f"δ = {delta}: Huber {[round(v, 4) for v in huber.tolist()]}"
        f" = δ × Smooth L1 {[round(v, 4) for v in (delta * smooth).tolist()]}"
    )
    assert torch.allclose(huber, delta * smooth)

# %%
# One outlier, four fitted lines
# ------------------------------
# Thirty points on :math:`y = 1 + 2x` with a little noise, and one measurement gone wrong
# (:math:`y` off by +12). We fit the line under each loss by gradient descent (Adam, 3 000 steps)
# and compare the slopes with the line fitted without the outlier.
g = torch.Generator().manual_seed(0)
x = torch.rand(30, generator=g) * 2
y = 1 + 2 * x + 0.1 * torch.randn(30, generator=g)
y_bad = y.clone()
y_bad[torch.argmax(x)] += 12.0  # the rightmost point: the most leverage on the slope


def fit_line(loss_fn, targets, steps=3000):
    params = torch.zeros(2, requires_grad=True)  # (b, w)
    optimizer = torch.optim.Adam([params], lr=0.02)
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(params[0] + params[1] * x, targets).backward()
        optimizer.step()
    return params.detach()


from functools import partial

fit_losses = {
    "L1": losses.l1_loss,
    "MSE": losses.mse_loss,
    "Smooth L1 (β = 1)": partial(losses.smooth_l1_loss, beta=1.0),
    "Huber (δ = 1)": partial(losses.huber_loss, delta=1.0),
}
clean = fit_line(losses.mse_loss, y)
fits = {name: fit_line(loss_fn, y_bad) for name, loss_fn in fit_losses.items()}

fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
ax.scatter(x, y_bad, s=15, color="black", zorder=3, label="data (one outlier)")
grid = torch.linspace(0, 2, 2)
ax.plot(
    grid,
    clean[0] + clean[1] * grid,
    color="grey",
    linewidth=4,
    alpha=0.4,
    label="MSE fit without the outlier",
)
for name, (b, w) in fits.items():
    ax.plot(grid, b + w * grid, label=f"{name}: slope {w:.2f}")
ax.set(xlabel="x", ylabel="y", title="how far the outlier drags each fit")
ax.legend(fontsize="small")
plt.show()

print(f"slope without the outlier: {clean[1]:.3f}")
for name, (_, w) in fits.items():
    print(f"{name:>18}: slope {w:.3f}  (pulled by {w - clean[1]:+.3f})")
pull = {name: abs(w - clean[1]).item() for name, (_, w) in fits.items()}
assert pull["MSE"] > 5 * pull["L1"] and pull["MSE"] > 3 * pull["Huber (δ = 1)"]

# %%
# Poisson negative log-likelihood, for counts
# -------------------------------------------
# When targets are counts (visitors per hour, photons per pixel), a Poisson model with rate
# :math:`\lambda` fits better than a squared error. Dropping the constant :math:`\log(y!)`, the
# negative log-likelihood is :math:`\lambda - y\log\lambda`. The model can output
#
# * :math:`\log\lambda` (``log_input=True``, the default): loss :math:`e^{x} - y\,x`; any real
#   output is a valid rate, and the exponential is computed once;
# * :math:`\lambda` itself (``log_input=False``): loss :math:`x - y\log(x + \epsilon)`; the output
#   must stay positive, and ``eps`` guards against :math:`\log 0`.
#
# Here counts are drawn with rate :math:`e^{0.5 + 0.8x}`, and a log-linear model recovers both
# coefficients:
xc = torch.linspace(-2, 2, 400)
counts = torch.poisson(torch.exp(0.5 + 0.8 * xc), generator=g)
coef = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.Adam([coef], lr=0.05)
for _ in range(800):
    optimizer.zero_grad()
    log_rate = coef[0] + coef[1] * xc
    losses.poisson_nll_loss(log_rate, counts, log_input=True).backward()
    optimizer.step()
print(f"recovered log-rate: {coef[0]:.3f} + {coef[1]:.3f}·x   (true 0.5 + 0.8·x)")
assert abs(coef[0] - 0.5) < 0.1 and abs(coef[1] - 0.8) < 0.1

log_rate = coef.detach()[0] + coef.detach()[1] * xc
for kwargs in ({"log_input": True}, {"log_input": True, "full": True}):
    ours = losses.poisson_nll_loss(log_rate, counts, **kwargs)
    theirs = F.poisson_nll_loss(log_rate, counts, **kwargs)
    print(f"{kwargs}: dlnotes {ours:.6f}, torch {theirs:.6f}")
    assert torch.allclose(ours, theirs)
rate_version = losses.poisson_nll_loss(log_rate.exp(), counts, log_input=False)
print(f"the same model given as a rate (log_input=False): {rate_version:.6f}")
assert torch.allclose(
    rate_version, losses.poisson_nll_loss(log_rate, counts), atol=1e-5
)

# %%
# ``full=True`` adds Stirling's approximation of :math:`\log(y!)`, a term that does not depend on
# the model: it changes the value (making it a true log-likelihood) but not the gradient.
#
# The three reductions
# --------------------
# Every loss computes one value per element; ``reduction`` says what to return: ``"none"`` (all of
# them), ``"sum"`` or ``"mean"`` (the default). The mean keeps the loss — and the size of the
# gradient — independent of the batch size, which is why it is the default.
pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
for reduction in ("none", "sum", "mean"):
    ours = losses.mse_loss(pred, target, reduction=reduction)
    assert torch.equal(ours, F.mse_loss(pred, target, reduction=reduction))
    print(f"reduction={reduction!r}: {ours}")
assert (
    losses.mse_loss(pred, target) == losses.mse_loss(pred, target, reduction="sum") / 4
)

# %%
# Key points
# ----------
# * MSE (:math:`e^2`) punishes large errors most and is dragged by outliers; L1 (:math:`|e|`) is
#   robust but has a constant pull that does not shrink near the target; Smooth L1 and Huber are
#   quadratic near 0 and linear beyond ``beta``/``delta`` (Huber = δ × Smooth L1).
# * For counts, use the Poisson NLL on a log-rate output (``log_input=True``).
# * ``reduction="mean"`` (default) averages, ``"sum"`` adds, ``"none"`` returns every term.
#
# Try it
# ------
# * Move the outlier to the middle of the x range: which slopes change now, and why?
# * Fit the Poisson model with ``F.mse_loss`` on the counts instead and compare the coefficients.
#
# Next: :ref:`classification losses <sphx_glr_tutorials_02_losses_optimizers_plot_12_classification_losses.py>`.
