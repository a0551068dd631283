r"""
Logistic regression: a linear score, a sigmoid, and a decision boundary
=======================================================================

Binary classification asks for a probability: is this tumour benign? Logistic regression computes
a linear score :math:`z = x w^\top + b` and squashes it with the sigmoid into
:math:`p = \sigma(z) \in (0, 1)`; the loss is the binary cross-entropy. Where :math:`z = 0` lies
the *decision boundary*: a straight line (a hyperplane, in more dimensions). A deeper network bends
it. You will be able to:

* train logistic regression with ``BCELoss`` on probabilities and with ``BCEWithLogitsLoss`` on
  scores, and see that they agree;
* draw a decision boundary and measure accuracy on held-out data;
* compare with a small deeper network on all 30 features.
"""

# %%
# Two features, standardized
# --------------------------
# From scikit-learn's breast-cancer data we take two measurements, "mean radius" and "mean
# texture", to be able to draw the problem; hold out ``val_fraction=0.2`` of the tumours with a seeded permutation, and standardize
# with statistics of the training split only.
import torch
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import StandardScaler, train_val_split
from dlnotes.datasets import load_breast_cancer

# (569, 30), (569, 1) floats: 1 = benign
features, labels, names = load_breast_cancer()
two = features[:, [names.index("mean radius"), names.index("mean texture")]]
(x_train, y_train), (x_val, y_val) = train_val_split(
    two,
    labels,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)
scaler = StandardScaler().fit(x_train)
x_train, x_val = scaler.transform(x_train), scaler.transform(x_val)
print(
    f"train {tuple(x_train.shape)}, validation {tuple(x_val.shape)}; "
    f"{y_train.mean():.0%} of training tumours are benign"
)

# %%
# Two ways to write the same model
# --------------------------------
# (a) ``nn.Linear`` then ``torch.sigmoid`` and ``BCELoss`` on probabilities — the formula as
# written; (b) the score itself, a bare ``nn.Linear(2, 1)``, with ``BCEWithLogitsLoss`` — the
# numerically stable form (the classification-loss page shows where (a) breaks). Same initial
# weights, same batches: the same model comes out.
#
# Every model on this page is trained with :func:`dlnotes.train.fit`, which records the
# validation loss and accuracy of each epoch for the figures. It is the plain loop of
# :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>` (there ``fit`` is
# checked equal to it, weight for weight); here the loop is not the lesson.
from torch import nn

from dlnotes.train import accuracy, fit


class SigmoidOutput(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, x):  # (N, 2) -> (N, 1) probabilities
        return torch.sigmoid(self.linear(x))


def probability_accuracy(p, y):
    return ((p > 0.5).float() == y).float().mean()


def loaders(x_tr, y_tr, x_va, y_va, seed=1):
    """Shuffled training batches of 32 (a seeded order) and one validation
    batch."""
    train_loader = DataLoader(
        TensorDataset(x_tr, y_tr),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    return train_loader, DataLoader(
        TensorDataset(x_va, y_va), batch_size=256
    )


def train(model, loss_fn, metric, data=None):
    """SGD from zero weights, 40 epochs;
    ``data``: (x_train, y_train, x_val, y_val)."""
    torch.manual_seed(0)
    for parameter in model.parameters():  # weight and bias
        nn.init.zeros_(parameter)
    train_loader, val_loader = loaders(
        *(data or (x_train, y_train, x_val, y_val))
    )
    return fit(
        model,
        loss_fn,
        torch.optim.SGD(model.parameters(), lr=0.1),
        train_loader,
        val_data=val_loader,
        metrics={"accuracy": metric},
        epochs=40,
        progress=False,
    )


with_probs = SigmoidOutput()
h_probs = train(with_probs, nn.BCELoss(), probability_accuracy)
with_logits = nn.Linear(2, 1)  # (N, 2) -> (N, 1) scores
h_logits = train(with_logits, nn.BCEWithLogitsLoss(), accuracy)
print(
    f"sigmoid + BCELoss:  val loss {h_probs['val_loss'][-1]:.5f}, "
    f"accuracy {h_probs['val_accuracy'][-1]:.3f}"
)
print(
    f"BCEWithLogitsLoss:  val loss {h_logits['val_loss'][-1]:.5f}, "
    f"accuracy {h_logits['val_accuracy'][-1]:.3f}"
)
print(
    "weights:",
    with_logits.weight.detach().numpy().round(4),
    "bias:",
    with_logits.bias.detach().numpy().round(4),
)
assert torch.allclose(
    with_probs.linear.weight, with_logits.weight, atol=1e-5
)
assert abs(h_probs["val_loss"][-1] - h_logits["val_loss"][-1]) < 1e-5

# %%
# The decision boundary
# ---------------------
# The model predicts "benign" where :math:`p > 0.5`, i.e. where :math:`z = x w^\top + b > 0`: a
# straight line in the plane of the two features. Small tumours with smooth texture lie on the
# benign side.
import matplotlib.pyplot as plt

from dlnotes.plotting import plot_decision_boundary

fig, ax = plt.subplots(figsize=(6.5, 4.8), layout="constrained")
plot_decision_boundary(
    lambda x: torch.sigmoid(with_logits(x)),  # probabilities
    x_val,
    y_val,
    ax=ax,
    feature_names=(
        "mean radius (standardized)",
        "mean texture (standardized)",
    ),
)
ax.set_title(
    "logistic regression: validation accuracy "
    f"{h_logits['val_accuracy'][-1]:.1%}"
)
handles, _ = ax.get_legend_handles_labels()  # the two classes, 0 then 1
ax.legend(handles, ["malignant (0)", "benign (1)"])
plt.show()
assert h_logits["val_accuracy"][-1] > 0.85

# %%
# All 30 features, and a deeper network
# -------------------------------------
# With all 30 measurements the linear model does better. A small network with two hidden layers
# (30 → 6 → 4 → 1, the shape of the notes' 8 → 6 → 4 → 1 diabetes model) can bend the boundary.
# With only 114 validation tumours, one split says little — one tumour is almost 1 % of accuracy —
# so each model is trained on five different splits, each with its own seed for the initial
# weights and the batch order.


def mlp():
    return nn.Sequential(
        nn.Linear(30, 6),
        nn.ReLU(),
        nn.Linear(6, 4),
        nn.ReLU(),
        nn.Linear(4, 1),  # (N, 1) scores
    )


models = {
    "logistic regression": lambda: nn.Linear(30, 1),
    "MLP 30 → 6 → 4 → 1": mlp,
}
results = {name: [] for name in models}
for seed in range(5):
    (x30_train, y30_train), (x30_val, y30_val) = train_val_split(
        features,
        labels,
        val_fraction=0.2,
        generator=torch.Generator().manual_seed(seed),
    )
    scaler30 = StandardScaler().fit(x30_train)
    x30_train, x30_val = (
        scaler30.transform(x30_train),
        scaler30.transform(x30_val),
    )
    for name, build in models.items():
        torch.manual_seed(seed)  # the initial weights
        model = build()
        train_loader, val_loader = loaders(
            x30_train, y30_train, x30_val, y30_val, seed
        )
        history = fit(
            model,
            nn.BCEWithLogitsLoss(),
            torch.optim.Adam(model.parameters(), lr=0.01),
            train_loader,
            val_data=val_loader,
            metrics={"accuracy": accuracy},
            epochs=30,
            progress=False,
        )
        results[name].append((history, model, x30_val, y30_val))
for name, runs in results.items():
    acc = torch.tensor([h["val_accuracy"][-1] for h, *_ in runs])
    loss = torch.tensor([h["val_loss"][-1] for h, *_ in runs])
    print(
        f"{name}:\n  validation accuracy {acc.mean():.3f} (splits: "
        f"{', '.join(f'{a:.3f}' for a in acc)}),\n"
        f"  loss {loss.mean():.3f} ({loss.min():.3f}–{loss.max():.3f})"
    )

# %%
# For a like-with-like feature comparison, the 30-feature logistic regression is also trained
# exactly as the 2-feature one was (split 0, SGD, 40 epochs, from zero weights):
(x30_train, y30_train), (x30_val, y30_val) = train_val_split(
    features,
    labels,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)
scaler30 = StandardScaler().fit(x30_train)
x30_train, x30_val = (
    scaler30.transform(x30_train),
    scaler30.transform(x30_val),
)
h_30 = train(
    nn.Linear(30, 1),
    nn.BCEWithLogitsLoss(),
    accuracy,
    data=(x30_train, y30_train, x30_val, y30_val),
)
print(
    f"same training ({len(h_30)} epochs), split 0: "
    f"2 features {h_logits['val_accuracy'][-1]:.3f}, "
    f"30 features {h_30['val_accuracy'][-1]:.3f}"
)
assert h_30["val_accuracy"][-1] > h_logits["val_accuracy"][-1]

fig, (ax_feat, ax_depth) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
ax_feat.plot(range(1, 41), h_logits["val_accuracy"], label="2 features")
ax_feat.plot(range(1, 41), h_30["val_accuracy"], label="30 features")
ax_feat.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="logistic regression, SGD: 2 vs 30 features (split 0)",
    ylim=(0.8, 1.01),  # above 1: a curve at 1 stays off the frame
)
for name, color in zip(models, ("tab:orange", "tab:green"), strict=True):
    for i, (history, *_) in enumerate(results[name]):
        ax_depth.plot(
            range(1, 31),
            history["val_accuracy"],
            color=color,
            alpha=0.6,
            label=name if i == 0 else None,
        )
ax_depth.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="30 features, Adam: linear vs MLP (5 splits each)",
    ylim=(0.8, 1.01),
)
ax_feat.legend()
ax_depth.legend()
plt.show()
linear_acc = [
    h["val_accuracy"][-1] for h, *_ in results["logistic regression"]
]
mlp_acc = [h["val_accuracy"][-1] for h, *_ in results["MLP 30 → 6 → 4 → 1"]]
assert min(linear_acc) > h_logits["val_accuracy"][-1]
n_val = len(results["MLP 30 → 6 → 4 → 1"][0][3])
tumours = [
    round((m - lin) * n_val)
    for m, lin in zip(mlp_acc, linear_acc, strict=True)
]
print(
    "MLP minus linear, validation tumours classified right, per split:",
    tumours,
)
assert max(abs(t) for t in tumours) <= 2 and min(tumours) < 0 < max(tumours)

# %%
# More features help (left). Depth does not help on average, but the differences between
# the two models are at most two tumours per split and change sign from split to split: all
# five splits can say is that these data do not need a bent boundary badly enough for it to show.
#
# High validation loss, high accuracy
# -----------------------------------
# On average over the splits the MLP's validation *loss* ends higher than the linear model's,
# with about the same accuracy. Accuracy only counts mistakes; the cross-entropy :math:`-\log p(\text{true class})`
# also weighs how confident they are, and a network flexible enough to fit its 455 training
# tumours closely can be confidently wrong on a few validation tumours — each costs a large loss.
# The per-tumour losses of the MLP on split 0, largest first:
import torch.nn.functional as F

from dlnotes.train import predict

history, model, x30_val, y30_val = results["MLP 30 → 6 → 4 → 1"][0]
per_tumour = F.binary_cross_entropy_with_logits(
    predict(model, x30_val), y30_val, reduction="none"
).ravel()
top = per_tumour.sort(descending=True).values
share = top[:3].sum() / per_tumour.sum()
print("largest per-tumour losses:", top[:5].numpy().round(2))
print(
    f"the 3 largest of {len(per_tumour)} make up "
    f"{share:.0%} of the total validation loss"
)
assert torch.allclose(
    per_tumour.mean(), torch.tensor(history["val_loss"][-1]), atol=1e-5
)
assert share > 0.5
mlp_loss = [h["val_loss"][-1] for h, *_ in results["MLP 30 → 6 → 4 → 1"]]
linear_loss = [
    h["val_loss"][-1] for h, *_ in results["logistic regression"]
]
assert sum(mlp_loss) > sum(linear_loss)

# %%
# Under the hood: ``LogisticRegression`` and ``MLP``
# ---------------------------------------------------
# :class:`dlnotes.models.LogisticRegression` is ``nn.Linear(in_features, 1)`` kept as
# ``.linear``, with a check of the input's shape and a ``predict_proba`` that applies the
# sigmoid; :class:`dlnotes.models.MLP` builds ``mlp()``'s ``nn.Sequential`` from the layer sizes
# and keeps it as ``.layers``. With the trained weights loaded they give the same outputs: the
# 2-feature model's probabilities, and split 0's MLP's scores.
from dlnotes.models import MLP, LogisticRegression

packaged_lr = LogisticRegression(in_features=2)
packaged_lr.linear.load_state_dict(with_logits.state_dict())
packaged_mlp = MLP((30, 6, 4, 1), activation="relu")
# split 0's MLP, as above
packaged_mlp.layers.load_state_dict(model.state_dict())
print(packaged_mlp)
# the same operations in the same order; the tolerance allows
# another kernel on another machine
same_lr = torch.allclose(
    packaged_lr.predict_proba(x_val),
    torch.sigmoid(with_logits(x_val)),
    atol=1e-6,
)
same_mlp = torch.allclose(packaged_mlp(x30_val), model(x30_val), atol=1e-6)
print("LogisticRegression gives the same probabilities:", same_lr)
print("MLP gives the same scores:", same_mlp)
assert same_lr and same_mlp

# %%
# Key points
# ----------
# * Logistic regression = linear score + sigmoid + binary cross-entropy; targets are float 0/1
#   of shape (N, 1), like the output.
# * Prefer scores with ``BCEWithLogitsLoss`` to sigmoid + ``BCELoss``: same model, stable numbers.
# * The decision boundary :math:`z = 0` is a hyperplane; hidden layers let a network bend it, which
#   helps only if the data need it — here, more informative features helped, and depth did not
#   help on average over five splits.
# * Compare models over several splits or seeds when the differences are a few samples.
# * Accuracy and loss measure different things: the loss also punishes confident mistakes, so a
#   few of them can make it high while the accuracy stays high.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_18_logistic_regression_solutions.py>`.
#
# .. _exercise-18-1:
#
# **Exercise 18.1** ★ — *Read the boundary.* From the weights and bias of the two-feature
# logistic regression trained with ``BCEWithLogitsLoss`` above, work out where its decision
# boundary crosses the vertical line "mean radius (standardized) = 0", the average radius: above
# which standardized mean texture does it call such a tumour malignant? Check your number on the
# boundary plot.
# :ref:`Solution <solution-18-1>`

# Your code for exercise 18.1

# %%
# .. _exercise-18-2:
#
# **Exercise 18.2** ★★ — *Better features.* Train the same logistic regression (same split,
# standardized with the training statistics, ``nn.Linear(2, 1)`` from zero weights,
# ``BCEWithLogitsLoss``, SGD with ``lr=0.1``, 40 epochs of shuffled batches of 32) on
# "worst radius" and "worst concave points" instead, and draw its boundary. What validation
# accuracy does it reach, and how many more of the validation tumours does it classify right
# than the mean radius and mean texture did?
# :ref:`Solution <solution-18-2>`

# Your code for exercise 18.2

# %%
# .. _exercise-18-3:
#
# **Exercise 18.3** ★★★ — *Sigmoid instead of ReLU.* Build the 30 → 6 → 4 → 1 network as an
# ``nn.Sequential`` once with ``nn.ReLU`` and once with ``nn.Sigmoid`` between the layers, as in
# the notes, and train both on all 30 features with Adam (``lr=0.01``) on splits 0, 1 and 2
# (seed the initial weights and the batch order with the split number). Compare the training loss
# after each of the first 5 epochs: which activation learns faster at the start, and is it so on
# all three splits?
# :ref:`Solution <solution-18-3>`

# Your code for exercise 18.3

# %%
# Next: :ref:`softmax classification of digits <sphx_glr_tutorials_03_training_plot_19_digit_classification.py>`.
