r"""
Solutions: a CNN for handwritten digits
=======================================

The answers to the exercises of
:ref:`a CNN for handwritten digits <sphx_glr_tutorials_04_architectures_plot_22_digit_cnn.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The CNN is the
tutorial's.
"""

# %%
# .. _solution-22-1:
#
# Exercise 22.1 ★: twice as wide
# ------------------------------
# :ref:`The exercise <exercise-22-1>`.
import torch
from torch import nn


class CNN(nn.Module):
    def __init__(self, c1=8, c2=16, hidden=64, dropout=0.5):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(c2 * 14 * 14, hidden)
        self.dropout = nn.Dropout(dropout)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):  # (B, 1, 28, 28)
        x = torch.relu(self.conv1(x))  # (B, c1, 28, 28)
        x = torch.relu(self.conv2(x))  # (B, c2, 28, 28)
        x = self.pool(x)  # (B, c2, 14, 14)
        x = x.view(x.size(0), -1)  # (B, c2·14·14)
        x = self.dropout(torch.relu(self.fc1(x)))  # (B, hidden)
        return self.fc2(x)  # (B, 10)


def multiply_adds(c1, c2, hidden, size=28, k=3):
    """The tutorial's count for one 28×28 image: two same-padded convolutions, then the dense
    layers."""
    convs = size * size * k * k * (1 * c1 + c1 * c2)
    dense = c2 * (size // 2) ** 2 * hidden + hidden * 10
    return convs + dense


def n_params(model):
    return sum(p.numel() for p in model.parameters())


small, wide = CNN(), CNN(c1=16, c2=32)
params = n_params(wide) / n_params(small)
work = multiply_adds(16, 32, 64) / multiply_adds(8, 16, 64)
print(
    f"parameters:    {n_params(small):,} → {n_params(wide):,} ({params:.2f}×)"
)
print(
    f"multiply-adds: {multiply_adds(8, 16, 64):,} → {multiply_adds(16, 32, 64):,} ({work:.2f}×)"
)
conv2_share = 28 * 28 * 9 * 16 * 32 / multiply_adds(16, 32, 64)
fc1_share = n_params(wide.fc1) / n_params(wide)
print(f"fc1's share of the wide model's parameters: {fc1_share:.0%}")
print(f"conv2's share of the wide model's multiply-adds: {conv2_share:.0%}")
assert (
    1.9 < params < 2.1
    and work > 3.5
    and fc1_share > 0.9
    and conv2_share > 0.8
)

# %%
# The parameters sit almost all in ``fc1``, whose input grows with ``c2``: twice the channels,
# about twice the parameters. The work sits mostly in ``conv2`` (both shares are printed above),
# which costs ``c1 · c2`` multiply-adds per pixel and kernel tap: both double, so that part grows
# fourfold.
#
# .. _solution-22-2:
#
# Exercise 22.2 ★★: when view fails
# ---------------------------------
# :ref:`The exercise <exercise-22-2>`. After the transpose the numbers are no longer stored in the
# order of the shape, and ``view`` only reinterprets memory, so it refuses; ``reshape`` and
# ``flatten`` copy when they must.
h = torch.randn(
    2, 16, 14, 14, generator=torch.Generator().manual_seed(0)
)  # like the pooled maps
swapped = h.transpose(2, 3)  # (2, 16, 14, 14), W and H swapped
print("contiguous after the transpose:", swapped.is_contiguous())
try:
    swapped.view(swapped.size(0), -1)
    view_raised = False
except RuntimeError as error:
    view_raised = True
    print("view: RuntimeError:", str(error).split(".")[0])
by_reshape = swapped.reshape(swapped.size(0), -1)  # (2, 3136)
by_flatten = swapped.flatten(1)  # (2, 3136)
same_order = torch.equal(by_flatten, h.flatten(1))
print(
    "reshape and flatten(1) equal:",
    torch.equal(by_reshape, by_flatten),
    tuple(by_flatten.shape),
)
print("equal to flattening h itself:", same_order)
assert view_raised and torch.equal(
    by_reshape, by_flatten
)  # the same copy: no arithmetic
assert (
    not same_order
)  # the transpose changed the order of the numbers in each row

# %%
# .. _solution-22-3:
#
# Exercise 22.3 ★★★: what one feature sees
# ----------------------------------------
# :ref:`The exercise <exercise-22-3>`. A fresh CNN, and all 784 one-pixel changes at once, as one
# batch:
import matplotlib.pyplot as plt

cnn = CNN()
with torch.no_grad():
    for conv in (cnn.conv1, cnn.conv2):
        conv.weight.fill_(
            1.0
        )  # every ReLU input is then a sum of positive values
        conv.bias.zero_()
    image = (
        torch.rand(1, 1, 28, 28, generator=torch.Generator().manual_seed(0))
        + 0.1
    )
    raised = image.repeat(
        784, 1, 1, 1
    )  # (784, 1, 28, 28): one copy per pixel
    raised.view(784, 784)[torch.arange(784), torch.arange(784)] += (
        100.0  # copy k: pixel k
    )
    features = cnn.pool(
        torch.relu(
            cnn.conv2(torch.relu(cnn.conv1(torch.cat([image, raised]))))
        )
    )
    value = features[:, 0, 5, 5]  # (785,): the original first
print(f"one batch: the image and its {len(raised)} one-pixel changes")
changed = (value[1:] != value[0]).view(28, 28)  # (28, 28) bool
rows, cols = changed.nonzero().unbind(dim=1)
print(
    f"{int(changed.sum())} pixels change it: rows {rows.min()}–{rows.max()}, columns {cols.min()}–{cols.max()}"
)
assert int(changed.sum()) == 36 and (rows.min(), rows.max()) == (8, 13) == (
    cols.min(),
    cols.max(),
)

fig, ax = plt.subplots(figsize=(3.6, 3.6), layout="constrained")
ax.imshow(changed, cmap="gray_r")
ax.set(
    title="pixels that change feature (5, 5)", xlabel="column", ylabel="row"
)
plt.show()

# %%
# A 6×6 region, rows and columns 8 to 13. The same region follows from the layers, working back
# from the pooled position:
pooled = 5
conv2_rows = (
    2 * pooled,
    2 * pooled + 1,
)  # the 2×2 pooling covers two positions
conv1_rows = (
    conv2_rows[0] - 1,
    conv2_rows[1] + 1,
)  # a 3×3 kernel: one either side
input_rows = (
    conv1_rows[0] - 1,
    conv1_rows[1] + 1,
)  # and one more in the input
print(
    f"pooled {pooled} ← conv2 rows {conv2_rows} ← conv1 rows {conv1_rows} "
    f"← input rows {input_rows}"
)
assert input_rows == (rows.min(), rows.max())

# %%
# Pooled position 5 covers conv2's positions 10 and 11 (pool size 2); each of those sees one
# pixel either side in conv1's map (a 3×3 kernel), rows 9 to 12; and each of those one more
# either side in the input: 8 to 13. Each 3×3 layer widens the region by 2, the 2×2 pooling by 1.
