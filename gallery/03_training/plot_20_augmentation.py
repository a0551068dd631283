r"""
Transforms and data augmentation: more data for free — if the changes keep the label
====================================================================================

A *transform* changes an image before the model sees it: convert it to a tensor, normalize it,
resize or crop it, flip it. A *random* transform applied anew every epoch is *data augmentation*:
the model never sees exactly the same image twice, which helps most when there are few images.
But an augmentation must not change what the image means — a mirrored 2 is not a 2.

torchvision's transforms need a CUDA build of PyTorch, so this site uses
:mod:`dlnotes.transforms`: the same names and semantics, on tensors, with explicit generators.
You will be able to:

* chain ``ToTensor``, ``Normalize``, ``Resize``, ``CenterCrop``, ``RandomCrop`` and flips with
  ``Compose``, and convert back with ``ToPILImage``;
* normalize with statistics of the training set, and see what made-up values do;
* decide when augmentation helps (little data, label-preserving changes) and when it hurts.
"""

# %%
# Every transform on one digit
# ----------------------------
# ``ToTensor`` turns an 8-bit image (H, W) or (H, W, C) with values 0–255 into a float tensor
# (C, H, W) in [0, 1]; the others work on such tensors; ``ToPILImage`` converts back for display or
# saving.
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
    f"ToTensor: {pixels.dtype} {pixels.shape} → {image.dtype} {tuple(image.shape)}, "
    f"range [{image.min():.0f}, {image.max():.0f}]"
)

g = torch.Generator().manual_seed(0)
shown = {
    "original": image,
    "Resize(14)": T.Resize(14)(image),
    "Resize(56)": T.Resize(56)(image),
    "CenterCrop(18)": T.CenterCrop(18)(image),
    "RandomCrop(28, padding=4)": T.RandomCrop(28, padding=4, generator=g)(image),
    "RandomHorizontalFlip(p=1)": T.RandomHorizontalFlip(p=1.0)(image),
    "RandomVerticalFlip(p=1)": T.RandomVerticalFlip(p=1.0)(image),
    "Normalize(0.13, 0.31)": T.Normalize([0.1307], [0.3081])(image),
}
for name, out in shown.items():
    print(
        f"{name:>26}: shape {tuple(out.shape)}, values [{out.min():.2f}, {out.max():.2f}]"
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

fig, axes = plt.subplots(1, len(shown), figsize=(15, 2.6), layout="constrained")
for ax, (name, out) in zip(axes, shown.items(), strict=True):
    ax.imshow(out[0], cmap="gray_r")
    ax.set_title(name.replace("(", "\n("), fontsize="small")
    ax.set_xlabel(f"{out.shape[-2]}×{out.shape[-1]}", fontsize="small")
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %%
# An augmentation pipeline draws new random parameters at every call, so each epoch sees a
# different version of every image. Sixteen draws of ``RandomCrop(28, padding=2)`` — shifts of up
# to two pixels in each direction:
from dlnotes.plotting import plot_image_grid

shift = T.Compose(
    [T.RandomCrop(28, padding=2, generator=torch.Generator().manual_seed(1))]
)
fig, _ = plot_image_grid(
    torch.stack([shift(image) for _ in range(16)]), ncols=8, size=1.1
)
fig.suptitle("16 random shifts of one training image")
plt.show()

# %%
# Normalize with the training set's statistics
# --------------------------------------------
# ``Normalize(mean, std)`` computes :math:`(x - \text{mean})/\text{std}` per channel. The mean and
# standard deviation should come from the *training* images: for this sample they are about 0.13
# and 0.31 (most pixels are background). Popular made-up values such as 0.5 and 0.5 still train,
# but leave the inputs far from centred:
mean, std = data.x_train.mean().item(), data.x_train.std().item()
print(f"training pixels: mean {mean:.4f}, std {std:.4f}")
for name, (m, s) in {
    "training statistics": (mean, std),
    "made up (0.5, 0.5)": (0.5, 0.5),
}.items():
    normalized = T.Normalize([m], [s])(data.x_train)
    print(
        f"{name:>20}: normalized mean {normalized.mean():+.3f}, std {normalized.std():.3f}"
    )
proper = T.Normalize([mean], [std])(data.x_train)
assert abs(proper.mean()) < 1e-3 and abs(proper.std() - 1) < 1e-3
assert T.Normalize([0.5], [0.5])(data.x_train).mean() < -0.7

# %%
# Augmentation in a training loop
# -------------------------------
# Random transforms act on single samples, so they belong in the ``Dataset``'s ``__getitem__``,
# and a ``DataLoader`` assembles the batches:
from torch import nn
from torch.utils.data import DataLoader, Dataset

from dlnotes.data import Batches
from dlnotes.models import MLP
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


def train(indices, transform, epochs):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), MLP((784, 128, 10)))
    loader = DataLoader(
        TransformedImages(data.x_train[indices], data.y_train[indices], transform),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    history = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=1e-3),
        loader,
        val_data=Batches(data.x_test, data.y_test, batch_size=500),
        metrics={"accuracy": accuracy},
        epochs=epochs,
        progress=False,
    )
    return history


# %%
# When it helps: little data
# --------------------------
# With only 20 training images per digit (200 in all), a network memorises them within a few
# epochs. Random shifts of up to 2 pixels make every epoch show new images — which all keep their
# labels — and the accuracy on the 1 000 test images rises.
few = torch.cat([(data.y_train == d).nonzero().ravel()[:20] for d in range(10)])
plain = train(few, None, epochs=200)
shifted = train(
    few,
    T.RandomCrop(28, padding=2, generator=torch.Generator().manual_seed(2)),
    epochs=200,
)

# %%
# When it hurts: transformations that change the label
# ----------------------------------------------------
# Flipping is a standard augmentation for photographs (a mirrored cat is a cat). For digits it is
# wrong: a mirrored 2 or an upside-down 6 is not the same digit, and 6 and 9 even swap. Trained on
# all 4 000 images with random flips, the network gets worse on (unflipped) test digits.
everything = torch.arange(len(data.x_train))
flips = T.Compose(
    [
        T.RandomHorizontalFlip(p=0.5, generator=torch.Generator().manual_seed(3)),
        T.RandomVerticalFlip(p=0.5, generator=torch.Generator().manual_seed(4)),
    ]
)
no_flip = train(everything, None, epochs=4)
flipped = train(everything, flips, epochs=4)

fig, (ax_few, ax_flip) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
ax_few.plot(plain["val_accuracy"], label="no augmentation")
ax_few.plot(shifted["val_accuracy"], label="random shifts (±2 px)")
ax_few.set(
    xlabel="epoch", ylabel="test accuracy", title="200 training images", ylim=(0.6, 0.9)
)
ax_flip.plot(range(1, 5), no_flip["val_accuracy"], "o-", label="no augmentation")
ax_flip.plot(range(1, 5), flipped["val_accuracy"], "o-", label="random flips")
ax_flip.set(
    xlabel="epoch",
    ylabel="test accuracy",
    title="4 000 training images",
    ylim=(0.6, 1.0),
)
ax_few.legend()
ax_flip.legend()
plt.show()

rows = [
    ("200 images, no augmentation", plain),
    ("200 images, random shifts", shifted),
    ("4 000 images, no augmentation", no_flip),
    ("4 000 images, random flips", flipped),
]
for name, h in rows:
    print(f"{name:>30}: final test accuracy {h['val_accuracy'][-1]:.3f}")
assert shifted["val_accuracy"][-1] > plain["val_accuracy"][-1] + 0.02
assert flipped["val_accuracy"][-1] < no_flip["val_accuracy"][-1] - 0.05

# %%
# Key points
# ----------
# * ``Compose`` chains transforms; ``ToTensor`` makes (C, H, W) floats in [0, 1] from 8-bit
#   images, ``Normalize`` standardizes each channel, ``Resize``/``CenterCrop``/``RandomCrop``
#   change the geometry, ``ToPILImage`` converts back.
# * Compute ``Normalize``'s mean and std on the training images (0.13 and 0.31 here), not from
#   habit.
# * Random transforms in ``__getitem__`` give a new version of each image every epoch. They help
#   when data are few and the changes keep the label (small shifts of digits); they hurt when they
#   do not (flipping digits).
#
# Try it
# ------
# * Add ``RandomCrop(28, padding=4)``: is more shifting better?
# * Flip only horizontally: which digits suffer most? (Hint: look at the confusion matrix.)
#
# This ends part 3.
