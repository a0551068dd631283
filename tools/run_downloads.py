"""Run every downloadable tutorial of a built site the way a reader would, outside the repository.

``nox -s notebooks`` copies this file into a fresh virtual environment that has only what a
page's own install line installs (plus Jupyter's kernel and runner), then runs it there:

    python run_downloads.py SITE_DOWNLOADS_DIR [--timeout SECONDS]

Each ``.ipynb`` is executed with nbclient, first cell (the install line) included; each ``.py``
is run as a script. Every file runs in its own empty working folder, with no ``PYTHONPATH``, so
nothing from the repository can leak in. Prints one line per file and a summary; exits 1 if any
file failed.
"""

from __future__ import annotations

import argparse
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


def run_notebook(path: Path, workdir: Path, timeout: int) -> None:
    """Execute a notebook top to bottom in a fresh kernel; raise on the first failing cell."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    os.environ.clear()
    os.environ.update(CLEAN_ENV)  # the kernel inherits this process's environment
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": workdir}}
    )
    client.execute()


def run_script(path: Path, workdir: Path, timeout: int) -> None:
    """Run a script as ``python script.py``; raise with its output if it fails."""
    done = subprocess.run(
        [sys.executable, str(path)],
        cwd=workdir,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("downloads", type=Path, help="the folder holding the .ipynb/.py files")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per file")
    args = parser.parse_args()
    files = sorted(args.downloads.rglob("*.ipynb")) + sorted(args.downloads.rglob("*.py"))
    if not files:
        print(f"no .ipynb or .py files under {args.downloads}", file=sys.stderr)
        return 1
    failed, start = [], time.perf_counter()
    for path in files:
        runner = run_notebook if path.suffix == ".ipynb" else run_script
        began = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="reader-") as workdir:
            try:
                runner(path, Path(workdir), args.timeout)
                status = "ok"
            except Exception as error:  # report every failure, then go on with the next file
                status = "FAILED"
                failed.append((path.name, error))
        print(f"{status:6} {time.perf_counter() - began:6.1f} s  {path.name}", flush=True)
    for name, error in failed:
        print(f"\n--- {name} ---\n{str(error)[-6000:]}")
    print(f"\nran {len(files)} files in {time.perf_counter() - start:.0f} s")
    print(f"{len(files) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
