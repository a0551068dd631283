r"""
Solutions: logistic regression
==============================

The answers to the exercises of
:ref:`logistic regression <sphx_glr_tutorials_03_training_plot_18_logistic_regression.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: scikit-learn's breast-cancer data (1 = benign), a seeded split that holds out
``val_fraction=0.2`` of the tumours, standardized with the statistics of the training split, and
SGD with ``lr=0.1`` on shuffled batches of 32. The training loop is the plain one of
:ref:`the training loop <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`.
"""

import torch
from sklearn.preprocessing import StandardScaler
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import train_val_split
from dlnotes.datasets import load_breast_cancer

features, labels, names = load_breast_cancer()  # (569, 30), (569, 1)


def split(columns=None, seed=0):
    """The tutorial's split of the given columns (all 30 if None), standardized."""
    x = (
        features
        if columns is None
        else features[:, [names.index(c) for c in columns]]
    )
    (x_tr, y_tr), (x_va, y_va) = train_val_split(
        x,
        labels,
        val_fraction=0.2,
        generator=torch.Generator().manual_seed(seed),
    )
    scaler = StandardScaler().fit(x_tr)  # training statistics only
    x_tr = torch.tensor(scaler.transform(x_tr), dtype=torch.float32)
    x_va = torch.tensor(scaler.transform(x_va), dtype=torch.float32)
    return x_tr, y_tr, x_va, y_va


def train(model, data, optimizer, epochs, seed=1):
    """The plain loop; returns per epoch (training loss, validation accuracy)."""
    x_tr, y_tr, x_va, y_va = data
    loader = DataLoader(
        TensorDataset(x_tr, y_tr),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    loss_fn = nn.BCEWithLogitsLoss()
    history = []
    for _ in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in loader:  # (32, F), (32, 1)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        model.eval()
        with torch.no_grad():
            right = (
                ((model(x_va) > 0).float() == y_va).float().mean().item()
            )
        history.append((total / len(x_tr), right))
    return history


def logistic_regression(data):
    """nn.Linear(2, 1) from zero weights, SGD lr=0.1, 40 epochs: the tutorial's training."""
    model = nn.Linear(2, 1)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    history = train(
        model, data, torch.optim.SGD(model.parameters(), lr=0.1), epochs=40
    )
    return model, history


# %%
# .. _solution-18-1:
#
# Exercise 18.1 ★: read the boundary
# ----------------------------------
# :ref:`The exercise <exercise-18-1>`. The boundary is where the score is zero,
# :math:`w_1 x_1 + w_2 x_2 + b = 0`; at :math:`x_1 = 0` that is :math:`x_2 = -b / w_2`. The
# model is retrained here as in the tutorial (same split, zero start, same batches), so its
# weights are the tutorial's.
mean_cols = ("mean radius", "mean texture")
data_mean = split(mean_cols)
model_mean, history_mean = logistic_regression(data_mean)
(w1, w2), b = model_mean.weight.detach()[0].tolist(), model_mean.bias.item()
crossing = -b / w2
print(f"w = ({w1:.4f}, {w2:.4f}), b = {b:.4f}")
print(
    f"at mean radius 0 the boundary lies at mean texture {crossing:.3f} (standardized)"
)
with torch.no_grad():  # just below and above the crossing
    z = model_mean(
        torch.tensor([[0.0, crossing - 0.01], [0.0, crossing + 0.01]])
    )
print("scores just below and above it:", z.ravel().numpy().round(4))
assert (
    w2 < 0 and z[0] > 0 > z[1]
)  # smoother than the crossing: benign; rougher: malignant
assert (
    abs(crossing - 0.73) < 0.02
)  # SGD from zero on seeded batches: the same to rounding

# %%
# Since :math:`w_2 < 0`, the score falls as the texture grows: an average-radius tumour is called
# malignant above a standardized mean texture of 0.725 (printed above): about three quarters of
# a standard deviation rougher than the average. On the tutorial's boundary plot the
# line crosses the vertical through 0 there.
#
# .. _solution-18-2:
#
# Exercise 18.2 ★★: better features
# ---------------------------------
# :ref:`The exercise <exercise-18-2>`. The same training on the two "worst" measurements:
import matplotlib.pyplot as plt

from dlnotes.plotting import plot_decision_boundary

worst_cols = ("worst radius", "worst concave points")
data_worst = split(worst_cols)
model_worst, history_worst = logistic_regression(data_worst)
n_val = len(data_worst[3])
acc_mean, acc_worst = history_mean[-1][1], history_worst[-1][1]
more = round((acc_worst - acc_mean) * n_val)
print(
    f"validation accuracy: mean radius + texture {acc_mean:.3f}, worst pair {acc_worst:.3f}"
)
print(f"{more} more of the {n_val} validation tumours classified right")
assert (
    more >= 5
)  # a clear gain: 5 tumours are over 4 % of the validation split

fig, ax = plt.subplots(figsize=(6.5, 4.8), layout="constrained")
plot_decision_boundary(
    lambda x: torch.sigmoid(model_worst(x)),
    data_worst[2],
    data_worst[3],
    ax=ax,
    feature_names=(
        "worst radius (standardized)",
        "worst concave points (standardized)",
    ),
)
handles, _ = ax.get_legend_handles_labels()  # the two classes, 0 then 1
ax.legend(handles, ["malignant (0)", "benign (1)"])
ax.set_title(
    f"worst radius and concave points: validation accuracy {acc_worst:.1%}"
)
plt.show()

# %%
# The boundary is still a straight line; along these two measurements fewer validation tumours
# lie on its wrong side than along mean radius and mean texture.
#
# .. _solution-18-3:
#
# Exercise 18.3 ★★★: sigmoid instead of ReLU
# ------------------------------------------
# :ref:`The exercise <exercise-18-3>`. To keep this page fast, 5 epochs instead of the tutorial's
# 30: the question is about the first epochs.
EPOCHS = 5
curves = {}
for act in (nn.ReLU, nn.Sigmoid):
    for seed in range(3):
        torch.manual_seed(seed)
        model = nn.Sequential(
            nn.Linear(30, 6), act(), nn.Linear(6, 4), act(), nn.Linear(4, 1)
        )
        history = train(
            model,
            split(seed=seed),
            torch.optim.Adam(model.parameters(), lr=0.01),
            EPOCHS,
            seed,
        )
        curves[act.__name__, seed] = [loss for loss, _ in history]
for (name, seed), losses in curves.items():
    print(
        f"{name:>7}, split {seed}: training loss by epoch "
        + " ".join(f"{v:.3f}" for v in losses)
    )
# on each split and after every epoch, the sigmoid network's training loss is the higher one
assert all(
    s > r
    for seed in range(3)
    for s, r in zip(
        curves["Sigmoid", seed], curves["ReLU", seed], strict=True
    )
)

fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
for (name, seed), losses in curves.items():
    ax.plot(
        range(1, EPOCHS + 1),
        losses,
        color="tab:blue" if name == "ReLU" else "tab:orange",
        label=f"{name}" if seed == 0 else None,
    )
ax.set(
    xlabel="epoch",
    ylabel="training loss",
    yscale="log",
    xticks=range(1, EPOCHS + 1),
    title="30 → 6 → 4 → 1, Adam: ReLU vs sigmoid (splits 0, 1, 2)",
)
ax.legend()
plt.show()

# %%
# ReLU learns faster at the start on all three splits: after each of the first 5 epochs its
# training loss is the lower one. The sigmoid's derivative is at most 0.25, so each sigmoid layer
# scales the gradient down on its way back, and the first layers learn slowly until the weights
# have grown.
