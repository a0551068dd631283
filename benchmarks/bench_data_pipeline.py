"""How much does the way batches are made cost in a training epoch?

One epoch of the digits MLP (1 797 samples, batch 64, shuffled, SGD), with its batches made by

* ``dlnotes.data.Batches``: in-memory tensors, one indexing operation per batch;
* ``DataLoader(TensorDataset(x, y))``: the standard PyTorch pipeline, one sample at a time;
* ``DataLoader(CSVDataset)`` with ``num_workers`` 0 and 2: the CSV file parsed once into
  memory by ``dlnotes.data.CSVDataset``, samples fetched one at a time, in the main process or
  in two worker processes (started anew every epoch, as ``DataLoader`` does by default).

Reported twice: for the full epoch (forward, backward, step), and for the data alone (iterating
the batches without a model), so the model's share is visible. Median of interleaved repeats;
ratios to ``Batches``.

The in-process candidates are interleaved with one another. The worker-process candidates are
timed in a second round of their own: interleaved with the others, the exiting worker
processes slowed down whichever candidate ran next (the in-memory epoch measured 2× slower),
which would have flattered the comparison. A variant with ``persistent_workers=True`` (workers
kept alive between epochs) shows how much of their cost is start-up.

Run: ``nox -s bench -- data_pipeline`` or ``python benchmarks/bench_data_pipeline.py``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import torch
from _common import interleaved, summarize, use_the_pages_threads, write
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import Batches, CSVDataset
from dlnotes.datasets import load_digits
from dlnotes.models import MLP

BATCH_SIZE = 64


def write_digits_csv(x: torch.Tensor, y: torch.Tensor, path: Path) -> Path:
    """64 pixel columns and a label column, with a header line."""
    header = ",".join([f"p{i}" for i in range(x.shape[1])] + ["label"])
    rows = (
        ",".join(f"{v:.6g}" for v in row) + f",{int(label)}"
        for row, label in zip(x.tolist(), y, strict=True)
    )
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def loaders(x: torch.Tensor, y: torch.Tensor, csv_path: Path) -> dict[str, object]:
    seed = torch.Generator().manual_seed(0)
    csv = CSVDataset(csv_path)
    return {
        "Batches (in memory)": Batches(x, y, batch_size=BATCH_SIZE, shuffle=True, generator=seed),
        "DataLoader(TensorDataset)": DataLoader(
            TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True, generator=seed
        ),
        "DataLoader(CSVDataset), 0 workers": DataLoader(
            csv, batch_size=BATCH_SIZE, shuffle=True, generator=seed
        ),
        "DataLoader(CSVDataset), 2 workers": DataLoader(
            csv, batch_size=BATCH_SIZE, shuffle=True, generator=seed, num_workers=2
        ),
        "DataLoader(CSVDataset), 2 persistent workers": DataLoader(
            csv,
            batch_size=BATCH_SIZE,
            shuffle=True,
            generator=seed,
            num_workers=2,
            persistent_workers=True,
        ),
    }


def train_epoch(model: nn.Module, optimizer: torch.optim.Optimizer, data) -> None:
    loss_fn = nn.CrossEntropyLoss()
    for xb, yb in data:
        yb = yb.view(-1).long()  # CSVDataset gives float labels (B, 1); a no-op for the others
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()


def iterate(data) -> None:
    for _ in data:
        pass


def main(repeats: int) -> None:
    use_the_pages_threads()
    x, y = load_digits(as_images=False)  # (1797, 64), (1797,)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = write_digits_csv(x, y, Path(tmp) / "digits.csv")
        data = loaders(x, y, csv_path)
        torch.manual_seed(0)
        model = MLP((64, 128, 10))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        results = {}
        for kind, run in [
            ("training epoch", lambda d: train_epoch(model, optimizer, d)),
            ("data only", iterate),
        ]:
            times = {}
            for in_process in (True, False):  # two rounds: see the module's docstring
                group = {
                    name: (lambda d=d, run=run: run(d))
                    for name, d in data.items()
                    if (getattr(d, "num_workers", 0) == 0) == in_process
                }
                times.update(interleaved(group, repeats))
            results[kind] = summarize(times, "Batches (in memory)")
    for kind, summary in results.items():
        print(kind)
        for name, s in summary.items():
            print(f"  {name:<46} {1000 * s['median_s']:8.2f} ms   ratio {s['ratio']:6.2f}")
    path = write(
        "data_pipeline-cpu",
        {
            "repeats": repeats,
            "batch_size": BATCH_SIZE,
            "samples": len(y),
            "model": "MLP 64-128-10, SGD",
            "results": results,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    main(parser.parse_args().repeats)
