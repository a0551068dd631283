r"""
Initialization: start the weights at the right scale, and never all equal
=========================================================================

Training starts from the initial weights, and two things can go wrong before the first step.
If all the weights are equal, all the units of a layer compute the same thing, receive the same
gradient, and stay identical forever. If the weights have the wrong *scale*, the signal shrinks
away or saturates as it passes through the layers, and the gradients on the way back vanish or
explode.

This page shows both failures and the standard cures in ``torch.nn.init``, Xavier and Kaiming
initialization. You will be able to:

* explain the (out, in) shape of a linear layer's weight;
* apply each initializer of ``torch.nn.init``, reproducibly, with a seeded ``generator``;
* choose Xavier for tanh/sigmoid and Kaiming for ReLU, and initialise a whole model with
  ``model.apply``.
"""

# %%
# The weight of ``nn.Linear(5, 2)`` is (2, 5)
# -------------------------------------------
# A linear layer computes :math:`y = x W^\top + b`. Each of the 2 outputs has its own row of 5
# weights, one per input, so :math:`W` is (out, in) = (2, 5) and the batch (N, 5) times
# :math:`W^\top` (5, 2) gives (N, 2).
#
# Note 004 (one of the Chinese source notes this site was written from) finds the weight of
# ``nn.Linear(5, 2)`` to be 2 × 5 and explains that it is
# "transposed by default": the forward and the backward pass both need the transpose, so it is
# transposed in advance. Nothing is transposed, in advance or later. One row per output unit is
# simply how PyTorch stores the weight; the forward pass multiplies by its transpose, and the
# backward pass uses it as stored: for a loss :math:`L`, the gradient of the input is
# :math:`\partial L/\partial x = (\partial L/\partial y)\,W`, and the gradient of the weight,
# :math:`(\partial L/\partial y)^\top x`, is (out, in) like :math:`W`. Both passes, checked:
import torch
from torch import nn

# nn.Linear draws its default weights from the global generator
torch.manual_seed(0)
layer = nn.Linear(5, 2)
print("weight", tuple(layer.weight.shape), " bias", tuple(layer.bias.shape))
g = torch.Generator().manual_seed(1)
x = torch.randn(3, 5, generator=g, requires_grad=True)  # (N=3, in=5)
by_hand = x @ layer.weight.T + layer.bias  # (3, 2)
assert torch.allclose(layer(x), by_hand)
print("layer(x) equals x @ W.T + b:", torch.allclose(layer(x), by_hand))
grad_y = torch.randn(3, 2, generator=g)  # some ∂L/∂y, (N, out)
layer(x).backward(grad_y)
W = layer.weight.detach()
assert torch.allclose(x.grad, grad_y @ W)  # (3, 2) @ (2, 5)
assert torch.allclose(layer.weight.grad, grad_y.T @ x.detach())  # (2, 5)
print(
    "x.grad equals grad_y @ W:", torch.allclose(x.grad, grad_y @ W),
    "| weight.grad equals grad_y.T @ x:",
    torch.allclose(layer.weight.grad, grad_y.T @ x.detach()),
)  # fmt: skip

# %%
# Every initializer, on one layer
# -------------------------------
# The functions of ``torch.nn.init`` fill a tensor *in place* (the trailing underscore) and
# return it. The random ones take a ``generator=``: with a seeded generator the same call always
# gives the same weights, whatever else used the global random state before.
g = torch.Generator().manual_seed(0)
for name, fill in [
    ("zeros_", nn.init.zeros_),
    ("ones_", nn.init.ones_),
    ("constant_(0.1)", lambda t: nn.init.constant_(t, 0.1)),
    ("eye_", nn.init.eye_),
    (
        "normal_(0, 0.1)",
        lambda t: nn.init.normal_(t, mean=0.0, std=0.1, generator=g),
    ),
    (
        "uniform_(-0.1, 0.1)",
        lambda t: nn.init.uniform_(t, a=-0.1, b=0.1, generator=g),
    ),
]:
    fill(layer.weight)
    weights = torch.round(
        layer.weight.detach().double(), decimals=3
    ).tolist()
    print(f"{name:>20}: {weights}")

# %%
# ``eye_`` writes the identity matrix (ones on the diagonal, as far as the shape allows): it is
# an *identity* initialization, not the "rank initialization" (秩初始化) of note 004.
#
# The weight is a leaf tensor that requires gradients, and autograd forbids changing such a
# tensor in place — the error below. ``nn.init`` therefore fills it under ``torch.no_grad()``:
# the fill is not recorded, and the weight stays a trainable leaf.
try:
    layer.weight.normal_()  # what nn.init does, but outside no_grad
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print(
    "after nn.init: requires_grad", layer.weight.requires_grad,
    "| grad_fn", layer.weight.grad_fn,
)  # fmt: skip

# %%
# The four scaled initializers depend on the layer's *fan in* (inputs per unit) and *fan out*.
# On a 256 → 512 layer their spread matches the formulas
# :math:`\sigma = \sqrt{2/(\text{in}+\text{out})}` (Xavier) and :math:`\sqrt{2/\text{in}}`
# (Kaiming with ``nonlinearity="relu"``); the uniform versions draw from :math:`[-a, a]` with
# :math:`a = \sqrt{3}\,\sigma`, which has the same spread.
import math

import matplotlib.pyplot as plt

big = torch.empty(512, 256)  # (out, in) of nn.Linear(256, 512)
print("weight of nn.Linear(256, 512):", tuple(big.shape))
schemes = {
    "xavier_uniform_": (
        nn.init.xavier_uniform_,
        {},
        math.sqrt(2 / (256 + 512)),
    ),
    "xavier_normal_": (
        nn.init.xavier_normal_,
        {},
        math.sqrt(2 / (256 + 512)),
    ),
    "kaiming_uniform_": (
        nn.init.kaiming_uniform_,
        {"nonlinearity": "relu"},
        math.sqrt(2 / 256),
    ),
    "kaiming_normal_": (
        nn.init.kaiming_normal_,
        {"nonlinearity": "relu"},
        math.sqrt(2 / 256),
    ),
}
fig, axes = plt.subplots(
    1, 4, figsize=(13, 2.8), sharex=True, layout="constrained"
)
for ax, (name, (fill, kwargs, expected)) in zip(
    axes, schemes.items(), strict=True
):
    values = fill(big, **kwargs, generator=g).flatten()
    ax.hist(values.numpy(), bins=60, color="tab:blue")
    ax.set(title=f"nn.init.{name}", xlabel="weight value")
    print(
        f"{name:>17}: "
        f"std {values.std().item():.4f}  (formula {expected:.4f})"
    )
    assert abs(values.std().item() - expected) < 0.02 * expected
axes[0].set_ylabel("count")
plt.show()

# %%
# The symmetry problem
# --------------------
# A network with 8 hidden tanh units learns a curved function of one input. Initialised with
# every weight equal to 0.3 (and zero biases), the 8 hidden units start identical, get identical
# gradients, and end identical: the network behaves as if it had one hidden unit. PyTorch's
# default random initialization breaks the tie. ``model.apply(fn)`` calls ``fn`` on every
# submodule, so one small function initialises every ``nn.Linear`` of the model.
xs = torch.linspace(-3, 3, 128).reshape(-1, 1)  # (128, 1)
ys = torch.sin(xs) + 0.3 * xs**2  # a curve no single tanh unit can follow


def constant_init(module):
    if isinstance(module, nn.Linear):
        nn.init.constant_(module.weight, 0.3)
        nn.init.zeros_(module.bias)


def train(net, steps=1000):
    """Full-batch Adam on the mean squared error; returns the final loss."""
    optimizer = torch.optim.Adam(net.parameters(), lr=0.02)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(net(xs), ys)
        loss.backward()
        optimizer.step()
    return loss.item()


torch.manual_seed(0)
constant_net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
constant_net.apply(constant_init)
constant_loss = train(constant_net)
torch.manual_seed(0)
# default init
random_net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
random_loss = train(random_net)
hidden = constant_net[0].weight.detach().ravel()
print(
    "constant init: the 8 hidden weights after training: "
    f"{hidden.numpy().round(4)}"
)
print(
    f"final loss: constant init {constant_loss:.4f}, "
    f"random init {random_loss:.4f}"
)
assert hidden.max() - hidden.min() < 1e-6  # still all equal
assert random_loss < constant_loss / 5

# %%
# Why scale matters: a signal through ten layers
# ----------------------------------------------
# Push a batch of 512 standard-normal inputs through ten 256-unit layers and record, after each
# layer, the spread (standard deviation) of the activations, and on the way back, of the
# gradients. Five settings:
#
# * **too small**: ``normal_(std=0.01)``, tanh — each layer multiplies the spread by about
#   :math:`0.01 \cdot \sqrt{256} = 0.16`;
# * **too large**: ``normal_(std=1)``, tanh — most units saturate at ±1; on the way back the
#   large weights outweigh the small slopes of the saturated units, and the gradients grow from
#   layer to layer towards the input;
# * **Xavier, gain 1, tanh**: ``xavier_normal_`` as it comes;
# * **Xavier, gain 5/3, tanh**: ``xavier_normal_(gain=nn.init.calculate_gain("tanh"))``;
# * **Kaiming + ReLU**: ``kaiming_normal_(nonlinearity="relu")``.
#
# The gradients are shown relative to the last layer's: what matters is how they change from
# layer to layer, since one learning rate has to suit all of them.
inputs = torch.randn(512, 256, generator=torch.Generator().manual_seed(0))
print("inputs", tuple(inputs.shape), "→ 10 layers nn.Linear(256, 256)")
tanh_gain = nn.init.calculate_gain("tanh")
print(f'nn.init.calculate_gain("tanh") = {tanh_gain:.4f}')


def spreads(init, activation, loss=lambda h: h.pow(2).mean()):
    torch.manual_seed(0)
    layers = [nn.Linear(256, 256) for _ in range(10)]
    for lin in layers:
        init(lin.weight)
        nn.init.zeros_(lin.bias)
    h, acts = inputs, []
    for lin in layers:
        h = activation(lin(h))
        h.retain_grad()  # keep the gradient of this intermediate result
        acts.append(h)
    loss(h).backward()
    return (
        [a.std().item() for a in acts],
        [a.grad.std().item() for a in acts],
        acts,
    )


settings = {
    "too small (σ = 0.01), tanh": (
        lambda w: nn.init.normal_(w, 0.0, 0.01, generator=g),
        torch.tanh,
    ),
    "too large (σ = 1), tanh": (
        lambda w: nn.init.normal_(w, 0.0, 1.0, generator=g),
        torch.tanh,
    ),
    "Xavier, gain 1, tanh": (
        lambda w: nn.init.xavier_normal_(w, generator=g),
        torch.tanh,
    ),
    "Xavier, gain 5/3, tanh": (
        lambda w: nn.init.xavier_normal_(w, gain=tanh_gain, generator=g),
        torch.tanh,
    ),
    "Kaiming + ReLU": (
        lambda w: nn.init.kaiming_normal_(
            w, nonlinearity="relu", generator=g
        ),
        torch.relu,
    ),
}
results = {name: spreads(*setting) for name, setting in settings.items()}

fig, (ax_fwd, ax_bwd) = plt.subplots(
    1, 2, figsize=(11, 4), layout="constrained"
)
for name, (act_std, grad_std, _) in results.items():
    ax_fwd.semilogy(range(1, 11), act_std, "o-", label=name)
    ax_bwd.semilogy(
        range(1, 11), [s / grad_std[-1] for s in grad_std], "o-", label=name
    )
ax_fwd.set(
    xlabel="layer",
    ylabel="std of activations (log scale)",
    title="forward: the signal",
)
ax_bwd.set(
    xlabel="layer",
    ylabel="gradient std ÷ layer 10's (log scale)",
    title="backward: the gradients",
)
ax_fwd.legend(fontsize="small")
plt.show()


def grad_ratio(result):
    _, grad_std, _ = result
    # layer 1's gradient spread over layer 10's
    return grad_std[0] / grad_std[-1]


print(
    f"{'':>26} {'activation std':>17} {'saturated':>9} "
    f"{'gradient spread':>15}"
)
print(
    f"{'':>26} {'layer 1':>8} {'layer 10':>8} {'layer 10':>9} "
    f"{'layer 1 / 10':>15}"
)
for name, result in results.items():
    act_std, _, acts = result
    # saturation (|tanh| > 0.99) only means something for tanh; ReLU has no
    # upper limit
    saturated = (
        f"{(acts[-1].abs() > 0.99).float().mean().item():4.0%}"
        if "tanh" in name
        else "   –"
    )
    print(
        f"{name:>26} {act_std[0]:>8.3f} {act_std[-1]:>8.2e} {saturated:>9} "
        f"{grad_ratio(result):>15.2g}"
    )

small, large, xavier1, xavier, kaiming = (results[n] for n in settings)
# signal and gradients vanish
assert small[0][-1] < 1e-6 and grad_ratio(small) < 1e-5
assert (large[2][-1].abs() > 0.99).float().mean() > 0.5 and grad_ratio(
    large
) > 1e3
for result in (xavier, kaiming):
    assert (
        0.2 < min(result[0]) and max(result[0]) < 2.0
    )  # the spread survives ten layers
    assert 0.1 < grad_ratio(result) < 10
# gain 1: tanh keeps shrinking the signal
assert xavier1[0][-1] < 0.5 * xavier1[0][0]
# ... and is still shrinking it at layer 10
assert xavier1[0][-1] < xavier1[0][-2]
assert abs(xavier[0][-1] - xavier[0][4]) < 0.02  # gain 5/3: it has settled

# %%
# Kaiming + ReLU keeps the forward spread (0.821 after layer 1, 0.831 after layer 10), yet its
# layer-1 gradients are 5.1 times as spread as layer 10's. That comes from the loss used here,
# not from the initialization: the mean square of the output has the gradient :math:`2h/n` at
# layer 10, which is never negative (ReLU outputs are not) and follows the signal itself, and
# carried back through the ReLU layers it grows. Give a network initialised the same way a loss
# whose gradient at layer 10 has random signs, ``(h * r).mean()`` with a fixed random ``r``, and
# the ratio comes out close to 1. Either way it stays within the factor 10 checked above.
r = torch.randn(512, 256, generator=torch.Generator().manual_seed(1))
random_signs = spreads(
    *settings["Kaiming + ReLU"], loss=lambda h: (h * r).mean()
)
print(
    "Kaiming + ReLU, gradient spread layer 1 / 10: "
    f"{grad_ratio(kaiming):.2g} with the mean square, "
    f"{grad_ratio(random_signs):.2f} with random signs"
)
# the mean square's gradient grows towards the input; random signs do not
assert grad_ratio(kaiming) > 2 * grad_ratio(random_signs)
assert 0.5 < grad_ratio(random_signs) < 2

# %%
# The gain 5/3 for tanh
# ---------------------
# Xavier's formula keeps the spread through the *linear* part of a layer (for square layers like
# these; when in ≠ out it compromises between the forward and the backward pass). Tanh then
# shrinks it — its slope is 1 at 0 and less everywhere else — so with gain 1 the spread falls
# layer after layer: above, from 0.627 after the first layer to 0.228 after the tenth, and still
# falling. A gain above 1 makes up for that. The value 5/3 itself comes from PyTorch's
# ``nn.init.calculate_gain``, whose documentation lists it as the "recommended gain value" for
# tanh and gives no derivation; this page does not derive it either. What it does can be
# checked, as above: with 5/3 the spread settles at a steady level within a few layers and stays
# there, the gradients keep their size, and few units saturate.
#
# ``model.apply``: one rule for every layer
# -----------------------------------------
# The pattern of note 004: Xavier-uniform weights and biases of 0.1 for every ``nn.Linear`` of a
# model. ``apply`` visits the children first, then the model itself, and returns the model.
model = nn.Sequential(
    nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2)
)
init_generator = torch.Generator().manual_seed(0)


def init_params(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight, generator=init_generator)
        nn.init.constant_(module.bias, 0.1)


model.apply(init_params)
for name, p in model.named_parameters():
    print(
        f"{name}: {torch.round(p.detach().double(), decimals=3).tolist()}"
    )
assert all(
    torch.all(m.bias == 0.1) for m in model if isinstance(m, nn.Linear)
)

# %%
# The bias of 0.1 is the note's choice, not a standard one. Left alone, ``nn.Linear`` draws each
# bias uniformly from :math:`[-1/\sqrt{\text{in}}, 1/\sqrt{\text{in}}]`, as its documentation
# says; and zero biases (``nn.init.zeros_``), as in the experiments above, are a common choice
# too. The default, on a layer with 256 inputs:
torch.manual_seed(0)
bias = nn.Linear(256, 512).bias.detach()  # (512,)
print(
    f"default bias of nn.Linear(256, 512): from {bias.min():.4f} to "
    f"{bias.max():.4f}; 1/√256 = {1 / math.sqrt(256):.4f}"
)
assert bias.abs().max() <= 1 / math.sqrt(256)
assert bias.abs().max() > 0.95 / math.sqrt(256)  # it spans the range

# %%
# Under the hood: the formulas
# ----------------------------
# :mod:`dlnotes.inits` writes each initializer from its formula: compute the fans, then the
# standard deviation or bound, then fill under ``no_grad``. Given a generator in the same state
# it draws exactly the same numbers as ``torch.nn.init`` — equal tensors, not merely equal
# distributions — and :func:`dlnotes.inits.init_model` is the ``model.apply`` pattern above:
from functools import partial

from dlnotes import inits

random_initializers = [
    "normal_",
    "uniform_",
    "xavier_uniform_",
    "xavier_normal_",
]
random_initializers += ["kaiming_uniform_", "kaiming_normal_"]
for name in random_initializers:
    theirs = getattr(nn.init, name)(
        torch.empty(64, 32), generator=torch.Generator().manual_seed(7)
    )
    ours = getattr(inits, name)(
        torch.empty(64, 32), generator=torch.Generator().manual_seed(7)
    )
    print(
        f"{name:>17}: identical to nn.init.{name}: "
        f"{torch.equal(ours, theirs)}"
    )
    assert torch.equal(ours, theirs)
for nonlinearity in [
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]:
    assert inits.calculate_gain(nonlinearity) == nn.init.calculate_gain(
        nonlinearity
    )

twin = nn.Sequential(
    nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2)
)
inits.init_model(
    twin,
    weight=partial(
        inits.xavier_uniform_, generator=torch.Generator().manual_seed(0)
    ),
    bias=partial(inits.constant_, val=0.1),
)
same = all(
    torch.equal(a, b)
    for a, b in zip(
        model.state_dict().values(), twin.state_dict().values(), strict=True
    )
)
print("init_model gives the same model as model.apply(init_params):", same)
assert same

# %%
# Key points
# ----------
# * ``nn.Linear(in, out).weight`` has shape (out, in): one row of input weights per output unit.
# * ``torch.nn.init`` fills tensors in place under ``no_grad``; pass ``generator=`` for
#   reproducible weights.
# * Equal initial weights make units identical forever: initialise weights randomly (a constant is
#   fine for biases).
# * Scale decides whether signals and gradients survive depth. Use Xavier (with
#   ``calculate_gain("tanh")`` for tanh) for tanh/sigmoid layers and Kaiming for ReLU layers;
#   PyTorch's default for ``nn.Linear`` is a Kaiming-uniform variant.
# * ``model.apply(fn)`` applies one rule to every layer.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_08_initialization_solutions.py>`.
#
# .. _exercise-08-1:
#
# **Exercise 8.1** ★★ — *Xavier under ReLU.* Call the page's ``spreads`` with
# ``lambda w: nn.init.xavier_normal_(w, generator=g)`` and ``torch.relu``. What is the spread of
# the activations after layer 10, and by what factor does it shrink per layer on average? Where
# does that factor come from?
# :ref:`Solution <solution-08-1>`

# Your code for exercise 8.1

# %%
# .. _exercise-08-2:
#
# **Exercise 8.2** ★★ — *A larger gain.* Run ``spreads`` for tanh with Xavier at ``gain=2`` and,
# for comparison, at ``gain=tanh_gain``. Which share of the units saturates (``|tanh| > 0.99``)
# after layer 10 with each gain? Does the spread still settle with ``gain=2``?
# :ref:`Solution <solution-08-2>`

# Your code for exercise 8.2

# %%
# .. _exercise-08-3:
#
# **Exercise 8.3** ★★★ — *Five times deeper.* ``spreads`` builds ten layers; write a version with
# a ``depth`` argument and run Kaiming + ReLU through five times as many layers. Does the spread
# of the activations stay within a factor of 2 of layer 1's at every layer? And the gradient
# spread of layer 1 over that of the last layer: larger or smaller than with ten layers?
# :ref:`Solution <solution-08-3>`

# Your code for exercise 8.3

# %%
# Next: :ref:`dropout <sphx_glr_tutorials_01_building_blocks_plot_09_dropout.py>`.
