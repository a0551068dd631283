"""Build the dlnotes wheel reproducibly: one commit's sources give one file, byte for byte.

The site carries the wheel it was built with, and every install line on it pins that file by its
sha256 (``docs/_ext/run_yourself.py``), so a page and the library it runs can never disagree. The
release workflow publishes a wheel built by this same function. For two builds of one commit to
print the same hash:

- the wheel is built from a copy of the package's inputs alone (``pyproject.toml``, ``README.md``,
  ``LICENSE``, ``dlnotes/``; tracked and untracked-but-not-ignored files), so no ``build/``,
  ``*.egg-info`` or ``__pycache__`` left in the checkout can slip in;
- every file in the zip carries the time of the checked-out commit (``SOURCE_DATE_EPOCH``, which
  setuptools' wheel writer honours), not its modification time; the file order and the metadata
  are already deterministic. An explicit ``SOURCE_DATE_EPOCH`` in the environment wins; outside
  git the time is 1980-01-01, the earliest a zip can record.

The build calls setuptools' build backend in a subprocess, with no build isolation, so it needs
setuptools in the current environment and nothing from the network.

    python tools/reproducible_wheel.py OUTDIR      # prints the wheel's path and sha256
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from site_layout import ROOT

# Everything that goes into the wheel (pyproject.toml's readme, license-files and packages).
INPUTS = ("pyproject.toml", "README.md", "LICENSE", "dlnotes")
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01T00:00:00Z


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except FileNotFoundError:  # no git on this machine
        return None
    return done.stdout if done.returncode == 0 else None


def source_files(root: Path = ROOT) -> list[str]:
    """The package's input files, relative to ``root``, sorted."""
    listed = _git(root, "ls-files", "--cached", "--others", "--exclude-standard", "--", *INPUTS)
    if listed is None:  # not a git checkout: every file but caches and build output
        listed = "\n".join(
            path.relative_to(root).as_posix()
            for name in INPUTS
            for path in ([root / name] if (root / name).is_file() else (root / name).rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        )
    return sorted(name for name in listed.splitlines() if name and (root / name).is_file())


def source_date_epoch(root: Path = ROOT) -> int:
    """The time stamped on every file of the wheel: ``$SOURCE_DATE_EPOCH``, else the checked-out
    commit's time (the same in a shallow clone), else 1980-01-01."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = _git(root, "log", "-1", "--format=%ct")
    return int(committed) if committed and committed.strip() else EARLIEST_ZIP_TIME


def _copy_inputs(root: Path, files: list[str], into: Path) -> None:
    for name in files:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target)
        # a checkout's modes (0644, or 0755 for an executable) go into the zip: keep just those
        target.chmod(0o755 if os.access(root / name, os.X_OK) else 0o644)


def build_wheel(outdir: Path, root: Path = ROOT) -> Path:
    """Build the wheel into ``outdir`` (created if needed) and return its path."""
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlnotes-wheel-") as scratch:
        source = Path(scratch) / "src"
        _copy_inputs(root, source_files(root), source)
        backend = "from setuptools import build_meta; print(build_meta.build_wheel(r'{}'))"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch(root))}
        done = subprocess.run(
            [sys.executable, "-c", backend.format(outdir)],
            cwd=source,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"building the dlnotes wheel failed:\n{done.stdout}{done.stderr}")
    return outdir / done.stdout.strip().splitlines()[-1]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cached_wheel(cache: Path, root: Path = ROOT) -> Path:
    """The wheel of the current sources, built once into ``cache/<key>/`` (the key: every input
    file's name and bytes and the time stamp), so a warm docs build does not rebuild it."""
    key = hashlib.sha256(str(source_date_epoch(root)).encode())
    for name in source_files(root):
        key.update(b"\0" + name.encode() + b"\0" + (root / name).read_bytes())
    folder = Path(cache) / key.hexdigest()[:16]
    built = sorted(folder.glob("*.whl"))
    if built:
        return built[0]
    shutil.rmtree(cache, ignore_errors=True)  # one wheel kept: the current one
    return build_wheel(folder, root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="where to write the wheel")
    args = parser.parse_args()
    wheel = build_wheel(args.outdir)
    print(wheel, sha256(wheel))


if __name__ == "__main__":
    main()
