r"""
Classification losses: give them raw scores, and let them do the softmax
========================================================================

A classifier outputs *scores* (logits), one per class; a classification loss measures how much
probability those scores give the true class. The most common mistakes are about where the
sigmoid or softmax goes: applied twice, or applied outside the loss where it loses precision.
This page uses the classification losses of ``torch.nn`` — the classes you write in your own
code — and ends with the :mod:`dlnotes.losses` functions written from the formulas, checked
against them. You will be able to:

* use ``nn.BCEWithLogitsLoss`` rather than sigmoid + ``nn.BCELoss``, and say why;
* use ``nn.CrossEntropyLoss`` with class indices or class probabilities, ``weight``,
  ``ignore_index`` and ``label_smoothing``;
* show that cross-entropy is log-softmax followed by NLL, and what a softmax before it does;
* read ``nn.KLDivLoss`` and the margin losses.
"""

# %%
# Binary: BCE on probabilities, or BCE with logits
# ------------------------------------------------
# For a probability :math:`p = \sigma(z)` of the positive class and a target :math:`y \in [0, 1]`,
#
# .. math:: \text{BCE}(p, y) = -\left[y \log p + (1 - y)\log(1 - p)\right]
#
# ``nn.BCELoss`` takes :math:`p` (apply the sigmoid first) and *float* targets.
# ``nn.BCEWithLogitsLoss`` takes the score :math:`z` and computes the same thing in one step,
# rewritten so that no exponential can overflow and no logarithm meets a rounded-off 0. The two
# agree for moderate scores:
import torch
from torch import nn

z = torch.tensor([-2.0, 0.5, 3.0])
y = torch.tensor([0.0, 1.0, 1.0])  # floats, not integer labels
with_probs = nn.BCELoss()(torch.sigmoid(z), y)
with_logits = nn.BCEWithLogitsLoss()(z, y)
print(
    "sigmoid + BCELoss "
    f"{with_probs:.6f}   BCEWithLogitsLoss {with_logits:.6f}"
)
torch.testing.assert_close(with_probs, with_logits)

# %%
# Where the probability version breaks
# ------------------------------------
# Take a confidently wrong score: true class 1, :math:`z \ll 0`. Two things go wrong when the
# probability is computed first, and both thresholds can be computed:
#
# * the gradient of BCE divides by :math:`p(1-p)`, which PyTorch floors at :math:`10^{-12}`;
#   once :math:`p < 10^{-12}`, i.e. :math:`z < \log 10^{-12}`, the floor wins and the gradient
#   through the sigmoid decays towards 0;
# * :math:`\sigma(z) = 1/(1 + e^{-z})`, and :math:`e^{-z}` overflows the largest float32 once
#   :math:`-z > \log(\text{float32 max})`: from there :math:`\sigma(z)` is exactly 0,
#   ``BCELoss`` clamps :math:`\log 0` to −100, and every such example costs exactly 100 with
#   **no gradient at all**.
import math

import matplotlib.pyplot as plt

gradient_floor = math.log(1e-12)
f32_max = torch.finfo(torch.float32).max
grid = torch.arange(-100.0, -80.0, 0.001)  # a fine float32 grid
# the last z where σ(z) > 0
first_zero = grid[torch.sigmoid(grid) > 0].min()
print(f"gradient floor reached below z = log(1e-12) = {gradient_floor:.2f}")
print(
    f"log(float32 max) = {math.log(f32_max):.3f}; "
    "on the grid σ(z) > 0 down to z ="
    f" {first_zero:.3f}, "
    f"σ = {torch.sigmoid(first_zero):.2e}, and σ(z) = 0 below"
)
assert abs(first_zero + math.log(f32_max)) < 0.01
# BCE at p = 0, y = 1
clamp = -nn.BCELoss()(torch.zeros(1), torch.ones(1)).item()
print(f"BCELoss clamps log 0 to {clamp:.0f}")

# %%
# So the model gets no signal from the examples it is most wrong about. The logits version stays
# exact, with gradient :math:`\sigma(z) - y \to -1`:
scores = torch.linspace(-150, 10, 1601, requires_grad=True)
target = torch.ones_like(scores)
via_probs = nn.BCELoss(reduction="none")(torch.sigmoid(scores), target)
(grad_probs,) = torch.autograd.grad(via_probs.sum(), scores)
via_logits = nn.BCEWithLogitsLoss(reduction="none")(scores, target)
(grad_logits,) = torch.autograd.grad(via_logits.sum(), scores)

fig, (ax_loss, ax_grad) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
for ax, (logit_curve, prob_curve) in [
    (ax_loss, (via_logits.detach(), via_probs.detach())),
    (ax_grad, (grad_logits, grad_probs)),
]:
    ax.plot(
        scores.detach(),
        logit_curve,
        label="BCEWithLogitsLoss",
        lw=3,
        alpha=0.6,
    )
    ax.plot(scores.detach(), prob_curve, "--", label="sigmoid + BCELoss")
    ax.axvline(first_zero, color="grey", lw=0.8)
    ax.axvline(gradient_floor, color="grey", lw=0.8, ls=":")
ax_loss.set(xlabel="score z (true class 1)", ylabel="loss", title="loss")
ax_grad.set(
    xlabel="score z (true class 1)", ylabel="d loss / d z", title="gradient"
)
ax_loss.legend()
plt.show()

grad_via_probs = {}
print(f"{'':>5} {'sigmoid + BCELoss':>20} {'BCEWithLogitsLoss':>20}")
print(f"{'z':>5} {'loss':>10} {'grad':>9} {'loss':>10} {'grad':>9}")
for value in (-20.0, -40.0, -88.0, -89.0, -120.0):
    s = torch.tensor([value], requires_grad=True)
    a = nn.BCELoss()(torch.sigmoid(s), torch.ones(1))
    (ga,) = torch.autograd.grad(a, s)
    b = nn.BCEWithLogitsLoss()(s, torch.ones(1))
    (gb,) = torch.autograd.grad(b, s)
    print(
        f"{value:>5.0f} {a.item():>10.2f} {ga.item():>+9.1e} "
        f"{b.item():>10.2f} {gb.item():>+9.2f}"
    )
    grad_via_probs[value] = ga.item()
assert (
    abs(grad_via_probs[-20.0] + 1) < 1e-6
    and abs(grad_via_probs[-40.0]) < 1e-5
)
assert grad_via_probs[-89.0] == 0
assert grad_probs[0] == 0 and grad_logits[0] == -1  # at z = -150
assert via_logits[0] == 150 and via_probs[0] == 100

# %%
# The dashed curves are the probability version; the dotted grey line marks
# :math:`z = \log 10^{-12}`, the solid one the point below which :math:`\sigma(z) = 0`. Its
# gradient leaves −1 at the dotted line and is practically 0 a little further left (the table: at
# :math:`z = -40` it is already below :math:`10^{-5}`). Its loss still follows :math:`-z` down to
# the solid line, then jumps to the clamp at 100 and stays there.
#
# ``weight`` and ``pos_weight``
# -----------------------------
# ``BCELoss(weight=w)`` multiplies each element's loss by ``w``, broadcast against the input: a
# tensor of shape (N,) weighs samples, and in a multi-label problem (input (N, C)) a tensor of
# shape (C,) weighs labels. (The source notes call it a per-class weight: that is only the second
# case.) ``BCEWithLogitsLoss(pos_weight=…)`` multiplies only the positive terms
# :math:`y\log p` — set it to (negatives / positives) to balance rare positives.
w = torch.tensor([1.0, 2.0, 0.5])  # one per sample
weighted = nn.BCELoss(weight=w)(torch.sigmoid(z), y)
per_sample = nn.BCELoss(reduction="none")(torch.sigmoid(z), y)
print(
    f"BCELoss(weight={w.tolist()}): "
    f"{weighted:.6f} = mean(w · loss) {(w * per_sample).mean():.6f}"
)
torch.testing.assert_close(weighted, (w * per_sample).mean())

multi_scores = torch.tensor([[1.0, -1.0], [0.5, 2.0]])  # (N=2, C=2 labels)
multi_targets = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
# (C,): label 1 counts three times as much
label_w = torch.tensor([1.0, 3.0])
by_label = nn.BCELoss(weight=label_w)(
    torch.sigmoid(multi_scores), multi_targets
)
per_element = nn.BCELoss(reduction="none")(
    torch.sigmoid(multi_scores), multi_targets
)
print(
    f"BCELoss(weight per label {label_w.tolist()}): {by_label:.6f}"
    f" = mean(w · loss) {(label_w * per_element).mean():.6f}"
)
# (C,) → (N, C)
torch.testing.assert_close(by_label, (label_w * per_element).mean())

pw = torch.tensor([3.0])
balanced = nn.BCEWithLogitsLoss(pos_weight=pw)(z, y)
by_hand = -(
    pw * y * torch.sigmoid(z).log() + (1 - y) * (1 - torch.sigmoid(z)).log()
)
print(
    "BCEWithLogitsLoss(pos_weight=3): "
    f"{balanced:.6f}, by hand {by_hand.mean():.6f}"
)
torch.testing.assert_close(balanced, by_hand.mean())

# %%
# Multi-class: cross-entropy
# --------------------------
# ``nn.CrossEntropyLoss`` takes raw scores of shape (N, C) and applies log-softmax itself:
# :math:`\ell = -\log \operatorname{softmax}(z)_y`. Targets are **class indices** (``torch.long``,
# shape (N,)) — or **class probabilities** (float, shape (N, C)). The worked example from the
# notes: scores (0.2, 0.1, −0.1) and true class 0. ``nn.LogSoftmax`` followed by ``nn.NLLLoss``
# gives the same number, and so does the formula by hand:
z = torch.tensor([[0.2, 0.1, -0.1]])
y = torch.tensor([0])
ce = nn.CrossEntropyLoss()(z, y)
by_steps = nn.NLLLoss()(nn.LogSoftmax(dim=1)(z), y)
by_hand = -(0.2 - torch.log(torch.exp(z).sum()))
one_hot = nn.CrossEntropyLoss()(z, torch.tensor([[1.0, 0.0, 0.0]]))
print(
    f"scores {[round(v, 2) for v in z[0].tolist()]}, true class {y.item()}"
)
print(
    f"CrossEntropyLoss {ce:.4f} = NLLLoss(LogSoftmax) "
    f"{by_steps:.4f} = by hand {by_hand:.4f}"
)
print(f"with a one-hot probability target: {one_hot:.4f}")
torch.testing.assert_close(ce, by_steps)
torch.testing.assert_close(ce, by_hand)
torch.testing.assert_close(ce, one_hot)

# %%
# Options, on a batch of four samples and three classes:
#
# * ``weight`` (one per class) scales each sample's loss by its class's weight; the mean then
#   divides by the total weight of the batch, so rare classes can count more;
# * ``ignore_index`` drops samples with that label (for padding, or unlabelled pixels), and the
#   mean is over the others;
# * ``label_smoothing`` :math:`\varepsilon` mixes the target with a uniform distribution:
#   :math:`1-\varepsilon+\varepsilon/C` on the true class, :math:`\varepsilon / C` on each other.
#   It stops the model from pushing scores to infinity to reach probability 1.
#
# Each option is checked against the formula it stands for.
logits = torch.tensor(
    [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0], [-0.5, 2.5, 0.0]]
)
labels = torch.tensor([0, 2, 1, 1])
per_sample = nn.CrossEntropyLoss(reduction="none")(logits, labels)  # (4,)
log_p = torch.log_softmax(logits, dim=1)
class_w = torch.tensor([1.0, 1.0, 4.0])
smoothed = torch.full((4, 3), 0.1 / 3) + 0.9 * nn.functional.one_hot(
    labels, 3
)
soft = torch.tensor(
    [[0.8, 0.1, 0.1], [0.0, 0.2, 0.8], [0.3, 0.4, 0.3], [0.1, 0.8, 0.1]]
)
cases = {  # name: (module, targets, the same thing by formula)
    "no options": (nn.CrossEntropyLoss(), labels, per_sample.mean()),
    "weight=(1, 1, 4)": (
        nn.CrossEntropyLoss(weight=class_w),
        labels,
        (class_w[labels] * per_sample).sum() / class_w[labels].sum(),
    ),
    "ignore_index=1": (
        nn.CrossEntropyLoss(ignore_index=1),
        labels,
        per_sample[labels != 1].mean(),
    ),
    "label_smoothing=0.1": (
        nn.CrossEntropyLoss(label_smoothing=0.1),
        labels,
        -(smoothed * log_p).sum(dim=1).mean(),
    ),
    "probability targets": (
        nn.CrossEntropyLoss(),
        soft,
        -(soft * log_p).sum(1).mean(),
    ),
}
for name, (module, targets, formula) in cases.items():
    value = module(logits, targets)
    print(f"{name:>20}: {value:.4f} (formula {formula:.4f})")
    torch.testing.assert_close(value, formula)

# %%
# The softmax-before-cross-entropy mistake
# ----------------------------------------
# Because ``CrossEntropyLoss`` applies log-softmax itself, a model that already ends in
# ``nn.Softmax`` gets squashed twice: its outputs are probabilities in [0, 1], so the loss's
# softmax sees scores that can differ by at most 1, and the loss can never approach 0. With 10
# classes the best it can reach is one output at 1 and nine at 0:
# :math:`-\log\frac{e}{e + 9}`. Training the same MLP on the 8×8 digits both ways, with the same
# initial weights, data order and learning rate, shows the damage. The MLP is the
# ``nn.Sequential`` you would write, 64 → 64 → 10 with a ReLU between, and the head is either
# ``nn.Identity`` or the mistaken ``nn.Softmax``. The training loop is :func:`dlnotes.train.fit`,
# to keep this page on the loss: it is the plain loop of
# :ref:`page 16 <sphx_glr_tutorials_03_training_plot_16_training_loop.py>`, checked equal to it
# there.
from dlnotes.data import Batches
from dlnotes.datasets import load_digits
from dlnotes.train import accuracy, fit

floor = -math.log(math.e / (math.e + 9))
print(f"lowest loss reachable after a softmax, 10 classes: {floor:.3f}")
images, digit_labels = load_digits(as_images=False)
histories = {}
for name, head in [
    ("scores → CrossEntropyLoss", nn.Identity()),
    ("softmax → CrossEntropyLoss (mistake)", nn.Softmax(dim=1)),
]:
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    model = nn.Sequential(mlp, head)
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
        val_data=Batches(
            images[1400:], digit_labels[1400:], batch_size=400
        ),
        metrics={"accuracy": accuracy},
        epochs=30,
        progress=False,
    )

fig, (ax_loss, ax_acc) = plt.subplots(
    1, 2, figsize=(11, 3.8), layout="constrained"
)
for name, h in histories.items():
    ax_loss.plot(h["train_loss"], label=name)
    ax_acc.plot(h["val_accuracy"], label=name)
ax_loss.axhline(
    floor, color="grey", lw=0.8, ls=":", label=f"floor {floor:.3f}"
)
ax_loss.set(xlabel="epoch", ylabel="training loss", title="loss")
ax_acc.set(xlabel="epoch", ylabel="validation accuracy", title="accuracy")
ax_loss.legend(
    fontsize="small", loc="center right", bbox_to_anchor=(1, 0.35)
)
plt.show()
for name, h in histories.items():
    print(
        f"{name:>36}: loss {h['train_loss'][-1]:.3f},"
        f" val. accuracy {h['val_accuracy'][-1]:.3f}"
    )
right, wrong = histories.values()
assert min(wrong["train_loss"]) > floor
assert right["val_accuracy"][-1] > wrong["val_accuracy"][-1] + 0.1

# %%
# Under the hood, :class:`dlnotes.models.MLP` builds the same ``nn.Sequential`` (without the
# head) and keeps it as ``.layers``, so the trained weights load into it as they are, and it
# gives the same scores:
from dlnotes.models import MLP

packaged = MLP((64, 64, 10))
# the MLP of the last run (the softmax mistake), without its head
packaged.layers.load_state_dict(mlp.state_dict())
print(packaged)
same = torch.allclose(packaged(images), mlp(images), atol=1e-6)
print("MLP((64, 64, 10)) gives the same scores:", same)
# the same operations in the same order; the tolerance allows another kernel on another machine
assert same

# %%
# With the softmax in front, the training loss stays above the floor (the dotted line) and falls
# slowly; after the same number of epochs the validation accuracy is far lower. Remove the softmax
# and give the loss the raw scores.
#
# KL divergence
# -------------
# :math:`D_{KL}(P\|Q) = \sum_i p_i \log(p_i/q_i)` measures how much a model distribution
# :math:`Q` differs from a target :math:`P`. ``nn.KLDivLoss`` takes :math:`\log Q` as input (log
# probabilities, e.g. from ``log_softmax``) and :math:`P` as target (or :math:`\log P` with
# ``log_target=True``). Use ``reduction="batchmean"`` for the true per-sample divergence:
# ``"mean"`` divides by the number of elements, i.e. also by the number of classes, and PyTorch
# warns about it.
import warnings

p = torch.tensor([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
log_q = torch.log_softmax(
    torch.tensor([[1.0, 0.0, -1.0], [0.0, 0.0, 1.0]]), dim=1
)
kl = nn.KLDivLoss(reduction="batchmean")(log_q, p)
kl_log_target = nn.KLDivLoss(reduction="batchmean", log_target=True)(
    log_q, p.log()
)
by_hand = (p * (p.log() - log_q)).sum() / len(p)
print(
    f"KL(P‖Q) = {kl:.5f}, with log_target "
    f"{kl_log_target:.5f}, by hand {by_hand:.5f}"
)
torch.testing.assert_close(kl, by_hand)
torch.testing.assert_close(kl, kl_log_target)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    kl_mean = nn.KLDivLoss(reduction="mean")(log_q, p)
print(f'reduction="mean": {kl_mean:.5f} = batchmean / 3 classes')
print(f"    {caught[0].category.__name__}: {str(caught[0].message)[:78]}…")
torch.testing.assert_close(kl_mean, kl / 3)

# %%
# Margin losses
# -------------
# Instead of probabilities, these ask for the right score to beat the others by a margin:
#
# * ``nn.SoftMarginLoss`` (labels ±1): :math:`\log(1 + e^{-y z})`, a smooth hinge;
# * ``nn.MultiMarginLoss(p, margin, weight)``:
#   :math:`\frac{1}{C}\sum_{j\ne y} w_y \max(0, \text{margin} - z_y + z_j)^p`, with ``p`` 1 or 2
#   and one ``weight`` per class, applied by the sample's true class :math:`y`. The weight
#   multiplies each term after the power: for ``p=2`` a term is :math:`w_y h^2`, where :math:`h`
#   is the hinge :math:`\max(0, \ldots)`, not :math:`(w_y h)^2` (checked below);
# * ``nn.MultiLabelMarginLoss`` (several true labels, listed first and ended by −1): every target
#   label's score must beat every non-target label's score by 1;
# * ``nn.MultiLabelSoftMarginLoss`` (0/1 indicators): an independent BCE with logits per label,
#   averaged over the labels.
#
# For the multi-margin example below, class 3 (score 0.8) must beat the others by 1:
scores = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
# the three other classes
hinge = torch.clamp(1 - 0.8 + scores[0, :3], min=0)
print("terms max(0, 1 − 0.8 + z_j):", [round(v, 4) for v in hinge.tolist()])
cw = torch.tensor([1.0, 1.0, 1.0, 2.0])  # class 3 counts double
margin_cases = {
    "MultiMarginLoss()": (nn.MultiMarginLoss(), hinge.sum() / 4),
    "MultiMarginLoss(p=2)": (nn.MultiMarginLoss(p=2), (hinge**2).sum() / 4),
    "MultiMarginLoss(margin=0.5)": (
        nn.MultiMarginLoss(margin=0.5),
        torch.clamp(0.5 - 0.8 + scores[0, :3], min=0).sum() / 4,
    ),
    "MultiMarginLoss(weight=(1,1,1,2))": (
        nn.MultiMarginLoss(weight=cw),
        cw[3] * hinge.sum() / 4,
    ),
    "MultiMarginLoss(p=2, weight=(1,1,1,2))": (
        nn.MultiMarginLoss(p=2, weight=cw),
        cw[3] * (hinge**2).sum() / 4,  # w·h², not (w·h)²
    ),
}
for name, (module, formula) in margin_cases.items():
    value = module(scores, torch.tensor([3]))
    print(f"{name:>39}: {value:.4f} (formula {formula:.4f})")
    torch.testing.assert_close(value, formula)

# %%
# ``MultiLabelMarginLoss`` with target labels 3 and 0 (the list ``[3, 0, -1, 1]`` stops at the
# −1; the 1 after it is ignored). The non-target labels are 1 and 2, so there are 2 × 2 hinge
# terms, divided by the number of classes:
multi_label = nn.MultiLabelMarginLoss()(
    scores, torch.tensor([[3, 0, -1, 1]])
)
pairs = [(j, k) for j in (3, 0) for k in (1, 2)]
terms = [
    max(0.0, 1 - (scores[0, j] - scores[0, k]).item()) for j, k in pairs
]
print(f"pairs (target, non-target): {pairs}")
print(
    f"terms {[round(t, 4) for t in terms]} → sum / 4 = {sum(terms) / 4:.4f}"
)
print(f"MultiLabelMarginLoss: {multi_label:.4f}")
torch.testing.assert_close(multi_label, torch.tensor(sum(terms) / 4))

soft_margin = nn.SoftMarginLoss()(
    torch.tensor([0.5, -2.0]), torch.tensor([1.0, -1.0])
)
indicators = torch.tensor([[1.0, 0.0, 0.0, 1.0]])
ml_soft = nn.MultiLabelSoftMarginLoss()(scores, indicators)
print(
    "SoftMarginLoss: "
    f"{soft_margin:.4f}   MultiLabelSoftMarginLoss: {ml_soft:.4f}"
)
torch.testing.assert_close(
    ml_soft, nn.BCEWithLogitsLoss()(scores, indicators)
)

# %%
# Under the hood: the same losses from their formulas
# ---------------------------------------------------
# :mod:`dlnotes.losses` writes each of these losses out from its formula, with the signature of
# ``torch.nn.functional``; each gives the values of the ``nn`` class, checked here:
from dlnotes import losses

g = torch.Generator().manual_seed(0)
x4 = torch.randn(6, 4, generator=g)  # (N, C) scores
cls = torch.randint(0, 4, (6,), generator=g)
bits = torch.randint(0, 2, (6, 4), generator=g).float()
probs = torch.randn(6, 4, generator=g).softmax(dim=1)  # rows sum to 1
lists = torch.tensor([[3, 0, -1, 1]] * 6)
checks = [
    (
        losses.binary_cross_entropy,
        nn.BCELoss(weight=cw),
        (x4.sigmoid(), bits),
        {"weight": cw},
    ),
    (
        losses.binary_cross_entropy_with_logits,
        nn.BCEWithLogitsLoss(pos_weight=pw),
        (x4, bits),
        {"pos_weight": pw},
    ),
    (
        losses.cross_entropy,
        nn.CrossEntropyLoss(ignore_index=2, label_smoothing=0.1),
        (x4, cls),
        {"ignore_index": 2, "label_smoothing": 0.1},
    ),
    (losses.nll_loss, nn.NLLLoss(), (x4.log_softmax(1), cls), {}),
    (
        losses.kl_div,
        nn.KLDivLoss(reduction="batchmean"),
        (x4.log_softmax(1), probs),
        {"reduction": "batchmean"},
    ),
    (losses.soft_margin_loss, nn.SoftMarginLoss(), (x4, 2 * bits - 1), {}),
    (
        losses.multi_margin_loss,
        nn.MultiMarginLoss(p=2, margin=0.5, weight=cw),
        (x4, cls),
        {"p": 2, "margin": 0.5, "weight": cw},
    ),
    (
        losses.multilabel_margin_loss,
        nn.MultiLabelMarginLoss(),
        (x4, lists),
        {},
    ),
    (
        losses.multilabel_soft_margin_loss,
        nn.MultiLabelSoftMarginLoss(),
        (x4, bits),
        {},
    ),
]
for ours, module, args, kwargs in checks:
    a, b = ours(*args, **kwargs), module(*args)
    torch.testing.assert_close(a, b)
    print(
        f"{ours.__name__:>32}: {a:.6f} (nn.{type(module).__name__} {b:.6f})"
    )

# %%
# The two soft-margin losses print the same value because they are given the same scores and
# the same labels, as ±1 (``2 * bits - 1``) and as 0/1 (``bits``):
# :math:`\log(1 + e^{-y z})` with :math:`y = \pm 1` is the binary cross-entropy with logits for the
# target :math:`(y + 1)/2`, and both average it over all 6 × 4 entries (the multi-label loss over
# the 4 labels of a sample, then over the 6 samples).
# different operations, so equal up to rounding
torch.testing.assert_close(
    losses.soft_margin_loss(x4, 2 * bits - 1),
    losses.multilabel_soft_margin_loss(x4, bits),
)

# %%
# Key points
# ----------
# * Binary: feed scores to ``nn.BCEWithLogitsLoss`` (float targets). Sigmoid + ``nn.BCELoss``
#   loses the gradient first and then the value for confidently wrong examples.
# * Multi-class: feed scores to ``nn.CrossEntropyLoss`` with ``torch.long`` class indices (or
#   class probabilities). It equals ``nn.LogSoftmax`` + ``nn.NLLLoss``; never put a softmax
#   before it.
# * ``weight`` rebalances classes (or, in ``BCELoss``, elements), ``ignore_index`` skips labels,
#   ``label_smoothing`` softens targets.
# * ``nn.KLDivLoss`` expects log-probabilities as input; use ``reduction="batchmean"``.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_12_classification_losses_solutions.py>`.
#
# .. _exercise-12-1:
#
# **Exercise 12.1** ★ — *The floor of label smoothing.* With ``label_smoothing=0.1`` and 10
# classes, the target puts :math:`1 - 0.1 + 0.1/10` on the true class and :math:`0.1/10` on each
# other. Give ``nn.CrossEntropyLoss(label_smoothing=0.1)`` scores equal to the logarithm of that
# target (true class 0): what is the loss, the lowest it can reach? And with those scores times 2,
# a more confident model: is the loss lower or higher?
# :ref:`Solution <solution-12-1>`

# Your code for exercise 12.1

# %%
# .. _exercise-12-2:
#
# **Exercise 12.2** ★★ — *Smoothing the digits.* Train the digit MLP of this page as above (same
# seeds, data, ``lr=0.1``, ``epochs=30``, scores into the loss) with
# ``nn.CrossEntropyLoss(label_smoothing=0.1)``, and once without smoothing. What is each one's
# loss on the whole training set after training, next to the floor of exercise 12.1? Does the validation accuracy change
# much (is ``abs(change) > 0.05``)?
# :ref:`Solution <solution-12-2>`

# Your code for exercise 12.2

# %%
# .. _exercise-12-3:
#
# **Exercise 12.3** ★★★ — *A weight of 10 for class 0.* Train the same MLP with
# ``nn.CrossEntropyLoss(weight=w)``, where ``w`` is 10 for class 0 and 1 for the others. On the
# validation images, how many does each model (with and without the weight) predict as 0, and
# how many of the 0s does it find? Is the mean probability that the model gives class 0 higher
# with the weight?
# :ref:`Solution <solution-12-3>`

# Your code for exercise 12.3

# %%
# Next: :ref:`ranking and embedding losses <sphx_glr_tutorials_02_losses_optimizers_plot_13_ranking_losses.py>`.
