"""Hooks that sphinx-gallery calls by name (names, unlike functions, survive Sphinx's pickling).

``reset_state`` runs before every example so each page starts from the same state no matter
which page ran before it: seeded random number generators and a fixed number of CPU threads
(thread count changes the order of floating-point sums, and so the printed digits). It also
(re)installs the offline guard, so an example that tries to download something fails loudly, also
when sphinx-gallery runs examples in worker processes.
"""

from __future__ import annotations

import random

import build_site

NUM_THREADS = build_site.threads()  # tools/build_site.py: 2, or DLNOTES_NUM_THREADS


def reset_state(gallery_conf, fname):
    """Seed Python, NumPy and torch and fix torch's thread count before an example runs."""
    import numpy as np
    import offline_guard
    import torch

    offline_guard.install()

    random.seed(0)
    np.random.seed(0)  # noqa: NPY002 -- pages pass generators; this catches a forgotten one
    torch.manual_seed(0)
    torch.set_num_threads(NUM_THREADS)
