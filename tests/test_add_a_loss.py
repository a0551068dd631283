"""The how-to's path "add a loss" (docs/howto/add_a_tutorial.md), followed on a copy of the library:
a loss is its function in ``dlnotes/losses.py`` plus one record in ``dlnotes/loss_records.py``, and
everything that lists the losses (the atlas, the benchmark, the conformance and legacy-argument
tests, the counts) takes it from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import site_layout

# The stand-in loss: a name torch.nn.functional has (the records pair each loss with its twin)
# and dlnotes does not, with the smallest body that computes it.
FUNCTION = '''

def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Stand-in (tests/test_add_a_loss.py)."""
    var = var.clamp(min=eps)
    return _reduce(0.5 * (torch.log(var) + (input - target) ** 2 / var), reduction)


__all__.append("gaussian_nll_loss")
'''
RECORD = """

LOSSES = (*LOSSES, LossRecord(
    "gaussian_nll_loss", "GaussianNLLLoss", "regression", "f", "values → values", "",
    sample=lambda d: Sample((d.randn(d.n, d.c), d.randn(d.n, d.c), d.rand(d.n, d.c) + 0.1)),
    example=lambda b: Sample((b.randn(b.N), b.randn(b.N), b.rand(b.N) + 0.1)),
))
RECORDS = {record.name: record for record in LOSSES}
"""

# What each consumer makes of the records, in a fresh interpreter that imports the copy.
PROBE = r"""
import json, re, sys, types
import pytest

sys.modules["IPython.display"] = types.SimpleNamespace(Markdown=str)  # the atlas's output
import bench_losses, test_losses, test_losses_conformance
import dlnotes
assert dlnotes.__file__.startswith(sys.argv[2]), dlnotes.__file__  # the copy

atlas = {}
source = open(sys.argv[1], encoding="utf-8").read()
for cell in re.findall(r"```\{code-cell\} ipython3\n(?::tags:[^\n]*\n)?(.*?)```", source, re.S):
    exec(cell, atlas)
try:
    test_losses.test_the_readme_counts_every_loss()
    count = "README agrees"
except AssertionError:
    count = "README disagrees"
test_losses.test_every_loss_has_one_record()
print(json.dumps({
    "benchmark": [loss.name for loss in bench_losses.LOSSES],
    "legacy": [loss.name for loss in test_losses.LEGACY],
    "conformance": test_losses_conformance.MODULES,
    "atlas": [row for row in atlas["rows"] if "GaussianNLLLoss" in row],
    "count": count,
}))
"""


def probe(tmp_path, function: str = FUNCTION, record: str = RECORD) -> dict:
    library = shutil.copytree(site_layout.ROOT / "dlnotes", tmp_path / "dlnotes")
    with (library / "losses.py").open("a") as file:
        file.write(function)
    with (library / "loss_records.py").open("a") as file:
        file.write(record)
    tests, benchmarks = site_layout.ROOT / "tests", site_layout.ROOT / "benchmarks"
    path = os.pathsep.join(map(str, [tmp_path, tests, benchmarks, site_layout.TOOLS]))
    atlas = site_layout.DOCS / "reference" / "loss_atlas.md"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(atlas), str(tmp_path)],
        env={**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg"},
        cwd=tmp_path,  # the copy, not the repository, is the dlnotes this imports
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_a_new_loss_is_its_function_plus_one_record(tmp_path):
    seen = probe(tmp_path)
    assert "gaussian_nll_loss" in seen["benchmark"]
    assert seen["conformance"]["GaussianNLLLoss"] == "gaussian_nll_loss"  # routes PyTorch's cases
    assert "gaussian_nll_loss" not in seen["legacy"]  # it takes no size_average/reduce
    # the atlas has its row, checked against PyTorch like every other
    (row,) = seen["atlas"]
    assert "`nn.GaussianNLLLoss`" in row and "~dlnotes.losses.gaussian_nll_loss" in row
    assert "✓" in row, row
    # the one count written by hand (the README's) is checked: the how-to says to update it
    assert seen["count"] == "README disagrees"
