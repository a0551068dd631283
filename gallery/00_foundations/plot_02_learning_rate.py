r"""
The learning rate decides whether gradient descent crawls, converges, oscillates or explodes
============================================================================================

The update rule :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)` has one knob, the
learning rate :math:`\eta`. The gradient says which way is downhill; :math:`\eta` says how far to
step. Too small and training takes forever; too large and every step overshoots the valley floor,
further each time, until the numbers overflow.

On this page we run the same problem as :ref:`the previous page
<sphx_glr_tutorials_00_foundations_plot_01_gradient_descent.py>` with four learning rates and watch
all four regimes happen. You will be able to:

* recognise each regime from a loss curve;
* compute the largest learning rate that can work for a quadratic loss;
* remember the rule of thumb: when training fails, suspect the learning rate first.
"""

# %%
# The same line, the same start
# -----------------------------
# The data and the random start are those of page 1: :math:`y = 1 + 2x + 0.1\varepsilon`,
# 80 training points, seed 42.
import numpy as np

from dlnotes.descent import least_squares, make_linear_data, mse_loss, shuffle_split

x, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x_train, y_train, _, _ = shuffle_split(x, y, val_fraction=0.2, seed=42)
b0, w0 = np.random.default_rng(42).standard_normal(2)
b_star, w_star = least_squares(x_train, y_train)
lowest = mse_loss(b_star, w_star, x_train, y_train)
print(f"start (b, w) = ({b0:.3f}, {w0:.3f}); minimum at ({b_star:.3f}, {w_star:.3f})")

# %%
# Where the ceiling is
# --------------------
# For the MSE of a line the loss is an exact quadratic bowl whose curvature is the same everywhere:
# its Hessian is :math:`H = \frac{2}{N} X^\top X`, with rows :math:`(1, x_i)` in :math:`X`. Along
# the steepest direction of the bowl (the top eigenvalue :math:`\lambda_{\max}` of :math:`H`) each
# step multiplies the distance to the minimum by :math:`1 - \eta\lambda_{\max}`. That factor is
# smaller than 1 in size only while :math:`\eta < 2/\lambda_{\max}`. The
# :doc:`explanation page </explanations/learning_rate_ceiling>` derives this; here we just use it.
X = np.column_stack([np.ones_like(x_train), x_train])  # (N, 2)
eigenvalues = np.linalg.eigvalsh(2 / len(X) * X.T @ X)  # ascending
ceiling = 2 / eigenvalues[-1]
print(
    f"curvatures {eigenvalues.round(3)}, so the learning rate must stay below {ceiling:.3f}"
)

# %%
# Four learning rates, one budget
# -------------------------------
# We pick four learning rates relative to that ceiling and give each 300 full-batch steps:
#
# * **too small** (2 % of the ceiling): every step is safe and tiny;
# * **good** (45 %): below :math:`1/\lambda_{\max}`, so no step overshoots in any direction;
# * **large** (95 %): still converges, but overshoots the valley floor at every step;
# * **too large** (110 %): overshoots by more each time — it diverges.
from dlnotes.descent import gradient_descent

regimes = {
    "too small": 0.02 * ceiling,
    "good": 0.45 * ceiling,
    "large": 0.95 * ceiling,
    "too large": 1.10 * ceiling,
}
paths = {
    name: gradient_descent(x_train, y_train, b0=b0, w0=w0, lr=lr, epochs=300)
    for name, lr in regimes.items()
}
print(f"{'regime':>10} {'lr':>7} {'steps':>6} {'final loss − lowest':>20}")
for name, path in paths.items():
    note = " (stopped: overflow)" if path.diverged else ""
    print(
        f"{name:>10} {path.lr:>7.3f} {path.n_updates:>6} {path.losses[-1] - lowest:>20.3g}{note}"
    )

# %%
# The paths
# ---------
# On the contour map (first 25 steps of each run), the small learning rate creeps down the wall
# and is still far from the valley floor. The good one slides into the valley and along it. The large one jumps from
# one wall of the valley to the other — a zig-zag — yet the jumps shrink. The too-large one jumps
# further each time and leaves the map.
import matplotlib.pyplot as plt

from dlnotes.descent import loss_grid
from dlnotes.plotting import plot_descent_paths, plot_loss_contour

B, W, L = loss_grid(
    x_train, y_train, np.linspace(-2.5, 4.5, 141), np.linspace(-1.5, 5.5, 141)
)
fig, axes = plt.subplots(
    2, 2, figsize=(10, 8.5), sharex=True, sharey=True, layout="constrained"
)
for ax, (name, path) in zip(axes.flat, paths.items(), strict=True):
    plot_loss_contour(B, W, L, ax=ax, marks={"minimum": (b_star, w_star)})
    plot_descent_paths({f"η = {path.lr:.3f}": path.params[:25]}, ax=ax)
    ax.set_xlim(-2.5, 4.5)
    ax.set_ylim(-1.5, 5.5)
    ax.set_title(f"{name}: first 25 steps")
plt.show()

# %%
# The loss curves
# ---------------
# The loss curve is how you see these regimes in real training, where no contour map exists. On a
# log scale: a slow, steady decline (too small); a fast decline (good); a fast decline that is
# jagged at first (large); a line going *up*, exponentially (too large).
#
# One surprise: the "large" rate ends *lower* than the "good" one. The bowl is a long, narrow
# valley (its two curvatures differ 23-fold), and the slow part of the journey is along the flat
# valley floor, where a bigger step helps. The zig-zag across the steep walls costs less than the
# bigger steps along the floor gain. One learning rate cannot suit both directions at once — the
# problem the next page solves by rescaling the feature.
fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
for name, path in paths.items():
    ax.semilogy(
        np.maximum(path.losses - lowest, 1e-16), label=f"{name} (η = {path.lr:.3f})"
    )
ax.set_ylim(1e-16, 1e12)
ax.set(
    xlabel="step",
    ylabel="loss − lowest possible loss",
    title="same problem, four learning rates",
)
ax.legend()
plt.show()

# %%
# Checking what the pictures show
# -------------------------------
# The oscillation is visible in the numbers too: with the large learning rate, the component of the
# error along the steepest direction changes sign at every step. And the diverging run's loss grows
# by a constant factor per step, :math:`(1 - \eta\lambda_{\max})^2`, exactly as the analysis says.
_, eigenvectors = np.linalg.eigh(2 / len(X) * X.T @ X)
steep = eigenvectors[:, -1]  # direction of the largest curvature


def steep_component(path):
    return (path.params - [b_star, w_star]) @ steep  # (steps + 1,)


signs = np.sign(steep_component(paths["large"])[:10])
print("sign of the steep error component, 'large':", signs.astype(int))
growth = paths["too large"].losses[-1] / paths["too large"].losses[-2]
predicted = (1 - paths["too large"].lr * eigenvalues[-1]) ** 2
print(f"'too large': loss grows ×{growth:.4f} per step; predicted ×{predicted:.4f}")

final = {name: path.losses[-1] - lowest for name, path in paths.items()}
assert (
    final["good"] < 1e-6 and final["too small"] > 1e-3
)  # good converged, small did not
assert final["large"] < final["good"]  # zig-zagging, yet ahead on this narrow valley
assert np.all(signs[1:] != signs[:-1])  # zig-zag: the sign flips every step
assert paths["too large"].losses[-1] > 100 * paths["too large"].losses[0]
assert abs(growth - predicted) < 1e-3 * predicted

# %%
# Key points
# ----------
# * A learning rate that is too small wastes steps; one that is too large makes the loss grow,
#   usually exponentially, until it overflows to ``inf`` or ``nan``.
# * Between them lies a window of working rates. For a quadratic loss its upper edge is
#   :math:`2/\lambda_{\max}`; real networks have no formula, so the window is found by trying.
# * Zig-zag loss curves mean "close to the edge": halve the learning rate.
# * **Training fails → first suspect the learning rate.** Try it 10× smaller before anything else.
#
# Try it
# ------
# * Find the best learning rate for this problem by scanning, e.g. 30 values between 0.01 and 0.8,
#   and counting the steps each needs to get within :math:`10^{-6}` of the lowest loss. Compare
#   with :math:`2/(\lambda_{\min} + \lambda_{\max})`, the theoretical best for a quadratic.
# * Multiply ``x`` by 10 and recompute the ceiling: the next page is about why it collapses.
#
# Next: :ref:`feature scaling <sphx_glr_tutorials_00_foundations_plot_03_feature_scaling.py>`.
