r"""
Building models: subclass ``nn.Module``, or stack layers with ``nn.Sequential``
===============================================================================

Every PyTorch model is an ``nn.Module``: an object that owns parameters and sub-modules and
defines ``forward``. This page builds the same small network three ways, then looks inside it —
its parameters, their count, the device they live on — and ends with the reshapes that connect
image batches to linear layers. You will be able to:

* write a model as a subclass, with ``nn.Sequential`` and with an ``OrderedDict`` of named layers;
* explain why you call ``model(x)`` and not ``model.forward(x)``;
* count parameters by hand and check the count with ``torchinfo``;
* keep a model and its data on one device, and choose between ``view``, ``reshape`` and
  ``nn.Flatten``.
"""

# %%
# A subclass: ``__init__`` creates the layers, ``forward`` uses them
# ------------------------------------------------------------------
# The 3 → 4 → 4 → 2 network: a tanh layer with Xavier-normal weights, a ReLU layer with
# Kaiming-normal weights, and a softmax output, written out (:class:`dlnotes.models.TinyNet`
# packages the same network, checked below):
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()  # sets up parameter and sub-module bookkeeping
        # assigning a layer registers its parameters
        self.linear1 = nn.Linear(3, 4)
        nn.init.xavier_normal_(self.linear1.weight)
        self.linear2 = nn.Linear(4, 4)
        nn.init.kaiming_normal_(self.linear2.weight, nonlinearity="relu")
        self.out = nn.Linear(4, 2)

    def forward(self, x):  # (N, 3)
        x = torch.tanh(self.linear1(x))  # (N, 4)
        x = torch.relu(self.linear2(x))  # (N, 4)
        return torch.softmax(self.out(x), dim=1)  # (N, 2), rows sum to 1


torch.manual_seed(0)  # nn.Linear and nn.init draw from the global generator
net = Net()
# (10, 3)
batch = torch.randn(10, 3, generator=torch.Generator().manual_seed(1))
probs = net(batch)
# the modules assigned in __init__, not the torch.tanh calls of forward
print(net)
print(
    "output shape",
    tuple(probs.shape),
    "row sums",
    probs.sum(dim=1).detach().numpy().round(6),
)
assert probs.shape == (10, 2) and torch.allclose(
    probs.sum(1), torch.ones(10)
)

# %%
# :class:`dlnotes.models.TinyNet` has the same layers under the same names (``linear1``,
# ``linear2``, ``out``) and initialises them the same way, from a generator you can pass. Its
# random weights differ from ``net``'s; with ``net``'s loaded (the whole ``state_dict`` at once:
# the names match) it gives the same probabilities:
from dlnotes.models import TinyNet

tiny = TinyNet(generator=torch.Generator().manual_seed(0))
tiny.load_state_dict(net.state_dict())
# the same operations in the same order; the tolerance allows another kernel
same_as_tiny = torch.allclose(tiny(batch), probs)
print("TinyNet with net's weights gives net's probabilities:", same_as_tiny)
assert same_as_tiny

# %%
# (The softmax output shows the whole computation. To *train* a classifier, return the raw scores
# and use ``nn.CrossEntropyLoss``, which applies log-softmax itself, more stably.)
#
# ``model(x)`` goes through ``__call__``
# --------------------------------------
# Calling the module runs ``nn.Module.__call__``, which runs any registered *hooks* around
# ``forward``. Calling ``forward`` directly skips the module's own hooks. A forward hook is a
# handy way to record what a module produced without changing its code:
calls = []
handle = net.register_forward_hook(
    lambda module, inputs, output: calls.append(tuple(output.shape))
)
net(batch)
print("after net(batch):        hook saw", calls)
net.forward(batch)  # bypasses __call__, so net's hook does not run
print("after net.forward(batch): hook saw", calls)
handle.remove()
assert calls == [(10, 2)]

# %%
# ``nn.Sequential`` and an ``OrderedDict``
# ----------------------------------------
# When data simply flow through layers in order, ``nn.Sequential`` needs no class. Layers are then
# named 0, 1, 2, …; an ``OrderedDict`` gives them names. Here the activations are modules
# (``nn.Tanh()``, …), so they appear in the printout.
from collections import OrderedDict

seq = nn.Sequential(
    nn.Linear(3, 4),
    nn.Tanh(),
    nn.Linear(4, 4),
    nn.ReLU(),
    nn.Linear(4, 2),
    nn.Softmax(dim=1),
)
named = nn.Sequential(
    OrderedDict(
        [
            ("hidden1", nn.Linear(3, 4)),
            ("tanh", nn.Tanh()),
            ("hidden2", nn.Linear(4, 4)),
            ("relu", nn.ReLU()),
            ("out", nn.Linear(4, 2)),
            ("softmax", nn.Softmax(dim=1)),
        ]
    )
)
print(seq)
print(named)
print("named[0] is named.hidden1:", named[0] is named.hidden1)

# %%
# ``named`` has its own random weights. Copy ``net``'s into it, layer by layer: each linear
# layer's ``state_dict()`` holds its ``weight`` and ``bias``, and ``load_state_dict`` copies them
# in. Then the two models compute the same function.
named.hidden1.load_state_dict(net.linear1.state_dict())
named.hidden2.load_state_dict(net.linear2.state_dict())
named.out.load_state_dict(net.out.state_dict())
same = torch.allclose(named(batch), net(batch))
print("named(batch) equals net(batch):", same)
assert same

# %%
# Looking inside: parameters, names, state
# ----------------------------------------
# ``parameters()`` yields the trainable tensors (what an optimizer needs); ``named_parameters()``
# adds their names; ``state_dict()`` maps names to tensors and is what gets saved.
for name, p in net.named_parameters():
    print(
        f"{name:>15} {tuple(p.shape)!s:>8} requires_grad={p.requires_grad}"
    )
print("state_dict keys:", list(net.state_dict()))

# %%
# Counting by hand: a linear layer has in × out weights plus out biases, so
# :math:`(3 \cdot 4 + 4) + (4 \cdot 4 + 4) + (4 \cdot 2 + 2) = 16 + 20 + 10 = 46`. The MNIST-sized
# MLP 784 → 256 → 10 has :math:`(784 \cdot 256 + 256) + (256 \cdot 10 + 10) = 203\,530`.
# ``torchinfo.summary`` (a rewrite of ``torchsummary``, the package note 004 uses) prints the
# same counts per layer, with output shapes.
#
# One line of its table needs care. With Python 3.11 or later, torchinfo's summary labels the
# mult-adds line "Total mult-adds (Units.MEGABYTES)" (torchinfo's GitHub issue 350): the enum's
# name is printed instead of its value, "M" — and "M" means millions of operations, not
# megabytes.
# Setting ``summary.formatting.macs_units = torchinfo.Units.NONE`` prints the exact count
# instead. For a batch of one sample torchinfo counts one multiply-add per weight and one per
# bias, so that count equals the number of parameters.
import torchinfo

# in × out + out, per linear layer
per_layer = [(3 * 4 + 4), (4 * 4 + 4), (4 * 2 + 2)]
by_hand = sum(per_layer)
counted = sum(p.numel() for p in net.parameters())
print(f"Net: {per_layer} → {by_hand} by hand, {counted} counted")
mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
summary = torchinfo.summary(
    mlp,
    input_size=(1, 784),
    verbose=0,
    col_names=("output_size", "num_params"),
    col_width=18,  # 18 characters, not 25: the table fits this page
)
# exact count, no unit label
summary.formatting.macs_units = torchinfo.Units.NONE
print(summary)
assert by_hand == counted == 46
assert (
    summary.total_params == (784 * 256 + 256) + (256 * 10 + 10) == 203_530
)
assert summary.total_mult_adds == summary.total_params
assert "Units." not in str(summary)

# %%
# Where the parameters are: almost all in the first layer, which connects every pixel to every
# hidden unit. For scale, language models are counted in billions of parameters:
print(
    "a billion parameters is "
    f"{1e9 / summary.total_params:,.0f} times this MLP"
)
import matplotlib.pyplot as plt

layers = [(name, p.numel()) for name, p in mlp.named_parameters()]
fig, ax = plt.subplots(figsize=(6.5, 3.2), layout="constrained")
ax.barh([n for n, _ in layers], [c for _, c in layers], color="tab:blue")
for i, (_, count) in enumerate(layers):
    ax.text(count, i, f" {count:,}", va="center")
ax.set(
    xscale="log",
    xlabel="parameters (log scale)",
    title="MLP 784 → 256 → 10: 203,530 parameters",
)
ax.invert_yaxis()
plt.show()

# %%
# One device for everything
# -------------------------
# Parameters and inputs must be on the same device. Choose the device once and move the model
# (``model.to(device)`` moves its parameters in place) and every batch there. Tensors can also be
# created directly on a device with ``device=``. ``torch.accelerator`` finds a GPU of any kind
# (NVIDIA's CUDA, Apple's MPS, …); without one, the CPU is used.
device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
model = Net().to(device)
x = torch.randn(4, 3, device=device)
print(
    "device:",
    device,
    "| model on",
    next(model.parameters()).device,
    "| output on",
    model(x).device,
)

# %%
# Forgetting to move one of them is an error, not a silent copy. The code below puts a model on
# another device than its input. On a machine with a GPU that device is the GPU; without one, it
# is PyTorch's ``meta`` device (tensors with shapes but no data), which gives the same kind of
# error. The first line of the output says which case this build ran.
other = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("meta")
)
print(
    f"accelerator available: {torch.accelerator.is_available()}; "
    f"model on {other}, input on cpu"
)
misplaced = Net().to(other)
try:
    misplaced(torch.randn(4, 3))
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# Flattening images: ``view``, ``reshape``, ``nn.Flatten``
# --------------------------------------------------------
# A batch of images (N, C, H, W) must become (N, C·H·W) before a linear layer. ``x.view(x.size(0),
# -1)`` reinterprets the same memory (no copy), so it fails when the memory layout does not allow
# that — after a transpose, for example; ``reshape`` does the same as ``view`` when it can and
# copies when it must; ``nn.Flatten()`` is a layer that flattens all but the batch dimension, for
# use inside ``nn.Sequential``.
images = torch.randn(8, 1, 28, 28)
flat_view = images.view(images.size(0), -1)  # (8, 784), shares memory
flat_layer = nn.Flatten()(images)
print(
    tuple(flat_view.shape),
    tuple(flat_layer.shape),
    "shares memory:",
    flat_view.data_ptr() == images.data_ptr(),
)
transposed = images.transpose(2, 3)  # not contiguous any more
try:
    transposed.view(8, -1)
except RuntimeError as error:
    print(f"view on a non-contiguous tensor: {str(error).splitlines()[0]}")
copied = transposed.reshape(8, -1)  # works: copies
print(
    "reshape works:",
    tuple(copied.shape),
    "shares memory:",
    copied.data_ptr() == images.data_ptr(),
)
assert (
    torch.equal(flat_view, flat_layer)
    and flat_view.data_ptr() == images.data_ptr()
)

# %%
# Key points
# ----------
# * Subclass ``nn.Module``: create layers in ``__init__`` (assigning registers their parameters),
#   use them in ``forward``. ``nn.Sequential`` (optionally with an ``OrderedDict``) covers plain
#   stacks.
# * Call ``model(x)``, never ``model.forward(x)``: ``__call__`` runs hooks around ``forward``.
# * ``parameters()``, ``named_parameters()`` and ``state_dict()`` expose what the model learns; a
#   linear layer has in × out + out parameters, and ``torchinfo.summary`` lists them per layer.
# * Pick one device, move the model and every batch to it.
# * Flatten image batches with ``view``/``reshape`` keeping dimension 0, or with ``nn.Flatten``.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_10_building_models_solutions.py>`.
#
# .. _exercise-10-1:
#
# **Exercise 10.1** ★★ — *A hook on every layer.* Register one forward hook on each of the three
# layers of ``mlp`` (loop over ``mlp.named_children()``, keep the handles), run ``mlp`` on the
# flattened ``images`` and have each hook record its layer's output. What shape does each hook
# see? What is the mean of each output, and which share of the ReLU's outputs is exactly 0? Then
# remove the hooks with their handles.
# :ref:`Solution <solution-10-1>`

# Your code for exercise 10.1

# %%
# .. _exercise-10-2:
#
# **Exercise 10.2** ★ — *The parameters of a convolution.* Count the parameters of
# ``nn.Conv2d(5, 10, 3)`` by hand (one 5 × 3 × 3 filter per output channel, plus a bias each),
# then check your count with ``p.numel()`` over its ``parameters()``. What is the shape of its
# weight?
# :ref:`Solution <solution-10-2>`

# Your code for exercise 10.2

# %%
# This ends part 1.
