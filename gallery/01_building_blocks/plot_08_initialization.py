r"""
Initialization: start the weights at the right scale, and never all equal
=========================================================================

Training starts from the initial weights, and two things can go wrong before the first step.
If all the weights of a layer are equal, all its units compute the same thing, receive the same
gradient, and stay identical forever. If the weights have the wrong *scale*, the signal shrinks
or explodes as it passes through the layers, and so do the gradients on the way back.

This page shows both failures and the standard cures, Xavier and Kaiming initialization. You will
be able to:

* explain the (out, in) shape of a linear layer's weight;
* apply each initializer of ``torch.nn.init`` (here :mod:`dlnotes.inits`, written from the formulas);
* choose Xavier for tanh/sigmoid and Kaiming for ReLU, and initialise a whole model with
  ``model.apply``.
"""

# %%
# The weight of ``nn.Linear(5, 2)`` is (2, 5)
# -------------------------------------------
# A linear layer computes :math:`y = x W^\top + b`. Each of the 2 outputs has its own row of 5
# weights, one per input, so :math:`W` is (out, in) = (2, 5) and the batch (N, 5) times
# :math:`W^\top` (5, 2) gives (N, 2).
import torch
from torch import nn

torch.manual_seed(
    0
)  # nn.Linear draws its default initial weights from the global generator
layer = nn.Linear(5, 2)
print("weight", tuple(layer.weight.shape), " bias", tuple(layer.bias.shape))
x = torch.randn(3, 5, generator=torch.Generator().manual_seed(1))  # (N=3, in=5)
by_hand = x @ layer.weight.T + layer.bias  # (3, 2)
assert torch.allclose(layer(x), by_hand)
print("layer(x) equals x @ W.T + b:", torch.allclose(layer(x), by_hand))

# %%
# Every initializer, on one layer
# -------------------------------
# Initializers fill a tensor *in place* (the trailing underscore) and run under
# ``torch.no_grad()``, so filling is not recorded by autograd: the weight stays a trainable leaf.
# All draws below come from one explicit, seeded generator.
from dlnotes import inits

g = torch.Generator().manual_seed(0)
for name, fill in [
    ("zeros_", inits.zeros_),
    ("ones_", inits.ones_),
    ("constant_(0.1)", lambda t: inits.constant_(t, 0.1)),
    ("eye_", inits.eye_),
    ("normal_(0, 0.1)", lambda t: inits.normal_(t, 0.0, 0.1, generator=g)),
    ("uniform_(-0.1, 0.1)", lambda t: inits.uniform_(t, -0.1, 0.1, generator=g)),
]:
    fill(layer.weight)
    print(
        f"{name:>20}: {torch.round(layer.weight.detach().double(), decimals=3).tolist()}"
    )
print(
    "still a trainable leaf:", layer.weight.requires_grad, layer.weight.grad_fn is None
)

# %%
# The four scaled initializers depend on the layer's *fan in* (inputs per unit) and *fan out*.
# On a 256 → 512 layer their spread matches the formulas
# :math:`\sigma = \sqrt{2/(\text{in}+\text{out})}` (Xavier) and :math:`\sqrt{2/\text{in}}`
# (Kaiming, for ReLU):
import math

import matplotlib.pyplot as plt

big = torch.empty(512, 256)  # (out, in)
schemes = {
    "xavier_uniform_": (inits.xavier_uniform_, {}, math.sqrt(2 / 768)),
    "xavier_normal_": (inits.xavier_normal_, {}, math.sqrt(2 / 768)),
    "kaiming_uniform_": (
        inits.kaiming_uniform_,
        {"nonlinearity": "relu"},
        math.sqrt(2 / 256),
    ),
    "kaiming_normal_": (
        inits.kaiming_normal_,
        {"nonlinearity": "relu"},
        math.sqrt(2 / 256),
    ),
}
fig, axes = plt.subplots(1, 4, figsize=(13, 2.8), sharex=True, layout="constrained")
for ax, (name, (fill, kwargs, expected)) in zip(axes, schemes.items(), strict=True):
    values = fill(big, **kwargs, generator=g).flatten()
    ax.hist(values.numpy(), bins=60, color="tab:blue")
    ax.set(title=name, xlabel="weight value")
    print(f"{name:>17}: std {values.std().item():.4f}  (formula {expected:.4f})")
    assert abs(values.std().item() - expected) < 0.02 * expected
axes[0].set_ylabel("count")
plt.show()

# %%
# The symmetry problem
# --------------------
# A network with 8 hidden tanh units learns a curved function of one input. Initialised with
# every weight equal to 0.3, the 8 hidden units start identical, get identical gradients, and end
# identical: the network behaves as if it had one hidden unit. Random initialization breaks the
# tie.
from dlnotes.data import Batches
from dlnotes.train import fit

xs = torch.linspace(-3, 3, 128).reshape(-1, 1)
ys = torch.sin(xs) + 0.3 * xs**2  # a curve no single tanh unit can follow


def train(constant: bool) -> tuple[nn.Sequential, float]:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
    if constant:
        inits.init_model(
            net, weight=lambda w: inits.constant_(w, 0.3), bias=inits.zeros_
        )
    history = fit(
        net,
        nn.MSELoss(),
        torch.optim.Adam(net.parameters(), lr=0.02),
        Batches(
            xs,
            ys,
            batch_size=32,
            shuffle=True,
            generator=torch.Generator().manual_seed(0),
        ),
        epochs=300,
        progress=False,
    )
    return net, history["train_loss"][-1]


constant_net, constant_loss = train(constant=True)
random_net, random_loss = train(constant=False)
hidden = constant_net[0].weight.detach().ravel()
print(f"constant init: the 8 hidden weights after training: {hidden.numpy().round(4)}")
print(f"final loss: constant init {constant_loss:.4f}, random init {random_loss:.4f}")
assert hidden.max() - hidden.min() < 1e-6  # still all equal
assert random_loss < constant_loss / 5

# %%
# Why scale matters: a signal through ten layers
# ----------------------------------------------
# Push a batch of 512 standard-normal inputs through ten 256-unit layers and record, after each
# layer, the spread (standard deviation) of the activations, and on the way back, of the
# gradients. Four settings:
#
# * **too small**: weights :math:`\mathcal{N}(0, 0.01^2)`, tanh — each layer multiplies the spread
#   by about :math:`0.01 \cdot \sqrt{256} = 0.16`;
# * **too large**: :math:`\mathcal{N}(0, 1)`, tanh — most units saturate at ±1, and on the way
#   back every layer multiplies the gradient by its large weights;
# * **Xavier + tanh** and **Kaiming + ReLU**: the spread is roughly preserved both ways.
#
# The gradients are shown relative to the last layer's: what matters is how they change from
# layer to layer, since one learning rate has to suit all of them.
inputs = torch.randn(512, 256, generator=torch.Generator().manual_seed(0))


def spreads(init, activation):
    torch.manual_seed(0)
    layers = [nn.Linear(256, 256) for _ in range(10)]
    for lin in layers:
        init(lin.weight)
        inits.zeros_(lin.bias)
    h, acts = inputs, []
    for lin in layers:
        h = activation(lin(h))
        h.retain_grad()  # keep the gradient of this intermediate result
        acts.append(h)
    h.pow(2).mean().backward()
    return [a.std().item() for a in acts], [a.grad.std().item() for a in acts], acts


settings = {
    "too small (σ = 0.01), tanh": (
        lambda w: inits.normal_(w, 0, 0.01, generator=g),
        torch.tanh,
    ),
    "too large (σ = 1), tanh": (
        lambda w: inits.normal_(w, 0, 1.0, generator=g),
        torch.tanh,
    ),
    "Xavier + tanh": (
        lambda w: inits.xavier_normal_(w, gain=5 / 3, generator=g),
        torch.tanh,
    ),
    "Kaiming + ReLU": (
        lambda w: inits.kaiming_normal_(w, nonlinearity="relu", generator=g),
        torch.relu,
    ),
}
results = {name: spreads(*setting) for name, setting in settings.items()}

fig, (ax_fwd, ax_bwd) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
for name, (act_std, grad_std, _) in results.items():
    ax_fwd.semilogy(range(1, 11), act_std, "o-", label=name)
    ax_bwd.semilogy(
        range(1, 11), [s / grad_std[-1] for s in grad_std], "o-", label=name
    )
ax_fwd.set(xlabel="layer", ylabel="std of activations", title="forward: the signal")
ax_bwd.set(
    xlabel="layer", ylabel="gradient std ÷ layer 10's", title="backward: the gradients"
)
ax_fwd.legend(fontsize="small")
plt.show()


def grad_ratio(result):
    _, grad_std, _ = result
    return grad_std[0] / grad_std[-1]  # layer 1's gradient spread over layer 10's


for name, result in results.items():
    act_std, _, acts = result
    # saturation (|tanh| > 0.99) only means something for tanh; ReLU has no upper limit
    saturated = (
        f"{(acts[-1].abs() > 0.99).float().mean().item():4.0%}"
        if "tanh" in name
        else "   –"
    )
    print(
        f"{name:>28}: layer-10 activation std {act_std[-1]:.2e}, saturated {saturated}, "
        f"gradient spread layer 1 / layer 10 = {grad_ratio(result):.2g}"
    )

small, large, xavier, kaiming = (results[n] for n in settings)
assert (
    small[0][-1] < 1e-6 and grad_ratio(small) < 1e-5
)  # the signal and gradients vanish
assert (large[2][-1].abs() > 0.99).float().mean() > 0.5 and grad_ratio(large) > 1e3
for result in (xavier, kaiming):
    assert (
        0.2 < min(result[0]) and max(result[0]) < 2.0
    )  # the spread survives ten layers
    assert 0.1 < grad_ratio(result) < 10

# %%
# ``model.apply``: one rule for every layer
# -----------------------------------------
# ``model.apply(fn)`` calls ``fn`` on every submodule. :func:`dlnotes.inits.init_model` wraps the
# usual pattern — Xavier-uniform weights and biases of 0.1 for every ``nn.Linear`` — which under the
# hood is:
#
# .. code-block:: python
#
#     def init_params(module):
#         if isinstance(module, nn.Linear):
#             nn.init.xavier_uniform_(module.weight)
#             nn.init.constant_(module.bias, 0.1)
#
#     model.apply(init_params)
model = nn.Sequential(
    nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2)
)
inits.init_model(
    model,
    weight=lambda w: inits.xavier_uniform_(w, generator=g),
    bias=lambda b: inits.constant_(b, 0.1),
)
for name, p in model.named_parameters():
    if name.endswith("bias"):
        print(f"{name}: {torch.round(p.detach().double(), decimals=3).tolist()}")
assert all(torch.all(m.bias == 0.1) for m in model if isinstance(m, nn.Linear))

# %%
# Key points
# ----------
# * ``nn.Linear(in, out).weight`` has shape (out, in): one row of input weights per output unit.
# * Equal initial weights make units identical forever: initialise weights randomly (a constant is
#   fine for biases).
# * Scale decides whether signals and gradients survive depth. Use Xavier for tanh/sigmoid layers
#   and Kaiming for ReLU layers; PyTorch's default for ``nn.Linear`` is a Kaiming-uniform variant.
# * Initializers work in place under ``no_grad``; ``model.apply`` (or
#   :func:`~dlnotes.inits.init_model`) applies one rule to every layer.
#
# Try it
# ------
# * Use Xavier initialization with ReLU layers in the ten-layer experiment: what happens to the
#   spread after ten layers?
# * Increase the depth to 50 layers for the Kaiming + ReLU setting.
#
# Next: :ref:`dropout <sphx_glr_tutorials_01_building_blocks_plot_09_dropout.py>`.
