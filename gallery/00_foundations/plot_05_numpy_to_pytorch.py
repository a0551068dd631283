r"""
From NumPy to PyTorch: the same regression four ways, the same numbers
======================================================================

PyTorch does not change the algorithm; it automates its tedious parts. This page fits page 1's line
four times, each version handing one more job to PyTorch:

1. **NumPy by hand** — predictions, loss, hand-derived gradients, update;
2. **tensors with autograd** — the gradients come from ``loss.backward()``;
3. ``nn.Linear`` **and** ``nn.MSELoss`` — the model and the loss come from ``torch.nn``;
4. ``torch.optim.SGD`` — the update rule comes from an optimizer.

All four start from the same point and take the same number of steps, in 64-bit floats; they end
at the same parameters, to within :math:`10^{-12}` (asserted below). You will be able to write each version and say
exactly what each PyTorch call replaces.
"""

# %%
# The data and the shared settings
# --------------------------------
import numpy as np

from dlnotes.descent import make_linear_data, shuffle_split

x, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x_train, y_train, _, _ = shuffle_split(x, y, val_fraction=0.2, seed=42)
b0, w0 = np.random.default_rng(42).standard_normal(2)
LR, STEPS = 0.1, 1000
print(f"learning rate {LR}, {STEPS} steps, from b = {b0:.4f}, w = {w0:.4f}")
results = {}

# %%
# 1. NumPy by hand
# ----------------
# Exactly page 1: :math:`\partial L/\partial b = 2\,\overline{(\hat y - y)}` and
# :math:`\partial L/\partial w = 2\,\overline{x(\hat y - y)}`, then
# ``parameter ← parameter − lr · gradient``. :func:`dlnotes.descent.gradient_descent` runs this loop.
from dlnotes.descent import gradient_descent

path = gradient_descent(x_train, y_train, b0=b0, w0=w0, lr=LR, epochs=STEPS)
results["1. NumPy by hand"] = (*path.final, path.losses[1:])

# %%
# 2. Tensors and autograd
# -----------------------
# Parameters become tensors with ``requires_grad=True``: PyTorch records every operation on them.
# ``loss.backward()`` walks that record backwards with the chain rule and stores
# :math:`\partial L/\partial b` in ``b.grad``. Three details matter:
#
# * the update is done under ``torch.no_grad()``, so that it is not itself recorded;
# * it is done *in place* (``b -= ...``), so ``b`` stays the same leaf tensor;
# * the gradient is reset with ``b.grad.zero_()``, because ``backward()`` *adds* to ``.grad``
#   (the next page shows what happens if you forget).
import torch

xt = torch.tensor(x_train)  # float64, like the NumPy arrays
yt = torch.tensor(y_train)
b = torch.tensor(b0, requires_grad=True)
w = torch.tensor(w0, requires_grad=True)
losses = []
for _ in range(STEPS):
    loss = ((b + w * xt - yt) ** 2).mean()  # forward: builds the graph
    loss.backward()  # backward: fills b.grad and w.grad
    with torch.no_grad():
        b -= LR * b.grad
        w -= LR * w.grad
    b.grad.zero_()
    w.grad.zero_()
    with torch.no_grad():
        losses.append(((b + w * xt - yt) ** 2).mean().item())
results["2. autograd"] = (b.item(), w.item(), np.array(losses))

# %%
# 3. ``nn.Linear`` and ``nn.MSELoss``
# -----------------------------------
# ``nn.Linear(1, 1)`` holds ``weight`` (shape (1, 1)) and ``bias`` (shape (1,)) as parameters and
# computes ``x @ weight.T + bias``; it expects inputs of shape (N, features), hence the
# ``reshape(-1, 1)``. The update loops over ``model.parameters()``, which works for any model.
from torch import nn

X = xt.reshape(-1, 1)  # (N, 1)
Y = yt.reshape(-1, 1)  # (N, 1): same shape as the model's output
model = nn.Linear(1, 1).double()
with torch.no_grad():  # start from the same point as the other versions
    model.weight.fill_(w0)
    model.bias.fill_(b0)
loss_fn = nn.MSELoss()
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(X), Y)
    loss.backward()
    with torch.no_grad():
        for parameter in model.parameters():
            parameter -= LR * parameter.grad
    model.zero_grad()
    with torch.no_grad():
        losses.append(loss_fn(model(X), Y).item())
results["3. nn.Linear + nn.MSELoss"] = (
    model.bias.item(),
    model.weight.item(),
    np.array(losses),
)

# %%
# The shape of the target: (N, 1), not (N,)
# ------------------------------------------
# The model's output has shape (N, 1). A target of shape (N,) does not raise an error: by
# broadcasting, (N, 1) minus (N,) is an (N, N) matrix of every prediction minus every target, and
# its mean is a number — the wrong one. Written by hand, the loss is silently wrong;
# ``nn.MSELoss`` gives the same wrong number, with only a ``UserWarning`` that is easy to miss.
import warnings

with torch.no_grad():
    output = model(X)  # (N, 1)
    print(f"output {tuple(output.shape)}, target {tuple(yt.shape)}")
    print(f"output - target has shape {tuple((output - yt).shape)}")
    right = loss_fn(output, Y).item()  # Y is (N, 1)
    wrong_by_hand = ((output - yt) ** 2).mean().item()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wrong = loss_fn(output, yt).item()
print(
    f"MSE with target (N, 1): {right:.6f}; "
    f"with target (N,): {wrong_by_hand:.6f} by hand, "
    f"{wrong:.6f} from nn.MSELoss"
)
print("nn.MSELoss warned:", str(caught[0].message).split(". ")[0])
assert (output - yt).shape == (len(X), len(X))
assert wrong == wrong_by_hand and wrong > 10 * right

# %%
# 4. ``torch.optim.SGD``
# ----------------------
# The optimizer owns the update: ``optimizer.step()`` performs
# ``parameter -= lr * parameter.grad`` for every parameter it was given, and
# ``optimizer.zero_grad()`` resets the gradients. Swapping ``SGD`` for ``Adam`` now changes one line.
model = nn.Linear(1, 1).double()
with torch.no_grad():
    model.weight.fill_(w0)
    model.bias.fill_(b0)
optimizer = torch.optim.SGD(model.parameters(), lr=LR)
losses = []
for _ in range(STEPS):
    optimizer.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        losses.append(loss_fn(model(X), Y).item())
results["4. torch.optim.SGD"] = (
    model.bias.item(),
    model.weight.item(),
    np.array(losses),
)

# %%
# "Resets" needs a closer look. Version 2 filled ``.grad`` with zeros (``.zero_()``).
# ``optimizer.zero_grad()`` (and ``model.zero_grad()``) by default, since PyTorch 2.0, sets
# ``.grad`` to ``None`` instead (``set_to_none=True``): no memory is kept for it, and the next
# ``backward()`` creates a fresh gradient tensor rather than adding to zeros. The next gradient is
# the same either way. The difference shows only where ``.grad`` is used before the next
# ``backward()``: code that reads it finds ``None``, not a tensor of zeros, and
# ``optimizer.step()`` skips a parameter whose ``.grad`` is ``None``, while a zero gradient still
# gets a step (which moves the parameter if the optimizer has momentum or weight decay).
optimizer.zero_grad()
print("after optimizer.zero_grad():", model.weight.grad)
loss_fn(model(X), Y).backward()
optimizer.zero_grad(set_to_none=False)  # the behaviour before PyTorch 2.0
print("after optimizer.zero_grad(set_to_none=False):", model.weight.grad)
optimizer.zero_grad()
assert model.weight.grad is None

# %%
# The four results
# ----------------
b_ref, w_ref, loss_ref = results["1. NumPy by hand"]
print(f"{'':>25}{'b':>18}{'w':>18}{'|Δ loss| vs 1.':>16}")
for name, (b_fit, w_fit, loss_curve) in results.items():
    gap = np.abs(loss_curve - loss_ref).max()
    print(f"{name:>25}{b_fit:>18.15f}{w_fit:>18.15f}{gap:>16.1e}")
    assert (
        abs(b_fit - b_ref) < 1e-12
        and abs(w_fit - w_ref) < 1e-12
        and gap < 1e-12
    )

# %%
# The loss curves lie exactly on top of each other. The right half shows how far each PyTorch
# version is from the NumPy one at every step, measured in units of the last digit of a float64
# (``np.spacing``): 7 units at most (printed below). That is rounding, from doing the same
# arithmetic in a different order (PyTorch and NumPy sum a vector in different orders, for one).
# Versions 2, 3 and 4 compute the same floats as each other at almost every step (the count is
# printed below), so their three differences would hide each other in one panel; each gets its
# own.
import matplotlib.pyplot as plt

fig = plt.figure(figsize=(11, 4.2), layout="constrained")
fig_loss, fig_gap = fig.subfigures(1, 2)
ax_loss = fig_loss.subplots()
gap_axes = fig_gap.subplots(3, 1, sharex=True, sharey=True)
torch_versions = list(results)[1:]
for (name, (_, _, loss_curve)), style in zip(
    results.items(), ["-", "--", "-.", ":"], strict=True
):
    ax_loss.semilogy(loss_curve, style, label=name, linewidth=2)
ax_loss.set(
    xlabel="step",
    ylabel="training loss (MSE, log scale)",
    title="four versions, one curve",
)
ax_loss.legend()
for ax, name, color in zip(
    gap_axes, torch_versions, ["C1", "C2", "C3"], strict=True
):
    units = (results[name][2] - loss_ref) / np.spacing(loss_ref)  # (STEPS,)
    ax.plot(units, ".", markersize=2, color=color)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_title(name, fontsize="small", loc="left")
    ax.set_ylabel("units")
gap_axes[-1].set_xlabel("step")
gap_axes[0].set_ylim(-8, 8)
fig_gap.suptitle(
    "loss − NumPy's loss, in units of the last digit\n"
    "(the three panels are nearly identical: see the counts below)",
    fontsize="medium",
)
plt.show()

for name, (_, _, loss_curve) in results.items():
    units = np.abs(loss_curve - loss_ref) / np.spacing(loss_ref)
    print(
        f"{name:>25}: at most {units.max():.0f} "
        "units of the last digit from version 1"
    )
for i, first in enumerate(torch_versions):
    for second in torch_versions[i + 1 :]:
        differ = (results[first][2] != results[second][2]).sum()
        print(
            f"{first[:2]} and {second[:2]} give different losses "
            f"at {differ} of {STEPS} steps"
        )

# %%
# Key points
# ----------
# * Every version runs the same loop: forward (predictions), loss, gradients, update
#   ``weight = weight − lr · gradient``. PyTorch automates the gradients (autograd), the model and
#   loss (``torch.nn``) and the update (``torch.optim``).
# * Parameters are tensors with ``requires_grad=True``; updates happen under ``torch.no_grad()``;
#   gradients accumulate in ``.grad`` and must be reset every step.
# * ``optimizer.zero_grad()`` sets ``.grad`` to ``None`` (the default since PyTorch 2.0);
#   ``.grad.zero_()`` and ``zero_grad(set_to_none=False)`` fill it with zeros. The next gradient is
#   the same.
# * ``nn.Linear`` wants inputs of shape (N, features), and the target must have the output's
#   shape (N, 1): a target of shape (N,) broadcasts to an (N, N) difference and a wrong loss, with
#   no error.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_05_numpy_to_pytorch_solutions.py>`.
#
# .. _exercise-05-1:
#
# **Exercise 5.1** ★★ — *Adam instead of SGD.* Copy version 4's loop into the cell (a fresh
# ``nn.Linear(1, 1).double()`` from the same start) and run it twice for ``STEPS`` steps: with
# ``torch.optim.SGD(model.parameters(), lr=0.1)`` and with
# ``torch.optim.Adam(model.parameters(), lr=0.1)``. After how many steps is each run's training
# loss within ``1e-6`` of the lowest possible, which is
# ``line_mse(*least_squares(x_train, y_train), x_train, y_train)`` (both from
# :mod:`dlnotes.descent`)? Does Adam's loss ever rise from one step to the next, by more than
# ``1e-12`` (rounding)?
# :ref:`Solution <solution-05-1>`

# Your code for exercise 5.1

# %%
# .. _exercise-05-2:
#
# **Exercise 5.2** ★★ — *Float32.* First convert only the data,
# ``xt32 = torch.tensor(x_train, dtype=torch.float32)`` and ``yt32`` likewise, and make ``b`` and
# ``w`` as in version 2. Which dtype do ``b``, ``w`` and the loss
# ``((b + w * xt32 - yt32) ** 2).mean()`` have? Then run version 2's loop with the parameters in
# float32 too, ``torch.tensor(b0, dtype=torch.float32, requires_grad=True)`` and the same for
# ``w0``: how far are its final ``b`` and ``w`` from version 1's — to about how many decimals do
# they agree, against the :math:`10^{-12}` of the float64 versions?
# :ref:`Solution <solution-05-2>`

# Your code for exercise 5.2

# %%
# Next: :ref:`backpropagation and zeroing gradients <sphx_glr_tutorials_00_foundations_plot_06_backpropagation.py>`.
