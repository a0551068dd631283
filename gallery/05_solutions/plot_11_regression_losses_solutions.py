r"""
Solutions: regression losses
============================

The answers to the exercises of
:ref:`regression losses <sphx_glr_tutorials_02_losses_optimizers_plot_11_regression_losses.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: its thirty points on :math:`y = 1 + 2x`, its line fit by Adam, its losses
(Smooth L1 with ``beta=0.5``, Huber with ``delta=1.5``) and its counts of rate
:math:`e^{0.5 + 0.8x}`, drawn from the same seeded generator in the same order.
"""

# %%
# .. _solution-11-1:
#
# Exercise 11.1 ★★: an outlier in the middle
# ------------------------------------------
# :ref:`The exercise <exercise-11-1>`.
import torch
from torch import nn

g = torch.Generator().manual_seed(0)
x = torch.rand(30, generator=g) * 2  # (30,)
y = 1 + 2 * x + 0.1 * torch.randn(30, generator=g)


def fit_line(loss_fn, targets, steps=1000):
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
    "Smooth L1 (β = 0.5)": nn.SmoothL1Loss(beta=0.5),
    "Huber (δ = 1.5)": nn.HuberLoss(delta=1.5),
}
clean = fit_line(nn.MSELoss(), y)
i_mid = torch.argmin((x - x.mean()).abs())
y_mid = y.clone()
y_mid[i_mid] += 12.0
print(f"outlier at x = {x[i_mid]:.3f}; mean of x {x.mean():.3f}")
moved = {}
for name, loss_fn in fit_losses.items():
    b, w = fit_line(loss_fn, y_mid)
    moved[name] = (b - clean[0]).item(), (w - clean[1]).item()
    print(
        f"{name:>19}: intercept moved {moved[name][0]:+.3f}, slope moved {moved[name][1]:+.3f}"
    )
assert all(
    abs(dw) < 0.05 for _, dw in moved.values()
)  # no slope moves much now

# %%
# No slope moves by more than a few hundredths now (the rightmost outlier moved MSE's by more
# than 1). The MSE fit is least squares, which is linear in :math:`y`: adding :math:`\delta` to
# one target :math:`y_i` moves the slope by :math:`\delta\,(x_i - \bar x)/\sum_j (x_j - \bar x)^2`
# and the intercept by :math:`\delta/n - \bar x` times that. At :math:`x_i \approx \bar x` the
# slope barely moves and the whole line is lifted by about :math:`\delta/n`:
delta, n = 12.0, len(x)
dw = delta * (x[i_mid] - x.mean()) / ((x - x.mean()) ** 2).sum()
db = delta / n - x.mean() * dw
print(
    f"δ/n = {delta / n:.3f}; least squares predicts intercept {db:+.3f}, slope {dw:+.3f}"
)
assert (
    abs(moved["MSE"][0] - db) < 0.01 and abs(moved["MSE"][1] - dw) < 0.01
)  # Adam converged
assert abs(moved["MSE"][0] - delta / n) < 0.05

# %%
# So the MSE line moves up by about 0.4 — everywhere, an error the slope comparison of the
# tutorial cannot show. The robust losses move their intercept by a few hundredths only: their
# pull on the outlier is capped.
#
# .. _solution-11-2:
#
# Exercise 11.2 ★★: counts under a squared error
# ----------------------------------------------
# :ref:`The exercise <exercise-11-2>`. The three fits, from the same start with the same
# optimizer; only the loss (and what it compares) changes:
import matplotlib.pyplot as plt

xc = torch.linspace(-2, 2, 400)  # (400,)
counts = torch.poisson(torch.exp(0.5 + 0.8 * xc), generator=g)


def fit_counts(loss_of):
    coef = torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.Adam([coef], lr=0.05)
    for _ in range(800):
        optimizer.zero_grad()
        loss_of(coef[0] + coef[1] * xc).backward()
        optimizer.step()
    return coef.detach()


fits = {
    "PoissonNLLLoss on the log-rate": fit_counts(
        lambda z: nn.PoissonNLLLoss()(z, counts)
    ),
    "MSELoss on the rate exp(z)": fit_counts(
        lambda z: nn.MSELoss()(z.exp(), counts)
    ),
    "MSELoss on the log-rate z": fit_counts(
        lambda z: nn.MSELoss()(z, counts)
    ),
}
for name, (c0, c1) in fits.items():
    print(f"{name:>30}: {c0:.3f} + {c1:.3f}·x")
design = torch.stack([torch.ones_like(xc), xc], dim=1)  # (400, 2)
line = torch.linalg.lstsq(design, counts.unsqueeze(1)).solution.squeeze(1)
print(
    f"least-squares line through the counts: {line[0]:.3f} + {line[1]:.3f}·x"
)
true = torch.tensor([0.5, 0.8])
print(f"true log-rate: {true[0]:.1f} + {true[1]:.1f}·x")
for name in [
    "PoissonNLLLoss on the log-rate",
    "MSELoss on the rate exp(z)",
]:
    assert (
        fits[name] - true
    ).abs().max() < 0.1  # both recover the log-rate
assert (
    fits["MSELoss on the log-rate z"] - line
).abs().max() < 0.01  # a line through the counts
print(f"that line at x = -2: {line[0] - 2 * line[1]:.2f}")
assert line[0] - 2 * line[1] < 0  # a negative count

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.scatter(xc, counts, s=6, color="black", alpha=0.4, label="counts")
ax.plot(
    xc,
    torch.exp(0.5 + 0.8 * xc),
    color="grey",
    lw=4,
    alpha=0.4,
    label="true rate",
)
for (name, (c0, c1)), style in zip(
    fits.items(), ["-", "--", ":"], strict=True
):
    z = c0 + c1 * xc
    shown = (
        z if name.endswith("log-rate z") else z.exp()
    )  # what the model predicts
    ax.plot(xc, shown, style, label=name)
ax.set(
    xlabel="x",
    ylabel="count",
    title="counts of rate exp(0.5 + 0.8x), three fits",
)
ax.legend(fontsize="small")
plt.show()

# %%
# With MSE on the *rate*, the coefficients still land within 0.1 of the true (0.5, 0.8), as the
# Poisson fit's do: both losses are smallest, on average, when the predicted rate is the mean
# count. They weight the points differently — MSE treats an error of 1 the same on a count of 1
# and of 8, while the Poisson loss expects larger errors where counts are larger — so the two
# fits differ in the second decimal. With MSE on the log-rate itself, the model compares
# :math:`\log\lambda` with counts: the fit becomes the least-squares *straight line through the
# counts*, whose coefficients are no log-rate at all, and which predicts negative counts at the
# left end of the range.
