"""dlnotes.train: fit equals the hand-written loop, resumes exactly, saves atomically, and
explains what goes wrong."""

import os
import pickle
import signal
import subprocess
import sys
import textwrap

import pytest
import torch
from helpers import assert_explained
from torch import nn

from dlnotes.data import Batches
from dlnotes.train import (
    Callback,
    Checkpoint,
    CheckpointError,
    EarlyStopping,
    History,
    LRFinder,
    TrainState,
    accuracy,
    evaluate,
    fit,
    load_checkpoint,
    predict,
    save_checkpoint,
    seed_everything,
)


def g(seed=0):
    return torch.Generator().manual_seed(seed)


def make_data(n=96, seed=0):
    gen = g(seed)
    x = torch.randn(n, 6, generator=gen)
    y = (x[:, :3].sum(1) > 0).long() + (x[:, 3] > 1).long()  # 3 classes
    return x, y


def make_model(seed=0, dropout=0.0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 3))


def test_fit_equals_the_hand_written_loop_bit_for_bit():
    x, y = make_data()
    reference, ours = make_model(), make_model()
    loss_fn = nn.CrossEntropyLoss()

    # The loop fit stands for, written out.
    opt = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    batches = Batches(x, y, batch_size=16, shuffle=True, generator=g(1))
    losses = []
    for _ in range(3):
        reference.train()
        total = 0.0
        for xb, yb in batches:
            opt.zero_grad()
            loss = loss_fn(reference(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        losses.append(total / len(x))

    history = fit(
        ours,
        loss_fn,
        torch.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9),
        Batches(x, y, batch_size=16, shuffle=True, generator=g(1)),
        epochs=3,
        progress=False,
    )
    for p, q in zip(reference.parameters(), ours.parameters(), strict=True):
        assert torch.equal(p, q)
    assert history["train_loss"] == pytest.approx(losses, rel=1e-6)


def test_history_records_losses_metrics_lr_and_time():
    x, y = make_data()
    model = make_model()
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=0.01),
        Batches(x[:64], y[:64], batch_size=16),
        epochs=4,
        val_data=Batches(x[64:], y[64:], batch_size=16),
        metrics={"accuracy": accuracy},
        progress=False,
    )
    assert history.keys() == [
        "epoch",
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "lr",
        "time",
    ]
    assert history["epoch"] == [1, 2, 3, 4] and len(history) == 4
    assert history["val_loss"][-1] == pytest.approx(
        evaluate(model, nn.CrossEntropyLoss(), Batches(x[64:], y[64:], batch_size=7))["loss"]
    )
    assert 0 <= min(history["val_accuracy"]) and max(history["val_accuracy"]) <= 1
    assert History.from_dict(history.to_dict()).to_dict() == history.to_dict()


def run(epochs, *, resume_from=None, checkpoint=None, loader="batches"):
    """A run whose randomness comes from dropout (global RNG) and data shuffling."""
    x, y = make_data(80)
    model = make_model(seed=3, dropout=0.3)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    if loader == "batches":
        data = Batches(x, y, batch_size=16, shuffle=True, generator=g(2))
    else:
        data = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(x, y), batch_size=16, shuffle=True, generator=g(2)
        )
    torch.manual_seed(123)  # where dropout draws come from
    callbacks = [Checkpoint(checkpoint)] if checkpoint else []
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        optimizer,
        data,
        epochs=epochs,
        callbacks=callbacks,
        resume_from=resume_from,
        progress=False,
    )
    return model, history


@pytest.mark.parametrize("loader", ["batches", "dataloader"])
def test_resume_is_bit_identical_to_an_uninterrupted_run(tmp_path, loader):
    path = tmp_path / "run.pt"
    straight, straight_history = run(4, loader=loader)
    run(2, checkpoint=path, loader=loader)  # "interrupted" after epoch 2
    torch.manual_seed(999)  # whatever happened in between must not matter
    resumed, resumed_history = run(4, resume_from=path, checkpoint=path, loader=loader)
    for p, q in zip(straight.parameters(), resumed.parameters(), strict=True):
        assert torch.equal(p, q)
    assert resumed_history["train_loss"] == straight_history["train_loss"]
    assert load_checkpoint(path, make_model(dropout=0.3))["epoch"] == 4


def test_checkpoint_round_trip_and_weights_only(tmp_path):
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters())
    path = save_checkpoint(
        tmp_path / "c.pt",
        model,
        optimizer,
        epoch=7,
        step=70,
        history=History([{"epoch": 1, "train_loss": 0.5}]),
    )
    clone = make_model(seed=1)
    info = load_checkpoint(path, clone, torch.optim.Adam(clone.parameters()))
    assert info["epoch"] == 7 and info["history"] == {"epoch": [1], "train_loss": [0.5]}
    for p, q in zip(model.parameters(), clone.parameters(), strict=True):
        assert torch.equal(p, q)
    torch.load(path, weights_only=True)  # plain tensors and values only
    assert [p.name for p in tmp_path.iterdir()] == ["c.pt"]  # no temporary file left behind


def test_failed_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "c.pt"
    model = make_model()
    save_checkpoint(path, model, epoch=1)

    def broken_save(obj, f):
        f.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, model, epoch=2)
    monkeypatch.undo()
    assert load_checkpoint(path, make_model())["epoch"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["c.pt"]


def test_sigkill_during_save_leaves_the_last_good_checkpoint(tmp_path):
    """A real SIGKILL of a process that is busy writing large checkpoints."""
    path = tmp_path / "big.pt"
    script = textwrap.dedent(f"""
        import sys, torch
        from torch import nn
        from dlnotes.train import save_checkpoint
        model = nn.Linear(2000, 2000)  # 16 MB per save
        save_checkpoint({str(path)!r}, model, epoch=0)
        print("first", flush=True)
        epoch = 0
        while True:
            epoch += 1
            save_checkpoint({str(path)!r}, model, epoch=epoch)
    """)
    delays = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
    kills, mid_write = 0, 0
    for delay in delays:
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"first"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        partial = list(tmp_path.glob(".big.pt.*.tmp"))  # left behind by a kill mid-write
        mid_write += bool(partial)
        for leftover in partial:
            leftover.unlink()
        info = load_checkpoint(path, nn.Linear(2000, 2000))  # always a complete checkpoint
        assert info["epoch"] >= 0
    assert kills == len(delays)
    # Saving 16 MB takes most of each loop, so most kills land inside a write; the test is only
    # meaningful if some did.
    assert mid_write >= 1, "no kill interrupted a write: make the checkpoint bigger"
    print(f"{kills} kills, {mid_write} of them in the middle of a write")


def test_corrupt_and_unsafe_checkpoints_are_explained(tmp_path):
    model = make_model()
    good = save_checkpoint(tmp_path / "good.pt", model)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CheckpointError, match=r"truncated\.pt is not a readable checkpoint"):
        load_checkpoint(truncated, model)
    with pytest.raises(CheckpointError, match="no checkpoint at"):
        load_checkpoint(tmp_path / "missing.pt", model)

    unsafe = tmp_path / "unsafe.pt"
    torch.save(
        {"format": "dlnotes-checkpoint-1", "payload": pickle.loads(pickle.dumps(Exception("x")))},
        unsafe,
    )
    with pytest.raises(CheckpointError, match="refused: loading it could run arbitrary code"):
        load_checkpoint(unsafe, model)
    bare = tmp_path / "bare.pt"
    torch.save(model.state_dict(), bare)
    with pytest.raises(CheckpointError, match="not a dlnotes checkpoint"):
        load_checkpoint(bare, model)


def test_gradient_accumulation_equals_one_big_batch():
    x, y = make_data(32)
    small, big = make_model(), make_model()
    fit(
        small,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(small.parameters(), lr=0.5),
        Batches(x, y, batch_size=8),
        epochs=1,
        grad_accum_steps=4,
        progress=False,
    )
    fit(
        big,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(big.parameters(), lr=0.5),
        Batches(x, y, batch_size=32),
        epochs=1,
        progress=False,
    )
    for p, q in zip(small.parameters(), big.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_a_short_last_accumulation_group_is_divided_by_its_own_size():
    # 40 samples in batches of 8 = 5 batches; groups of 3: batches 1-3, then 4-5. The second
    # step must equal one step on those 16 samples, not 2/3 of it.
    x, y = make_data(40)
    accumulated, reference = make_model(), make_model()
    fit(
        accumulated,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(accumulated.parameters(), lr=0.5),
        Batches(x, y, batch_size=8),
        epochs=1,
        grad_accum_steps=3,
        progress=False,
    )
    opt = torch.optim.SGD(reference.parameters(), lr=0.5)
    for chunk in (slice(0, 24), slice(24, 40)):
        opt.zero_grad()
        nn.CrossEntropyLoss()(reference(x[chunk]), y[chunk]).backward()
        opt.step()
    for p, q in zip(accumulated.parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_reduce_lr_on_plateau_is_stepped_with_the_validation_loss():
    x, y = make_data(32)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=0)
    seen = []
    original = plateau.step
    plateau.step = lambda metric: (seen.append(metric), original(metric))[1]
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        opt,
        Batches(x, y, batch_size=16),
        epochs=3,
        val_data=Batches(x, y, batch_size=32),
        scheduler=plateau,
        progress=False,
    )
    assert seen == history["val_loss"]
    with pytest.raises(ValueError, match="ReduceLROnPlateau"):
        fit(
            model,
            nn.CrossEntropyLoss(),
            opt,
            Batches(x, y, batch_size=16),
            epochs=1,
            scheduler=plateau,
            scheduler_step="batch",
            progress=False,
        )


@pytest.mark.parametrize(("grad_accum_steps", "steps"), [(1, 8), (2, 4)])
def test_a_per_batch_scheduler_steps_after_every_optimizer_step(grad_accum_steps, steps):
    x, y = make_data(64)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    one_cycle = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=8)
    fit(
        model,
        nn.CrossEntropyLoss(),
        opt,
        Batches(x, y, batch_size=16),  # 4 batches, 2 epochs: the 8 steps of the cycle (or 4)
        epochs=2,
        grad_accum_steps=grad_accum_steps,
        scheduler=one_cycle,
        scheduler_step="batch",
        progress=False,
    )
    assert one_cycle.last_epoch == steps


# The checkpoint layout, as files written since the format's first version hold it (the
# "scheduler" entry came later: files without it must load too).
LAYOUT = ["format", "model", "optimizer", "scheduler", "epoch", "step", "history", "rng"]


def test_the_checkpoint_layout_is_unchanged_and_older_files_resume(tmp_path):
    path = tmp_path / "run.pt"
    straight, _ = run(4)
    run(2, checkpoint=path)
    saved = torch.load(path, weights_only=True)
    assert list(saved) == LAYOUT
    assert list(saved["rng"]) == ["torch", "cuda", "data", "accelerator"]
    assert saved["rng"]["accelerator"] is None  # no accelerator here
    del saved["scheduler"]
    del saved["rng"]["accelerator"]
    torch.save(saved, path)  # a file as written before schedulers and accelerators were saved
    assert load_checkpoint(path, make_model(dropout=0.3), restore_rng=False)["epoch"] == 2
    resumed, history = run(4, resume_from=path)
    assert history["epoch"] == [1, 2, 3, 4]
    for p, q in zip(straight.parameters(), resumed.parameters(), strict=True):
        assert torch.equal(p, q)


class FakeAccelerator:
    """Stands in for ``torch.mps`` (one random state) or ``torch.cuda`` (one per device)."""

    def __init__(self, per_device: bool):
        self.state = [torch.tensor([1, 2], dtype=torch.uint8)]
        if per_device:
            self.get_rng_state_all = lambda: list(self.state)
            self.set_rng_state_all = lambda states: setattr(self, "state", list(states))
        else:
            self.get_rng_state = lambda: self.state[0]
            self.set_rng_state = lambda state: setattr(self, "state", [state])


@pytest.mark.parametrize(("kind", "per_device"), [("mps", False), ("cuda", True)])
def test_checkpoints_keep_the_random_state_of_the_accelerator_in_use(monkeypatch, kind, per_device):
    fake = FakeAccelerator(per_device)
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: True)
    monkeypatch.setattr(torch.accelerator, "current_accelerator", lambda: torch.device(kind))
    monkeypatch.setattr(torch, "get_device_module", lambda device: fake)
    saved = TrainState(nn.Linear(2, 1), None, None, [], None, None, 5).state_dict()
    assert saved["rng"]["accelerator"]["type"] == kind
    assert saved["rng"]["cuda"] == (saved["rng"]["accelerator"]["states"] if kind == "cuda" else [])
    fake.state = [torch.tensor([9, 9], dtype=torch.uint8)]
    TrainState(nn.Linear(2, 1), None, None, [], None, None, 5).load_state_dict(saved)
    assert fake.state[0].tolist() == [1, 2]
    # saved on another kind of accelerator (or an older file's CUDA states): left alone
    other = {**saved["rng"], "accelerator": None, "cuda": [torch.tensor([5], dtype=torch.uint8)]}
    fake.state = [torch.tensor([9, 9], dtype=torch.uint8)]
    TrainState(nn.Linear(2, 1), None, None, [], None, None, 5).load_state_dict(
        {**saved, "rng": other}
    )
    assert fake.state[0].tolist() == ([5] if kind == "cuda" else [9, 9])


def test_a_scheduler_resumes_from_the_checkpoint(tmp_path):
    def run(epochs, path):
        x, y = make_data(32)
        model = make_model()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        steps = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
        history = fit(
            model,
            nn.CrossEntropyLoss(),
            opt,
            Batches(x, y, batch_size=16),
            epochs=epochs,
            scheduler=steps,
            callbacks=[Checkpoint(path)],
            resume_from=path,
            progress=False,
        )
        return history["lr"], model

    whole_lrs, whole = run(4, tmp_path / "whole.pt")
    run(2, tmp_path / "split.pt")
    resumed_lrs, resumed = run(4, tmp_path / "split.pt")
    assert resumed_lrs == whole_lrs == [0.1, 0.05, 0.025, 0.0125]
    for p, q in zip(resumed.parameters(), whole.parameters(), strict=True):
        assert torch.equal(p, q)


@pytest.mark.parametrize("amp", [True, "fp16"])
def test_mixed_precision_runs_on_the_cpu(amp):
    x, y = make_data(32)
    model = make_model()
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(x, y, batch_size=16),
        epochs=2,
        amp=amp,
        device="cpu",
        progress=False,
    )
    assert all(torch.isfinite(torch.tensor(history["train_loss"])))
    assert model[0].weight.dtype == torch.float32  # autocast computes in low precision only


def test_gradient_clipping_bounds_the_step():
    x, y = make_data(32)
    model = make_model()
    before = [p.detach().clone() for p in model.parameters()]
    fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=1.0),
        Batches(x, y, batch_size=32),
        epochs=1,
        clip_grad_norm=0.01,
        progress=False,
    )
    change = torch.sqrt(
        sum(((p - b) ** 2).sum() for p, b in zip(model.parameters(), before, strict=True))
    )
    assert change <= 0.01 + 1e-6


def test_early_stopping_stops_and_restores_the_best_weights():
    x, y = make_data()

    class Spy(Callback):
        def on_epoch_end(self, state):
            self.last_state = {k: v.clone() for k, v in state.model.state_dict().items()}

    model, spy = make_model(), Spy()
    # a learning rate so high that validation loss gets worse after the first epochs
    stopper = EarlyStopping(monitor="val_loss", patience=2)
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=5.0),
        Batches(x[:64], y[:64], batch_size=64),
        epochs=50,
        val_data=Batches(x[64:], y[64:], batch_size=32),
        callbacks=[stopper, spy],
        progress=False,
    )
    assert len(history) < 50
    assert len(history) == stopper.best_epoch + 2
    assert min(history["val_loss"]) == stopper.best
    restored = evaluate(model, nn.CrossEntropyLoss(), Batches(x[64:], y[64:], batch_size=32))
    assert restored["loss"] == pytest.approx(stopper.best)


def test_lr_finder_records_a_curve_and_leaves_the_model_untouched():
    x, y = make_data(256)
    model = make_model()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    finder = LRFinder(min_lr=1e-5, max_lr=100.0, steps=80)
    fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(x, y, batch_size=16, shuffle=True, generator=g()),
        epochs=20,
        callbacks=[finder],
        progress=False,
    )
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert finder.lrs == sorted(finder.lrs) and 10 < len(finder.lrs) <= 80
    assert 1e-5 < finder.suggestion() < 100


def test_evaluate_and_predict_restore_the_mode():
    x, y = make_data()
    model = make_model(dropout=0.5)
    model.train()
    out = predict(model, x, batch_size=10)
    assert out.shape == (96, 3) and model.training
    torch.testing.assert_close(out, predict(model, x))  # eval mode: dropout off, repeatable
    evaluate(model, nn.CrossEntropyLoss(), Batches(x, y, batch_size=32))
    assert model.training


def test_tensorboard_logger_writes_events(tmp_path):
    pytest.importorskip("tensorboard")
    from dlnotes.train import TensorBoardLogger

    x, y = make_data()
    model = make_model()
    fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(x, y, batch_size=32),
        epochs=2,
        callbacks=[TensorBoardLogger(tmp_path / "tb")],
        progress=False,
    )
    assert any(p.name.startswith("events.out.tfevents") for p in (tmp_path / "tb").iterdir())


def test_tensorboard_logger_values_read_back_equal_the_history(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from dlnotes.train import TensorBoardLogger

    x, y = make_data()
    model = make_model()
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(x, y, batch_size=32),
        val_data=Batches(x, y, batch_size=96),
        metrics={"accuracy": accuracy},
        epochs=3,
        callbacks=[TensorBoardLogger(tmp_path / "tb")],
        progress=False,
    )
    events = EventAccumulator(str(tmp_path / "tb")).Reload()
    assert set(events.Tags()["scalars"]) == set(history.to_dict()) - {"epoch"}
    for key in ["train_loss", "val_loss", "val_accuracy"]:
        logged = events.Scalars(key)
        assert [e.step for e in logged] == [1, 2, 3]
        assert [e.value for e in logged] == pytest.approx(history[key], abs=1e-6)


def _fit_with_liveplot(epochs, **kwargs):
    from dlnotes.train import LivePlot

    x, y = make_data()
    model = make_model()
    live = LivePlot(**kwargs)
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(x, y, batch_size=32),
        val_data=Batches(x, y, batch_size=96),
        epochs=epochs,
        callbacks=[live],
        progress=False,
    )
    return live, history


def test_liveplot_redraws_the_recorded_curves():
    live, history = _fit_with_liveplot(4, display=False)
    lines = {line.get_label(): line for line in live.ax.get_lines()}
    assert set(lines) == {"train_loss", "val_loss"}
    for key, line in lines.items():
        assert list(line.get_xdata()) == [1, 2, 3, 4]
        assert list(line.get_ydata()) == pytest.approx(history[key])


@pytest.mark.filterwarnings("ignore:Animation was deleted without rendering")
def test_liveplot_animation_replays_epoch_by_epoch():
    live, history = _fit_with_liveplot(7, keys=["train_loss"], display=False)
    assert list(live.animation().new_frame_seq()) == [1, 2, 3, 4, 5, 6, 7]
    anim = live.animation(every=3)
    assert list(anim.new_frame_seq()) == [3, 6, 7]
    anim._func(3)  # draw the frame of epoch 3: only three points
    (line,) = live.ax.get_lines()
    assert list(line.get_ydata()) == pytest.approx(history["train_loss"][:3])
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 3  # one embedded image per frame


def test_liveplot_animation_misuse_is_explained():
    from dlnotes.train import LivePlot

    assert_explained(lambda: LivePlot().animation(), RuntimeError, ["fit(", "history="])
    live, _ = _fit_with_liveplot(2, display=False)
    assert_explained(lambda: live.animation(every=0), ValueError, ["every", "0"])
    assert_explained(lambda: live.animation(history=History()), ValueError, ["empty"])


def test_seed_everything_makes_global_draws_repeatable():
    seed_everything(5)
    a = torch.rand(3)
    seed_everything(5)
    assert torch.equal(a, torch.rand(3))


def test_nan_loss_names_the_epoch_and_batch():
    x, y = make_data(64)
    x[40] = float("nan")  # sample 40 lands in the third batch of 16
    model = make_model()
    with pytest.raises(FloatingPointError) as excinfo:
        fit(
            model,
            nn.CrossEntropyLoss(),
            torch.optim.SGD(model.parameters(), lr=0.1),
            Batches(x, y, batch_size=16),
            epochs=2,
            progress=False,
        )
    message = str(excinfo.value)
    assert "epoch 1, batch 3" in message and "learning rate" in message and "isfinite" in message


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"epochs": 0}, ValueError, ["epochs must be an integer ≥ 1"]),
        ({"grad_accum_steps": 0}, ValueError, ["grad_accum_steps"]),
        ({"epochs": 2.5}, TypeError, ["epochs must be an integer ≥ 1", "epochs=10"]),
        ({"grad_accum_steps": "4"}, TypeError, ["grad_accum_steps must be an integer"]),
        ({"amp": "fp32"}, ValueError, ["amp must be False, True, 'bf16' or 'fp16'"]),
        ({"scheduler_step": "step"}, ValueError, ["scheduler_step", "'batch'", "OneCycleLR"]),
        ({"optimizer": "sgd"}, TypeError, ["torch.optim.Optimizer", "model.parameters()"]),
        (
            {"optimizer": torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)},
            ValueError,
            ["does not hold any of this model's parameters"],
        ),
        ({"train_data": [torch.zeros(4, 6)]}, TypeError, ["pair (inputs, targets)", "Batches"]),
        ({"train_data": []}, ValueError, ["no batches"]),
        (
            {"loss_fn": nn.CrossEntropyLoss(weight=torch.ones(3, device="meta"))},
            RuntimeError,
            ["different devices", "device=", "class weights"],
        ),
        ({"callbacks": [EarlyStopping(monitor="val_loss")]}, KeyError, ["val_loss", "val_data"]),
    ],
)
def test_misuse_is_explained(kwargs, error, words):
    x, y = make_data(32)
    model = make_model()
    args = {
        "model": model,
        "loss_fn": nn.CrossEntropyLoss(),
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        "train_data": Batches(x, y, batch_size=16),
        "epochs": 1,
        "progress": False,
    }
    args.update(kwargs)
    assert_explained(lambda: fit(**args), error, words)


@pytest.mark.gpu
def test_cpu_and_gpu_training_agree():
    if not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    x, y = make_data(256)
    results = []
    for device in ("cpu", "cuda"):
        model = make_model()
        history = fit(
            model,
            nn.CrossEntropyLoss(),
            torch.optim.SGD(model.parameters(), lr=0.1),
            Batches(x.to(device), y.to(device), batch_size=32),
            epochs=5,
            device=device,
            progress=False,
        )
        results.append((history["train_loss"], [p.detach().cpu() for p in model.parameters()]))
    (loss_cpu, params_cpu), (loss_gpu, params_gpu) = results
    assert loss_gpu == pytest.approx(loss_cpu, rel=1e-4)
    for p, q in zip(params_cpu, params_gpu, strict=True):
        torch.testing.assert_close(p, q, rtol=1e-3, atol=1e-4)


@pytest.mark.gpu
def test_mixed_precision_trains_on_cuda():
    if not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    x, y = make_data(512)
    for amp in (True, "fp16"):
        model = make_model()
        history = fit(
            model,
            nn.CrossEntropyLoss(),
            torch.optim.Adam(model.parameters(), lr=0.01),
            Batches(x.cuda(), y.cuda(), batch_size=64),
            epochs=10,
            device="cuda",
            amp=amp,
            progress=False,
        )
        assert history["train_loss"][-1] < 0.7 * history["train_loss"][0]
