r"""
Solutions: batch, mini-batch and stochastic descent
===================================================

The answers to the exercises of
:ref:`batch, mini-batch and stochastic descent
<sphx_glr_tutorials_00_foundations_plot_04_batch_sizes.py>`, computed when the site is built; each
ends with an ``assert`` on its answer. The set-up is the tutorial's: page 1's 80 training points,
its random start, learning rate 0.1, 30 epochs, shuffles with ``seed=0``.
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
    mse_gradient,
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
sgd = gradient_descent(
    x_train,
    y_train,
    b0=b0,
    w0=w0,
    lr=LR,
    epochs=EPOCHS,
    batch_size=1,
    seed=0,
)


def mean_distance(params, last_updates):
    """Mean distance to the minimum over the last updates' parameters."""
    tail = np.asarray(params)[-last_updates:]  # (last_updates, 2)
    return np.linalg.norm(tail - [b_star, w_star], axis=1).mean()


print(
    f"{len(x_train)} training points, learning rate {LR}, {EPOCHS} epochs, shuffles with seed 0"
)
LAST = 5 * len(x_train)  # the last 5 epochs of SGD
print(
    f"SGD: {sgd.n_updates} updates; the last 5 epochs are its last {LAST}"
)

# %%
# .. _solution-04-1:
#
# Exercise 4.1 ★★: a decaying rate
# --------------------------------
# :ref:`The exercise <exercise-04-1>`. The tutorial's ``train_line`` with batches of one point, a
# rate that decays with the update count, and every step kept. With the constant rate the same
# loop reproduces the page's SGD run exactly (the same shuffles, the same arithmetic), which checks
# the loop.


def train_sgd(lr_at, seed=0):
    """Stochastic descent on the line; lr_at(t) is the rate at update t."""
    rng = np.random.default_rng(seed)
    b, w, t = b0, w0, 0
    params = [(b, w)]
    for _ in range(EPOCHS):
        order = rng.permutation(len(x_train))
        for start in range(len(x_train)):
            idx = order[start : start + 1]
            grad_b, grad_w = mse_gradient(b, w, x_train[idx], y_train[idx])
            b, w = b - lr_at(t) * grad_b, w - lr_at(t) * grad_w
            params.append((b, w))
            t += 1
    return np.array(params)  # (updates + 1, 2)


constant = train_sgd(lambda t: LR)
assert np.array_equal(
    constant, sgd.params
)  # the same operations in the same order
decayed = train_sgd(lambda t: 0.1 / (1 + t / 500))
jitter = {
    "constant rate": mean_distance(sgd.params, LAST),
    "decaying rate": mean_distance(decayed, LAST),
}
for name, value in jitter.items():
    print(
        f"{name}: mean distance to the minimum over the last 5 epochs {value:.4f}"
    )
print(f"ratio: {jitter['constant rate'] / jitter['decaying rate']:.1f}")
assert jitter["decaying rate"] < jitter["constant rate"] / 2

# %%
# The decaying rate ends several times closer to the minimum. Each single-point step pulls the
# line towards its point by an amount proportional to the rate; by the last epochs the rate has
# fallen to a fraction of 0.1, and the jitter with it:
print(
    f"rate at the last update: {0.1 / (1 + (sgd.n_updates - 1) / 500):.4f}"
)

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
for name, params in [
    ("constant rate 0.1", sgd.params),
    ("0.1 / (1 + t / 500)", decayed),
]:
    ax.semilogy(
        np.linalg.norm(np.asarray(params) - [b_star, w_star], axis=1),
        label=name,
        lw=0.8,
    )
ax.set(
    xlabel="update",
    ylabel="distance to the minimum (log scale)",
    title="A decaying rate shrinks the jitter",
)
ax.legend()
plt.show()

# %%
# .. _solution-04-2:
#
# Exercise 4.2 ★★: the same number of updates
# -------------------------------------------
# :ref:`The exercise <exercise-04-2>`. One epoch is one update for batch descent and five for
# mini-batches of 16 points, so 2 400 updates take 2 400 and 480 epochs:
equal_updates = {
    "batch (80)": gradient_descent(
        x_train, y_train, b0=b0, w0=w0, lr=LR, epochs=sgd.n_updates, seed=0
    ),
    "mini-batch (16)": gradient_descent(
        x_train,
        y_train,
        b0=b0,
        w0=w0,
        lr=LR,
        epochs=sgd.n_updates // 5,
        batch_size=16,
        seed=0,
    ),
    "stochastic (1)": sgd,
}
final = {}
for name, run in equal_updates.items():
    final[name] = run.losses[-1] - lowest
    print(
        f"{name:>16}: {run.n_updates} updates, {run.n_updates // run.updates_per_epoch:>4} "
        f"passes, final loss − lowest {final[name]:.2e}"
    )
assert all(run.n_updates == sgd.n_updates for run in equal_updates.values())
# exact gradients reach the minimum (to rounding); noisy ones keep jittering around it
assert (
    final["batch (80)"]
    < 1e-12
    < final["mini-batch (16)"]
    < final["stochastic (1)"]
)

# %%
# With the same number of updates the order reverses: batch descent ends closest, at the minimum
# up to rounding, because its steps are exact; the mini-batch run jitters a little and SGD most.
# The batch run paid for it with 2 400 passes over the data, eighty times the stochastic run's 30.
# Per update the large batch wins; per pass, the small one.

# %%
# .. _solution-04-3:
#
# Exercise 4.3 ★★★: the same sweep in PyTorch
# -------------------------------------------
# :ref:`The exercise <exercise-04-3>`. One update is ``zero_grad``, the loss and ``backward`` (no
# optimizer step, as in the tutorial's sweep, which timed the gradient only). On a GPU the work is
# queued and runs later, so the clock is read only after ``torch.accelerator.synchronize()``.
import time

import torch
from torch import nn

if torch.accelerator.is_available():
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")
print(f"device: {device.type}")

torch.manual_seed(0)
model = nn.Linear(1, 1).to(device)
loss_fn = nn.MSELoss()
big_x = torch.randn(65_536, 1, device=device)  # (65536, 1)
big_y = 1 + 2 * big_x + 0.1 * torch.randn(65_536, 1, device=device)


def update(xb, yb):
    model.zero_grad()
    loss_fn(model(xb), yb).backward()


def synchronize():
    if device.type != "cpu":
        torch.accelerator.synchronize()


def best_time(fn, repeats=10):
    """Shortest wall time of a few calls, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        synchronize()
        start = time.perf_counter()
        fn()
        synchronize()
        times.append(time.perf_counter() - start)
    return min(times)


best_time(
    lambda: [update(big_x[:1], big_y[:1]) for _ in range(50)]
)  # warm-up
per_update = {}
for size in [1, 16, 256, 4096, 65_536]:
    xb, yb = big_x[:size], big_y[:size]
    calls = max(
        1, min(20, 16_384 // size)
    )  # short timings: robust to other work
    per_update[size] = (
        best_time(
            lambda xb=xb, yb=yb, n=calls: [update(xb, yb) for _ in range(n)]
        )
        / calls
    )
    print(
        f"batch of {size:>6}: {1e6 * per_update[size]:8.1f} µs per update, "
        f"{1e9 * per_update[size] / size:10.1f} ns per point"
    )
growth = per_update[4096] / per_update[1]
print(
    f"4096 points vs 1: {growth:.1f}× the time per update, {4096 / growth:.0f}× cheaper per point"
)
# the fixed cost of an update (Python, dispatch, launching kernels) dominates at 4 096 points:
# about 1.1x on the CPU this was written on; 10x leaves room for a slower or busy machine
assert growth < 10

# %%
# As in the NumPy sweep, the time of an update hardly grows from 1 to thousands of points, so
# each point costs thousands of times less in a batch of 4 096 than alone. Where the time
# per update starts to grow depends on the machine (its cores, its threads, an accelerator), and
# the table above is this build's answer.
fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
sizes = list(per_update)
ax.loglog(sizes, [1e6 * per_update[s] for s in sizes], "o-")
ax.set(
    xlabel="batch size (log scale)",
    ylabel="µs per update (log scale)",
    title=f"nn.Linear(1, 1), one update, on {device.type}",
)
plt.show()
