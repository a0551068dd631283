r"""
Solutions: watching training
============================

The answers to the exercises of
:ref:`watching training <sphx_glr_tutorials_04_architectures_plot_26_watching_training.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The run is the
tutorial's: a wide MLP on 300 of the 8×8 digits, a fifth of them with a wrong label, Adam,
batches of 32, the rest of the digits held out.
"""

# %%
# The tutorial's data and run, with the learning rate and the labels as settings:
import math

import torch
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_digits

images, labels = load_digits(as_images=False)  # (1797, 64), (1797,)
order = torch.randperm(
    len(images), generator=torch.Generator().manual_seed(0)
)
x_train, clean = images[order[:300]], labels[order[:300]].clone()
x_val, y_val = images[order[300:]], labels[order[300:]]
noise = torch.Generator().manual_seed(2)
wrong = torch.rand(300, generator=noise) < 0.2  # (300,) bool
noisy = clean.clone()
noisy[wrong] = torch.randint(0, 10, (int(wrong.sum()),), generator=noise)
BATCH = 32
print(
    f"{int((noisy != clean).sum())} of {len(noisy)} training labels are wrong; "
    f"batches of {BATCH}"
)


def make_run(lr=3e-3, y_train=noisy):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 512), nn.ReLU(), nn.Linear(512, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    batches = Batches(
        x_train,
        y_train,
        batch_size=BATCH,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    return model, optimizer, batches


def train(model, optimizer, batches, epochs):
    """The tutorial's plain loop: the mean training loss and the validation loss per epoch."""
    loss_fn = nn.CrossEntropyLoss()
    train_losses, val_losses = [], []
    for _ in range(epochs):
        model.train()
        total, seen = 0.0, 0
        for x, y in batches:  # (32, 64), (32,)
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total, seen = total + loss.item() * len(x), seen + len(x)
        train_losses.append(total / seen)
        model.eval()
        with torch.no_grad():
            val_losses.append(loss_fn(model(x_val), y_val).item())
    return train_losses, val_losses


# %%
# .. _solution-26-1:
#
# Exercise 26.1 ★★: a rate too high
# ---------------------------------
# :ref:`The exercise <exercise-26-1>`. The page's rate, ten times it and a hundred times it, 15
# epochs each:
import matplotlib.pyplot as plt

curves = {
    lr: train(*make_run(lr), epochs=15)[0] for lr in [3e-3, 3e-2, 3e-1]
}
chance = math.log(10)
for lr, losses in curves.items():
    print(
        f"lr = {lr:.0e}: training loss {losses[0]:.2f} after epoch 1, "
        f"{losses[-1]:.2f} after epoch 15"
    )
print(f"ln 10 = {chance:.2f}")
settled = sum(curves[3e-1][-5:]) / 5
print(f"lr = 3e-1, mean of the last 5 epochs: {settled:.2f}")
assert curves[3e-1][0] > 10 * chance  # the first epoch blows the loss up
assert (
    0.8 * chance < settled < 1.2 * chance
)  # then it sits near the uniform guess
assert (
    curves[3e-2][-1] < 0.5 * chance and curves[3e-3][-1] < 0.5 * chance
)  # these learn

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for lr, losses in curves.items():
    ax.semilogy(range(1, 16), losses, ".-", label=f"lr = {lr:.0e}")
ax.axhline(chance, color="gray", ls=":", label="ln 10: a uniform guess")
ax.set(
    xlabel="epoch",
    ylabel="training loss (log scale)",
    title="Adam at three learning rates",
)
ax.legend()
plt.show()

# %%
# A rate too high does not look like over-fitting. The loss jumps in the first epoch, to more than
# ten times :math:`\ln 10`, and then stays near :math:`\ln 10`, the score of a uniform guess, for
# the rest of the run: this model stopped learning. ``lr=3e-2`` is not too high for this model: its
# training loss falls like that of ``lr=3e-3``.
#
# .. _solution-26-2:
#
# Exercise 26.2 ★★: when does early stopping stop?
# ------------------------------------------------
# :ref:`The exercise <exercise-26-2>`. ``fit`` runs the plain loop of the
# :ref:`training-loop page <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, with
# callbacks around it; ``EarlyStopping`` stops when the validation loss has not improved for 3
# epochs in a row and loads back the best epoch's weights.
from dlnotes.train import EarlyStopping, fit

model, optimizer, batches = make_run()
stopper = EarlyStopping(patience=3)
history = fit(
    model,
    nn.CrossEntropyLoss(),
    optimizer,
    batches,
    val_data=Batches(x_val, y_val, batch_size=500),
    epochs=60,
    callbacks=[stopper],
    progress=False,
)
stopped = len(history["val_loss"])
print(
    f"stopped after epoch {stopped}; kept the weights of epoch {stopper.best_epoch}"
)
print(f"validation loss at epoch {stopper.best_epoch}: {stopper.best:.3f}")

_, plain_val = train(*make_run(), epochs=60)  # the tutorial's 60-epoch run
lowest = min(plain_val)
print(
    f"lowest validation loss of the 60 epochs: {lowest:.3f}, at epoch {plain_val.index(lowest) + 1}"
)
assert (
    stopped == stopper.best_epoch + 3
)  # three epochs without improvement, then stop
assert (
    stopper.best > lowest
)  # it kept an epoch before the run's lowest point

# %%
# With patience 3 the run stops three epochs after a dip of the noisy validation curve and keeps
# the dip's weights; had it waited, the loss would have fallen below that value later. A
# patience of a few epochs suits a smooth curve; on a noisy one, a larger patience waits for the
# real turn. (A ``min_delta`` would not: it only makes an improvement harder to count, so the run
# stops at the same epoch or earlier.)
#
# .. _solution-26-3:
#
# Exercise 26.3 ★★: without the wrong labels
# ------------------------------------------
# :ref:`The exercise <exercise-26-3>`. The same 60 epochs, once on the noisy labels (the
# tutorial's run) and once on the correct ones:
val = {
    "wrong labels": plain_val,
    "correct labels": train(*make_run(y_train=clean), epochs=60)[1],
}
turn, rise = {}, {}
for name, losses in val.items():
    best = min(losses)
    turn[name] = losses.index(best) + 1
    rise[name] = losses[-1] - best
    print(
        f"{name:>14}: lowest validation loss {best:.3f} at epoch {turn[name]}, "
        f"then up {rise[name]:.3f} by epoch 60"
    )
assert turn["correct labels"] > turn["wrong labels"]
assert rise["correct labels"] < rise["wrong labels"] / 4

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, losses in val.items():
    ax.plot(range(1, 61), losses, ".-", label=name)
ax.set(
    xlabel="epoch",
    ylabel="validation loss",
    title="The same run, with and without wrong labels",
)
ax.legend()
plt.show()

# %%
# With correct labels the validation loss reaches its lowest point much later and barely rises
# afterwards: on this run, most of the turn that the tutorial watches for comes from the model
# memorising the wrong labels.
