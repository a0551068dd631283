r"""
Feature scaling: standardizing a feature cut gradient-descent steps 21× (feature in 0–1) and 156× (in 0–10)
===========================================================================================================

A feature whose numbers are large (a distance in metres rather than kilometres, pixel intensities
stored as bytes, incomes in dollars) makes the loss much steeper along its weight than along the
others. The loss surface becomes a long, narrow valley; the learning rate must be small enough
for the steep walls, and then progress along the flat floor is slow.

Rescaling the features, before training starts, removes the part of this that comes from their
scales. On this page you will:

* rescale features with scikit-learn's ``StandardScaler``, fitted on the training split, and see
  what it computes;
* see the valley before and the bowl after standardization, and measure the steps each needs;
* see why the bowl is round only for a single feature, and what correlated features leave;
* meet the three things people call "normalization" and when each fits;
* learn why a scaler is fitted on the training split only — and measure what goes wrong otherwise.
"""

# %%
# A feature on a large scale
# --------------------------
# The same line as before, but the feature now runs from 0 to 10 instead of 0 to 1 (think of
# measuring in decimetres instead of metres): :math:`y = 1 + 0.2\,x + 0.1\varepsilon`. Page 1's
# own feature, from 0 to 1, stays at hand for comparison.
import numpy as np

from dlnotes.descent import least_squares, make_linear_data, shuffle_split

x01, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x01_train, y_train, x01_val, y_val = shuffle_split(
    x01, y, val_fraction=0.2, seed=42
)
# the same data in units ten times smaller: w becomes 0.2
x_train, x_val = 10 * x01_train, 10 * x01_val
b_star, w_star = least_squares(x_train, y_train)
print(
    f"x from {x_train.min():.2f} to {x_train.max():.2f}; "
    f"best line b = {b_star:.3f}, w = {w_star:.4f}"
)

# %%
# Standardization: mean 0, standard deviation 1
# ---------------------------------------------
# :math:`x' = (x - \mu)/\sigma`, with :math:`\mu` and :math:`\sigma` computed on the **training**
# split. In your own code this is scikit-learn's ``sklearn.preprocessing.StandardScaler``:
# ``fit`` learns :math:`\mu` and :math:`\sigma` from the training split only, and ``transform``
# applies those same statistics to every split. It expects an array of shape
# ``(N, features)``, hence the ``reshape(-1, 1)`` for our single feature. The training split comes
# out at mean 0 (up to rounding) and standard deviation 1. The validation split does not: it comes
# out at mean −0.275 and standard deviation 1.110 (printed below), because it was transformed with
# the *training* split's mean and standard deviation, not its own, and its 20 points lie a little
# lower and spread a little wider than the 80 training points. That is intended: every split must
# go through the same transformation.
from sklearn.preprocessing import StandardScaler

scaler = StandardScaler().fit(x_train.reshape(-1, 1))  # training split only
xs_train = scaler.transform(x_train.reshape(-1, 1)).ravel()  # (80,)
xs_val = scaler.transform(x_val.reshape(-1, 1)).ravel()  # (20,)
mu, sigma = scaler.mean_[0], scaler.scale_[0]
print(f"training mean {mu:.3f}, std {sigma:.3f}")
print(
    f"scaled training split:   mean {xs_train.mean():.1e}, "
    f"std {xs_train.std():.6f}"
)
print(
    f"scaled validation split: mean {xs_val.mean():.3f}, "
    f"std {xs_val.std():.3f}"
)

# %%
# Under the hood: ``dlnotes.data.StandardScaler``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# :class:`dlnotes.data.StandardScaler` is the same computation on tensors of shape
# ``(N, features)``: ``fit`` stores the training mean as ``shift_`` and the *population* standard
# deviation (``x.std(dim=0, correction=0)``, as scikit-learn uses) as ``scale_``; ``transform``
# returns ``(x - shift_) / scale_``. It gives scikit-learn's numbers.
import torch

import dlnotes.data

ours = dlnotes.data.StandardScaler().fit(
    torch.tensor(x_train).reshape(-1, 1)
)
print(
    f"dlnotes: shift_ {ours.shift_.item():.6f}, "
    f"scale_ {ours.scale_.item():.6f}"
)
# Both compute in float64, but NumPy and PyTorch add up the 80 values in
# different orders, so the last bits may differ: compare to 1e-12, far
# below any difference that would matter and far above float64 rounding.
for split, expected in [(x_train, xs_train), (x_val, xs_val)]:
    torch.testing.assert_close(
        ours.transform(torch.tensor(split).reshape(-1, 1)).ravel(),
        torch.tensor(expected),
        rtol=1e-12,
        atol=1e-12,
    )
print("dlnotes.data.StandardScaler == sklearn StandardScaler (to 1e-12)")

# %%
# The valley and the bowl
# -----------------------
# The same data, the same model, two parametrizations. Left, the loss over :math:`(b, w)` for the
# raw feature: a long, narrow valley. Right, over :math:`(b', w')` for the
# standardized feature: perfectly round. The curvatures (eigenvalues of the Hessian, printed below
# the figure) say by how much: their ratio, the *condition number*, drops from about 155 to 1.
# As on the previous pages, the colour levels are spaced evenly in the *square root* of the loss
# above its minimum, so the flat floor of the valley gets as many contour lines as its walls.
import matplotlib.pyplot as plt

from dlnotes.descent import loss_grid
from dlnotes.plotting import plot_loss_contour


def curvatures(features):
    """Eigenvalues of the Hessian of the MSE, bias included."""
    # (N, 1 + number of features): a column of ones for the bias
    X = np.column_stack([np.ones(len(features)), features])
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
#
# How much standardizing saves depends on how badly scaled the feature was. Page 1's feature,
# from 0 to 1, is measured too: standardizing it gives the same standardized feature, up to
# rounding (the mean and standard deviation absorb the factor 10), so the two speed-ups share one
# denominator.
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


cases = {
    "x in 0–1": x01_train,
    "x in 0–10": x_train,
    "standardized x": xs_train,
}
results = {}
for name, feature in cases.items():
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

# standardizing x01 or x gives the same feature, up to rounding
assert np.allclose(
    StandardScaler().fit_transform(x01_train.reshape(-1, 1)).ravel(),
    xs_train,
)
speedups = {}
for name in ["x in 0–1", "x in 0–10"]:
    speedups[name] = results[name][2] / results["standardized x"][2]
    ceiling_gain = results["standardized x"][0] / results[name][0]
    print(
        f"{name}: standardizing needs {speedups[name]:.0f}× fewer steps; "
        f"the ceiling is {ceiling_gain:.2g}× higher"
    )
assert 10 < speedups["x in 0–1"] < 50 and speedups["x in 0–10"] > 100

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
# One feature, or many
# --------------------
# The bowl came out perfectly round because there is a single feature. Centring it makes the
# bias and the weight independent directions, and unit variance gives the weight the same
# curvature as the bias. With several features, standardizing gives each of them the same
# variance, but it does not make them uncorrelated. Two features that rise and fall together
# leave a narrow valley: raising one weight and lowering the other changes the predictions very
# little, so the loss is nearly flat in that direction.
#
# scikit-learn's breast-cancer data has 30 features, many of them measuring nearly the same thing
# (the radius, perimeter and area of the same tumour). For standardized features
# :math:`X^\top X / N` is their correlation matrix, and the Hessian of a linear model's MSE is
# twice it, plus the bias's curvature 2 (the same ``curvatures`` as above). Its condition number
# measures the valley:
from sklearn.datasets import load_breast_cancer

cancer = load_breast_cancer()
features = cancer.data  # (569, 30)
feature_names = [str(name) for name in cancer.feature_names]
print(
    f"breast-cancer data: {features.shape[0]} tumours, "
    f"{features.shape[1]} features"
)
standardized = StandardScaler().fit_transform(features)  # (569, 30)
kappa = {}
for name, values in [("raw", features), ("standardized", standardized)]:
    lam = curvatures(values)
    kappa[name] = lam[-1] / lam[0]
    print(
        f"{name:>12} 30 features: curvatures from {lam[0]:.2g} "
        f"to {lam[-1]:.3g}, condition number {kappa[name]:.1e}"
    )
correlation = standardized.T @ standardized / len(standardized)  # (30, 30)
i, j = np.unravel_index(
    np.abs(correlation - np.eye(30)).argmax(), correlation.shape
)
print(
    f"most correlated pair: {feature_names[i]!r} and "
    f"{feature_names[j]!r}, correlation {correlation[i, j]:.4f}"
)
# standardizing helps enormously, but the valley stays narrow
assert kappa["raw"] > 1e6 * kappa["standardized"]
assert kappa["standardized"] > 1e4

# %%
# Standardizing shrank the condition number from :math:`2.4 \times 10^{12}` to
# :math:`1.0 \times 10^{5}` (printed above) — but not to 1. What is left comes from the
# correlations, and no per-feature scaling can remove it. The :doc:`explanation page
# </explanations/learning_rate_ceiling>` shows why the steps plain gradient descent needs grow in
# proportion to the condition number; :ref:`page 15
# <sphx_glr_tutorials_02_losses_optimizers_plot_15_optimizers.py>` runs optimizers built for such
# valleys (momentum, per-parameter step sizes). Standardize anyway: it removes the part of the
# problem that comes from the scales, at almost no cost.

# %%
# Three kinds of "normalization"
# ------------------------------
# The word is used for three different operations. On two of those breast-cancer features, whose
# typical values differ several thousand-fold (printed below), with scikit-learn's three scalers
# from ``sklearn.preprocessing`` (each fitted on all 569 rows here: this section only compares
# shapes, and nothing is validated):
#
# * **min-max rescaling** (``MinMaxScaler``) maps each feature to [0, 1]. Use it
#   when a bounded range matters: pixel intensities, or the *targets* of a network whose output
#   activation is bounded — a sigmoid output can only produce values between 0 and 1, so targets
#   must be brought into that range. Note 002 (one of the Chinese source notes this site was
#   written from) advises scaling data to [0, 1] "if the activation
#   function's range is 0 to 1" without saying which data; the advice holds for the targets of
#   such an *output* activation. Inputs pass through a linear layer before any activation, so
#   the activation's range is no reason to min-max scale them. A few extreme values squeeze all
#   the others into a small part of the range: here half of the areas end up below 0.17.
# * **standardization** (``StandardScaler``) gives each feature mean 0 and
#   standard deviation 1. The default for inputs of networks trained by gradient descent.
# * **unit-norm scaling** (``Normalizer``) divides each *sample* (row) by its
#   length. Use it when only the direction of a sample matters (word counts, embeddings). It does
#   not fix feature scales: here the large feature still dominates every row, and every scaled row
#   is practically the point (1, 0).
#
# Min-max rescaling and standardization both shift and stretch each feature, so their two scatter
# plots have exactly the shape of the raw one; only the numbers on the axes change.
from sklearn.preprocessing import MinMaxScaler, Normalizer

pair = features[
    :, [feature_names.index(n) for n in ("mean area", "mean smoothness")]
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
        Normalizer().fit_transform(pair),
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
    *versions["unit norm (per row)"][0].T,
    s=40,
    color="tab:red",
    zorder=3,
    clip_on=False,  # the points sit on the axis
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
    lo, hi = values.min(0), values.max(0)
    print(
        f"{name:>20}: area in [{lo[0]:.4g}, {hi[0]:.4g}], "
        f"smoothness in [{lo[1]:.3g}, {hi[1]:.3g}]"
    )
ratio = np.median(pair[:, 0]) / np.median(pair[:, 1])
print(f"median area / median smoothness: {ratio:.0f}")
unit_area = versions["unit norm (per row)"][0][:, 0]
print(
    "unit norm: every row's area component "
    f"lies in [{unit_area.min():.7f}, 1]"
)
median_area = np.median(versions["min-max"][0][:, 0])
print(f"median min-max area: {median_area:.2f}")

# %%
# :class:`dlnotes.data.MinMaxScaler` and :class:`dlnotes.data.UnitNormScaler` do the same on
# tensors: ``(x - min) / (max - min)`` per column, and ``x / x.norm(dim=1, keepdim=True)`` per
# row. They give scikit-learn's numbers (to the same tolerance as before, for the same reason):
for ours, theirs in [
    (dlnotes.data.MinMaxScaler(), "min-max"),
    (dlnotes.data.StandardScaler(), "standardized"),
    (dlnotes.data.UnitNormScaler(), "unit norm (per row)"),
]:
    torch.testing.assert_close(
        ours.fit_transform(torch.tensor(pair)),  # (569, 2) float64
        torch.tensor(versions[theirs][0]),
        rtol=1e-12,
        atol=1e-12,
    )
    print(
        f"dlnotes.data.{type(ours).__name__:<15} == scikit-learn's {theirs}"
    )

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
# in where the *target* scaler learned its minimum and maximum. Five noise seeds. The scikit-learn
# scalers work on NumPy arrays, so the data are scaled as arrays and become tensors for the model.
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


t = np.arange(120.0).reshape(-1, 1)  # (120, 1) time steps
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
    wobble = torch.randn(120, 1, generator=g, dtype=torch.float64).numpy()
    noise = torch.randn(120, 1, generator=g, dtype=torch.float64).numpy()
    reading = t / 10 + 0.5 * wobble  # (120, 1)
    target = 2 + 0.5 * reading + 0.1 * noise  # (120, 1)
    inputs = torch.from_numpy(
        StandardScaler().fit(reading[train]).transform(reading)
    )
    for name, fit_on in target_scaler_fit_on.items():
        target_scaler = MinMaxScaler().fit(target[fit_on])
        model = fit_sigmoid_line(
            inputs[train],
            torch.from_numpy(target_scaler.transform(target[train])),
        )
        with torch.no_grad():
            # back to the original units
            predicted = target_scaler.inverse_transform(
                model(inputs).numpy()
            )
        errors[name].append(
            [
                np.mean((predicted[s] - target[s]) ** 2)
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
leak = right[1] / wrong[1]
drift = right[2] / right[1]
better_at_deploy = right[2] / wrong[2]
print(
    f"leak:  the wrong way's validation MSE is {leak:.1f}× lower "
    "than the right way's"
)
print(
    f"drift: the right way's deployment MSE is {drift:.1f}× "
    "its validation MSE"
)
print(
    f"both:  the wrong way's deployment MSE is {wrong[2] / wrong[1]:.1f}× "
    f"its validation MSE\n"
    f"       = {leak:.1f} (leak) × {drift:.1f} (drift) "
    f"/ {better_at_deploy:.1f} (its deployment MSE is lower)"
)
for w_run, r_run in zip(*errors.values(), strict=True):
    # the leak flatters validation, for every seed
    assert w_run[1] < r_run[1] / 2
# the honest score still underestimates deployment (the drift) ...
assert drift > 2
# ... but the leaky one underestimates it more
assert wrong[2] / wrong[1] > drift

# %%
# The table has three effects in it; the last lines above separate them.
#
# * **The leak.** The same model, trained on the same 80 points, gets a validation MSE 6.4× lower
#   when the target scaler has seen the validation targets. The leaky scaler made room at the top
#   of the sigmoid's range for exactly the validation targets, something no scaler can do for data
#   that do not exist yet. That factor is the leak's doing: the validation targets were no
#   longer unseen, so the score no longer measures the error on unseen data.
# * **The drift.** Even the honest pipeline misses deployment: its deployment MSE is 5.5× its
#   validation MSE, because the target keeps rising after the validation period. No choice of
#   scaler causes or cures that, and a validation split, taken before deployment, cannot show
#   what comes after it.
# * **Both.** The leaky pipeline's deployment MSE is 11.0× its validation MSE. That gap mixes
#   the two: the leak's 6.4 times the drift's 5.5, divided by 3.2, the factor by which the leaky
#   model errs less at deployment.
#
# Fitted honestly, the validation error is high, and rightly so: the sigmoid cannot output more
# than the training maximum, and the drifting target goes past it. The honest score points at the
# problem — validation error far above training error — where the leaky one hides it. The fix is
# the pipeline of the "right" row — every scaler fitted on the training split, then applied
# unchanged to every other split — and then, prompted by its honest score, a model whose output
# is not bounded (see :ref:`Exercise 3.3 <exercise-03-3>`).
#
# The leaky model does err less at deployment (0.608 against 1.968): its scaler knew the range
# of 20 more targets. Using those targets is legitimate — once validation is done, refit on
# train + validation. What the leak spoils is the validation score, which no longer measures the
# error on data the model has not seen.
#
# Scaling the *input* the leaky way could not change the best fit: the line's own weight and
# bias absorb any shift and stretch of its input. A leak matters wherever the statistics set
# something the model cannot undo — here the bounds of its output.

# %%
# Key points
# ----------
# * Features on different scales make the loss a narrow valley: the learning rate is capped by the
#   steepest direction, and progress along the flattest is slow. With the best of 25 rates for
#   each, standardizing a feature that runs from 0 to 10 cut the steps needed 156× and raised the
#   largest usable learning rate 33×; for page 1's feature, from 0 to 1, it cut the steps 21×.
# * Standardizing makes the bowl round only for a single feature. Correlated features keep a
#   narrow valley: 30 standardized breast-cancer features still have a condition number of
#   :math:`1.0 \times 10^{5}`.
# * Standardize inputs (mean 0, std 1) by default; use min-max when a bounded range is needed and
#   unit-norm scaling when only each sample's direction matters. In your code these are
#   scikit-learn's ``StandardScaler``, ``MinMaxScaler`` and ``Normalizer``.
# * Fit scalers on the training split only, then transform every split with those statistics,
#   just as the model's weights are learned from training data only. Here a target scaler that
#   had also seen the validation targets made the validation MSE 6.4× lower than the honest
#   one's, for the same model: a score no longer measured on unseen data. The honest validation
#   MSE missed deployment too, by 5.5×: that is the drift, which no validation split taken before
#   deployment can show.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_03_feature_scaling_solutions.py>`.
#
# .. _exercise-03-1:
#
# **Exercise 3.1** ★★ — *A hundred times instead of ten.* Take the feature ``100 * x01_train``,
# which runs from 0 to 100. With ``curvatures``, what are its condition number and its ceiling
# :math:`2/\lambda_{\max}`, against 154.71 and 0.0304 for ``x_train``? What does
# ``steps_to_converge`` return for it at its fastest rate
# :math:`2/(\lambda_{\min} + \lambda_{\max})`, and why? Then give that rate enough steps
# (``gradient_descent`` from :math:`(0, 0)` with ``epochs=60_000``, which takes a while): after how
# many steps is the loss within ``TOL`` of its minimum?
# :ref:`Solution <solution-03-1>`

# Your code for exercise 3.1

# %%
# .. _exercise-03-2:
#
# **Exercise 3.2** ★★ — *Min-max instead of standardizing.* Rescale ``x_train`` to [0, 1] with
# scikit-learn's ``MinMaxScaler``, fitted on the training split. What are the curvatures and the
# condition number of the new feature — is its bowl round? How many steps does
# ``steps_to_converge`` count at its fastest rate :math:`2/(\lambda_{\min} + \lambda_{\max})`,
# against 1 step for the standardized feature at ``lr=0.5``?
# :ref:`Solution <solution-03-2>`

# Your code for exercise 3.2

# %%
# .. _exercise-03-3:
#
# **Exercise 3.3** ★★★ — *An output that is not bounded.* Repeat the sensor experiment (the same
# five seeds, readings and targets; the reading standardized with training statistics) with a
# linear output: ``nn.Linear(1, 1)`` alone, fitted to the *unscaled* targets with the same LBFGS
# loop as ``fit_sigmoid_line``, and no target scaler. What are its mean validation and deployment
# MSE over the five seeds, against 0.356 and 1.968 for the sigmoid fitted the right way? Is the
# deployment MSE still several times the validation MSE?
# :ref:`Solution <solution-03-3>`

# Your code for exercise 3.3

# %%
# Next: :ref:`batch, mini-batch and stochastic descent
# <sphx_glr_tutorials_00_foundations_plot_04_batch_sizes.py>`.
