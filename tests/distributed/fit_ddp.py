"""Training with ``dlnotes.train.fit`` inside a ``torchrun`` script: two gloo processes.

Launched by ``tests/test_distributed.py``::

    python -m torch.distributed.run --standalone --nproc-per-node=2 fit_ddp.py OUT BATCH EPOCHS

Each process writes its final weights and its history to OUT; ``fit`` writes one checkpoint,
``OUT/checkpoint.pt``, and resumes from it when it exists and RESUME is given as a fifth argument.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from dlnotes.train import Callback, Checkpoint, accuracy, fit


def make_data() -> TensorDataset:
    """256 points in 5-D, labelled by the largest of three random projections."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 5, generator=g)  # (N, 5)
    y = (x @ torch.randn(5, 3, generator=g)).argmax(dim=1)  # (N,)
    return TensorDataset(x, y)


def make_model() -> nn.Module:
    torch.manual_seed(0)  # the same starting weights in every process and in the reference run
    return nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 3))


class MarkFitEnd(Callback):
    """Writes ``OUT/<name>-rank<R>`` when fit ends: shows which ranks ran the callback."""

    def __init__(self, out: Path, name: str, rank_zero_only: bool):
        self.out, self.name, self.rank_zero_only = out, name, rank_zero_only

    def on_fit_end(self, state) -> None:
        (self.out / f"{self.name}-rank{dist.get_rank()}").write_text(str(state.epoch))


def main(out: Path, batch_size: int, epochs: int, resume: bool) -> None:
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    model = nn.parallel.DistributedDataParallel(make_model())
    data = make_data()
    train = DataLoader(data, batch_size=batch_size, sampler=DistributedSampler(data, seed=0))
    val = DataLoader(data, batch_size=64)  # every rank evaluates the whole set
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.5),
        train,
        epochs=epochs,
        val_data=val,
        metrics={"accuracy": accuracy},
        callbacks=[
            Checkpoint(out / "checkpoint.pt"),
            MarkFitEnd(out, "writer", rank_zero_only=True),
            MarkFitEnd(out, "every", rank_zero_only=False),
        ],
        progress=False,
        resume_from=out / "checkpoint.pt" if resume else None,
    )
    torch.save(model.module.state_dict(), out / f"weights-rank{rank}.pt")
    (out / f"history-rank{rank}.json").write_text(json.dumps(history.to_dict()))
    dist.destroy_process_group()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), len(sys.argv) > 4)
