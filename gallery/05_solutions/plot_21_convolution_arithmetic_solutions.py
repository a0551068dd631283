r"""
Solutions: convolution arithmetic
=================================

The answers to the exercises of
:ref:`convolution arithmetic <sphx_glr_tutorials_04_architectures_plot_21_convolution_arithmetic.py>`,
computed when the site is built; each ends with an ``assert`` on its answer.
"""

# %%
# .. _solution-21-1:
#
# Exercise 21.1 ★: by hand first
# ------------------------------
# :ref:`The exercise <exercise-21-1>`. The formula
# :math:`\lfloor (H + 2p - d(k - 1) - 1)/s \rfloor + 1` with :math:`H = 64`, :math:`k = 5`,
# :math:`p = 1`, :math:`s = 2`, :math:`d = 1` gives :math:`\lfloor (64 + 2 - 4 - 1)/2 \rfloor + 1 = 31`, for
# the height and the width alike; the 8 output channels give the shape (1, 8, 31, 31). The layer
# holds one 3×5×5 kernel and one bias per output channel: :math:`8 \cdot (3 \cdot 5 \cdot 5 + 1)`
# parameters.
import torch
from torch import nn

torch.manual_seed(0)
by_hand = (64 + 2 * 1 - 1 * (5 - 1) - 1) // 2 + 1
params_by_hand = 8 * (3 * 5 * 5 + 1)
conv = nn.Conv2d(3, 8, 5, stride=2, padding=1)
out = conv(torch.zeros(1, 3, 64, 64))  # (N, C, H, W)
n_params = sum(p.numel() for p in conv.parameters())
print(f"by hand: (1, 8, {by_hand}, {by_hand}), {params_by_hand} parameters")
print(f"Conv2d:  {tuple(out.shape)}, {n_params} parameters")
assert out.shape == (1, 8, by_hand, by_hand) == (1, 8, 31, 31)
assert n_params == params_by_hand == 608

# %%
# .. _solution-21-2:
#
# Exercise 21.2 ★: convolution or pooling, same size?
# ---------------------------------------------------
# :ref:`The exercise <exercise-21-2>`. With "same" padding and stride 2 the convolution gives
# :math:`\lceil H/2 \rceil`; the pooling layer, without padding, gives :math:`\lfloor H/2 \rfloor`.
# They agree exactly when :math:`H` is even. (A size of 1 is left out: ``MaxPool2d(2)`` raises
# there, since its output would have no pixels.)
conv = nn.Conv2d(1, 1, 3, stride=2, padding=1)
pool = nn.MaxPool2d(2)
same = [
    h
    for h in range(2, 65)
    if conv(torch.zeros(1, 1, h, h)).shape[-1]
    == pool(torch.zeros(1, 1, h, h)).shape[-1]
]
print(
    f"same output size for {len(same)} of {len(range(2, 65))} sizes: {same[:4]} … {same[-2:]}"
)
assert same == list(range(2, 65, 2))  # the even sizes, 32 of them

# %%
# .. _solution-21-3:
#
# Exercise 21.3 ★★: a diagonal detector
# -------------------------------------
# :ref:`The exercise <exercise-21-3>`. On the ``/`` stroke the kernel's three 2s lie on the ink at
# once. Centred on the ``\`` stroke, the window holds one 2 and two −1s on the ink, a response of
# 0; the largest response, 2, comes from a window beside the stroke, where only the corner 2
# touches it.
import torch.nn.functional as F

kernel = torch.full((3, 3), -1.0)
kernel[[0, 1, 2], [2, 1, 0]] = 2.0  # the anti-diagonal: a "/" detector
print(kernel)
slash = torch.zeros(28, 28)
slash[torch.arange(28), 27 - torch.arange(28)] = (
    1.0  # "/": ones on the anti-diagonal
)
backslash = torch.eye(28)  # "\": ones on the diagonal
peaks = {}
for name, image in [("/", slash), ("\\", backslash)]:
    response = F.conv2d(
        image[None, None], kernel[None, None], padding=1
    )  # (1, 1, 28, 28)
    peaks[name] = response.max().item()
    print(f"largest response to the {name} stroke: {peaks[name]:.1f}")
assert (
    peaks["/"] == 6.0 and peaks["\\"] == 2.0
)  # whole-number sums: exact on any device

# %%
# On the page's digit (the MNIST sample's image 7), the kernel and its mirror image:
import matplotlib.pyplot as plt

from dlnotes.datasets import load_mnist_sample

digit = load_mnist_sample().x_train[7:8]  # (1, 1, 28, 28)
both = torch.stack([kernel, kernel.flip(-1)]).unsqueeze(
    1
)  # (2 out, 1 in, 3, 3): columns reversed
maps = F.conv2d(digit, both, padding=1)[0]  # (2, 28, 28)
row, col = divmod(int(maps[0].argmax()), 28)
print(
    f"strongest '/' response at row {row}, column {col}: {maps[0, row, col]:.2f}"
)
print(f"mirrored kernel ('\\') there: {maps[1, row, col]:.2f}")
assert (
    maps[1, row, col] < maps[0, row, col]
)  # yes: the stroke there runs like "/"

fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), layout="constrained")
axes[0].imshow(digit[0, 0], cmap="gray_r")
axes[0].set_title("digit")
limit = maps.abs().max()
for ax, fmap, name in zip(
    axes[1:], maps, ["'/' kernel", "'\\' kernel (mirrored)"], strict=True
):
    image = ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(name)
axes[1].plot(col, row, "k+", markersize=14, label="strongest '/' response")
axes[1].legend(loc="lower right", fontsize="small")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
fig.colorbar(
    image, ax=axes[1:], label="response (red positive, blue negative)"
)
plt.show()

# %%
# The ``/`` kernel is red where the 5's strokes run like ``/``: its upper left stroke (the cross
# marks the strongest response) and the lower end of its curve. The mirrored kernel is red where
# the curve runs like ``\``, down its middle; at the cross it is blue.
