"""Run every downloadable tutorial of a built site the way a reader would, outside the repository.

``nox -s notebooks`` copies this file into a fresh virtual environment that has only what a
page's own install line installs (plus Jupyter's kernel and runner), then runs it there:

    python run_downloads.py SITE_DOWNLOADS_DIR [--save DIR] [--threads N] [--jobs N]
        [--script-threads N] [--start-method METHOD] [--cpu-capability LEVEL] [--only KIND]
        [--site ORIGIN LOCAL] [-k NAME_PART]

Each ``.ipynb`` is executed with nbclient, first cell (the install line) included, the site's
address in it replaced by ``--site``'s local one where given; each ``.py`` is run as a script. Every file runs in its own process and its own empty working folder, with no
``PYTHONPATH``, so nothing from the repository can leak in. Prints one line per file and a
summary; exits 1 if any file failed.

The order keeps the run both comparable and short:

1. the notebooks, ``--jobs`` at once (default: the number of CPU cores), each with ``--threads``
   CPU threads (default 2, the docs build's ``DLNOTES_NUM_THREADS``): the thread count changes
   the order of floating-point sums, so only then can ``--save`` keep executed notebooks whose
   printed output must equal the page's (``nox -s determinism`` compares them). How many run at
   once changes no digit; so that more threads than cores do not wait for each other by spinning,
   OpenMP's threads wait passively (``OMP_WAIT_POLICY=PASSIVE``);
2. the scripts, ``--jobs`` at once, as a machine unlike the one that built the site would run
   them: worker processes started with ``spawn`` (the default on macOS and Windows), ATen's
   portable kernels (``ATEN_CPU_CAPABILITY=default``: no AVX2/AVX-512 code paths, as on an older
   or an ARM CPU) and ``--script-threads`` threads (default 1). The start method is forced by a
   ``sitecustomize.py`` in a folder put on ``PYTHONPATH`` for the scripts alone;
3. last, alone, the notebooks and scripts that start processes of their own (``torchrun``): two
   process groups on the loopback interface at once failed to connect once in CI.

``--start-method`` and ``--cpu-capability`` apply a start method (``spawn``, ``forkserver``,
``fork``) or an ATen CPU capability (``default``, ``avx2``, …) to the notebooks too, and replace
the scripts' own: to check by hand that every download runs on such a machine, e.g.
``--start-method forkserver`` or ``--threads 7 --script-threads 7``. The notebooks they change no
longer print what the pages show, so do not ``--save`` them for ``nox -s determinism``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import os
import shutil
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


def execute_notebook(
    path: Path, timeout: int, save: Path | None, site: tuple[str, str] | None = None
) -> None:
    """Execute a notebook top to bottom in a fresh kernel (in this process's working folder and
    environment); raise on the first failing cell. With ``save``, write the executed notebook
    there under the same name. With ``site = (ORIGIN, LOCAL)``, the first cell (the install
    line) reaches the site at LOCAL instead of ORIGIN: its only change."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    if site is not None:
        first = notebook.cells[0]
        first.source = first.source.replace(site[0], site[1])
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute()
    if save is not None:
        nbformat.write(notebook, save / path.name)


def run_file(
    path: Path,
    timeout: int,
    env: dict[str, str],
    save: Path | None = None,
    site: tuple[str, str] | None = None,
) -> None:
    """Run a script (``python script.py``) or a notebook (this file with ``--notebook``) in a
    process of its own, in an empty folder; raise with its output if it fails."""
    if path.suffix == ".ipynb":
        command = [sys.executable, __file__, "--notebook", str(path), "--timeout", str(timeout)]
        command += ["--save", str(save)] if save is not None else []
        command += ["--site", *site] if site is not None else []
    else:
        command = [sys.executable, str(path)]
    with tempfile.TemporaryDirectory(prefix="reader-") as workdir:
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, timeout=2 * timeout
        )
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def starts_processes(path: Path) -> bool:
    """Whether a page launches a process group of its own (page 25b runs ``torchrun``)."""
    return "torchrun" in path.read_text(encoding="utf-8")


# The notebooks' CPU threads: the docs build's (tools/build_site.py's THREADS; this file runs in a
# reader's environment, where nothing of the repository is importable: a test checks they agree).
BUILD_THREADS = 2
# The foreign reader's scripts: how their processes start and which ATen kernels they use.
SCRIPT_START_METHOD = "spawn"
SCRIPT_CPU_CAPABILITY = "default"


def with_machine(
    env: dict[str, str], start_method: str | None, cpu_capability: str | None, folder: Path
) -> dict[str, str]:
    """``env`` for a machine whose new processes start with ``start_method`` (forced in every
    Python by a ``sitecustomize.py`` written to ``folder`` and put on ``PYTHONPATH``) and whose
    ATen uses the kernels of ``cpu_capability``; None keeps this machine's."""
    env = dict(env)
    if start_method is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sitecustomize.py").write_text(
            "import multiprocessing\n"
            f"multiprocessing.set_start_method({start_method!r}, force=True)\n"
        )
        env["PYTHONPATH"] = str(folder)
    if cpu_capability is not None:
        env["ATEN_CPU_CAPABILITY"] = cpu_capability
    return env


def with_threads(env: dict[str, str], threads: int) -> dict[str, str]:
    """``env`` with torch limited to ``threads`` CPU threads through ``OMP_NUM_THREADS`` alone
    (no ``MKL_NUM_THREADS``: it also reached the processes page 25b starts with
    ``OMP_NUM_THREADS=1``, and changed the last digits of their results), and OpenMP's idle
    threads sleeping instead of spinning, which costs no digit and keeps two pages at once on
    two cores from slowing each other down."""
    return {**env, "OMP_NUM_THREADS": str(threads), "OMP_WAIT_POLICY": "PASSIVE"}


def timed_run(
    path: Path, timeout: int, env, save, site=None
) -> tuple[Path, float, Exception | None]:
    """Run one file; return it, its seconds and its error (None if it passed)."""
    began = time.perf_counter()
    try:
        run_file(path, timeout, env, save, site)
        return path, time.perf_counter() - began, None
    except Exception as error:  # report every failure, then go on with the next file
        return path, time.perf_counter() - began, error


def run_all(batches, timeout: int, site=None) -> list[tuple[str, Exception]]:
    """Run ``(files, env, jobs, save)`` batches in order, printing one line per file; return the
    failures."""
    failed = []
    for files, env, jobs, save in batches:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            run = functools.partial(timed_run, timeout=timeout, env=env, save=save, site=site)
            runs = pool.map(run, files)
            for path, seconds, error in runs:
                print(f"{'FAILED' if error else 'ok':6} {seconds:6.1f} s  {path.name}", flush=True)
                if error:
                    failed.append((path.name, error))
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("downloads", type=Path, help="the folder holding the .ipynb/.py files")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per file")
    parser.add_argument(
        "--threads", type=int, default=BUILD_THREADS, help="CPU threads per notebook"
    )
    parser.add_argument("--script-threads", type=int, default=1, help="CPU threads per script")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        help=f"for notebooks and scripts (default: the machine's; {SCRIPT_START_METHOD} for scripts)",
    )
    parser.add_argument(
        "--cpu-capability",
        help=f"ATEN_CPU_CAPABILITY for notebooks and scripts (default: the machine's; "
        f"{SCRIPT_CPU_CAPABILITY} for scripts)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="scripts at once")
    parser.add_argument("--save", type=Path, help="keep the executed notebooks in this folder")
    parser.add_argument("--only", choices=["notebooks", "scripts"], help="run only these")
    parser.add_argument("-k", "--match", help="run only the files whose name contains this")
    parser.add_argument(
        "--site",
        nargs=2,
        metavar=("ORIGIN", "LOCAL"),
        help="in each notebook's first cell (its install line), reach the site at LOCAL "
        "(e.g. http://127.0.0.1:8000, where it is served) instead of ORIGIN (its scheme and host)",
    )
    parser.add_argument("--notebook", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    site = tuple(args.site) if args.site else None
    if args.notebook:  # the child process of run_file for one notebook
        execute_notebook(args.downloads, args.timeout, args.save, site)
        return 0
    notebooks = sorted(args.downloads.rglob("*.ipynb"), key=lambda p: p.name)
    scripts = sorted(args.downloads.rglob("*.py"), key=lambda p: p.name)
    notebooks = [] if args.only == "scripts" else notebooks
    scripts = [] if args.only == "notebooks" else scripts
    if args.match:
        notebooks = [p for p in notebooks if args.match in p.name]
        scripts = [p for p in scripts if args.match in p.name]
    if not notebooks + scripts:
        print(f"no .ipynb or .py files under {args.downloads}", file=sys.stderr)
        return 1
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
    alone = [p for p in notebooks + scripts if starts_processes(p)]
    machines = Path(tempfile.mkdtemp(prefix="reader-machines-"))
    page_env = with_threads(
        with_machine(CLEAN_ENV, args.start_method, args.cpu_capability, machines / "notebooks"),
        args.threads,
    )
    script_env = with_threads(
        with_machine(
            CLEAN_ENV,
            args.start_method or SCRIPT_START_METHOD,
            args.cpu_capability or SCRIPT_CPU_CAPABILITY,
            machines / "scripts",
        ),
        args.script_threads,
    )
    for name, env in (("notebooks", page_env), ("scripts", script_env)):
        shown = ("PYTHONPATH", "ATEN_CPU_CAPABILITY", "OMP_NUM_THREADS")
        settings = ", ".join(f"{key}={env[key]}" for key in shown if key in env)
        method = args.start_method or (SCRIPT_START_METHOD if name == "scripts" else None)
        print(f"{name}: start method {method or 'the default'}; {settings}", flush=True)
    batches = [
        ([p for p in notebooks if p not in alone], page_env, args.jobs, args.save),
        ([p for p in scripts if p not in alone], script_env, args.jobs, None),
        ([p for p in alone if p in notebooks], page_env, 1, args.save),
        ([p for p in alone if p in scripts], script_env, 1, None),
    ]
    start = time.perf_counter()
    try:
        failed = run_all(batches, args.timeout, site)
    finally:
        shutil.rmtree(machines, ignore_errors=True)
    for name, error in failed:
        print(f"\n--- {name} ---\n{str(error)[-6000:]}")
    total = len(notebooks) + len(scripts)
    print(f"\nran {total} files in {time.perf_counter() - start:.0f} s")
    print(f"{total - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
