r"""
A CNN for handwritten digits: same parameter budget, fewer mistakes
====================================================================

The MLP of the digit-classification page treats an image as 784 unrelated numbers. A
convolutional network (CNN) keeps the image's layout: small kernels look at neighbouring
pixels, the same kernels slide over the whole image, and pooling summarises regions. This
page trains the network of the study notes (two 3×3 convolutions, max-pooling, two dense
layers with ``Dropout(0.5)``) on the 28×28 MNIST sample and compares it with an MLP of the
same size, tuned and trained the same way. You will be able to:

* build the CNN and follow its shapes from (N, 1, 28, 28) to (N, 10), including the
  ``view`` that flattens the feature maps before the dense layers;
* scale an architecture down to a compute budget, counting the multiply-adds it saves;
* compare two models fairly: the same data, learning-rate search and epoch budget, choices
  made on a validation set, the test set used once, several seeds;
* see where a CNN keeps its parameters, and what its first layer learned.
"""

# %%
# The network, scaled to this page's budget
# -----------------------------------------
# The notes' model has 64 and 128 channels and a 1 024-unit dense layer, sized for the full
# MNIST training set and a GPU. Every page here has to run in seconds on a small CPU, and
# this one trains eight networks. So this page shrinks the channels to 8 and 16 and the dense
# layer to 64 units. The cost of a convolution grows with the product of its input and output
# channels, so of the two convolutions the second shrinks by far the most; the count of
# multiply-adds per image, below, is what the CPU has to do. The structure (and the lesson)
# is unchanged.
# :class:`dlnotes.models.DigitCNN` is that network:
import torch

from dlnotes.models import DigitCNN


def multiply_adds(c1, c2, hidden, size=28, k=3):
    """Multiply-adds for one 28×28 image: two same-padded convolutions, then
    the dense layers."""
    convs = size * size * k * k * (1 * c1 + c1 * c2)
    dense = c2 * (size // 2) ** 2 * hidden + hidden * 10
    return convs + dense


notes = multiply_adds(64, 128, 1024)
ours = multiply_adds(8, 16, 64)
print(
    "notes' model (64, 128, 1024): "
    f"{notes / 1e6:6.1f} million multiply-adds per image"
)
print(
    f"this page's  (8, 16, 64):     {ours / 1e6:6.2f} "
    f"million ({notes / ours:.0f}× fewer)"
)

torch.manual_seed(0)
cnn = DigitCNN(image_size=28, channels=(8, 16), hidden=64, dropout=0.5)
print(cnn)

x = torch.zeros(2, 1, 28, 28)  # (N, C, H, W)
with torch.no_grad():  # only looking at shapes: no graph needed
    h = cnn.features[1](cnn.features[0](x))
    print("after conv1 + ReLU:          ", tuple(h.shape))
    h = cnn.features(x)
    print("after conv2 + ReLU + pool 2: ", tuple(h.shape))
    print(
        "flattened, view(N, -1):      ", tuple(h.view(h.size(0), -1).shape)
    )
    print("output:                      ", tuple(cnn(x).shape))

# %%
# Where the parameters are. A convolution's weights do not depend on the image size: the
# first layer has 8 kernels of 3×3 plus 8 biases. The dense layer after the flatten sees
# every position of every feature map, so it holds almost all of the network:
n_conv = sum(p.numel() for p in cnn.features.parameters())
n_dense = sum(p.numel() for p in cnn.classifier.parameters())
n_cnn = n_conv + n_dense
print(f"convolutions: {n_conv:>7,} parameters")
print(
    f"dense layers: {n_dense:>7,} parameters "
    f"({n_dense / n_cnn:.1%} of {n_cnn:,})"
)

# %%
# Train, validation and test data
# -------------------------------
# The MNIST sample has 4 000 training and 1 000 test images, balanced per digit.
# ``random_split`` sets a fifth of the training images aside as a validation set: every
# choice below (the learning rate) is made on it, and the test set is used only at the end,
# once per final model. Batches come from a ``DataLoader``; its shuffling generator is seeded,
# so for a given seed both models see the same batches in the same order.
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

from dlnotes.datasets import load_mnist_sample

data = load_mnist_sample()
train_set, val_set = random_split(
    TensorDataset(data.x_train, data.y_train),
    [0.8, 0.2],
    generator=torch.Generator().manual_seed(0),
)
val_loader = DataLoader(val_set, batch_size=500)
test_loader = DataLoader(
    TensorDataset(data.x_test, data.y_test), batch_size=500
)
print(
    f"MNIST sample: {len(data.y_train)} training "
    f"and {len(data.y_test)} test images"
)
print(
    f"train {len(train_set)}, validation {len(val_set)}, "
    f"test {len(data.y_test)} images"
)

# %%
# Two models, one recipe
# ----------------------
# The MLP of the digit-classification page (784 → 256 → 10, dropout 0.2) has about as many
# parameters as this CNN. ``nn.Flatten`` turns each (1, 28, 28) image into 784 numbers, which
# is all an MLP can use. Both models are trained by the same function: Adam, batches of 64,
# five epochs.
from dlnotes.models import MLP
from dlnotes.train import accuracy, fit


def make_model(kind, seed):
    torch.manual_seed(seed)
    if kind == "CNN":
        return DigitCNN(
            image_size=28, channels=(8, 16), hidden=64, dropout=0.5
        )
    return nn.Sequential(nn.Flatten(), MLP((784, 256, 10), dropout=0.2))


def train(kind, lr, seed, epochs=5, validate=True):
    model = make_model(kind, seed)
    loader = DataLoader(
        train_set,
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=lr),
        loader,
        val_data=val_loader if validate else None,
        metrics={"accuracy": accuracy},
        epochs=epochs,
        progress=False,
    )
    return model, history


print(make_model("MLP", seed=0))
n_mlp = sum(p.numel() for p in make_model("MLP", seed=0).parameters())
print(f"parameters: CNN {n_cnn:,}, MLP {n_mlp:,}")
assert abs(n_cnn - n_mlp) < 0.02 * n_mlp

# %%
# The learning-rate search
# ~~~~~~~~~~~~~~~~~~~~~~~~
# Each model is trained with the same two learning rates; the one with the higher final
# validation accuracy is kept.
kinds, rates = ("CNN", "MLP"), (1e-3, 3e-3)
search = {
    (kind, lr): train(kind, lr, seed=0) for kind in kinds for lr in rates
}
best_lr = {}
for kind in kinds:
    for lr in rates:
        history = search[kind, lr][1]
        print(
            f"{kind} lr={lr:g}: validation accuracy "
            f"{history['val_accuracy'][-1]:.3f}"
        )
    best_lr[kind] = max(
        rates, key=lambda lr: search[kind, lr][1]["val_accuracy"][-1]
    )
print("chosen:", {kind: f"{lr:g}" for kind, lr in best_lr.items()})

# %%
# The training curves of the two chosen runs. The training loss is the average over each
# epoch's batches, with dropout switched on; the validation loss is measured after the
# epoch, with dropout off.
import matplotlib.pyplot as plt

fig, (ax_loss, ax_acc) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
for kind, color in zip(kinds, ("tab:blue", "tab:orange"), strict=True):
    history = search[kind, best_lr[kind]][1]
    epochs = range(1, len(history) + 1)
    for split, style in (("train", "o-"), ("val", "s--")):
        name = "training" if split == "train" else "validation"
        ax_loss.plot(
            epochs,
            history[f"{split}_loss"],
            style,
            c=color,
            label=f"{kind}, {name}",
        )
    ax_acc.plot(epochs, history["val_accuracy"], "s--", c=color, label=kind)
ax_loss.set(
    xlabel="epoch", ylabel="cross-entropy loss", title="Loss", xticks=epochs
)
ax_acc.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="Validation accuracy",
    xticks=epochs,
)
ax_loss.legend()
ax_acc.legend()
plt.show()
for kind in kinds:
    history = search[kind, best_lr[kind]][1]
    print(
        f"{kind}: train loss {history['train_loss'][-1]:.3f}, "
        f"validation loss {history['val_loss'][-1]:.3f} "
        f"after {len(history)} epochs"
    )

# %%
# The CNN's training loss stays *above* its validation loss: half of its dense units are
# dropped in every training step, and the first epoch's average includes the untrained
# start. Its validation loss is still falling after the last epoch. The MLP's training loss
# drops below its validation loss from the second epoch on, and its validation loss levels
# off: it starts to fit its training images more closely than new ones.
#
# Several seeds, then the test set
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# With its learning rate fixed, each model is trained again from two more seeds: other
# initial weights and another batch order. Only now does the test set come in, once for each
# of the six final models.
from dlnotes.train import evaluate

seeds = (0, 1, 2)
final_models, test_acc = {}, {}
for kind in kinds:
    lr = best_lr[kind]
    final_models[kind] = [search[kind, lr][0]] + [
        train(kind, lr, seed, validate=False)[0] for seed in seeds[1:]
    ]
    test_acc[kind] = [
        evaluate(
            model,
            nn.CrossEntropyLoss(),
            test_loader,
            metrics={"accuracy": accuracy},
        )["accuracy"]
        for model in final_models[kind]
    ]
n_test = len(data.y_test)
errors = {
    kind: [round((1 - a) * n_test) for a in acc]
    for kind, acc in test_acc.items()
}
for kind in kinds:
    print(
        f"{kind} test accuracy, seeds {seeds}: "
        + ", ".join(f"{a:.3f}" for a in test_acc[kind])
        + f"\n{'':>4}→ {errors[kind]} errors of {n_test}"
    )
mean_errors = {kind: sum(e) / len(e) for kind, e in errors.items()}
wins = sum(c < m for c, m in zip(errors["CNN"], errors["MLP"], strict=True))
print(
    f"the CNN makes fewer mistakes on {wins} of {len(seeds)} seeds, "
    f"{1 - mean_errors['CNN'] / mean_errors['MLP']:.0%} fewer on average"
)
assert wins == len(seeds) and mean_errors["CNN"] < 0.85 * mean_errors["MLP"]

# %%
# With about the same number of parameters, the same search and the same budget, the CNN
# makes fewer mistakes on every seed. The seeds also show how much a single run's accuracy
# moves from seed to seed: a difference smaller than that spread would need more seeds (or
# more test images) before it could be called a ranking.
#
# What the first layer learned
# ----------------------------
# The 8 filters of the first convolution of the seed-0 CNN, each 3×3, and the feature maps
# they produce for one test digit. Some of the trained filters light up on the whole
# stroke; others mainly on parts of its edges, like the hand-made edge kernels of the
# convolution page.
from dlnotes.plotting import plot_feature_maps

cnn = final_models["CNN"][0]
fig, _ = plot_feature_maps(
    cnn.features[0].weight.detach(), ncols=8, title="conv1 filters (3×3)"
)
plt.show()

digit = data.x_test[3:4]  # (1, 1, 28, 28)
with torch.no_grad():
    maps = torch.relu(cnn.features[0](digit))[0]  # (8, 28, 28)
fig, _ = plot_feature_maps(
    maps,
    ncols=8,
    title=f"conv1 feature maps of a test '{data.y_test[3]}'",
    cmap="viridis",
)
plt.show()

# %%
# Key points
# ----------
# * A CNN keeps the image layout: ``Conv2d`` → ReLU → ``Conv2d`` → ReLU → ``MaxPool2d`` →
#   flatten with ``view(x.size(0), -1)`` → dense layers with ``Dropout`` → 10 scores.
# * Convolutions share one small kernel across all positions, so they are cheap in
#   parameters; the dense layer after the flatten holds nearly all of them. More pooling
#   before the flatten is the usual way to shrink it.
# * For the same parameter budget, training recipe and tuning, the CNN is clearly more
#   accurate on images than the MLP, on every seed tried.
# * Compare like with like: the same data, search and epochs for both models; choose on a
#   validation set, report the test set once; run several seeds to see the spread.
# * Compute grows with the product of neighbouring layers' channel counts: the notes'
#   full-size model needs many times this one's multiply-adds per image (printed above).
#
# Try it
# ------
# * Use ``channels=(16, 32)``: how much validation accuracy does doubling the width buy,
#   and at what time cost (``history["time"]``)?
# * Remove the dropout (``dropout=0``) and compare the training and validation curves.
# * Give both models ten epochs: does the gap between them change?
# * A model that chose the larger of the two learning rates chose the edge of this small
#   search: add a larger rate to ``rates``. Does its choice move, and the gap with it?
#
# Next: :ref:`deeper networks
# <sphx_glr_tutorials_04_architectures_plot_23_deeper_networks.py>`.
#
# sphinx_gallery_thumbnail_number = 2
