r"""
The learning rate decides whether gradient descent crawls, converges, oscillates or explodes
============================================================================================

The update rule :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)` has one knob, the
learning rate :math:`\eta`. The gradient says which way is downhill; :math:`\eta` says how far to
step. Too small and training takes forever; too large and every step overshoots the valley floor,
further each time, and the loss grows without bound.

On this page we run the same problem as :ref:`the previous page
<sphx_glr_tutorials_00_foundations_plot_01_gradient_descent.py>` with four learning rates and watch
all four regimes happen. You will be able to:

* recognise each regime from a loss curve;
* compute the largest learning rate that can work for a quadratic loss, and the fastest one;
* remember the rule of thumb: when training fails, suspect the learning rate first.
"""

# %%
# The same line, the same start
# -----------------------------
# The data and the random start are those of page 1: :math:`y = 1 + 2x + 0.1\varepsilon`,
# 80 training points (and the 20 validation points), seed 42.
import numpy as np

from dlnotes.descent import (
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
print(
    f"seed 42: {len(x_train)} training and {len(x_val)} validation points"
)
print(
    f"start (b, w) = ({b0:.3f}, {w0:.3f}); "
    f"minimum at ({b_star:.3f}, {w_star:.3f})"
)

# %%
# Where the ceiling is
# --------------------
# For the MSE of a line the loss is an exact quadratic bowl whose curvature is the same everywhere:
# its Hessian is :math:`H = \frac{2}{N} X^\top X`, with rows :math:`(1, x_i)` in :math:`X`. Its two
# eigenvalues :math:`\lambda_{\min} < \lambda_{\max}` are the curvatures along the flattest and
# the steepest direction of the bowl (its eigenvectors). Write the error
# :math:`\theta - \theta^\star` in those two directions: each step multiplies its component along
# the steep direction by :math:`1 - \eta\lambda_{\max}` and its component along the flat direction
# by :math:`1 - \eta\lambda_{\min}`. Three rates follow from that:
#
# * above :math:`1/\lambda_{\max}` the steep factor is negative: the steep component changes sign
#   at every step, the path zig-zags from one wall of the valley to the other;
# * above :math:`2/\lambda_{\max}` the steep factor is larger than 1 in size: the zig-zag grows and
#   the run diverges. That is the ceiling;
# * the flat component shrinks faster the larger :math:`\eta`, so the fastest rate balances the two,
#   :math:`|1 - \eta\lambda_{\min}| = |1 - \eta\lambda_{\max}|`, at
#   :math:`\eta = 2/(\lambda_{\min} + \lambda_{\max})`. It lies above :math:`1/\lambda_{\max}`: the
#   fastest rate zig-zags too.
#
# The :doc:`explanation page </explanations/learning_rate_ceiling>` derives the ceiling in full.
X = np.column_stack([np.ones_like(x_train), x_train])  # (N, 2)
H = 2 / len(X) * X.T @ X  # (2, 2) Hessian of the MSE
(lam_min, lam_max), eigenvectors = np.linalg.eigh(H)  # ascending
steep = eigenvectors[:, 1]  # direction of the largest curvature
ceiling = 2 / lam_max
best = 2 / (lam_min + lam_max)
print(
    f"Hessian eigenvalues: lambda_min = {lam_min:.4f}, "
    f"lambda_max = {lam_max:.4f}"
)
print(f"zig-zag above 1/lambda_max = {1 / lam_max:.3f}")
print(f"fastest rate 2/(lambda_min + lambda_max) = {best:.3f}")
print(f"ceiling 2/lambda_max = {ceiling:.3f}")

# %%
# Four learning rates, one budget
# -------------------------------
# We pick four learning rates from those numbers and give each 300 full-batch steps:
#
# * **too small** (2 % of the ceiling): every step is safe and tiny;
# * **good**: :math:`2/(\lambda_{\min} + \lambda_{\max})`, the fastest rate for this bowl;
# * **large** (99 % of the ceiling): still converges, but the zig-zag shrinks slowly;
# * **too large** (110 % of the ceiling): the zig-zag grows — it diverges.
#
# The table shows each rate's two factors; the larger of them in size sets the speed.
from dlnotes.descent import gradient_descent

regimes = {
    "too small": 0.02 * ceiling,
    "good": best,
    "large": 0.99 * ceiling,
    "too large": 1.10 * ceiling,
}
paths = {
    name: gradient_descent(
        x_train, y_train, b0=b0, w0=w0, lr=lr, epochs=300
    )
    for name, lr in regimes.items()
}
print(
    f"{'regime':>9} {'lr':>5} {'× ceiling':>9} {'steep factor':>12} "
    f"{'flat factor':>11} {'steps':>5} {'loss − lowest':>13}"
)
for name, path in paths.items():
    note = " (stopped: overflow)" if path.diverged else ""
    print(
        f"{name:>9} {path.lr:>5.3f} {path.lr / ceiling:>9.3f} "
        f"{1 - path.lr * lam_max:>12.3f} {1 - path.lr * lam_min:>11.3f} "
        f"{path.n_updates:>5} {path.losses[-1] - lowest:>13.3g}{note}"
    )

# %%
# The paths
# ---------
# On the contour map (the first steps of each run), the small learning rate creeps down the wall
# and is still far from the valley floor. The good one zig-zags across the valley, but its jumps
# shrink steadily (by the steep factor in the table, per step) as it moves along the floor towards
# the minimum. The large one zig-zags too, with jumps that shrink much more slowly. The too-large
# one jumps further each time and leaves the map. The colour levels of the maps are spaced evenly in
# the *square root* of the loss above its minimum, so the flat valley floor gets as many contour
# lines as the steep walls.
import matplotlib.pyplot as plt

from dlnotes.descent import loss_grid
from dlnotes.plotting import plot_descent_paths, plot_loss_contour

B, W, L = loss_grid(
    x_train,
    y_train,
    np.linspace(-2.5, 4.5, 141),
    np.linspace(-1.5, 5.5, 141),
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
# The loss curve is how you see these regimes in real training, where no contour map exists. The
# left panel is the training loss on a log scale: a quick drop, then a slow decline (too small);
# a steep straight line (good); a straight line with a shallower slope (large); a line going *up*,
# exponentially (too large), which leaves the panel at the step printed below the figure (the red
# triangle marks where; the note next to it gives its value at step 300).
#
# The training loss of "large" does not zig-zag, and it cannot: the loss above its minimum is
# :math:`\tfrac12 \sum_i \lambda_i c_i^2 (1 - \eta\lambda_i)^{2t}`, where :math:`c_i` are the
# components of the starting error. The factors are *squared*, so below the ceiling every term
# shrinks at every step, whatever the sign of :math:`1 - \eta\lambda_i`: with exact (full-batch)
# gradients on a quadratic, the training loss falls at every step even while the parameters
# zig-zag. The zig-zag does show in a loss whose minimum lies elsewhere (unless that minimum
# happens to lie exactly along the flat direction), such as the loss on the 20 validation points (right panel, the first 100 steps): as the parameters jump across the
# valley it goes up and down. For "good" the zig-zag fades out halfway through the panel, as the loss
# reaches its floor; for "large" it is still there at step 100.
val_losses = {
    name: np.array([line_mse(b, w, x_val, y_val) for b, w in path.params])
    for name, path in paths.items()
    if name != "too large"
}
fig, (ax_train, ax_val) = plt.subplots(
    1, 2, figsize=(11, 4.2), layout="constrained"
)
for name, path in paths.items():
    ax_train.semilogy(
        np.maximum(path.losses - lowest, 1e-16),
        label=f"{name} (η = {path.lr:.3f})",
    )
for (name, val), color in zip(
    val_losses.items(), ["C0", "C1", "C2"], strict=True
):
    ax_val.semilogy(val[:101], color=color, label=name, linewidth=1)
top = 1e12  # the upper edge of the left panel
diverging = paths["too large"].losses - lowest
leaves = int(np.flatnonzero(diverging > top)[0])  # first step above it
ax_train.set_ylim(1e-16, top)
ax_train.plot(leaves, top, "^", color="C3", markersize=9, clip_on=False)
ax_train.annotate(
    f"too large: above {top:.0e} from step {leaves},\n"
    f"{diverging[-1]:.2g} at step {len(diverging) - 1}",
    xy=(leaves, top),
    xytext=(leaves + 15, 1e7),
    color="C3",
    arrowprops={"arrowstyle": "->", "color": "C3"},
)
ax_train.set(
    xlabel="step",
    ylabel="training loss − lowest possible (log scale)",
    title="training loss: falls at every step below the ceiling",
)
ax_val.set(
    xlabel="step",
    ylabel="validation loss (MSE, 20 points; log scale)",
    title="validation loss: the zig-zag shows",
)
ax_train.legend(loc="lower left")
ax_val.legend()
plt.show()
print(
    f"'too large' leaves the left panel (loss − lowest > {top:.0e}) "
    f"at step {leaves}"
)

# %%
# Checking what the pictures show
# -------------------------------
# The numbers confirm the pictures. The component of the error along the steep direction changes
# sign at every step for "good" and "large" (both are above :math:`1/\lambda_{\max}`); the
# training loss of the three converging runs never rises (until it reaches rounding level); the
# validation loss of those two rises at more than a third of the first 100 steps, and after 90
# steps it still swings visibly only for "large" ("too small" still changes, but it only ever
# falls); and the diverging run's loss grows by a constant factor per step, :math:`(1 - \eta\lambda_{\max})^2`, exactly as the analysis says.


def steep_component(path):
    return (path.params - [b_star, w_star]) @ steep  # (steps + 1,)


for name in ["good", "large"]:
    signs = np.sign(steep_component(paths[name])[:10]).astype(int)
    print(f"sign of the steep error component, {name!r}: {signs}")
    # zig-zag: the sign flips every step
    assert np.all(signs[1:] != signs[:-1])
swings = {}
for name, val in val_losses.items():
    excess = paths[name].losses - lowest
    rises = np.diff(paths[name].losses)[excess[1:] > 1e-12] > 0
    swing = np.abs(np.diff(val[90:101])).max()
    print(
        f"{name:>10}: training loss rises at {rises.sum()} steps;\n"
        f"{'':>12}validation loss rises at "
        f"{(np.diff(val[:101]) > 0).sum()} of the first 100,\n"
        f"{'':>12}changes by up to {swing:.1e} per step "
        "between steps 90 and 100"
    )
    # exact gradients below the ceiling: the training loss falls
    assert not rises.any()
    swings[name] = swing
    if name != "too small":
        # zig-zag in the validation loss
        assert (np.diff(val[:101]) > 0).sum() > 33
assert swings["large"] > 100 * swings["good"]
growth = paths["too large"].losses[-1] / paths["too large"].losses[-2]
predicted = (1 - paths["too large"].lr * lam_max) ** 2
print(
    f"'too large': loss grows ×{growth:.4f} per step; "
    f"predicted ×{predicted:.4f}"
)
assert abs(growth - predicted) < 1e-3 * predicted
assert paths["too large"].losses[-1] > 100 * paths["too large"].losses[0]

# %%
# Lowering the rate
# -----------------
# So, with full-batch gradients, a loss that keeps zig-zagging says: the steps overshoot the steep
# direction, lower the rate. (With mini-batches the loss wiggles anyway, because each step follows
# a different, noisy gradient: :ref:`page 4 <sphx_glr_tutorials_00_foundations_plot_04_batch_sizes.py>`
# shows that this is normal.) A loss that falls slowly is ambiguous. "large" is slow because of its steep factor (−0.980 in
# the table), and a lower rate makes it faster; "too small" is slow because of its flat factor
# (0.998), and only a higher rate would. Here is what lowering "large" buys, counted as the steps
# each rate needs to bring the training loss within :math:`10^{-6}` of its lowest value: halving
# it already helps, and "good" is the fastest of all. The last two rows lower the diverging rate
# instead, to a half and to a tenth of it: both converge, and the tenth needs more steps, because
# its flat factor (:math:`1 - \eta\lambda_{\min}`) is closer to 1.


def steps_to(path, tol=1e-6):
    return int(np.flatnonzero(path.losses - lowest < tol)[0])


lowered = {
    name: gradient_descent(
        x_train, y_train, b0=b0, w0=w0, lr=lr, epochs=2000
    )
    for name, lr in [
        ("large", regimes["large"]),
        ("large / 2", regimes["large"] / 2),
        ("good", regimes["good"]),
        ("too large / 2", regimes["too large"] / 2),
        ("too large / 10", regimes["too large"] / 10),
    ]
}
for name, path in lowered.items():
    print(
        f"{name:>14}: lr = {path.lr:.3f}, "
        f"{steps_to(path):>4} steps to within 1e-6"
    )
assert (
    steps_to(lowered["good"])
    < steps_to(lowered["large / 2"])
    < steps_to(lowered["large"])
)
final = {name: path.losses[-1] - lowest for name, path in paths.items()}
# 300 steps are not enough at 2 % of the ceiling
assert final["too small"] > 1e-3
# a half and a tenth of the diverging rate both converge; the tenth is slower
assert steps_to(lowered["too large / 2"]) < steps_to(
    lowered["too large / 10"]
)

# %%
# Key points
# ----------
# * A learning rate that is too small wastes steps; one that is too large makes the loss grow,
#   usually exponentially, until it overflows to ``inf`` or ``nan``.
# * Between them lies a window of working rates. For a quadratic loss its upper edge is
#   :math:`2/\lambda_{\max}`; real networks have no formula, so the window is found by trying.
# * Above :math:`1/\lambda_{\max}` the parameters zig-zag across the valley. A zig-zag that dies
#   out fast is the price of speed: the fastest rate for this bowl has one.
# * With exact gradients on a quadratic the training loss falls at every step below the ceiling;
#   the zig-zag shows in the validation loss. With full-batch gradients, a loss that keeps
#   zig-zagging means the steps overshoot: lower the rate (here halving "large" cut its steps from
#   383 to 144). Under mini-batch or stochastic descent some wiggling is normal (page 4). A loss
#   that crawls can mean a rate too small or one so large that its zig-zag dies out slowly: try
#   both directions.
# * **Training fails → first suspect the learning rate.** Lower it before anything else: here a half
#   and a tenth of the diverging rate both converged, in 129 and 656 steps.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_02_learning_rate_solutions.py>`.
#
# .. _exercise-02-1:
#
# **Exercise 2.1** ★ — *Just above the ceiling.* Run ``gradient_descent`` from ``(b0, w0)`` for
# 300 steps with ``lr=1.01 * ceiling``. Does the training loss end higher or lower than it
# started? By what factor does it change per step at the end, and what does
# :math:`(1 - \eta\lambda_{\max})^2` predict?
# :ref:`Solution <solution-02-1>`

# Your code for exercise 2.1

# %%
# .. _exercise-02-2:
#
# **Exercise 2.2** ★★ — *A feature ten times larger.* Recompute the Hessian ``H`` and its
# eigenvalues for the feature ``10 * x_train`` instead of ``x_train``. How many times lower is the
# ceiling now? Then run ``gradient_descent`` on ``(10 * x_train, y_train)`` from ``(b0, w0)`` with
# this feature's fastest rate :math:`2/(\lambda_{\min} + \lambda_{\max})` and ``epochs=2000``: how
# many steps does ``steps_to`` count, against 89 for ``x_train``? (``lowest`` still applies: a weight ``w / 10``
# on the feature ``10 * x`` gives the same line, so the lowest possible loss is the same.)
# :ref:`Solution <solution-02-2>`

# Your code for exercise 2.2

# %%
# .. _exercise-02-3:
#
# **Exercise 2.3** ★★★ — *Scan for the fastest rate.* Run ``gradient_descent`` from ``(b0, w0)``
# with ``epochs=600`` at each rate of ``np.linspace(0.3, 0.99, 24) * ceiling`` and count the
# steps each needs with ``steps_to``. Which rate needs the fewest, and how far (in percent) is it
# from ``best`` = :math:`2/(\lambda_{\min} + \lambda_{\max})`? Plot the count against the rate: is
# the curve symmetric around its lowest point?
# :ref:`Solution <solution-02-3>`

# Your code for exercise 2.3

# %%
# Next: :ref:`feature scaling <sphx_glr_tutorials_00_foundations_plot_03_feature_scaling.py>`.
