r"""
Gradient descent, visualized: fitting a line by walking downhill
================================================================

Every model on this site is trained the same way: measure how wrong it is with a *loss*, work out
which direction makes the loss smaller (the *gradient*), take a small step that way, repeat. That
is gradient descent, and it is easiest to understand on a model with only two parameters, because
then the loss is a surface we can draw.

We fit the line :math:`\hat y = b + w x` to noisy points, in plain NumPy, and look at every step.
By the end of this page you will be able to:

* compute the mean squared error (MSE) of a line and draw it over all ``(b, w)`` as a surface;
* derive the two partial derivatives by hand and check them with finite differences;
* write the update rule and watch its path reach the same answer as scikit-learn.
"""

# %%
# The data: a known line plus noise
# ---------------------------------
# We make data whose true parameters we know, :math:`y = 1 + 2x + 0.1\,\varepsilon` with
# :math:`x \sim \mathcal{U}(0, 1)` and :math:`\varepsilon \sim \mathcal{N}(0, 1)`, 100 points,
# seed 42. Knowing the answer lets us check the method, not just admire it. The samples are
# shuffled, then 80 % are kept for training and 20 % held out for validation: shuffling first
# matters whenever data arrive in some order.
from dlnotes.descent import make_linear_data, shuffle_split

TRUE_B, TRUE_W, SEED = 1.0, 2.0, 42
x, y = make_linear_data(100, b=TRUE_B, w=TRUE_W, noise=0.1, seed=SEED)
x_train, y_train, x_val, y_val = shuffle_split(
    x, y, val_fraction=0.2, seed=SEED
)
print(
    f"seed {SEED}: {len(x)} points; train: "
    f"{len(x_train)} points, validation: {len(x_val)} points"
)

# %%
# Random numbers in NumPy: ``default_rng``, not ``np.random.seed``
# ----------------------------------------------------------------
# ``make_linear_data`` is three lines of NumPy, written out below. Note 001 (one of the Chinese
# source notes this site was written from) writes them with
# ``np.random.seed(42)`` (commented out), ``np.random.rand(N, 1)`` and
# ``np.random.randN(N, 1)``. The last one does not exist — NumPy's function is ``randn``, and
# names are case-sensitive, so that line raises ``AttributeError``. And ``seed``, ``rand`` and
# ``randn`` belong to NumPy's *legacy* interface, which draws from one hidden global generator: any other code that draws random numbers in between shifts every number
# you get afterwards. Current NumPy recommends ``np.random.default_rng(seed)``: it returns a
# ``Generator`` object that owns its state, so the stream is reproducible from the seed alone,
# whatever else the program does.
import numpy as np

print("np.random has randN:", hasattr(np.random, "randN"))
rng = np.random.default_rng(SEED)
x_by_hand = rng.uniform(0.0, 1.0, size=100)  # (N,)
# (N,)
y_by_hand = TRUE_B + TRUE_W * x_by_hand + 0.1 * rng.standard_normal(100)
print(
    "same data as make_linear_data:",
    np.array_equal(x_by_hand, x),
    np.array_equal(y_by_hand, y),
)
assert np.array_equal(x_by_hand, x) and np.array_equal(y_by_hand, y)

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(
    1, 2, figsize=(9, 3.6), sharey=True, layout="constrained"
)
splits = [
    (x_train, y_train, "train", "tab:blue"),
    (x_val, y_val, "validation", "tab:orange"),
]
for ax, (xs, ys, name, color) in zip(axes, splits, strict=True):
    ax.scatter(xs, ys, s=18, color=color)
    ax.set(title=f"{name} ({len(xs)} points)", xlabel="x")
axes[0].set_ylabel("y")
fig.suptitle("Synthetic data: y = 1 + 2x + noise")
plt.show()

# %%
# A random starting line and its error
# ------------------------------------
# Training starts from a guess. We draw ``b`` and ``w`` at random, predict
# :math:`\hat y_i = b + w x_i` for every training point, and average the squared errors:
#
# .. math:: L(b, w) = \frac{1}{N}\sum_{i=1}^{N} (b + w x_i - y_i)^2
#
# Squaring makes every error count as positive and punishes large misses more than small ones;
# averaging makes the loss independent of how many points there are. The starting point gets a
# generator of its own, seeded too.
from dlnotes.descent import line_mse, predict_line

rng = np.random.default_rng(42)
b0, w0 = rng.standard_normal(2)
y_hat = predict_line(b0, w0, x_train)
loss0 = line_mse(b0, w0, x_train, y_train)
print(
    f"random start: b = {b0:.4f}, w = {w0:.4f}, training MSE = {loss0:.4f}"
)

# %%
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
order = np.argsort(x_train)
ax.vlines(
    x_train,
    y_train,
    y_hat,
    color="tab:red",
    linewidth=0.8,
    label="errors ŷ − y",
)
ax.scatter(x_train, y_train, s=18, label="training data")
ax.plot(
    x_train[order],
    y_hat[order],
    "k--",
    label=f"random line: ŷ = {b0:.2f} "
    f"{'+' if w0 >= 0 else '−'} {abs(w0):.2f}x",
)
ax.set(
    xlabel="x",
    ylabel="y",
    title=f"The starting line is far off (MSE = {loss0:.3f})",
)
ax.legend()
plt.show()

# %%
# The loss surface
# ----------------
# The loss depends only on ``b`` and ``w``, so we can evaluate it on a grid of values around the
# truth (printed below; wide enough to include our random start) and draw it. For a line and the
# MSE the surface is a bowl (a quadratic with one minimum). Its lowest point is the best line for
# *this* training set, which is close to, but not exactly, the true (1, 2): the noise moves it a
# little. The grid steps by 0.05 through (1, 2) itself, and that grid point happens to be the
# lowest one; the exact minimum, solved from the normal equations, shows the offset. On the contour
# map the colour levels are spaced evenly in the *square root* of the loss above its minimum (not in
# the loss itself), so the flat region around the minimum gets as many contour lines as the steep
# walls.
from dlnotes.descent import least_squares, loss_grid
from dlnotes.plotting import plot_loss_surface

b_values = np.linspace(TRUE_B - 3.5, TRUE_B + 3.5, 141)  # step 0.05
w_values = np.linspace(TRUE_W - 3.5, TRUE_W + 3.5, 141)
B, W, L = loss_grid(x_train, y_train, b_values, w_values)
b_star, w_star = least_squares(x_train, y_train)

marks = {"random start": (b0, w0), "minimum": (b_star, w_star)}
fig, (ax3d, ax2d) = plot_loss_surface(
    B, W, L, marks=marks, title="MSE over all (b, w)"
)
plt.show()
# sphinx_gallery_thumbnail_number = 3

i, j = np.unravel_index(L.argmin(), L.shape)
print(
    f"grid: b in [{b_values[0]:.1f}, {b_values[-1]:.1f}], "
    f"w in [{w_values[0]:.1f}, {w_values[-1]:.1f}]"
)
print(
    f"lowest grid point: b = {B[i, j]:.3f}, "
    f"w = {W[i, j]:.3f}  (grid step 0.05)"
)
print(f"exact minimum:     b = {b_star:.3f}, w = {w_star:.3f}")
assert abs(B[i, j] - b_star) <= 0.05 and abs(W[i, j] - w_star) <= 0.05

# %%
# Cross-sections: the slope is the partial derivative
# ---------------------------------------------------
# Hold ``w`` fixed at its starting value and move only ``b``: we cut the bowl along a line and get a
# parabola. Its slope at our current ``b`` is the *partial derivative* :math:`\partial L/\partial b`:
# how fast the loss changes when only ``b`` moves. The same with ``b`` held fixed gives
# :math:`\partial L/\partial w`. Differentiating the loss with the chain rule gives both in closed
# form:
#
# .. math::
#
#     \frac{\partial L}{\partial b} = \frac{2}{N}\sum_i (\hat y_i - y_i), \qquad
#     \frac{\partial L}{\partial w} = \frac{2}{N}\sum_i x_i\,(\hat y_i - y_i)
#
# Note 001 gets the second of these formulas, the one for :math:`w`, wrong in two ways: it labels it :math:`\partial L/\partial b`
# again, and it writes it as :math:`2 x_t \cdot \frac{1}{n}(\hat y - y)`, with :math:`x_t` moved
# out of the sum, where the index :math:`t` no longer means anything. :math:`x_i` differs from point
# to point, so it must stay inside the sum: :math:`\partial \hat y_i / \partial w = x_i`. The
# check in the next section shows the difference in numbers.
from dlnotes.descent import mse_gradient

grad_b, grad_w = mse_gradient(b0, w0, x_train, y_train)

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
sections = [
    (
        axes[0],
        b_values,
        [line_mse(b, w0, x_train, y_train) for b in b_values],
        b0,
        grad_b,
        "b",
        f"w fixed at {w0:.2f}",
    ),
    (
        axes[1],
        w_values,
        [line_mse(b0, w, x_train, y_train) for w in w_values],
        w0,
        grad_w,
        "w",
        f"b fixed at {b0:.2f}",
    ),
]
for ax, values, losses, here, slope, name, fixed in sections:
    ax.plot(values, losses, label="loss along the cut")
    tangent = loss0 + slope * (values - here)
    near = np.abs(values - here) < 1.0
    ax.plot(
        values[near],
        tangent[near],
        "r--",
        label=f"tangent, slope ∂L/∂{name} = {slope:.3f}",
    )
    ax.plot(here, loss0, "ro")
    ax.set(
        xlabel=name, ylabel="loss (MSE)", title=f"cross-section: {fixed}"
    )
    ax.legend(loc="upper center")
plt.show()

# %%
# Checking the hand-derived gradient
# ----------------------------------
# A derivative formula is easy to get wrong, so we check it against a *central finite difference*,
# :math:`[L(b+\epsilon) - L(b-\epsilon)] / 2\epsilon`, which needs nothing but the loss itself. The
# two agree to 8 decimals. A wrong formula shows up at once: the last row reads the note's version
# as :math:`\bar x \cdot \partial L/\partial b` (the mean of :math:`x` moved out of the sum), and
# it misses the finite difference by a wide margin.
from dlnotes.descent import finite_difference_gradient

fd_b, fd_w = finite_difference_gradient(b0, w0, x_train, y_train, eps=1e-6)
# the note's dL/dw: x moved out of the sum
x_out_of_sum = x_train.mean() * grad_b
print(f"{'':>22}{'analytic':>14}{'finite diff.':>14}")
print(f"{'dL/db':>22}{grad_b:>14.8f}{fd_b:>14.8f}")
print(f"{'dL/dw':>22}{grad_w:>14.8f}{fd_w:>14.8f}")
print(f"{'dL/dw, x out of sum':>22}{x_out_of_sum:>14.8f}{fd_w:>14.8f}")
assert np.allclose([grad_b, grad_w], [fd_b, fd_w], rtol=1e-6, atol=1e-8)
assert abs(x_out_of_sum - fd_w) > 0.1

# %%
# The update rule, repeated
# -------------------------
# The gradient points uphill, so we step the other way, scaled by the *learning rate* :math:`\eta`:
#
# .. math:: b \leftarrow b - \eta\,\frac{\partial L}{\partial b}, \qquad
#           w \leftarrow w - \eta\,\frac{\partial L}{\partial w}
#
# Computing the gradient on all training points at every step is *batch* gradient descent. With
# :math:`\eta = 0.1` and 1 000 steps, the path below starts at the random guess and ends at the
# bottom of the bowl. It curves: it first runs down the steep walls, then crawls along the flat floor
# of the valley, because the surface is steeper in one direction than in the other.
from dlnotes.descent import gradient_descent
from dlnotes.plotting import plot_descent_paths, plot_loss_contour

path = gradient_descent(x_train, y_train, b0=b0, w0=w0, lr=0.1, epochs=1000)
b_gd, w_gd = path.final
print(
    f"lr = {path.lr}, after {path.n_updates} updates: "
    f"b = {b_gd:.4f}, w = {w_gd:.4f}, "
    f"MSE = {path.losses[-1]:.5f}"
)
assert np.all(np.diff(path.losses) <= 0), (
    "with this learning rate the loss never goes up"
)

fig, (ax_path, ax_loss) = plt.subplots(
    1, 2, figsize=(11, 4.2), layout="constrained"
)
plot_loss_contour(B, W, L, marks=marks, ax=ax_path)
plot_descent_paths({"gradient descent, η = 0.1": path.params}, ax=ax_path)
ax_path.set_title("the path on the contour map")
# the best any (b, w) can do
lowest = line_mse(b_star, w_star, x_train, y_train)
ax_loss.semilogy(
    np.maximum(path.losses - lowest, 1e-16)
)  # floor: log scale cannot show 0
ax_loss.set(
    xlabel="update",
    ylabel="loss − lowest possible loss (log scale)",
    title="the loss falls at every step",
)
plt.show()

# %%
# Same answer as scikit-learn, close to the truth
# -----------------------------------------------
# Linear regression also has an exact solution (the normal equations), which scikit-learn's
# ``LinearRegression`` computes. Gradient descent lands on it to four decimals. Both differ from the
# true (1, 2) by a few hundredths: that gap comes from the noise in 80 points, not from the method,
# since the exact solution has it too. On the 20 validation points, which neither fit saw, the
# fitted line's MSE is close to that of the true line.
from sklearn.linear_model import LinearRegression

reg = LinearRegression().fit(
    x_train.reshape(-1, 1), y_train
)  # scikit-learn wants (N, features)
rows = [
    ("gradient descent", b_gd, w_gd),
    ("scikit-learn", reg.intercept_, reg.coef_[0]),
    ("true line", TRUE_B, TRUE_W),
]
print(f"{'':>18}{'b':>9}{'w':>9}{'val. MSE':>11}")
for name, b, w in rows:
    print(
        f"{name:>18}{b:>9.4f}{w:>9.4f}{line_mse(b, w, x_val, y_val):>11.5f}"
    )

assert np.allclose([b_gd, w_gd], [reg.intercept_, reg.coef_[0]], atol=1e-4)
assert abs(b_gd - TRUE_B) < 0.1 and abs(w_gd - TRUE_W) < 0.2
assert line_mse(b_gd, w_gd, x_val, y_val) < 0.02  # noise variance is 0.01

# %%
# Key points
# ----------
# * Training is minimising a loss. For a line and the MSE the loss over ``(b, w)`` is a bowl, and
#   its lowest point is the best line for the training data.
# * A partial derivative is the slope of a cross-section of that surface. Derive gradients by hand
#   if you like, but always check them against finite differences.
# * Gradient descent repeats ``parameter ← parameter − η · gradient``. On this bowl it reaches the
#   same answer as the closed-form solution; for neural networks no closed form exists, and this
#   loop, in one variant or another, is how they are trained.
# * The path bends because the bowl is steeper along some directions than others; the next pages
#   show how that limits the learning rate and how feature scaling fixes it.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_01_gradient_descent_solutions.py>`.
#
# .. _exercise-01-1:
#
# **Exercise 1.1** ★ — *Ten times the noise.* Make the data again with ``noise=1.0`` instead of
# ``0.1`` (same seed and split) and fit it with ``LinearRegression``. How far are the fitted ``b``
# and ``w`` from the true (1, 2) now, and how many times farther than with ``noise=0.1``? Why
# exactly that factor?
# :ref:`Solution <solution-01-1>`

# Your code for exercise 1.1

# %%
# .. _exercise-01-2:
#
# **Exercise 1.2** ★★ — *Too small, too large.* Run ``gradient_descent`` from the same random
# start for 1 000 updates with ``lr=0.01`` and with ``lr=0.9``. After 1 000 updates, how far is
# each from scikit-learn's answer (the larger of :math:`|b - b^*|` and :math:`|w - w^*|`)? How many
# updates does ``lr=0.01`` need to get as close as ``lr=0.1`` got in 1 000?
# :ref:`Solution <solution-01-2>`

# Your code for exercise 1.2

# %%
# .. _exercise-01-3:
#
# **Exercise 1.3** ★★★ — *A far start.* Start ``lr=0.1`` descent at the distances
# ``[1, 10, 100, 1000]`` from the minimum, along the direction ``(-1, 1) / np.sqrt(2)``, and count
# the updates until the
# training MSE is within :math:`10^{-8}` of the lowest possible. How does the count grow with the
# distance: in proportion, or by the same number of updates for each tenfold distance?
# :ref:`Solution <solution-01-3>`

# Your code for exercise 1.3

# %%
# The helpers used here are in :mod:`dlnotes.descent` (data, loss, gradients,
# :func:`~dlnotes.descent.gradient_descent`) and :mod:`dlnotes.plotting`.
#
# Next: :ref:`the learning rate <sphx_glr_tutorials_00_foundations_plot_02_learning_rate.py>`.
