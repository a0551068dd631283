r"""
Solutions: the learning rate
============================

The answers to the exercises of
:ref:`the learning rate <sphx_glr_tutorials_00_foundations_plot_02_learning_rate.py>`, computed
when the site is built; each ends with an ``assert`` on its answer. The set-up is the tutorial's:
the points of :math:`y = 1 + 2x + \text{noise}`, its seed, its split and its random start.
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
x_train, y_train, x_val, y_val = shuffle_split(
    x, y, val_fraction=0.2, seed=42
)
b0, w0 = np.random.default_rng(42).standard_normal(2)
b_star, w_star = least_squares(x_train, y_train)
lowest = line_mse(b_star, w_star, x_train, y_train)


def eigenvalues(feature):
    """lambda_min, lambda_max of the MSE's Hessian for a line on this feature."""
    X = np.column_stack([np.ones_like(feature), feature])  # (N, 2)
    return np.linalg.eigvalsh(2 / len(X) * X.T @ X)  # ascending


def steps_to(path, tol=1e-6):
    return int(np.flatnonzero(path.losses - lowest < tol)[0])


lam_min, lam_max = eigenvalues(x_train)
ceiling = 2 / lam_max
best = 2 / (lam_min + lam_max)
print(f"ceiling {ceiling:.3f}, fastest rate {best:.3f}")

# %%
# .. _solution-02-1:
#
# Exercise 2.1 ★: just above the ceiling
# --------------------------------------
# :ref:`The exercise <exercise-02-1>`. One percent above the ceiling the steep factor
# :math:`1 - \eta\lambda_{\max}` is just below −1: the steep component of the error changes sign
# and grows a little in size at every step, so the loss grows by the square of that factor per
# step. It grows slowly, but it grows: the run diverges, only later than the page's "too large".
path = gradient_descent(
    x_train, y_train, b0=b0, w0=w0, lr=1.01 * ceiling, epochs=300
)
print(f"steep factor {1 - path.lr * lam_max:.4f}")
growth = path.losses[-1] / path.losses[-2]
predicted = (1 - 1.01 * ceiling * lam_max) ** 2
print(
    f"loss at the start {path.losses[0]:.3f}, after 300 steps {path.losses[-1]:.3g}"
)
print(
    f"growth per step at the end: x{growth:.4f}; predicted x{predicted:.4f}"
)
assert (
    path.losses[-1] > 1e4 * path.losses[0]
)  # it ends far higher than it started
# the flat component has died out by step 300: only the steep factor is left
assert abs(growth - predicted) < 1e-4 * predicted

# %%
# .. _solution-02-2:
#
# Exercise 2.2 ★★: a feature ten times larger
# -------------------------------------------
# :ref:`The exercise <exercise-02-2>`. Multiplying the feature by ten multiplies
# :math:`\overline{x^2}` by a hundred, and the largest curvature grows with it, though by less,
# because the intercept's part of the Hessian stays the same.
lam_min_10, lam_max_10 = eigenvalues(10 * x_train)
ceiling_10 = 2 / lam_max_10
best_10 = 2 / (lam_min_10 + lam_max_10)
print(
    f"x_train:      lambda = {lam_min:.4f}, {lam_max:.4f}; ceiling {ceiling:.4f}"
)
print(
    f"10 * x_train: lambda = {lam_min_10:.4f}, {lam_max_10:.4f}; ceiling {ceiling_10:.4f}"
)
print(f"the ceiling is {ceiling / ceiling_10:.1f} times lower")
assert 20 < ceiling / ceiling_10 < 30

# the same line, so the same lowest loss (up to rounding)
assert (
    abs(
        line_mse(
            *least_squares(10 * x_train, y_train), 10 * x_train, y_train
        )
        - lowest
    )
    < 1e-12
)
scaled = gradient_descent(
    10 * x_train, y_train, b0=b0, w0=w0, lr=best_10, epochs=2000
)
plain = gradient_descent(
    x_train, y_train, b0=b0, w0=w0, lr=best, epochs=2000
)
print(
    f"steps to within 1e-6 at the fastest rate: {steps_to(plain)} for x_train, "
    f"{steps_to(scaled)} for 10 * x_train"
)
assert steps_to(scaled) > 5 * steps_to(plain)

# %%
# Even at its own fastest rate the larger feature needs several times as many steps, 692 against
# 89, and its ceiling is 26.0 times lower: the bowl is narrower (the ratio
# :math:`\lambda_{\max}/\lambda_{\min}` grew), and the rate that the steep direction allows
# leaves the flat direction slow. That is the subject of the next page.
print(
    f"lambda_max / lambda_min: {lam_max / lam_min:.1f} for x_train, "
    f"{lam_max_10 / lam_min_10:.1f} for 10 * x_train"
)
assert lam_max_10 / lam_min_10 > 5 * lam_max / lam_min

# %%
# .. _solution-02-3:
#
# Exercise 2.3 ★★★: scan for the fastest rate
# -------------------------------------------
# :ref:`The exercise <exercise-02-3>`. The exercise's rates, each run for its number of steps:
rates = np.linspace(0.3, 0.99, 24) * ceiling
counts = np.array(
    [
        steps_to(
            gradient_descent(
                x_train, y_train, b0=b0, w0=w0, lr=lr, epochs=600
            )
        )
        for lr in rates
    ]
)
fastest = rates[counts.argmin()]
print(
    f"fewest steps: {counts.min()} at lr = {fastest:.3f}; best = {best:.3f}"
)
print(f"that rate is {100 * (fastest - best) / best:+.1f} % from best")
print(
    f"at 30 % of the ceiling: {counts[0]} steps; at 99 %: {counts[-1]} steps"
)
assert (
    abs(fastest - best) < 0.05 * best
)  # the grid's fastest rate lies within 5 % of best
assert counts[-1] > 4 * counts.min()
low = counts.argmin()
print(
    f"one grid step below the fastest: {counts[low - 1]} steps; one above: {counts[low + 1]}"
)
assert (
    counts[low - 1] - counts[low] < 10
)  # a little too low costs a few steps
assert (
    counts[-1] - counts[low] > 100
)  # too high, near the ceiling, costs hundreds

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
ax.plot(rates, counts, "o-", markersize=4)
ax.axvline(best, color="C1", linestyle="--", label=f"best = {best:.3f}")
ax.axvline(
    ceiling, color="C3", linestyle=":", label=f"ceiling = {ceiling:.3f}"
)
ax.set(
    xlabel="learning rate",
    ylabel="steps to within 1e-6",
    title="The count falls slowly up to best, then shoots up",
)
ax.legend()
plt.show()

# %%
# The curve is not symmetric. Below ``best`` the count falls slowly as the rate grows: the flat
# factor :math:`1 - \eta\lambda_{\min}` sets the pace, and it improves a little with every increase.
# Just above ``best`` the steep factor :math:`|1 - \eta\lambda_{\max}|` takes over and approaches 1
# at the ceiling, so the count shoots up. The lowest count on this grid lies a little below
# ``best``, not exactly on it: ``best`` balances the two factors for the slowest-shrinking error
# in the long run, while the count also depends on how large each component of the starting error
# is. A rate a little too low costs a few steps; one a little too high can cost hundreds.
