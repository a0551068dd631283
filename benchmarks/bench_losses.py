"""How fast are the losses written from their formulas, next to torch.nn.functional?

For each of the 19 losses in ``dlnotes.losses``: forward plus backward time of our version and
of its ``torch.nn.functional`` twin on the same inputs, at three batch sizes, and the ratio
(ours / PyTorch). PyTorch's losses are fused C++ kernels; ours are several tensor operations each,
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
import torch.nn.functional as F
from _common import write

from dlnotes import losses

SIZES = {"N=64": 64, "N=1024": 1024, "N=16384": 16384}
C = 10  # classes / features per sample


def make_inputs(name: str, n: int, gen: torch.Generator) -> tuple[tuple, dict, int]:
    """Arguments (tensors first), keyword arguments, and how many leading args need grad."""
    randn = lambda *s: torch.randn(*s, generator=gen)  # noqa: E731
    rand = lambda *s: torch.rand(*s, generator=gen)  # noqa: E731
    labels = torch.randint(0, C, (n,), generator=gen)
    signs = torch.randint(0, 2, (n,), generator=gen) * 2 - 1
    if name in ("l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss"):
        return (randn(n, C), randn(n, C)), {}, 1
    if name == "poisson_nll_loss":
        return (randn(n, C), rand(n, C) * 5), {}, 1
    if name == "binary_cross_entropy":
        return (rand(n, C) * 0.98 + 0.01, rand(n, C).round()), {}, 1
    if name in ("binary_cross_entropy_with_logits", "multilabel_soft_margin_loss"):
        return (randn(n, C), rand(n, C).round()), {}, 1
    if name == "soft_margin_loss":
        return (randn(n, C), rand(n, C).round() * 2 - 1), {}, 1
    if name in ("cross_entropy", "multi_margin_loss"):
        return (randn(n, C), labels), {}, 1
    if name == "nll_loss":
        return (torch.log_softmax(randn(n, C), 1), labels), {}, 1
    if name == "kl_div":
        kl_args = (torch.log_softmax(randn(n, C), 1), torch.softmax(randn(n, C), 1))
        return kl_args, {"reduction": "batchmean"}, 1
    if name == "multilabel_margin_loss":
        target = torch.full((n, C), -1)
        target[:, :3] = torch.stack([torch.randperm(C, generator=gen)[:3] for _ in range(n)])
        return (randn(n, C), target), {}, 1
    if name == "margin_ranking_loss":
        return (randn(n), randn(n), signs.float()), {}, 2
    if name == "hinge_embedding_loss":
        return (randn(n, C).abs(), (rand(n, C).round() * 2 - 1)), {}, 1
    if name == "cosine_embedding_loss":
        return (randn(n, C), randn(n, C), signs.float()), {}, 2
    if name == "triplet_margin_loss":
        return (randn(n, C), randn(n, C), randn(n, C)), {}, 3
    if name == "ctc_loss":
        return ctc_inputs(batch=max(n // 64, 1), frames=50, gen=gen)
    raise KeyError(name)


def ctc_inputs(batch: int, frames: int, gen: torch.Generator, classes: int = 20, length: int = 20):
    log_probs = torch.randn(frames, batch, classes, generator=gen).log_softmax(2)  # (T, N, C)
    targets = torch.randint(1, classes, (batch, length), generator=gen)  # (N, S), no blank
    lengths = dict(
        input_lengths=torch.full((batch,), frames), target_lengths=torch.full((batch,), length)
    )
    return (log_probs, targets), lengths, 1


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
    torch.set_num_threads(2)
    names = losses.__all__
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in sorted(set(names)):
        results[name] = {}
        for size, n in SIZES.items():
            args, kwargs, n_grad = make_inputs(name, n, torch.Generator().manual_seed(0))
            ours = forward_backward(getattr(losses, name), args, kwargs, n_grad)
            theirs = forward_backward(getattr(F, name), args, kwargs, n_grad)
            results[name][size] = paired(ours, theirs, repeats)
        row = "  ".join(f"{size} {r['ratio']:6.2f}×" for size, r in results[name].items())
        print(f"{name:<34} {row}")
    args, kwargs, n_grad = ctc_inputs(batch=16, frames=50, gen=torch.Generator().manual_seed(0))
    ctc_run = forward_backward(losses.ctc_loss, args, kwargs, n_grad)
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
