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
# texture", to be able to draw the problem; split 80/20 with a seeded permutation, and standardize
# with statistics of the training split only.
import torch

from dlnotes.data import Batches, StandardScaler, train_val_split
from dlnotes.datasets import load_breast_cancer

features, labels, names = load_breast_cancer()  # (569, 30), (569, 1) floats: 1 = benign
two = features[:, [names.index("mean radius"), names.index("mean texture")]]
(x_train, y_train), (x_val, y_val) = train_val_split(
    two, labels, val_fraction=0.2, generator=torch.Generator().manual_seed(0)
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
# written; (b) :class:`dlnotes.models.LogisticRegression`, which returns the score, with
# ``BCEWithLogitsLoss`` — the numerically stable form (the classification-loss page shows where
# (a) breaks). Same initial weights, same batches: the same model comes out.
from torch import nn

from dlnotes.models import LogisticRegression
from dlnotes.train import accuracy, fit


class SigmoidOutput(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, x):  # (N, 2) -> (N, 1) probabilities
        return torch.sigmoid(self.linear(x))


def probability_accuracy(p, y):
    return ((p > 0.5).float() == y).float().mean()


def train(model, loss_fn, metric):
    torch.manual_seed(0)
    nn.init.zeros_(model.linear.weight)
    nn.init.zeros_(model.linear.bias)
    return fit(
        model,
        loss_fn,
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(
            x_train,
            y_train,
            batch_size=32,
            shuffle=True,
            generator=torch.Generator().manual_seed(1),
        ),
        val_data=Batches(x_val, y_val, batch_size=256),
        metrics={"accuracy": metric},
        epochs=40,
        progress=False,
    )


with_probs = SigmoidOutput()
h_probs = train(with_probs, nn.BCELoss(), probability_accuracy)
with_logits = LogisticRegression(in_features=2)
h_logits = train(with_logits, nn.BCEWithLogitsLoss(), accuracy)
print(
    f"sigmoid + BCELoss:  val loss {h_probs['val_loss'][-1]:.5f}, accuracy {h_probs['val_accuracy'][-1]:.3f}"
)
print(
    f"BCEWithLogitsLoss:  val loss {h_logits['val_loss'][-1]:.5f}, accuracy {h_logits['val_accuracy'][-1]:.3f}"
)
print(
    "weights:",
    with_logits.linear.weight.detach().numpy().round(4),
    "bias:",
    with_logits.linear.bias.detach().numpy().round(4),
)
assert torch.allclose(with_probs.linear.weight, with_logits.linear.weight, atol=1e-5)
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
    with_logits.predict_proba,
    x_val,
    y_val,
    ax=ax,
    feature_names=("mean radius (standardized)", "mean texture (standardized)"),
)
ax.set_title(
    f"logistic regression: validation accuracy {h_logits['val_accuracy'][-1]:.1%}"
)
plt.show()
assert h_logits["val_accuracy"][-1] > 0.85

# %%
# All 30 features, and a deeper network
# -------------------------------------
# With all 30 measurements the linear model does much better. A small network with two hidden
# layers (30 → 6 → 4 → 1, the shape of the notes' 8 → 6 → 4 → 1 diabetes model) can bend the
# boundary — but on this data set a flat one is already enough, and with 455 training samples the
# network over-fits: its validation loss ends several times higher than the linear model's.
from dlnotes.models import MLP

(x30_train, y30_train), (x30_val, y30_val) = train_val_split(
    features, labels, val_fraction=0.2, generator=torch.Generator().manual_seed(0)
)
scaler30 = StandardScaler().fit(x30_train)
x30_train, x30_val = scaler30.transform(x30_train), scaler30.transform(x30_val)
results = {}
for name, sizes in [
    ("logistic regression, 30 features", (30, 1)),
    ("MLP 30 → 6 → 4 → 1", (30, 6, 4, 1)),
]:
    torch.manual_seed(0)
    model = MLP(sizes, activation="relu")
    history = fit(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.Adam(model.parameters(), lr=0.01),
        Batches(
            x30_train,
            y30_train,
            batch_size=32,
            shuffle=True,
            generator=torch.Generator().manual_seed(1),
        ),
        val_data=Batches(x30_val, y30_val, batch_size=256),
        metrics={"accuracy": accuracy},
        epochs=60,
        progress=False,
    )
    results[name] = history
    print(
        f"{name:>34}: validation accuracy {history['val_accuracy'][-1]:.3f}, "
        f"loss {history['val_loss'][-1]:.3f}"
    )

fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
for name, history in results.items():
    ax.plot(history["val_accuracy"], label=name)
ax.plot(h_logits["val_accuracy"], label="logistic regression, 2 features")
ax.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="more features beat a deeper model",
    ylim=(0.8, 1.0),
)
ax.legend()
plt.show()
assert (
    min(h["val_accuracy"][-1] for h in results.values()) > h_logits["val_accuracy"][-1]
)
linear, deeper = results.values()
assert (
    deeper["val_loss"][-1] > 2 * linear["val_loss"][-1]
)  # the deeper net over-fits here

# %%
# Key points
# ----------
# * Logistic regression = linear score + sigmoid + binary cross-entropy; targets are float 0/1
#   of shape (N, 1), like the output.
# * Prefer scores with ``BCEWithLogitsLoss`` to sigmoid + ``BCELoss``: same model, stable numbers.
# * The decision boundary :math:`z = 0` is a hyperplane; hidden layers let a network bend it, which
#   helps only if the data need it — here, more informative features helped and depth did not.
#
# Try it
# ------
# * Pick the two features that separate the classes best (try "worst radius" and "worst concave
#   points") and redraw the boundary.
# * Replace ReLU by sigmoid in the MLP, as in the notes, and compare the learning curves.
#
# Next: :ref:`softmax classification of digits <sphx_glr_tutorials_03_training_plot_19_digit_classification.py>`.
