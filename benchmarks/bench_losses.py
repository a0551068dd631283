"""How fast are the losses written from their formulas, next to torch.nn.functional?

For each loss in ``dlnotes.loss_records.LOSSES``: forward plus backward time of our version and
of its ``torch.nn.functional`` twin on the same inputs (the record's ``sample``), at three batch
sizes, and the ratio (ours / PyTorch). PyTorch's losses are fused C++ kernels; ours are several tensor operations each,
so ratios above 1 are expected. Any loss more than 5× slower than PyTorch at some size says so
in its docstring (``tests/test_benchmark_results.py`` checks that against the committed results). CTC is also timed at the size the docs promise: 16 sequences of 50
frames.

Run: ``nox -s bench -- losses`` or ``python benchmarks/bench_losses.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from _common import use_the_pages_threads, write

from dlnotes import losses
from dlnotes.loss_records import LOSSES, Draw, ctc_batch

SIZES = {"N=64": 64, "N=1024": 1024, "N=16384": 16384}
C = 10  # classes / features per sample


def forward_backward(fn: Callable, args: tuple, kwargs: dict, n_grad: int) -> Callable[[], None]:
    leaves = [a.detach().clone().requires_grad_(i < n_grad) for i, a in enumerate(args)]

    def run() -> None:
        for leaf in leaves[:n_grad]:
            leaf.grad = None
        fn(*leaves, **kwargs).backward()

    return run


def loops_for(run: Callable[[], None], min_sample_s: float = 0.02) -> int:
    """How many calls make one timing sample last about ``min_sample_s``."""
    run()  # warm-up
    start = time.perf_counter()
    run()
    return max(1, int(min_sample_s / max(time.perf_counter() - start, 1e-6)))


def sample(run: Callable[[], None], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        run()
    return (time.perf_counter() - start) / loops


def paired(ours: Callable[[], None], theirs: Callable[[], None], repeats: int) -> dict:
    """Alternate the two, sample by sample; the ratio is the median of the per-pair ratios,
    so a slow spell of the machine hits both members of a pair alike."""
    n_ours, n_theirs = loops_for(ours), loops_for(theirs)
    t_ours, t_theirs, ratios = [], [], []
    for _ in range(repeats):
        a, b = sample(ours, n_ours), sample(theirs, n_theirs)
        t_ours.append(a)
        t_theirs.append(b)
        ratios.append(a / b)
    return {
        "ours_s": statistics.median(t_ours),
        "torch_s": statistics.median(t_theirs),
        "ratio": statistics.median(ratios),
    }


def main(repeats: int) -> None:
    use_the_pages_threads()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for loss in sorted(LOSSES, key=lambda loss: loss.name):
        results[loss.name] = {}
        for size, n in SIZES.items():
            s = loss.sample(Draw(n, torch.Generator().manual_seed(0), c=C))
            ours = forward_backward(loss.function, s.args, s.kwargs, s.n_grad)
            theirs = forward_backward(loss.torch_function, s.args, s.kwargs, s.n_grad)
            results[loss.name][size] = paired(ours, theirs, repeats)
        row = "  ".join(f"{size} {r['ratio']:6.2f}×" for size, r in results[loss.name].items())
        print(f"{loss.name:<34} {row}")
    s = ctc_batch(batch=16, frames=50, generator=torch.Generator().manual_seed(0))
    ctc_run = forward_backward(losses.ctc_loss, s.args, s.kwargs, s.n_grad)
    loops = loops_for(ctc_run)
    ctc_16x50 = statistics.median(sample(ctc_run, loops) for _ in range(repeats))
    print(f"ctc_loss, 16 sequences × 50 frames, forward + backward: {ctc_16x50 * 1e3:.1f} ms")
    slow = sorted(n for n, r in results.items() if max(x["ratio"] for x in r.values()) > 5)
    print("more than 5× slower than PyTorch at some size:", ", ".join(slow) or "none")
    path = write(
        "losses-cpu",
        {
            "sizes": {size: f"{n} samples × {C}" for size, n in SIZES.items()},
            "ctc_note": "CTC sizes: N/64 sequences (at least 1) of 50 frames, 20 classes, "
            "targets of 20 labels",
            "results": results,
            "ctc_16x50_s": ctc_16x50,
            "slower_than_5x": slow,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    main(parser.parse_args().repeats)
