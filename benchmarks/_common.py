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

RESULTS = Path(__file__).parent / "results"


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
