r"""
Solutions: gradient descent
===========================

The answers to the exercises of
:ref:`gradient descent, visualized <sphx_glr_tutorials_00_foundations_plot_01_gradient_descent.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: the points of :math:`y = 1 + 2x + \text{noise}`, its seed and its split.
"""

# %%
# .. _solution-01-1:
#
# Exercise 1.1 ★: ten times the noise
# -----------------------------------
# :ref:`The exercise <exercise-01-1>`. With the same seed, the same :math:`x` and the same
# standard normal draws :math:`\varepsilon` come back; only their scale changes. Least squares is
# linear in :math:`y`, so the fit is the true line plus the fit of the noise alone, and ten times
# the noise moves it exactly ten times as far from (1, 2).
import numpy as np
from sklearn.linear_model import LinearRegression

from dlnotes.descent import make_linear_data, shuffle_split

SEED = 42
offsets = {}
for noise in [0.1, 1.0]:
    x, y = make_linear_data(100, b=1.0, w=2.0, noise=noise, seed=SEED)
    x_train, y_train, x_val, y_val = shuffle_split(
        x, y, val_fraction=0.2, seed=SEED
    )
    print(
        f"seed {SEED}, noise {noise}: {len(x)} points, {len(x_train)} for training"
    )
    reg = LinearRegression().fit(
        x_train.reshape(-1, 1), y_train
    )  # (N, 1) features
    offsets[noise] = np.array([reg.intercept_ - 1.0, reg.coef_[0] - 2.0])
    b, w = reg.intercept_, reg.coef_[0]
    print(
        f"noise {noise}: b = {b:.4f}, w = {w:.4f}, offset from (1, 2): {offsets[noise].round(4)}"
    )
ratio = offsets[1.0] / offsets[0.1]
print(f"offset ratio (b, w): {ratio[0]:.6f}, {ratio[1]:.6f}")
assert np.allclose(
    ratio, 10.0, rtol=1e-9
)  # exact up to rounding: the fit is linear in y

# %%
# .. _solution-01-2:
#
# Exercise 1.2 ★★: too small, too large
# -------------------------------------
# :ref:`The exercise <exercise-01-2>`. The data are the tutorial's again (``noise=0.1``). With
# ``lr=0.01`` the descent is still far from scikit-learn's answer after 1 000 updates; with
# ``lr=0.9`` it is not descending at all: each update overshoots the steep direction of the bowl
# by more than it corrects, and the distance grows to an astronomically large number (the next page
# finds the ceiling).
from dlnotes.descent import gradient_descent, least_squares

x, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=SEED)
x_train, y_train, x_val, y_val = shuffle_split(
    x, y, val_fraction=0.2, seed=SEED
)
best = np.array(
    least_squares(x_train, y_train)
)  # scikit-learn's answer (the normal equations)
b0, w0 = np.random.default_rng(42).standard_normal(
    2
)  # the tutorial's random start


def distance(path) -> np.ndarray:
    """The largest of |b - b*| and |w - w*| after every update."""
    return np.abs(np.asarray(path.params)[1:] - best).max(axis=1)


after_1000 = {}
for lr in [0.01, 0.1, 0.9]:
    path = gradient_descent(
        x_train, y_train, b0=b0, w0=w0, lr=lr, epochs=1000
    )
    after_1000[lr] = distance(path)[-1]
    print(
        f"lr = {lr}: distance from scikit-learn after 1 000 updates: {after_1000[lr]:.2e}"
    )
assert after_1000[0.1] < 1e-4 < after_1000[0.01] < 1 < after_1000[0.9]

slow = gradient_descent(
    x_train, y_train, b0=b0, w0=w0, lr=0.01, epochs=20_000
)
needed = int(np.argmax(distance(slow) <= after_1000[0.1])) + 1
print(
    f"lr = 0.01 gets as close as lr = 0.1 did in 1 000 updates after {needed} updates"
)

# %%
# Ten times the rate, about ten times fewer updates. The reason is the flat direction of the bowl:
# there the error shrinks by a factor :math:`1 - \eta\lambda_{\min}` per update, where
# :math:`\lambda_{\min}` is the smallest eigenvalue of the loss's Hessian
# :math:`H = 2\begin{pmatrix}1 & \bar x\\ \bar x & \overline{x^2}\end{pmatrix}`. Matching
# :math:`(1 - 0.01\lambda_{\min})^k = (1 - 0.1\lambda_{\min})^{1000}` predicts the count.
H = 2 * np.array(
    [[1, x_train.mean()], [x_train.mean(), (x_train**2).mean()]]
)
lam_min = np.linalg.eigvalsh(H)[0]
predicted = 1000 * np.log(1 - 0.1 * lam_min) / np.log(1 - 0.01 * lam_min)
print(
    f"smallest eigenvalue {lam_min:.4f}; predicted {predicted:.0f} updates, measured {needed}"
)
assert 9_000 < needed < 11_000  # about 10x the 1 000 updates of lr = 0.1
assert (
    abs(needed - predicted) < 0.01 * predicted
)  # the flat direction sets the pace

# %%
# .. _solution-01-3:
#
# Exercise 1.3 ★★★: a far start
# -----------------------------
# :ref:`The exercise <exercise-01-3>`. Starting points on one line through the minimum, with
# ``lr=0.1``:
from dlnotes.descent import line_mse

lowest = line_mse(*best, x_train, y_train)
direction = np.array([-1.0, 1.0]) / np.sqrt(2)
distances = [1, 10, 100, 1000]
counts = []
for d in distances:
    b_start, w_start = best + d * direction
    path = gradient_descent(
        x_train, y_train, b0=b_start, w0=w_start, lr=0.1, epochs=3000
    )
    gap = np.asarray(path.losses) - lowest
    counts.append(
        int(np.argmax(gap < 1e-8))
    )  # the first update within 1e-8
    print(f"distance {d:>5}: {counts[-1]} updates")
steps = np.diff(counts)
print("more updates for each tenfold distance:", steps.tolist())

# %%
# The count grows by the same number of updates for each tenfold distance, not in proportion to
# the distance. Near the end only the flat direction is left, where the loss gap shrinks by
# :math:`(1 - \eta\lambda_{\min})^2` per update; a start ten times farther means a gap a hundred
# times larger to shrink, which takes :math:`\ln 100 / (-2\ln(1 - \eta\lambda_{\min}))` more
# updates, whatever the distance.
per_factor_10 = np.log(100) / (-2 * np.log(1 - 0.1 * lam_min))
print(f"predicted per tenfold distance: {per_factor_10:.1f} updates")
assert np.all(np.abs(steps - per_factor_10) < 3)  # counts are whole updates

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
ax.semilogx(distances, counts, "o-")
ax.set(
    xlabel="distance of the start from the minimum (log scale)",
    ylabel="updates to within 1e-8",
    title="Each tenfold distance adds the same number of updates",
)
plt.show()

# %%
# On the log axis the counts lie on a straight line: the number of updates grows with the
# logarithm of the starting distance.
