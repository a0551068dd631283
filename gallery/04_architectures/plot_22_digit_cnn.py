r"""
A CNN for handwritten digits: same parameter budget, fewer mistakes
====================================================================

The MLP of the digit-classification page treats an image as 784 unrelated numbers. A
convolutional network (CNN) keeps the image's layout: small kernels look at neighbouring
pixels, the same kernels slide over the whole image, and pooling summarises regions. This
page trains the network of the study notes (two 3×3 convolutions, max-pooling, two dense
layers with ``Dropout(0.5)``) on the 28×28 MNIST sample and compares it with the MLP on the
same split. You will be able to:

* build the CNN and follow its shapes from (N, 1, 28, 28) to (N, 10), including the
  ``view`` that flattens the feature maps before the dense layers;
* scale an architecture down to a compute budget and say what that costs;
* see where a CNN keeps its parameters, and what its first layer learned.
"""

# %%
# The network, scaled to this page's budget
# -----------------------------------------
# The notes' model has 64 and 128 channels and a 1 024-unit dense layer, sized for 60 000
# training images and a GPU. Even a 32/64-channel version costs about 4 s per epoch on
# 4 000 images on this site's 2-core build machine, and every page here must run in under
# 20 s. So this page shrinks the channels to 8 and 16 and the dense layer to 64 units: the
# second convolution then needs 16× fewer multiply-adds, and eight epochs take about 5 s.
# The structure (and the lesson) is unchanged. :class:`dlnotes.models.DigitCNN` is that
# network:
import torch

from dlnotes.models import DigitCNN

torch.manual_seed(0)
cnn = DigitCNN(image_size=28, channels=(8, 16), hidden=64, dropout=0.5)
print(cnn)

x = torch.zeros(2, 1, 28, 28)  # (N, C, H, W)
with torch.no_grad():  # only looking at shapes: no graph needed
    h = cnn.features[1](cnn.features[0](x))
    print("after conv1 + ReLU:          ", tuple(h.shape))
    h = cnn.features(x)
    print("after conv2 + ReLU + pool 2: ", tuple(h.shape))
    print("flattened, view(N, -1):      ", tuple(h.view(h.size(0), -1).shape))
    print("output:                      ", tuple(cnn.eval()(x).shape))
cnn.train()  # eval() switched dropout off; fit() switches it back on anyway

# %%
# Where the parameters are. A convolution's weights do not depend on the image size: the
# first layer has 8 kernels of 3×3 plus 8 biases. The dense layer after the flatten sees
# every position of every feature map, so it holds almost all of the network:
n_conv = sum(p.numel() for p in cnn.features.parameters())
n_dense = sum(p.numel() for p in cnn.classifier.parameters())
n_cnn = n_conv + n_dense
print(f"convolutions: {n_conv:>7,} parameters")
print(f"dense layers: {n_dense:>7,} parameters ({n_dense / n_cnn:.1%} of {n_cnn:,})")

# %%
# Training
# --------
# The same data as the MLP page: 4 000 training and 1 000 test images, balanced per digit,
# batches of 64; Adam at learning rate 2e-3 for eight epochs.
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_mnist_sample
from dlnotes.train import accuracy, fit

data = load_mnist_sample()
test_batches = Batches(data.x_test, data.y_test, batch_size=500)


def train_batches():
    """The training set in shuffled batches, the same order for both models."""
    return Batches(
        data.x_train,
        data.y_train,
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )


cnn_history = fit(
    cnn,
    nn.CrossEntropyLoss(),
    torch.optim.Adam(cnn.parameters(), lr=2e-3),
    train_batches(),
    val_data=test_batches,
    metrics={"accuracy": accuracy},
    epochs=8,
    progress=False,
)

# %%
# The MLP of the digit-classification page (784 → 256 → 10, dropout 0.2, 12 epochs),
# trained here on the same split. ``nn.Flatten`` turns each (1, 28, 28) image into 784
# numbers, which is all an MLP can use:
from dlnotes.models import MLP

torch.manual_seed(0)
mlp = nn.Sequential(nn.Flatten(), MLP((784, 256, 10), dropout=0.2))
mlp_history = fit(
    mlp,
    nn.CrossEntropyLoss(),
    torch.optim.Adam(mlp.parameters(), lr=1e-3),
    train_batches(),
    val_data=test_batches,
    metrics={"accuracy": accuracy},
    epochs=12,
    progress=False,
)
n_mlp = sum(p.numel() for p in mlp.parameters())

# %%
# Evaluation
# ----------
import matplotlib.pyplot as plt

cnn_acc = cnn_history["val_accuracy"][-1]
mlp_acc = mlp_history["val_accuracy"][-1]
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.plot(
    range(1, len(cnn_history) + 1),
    cnn_history["val_accuracy"],
    "o-",
    label=f"CNN ({n_cnn:,} parameters)",
)
ax.plot(
    range(1, len(mlp_history) + 1),
    mlp_history["val_accuracy"],
    "s-",
    label=f"MLP ({n_mlp:,} parameters)",
)
ax.set(
    xlabel="epoch",
    ylabel="test accuracy",
    title="CNN vs MLP on the same 4 000 / 1 000 split",
)
ax.legend()
plt.show()

cnn_errors = round((1 - cnn_acc) * len(data.y_test))
mlp_errors = round((1 - mlp_acc) * len(data.y_test))
print(f"CNN: {cnn_acc:.3f} after {len(cnn_history)} epochs, {cnn_errors} errors")
print(f"MLP: {mlp_acc:.3f} after {len(mlp_history)} epochs, {mlp_errors} errors")
print(f"parameters: CNN {n_cnn:,}, MLP {n_mlp:,}")
print(f"the CNN makes {1 - cnn_errors / mlp_errors:.0%} fewer mistakes")
assert abs(n_cnn - n_mlp) < 0.02 * n_mlp
assert cnn_errors < 0.8 * mlp_errors

# %%
# With the same number of parameters, the CNN makes clearly fewer mistakes, in fewer
# epochs. The exact figures move by a few tenths of a percent with the seed (try
# ``torch.manual_seed(1)``); the ranking does not.
#
# What the first layer learned
# ----------------------------
# The 8 filters of the first convolution, each 3×3, and the feature maps they produce for
# one test digit. Like the hand-made kernels of the convolution page, trained filters
# respond to edges and strokes in particular directions; their maps light up where those
# patterns are.
from dlnotes.plotting import plot_feature_maps

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
# * For the same parameter budget, the CNN is clearly more accurate on images than the MLP.
# * Architectures scale: fewer channels cost some accuracy and save compute in proportion.
#   On a GPU the notes' full-size model trains in seconds (see the GPU page and the
#   benchmarks).
#
# Try it
# ------
# * Use ``channels=(16, 32)``: how much accuracy does doubling the width buy, and at what
#   time cost?
# * Remove the dropout (``dropout=0``) and compare training and test accuracy.
#
# Next: :ref:`deeper networks
# <sphx_glr_tutorials_04_architectures_plot_23_deeper_networks.py>`.
#
# sphinx_gallery_thumbnail_number = 2
