"""A plain training loop with a few events, and the helpers around it.

:func:`fit` is the loop every PyTorch tutorial writes by hand, kept readable::

    for epoch in range(epochs):
        model.train()
        for x, y in train_data:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            ...  # validation loss and metrics

plus what a real run needs: metrics, a history, callbacks, gradient accumulation and clipping,
mixed precision, learning-rate schedules, a progress bar, checkpoints that resume exactly, errors
that explain a NaN loss or a device mismatch, and the same loop inside a ``torchrun`` script with
a ``DistributedDataParallel`` model (see :func:`fit`). Callbacks receive one explicit
:class:`TrainState`; there are no hidden globals.

Reading order: :func:`fit` (the epochs) → ``_train_one_epoch`` (the batches) →
``_train_one_batch`` (forward, loss, backward) → ``_update`` (clip, step, zero); the argument
checks come last.
"""

from __future__ import annotations

import contextlib
import copy
import math
import os
import pickle
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from dlnotes._validation import check_positive_int, describe

__all__ = [
    "Callback",
    "Checkpoint",
    "CheckpointError",
    "EarlyStopping",
    "History",
    "LRFinder",
    "LivePlot",
    "TensorBoardLogger",
    "TrainState",
    "accuracy",
    "evaluate",
    "fit",
    "load_checkpoint",
    "predict",
    "save_checkpoint",
    "seed_everything",
]

Metric = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


# -- metrics and history -----------------------------------------------------------------------


def accuracy(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Fraction of correct predictions, for multi-class or binary outputs.

    - ``outputs`` ``(N, C)`` scores (C ≥ 2) and ``targets`` ``(N,)`` class indices: the arg-max
      is the prediction.
    - ``outputs`` ``(N, 1)`` or ``(N,)`` logits and ``targets`` 0/1 of the same shape: a logit
      > 0 (probability > 0.5) predicts 1.

    Examples
    --------
    >>> accuracy(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0]))
    tensor(0.5000)
    >>> accuracy(torch.tensor([[1.5], [-0.3]]), torch.tensor([[1.0], [0.0]]))
    tensor(1.)
    """
    if outputs.dim() >= 2 and outputs.shape[1] > 1:
        expected = (outputs.shape[0], *outputs.shape[2:])
        if tuple(targets.shape) != expected:
            hint = (
                " They look one-hot encoded: use targets.argmax(dim=1)."
                if targets.shape == outputs.shape
                else ""
            )
            raise ValueError(
                f"targets must be class indices of shape {expected} for outputs of shape "
                f"{tuple(outputs.shape)} (N, C), got {tuple(targets.shape)}.{hint}"
            )
        return (outputs.argmax(dim=1) == targets).float().mean()
    if targets.shape != outputs.shape:
        raise ValueError(
            f"for binary outputs (one logit per sample) targets must have the outputs' shape, "
            f"{tuple(outputs.shape)}, got {tuple(targets.shape)}. Reshape one of them, e.g. "
            "targets.view_as(outputs)."
        )
    return ((outputs > 0).to(targets.dtype) == targets).float().mean()


class History:
    """Per-epoch records of a run: losses, metrics, learning rate and time.

    ``history["val_loss"]`` is the list of that value over the epochs; :meth:`to_dict` gives a
    column dict that ``pandas.DataFrame`` takes as it is.

    Examples
    --------
    >>> h = History()
    >>> h.append({"epoch": 1, "train_loss": 0.9})
    >>> h.append({"epoch": 2, "train_loss": 0.5})
    >>> h["train_loss"], len(h)
    ([0.9, 0.5], 2)
    >>> h.to_dict()
    {'epoch': [1, 2], 'train_loss': [0.9, 0.5]}
    """

    def __init__(self, records: Sequence[Mapping[str, float]] = ()):
        self.records: list[dict[str, float]] = [dict(r) for r in records]

    def append(self, record: Mapping[str, float]) -> None:
        """Add one epoch's record."""
        self.records.append(dict(record))

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, key: str) -> list[float]:
        if not any(key in r for r in self.records):
            known = sorted({k for r in self.records for k in r})
            raise KeyError(f"{key!r} was not recorded; the history has {known}.")
        return [r.get(key, math.nan) for r in self.records]

    def keys(self) -> list[str]:
        """Names of the recorded values, in first-seen order."""
        return list(dict.fromkeys(k for r in self.records for k in r))

    def to_dict(self) -> dict[str, list[float]]:
        """Columns: ``{name: [value per epoch]}``."""
        return {k: self[k] for k in self.keys()}

    @classmethod
    def from_dict(cls, columns: Mapping[str, Sequence[float]]) -> History:
        """Rebuild a history from :meth:`to_dict`'s output."""
        n = max((len(v) for v in columns.values()), default=0)
        return cls([{k: v[i] for k, v in columns.items() if i < len(v)} for i in range(n)])

    def __repr__(self) -> str:
        return f"History({len(self)} epochs: {', '.join(self.keys())})"


# -- state and callbacks -----------------------------------------------------------------------


@dataclass
class TrainState:
    """Everything a callback may read or change during :func:`fit`.

    Attributes
    ----------
    model : torch.nn.Module
        The model being trained.
    loss_fn : callable
        The loss function.
    optimizer : torch.optim.Optimizer
        The optimizer.
    train_data : iterable
        The training batches.
    val_data : iterable or None
        The validation batches.
    device : torch.device
        Where training runs.
    epochs : int
        Total epochs of the run.
    epoch : int
        Current epoch, counted from 1.
    batch : int
        Current batch within the epoch, counted from 1.
    step : int
        Optimizer steps taken so far.
    loss : torch.Tensor or None
        Loss of the last batch (detached; ``float(state.loss)`` gives the number).
    logs : dict
        The current epoch's record, filled at the epoch's end.
    history : History
        Records of the finished epochs.
    stop : bool
        Set it to True to end training after the current batch.
    scheduler : object or None
        The learning-rate scheduler, if any (saved in checkpoints).
    """

    model: nn.Module
    loss_fn: Callable
    optimizer: torch.optim.Optimizer
    train_data: Iterable
    val_data: Iterable | None
    device: torch.device
    epochs: int
    epoch: int = 0
    batch: int = 0
    step: int = 0
    loss: torch.Tensor | None = None
    logs: dict[str, float] = field(default_factory=dict)
    history: History = field(default_factory=History)
    stop: bool = False
    scheduler: Any = None

    def state_dict(self) -> dict[str, Any]:
        """What a checkpoint holds: the states of model, optimizer and scheduler, the progress
        (``epoch``, ``step``, ``history``) and the random states (torch's, the accelerator's in
        use — CUDA, MPS, XPU, … — and the training data's generator), as plain tensors, numbers,
        strings and lists: a file of it loads with
        ``torch.load(..., weights_only=True)``. :func:`save_checkpoint` writes it.

        Examples
        --------
        >>> model = nn.Linear(2, 1)
        >>> state = TrainState(model, nn.MSELoss(), None, [], None, torch.device("cpu"), 5, epoch=2)
        >>> saved = state.state_dict()
        >>> saved["format"], saved["epoch"], list(saved["model"])
        ('dlnotes-checkpoint-1', 2, ['weight', 'bias'])
        """
        generator = _data_generator(self.train_data)
        accelerator = _accelerator_rng_state()
        cuda = accelerator is not None and accelerator["type"] == "cuda"
        cuda_states = accelerator["states"] if cuda else []
        return {
            "format": _CHECKPOINT_FORMAT,
            "model": _unwrap(self.model).state_dict(),  # without DDP's "module." prefix
            "optimizer": self.optimizer.state_dict() if self.optimizer is not None else None,
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else None,
            "epoch": self.epoch,
            "step": self.step,
            "history": self.history.to_dict(),
            "rng": {
                "torch": torch.get_rng_state(),
                "cuda": cuda_states,  # as files before "accelerator" held them (older readers)
                "data": generator.get_state() if generator is not None else None,
                "accelerator": accelerator,  # {"type": "mps", "states": [...]} or None
            },
        }

    def load_state_dict(
        self,
        checkpoint: Mapping[str, Any],
        *,
        restore_rng: bool = True,
        source: object = "the checkpoint",
    ) -> None:
        """Put back what :meth:`state_dict` saved: the weights (a different architecture raises
        :class:`CheckpointError`, naming ``source``), the optimizer and scheduler states where
        this state has them, the progress and, if ``restore_rng``, the random states.

        Examples
        --------
        >>> model = nn.Linear(2, 1)
        >>> saved = TrainState(model, None, None, [], None, None, 5, epoch=2).state_dict()
        >>> state = TrainState(nn.Linear(2, 1), None, None, [], None, None, 5)
        >>> state.load_state_dict(saved)
        >>> state.epoch, torch.equal(state.model.weight, model.weight)
        (2, True)
        """
        _load_model_state(_unwrap(self.model), checkpoint["model"], source)
        if self.optimizer is not None and checkpoint["optimizer"] is not None:
            self.optimizer.load_state_dict(checkpoint["optimizer"])
        if self.scheduler is not None and checkpoint.get("scheduler") is not None:
            self.scheduler.load_state_dict(checkpoint["scheduler"])
        if restore_rng:
            torch.set_rng_state(checkpoint["rng"]["torch"])
            _set_accelerator_rng_state(checkpoint["rng"])
            generator = _data_generator(self.train_data)
            if generator is not None and checkpoint["rng"]["data"] is not None:
                generator.set_state(checkpoint["rng"]["data"])
        self.epoch, self.step = checkpoint["epoch"], checkpoint["step"]
        self.history = History.from_dict(checkpoint["history"])


class Callback:
    """Base class: override the events you need. Each receives the :class:`TrainState`.

    Order of events: ``on_fit_start``, then per epoch ``on_epoch_start``, ``on_batch_end`` after
    every optimizer step, ``on_epoch_end`` after validation; finally ``on_fit_end`` (also when a
    callback stopped the run early).

    A callback that writes (files, plots, logs) sets ``rank_zero_only = True``: under
    ``torch.distributed`` only the process of rank 0 runs it, so one file is written, not one per
    process.
    """

    rank_zero_only: bool = False

    def on_fit_start(self, state: TrainState) -> None:
        """Before the first epoch."""

    def on_epoch_start(self, state: TrainState) -> None:
        """Before an epoch's first batch."""

    def on_batch_end(self, state: TrainState) -> None:
        """After a training batch (its loss is ``state.loss``)."""

    def on_epoch_end(self, state: TrainState) -> None:
        """After validation; ``state.logs`` holds the epoch's record."""

    def on_fit_end(self, state: TrainState) -> None:
        """After the last epoch."""


# -- batches and devices -----------------------------------------------------------------------


def _unpack(batch: object) -> tuple[torch.Tensor, torch.Tensor]:
    if isinstance(batch, (tuple, list)) and len(batch) == 2:
        return batch[0], batch[1]
    raise TypeError(
        f"each batch must be a pair (inputs, targets), got {describe(batch)}. Build the data with "
        "Batches(x, y, ...) or DataLoader(TensorDataset(x, y), ...)."
    )


def _resolve_device(model: nn.Module, device: str | torch.device | None) -> torch.device:
    """``device``, else where the model's parameters are (all on one real device: checked).

    An accelerator named without an index (``"cuda"``, or what
    ``torch.accelerator.current_accelerator()`` returns) becomes the current one, ``cuda:0``:
    the device the model's parameters report after ``model.to(device)``."""
    if device is not None:
        device = torch.device(device)
        accelerator = torch.accelerator.current_accelerator()
        if device.index is None and accelerator is not None and device.type == accelerator.type:
            if torch.accelerator.is_available():
                return torch.device(device.type, torch.accelerator.current_device_index())
        return device
    _check_model_device(model)
    for tensor in model.parameters():
        return tensor.device
    return torch.device("cpu")


def _accelerator_rng_state() -> dict[str, Any] | None:
    """The random states of the accelerator in use (one per device), with its kind; None
    without one. ``torch.cuda`` and ``torch.xpu`` keep one state per device, ``torch.mps`` one."""
    if not torch.accelerator.is_available():
        return None
    kind = torch.accelerator.current_accelerator().type
    module = torch.get_device_module(kind)
    if hasattr(module, "get_rng_state_all"):
        return {"type": kind, "states": list(module.get_rng_state_all())}
    return {"type": kind, "states": [module.get_rng_state()]}


def _set_accelerator_rng_state(rng: Mapping[str, Any]) -> None:
    """Put back the accelerator's random states saved by :func:`_accelerator_rng_state`, when
    this machine has the same kind of accelerator (older files: CUDA's, under ``"cuda"``)."""
    saved = rng.get("accelerator")
    if saved is None and rng.get("cuda"):
        saved = {"type": "cuda", "states": rng["cuda"]}
    if saved is None or not saved["states"] or not torch.accelerator.is_available():
        return
    if torch.accelerator.current_accelerator().type != saved["type"]:
        return  # e.g. saved on a CUDA machine, resumed on a Mac: the CPU's state is restored
    module = torch.get_device_module(saved["type"])
    if hasattr(module, "set_rng_state_all"):
        module.set_rng_state_all(saved["states"])
    else:
        module.set_rng_state(saved["states"][0])


@contextlib.contextmanager
def _eval_mode(model: nn.Module):
    """``model.eval()`` under ``torch.no_grad()``; the model's train/eval mode is restored after."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)


# -- several processes (torch.distributed) ---------------------------------------------------


def _world() -> tuple[int, int]:
    """``(rank, world_size)`` of this process: ``(0, 1)`` unless a process group is running."""
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return torch.distributed.get_rank(), torch.distributed.get_world_size()
    return 0, 1


def _sum_over_ranks(sums: dict[str, Any], seen: int, device: torch.device) -> tuple[dict, int]:
    """Add up per-process sums and sample counts over all processes (unchanged in one process),
    so every process ends the epoch with the same, global averages."""
    if _world()[1] == 1:
        return sums, seen
    stacked = torch.stack(
        [torch.as_tensor(v, dtype=torch.float64, device=device) for v in sums.values()]
        + [torch.tensor(float(seen), dtype=torch.float64, device=device)]
    )  # (len(sums) + 1,)
    torch.distributed.all_reduce(stacked)  # a sum by default
    return dict(zip(sums, stacked[:-1].tolist(), strict=True)), int(stacked[-1])


def _unwrap(model: nn.Module) -> nn.Module:
    """The model inside a ``DistributedDataParallel`` (or ``DataParallel``) wrapper."""
    wrappers = (nn.parallel.DistributedDataParallel, nn.DataParallel)
    return model.module if isinstance(model, wrappers) else model


def _set_sampler_epoch(data: object, epoch: int) -> None:
    """Reshuffle a ``DistributedSampler`` for this epoch (counted from 0, as in PyTorch's
    examples): without it every epoch would visit the samples in the same order."""
    sampler = getattr(data, "sampler", None)
    if hasattr(sampler, "set_epoch"):
        sampler.set_epoch(epoch)


def _autocast(device: torch.device, amp: bool | str):
    if not amp:
        return contextlib.nullcontext()  # cheaper per batch than a disabled autocast
    dtype = torch.float16 if amp == "fp16" else torch.bfloat16
    return torch.autocast(device.type, dtype=dtype)


def _run_epoch_metrics(
    outputs: torch.Tensor, y: torch.Tensor, metrics: Mapping[str, Metric], sums: dict, n: int
) -> None:
    for name, metric in metrics.items():
        sums[name] = sums.get(name, 0.0) + metric(outputs.detach(), y) * n


# -- the loop ----------------------------------------------------------------------------------


def fit(
    model: nn.Module,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    train_data: Iterable,
    *,
    epochs: int,
    val_data: Iterable | None = None,
    metrics: Mapping[str, Metric] | None = None,
    callbacks: Sequence[Callback] = (),
    device: str | torch.device | None = None,
    grad_accum_steps: int = 1,
    clip_grad_norm: float | None = None,
    amp: bool | str = False,
    scheduler: Any = None,
    scheduler_step: str = "epoch",
    progress: bool = True,
    resume_from: str | Path | None = None,
) -> History:
    """Train ``model`` for ``epochs`` passes over ``train_data``; return the :class:`History`.

    Per batch: move to ``device``, forward, loss, backward, (clip), step — with the step taken
    every ``grad_accum_steps`` batches. After each epoch: validation in ``model.eval()`` under
    ``torch.no_grad()``, metrics, a history record, the scheduler, callbacks.

    Parameters
    ----------
    model : torch.nn.Module
        The model; moved to ``device`` if one is given.
    loss_fn : callable
        ``loss_fn(outputs, targets)`` returning a scalar tensor, e.g. ``nn.CrossEntropyLoss()``.
    optimizer : torch.optim.Optimizer
        Built on ``model.parameters()``.
    train_data, val_data : iterable
        Yield ``(inputs, targets)`` batches: a ``DataLoader`` or :class:`dlnotes.data.Batches`.
    epochs : int
        Total epochs (when resuming, including those already done).
    metrics : dict, optional
        ``{name: metric(outputs, targets)}``, e.g. ``{"accuracy": accuracy}``; averaged over
        samples, on training batches (as they are trained) and on validation data.
    callbacks : sequence of Callback
        Called at the events described in :class:`Callback`.
    device : str or torch.device, optional
        Where to train; by default where the model's parameters are. The machine's accelerator
        (CUDA, MPS, XPU, …) when it has one, else the CPU::

            device = (
                torch.accelerator.current_accelerator()
                if torch.accelerator.is_available()
                else torch.device("cpu")
            )
    grad_accum_steps : int
        Accumulate gradients over groups of this many batches before each step. Each batch's
        loss is divided by the size of its group, so a group of k equal batches of B acts like
        one batch of k·B; when the epoch's batch count is known (``len(train_data)``), a
        shorter last group is divided by its own size.
    clip_grad_norm : float, optional
        Rescale gradients so their total norm is at most this, before each step.
    amp : bool or str
        Mixed precision with ``torch.autocast`` on any device type where PyTorch supports it
        (CUDA, and CPUs too): ``True``/``"bf16"`` (bfloat16) or ``"fp16"`` (float16, with a
        gradient scaler). Whether it is faster depends on the hardware's support for those types.
    scheduler : optional
        A learning-rate scheduler. ``ReduceLROnPlateau`` is stepped with the epoch's validation
        loss (the training loss without ``val_data``).
    scheduler_step : str
        ``"epoch"`` (default): step the scheduler after every epoch; ``"batch"``: after every
        optimizer step, for schedules defined in steps such as ``OneCycleLR``.
    progress : bool
        Show a progress bar when output goes to a terminal (never in files or docs builds).
    resume_from : str or pathlib.Path, optional
        A checkpoint written by :class:`Checkpoint`: restores model, optimizer, scheduler,
        history, epoch and random states, then continues; on CPU the result is bit-identical
        to an uninterrupted run. A missing file starts from scratch.

    Returns
    -------
    History

    Notes
    -----
    **Several processes.** Inside a script launched with ``torchrun`` (one process per device,
    ``torch.distributed.init_process_group`` called first), pass the
    ``DistributedDataParallel``-wrapped model and a ``DataLoader`` with a
    ``DistributedSampler``. ``fit`` then calls the sampler's ``set_epoch`` every epoch, shows
    progress and runs the writing callbacks (:class:`Checkpoint`, :class:`TensorBoardLogger`,
    :class:`LivePlot`) on rank 0 only, and sums losses, metrics and sample counts over all
    processes, so every rank's :class:`History` holds the global figures. Checkpoints store the
    wrapped model's own ``state_dict`` (no ``module.`` prefix).

    Examples
    --------
    >>> from dlnotes.data import Batches
    >>> g = torch.Generator().manual_seed(0)
    >>> x = torch.randn(64, 3, generator=g)
    >>> y = x @ torch.tensor([[1.0], [-2.0], [0.5]])
    >>> model = nn.Linear(3, 1)
    >>> history = fit(model, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1),
    ...               Batches(x, y, batch_size=16, shuffle=True, generator=g), epochs=30,
    ...               progress=False)
    >>> history["train_loss"][-1] < 1e-3 < history["train_loss"][0]
    True
    """
    _check_fit_arguments(
        model, loss_fn, optimizer, epochs, grad_accum_steps, amp, scheduler, scheduler_step
    )
    device = _training_device(model, device, amp)
    model.to(device)
    state = TrainState(
        model, loss_fn, optimizer, train_data, val_data, device, epochs, scheduler=scheduler
    )
    if resume_from is not None and Path(resume_from).exists():  # no file yet: from scratch
        state.load_state_dict(_read_checkpoint(resume_from), source=Path(resume_from))
    run = _Run(device, amp, grad_accum_steps, clip_grad_norm, dict(metrics or {}), progress)
    callbacks = [c for c in callbacks if _world()[0] == 0 or not c.rank_zero_only]
    if scheduler is not None:  # first, so every other callback sees the stepped scheduler
        callbacks.insert(0, _StepScheduler(scheduler_step))

    _fire(callbacks, "on_fit_start", state)
    while state.epoch < epochs and not state.stop:
        state.epoch, state.batch = state.epoch + 1, 0
        _fire(callbacks, "on_epoch_start", state)
        started = time.perf_counter()
        logs = _train_one_epoch(state, run, callbacks)
        if val_data is not None:
            val = evaluate(model, loss_fn, val_data, metrics=run.metrics, device=device, amp=amp)
            logs.update({f"val_{k}": v for k, v in val.items()})
        logs["lr"] = optimizer.param_groups[0]["lr"]
        logs["time"] = time.perf_counter() - started
        state.logs = logs
        state.history.append(logs)
        _fire(callbacks, "on_epoch_end", state)
    _fire(callbacks, "on_fit_end", state)
    return state.history


def _train_one_epoch(state: TrainState, run: _Run, callbacks: Sequence[Callback]) -> dict:
    """One pass over the training data; returns the epoch's training loss and metrics."""
    _set_sampler_epoch(state.train_data, state.epoch - 1)
    state.model.train()
    tally = _EpochTally()
    n_batches = _length(state.train_data)
    state.optimizer.zero_grad()
    with _progress_bar(state, run.progress) as batches:
        for x, y in map(_unpack, batches):
            state.batch += 1
            outputs, y = _train_one_batch(state, run, x, y, n_batches)
            tally.add(state.loss, outputs, y, len(x), run.metrics)
            _fire(callbacks, "on_batch_end", state)
            if state.stop:
                break
    return tally.logs(state.epoch, run.device)


def _train_one_batch(state: TrainState, run: _Run, x, y, n_batches: int | None):
    """The lines of page 16 — forward, loss, backward, step — with the step taken once per
    group of ``grad_accum_steps`` batches. ``zero_grad`` follows the step (instead of coming
    before the forward pass), so gradients can accumulate over a group; at the start of an
    epoch they are zero either way."""
    _check_batch_device(x)
    x, y = x.to(run.device, non_blocking=True), y.to(run.device, non_blocking=True)
    try:
        with run.autocast:
            outputs = state.model(x)  # forward
            loss = state.loss_fn(outputs, y)  # loss
    except RuntimeError as error:
        raise _explain_device_error(error, state.model, x) from error
    _check_scalar_loss(loss)
    group = _group_size(state.batch, run.accum, n_batches)
    scaled = loss / group if group > 1 else loss  # a group of k batches: the mean of k losses
    (run.scaler.scale(scaled) if run.scaler else scaled).backward()  # backward: adds to .grad
    if state.batch % run.accum == 0 or state.batch == n_batches:
        _update(state, run)  # clip, step, zero_grad
    state.loss = loss.detach()
    return outputs, y


def _update(state: TrainState, run: _Run) -> None:
    """nanoGPT's update step: (unscale and) clip, step, zero the gradients."""
    optimizer = state.optimizer
    if run.clip is not None:
        if run.scaler:
            run.scaler.unscale_(optimizer)  # clip the true gradients, not the scaled ones
        torch.nn.utils.clip_grad_norm_(state.model.parameters(), run.clip)
    if run.scaler:
        run.scaler.step(optimizer)  # skips the step if the scaled gradients overflowed
        run.scaler.update()
    else:
        optimizer.step()
    optimizer.zero_grad()
    state.step += 1


class _StepScheduler(Callback):
    """Steps ``state.scheduler`` after every optimizer step (``every="batch"``) or after every
    epoch (``"epoch"``), where ``ReduceLROnPlateau`` gets the epoch's validation loss (its
    training loss without validation data). :func:`fit` puts it before the other callbacks."""

    def __init__(self, every: str):
        self.every = every

    def on_fit_start(self, state: TrainState) -> None:
        self.steps = state.step  # optimizer steps already taken (a resumed run's too)

    def on_batch_end(self, state: TrainState) -> None:
        if self.every == "batch" and state.step > self.steps:  # the optimizer stepped
            self.steps = state.step
            state.scheduler.step()

    def on_epoch_end(self, state: TrainState) -> None:
        if self.every != "epoch":
            return
        if isinstance(state.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            state.scheduler.step(state.logs.get("val_loss", state.logs["train_loss"]))
        else:
            state.scheduler.step()


# -- what the loop keeps track of --------------------------------------------------------------


@dataclass
class _Run:
    """The settings of one :func:`fit` call that the per-batch code reads."""

    device: torch.device
    amp: bool | str
    accum: int
    clip: float | None
    metrics: dict[str, Metric]
    progress: bool

    def __post_init__(self) -> None:
        self.autocast = _autocast(self.device, self.amp)  # one context, re-entered every batch
        fp16 = self.amp == "fp16"
        self.scaler = torch.amp.GradScaler(self.device.type) if fp16 else None


class _EpochTally:
    """Per-batch losses, batch sizes and metric sums of one training epoch."""

    def __init__(self) -> None:
        self.losses: list[torch.Tensor] = []  # detached, one per batch
        self.sizes: list[int] = []
        self.metric_sums: dict[str, torch.Tensor] = {}

    def add(self, loss: torch.Tensor, outputs: torch.Tensor, y: torch.Tensor, n: int, metrics):
        self.losses.append(loss)
        self.sizes.append(n)
        _run_epoch_metrics(outputs, y, metrics, self.metric_sums, n)

    def logs(self, epoch: int, device: torch.device) -> dict[str, float]:
        """The epoch's averages over samples (over all processes under torch.distributed)."""
        if not self.losses:
            raise ValueError(
                "train_data produced no batches: is the dataset empty, or drop_last=True with "
                "fewer samples than batch_size?"
            )
        losses = torch.stack(self.losses).float()  # (batches,)
        _check_finite(losses, epoch)  # once per epoch: a per-batch check would sync the GPU
        sizes = torch.tensor(self.sizes, dtype=losses.dtype, device=losses.device)
        sums = {"loss": losses @ sizes, **self.metric_sums}
        sums, seen = _sum_over_ranks(sums, sum(self.sizes), device)
        return {"epoch": epoch, **{f"train_{k}": float(v) / seen for k, v in sums.items()}}


def _length(data: Iterable) -> int | None:
    """Batches per epoch, or None for an iterable without a length."""
    try:
        return len(data)
    except TypeError:
        return None


def _group_size(batch: int, accum: int, n_batches: int | None) -> int:
    """How many batches share the optimizer step of batch ``batch`` (counted from 1)."""
    if accum == 1 or n_batches is None:
        return accum
    first = (batch - 1) // accum * accum + 1
    return min(first + accum - 1, n_batches) - first + 1


@contextlib.contextmanager
def _progress_bar(state: TrainState, show: bool):
    """The epoch's batches, wrapped in a tqdm bar when output goes to a terminal (tqdm's own
    rule), and on rank 0 only: one bar per run, not one per process."""
    if not (show and sys.stderr.isatty() and _world()[0] == 0):
        yield state.train_data
        return
    from tqdm.auto import tqdm  # imported here: only the progress bar needs it

    desc = f"epoch {state.epoch}/{state.epochs}"
    bar = tqdm(state.train_data, desc=desc, leave=False, file=sys.stderr)
    try:
        yield bar
    finally:
        bar.close()


def _fire(callbacks: Sequence[Callback], event: str, state: TrainState) -> None:
    for callback in callbacks:
        getattr(callback, event)(state)


# -- evaluation, prediction, seeds ------------------------------------------------------------


def evaluate(
    model: nn.Module,
    loss_fn: Callable | None,
    data: Iterable,
    *,
    metrics: Mapping[str, Metric] | None = None,
    device: str | torch.device | None = None,
    amp: bool | str = False,
) -> dict[str, float]:
    """Average loss and metrics of ``model`` over ``data``, in eval mode without gradients.

    Under the hood this is::

        model.eval()
        with torch.no_grad():
            for x, y in data:
                outputs = model(x.to(device))
                total += loss_fn(outputs, y.to(device)) * len(x)

    The model's previous train/eval mode is restored afterwards.

    Parameters
    ----------
    model : torch.nn.Module
        The model, left where it is.
    loss_fn : callable
        ``loss_fn(outputs, targets)``, e.g. ``nn.CrossEntropyLoss()``.
    data : iterable
        ``(inputs, targets)`` batches.
    metrics : dict, optional
        ``{name: metric(outputs, targets)}``, averaged over samples.
    device : str or torch.device, optional
        Where the batches go; by default where the model's parameters are, so a model trained
        with ``fit(..., device=device)`` is evaluated there (pass the same ``device`` chosen with
        ``torch.accelerator``, as for :func:`fit`).
    amp : bool or str
        Mixed precision, as in :func:`fit`.

    Returns
    -------
    dict
        ``{"loss": ..., **metrics}``, each averaged over samples.

    Examples
    --------
    >>> from dlnotes.data import Batches
    >>> model = nn.Linear(2, 1)
    >>> with torch.no_grad():
    ...     _ = model.weight.fill_(1.0), model.bias.zero_()
    >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> evaluate(model, nn.MSELoss(), Batches(x, torch.tensor([[3.0], [8.0]]), batch_size=1))
    {'loss': 0.5}
    """
    _check_loss_fn(loss_fn)
    device = _resolve_device(model, device)
    metrics = dict(metrics or {})
    total, sums, seen = torch.zeros((), device=device), {}, 0
    with _eval_mode(model), _autocast(device, amp):
        for x, y in map(_unpack, data):
            _check_batch_device(x)
            x, y = x.to(device), y.to(device)
            try:
                outputs = model(x)
            except RuntimeError as error:
                raise _explain_device_error(error, model, x) from error
            n = len(x)
            if loss_fn is not None:
                total = total + loss_fn(outputs, y).float() * n
            _run_epoch_metrics(outputs, y, metrics, sums, n)
            seen += n
    sums = {"loss": total, **sums} if loss_fn is not None else sums
    sums, seen = _sum_over_ranks(sums, seen, device)  # global figures under torch.distributed
    if seen == 0:
        raise ValueError("data produced no batches to evaluate on.")
    return {k: float(v) / seen for k, v in sums.items()}


def predict(
    model: nn.Module,
    data: torch.Tensor | Iterable,
    *,
    device: str | torch.device | None = None,
    batch_size: int = 1024,
) -> torch.Tensor:
    """Model outputs for every input, in eval mode without gradients, concatenated on the CPU.

    ``data`` is a tensor of inputs, or batches (``(x, y)`` pairs or bare inputs).

    Examples
    --------
    >>> model = nn.Linear(2, 3)
    >>> predict(model, torch.zeros(5, 2)).shape
    torch.Size([5, 3])
    """
    device = _resolve_device(model, device)
    if isinstance(data, torch.Tensor):
        data = [data[i : i + batch_size] for i in range(0, len(data), batch_size)]
    outputs = []
    with _eval_mode(model):
        for batch in data:
            x = batch[0] if isinstance(batch, (tuple, list)) else batch
            _check_batch_device(x)
            outputs.append(model(x.to(device)).cpu())
    return torch.cat(outputs)


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python's, NumPy's and torch's global generators; return a fresh seeded
    ``torch.Generator`` to pass explicitly (``generator=``) where an API takes one.

    Global seeds are a safety net for code that draws from the global generators (dropout,
    layer initialisation); explicit generators make the data order reproducible on their own.

    Examples
    --------
    >>> g = seed_everything(0)
    >>> a = torch.rand(1)
    >>> _ = seed_everything(0)
    >>> bool(torch.rand(1) == a)
    True
    """
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - the legacy global generator is what is being seeded
    torch.manual_seed(seed)  # seeds CUDA too
    return torch.Generator().manual_seed(seed)


# -- checks and the messages that explain a mistake --------------------------------------------


def _check_fit_arguments(
    model, loss_fn, optimizer, epochs, grad_accum_steps, amp, scheduler, scheduler_step
) -> None:
    check_positive_int(
        "epochs", epochs, fix="It is the number of passes over the training data, e.g. epochs=10."
    )
    check_positive_int("grad_accum_steps", grad_accum_steps, fix="Use 1 to step after every batch.")
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}.")
    _check_loss_fn(loss_fn)
    _check_optimizer(optimizer, model)
    if not (isinstance(amp, bool) or amp in ("bf16", "fp16")):
        raise ValueError(
            f"amp must be False, True, 'bf16' or 'fp16', got {amp!r}. True means bfloat16."
        )
    _check_scheduler_step(scheduler, scheduler_step)


def _check_optimizer(optimizer: object, model: nn.Module) -> None:
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            f"optimizer must be a torch.optim.Optimizer, got {describe(optimizer)}. Build it with "
            "e.g. torch.optim.SGD(model.parameters(), lr=0.1)."
        )
    model_params = {id(p) for p in model.parameters()}
    if not any(id(p) in model_params for group in optimizer.param_groups for p in group["params"]):
        raise ValueError(
            "the optimizer does not hold any of this model's parameters, so step() would change "
            "nothing. Build it from this model: torch.optim.SGD(model.parameters(), lr=...)."
        )


def _check_scheduler_step(scheduler: Any, scheduler_step: object) -> None:
    if scheduler_step not in ("epoch", "batch"):
        raise ValueError(
            f"scheduler_step must be 'epoch' or 'batch', got {scheduler_step!r}. Use 'batch' for "
            "schedules counted in optimizer steps, such as OneCycleLR."
        )
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    if plateau and scheduler_step == "batch":
        raise ValueError(
            "ReduceLROnPlateau watches a quantity measured once per epoch (the validation "
            "loss), so it cannot be stepped per batch: use scheduler_step='epoch'."
        )


def _training_device(model: nn.Module, device: str | torch.device | None, amp) -> torch.device:
    """Where to train: ``device``, else where the model is; checked before anything moves."""
    if device is not None and any(p.is_meta for p in model.parameters()):
        _check_model_device(model)  # model.to(device) gathers the rest, but not meta tensors
    device = _resolve_device(model, device)
    if amp and not torch.amp.is_autocast_available(device.type):
        raise ValueError(
            f"amp (mixed precision) needs torch.autocast, which PyTorch does not support on "
            f"{device.type!r} devices. Remove amp=..., or train on 'cuda' or 'cpu'."
        )
    return device


def _check_model_device(model: nn.Module) -> None:
    """All parameters and buffers on one device, and not on "meta" (shapes without data)."""
    where: dict[str, list[str]] = {}
    for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
        where.setdefault(str(tensor.device), []).append(name)
    if "meta" in where:
        raise RuntimeError(
            f"the model's {', '.join(where['meta'][:4])} are on the meta device, which holds "
            "shapes but no data, so they cannot be trained or copied to another device. Create "
            "those layers without device='meta' (or call model.to_empty(device=...) and "
            "initialize them), so that model.to(device) can move everything."
            + (
                f" Other parameters are on {', '.join(sorted(set(where) - {'meta'}))}."
                if len(where) > 1
                else ""
            )
        )
    if len(where) > 1:
        listing = "; ".join(f"{d}: {', '.join(names[:4])}" for d, names in sorted(where.items()))
        raise RuntimeError(
            f"the model's parameters are on several devices ({listing}). A layer created or "
            "moved separately was left behind: call model.to(device) once after building the "
            "whole model, or pass device= to fit."
        )


def _check_batch_device(x: torch.Tensor) -> None:
    if isinstance(x, torch.Tensor) and x.is_meta:
        raise RuntimeError(
            f"the input batch of shape {tuple(x.shape)} is on the meta device, which holds no "
            "data, so it cannot be copied to the model's device (cpu or cuda). Create the data "
            "with real values, on the CPU or with device= the model's device."
        )


def _check_loss_fn(loss_fn: object) -> None:
    if isinstance(loss_fn, type):
        raise TypeError(
            f"loss_fn must be a loss function or an instance of a loss class, got the class "
            f"{loss_fn.__module__.replace('torch.nn.modules.loss', 'nn')}.{loss_fn.__name__} "
            f"itself. Create an instance: {loss_fn.__name__}() (note the parentheses), e.g. "
            "nn.CrossEntropyLoss()."
        )
    if not callable(loss_fn):
        raise TypeError(
            f"loss_fn must be callable as loss_fn(outputs, targets), got {describe(loss_fn)}."
        )


def _check_scalar_loss(loss: torch.Tensor) -> None:
    if loss.dim() != 0:
        raise ValueError(
            f"loss_fn must return a scalar (one number to call backward() on), got a tensor of "
            f"shape {tuple(loss.shape)}: one loss per sample. Use the loss's default "
            "reduction='mean' (or 'sum'), or average it yourself in a wrapper."
        )


def _explain_device_error(error: RuntimeError, model: nn.Module, x: torch.Tensor) -> RuntimeError:
    if "device" not in str(error):
        return error
    where = {name: str(p.device) for name, p in model.named_parameters()}
    devices = sorted(set(where.values()))
    return RuntimeError(
        f"Tensors on different devices: the batch is on {x.device}, the model's parameters on "
        f"{', '.join(devices)}. Choose one device and move everything there: pass device=... to "
        "fit (it moves the model and every batch), and create any tensor the loss uses (class "
        f"weights, masks) on that device too. PyTorch said: {error}"
    )


def _check_finite(stacked: torch.Tensor, epoch: int) -> None:
    """Raise if any batch loss of the epoch is NaN or infinite, naming the first such batch.

    Checked once per epoch rather than per batch: a per-batch check would force the GPU to
    synchronise with the CPU at every step.
    """
    bad = ~torch.isfinite(stacked)
    if bool(bad.any()):
        batch = int(bad.nonzero()[0]) + 1
        value = float(stacked[batch - 1])
        raise FloatingPointError(
            f"the training loss became {value} at epoch {epoch}, batch {batch}. Likely causes: "
            "the learning rate is too high (try 10× smaller); a log of zero (use the logits "
            "versions, BCEWithLogitsLoss or CrossEntropyLoss on raw scores, instead of log of "
            "probabilities); NaN or inf in the data (check torch.isfinite(x).all()); or "
            "exploding gradients (pass clip_grad_norm=1.0)."
        )


# -- checkpoints -------------------------------------------------------------------------------


class CheckpointError(RuntimeError):
    """A checkpoint file cannot be used: missing, truncated, corrupt or unsafe."""


_CHECKPOINT_FORMAT = "dlnotes-checkpoint-1"  # the layout of TrainState.state_dict()


def _data_generator(data: object) -> torch.Generator | None:
    generator = getattr(data, "generator", None)
    return generator if isinstance(generator, torch.Generator) else None


def _load_model_state(model: nn.Module, saved: Mapping[str, torch.Tensor], path: object) -> None:
    """load_state_dict, with a mismatch explained as one line per differing tensor."""
    own = model.state_dict()
    missing = [k for k in own if k not in saved]
    unexpected = [k for k in saved if k not in own]
    resized = [
        f"{k}: saved {tuple(saved[k].shape)}, model {tuple(own[k].shape)}"
        for k in own
        if k in saved and saved[k].shape != own[k].shape
    ]
    if missing or unexpected or resized:
        problems = (
            [f"missing from the checkpoint: {', '.join(missing)}"] * bool(missing)
            + [f"not in the model: {', '.join(unexpected)}"] * bool(unexpected)
            + resized
        )
        raise CheckpointError(
            f"{path} was saved from a different architecture: " + "; ".join(problems) + ". "
            "Build the model exactly as it was when the checkpoint was saved (same layer sizes "
            "and names), then load."
        )
    model.load_state_dict(saved)


def save_checkpoint(
    path: str | Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    *,
    epoch: int = 0,
    step: int = 0,
    history: History | None = None,
    train_data: object = None,
    scheduler: Any = None,
) -> Path:
    """Write model, optimizer, progress and random states to ``path``, atomically.

    The file is first written in full to a temporary file beside ``path``, flushed to disk, and
    then renamed over ``path`` in one step (``os.replace``). A crash or a kill at any moment
    leaves either the old checkpoint or the new one, never a half-written file.

    Everything saved is plain tensors, numbers and lists, so it loads with
    ``torch.load(..., weights_only=True)``, which refuses to run code hidden in a file.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pt")
    >>> model = nn.Linear(2, 1)
    >>> _ = save_checkpoint(path, model, epoch=3)
    >>> load_checkpoint(path, nn.Linear(2, 1))["epoch"]
    3
    """
    path = Path(path)
    state = _bare_state(model, optimizer, train_data, scheduler)
    state.epoch, state.step, state.history = epoch, step, history or History()
    _write_atomically(path, state.state_dict())
    return path


def _bare_state(model, optimizer, train_data, scheduler) -> TrainState:
    """A :class:`TrainState` of just what a checkpoint stores (no loss, validation or device)."""
    return TrainState(model, None, optimizer, train_data, None, None, 0, scheduler=scheduler)


def _write_atomically(path: Path, payload: dict[str, Any]) -> None:
    """``torch.save`` to a temporary file beside ``path``, flushed to disk, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk before the rename makes them visible
        os.replace(tmp, path)  # atomic on POSIX and Windows
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def load_checkpoint(
    path: str | Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    *,
    train_data: object = None,
    scheduler: Any = None,
    restore_rng: bool = True,
    map_location: str | torch.device | None = None,
) -> dict[str, Any]:
    """Load a checkpoint written by :func:`save_checkpoint` into ``model`` (and ``optimizer``).

    Loads with ``weights_only=True``: a file that contains arbitrary Python objects is refused
    with an explanation instead of being executed. A truncated or corrupt file raises
    :class:`CheckpointError` naming the file, not a pickle traceback.

    Returns
    -------
    dict
        The checkpoint's contents (``epoch``, ``step``, ``history``, …).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "broken.pt")
    >>> _ = open(path, "wb").write(b"not a checkpoint")
    >>> load_checkpoint(path, nn.Linear(2, 1))
    Traceback (most recent call last):
    ...
    dlnotes.train.CheckpointError: ...broken.pt is not a readable checkpoint (truncated or corrupt...
    """
    path = Path(path)
    checkpoint = _read_checkpoint(path, map_location)
    state = _bare_state(model, optimizer, train_data, scheduler)
    state.load_state_dict(checkpoint, restore_rng=restore_rng, source=path)
    return checkpoint


def _read_checkpoint(
    path: str | Path, map_location: str | torch.device | None = None
) -> dict[str, Any]:
    """The contents of a checkpoint file, refused with a :class:`CheckpointError` that says why
    when it is missing, unreadable, unsafe or not a dlnotes checkpoint."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(
            f"no checkpoint at {path} (file not found; a relative path starts from the current "
            "directory, os.getcwd()). Check the file name and folder."
        )
    try:
        checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        if "allowed global" in str(error) or "Unsupported global" in str(error):
            raise CheckpointError(
                f"{path} contains Python objects other than tensors and plain values, so it was "
                "refused: loading it could run arbitrary code (torch.load with weights_only=True). "
                "Only if you trust its source, load it yourself with weights_only=False."
            ) from None
        raise CheckpointError(
            f"{path} is not a readable checkpoint (truncated or corrupt): {error}."
        ) from None
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError) as error:
        raise CheckpointError(
            f"{path} is not a readable checkpoint (truncated or corrupt: {type(error).__name__}). "
            "If a save was interrupted, the previous checkpoint file is intact; load that one."
        ) from None
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != _CHECKPOINT_FORMAT:
        raise CheckpointError(
            f"{path} is a PyTorch file but not a dlnotes checkpoint (no 'format' entry). For a "
            "bare state_dict use model.load_state_dict(torch.load(path, weights_only=True))."
        )
    return checkpoint


# -- callbacks ---------------------------------------------------------------------------------


class Checkpoint(Callback):
    """Save a checkpoint every ``every`` epochs (and at the end), atomically.

    Pass the same path as ``fit(..., resume_from=path)`` to continue an interrupted run exactly
    where it stopped. Under ``torch.distributed`` only rank 0 writes the file.
    """

    rank_zero_only = True

    def __init__(self, path: str | Path, every: int = 1):
        self.path = Path(path)
        self.every = every

    def _save(self, state: TrainState) -> None:
        _write_atomically(self.path, state.state_dict())

    def on_epoch_end(self, state: TrainState) -> None:
        if state.epoch % self.every == 0:
            self._save(state)

    def on_fit_end(self, state: TrainState) -> None:
        if state.epoch % self.every != 0:
            self._save(state)


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved for ``patience`` epochs; restore the best weights.

    Parameters
    ----------
    monitor : str
        A history key, e.g. ``"val_loss"`` or ``"val_accuracy"``.
    patience : int
        Epochs without improvement to wait.
    mode : str
        ``"min"`` (losses) or ``"max"`` (accuracies).
    min_delta : float
        Smallest change that counts as an improvement.
    restore_best : bool
        Load the weights of the best epoch at the end.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 3,
        mode: str = "min",
        min_delta: float = 0.0,
        restore_best: bool = True,
    ):
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}.")
        self.monitor, self.patience, self.mode = monitor, patience, mode
        self.min_delta, self.restore_best = min_delta, restore_best

    def on_fit_start(self, state: TrainState) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = 0
        self.best_state: dict[str, torch.Tensor] | None = None
        self.wait = 0

    def on_epoch_end(self, state: TrainState) -> None:
        if self.monitor not in state.logs:
            raise KeyError(
                f"EarlyStopping monitors {self.monitor!r}, which fit did not record (it has "
                f"{sorted(state.logs)}). Pass val_data to fit, or monitor 'train_loss'."
            )
        value = state.logs[self.monitor]
        better = (
            value < self.best - self.min_delta
            if self.mode == "min"
            else value > self.best + self.min_delta
        )
        if better:
            self.best, self.best_epoch, self.wait = value, state.epoch, 0
            self.best_state = copy.deepcopy(state.model.state_dict())
        else:
            self.wait += 1
            if self.wait >= self.patience:
                state.stop = True

    def on_fit_end(self, state: TrainState) -> None:
        if self.restore_best and self.best_state is not None:
            state.model.load_state_dict(self.best_state)


class LRFinder(Callback):
    """Learning-rate range test: raise the learning rate exponentially from ``min_lr`` to
    ``max_lr`` over ``steps`` batches, record the loss, stop when it explodes, then put the
    model and optimizer back as they were.

    The best learning rate is usually somewhat below the one where the loss falls fastest;
    :meth:`suggestion` returns that steepest point.

    Examples
    --------
    >>> from dlnotes.data import Batches
    >>> g = torch.Generator().manual_seed(0)
    >>> x = torch.randn(256, 4, generator=g)
    >>> y = x.sum(dim=1, keepdim=True)
    >>> model = nn.Linear(4, 1)
    >>> with torch.no_grad():  # a fixed start, so the example always prints the same
    ...     _ = model.weight.zero_(), model.bias.zero_()
    >>> finder = LRFinder(min_lr=1e-4, max_lr=10, steps=60)
    >>> _ = fit(model, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=1.0),
    ...         Batches(x, y, batch_size=16, shuffle=True, generator=g), epochs=10,
    ...         callbacks=[finder], progress=False)
    >>> round(finder.suggestion(), 3)  # then try a learning rate near this
    0.112
    >>> model.weight.abs().sum().item()  # the range test left the model as it was
    0.0
    """

    def __init__(
        self,
        min_lr: float = 1e-6,
        max_lr: float = 10.0,
        steps: int = 100,
        smoothing: float = 0.9,
        diverge_factor: float = 4.0,
    ):
        if not 0 < min_lr < max_lr:
            raise ValueError(f"need 0 < min_lr < max_lr, got {min_lr!r} and {max_lr!r}.")
        self.min_lr, self.max_lr, self.steps = min_lr, max_lr, steps
        self.smoothing, self.diverge_factor = smoothing, diverge_factor
        self.lrs: list[float] = []
        self.losses: list[float] = []

    def _set_lr(self, state: TrainState, lr: float) -> None:
        for group in state.optimizer.param_groups:
            group["lr"] = lr

    def _lr(self, i: int) -> float:
        return self.min_lr * (self.max_lr / self.min_lr) ** (i / max(1, self.steps - 1))

    def on_fit_start(self, state: TrainState) -> None:
        self._saved = (
            copy.deepcopy(state.model.state_dict()),
            copy.deepcopy(state.optimizer.state_dict()),
        )
        self.lrs, self.losses, self._avg, self._best = [], [], 0.0, math.inf
        self._set_lr(state, self._lr(0))

    def on_batch_end(self, state: TrainState) -> None:
        i = len(self.lrs)
        loss = float(state.loss)
        self._avg = self.smoothing * self._avg + (1 - self.smoothing) * loss
        smoothed = self._avg / (1 - self.smoothing ** (i + 1))  # bias-corrected running mean
        self.lrs.append(self._lr(i))
        self.losses.append(smoothed)
        self._best = min(self._best, smoothed)
        if (
            i + 1 >= self.steps
            or not math.isfinite(smoothed)
            or smoothed > self.diverge_factor * self._best
        ):
            state.stop = True
        else:
            self._set_lr(state, self._lr(i + 1))

    def on_fit_end(self, state: TrainState) -> None:
        model_state, optimizer_state = self._saved
        state.model.load_state_dict(model_state)
        state.optimizer.load_state_dict(optimizer_state)

    def suggestion(self) -> float:
        """The learning rate where the smoothed loss fell fastest (steepest negative slope).

        Only the stretch between the first points (where the running mean is still noisy) and
        the lowest loss is searched: beyond the minimum the loss is already blowing up.
        """
        if len(self.losses) < 5:
            raise RuntimeError("the range test recorded fewer than 5 points; run more steps.")
        losses = np.array(self.losses)
        start = min(10, len(losses) // 5)
        stop = max(start + 2, int(np.nanargmin(losses)) + 1)
        slopes = np.gradient(losses[start:stop], np.log10(self.lrs[start:stop]))
        return float(self.lrs[start + int(np.nanargmin(slopes))])


class LivePlot(Callback):
    """Redraw the loss curves after every epoch while training runs.

    In a notebook the figure updates in place (through IPython's display); anywhere else the
    figure is kept in ``fig`` and updated, and :meth:`animation` replays the run epoch by
    epoch as a matplotlib animation (which sphinx-gallery renders on a page).
    """

    rank_zero_only = True

    def __init__(
        self, keys: Sequence[str] = ("train_loss", "val_loss"), display: bool | None = None
    ):
        self.keys = tuple(keys)
        self.display = display
        self.fig = None

    def _make_figure(self) -> None:
        import matplotlib.pyplot as plt

        self.fig, self.ax = plt.subplots(figsize=(6, 3.5), layout="constrained")

    def on_fit_start(self, state: TrainState) -> None:
        self._make_figure()
        if self.display is None:
            self.display = "ipykernel" in sys.modules and "IPython" in sys.modules

    def _draw(self, history: History, upto: int | None = None) -> list:
        from dlnotes.plotting import plot_training_curves

        self.ax.clear()
        columns = History(history.records[:upto]).to_dict()
        keys = [k for k in self.keys if k in columns]
        if keys:
            plot_training_curves(columns, keys=keys, ax=self.ax)
        self.ax.set(title="training progress")
        self.ax.set_xlim(0.5, max(len(history), 1) + 0.5)
        return self.ax.get_lines()

    def on_epoch_end(self, state: TrainState) -> None:
        self._draw(state.history)
        if self.display:
            from IPython.display import clear_output, display

            clear_output(wait=True)
            display(self.fig)

    def animation(self, history: History | None = None, interval: int = 300, every: int = 1):
        """A ``FuncAnimation`` that replays the recorded history epoch by epoch.

        Parameters
        ----------
        history : History, optional
            The run to replay; by default the one this callback watched.
        interval : int
            Milliseconds between frames.
        every : int
            Draw a frame every ``every`` epochs (the last epoch is always a frame): fewer
            frames make a long run's animation faster to render and smaller to embed.

        Examples
        --------
        >>> import torch
        >>> from torch import nn
        >>> live = LivePlot(keys=["train_loss"])
        >>> data = [(torch.randn(8, 2), torch.randn(8, 1))]
        >>> model = nn.Linear(2, 1)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
        >>> _ = fit(model, nn.MSELoss(), opt, data, epochs=10, callbacks=[live], progress=False)
        >>> anim = live.animation(every=3)
        >>> list(anim.new_frame_seq())  # the epochs drawn: every third, and the last
        [3, 6, 9, 10]
        >>> html = anim.to_jshtml()  # a self-contained player for a web page
        >>> html.count("data:image/png;base64")  # one embedded image per frame
        4
        >>> import matplotlib.pyplot as plt
        >>> plt.close(live.fig)
        """
        from matplotlib.animation import FuncAnimation

        every = check_positive_int("every", every, fix="Use every=1 to draw every epoch.")
        if history is None:
            if self.fig is None or not hasattr(self, "_history"):
                raise RuntimeError(
                    "LivePlot.animation() replays a finished run: pass this LivePlot to "
                    "fit(..., callbacks=[live]) first, or give history=."
                )
            history = self._history
        if len(history) == 0:
            raise ValueError("history is empty: there is no epoch to animate.")
        if self.fig is None:
            self._make_figure()
        upto = list(range(every, len(history) + 1, every))
        if not upto or upto[-1] != len(history):
            upto.append(len(history))
        return FuncAnimation(
            self.fig,
            lambda n: self._draw(history, n),
            frames=upto,
            interval=interval,
            blit=False,
        )

    def on_fit_end(self, state: TrainState) -> None:
        self._history = state.history


class TensorBoardLogger(Callback):
    """Write every value of the history to TensorBoard after each epoch.

    Open the logs with ``tensorboard --logdir <log_dir>`` and a browser at
    http://localhost:6006. Needs the ``tensorboard`` package.
    """

    rank_zero_only = True

    def __init__(self, log_dir: str | Path):
        self.log_dir = Path(log_dir)

    def on_fit_start(self, state: TrainState) -> None:
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            raise ImportError(
                "TensorBoardLogger needs the tensorboard package: pip install tensorboard."
            ) from None
        self.writer = SummaryWriter(log_dir=str(self.log_dir))

    def on_epoch_end(self, state: TrainState) -> None:
        for key, value in state.logs.items():
            if key != "epoch":
                self.writer.add_scalar(key, value, global_step=state.epoch)
        self.writer.flush()

    def on_fit_end(self, state: TrainState) -> None:
        self.writer.close()
