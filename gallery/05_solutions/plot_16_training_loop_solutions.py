r"""
Solutions: the training loop
============================

The answers to the exercises of
:ref:`the training loop <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, computed when
the site is built; each ends with an ``assert`` on its answer. The set-up is the tutorial's: the
digits and their seeded split, an MLP with dropout built from ``nn`` layers, cross-entropy, SGD
with momentum, the same seeds.
"""

# %%
# .. _solution-16-1:
#
# Exercise 16.1 ★★: forgetting the evaluation mode
# ------------------------------------------------
# :ref:`The exercise <exercise-16-1>`. The tutorial's hand loop as a function, with the
# ``model.eval()`` line as an option:
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import train_val_split
from dlnotes.datasets import load_digits

x, y = load_digits(as_images=False)  # (1797, 64), (1797,)
(x_train, y_train), (x_val, y_val) = train_val_split(
    x, y, val_fraction=0.22, generator=torch.Generator().manual_seed(0)
)
val_batches = DataLoader(TensorDataset(x_val, y_val), batch_size=256)
loss_fn = nn.CrossEntropyLoss()


def setup():
    """Same initial weights, data order and dropout draws on every call."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    train_batches = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    return model, optimizer, train_batches


def train(epochs=15, use_eval=True, patience=None):
    """The hand loop; (train loss, val loss) per epoch. With ``patience``,
    stop once the validation loss has not improved for that many epochs."""
    model, optimizer, train_batches = setup()
    history, best, wait = [], float("inf"), 0
    for _ in range(epochs):
        model.train()
        total, seen = 0.0, 0
        for xb, yb in train_batches:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total, seen = total + loss.item() * len(xb), seen + len(xb)
        if use_eval:
            model.eval()
        with torch.no_grad():
            val = sum(
                loss_fn(model(xb), yb).item() * len(xb)
                for xb, yb in val_batches
            )
        history.append((total / seen, val / len(x_val)))
        if patience is not None:
            best, wait = (
                (history[-1][1], 0)
                if history[-1][1] < best
                else (best, wait + 1)
            )
            if wait >= patience:
                break
    return model, history


with_eval, history = train()
without_eval, history_no_eval = train(use_eval=False)
for name, h in [
    ("with model.eval()", history),
    ("without", history_no_eval),
]:
    print(
        f"{name:>17}: epoch 1 train loss {h[0][0]:.4f}, val loss {h[0][1]:.4f}"
    )
same = all(
    torch.equal(a, b)
    for a, b in zip(
        with_eval.parameters(), without_eval.parameters(), strict=True
    )
)
print("final weights identical:", same)
# epoch 1's training runs before any evaluation: the same operations, the same numbers
assert abs(history[0][0] - history_no_eval[0][0]) < 1e-6
# dropout on during validation: another loss (by far more than rounding)
assert abs(history[0][1] - history_no_eval[0][1]) > 0.01
assert not same

# %%
# Epoch 1's training loss is the same (1.7828), its validation loss is not (0.9106 instead of
# 0.8123): dropout stays on during the evaluation. And the training changes from epoch 2 on, so the final weights differ: in train
# mode, every validation batch draws dropout masks from PyTorch's global random generator, which
# shifts every dropout mask of the following training epochs. The loop on the page, with
# ``model.eval()``, is the one ``fit`` reproduces weight for weight.
#
# .. _solution-16-2:
#
# Exercise 16.2 ★★: early stopping
# --------------------------------
# :ref:`The exercise <exercise-16-2>`. ``fit`` with the callback, as the exercise asks (``fit``
# is the hand loop, checked equal to it on
# :ref:`the tutorial <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`), and the same
# rule in the hand loop:
from dlnotes.train import EarlyStopping, fit

model, optimizer, train_batches = setup()
stopper = EarlyStopping(patience=2)
fitted = fit(
    model,
    loss_fn,
    optimizer,
    train_batches,
    epochs=100,
    val_data=val_batches,
    callbacks=[stopper],
    progress=False,
)
val_losses = fitted["val_loss"]
stopped, best_epoch = len(val_losses), stopper.best_epoch
print("val loss per epoch:", [round(v, 4) for v in val_losses])
print(f"fit stops after epoch {stopped}; the best epoch is {best_epoch}")
model.eval()
with torch.no_grad():
    restored = sum(
        loss_fn(model(xb), yb).item() * len(xb) for xb, yb in val_batches
    )
print(f"val loss of the weights fit returns: {restored / len(x_val):.4f}")
_, by_hand = train(epochs=100, patience=2)
print(f"the hand loop with the same rule stops after epoch {len(by_hand)}")
assert len(by_hand) == stopped < 100  # the same rule, the same epoch
# two epochs without a new best after the best one, and the best weights restored
assert (
    stopped == best_epoch + 2
    and min(val_losses) == val_losses[best_epoch - 1]
)
assert abs(restored / len(x_val) - min(val_losses)) < 1e-6

# %%
# It stops after epoch 13, two epochs after the lowest validation loss (0.0874, at epoch 11), and
# ``restore_best=True`` (the default) puts the weights of that best epoch back into the model.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
epochs = range(1, stopped + 1)
ax.plot(epochs, fitted["train_loss"], "o-", label="training loss")
ax.plot(epochs, val_losses, "o-", label="validation loss")
ax.axvline(
    best_epoch, color="grey", ls=":", label=f"best epoch ({best_epoch})"
)
ax.set(xlabel="epoch", ylabel="loss", title="EarlyStopping(patience=2)")
ax.legend()
plt.show()
