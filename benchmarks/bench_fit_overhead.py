"""What does dlnotes.fit cost over the loop it stands for?

The same model, data, batch order and optimizer steps, trained one epoch at a time by
(a) a hand-written loop and (b) ``dlnotes.fit`` (progress bar off, and with its defaults), on the
digits MLP and the digits CNN. Reports the median time per epoch over interleaved repeats and the
ratio to the hand-written loop.

Run: ``python benchmarks/bench_fit_overhead.py`` (or ``nox -s bench``).
"""

from __future__ import annotations

import argparse

import torch
from _common import interleaved, summarize, write
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_digits
from dlnotes.models import MLP, DigitCNN
from dlnotes.train import fit


def hand_loop(model, loss_fn, optimizer, batches):
    model.train()
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()


def compare(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, repeats: int) -> dict:
    """Time one epoch of each candidate on the same model, data order and optimizer."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    batches = Batches(
        x, labels, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    candidates = {
        "hand-written loop": lambda: hand_loop(model, loss_fn, optimizer, batches),
        "fit(progress=False)": lambda: fit(
            model, loss_fn, optimizer, batches, epochs=1, progress=False
        ),
        "fit (defaults)": lambda: fit(model, loss_fn, optimizer, batches, epochs=1),
    }
    return summarize(interleaved(candidates, repeats), "hand-written loop")


def main(repeats: int) -> None:
    torch.set_num_threads(2)
    images, labels = load_digits()
    cases = {
        "digits MLP 64-128-10": (lambda: MLP((64, 128, 10)), images.flatten(1)),
        "digits CNN 8x8 (16/32 ch)": (lambda: DigitCNN(8, channels=(16, 32), hidden=64), images),
    }
    results = {}
    for case, (make, x) in cases.items():
        torch.manual_seed(0)
        results[case] = summary = compare(make(), x, labels, repeats)
        print(case)
        for name, s in summary.items():
            print(f"  {name:<22} {1000 * s['median_s']:8.2f} ms/epoch   ratio {s['ratio']:.3f}")
    path = write("fit_overhead-cpu", {"repeats": repeats, "batch_size": 64, "results": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    main(parser.parse_args().repeats)
