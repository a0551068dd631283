r"""
Solutions: from NumPy to PyTorch
================================

The answers to the exercises of
:ref:`from NumPy to PyTorch <sphx_glr_tutorials_00_foundations_plot_05_numpy_to_pytorch.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: page 1's 80 training points, its random start, learning rate 0.1, 1 000 steps.
"""

# %%
# The tutorial's set-up
# ---------------------
import numpy as np

from dlnotes.descent import (
    gradient_descent,
    least_squares,
    line_mse,
    make_linear_data,
    shuffle_split,
)

x, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x_train, y_train, _, _ = shuffle_split(x, y, val_fraction=0.2, seed=42)
b0, w0 = np.random.default_rng(42).standard_normal(2)
LR, STEPS = 0.1, 1000
print(f"{len(x_train)} training points, learning rate {LR}, {STEPS} steps")
lowest = line_mse(*least_squares(x_train, y_train), x_train, y_train)
version_1 = gradient_descent(
    x_train, y_train, b0=b0, w0=w0, lr=LR, epochs=STEPS
).final

# %%
# .. _solution-05-1:
#
# Exercise 5.1 ★★: Adam instead of SGD
# ------------------------------------
# :ref:`The exercise <exercise-05-1>`. Version 4's loop, with the optimizer as an argument:
import torch
from torch import nn

X = torch.tensor(x_train).reshape(-1, 1)  # (N, 1) float64
Y = torch.tensor(y_train).reshape(-1, 1)  # (N, 1)
loss_fn = nn.MSELoss()


def train(make_optimizer):
    """Version 4 with the given optimizer; the loss above the lowest after every step."""
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.fill_(w0)
        model.bias.fill_(b0)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(model(X), Y).item())
    return np.array(losses) - lowest  # (STEPS,)


gaps = {
    "SGD": train(lambda params: torch.optim.SGD(params, lr=0.1)),
    "Adam": train(lambda params: torch.optim.Adam(params, lr=0.1)),
}
needed, rises = {}, {}
for name, gap in gaps.items():
    needed[name] = (
        int(np.flatnonzero(gap < 1e-6)[0]) + 1
    )  # steps count from 1
    # steps after which the loss is higher than before, above rounding level
    rises[name] = np.flatnonzero((np.diff(gap) > 0) & (gap[1:] > 1e-12)) + 2
    print(f"{name:>4}: within 1e-6 after {needed[name]} steps")
    print(f"      the loss rises after steps {rises[name].tolist()}")
stretches = 1 + int(
    (np.diff(rises["Adam"]) > 1).sum()
)  # runs of consecutive steps
print(f"Adam's loss rises in {stretches} stretches")
assert stretches == 2
ratio = needed["Adam"] / needed["SGD"]
print(f"Adam needs {ratio:.2f} times SGD's steps")
assert 0.35 < ratio < 0.65  # about half
# exact gradients below the ceiling: SGD's loss never rises; Adam's does, early on
assert (
    len(rises["SGD"]) == 0
    and 0 < len(rises["Adam"])
    and rises["Adam"].max() < 100
)

# %%
# Adam gets there in about half the steps on this problem, but not smoothly: in its first 100
# steps its loss rises for a while, twice. Adam divides each parameter's step by a running
# estimate of its gradient's size, so early on both parameters move by about the learning rate per
# step, whatever the curvature; it overshoots, and its momentum carries it on uphill before it
# turns. SGD's loss, with exact gradients below the ceiling, never rises (page 2).
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
for name, gap in gaps.items():
    ax.semilogy(
        np.arange(1, STEPS + 1),
        np.maximum(gap, 1e-16),
        label=name,
        linewidth=1,
    )
ax.axhline(1e-6, color="grey", linestyle=":", linewidth=1, label="1e-6")
ax.set(
    xlabel="step",
    ylabel="training loss − lowest (log scale)",
    title="Adam, lr = 0.1: fewer steps, not a smooth descent",
)
ax.legend()
plt.show()

# %%
# .. _solution-05-2:
#
# Exercise 5.2 ★★: float32
# ------------------------
# :ref:`The exercise <exercise-05-2>`. Converting only the data leaves the parameters in float64,
# yet the loss comes out in float32: a tensor with no dimensions, such as ``b``, does not decide
# the dtype of a result when a tensor with dimensions of the same kind (floating point) takes part.
# So the forward pass runs in float32 while the parameters and their gradients stay float64 — a
# mixture, not a float32 run.
xt32 = torch.tensor(x_train, dtype=torch.float32)  # (N,)
yt32 = torch.tensor(y_train, dtype=torch.float32)
b = torch.tensor(b0, requires_grad=True)
w = torch.tensor(w0, requires_grad=True)
loss = ((b + w * xt32 - yt32) ** 2).mean()
print(
    f"only the data in float32: b {b.dtype}, w {w.dtype}, loss {loss.dtype}"
)
assert b.dtype == w.dtype == torch.float64 and loss.dtype == torch.float32


def version_2(dtype):
    """Version 2 of the tutorial with the data and the parameters in ``dtype``."""
    xt = torch.tensor(x_train, dtype=dtype)
    yt = torch.tensor(y_train, dtype=dtype)
    b = torch.tensor(b0, dtype=dtype, requires_grad=True)
    w = torch.tensor(w0, dtype=dtype, requires_grad=True)
    for _ in range(STEPS):
        loss = ((b + w * xt - yt) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            b -= LR * b.grad
            w -= LR * w.grad
        b.grad.zero_()
        w.grad.zero_()
    return b, w


differences = {}
for dtype in [torch.float64, torch.float32]:
    b_fit, w_fit = version_2(dtype)
    differences[dtype] = max(
        abs(b_fit.item() - version_1[0]), abs(w_fit.item() - version_1[1])
    )
    print(
        f"{dtype!s:>13}: b = {b_fit.item():.10f}, w = {w_fit.item():.10f} ({b_fit.dtype}); "
        f"largest difference from version 1: {differences[dtype]:.1e}"
    )
print(f"float32's spacing near 2: {np.spacing(np.float32(2.0)):.1e}")
assert differences[torch.float64] < 1e-12
# float32 keeps about 7 significant digits: its results agree to about 6 decimals here
assert 1e-8 < differences[torch.float32] < 1e-5

# %%
# In float32 the fitted ``b`` and ``w`` agree with version 1's to about six decimals: a few units
# of float32's last digit near 2, the accumulated rounding of 1 000 steps. Far more than the noise
# in the data needs, which is why deep learning trains in float32 (or less); but a check of
# PyTorch against NumPy at :math:`10^{-12}`, as on the tutorial page, needs float64 everywhere.
