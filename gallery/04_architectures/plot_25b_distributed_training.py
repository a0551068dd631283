r"""
Training on several processes: DistributedDataParallel equals one big batch
===========================================================================

One GPU, or one machine, is eventually too slow. PyTorch's answer is **data parallelism**:
start one process per device, give every process a full copy of the model and a different
slice of each batch, and average the gradients before every step. Every copy then takes the
same step, so the copies stay identical, and two processes with batches of :math:`B` samples
train like one process with batches of :math:`2 B`, up to the rounding of float sums — for a
model like this page's, with no batch normalization and no dropout, a loss averaged over the
batch, and full batches (the conditions are spelled out below). That is what
``torch.nn.parallel.DistributedDataParallel`` (DDP) does, and ``torchrun``
(``python -m torch.distributed.run``) starts the processes.

Tutorials about this usually cannot run while their site is built, because they need several
GPUs. This page runs for real on every build: two processes on the CPU, talking through PyTorch's
``gloo`` backend over this machine's loopback interface. The script is the same one you would
run on GPUs; the section at the end lists what changes. You will be able to:

* say what a process group, a rank and the world size are, and why there is one process per device;
* split the data with ``DistributedSampler`` and explain ``set_epoch``;
* show that DDP averages gradients, that the replicas stay bit-identical, and that
  :math:`2 \times B` equals :math:`1 \times 2 B` up to the order of float sums;
* print and save from rank 0 only, and know what changes on GPUs, across machines, and with FSDP.
"""

# %%
# The script every process runs
# -----------------------------
# ``torchrun`` starts *N* copies of one script and tells each who it is through environment
# variables: ``RANK`` (0 … N−1, unique over all machines), ``LOCAL_RANK`` (the index on this
# machine, used to pick a GPU), ``WORLD_SIZE`` (N) and the address where they meet
# (``MASTER_ADDR``, ``MASTER_PORT``). ``dist.init_process_group("gloo")`` reads them and connects
# the processes into a **process group**; from then on ``dist.get_rank()`` and
# ``dist.get_world_size()`` answer, and collective operations such as ``all_reduce`` work.
#
# The page writes the script to a file, because each process must import it. It does four
# things, each printed to a log file per rank: an explicit ``all_reduce``; the samples a
# ``DistributedSampler`` gives each rank; one DDP step, checked against the two processes' own
# gradients; and a short training run whose weights rank 0 saves.
import tempfile
from pathlib import Path

SCRIPT = r'''
"""Data-parallel training of a digit classifier: run with torchrun, one
process per device."""
import json
import sys
from pathlib import Path

import torch
import torch.distributed as dist
from sklearn.datasets import load_digits
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

out = Path(sys.argv[1])
BATCH, EPOCHS = 32, 3  # 32 samples per process and step

dist.init_process_group("gloo")  # "nccl" on GPUs
rank, world = dist.get_rank(), dist.get_world_size()
log = open(out / f"rank{rank}.log", "w")


def say(*args):
    print(f"[rank {rank}/{world}]", *args, file=log, flush=True)


# 1. A collective: every rank contributes its tensor, every rank receives
# the sum.
t = torch.tensor([rank + 1.0])
dist.all_reduce(t)  # op=dist.ReduceOp.SUM
say("all_reduce of rank + 1:", t.item())

# 2. Each rank gets a disjoint share of the indices; set_epoch reshuffles
# per epoch.
sampler = DistributedSampler(range(12), shuffle=True, seed=0)
for epoch in range(2):
    sampler.set_epoch(epoch)
    say(f"epoch {epoch} indices:", list(sampler))

# The data: 1536 of scikit-learn's 8x8 digits, a multiple of 2 x 32: every
# batch is full and the sampler needs no padding.
digits = load_digits()
gen = torch.Generator().manual_seed(0)
order = torch.randperm(len(digits.target), generator=gen)[:1536]
# (1536, 64)
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)[order]
y = torch.tensor(digits.target)[order]  # (1536,)
data = TensorDataset(x, y)
sampler = DistributedSampler(data, seed=0)
loader = DataLoader(data, batch_size=BATCH, sampler=sampler)

# DDP also copies rank 0's weights to every rank when it wraps the model
torch.manual_seed(0)
model = DDP(nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)))
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.CrossEntropyLoss()

# 3. What backward does under DDP: the local gradient first (no_sync skips
# the averaging) ...
loader.sampler.set_epoch(0)
xb, yb = next(iter(loader))
with model.no_sync():
    loss_fn(model(xb), yb).backward()
local = model.module[0].weight.grad.clone()
optimizer.zero_grad()
# ... then the normal backward, which all-reduces and averages the gradients
# of all ranks.
loss_fn(model(xb), yb).backward()
synced = model.module[0].weight.grad
torch.save({"local": local, "synced": synced}, out / f"grad{rank}.pt")
optimizer.zero_grad()

# 4. Training. Each step's loss is summed over the ranks and divided by the
# world size: with equal batches on every rank, that is the mean over all
# the step's samples.
losses = []
for epoch in range(EPOCHS):
    loader.sampler.set_epoch(epoch)
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()  # gradients averaged over the ranks here
        optimizer.step()
        step_loss = loss.detach().clone()
        dist.all_reduce(step_loss)
        losses.append(step_loss.item() / world)
    if rank == 0:
        mean = sum(losses[-len(loader) :]) / len(loader)
        say(f"epoch {epoch + 1}: mean training loss {mean:.4f}")
# for the page's check only
torch.save(model.module.state_dict(), out / f"replica{rank}.pt")
if rank == 0:  # one checkpoint, of the model inside the DDP wrapper
    torch.save(model.module.state_dict(), out / "model.pt")
    (out / "losses.json").write_text(json.dumps(losses))
say(
    "steps per epoch:",
    len(loader),
    "- samples per step on this rank:",
    BATCH,
)
dist.barrier()
dist.destroy_process_group()
'''

workdir = Path(tempfile.mkdtemp(prefix="ddp-"))
script = workdir / "train_ddp.py"
script.write_text(SCRIPT)
print(f"wrote the script: {len(SCRIPT.splitlines())} lines")

# %%
# Launching two processes with torchrun
# -------------------------------------
# ``--standalone`` runs everything on this machine and finds a free port; ``--nproc-per-node=2``
# starts two processes. ``--max-restarts=1`` lets torchrun start the whole group once more if a
# process dies (a worker can crash while the processes shut down); the script writes every file
# from scratch, so a restart changes nothing it reports. On Linux, ``GLOO_SOCKET_IFNAME=lo`` tells
# gloo to use the loopback interface, which is enough when every process runs on this machine;
# without it gloo picks an interface itself. The page waits for both processes, then prints what
# each one logged.
import os
import subprocess
import sys

command = [
    sys.executable,
    "-m",
    "torch.distributed.run",
    "--standalone",
    "--nproc-per-node=2",
    "--max-restarts=1",
]
env = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
}  # one thread per process: torchrun would set this itself, with a warning
if sys.platform.startswith("linux"):
    env["GLOO_SOCKET_IFNAME"] = "lo"
done = subprocess.run(
    [*command, str(script), str(workdir)],
    env=env,
    capture_output=True,
    text=True,
)
if done.returncode != 0:
    raise RuntimeError(f"torchrun failed:\n{done.stdout}\n{done.stderr}")
print(
    "$ OMP_NUM_THREADS=1 GLOO_SOCKET_IFNAME=lo"
    " torchrun --standalone --nproc-per-node=2 "
    "--max-restarts=1 train_ddp.py OUT"
)
for rank in (0, 1):
    print((workdir / f"rank{rank}.log").read_text(), end="")

# %%
# ``all_reduce`` gave both ranks 1 + 2 = 3. Only rank 0 logged the epoch losses: with N
# processes, a plain ``print`` prints N times. The sampler gave each rank half of the 12 indices,
# no index to both, and a new split after ``set_epoch(1)``; without that call every epoch would
# repeat the order of epoch 0. A ``DistributedSampler`` with explicit ``num_replicas`` and
# ``rank`` needs no process group, so the page can check the split itself:
from torch.utils.data import DistributedSampler

for epoch in range(2):
    shares = []
    for r in (0, 1):
        share = DistributedSampler(
            range(12), num_replicas=2, rank=r, shuffle=True, seed=0
        )
        share.set_epoch(epoch)
        shares.append(set(share))
    assert shares[0].isdisjoint(shares[1]) and shares[0] | shares[1] == set(
        range(12)
    )
    print(
        f"epoch {epoch}: rank 0 gets {sorted(shares[0])}, "
        f"rank 1 gets {sorted(shares[1])}"
    )

# %%
# Every rank must run the same number of steps, or the ranks with more batches hang in an
# ``all_reduce`` that the others never join. So when the dataset does not divide evenly,
# ``DistributedSampler`` **pads**: it repeats indices from the start of the (shuffled) list
# until every rank has the same count. ``drop_last=True`` drops the tail instead. With 5
# samples, not shuffled:
for drop_last in (False, True):
    split = [
        list(
            DistributedSampler(
                range(5), 2, r, shuffle=False, drop_last=drop_last
            )
        )
        for r in (0, 1)
    ]
    print(
        f"drop_last={drop_last}: "
        f"rank 0 gets {split[0]}, rank 1 gets {split[1]}"
    )

# %%
# What DDP does on ``backward``
# -----------------------------
# Each rank computed its own gradient on its 32 samples (inside ``no_sync``). The normal
# ``backward`` then averaged them: the synchronised gradient equals the mean of the two local
# ones, and it is the same on both ranks.
import torch

grads = [
    torch.load(workdir / f"grad{r}.pt", weights_only=True) for r in (0, 1)
]
mean_local = (grads[0]["local"] + grads[1]["local"]) / 2
print(
    "local gradients differ by up to "
    f"{(grads[0]['local'] - grads[1]['local']).abs().max():.3e}"
)
print(
    "synced - mean of local: "
    f"max |diff| = {(grads[0]['synced'] - mean_local).abs().max():.1e}"
)
assert torch.allclose(grads[0]["synced"], mean_local, atol=1e-7)
assert torch.equal(grads[0]["synced"], grads[1]["synced"])

# %%
# Because both replicas start from the same weights (DDP broadcast rank 0's when it wrapped the
# model) and apply the same averaged gradient, they stay **bit-identical** step after step,
# although after that broadcast only gradients travel between them. At the end of training:
replicas = [
    torch.load(workdir / f"replica{r}.pt", weights_only=True)
    for r in (0, 1)
]
identical = all(
    torch.equal(replicas[0][k], replicas[1][k]) for k in replicas[0]
)
print("replicas bit-identical after training:", identical)
assert identical

# %%
# Two processes × :math:`B` equal one process × :math:`2 B`
# ---------------------------------------------------------
# The claim that makes data parallelism useful: the two processes trained the same model as one
# process with batches of 64. With a seed shared by both ranks, ``DistributedSampler`` shuffles
# all indices the same way and deals them out alternately, so step *k* of the two ranks together
# covers the same 64 samples as step *k* of a single process whose sampler has one replica. The
# mean of two means over 32 samples is the mean over 64, so the averaged gradient is the big
# batch's gradient.
#
# That argument needs the model's output for each sample to depend on that sample alone, and a
# loss that is a mean. It holds for this page's model and data, and fails when
#
# * a layer looks across the batch: ``BatchNorm`` normalizes each rank's 32 samples by their own
#   mean and variance, not by those of all 64, and its running statistics end up those of rank
#   0's samples (DDP copies rank 0's buffers to the other ranks at every forward).
#   ``nn.SyncBatchNorm.convert_sync_batchnorm(model)`` computes the statistics over all ranks
#   instead;
# * each rank draws its own random numbers: ``Dropout`` masks (or random augmentations) differ
#   from those of one process drawing for all 64 samples, so the runs match in distribution, not
#   step by step;
# * the loss is a sum (``reduction="sum"``): DDP still *averages* the gradients over the ranks,
#   which gives :math:`1/N` of the big batch's summed gradient — multiply the loss or the
#   learning rate by *N*;
# * batches are unequal: a last, partial batch (or a sampler that pads with repeated samples)
#   makes the mean of the ranks' means differ from the mean over all samples — here the data set
#   is cut to a multiple of 2 × 32 samples, so every batch is full.
import copy

from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()
order = torch.randperm(
    len(digits.target), generator=torch.Generator().manual_seed(0)
)[:1536]
# (1536, 64)
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)[order]
y = torch.tensor(digits.target)[order]
data = TensorDataset(x, y)
sampler = DistributedSampler(
    data, num_replicas=1, rank=0, seed=0
)  # no process group needed
loader = DataLoader(data, batch_size=64, sampler=sampler)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
initial = copy.deepcopy(model.state_dict())
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.CrossEntropyLoss()
single_losses = []
for epoch in range(3):
    sampler.set_epoch(epoch)
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        single_losses.append(loss.item())

# rank 0's checkpoint
ddp_weights = torch.load(workdir / "model.pt", weights_only=True)
gap = max(
    (ddp_weights[k] - v).abs().max().item()
    for k, v in model.state_dict().items()
)
print(
    "max |weight difference|, 2 x 32 vs 1 x 64, "
    f"after {len(single_losses)} steps: {gap:.1e}"
)
assert gap < 1e-5
moved = (ddp_weights["0.weight"] - initial["0.weight"]).abs().max().item()
print(
    "for scale: the weights moved by up to "
    f"{moved:.3f} from where they started"
)
assert (
    moved > 100 * gap
)  # the agreement is not the trivial one of weights that never moved

# %%
# The weights agree to about the rounding error of float32 (the two processes add their halves
# in a different order than one process adds the whole batch). The loss curves lie on top of
# each other; where they differ at all (right), it is by a few float32 *spacings* (the gap
# between a float32 number and the next one), counted below the figure. That is why the points
# on the right sit on a few levels that halve as the loss falls: the spacing halves at every
# power of two.
import json

import matplotlib.pyplot as plt

ddp_losses = json.loads((workdir / "losses.json").read_text())
fig, (ax, ax_gap) = plt.subplots(
    1, 2, figsize=(9, 3.4), layout="constrained"
)
ax.plot(single_losses, label="1 process × 64", lw=3, alpha=0.5)
ax.plot(
    ddp_losses, "--", label="2 processes × 32 (DDP)", color="black", lw=1
)
ax.set(
    xlabel="optimizer step",
    ylabel="training loss",
    title="The same training run",
)
ax.legend()
gaps = [abs(a - b) for a, b in zip(ddp_losses, single_losses, strict=True)]
steps = [
    i for i, gap in enumerate(gaps) if gap > 0
]  # a log axis cannot show a gap of 0
ax_gap.semilogy(steps, [gaps[i] for i in steps], "o", markersize=3)
ax_gap.set(
    xlabel="optimizer step",
    ylabel="|loss difference| (log scale)",
    title="Where the losses differ",
)
plt.show()
print(
    f"losses exactly equal at {len(gaps) - len(steps)} of {len(gaps)} steps"
)
print(f"largest loss difference: {max(gaps):.1e}")
single32 = torch.tensor(single_losses)  # float32
spacing = torch.nextafter(single32, torch.tensor(float("inf"))) - single32
spacings = torch.tensor(gaps, dtype=torch.float64) / spacing.double()
print(
    "largest difference in float32 spacings "
    f"of the loss: {spacings.max():.0f}"
)
assert spacings.max() <= 8

# %%
# Saving and loading
# ------------------
# Rank 0 alone saved ``model.module.state_dict()``: the model *inside* the wrapper, whose keys
# have no ``module.`` prefix, so the file loads into a plain model with no DDP around it.
plain = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
plain.load_state_dict(ddp_weights)
print("checkpoint keys:", list(ddp_weights))

# %%
# ``fit`` inside a torchrun script
# --------------------------------
# :func:`dlnotes.train.fit` runs unchanged in such a script: pass the DDP-wrapped model and a
# ``DataLoader`` with a ``DistributedSampler``. ``fit`` calls ``set_epoch`` every epoch, shows
# progress and runs the writing callbacks (``Checkpoint``, ``TensorBoardLogger``) on rank 0 only,
# and sums losses, metrics and sample counts over the ranks, so every rank's history holds the
# averages over all the samples of all the ranks.
# The test suite checks this with two processes (``tests/test_distributed.py``)::
#
#     model = DDP(make_model())
#     sampler = DistributedSampler(data, seed=0)
#     loader = DataLoader(data, batch_size=32, sampler=sampler)
#     # the checkpoint is written by rank 0 only
#     history = fit(model, nn.CrossEntropyLoss(), optimizer, loader, epochs=3,
#                   callbacks=[Checkpoint("checkpoint.pt")])
#
# On GPUs, on several machines, and when the model is too big
# -----------------------------------------------------------
# On GPUs, the backend becomes ``nccl``, and each process takes the GPU that ``LOCAL_RANK``
# names, moves the model there and tells DDP which device it is on::
#
#     dist.init_process_group("nccl")
#     local_rank = int(os.environ["LOCAL_RANK"])
#     torch.cuda.set_device(local_rank)
#     model = DDP(model.to(local_rank), device_ids=[local_rank])
#     # ... and every batch: xb, yb = xb.to(local_rank), yb.to(local_rank)
#
# ``nccl`` works on GPU tensors only, so a tensor handed to a collective yourself (the
# ``all_reduce`` of rank + 1 above) must be created on the GPU too; the loss tensor already is.
#
# One process per device, rather than one process driving several devices (the older
# ``nn.DataParallel``), means no Python thread of one device waits for another's on the
# interpreter lock; DDP itself keeps one replica per process (``device_ids`` takes at most one
# device). DDP also hides most of the gradient exchange behind the backward pass: it groups the
# gradients into buckets and starts the all-reduce of a bucket as soon as all its gradients are
# computed, while backward goes on with earlier layers.
#
# Across machines, ``--standalone`` (one machine only) gives way to an explicit rendezvous: the
# same command is started once on every machine, with the same job id and the same endpoint, a
# host and port that all machines can reach::
#
#     torchrun --nnodes=2 --nproc-per-node=8 --rdzv-id=job42 --rdzv-backend=c10d \
#              --rdzv-endpoint=node0.example.org:29400 train_ddp.py OUT
#
# ``RANK`` then runs over all processes of all machines, ``LOCAL_RANK`` over those of one
# machine. Leave ``GLOO_SOCKET_IFNAME=lo`` out there: the loopback interface does not reach the
# other machines. Gloo and ``nccl`` find an interface themselves; only if they pick the wrong
# one, name the interface that connects the machines in ``GLOO_SOCKET_IFNAME``
# (``NCCL_SOCKET_IFNAME`` for ``nccl``), e.g. ``eth0`` — as PyTorch's ``torch.distributed``
# documentation advises ("Choosing the network interface to use"). Nothing on this page runs
# on more than one machine.
#
# DDP keeps a full copy of the model, its gradients and the optimizer state on every device. When
# that no longer fits in one device's memory, use fully sharded data parallelism
# (``torch.distributed.fsdp.fully_shard``): each device holds only a shard of the parameters,
# gradients and optimizer state, and the full parameters of a wrapped block (typically one
# layer) are gathered just before it computes and freed after.
#
# Key points
# ----------
# * ``torchrun`` starts one process per device; each knows its ``RANK``, ``LOCAL_RANK`` and
#   ``WORLD_SIZE``, and ``init_process_group`` connects them.
# * ``DistributedSampler`` gives each rank an equal share of the data (disjoint unless it must
#   pad); call ``set_epoch`` every epoch, or every epoch repeats the same order.
# * DDP averages the gradients with an all-reduce during ``backward``: the replicas stay
#   bit-identical, and N processes × B train like one process × N·B, up to float rounding —
#   without ``BatchNorm`` (or with ``SyncBatchNorm``), without per-rank randomness such as
#   dropout, with a loss averaged over the batch, and with equal, full batches.
# * Print and save on rank 0 only; save ``model.module.state_dict()``.
# * GPUs: ``nccl``, ``LOCAL_RANK`` → device. Several machines: ``--nnodes`` and
#   ``--rdzv-endpoint``. A model too big for one device: FSDP.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_25b_distributed_training_solutions.py>`.
# None of them needs ``torchrun``: a ``DistributedSampler`` given ``num_replicas`` and ``rank``
# shows what each rank would get, in one process.
#
# .. _exercise-25b-1:
#
# **Exercise 25b.1** ★ — *Forgetting set_epoch.* For
# ``DistributedSampler(range(12), num_replicas=2, rank=0, shuffle=True, seed=0)``, list the indices
# of epochs 0 and 1, once calling ``set_epoch(epoch)`` before each epoch and once never calling it.
# Without ``set_epoch``, are the two epochs' lists the same?
# :ref:`Solution <solution-25b-1>`

# Your code for exercise 25b.1

# %%
# .. _exercise-25b-2:
#
# **Exercise 25b.2** ★★ — *Different seeds.* Give rank 0 ``seed=0`` and rank 1 ``seed=1`` (both
# ``num_replicas=2``, ``shuffle=True``, on ``range(12)``). In one epoch, how many of the 12 indices
# does neither rank see, and how many do both?
# :ref:`Solution <solution-25b-2>`

# Your code for exercise 25b.2

# %%
# .. _exercise-25b-3:
#
# **Exercise 25b.3** ★★★ — *Four ranks, one batch.* On the page's ``data``, build four samplers
# (``num_replicas=4``, ranks 0 to 3, ``seed=0``) with ``DataLoader``\ s of ``batch_size=16``, and
# the single process's sampler (``num_replicas=1``) with ``batch_size=64``. Are the four ranks' first
# batches together the same samples as the single process's first batch? With the page's model at
# its initial weights, what is the largest difference between the mean of the four ranks'
# gradients (what DDP's all-reduce computes) and the gradient of the batch of 64?
# :ref:`Solution <solution-25b-3>`

# Your code for exercise 25b.3

# %%
# Next: :ref:`watching training <sphx_glr_tutorials_04_architectures_plot_26_watching_training.py>`.
