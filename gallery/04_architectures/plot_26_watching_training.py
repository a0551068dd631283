r"""
Watching training: live loss curves and TensorBoard
===================================================

A training run that takes minutes or hours should not be a black box until it ends. The
loss curves show early whether the learning rate is too high, whether the model is still
improving, and when it starts to overfit. This page shows two ways to watch them:

* a figure that redraws itself after every epoch: the plain code in your own loop first,
  then :class:`dlnotes.train.LivePlot`, the same as a callback for
  :func:`dlnotes.train.fit`, shown here as the animation of a real run;
* logging to TensorBoard with ``SummaryWriter``, reading the logs back, and opening
  them in a browser.

(The study notes used visdom for this. TensorBoard does the same job and keeps the logs as
files; it is a package of its own, ``pip install tensorboard``, and PyTorch's
``torch.utils.tensorboard`` writes its files.)
"""

# %%
# A run worth watching
# --------------------
# A wide MLP trained on only 300 of scikit-learn's 8×8 digits, a fifth of them with a
# wrong label (hand-labelled data has such mistakes). The network will learn the digits
# first, then start memorising the wrong labels: its training loss keeps falling while
# the held-out loss turns and rises. That turn is what a live curve lets you see.
import torch
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_digits

images, labels = load_digits(as_images=False)  # (1797, 64), (1797,)
order = torch.randperm(
    len(images), generator=torch.Generator().manual_seed(0)
)
x_train, y_train = images[order[:300]], labels[order[:300]].clone()
x_val, y_val = images[order[300:]], labels[order[300:]]
noise = torch.Generator().manual_seed(2)
wrong = torch.rand(300, generator=noise) < 0.2  # (300,) bool
y_train[wrong] = torch.randint(0, 10, (int(wrong.sum()),), generator=noise)
print(
    f"{int((y_train != labels[order[:300]]).sum())} "
    "of 300 training labels are wrong"
)


def make_run():
    """A fresh seeded model, optimizer and batches: each run below starts
    identically."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 512), nn.ReLU(), nn.Linear(512, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    batches = Batches(
        x_train,
        y_train,
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    return model, optimizer, batches


val_batches = Batches(x_val, y_val, batch_size=500)


def validation_loss(model):
    """Mean cross-entropy on the held-out images, in eval mode, without
    gradients."""
    model.eval()
    with torch.no_grad():
        return nn.functional.cross_entropy(model(x_val), y_val).item()


# %%
# A live-updating figure
# ----------------------
# In your own loop, a live plot takes a list per curve and one figure. At the end of every
# epoch, append the epoch's losses and redraw the figure from the lists. In Jupyter,
# ``display(fig)`` then shows the new picture, and ``clear_output(wait=True)`` removes the
# previous one just before it, so the picture seems to update in place. After the loop,
# ``plt.close(fig)``: Jupyter shows every figure still open when a cell ends, so the last
# picture would otherwise appear twice.
#
# The same code runs as a plain script (this page is built that way). There is no
# ``IPython`` display to update then, so ``in_notebook`` is false and the loop only redraws
# the figure, without showing it.
import sys

import matplotlib.pyplot as plt

in_notebook = "ipykernel" in sys.modules  # running in Jupyter?
if in_notebook:
    from IPython.display import clear_output, display


def draw(ax, train_losses, val_losses):
    """The curves so far, on a cleared axes."""
    epochs = range(1, len(train_losses) + 1)
    ax.clear()
    ax.plot(epochs, train_losses, ".-", label="train")
    ax.plot(epochs, val_losses, ".-", label="validation")
    ax.set(xlabel="epoch", ylabel="loss")
    ax.legend()


model, optimizer, batches = make_run()
loss_fn = nn.CrossEntropyLoss()
train_losses, val_losses = [], []
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for _ in range(60):  # epochs
    model.train()
    total, seen = 0.0, 0
    for x, y in batches:  # (32, 64), (32,)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total, seen = total + loss.item() * len(x), seen + len(x)
    train_losses.append(total / seen)
    val_losses.append(validation_loss(model))
    # the live plot: redraw, then (in Jupyter) replace the picture shown
    draw(ax, train_losses, val_losses)
    if in_notebook:
        clear_output(wait=True)
        display(fig)
plt.close(fig)  # or Jupyter shows the last picture once more

# %%
# The last picture, with the best epoch marked. Validation loss bottoms out long before
# training loss stops falling: after that the network is memorising its training images,
# wrong labels included. In the first epochs the training loss lies *above* the validation
# loss, although the network trains on those very images. Two reasons add up, and this page
# does not separate them: the training loss is the average over the epoch's batches as they
# were trained, from a network that was still worse at the start of the epoch; and 59 of the
# 300 training labels are wrong (printed above), so a network that predicts the true digit
# pays a large loss on each of them, while every validation label is right.
best_epoch = min(range(len(val_losses)), key=val_losses.__getitem__) + 1
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
draw(ax, train_losses, val_losses)
# the title is also the figure's alt text on the web page
ax.set_title("training and validation loss per epoch, plain loop")
ax.axvline(
    best_epoch,
    color="0.4",
    ls=":",
    label=f"lowest validation loss (epoch {best_epoch})",
)
ax.legend()
plt.show()
# sphinx_gallery_thumbnail_number = 1
print(f"lowest validation loss {min(val_losses):.3f} at epoch {best_epoch}")
print(f"after epoch {len(val_losses)}: {val_losses[-1]:.3f}")
assert val_losses[-1] > 1.3 * min(val_losses)
assert train_losses[-1] < train_losses[best_epoch - 1]

# %%
# Under the hood: ``LivePlot``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# :class:`dlnotes.train.LivePlot` is that redraw, packaged as a callback:
# :func:`dlnotes.train.fit` calls its ``on_epoch_end`` after every epoch with the training
# state, and it redraws the curves from ``state.history``; in Jupyter it replaces the
# picture shown, as the loop above does. A web page cannot run the training, so here the
# recorded run is replayed as an animation (press play; one frame every third epoch keeps
# the page light). The run is the plain loop's, step for step:
from dlnotes.train import LivePlot, fit

model, optimizer, batches = make_run()
live = LivePlot(keys=("train_loss", "val_loss"))
history = fit(
    model,
    nn.CrossEntropyLoss(),
    optimizer,
    batches,
    val_data=val_batches,
    epochs=60,
    callbacks=[live],
    progress=False,
)
# a matplotlib FuncAnimation
animation = live.animation(interval=250, every=3)
for key, plain in [("train_loss", train_losses), ("val_loss", val_losses)]:
    diff = max(abs(a - b) for a, b in zip(history[key], plain, strict=True))
    print(f"{key}: largest difference from the plain loop {diff:.1e}")
    # the same steps; the losses are summed in another order (fit over
    # batches of 500 validation images, the loop in one batch)
    assert diff < 1e-5

# %%
# :class:`~dlnotes.train.EarlyStopping` is the automatic version of watching: it stops
# the run when the validation loss has not improved for ``patience`` epochs and restores
# the best weights.
#
# Logging to TensorBoard
# ----------------------
# A figure lives only as long as its notebook. TensorBoard instead stores every value in
# *event files* in a log directory, and a small local web server draws them, for many
# runs side by side and while they are still training. Writing is a ``SummaryWriter``
# (from ``torch.utils.tensorboard``; needs ``pip install tensorboard``) and one
# ``add_scalar(tag, value, step)`` call per value. Each tag gets its own chart; to draw the
# training and the validation loss on **one** chart, so that the gap between them is visible,
# log them together with ``add_scalars(tag, {name: value, ...}, step)``. Here is the plain
# loop with logging:
import tempfile
from pathlib import Path

from torch.utils.tensorboard import SummaryWriter

# usually just "runs/"
log_root = Path(tempfile.mkdtemp(prefix="dlnotes-runs-"))
model, optimizer, batches = make_run()
loss_fn = nn.CrossEntropyLoss()
writer = SummaryWriter(log_dir=log_root / "plain-loop")
step = 0
for epoch in range(1, 31):
    model.train()
    total, seen = 0.0, 0
    for x, y in batches:
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
        writer.add_scalar("batch/train_loss", loss.item(), step)
        total, seen = total + loss.item() * len(x), seen + len(x)
    val_loss = validation_loss(model)
    writer.add_scalars(
        "loss", {"train": total / seen, "validation": val_loss}, epoch
    )
writer.close()  # flushes the last values to disk

# %%
# With :func:`~dlnotes.train.fit`, the :class:`~dlnotes.train.TensorBoardLogger`
# callback writes every entry of the history after each epoch (under the tag of the
# history's key):
from dlnotes.train import TensorBoardLogger

model, optimizer, batches = make_run()
history = fit(
    model,
    nn.CrossEntropyLoss(),
    optimizer,
    batches,
    val_data=val_batches,
    epochs=10,
    callbacks=[TensorBoardLogger(log_root / "fit")],
    progress=False,
)

# %%
# Reading the logs back
# ~~~~~~~~~~~~~~~~~~~~~
# The event files are ordinary files: TensorBoard's ``EventAccumulator`` loads them in
# Python, which is also how to check what was logged. The values read back equal those of
# the history:
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)

for run in sorted(
    p.relative_to(log_root) for p in log_root.glob("**/events.*")
):
    events = EventAccumulator(str(log_root / run.parent)).Reload()
    tags = events.Tags()["scalars"]
    print(
        f"{run.parent}: {len(tags)} scalar tags: {', '.join(sorted(tags))}"
    )

logged = (
    EventAccumulator(str(log_root / "fit")).Reload().Scalars("val_loss")
)
print(
    "val_loss as logged:   ", [round(e.value, 4) for e in logged[:5]], "..."
)
print(
    "val_loss in history:  ",
    [round(v, 4) for v in history["val_loss"][:5]],
    "...",
)
assert [e.step for e in logged] == list(range(1, 11))
assert all(
    abs(e.value - v) < 1e-6
    for e, v in zip(logged, history["val_loss"], strict=True)
)

# %%
# ``add_scalars`` wrote each curve to a sub-directory of the run (``loss_train``,
# ``loss_validation``), which TensorBoard shows as two runs sharing the chart of the tag
# ``loss``. Read back and drawn here, that chart shows the gap the first figure showed:
curves = {
    name: EventAccumulator(str(log_root / "plain-loop" / f"loss_{name}"))
    .Reload()
    .Scalars("loss")
    for name in ("train", "validation")
}
fig, ax = plt.subplots(figsize=(6.5, 3.5), layout="constrained")
for name, events in curves.items():
    ax.plot(
        [e.step for e in events],
        [e.value for e in events],
        "o-",
        ms=3,
        label=name,
    )
ax.set(
    xlabel="epoch", ylabel="loss", title="TensorBoard tag 'loss', read back"
)
ax.legend()
plt.show()
train_end, val_end = (
    curves["train"][-1].value,
    curves["validation"][-1].value,
)
val_best = min(e.value for e in curves["validation"])
print(
    f"epoch 30: train {train_end:.3f}, validation {val_end:.3f} "
    f"(lowest validation {val_best:.3f})"
)
assert val_end > 1.5 * train_end and val_end > val_best

# This page's logs were written to a temporary directory; remove it again.
import shutil

shutil.rmtree(log_root)

# %%
# Opening TensorBoard
# ~~~~~~~~~~~~~~~~~~~
# In a terminal, point TensorBoard at the log root and open the address it prints,
# normally ``http://localhost:6006``::
#
#     tensorboard --logdir runs
#
# Every sub-directory is one run, drawn in its own colour; the SCALARS tab shows each
# tag's curve and updates while training writes. In Jupyter, ``%load_ext tensorboard``
# then ``%tensorboard --logdir runs`` embeds the same view in the notebook. Give runs
# names that say what changed (``runs/lr-3e-3-wide``), and compare them side by side.
#
# Key points
# ----------
# * Watch the training *and* validation loss while training runs: a validation loss that
#   rises while the training loss falls shows overfitting, as in this run. (A loss that jumps
#   up can be a sign of a learning rate that is too high; this page does not show one.)
# * A live figure is redrawn from the recorded losses at the end of every epoch; in Jupyter,
#   ``clear_output(wait=True)`` and ``display(fig)`` make it update in place, and
#   ``plt.close(fig)`` after the loop keeps the last picture from appearing twice.
#   ``LivePlot`` is the same as a callback for ``fit``.
# * ``SummaryWriter.add_scalar(tag, value, step)`` logs to event files that TensorBoard
#   draws; ``add_scalars`` puts several curves (training and validation loss) on one chart;
#   ``tensorboard --logdir runs`` serves them at ``http://localhost:6006``.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_26_watching_training_solutions.py>`.
#
# .. _exercise-26-1:
#
# **Exercise 26.1** ★★ — *A rate too high.* Train ``make_run()``'s model with Adam at
# ``lr=3e-1`` instead of ``3e-3`` (replace its optimizer) for ``epochs=15``, and record the
# training loss of every epoch. What is the loss after the first epoch, and where does it settle?
# Compare it with the loss of a model that gives every class the same probability: the log of the
# number of classes.
# :ref:`Solution <solution-26-1>`

# Your code for exercise 26.1

# %%
# .. _exercise-26-2:
#
# **Exercise 26.2** ★★ — *When does early stopping stop?* Run ``fit`` on ``make_run()`` for up to
# 60 epochs with ``val_data=val_batches`` and ``callbacks=[EarlyStopping(patience=3)]``
# (``fit`` and ``EarlyStopping`` come from ``dlnotes.train``). At which
# epoch does it stop, which epoch's weights does it keep, and is that epoch's validation loss the
# lowest of the plain loop's 60 epochs above?
# :ref:`Solution <solution-26-2>`

# Your code for exercise 26.2

# %%
# .. _exercise-26-3:
#
# **Exercise 26.3** ★★ — *Without the wrong labels.* Train the same model on the 300 images with
# their correct labels (``labels[order[:300]]``), 60 epochs, as in the plain loop. At which epoch
# is the validation loss lowest now, and by how much (a difference of losses) does it rise from
# there to epoch 60, compared with the run on the noisy labels?
# :ref:`Solution <solution-26-3>`

# Your code for exercise 26.3
