"""What does dlnotes.fit cost over the loop it stands for, and over the frameworks?

The same model, data, batch size and number of optimizer steps, trained for a few epochs by

(a) a plain hand-written loop,
(b) ``dlnotes.fit`` with progress off, and with its defaults,
(c) PyTorch Lightning's ``Trainer`` (progress bar, logger, checkpointing and model summary
    switched off: its leanest configuration), and
(d) skorch's ``NeuralNet`` (``train_split=None``: no internal validation split),

on the digits MLP and the digits CNN. Each candidate trains its own copy of the same initial
model on the same tensors. The timed unit is a whole ``epochs``-epoch run, fixed set-up costs
included, divided by ``epochs``; the median over interleaved repeats is reported with the ratio
to (a). Lightning and skorch are optional: a candidate whose package is missing is skipped and
listed as such.

Run: ``nox -s bench -- fit_overhead`` (installs both frameworks), or
``python benchmarks/bench_fit_overhead.py`` in an environment that has them.
"""

from __future__ import annotations

import argparse
import copy
import logging
import warnings

import torch
from _common import interleaved, summarize, use_the_pages_threads, write
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_digits
from dlnotes.models import MLP, DigitCNN
from dlnotes.train import fit

BATCH_SIZE = 64
LR = 0.05


def sgd(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)


def batches(x: torch.Tensor, y: torch.Tensor) -> Batches:
    return Batches(x, y, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator())


def hand_loop(model: nn.Module, x, y, epochs: int) -> None:
    loss_fn, optimizer, data = nn.CrossEntropyLoss(), sgd(model), batches(x, y)
    model.train()
    for _ in range(epochs):
        for xb, yb in data:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()


def dlnotes_fit(model: nn.Module, x, y, epochs: int, **kwargs) -> None:
    fit(model, nn.CrossEntropyLoss(), sgd(model), batches(x, y), epochs=epochs, **kwargs)


def lightning_candidate():
    """A function training with Lightning's Trainer, or None without pytorch-lightning."""
    try:
        import pytorch_lightning as pl
    except ImportError:
        return None
    for name in ("pytorch_lightning", "lightning.pytorch", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)  # "GPU available: False" etc.

    class Module(pl.LightningModule):
        def __init__(self, net: nn.Module):
            super().__init__()
            self.net = net
            self.loss_fn = nn.CrossEntropyLoss()

        def training_step(self, batch, batch_idx):
            xb, yb = batch
            return self.loss_fn(self.net(xb), yb)

        def configure_optimizers(self):
            return sgd(self.net)

    def run(model: nn.Module, x, y, epochs: int) -> None:
        trainer = pl.Trainer(
            max_epochs=epochs,
            accelerator="cpu",
            devices=1,
            logger=False,
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "does not have many workers", etc.
            trainer.fit(Module(model), train_dataloaders=batches(x, y))

    return run


def skorch_candidate():
    """A function training with skorch's NeuralNet, or None without skorch."""
    try:
        from skorch import NeuralNet
    except ImportError:
        return None

    def run(model: nn.Module, x, y, epochs: int) -> None:
        net = NeuralNet(
            model,
            criterion=nn.CrossEntropyLoss,
            optimizer=torch.optim.SGD,
            optimizer__momentum=0.9,
            lr=LR,
            batch_size=BATCH_SIZE,
            max_epochs=epochs,
            train_split=None,
            iterator_train__shuffle=True,
            verbose=0,
        )
        net.fit(x, y)

    return run


def compare(make_model, x, y, epochs: int, repeats: int) -> tuple[dict, list[str]]:
    torch.manual_seed(0)
    initial = make_model()
    runs = {
        "hand-written loop": hand_loop,
        "fit(progress=False)": lambda *a: dlnotes_fit(*a, progress=False),
        "fit (defaults)": dlnotes_fit,
        "Lightning Trainer": lightning_candidate(),
        "skorch NeuralNet": skorch_candidate(),
    }
    skipped = [name for name, run in runs.items() if run is None]
    candidates = {
        # a fresh copy of the same initial weights for every run
        name: (lambda run=run: run(copy.deepcopy(initial), x, y, epochs))
        for name, run in runs.items()
        if run is not None
    }
    times = interleaved(candidates, repeats)
    per_epoch = {name: [t / epochs for t in ts] for name, ts in times.items()}
    return summarize(per_epoch, "hand-written loop"), skipped


def main(repeats: int, epochs: int) -> None:
    use_the_pages_threads()
    images, labels = load_digits()  # (1797, 1, 8, 8), (1797,)
    cases = {
        "digits MLP 64-128-10": (lambda: MLP((64, 128, 10)), images.flatten(1)),
        "digits CNN 8x8 (16/32 ch)": (
            lambda: DigitCNN(8, channels=(16, 32), hidden=64),
            images,
        ),
    }
    results, skipped = {}, []
    for case, (make, x) in cases.items():
        results[case], skipped = compare(make, x, labels, epochs, repeats)
        print(case)
        for name, s in results[case].items():
            print(f"  {name:<22} {1000 * s['median_s']:8.2f} ms/epoch   ratio {s['ratio']:.3f}")
    for name in skipped:
        print(f"skipped {name}: its package is not installed")
    path = write(
        "fit_overhead-cpu",
        {
            "repeats": repeats,
            "epochs_per_run": epochs,
            "batch_size": BATCH_SIZE,
            "samples": len(labels),
            "skipped": skipped,
            "results": results,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    main(args.repeats, args.epochs)
