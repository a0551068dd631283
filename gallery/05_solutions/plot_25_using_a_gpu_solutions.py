r"""
Solutions: using a GPU
======================

The answers to the exercises of
:ref:`using a GPU <sphx_glr_tutorials_04_architectures_plot_25_using_a_gpu.py>`, computed when the
site is built; each ends with an ``assert`` on its answer. They run on any machine: the
``"meta"`` device, whose tensors have a shape but no data, stands in for an accelerator.
"""

# %%
# .. _solution-25-1:
#
# Exercise 25.1 ★: what the timed product moves and computes
# ----------------------------------------------------------
# :ref:`The exercise <exercise-25-1>`. A float32 number takes 4 bytes, so a matrix of
# :math:`2048^2` numbers takes :math:`4 \cdot 2048^2` bytes (16 MiB). Each of the
# :math:`2048^2` entries of the product is a sum of 2048 products: 2048 multiplications and
# about as many additions, :math:`2 \cdot 2048^3` operations in all.
import torch

n = 2048
a = torch.empty(
    n, n, dtype=torch.float32, device="meta"
)  # a shape, no memory
size = a.element_size() * a.nelement()
flops = 2 * n**3
print(
    f"two {n}×{n} float32 matrices; one: {size:,} bytes = {size / 2**20:.0f} MiB; "
    f"the product: {flops:.2e} operations"
)
assert size == 4 * n * n == 16 * 2**20
assert flops == 17_179_869_184

# %%
# Each number of the two inputs takes part in 2048 multiplications: the operations grow like
# :math:`n^3` while the bytes grow like :math:`n^2`.
#
# .. _solution-25-2:
#
# Exercise 25.2 ★★: a tensor made inside forward
# ----------------------------------------------
# :ref:`The exercise <exercise-25-2>`. ``torch.zeros(4)`` is created on the CPU, whatever device
# the module is on; with ``device=x.device`` it is made where the input is.
from torch import nn


class Shifted(nn.Module):
    def __init__(self, on_input_device):
        super().__init__()
        self.linear = nn.Linear(3, 4)
        self.on_input_device = on_input_device

    def forward(self, x):  # (N, 3)
        if self.on_input_device:
            zeros = torch.zeros(4, device=x.device)
        else:
            zeros = torch.zeros(4)  # always on the CPU
        return self.linear(x) + zeros  # (N, 4)


x = torch.randn(5, 3, device="meta")
raised = {}
for fixed in (False, True):
    model = Shifted(on_input_device=fixed).to("meta")
    try:
        out = model(x)
        raised[fixed] = None
        print(
            f"device=x.device: {fixed!s:>5} → output {tuple(out.shape)} on {out.device}"
        )
    except RuntimeError as error:
        raised[fixed] = error
        print(
            f"device=x.device: {fixed!s:>5} → RuntimeError: {str(error).splitlines()[0]}"
        )
assert raised[False] is not None and raised[True] is None

# %%
# Yes, it raises, and ``device=x.device`` fixes it. ``torch.zeros(4)`` has a dimension, so the
# page's exception for 0-dimensional tensors does not apply.
#
# .. _solution-25-3:
#
# Exercise 25.3 ★★: data left on the CPU
# --------------------------------------
# :ref:`The exercise <exercise-25-3>`. The page's 1500 training images of 64 float32 pixels and
# their int64 labels, in its batches of 64:
import matplotlib.pyplot as plt

from dlnotes.data import Batches
from dlnotes.datasets import load_digits

images, labels = load_digits(
    as_images=False
)  # (1797, 64) float32, (1797,) int64
batches = Batches(
    images[:1500],
    labels[:1500],
    batch_size=64,
    shuffle=True,
    generator=torch.Generator().manual_seed(1),
)
per_batch = [xb.nbytes + yb.nbytes for xb, yb in batches]
per_epoch = sum(per_batch)
print(f"{len(per_batch)} batches, {per_epoch:,} bytes per epoch")
assert (
    per_epoch == 1500 * 64 * 4 + 1500 * 8
)  # each image and label once per epoch

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.bar(range(1, len(per_batch) + 1), [b / 1024 for b in per_batch])
ax.set(
    xlabel="batch",
    ylabel="KiB copied",
    title="Bytes each batch would copy (the last is partial)",
)
plt.show()

# %%
# One epoch copies the whole training set once: 64 × 4 bytes per image and 8 per label. Whether
# that costs much depends on the link between the CPU and the accelerator and on how long each
# batch's computation takes; time an epoch both ways on your machine, as the page times its
# epochs, to find out.
