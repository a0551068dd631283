r"""
Batch, mini-batch or stochastic: how many points each step looks at
===================================================================

So far every step used the gradient over *all* training points. That is *batch* gradient descent:
accurate steps, but one pass over the data per step. The alternative is to estimate the gradient
from a few points — a *mini-batch* — or from a single point (*stochastic* gradient descent, SGD).
The steps get noisy, but there are many more of them for the same amount of work.

On this page the three are compared on the same data and the same budget (passes over the data),
and then *online* learning — each point seen once and thrown away — is contrasted with the
*offline* learning we have done so far. You will be able to:

* predict how batch size changes the number of updates, their noise and their cost;
* read the jitter of a stochastic path and loss curve correctly;
* say what an online learner can and cannot measure.
"""

# %%
# Same data, three batch sizes, equal budget
# ------------------------------------------
# Page 1's data (80 training points), the same start and learning rate 0.1, and a budget of 30
# passes (*epochs*) over the data for each batch size: 80 (all), 16 and 1. One epoch is
# :math:`\lceil N / B \rceil` updates, so the budgets buy 30, 150 and 2 400 updates. Points are
# reshuffled every epoch (seeded).
import numpy as np

from dlnotes.descent import (
    gradient_descent,
    least_squares,
    line_mse,
    make_linear_data,
    shuffle_split,
)

x, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x_train, y_train, x_val, y_val = shuffle_split(
    x, y, val_fraction=0.2, seed=42
)
b0, w0 = np.random.default_rng(42).standard_normal(2)
b_star, w_star = least_squares(x_train, y_train)
lowest = line_mse(b_star, w_star, x_train, y_train)

EPOCHS, LR = 30, 0.1
runs = {
    name: gradient_descent(
        x_train,
        y_train,
        b0=b0,
        w0=w0,
        lr=LR,
        epochs=EPOCHS,
        batch_size=batch_size,
        seed=0,
    )
    for name, batch_size in [
        ("batch (80)", None),
        ("mini-batch (16)", 16),
        ("stochastic (1)", 1),
    ]
}

print(
    f"{'':>16} {'updates':>8} {'per epoch':>10} {'final loss − lowest':>20}"
)
for name, run in runs.items():
    print(
        f"{name:>16} {run.n_updates:>8} {run.updates_per_epoch:>10} "
        f"{run.losses[-1] - lowest:>20.2e}"
    )

# %%
# The paths
# ---------
# Batch descent takes 30 smooth steps and is still on its way. The mini-batch path makes five times
# as many steps, each a little off the true gradient; the stochastic path makes eighty times as
# many, visibly noisy, and gets closest to the minimum. Near the minimum the stochastic path keeps jittering:
# each single point pulls the line towards itself. (The colour levels are spaced evenly in the
# square root of the loss above its minimum, as on the previous pages.)
import matplotlib.pyplot as plt

from dlnotes.descent import loss_grid
from dlnotes.plotting import plot_descent_paths, plot_loss_contour

B, W, L = loss_grid(
    x_train,
    y_train,
    np.linspace(-0.5, 2.5, 121),
    np.linspace(-1.5, 3.5, 121),
)
fig, axes = plt.subplots(
    1, 3, figsize=(14, 4.3), sharey=True, layout="constrained"
)
for ax, (name, run) in zip(axes, runs.items(), strict=True):
    plot_loss_contour(B, W, L, ax=ax, marks={"minimum": (b_star, w_star)})
    plot_descent_paths({name: run.params}, ax=ax, max_markers=60)
    ax.set_title(f"{name}: {run.n_updates} updates")
plt.show()

# %%
# Loss per pass and per update
# ----------------------------
# Per *update* (right), the three curves lie close together over the first 30 updates (printed
# below): far from the minimum, a gradient from 16 points or from a single point points roughly
# the same way as the exact one, so an update is worth about as much whatever its batch — at
# update 10, SGD is even slightly ahead. Close to the minimum the noise takes over: SGD's curve
# stops falling and jitters. Per *pass over the data* (left) — the work that costs time when the
# data set is large — the small batches win by far, because they update the parameters many times
# per pass.
print(f"{'loss − lowest after update':>28}{1:>8}{10:>8}{20:>8}{30:>8}")
for name, run in runs.items():
    row = "".join(
        f"{run.losses[u] - lowest:>8.3f}" for u in (1, 10, 20, 30)
    )
    print(f"{name:>28}{row}")

fig, (ax_epoch, ax_update) = plt.subplots(
    1, 2, figsize=(11, 4), layout="constrained"
)
# the noisy stochastic curve underneath, thin and pale; the two smooth ones
# on top, thicker, with different line styles, so that none hides another
styles = {
    "batch (80)": {"linestyle": "--", "linewidth": 2.2, "zorder": 4},
    "mini-batch (16)": {"linestyle": "-", "linewidth": 1.8, "zorder": 3},
    "stochastic (1)": {"linewidth": 0.7, "alpha": 0.6, "zorder": 2},
}
for name, run in runs.items():
    excess = np.maximum(run.losses - lowest, 1e-12)
    epochs = np.arange(len(excess)) / run.updates_per_epoch
    ax_epoch.semilogy(epochs, excess, label=name, **styles[name])
    ax_update.loglog(
        np.arange(1, len(excess) + 1), excess, label=name, **styles[name]
    )
ax_epoch.set(
    xlabel="passes over the data (epochs)",
    ylabel="loss − lowest (log scale)",
    title="per epoch",
)
ax_update.set(
    xlabel="updates (log scale)",
    ylabel="loss − lowest (log scale)",
    title="per update",
)
ax_update.legend(loc="lower left")
plt.show()

# %%
# What each costs
# ---------------
# Every run read each point 30 times, so the arithmetic of the gradients was the same. But an
# update also has a fixed cost — here the Python and NumPy calls around the arithmetic — and the
# stochastic run pays it 2 400 times against batch descent's 30. To time only the training, we
# write the loop without the bookkeeping (``gradient_descent`` also records the loss on all 80
# points after every update, for the plots), check that it ends where the recorded runs ended, and
# time it on the machine that builds this page (best of 3):
import os
import time

from dlnotes.descent import mse_gradient

print(f"{os.cpu_count()} CPU cores")
for name, run in runs.items():
    print(
        f"{name:>16}: {run.n_updates:>5} "
        f"updates × {run.batch_size:>2} points "
        f"= {run.n_updates * run.batch_size} gradient terms"
    )


def train_line(batch_size, seed=0):
    """Mini-batch descent on the line: shuffle, then one update per batch;
    nothing else."""
    rng = np.random.default_rng(seed)
    b, w = b0, w0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x_train))
        for start in range(0, len(x_train), batch_size):
            idx = order[start : start + batch_size]
            grad_b, grad_w = mse_gradient(b, w, x_train[idx], y_train[idx])
            b, w = b - LR * grad_b, w - LR * grad_w
    return b, w


def best_time(fn, repeats=3):
    """Shortest wall time of a few calls, in seconds: the least disturbed by
    other work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


for run in runs.values():
    assert np.allclose(
        train_line(run.batch_size), run.final, rtol=0, atol=1e-12
    )
seconds = {
    name: best_time(lambda run=run: train_line(run.batch_size))
    for name, run in runs.items()
}
for name, run in runs.items():
    print(
        f"{name:>16}: {1e3 * seconds[name]:7.2f} ms in all, "
        f"{1e6 * seconds[name] / run.n_updates:6.1f} µs per update"
    )

# %%
# With 80 points the fixed cost dominates: the same arithmetic takes many times longer in 2 400
# small updates than in 30 large ones. How the cost of one update grows with the batch shows
# best on more data: below, one gradient of the line's MSE on batches from 1 to 65 536 points.
# For small batches the time per update barely changes, so the time per point falls in
# proportion; only for large batches does the arithmetic take over. That is why mini-batches are
# the usual compromise in deep learning: enough points per step to spread the fixed cost (and, on
# parallel hardware, to keep it busy), few enough to update many times per pass.
big_x, big_y = make_linear_data(65_536, seed=1)
best_time(
    lambda: [
        mse_gradient(0.0, 0.0, big_x[:1], big_y[:1]) for _ in range(500)
    ]
)  # warm-up
per_point = {}
for size in [1, 16, 256, 4096, 65_536]:
    xb, yb = big_x[:size], big_y[:size]
    # short timings: robust to other work
    calls = max(1, min(50, 16_384 // size))
    chunk = best_time(
        lambda xb=xb, yb=yb, n=calls: [
            mse_gradient(0.0, 0.0, xb, yb) for _ in range(n)
        ],
        repeats=20,
    )
    per_point[size] = chunk / calls / size
    print(
        f"batch of {size:>6}: {1e6 * chunk / calls:7.1f} µs per update, "
        f"{1e9 * per_point[size]:9.1f} ns per point"
    )
assert (
    seconds["stochastic (1)"] > 5 * seconds["batch (80)"]
)  # same arithmetic, more updates
# per point, a large batch is far cheaper
assert per_point[1] > 10 * per_point[4096]


def distance(run, last_epochs=5):
    """Mean distance to the minimum over the last epochs' parameters."""
    tail = run.params[-last_epochs * run.updates_per_epoch :]
    return np.linalg.norm(tail - [b_star, w_star], axis=1).mean()


for name, run in runs.items():
    print(
        f"{name:>16}: mean distance to the minimum "
        f"over the last 5 epochs {distance(run):.4f}"
    )

batch, mini, sgd = runs.values()
# exact gradients: the loss never rises
assert np.all(np.diff(batch.losses) <= 0)
assert np.any(np.diff(sgd.losses) > 0)  # noisy gradients: it sometimes does
assert (
    sgd.losses[sgd.updates_per_epoch * 3] < batch.losses[3]
)  # after 3 passes, SGD is ahead
assert distance(mini) < distance(batch) and distance(sgd) < distance(batch)

# %%
# Online versus offline learning
# ------------------------------
# Everything above was *offline*: the data are kept, so after any step we can compute the loss on
# all training points, or on a validation split. An *online* learner sees a stream: each point
# arrives, the model learns from it once, and the point is gone (think of clicks on a website, or
# a sensor that never stops). It is SGD with a single pass — and it cannot compute a training loss,
# because the training data no longer exist. What it can measure is *progressive validation*: the
# loss on each new point, computed *before* learning from it, since that point is still unseen.
stream_x, stream_y = make_linear_data(3000, b=1.0, w=2.0, noise=0.1, seed=7)
b, w = 0.0, 0.0
progressive, estimates = [], []
for i, (xi, yi) in enumerate(zip(stream_x, stream_y, strict=True)):
    error = b + w * xi - yi  # predict first: this point is new to the model
    progressive.append(error**2)
    # decay, so the estimate settles as evidence accumulates
    lr = 0.5 / (1 + i / 200)
    # learn, then forget the point
    b, w = b - lr * 2 * error, w - lr * 2 * error * xi
    estimates.append((b, w))
estimates = np.array(estimates)

fig, (ax_est, ax_loss) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
ax_est.plot(estimates[:, 0], label="b")
ax_est.plot(estimates[:, 1], label="w")
ax_est.axhline(1.0, color="tab:blue", linestyle=":", linewidth=1)
ax_est.axhline(2.0, color="tab:orange", linestyle=":", linewidth=1)
ax_est.set(
    xlabel="points seen (each once)",
    ylabel="estimate",
    title="online estimates of b, w",
)
ax_est.legend()
window = 100
smoothed = np.convolve(progressive, np.ones(window) / window, mode="valid")
ax_loss.semilogy(np.arange(window, len(progressive) + 1), smoothed)
ax_loss.axhline(
    0.01, color="grey", linestyle=":", label="noise variance 0.01"
)
ax_loss.set(
    xlabel="points seen",
    ylabel="loss on the next point (mean of 100; log scale)",
    title="progressive validation",
)
ax_loss.legend()
plt.show()

print(
    f"after {len(stream_x)} points, "
    f"each used once: b = {b:.3f}, w = {w:.3f}"
)
assert abs(b - 1.0) < 0.05 and abs(w - 2.0) < 0.1
# the loss on unseen points reaches the noise floor
assert smoothed[-1] < 0.015

# %%
# Key points
# ----------
# * Batch size trades accuracy per step for steps per pass. Batch descent's loss falls smoothly
#   but slowly per pass; SGD's falls fastest per pass but jitters, and at a fixed learning rate it
#   never settles exactly at the minimum. Mini-batches sit in between, and spread the fixed cost of an
#   update over many points — the default in deep learning.
# * A loss curve that wiggles under SGD is normal; judge the trend, or the loss per epoch.
# * Offline learning keeps the data, so losses on training and validation splits can be computed
#   for any parameters. Online learning sees each point once and can only measure the loss on
#   each new point before learning from it.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_04_batch_sizes_solutions.py>`.
#
# .. _exercise-04-1:
#
# **Exercise 4.1** ★★ — *A decaying rate.* Copy ``train_line`` into the cell and make it
# stochastic with a decaying rate: batches of one point, the rate ``0.1 / (1 + t / 500)`` at
# update ``t`` (counting from 0), and the parameters after every update kept in a list. With
# ``seed=0`` (the same shuffles as the page's SGD run), what is the mean distance to the minimum
# over the last 5 epochs' parameters, against the constant rate's, which ``distance(sgd)`` gives?
# :ref:`Solution <solution-04-1>`

# Your code for exercise 4.1

# %%
# .. _exercise-04-2:
#
# **Exercise 4.2** ★★ — *The same number of updates.* Give the batch and the mini-batch run as
# many *updates* as the stochastic run made, 2 400 (which ``epochs`` does each need?), with
# ``gradient_descent`` and otherwise the page's settings. Which of the three now ends closest to
# the minimum, by ``losses[-1] - lowest``? How many passes over the data did the batch run cost?
# :ref:`Solution <solution-04-2>`

# Your code for exercise 4.2

# %%
# .. _exercise-04-3:
#
# **Exercise 4.3** ★★★ — *The same sweep in PyTorch.* Time one update of ``nn.Linear(1, 1)`` —
# ``zero_grad()``, ``nn.MSELoss()`` on a batch of ``torch.randn(size, 1)`` inputs, ``backward()``
# — for the batch sizes of the page's sweep, on the device ``torch.accelerator`` offers if there
# is one (synchronize before reading the clock). How many times as long does an update on 4 096
# points take as one on a single point, and so how many times cheaper is each point? From which
# size on does the time per update clearly grow, on your machine?
# :ref:`Solution <solution-04-3>`

# Your code for exercise 4.3

# %%
# Next: :ref:`the same regression in PyTorch <sphx_glr_tutorials_00_foundations_plot_05_numpy_to_pytorch.py>`.
