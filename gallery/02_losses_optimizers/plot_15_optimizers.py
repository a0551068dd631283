r"""
Optimizers: SGD, momentum, Adagrad, RMSprop and Adam on the same problems
=========================================================================

An optimizer turns gradients into parameter updates. Plain SGD steps along the negative
gradient; the others add memory of past gradients — *momentum* to keep moving in consistent
directions, *per-parameter scaling* to take similar-sized steps along steep and flat directions.
This page runs five of them on a narrow 2-D valley where their paths can be seen, then reproduces
a claim from the study notes: that Adam needs 20 steps where hand-written updates need 10 000.
You will be able to:

* state the update rule of each optimizer and what its state remembers;
* explain Adam's "adaptive" step, and its default learning rate of :math:`10^{-3}`;
* treat optimizer claims as measurements, learning rate included.
"""

# %%
# A narrow valley
# ---------------
# :math:`f(u, v) = \tfrac12(u^2 + 100 v^2)` rotated by 30°: a bowl 100 times more curved across
# the valley than along it. Badly scaled, correlated inputs give a loss this shape; rotated, its
# axes are not the parameter axes, so no rescaling of single parameters can round it off. Each
# optimizer starts at the same point and takes 200 steps. A fair comparison gives each its best
# learning rate, so we first search 25 rates from :math:`10^{-3}` to 10 for each and keep the one
# with the lowest loss after 200 steps.
import math

import numpy as np
import torch

angle = math.radians(30)
rotation = torch.tensor(
    [
        [math.cos(angle), -math.sin(angle)],
        [math.sin(angle), math.cos(angle)],
    ]
)
scales = torch.tensor([1.0, 100.0])


def valley(p):  # p: (..., 2)
    q = p @ rotation  # coordinates along and across the valley
    return 0.5 * (q**2 * scales).sum(-1)


start = torch.tensor([-4.0, 2.0])
print(
    f"rotated by {math.degrees(angle):.0f}°, curvatures {scales.tolist()}"
)


def run(optimizer_class, lrs, steps=200, **kwargs):
    """Run ``optimizer_class`` from ``start`` once per learning rate in
    ``lrs``."""
    # For speed, all runs share one optimizer, one parameter group (with its
    # own lr) per run; they do not interact: each tensor's gradient of the
    # summed loss is its own run's gradient.
    points = [start.clone().requires_grad_(True) for _ in lrs]
    groups = [
        {"params": [p], "lr": float(lr)}
        for p, lr in zip(points, lrs, strict=True)
    ]
    optimizer = optimizer_class(groups, **kwargs)
    trail = []
    for _ in range(steps):
        current = torch.stack(points)  # (R, 2) for R runs
        trail.append(current.detach())
        optimizer.zero_grad()
        valley(current).sum().backward()
        optimizer.step()
    trail.append(torch.stack(points).detach())  # where the last step landed
    trail = torch.stack(trail, dim=1)  # (R, steps + 1, 2)
    # positions and f(θ) after every step, (R, steps + 1)
    return trail, valley(trail)


optimizers = {
    "SGD": (torch.optim.SGD, {}),
    "SGD + momentum 0.9": (torch.optim.SGD, {"momentum": 0.9}),
    "Adagrad": (torch.optim.Adagrad, {}),
    "RMSprop": (torch.optim.RMSprop, {}),
    "Adam": (torch.optim.Adam, {}),
}
learning_rates = np.geomspace(1e-3, 10, 25)
print(
    f"{len(learning_rates)} learning rates from "
    f"{learning_rates[0]:g} to {learning_rates[-1]:g}"
)
paths, values, best_lr = {}, {}, {}
for name, (optimizer_class, kwargs) in optimizers.items():
    trails, losses = run(optimizer_class, learning_rates, **kwargs)
    # a diverged run counts as ∞
    final = torch.nan_to_num(losses[:, -1], nan=torch.inf)
    best = int(final.argmin())
    best_lr[name] = learning_rates[best]
    # (201, 2), (201,)
    paths[name], values[name] = trails[best], losses[best]
    print(
        f"{name:>20}: best lr {best_lr[name]:.3g}, "
        f"f after 200 steps = {values[name][-1]:.2e}"
    )

# %%
# The update rules, with :math:`g` the gradient and :math:`\eta` the learning rate:
#
# * **SGD**: :math:`\theta \leftarrow \theta - \eta g`.
# * **Momentum**: :math:`v \leftarrow \mu v + g,\ \theta \leftarrow \theta - \eta v` — a velocity
#   that accumulates consistent directions and cancels oscillating ones.
# * **Adagrad**: :math:`s \leftarrow s + g^2,\ \theta \leftarrow \theta - \eta g / \sqrt{s}` — each
#   parameter's step shrinks with the sum of *all* its past squared gradients.
# * **RMSprop**: like Adagrad with a decaying average :math:`s \leftarrow \rho s + (1-\rho) g^2`,
#   so steps do not shrink forever.
# * **Adam**: momentum *and* RMSprop scaling, with bias correction:
#   :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`, :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`;
#   since both start at 0 they are too small in the first steps, so Adam divides them by
#   :math:`1-\beta^t` at step :math:`t`: :math:`\hat m = m / (1-\beta_1^t)`,
#   :math:`\hat v = v / (1-\beta_2^t)`, and
#   :math:`\theta \leftarrow \theta - \eta\,\hat m / (\sqrt{\hat v} + \epsilon)`.
#
# (PyTorch's defaults: :math:`\rho = 0.99` for RMSprop, :math:`\beta_1 = 0.9, \beta_2 = 0.999` for
# Adam.)
import matplotlib.pyplot as plt

# one panel per optimizer, each wide enough for every point of every path
reach = 1.1 * max(trail.abs().max().item() for trail in paths.values())
grid = torch.linspace(-reach, reach, 201)
U, V = torch.meshgrid(grid, grid, indexing="xy")
F_grid = valley(torch.stack([U, V], dim=-1))
fig, axes = plt.subplots(2, 3, figsize=(12, 8), layout="constrained")
*path_axes, ax_loss = axes.flat
for i, (ax, (name, trail)) in enumerate(
    zip(path_axes, paths.items(), strict=True)
):
    color, label = f"C{i}", f"{name} (lr {best_lr[name]:.2g})"
    ax.contour(
        U,
        V,
        F_grid,
        levels=np.geomspace(0.05, 3000, 16),
        colors="grey",
        linewidths=0.5,
    )
    ax.plot(
        trail[:, 0],
        trail[:, 1],
        "o-",
        color=color,
        markersize=2,
        linewidth=0.8,
    )
    ax.plot(0, 0, "k*", markersize=10)
    ax.set(
        title=label,
        xlabel="θ₁",
        ylabel="θ₂",
        aspect="equal",
        xlim=(-reach, reach),
        ylim=(-reach, reach),
    )
    ax_loss.semilogy(values[name], color=color, label=label)
ax_loss.set(xlabel="step", ylabel="f(θ) (log scale)", title="loss")
ax_loss.legend(fontsize="x-small")
fig.suptitle("200 steps on a narrow valley from (−4, 2); minimum ★ at 0")
plt.show()
assert (
    values["SGD + momentum 0.9"][-1] < values["SGD"][-1] / 100
)  # momentum wins on a valley
assert all(v[-1] < v[0] / 100 for v in values.values())

# %%
# Why RMSprop's loss jumps near the end
# -------------------------------------
# RMSprop's curve falls, then shoots up by orders of magnitude and falls again. The cause is its
# decaying average. Each parameter moves by :math:`\eta / \sqrt{s}` times its gradient, and
# gradient descent with such per-parameter rates is stable only while the largest eigenvalue of
# :math:`\mathrm{diag}(\eta/\sqrt{s})\,H` (:math:`H` the Hessian, here constant) stays below 2.
# Near the minimum the gradients are small, :math:`s` forgets the large early gradients at the
# rate :math:`\rho` per step, the effective rate grows — and once it crosses 2, the tiny
# oscillation across the valley grows at every step, slowly at first, until the large gradients
# refill :math:`s` and shrink the step again. The learning-rate search picked a rate on that edge:
# it gives the lowest loss after 200 steps despite the spike. Replaying the chosen run and
# recording :math:`s` shows it:
print(
    "RMSprop's default ρ (alpha):",
    torch.optim.RMSprop([start]).defaults["alpha"],
)
# H of f, in θ coordinates
hessian = rotation @ torch.diag(scales) @ rotation.T
p = start.clone().requires_grad_(True)
rmsprop = torch.optim.RMSprop([p], lr=float(best_lr["RMSprop"]))
sharpness = []  # largest eigenvalue of diag(η / √s) H after each step
for _ in range(200):
    rmsprop.zero_grad()
    valley(p).backward()
    rmsprop.step()
    rate = best_lr["RMSprop"] / (
        rmsprop.state[p]["square_avg"].sqrt() + 1e-8
    )
    sharpness.append(
        torch.linalg.eigvals(torch.diag(rate) @ hessian).real.max().item()
    )
crossing = next(t for t, e in enumerate(sharpness) if e > 2 and t > 10) + 1
rms_f = values["RMSprop"]
rise = next(t for t in range(crossing, 200) if rms_f[t + 1] > rms_f[t])
peak = int(rms_f[crossing:].argmax()) + crossing
print(
    "the largest eigenvalue of diag(η/√s) H "
    f"exceeds 2 after step {crossing}; the loss "
    f"rises from step {rise} (f = {rms_f[rise]:.2g}), peaks at step {peak} "
    f"(f = {rms_f[peak]:.3g}), then falls again"
)
assert crossing < rise < peak and rms_f[peak] > 100 * rms_f[rise]
# the same run
assert torch.allclose(p.detach(), paths["RMSprop"][-1], atol=1e-5)

# %%
# Adam's per-parameter step
# -------------------------
# On its first step Adam moves every parameter by almost exactly :math:`\eta`, whatever the size of
# its gradient: :math:`\hat m / \sqrt{\hat v} = g / |g|`. SGD's first step is proportional to the
# gradient — large across the valley, small along it. That is what "adaptive learning rate per
# parameter" means, and why Adam's default :math:`\eta = 10^{-3}` works across very different
# models: it is roughly the size of a step, not a multiplier of the gradient.
p = start.clone().requires_grad_(True)
gradient = torch.autograd.grad(valley(p), p)[0]
for name in ("SGD", "Adam"):
    step = paths[name][1] - start
    print(
        f"{name:>4} (lr {best_lr[name]:.3g}): "
        f"gradient {gradient.numpy().round(2)} → first step "
        f"{step.numpy().round(4)}"
    )
adam_step = paths["Adam"][1] - start
assert torch.allclose(
    adam_step.abs(), torch.full((2,), float(best_lr["Adam"])), rtol=1e-5
)

# %%
# Reproducing a claim: 10 000 manual steps versus 20 Adam steps
# -------------------------------------------------------------
# The study notes fit random data — a batch of 100 inputs with 1 000 features to 100 × 10 random
# targets — with a 1 000 → 100 → 10 ReLU network and the MSE loss. They update the weights by hand
# with learning rate :math:`10^{-4}` for 10 000 steps, then switch to ``torch.optim.Adam`` for 20
# steps and report that Adam's loss is far lower. We rerun both from the same initial weights,
# with Adam at the notes' learning rate (:math:`10^{-4}`) and at its default (:math:`10^{-3}`),
# and time each run on this machine.
import time

from torch import nn

g = torch.Generator().manual_seed(0)
x = torch.randn(100, 1000, generator=g)
y = torch.randn(100, 10, generator=g)
print(f"inputs {tuple(x.shape)}, targets {tuple(y.shape)}")
loss_fn = nn.MSELoss()


def network():
    torch.manual_seed(0)  # the same initial weights every time
    return nn.Sequential(
        nn.Linear(1000, 100), nn.ReLU(), nn.Linear(100, 10)
    )


model = network()
initial_loss = loss_fn(model(x), y).item()
started = time.perf_counter()
manual_curve = []
for _ in range(10_000):
    loss = loss_fn(model(x), y)
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for parameter in model.parameters():
            parameter -= (
                1e-4 * parameter.grad
            )  # weight = weight − learning_rate · gradient
    manual_curve.append(loss.item())
manual_seconds = time.perf_counter() - started
assert len(manual_curve) == 10000

adam = {}
for lr in (1e-4, 1e-3):
    model = network()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    started = time.perf_counter()
    curve = []
    for _ in range(20):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        curve.append(loss.item())
    adam[lr] = (curve, time.perf_counter() - started)

print(f"initial loss: {initial_loss:.4f}")
print(
    "manual SGD, lr 1e-4, 10 000 steps: "
    f"loss {manual_curve[-1]:.4f} in {manual_seconds:.2f} s"
)
for lr, (curve, seconds) in adam.items():
    label = f"Adam, lr {lr:g}, 20 steps:"
    print(f"{label:<34} loss {curve[-1]:.4f} in {seconds:.3f} s")

# %%
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.loglog(range(1, 10_001), manual_curve, label="manual updates, lr 1e-4")
for lr, (curve, _) in adam.items():
    ax.loglog(
        range(1, 21), curve, "o-", markersize=3, label=f"Adam, lr {lr:g}"
    )
ax.set(
    xlabel="step (log scale)",
    ylabel="training loss (MSE, log scale)",
    title="10 000 manual steps vs 20 Adam steps",
)
ax.legend()
plt.show()

# %%
# The claim holds only half-way. At its default learning rate, Adam's 20 steps reach a loss far
# below that of the 10 000 manual steps, in a fraction of the time. At the notes' own learning rate
# of :math:`10^{-4}`, its 20 steps end above the manual run's loss, because Adam moves each weight
# by about :math:`\eta` per step, and 20 steps of :math:`10^{-4}` do not go far. The largest
# change of any weight in these 20 steps, measured — a little above :math:`\eta`:
manual_final = manual_curve[-1]
# default Adam: far lower, as the notes say
assert adam[1e-3][0][-1] < manual_final / 5
# notes' lr: Adam is behind after 20 steps
assert adam[1e-4][0][-1] > manual_final
model = network()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
largest = 0.0
for _ in range(20):
    before = [p.detach().clone() for p in model.parameters()]
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()
    changes = [
        (p.detach() - b).abs().max()
        for p, b in zip(model.parameters(), before, strict=True)
    ]
    largest = max(largest, max(changes).item())
print(f"largest change of a weight in 20 steps: {largest / 1e-4:.2f} η")
assert 1e-4 < largest < 1.5e-4

# %%
# The lesson is not "Adam is magic" but "compare optimizers each at a suitable learning rate".
#
# How large can one Adam step be?
# -------------------------------
# "About :math:`\eta`" describes these runs; it is not a limit. Kingma & Ba (section 2.1) give
# :math:`\eta\,(1-\beta_1)/\sqrt{1-\beta_2}` as an upper bound on the step, reached "when a
# gradient has been zero at all timesteps except at the current timestep". That value is right
# for the case they name, the first step after a gradient appears suddenly, but it is not a
# bound. ``torch.optim.Adam`` on two parameters whose gradients we set by hand shows it: the first
# gets gradient 0 for 5 000 steps and then 1; the second gets 1 for 5 000 steps, then a gradient
# that grows by a factor 1.11 at every step. (The 5 000 steps let the bias corrections
# :math:`1-\beta^t` come close to 1, as they do in a long training run.)
beta1, beta2 = torch.optim.Adam([start]).defaults["betas"]
print(f"Adam's default betas: {beta1}, {beta2}")
QUIET, AFTER = 5000, 100  # steps before the gradient changes, and after
gradients = torch.zeros(QUIET + AFTER, 2)  # (steps, 2 parameters)
gradients[QUIET:, 0] = 1.0  # 0, then suddenly 1
gradients[:QUIET, 1] = 1.0  # 1, then growing ×1.11 per step
gradients[QUIET:, 1] = 1.11 ** torch.arange(1, AFTER + 1)
p = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.Adam([p], lr=1e-3)
positions = [p.detach().clone()]
for gradient in gradients:
    p.grad = gradient
    optimizer.step()
    positions.append(p.detach().clone())
# each step's size, in units of the learning rate, (steps, 2)
steps = torch.stack(positions).diff(dim=0).abs() / 1e-3
sudden, growing = steps[QUIET:, 0], steps[QUIET:, 1]
paper = (1 - beta1) / math.sqrt(1 - beta2)
limit = (1 - beta1) / math.sqrt((1 - beta2) * (1 - beta1**2 / beta2))
print(
    f"{QUIET} steps of constant gradient, then {AFTER} steps after a change"
)
print(
    f"gradient 0, then 1: first step {sudden[0]:.2f} η "
    f"(Kingma & Ba's (1 - β1) / √(1 - β2) = {paper:.2f}); largest step "
    f"{sudden.max():.2f} η, {int(sudden.argmax()) + 1} steps after the change"
)
print(
    f"gradient 1, then ×1.11 per step: step {growing[-1]:.2f} η after "
    f"{AFTER} steps; (1 - β1) / √((1 - β2)(1 - β1²/β2)) = {limit:.2f}"
)
# 1 %: after 5 000 steps 1 - β2^t is still 0.993, not 1, which makes
# every step 0.3 % smaller than the formulas (computed for t → ∞)
assert abs(sudden[0] - paper) < 0.01 * paper
assert sudden.max() > 2 * paper and growing[-1] > 2 * paper
assert abs(growing[-1] - limit) < 0.01 * limit

# %%
# The paper's value is only the *first* step of its case. If the gradient then stays at 1, the
# steps grow: :math:`\hat m` catches up with the new gradient within about
# :math:`1/(1-\beta_1) = 10` steps, while :math:`\hat v` needs about :math:`1/(1-\beta_2) = 1000`,
# so in between :math:`\hat m/\sqrt{\hat v}` is above 1 — 6.55 at its largest, 12 steps after the
# change. A gradient that keeps growing gives more: after growing by a factor :math:`r` per step
# for long,
# :math:`m \approx (1-\beta_1)\,g/(1-\beta_1/r)` and
# :math:`v \approx (1-\beta_2)\,g^2/(1-\beta_2/r^2)`, and their ratio
# :math:`m/\sqrt v` is largest for :math:`r = \beta_2/\beta_1 \approx 1.11`, where it is the second
# formula above, 7.27 for the default betas. No sequence of gradients makes :math:`m/\sqrt v`
# larger (the Cauchy–Schwarz inequality, applied to the two weighted sums of past gradients). The
# steps of the network above, a little above :math:`\eta`, are the common case, not a guarantee.
#
# Weight decay, and AdamW
# -----------------------
# Every optimizer here also takes ``weight_decay=λ``, which adds :math:`\lambda\theta` to the
# gradient before the update — for SGD exactly the gradient of an L2 penalty
# :math:`\tfrac{\lambda}{2}\lVert\theta\rVert^2` added to the loss. For Adam that extra term
# then goes through the division by :math:`\sqrt{\hat v}`, so weights with large gradients are
# barely decayed — on the first step, where Adam's step is :math:`\pm\eta` whatever the
# gradient, not at all. ``torch.optim.AdamW`` *decouples* the decay: it shrinks every weight by
# :math:`\eta\lambda\theta` directly, then takes the ordinary Adam step. One step of each,
# checked (the regularization page shows what the decay does to training):
theta = torch.tensor([1.0, -2.0])
g = torch.tensor([0.5, 3.0])  # a fixed gradient


def one_step(optimizer_class, **kwargs):
    p = theta.clone().requires_grad_(True)
    optimizer = optimizer_class([p], **kwargs)
    p.grad = g.clone()
    optimizer.step()
    return p.detach()


sgd_l2 = one_step(torch.optim.SGD, lr=0.1, weight_decay=0.01)
# the L2 gradient
assert torch.allclose(sgd_l2, theta - 0.1 * (g + 0.01 * theta))
adam_step = one_step(torch.optim.Adam, lr=0.1) - theta
adamw = one_step(torch.optim.AdamW, lr=0.1, weight_decay=0.01)
# decay, then Adam
assert torch.allclose(adamw, theta * (1 - 0.1 * 0.01) + adam_step)
adam_l2 = one_step(torch.optim.Adam, lr=0.1, weight_decay=0.01)
assert torch.allclose(
    adam_l2, theta + adam_step
)  # the L2 term vanished in the division
print("SGD, weight_decay=0.01:  ", sgd_l2.numpy().round(5))
print("Adam, no decay:          ", (theta + adam_step).numpy().round(5))
print("Adam, weight_decay=0.01: ", adam_l2.numpy().round(5))
print("AdamW, weight_decay=0.01:", adamw.numpy().round(5))

# %%
# Key points
# ----------
# * SGD steps against the gradient; momentum adds a velocity that speeds progress along consistent
#   directions and damps oscillations; Adagrad divides each parameter's step by the root of the
#   sum of *all* its past squared gradients, RMSprop by a decaying average of recent ones (which
#   can let the step grow until it is unstable); Adam combines momentum with RMSprop's scaling.
# * Adam's step is usually about :math:`\eta` per parameter, whatever the gradient's scale —
#   hence a default :math:`\eta = 10^{-3}` that means the same whatever the scale of the loss.
#   It is not bounded by :math:`\eta(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16\,\eta`, which is
#   only the first step after a gradient appears suddenly: a gradient growing ×1.11 per step
#   drove it to 7.25 :math:`\eta` here, near the largest possible value, 7.27 :math:`\eta`
#   (default betas).
# * ``weight_decay=`` adds :math:`\lambda\theta` to the gradient; with Adam use ``AdamW``, which
#   decays the weights directly.
# * An optimizer comparison means nothing without the learning rates: tune each one.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_15_optimizers_solutions.py>`.
#
# .. _exercise-15-1:
#
# **Exercise 15.1** ★★ — *A valley along the axes.* Rotate the valley by 0° instead of 30°: set
# ``rotation = torch.eye(2)`` (``valley`` and ``run`` read it) and repeat the search of the best
# learning rate for each of the five optimizers, from the same start. Which optimizers reach
# ``f < 1e-12`` after 200 steps now, and which did at 30°? Why those (hint: per-parameter
# scaling works along the coordinate axes)?
# :ref:`Solution <solution-15-1>`

# Your code for exercise 15.1

# %%
# .. _exercise-15-2:
#
# **Exercise 15.2** ★★ — *Ten times the manual rate.* Repeat the manual updates of the reproduced
# claim (the same ``network()``, data and loss) with a learning rate ten times larger,
# ``1e-3``, for a tenth of the steps. How does the final loss compare with the page's
# 10 000 steps at ``1e-4`` (``manual_final``), and with Adam's 20 steps at ``1e-3``?
# :ref:`Solution <solution-15-2>`

# Your code for exercise 15.2

# %%
# This ends part 2. The :doc:`loss atlas </reference/loss_atlas>` lists every loss on one page.
