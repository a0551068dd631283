r"""
Solutions: building models
==========================

The answers to the exercises of
:ref:`building models <sphx_glr_tutorials_01_building_blocks_plot_10_building_models.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: the MNIST-sized MLP 784 → 256 → 10 and a batch of 8 random 28 × 28 "images",
with seeds of their own here.
"""

# %%
# .. _solution-10-1:
#
# Exercise 10.1 ★★: a hook on every layer
# ---------------------------------------
# :ref:`The exercise <exercise-10-1>`. One hook function serves all three layers: the hook
# receives the module it is registered on, so a dictionary from module to name tells them
# apart. ``register_forward_hook`` returns a handle; keeping the handles lets you remove every
# hook afterwards.
import torch
from torch import nn

torch.manual_seed(0)  # the MLP's initial weights
mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
images = torch.randn(
    8, 1, 28, 28, generator=torch.Generator().manual_seed(1)
)  # (N, C, H, W)

print(
    f"images {tuple(images.shape)}, flattened {tuple(images.view(8, -1).shape)}"
)
names = {module: name for name, module in mlp.named_children()}
seen = {}


def record(module, inputs, output):
    seen[names[module]] = output.detach()


handles = [module.register_forward_hook(record) for module in mlp]
mlp(images.view(images.size(0), -1))  # (8, 784) in, (8, 10) out
for name, output in seen.items():
    zeros = (output == 0).float().mean().item()
    print(
        f"layer {name} ({type(mlp[int(name)]).__name__}): output {tuple(output.shape)}, "
        f"mean {output.mean().item():+.4f}, exactly zero: {zeros:.1%}"
    )
for handle in handles:
    handle.remove()
print("hooks left on the layers:", sum(len(m._forward_hooks) for m in mlp))
assert [tuple(o.shape) for o in seen.values()] == [
    (8, 256),
    (8, 256),
    (8, 10),
]
assert seen["1"].mean() > 0  # a ReLU's outputs are never negative
assert (
    0.4 < (seen["1"] == 0).float().mean() < 0.6
)  # random weights: about half are negative
assert all(len(m._forward_hooks) == 0 for m in mlp)

# %%
# The hooks see (8, 256) twice and then (8, 10). The linear layers' outputs have both signs, so
# their means are near 0; the ReLU's mean is positive, since it sets every negative value — here
# about half of them, as the random weights make each pre-activation as likely negative as
# positive — to exactly 0. (``_forward_hooks`` is PyTorch's private record of a module's hooks,
# read here only to show that the handles removed them all.) A picture of the same numbers:
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(10, 2.8), layout="constrained")
for ax, (name, output) in zip(axes, seen.items(), strict=True):
    ax.hist(output.flatten().numpy(), bins=40, color="tab:blue")
    ax.set(
        title=f"layer {name}: {type(mlp[int(name)]).__name__}",
        xlabel="output value",
    )
axes[0].set_ylabel("count")
plt.show()

# %%
# The ReLU's histogram is the linear layer's with everything below 0 piled up in one bar at 0.
#
# .. _solution-10-2:
#
# Exercise 10.2 ★: the parameters of a convolution
# ------------------------------------------------
# :ref:`The exercise <exercise-10-2>`. A convolution with 5 input channels, 10 output channels and
# a 3 × 3 kernel has one 5 × 3 × 3 filter per output channel, plus one bias per output channel:
conv = nn.Conv2d(5, 10, 3)
by_hand = 10 * 5 * 3 * 3 + 10
counted = sum(p.numel() for p in conv.parameters())
print(
    f"weight {tuple(conv.weight.shape)}, bias {tuple(conv.bias.shape)}; "
    f"{by_hand} by hand, {counted} counted"
)
assert by_hand == counted == 460
assert conv.weight.shape == (10, 5, 3, 3)

# %%
# 460 parameters: the weight is (out channels, in channels, kernel height, kernel width), one
# filter per output channel, like the (out, in) weight of a linear layer. The count does not
# depend on the size of the images: the same filters slide over every position.
