"""The committed benchmark results are well-formed, and the library's docs agree with them.

These tests time nothing: they read the files that `nox -s bench` wrote.
"""

import inspect
import json

import pytest
from site_layout import ROOT

from dlnotes import losses

RESULTS = ROOT / "benchmarks" / "results"
FILES = sorted(RESULTS.glob("*.json"))


def load(name):
    return json.loads((RESULTS / f"{name}.json").read_text())


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_results_file_says_what_where_and_when(path):
    result = json.loads(path.read_text())
    assert result["benchmark"] == path.stem
    assert len(result["date"]) == 10  # YYYY-MM-DD
    for key in ("platform", "python", "torch", "threads", "device"):
        assert key in result["machine"], key


def test_the_cpu_benchmarks_have_results():
    names = {p.stem for p in FILES}
    assert {"fit_overhead-cpu", "data_pipeline-cpu", "losses-cpu", "docs_build-cpu"} <= names


def test_every_loss_was_benchmarked_against_torch():
    measured = set(load("losses-cpu")["results"])
    assert measured == set(losses.__all__)


def test_losses_measured_over_5x_slower_say_so_in_their_docstrings():
    result = load("losses-cpu")
    slow = {
        name
        for name, by_size in result["results"].items()
        if max(r["ratio"] for r in by_size.values()) > 5
    }
    assert slow == set(result["slower_than_5x"])
    for name in slow:
        doc = " ".join(inspect.getdoc(getattr(losses, name)).split())
        assert "Speed:" in doc and "slower than" in doc, f"{name}: no speed note in its docstring"


def test_ratios_are_consistent_with_their_medians():
    for name in ("fit_overhead-cpu",):
        for summary in load(name)["results"].values():
            base = next(iter(summary.values()))["median_s"]
            for s in summary.values():
                assert s["ratio"] == pytest.approx(s["median_s"] / base)


def test_the_docs_build_uses_the_faster_gallery_setting():
    result = load("docs_build-cpu")["forced_rebuild_s"]
    faster = 2 if result.get("parallel=2", float("inf")) < result["parallel=1"] else 1
    conf = (RESULTS.parents[1] / "docs" / "conf.py").read_text()
    assert f'os.environ.get("DLNOTES_GALLERY_PARALLEL", "{faster}")' in conf
