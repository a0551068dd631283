r"""
Solutions: regularization
=========================

The answers to the exercises of
:ref:`regularization: weight decay, L1 and L2 <sphx_glr_tutorials_03_training_plot_20b_regularization.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: scikit-learn's 8×8 digits split with a seeded permutation (training ``order[:100]``,
validation ``order[100:900]``), the MLP 64 → 128 → 128 → 10 with seed 0, shuffled batches of 25,
40 epochs, and the plain loop of
:ref:`the training loop <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`. Only the
validation loss after the last epoch is computed, which keeps this page fast.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.datasets import load_digits

x, y = load_digits(as_images=False)  # (1797, 64) in [0, 1], labels 0–9
order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
val_idx = order[100:900]
x_val, y_val = x[val_idx], y[val_idx]
EPOCHS, LR = 40, 0.05
loss_fn = nn.CrossEntropyLoss()


def make_model(seed=0, dropout=0.0):
    torch.manual_seed(seed)  # the same initial weights for the same seed
    return nn.Sequential(
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(128, 128),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(128, 10),
    )


def val_loss(train_idx, make_optimizer, dropout=0.0):
    """Train on x[train_idx] for EPOCHS epochs; the validation loss at the end."""
    model = make_model(dropout=dropout)
    optimizer = make_optimizer(model.parameters())
    batches = DataLoader(
        TensorDataset(x[train_idx], y[train_idx]),
        batch_size=25,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    for _ in range(EPOCHS):
        model.train()
        for xb, yb in batches:  # (25, 64), (25,)
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        return loss_fn(model(x_val), y_val).item()


def sgd(weight_decay):
    return lambda params: torch.optim.SGD(
        params, lr=LR, momentum=0.9, weight_decay=weight_decay
    )


# %%
# .. _solution-20b-1:
#
# Exercise 20b.1 ★★★: four times the data
# ---------------------------------------
# :ref:`The exercise <exercise-20b-1>`. The 300 extra images come from the test part of the
# permutation, so no training image is a validation image:
import matplotlib.pyplot as plt

train_sets = {
    100: order[:100],
    400: torch.cat([order[:100], order[900:1200]]),
}
assert not set(train_sets[400].tolist()) & set(val_idx.tolist())  # disjoint
lambdas = [1e-3, 3e-3, 1e-2, 3e-2]
curves = {
    n: [val_loss(idx, sgd(lam)) for lam in lambdas]
    for n, idx in train_sets.items()
}
best = {
    n: lambdas[min(range(len(lambdas)), key=losses.__getitem__)]
    for n, losses in curves.items()
}
print(f"{'λ':>8}" + "".join(f"{f'{n} images':>12}" for n in curves))
for i, lam in enumerate(lambdas):
    print(
        f"{lam:>8.0e}" + "".join(f"{curves[n][i]:>12.4f}" for n in curves)
    )
print(
    f"lowest validation loss: λ = {best[100]:.0e} with 100 images, {best[400]:.0e} with 400"
)
assert best[100] == 1e-2  # the tutorial's choice
assert best[400] < best[100]  # more data, a weaker penalty

fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
for n, losses in curves.items():
    ax.semilogx(lambdas, losses, "o-", label=f"{n} training images")
    ax.axvline(best[n], color=ax.lines[-1].get_color(), ls="--", lw=1)
ax.set(
    xlabel="weight_decay λ (log scale)",
    ylabel="validation loss",
    title="the validation curve with more data (dashed: lowest)",
)
ax.legend()
plt.show()

# %%
# With four times the images the lowest validation loss moves to a smaller :math:`\lambda`
# (printed above), and the whole curve drops: more data already keep the network from fitting
# noise, so it needs less of a penalty. One seed and one split: where exactly between ``1e-3``
# and ``3e-3`` the minimum lies, the two close values cannot settle.
#
# .. _solution-20b-2:
#
# Exercise 20b.2 ★★: AdamW's λ
# ----------------------------
# :ref:`The exercise <exercise-20b-2>`.
adamw_lambdas = [0.0, 1e-2, 1e-1, 1.0, 10.0]
adamw = {
    lam: val_loss(
        order[:100],
        lambda params, lam=lam: torch.optim.AdamW(
            params, lr=1e-3, weight_decay=lam
        ),
    )
    for lam in adamw_lambdas
}
steps = EPOCHS * 4  # 100 images in batches of 25
for lam, loss in adamw.items():
    shrink = (1 - 1e-3 * lam) ** steps
    print(
        f"AdamW weight_decay {lam:>5g}: validation loss {loss:.4f}; "
        f"decay alone leaves the weights × {shrink:.3f} after {steps} steps"
    )
change = adamw[1e-1] - adamw[0.0]
print(f"change from λ = 0 to λ = 0.1: {change:+.4f}")
assert abs(change) < 0.01  # flat over the page's grid
assert (
    abs(adamw[1.0] - adamw[0.0]) > 0.01 and adamw[10.0] > adamw[0.0] + 0.1
)

# %%
# Over the page's grid the AdamW curve is flat: AdamW multiplies :math:`\lambda` by the learning
# rate, and with :math:`\eta = 10^{-3}` even :math:`\lambda = 0.1` leaves the weights multiplied
# by 0.984 after the 160 steps of a run (printed above). SGD's
# ``weight_decay`` goes into the gradient, which is stepped with ``lr=0.05`` and momentum, so the same
# number is a far stronger decay there. For AdamW the validation loss moves only from
# :math:`\lambda = 1` on, and there it rises: on this problem and seed, no λ lowered it noticeably.
# The :math:`\lambda` of one optimizer is no guide for another; choose it on validation, on a grid
# that reaches where it matters.
#
# .. _solution-20b-3:
#
# Exercise 20b.3 ★★: both at once
# -------------------------------
# :ref:`The exercise <exercise-20b-3>`.
both = {
    "weight_decay 1e-2": val_loss(order[:100], sgd(1e-2)),
    "dropout 0.2": val_loss(order[:100], sgd(0.0), dropout=0.2),
    "both": val_loss(order[:100], sgd(1e-2), dropout=0.2),
}
for name, loss in both.items():
    print(f"{name:>18}: validation loss {loss:.4f}")
better_alone = min(both["weight_decay 1e-2"], both["dropout 0.2"])
print(f"both against the better alone: {both['both'] - better_alone:+.4f}")
assert (
    both["both"] < both["dropout 0.2"] - 0.03
)  # better than dropout alone
assert (
    abs(both["both"] - both["weight_decay 1e-2"]) < 0.02
)  # about weight decay's

# %%
# The combination is clearly better than dropout alone and about as good as weight decay alone:
# the difference printed above is a few thousandths, which one seed cannot tell from noise. Here
# the penalty does the regularizing, and dropout adds little on top.
