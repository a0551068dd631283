"""How long does the site take to build, cold and warm, and does parallel execution help?

In a fresh copy of the tracked files (so the working tree's own build is untouched):

1. ``nox -s docs`` from nothing: creates the environment, executes every example and
   notebook, builds, checks the site (the "cold" number a new contributor sees);
2. ``nox -s docs -R`` straight after, nothing changed (the "warm" rebuild);
3. ``nox -s docs -R -- --force`` with sphinx-gallery running examples one at a time, and
4. the same with two examples at a time (``DLNOTES_GALLERY_PARALLEL=2``): full rebuilds with
   an existing environment, to see whether parallel execution pays on this machine.

Each example's run time comes from sphinx-gallery's JUnit report of build 1. If the parallel
build fails, the failure is recorded instead of a time. The builds run
once each (a cold build is minutes long); compare 3 and 4 only when both ran in the same call.

Run: ``nox -s bench -- docs_build`` (about 10 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from _common import ROOT, write  # _common puts tools/ on the path
from source_tree import copy_source_tree


def timed(cmd: list[str], cwd: Path, log: Path, may_fail: bool = False, **env: str) -> float | str:
    """Seconds the command took; with ``may_fail``, a failure returns its last error line."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NOX_DEFAULT_VENV")}
    environment.update(env)
    start = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(cmd, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if done.returncode:
        if may_fail:
            errors = [ln.strip() for ln in log.read_text().splitlines() if "Error: " in ln]
            reason = errors[-1] if errors else f"exit {done.returncode}"
            print(f"  failed: {' '.join(cmd)} {env}: {reason}")
            return reason
        sys.exit(f"{' '.join(cmd)} failed (exit {done.returncode}); see {log}")
    print(f"  {seconds:7.1f} s  {' '.join(cmd)} {' '.join(f'{k}={v}' for k, v in env.items())}")
    return seconds


def example_times(junit: Path) -> dict[str, float]:
    cases = ET.parse(junit).getroot().iter("testcase")
    return {case.get("classname"): float(case.get("time")) for case in cases}


def main(keep: bool) -> None:
    nox = [sys.executable, "-m", "nox"]
    tmp = Path(tempfile.mkdtemp(prefix="dlnotes-docs-bench-"))
    tree = copy_source_tree(ROOT, tmp / "tree")
    logs = tmp / "logs"
    logs.mkdir()
    print(f"building in {tree}")
    cold = timed([*nox, "-s", "docs"], tree, logs / "cold.log")
    pages = example_times(tree / "docs" / "_build" / "sphinx-gallery-junit.xml")
    warm = timed([*nox, "-s", "docs", "-R"], tree, logs / "warm.log")
    rebuild = {
        n: timed(
            [*nox, "-s", "docs", "-R", "--", "--force"],
            tree,
            logs / f"force-{n}.log",
            may_fail=n > 1,
            DLNOTES_GALLERY_PARALLEL=str(n),
        )
        for n in (1, 2)
    }
    slowest = sorted(pages.items(), key=lambda kv: -kv[1])
    print(f"examples: {len(pages)}, {sum(pages.values()):.1f} s in total; slowest:")
    for name, seconds in slowest[:5]:
        print(f"  {seconds:5.1f} s  {name}")
    path = write(
        "docs_build-cpu",
        {
            "cold_nox_docs_s": cold,
            "warm_nox_docs_s": warm,
            "forced_rebuild_s": {
                f"parallel={n}": s for n, s in rebuild.items() if isinstance(s, float)
            },
            "forced_rebuild_failed": {
                f"parallel={n}": s for n, s in rebuild.items() if isinstance(s, str)
            },
            "examples_total_s": sum(pages.values()),
            "example_s": dict(sorted(pages.items())),
        },
    )
    print(f"wrote {path}")
    if not keep:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the build copy and logs")
    main(parser.parse_args().keep)
