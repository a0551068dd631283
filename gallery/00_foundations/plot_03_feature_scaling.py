r"""
Feature scaling turns a narrow valley into a round bowl, and gradient descent gets 100× faster
===============================================================================================

A feature measured in large units (metres instead of kilometres, pixels from 0 to 255, incomes in
dollars) makes the loss much steeper along its weight than along the others. The loss surface
becomes a long, narrow valley; the learning rate must be small enough for the steep walls, and
then progress along the flat floor is slow.

Rescaling the features fixes this before training starts. On this page you will:

* see the valley before and the bowl after standardization, and measure the steps each needs;
* meet the three things people call "normalization" and when each fits;
* learn why the scaler is fitted on the training split only — and see what goes wrong otherwise.
"""

# %%
# A feature on a large scale
# --------------------------
# The same line as before, but the feature now runs from 0 to 10 instead of 0 to 1 (think of
# measuring in decimetres instead of metres): :math:`y = 1 + 0.2\,x + 0.1\varepsilon`.
import numpy as np

from dlnotes.descent import least_squares, make_linear_data, shuffle_split

x01, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x = 10 * x01  # the same data in units ten times smaller: w becomes 0.2
x_train, y_train, x_val, y_val = shuffle_split(x, y, val_fraction=0.2, seed=42)
b_star, w_star = least_squares(x_train, y_train)
print(
    f"x from {x_train.min():.2f} to {x_train.max():.2f}; best line b = {b_star:.3f}, w = {w_star:.4f}"
)

# %%
# Standardization: mean 0, standard deviation 1
# ---------------------------------------------
# :math:`x' = (x - \mu)/\sigma`, with :math:`\mu` and :math:`\sigma` computed on the **training**
# split. :class:`~dlnotes.data.StandardScaler` does exactly this (on tensors of shape
# ``(N, features)``); the same statistics are then applied to any other split.
import torch

from dlnotes.data import StandardScaler

scaler = StandardScaler().fit(torch.tensor(x_train).reshape(-1, 1))
xs_train = scaler.transform(torch.tensor(x_train).reshape(-1, 1)).numpy().ravel()
xs_val = scaler.transform(torch.tensor(x_val).reshape(-1, 1)).numpy().ravel()
mu, sigma = scaler.shift_.item(), scaler.scale_.item()
print(f"training mean {mu:.3f}, std {sigma:.3f}")
print(f"scaled training split: mean {xs_train.mean():.1e}, std {xs_train.std():.6f}")

# %%
# The valley and the bowl
# -----------------------
# The same data, the same model, two parametrizations. Left, the loss over :math:`(b, w)` for the
# raw feature: a valley so narrow it looks like a line. Right, over :math:`(b', w')` for the
# standardized feature: perfectly round. The curvatures (eigenvalues of the Hessian) say by how
# much: their ratio, the *condition number*, drops from about 150 to exactly 1.
import matplotlib.pyplot as plt

from dlnotes.descent import loss_grid
from dlnotes.plotting import plot_loss_contour


def curvatures(feature):
    X = np.column_stack([np.ones_like(feature), feature])  # (N, 2)
    return np.linalg.eigvalsh(2 / len(X) * X.T @ X)  # ascending


bs_star, ws_star = least_squares(xs_train, y_train)
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
for ax, feature, (bc, wc), names in [
    (axes[0], x_train, (b_star, w_star), ("b", "w")),
    (axes[1], xs_train, (bs_star, ws_star), ("b′", "w′")),
]:
    B, W, L = loss_grid(
        feature,
        y_train,
        np.linspace(bc - 1.5, bc + 1.5, 121),
        np.linspace(wc - 1.5, wc + 1.5, 121),
    )
    plot_loss_contour(B, W, L, ax=ax, marks={"minimum": (bc, wc)})
    lam = curvatures(feature)
    ax.set(xlabel=names[0], ylabel=names[1], aspect="equal")
    ax.set_title(
        f"curvatures {lam[0]:.2f} and {lam[1]:.1f}: ratio {lam[1] / lam[0]:.0f}"
    )
axes[0].text(0.03, 0.04, "raw x (0–10)", transform=axes[0].transAxes, color="white")
axes[1].text(0.03, 0.04, "standardized x", transform=axes[1].transAxes, color="white")
plt.show()

# %%
# Measuring the speed-up
# ----------------------
# For each version we try 25 learning rates between 0.1 % and 99.9 % of its ceiling
# :math:`2/\lambda_{\max}`, run full-batch descent from :math:`(0, 0)` for up to 2 000 steps, and
# count the steps until the loss is within :math:`10^{-6}` of its minimum. The best of each is
# what a careful tuner would find.
from dlnotes.descent import gradient_descent, mse_loss

MAX_STEPS = 2000


def steps_to_converge(feature, lr):
    path = gradient_descent(feature, y_train, b0=0.0, w0=0.0, lr=lr, epochs=MAX_STEPS)
    lowest = mse_loss(*least_squares(feature, y_train), feature, y_train)
    done = np.flatnonzero(path.losses - lowest < 1e-6)
    return int(done[0]) if len(done) else None  # None: not within MAX_STEPS


results = {}
for name, feature in [("raw x", x_train), ("standardized x", xs_train)]:
    ceiling = 2 / curvatures(feature)[-1]
    scan = {
        lr: steps_to_converge(feature, lr)
        for lr in np.geomspace(1e-3, 0.999, 25) * ceiling
    }
    converged = {lr: s for lr, s in scan.items() if s is not None}
    best_lr = min(converged, key=converged.get)
    results[name] = (ceiling, best_lr, converged[best_lr], len(converged))
    print(
        f"{name:>15}: ceiling {ceiling:.4f}; best lr {best_lr:.4f} needs {converged[best_lr]:>4} "
        f"steps ({len(converged)} of 25 rates converged within {MAX_STEPS})"
    )

speedup = results["raw x"][2] / results["standardized x"][2]
print(f"standardization needs {speedup:.0f}× fewer steps")
assert speedup > 100
assert (
    results["standardized x"][0] / results["raw x"][0] > 30
)  # the ceiling rose 30-fold

# %%
# The round bowl has one more gift. Its Hessian is :math:`2I`, so the learning rate
# :math:`\eta = 1/2` maps *every* starting point straight to the minimum: one step, exactly.
print("standardized x, lr = 0.5:", steps_to_converge(xs_train, 0.5), "step")
assert steps_to_converge(xs_train, 0.5) == 1

# %%
# Standardizing changed the parameters, not the model: :math:`w = w'/\sigma` and
# :math:`b = b' - w'\mu/\sigma` recover the line in the original units.
w_back = ws_star / sigma
b_back = bs_star - ws_star * mu / sigma
print(f"from the standardized fit: b = {b_back:.4f}, w = {w_back:.5f}")
print(f"directly on raw x:         b = {b_star:.4f}, w = {w_star:.5f}")
assert np.allclose([b_back, w_back], [b_star, w_star])

# %%
# Three kinds of "normalization"
# ------------------------------
# The word is used for three different operations. On two real features of scikit-learn's
# breast-cancer data, whose scales differ a thousand-fold:
#
# * **min-max rescaling** (:class:`~dlnotes.data.MinMaxScaler`) maps each feature to [0, 1]. Use it
#   when a bounded range matters: pixel intensities, or inputs to a sigmoid. One outlier squeezes
#   everything else into a corner.
# * **standardization** (:class:`~dlnotes.data.StandardScaler`) gives each feature mean 0 and
#   standard deviation 1. The default for inputs of networks trained by gradient descent.
# * **unit-norm scaling** (:class:`~dlnotes.data.UnitNormScaler`) divides each *sample* (row) by its
#   length. Use it when only the direction of a sample matters (word counts, embeddings). It does
#   not fix feature scales: here the large feature still dominates every row.
from dlnotes.data import MinMaxScaler, UnitNormScaler
from dlnotes.datasets import load_breast_cancer

features, _, names = load_breast_cancer()
pair = features[
    :, [names.index("mean area"), names.index("mean smoothness")]
]  # (569, 2)
versions = {
    "raw": pair,
    "min-max": MinMaxScaler().fit_transform(pair),
    "standardized": StandardScaler().fit_transform(pair),
    "unit norm (per row)": UnitNormScaler().fit_transform(pair),
}
fig, axes = plt.subplots(1, 4, figsize=(13, 3.3), layout="constrained")
for ax, (name, values) in zip(axes, versions.items(), strict=True):
    ax.scatter(values[:, 0], values[:, 1], s=5, alpha=0.6)
    ax.set(title=name, xlabel="mean area", ylabel="mean smoothness")
plt.show()

for name, values in versions.items():
    lo, hi = values.min(0).values.tolist(), values.max(0).values.tolist()
    print(
        f"{name:>20}: area in [{lo[0]:.3g}, {hi[0]:.3g}], smoothness in [{lo[1]:.3g}, {hi[1]:.3g}]"
    )

# %%
# Fit the scaler on the training split only
# -----------------------------------------
# The statistics of a scaler are learned from data, like the weights, so the validation split
# must not contribute to them. Here is why it matters. A sensor drifts upwards over time; we train
# on the first 80 readings and validate on the last 20.
t = np.arange(100)
readings = torch.tensor(
    t / 10 + np.random.default_rng(0).normal(0, 0.5, 100), dtype=torch.float32
).reshape(-1, 1)
train, val = readings[:80], readings[80:]

leaky = MinMaxScaler().fit(readings)  # wrong: has seen the validation readings
honest = MinMaxScaler().fit(train)  # right: training statistics only
for name, scaler in [("fit on all data", leaky), ("fit on train only", honest)]:
    scaled = scaler.transform(val)
    print(f"{name:>18}: validation scaled to [{scaled.min():.2f}, {scaled.max():.2f}]")

# %%
# Fitted on everything, the validation data look perfectly in range. Fitted honestly, they go
# above 1: the model will meet inputs unlike any it was trained on, and the validation score
# now tells us so. The leaky version hides the problem until the model is deployed.
assert leaky.transform(val).max() <= 1.0 + 1e-6
assert honest.transform(val).max() > 1.1

# %%
# Key points
# ----------
# * Features on different scales make the loss a narrow valley: the learning rate is capped by the
#   steepest direction, and progress along the flattest is slow. Here standardization cut the steps
#   needed by more than 100×, and the largest usable learning rate grew 30-fold.
# * Standardize inputs (mean 0, std 1) by default; use min-max when a bounded range is needed and
#   unit-norm scaling when only each sample's direction matters.
# * Fit scalers on the training split only, then transform every split with those statistics,
#   just as the model's weights are learned from training data only.
#
# Try it
# ------
# * Scale ``x`` by 100 instead of 10: how do the ceiling and the step count change?
# * Standardize with :class:`~dlnotes.data.MinMaxScaler` instead and compare the step count.
#
# Next: :ref:`batch, mini-batch and stochastic descent
# <sphx_glr_tutorials_00_foundations_plot_04_batch_sizes.py>`.
