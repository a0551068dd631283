r"""
Deeper networks: Inception blocks, residual connections and vanishing gradients
===============================================================================

Stacking more layers should let a network represent more, but for a long time deeper networks
trained *worse*: the gradient reaching the first layers had been multiplied by so many small
factors that it all but vanished. Two ideas from 2014–2015 changed that. *Inception* blocks made
networks wider instead of deeper, running several kernel sizes in parallel. *Residual* connections
gave the gradient a shortcut past every block. You will be able to:

* build an Inception-style block with ``torch.cat`` and a residual block, and check their shapes;
* measure per-layer gradient norms in a deep plain network and in its residual twin;
* see the difference in training.
"""

# %%
# An Inception-style block
# ------------------------
# Four branches look at the same input — a 1×1 convolution; 1×1 then 5×5; 1×1 then two 3×3; 3×3
# average pooling then 1×1 — and their outputs are stacked along the **channel** axis with
# ``torch.cat(..., dim=1)``. Padding keeps every branch's height and width, so they can be
# concatenated. The 1×1 convolutions shrink the channel count first, which keeps the larger
# kernels cheap. :class:`dlnotes.models.InceptionBlock` wraps it in its own class:
import torch

from dlnotes.models import InceptionBlock

torch.manual_seed(0)
block = InceptionBlock(in_channels=10)
x = torch.randn(
    4, 10, 12, 12, generator=torch.Generator().manual_seed(1)
)  # (N, C, H, W)
branches = [
    block.branch1x1(x),
    block.branch5x5(x),
    block.branch3x3(x),
    block.branch_pool(x),
]
for name, out in zip(
    ["1×1", "1×1 → 5×5", "1×1 → 3×3 → 3×3", "pool → 1×1"], branches, strict=True
):
    print(f"{name:>18}: {tuple(out.shape)}")
y = block(x)
print(f"{'torch.cat(dim=1)':>18}: {tuple(y.shape)}  (16 + 24 + 24 + 24 = 88 channels)")
assert y.shape == (4, 88, 12, 12) and torch.equal(y, torch.cat(branches, dim=1))

# %%
# A residual block
# ----------------
# Two 3×3 convolutions compute a correction :math:`F(x)` that is *added* to the input:
# :math:`y = \mathrm{ReLU}(x + F(x))`. The input and output shapes must match. Because
# :math:`\partial y/\partial x = I + \partial F/\partial x`, the gradient always has the identity
# path back, however small :math:`F`'s own gradient becomes.
from dlnotes.models import ResidualBlock

residual = ResidualBlock(channels=10)
print(f"ResidualBlock: {tuple(x.shape)} → {tuple(residual(x).shape)}")
assert residual(x).shape == x.shape

# %%
# Measuring vanishing gradients
# -----------------------------
# :class:`dlnotes.models.DeepStack` stacks 30 fully connected layers of 32 units, plain or
# residual (:math:`h \leftarrow h + f(Wh + b)`). On a batch of digits we backpropagate once and
# record the norm of each layer's weight gradient, for sigmoid and for ReLU activations.
import matplotlib.pyplot as plt
from torch import nn

from dlnotes.datasets import load_digits
from dlnotes.models import DeepStack

images, labels = load_digits(as_images=False)  # (1797, 64)
xb, yb = images[:256], labels[:256]


def gradient_norms(activation, residual):
    torch.manual_seed(0)
    net = DeepStack(
        64, 32, depth=30, out_features=10, activation=activation, residual=residual
    )
    nn.functional.cross_entropy(net(xb), yb).backward()
    return [layer.weight.grad.norm().item() for layer in net.blocks]


norms = {
    (act, res): gradient_norms(act, res)
    for act in ("sigmoid", "relu")
    for res in (False, True)
}
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True, layout="constrained")
for ax, act in zip(axes, ("sigmoid", "relu"), strict=True):
    for res in (False, True):
        ax.semilogy(
            range(1, 31),
            norms[act, res],
            "o-",
            markersize=3,
            label="residual" if res else "plain",
        )
    ax.set(xlabel="layer (1 = nearest the input)", title=f"{act}, 30 layers")
    ax.legend()
axes[0].set_ylabel("‖gradient of the layer's weights‖")
plt.show()

for (act, res), values in norms.items():
    print(
        f"{act:>7} {'residual' if res else 'plain':>8}: layer 1 {values[0]:.1e}, layer 30 "
        f"{values[-1]:.1e}, ratio {values[0] / values[-1]:.1e}"
    )
assert norms["sigmoid", False][0] < 1e-6 * norms["sigmoid", False][-1]  # vanished
assert norms["sigmoid", True][0] > 1e-2 * norms["sigmoid", True][-1]  # alive
assert norms["relu", True][0] > 100 * norms["relu", False][0]

# %%
# In the plain sigmoid stack the gradient shrinks by roughly the sigmoid's maximum slope, 1/4, per
# layer: the first layers receive practically nothing and cannot learn. The residual stack keeps
# the gradient within a small factor across all 30 layers. With ReLU the plain stack fares better
# but still loses orders of magnitude.
#
# Training both
# -------------
# The same 30-layer sigmoid stacks, trained for 25 epochs on the 8×8 digits:
from dlnotes.data import Batches, train_val_split
from dlnotes.train import accuracy, fit

(x_tr, y_tr), (x_va, y_va) = train_val_split(
    images, labels, val_fraction=0.2, generator=torch.Generator().manual_seed(0)
)
histories = {}
for res in (False, True):
    torch.manual_seed(0)
    net = DeepStack(
        64, 32, depth=30, out_features=10, activation="sigmoid", residual=res
    )
    histories[res] = fit(
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
for res, h in histories.items():
    ax.plot(
        h["val_accuracy"],
        label=f"{'residual' if res else 'plain'} (final {h['val_accuracy'][-1]:.2f})",
    )
ax.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="30 sigmoid layers on the 8×8 digits",
)
ax.legend()
plt.show()
print(
    {
        ("residual" if r else "plain"): round(h["val_accuracy"][-1], 3)
        for r, h in histories.items()
    }
)
assert (
    histories[True]["val_accuracy"][-1]
    > 0.85
    > histories[False]["val_accuracy"][-1] + 0.5
)

# %%
# Key points
# ----------
# * Inception blocks run several kernel sizes in parallel and concatenate their outputs along the
#   channel axis (``torch.cat(..., dim=1)``), with 1×1 convolutions to keep them cheap.
# * Residual blocks add their input to their output; the identity path carries gradients back
#   through any depth.
# * Measure, don't guess: per-layer gradient norms show vanishing gradients directly.
#
# Try it
# ------
# * Use 60 layers: does the residual stack still train?
# * Replace the sigmoid by ReLU in the training experiment: how much of the gap remains?
#
# Next: :ref:`recurrent networks
# <sphx_glr_tutorials_04_architectures_plot_24_recurrent_networks.py>`.
