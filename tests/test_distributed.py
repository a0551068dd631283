"""``fit`` under ``torchrun``: two gloo processes on this machine's loopback interface.

The claim of data-parallel training, checked on ``fit``: two processes with batch B each reach
the same weights as one process with batch 2B (equal up to the order of float sums), the
replicas stay bit-identical, the history holds global figures, rank 0 alone writes, and a run
resumed from its checkpoint ends exactly where an uninterrupted one does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from site_layout import ROOT
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler

from dlnotes.train import accuracy, fit

pytestmark = pytest.mark.distributed
SCRIPT = Path(__file__).parent / "distributed" / "fit_ddp.py"
sys.path.insert(0, str(SCRIPT.parent))
from fit_ddp import make_data, make_model  # noqa: E402


def torchrun(out: Path, batch_size: int, epochs: int, *, resume: bool = False) -> None:
    """Run the script in two processes; only loopback is used (gloo bound to ``lo``)."""
    args = [str(out), str(batch_size), str(epochs)] + (["resume"] if resume else [])
    env = {**os.environ, "GLOO_SOCKET_IFNAME": "lo", "OMP_NUM_THREADS": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    # --max-restarts=1: torchrun starts the group again if a worker crashes on the way out (seen
    # once as "terminate called without an active exception"); the script rewrites every file.
    launch = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2"]
    launch.append("--max-restarts=1")
    done = subprocess.run(
        [*launch, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]


def weights(out: Path, rank: int) -> dict[str, torch.Tensor]:
    return torch.load(out / f"weights-rank{rank}.pt", weights_only=True)


def history(out: Path, rank: int) -> dict[str, list[float]]:
    return json.loads((out / f"history-rank{rank}.json").read_text())


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ddp")
    torchrun(out, batch_size=16, epochs=3)
    return out


def reference_run(batch_size: int, epochs: int) -> tuple[nn.Module, dict]:
    """One process, the same samples per step: a DistributedSampler with one replica."""
    model, data = make_model(), make_data()
    sampler = DistributedSampler(data, num_replicas=1, rank=0, seed=0)
    result = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.5),
        DataLoader(data, batch_size=batch_size, sampler=sampler),
        epochs=epochs,
        val_data=DataLoader(data, batch_size=64),
        metrics={"accuracy": accuracy},
        progress=False,
    )
    return model, result.to_dict()


def test_replicas_hold_bit_identical_weights(two_processes):
    w0, w1 = weights(two_processes, 0), weights(two_processes, 1)
    assert all(torch.equal(w0[k], w1[k]) for k in w0)


def test_two_processes_of_b_match_one_process_of_2b(two_processes):
    model, _ = reference_run(batch_size=32, epochs=3)
    for name, value in model.state_dict().items():
        torch.testing.assert_close(weights(two_processes, 0)[name], value, atol=1e-5, rtol=1e-5)
    assert not torch.equal(weights(two_processes, 0)["0.weight"], make_model()[0].weight)


def test_history_is_global_and_the_same_on_every_rank(two_processes):
    _, expected = reference_run(batch_size=32, epochs=3)
    h0, h1 = history(two_processes, 0), history(two_processes, 1)
    for key in ("train_loss", "train_accuracy", "val_loss", "val_accuracy"):
        assert h0[key] == h1[key]
        assert h0[key] == pytest.approx(expected[key], rel=1e-5, abs=1e-6), key


def test_rank_zero_only_callbacks_run_once(two_processes):
    assert sorted(p.name for p in two_processes.glob("writer-rank*")) == ["writer-rank0"]
    assert sorted(p.name for p in two_processes.glob("every-rank*")) == [
        "every-rank0",
        "every-rank1",
    ]
    checkpoint = torch.load(two_processes / "checkpoint.pt", weights_only=True)
    assert checkpoint["epoch"] == 3
    assert set(checkpoint["model"]) == set(make_model().state_dict())  # no "module." prefix


def test_resumed_run_ends_where_the_uninterrupted_one_does(two_processes, tmp_path):
    torchrun(tmp_path, batch_size=16, epochs=2)
    torchrun(tmp_path, batch_size=16, epochs=3, resume=True)
    resumed, whole = weights(tmp_path, 0), weights(two_processes, 0)
    assert all(torch.equal(resumed[k], whole[k]) for k in whole)
    measured = {"time"}  # seconds per epoch: the one column that differs between two runs
    resumed_history, whole_history = history(tmp_path, 0), history(two_processes, 0)
    assert resumed_history.keys() == whole_history.keys()
    assert all(resumed_history[k] == whole_history[k] for k in whole_history.keys() - measured)
