r"""
Solutions: classification losses
=================================

The answers to the exercises of
:ref:`classification losses <sphx_glr_tutorials_02_losses_optimizers_plot_12_classification_losses.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: the 8×8 digits, the first 1 400 images for training and the rest for validation, the
tutorial's MLP and plain SGD, trained here with the loop of
:ref:`the training-loop page <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`.
"""

# %%
# .. _solution-12-1:
#
# Exercise 12.1 ★: the floor of label smoothing
# ---------------------------------------------
# :ref:`The exercise <exercise-12-1>`. The smoothed loss is the cross-entropy between the smoothed
# target :math:`q` and the model's softmax :math:`p`; it is lowest when :math:`p = q`, where it
# equals the entropy of :math:`q`. Scores equal to :math:`\log q` give :math:`p = q` exactly.
import torch
from torch import nn

eps, classes = 0.1, 10
q = torch.full((1, classes), eps / classes)
q[0, 0] += 1 - eps  # true class 0
print(
    f"smoothed target: {q[0, 0]:.2f} on the true class, {q[0, 1]:.2f} on each other"
)
smooth_ce = nn.CrossEntropyLoss(label_smoothing=eps)
label = torch.tensor([0])
best = smooth_ce(q.log(), label).item()
confident = smooth_ce(2 * q.log(), label).item()
entropy = -(q * q.log()).sum().item()
print(f"loss at scores log q: {best:.4f} (entropy of q {entropy:.4f})")
print(f"loss at scores 2 · log q (more confident): {confident:.4f}")
assert abs(best - entropy) < 1e-5  # float32 rounding of a sum of ten terms
assert confident > best + 0.1  # more confidence is punished

# %%
# The floor is 0.500, not 0: the loss can no longer be driven to 0 by pushing the true class's
# score to infinity, and a model that is more confident than the target pays for it.
#
# .. _solution-12-2:
#
# Exercise 12.2 ★★: smoothing the digits
# --------------------------------------
# :ref:`The exercise <exercise-12-2>`. The tutorial's training, written as the plain loop with a
# ``DataLoader``: the same initial weights and the same batch order for each loss, but not the
# tutorial's batch order (``Batches`` shuffles differently), so the digits differ a little from
# a run in the tutorial's notebook. The training loss is measured on the whole training set after
# training:
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.datasets import load_digits

images, labels = load_digits(as_images=False)  # (1797, 64), (1797,)
x_train, y_train = images[:1400], labels[:1400]
x_val, y_val = images[1400:], labels[1400:]
print(f"{len(x_train)} training and {len(x_val)} validation images")


def train(loss_fn: nn.Module, epochs: int = 30) -> nn.Module:
    """The page's MLP, trained with plain SGD (lr 0.1, batches of 64) on ``loss_fn``."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    for _ in range(epochs):
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model.eval()


models, results = {}, {}
for name, loss_fn in [
    ("no smoothing", nn.CrossEntropyLoss()),
    ("label_smoothing=0.1", nn.CrossEntropyLoss(label_smoothing=0.1)),
]:
    models[name] = model = train(loss_fn)
    with torch.no_grad():
        train_loss = loss_fn(model(x_train), y_train).item()
        val_accuracy = (
            (model(x_val).argmax(1) == y_val).float().mean().item()
        )
    results[name] = train_loss, val_accuracy
    print(
        f"{name:>20}: training loss {train_loss:.3f}, val. accuracy {val_accuracy:.3f}"
    )
(plain_loss, plain_acc), (smooth_loss, smooth_acc) = results.values()
# the smoothed loss stays above its floor, the plain one falls below it
assert plain_loss < best < smooth_loss
# the accuracy is about the same (a margin for another machine's rounding)
assert abs(smooth_acc - plain_acc) < 0.05

# %%
# The smoothed training loss stays above the floor of exercise 12.1, while the plain one falls
# well below it: the two numbers do not measure the same thing. The validation accuracy moves by
# less than 0.05 on this split and seed.
#
# .. _solution-12-3:
#
# Exercise 12.3 ★★★: a weight of 10 for class 0
# ---------------------------------------------
# :ref:`The exercise <exercise-12-3>`. The unweighted model is the one of exercise 12.2.
import matplotlib.pyplot as plt

weight = torch.ones(10)
weight[0] = 10.0
models["weight 10 for class 0"] = train(nn.CrossEntropyLoss(weight=weight))
zeros = int((y_val == 0).sum())
recall, prob_zero = {}, {}
for name in ["no smoothing", "weight 10 for class 0"]:
    with torch.no_grad():
        probs = models[name](x_val).softmax(dim=1)  # (397, 10)
    pred = probs.argmax(1)
    found = int(((pred == 0) & (y_val == 0)).sum())
    recall[name] = (pred == y_val).float().mean().item(), found / zeros
    prob_zero[name] = probs[:, 0].mean().item()
    print(
        f"{name:>21}: {int((pred == 0).sum())} predicted 0, {found} of the {zeros} 0s found,"
        f" accuracy {recall[name][0]:.3f}, mean P(class 0) {prob_zero[name]:.4f}"
    )
# the weight pulls the model towards class 0
assert prob_zero["weight 10 for class 0"] > prob_zero["no smoothing"]
# 0s are easy: more than 90 % are found with or without the weight
assert min(r for _, r in recall.values()) > 0.9

fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
for name in ["no smoothing", "weight 10 for class 0"]:
    with torch.no_grad():
        pred = models[name](x_val).argmax(1)
    per_class = [
        (pred[y_val == c] == c).float().mean().item() for c in range(10)
    ]
    ax.plot(
        range(10),
        per_class,
        "o-",
        label="no weight" if name == "no smoothing" else name,
    )
ax.set(
    xlabel="digit", ylabel="fraction found (validation)", xticks=range(10)
)
ax.set_title("Per-class accuracy with and without a weight for class 0")
ax.legend()
plt.show()

# %%
# The weight pulls the model towards class 0 (its mean probability rises), but the 0s were
# already found with the plain loss, so there is little left to gain for them; the figure shows
# what the other digits pay for it on this split.
