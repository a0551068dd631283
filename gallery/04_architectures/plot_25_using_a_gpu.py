r"""
Using a GPU: put the model and the data on the same device
==========================================================

A CPU has relatively few strong cores that each run complicated code fast; a GPU has
thousands of simple ones that all do the same arithmetic at once. Deep learning is mostly
large matrix products, which split into many identical pieces, so a GPU can run them much
faster, once the data is on it. This page shows how PyTorch places tensors and models on a
*device*, the error you get when they disagree, and measures a matrix product and a
short training run on every device the machine running it has. It runs on a CPU-only
machine too, and then says so. This site is built on such a machine: every number printed
below is the CPU's, and nothing this page says about GPUs was run or measured here.
"""

# %%
# Which devices are there?
# ------------------------
# ``"cpu"`` always exists. Besides it, a PyTorch installation is built for at most one kind of
# *accelerator*: ``"cuda"`` for an NVIDIA GPU (AMD GPUs with ROCm use the same name), ``"mps"``
# for the GPU of an Apple-silicon Mac, ``"xpu"`` for an Intel GPU, and a few more.
# ``torch.accelerator`` (added in PyTorch 2.6; as described here since PyTorch 2.7) asks about
# that one kind without naming it: ``current_accelerator()`` returns the kind the installed build supports — ``None`` for a
# CPU-only build, such as the one that builds this site — and ``is_available()`` says whether such
# a device is actually present and usable (a CUDA build on a laptop without an NVIDIA GPU still
# names ``cuda``, but is not available). The idiom picks the accelerator when there is one and
# falls back to the CPU otherwise, and keeps the choice in a variable, so that the rest of the
# code never names a device again:
import torch

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
built_for = torch.accelerator.current_accelerator()
print("this PyTorch is built for:", built_for or "the CPU only")
print("accelerator available:", torch.accelerator.is_available())
print("→ using", device)
devices = ["cpu"] if device.type == "cpu" else ["cpu", device.type]
if device.type == "cuda":
    print("GPU:", torch.cuda.get_device_name(0))
if device.type == "cpu":
    print(
        "No accelerator on this machine: everything below runs on the CPU."
    )
assert torch.accelerator.is_available() == (device.type != "cpu")

# %%
# Tensors and models live on a device
# -----------------------------------
# Every tensor has a ``.device``. There are two ways to put one somewhere: create it there
# with ``device=`` (no copy), or move it with ``.to(device)`` (a copy, unless it is already
# there). ``.to`` on a *model* moves all its parameters and buffers in place. Layers accept
# ``device=`` too.
from torch import nn

a = torch.randn(2, 3, device=device)  # created on the device
b = torch.randn(2, 3).to(device)  # created on the CPU, then copied
layer = nn.Linear(3, 4, device=device)  # parameters created on the device
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).to(
    device
)
print(
    a.device, b.device, layer.weight.device, next(model.parameters()).device
)
print("result on", model(a).device)

# %%
# ``.cuda()`` and ``.cpu()`` are shortcuts for ``.to("cuda")`` and ``.to("cpu")``; code
# written with a ``device`` variable runs unchanged on machines with and without an accelerator.
# To turn a result into a NumPy array (or hand it to Matplotlib), bring it back with
# ``.cpu()`` first: ``.numpy()`` raises for a tensor on a GPU. ``.item()`` and ``.tolist()``
# copy to Python numbers from a GPU too.
#
# The mixed-device error
# ----------------------
# An operation needs all its tensors on one device: PyTorch does not move data between
# devices behind your back, because such a copy can cost more than the computation. With a
# GPU the message starts "Expected all tensors to be on the same device" and names the
# devices, e.g. "... but found at least two devices, cuda:0 and cpu!" for an element-wise
# operation (not run here, for want of a GPU). Every machine has a second device to show the error with: ``"meta"`` tensors
# have a shape but no data.
x_meta = torch.randn(5, 3, device="meta")
print(x_meta)
try:
    nn.Linear(3, 4)(x_meta)  # parameters on the CPU, input on "meta"
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# There is one exception. A **0-dimensional** CPU tensor, such as ``torch.tensor(2.0)``, may
# be combined with a tensor on any other device: PyTorch treats it like a Python number and
# passes its value along with the operation. That is why ``cuda_tensor * torch.tensor(2.0)``
# works (shown here with a "meta" tensor in its place). A one-element tensor with a dimension, ``torch.tensor([2.0])``, is not a scalar and
# raises the usual error:
print("0-dim CPU tensor:", (x_meta * torch.tensor(2.0)).device)
try:
    x_meta * torch.tensor([2.0])
except RuntimeError as error:
    print("1-dim CPU tensor: RuntimeError:", error)
assert (x_meta * torch.tensor(2.0)).device.type == "meta"

# %%
# The fix is always the same: choose one device and move both the model and every batch
# there. A tensor created inside ``forward`` must also be put there: write
# ``torch.zeros(n, device=x.device)``, not ``torch.zeros(n)``.
#
# A timed matrix product
# ----------------------
# GPU work is *asynchronous*: a call returns as soon as the work is queued (PyTorch's notes on
# CUDA semantics, "Asynchronous execution"; not measured here). To time it,
# wait with ``torch.accelerator.synchronize()`` before reading the clock, and run it once before
# timing, because the first call also sets things up. Below, the median of five products
# of two 2048×2048 matrices on each device (2 × 2048³ ≈ 17 billion floating-point
# operations each).
import time


def sync(device):
    if device != "cpu":  # wait for the queued work to finish
        torch.accelerator.synchronize()


def time_matmul(device, n=2048, repeats=5):
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen).to(device)
    b = torch.randn(n, n, generator=gen).to(device)
    a @ b  # warm-up
    sync(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        sync(device)
        times.append(time.perf_counter() - start)
    return sorted(times)[repeats // 2]


print(
    f"2 × 2048³ = {2 * 2048**3 / 1e9:.1f} billion "
    "floating-point operations per product"
)
matmul_seconds = {d: time_matmul(d) for d in devices}
for d, seconds in matmul_seconds.items():
    print(
        f"{d:4s}: {seconds * 1e3:8.2f} ms, "
        f"{2 * 2048**3 / seconds / 1e9:8.1f} GFLOP/s"
    )

# %%
# One point per device, on a logarithmic axis: equal distances are equal factors, so a
# device many times faster than another still fits on it. (A bar on such an axis would
# have no zero to start from, and its length would mean nothing.) Where there is a GPU, its
# point should lie to the left of the CPU's: the product is billions of independent
# multiply-adds, which a GPU spreads over thousands of cores, while a CPU has far fewer. That
# is not measured here (this build has only the CPU's point); how far depends on the two
# chips, so run the page on your machine to see.
import matplotlib.pyplot as plt

milliseconds = [s * 1e3 for s in matmul_seconds.values()]
fig, ax = plt.subplots(
    figsize=(6, 1.4 + 0.4 * len(devices)), layout="constrained"
)
ax.plot(milliseconds, list(matmul_seconds), "o", ms=8)
for ms, d in zip(milliseconds, matmul_seconds, strict=True):
    ax.annotate(
        f"{ms:.3g} ms",
        (ms, d),
        xytext=(0, 7),
        textcoords="offset points",
        ha="center",
    )
ax.set(
    xscale="log",
    xlim=(min(milliseconds) / 4, max(milliseconds) * 4),
    ylim=(-0.7, len(devices) - 0.3),
    xlabel="milliseconds per product (log scale)",
    title="One 2048×2048 matrix product, median of 5 runs",
)
plt.show()
# sphinx_gallery_thumbnail_number = 1

# %%
# A short training run on each device
# -----------------------------------
# The same seeded MLP on scikit-learn's 8×8 digits, trained for ten epochs on each device
# by the plain training loop, with the two moves written out: the model once, with
# ``model.to(device)``, and every batch in the loop. This data set is small, so it is
# moved to the device once, before training; the batches are then already there, and
# ``.to(device)`` returns them as they are, without copying. Each epoch is timed, with a
# ``sync`` before the clock is read.
from dlnotes.data import Batches
from dlnotes.datasets import load_digits

# (1797, 64) in [0, 1], (1797,)
images, labels = load_digits(as_images=False)
order = torch.randperm(
    len(images), generator=torch.Generator().manual_seed(0)
)
# shuffled before the 1500 / 297 split
images, labels = images[order], labels[order]


def make_run(device):
    """The seeded model (on the CPU), its optimizer, and the training
    batches and held-out data, on ``device``."""
    x, y = images.to(device), labels.to(device)  # the whole data set, once
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    batches = Batches(
        x[:1500],
        y[:1500],
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    return model, optimizer, batches, (x[1500:], y[1500:])


def train_on(device, epochs=10):
    model, optimizer, batches, (x_test, y_test) = make_run(device)
    model.to(device)  # parameters and buffers, in place
    loss_fn = nn.CrossEntropyLoss()
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        for xb, yb in batches:  # (64, 64), (64,)
            xb, yb = xb.to(device), yb.to(device)  # here: no copy
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        sync(device)
        seconds.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        predicted = model(x_test).argmax(dim=1)  # (297,)
    accuracy = (predicted == y_test).float().mean().item()
    return model, seconds, accuracy


trained = {}
for d in devices:
    trained[d], seconds, accuracy = train_on(d)
    print(
        f"{d:4s}: {sum(seconds) / len(seconds) * 1e3:6.1f} ms per epoch, "
        f"held-out accuracy {accuracy:.3f}"
    )
    assert accuracy > 0.9

# %%
# Not measured here, for want of a GPU: for a network this small, expect a GPU to bring
# little, since each step is a handful of tiny kernels and the time goes into launching them
# and into the Python code around them, not into arithmetic. GPUs pay off for large models
# and large batches, the situation of the matrix product above. Where the break-even lies
# depends on the model and the hardware; the first Try it looks for it with matrix products
# of other sizes.
#
# The same with ``fit(device=...)``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# :func:`dlnotes.train.fit` does both moves when it is given ``device=``: it calls
# ``model.to(device)`` before the first epoch and moves every batch in its loop. Given the
# same seeded run, it ends with the same weights as the loop above, on every device:
from dlnotes.train import fit

for d in devices:
    model, optimizer, batches, _ = make_run(d)  # the model is on the CPU
    fit(
        model,
        nn.CrossEntropyLoss(),
        optimizer,
        batches,
        epochs=10,
        device=d,
        progress=False,
    )
    diff = max(
        (p - q).abs().max().item()
        for p, q in zip(
            model.parameters(), trained[d].parameters(), strict=True
        )
    )
    where = next(model.parameters()).device
    print(
        f"{d:4s}: fit left the model on {where}; largest weight "
        f"difference from the loop {diff:.1e}"
    )
    # the same steps in the same order; the tolerance allows for an
    # accelerator library that orders a sum differently from run to run
    assert where.type == d and diff < 1e-4

# %%
# Because ``model.to(device)`` moves every parameter, ``fit(device=...)`` also gathers a
# model whose layers were left on different devices. Without ``device=``, ``fit`` trains
# where the model's parameters are; if they are on more than one device, it stops before
# the first step with an error that lists each device and the parameters on it, instead
# of failing somewhere inside the forward pass.
#
# Key points
# ----------
# * Pick the device once: the accelerator if ``torch.accelerator.is_available()``, else
#   ``torch.device("cpu")``; code written for ``device`` runs unchanged on machines with
#   and without an accelerator.
# * Move the model with ``model.to(device)``, and every batch with ``x.to(device)``, or
#   create tensors there with ``device=``. ``fit(device=device)`` does both.
# * All tensors in one operation must be on the same device; PyTorch raises rather than
#   copy behind your back. The exception: 0-dimensional CPU tensors, which act as numbers.
# * Time GPU code only after ``torch.accelerator.synchronize()`` and a warm-up run.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_25_using_a_gpu_solutions.py>`. They
# need no accelerator: the ``"meta"`` device stands in for a second one.
#
# .. _exercise-25-1:
#
# **Exercise 25.1** ★ — *What the timed product moves and computes.* How many bytes does one of
# the 2048×2048 float32 matrices of the timed product take, and how many floating-point
# operations does the product need? Check the size with ``x.element_size() * x.nelement()`` on
# such a matrix, ``x = torch.empty(2048, 2048)``.
# :ref:`Solution <solution-25-1>`

# Your code for exercise 25.1

# %%
# .. _exercise-25-2:
#
# **Exercise 25.2** ★★ — *A tensor made inside forward.* Write an ``nn.Module`` whose ``forward``
# returns ``self.linear(x) + torch.zeros(4)``, move it to ``"meta"`` and call it on a ``"meta"``
# input of shape (5, 3). Does it raise? Does ``torch.zeros(4, device=x.device)`` fix it?
# :ref:`Solution <solution-25-2>`

# Your code for exercise 25.2

# %%
# .. _exercise-25-3:
#
# **Exercise 25.3** ★★ — *Data left on the CPU.* If the training run's data stayed on the CPU
# (``Batches`` built from ``images[:1500]`` and ``labels[:1500]``), every batch's ``.to(device)``
# would copy it to the accelerator. How many bytes would one epoch copy? Count them from the
# batches themselves.
# :ref:`Solution <solution-25-3>`

# Your code for exercise 25.3

# %%
# Next: :ref:`training on several processes
# <sphx_glr_tutorials_04_architectures_plot_25b_distributed_training.py>`.
