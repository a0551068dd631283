r"""
The training loop, written out — and the same loop as ``dlnotes.fit``
=====================================================================

Every PyTorch model is trained by the same dozen lines: for each epoch, for each batch, move the
batch to the device, reset the gradients, compute outputs and loss, backpropagate, step; then
evaluate on held-out data without gradients. This page writes a digit classifier as an
``nn.Module`` and that loop by hand, then runs :func:`dlnotes.train.fit` on the same model, data
order and optimizer, and shows that the numbers are identical. You will be able to:

* write a complete training and evaluation loop, and say what each line is for;
* explain ``model.train()`` / ``model.eval()`` and ``torch.no_grad()``;
* read off which line of the plain loop each ``fit`` feature stands for, and which layers
  :class:`dlnotes.models.MLP` builds.

The workflow is the one from the notes: prepare and split the data → choose model, loss and
optimizer → fit → check on held-out data.
"""

# %%
# Data, model, loss, optimizer
# ----------------------------
# scikit-learn's 8×8 digits, flattened to 64 features, split with a seeded
# permutation (``val_fraction=0.22``); a network 64 → 64 → 10 with ReLU and dropout, written as an
# ``nn.Module``; cross-entropy on the raw scores; SGD with momentum. A ``TensorDataset`` pairs the
# inputs with their labels, and a ``DataLoader`` draws shuffled mini-batches from it (the next
# page shows how it works).
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import train_val_split
from dlnotes.datasets import load_digits

x, y = load_digits(as_images=False)
(x_train, y_train), (x_val, y_val) = train_val_split(
    x, y, val_fraction=0.22, generator=torch.Generator().manual_seed(0)
)
device = (  # a GPU of any kind if there is one, else the CPU
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
EPOCHS = 15


class DigitNet(nn.Module):
    def __init__(self, hidden=64, dropout=0.2):
        super().__init__()
        self.hidden = nn.Linear(64, hidden)
        # dropout acts only in model.train() mode
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, 10)

    def forward(self, x):  # (B, 64) pixels
        h = self.dropout(torch.relu(self.hidden(x)))  # (B, 64)
        # (B, 10) scores, no softmax: the loss applies it
        return self.out(h)


def setup():
    """Same initial weights, data order and dropout draws on every call."""
    torch.manual_seed(0)
    model = DigitNet()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    train_batches = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=32,
        shuffle=True,
        # a reproducible shuffle
        generator=torch.Generator().manual_seed(1),
    )
    return model, optimizer, train_batches


val_batches = DataLoader(TensorDataset(x_val, y_val), batch_size=256)
loss_fn = nn.CrossEntropyLoss()
print(
    f"{len(x_train)} training and {len(x_val)} "
    f"validation images; device: {device}"
)
print(f"{x.shape[1]} features per image")
print(DigitNet())

# %%
# The loop by hand
# ----------------
model, optimizer, train_batches = setup()
model.to(device)
by_hand = []
for epoch in range(1, EPOCHS + 1):
    model.train()  # dropout on
    total_loss, seen = 0.0, 0
    for xb, yb in train_batches:
        xb, yb = xb.to(device), yb.to(device)  # 1. to the model's device
        optimizer.zero_grad()  # 2. forget the previous step's gradients
        outputs = model(xb)  # 3. forward: (B, 10) scores
        loss = loss_fn(outputs, yb)  # 4. loss (mean over the batch)
        loss.backward()  # 5. gradients of the loss w.r.t. every parameter
        optimizer.step()  # 6. update the parameters
        total_loss += loss.item() * len(xb)
        seen += len(xb)

    model.eval()  # dropout off: evaluation must be deterministic
    # no graph, no gradients: faster and uses less memory
    with torch.no_grad():
        val_loss, correct = 0.0, 0
        for xb, yb in val_batches:
            xb, yb = xb.to(device), yb.to(device)
            outputs = model(xb)
            # no backward, no step
            val_loss += loss_fn(outputs, yb).item() * len(xb)
            correct += (outputs.argmax(dim=1) == yb).sum().item()
    by_hand.append(
        (total_loss / seen, val_loss / len(x_val), correct / len(x_val))
    )
    if epoch % 5 == 0:
        print(
            f"epoch {epoch:2d}: train loss {by_hand[-1][0]:.4f}, "
            f"val loss {by_hand[-1][1]:.4f}, "
            f"val accuracy {by_hand[-1][2]:.3f}"
        )
hand_weights = [p.detach().clone() for p in model.parameters()]

# %%
# The same with ``dlnotes.fit``
# -----------------------------
# :func:`dlnotes.train.fit` runs exactly these steps; ``metrics`` adds the accuracy, and the per-epoch
# numbers come back in a :class:`~dlnotes.train.History`.
from dlnotes.train import accuracy, fit

model, optimizer, train_batches = setup()
history = fit(
    model,
    loss_fn,
    optimizer,
    train_batches,
    epochs=EPOCHS,
    val_data=val_batches,
    metrics={"accuracy": accuracy},
    device=device,
    progress=False,
)

print(
    f"{'epoch':>5} {'train loss (hand / fit)':>26} "
    f"{'val accuracy (hand / fit)':>28}"
)
for epoch in (1, 5, 10, 15):
    hand_train, _, hand_acc = by_hand[epoch - 1]
    record = history.records[epoch - 1]
    print(
        f"{epoch:>5} {hand_train:>12.6f} / {record['train_loss']:.6f} "
        f"{hand_acc:>13.4f} / {record['val_accuracy']:.4f}"
    )
same_weights = all(
    torch.equal(a, b)
    for a, b in zip(hand_weights, model.parameters(), strict=True)
)
print("final weights identical:", same_weights)
assert same_weights
for (hand_train, hand_val, hand_acc), record in zip(
    by_hand, history.records, strict=True
):
    assert abs(hand_train - record["train_loss"]) < 1e-6
    assert (
        abs(hand_val - record["val_loss"]) < 1e-6
        and abs(hand_acc - record["val_accuracy"]) < 1e-9
    )

# %%
# The curves ``fit`` recorded. Two things in them need explaining.
import matplotlib.pyplot as plt

from dlnotes.plotting import plot_training_curves

fig, (ax_loss, ax_acc) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
plot_training_curves(history, ax=ax_loss)
plot_training_curves(
    history, keys=["train_accuracy", "val_accuracy"], ax=ax_acc
)
ax_loss.set_title("loss")
ax_acc.set_title("accuracy")
plt.show()
assert history["val_accuracy"][-1] > 0.95

# %%
# First, the validation accuracy is *above* the training accuracy in most epochs. That is not a
# bug: the training numbers are measured with dropout on, which handicaps the network, and they
# are averages over an epoch during which the weights keep improving, while the validation
# numbers are measured once, with dropout off, by the weights at the end of the epoch.
ahead = [
    r["epoch"]
    for r in history.records
    if r["val_accuracy"] > r["train_accuracy"]
]
print("epochs with validation accuracy above training accuracy:", ahead)
assert len(ahead) > EPOCHS / 2

# %%
# Second, the validation loss is below the training loss in most epochs, for the same reasons.
# It does not fall in every epoch: in this run it rises at epochs 9, 12 and 13 (listed below the
# table), each time while the training loss falls — for an epoch or two, what over-fitting looks
# like. But each rise is undone within two epochs, and the lowest validation loss is at the last
# epoch. On this run the rises are a wobble of the average over 395 validation images, not
# over-fitting, which is a validation loss that turns up *for good* while the training loss keeps
# falling; within these 15 epochs there is no sign of that yet.
val_losses, train_losses = history["val_loss"], history["train_loss"]
print(f"{'epoch':>5} {'training loss':>14} {'validation loss':>16}")
for epoch, (t, v) in enumerate(
    zip(train_losses, val_losses, strict=True), start=1
):
    print(f"{epoch:>5} {round(t, 4)!s:>14} {round(v, 4)!s:>16}")
below = sum(v < t for v, t in zip(val_losses, train_losses, strict=True))
best = min(range(EPOCHS), key=val_losses.__getitem__)
rises = [
    e for e in range(2, EPOCHS + 1) if val_losses[e - 1] > val_losses[e - 2]
]
print(
    f"validation below training in {below} of "
    f"{EPOCHS} epochs; lowest at epoch {best + 1}"
)
print("epochs in which the validation loss rose:", rises)
# rises that did not last: the lowest validation loss is the last one
assert below > EPOCHS / 2 and rises and best == EPOCHS - 1

# %%
# Under the hood
# --------------
# ===================================================  ==============================================
# ``fit`` argument / feature                           what it is in the plain loop
# ===================================================  ==============================================
# ``train_data``, ``epochs``                           the two ``for`` loops
# ``device=``                                          ``model.to(device)``, ``xb.to(device)``
# (always)                                             ``model.train()``, forward, loss,
#                                                      ``backward``, ``step``, ``zero_grad``
# ``val_data=``                                        ``model.eval()`` + ``torch.no_grad()`` loop
# ``metrics={"accuracy": accuracy}``                   the ``argmax == y`` count, per batch
# ``grad_accum_steps=k``                               ``loss / k``; ``step`` every *k* batches
# ``clip_grad_norm=c``                                 ``clip_grad_norm_(params, c)`` before ``step``
# ``scheduler=``                                       ``scheduler.step()`` after each epoch
# ``callbacks=[...]``                                  code at epoch/batch boundaries (early
#                                                      stopping, checkpoints, live plots)
# the returned ``History``                             the ``by_hand`` list above
# ===================================================  ==============================================
#
# One difference in placement: ``fit`` calls ``zero_grad`` at the start of every epoch and then
# right *after* each ``step`` (so that with ``grad_accum_steps=k`` gradients can add up over *k*
# batches), where the loop above calls it just before the forward pass. Both clear the gradients
# between two steps, so the updates are the same — the identical weights above show it. The
# :doc:`benchmarks page </benchmarks>` measures what ``fit`` costs over the plain loop.
#
# The model, too, has a packaged version: :class:`dlnotes.models.MLP` builds ``DigitNet``'s
# layers from the list of layer sizes, as an ``nn.Sequential`` kept in ``.layers`` (``Linear``,
# ``ReLU``, ``Dropout``, ``Linear``), and checks the shape of its input. Its two ``Linear`` layers
# (numbers 0 and 3) take the trained ``DigitNet``'s weights, and in evaluation mode (dropout off)
# it gives the same scores:
from dlnotes.models import MLP

packaged = MLP((64, 64, 10), activation="relu", dropout=0.2)
packaged.layers[0].load_state_dict(model.hidden.state_dict())
packaged.layers[3].load_state_dict(model.out.state_dict())
print(packaged)
packaged.to(device).eval()
model.eval()
x_all = x.to(device)  # (1797, 64): all the images
# the same operations in the same order; the tolerance allows
# another kernel on another machine
torch.testing.assert_close(
    packaged(x_all), model(x_all), rtol=1e-5, atol=1e-6
)
print(f"MLP gives DigitNet's scores on all {len(x)} images")

# %%
# Key points
# ----------
# * Per batch: move to device, ``zero_grad``, forward, loss, ``backward``, ``step``; a
#   ``DataLoader`` supplies the batches.
# * Evaluate in ``model.eval()`` mode under ``torch.no_grad()``, with no ``backward`` or ``step``;
#   switch back to ``model.train()`` before training again. Training numbers (dropout on,
#   averaged over a changing model) are not comparable one-to-one with validation numbers.
# * A model is an ``nn.Module``: layers in ``__init__``, the computation in ``forward``.
#   :class:`dlnotes.models.MLP` builds the same layers from a list of sizes.
# * ``dlnotes.fit`` is that loop, with the same results; use it when the loop is not the lesson.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_16_training_loop_solutions.py>`.
#
# .. _exercise-16-1:
#
# **Exercise 16.1** ★★ — *Forgetting the evaluation mode.* Copy the hand loop into the cell
# below without its ``model.eval()`` line, starting from a fresh ``setup()``. In epoch 1, is the
# training loss still the page's, and the validation loss? After the last epoch, are the weights
# still identical to those of ``fit``? Why does a change in the *evaluation* change the
# *training*?
# :ref:`Solution <solution-16-1>`

# Your code for exercise 16.1

# %%
# .. _exercise-16-2:
#
# **Exercise 16.2** ★★ — *Early stopping.* Run ``fit`` from a fresh ``setup()`` with
# ``epochs=100`` and ``callbacks=[EarlyStopping(patience=2)]`` (from :mod:`dlnotes.train`; it
# watches ``val_loss`` and, at the end, loads back the best epoch's weights). After which epoch
# does it stop, and the weights of which epoch does the model hold at the end?
# :ref:`Solution <solution-16-2>`

# Your code for exercise 16.2

# %%
# Next: :ref:`datasets and data loaders <sphx_glr_tutorials_03_training_plot_17_datasets_dataloaders.py>`.
