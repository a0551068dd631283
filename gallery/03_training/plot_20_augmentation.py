r"""
Transforms and data augmentation: more data for free — if the changes keep the label
====================================================================================

A *transform* changes an image before the model sees it: convert it to a tensor, normalize it,
resize or crop it, flip it. A *random* transform applied anew every epoch is *data augmentation*:
the model sees a different version of each image from epoch to epoch, which can help when
images are few (this page tries it on one small training set, of 200 images).
But an augmentation must not change what the image means — a mirrored 2 is not a 2.

In your own code these transforms come from ``torchvision.transforms.v2``. This site is built
without torchvision installed, so the code that runs here uses :mod:`dlnotes.transforms`: the
same class names and semantics on tensors, plus one addition of its own — a ``generator=``
argument on the random transforms, so that each pipeline is reproducible on its own (torchvision
draws from PyTorch's global random state: seed it with ``torch.manual_seed``). Such a generator
does not mix with ``DataLoader`` worker processes: every worker gets a copy of it and draws the
same "random" numbers, and with workers started anew every epoch (the default) the same ones
every epoch (:ref:`page 17 measures it and shows the fixes
<sphx_glr_tutorials_03_training_plot_17_datasets_dataloaders.py>`); this page loads without
workers. You will be able to:

* chain ``Normalize``, ``Resize``, ``CenterCrop``, ``RandomCrop`` and flips with ``Compose``,
  convert an 8-bit image to a float tensor and back;
* normalize with statistics of the training set, and see what made-up values do to training;
* see augmentation help (label-preserving changes) and hurt (changes that alter the label) on
  200 training images, decide on a validation set, and report the test accuracy once.

The torchvision code you would write for the pipelines on this page:

.. code-block:: python

    import torch
    from torchvision.transforms import v2

    to_float = v2.Compose(
        [v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]
    )
    # full MNIST's statistics (see below)
    normalize = v2.Normalize(mean=[0.1307], std=[0.3081])
    shift = v2.RandomCrop(28, padding=2)
    flips = v2.Compose(
        [v2.RandomHorizontalFlip(p=0.5), v2.RandomVerticalFlip(p=0.5)]
    )
    # the notes' transforms.Scale: Resize's old name, deprecated
    # in torchvision 0.2 and removed in 0.12
    smaller = v2.Resize(14)

``ToImage`` + ``ToDtype(torch.float32, scale=True)`` replace the older ``ToTensor``, which
torchvision's v2 API deprecates; :mod:`dlnotes.transforms` keeps the one-step ``ToTensor``.
"""

# %%
# Every transform on one digit
# ----------------------------
# ``ToTensor`` (in torchvision v2: ``ToImage`` then ``ToDtype(torch.float32, scale=True)``) turns
# an 8-bit image (H, W) or (H, W, C) with values 0–255 into a float tensor (C, H, W) in [0, 1];
# the others work on such tensors; ``ToPILImage`` converts back for display or saving.
import numpy as np
import torch

from dlnotes import transforms as T
from dlnotes.datasets import load_mnist_sample

data = load_mnist_sample()
pixels = (
    (data.x_train[0, 0] * 255).round().to(torch.uint8).numpy()
)  # an 8-bit (28, 28) image
image = T.ToTensor()(pixels)  # (1, 28, 28) float in [0, 1]
print(
    f"ToTensor: {pixels.dtype} {pixels.shape} "
    f"→ {image.dtype} {tuple(image.shape)}, "
    f"range [{image.min():.0f}, {image.max():.0f}]; uint8 values "
    f"{np.iinfo(np.uint8).min}–{np.iinfo(np.uint8).max}"
)

g = torch.Generator().manual_seed(0)
shown = {
    "original": image,
    "Resize(14)": T.Resize(14)(image),
    "Resize(56)": T.Resize(56)(image),
    "CenterCrop(18)": T.CenterCrop(18)(image),
    "RandomCrop(28, padding=4)": T.RandomCrop(28, padding=4, generator=g)(
        image
    ),
    "RandomHorizontalFlip(p=1)": T.RandomHorizontalFlip(p=1.0)(image),
    "RandomVerticalFlip(p=1)": T.RandomVerticalFlip(p=1.0)(image),
    "Normalize(0.13, 0.31)": T.Normalize([0.1307], [0.3081])(image),
}
for name, out in shown.items():
    print(
        f"{name:>26}: shape {tuple(out.shape)}, "
        f"values [{out.min():.2f}, {out.max():.2f}]"
    )
back = T.ToPILImage()(image)
print(
    "ToPILImage:",
    back.mode,
    back.size,
    "— round trip exact:",
    np.array_equal(np.array(back), pixels),
)
assert np.array_equal(np.array(back), pixels)

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(
    1, len(shown), figsize=(15, 2.6), layout="constrained"
)
for ax, (name, out) in zip(axes, shown.items(), strict=True):
    ax.imshow(out[0], cmap="gray_r")
    ax.set_title(name.replace("(", "\n("), fontsize="small")
    # imshow rescales the colours: the value range shows what Normalize did
    ax.set_xlabel(
        f"{out.shape[-2]}×{out.shape[-1]}, "
        f"[{out.min():.1f}, {out.max():.1f}]",
        fontsize="small",
    )
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %%
# An augmentation pipeline draws new random parameters at every call, so each epoch sees a
# different version of every image. Sixteen draws of ``RandomCrop(28, padding=2)`` — shifts of up
# to two pixels in each direction:
from dlnotes.plotting import plot_image_grid

shift = T.Compose(
    [
        T.RandomCrop(
            28, padding=2, generator=torch.Generator().manual_seed(1)
        )
    ]
)
fig, _ = plot_image_grid(
    torch.stack([shift(image) for _ in range(16)]), ncols=8, size=1.1
)
fig.suptitle("16 random shifts of one training image")
plt.show()

# %%
# Training, validation and test images
# ------------------------------------
# Choices such as "which augmentation?" are made on a *validation* set; the test set is used once,
# at the end, to report the chosen model — otherwise the test accuracy is tuned too and no longer
# says how the model does on new images. We hold out 800 of the 4 000 training images for
# validation; the other 3 200 are the pool we train on.
g = torch.Generator().manual_seed(0)
order = torch.randperm(len(data.x_train), generator=g)
val_idx, pool = order[:800], order[800:]
x_val, y_val = data.x_train[val_idx], data.y_train[val_idx]
print(
    f"{len(data.x_train)} training images: "
    f"pool {len(pool)}, validation {len(val_idx)}; "
    f"test {len(data.x_test)}"
)

# %%
# Normalize with the training set's statistics
# --------------------------------------------
# ``Normalize(mean, std)`` computes :math:`(x - \text{mean})/\text{std}` per channel. The mean and
# standard deviation should come from the *training* images (most pixels are background). Popular
# made-up values such as 0.5 and 0.5 leave the inputs far from centred:
mean, std = (
    data.x_train[pool].mean().item(),
    data.x_train[pool].std().item(),
)
print(f"training pixels: mean {mean:.4f}, std {std:.4f}")
choices = {
    "training statistics": (mean, std),
    "made up (0.5, 0.5)": (0.5, 0.5),
}
for name, (m, s) in choices.items():
    normalized = T.Normalize([m], [s])(data.x_train[pool])
    print(
        f"{name:>20}: normalized mean {normalized.mean():+.3f}, "
        f"std {normalized.std():.3f}"
    )
proper = T.Normalize([mean], [std])(data.x_train[pool])
assert abs(proper.mean()) < 1e-3 and abs(proper.std() - 1) < 1e-3
assert T.Normalize([0.5], [0.5])(data.x_train[pool]).mean() < -0.7

# %%
# Transforms in a training loop
# -----------------------------
# A random transform draws its parameters once per call: applied to a whole batch, it would
# shift every image in it the same way (torchvision's v2 transforms do the same). So it belongs
# in the ``Dataset``'s ``__getitem__``, one call per image, and a ``DataLoader`` assembles the
# batches. The model is an ``nn.Sequential``: ``Flatten`` makes each (1, 28, 28) image a vector of
# 784, then ``Linear``, ``ReLU``, ``Linear``. The loop is :func:`dlnotes.train.fit`, because each
# run needs its validation accuracy per epoch: it runs the plain loop of
# :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, checked equal to it
# there.
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from dlnotes.train import accuracy, fit


class TransformedImages(Dataset):
    def __init__(self, images, labels, transform=None):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image = self.images[i]  # (1, 28, 28)
        if self.transform is not None:
            image = self.transform(image)  # a new random draw at every call
        return image, self.labels[i]


def train(
    indices,
    transform,
    epochs,
    optimizer_class=torch.optim.Adam,
    lr=1e-3,
    eval_transform=None,
    seed=0,
):
    """Train a fresh 784 → 128 → 10 MLP on ``indices``; validate on the
    held-out images.

    ``seed`` fixes the initial weights and the batch order."""
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Flatten(),  # (N, 1, 28, 28) → (N, 784)
        nn.Linear(784, 128),
        nn.ReLU(),
        nn.Linear(128, 10),  # (N, 10) scores
    )
    loader = DataLoader(
        TransformedImages(
            data.x_train[indices], data.y_train[indices], transform
        ),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed + 1),
    )
    images = x_val if eval_transform is None else eval_transform(x_val)
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        optimizer_class(model.parameters(), lr=lr),
        loader,
        val_data=DataLoader(TensorDataset(images, y_val), batch_size=800),
        metrics={"accuracy": accuracy},
        epochs=epochs,
        progress=False,
    )
    return model, history


# %%
# Under the hood, :class:`dlnotes.models.MLP` builds the same layers from the sizes
# ``(784, 128, 10)``; after ``nn.Flatten`` it is the model above. Its parameters have the same
# shapes under other names (``layers.0.weight`` for ``1.weight``, …), so the weights load into it
# in order, and it gives the same scores:
from dlnotes.models import MLP

torch.manual_seed(0)
pytorch_model = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)
)
packaged = nn.Sequential(nn.Flatten(), MLP((784, 128, 10)))
shapes = [tuple(p.shape) for p in pytorch_model.parameters()]
assert shapes == [tuple(p.shape) for p in packaged.parameters()]
packaged.load_state_dict(
    dict(
        zip(
            packaged.state_dict(),
            pytorch_model.state_dict().values(),
            strict=True,
        )
    )
)
same = torch.allclose(packaged(x_val), pytorch_model(x_val), atol=1e-6)
print(f"parameter shapes {shapes}; the same scores: {same}")
# the same operations in the same order; the tolerance allows another kernel on another machine
assert same


# %%
# What made-up ``Normalize`` values do to training: 200 training images (20 per digit), plain SGD
# with learning rate 0.1, 15 epochs, once normalized with the training statistics and once with
# (0.5, 0.5) — the same normalization applied to the validation images — each with three seeds
# for the initial weights and the batch order.
few = torch.cat([pool[data.y_train[pool] == d][:20] for d in range(10)])
print(
    f"{len(few)} training images, "
    f"per digit {data.y_train[few].bincount().tolist()}"
)
normalization, final = {}, {}
for name, (m, s) in choices.items():
    norm = T.Normalize([m], [s])
    histories = [
        train(
            few,
            norm,
            epochs=15,
            optimizer_class=torch.optim.SGD,
            lr=0.1,
            eval_transform=norm,
            seed=seed,
        )[1]
        for seed in range(3)
    ]
    normalization[name] = histories[0]  # seed 0, plotted below
    final[name] = [h["val_accuracy"][-1] for h in histories]
    first_five = [
        round(a, 3) for a in normalization[name]["val_accuracy"][:5]
    ]
    print(
        f"{name:>20}: seed 0, validation accuracy after epochs 1–5\n"
        f"{'':>22}{first_five};\n"
        f"{'':>22}after 15, seeds 0–2: {[round(a, 3) for a in final[name]]}"
    )

# %%
# With (0.5, 0.5) the inputs are not centred (and their spread is smaller), and plain SGD learns
# more slowly and less steadily: for seed 0 the validation accuracy is lower in each of the first
# five epochs, and after 15 epochs it is lower for every seed.
proper_acc = normalization["training statistics"]["val_accuracy"]
made_up_acc = normalization["made up (0.5, 0.5)"]["val_accuracy"]
assert all(
    a < b for a, b in zip(made_up_acc[:5], proper_acc[:5], strict=True)
)
assert all(
    a < b
    for a, b in zip(
        final["made up (0.5, 0.5)"],
        final["training statistics"],
        strict=True,
    )
)

# %%
# When augmentation helps, and when it hurts
# ------------------------------------------
# The same 200 images, the same budget for all three — 100 epochs with Adam: no augmentation;
# random shifts of up to 2 pixels, which keep every label; and random flips, horizontal and
# vertical. Horizontal flips are a standard augmentation for photographs (a cat mirrored left to
# right is still a cat; vertical flips are not, since photographs are rarely upside down); for
# digits both are wrong: a mirrored 2 or an upside-down 6 is not the same digit. When both flips
# happen to the same image — a half turn, one draw in four here — a 6 even reads as a 9.
flips = T.Compose(
    [
        T.RandomHorizontalFlip(
            p=0.5, generator=torch.Generator().manual_seed(3)
        ),
        T.RandomVerticalFlip(
            p=0.5, generator=torch.Generator().manual_seed(4)
        ),
    ]
)
pipelines = {
    "no augmentation": None,
    "random shifts (±2 px)": T.RandomCrop(
        28, padding=2, generator=torch.Generator().manual_seed(2)
    ),
    "random flips": flips,
}
runs = {
    name: train(few, transform, epochs=100)
    for name, transform in pipelines.items()
}
memorised = {}
for name, (_, h) in runs.items():
    memorised[name] = next(
        (i + 1 for i, a in enumerate(h["train_accuracy"]) if a == 1.0), None
    )
    when = (
        f"first at epoch {memorised[name]}" if memorised[name] else "never"
    )
    print(
        f"{name:>22}: validation accuracy {h['val_accuracy'][-1]:.3f};\n"
        f"{'':>24}training accuracy 100 %: {when}"
    )

# %%
fig, (ax_norm, ax_aug) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
for name, h in normalization.items():
    ax_norm.plot(
        range(1, 16), h["val_accuracy"], "o-", markersize=3, label=name
    )
ax_norm.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="Normalize values (SGD, 200 images)",
)
for name, (_, h) in runs.items():
    ax_aug.plot(range(1, 101), h["val_accuracy"], label=name)
ax_aug.set(
    xlabel="epoch",
    ylabel="validation accuracy",
    title="augmentation (Adam, 200 images, 100 epochs)",
)
ax_norm.legend()
ax_aug.legend()
plt.show()

# %%
# Without augmentation the network memorises its 200 images: it first classifies all of them
# correctly at the epoch printed above, and after that its validation accuracy barely moves.
# Shifts give it new versions of every image each epoch, and it does better on the validation
# images; flips teach it digits that do not exist, and it does worse.
(_, none), (shift_model, shifted), (_, flipped) = runs.values()
at_memorised = none["val_accuracy"][memorised["no augmentation"] - 1]
print(
    "no augmentation: validation accuracy "
    f"{at_memorised:.3f} when memorised, "
    f"{none['val_accuracy'][-1]:.3f} at epoch 100"
)
assert memorised["no augmentation"] <= 30
assert abs(none["val_accuracy"][-1] - at_memorised) < 0.03
assert shifted["val_accuracy"][-1] > none["val_accuracy"][-1] + 0.02
assert flipped["val_accuracy"][-1] < none["val_accuracy"][-1] - 0.05

# %%
# The test set, once
# ------------------
# Validation chose random shifts. Only now do we measure that model on the 1 000 test images:
from dlnotes.train import evaluate

test = evaluate(
    shift_model,
    nn.CrossEntropyLoss(),
    DataLoader(TensorDataset(data.x_test, data.y_test), batch_size=1000),
    metrics={"accuracy": accuracy},
)
print(
    f"random shifts, {len(few)} training images: "
    f"test accuracy {test['accuracy']:.3f}"
)

# %%
# Key points
# ----------
# * ``Compose`` chains transforms; torchvision v2's ``ToImage`` + ``ToDtype(torch.float32,
#   scale=True)`` (``ToTensor`` here) make (C, H, W) floats in [0, 1] from 8-bit images,
#   ``Normalize`` standardizes each channel, ``Resize``/``CenterCrop``/``RandomCrop`` change the
#   geometry, ``ToPILImage`` converts back.
# * Compute ``Normalize``'s mean and std on the training images, not from habit.
# * Choose augmentations on a validation set; report the test accuracy once, for the final choice.
# * Random transforms in ``__getitem__`` give a new version of each image every epoch. On these
#   200 training images (the only size tried, one seed) they helped when the changes kept the
#   label (small shifts of digits) and hurt when they did not (flipping digits).
# * With ``DataLoader`` workers, a transform's own ``generator`` is copied into every worker: leave
#   it out there (torchvision's transforms have none) or seed each worker's copy (page 17).

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_20_augmentation_solutions.py>`.
#
# .. _exercise-20-1:
#
# **Exercise 20.1** ★★ — *More shifting?* With the page's ``train``, train on ``few`` for 50
# epochs (seed 0) with no augmentation, with ``T.RandomCrop(28, padding=2, ...)`` and with
# ``T.RandomCrop(28, padding=4, ...)`` (each with ``generator=torch.Generator().manual_seed(2)``).
# What validation accuracy does each reach after the 50 epochs? Is shifting by up to 4 pixels
# better than by up to 2?
# :ref:`Solution <solution-20-1>`

# Your code for exercise 20.1

# %%
# .. _exercise-20-2:
#
# **Exercise 20.2** ★★★ — *Mirrored digits.* Train for 50 epochs (seed 0) with horizontal flips
# only, ``T.RandomHorizontalFlip(p=0.5, generator=torch.Generator().manual_seed(3))``, and compute
# the validation accuracy of each digit with and without the flips (or draw both confusion
# matrices with ``plot_confusion_matrix``, as on the previous page). Which two digits lose the
# most? Do 0 and 1, which look much the same mirrored, lose much?
# :ref:`Solution <solution-20-2>`

# Your code for exercise 20.2

# %%
# Next: :ref:`regularization: weight decay, L1 and L2 <sphx_glr_tutorials_03_training_plot_20b_regularization.py>`.
