r"""
Solutions: deeper networks
==========================

The answers to the exercises of
:ref:`deeper networks <sphx_glr_tutorials_04_architectures_plot_23_deeper_networks.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The stack is the
tutorial's: fully connected layers of 32 units between an input layer for the 64 pixels of an
8×8 digit and an output layer for the 10 classes, plain or residual.
"""

# %%
# .. _solution-23-1:
#
# Exercise 23.1 ★: count the parameters
# -------------------------------------
# :ref:`The exercise <exercise-23-1>`. A ``Linear(n_in, n_out)`` holds an
# :math:`n_\text{out} \times n_\text{in}` weight and :math:`n_\text{out}` biases. The input layer
# is ``Linear(64, 32)``, each of the 30 hidden layers ``Linear(32, 32)``, the output layer
# ``Linear(32, 10)``.
import itertools

import torch
from torch import nn


class Stack(nn.Module):
    """The tutorial's stack: plain (h ← f(Wh + b)) or residual (h ← h + f(Wh + b))."""

    def __init__(self, n_in, width, depth, n_out, act, residual=False):
        super().__init__()
        self.input = nn.Linear(n_in, width)
        self.blocks = nn.ModuleList(
            nn.Linear(width, width) for _ in range(depth)
        )
        self.output = nn.Linear(width, n_out)
        self.act = act
        self.residual = residual

    def forward(self, x):  # (B, n_in)
        h = self.act(self.input(x))  # (B, width)
        for layer in self.blocks:
            update = self.act(layer(h))  # (B, width)
            h = h + update if self.residual else update
        return self.output(h)  # (B, n_out)


by_hand = (64 * 32 + 32) + 30 * (32 * 32 + 32) + (32 * 10 + 10)
net = Stack(64, 32, 30, 10, nn.ReLU())
counted = sum(p.numel() for p in net.parameters())
print(
    "layers:", net.input, f"{len(net.blocks)} ×", net.blocks[0], net.output
)
print(f"by hand: {by_hand}, counted: {counted}")
assert counted == by_hand == 34_090

# %%
# .. _solution-23-2:
#
# Exercise 23.2 ★★: Kaiming on the residual stack
# -----------------------------------------------
# :ref:`The exercise <exercise-23-2>`. The norm of :math:`h` after each of the 30 residual layers,
# relative to its norm after the input layer, on the tutorial's batch of 256 digits:
from dlnotes.datasets import load_digits


def kaiming(weight):
    nn.init.kaiming_normal_(weight, nonlinearity="relu")


def make_stack(activation, residual=False, init=None, depth=30):
    """The tutorial's seeded stack (with the depth as a setting); ``init`` replaces every
    weight, biases become 0."""
    torch.manual_seed(0)
    act = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}[activation]()
    net = Stack(64, 32, depth, 10, act, residual)
    if init is not None:
        for layer in net.modules():
            if isinstance(layer, nn.Linear):
                init(layer.weight)
                nn.init.zeros_(layer.bias)
    return net


images, labels = load_digits(as_images=False)  # (1797, 64)
xb = images[:256]
print(f"batch: {tuple(xb.shape)}")


def growth(net):
    """‖h‖ after every residual layer, relative to ‖h‖ after the input layer."""
    with torch.no_grad():
        h = net.act(net.input(xb))  # (256, 32)
        first, sizes = h.norm(), []
        for layer in net.blocks:
            h = h + net.act(layer(h))
            sizes.append((h.norm() / first).item())
    return sizes


sizes = {
    "default init": growth(make_stack("relu", residual=True)),
    "Kaiming": growth(make_stack("relu", residual=True, init=kaiming)),
}
for name, values in sizes.items():
    per_layer = values[-1] ** (1 / 30)
    print(
        f"{name:>12}: ‖h‖ grows {values[-1]:.1e}× over 30 layers, {per_layer:.2f}× per layer"
    )
ratio = sizes["Kaiming"][-1] / sizes["default init"][-1]
print(f"Kaiming / default: {ratio:.0f}×")

# %%
# With Kaiming's initialisation each block's update :math:`\mathrm{ReLU}(Wh)` is about as large as
# :math:`h` itself (that is what Kaiming is for: it keeps the size of a ReLU layer's output equal to
# its input's). The residual connection then *adds* it to :math:`h`. If the two were unrelated, the
# norm would grow by :math:`\sqrt 2` per layer, :math:`2^{15} = 32\,768` over 30 layers; both are
# non-negative (sums of ReLU outputs), so they reinforce each other and it grows faster still. The
# default initialisation makes each update smaller than :math:`h` (the tutorial measured its factor
# below 1 per plain layer), so the norm grows far less. This is why residual networks in practice
# keep each block's update small on top of Kaiming's initialisation: BatchNorm in every block,
# and optionally each block's last BatchNorm scale set to zero (torchvision's ResNet has
# ``zero_init_residual`` for it). Neither is tried here.
assert sizes["Kaiming"][-1] > 2**15 > sizes["default init"][-1]
assert all(
    b > a for a, b in itertools.pairwise(sizes["Kaiming"])
)  # grows every layer

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, values in sizes.items():
    ax.semilogy(range(1, 31), values, label=name)
ax.semilogy(
    range(1, 31),
    [2 ** (k / 2) for k in range(1, 31)],
    "k:",
    label="√2 per layer",
)
ax.set(
    xlabel="residual layer",
    ylabel="‖h‖ ÷ ‖h‖ after the input layer (log scale)",
    title="Residual ReLU stack, untrained",
)
ax.legend()
plt.show()

# %%
# .. _solution-23-3:
#
# Exercise 23.3 ★★★: twice as deep
# --------------------------------
# :ref:`The exercise <exercise-23-3>`. The tutorial's split and settings with 60 layers, trained
# by the plain loop (the tutorial used ``fit``, which runs the same loop):
from dlnotes.data import train_val_split

(x_tr, y_tr), (x_va, y_va) = train_val_split(
    images,
    labels,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)


def train(net, epochs=25, batch_size=64):
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(1)
    for _ in range(epochs):
        net.train()
        for idx in torch.randperm(len(x_tr), generator=order).split(
            batch_size
        ):
            optimizer.zero_grad()
            loss_fn(net(x_tr[idx]), y_tr[idx]).backward()
            optimizer.step()
    net.eval()
    with torch.no_grad():
        return (net(x_va).argmax(dim=1) == y_va).float().mean().item()


deep = {
    "sigmoid, residual": make_stack("sigmoid", residual=True, depth=60),
    "ReLU, plain, Kaiming": make_stack("relu", init=kaiming, depth=60),
}
accuracy = {name: train(net) for name, net in deep.items()}
for name, value in accuracy.items():
    print(f"60 layers, {name}: validation accuracy {value:.3f}")
chance = 1 / len(labels.unique())  # one of ten classes, guessed
print(f"chance: {chance:.1f}")
assert all(
    value > 0.5 > chance for value in accuracy.values()
)  # both learn

# %%
# Yes: at 60 layers both still learn, far above chance (0.1): what the residual connection and
# the Kaiming initialisation do for 30 layers on the tutorial page still lets a stack twice as
# deep train. How far each gets was not the question, and only that it learns is asserted.
