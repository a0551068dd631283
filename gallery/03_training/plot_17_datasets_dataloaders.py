r"""
Datasets and DataLoaders: from a CSV file to mini-batches, and what it costs
============================================================================

``torch.utils.data`` splits the job of feeding a model in two. A ``Dataset`` knows how many
samples there are and how to fetch sample *i*. A ``DataLoader`` draws indices (shuffled or not),
fetches the samples, stacks them into batches, and can do the fetching in worker processes.
This page writes a ``Dataset`` for a CSV file — scikit-learn's breast-cancer measurements, written
to disk, since nothing may be downloaded here — and then measures what each option costs. You
will be able to:

* write ``__init__``, ``__len__`` and ``__getitem__`` for a tabular data set, with 2-D labels;
* predict the number and shape of the batches of a ``DataLoader``;
* choose between per-sample loading, whole-slice loading and worker processes by measurement;
* write a ``Dataset`` that worker processes can load on every operating system.
"""

# %%
# A CSV file on disk
# ------------------
# 569 tumours, 30 measurements each, and a label (1 = benign). We write them to a CSV file in a
# temporary folder, header first.
import tempfile
from pathlib import Path

from dlnotes.datasets import write_breast_cancer_csv

folder = Path(tempfile.mkdtemp())
path = write_breast_cancer_csv(folder / "breast_cancer.csv")
with path.open() as f:
    header, first_row = f.readline(), f.readline()
print(f"{path.name}: {path.stat().st_size / 1024:.0f} kB")
print("header:", header[:70], "…")
print("row 1: ", first_row[:70], "…")

# %%
# A ``Dataset`` subclass
# ----------------------
# Three methods: ``__init__`` reads the file once into tensors; ``__len__`` gives the number of
# samples; ``__getitem__`` returns sample *i* as ``(features, label)``. The features are all columns
# but the last; the label is the last column taken as ``[:, [-1]]`` — a *list* index, which keeps
# it 2-D, (N, 1), the shape a model with one output produces and ``BCEWithLogitsLoss`` expects.
import numpy as np
import torch
from torch.utils.data import Dataset


class CancerCSV(Dataset):
    def __init__(self, csv_path):
        table = np.loadtxt(
            csv_path, delimiter=",", skiprows=1, dtype=np.float32
        )
        self.x = torch.from_numpy(table[:, :-1])  # (N, 30)
        self.y = torch.from_numpy(table[:, [-1]])  # (N, 1), not (N,)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


dataset = CancerCSV(path)
features, label = dataset[0]
print(
    f"len(dataset) = {len(dataset)}; sample 0: "
    f"features {tuple(features.shape)}, label {tuple(label.shape)}"
)
table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
print(f"table[:, -1]: {table[:, -1].shape}, one label {table[0, -1].shape}")
print(
    f"table[:, [-1]]: {table[:, [-1]].shape}, "
    f"one label {table[0, [-1]].shape}"
)

# %%
# :class:`dlnotes.data.CSVDataset` is this class made robust: it also reads headers, and a
# malformed file produces an error that names the file, the line and the column instead of a
# NumPy traceback:
from dlnotes.data import CSVDataset

broken = folder / "broken.csv"
broken.write_text("a,b,label\n1.0,2.0,0\n3.0,n/a,1\n")
try:
    CSVDataset(broken)
except ValueError as error:
    print(
        f"ValueError: {str(error).replace(str(folder) + '/', '')}"
    )  # path shortened for the page
assert torch.equal(CSVDataset(path).features, dataset.x)

# %%
# DataLoader: batches per epoch and their shapes
# ----------------------------------------------
# With a training split of 455 samples and ``batch_size=32``, one epoch is
# :math:`\lceil 455/32 \rceil = 15` batches: 14 full ones and a last one of 7 (``drop_last=True``
# would skip it). ``shuffle=True`` draws a new order every epoch; a seeded ``generator`` makes that
# order reproducible.
import math

from torch.utils.data import DataLoader, Subset

order = torch.randperm(
    len(dataset), generator=torch.Generator().manual_seed(0)
)
train_set, val_set = (
    Subset(dataset, order[:455].tolist()),
    Subset(dataset, order[455:].tolist()),
)
loader = DataLoader(
    train_set,
    batch_size=32,
    shuffle=True,
    generator=torch.Generator().manual_seed(1),
)
shapes = [(tuple(xb.shape), tuple(yb.shape)) for xb, yb in loader]
print(
    f"{len(loader)} batches per epoch "
    f"(ceil(455 / 32) = {math.ceil(455 / 32)})"
)
print("first batch:", shapes[0], " last batch:", shapes[-1])
assert len(loader) == math.ceil(455 / 32) == 15 and shapes[-1] == (
    (7, 30),
    (7, 1),
)

# %%
# Worker processes need a class they can import
# ---------------------------------------------
# With ``num_workers`` > 0 the ``DataLoader`` starts worker processes and sends each one the
# ``Dataset``. *How* a process starts depends on the machine. On Linux up to Python 3.13 the default
# is ``fork``: the worker is a copy of the running process, classes and all. macOS and Windows use
# ``spawn``, and Linux from Python 3.14 ``forkserver``: the worker is a fresh Python that receives
# the dataset *pickled*, and unpickling looks its class up by module and name —
# ``__main__.CancerCSV``. What the worker finds under ``__main__`` decides the rest:
#
# * in a **notebook** (and in this site's build) ``__main__`` is not a file: the worker cannot
#   import it, unpickling fails with ``AttributeError``, and the ``DataLoader`` reports a worker
#   that "exited unexpectedly";
# * in a **script**, the worker runs the file again, under the name ``__mp_main__``, to find the
#   class — every top-level line of it. Code that starts workers must sit under
#   ``if __name__ == "__main__":``, which is false in that rerun; otherwise each worker would try
#   to start workers of its own, and Python stops it with a ``RuntimeError``.
#
# Measured: a process started with ``spawn`` unpickles each dataset, as a worker does first.
# The fix for notebooks is a class that lives in a module the worker can import — a ``.py`` file
# next to the notebook, or a library: :class:`dlnotes.data.CSVDataset` reads the same file.
import concurrent.futures
import multiprocessing
import pickle
import sys

if __name__ == "__main__":  # false when a worker reruns a script
    main_file = getattr(sys.modules["__main__"], "__file__", None)
    print(f"start method here: {multiprocessing.get_start_method()}")
    print(
        "__main__ is a file: a spawned worker reruns it"
        if main_file
        else "__main__ is no file (a notebook, or this site's build)"
    )
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        1, mp_context=spawn
    ) as worker:
        outcomes = {}
        for candidate in (dataset, CSVDataset(path)):
            name = type(candidate).__name__
            blob = pickle.dumps(candidate)
            try:
                copy = worker.submit(pickle.loads, blob).result()
                outcomes[name] = f"loaded, {len(copy)} samples"
            except AttributeError as error:
                # the message's end names the module and varies
                message = str(error).split(" on ")[0]
                outcomes[name] = f"AttributeError: {message}"
    for name, outcome in outcomes.items():
        print(f"{name:>10} in a spawned process: {outcome}")
    assert outcomes["CSVDataset"] == "loaded, 569 samples"
    # a notebook's class is not importable there; a script's is
    assert outcomes["CancerCSV"].startswith(
        "loaded" if main_file else "AttributeError"
    )

# %%
# What loading costs
# ------------------
# Five ways to produce the same number of shuffled batches per epoch:
#
# 1. ``DataLoader`` over the ``Dataset``: 455 calls of ``__getitem__`` per epoch, then a collate
#    step that stacks 32 small tensors into one;
# 2. the same with ``num_workers=2``: two worker processes fetch batches in parallel — this pays
#    off when fetching a sample is slow (decoding an image, reading a file), but by default the
#    workers are started anew every epoch and every batch is sent back between processes;
# 3. the same with ``persistent_workers=True``: the workers are started once and kept between
#    epochs;
# 4. a ``DataLoader`` that fetches whole slices: ``batch_size=None`` turns off its own batching,
#    and a ``BatchSampler`` as the ``sampler`` hands ``__getitem__`` a *list* of 32 indices at a
#    time, which tensor indexing answers in one operation (``Subset`` and ``CSVDataset`` both
#    accept a list);
# 5. :class:`dlnotes.data.Batches`, this site's helper for tensors already in memory: one
#    indexing operation per batch, no per-sample work and no ``DataLoader`` machinery at all.
#
# The loaders read the same training split through ``CSVDataset``, which workers can import on
# every system. Each is timed over whole epochs, interleaved and repeated, on the machine that
# builds this page; the loops that start workers sit under the ``__main__`` guard.
import os
import time

from torch.utils.data import BatchSampler, RandomSampler

from dlnotes.data import Batches


def seeded():
    return torch.Generator().manual_seed(1)


train_set = Subset(CSVDataset(path), order[:455].tolist())
x_train, y_train = dataset.x[order[:455]], dataset.y[order[:455]]
candidates = {
    "DataLoader": DataLoader(
        train_set, batch_size=32, shuffle=True, generator=seeded()
    ),
    "num_workers=2": DataLoader(
        train_set,
        batch_size=32,
        shuffle=True,
        num_workers=2,
        generator=seeded(),
    ),
    "num_workers=2, persistent": DataLoader(
        train_set,
        batch_size=32,
        shuffle=True,
        num_workers=2,
        persistent_workers=True,
        generator=seeded(),
    ),
    "batch_size=None + BatchSampler": DataLoader(
        train_set,
        batch_size=None,
        sampler=BatchSampler(
            RandomSampler(train_set, generator=seeded()),
            batch_size=32,
            drop_last=False,
        ),
    ),
    "dlnotes Batches": Batches(
        x_train, y_train, batch_size=32, shuffle=True, generator=seeded()
    ),
}
print(f"CPU cores on this machine: {os.cpu_count()}")
if __name__ == "__main__":  # these loops start workers
    timings = {name: [] for name in candidates}
    for _ in range(5):
        for name, batches in candidates.items():
            start = time.perf_counter()
            shapes = [tuple(xb.shape) for xb, _ in batches]  # one epoch
            timings[name].append(time.perf_counter() - start)
            assert (
                len(shapes) == 15
                and shapes[0] == (32, 30)
                and shapes[-1] == (7, 30)
            ), name
    median = {name: float(np.median(t)) for name, t in timings.items()}
    for name, seconds in median.items():
        print(f"{name:>30}: {1000 * seconds:8.2f} ms per epoch")

# %%
# The chart shows each loader's time per epoch as a multiple of the per-sample ``DataLoader``'s
# (1 = as fast; a log axis, so that 2× faster and 2× slower are bars of the same length):
import matplotlib.pyplot as plt

if __name__ == "__main__":
    per_sample = median["DataLoader"]
    relative = {
        name: seconds / per_sample for name, seconds in median.items()
    }
    fig, ax = plt.subplots(figsize=(8, 3.2), layout="constrained")
    # a margin (inches) round the axes, so the long bar names keep
    # off the image's edge
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.1)
    names = list(relative)
    # bars start at 1: to the left for faster, to the right for slower
    ax.barh(
        names,
        [r - 1 for r in relative.values()],
        left=1,
        color=[
            "tab:blue" if r < 1 else "tab:orange" for r in relative.values()
        ],
    )
    for i, r in enumerate(relative.values()):
        label = f"{1 / r:.1f}× faster" if r < 1 else f"{r:.1f}× slower"
        ax.annotate(
            label if r != 1 else "the reference",
            (min(r, 1) if r < 1 else max(r, 1), i),
            xytext=(-4 if r < 1 else 4, 0),
            textcoords="offset points",
            ha="right" if r < 1 else "left",
            va="center",
            fontsize="small",
        )
    ax.axvline(1, color="black", lw=0.8)
    ax.set(
        xscale="log",
        # room for the labels beside the bars
        xlim=(min(relative.values()) / 12, max(relative.values()) * 12),
        xlabel="time per epoch ÷ DataLoader's (log scale, median of 5)",
        title="loading 455 samples in batches of 32",
    )
    ax.invert_yaxis()
    plt.show()

    for name in ("batch_size=None + BatchSampler", "dlnotes Batches"):
        print(
            f"{name}: {per_sample / median[name]:.1f}× "
            "faster than per-sample loading here"
        )
    assert median["dlnotes Batches"] < per_sample < median["num_workers=2"]
    assert median["batch_size=None + BatchSampler"] < per_sample

# %%
# For data that fit in memory — everything on this site — fetching whole slices took less time
# than fetching samples one by one, by the factors printed above, and a plain ``DataLoader`` can
# do it (option 4). At this size the whole epoch takes milliseconds either way: a saving that
# matters when loading, not the model, is the slow part of a step. Worker processes only add
# start-up and transfer costs here; ``persistent_workers=True`` removes the start-up from every
# epoch but not the transfers. Workers earn their keep when each sample is expensive to
# produce: images decoded from files, or random augmentations (page 20; but see the next
# section first). ``dlnotes.data.Batches`` skips the ``DataLoader`` machinery altogether; the
# difference to option 4 is what is left of it. The training pages use the ``DataLoader`` you
# would write yourself.
#
# Random augmentation in worker processes
# ---------------------------------------
# Each worker process gets a *copy* of the dataset, with everything it holds. The ``DataLoader``
# seeds the global random state of every worker differently (PyTorch's, NumPy's and Python's
# ``random``): worker *k* gets a base seed plus *k* (NumPy a seed made from both), and the base
# seed is drawn anew every epoch from the loader's ``generator``. A random transform that draws from the global state —
# torchvision's do — therefore draws differently in each worker and each epoch, and a loader with
# a seeded ``generator`` repeats the whole run. A transform with a generator *of its own* — the
# ``generator=`` argument of :mod:`dlnotes.transforms` (page 20), or a NumPy ``default_rng`` kept
# by your ``Dataset`` — is copied together with its state: every worker draws the same numbers,
# and since the workers start afresh every epoch from the main process's copy, which never
# draws, every epoch draws them again.
#
# Measured with random shifts (``RandomCrop(8, padding=1)``, page 20) of 32 digit images listed
# twice: with ``batch_size=32`` and 2 workers, worker 0 loads the first 32 and worker 1 the same
# 32 images again, so their batches are equal exactly when they drew the same shifts.
# The ``Dataset`` and the ``worker_init_fn`` that fixes it go in a module, ``augment.py``, for the
# reason given in "Worker processes need a class they can import": spawned workers must be able
# to import them.
AUGMENT = '''
from torch.utils.data import Dataset, get_worker_info


class Augmented(Dataset):
    """Images and labels; each image passes through `transform` when fetched."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        return self.transform(self.images[index]), self.labels[index]


def seed_transform(worker_id):
    """worker_init_fn: seed this worker's copy of the transform's generator
    with the seed the DataLoader gave this worker."""
    info = get_worker_info()
    info.dataset.transform.generator.manual_seed(info.seed)
'''
(folder / "augment.py").write_text(AUGMENT)
sys.path.insert(0, str(folder))  # the workers inherit this path
from augment import Augmented, seed_transform

from dlnotes import transforms as T
from dlnotes.datasets import load_digits

digits, digit_labels = load_digits()  # (1797, 1, 8, 8)
images = torch.cat([digits[:32], digits[:32]])  # (64, 1, 8, 8)
labels = torch.cat([digit_labels[:32], digit_labels[:32]])


def shift_loader(generator, worker_init_fn=None):
    """2 workers; batch 0 comes from worker 0, batch 1 from worker 1."""
    shift = T.RandomCrop(8, padding=1, generator=generator)
    return DataLoader(
        Augmented(images, labels, shift),
        batch_size=32,
        num_workers=2,
        worker_init_fn=worker_init_fn,
        generator=torch.Generator().manual_seed(0),
    )


variants = {
    "generator=": lambda: shift_loader(torch.Generator().manual_seed(0)),
    "generator= + worker_init_fn": lambda: shift_loader(
        torch.Generator().manual_seed(0), seed_transform
    ),
    "global random state": lambda: shift_loader(None),
}
if __name__ == "__main__":  # these loops start workers
    print(
        f"{'transform draws from':>28} | workers equal | epoch 2 = 1 | rerun = 1"
    )
    same = {}
    for name, make_loader in variants.items():
        loader = make_loader()
        epoch_1 = [xb for xb, _ in loader]
        epoch_2 = [xb for xb, _ in loader]
        rerun = [xb for xb, _ in make_loader()]  # a new loader, same seeds
        same[name] = (
            torch.equal(epoch_1[0], epoch_1[1]),
            torch.equal(torch.cat(epoch_1), torch.cat(epoch_2)),
            torch.equal(torch.cat(epoch_1), torch.cat(rerun)),
        )
        print(
            f"{name:>28} | " + " | ".join(f"{v!s:>11}" for v in same[name])
        )
    assert same["generator="] == (True, True, True)
    assert same["generator= + worker_init_fn"] == (False, False, True)
    assert same["global random state"] == (False, False, True)

# %%
# With its own generator, the transform gave both workers the same shifts, and the second epoch
# the same shifts as the first: this augmentation never changes. Two fixes, each still
# reproducible (a new loader with the same seeds repeats the run):
#
# * leave ``generator=`` out, so that the transform draws from the global random state that the
#   ``DataLoader`` seeds per worker and per epoch; give the loader a seeded ``generator`` for a
#   reproducible run. This is what torchvision's transforms do;
# * keep the generator and seed each worker's copy in a ``worker_init_fn`` from
#   ``get_worker_info().seed``, the seed the ``DataLoader`` gave that worker (for a ``Compose``,
#   seed the generator of each random transform in it).
#
# Key points
# ----------
# * A ``Dataset`` implements ``__len__`` and ``__getitem__``; read the file once in ``__init__``.
#   Keep labels 2-D with ``[:, [-1]]`` when the model has one output.
# * A ``DataLoader`` yields :math:`\lceil N / B \rceil` batches per epoch (the last one smaller
#   unless ``drop_last=True``); pass a seeded ``generator`` for a reproducible order.
# * For in-memory tensors, let the loader fetch whole slices (``batch_size=None`` with a
#   ``BatchSampler``) when loading time matters; use ``num_workers`` (with
#   ``persistent_workers=True``) when loading a sample is slow, and measure.
# * Workers started with ``spawn`` (macOS, Windows) or ``forkserver`` (Linux from Python 3.14)
#   unpickle the ``Dataset``: define its class in a module they can import, not in a notebook, and
#   put the code that starts workers in a script under ``if __name__ == "__main__":``.
# * Every worker gets a copy of the dataset: random transforms must draw from the global random
#   state (which the ``DataLoader`` seeds per worker and epoch) or have their own generators
#   seeded per worker in a ``worker_init_fn``; otherwise every worker draws the same "random"
#   numbers, and with workers started anew every epoch (the default) the same ones every epoch.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_17_datasets_dataloaders_solutions.py>`.
#
# .. _exercise-17-1:
#
# **Exercise 17.1** ★ — *One batch per epoch.* Build a new loader over ``train_set`` with
# ``batch_size=455`` (``shuffle=True``, a seeded ``generator``). How many batches does one epoch
# give, and what are the shapes of the features and labels in them? And with ``batch_size=100``
# and ``drop_last=True``: how many batches, and how many of the 455 samples does an epoch skip?
# :ref:`Solution <solution-17-1>`

# Your code for exercise 17.1

# %%
# .. _exercise-17-2:
#
# **Exercise 17.2** ★★ — *Big batches, same calls.* Count how often ``__getitem__`` runs in one
# epoch: wrap ``train_set`` in a small ``Dataset`` that counts the calls and passes them on, and
# read one epoch through it with a per-sample ``DataLoader`` (``batch_size=32``, then ``455``) and
# with ``batch_size=None`` and a ``BatchSampler`` (of 32, then of 455). How many calls does each
# of the four make? Which of the two ways does a larger batch spare work?
# :ref:`Solution <solution-17-2>`

# Your code for exercise 17.2

# %%
# .. _exercise-17-3:
#
# **Exercise 17.3** ★★★ — *When workers pay off.* Write a ``Dataset`` whose ``__getitem__``
# sleeps 1 ms (``time.sleep(0.001)``) before it returns sample *i* of ``train_set``, in a module
# like ``augment.py`` above, so that spawned workers can import it. Time one epoch in batches of
# 32 with ``num_workers=0``, and the second epoch of a loader with ``num_workers=2,
# persistent_workers=True`` (the first one includes starting the workers). Which is faster, and
# about how many times? (Start the workers under ``if __name__ == "__main__":``.)
# :ref:`Solution <solution-17-3>`

# Your code for exercise 17.3

# %%
# Next: :ref:`logistic regression <sphx_glr_tutorials_03_training_plot_18_logistic_regression.py>`.
