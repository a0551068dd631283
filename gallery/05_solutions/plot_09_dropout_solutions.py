r"""
Solutions: dropout
==================

The answers to the exercises of
:ref:`dropout <sphx_glr_tutorials_01_building_blocks_plot_09_dropout.py>`, computed when the
site is built; each ends with an ``assert`` on its answer. The set-up is the tutorial's: the
points of :math:`y = \sin x + 0.3\,\varepsilon` drawn in the same order from the same seeded
generator, its network 1 → 128 → 128 → 1 and its full-batch Adam. To keep this page fast it
trains for ``EPOCHS = 300`` instead of the tutorial's 1 000, on one seed (0), and measures only
what the exercises ask: the eval-mode training loss at the end and the validation loss averaged
over the last 100 epochs (every 10 epochs, as on the tutorial page).
"""

# %%
# .. _solution-09-1:
#
# Exercise 9.1 ★★: too much dropout
# ---------------------------------
# :ref:`The exercise <exercise-09-1>`.
import statistics

import torch
from torch import nn

g = torch.Generator().manual_seed(0)


def sample(n):
    """n points of y = sin x + noise, x in [-3, 3)."""
    x = torch.rand(n, 1, generator=g) * 6 - 3  # (n, 1)
    return x, torch.sin(x) + 0.3 * torch.randn(n, 1, generator=g)


x_train, y_train = sample(40)
x_val, y_val = sample(1000)
x_test, y_test = sample(
    1000
)  # drawn as on the tutorial page, so that sample(400) below matches
mse = nn.MSELoss()
EPOCHS, EVERY = 300, 10
print(
    f"{len(x_train)} training, {len(x_val)} validation points; noise std {0.3}; "
    f"network 1 → 128 → 128 → 1; {EPOCHS} epochs, measured every {EVERY}; seed 0"
)


def make_model(p):
    return nn.Sequential(
        nn.Linear(1, 128), nn.ReLU(), nn.Dropout(p),
        nn.Linear(128, 128), nn.ReLU(), nn.Dropout(p),
        nn.Linear(128, 1),
    )  # fmt: skip


def train(p, seed, x_train, y_train):
    """The tutorial's training; returns (final eval-mode training loss, mean validation loss
    over the last 100 epochs)."""
    torch.manual_seed(seed)  # initial weights and dropout masks
    model = make_model(p)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    val = []
    for epoch in range(1, EPOCHS + 1):
        model.train()  # dropout on
        optimizer.zero_grad()
        loss = mse(model(x_train), y_train)
        loss.backward()
        optimizer.step()
        if (
            epoch % EVERY == 0 and epoch > EPOCHS - 100
        ):  # the last 100 epochs
            model.eval()  # dropout off
            with torch.no_grad():
                val.append(mse(model(x_val), y_val).item())
    with torch.no_grad():
        return mse(model(x_train), y_train).item(), statistics.fmean(val)


losses = {}
for p in [0.5, 0.8]:
    losses[p] = train(p, 0, x_train, y_train)
    print(
        f"p = {p}: training loss {losses[p][0]:.4f}, "
        f"validation loss (last 100 epochs) {losses[p][1]:.4f}"
    )
assert (
    losses[0.8][0] > 1.5 * losses[0.5][0]
)  # it fits the training points worse
assert losses[0.8][1] > losses[0.5][1]  # ... and new points too
assert (
    losses[0.8][0] > 0.09
)  # worse than the noise variance, even on its own points

# %%
# Worse on both: with ``p = 0.8`` four out of five units are silenced at every step, the network
# under-fits, and even its training loss stays above the noise variance, 0.09, the loss of the
# true curve itself. Dropout is a brake on fitting; this much of it keeps the network far from
# the curve in these epochs.
#
# .. _solution-09-2:
#
# Exercise 9.2 ★★★: ten times the points
# --------------------------------------
# :ref:`The exercise <exercise-09-2>`. The 400 new training points come from the same generator,
# after the tutorial's draws; the validation points are the same 1 000.
x_big, y_big = sample(400)  # (400, 1) each
runs = {
    "40 points, no dropout": train(0.0, 0, x_train, y_train),
    "400 points, no dropout": train(0.0, 0, x_big, y_big),
    "400 points, dropout 0.2": train(0.2, 0, x_big, y_big),
}
for name, (train_loss, val_loss) in runs.items():
    print(
        f"{name:>23}: training {train_loss:.4f}, validation {val_loss:.4f}, "
        f"gap {val_loss - train_loss:.4f}"
    )
gap = {
    name: val_loss - train_loss
    for name, (train_loss, val_loss) in runs.items()
}
assert (
    gap["400 points, no dropout"] < gap["40 points, no dropout"] / 3
)  # far less over-fitting
# no gain from dropout any more (a tolerance of 0.002 for rounding in 300 Adam steps)
assert (
    runs["400 points, dropout 0.2"][1]
    > runs["400 points, no dropout"][1] - 0.002
)

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
names = ["p = 0.5", "p = 0.8", *runs]
values = [losses[0.5], losses[0.8], *runs.values()]
positions = range(len(names))
ax.bar(
    [i - 0.2 for i in positions],
    [v[0] for v in values],
    0.4,
    label="training (eval mode)",
)
ax.bar(
    [i + 0.2 for i in positions],
    [v[1] for v in values],
    0.4,
    label="validation (last 100)",
)
ax.axhline(0.09, color="grey", linestyle=":", label="noise variance")
ax.set_xticks(
    list(positions),
    [n.replace(", ", ",\n") for n in names],
    fontsize="small",
)
ax.set(
    ylabel="MSE", title=f"{EPOCHS} epochs, seed 0 (first two: 40 points)"
)
ax.legend(fontsize="small")
plt.show()

# %%
# With ten times the points the network without dropout over-fits far less: its gap shrinks to
# a fraction of what it was on 40 points, and its validation loss comes close to the noise
# variance. Dropout then no longer helps on this seed: with
# ``p = 0.2`` the validation loss is no lower. Dropout is a remedy for too little data for the
# model's size; with enough data there is little over-fitting left for it to remove.
