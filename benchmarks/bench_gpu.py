"""The digit CNN on a GPU: throughput, what each speed-up switch buys, time to 97 %.

The 32/64-channel ``DigitCNN`` on the 4 000-image MNIST sample, with the data kept on the device
(``Batches`` over device tensors: no host-to-device copies per step). Variants, each timed as
the median epoch of interleaved repeats:

* hand-written eager loop and ``dlnotes.fit``, batch 128 and 512;
* ``fit`` with mixed precision (``amp="bf16"``), with ``channels_last`` memory format, and
  with ``torch.compile`` (default mode, and ``mode="max-autotune-no-cudagraphs"``... see
  ``--compile-modes``), each switched on alone;
* the same eager loop on the CPU, for the ratio.

Then time-to-97 %: epochs and seconds until the test accuracy first reaches 97 %, for the fastest
variant and the eager baseline. Small models like this one are launch-bound on a GPU: the
arithmetic of an epoch takes a few milliseconds, the kernel launches take most of the rest.

Run where CUDA is available: ``nox -s bench -- gpu`` (or with the device tool). On a machine
without CUDA it prints that and writes nothing. ``--device cpu --quick`` is a smoke test of the
script itself.
"""

from __future__ import annotations

import argparse
import copy
import time

import torch
from _common import interleaved, summarize, write
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_mnist_sample
from dlnotes.models import DigitCNN
from dlnotes.train import accuracy, evaluate, fit


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def hand_epoch(model, optimizer, batches, loss_fn, memory_format) -> None:
    model.train()
    for x, y in batches:
        x = x.contiguous(memory_format=memory_format)
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()


def make_variant(base: nn.Module, device, *, channels_last=False, compile_mode=None):
    model = copy.deepcopy(base).to(device)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    if compile_mode:
        model = torch.compile(model, mode=None if compile_mode == "default" else compile_mode)
    return model


def epoch_runner(
    base, data, device, batch_size, *, use_fit, amp=False, channels_last=False, compile_mode=None
):
    x, y = data
    model = make_variant(base, device, channels_last=channels_last, compile_mode=compile_mode)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches = Batches(
        x,
        y,
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator(device=device).manual_seed(0),
    )
    fmt = torch.channels_last if channels_last else torch.contiguous_format

    def run() -> None:
        if use_fit:
            fit(
                model, loss_fn, optimizer, batches, epochs=1, device=device, amp=amp, progress=False
            )
        else:
            hand_epoch(model, optimizer, batches, loss_fn, fmt)
        sync(device)

    return run, model


def time_to_accuracy(base, train, test, device, batch_size, target, max_epochs, **variant):
    run, model = epoch_runner(base, train, device, batch_size, use_fit=True, **variant)
    test_batches = Batches(*test, batch_size=1000)
    start, elapsed = time.perf_counter(), None
    for epoch in range(1, max_epochs + 1):
        run()
        acc = evaluate(
            model,
            nn.CrossEntropyLoss(),
            test_batches,
            metrics={"accuracy": accuracy},
            device=device,
        )["accuracy"]
        if acc >= target:
            elapsed = time.perf_counter() - start
            return {"epochs": epoch, "seconds": elapsed, "accuracy": acc}
    return {"epochs": None, "seconds": None, "accuracy": acc}


def main(device_name: str, repeats: int, quick: bool, compile_modes: list[str]) -> None:
    device = torch.device(device_name)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("no CUDA device here: the GPU benchmark was not run, no results written")
        return
    torch.backends.cudnn.benchmark = True
    data = load_mnist_sample()
    train = (data.x_train.to(device), data.y_train.to(device))  # (4000, 1, 28, 28), (4000,)
    test = (data.x_test.to(device), data.y_test.to(device))
    if quick:
        train = (train[0][:512], train[1][:512])
    torch.manual_seed(0)
    base = DigitCNN(image_size=28, channels=(32, 64), hidden=128)
    variants: dict[str, tuple[int, dict]] = {
        "hand loop, eager, batch 128": (128, {"use_fit": False}),
        "fit, eager, batch 128": (128, {"use_fit": True}),
        "hand loop, eager, batch 512": (512, {"use_fit": False}),
        "fit, eager, batch 512": (512, {"use_fit": True}),
        "fit, channels_last, batch 512": (512, {"use_fit": True, "channels_last": True}),
    }
    if device.type == "cuda":
        variants["fit, amp bf16, batch 512"] = (512, {"use_fit": True, "amp": "bf16"})
    for mode in compile_modes:
        variants[f"fit, torch.compile ({mode}), batch 512"] = (
            512,
            {"use_fit": True, "compile_mode": mode},
        )
    runners = {}
    for name, (bs, kw) in variants.items():
        runners[name], _ = epoch_runner(base, train, device, bs, **kw)
        runners[name]()  # compile / cudnn autotune outside the timing
    times = interleaved(runners, repeats)
    summary = summarize(times, "hand loop, eager, batch 128")
    for name, s in summary.items():
        print(f"  {name:<45} {1000 * s['median_s']:8.2f} ms/epoch  ratio {s['ratio']:.3f}")
    cpu_run, _ = epoch_runner(
        base,
        (data.x_train[: len(train[1])], data.y_train[: len(train[1])]),
        torch.device("cpu"),
        128,
        use_fit=False,
    )
    cpu_epoch = min(interleaved({"cpu": cpu_run}, 1 if quick else 3)["cpu"])
    print(f"  CPU hand loop, batch 128: {1000 * cpu_epoch:.1f} ms/epoch")
    best = min((n for n in summary if n.startswith("fit")), key=lambda n: summary[n]["median_s"])
    tta = {}
    for name in ["fit, eager, batch 128", best]:
        bs, kw = variants[name]
        kw = {k: v for k, v in kw.items() if k != "use_fit"}
        tta[name] = time_to_accuracy(base, train, test, device, bs, 0.97, 3 if quick else 30, **kw)
        print(f"  time to 97 %: {name}: {tta[name]}")
    if quick:
        print("quick smoke run: nothing written")
        return
    path = write(
        f"gpu-{device.type}",
        {
            "model": "DigitCNN 28x28, channels (32, 64), hidden 128",
            "samples": len(train[1]),
            "repeats": repeats,
            "results": summary,
            "cpu_hand_loop_batch128_s": cpu_epoch,
            "time_to_97": tta,
            "fastest_fit_variant": best,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--compile-modes", nargs="*", default=["default", "reduce-overhead"])
    args = parser.parse_args()
    main(args.device, args.repeats, args.quick, args.compile_modes)
