"""Shared test configuration: no network, headless matplotlib, closed figures after each test."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import offline_guard
import pytest

offline_guard.install()  # from here on, any connection to a non-loopback address raises


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the largest differences from PyTorch recorded by test_losses.py."""
    from test_losses import LOSS_DIFFS

    table = config.stash.get(LOSS_DIFFS, None)
    if not table:
        return
    write = terminalreporter.write_line
    terminalreporter.section("largest |dlnotes - torch| per loss")
    write(f"{'loss':<34}{'dtype':<9}{'value':>12}{'gradient':>12}")
    for name, dtype in sorted({(n, d) for n, d, _ in table}):
        value = table.get((name, dtype, "value"), float("nan"))
        grad = table.get((name, dtype, "grad"), float("nan"))
        write(f"{name:<34}{dtype:<9}{value:>12.2e}{grad:>12.2e}")
