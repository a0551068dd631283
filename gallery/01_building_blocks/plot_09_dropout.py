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
# by :math:`1/(1-p)`. The scaling keeps the *expected* value of each element unchanged, so the
# next layer sees inputs of the same size, on average, in training and in evaluation. The random
# draws come from torch's global generator, seeded here.
import torch
from torch import nn

torch.manual_seed(0)
dropout = nn.Dropout(p=0.5)
x = torch.ones(10_000)
out = dropout(x)  # a freshly created module is in training mode
print("first values:", out[:10].tolist())
print(
    f"fraction zeroed {(out == 0).float().mean():.3f}, "
    f"survivors equal {out[out > 0].unique().tolist()}, "
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
    f"p = 0.2: fraction zeroed {(out == 0).float().mean():.3f}, "
    f"survivors {out[out > 0].unique().tolist()}"
)
dropout.eval()
print("eval mode returns the input unchanged:", torch.equal(dropout(x), x))
assert torch.allclose(out[out > 0], torch.tensor(1.25)) and torch.equal(
    dropout(x), x
)

# %%
# Dropout zeroes activations, not weights
# ---------------------------------------
# What gets zeroed is the *output* of a layer — the activations flowing to the next layer — not
# the layer's parameters. Note 002 (one of the Chinese source notes this site was written from)
# describes dropout as setting "part of the model's parameters to zero"; that is not what
# ``nn.Dropout`` does. The weights stay as they are; a dropped unit simply sends nothing onward
# for the sample it was dropped in. At the next step a different random set of units is dropped.
linear = nn.Linear(4, 6)
weights_before = linear.weight.detach().clone()
activations = linear(torch.randn(1, 4))  # (1, 6)
dropped = nn.Dropout(p=0.5)(activations)  # (1, 6)
print(
    "activations:      ",
    [round(v, 3) for v in activations.squeeze(0).tolist()],
)
print("zeroed by dropout:", (dropped == 0).squeeze(0).tolist())
kept = dropped != 0
print(
    "the others doubled:",
    torch.allclose(dropped[kept], 2 * activations[kept]),
)
print(
    "weights unchanged:", torch.equal(linear.weight, weights_before),
    "| zero weights:", int((linear.weight == 0).sum()),
)  # fmt: skip
assert (dropped == 0).any() and torch.equal(linear.weight, weights_before)

# %%
# A dropped unit also passes no gradient back, but only for that sample: the weights into it get
# nothing from the sample it was dropped in (and the weights out of it, in the next layer, neither,
# since their input from it was 0). Every sample of a batch draws its own mask, so in a batch those
# weights still get gradient from the samples where the unit was kept. Their gradient is zero only
# when the unit was dropped in every sample of the batch: with one sample, that is every dropped
# unit; with 8, below, no unit was dropped in all 8.
torch.manual_seed(1)
for n in (1, 8):
    linear.zero_grad()
    out = nn.Dropout(p=0.5)(linear(torch.randn(n, 4)))  # (n, 6)
    out.sum().backward()
    dropped_in_all = (out == 0).all(dim=0)  # (6,) one per unit
    zero_rows = (linear.weight.grad == 0).all(dim=1)  # (6,) one per unit
    print(
        f"batch of {n}: units dropped in every sample "
        f"{int(dropped_in_all.sum())}, "
        f"units whose incoming weights got zero gradient {int(zero_rows.sum())}"
    )
    assert torch.equal(zero_rows, dropped_in_all)

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
# The fixed call returns floats: each survivor scaled by 1.25, a value an ``int64`` tensor could
# not store. The fix is to convert first, with ``.float()``; or better, to make integer data
# (pixel values, counts) floating point once, when the data set is built.
#
# Measuring the effect on over-fitting
# ------------------------------------
# Forty noisy points from :math:`y = \sin x + 0.3\,\varepsilon` are far too few for a network
# with two hidden layers of 128 units: it can bend its curve towards single points, noise
# included. We train it for 1 000 full-batch epochs without dropout, and with ``nn.Dropout(p)``
# after each hidden layer for ``p = 0.2`` and ``p = 0.5``, each with three seeds (0, 1, 2), and
# measure it on 1 000 fresh *validation* points from the same source; 1 000 more, the *test*
# points, are kept for a second opinion. The seed sets the initial weights and the dropout masks;
# the 40 training points and the two evaluation sets are drawn once and are the same in every
# run. No model can expect to beat the noise variance, 0.09, on new data.
#
# Every 10 epochs the network is switched to ``model.eval()`` and measured, without gradients,
# on the training points too: the loss that the training step reports is computed with dropout
# on, so it is the loss of a different, randomly thinned network each time, and comparing it with
# an eval-mode validation loss would compare two different things.
g = torch.Generator().manual_seed(0)


def sample(n):
    """n points of y = sin x + noise, x in [-3, 3)."""
    x = torch.rand(n, 1, generator=g) * 6 - 3  # (n, 1)
    return x, torch.sin(x) + 0.3 * torch.randn(n, 1, generator=g)


x_train, y_train = sample(40)
x_val, y_val = sample(1000)
x_test, y_test = sample(1000)  # never used to choose anything
mse = nn.MSELoss()
EPOCHS, EVERY, SEEDS = 1000, 10, (0, 1, 2)
print(
    f"{len(x_train)} training, {len(x_val)} validation, "
    f"{len(x_test)} test points; "
    f"noise std 0.3 (variance {0.3**2:.2f}); network 1 → 128 → 128 → 1; "
    f"{EPOCHS} epochs, measured every {EVERY}; seeds {SEEDS}"
)


def make_model(p):
    return nn.Sequential(
        nn.Linear(1, 128), nn.ReLU(), nn.Dropout(p),
        nn.Linear(128, 128), nn.ReLU(), nn.Dropout(p),
        nn.Linear(128, 1),
    )  # fmt: skip


def train(p, seed):
    torch.manual_seed(seed)  # initial weights and dropout masks
    model = make_model(p)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    history = {"train (dropout on)": [], "train": [], "val": [], "test": []}
    for epoch in range(1, EPOCHS + 1):
        model.train()  # dropout on
        optimizer.zero_grad()
        loss = mse(model(x_train), y_train)
        loss.backward()
        optimizer.step()
        if epoch % EVERY == 0:
            model.eval()  # dropout off: the network as it will be used
            with torch.no_grad():
                history["train (dropout on)"].append(loss.item())
                history["train"].append(mse(model(x_train), y_train).item())
                history["val"].append(mse(model(x_val), y_val).item())
                history["test"].append(mse(model(x_test), y_test).item())
    return model, history


ps = (0.0, 0.2, 0.5)
runs = {p: [train(p, seed) for seed in SEEDS] for p in ps}
names = {0.0: "no dropout", 0.2: "dropout 0.2", 0.5: "dropout 0.5"}

# %%
# Without dropout the network memorises the noise: its curve (seed 0 below) wiggles through the
# training points. With dropout the fitted curve is smoother and, for this seed, closer to the
# truth: the mean squared distance between each curve and :math:`\sin x` on the plotted grid is
# printed below the figure.
import matplotlib.pyplot as plt

grid = torch.linspace(-3, 3, 400).reshape(-1, 1)
fig, axes = plt.subplots(
    1, 3, figsize=(13, 3.8), sharey=True, layout="constrained"
)
for ax, p in zip(axes, ps, strict=True):
    model = runs[p][0][0].eval()
    ax.plot(
        grid,
        torch.sin(grid),
        color="grey",
        linewidth=3,
        alpha=0.5,
        label="true sin x",
    )
    ax.scatter(
        x_train, y_train, s=14, color="black", label="training points"
    )
    with torch.no_grad():
        ax.plot(
            grid, model(grid), color="tab:red", label="network (eval mode)"
        )
    ax.set(title=f"{names[p]} (seed 0)", xlabel="x")
axes[0].set_ylabel("y")
axes[0].legend(fontsize="small")
plt.show()
distance = {}
for p in ps:
    with torch.no_grad():
        distance[p] = mse(runs[p][0][0](grid), torch.sin(grid)).item()
    print(
        f"{names[p]:>11} (seed 0): mean squared distance to sin x "
        f"{distance[p]:.4f}"
    )
assert distance[0.2] < distance[0.0] and distance[0.5] < distance[0.0]

# %%
# The losses, averaged over the three seeds. Solid: validation; dashed: training, both in eval
# mode. The validation curve of the network without dropout reaches its minimum early and then
# climbs while its training loss keeps falling. With dropout the validation curve stays close
# to its minimum to the end, and the training loss falls more slowly, staying above the one
# without dropout.
import statistics


def mean_curve(p, key):
    curves = [history[key] for _, history in runs[p]]  # one per seed
    return [
        statistics.fmean(values) for values in zip(*curves, strict=True)
    ]


epochs = list(range(EVERY, EPOCHS + 1, EVERY))
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for p in ps:
    (line,) = ax.semilogy(
        epochs, mean_curve(p, "val"), label=f"{names[p]}: validation"
    )
    ax.semilogy(
        epochs,
        mean_curve(p, "train"),
        "--",
        color=line.get_color(),
        linewidth=0.8,
    )
ax.axhline(0.09, color="grey", linestyle=":", label="noise variance")
ax.set(
    xlabel="epoch",
    ylabel="MSE (log scale; dashed: training)",
    title="training vs validation loss, mean of 3 seeds",
)
ax.legend(fontsize="small")
plt.show()

# %%
# The numbers, as means over the three seeds. One epoch's loss is noisy, so the validation and
# test columns are means over the last 100 epochs (the last 10 measurements), ± the standard
# deviation over the seeds. That ± shows only how much the initial weights and the dropout masks
# move the result: the training points and the evaluation points are fixed, so it says nothing
# about other draws of the data. "gap" is validation minus training; "best val" is the lowest
# validation loss seen during training. The training loss that the optimizer saw, with dropout
# on, is shown for comparison: for the dropout networks it is above the eval-mode value of the
# same network.
K = 100 // EVERY  # the last 100 epochs


def summary(p):
    rows = []
    for _, h in runs[p]:
        best = min(range(len(h["val"])), key=h["val"].__getitem__)
        rows.append(
            {
                "train (dropout on)": h["train (dropout on)"][-1],
                "train": h["train"][-1],
                "val": statistics.fmean(h["val"][-K:]),
                "best val": h["val"][best],
                "best epoch": epochs[best],
                "test at best epoch": h["test"][best],
                "test": statistics.fmean(h["test"][-K:]),
            }
        )
    table = {
        key: statistics.fmean(row[key] for row in rows) for key in rows[0]
    }
    table["val sd"] = statistics.stdev(row["val"] for row in rows)
    table["test sd"] = statistics.stdev(row["test"] for row in rows)
    table["test at best sd"] = statistics.stdev(
        row["test at best epoch"] for row in rows
    )
    return table


results = {p: summary(p) for p in ps}
print(
    f"{'':>11}{'train, dropout on':>18}{'train':>7}{'val (last 100)':>17}"
    f"{'test (last 100)':>17}{'gap':>7}{'best val':>9}{'epoch':>6}"
)
for p, r in results.items():
    print(
        f"{names[p]:>11}{r['train (dropout on)']:>18.4f}{r['train']:>7.4f}"
        f"{r['val']:>8.4f} ± {r['val sd']:.4f}"
        f"{r['test']:>8.4f} ± {r['test sd']:.4f}"
        f"{r['val'] - r['train']:>7.4f}"
        f"{r['best val']:>9.4f}{r['best epoch']:>6.0f}"
    )
plain = results[0.0]
for p in (0.2, 0.5):
    print(
        f"{names[p]} compared with no dropout: validation loss "
        f"{1 - results[p]['val'] / plain['val']:.0%} lower, "
        f"test loss {1 - results[p]['test'] / plain['test']:.0%} lower"
    )

assert plain["train"] < 0.09 / 2  # it memorised the noise
assert plain["val"] > 1.3 * plain["best val"]  # and got worse on new data
for p in (0.2, 0.5):
    r = results[p]
    assert r["val"] < 0.85 * plain["val"]
    assert r["val"] - r["train"] < 0.6 * (plain["val"] - plain["train"])
    assert r["train (dropout on)"] > r["train"]
    # seeds agree on the difference
    assert r["val sd"] < (plain["val"] - r["val"]) / 3
    assert r["val"] < 1.1 * r["best val"]  # it stays near its best
    assert r["test"] < plain["test"]
    # the gain is smaller on the test points than on the validation points
    assert r["test"] / plain["test"] > r["val"] / plain["val"]
assert results[0.5]["train"] > results[0.2]["train"]
assert results[0.5]["val"] > results[0.2]["val"]
assert results[0.5]["test"] > results[0.2]["test"]
# without dropout, the two evaluation sets disagree by far more than the seeds
assert abs(plain["val"] - plain["test"]) > 3 * max(
    plain["val sd"], plain["test sd"]
)

# %%
# After 1 000 epochs both dropout rates end with a lower loss than no dropout, on both sets of
# points, and with a train/validation gap about half as large. *How much* lower depends on which
# points measure it: by the validation points, 29 % and 20 % lower; by the test points, 18 % and
# 4 %. The two sets are drawn from the same source, yet for the network without dropout they
# disagree (0.1491 against 0.1252) by several times the ± over seeds. The ± measures only the
# seeds; these percentages hold for these 40 training points and these evaluation sets, and
# another draw of the data could change them. More is not better here: ``p = 0.5`` fits the
# training points less well than ``p = 0.2`` and ends with a higher loss on both sets.
#
# What early stopping gives
# -------------------------
# Over-fitting can also be fought by stopping in time. *Early stopping* keeps the weights from
# the evaluation with the lowest validation loss. Here that is the best of all the evaluations
# of the run; :class:`dlnotes.train.EarlyStopping` does the same for :func:`~dlnotes.train.fit`,
# except that it stops once ``patience`` epochs have brought no improvement. Because the
# validation set chose that epoch, its "best val" is optimistic; the honest score is on the
# 1 000 test points that played no part in training or choosing. Below, for each network: the
# test loss at its best epoch (mean ± standard deviation over the seeds), and the test loss
# after all the epochs (mean of the last 100), without stopping:
for p, r in results.items():
    print(
        f"{names[p]:>11}: stopped at epoch "
        f"{r['best epoch']:4.0f} (mean of 3 seeds), "
        f"test MSE {r['test at best epoch']:.4f} "
        f"± {r['test at best sd']:.4f};\n"
        f"{'':>13}not stopped: {r['test']:.4f}"
    )
stopped = {p: r["test at best epoch"] for p, r in results.items()}
not_stopped = {p: r["test"] for p, r in results.items()}
# beats dropout alone
assert stopped[0.0] < min(not_stopped[0.2], not_stopped[0.5])
# as good as dropout and early stopping combined, by a margin the seeds
# cannot resolve
assert stopped[0.0] < min(stopped[0.2], stopped[0.5]) + 0.005
assert stopped[0.2] - stopped[0.0] < 2 * results[0.2]["test at best sd"]

# %%
# On this problem early stopping alone is at least as good as dropout. Stopped at its best
# epoch, the network without dropout scores 0.0953 on the test points: lower than either
# dropout network trained to the end (0.1029 for ``p = 0.2``), and no worse than dropout and
# early stopping combined (0.0979 ± 0.0018 for ``p = 0.2``) — a difference not much larger
# than the spread over seeds, which three seeds cannot settle (and, as above, the ± leaves the
# data fixed). What dropout changes is *how fast* the network over-fits: its validation loss
# stays near its best for hundreds of epochs instead of climbing soon after its minimum, which
# makes the number of epochs much less critical.
#
# Key points
# ----------
# * ``nn.Dropout(p)`` zeroes each *activation* with probability ``p`` in training mode and
#   scales the rest by :math:`1/(1-p)`, so expected values are unchanged; in evaluation mode it
#   does nothing. The weights are never zeroed. Always call ``model.train()`` / ``model.eval()``.
# * It needs a floating-point tensor: convert integer data with ``.float()``.
# * Compare training and validation loss in the same mode (eval), and average over several
#   epochs and seeds: one epoch of one run is noisy. Seeds do not vary the data: a second
#   evaluation set can tell a different story.
# * Here dropout halved the train/validation gap and lowered the final loss: by 29 % and 20 % on
#   the validation points, by 18 % and 4 % on the test points. Early stopping without dropout
#   reached a lower test loss than dropout without stopping, and as low a one as the two
#   combined. More dropout is not always better.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_09_dropout_solutions.py>`.
# Both exercises train new networks with the page's ``train``, which reads the names
# ``EPOCHS``, ``x_train`` and ``y_train``: set ``EPOCHS = 300`` first, so that a run takes
# seconds rather than a minute and your numbers match the solutions page, which sets
# ``EPOCHS = 300`` too.
#
# .. _exercise-09-1:
#
# **Exercise 9.1** ★★ — *Too much dropout.* With ``EPOCHS = 300``, train ``train(0.5, 0)`` and
# ``train(0.8, 0)``. For each, print the eval-mode training loss at the end
# (``history["train"][-1]``) and the validation loss averaged over the last 100 epochs (the mean
# of ``history["val"][-10:]``). Does ``p = 0.8`` fit the training points better or worse than
# ``p = 0.5``, and is its validation loss lower or higher? Is even its training loss above the
# noise variance?
# :ref:`Solution <solution-09-1>`

# Your code for exercise 9.1

# %%
# .. _exercise-09-2:
#
# **Exercise 9.2** ★★★ — *Ten times the points.* With ``EPOCHS = 300``, train ``train(0.0, 0)`` on
# the page's 40 points and note its train/validation gap (as in exercise 9.1). Then draw ten
# times as many training points, ``x_train, y_train = sample(400)`` (from the same source; the
# validation points stay the same), and train ``train(0.0, 0)`` and ``train(0.2, 0)`` again.
# How large is the gap without dropout now? Does dropout still lower the validation loss?
# :ref:`Solution <solution-09-2>`

# Your code for exercise 9.2

# %%
# Next: :ref:`building models <sphx_glr_tutorials_01_building_blocks_plot_10_building_models.py>`.
