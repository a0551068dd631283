r"""
Solutions: distributed training
===============================

The answers to the exercises of
:ref:`distributed training <sphx_glr_tutorials_04_architectures_plot_25b_distributed_training.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. A
``DistributedSampler`` given ``num_replicas`` and ``rank`` needs no process group, so every
answer runs in this one process.
"""

# %%
# .. _solution-25b-1:
#
# Exercise 25b.1 ★: forgetting set_epoch
# --------------------------------------
# :ref:`The exercise <exercise-25b-1>`. The sampler shuffles with a generator seeded by
# ``seed + epoch``, and the epoch is whatever ``set_epoch`` last set (0 if it was never called):
from torch.utils.data import DistributedSampler


def rank0_epochs(call_set_epoch):
    sampler = DistributedSampler(
        range(12), num_replicas=2, rank=0, shuffle=True, seed=0
    )
    epochs = []
    for epoch in range(2):
        if call_set_epoch:
            sampler.set_epoch(epoch)
        epochs.append(list(sampler))
    return epochs


for call in (True, False):
    first, second = rank0_epochs(call)
    print(
        f"set_epoch called: {call!s:>5}; epoch 0: {first}, epoch 1: {second}"
    )
assert (
    rank0_epochs(False)[0] == rank0_epochs(False)[1]
)  # the same order every epoch
assert rank0_epochs(True)[0] != rank0_epochs(True)[1]

# %%
# Yes: without ``set_epoch`` every epoch repeats epoch 0's order.
#
# .. _solution-25b-2:
#
# Exercise 25b.2 ★★: different seeds
# ----------------------------------
# :ref:`The exercise <exercise-25b-2>`. Each rank shuffles all 12 indices with its own seed and
# keeps every second one; with different shuffles the two halves no longer fit together.
ranks = [
    list(
        DistributedSampler(
            range(12), num_replicas=2, rank=r, shuffle=True, seed=r
        )
    )
    for r in (0, 1)
]
both = set(ranks[0]) & set(ranks[1])
neither = set(range(12)) - set(ranks[0]) - set(ranks[1])
print(f"rank 0: {ranks[0]}, rank 1: {ranks[1]}")
print(
    f"seen by both: {sorted(both)} ({len(both)}); by neither: {sorted(neither)} ({len(neither)})"
)
# each rank gets 6 distinct indices, so every index seen twice leaves one unseen
assert len(both) == len(neither) > 0

# %%
# The counts are always equal: each rank gets 6 different indices, 12 in all, so every index both
# ranks see is one that neither sees. With a shared seed (the page's), both are 0:
import matplotlib.pyplot as plt

shared = [
    list(
        DistributedSampler(
            range(12), num_replicas=2, rank=r, shuffle=True, seed=0
        )
    )
    for r in (0, 1)
]
fig, axes = plt.subplots(
    1, 2, figsize=(8, 2.8), sharey=True, layout="constrained"
)
for ax, (name, split) in zip(
    axes,
    [("seed 0 on both ranks", shared), ("seeds 0 and 1", ranks)],
    strict=True,
):
    seen = [sum(i in share for share in split) for i in range(12)]
    ax.bar(
        range(12),
        seen,
        color=["tab:red" if n != 1 else "tab:blue" for n in seen],
    )
    ax.set(title=name, xlabel="index", xticks=range(12))
axes[0].set(ylabel="ranks that see it", yticks=[0, 1, 2])
from matplotlib.patches import Patch

fig.legend(
    handles=[
        Patch(color="tab:blue", label="seen by one rank"),
        Patch(color="tab:red", label="seen by both ranks"),
    ],
    loc="outside lower center",
    ncols=2,
    title="no bar: seen by neither",
)
plt.show()
assert sorted(shared[0] + shared[1]) == list(
    range(12)
)  # a shared seed: each index once

# %%
# .. _solution-25b-3:
#
# Exercise 25b.3 ★★★: four ranks, one batch
# -----------------------------------------
# :ref:`The exercise <exercise-25b-3>`. The page's data, model and loss:
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()
order = torch.randperm(
    len(digits.target), generator=torch.Generator().manual_seed(0)
)[:1536]
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)[
    order
]  # (1536, 64)
y = torch.tensor(digits.target)[order]
data = TensorDataset(x, y)
single = DataLoader(
    data,
    batch_size=64,
    sampler=DistributedSampler(data, num_replicas=1, rank=0, seed=0),
)
four = [
    DataLoader(
        data,
        batch_size=16,
        sampler=DistributedSampler(data, num_replicas=4, rank=r, seed=0),
    )
    for r in range(4)
]
ranks_first = [
    next(iter(loader)) for loader in four
]  # each: (16, 64), (16,)
x64, y64 = next(iter(single))  # (64, 64), (64,)


def rows(t):
    return sorted(map(tuple, t.tolist()))


same_samples = rows(torch.cat([xb for xb, _ in ranks_first])) == rows(x64)
print(
    "the four first batches together are the single first batch:",
    same_samples,
)
assert same_samples

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
loss_fn = nn.CrossEntropyLoss()


def gradient(xb, yb):
    model.zero_grad()
    loss_fn(model(xb), yb).backward()
    return [p.grad.clone() for p in model.parameters()]


per_rank = [gradient(xb, yb) for xb, yb in ranks_first]
averaged = [
    torch.stack(grads).mean(dim=0) for grads in zip(*per_rank, strict=True)
]  # the all-reduce's mean
big = gradient(x64, y64)
gap = max(
    (a - b).abs().max().item() for a, b in zip(averaged, big, strict=True)
)
scale = max(b.abs().max().item() for b in big)
print(
    f"largest |mean of 4 × 16 - batch of 64| in the gradient: {gap:.1e} (largest entry {scale:.2f})"
)
assert gap < 1e-5 * max(
    scale, 1.0
)  # float32 rounding: the same sums, added in another order

# %%
# Yes, and the gradients agree to float32 rounding: the mean of four means over 16 samples is the
# mean over the 64. That is why four processes with ``BATCH = 16`` train like one with batches of
# 64, under the conditions the page lists (no ``BatchNorm``, no per-rank randomness, a mean loss,
# full batches).
