r"""
Deeper networks: Inception blocks, residual connections and vanishing gradients
===============================================================================

Stacking more layers should let a network represent more, but deep *plain* stacks are hard to
train. One reason is the one the initialisation page measured: every layer multiplies the
backward signal by its weights and its activation's slope, and with the wrong scale the gradient
reaching the first layers vanishes. Careful initialisation (and normalisation layers) largely fix
that. A second problem remained, which He et al. (*Deep Residual Learning for Image
Recognition*) called **degradation**: deeper plain networks, with healthy gradients, reached a
*higher training error* than shallower ones. Their *residual* connections add a block's input to
its output, so an extra block can start as (almost) the identity; they made networks of more than
a hundred layers trainable. *Inception* blocks (Szegedy et al., *Going Deeper with
Convolutions*) answered a different question: how to look at several scales at once — 1×1, 3×3
and 5×5 kernels side by side — on a fixed compute budget, by shrinking the channel count with
1×1 convolutions first. You will be able to:

* write an Inception-style block (``torch.cat``) and a residual block as ``nn.Module``
  subclasses, check their shapes, and test why the Inception block needs a ReLU after each
  convolution;
* compute the gradient of a residual block, and see why it is not simply :math:`I + \partial
  F/\partial x`;
* measure per-layer gradient norms in deep plain stacks — with PyTorch's default and with
  Kaiming initialisation — and in their residual twins, and see the difference in training;
* check the page's modules against the ``dlnotes.models`` versions.
"""

# %%
# An Inception-style block
# ------------------------
# Four branches look at the same input — a 1×1 convolution; 1×1 then 5×5; 1×1 then two 3×3; 3×3
# max pooling then 1×1 — and their outputs are stacked along the **channel** axis with
# ``torch.cat(..., dim=1)``. Padding keeps every branch's height and width, so they can be
# concatenated. Every convolution is followed by a ReLU, as in GoogLeNet. In GoogLeNet the 1×1
# convolutions shrink the channel count first (from hundreds of channels to a few dozen),
# which keeps the larger kernels cheap; this small example has only 10 input channels, so its
# 1×1 convolutions widen them to 16 instead.
import torch
from torch import nn


def conv_relu(c_in, c_out, k):
    """A k×k convolution that keeps height and width, then a ReLU."""
    return [nn.Conv2d(c_in, c_out, k, padding=k // 2), nn.ReLU()]


class Inception(nn.Module):
    def __init__(self, c_in, c1x1=16, reduce=16, c5x5=24, c3x3=24, pool=24):
        super().__init__()
        self.branch1x1 = nn.Sequential(*conv_relu(c_in, c1x1, 1))
        self.branch5x5 = nn.Sequential(
            *conv_relu(c_in, reduce, 1), *conv_relu(reduce, c5x5, 5)
        )
        self.branch3x3 = nn.Sequential(
            *conv_relu(c_in, reduce, 1),
            *conv_relu(reduce, c3x3, 3),
            *conv_relu(c3x3, c3x3, 3),
        )
        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1),
            *conv_relu(c_in, pool, 1),
        )

    def forward(self, x):  # (B, C, H, W)
        branches = [
            self.branch1x1(x),  # (B, c1x1, H, W)
            self.branch5x5(x),  # (B, c5x5, H, W)
            self.branch3x3(x),  # (B, c3x3, H, W)
            self.branch_pool(x),  # (B, pool, H, W)
        ]
        return torch.cat(branches, dim=1)  # (B, sum of the four, H, W)


torch.manual_seed(0)
block = Inception(c_in=10)
x = torch.randn(
    4, 10, 12, 12, generator=torch.Generator().manual_seed(1)
)  # (B, C, H, W)
branches = [
    block.branch1x1(x),
    block.branch5x5(x),
    block.branch3x3(x),
    block.branch_pool(x),
]
for name, out in zip(
    ["1×1", "1×1 → 5×5", "1×1 → 3×3 → 3×3", "pool → 1×1"],
    branches,
    strict=True,
):
    print(f"{name:>18}: {tuple(out.shape)}")
y = block(x)
print(
    f"{'torch.cat(dim=1)':>18}: "
    f"{tuple(y.shape)}  (16 + 24 + 24 + 24 = 88 channels)"
)
print(f"{'1×1 before the 5×5':>18}: {block.branch5x5[0]}")
assert y.shape == (4, 88, 12, 12) and torch.equal(
    y, torch.cat(branches, dim=1)
)

# %%
# Why the ReLUs matter: a convolution is a linear map of its input plus a constant (the
# bias), and so is a chain of convolutions. Without the ReLUs, 1×1 → 3×3 → 3×3 would be a single linear map
# — away from the borders, one 5×5 convolution, because two 3×3 kernels each reach one pixel
# further — and the extra layers would add nothing a single filter could not do. A map
# :math:`f` that is linear plus a constant satisfies :math:`f(a + b) = f(a) + f(b) - f(0)`
# for any inputs :math:`a` and :math:`b`. The same three convolutions, without and with the
# ReLUs between them:
generator = torch.Generator().manual_seed(2)
a = torch.randn(4, 10, 12, 12, generator=generator)  # (B, C, H, W)
b = torch.randn(4, 10, 12, 12, generator=generator)


def additivity_error(f):
    """max |f(a + b) − f(a) − f(b) + f(0)|: 0 for linear plus a constant."""
    with torch.no_grad():
        zero = torch.zeros_like(a)
        return (f(a + b) - f(a) - f(b) + f(zero)).abs().max().item()


convs_only = nn.Sequential(  # the branch's own convolutions, ReLUs left out
    *[layer for layer in block.branch3x3 if isinstance(layer, nn.Conv2d)]
)
with torch.no_grad():
    size = block.branch3x3(a).abs().max().item()
linear_error = additivity_error(convs_only)
relu_error = additivity_error(block.branch3x3)
print(f"largest output of the branch: {size:.2f}")
print(f"additivity error, convolutions only: {linear_error:.1e}")
print(f"additivity error, with the ReLUs:    {relu_error:.2f}")
# float32 rounding of sums of ~100 products: far below 1e-4 of the outputs
assert linear_error < 1e-4 * size < 0.1 * size < relu_error

# %%
# A residual block
# ----------------
# Two 3×3 convolutions compute a correction :math:`F(x)` that is *added* to the input:
# :math:`y = \mathrm{ReLU}(x + F(x))`. The input and output shapes must match.


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):  # (B, C, H, W)
        f = self.conv2(torch.relu(self.conv1(x)))  # F(x): (B, C, H, W)
        return torch.relu(x + f)


residual = Residual(channels=10)
print(f"Residual: {tuple(x.shape)} → {tuple(residual(x).shape)}")
assert residual(x).shape == x.shape

# %%
# The chain rule gives the block's Jacobian. The ReLU after the addition contributes a factor
# :math:`\mathrm{ReLU}'(x + F(x))`, which is 1 where :math:`x + F(x) > 0` and 0 elsewhere:
#
# .. math::
#    \frac{\partial y}{\partial x}
#    = \mathrm{diag}\big(\mathrm{ReLU}'(x + F(x))\big)\,
#      \Big(I + \frac{\partial F}{\partial x}\Big)
#
# So the identity path carries the gradient back only through the units that are active after
# the addition; it is blocked at the others. (Later ResNets move that last ReLU into the branch,
# :math:`y = x + F(x)`, so that the identity passes everything; the fully connected stacks below
# are built that way.) Checked with ``torch.autograd.functional.jacobian`` on a small block:
from torch.autograd.functional import jacobian

torch.manual_seed(0)
small = Residual(channels=2)
xs = torch.randn(  # (B, C, H, W): 18 numbers
    1, 2, 3, 3, generator=torch.Generator().manual_seed(1)
)


def branch(inp):  # F(x): the two convolutions without the shortcut
    return small.conv2(torch.relu(small.conv1(inp)))


j_block = jacobian(small, xs).reshape(18, 18)  # ∂y/∂x
j_branch = jacobian(branch, xs).reshape(18, 18)  # ∂F/∂x
active = ((xs + branch(xs)) > 0).float().reshape(18)  # ReLU'(x + F(x))
with_relu = torch.diag(active) @ (torch.eye(18) + j_branch)
without = torch.eye(18) + j_branch
print(f"active units after the addition: {int(active.sum())} of 18")
print(
    "max |∂y/∂x − diag(ReLU')(I + "
    f"∂F/∂x)| = {(j_block - with_relu).abs().max():.1e}"
)
print(
    "max |∂y/∂x − (I + "
    f"∂F/∂x)|            = {(j_block - without).abs().max():.2f}"
)
assert torch.allclose(j_block, with_relu, atol=1e-6)
assert not torch.allclose(j_block, without, atol=1e-2)

# %%
# Measuring vanishing gradients
# -----------------------------
# A stack of 30 fully connected layers of 32 units, plain (:math:`h \leftarrow f(Wh + b)`) or
# residual (:math:`h \leftarrow h + f(Wh + b)`), between an input and an output layer. The
# hidden layers sit in an ``nn.ModuleList``, so each one's gradient can be read after a
# backward pass. On a batch of digits we backpropagate once and record the norm of each
# layer's weight gradient, for sigmoid and ReLU stacks: plain with PyTorch's default
# initialisation, plain with the initialisation the initialisation page recommends (Xavier
# for the sigmoid, Kaiming for ReLU), and residual with the default initialisation.
import matplotlib.pyplot as plt

from dlnotes.datasets import load_digits


class Stack(nn.Module):
    def __init__(self, n_in, width, depth, n_out, act, residual=False):
        super().__init__()
        self.input = nn.Linear(n_in, width)
        self.blocks = nn.ModuleList(
            nn.Linear(width, width) for _ in range(depth)
        )
        self.output = nn.Linear(width, n_out)
        self.act = act  # an activation module: nn.Sigmoid(), nn.ReLU()
        self.residual = residual

    def forward(self, x):  # (B, n_in)
        h = self.act(self.input(x))  # (B, width)
        for layer in self.blocks:
            update = self.act(layer(h))  # (B, width)
            h = h + update if self.residual else update
        return self.output(h)  # (B, n_out)


images, labels = load_digits(as_images=False)  # (1797, 64)
xb, yb = images[:256], labels[:256]


def kaiming(weight):
    nn.init.kaiming_normal_(weight, nonlinearity="relu")


ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}


def make_stack(activation, residual=False, init=None):
    """A seeded 30-layer stack; ``init`` (if given) replaces every weight,
    biases become 0."""
    torch.manual_seed(0)
    net = Stack(64, 32, 30, 10, ACTIVATIONS[activation](), residual)
    if init is not None:
        for layer in net.modules():
            if isinstance(layer, nn.Linear):
                init(layer.weight)
                nn.init.zeros_(layer.bias)
    return net


setups = {
    "sigmoid": {
        "plain, default init": dict(activation="sigmoid"),
        "plain, Xavier": dict(
            activation="sigmoid", init=nn.init.xavier_normal_
        ),
        "residual, default init": dict(activation="sigmoid", residual=True),
    },
    "relu": {
        "plain, default init": dict(activation="relu"),
        "plain, Kaiming": dict(activation="relu", init=kaiming),
        "residual, default init": dict(activation="relu", residual=True),
    },
}
grads, norms = {}, {}
for act, variants in setups.items():
    for name, kwargs in variants.items():
        net = make_stack(**kwargs)
        nn.functional.cross_entropy(net(xb), yb).backward()
        grads[act, name] = [layer.weight.grad for layer in net.blocks]
        # float64: see below why the float32 norm is not enough
        norms[act, name] = [
            g.double().norm().item() for g in grads[act, name]
        ]

# %%
# One detail first. The first layers of the plain sigmoid stack receive gradients whose
# entries are around :math:`10^{-27}`. ``grad.norm()`` in float32 squares them, and a square
# below about :math:`10^{-45}` is 0 in float32, so the norm comes out as exactly 0 although no
# entry of the gradient is 0 — and a log plot would drop those layers. The norms here are
# computed in float64:
g1 = grads["sigmoid", "plain, default init"][0]  # layer 1's weight gradient
print(
    f"layer 1: largest |entry| {g1.abs().max():.1e}, "
    f"{int((g1 != 0).sum())} of {g1.numel()} entries non-zero"
)
print(
    f"float32 norm {g1.norm():.1e}, float64 norm {g1.double().norm():.1e}"
)
smallest = torch.nextafter(torch.tensor(0.0), torch.tensor(1.0))
print(f"smallest positive float32: {smallest:.1e}")
assert g1.norm() == 0 and (g1 != 0).all() and g1.double().norm() > 0

fig, axes = plt.subplots(
    1, 2, figsize=(11, 4), sharey=True, layout="constrained"
)
for ax, (act, variants) in zip(axes, setups.items(), strict=True):
    for name, marker in zip(variants, "os^", strict=True):
        ax.semilogy(
            range(1, 31), norms[act, name], marker + "-", ms=3, label=name
        )
    ax.set(
        xlabel="layer (1 = nearest the input)", title=f"{act}, 30 layers"
    )
    ax.legend()
axes[0].set_ylabel("‖gradient of the layer's weights‖ (log scale)")
plt.show()


def per_layer(values):
    """The average factor from one layer to the one before it (geometric
    mean)."""
    return (values[0] / values[-1]) ** (1 / (len(values) - 1))


print(f"{'':>30} {'layer 1':>8} {'layer 30':>8} {'per layer':>9}")
for (act, name), values in norms.items():
    print(
        f"{act:>7} {name:>22} {values[0]:>8.1e} {values[-1]:>8.1e} "
        f"{'×' + format(per_layer(values), '.2f'):>9}"
    )
sigmoid_plain = norms["sigmoid", "plain, default init"]
assert sigmoid_plain[0] < 1e-20 * sigmoid_plain[-1]  # vanished
assert per_layer(norms["sigmoid", "plain, Xavier"]) < 0.5  # still vanishing
assert per_layer(norms["relu", "plain, default init"]) < 0.5
assert 0.8 < per_layer(norms["relu", "plain, Kaiming"]) < 1.25  # kept
for act in setups:
    assert per_layer(norms[act, "residual, default init"]) > 0.8

# %%
# Where the factors come from
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~
# On the way back, each layer multiplies the gradient by its activation's slope and by
# :math:`W^\top`. For random weights of variance :math:`v` and fan-in :math:`n`, :math:`W^\top`
# scales a vector's norm by about :math:`\sqrt{n v}`. PyTorch's default for ``nn.Linear``
# draws weights uniformly from :math:`\pm 1/\sqrt{n}`: :math:`n v = 1/3`. Then:
#
# * **sigmoid**: the slope :math:`\sigma'(z)` is at most :math:`1/4` and here close to it, so each
#   layer multiplies by about :math:`\sqrt{1/3}\cdot\sigma'` — less than :math:`1/4`;
# * **ReLU**: the slope is 1 on the active half of the units and 0 elsewhere, so each layer
#   multiplies by about :math:`\sqrt{1/3 \cdot 1/2} = \sqrt{1/6}`;
# * **Kaiming** sets :math:`n v = 2` for ReLU: :math:`\sqrt{2 \cdot 1/2} = 1`, the gradient
#   keeps its size. Xavier (:math:`n v = 1` here) cannot do the same for the sigmoid, whose
#   slope of at most :math:`1/4` still costs most of the gradient at every layer.
default_net = make_stack("sigmoid")
# n·v of one layer, sampled
nv = 32 * default_net.blocks[0].weight.var().item()
h, slopes = torch.sigmoid(default_net.input(xb)), []
with torch.no_grad():
    for layer in default_net.blocks:
        h = torch.sigmoid(layer(h))
        slopes.append((h * (1 - h)).mean())  # σ'(z) = σ(z)(1 − σ(z))
slope = torch.stack(slopes).mean().item()
print(f"n·v of a default nn.Linear(32, 32): {nv:.2f} (in theory 1/3)")
print(
    f"sigmoid: mean slope {slope:.3f}, predicted √(1/3)·{slope:.3f} = "
    f"{(1 / 3) ** 0.5 * slope:.2f}, measured "
    f"{per_layer(norms['sigmoid', 'plain, default init']):.2f} per layer"
)
print(
    f"ReLU:    predicted √(1/6) = {(1 / 6) ** 0.5:.2f}, measured "
    f"{per_layer(norms['relu', 'plain, default init']):.2f} per layer"
)
assert abs((1 / 3) ** 0.5 * slope - per_layer(sigmoid_plain)) < 0.03
assert (
    abs((1 / 6) ** 0.5 - per_layer(norms["relu", "plain, default init"]))
    < 0.05
)

# %%
# So the plain ReLU stack's vanishing gradient is a matter of initialisation: PyTorch's
# default scale shrinks the gradient at every layer, which matters little in a
# shallow network and adds up over 30 layers; Kaiming fixes it. Xavier does not rescue the
# sigmoid stack. The residual stacks, with the default initialisation, lose little per layer
# (the factors printed above are close to 1), because the identity adds a direct path around
# every layer.
#
# Training them
# -------------
# Four of these stacks trained for 25 epochs on the 8×8 digits, with Adam and the same
# batches. The training loop is not the lesson here, so :func:`dlnotes.train.fit` runs it
# (it is the loop of the :ref:`training-loop page
# <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`), on batches sliced by
# :class:`dlnotes.data.Batches` (the :ref:`data-loader page
# <sphx_glr_tutorials_03_training_plot_17_datasets_dataloaders.py>`):
from dlnotes.data import Batches, train_val_split
from dlnotes.train import accuracy, fit

(x_tr, y_tr), (x_va, y_va) = train_val_split(
    images,
    labels,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)
runs = {
    "sigmoid, plain": dict(activation="sigmoid"),
    "sigmoid, residual": dict(activation="sigmoid", residual=True),
    "ReLU, plain, default init": dict(activation="relu"),
    "ReLU, plain, Kaiming": dict(activation="relu", init=kaiming),
}
histories = {}
for name, kwargs in runs.items():
    net = make_stack(**kwargs)
    histories[name] = fit(
        net,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(net.parameters(), lr=1e-3),
        Batches(
            x_tr,
            y_tr,
            batch_size=64,
            shuffle=True,
            generator=torch.Generator().manual_seed(1),
        ),
        val_data=Batches(x_va, y_va, batch_size=400),
        metrics={"accuracy": accuracy},
        epochs=25,
        progress=False,
    )

fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
for (name, h), style in zip(
    histories.items(), ("-", "-", "--", "-"), strict=True
):
    ax.plot(range(1, 26), h["val_accuracy"], style, label=name)
ax.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="30-layer stacks on the 8×8 digits",
)
ax.legend()
plt.show()
final = {
    name: round(h["val_accuracy"][-1], 3) for name, h in histories.items()
}
print(
    "final validation accuracy after "
    f"{len(histories['sigmoid, plain'])} epochs:"
)
for name, value in final.items():
    print(f"{name:>26}: {value:.3f}")
assert final["sigmoid, residual"] > 0.7 > 0.2 > final["sigmoid, plain"]
assert (
    final["ReLU, plain, Kaiming"]
    > 0.7
    > 0.2
    > final["ReLU, plain, default init"]
)

# %%
# The two stacks whose first layers get almost no gradient stay at chance, one digit in ten
# (their two flat lines lie on top of each other); the residual sigmoid stack and the
# Kaiming ReLU stack both learn.
#
# Their last layers do get healthy gradients, so why do they learn nothing at all? The
# forward pass has the same problem as the backward one: each layer also multiplies the
# *differences* between inputs by about the same factor. Measured on the untrained stacks:
# how much of the spread between the digits of the batch survives from the first hidden
# layer to the last, and how large that spread is next to the activations themselves. In
# the two plain stacks with the default initialisation it is down to float32's rounding
# (its relative precision is printed): what reaches the output layer is the same for every
# digit, and there is nothing left to classify.


def spread(h):  # (N, width) → how much the rows differ from their mean
    return (h - h.mean(dim=0)).norm()


def forward_spread(net):
    """The spread of the last hidden layer: kept from the first one, and
    relative to ‖h‖."""
    with torch.no_grad():
        h = net.act(net.input(xb))  # (256, 32), the first hidden layer
        first = spread(h)
        for layer in net.blocks:
            update = net.act(layer(h))
            h = h + update if net.residual else update
    return (spread(h) / first).item(), (spread(h) / h.norm()).item()


eps = torch.finfo(torch.float32).eps
print(f"float32 relative precision: {eps:.1e}")
forward = {
    name: forward_spread(make_stack(**kwargs))
    for name, kwargs in runs.items()
}
for name, (kept, relative) in forward.items():
    print(
        f"{name:>26}: spread kept {kept:.1e}, "
        f"relative to ‖h‖ {relative:.1e}"
    )
for name in ("sigmoid, plain", "ReLU, plain, default init"):
    assert forward[name][1] < 10 * eps, name
for name in ("sigmoid, residual", "ReLU, plain, Kaiming"):
    assert forward[name][0] > 0.05, name

# %%
# What this small experiment cannot show is *degradation*, the problem residual networks
# were designed for: with good initialisation and normalisation, He et al. still found a
# deeper plain convolutional network reaching a higher training error than a shallower one on
# CIFAR-10 and ImageNet, and the residual version of the deeper network did not. That, not
# only vanishing gradients, is the problem they introduced residual connections for; this page
# does not reproduce it.
#
# Under the hood: the ``dlnotes.models`` versions
# -----------------------------------------------
# The library packages this page's three modules as :class:`~dlnotes.models.InceptionBlock`,
# :class:`~dlnotes.models.ResidualBlock` and :class:`~dlnotes.models.DeepStack` (which takes
# its activation by name); each also checks the shape of its input and says what it
# expected. They hold the same layers under the same names, so each loads the parameters of
# the page's module with ``load_state_dict``, and then computes the same outputs:
from dlnotes.models import DeepStack, InceptionBlock, ResidualBlock

pairs = {
    "InceptionBlock": (block, InceptionBlock(in_channels=10), x),
    "ResidualBlock": (residual, ResidualBlock(channels=10), x),
    "DeepStack": (
        make_stack("relu", residual=True),
        DeepStack(64, 32, 30, 10, activation="relu", residual=True),
        xb,
    ),
}
for name, (ours, packaged, inputs) in pairs.items():
    packaged.load_state_dict(ours.state_dict())
    with torch.no_grad():
        expected, got = ours(inputs), packaged(inputs)
    print(
        f"{name:>14}: largest difference {(got - expected).abs().max():.1e}"
    )
    # the same operations on the same numbers; the tolerance leaves room
    # for a backend that picks different kernels for the two calls
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-5), name

# %%
# Key points
# ----------
# * Inception blocks run several kernel sizes in parallel and concatenate their outputs along the
#   channel axis (``torch.cat(..., dim=1)``), with 1×1 convolutions to keep the compute down.
#   A ReLU follows every convolution: without it, a chain of convolutions is one linear
#   filter.
# * Residual blocks add their input to their output. With a ReLU after the addition the
#   gradient is :math:`\mathrm{diag}(\mathrm{ReLU}')(I + \partial F/\partial x)`: the identity
#   path passes it through the active units.
# * In a plain stack each layer multiplies the gradient (and, going forward, the differences
#   between inputs) by about :math:`\sqrt{nv}` times the activation's slope. PyTorch's
#   default initialisation makes that well below 1 for ReLU; Kaiming makes it 1. For the
#   sigmoid stack, neither initialisation tried here (the default and Xavier) kept it near 1.
# * Measure, don't guess: per-layer gradient norms show vanishing gradients directly —
#   computed in float64 when they get tiny.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_23_deeper_networks_solutions.py>`.
#
# .. _exercise-23-1:
#
# **Exercise 23.1** ★ — *Count the parameters.* How many parameters does one of the page's
# 30-layer stacks (``Stack(64, 32, 30, 10, ...)``) have? Work it out from the layer sizes, then
# check it with ``sum(p.numel() for p in net.parameters())``.
# :ref:`Solution <solution-23-1>`

# Your code for exercise 23.1

# %%
# .. _exercise-23-2:
#
# **Exercise 23.2** ★★ — *Kaiming on the residual stack.* Build the residual ReLU stack with
# ``make_stack("relu", residual=True, init=kaiming)`` and, without training, pass the batch ``xb``
# through it. By what factor does the norm of :math:`h` grow from the first hidden layer to the
# last, compared with the default initialisation? Why?
# :ref:`Solution <solution-23-2>`

# Your code for exercise 23.2

# %%
# .. _exercise-23-3:
#
# **Exercise 23.3** ★★★ — *Twice as deep.* Build the residual sigmoid stack and the Kaiming ReLU
# stack with ``depth=60`` instead of 30 (a ``Stack`` of your own; ``make_stack`` fixes the depth)
# and train each with the page's settings: Adam at ``lr=1e-3``, batches of 64 from the same
# split, 25 epochs. Does each still learn, ending far above chance (one digit in ten), or does
# it stay at chance like the page's stacks whose first layers get almost no gradient?
# :ref:`Solution <solution-23-3>`

# Your code for exercise 23.3

# %%
# Next: :ref:`recurrent networks
# <sphx_glr_tutorials_04_architectures_plot_24_recurrent_networks.py>`.
