"""Copy the project's source files (what git tracks, plus new files it does not ignore) to a
fresh folder, so a build there starts from the sources alone: no build output, no caches.

Used by ``benchmarks/bench_docs_build.py`` (a cold build from the sources alone).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def copy_source_tree(root: Path, dest: Path) -> Path:
    """Copy the sources under ``root`` into ``dest`` (created) and return ``dest``."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for name in filter(None, listing.split("\0")):
        source = root / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest
