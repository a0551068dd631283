r"""
Feature scaling turns a narrow valley into a round bowl: over 100× fewer gradient-descent steps
===============================================================================================

A feature whose numbers are large (a distance in metres rather than kilometres, pixel intensities
stored as bytes, incomes in dollars) makes the loss much steeper along its weight than along the
others. The loss surface
becomes a long, narrow valley; the learning rate must be small enough for the steep walls, and
then progress along the flat floor is slow.

Rescaling the features fixes this before training starts. On this page you will:

* see the valley before and the bowl after standardization, and measure the steps each needs;
* meet the three things people call "normalization" and when each fits;
* learn why a scaler is fitted on the training split only — and measure what goes wrong otherwise.
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
x_train, y_train, x_val, y_val = shuffle_split(
    x, y, val_fraction=0.2, seed=42
)
b_star, w_star = least_squares(x_train, y_train)
print(
    f"x from {x_train.min():.2f} to {x_train.max():.2f}; "
    f"best line b = {b_star:.3f}, w = {w_star:.4f}"
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
xs_train = (
    scaler.transform(torch.tensor(x_train).reshape(-1, 1)).numpy().ravel()
)
xs_val = (
    scaler.transform(torch.tensor(x_val).reshape(-1, 1)).numpy().ravel()
)
mu, sigma = scaler.shift_.item(), scaler.scale_.item()
print(f"training mean {mu:.3f}, std {sigma:.3f}")
print(
    f"scaled training split: mean {xs_train.mean():.1e}, "
    f"std {xs_train.std():.6f}"
)

# %%
# The valley and the bowl
# -----------------------
# The same data, the same model, two parametrizations. Left, the loss over :math:`(b, w)` for the
# raw feature: a valley so narrow it looks like a line. Right, over :math:`(b', w')` for the
# standardized feature: perfectly round. The curvatures (eigenvalues of the Hessian, printed below
# the figure) say by how much: their ratio, the *condition number*, drops from about 155 to 1.
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
        f"curvatures {lam[0]:.2f} and {lam[1]:.2f}: "
        f"ratio {lam[1] / lam[0]:.0f}"
    )
axes[0].text(
    0.03, 0.04, "raw x (0–10)", transform=axes[0].transAxes, color="white"
)
axes[1].text(
    0.03, 0.04, "standardized x", transform=axes[1].transAxes, color="white"
)
plt.show()

for name, feature in [("raw x", x_train), ("standardized x", xs_train)]:
    lam = curvatures(feature)
    print(
        f"{name:>15}: curvatures {lam.round(4)}, "
        f"condition number {lam[1] / lam[0]:.2f}"
    )
# the Hessian of the round bowl is 2I
assert np.allclose(curvatures(xs_train), 2.0)

# %%
# Measuring the speed-up
# ----------------------
# For each version we try 25 learning rates between 0.1 % and 99.9 % of its ceiling
# :math:`2/\lambda_{\max}`, run full-batch descent from :math:`(0, 0)` for up to 2 000 steps, and
# count the steps until the loss is within :math:`10^{-6}` of its minimum. The best of each
# stands for what a tuner would find. The scan is coarse, so a rate between two of its points can
# do a little better — for the round bowl much better, as the cell after this one shows.
from dlnotes.descent import gradient_descent, line_mse

N_RATES, LOWEST_RATE, HIGHEST_RATE, MAX_STEPS, TOL = (
    25,
    1e-3,
    0.999,
    2000,
    1e-6,
)
print(
    f"{N_RATES} rates from {LOWEST_RATE:.1%} "
    f"to {HIGHEST_RATE:.1%} of the ceiling, "
    f"at most {MAX_STEPS} steps, tolerance {TOL:.0e}"
)


def steps_to_converge(feature, lr):
    path = gradient_descent(
        feature, y_train, b0=0.0, w0=0.0, lr=lr, epochs=MAX_STEPS
    )
    lowest = line_mse(*least_squares(feature, y_train), feature, y_train)
    done = np.flatnonzero(path.losses - lowest < TOL)
    return int(done[0]) if len(done) else None  # None: not within MAX_STEPS


results = {}
for name, feature in [("raw x", x_train), ("standardized x", xs_train)]:
    ceiling = 2 / curvatures(feature)[-1]
    scan = {
        lr: steps_to_converge(feature, lr)
        for lr in np.geomspace(LOWEST_RATE, HIGHEST_RATE, N_RATES) * ceiling
    }
    converged = {lr: s for lr, s in scan.items() if s is not None}
    best_lr = min(converged, key=converged.get)
    results[name] = (ceiling, best_lr, converged[best_lr], len(converged))
    print(
        f"{name:>15}: ceiling {ceiling:.4f}; "
        f"best lr {best_lr:.4f} needs {converged[best_lr]:>4} steps\n"
        f"{'':>17}({len(converged)} of {N_RATES} "
        f"rates converged within {MAX_STEPS})"
    )

speedup = results["raw x"][2] / results["standardized x"][2]
ceiling_gain = results["standardized x"][0] / results["raw x"][0]
print(
    f"standardization needs {speedup:.0f}× fewer steps; "
    f"the ceiling is {ceiling_gain:.0f}× higher"
)
assert speedup > 100

# %%
# The round bowl has one more gift. Its Hessian is :math:`2I`, so the learning rate
# :math:`\eta = 1/2` maps *every* starting point straight to the minimum: one step, exactly.
print(
    f"standardized x, lr = {0.5:.2f}:",
    steps_to_converge(xs_train, 0.5),
    "step",
)
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
# breast-cancer data, whose typical values differ several thousand-fold (printed below):
#
# * **min-max rescaling** (:class:`~dlnotes.data.MinMaxScaler`) maps each feature to [0, 1]. Use it
#   when a bounded range matters: pixel intensities, or the *targets* of a network whose output
#   activation is bounded — a sigmoid output can only produce values between 0 and 1, so targets
#   must be brought into that range. Note 002 advises scaling data to [0, 1] "if the activation
#   function's range is 0 to 1" without saying which data; the advice holds for the targets of
#   such an *output* activation. Inputs pass through a linear layer before any activation, so
#   the activation's range is no reason to min-max scale them. A few extreme values squeeze all the others into a small part of the range: here half of the areas
#   end up below 0.17.
# * **standardization** (:class:`~dlnotes.data.StandardScaler`) gives each feature mean 0 and
#   standard deviation 1. The default for inputs of networks trained by gradient descent.
# * **unit-norm scaling** (:class:`~dlnotes.data.UnitNormScaler`) divides each *sample* (row) by its
#   length. Use it when only the direction of a sample matters (word counts, embeddings). It does
#   not fix feature scales: here the large feature still dominates every row, and every scaled row
#   is practically the point (1, 0).
#
# Min-max rescaling and standardization both shift and stretch each feature, so their two scatter
# plots have exactly the shape of the raw one; only the numbers on the axes change.
from dlnotes.data import MinMaxScaler, UnitNormScaler
from dlnotes.datasets import load_breast_cancer

features, _, names = load_breast_cancer()
pair = features[
    :, [names.index("mean area"), names.index("mean smoothness")]
]  # (569, 2)
versions = {
    "raw": (pair, "mean area", "mean smoothness"),
    "min-max": (
        MinMaxScaler().fit_transform(pair),
        "(area − min) / (max − min)",
        "(smoothness − min) / (max − min)",
    ),
    "standardized": (
        StandardScaler().fit_transform(pair),
        "(area − mean) / std",
        "(smoothness − mean) / std",
    ),
    "unit norm (per row)": (
        UnitNormScaler().fit_transform(pair),
        "area / row length",
        "smoothness / row length",
    ),
}
fig, axes = plt.subplots(1, 4, figsize=(14, 3.6), layout="constrained")
for ax, (name, (values, xlabel, ylabel)) in zip(
    axes, versions.items(), strict=True
):
    ax.scatter(values[:, 0], values[:, 1], s=5, alpha=0.6)
    ax.set(title=name, xlabel=xlabel, ylabel=ylabel)
axes[3].scatter(
    *versions["unit norm (per row)"][0].T, s=40, color="tab:red", zorder=3
)
axes[3].annotate(
    f"all {len(pair)} rows",
    (1, 0),
    xytext=(0.35, 0.25),
    arrowprops={"arrowstyle": "->"},
)
angle = np.linspace(0, np.pi / 2, 50)
axes[3].plot(
    np.cos(angle),
    np.sin(angle),
    color="grey",
    linewidth=0.8,
    label="length 1",
)
axes[3].set(xlim=(0, 1.1), ylim=(0, 1.1), aspect="equal")
axes[3].legend(loc="upper right")
plt.show()

for name, (values, _, _) in versions.items():
    lo, hi = values.min(0).values.tolist(), values.max(0).values.tolist()
    print(
        f"{name:>20}: area in [{lo[0]:.4g}, {hi[0]:.4g}], "
        f"smoothness in [{lo[1]:.3g}, {hi[1]:.3g}]"
    )
ratio = pair[:, 0].median() / pair[:, 1].median()
print(f"median area / median smoothness: {ratio:.0f}")
unit_area = versions["unit norm (per row)"][0][:, 0]
print(
    "unit norm: every row's area component "
    f"lies in [{unit_area.min():.7f}, 1]"
)
median_area = versions["min-max"][0][:, 0].median().item()
print(f"median min-max area: {median_area:.2f}")

# %%
# Fit the scaler on the training split only
# -----------------------------------------
# The statistics of a scaler are learned from data, like the weights, so the validation split
# must not contribute to them. Here is what goes wrong otherwise, in the style of
# scikit-learn's "common pitfalls": the wrong way, its measured consequence, the fix.
#
# A sensor drifts upwards over time, and the quantity :math:`y` we predict follows the reading. We
# train on the first 80 time steps and validate on the next 20; the 20 after those stand for
# deployment, data that did not exist when we validated. Following note 002, the model has a
# sigmoid output, so the targets are min-max scaled to [0, 1]: ``nn.Linear(1, 1)`` followed by
# ``nn.Sigmoid()``, fitted by least squares (``torch.optim.LBFGS``; page 5 explains the training
# code). The reading is standardized with training statistics in both versions; they differ only
# in where the *target* scaler learned its minimum and maximum. Five noise seeds.
from torch import nn


def fit_sigmoid_line(x, y):
    """Least-squares fit of sigmoid(a + b x) to targets in [0, 1]."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid()).double()
    optimizer = torch.optim.LBFGS(
        model.parameters(), max_iter=500, line_search_fn="strong_wolfe"
    )

    # LBFGS evaluates the loss several times per step, so it takes a
    # function
    def closure():
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return model


# (120, 1) time steps
t = torch.arange(120, dtype=torch.float64).reshape(-1, 1)
train, val, deploy = slice(0, 80), slice(80, 100), slice(100, 120)
print(
    "time steps: train",
    len(t[train]),
    "| validation",
    len(t[val]),
    "| deploy",
    len(t[deploy]),
)
target_scaler_fit_on = {
    "wrong: target scaler fit on train + validation": slice(0, 100),
    "right: fit on train only": train,
}
# per seed: train, val, deploy MSE
errors = {name: [] for name in target_scaler_fit_on}
for seed in range(5):
    g = torch.Generator().manual_seed(seed)
    reading = t / 10 + 0.5 * torch.randn(
        120, 1, generator=g, dtype=torch.float64
    )
    noise = 0.1 * torch.randn(120, 1, generator=g, dtype=torch.float64)
    target = 2 + 0.5 * reading + noise
    inputs = StandardScaler().fit(reading[train]).transform(reading)
    for name, fit_on in target_scaler_fit_on.items():
        target_scaler = MinMaxScaler().fit(target[fit_on])
        model = fit_sigmoid_line(
            inputs[train], target_scaler.transform(target[train])
        )
        with torch.no_grad():
            # original units
            predicted = target_scaler.inverse_transform(model(inputs))
        errors[name].append(
            [
                nn.functional.mse_loss(predicted[s], target[s]).item()
                for s in (train, val, deploy)
            ]
        )

print(
    f"{'mean MSE over 5 seeds':>48}{'train':>8}{'valid.':>8}{'deploy':>8}"
)
mean = {name: np.mean(runs, axis=0) for name, runs in errors.items()}
for name, (train_mse, val_mse, deploy_mse) in mean.items():
    print(f"{name:>48}{train_mse:>8.3f}{val_mse:>8.3f}{deploy_mse:>8.3f}")
wrong, right = mean.values()
print(
    "the wrong way's validation MSE is "
    f"{right[1] / wrong[1]:.1f}× lower than the right way's,"
)
print(
    "and its deployment MSE is "
    f"{wrong[2] / wrong[1]:.1f}× its validation MSE"
)
for w_run, r_run in zip(*errors.values(), strict=True):
    # the leak flatters validation, for every seed
    assert w_run[1] < r_run[1] / 2

# %%
# The same model, trained on the same 80 points, gets a validation MSE 6.4× lower when the target
# scaler has seen the validation targets — and that score is false: on the data that come after,
# its error is 11.0× its validation error. The leaky scaler made room
# at the top of the sigmoid's range for exactly the validation targets, something no scaler can do
# for data that do not exist yet. Fitted honestly, the validation error is high, and rightly so:
# the sigmoid cannot output more than the training maximum, and the drifting target goes past it.
# (The honest score still underestimates deployment, as the drift goes on, but it points at the
# problem: validation error far above training error.) The fix is the pipeline of the "right"
# row — every scaler fitted on the training split, then applied unchanged to every other split —
# and then, prompted by its honest score, a model whose output is not bounded (see Try it).
#
# The leaky model also errs less at deployment (0.608 against 1.968): its scaler knew the range
# of 20 more targets. Using those targets is legitimate — once validation is done, refit on
# train + validation. What the leak spoils is the validation score, which no longer measures the
# error on data the model has not seen.
#
# Scaling the *input* the leaky way could not change the best fit: the line's own weight and
# bias absorb any shift and stretch of its input. A leak matters wherever the statistics set something the model
# cannot undo — here the bounds of its output.

# %%
# Key points
# ----------
# * Features on different scales make the loss a narrow valley: the learning rate is capped by the
#   steepest direction, and progress along the flattest is slow. Here, with the best of 25 rates
#   for each, standardization cut the steps needed 156×, and the largest usable learning rate
#   grew 33×.
# * Standardize inputs (mean 0, std 1) by default; use min-max when a bounded range is needed and
#   unit-norm scaling when only each sample's direction matters.
# * Fit scalers on the training split only, then transform every split with those statistics,
#   just as the model's weights are learned from training data only. A scaler that has seen the
#   validation data can make the validation score look several times better than what deployment
#   delivers.
#
# Try it
# ------
# * Scale ``x`` by 100 instead of 10: how do the ceiling and the step count change?
# * Rescale ``x`` with :class:`~dlnotes.data.MinMaxScaler` instead of standardizing it and compare
#   the curvatures and the step count.
# * In the sensor example, drop the ``nn.Sigmoid()`` and the target scaler: how do the validation
#   and deployment errors of the linear output compare?
#
# Next: :ref:`batch, mini-batch and stochastic descent
# <sphx_glr_tutorials_00_foundations_plot_04_batch_sizes.py>`.
