"""Two builds from scratch print the same numbers on every executed page.

``nox -s determinism`` builds the site a second time, from a fresh copy of the sources, and runs
this test with ``DLNOTES_BUILD_A`` and ``DLNOTES_BUILD_B`` pointing at the two HTML folders.

Only lines that report how long something took may differ; each such pattern is listed below with
its page, and only the duration itself is masked, so the rest of the line is still compared.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from page_outputs import page_outputs

pytestmark = pytest.mark.determinism

# page → patterns of durations that are measured on that page (and so vary between runs)
TIMINGS = {
    "tutorials/00_foundations/plot_04_batch_sizes.html": [
        r"\d+\.\d+ ms in all",
        r"\d+\.\d+ µs per update",
        r"\d+\.\d+ ns per point",
    ],
    "tutorials/02_losses_optimizers/plot_15_optimizers.html": [r"in \d+\.\d+ s"],
    "tutorials/03_training/plot_17_datasets_dataloaders.html": [
        r"\d+\.\d+ ms per epoch",
        r"\d+× faster",  # the ratio of two of those durations
    ],
    "tutorials/04_architectures/plot_25_using_a_gpu.html": [
        r"\d+\.\d+ ms",
        r"\d+\.\d+ GFLOP/s",
    ],
}


def _builds():
    a, b = os.environ.get("DLNOTES_BUILD_A"), os.environ.get("DLNOTES_BUILD_B")
    if not (a and b):
        pytest.skip("set DLNOTES_BUILD_A and DLNOTES_BUILD_B (nox -s determinism does)")
    return page_outputs(Path(a)), page_outputs(Path(b))


def mask(page: str, text: str) -> str:
    """Replace each measured duration on ``page`` with ``<duration>``.

    The padding in front of a duration goes with it (one space is kept): a right-aligned column
    such as ``f"{ms:8.2f}"`` is wider when the number has more digits.
    """
    for pattern in TIMINGS.get(page, []):
        text = re.sub(f"( +)?(?:{pattern})", lambda m: (" " if m[1] else "") + "<duration>", text)
    return text


def test_both_builds_executed_the_same_pages():
    first, second = _builds()
    assert len(first) >= 26
    assert sorted(first) == sorted(second)


def test_every_page_prints_the_same_output_twice():
    first, second = _builds()
    differences = []
    for page in sorted(first):
        a = mask(page, "\n".join(first[page])).splitlines()
        b = mask(page, "\n".join(second.get(page, []))).splitlines()
        if a != b:
            diff = difflib.unified_diff(a, b, "first build", "second build", n=0, lineterm="")
            differences.append(f"{page}:\n" + "\n".join(list(diff)[:12]))
    assert not differences, "outputs differ between two builds:\n\n" + "\n\n".join(differences)


def test_the_masks_only_hide_durations():
    page = "tutorials/04_architectures/plot_25_using_a_gpu.html"
    line = "cpu :   13.2 ms per epoch, held-out accuracy 0.960"
    assert mask(page, line) == "cpu : <duration> per epoch, held-out accuracy 0.960"
    # a longer duration in the same right-aligned column masks to the same line
    assert mask(page, "cpu :  113.2 ms per epoch, held-out accuracy 0.960") == mask(page, line)
    assert mask(page, "(13.2 ms)") == "(<duration>)"
    assert mask("tutorials/00_foundations/plot_01_gradient_descent.html", line) == line
