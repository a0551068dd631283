r"""
Classification losses: give them raw scores, and let them do the softmax
========================================================================

A classifier outputs *scores* (logits), one per class; a classification loss measures how much
probability those scores give the true class. The most common mistakes are about where the
sigmoid or softmax goes: applied twice, or applied outside the loss where it loses precision.
This page covers the classification losses of ``torch.nn``, each computed by
:mod:`dlnotes.losses` (written from its formula) and checked against PyTorch. You will be able to:

* use ``BCEWithLogitsLoss`` rather than sigmoid + ``BCELoss``, and say why;
* use ``CrossEntropyLoss`` with class indices or class probabilities, ``weight``,
  ``ignore_index`` and ``label_smoothing``;
* show that cross-entropy is log-softmax followed by NLL, and what a softmax before it does;
* read KL divergence and the margin losses.
"""

# %%
# Binary: BCE on probabilities, or BCE with logits
# ------------------------------------------------
# For a probability :math:`p = \sigma(z)` of the positive class and a target :math:`y \in [0, 1]`,
#
# .. math:: \text{BCE}(p, y) = -\left[y \log p + (1 - y)\log(1 - p)\right]
#
# ``BCELoss`` takes :math:`p` (apply the sigmoid first) and *float* targets. ``BCEWithLogitsLoss``
# takes the score :math:`z` and computes the same thing in one step, rewritten so that no
# exponential can overflow and no logarithm meets a rounded-off 0. The two agree for moderate
# scores:
import torch
import torch.nn.functional as F

from dlnotes import losses

z = torch.tensor([-2.0, 0.5, 3.0])
y = torch.tensor([0.0, 1.0, 1.0])  # floats, not integer labels
with_probs = losses.binary_cross_entropy(torch.sigmoid(z), y)
with_logits = losses.binary_cross_entropy_with_logits(z, y)
print(f"sigmoid + BCE {with_probs:.6f}   BCE with logits {with_logits:.6f}")
assert torch.allclose(with_probs, with_logits)
assert torch.allclose(with_logits, F.binary_cross_entropy_with_logits(z, y))

# %%
# Where the probability version breaks
# ------------------------------------
# Take a confidently wrong score: true class 1, :math:`z \ll 0`. Two things go wrong when the
# probability is computed first. The gradient of BCE divides by :math:`p(1-p)`, which PyTorch
# guards with a floor of :math:`10^{-12}`; from about :math:`z = -28` that floor is reached and the
# gradient through the sigmoid collapses towards 0. Below about :math:`z = -104`, :math:`\sigma(z)`
# rounds to exactly 0 in float32 and ``BCELoss`` clamps :math:`\log 0` to −100: every such example
# costs exactly 100 and gives **no gradient at all**. The model gets no signal from the examples
# it is most wrong about. The logits version stays exact, with gradient :math:`\sigma(z) - y = -1`.
import matplotlib.pyplot as plt

scores = torch.linspace(-150, 10, 641, requires_grad=True)
target = torch.ones_like(scores)
via_probs = losses.binary_cross_entropy(torch.sigmoid(scores), target, reduction="none")
(grad_probs,) = torch.autograd.grad(via_probs.sum(), scores)
via_logits = losses.binary_cross_entropy_with_logits(scores, target, reduction="none")
(grad_logits,) = torch.autograd.grad(via_logits.sum(), scores)

fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
ax_loss.plot(
    scores.detach(),
    via_logits.detach(),
    label="BCE with logits",
    linewidth=3,
    alpha=0.6,
)
ax_loss.plot(scores.detach(), via_probs.detach(), "--", label="sigmoid + BCE")
ax_grad.plot(
    scores.detach(), grad_logits, label="BCE with logits", linewidth=3, alpha=0.6
)
ax_grad.plot(scores.detach(), grad_probs, "--", label="sigmoid + BCE")
ax_loss.set(xlabel="score z (true class 1)", ylabel="loss", title="loss")
ax_grad.set(xlabel="score z (true class 1)", ylabel="d loss / d z", title="gradient")
ax_loss.legend()
plt.show()

for value in (-50.0, -120.0, -200.0):
    s = torch.tensor([value], requires_grad=True)
    a = losses.binary_cross_entropy(torch.sigmoid(s), torch.ones(1))
    (ga,) = torch.autograd.grad(a, s)
    b = losses.binary_cross_entropy_with_logits(s, torch.ones(1))
    (gb,) = torch.autograd.grad(b, s)
    print(
        f"z = {value:6.0f}: sigmoid+BCE loss {a.item():7.2f} grad {ga.item():+.2f} | "
        f"with logits loss {b.item():7.2f} grad {gb.item():+.2f}"
    )
assert grad_probs[0] == 0 and grad_logits[0] == -1  # at z = -150
assert via_logits[0] == 150 and via_probs[0] == 100

# %%
# ``weight`` rescales each element's loss; ``pos_weight`` (logits version) multiplies only the
# positive terms — set it to (negatives / positives) to balance rare positives.
pw = torch.tensor([3.0])
ours = losses.binary_cross_entropy_with_logits(z, y, pos_weight=pw)
print(
    f"pos_weight 3: {ours:.6f} (torch {F.binary_cross_entropy_with_logits(z, y, pos_weight=pw):.6f})"
)
assert torch.allclose(ours, F.binary_cross_entropy_with_logits(z, y, pos_weight=pw))

# %%
# Multi-class: cross-entropy
# --------------------------
# ``CrossEntropyLoss`` takes raw scores of shape (N, C) and applies log-softmax itself:
# :math:`\ell = -\log \operatorname{softmax}(z)_y`. Targets are **class indices** (``torch.long``,
# shape (N,)) — or **class probabilities** (float, shape (N, C)). The worked example: scores
# (0.2, 0.1, −0.1) and true class 0.
from dlnotes.activations import log_softmax

z = torch.tensor([[0.2, 0.1, -0.1]])
y = torch.tensor([0])
ce = losses.cross_entropy(z, y)
by_steps = losses.nll_loss(log_softmax(z, dim=1), y)  # LogSoftmax, then NLLLoss
by_hand = -(0.2 - torch.log(torch.exp(z).sum()))
print(
    f"cross_entropy {ce:.4f} = nll_loss(log_softmax) {by_steps:.4f} = by hand {by_hand:.4f}"
)
print(
    f"as probabilities (one-hot): {losses.cross_entropy(z, torch.tensor([[1.0, 0.0, 0.0]])):.4f}"
)
assert (
    torch.allclose(ce, by_steps)
    and torch.allclose(ce, by_hand)
    and abs(ce - 0.9729) < 1e-4
)
assert torch.allclose(ce, F.cross_entropy(z, y))

# %%
# Options, on a batch of four samples and three classes — each result checked against PyTorch:
#
# * ``weight`` (one per class) scales each sample's loss by its class's weight; the mean then
#   divides by the total weight, so rare classes can count more;
# * ``ignore_index`` drops samples with that label (for padding, or unlabelled pixels);
# * ``label_smoothing`` :math:`\varepsilon` mixes the target with a uniform distribution:
#   :math:`(1-\varepsilon)` on the true class, :math:`\varepsilon / C` everywhere. It stops the
#   model from pushing scores to infinity to reach probability 1.
logits = torch.tensor(
    [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0], [-0.5, 2.5, 0.0]]
)
labels = torch.tensor([0, 2, 1, 1])
soft = torch.tensor(
    [[0.8, 0.1, 0.1], [0.0, 0.2, 0.8], [0.3, 0.4, 0.3], [0.1, 0.8, 0.1]]
)
cases = {
    "indices": (labels, {}),
    "weight (1, 1, 4)": (labels, {"weight": torch.tensor([1.0, 1.0, 4.0])}),
    "ignore_index=1": (labels, {"ignore_index": 1}),
    "label_smoothing=0.1": (labels, {"label_smoothing": 0.1}),
    "probability targets": (soft, {}),
}
for name, (targets, kwargs) in cases.items():
    ours = losses.cross_entropy(logits, targets, **kwargs)
    theirs = F.cross_entropy(logits, targets, **kwargs)
    print(f"{name:>20}: {ours:.4f} (torch {theirs:.4f})")
    assert torch.allclose(ours, theirs)

# %%
# The softmax-before-cross-entropy mistake
# ----------------------------------------
# Because ``CrossEntropyLoss`` applies log-softmax itself, a model that already ends in
# ``nn.Softmax`` gets squashed twice: its outputs are probabilities in [0, 1], so the loss's
# softmax sees scores that can differ by at most 1. The loss can never approach 0, and the gradients
# are small. Training the same MLP on the 8×8 digits both ways makes the damage visible:
from torch import nn

from dlnotes.data import Batches
from dlnotes.datasets import load_digits
from dlnotes.models import MLP
from dlnotes.train import accuracy, fit

images, digit_labels = load_digits(as_images=False)
histories = {}
for name, head in [
    ("scores → CrossEntropyLoss", nn.Identity()),
    ("softmax → CrossEntropyLoss (mistake)", nn.Softmax(dim=1)),
]:
    torch.manual_seed(0)
    model = nn.Sequential(MLP((64, 64, 10)), head)
    histories[name] = fit(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        Batches(
            images[:1400],
            digit_labels[:1400],
            batch_size=64,
            shuffle=True,
            generator=torch.Generator().manual_seed(0),
        ),
        val_data=Batches(images[1400:], digit_labels[1400:], batch_size=400),
        metrics={"accuracy": accuracy},
        epochs=30,
        progress=False,
    )

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
for name, h in histories.items():
    ax_loss.plot(h["train_loss"], label=name)
    ax_acc.plot(h["val_accuracy"], label=name)
ax_loss.set(xlabel="epoch", ylabel="training loss", title="loss")
ax_acc.set(xlabel="epoch", ylabel="validation accuracy", title="accuracy")
ax_loss.legend(fontsize="small")
plt.show()
for name, h in histories.items():
    print(
        f"{name:>38}: loss {h['train_loss'][-1]:.3f}, validation accuracy {h['val_accuracy'][-1]:.3f}"
    )
right, wrong = histories.values()
assert (
    wrong["train_loss"][-1] > 1.46
)  # log-softmax of values in [0, 1]: the floor is ≈ 1.46
assert right["val_accuracy"][-1] > wrong["val_accuracy"][-1]

# %%
# The floor: with 10 classes and inputs in [0, 1], the best the loss can do is
# :math:`-\log\frac{e}{e + 9} \approx 1.46`.
#
# KL divergence
# -------------
# :math:`D_{KL}(P\|Q) = \sum_i p_i \log(p_i/q_i)` measures how much a model distribution
# :math:`Q` differs from a target :math:`P`. ``KLDivLoss`` takes :math:`\log Q` as input (log
# probabilities, e.g. from ``log_softmax``) and :math:`P` as target (or :math:`\log P` with
# ``log_target=True``). Use ``reduction="batchmean"`` for the true per-sample divergence;
# ``"mean"`` also divides by the number of classes (PyTorch warns about it).
p = torch.tensor([[0.5, 0.3, 0.2]])
log_q = log_softmax(torch.tensor([[1.0, 0.0, -1.0]]), dim=1)
kl = losses.kl_div(log_q, p, reduction="batchmean")
by_hand = (p * (p.log() - log_q)).sum()
print(
    f"KL(P‖Q) = {kl:.5f}, by hand {by_hand:.5f}, with log_target "
    f"{losses.kl_div(log_q, p.log(), reduction='batchmean', log_target=True):.5f}"
)
assert torch.allclose(kl, by_hand) and torch.allclose(
    kl, F.kl_div(log_q, p, reduction="batchmean")
)

# %%
# Margin losses
# -------------
# Instead of probabilities, these ask for the right score to beat the others by a margin:
#
# * ``SoftMarginLoss`` (labels ±1): :math:`\log(1 + e^{-y z})`, a smooth hinge;
# * ``MultiMarginLoss``: :math:`\frac{1}{C}\sum_{j\ne y} \max(0, \text{margin} - z_y + z_j)^p`;
# * ``MultiLabelMarginLoss`` (several true labels, listed and padded with −1): every true label's
#   score must beat every other label's by 1;
# * ``MultiLabelSoftMarginLoss`` (0/1 indicators): an independent BCE with logits per label.
scores = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
examples = {
    "soft_margin_loss": (
        losses.soft_margin_loss,
        F.soft_margin_loss,
        (torch.tensor([0.5, -2.0]), torch.tensor([1.0, -1.0])),
        {},
    ),
    "multi_margin_loss": (
        losses.multi_margin_loss,
        F.multi_margin_loss,
        (scores, torch.tensor([3])),
        {},
    ),
    "multi_margin_loss p=2, margin 0.5": (
        losses.multi_margin_loss,
        F.multi_margin_loss,
        (scores, torch.tensor([1])),
        {"p": 2, "margin": 0.5},
    ),
    "multilabel_margin_loss": (
        losses.multilabel_margin_loss,
        F.multilabel_margin_loss,
        (scores, torch.tensor([[3, 0, -1, 1]])),
        {},
    ),
    "multilabel_soft_margin_loss": (
        losses.multilabel_soft_margin_loss,
        F.multilabel_soft_margin_loss,
        (scores, torch.tensor([[1.0, 0.0, 0.0, 1.0]])),
        {},
    ),
}
for name, (ours, theirs, args, kwargs) in examples.items():
    a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
    print(f"{name:>34}: {a:.4f} (torch {b:.4f})")
    assert torch.allclose(a, b)

# %%
# For the multi-margin example, class 3 (score 0.8) must beat the others by 1:
# :math:`(\max(0, 1 - 0.8 + 0.1) + \max(0, 1 - 0.8 + 0.2) + \max(0, 1 - 0.8 + 0.4))/4 = 0.325`.
#
# Key points
# ----------
# * Binary: feed scores to ``BCEWithLogitsLoss`` (float targets). Sigmoid + ``BCELoss`` loses
#   precision and, for confidently wrong examples, all gradient.
# * Multi-class: feed scores to ``CrossEntropyLoss`` with ``torch.long`` class indices (or class
#   probabilities). It equals ``LogSoftmax`` + ``NLLLoss``; never put a softmax before it.
# * ``weight`` rebalances classes, ``ignore_index`` skips labels, ``label_smoothing`` softens
#   targets.
# * ``KLDivLoss`` expects log-probabilities as input; use ``reduction="batchmean"``.
#
# Try it
# ------
# * Train the digit MLP with ``label_smoothing=0.1``: what happens to the training loss and to
#   the validation accuracy?
# * Give class 0 a weight of 10 in the digit classifier and look at its per-class accuracy.
#
# Next: :ref:`ranking and embedding losses <sphx_glr_tutorials_02_losses_optimizers_plot_13_ranking_losses.py>`.
