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
# Images are tensors (N, C, H, W): batch, channels, height, width — rows before columns.
# ``nn.Conv2d(5, 10, 3)`` takes 5 input channels to 10 output channels with 3×3 kernels: its
# weight is (10, 5, 3, 3) — for each of the 10 outputs, one 3×3 kernel per input channel —
# plus 10 biases. On a 1×5×100×100 input, without padding, a 3×3 kernel fits in 98 positions
# per direction.
import torch
from torch import nn

# A new layer draws its weights from torch's global generator: seed it.
torch.manual_seed(0)
conv = nn.Conv2d(in_channels=5, out_channels=10, kernel_size=3)
x = torch.randn(1, 5, 100, 100, generator=torch.Generator().manual_seed(0))
out = conv(x)
print(f"input {tuple(x.shape)} → output {tuple(out.shape)}")
n_conv = sum(p.numel() for p in conv.parameters())
print(
    f"weight {tuple(conv.weight.shape)}, bias {tuple(conv.bias.shape)}, "
    f"parameters {n_conv} = 10·5·3·3 + 10"
)
n_dense = x[0].numel() * out[0].numel() + out[0].numel()
print(
    "a fully connected layer between the same shapes: "
    f"{n_dense:.2e} parameters"
)
assert out.shape == (1, 10, 98, 98) and conv.weight.shape == (10, 5, 3, 3)

# %%
# The study notes write an image as "C×W×H" and build the input as
# ``torch.randn(batch_size, in_channels, width, height)``. PyTorch's order is (N, C, **H**,
# **W**): the second-to-last axis indexes rows (height), the last one columns (width). With
# the notes' square 100×100 input the mix-up is invisible; with a non-square one it is not.
# A batch of one wide 60×100 image (60 rows, 100 columns):
wide = torch.randn(
    1, 5, 60, 100, generator=torch.Generator().manual_seed(0)
)
print(f"(N, C, H, W) = {tuple(wide.shape)} → {tuple(conv(wide).shape)}")
assert conv(wide).shape == (1, 10, 58, 98)

# %%
# One output value by hand: output channel ``o`` at position ``(i, j)`` is the bias plus the sum,
# over input channels and kernel positions, of weight × pixel.
o, i, j = 3, 40, 17
by_hand = (
    conv.bias[o] + (conv.weight[o] * x[0, :, i : i + 3, j : j + 3]).sum()
)
print(
    f"out[0, {o}, {i}, {j}] = {out[0, o, i, j]:.6f}; by hand {by_hand:.6f}"
)
assert torch.allclose(by_hand, out[0, o, i, j], atol=1e-5)

# %%
# Cross-correlation, not convolution
# ----------------------------------
# The sum above multiplies ``weight[a, b]`` with ``pixel[i + a, j + b]``: the kernel is laid
# on the image as it is. That is *cross-correlation*. The convolution of mathematics and
# signal processing flips the kernel in both directions first. Deep-learning libraries call
# their cross-correlation "convolution" anyway, because a learned kernel can simply learn the
# flipped weights. For a hand-made kernel the difference is a sign: on a dark-to-bright step,
# the kernel ``[-1, 0, 1]`` gives +1 in ``F.conv2d`` and −1 in SciPy's true convolution, which
# equals ``F.conv2d`` with the flipped kernel.
import torch.nn.functional as F
from scipy import signal

# dark → bright
step = torch.tensor([[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]]).view(1, 1, 1, 6)
kernel = torch.tensor([[-1.0, 0.0, 1.0]]).view(1, 1, 1, 3)
torch_out = F.conv2d(step, kernel)[0, 0, 0]
true_conv = signal.convolve2d(
    step[0, 0].numpy(), kernel[0, 0].numpy(), mode="valid"
)[0]
flipped = F.conv2d(step, kernel.flip(-2, -1))[0, 0, 0]
print("F.conv2d:                 ", torch_out.tolist())
print("scipy.signal.convolve2d:  ", true_conv.tolist())
print("F.conv2d, flipped kernel: ", flipped.tolist())
assert (
    torch.equal(torch_out, -flipped)
    and flipped.tolist() == true_conv.tolist()
)

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
print(
    f"{'H':>4} {'k':>2} {'p':>2} {'s':>2} "
    f"{'d':>2} {'formula':>8} {'Conv2d':>7}"
)
for h, k, p, s, d in cases:
    layer = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s, dilation=d)
    actual = layer(torch.zeros(1, 1, h, h)).shape[-1]
    predicted = output_size(h, k, p, s, d)
    print(f"{h:>4} {k:>2} {p:>2} {s:>2} {d:>2} {predicted:>8} {actual:>7}")
    assert predicted == actual

# %%
# "Same" padding and stride
# -------------------------
# With an odd kernel size :math:`k` and ``padding = (k - 1) // 2`` ("same" padding), stride 1
# keeps the size, and stride :math:`s` gives :math:`\lceil H/s \rceil`: the formula becomes
# :math:`\lfloor (H-1)/s \rfloor + 1`. So stride 2 halves an even size and rounds an odd one
# *up* — the 27 → 14 row above. Checked for every size up to 64:
import math

sizes = range(1, 65)
for k in (1, 3, 5, 7):
    for s in (1, 2, 3):
        assert all(
            output_size(h, k, p=(k - 1) // 2, s=s) == math.ceil(h / s)
            for h in sizes
        )
print(
    f"⌈H/s⌉ for every H from 1 to {sizes[-1]}, k = 1, 3, 5, 7, s = 1, 2, 3"
)
print(
    "same padding, stride 2:",
    {h: output_size(h, 3, p=1, s=2) for h in (27, 28)},
)

# %%
# PyTorch also accepts ``padding="same"``, which works out that padding for you, but only
# for stride 1. With a stride it raises, so strided layers spell the padding out:
same = nn.Conv2d(1, 1, kernel_size=3, padding="same")
print(
    "padding='same', stride 1:",
    tuple(same(torch.zeros(1, 1, 27, 27)).shape),
)
try:
    nn.Conv2d(1, 1, kernel_size=3, stride=2, padding="same")
except ValueError as error:
    print("padding='same', stride 2: ValueError:", error)

# %%
# Pooling
# -------
# ``nn.MaxPool2d(2)`` keeps the largest value of each 2×2 block (its stride defaults to its size);
# it has no parameters. It makes the representation smaller and a little less sensitive to
# small shifts. It follows the same formula with :math:`p = 0`, so on an odd size it rounds
# *down*: the last row and column are dropped (``ceil_mode=True`` keeps them).
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
print(
    "input:\n",
    block[0, 0].numpy(),
    "\nMaxPool2d(2):\n",
    pooled[0, 0].numpy(),
)
assert pooled[0, 0].tolist() == [[4.0, 5.0], [6.0, 7.0]]
assert output_size(4, 2, s=2) == 2
odd = torch.zeros(1, 1, 27, 27)
floor_pool = nn.MaxPool2d(2)
ceil_pool = nn.MaxPool2d(2, ceil_mode=True)
pool_sizes = {
    "MaxPool2d(2)": floor_pool(odd).shape[-1],
    "MaxPool2d(2, ceil_mode=True)": ceil_pool(odd).shape[-1],
}
print("27×27 input:", pool_sizes)
assert (
    list(pool_sizes.values()) == [13, 14] == [output_size(27, 2, s=2), 14]
)

# %%
# Hand-made kernels on a real digit
# ---------------------------------
# Before a network learns its kernels, it helps to see what fixed ones do. The Sobel kernels
# respond to the pixel values changing from left to right (vertical edges) or from top to
# bottom (horizontal edges); the Laplacian to changes in every direction; a box kernel blurs.
# Applied to a digit from the MNIST sample with ``padding=1`` (so the maps stay 28×28), each
# produces a *feature map*: red where the map is positive, blue where it is negative, on one
# colour scale for all four (the colour bar). Ink has
# the high values, and ``F.conv2d`` does not flip the kernel, so Sobel x is red where the
# values rise to the right — on the left side of each stroke — and blue on its right side;
# Sobel y is red on the top side of strokes. (A true convolution would swap the colours.)
import matplotlib.pyplot as plt

from dlnotes.datasets import load_mnist_sample

digit = load_mnist_sample().x_train[7:8]  # (1, 1, 28, 28)
kernels = {
    "vertical edges (Sobel x)": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "horizontal edges (Sobel y)": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "blur (box)": [[1 / 9] * 3] * 3,
}
# (4 out, 1 in, 3, 3)
weight = torch.tensor(list(kernels.values())).unsqueeze(1)
maps = F.conv2d(digit, weight, padding=1)  # (1, 4, 28, 28)
print(
    f"digit {tuple(digit.shape)} * kernels "
    f"{tuple(weight.shape)} → feature maps {tuple(maps.shape)}"
)

fig, axes = plt.subplots(1, 5, figsize=(14, 3.2), layout="constrained")
axes[0].imshow(digit[0, 0], cmap="gray_r")
axes[0].set_title("input digit")
limit = maps.abs().max()
for ax, name, fmap in zip(axes[1:], kernels, maps[0], strict=True):
    image = ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(name, fontsize="small")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
# one colour scale for the four maps, symmetric around 0 (white)
fig.colorbar(
    image,
    ax=axes[1:],
    shrink=0.8,
    label="feature-map value (red +, blue −)",
)
plt.show()
assert maps.shape == (1, 4, 28, 28)
# the blur keeps the ink
assert abs(maps[0, 3].sum() - digit.sum()) / digit.sum() < 0.05

# %%
# The signs, checked: the Sobel x response at the first and the last ink pixel of every row
# that has ink, seen from the left (the threshold for "ink" is printed):
threshold = 0.5
ink = digit[0, 0] > threshold  # (28, 28) bool
rows = [r for r in range(28) if ink[r].any()]
left = [int(ink[r].nonzero()[0]) for r in rows]
right = [int(ink[r].nonzero()[-1]) for r in rows]
print(f"ink: pixel values above {threshold}")
sobel_x = maps[0, 0]
on_left = sobel_x[rows, left]
on_right = sobel_x[rows, right]
n_left, n_right = int((on_left > 0).sum()), int((on_right < 0).sum())
print(
    f"left side:  mean {on_left.mean():+.2f}, "
    f"positive in {n_left} of {len(rows)} rows"
)
print(
    f"right side: mean {on_right.mean():+.2f}, "
    f"negative in {n_right} of {len(rows)} rows"
)
assert on_left.mean() > 0 > on_right.mean()

# %%
# Key points
# ----------
# * ``nn.Conv2d(C_in, C_out, k)`` maps (N, C_in, H, W) to (N, C_out, H', W') with a weight of
#   shape (C_out, C_in, k, k): far fewer parameters than a fully connected layer between the
#   same shapes.
# * :math:`H' = \lfloor (H + 2p - d(k-1) - 1)/s \rfloor + 1`. With odd :math:`k` and
#   ``padding=(k-1)//2``, stride 1 keeps the size and stride 2 gives :math:`\lceil H/2 \rceil`
#   (27 → 14). ``MaxPool2d(2)`` follows the same formula and rounds down (27 → 13).
# * ``Conv2d`` computes a cross-correlation: it does not flip the kernel, which decides the
#   sign of a hand-made edge detector.
# * ``padding="same"`` works only with stride 1; a strided layer needs explicit padding.
# * Tensors are (N, C, H, W), height before width — not the "C×W×H" of the study notes.
# * A kernel is a pattern detector; a CNN learns its kernels instead of using hand-made ones.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_21_convolution_arithmetic_solutions.py>`.
#
# .. _exercise-21-1:
#
# **Exercise 21.1** ★ — *By hand first.* What shape does
# ``nn.Conv2d(3, 8, 5, stride=2, padding=1)`` give for a batch of one 64×64 RGB image, and how many
# parameters does the layer have? Work both out with the formula, then check them with the layer.
# :ref:`Solution <solution-21-1>`

# Your code for exercise 21.1

# %%
# .. _exercise-21-2:
#
# **Exercise 21.2** ★ — *Convolution or pooling, same size?* For which input sizes ``H`` in
# ``range(2, 65)`` do ``nn.Conv2d(1, 1, 3, stride=2, padding=1)`` and ``nn.MaxPool2d(2)`` give the
# same output size? How many sizes is that?
# :ref:`Solution <solution-21-2>`

# Your code for exercise 21.2

# %%
# .. _exercise-21-3:
#
# **Exercise 21.3** ★★ — *A diagonal detector.* Take the 3×3 kernel with ``2`` on its
# anti-diagonal (top right to bottom left) and ``-1`` everywhere else. Apply it with ``F.conv2d``
# and ``padding=1`` to two 28×28 test images, one with a ``/`` stroke (ones on the anti-diagonal)
# and one with a ``\`` stroke (ones on the diagonal). What is the largest response to each? Then
# apply it to the page's digit: at the pixel where it responds most, is the response of the
# mirrored kernel (``kernel.flip(-1)``: its columns reversed, a ``\`` detector) lower?
# :ref:`Solution <solution-21-3>`

# Your code for exercise 21.3

# %%
# Next: :ref:`a CNN for handwritten digits
# <sphx_glr_tutorials_04_architectures_plot_22_digit_cnn.py>`.
