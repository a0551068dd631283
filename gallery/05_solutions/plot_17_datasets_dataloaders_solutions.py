r"""
Solutions: Datasets and DataLoaders
===================================

The answers to the exercises of
:ref:`Datasets and DataLoaders <sphx_glr_tutorials_03_training_plot_17_datasets_dataloaders.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: the breast-cancer CSV file read by :class:`dlnotes.data.CSVDataset` (the tutorial's
``CancerCSV`` made importable), and its training split of 455 samples.
"""

import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader, Subset

from dlnotes.data import CSVDataset
from dlnotes.datasets import write_breast_cancer_csv

folder = Path(tempfile.mkdtemp())
path = write_breast_cancer_csv(folder / "breast_cancer.csv")
dataset = CSVDataset(path)
order = torch.randperm(
    len(dataset), generator=torch.Generator().manual_seed(0)
)
train_set = Subset(dataset, order[:455].tolist())
print(f"{len(dataset)} samples, {len(train_set)} for training")

# %%
# .. _solution-17-1:
#
# Exercise 17.1 ★: one batch per epoch
# ------------------------------------
# :ref:`The exercise <exercise-17-1>`. A batch as large as the split holds all of it: one batch
# per epoch, :math:`\lceil 455/455 \rceil = 1`. With ``batch_size=100`` and ``drop_last=True``,
# the four full batches are kept and the last 55 samples of each (shuffled) epoch are skipped;
# another epoch skips other samples.
import math

one = DataLoader(
    train_set,
    batch_size=455,
    shuffle=True,
    generator=torch.Generator().manual_seed(1),
)
shapes = [(tuple(xb.shape), tuple(yb.shape)) for xb, yb in one]
print(f"batch_size=455: {len(one)} batch per epoch, shapes {shapes}")
assert len(one) == 1 and shapes == [((455, 30), (455, 1))]

hundreds = DataLoader(
    train_set,
    batch_size=100,
    shuffle=True,
    drop_last=True,
    generator=torch.Generator().manual_seed(1),
)
seen = sum(len(xb) for xb, _ in hundreds)
print(
    f"batch_size=100, drop_last=True: {len(hundreds)} batches, "
    f"{seen} samples seen, {len(train_set) - seen} skipped"
)
assert len(hundreds) == 455 // 100 == 4 and len(train_set) - seen == 55
assert math.ceil(455 / 100) == 5  # without drop_last: a fifth batch of 55

# %%
# .. _solution-17-2:
#
# Exercise 17.2 ★★: big batches, same calls
# -----------------------------------------
# :ref:`The exercise <exercise-17-2>`. A per-sample ``DataLoader`` calls ``__getitem__`` once for
# every sample, whatever the batch size, and then stacks the samples of each batch; the
# ``BatchSampler`` hands over a whole list of indices, and one call answers each batch.
from torch.utils.data import BatchSampler, Dataset, RandomSampler


class Counted(Dataset):
    """Passes every fetch on to `data` and counts the calls."""

    def __init__(self, data):
        self.data, self.calls = data, 0

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        self.calls += 1
        return self.data[index]


def seeded():
    return torch.Generator().manual_seed(1)


counted = Counted(train_set)
calls = {}
for size in [32, 455]:
    loaders = {
        "per-sample": DataLoader(
            counted, batch_size=size, shuffle=True, generator=seeded()
        ),
        "BatchSampler": DataLoader(
            counted,
            batch_size=None,
            sampler=BatchSampler(
                RandomSampler(counted, generator=seeded()), size, False
            ),
        ),
    }
    for name, loader in loaders.items():
        counted.calls = 0
        n_batches = sum(1 for _ in loader)  # one epoch
        calls[name, size] = counted.calls
        print(
            f"{name:>12}, batches of {size:>3}: {n_batches:>2} batches, {counted.calls:>3} calls"
        )
assert calls == {
    ("per-sample", 32): 455,
    ("per-sample", 455): 455,  # one per sample, whatever the batch size
    ("BatchSampler", 32): 15,  # one per batch: ceil(455 / 32)
    ("BatchSampler", 455): 1,
}

# %%
# A larger batch spares only the slicing loader work: 15 calls become 1. The per-sample loader
# still fetches the 455 samples one by one and stacks them: its work per epoch does not shrink.
#
# .. _solution-17-3:
#
# Exercise 17.3 ★★★: when workers pay off
# ---------------------------------------
# :ref:`The exercise <exercise-17-3>`. The slow ``Dataset`` goes into a module, ``slow.py``, so
# that workers started with ``spawn`` or ``forkserver`` can import it; the loops that start
# workers sit under the ``__main__`` guard. Each worker sleeps through its own samples, so two
# workers need about half the time of one process — once they are running.
import sys
import time

SLOW = '''
import time

from torch.utils.data import Dataset


class Slow(Dataset):
    """`data`, with 1 ms of waiting in every fetch (a file read, an image decode)."""

    def __init__(self, data):
        self.data = data

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        time.sleep(0.001)
        return self.data[index]
'''
(folder / "slow.py").write_text(SLOW)
sys.path.insert(0, str(folder))  # the workers inherit this path
from slow import Slow


def epoch_seconds(loader):
    start = time.perf_counter()
    n = sum(len(xb) for xb, _ in loader)
    assert n == 455
    return time.perf_counter() - start


if __name__ == "__main__":  # these loops start workers
    slow = Slow(train_set)
    in_process = epoch_seconds(
        DataLoader(slow, batch_size=32, shuffle=True, generator=seeded())
    )
    workers = DataLoader(
        slow,
        batch_size=32,
        shuffle=True,
        generator=seeded(),
        num_workers=2,
        persistent_workers=True,
    )
    first, second = epoch_seconds(workers), epoch_seconds(workers)
    print(
        f"num_workers=0: {1000 * in_process:.0f} ms per epoch (455 sleeps of 1 ms)"
    )
    print(
        f"num_workers=2, persistent: first epoch {1000 * first:.0f} ms (starts the workers), "
        f"second {1000 * second:.0f} ms"
    )
    print(f"second epoch with 2 workers: {in_process / second:.1f}× faster")
    assert in_process >= 0.455  # time.sleep waits at least as long as asked
    # two workers sleep at the same time: ideally 2x faster; a busy machine and the transfers of
    # the batches between processes take some of that, so only "faster" is asserted
    assert second < in_process

# %%
# Two workers were faster by the factor printed above (ideally 2: each sleeps through half the
# samples). The first epoch also pays for starting the workers, which without
# ``persistent_workers=True`` every epoch would. The chart shows the three epochs; the dashed line
# is the time the 455 sleeps alone take in one process.
import matplotlib.pyplot as plt

if __name__ == "__main__":
    fig, ax = plt.subplots(figsize=(6.5, 2.4), layout="constrained")
    names = ["num_workers=0", "2 workers, epoch 1", "2 workers, epoch 2"]
    ax.barh(
        names,
        [1000 * t for t in (in_process, first, second)],
        color="tab:blue",
    )
    ax.axvline(455, color="black", ls="--", lw=0.8)
    ax.set(
        xlabel="time per epoch (ms)",
        title="455 fetches of 1 ms each, batches of 32",
    )
    ax.invert_yaxis()
    plt.show()
