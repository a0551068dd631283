"""Shared helpers for the benchmarks: interleaved repeats, medians, a results file."""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import torch

# tools/: the repository's layout (site_layout) and the build's settings (build_site), each defined
# once; every benchmark imports this module first, so they find tools/ through this path entry.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import build_site
import site_layout

ROOT = site_layout.ROOT
RESULTS = ROOT / "benchmarks" / "results"


def use_the_pages_threads() -> int:
    """Run with the thread count the site's pages run with (tools/build_site.py: 2, or
    ``DLNOTES_NUM_THREADS``), so a benchmark measures what a page costs; returns it."""
    threads = build_site.threads()
    torch.set_num_threads(threads)
    return threads


def interleaved(candidates: dict[str, Callable[[], None]], repeats: int) -> dict[str, list[float]]:
    """Time each candidate ``repeats`` times, alternating between them so that drifts in machine
    load affect all alike. Each candidate runs once untimed first (warm-up)."""
    for run in candidates.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, run in candidates.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def summarize(times: dict[str, list[float]], baseline: str) -> dict[str, dict[str, float]]:
    base = statistics.median(times[baseline])
    return {
        name: {
            "median_s": statistics.median(t),
            "min_s": min(t),
            "ratio": statistics.median(t) / base,
        }
        for name, t in times.items()
    }


def cpu_model() -> str | None:
    """The CPU's model name ("AMD EPYC 7B13", "Apple M2"), or None where it cannot be read.

    ``platform.processor()`` gives only the architecture ("x86_64") on Linux, so the name is read
    from /proc/cpuinfo there and from sysctl on macOS.
    """
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            out = subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True
            )
            return out.stdout.strip() or None
        except OSError:
            return None
    return None


def machine() -> dict[str, str | int | None]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "device": torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu",
    }


def write(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path
