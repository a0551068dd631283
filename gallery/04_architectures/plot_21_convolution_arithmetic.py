r"""
Convolution arithmetic: shapes, the output-size formula, pooling and feature maps
=================================================================================

A convolution slides a small stack of weights — a *kernel* — across an image and computes, at
every position, the sum of the products of the kernel with the pixels under it. Unlike a fully
connected layer it knows which pixels are neighbours, and it uses the same few weights
everywhere. This page is about the arithmetic you need to connect convolution layers correctly.
You will be able to:

* read the shapes of ``nn.Conv2d``'s input (N, C, H, W), weight and output;
* compute the output size for any padding, stride and dilation — and check it;
* see what max-pooling does, and what hand-made edge kernels find in a real digit.
"""

# %%
# Shapes: ``Conv2d(5, 10, 3)``
# ----------------------------
# Images are tensors (N, C, H, W): batch, channels, height, width. ``nn.Conv2d(5, 10, 3)`` takes 5
# input channels to 10 output channels with 3×3 kernels: its weight is (10, 5, 3, 3) — for each of
# the 10 outputs, one 3×3 kernel per input channel — plus 10 biases. On a 1×5×100×100 input,
# without padding, a 3×3 kernel fits in 98 positions per direction.
import torch
from torch import nn

conv = nn.Conv2d(in_channels=5, out_channels=10, kernel_size=3)
x = torch.randn(1, 5, 100, 100, generator=torch.Generator().manual_seed(0))
out = conv(x)
print(f"input {tuple(x.shape)} → output {tuple(out.shape)}")
print(
    f"weight {tuple(conv.weight.shape)}, bias {tuple(conv.bias.shape)}, "
    f"parameters {sum(p.numel() for p in conv.parameters())} = 10·5·3·3 + 10"
)
assert out.shape == (1, 10, 98, 98) and conv.weight.shape == (10, 5, 3, 3)

# %%
# One output value by hand: output channel ``o`` at position ``(i, j)`` is the bias plus the sum,
# over input channels and kernel positions, of weight × pixel.
o, i, j = 3, 40, 17
by_hand = conv.bias[o] + (conv.weight[o] * x[0, :, i : i + 3, j : j + 3]).sum()
print(f"out[0, {o}, {i}, {j}] = {out[0, o, i, j]:.6f}; by hand {by_hand:.6f}")
assert torch.allclose(by_hand, out[0, o, i, j], atol=1e-5)

# %%
# The output-size formula
# -----------------------
# With kernel size :math:`k`, padding :math:`p` (zeros added on each side), stride :math:`s` (step
# between positions) and dilation :math:`d` (spacing between kernel taps, so the kernel spans
# :math:`d(k-1)+1` pixels):
#
# .. math:: H_\text{out} = \left\lfloor \frac{H + 2p - d(k - 1) - 1}{s} \right\rfloor + 1
#
# The same formula holds for the width and for pooling layers. Checked against real layers:


def output_size(h, k, p=0, s=1, d=1):
    return (h + 2 * p - d * (k - 1) - 1) // s + 1


cases = [  # (H, kernel, padding, stride, dilation)
    (100, 3, 0, 1, 1),
    (28, 3, 1, 1, 1),
    (28, 5, 2, 1, 1),
    (28, 3, 0, 2, 1),
    (28, 3, 1, 2, 1),
    (32, 4, 1, 2, 1),
    (28, 3, 0, 1, 2),
    (27, 3, 1, 2, 1),
    (7, 7, 0, 1, 1),
    (224, 7, 3, 2, 1),
]
print(f"{'H':>4} {'k':>2} {'p':>2} {'s':>2} {'d':>2} {'formula':>8} {'Conv2d':>7}")
for h, k, p, s, d in cases:
    layer = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s, dilation=d)
    actual = layer(torch.zeros(1, 1, h, h)).shape[-1]
    predicted = output_size(h, k, p, s, d)
    print(f"{h:>4} {k:>2} {p:>2} {s:>2} {d:>2} {predicted:>8} {actual:>7}")
    assert predicted == actual

# %%
# Two rules of thumb follow: with stride 1, ``padding = (k - 1) // 2`` keeps the size ("same"
# padding, for odd :math:`k`); stride 2 halves it, rounding down.
#
# Pooling
# -------
# ``nn.MaxPool2d(2)`` keeps the largest value of each 2×2 block (its stride defaults to its size),
# halving height and width; it has no parameters. It makes the representation smaller and a
# little insensitive to small shifts.
block = torch.tensor(
    [
        [
            [
                [1.0, 3.0, 2.0, 0.0],
                [4.0, 2.0, 1.0, 5.0],
                [0.0, 1.0, 7.0, 2.0],
                [2.0, 6.0, 3.0, 1.0],
            ]
        ]
    ]
)
pooled = nn.MaxPool2d(2)(block)
print("input:\n", block[0, 0].numpy(), "\nMaxPool2d(2):\n", pooled[0, 0].numpy())
assert pooled[0, 0].tolist() == [[4.0, 5.0], [6.0, 7.0]]
assert output_size(4, 2, s=2) == 2

# %%
# Hand-made kernels on a real digit
# ---------------------------------
# Before a network learns its kernels, it helps to see what fixed ones do. The Sobel kernels
# respond to brightness changing from left to right (vertical edges) or from top to bottom
# (horizontal edges); the Laplacian to changes in every direction; a box kernel blurs. Applied to
# a digit from the MNIST sample with ``padding=1`` (so the maps stay 28×28), each produces a
# *feature map*: red where the kernel's pattern is present, blue where its opposite is.
import matplotlib.pyplot as plt
import torch.nn.functional as F

from dlnotes.datasets import load_mnist_sample

digit = load_mnist_sample().x_train[7:8]  # (1, 1, 28, 28)
kernels = {
    "vertical edges (Sobel x)": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "horizontal edges (Sobel y)": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "blur (box)": [[1 / 9] * 3] * 3,
}
weight = torch.tensor(list(kernels.values())).unsqueeze(1)  # (4 out, 1 in, 3, 3)
maps = F.conv2d(digit, weight, padding=1)  # (1, 4, 28, 28)
print(
    f"digit {tuple(digit.shape)} * kernels {tuple(weight.shape)} → feature maps {tuple(maps.shape)}"
)

fig, axes = plt.subplots(1, 5, figsize=(14, 3.2), layout="constrained")
axes[0].imshow(digit[0, 0], cmap="gray_r")
axes[0].set_title("input digit")
limit = maps.abs().max()
for ax, name, fmap in zip(axes[1:], kernels, maps[0], strict=True):
    ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(name, fontsize="small")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()
assert maps.shape == (1, 4, 28, 28)
assert (
    abs(maps[0, 3].sum() - digit.sum()) / digit.sum() < 0.05
)  # the blur keeps the ink

# %%
# Key points
# ----------
# * ``nn.Conv2d(C_in, C_out, k)`` maps (N, C_in, H, W) to (N, C_out, H', W') with a weight of
#   shape (C_out, C_in, k, k): far fewer parameters than a fully connected layer.
# * :math:`H' = \lfloor (H + 2p - d(k-1) - 1)/s \rfloor + 1`; ``padding=(k-1)//2`` keeps the size,
#   stride 2 halves it. Pooling follows the same formula.
# * A kernel is a pattern detector; a CNN learns its kernels instead of using hand-made ones.
#
# Try it
# ------
# * Compute by hand the output size of ``Conv2d(3, 8, 5, stride=2, padding=1)`` on a 64×64 image,
#   then check.
# * Design a kernel that detects diagonal strokes and apply it to the digit.
#
# Next: :ref:`a CNN for handwritten digits
# <sphx_glr_tutorials_04_architectures_plot_22_digit_cnn.py>`.
