r"""
Dropout: silence random units while training, and the network over-fits less
=============================================================================

A large network trained on little data memorises it: the training loss keeps falling while the
loss on new data rises. *Dropout* fights this by setting a random fraction ``p`` of a layer's
outputs to zero at every training step, so no unit can rely on any particular other unit being
there. At evaluation time nothing is dropped.

You will be able to:

* predict exactly what ``nn.Dropout(p)`` does in training and in evaluation mode, including the
  :math:`1/(1-p)` scaling of the survivors;
* avoid (and fix) the error dropout raises on integer tensors;
* measure dropout's effect on the gap between training and validation performance.
"""

# %%
# What dropout does to a tensor
# -----------------------------
# In training mode, each element is zeroed with probability ``p`` and every survivor is multiplied
# by :math:`1/(1-p)`. The scaling keeps the *expected* value of each element unchanged, so the next
# layer sees inputs of the same size in training and in evaluation. The random draws come from
# torch's global generator, seeded here.
import torch
from torch import nn

torch.manual_seed(0)
dropout = nn.Dropout(p=0.5)
x = torch.ones(10_000)
out = dropout(x)  # a freshly created module is in training mode
print("first values:", out[:10].tolist())
print(
    f"fraction zeroed {(out == 0).float().mean():.3f}, survivors equal {out[out > 0].unique().tolist()}, "
    f"mean {out.mean():.3f} (input mean 1.000)"
)
assert abs((out == 0).float().mean().item() - 0.5) < 0.02
assert torch.all(out[out > 0] == 2.0)  # 1 / (1 - 0.5)
assert abs(out.mean().item() - 1.0) < 0.03

# %%
# With ``p = 0.2`` the survivors are scaled by 1.25. In evaluation mode (``model.eval()`` or
# ``dropout.eval()``) dropout is the identity:
dropout = nn.Dropout(p=0.2)
out = dropout(x)
print(
    f"p = 0.2: fraction zeroed {(out == 0).float().mean():.3f}, survivors {out[out > 0].unique().tolist()}"
)
dropout.eval()
print("eval mode returns the input unchanged:", torch.equal(dropout(x), x))
assert torch.allclose(out[out > 0], torch.tensor(1.25)) and torch.equal(dropout(x), x)

# %%
# Dropout needs floating-point input
# ----------------------------------
# The scaling by :math:`1/(1-p)` produces fractions, which an integer tensor cannot hold:
dropout.train()
counts = torch.arange(6)  # int64
try:
    dropout(counts)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print("fixed with .float():", dropout(counts.float()).tolist())

# %%
# The fix is to convert first, with ``.float()``; or better, to make integer data (pixel values,
# counts) floating point once, when the data set is built.
#
# Measuring the effect on over-fitting
# ------------------------------------
# Forty noisy points from :math:`y = \sin x + 0.3\,\varepsilon` are far too few for a network
# with two hidden layers of 128 units: it can thread a curve through every point, noise included.
# We train it three times for 1 000 full-batch epochs from the same initial weights — without
# dropout, and with ``p = 0.2`` and ``p = 0.5`` after each hidden layer — and validate on 1 000
# fresh points from the same source. No model can beat the noise variance, 0.09, on new data.
from dlnotes.data import Batches
from dlnotes.models import MLP
from dlnotes.train import fit, predict

g = torch.Generator().manual_seed(0)
x_train = torch.rand(40, 1, generator=g) * 6 - 3  # (40, 1) in [-3, 3)
y_train = torch.sin(x_train) + 0.3 * torch.randn(40, 1, generator=g)
x_val = torch.rand(1000, 1, generator=g) * 6 - 3
y_val = torch.sin(x_val) + 0.3 * torch.randn(1000, 1, generator=g)

models, histories = {}, {}
for p in (0.0, 0.2, 0.5):
    torch.manual_seed(1)  # the same initial weights for every p
    models[p] = MLP((1, 128, 128, 1), activation="relu", dropout=p)
    histories[p] = fit(
        models[p],
        nn.MSELoss(),
        torch.optim.Adam(models[p].parameters(), lr=3e-3),
        Batches(x_train, y_train, batch_size=40),
        val_data=Batches(x_val, y_val, batch_size=1000),
        epochs=1000,
        progress=False,
    )

# %%
# Without dropout the network memorises the noise: its curve wiggles through the training points,
# its training loss falls far below the noise variance, and its validation loss climbs. With
# dropout the fitted curve is smoother and closer to the truth.
import matplotlib.pyplot as plt

grid = torch.linspace(-3, 3, 400).reshape(-1, 1)
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True, layout="constrained")
for ax, (p, model) in zip(axes, models.items(), strict=True):
    ax.plot(
        grid, torch.sin(grid), color="grey", linewidth=3, alpha=0.5, label="true sin x"
    )
    ax.scatter(x_train, y_train, s=14, color="black", label="training points")
    ax.plot(grid, predict(model, grid), color="tab:red", label="network (eval mode)")
    ax.set(title="no dropout" if p == 0 else f"dropout p = {p}", xlabel="x")
axes[0].set_ylabel("y")
axes[0].legend(fontsize="small")
plt.show()

# %%
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for p, history in histories.items():
    label = "no dropout" if p == 0 else f"dropout p = {p}"
    (line,) = ax.semilogy(history["val_loss"], label=f"{label}: validation")
    ax.semilogy(history["train_loss"], "--", color=line.get_color(), linewidth=0.8)
ax.axhline(0.09, color="grey", linestyle=":", label="noise variance")
ax.set(
    xlabel="epoch", ylabel="MSE (dashed: training)", title="training vs validation loss"
)
ax.legend(fontsize="small")
plt.show()

print(f"{'':>14}{'train MSE':>11}{'val MSE':>9}{'gap':>8}{'best val':>10}")
for p, h in histories.items():
    name = "no dropout" if p == 0 else f"dropout {p}"
    gap = h["val_loss"][-1] - h["train_loss"][-1]
    print(
        f"{name:>14}{h['train_loss'][-1]:>11.4f}{h['val_loss'][-1]:>9.4f}{gap:>8.4f}"
        f"{min(h['val_loss']):>10.4f}"
    )

plain = histories[0.0]
assert plain["train_loss"][-1] < 0.09 / 2  # it memorised the noise
assert plain["val_loss"][-1] > 1.3 * min(plain["val_loss"])  # and got worse on new data
for p in (0.2, 0.5):
    h = histories[p]
    assert h["val_loss"][-1] < 0.8 * plain["val_loss"][-1]
    assert (
        h["val_loss"][-1] - h["train_loss"][-1]
        < plain["val_loss"][-1] - plain["train_loss"][-1]
    )

# %%
# Key points
# ----------
# * ``nn.Dropout(p)`` zeroes each element with probability ``p`` in training mode and scales the
#   rest by :math:`1/(1-p)`, so expected values are unchanged; in evaluation mode it does nothing.
#   Always call ``model.train()`` / ``model.eval()`` (``dlnotes.train.fit`` does).
# * It needs a floating-point tensor: convert integer data with ``.float()``.
# * It trades training loss for less over-fitting: here a much smaller train/validation gap and a
#   validation loss 23–30 % lower. More is not always better: compare p = 0.2 with p = 0.5.
#
# Try it
# ------
# * Try ``p = 0.8``, and a network twice as wide.
# * Train on 400 points instead of 40: does dropout still help?
#
# Next: :ref:`building models <sphx_glr_tutorials_01_building_blocks_plot_10_building_models.py>`.
