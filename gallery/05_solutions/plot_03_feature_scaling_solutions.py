r"""
Solutions: feature scaling
==========================

The answers to the exercises of
:ref:`feature scaling <sphx_glr_tutorials_00_foundations_plot_03_feature_scaling.py>`, computed
when the site is built; each ends with an ``assert`` on its answer. The set-up is the tutorial's:
page 1's points, its seed and its split, the feature in 0–1 and ten times it, and the steps
counted from the start (0, 0) to within the tolerance of the minimum.
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

x01, y = make_linear_data(100, b=1.0, w=2.0, noise=0.1, seed=42)
x01_train, y_train, x01_val, y_val = shuffle_split(
    x01, y, val_fraction=0.2, seed=42
)
x_train = 10 * x01_train
MAX_STEPS, TOL = 2000, 1e-6


def curvatures(features):
    """Eigenvalues of the Hessian of the MSE, bias included."""
    X = np.column_stack([np.ones(len(features)), features])  # (N, 2)
    return np.linalg.eigvalsh(2 / len(X) * X.T @ X)  # ascending


def steps_to_converge(feature, lr):
    path = gradient_descent(
        feature, y_train, b0=0.0, w0=0.0, lr=lr, epochs=MAX_STEPS
    )
    lowest = line_mse(*least_squares(feature, y_train), feature, y_train)
    done = np.flatnonzero(path.losses - lowest < TOL)
    return int(done[0]) if len(done) else None  # None: not within MAX_STEPS


# %%
# .. _solution-03-1:
#
# Exercise 3.1 ★★: a hundred times instead of ten
# -----------------------------------------------
# :ref:`The exercise <exercise-03-1>`. The largest curvature grows about a hundredfold again, the
# smallest hardly moves, so the condition number grows about a hundredfold and the ceiling falls
# about a hundredfold:
x100_train = 100 * x01_train
print(f"feature from {x100_train.min():.1f} to {x100_train.max():.1f}")
for name, feature in [
    ("x_train", x_train),
    ("100 * x01_train", x100_train),
]:
    lam = curvatures(feature)
    print(
        f"{name:>15}: curvatures {lam[0]:.4f} and {lam[1]:.1f}, "
        f"condition number {lam[1] / lam[0]:.0f}, ceiling {2 / lam[1]:.3g}"
    )
lam_min, lam_max = curvatures(x100_train)
kappa_ratio = (lam_max / lam_min) / np.divide(*curvatures(x_train)[::-1])
print(f"the condition number is {kappa_ratio:.0f}× that of x_train")
assert 50 < kappa_ratio < 150

fastest = 2 / (lam_min + lam_max)
result = steps_to_converge(x100_train, fastest)
print(f"steps_to_converge at lr = {fastest:.3g}: {result}")
assert result is None  # not within MAX_STEPS

# %%
# ``None``: even the fastest rate does not get within ``TOL`` in ``MAX_STEPS`` steps. The flat
# direction shrinks the error by only :math:`1 - \eta\lambda_{\min}` per step, very close to 1 at
# a rate that the steep direction forces so low. (This is also why the tutorial's scan, run on this
# feature, fails: no rate converges, and the best of none is an error.)
#
# On a quadratic loss the descent has a closed form, so the step count does not have to be run: in
# the Hessian's eigenvector basis each component of the error :math:`c_i` is multiplied by
# :math:`1 - \eta\lambda_i` per step, and the loss is
# :math:`\tfrac12 \sum_i \lambda_i c_i^2 (1 - \eta\lambda_i)^{2t}` above its minimum. First the
# formula is checked against ``gradient_descent``'s own losses for ``MAX_STEPS`` steps, then it
# counts the steps:
X = np.column_stack([np.ones_like(x100_train), x100_train])  # (N, 2)
lam, vectors = np.linalg.eigh(2 / len(X) * X.T @ X)
theta_star = np.array(least_squares(x100_train, y_train))
c = vectors.T @ (
    np.zeros(2) - theta_star
)  # the start (0, 0) in the eigenvector basis
lowest = line_mse(*theta_star, x100_train, y_train)


def gap(t):
    """Loss above its minimum after t steps at the rate ``fastest``."""
    return 0.5 * (lam * c**2 * (1 - fastest * lam) ** (2 * t[:, None])).sum(
        axis=1
    )


path = gradient_descent(
    x100_train, y_train, b0=0.0, w0=0.0, lr=fastest, epochs=MAX_STEPS
)
measured = np.asarray(path.losses) - lowest
formula = gap(np.arange(MAX_STEPS + 1))
print(
    f"formula vs gradient_descent over {MAX_STEPS} steps: largest relative difference "
    f"{np.abs(formula / measured - 1).max():.1e}"
)
# the two differ by rounding only; the gap stays far above the loss's rounding level
assert np.allclose(formula, measured, rtol=1e-6)

t = np.arange(200_000)
needed = int(np.flatnonzero(gap(t) < TOL)[0])
print(f"steps to within {TOL:.0e} at the fastest rate: {needed}")
assert 50_000 < needed < 60_000
steps_10 = steps_to_converge(x_train, 2 / curvatures(x_train).sum())
print(
    f"x_train at its own fastest rate: {steps_10} steps; ratio {needed / steps_10:.0f}"
)
assert (
    50 < needed / steps_10 < 150
)  # about the ratio of the condition numbers

# %%
# Tens of thousands of steps, where ``x_train`` needs hundreds and the standardized feature one:
# each tenfold scale of the feature multiplies the condition number, and with it the steps, by
# about a hundred.

# %%
# .. _solution-03-2:
#
# Exercise 3.2 ★★: min-max instead of standardizing
# -------------------------------------------------
# :ref:`The exercise <exercise-03-2>`. Min-max rescaling stretches the feature to [0, 1] but does
# not centre it:
from sklearn.preprocessing import MinMaxScaler

minmax = MinMaxScaler().fit(x_train.reshape(-1, 1))  # training split only
xm_train = minmax.transform(x_train.reshape(-1, 1)).ravel()  # (80,)
lam = curvatures(xm_train)
print(
    f"min-max feature: from {xm_train.min():.1f} to {xm_train.max():.1f}, mean {xm_train.mean():.3f}"
)
print(f"curvatures {lam.round(4)}, condition number {lam[1] / lam[0]:.1f}")
steps = steps_to_converge(xm_train, 2 / lam.sum())
print(f"steps at its fastest rate {2 / lam.sum():.3f}: {steps}")
assert 10 < lam[1] / lam[0] < 40  # a narrow valley, like the 0–1 feature's
assert steps > 50  # against 1 step for the standardized feature at lr = 0.5

# %%
# The bowl is not round: its condition number is about that of page 1's feature in 0–1 (which
# min-max scaling nearly reproduces), and the fastest rate needs tens of steps where the
# standardized feature needs one. The reason is the mean: a feature whose values are all positive
# ties the bias and the weight together (raising one and lowering the other leaves the
# predictions near the feature's mean unchanged), and that shared direction is the valley.
# Standardizing subtracts the mean and removes it.

# %%
# .. _solution-03-3:
#
# Exercise 3.3 ★★★: an output that is not bounded
# -----------------------------------------------
# :ref:`The exercise <exercise-03-3>`. The tutorial's sensor data, the same five seeds; the model
# is ``nn.Linear(1, 1)`` on the standardized reading, fitted to the raw targets by the same LBFGS
# loop. Least squares for a line has an exact answer, so the fit is also checked against
# ``numpy.linalg.lstsq``.
import torch
from sklearn.preprocessing import StandardScaler
from torch import nn


def fit_line(x, y):
    """Least-squares fit of a + b x, the LBFGS loop of the tutorial's fit_sigmoid_line."""
    torch.manual_seed(0)
    model = nn.Linear(1, 1).double()
    optimizer = torch.optim.LBFGS(
        model.parameters(), max_iter=500, line_search_fn="strong_wolfe"
    )

    def closure():
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return model


t = np.arange(120.0).reshape(-1, 1)  # (120, 1) time steps
train, val, deploy = slice(0, 80), slice(80, 100), slice(100, 120)
NOISE = 0.1  # the noise's standard deviation, as in the tutorial
errors = []  # per seed: train, validation, deployment MSE
for seed in range(5):
    g = torch.Generator().manual_seed(seed)
    wobble = torch.randn(120, 1, generator=g, dtype=torch.float64).numpy()
    noise = torch.randn(120, 1, generator=g, dtype=torch.float64).numpy()
    reading = t / 10 + 0.5 * wobble  # (120, 1)
    target = 2 + 0.5 * reading + NOISE * noise  # (120, 1)
    inputs = torch.from_numpy(
        StandardScaler().fit(reading[train]).transform(reading)
    )
    model = fit_line(inputs[train], torch.from_numpy(target[train]))
    exact = np.linalg.lstsq(
        np.column_stack(
            [np.ones(80), inputs[train].numpy().ravel()]
        ),  # (80, 2)
        target[train].ravel(),
        rcond=None,
    )[0]
    # LBFGS stops at a gradient tolerance, not at the exact minimum
    assert np.allclose(
        [model.bias.item(), model.weight.item()], exact, atol=1e-6
    )
    with torch.no_grad():
        predicted = model(inputs).numpy()  # (120, 1)
    errors.append(
        [
            np.mean((predicted[s] - target[s]) ** 2)
            for s in (train, val, deploy)
        ]
    )

train_mse, val_mse, deploy_mse = np.mean(errors, axis=0)
print(
    f"linear output, mean over 5 seeds: train {train_mse:.4f}, "
    f"validation {val_mse:.4f}, deployment {deploy_mse:.4f}"
)
print(
    f"deployment / validation: {deploy_mse / val_mse:.2f}; noise variance {NOISE**2:.2f}"
)
assert (
    val_mse < 0.05 and deploy_mse < 0.05
)  # the sigmoid's: 0.356 and 1.968
assert (
    deploy_mse < 2 * val_mse
)  # no longer several times the validation MSE

# %%
# Both errors are close to the noise's variance, 0.01: the target is a
# line in the reading, and a line can follow it past the training range, where the sigmoid cannot
# rise above its training maximum. The "drift" of the tutorial's table was the bounded output
# meeting a target that kept rising; with an unbounded output the validation score predicts
# deployment well on these seeds.

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.plot(
    t.ravel(), target.ravel(), ".", markersize=4, label="target (seed 4)"
)
ax.plot(
    t.ravel(),
    predicted.ravel(),
    linewidth=1,
    label="prediction (a line in the reading)",
)
for boundary in (80, 100):
    ax.axvline(boundary, color="grey", linewidth=0.8)
ax.set(
    xlabel="time step (train | validation | deployment)",
    ylabel="target",
    title="A linear output follows the drift past the training range",
)
ax.legend()
plt.show()
