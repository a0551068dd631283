"""Run every downloadable tutorial of a built site the way a reader would, outside the repository.

``nox -s notebooks`` copies this file into a fresh virtual environment that has only what a
page's own install line installs (plus Jupyter's kernel and runner), then runs it there:

    python run_downloads.py SITE_DOWNLOADS_DIR [--timeout SECONDS] [--jobs N]

Each ``.ipynb`` is executed with nbclient, first cell (the install line) included; each ``.py``
is run as a script. Every file runs in its own process and its own empty working folder, with no
``PYTHONPATH``, so nothing from the repository can leak in. With ``--jobs N`` (default: the
number of CPU cores) N files run at once, each with one thread. Prints one line per file and a
summary; exits 1 if any file failed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The reader's environment: headless plotting; nothing from the build's own environment.
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("PYTHON", "DLNOTES_", "NOX_", "VIRTUAL_ENV", "JUPYTER", "IPYTHON"))
}
CLEAN_ENV["MPLBACKEND"] = "Agg"


def execute_notebook(path: Path, timeout: int) -> None:
    """Execute a notebook top to bottom in a fresh kernel (in this process's working folder and
    environment); raise on the first failing cell."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute()


def run_file(path: Path, timeout: int, env: dict[str, str]) -> None:
    """Run a script (``python script.py``) or a notebook (this file with ``--notebook``) in a
    process of its own, in an empty folder; raise with its output if it fails."""
    if path.suffix == ".ipynb":
        command = [sys.executable, __file__, "--notebook", str(path), "--timeout", str(timeout)]
    else:
        command = [sys.executable, str(path)]
    with tempfile.TemporaryDirectory(prefix="reader-") as workdir:
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, timeout=2 * timeout
        )
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("downloads", type=Path, help="the folder holding the .ipynb/.py files")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files at once")
    parser.add_argument("--notebook", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.notebook:  # the child process of run_file for one notebook
        execute_notebook(args.downloads, args.timeout)
        return 0
    files = sorted(args.downloads.rglob("*.ipynb")) + sorted(args.downloads.rglob("*.py"))
    if not files:
        print(f"no .ipynb or .py files under {args.downloads}", file=sys.stderr)
        return 1
    env = dict(CLEAN_ENV)
    if args.jobs > 1:
        env["OMP_NUM_THREADS"] = "1"  # one core per file: several files share the machine
    failed, start = [], time.perf_counter()

    def run(path: Path) -> tuple[Path, float, Exception | None]:
        began = time.perf_counter()
        try:
            run_file(path, args.timeout, env)
            return path, time.perf_counter() - began, None
        except Exception as error:  # report every failure, then go on with the next file
            return path, time.perf_counter() - began, error

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, seconds, error in pool.map(run, files):
            print(f"{'FAILED' if error else 'ok':6} {seconds:6.1f} s  {path.name}", flush=True)
            if error:
                failed.append((path.name, error))
    for name, error in failed:
        print(f"\n--- {name} ---\n{str(error)[-6000:]}")
    print(f"\nran {len(files)} files in {time.perf_counter() - start:.0f} s ({args.jobs} at once)")
    print(f"{len(files) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
