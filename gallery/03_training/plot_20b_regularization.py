r"""
Regularization: weight decay, L1 and L2 — penalise large weights, pick the strength on validation
=================================================================================================

A network with far more parameters than training examples can fit its training set exactly and
still do worse on new data: it *over-fits*. *Regularization* adds a preference for simple
solutions. The classic one adds a penalty on the size of the weights to the loss: the squared
weights (L2, called *weight decay* when the optimizer applies it) or their absolute values (L1).
This page measures both on a digit classifier trained on only 100 images. You will be able to:

* add an L2 penalty to the loss by hand, or get the same update from ``weight_decay=`` in
  ``torch.optim.SGD`` — and know the factor of 2 between the two;
* explain why ``Adam(weight_decay=...)`` is an L2 penalty but not weight decay, and what
  ``torch.optim.AdamW`` does instead;
* see L1 push weights to (or exactly to) zero where L2 only shrinks them;
* choose the penalty strength :math:`\lambda` on validation data, report the test score once,
  and compare with dropout (:ref:`page 9 <sphx_glr_tutorials_01_building_blocks_plot_09_dropout.py>`)
  and early stopping.
"""

# %%
# Data: too few images for a large network
# ----------------------------------------
# scikit-learn's 8×8 digits (flattened to 64 features), split once with a seeded permutation into
# 100 training, 800 validation and 897 test images. The validation set is for every choice on
# this page; the test set is used once, at the end. A ``DataLoader`` over a ``TensorDataset``
# serves shuffled mini-batches of 25.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.datasets import load_digits

x, y = load_digits(as_images=False)  # (1797, 64) in [0, 1], labels 0–9
order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
train_idx, val_idx, test_idx = order[:100], order[100:900], order[900:]
x_train, y_train = x[train_idx], y[train_idx]
x_val, y_val = x[val_idx], y[val_idx]
x_test, y_test = x[test_idx], y[test_idx]
train_set = TensorDataset(x_train, y_train)
print(
    f"{len(x_train)} training, {len(x_val)} "
    f"validation, {len(x_test)} test images"
)


def loader(seed=0):
    """Shuffled batches of 25, in an order fixed by ``seed``."""
    g = torch.Generator().manual_seed(seed)
    return DataLoader(train_set, batch_size=25, shuffle=True, generator=g)


# %%
# Model, loss, and a training loop that records train and validation numbers
# --------------------------------------------------------------------------
# An MLP 64 → 128 → 128 → 10: far more parameters than training images (the count is printed
# below). ``train`` is the loop of
# :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>` with two hooks:
# ``penalty(model)`` is added to the loss, and ``after_step(model)`` runs after each
# ``optimizer.step()``. After every epoch it records the data loss (no penalty) and the accuracy
# on the training and validation sets, under the names :func:`dlnotes.train.fit` uses. It is a
# loop of its own rather than ``fit`` because ``fit``'s training loss is the average over the
# epoch's batches as they were trained, where this page wants the loss of the whole training
# set, without penalty and dropout, after each epoch; and because the penalty is clearer added
# in the loop than through a callback.


def make_model(seed=0, dropout=0.0):
    torch.manual_seed(seed)  # the same initial weights for the same seed
    return nn.Sequential(
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(128, 128),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(128, 10),
    )


loss_fn = nn.CrossEntropyLoss()


@torch.no_grad()
def evaluate(model, x, y):
    model.eval()
    scores = model(x)
    accuracy = (scores.argmax(1) == y).float().mean().item()
    return loss_fn(scores, y).item(), accuracy


def train(model, optimizer, epochs, penalty=None, after_step=None, seed=0):
    history = {
        "train_loss": [],
        "val_loss": [],
        "train_accuracy": [],
        "val_accuracy": [],
    }
    # reshuffled every epoch, from its own seeded generator
    batches = loader(seed)
    for _ in range(epochs):
        model.train()
        for xb, yb in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            if penalty is not None:
                loss = loss + penalty(model)
            loss.backward()
            optimizer.step()
            if after_step is not None:
                after_step(model)
        for split, (xs, ys) in {
            "train": (x_train, y_train),
            "val": (x_val, y_val),
        }.items():
            split_loss, split_acc = evaluate(model, xs, ys)
            history[f"{split}_loss"].append(split_loss)
            history[f"{split}_accuracy"].append(split_acc)
    return history


n_params = sum(p.numel() for p in make_model().parameters())
print(
    f"{n_params} parameters, "
    f"{n_params / len(x_train):.0f} per training image"
)
linears = [m for m in make_model() if isinstance(m, nn.Linear)]
sizes = [linears[0].in_features] + [m.out_features for m in linears]
print(f"layer sizes {sizes}, batches of {loader().batch_size}")

# %%
# Without regularization the network over-fits
# --------------------------------------------
# SGD with momentum for 40 epochs.
EPOCHS, LR = 40, 0.05
print(f"{EPOCHS} epochs = {EPOCHS * len(loader())} steps")
plain = make_model()
plain_history = train(
    plain, torch.optim.SGD(plain.parameters(), lr=LR, momentum=0.9), EPOCHS
)
h = plain_history
best_epoch = min(range(EPOCHS), key=h["val_loss"].__getitem__)
print(
    f"after {EPOCHS} epochs: "
    f"train loss {h['train_loss'][-1]:.4f} (accuracy "
    f"{h['train_accuracy'][-1]:.3f}), "
    f"validation loss {h['val_loss'][-1]:.4f} (accuracy "
    f"{h['val_accuracy'][-1]:.3f})"
)
print(
    f"lowest validation loss {h['val_loss'][best_epoch]:.4f}, "
    f"at epoch {best_epoch + 1} "
    f"(validation accuracy {h['val_accuracy'][best_epoch]:.3f})"
)
assert h["train_accuracy"][-1] == 1.0 and h["train_loss"][-1] < 0.01
assert h["val_loss"][-1] > 1.05 * h["val_loss"][best_epoch]

# %%
# The training loss falls towards 0 while the validation loss, after its minimum at epoch 15,
# drifts up to 0.6031 — the gap between the two curves is the over-fitting. The validation
# *accuracy* did not fall meanwhile (0.832 at epoch 15, 0.858 at epoch 40): accuracy counts right
# answers, cross-entropy also charges for confidence, and a network that keeps driving its
# training loss to 0 typically grows more confident everywhere, including on the validation
# images it gets wrong. Which of the two you watch matters for early stopping (below).
import matplotlib.pyplot as plt

epochs = range(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.semilogy(epochs, h["train_loss"], label="training loss")
ax.semilogy(epochs, h["val_loss"], label="validation loss")
ax.axvline(
    best_epoch + 1,
    color="grey",
    linestyle=":",
    label="lowest validation loss",
)
ax.set(
    xlabel="epoch",
    ylabel="cross-entropy (log scale)",
    title="no regularization: over-fitting",
)
ax.legend()
plt.show()

# %%
# An L2 penalty in the loss is ``weight_decay=`` in SGD
# -----------------------------------------------------
# Adding :math:`\tfrac{\lambda}{2}\sum_i w_i^2` to the loss adds :math:`\lambda w_i` to each
# weight's gradient, so an SGD step becomes
#
# .. math:: w \leftarrow w - \eta\,(\nabla_w L + \lambda w) = (1 - \eta\lambda)\,w - \eta\,\nabla_w L:
#
# every step first shrinks ("decays") the weights by the factor :math:`1 - \eta\lambda`.
# ``torch.optim.SGD(..., weight_decay=λ)`` adds the same ``λ * w`` to the gradient, before the
# momentum and the step. With momentum (used here) the decay term goes into the momentum buffer with
# the rest of the gradient, so the per-step factor is no longer exactly :math:`1 - \eta\lambda`; but
# penalty and ``weight_decay`` still add the same term to the same gradient, so they still give the
# same weights, up to float32 rounding. We train two copies of the same network for 5 epochs on
# the same batches, one with
# the penalty written in the loss, one with ``weight_decay``, and compare the weights.
# ``weight_decay`` applies to every parameter it is given, biases included, so the hand-written
# penalty sums over all parameters too.
LAMBDA = 1e-3


def l2_penalty(model, strength):
    return strength * sum(p.pow(2).sum() for p in model.parameters())


def final_weights(weight_decay, penalty=None, epochs=5):
    model = make_model()
    optimizer = torch.optim.SGD(
        model.parameters(), lr=LR, momentum=0.9, weight_decay=weight_decay
    )
    train(model, optimizer, epochs, penalty=penalty)
    return torch.cat([p.detach().flatten() for p in model.parameters()])


by_penalty = final_weights(0.0, penalty=lambda m: l2_penalty(m, LAMBDA / 2))
by_decay = final_weights(LAMBDA)
no_decay = final_weights(0.0)
gap = (by_penalty - by_decay).abs().max()
print(f"penalty λ/2·‖w‖² vs weight_decay=λ: max |difference| {gap:.1e}")
print(
    "(for scale, the same training with no decay: "
    f"{(no_decay - by_decay).abs().max():.1e})"
)
torch.testing.assert_close(by_penalty, by_decay)

# %%
# The factor of 2 matters: a penalty written without the ½, :math:`\lambda\sum_i w_i^2`, has the
# gradient :math:`2\lambda w` and matches ``weight_decay=2λ``, not ``weight_decay=λ``.
no_half = final_weights(0.0, penalty=lambda m: l2_penalty(m, LAMBDA))
gap = (no_half - by_decay).abs().max()
print(f"penalty λ·‖w‖² vs weight_decay=λ:  max |difference| {gap:.1e}")
twice = final_weights(2 * LAMBDA)
gap = (no_half - twice).abs().max()
print(f"penalty λ·‖w‖² vs weight_decay=2λ: max |difference| {gap:.1e}")
torch.testing.assert_close(no_half, twice)
rounding = (no_half - twice).abs().max()
assert (no_half - by_decay).abs().max() > 100 * rounding

# %%
# To decay only the weight matrices and leave the biases alone (a common choice: a bias does not
# make the function more wiggly), give the optimizer two *parameter groups*:
model = make_model()
decay = [
    p for name, p in model.named_parameters() if name.endswith("weight")
]
no_decay_params = [
    p for name, p in model.named_parameters() if name.endswith("bias")
]
optimizer = torch.optim.SGD(
    [
        {"params": decay, "weight_decay": LAMBDA},
        {"params": no_decay_params, "weight_decay": 0.0},
    ],
    lr=LR,
    momentum=0.9,
)
print(
    [(len(g["params"]), g["weight_decay"]) for g in optimizer.param_groups]
)

# %%
# Adam with ``weight_decay`` is an L2 penalty, not weight decay; ``AdamW`` decays
# -----------------------------------------------------------------------------------
# ``torch.optim.Adam(..., weight_decay=λ)`` also adds ``λ * w`` to the gradient — the same L2
# penalty as above. But Adam then divides each parameter's step by :math:`\sqrt{\hat v} + \epsilon`,
# where :math:`\hat v` is its running mean of squared gradients. The decay term is divided too:
# weights with large gradients are decayed weakly, weights with tiny gradients strongly (when
# :math:`\lambda w` is most of the gradient, Adam moves the weight towards zero by close to its
# full step size :math:`\eta`). For Adam, "L2 penalty" and "shrink every weight by the same
# factor" are no longer the same thing. Loshchilov & Hutter (*Decoupled weight decay
# regularization*, ICLR) proposed to apply the decay to the weights directly, outside
# Adam's scaling; that is ``torch.optim.AdamW``. Its documented update is
#
# .. math:: w \leftarrow (1 - \eta\lambda)\,w - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}
#
# with :math:`\hat m, \hat v` computed from the gradient of the loss alone. PyTorch multiplies
# λ by the learning rate :math:`\eta` (the paper multiplies the decay by the learning-rate
# schedule but not by Adam's base step size), and ``AdamW``'s default is ``weight_decay=0.01``
# where ``Adam``'s is 0. First, the two differ:
ADAM_LR, ADAM_LAMBDA = 1e-3, 0.1


def adam_run(optimizer_class, epochs=5, **kwargs):
    model = make_model()
    optimizer = optimizer_class(
        model.parameters(), lr=ADAM_LR, weight_decay=ADAM_LAMBDA, **kwargs
    )
    train(model, optimizer, epochs)
    return torch.cat(
        [p.detach().flatten() for p in model.parameters()]
    ), optimizer


adam_l2, adam_l2_opt = adam_run(torch.optim.Adam)
adamw, _ = adam_run(torch.optim.AdamW)
gap = (adam_l2 - adamw).abs().max()
print(
    "Adam(weight_decay=λ) vs AdamW(weight_decay=λ): "
    f"max |difference| {gap:.1e}"
)
assert (adam_l2 - adamw).abs().max() > 1e-3

# %%
# ``Adam(..., decoupled_weight_decay=True)`` (an option of recent PyTorch versions) is the same
# algorithm as ``AdamW``:
decoupled, _ = adam_run(torch.optim.Adam, decoupled_weight_decay=True)
print(
    "Adam(decoupled) vs AdamW: "
    f"max |difference| {(decoupled - adamw).abs().max():.1e}"
)
torch.testing.assert_close(decoupled, adamw)

# %%
# Second, the relation step by step. From the same weights, gradients and moment estimates, one
# ``AdamW`` step equals one plain ``Adam`` step (``weight_decay=0``) plus :math:`-\eta\lambda w`,
# up to float32 rounding.
# We train with AdamW for 5 epochs and, before each step, copy the weights, gradients and
# optimizer state into a second network driven by plain Adam; then compare the two updates.
model = make_model()
adamw_opt = torch.optim.AdamW(
    model.parameters(), lr=ADAM_LR, weight_decay=ADAM_LAMBDA
)
twin = make_model()
adam_opt = torch.optim.Adam(twin.parameters(), lr=ADAM_LR)  # no decay
worst, n_steps = 0.0, 0
batches = loader(0)
for xb, yb in [batch for _ in range(5) for batch in batches]:
    adamw_opt.zero_grad()
    loss_fn(model(xb), yb).backward()
    with torch.no_grad():
        for p, q in zip(model.parameters(), twin.parameters(), strict=True):
            q.copy_(p)
            q.grad = p.grad.clone()
            if p in adamw_opt.state:
                adam_opt.state[q] = {
                    k: v.clone() for k, v in adamw_opt.state[p].items()
                }
    before = [p.detach().clone() for p in model.parameters()]
    adamw_opt.step()
    adam_opt.step()
    n_steps += 1
    for p, q, w in zip(
        model.parameters(), twin.parameters(), before, strict=True
    ):
        adam_update = q.detach() - w
        torch.testing.assert_close(
            p.detach() - w, adam_update - ADAM_LR * ADAM_LAMBDA * w
        )
        worst = max(
            worst,
            (p.detach() - w - (adam_update - ADAM_LR * ADAM_LAMBDA * w))
            .abs()
            .max()
            .item(),
        )
print(
    "AdamW update − (Adam update − lr·λ·w), "
    f"{n_steps} steps: max |difference| {worst:.1e}"
)

# %%
# How unequal is Adam + L2's decay? Its L2 term :math:`\lambda w` goes through the momentum
# average (which leaves it nearly unchanged, as :math:`w` changes slowly) and is then divided by
# :math:`\sqrt{\hat v} + \epsilon`. So, measured against AdamW's :math:`\eta\lambda w`, each
# weight is decayed about :math:`1 / (\sqrt{\hat v} + \epsilon)` times as strongly. We read
# :math:`\hat v` from the state of the Adam + L2 optimizer trained above and print that factor's
# spread over the weights.
beta2 = adam_l2_opt.param_groups[0]["betas"][1]
factors = []
for state in adam_l2_opt.state.values():
    v_hat = state["exp_avg_sq"] / (1 - beta2 ** state["step"])
    factors.append(
        (1 / (v_hat.sqrt() + adam_l2_opt.param_groups[0]["eps"])).flatten()
    )
factors = torch.cat(factors)
quantiles = torch.quantile(factors, torch.tensor([0.05, 0.5, 0.95]))
print(
    "Adam + L2: decay relative to AdamW's, 5 %, "
    "50 %, 95 % quantiles over the weights: "
    + ", ".join(f"{float(f'{q:.2g}'):g}" for q in quantiles)
)
assert 1 < quantiles[0] and quantiles[2] > 10 * quantiles[0]

# %%
# The factor spreads over more than a factor of 10 between weights, and it is far above 1: the 5 %
# quantile is 100, so for 95 % of the weights the RMS gradient :math:`\sqrt{\hat v}` is below
# about 0.01. The same λ decays much harder in ``Adam`` than in ``AdamW``. A λ tuned for one is
# therefore no guide for the other.

# %%
# L1 pushes weights to zero, L2 shrinks them
# ------------------------------------------
# An L1 penalty :math:`\lambda_1 \sum_i |w_i|` adds :math:`\lambda_1\,\mathrm{sign}(w_i)` to the
# gradient: a pull towards zero of the same size for a weight of 0.001 as for a weight of 1,
# while L2's pull :math:`\lambda w_i` fades as the weight gets small. No optimizer has an L1
# option; the usual ways are (a) the penalty in the loss, or (b) a *proximal* step after each
# plain gradient step: move every weight towards 0 by :math:`\eta\lambda_1`, and set it to
# exactly 0 if it would cross — ``torch.nn.functional.softshrink``. The proximal step is defined
# for plain gradient steps, so this section uses SGD without momentum, with the learning rate
# 0.5 in place of 0.05: with momentum 0.9, SGD's steps add up to about :math:`\eta / (1 - 0.9)`,
# so 0.05 with momentum moves about as far as 0.5 without. All three penalties act on the weight
# matrices only, not the biases.
import torch.nn.functional as F

L1_LR, L1 = 0.5, 1e-3


def weights_only(model):
    return [
        p for name, p in model.named_parameters() if name.endswith("weight")
    ]


def biases_only(model):
    return [
        p for name, p in model.named_parameters() if name.endswith("bias")
    ]


def l1_penalty(model):
    return L1 * sum(w.abs().sum() for w in weights_only(model))


@torch.no_grad()
def soft_threshold(model):
    for w in weights_only(model):
        w.copy_(F.softshrink(w, L1_LR * L1))


runs = {}
for name, decay, kwargs in (
    ("L2, weight_decay", LAMBDA, {}),
    ("L1 in the loss", 0.0, {"penalty": l1_penalty}),
    ("L1, proximal step", 0.0, {"after_step": soft_threshold}),
):
    model = make_model()
    optimizer = torch.optim.SGD(
        [
            {"params": weights_only(model), "weight_decay": decay},
            {"params": biases_only(model), "weight_decay": 0.0},
        ],
        lr=L1_LR,
    )
    runs[name] = (model, train(model, optimizer, EPOCHS, **kwargs))

first_layers, zero_fraction = {}, {}
print(f"first layer: {runs['L1 in the loss'][0][0].weight.numel()} weights")
print(
    f"{'':>18}{'val loss':>9}{'val acc':>8}{'exactly 0':>11}"
    f"{'|w| < 1e-3':>12}"
)
for name, (model, history) in runs.items():
    w = torch.cat([p.detach().flatten() for p in weights_only(model)])
    first_layers[name] = model[0].weight.detach().flatten()
    zero_fraction[name] = (w == 0).float().mean().item()
    print(
        f"{name:>18}{history['val_loss'][-1]:>9.4f}"
        f"{history['val_accuracy'][-1]:>8.3f}{zero_fraction[name]:>11.1%}"
        f"{(w.abs() < 1e-3).float().mean():>12.1%}"
    )
assert (
    zero_fraction["L2, weight_decay"]
    == 0.0
    == zero_fraction["L1 in the loss"]
)
assert zero_fraction["L1, proximal step"] > 0.1

# %%
# The histograms of the first layer's weights (64 inputs × 128 units; the few beyond ±0.3 are
# left out). PyTorch initialises a ``Linear`` layer's weights uniformly within
# :math:`\pm 1/\sqrt{\text{inputs}}`; we count how many L2-trained weights are still in that range.
bound = 1 / linears[0].in_features ** 0.5
inside = (first_layers["L2, weight_decay"].abs() <= bound).float().mean()
print(
    f"L2: {inside:.0%} of the first layer's "
    f"weights within the initial ±{bound:.3f}"
)
fig, axes = plt.subplots(
    1, 3, figsize=(13, 3.6), sharey=True, layout="constrained"
)
for ax, (name, w) in zip(axes, first_layers.items(), strict=True):
    ax.hist(w, bins=81, range=(-0.3, 0.3), color="tab:blue")
    ax.set(
        yscale="log",
        title=f"{name}: {(w == 0).sum()} exactly 0",
        xlabel="weight value",
    )
axes[0].set_ylabel("number of first-layer weights (log scale)")
plt.show()

# %%
# L2 leaves a broad, flat-topped spread of weights, still close to the uniform initialisation (85 %
# of them within its range), and none of them exactly 0. L1
# in the loss piles weights up in a spike at 0 (55.9 % of the weights of all three layers below
# 0.001 in size) but leaves none exactly 0: the subgradient step pushes a tiny weight by the full
# :math:`\eta\lambda_1` to the other side of 0, so it jitters around 0 instead of landing on it.
# The proximal step sets 53.1 % of the weights (all three layers) to exactly 0 — a sparse network
# — at about the same validation loss as L2 (0.5713 against 0.5680), though at a lower validation
# accuracy (0.834 against 0.859) on this one seed.

# %%
# The validation curve: how strong a penalty?
# -------------------------------------------
# Too little decay and the network over-fits; too much and it cannot fit even the training set.
# We train with ``weight_decay`` from :math:`10^{-4}` to :math:`10^{-1}` (SGD with momentum, as
# in the first sections, same seed and batches) and keep the :math:`\lambda` with the lowest
# validation loss. The λ = 0 run is the unregularized one from the start of the page.
lambdas = [1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]


def run(weight_decay=0.0, dropout=0.0):
    model = make_model(dropout=dropout)
    optimizer = torch.optim.SGD(
        model.parameters(), lr=LR, momentum=0.9, weight_decay=weight_decay
    )
    return model, train(model, optimizer, EPOCHS)


sweep = {0.0: (plain, plain_history)} | {lam: run(lam) for lam in lambdas}
final = {
    lam: {k: v[-1] for k, v in h.items()} for lam, (_, h) in sweep.items()
}
best_lambda = min(lambdas, key=lambda lam: final[lam]["val_loss"])
print(
    f"{'λ':>8}{'train loss':>11}{'val loss':>9}{'train acc':>10}"
    f"{'val acc':>8}"
)
for lam, r in final.items():
    mark = "  ← lowest validation loss" if lam == best_lambda else ""
    print(
        f"{lam:>8.0e}{r['train_loss']:>11.4f}{r['val_loss']:>9.4f}"
        f"{r['train_accuracy']:>10.3f}{r['val_accuracy']:>8.3f}{mark}"
    )

# %%
fig, (ax_loss, ax_acc) = plt.subplots(
    1, 2, figsize=(12, 3.8), layout="constrained"
)
for ax, metric in ((ax_loss, "loss"), (ax_acc, "accuracy")):
    for split, color in (("train", "tab:blue"), ("val", "tab:orange")):
        values = [final[lam][f"{split}_{metric}"] for lam in lambdas]
        label = "training" if split == "train" else "validation"
        ax.semilogx(lambdas, values, "o-", color=color, label=label)
        ax.axhline(
            final[0.0][f"{split}_{metric}"], color=color, linestyle=":"
        )
    ax.axvline(best_lambda, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("weight_decay λ (log scale)")
ax_loss.set(
    yscale="log",
    ylabel="cross-entropy (log scale)",
    title=f"loss after {EPOCHS} epochs",
)
ax_acc.set(ylabel="accuracy", title=f"accuracy after {EPOCHS} epochs")
ax_loss.legend()
fig.suptitle(
    "dotted: no regularization (λ = 0); dashed: the λ chosen on validation"
)
plt.show()

# %%
# The training loss rises steadily with :math:`\lambda`. The validation loss falls from 0.6031
# (λ = 0) to 0.4958 at the chosen :math:`\lambda = 10^{-2}`, then climbs again; the validation
# accuracy stays between 0.858 and 0.865 up to :math:`10^{-2}` and falls above it, to 0.790 at
# :math:`3 \cdot 10^{-2}` and 0.146 at :math:`10^{-1}`, where even the training images are no
# longer fitted (training accuracy 0.220).

# %%
# Dropout and early stopping on the same problem
# ----------------------------------------------
# Dropout (page 9) regularizes by noise instead of a penalty; early stopping keeps the weights of
# the epoch with the lowest validation loss — read off here from the unregularized run's history
# (in practice: a checkpoint saved at that epoch). Dropout gets the same seed and 40-epoch budget,
# and its ``p`` is chosen on validation like λ. Everything here is one seed and one split: small
# differences could change with another seed, which this page does not measure.
dropout_runs = {p: run(dropout=p)[1] for p in (0.2, 0.5)}
best_p = min(dropout_runs, key=lambda p: dropout_runs[p]["val_loss"][-1])
for p, hist in dropout_runs.items():
    print(f"dropout p = {p}: validation loss {hist['val_loss'][-1]:.4f}")
stop = min(range(EPOCHS), key=plain_history["val_loss"].__getitem__)
summary = {
    "none": (final[0.0]["val_loss"], final[0.0]["val_accuracy"]),
    f"weight_decay {best_lambda:.0e}": (
        final[best_lambda]["val_loss"],
        final[best_lambda]["val_accuracy"],
    ),
    f"dropout p = {best_p}": (
        dropout_runs[best_p]["val_loss"][-1],
        dropout_runs[best_p]["val_accuracy"][-1],
    ),
    f"early stop, epoch {stop + 1}": (
        plain_history["val_loss"][stop],
        plain_history["val_accuracy"][stop],
    ),
}
print(f"{'':>24}{'val loss':>9}{'val acc':>8}")
for name, (val_loss, val_acc) in summary.items():
    print(f"{name:>24}{val_loss:>9.4f}{val_acc:>8.3f}")
assert min(summary, key=lambda name: summary[name][0]).startswith(
    "weight_decay"
)

# %%
# By validation loss, the criterion used for every choice on this page, ``weight_decay`` comes
# first, then early stopping, dropout and no regularization. By validation accuracy the order is
# different, and early stopping is last: it stopped where the validation *loss* was lowest, and
# the accuracy went on to improve after that epoch (0.832 at epoch 15, 0.858 at epoch 40). The
# three are related: for a linear regression (squared-error loss), gradient descent stopped early
# acts much like an L2 penalty (the fewer steps, the larger the effective :math:`\lambda`), and
# dropout on the inputs of a linear regression amounts to an L2 penalty scaled by the data
# (Goodfellow, Bengio & Courville, *Deep Learning*, sections 7.8 and 7.12). For deep networks
# these are analogies, not identities, and the methods are often combined.

# %%
# The test set, once
# ------------------
# The chosen model — ``weight_decay`` with the :math:`\lambda` picked above — and, for reference,
# the unregularized one, on the 897 test images that no choice on this page looked at:
test_chosen = evaluate(sweep[best_lambda][0], x_test, y_test)
test_plain = evaluate(plain, x_test, y_test)
print(
    f"test, weight_decay {best_lambda:.0e}: loss {test_chosen[0]:.4f}, "
    f"accuracy {test_chosen[1]:.3f}"
)
print(
    f"test, no regularization: loss {test_plain[0]:.4f}, "
    f"accuracy {test_plain[1]:.3f}"
)

# %%
# Key points
# ----------
# * Over-fitting is measured, not guessed: training loss near 0 with a validation loss that rises.
# * An L2 penalty :math:`\tfrac{\lambda}{2}\lVert w\rVert^2` in the loss and
#   ``SGD(weight_decay=λ)`` give the same weights (here to 1.5e-08, float32 rounding); a
#   penalty written as
#   :math:`\lambda\lVert w\rVert^2` equals ``weight_decay=2λ``. ``weight_decay`` covers every
#   parameter in its group: use parameter groups to spare the biases.
# * ``Adam(weight_decay=λ)`` adds the L2 gradient before Adam's per-parameter scaling, so the
#   decay a weight gets depends on its gradient history. ``AdamW`` (or
#   ``Adam(decoupled_weight_decay=True)``) multiplies the weights by :math:`1 - \eta\lambda`
#   separately: its update is the Adam update plus :math:`-\eta\lambda w` (on this page to
#   within 1.8e-08 at each of 20 steps: float32 rounding). Here the
#   same λ decayed each weight 100 to 2200 times harder in Adam + L2 than in AdamW (5 % and
#   95 % quantiles).
# * L1 pulls every weight towards zero with the same force; with a subgradient step the weights
#   jitter around 0, with a proximal step (``softshrink``) they become exactly 0. L2 shrinks but
#   does not zero.
# * Pick :math:`\lambda` on a validation set (log-spaced values), then report the test set once.
#   Here the chosen ``weight_decay`` lowered the validation loss from 0.603 to 0.496 and the
#   test loss from 0.550 to 0.469, but did not raise the test accuracy (0.865 with it, 0.868
#   without): its predicted probabilities improved, not the number of right answers. Dropout
#   p = 0.2 had the best validation accuracy (0.869), early stopping the worst (0.832) — one
#   seed, so small gaps may not hold for another.
# * A falling training loss with a rising validation loss is over-fitting even when the
#   validation accuracy still creeps up; decide which of the two you select on before you look.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_20b_regularization_solutions.py>`.
#
# .. _exercise-20b-1:
#
# **Exercise 20b.1** ★★★ — *Four times the data.* Train on 400 images instead of 100 — the 100
# of ``order[:100]`` and 300 more from ``order[900:1200]``, taken from the test part, which this
# exercise does not use — and keep the same 800 validation images ``order[100:900]``, so that
# training and validation stay disjoint. Run the validation curve (SGD with momentum, ``LR``,
# ``EPOCHS``, seed 0) over :math:`\lambda` in ``[1e-3, 3e-3, 1e-2, 3e-2]`` for both training
# sets (the page's ``run`` reads the global ``train_set``: rebind it, or write a version that
# takes the training images). Which :math:`\lambda` has the lowest validation loss with 100
# images, and which with 400?
# :ref:`Solution <solution-20b-1>`

# Your code for exercise 20b.1

# %%
# .. _exercise-20b-2:
#
# **Exercise 20b.2** ★★ — *AdamW's λ.* Train with ``torch.optim.AdamW(..., lr=1e-3)`` for
# ``EPOCHS`` epochs, with ``weight_decay`` 0, ``1e-2`` and ``1e-1`` (the top of the page's grid),
# then 1 and 10. By how much does the validation loss change between 0 and ``1e-1``? From which of
# these :math:`\lambda` on does it move by more than 0.01? Hint: AdamW multiplies the weights by
# :math:`1 - \eta\lambda` per step; compute that factor over all the steps of a run.
# :ref:`Solution <solution-20b-2>`

# Your code for exercise 20b.2

# %%
# .. _exercise-20b-3:
#
# **Exercise 20b.3** ★★ — *Both at once.* Train with ``weight_decay=1e-2`` *and* dropout
# ``p = 0.2`` (``run`` takes both). Is its validation loss after ``EPOCHS`` epochs lower than with
# either alone? By how much, against the better of the two?
# :ref:`Solution <solution-20b-3>`

# Your code for exercise 20b.3

# %%
# Next: :ref:`convolution arithmetic <sphx_glr_tutorials_04_architectures_plot_21_convolution_arithmetic.py>`.
