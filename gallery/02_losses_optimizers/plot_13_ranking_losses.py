r"""
Ranking and embedding losses: learn what is closer to what
==========================================================

Some models do not predict a label but an *order* (this document is more relevant than that one)
or an *embedding* — a vector per item such that similar items lie close together (faces of the
same person, sentences with the same meaning). Their losses compare pairs or triplets of outputs
and ask for a margin between them. You will be able to:

* use ``nn.MarginRankingLoss``, ``nn.HingeEmbeddingLoss``, ``nn.CosineEmbeddingLoss`` and
  ``nn.TripletMarginLoss``, and write the formula of each;
* choose a sensible ``margin`` for each, and read what it asks of a pair;
* picture how the triplet loss moves an anchor, a positive and a negative.

The page uses the ``torch.nn`` classes; the :mod:`dlnotes.losses` functions written from the
formulas come at the end, checked against them.
"""

# %%
# Margin ranking: which of two scores should be higher
# ----------------------------------------------------
# For scores :math:`x_1, x_2` and :math:`y = 1` (the first should rank higher) or :math:`-1`:
#
# .. math:: \ell = \max(0,\ -y\,(x_1 - x_2) + \text{margin})
#
# A correctly ordered pair costs nothing once it is ahead by the margin.
import torch
from torch import nn

x1 = torch.tensor([0.9, 0.4, 0.6, 0.2])
x2 = torch.tensor([0.2, 0.5, 0.55, 0.8])
y = torch.tensor([1.0, 1.0, 1.0, -1.0])
for i in range(4):
    print(
        f"pair {i + 1}: x1 = {x1[i]:.2f}, x2 = {x2[i]:.2f}, y = {y[i]:+.0f}"
    )
for margin in (0.0, 0.1):
    ranking = nn.MarginRankingLoss(margin=margin, reduction="none")
    per_pair = ranking(x1, x2, y)
    torch.testing.assert_close(
        per_pair, torch.clamp(-y * (x1 - x2) + margin, min=0)
    )
    print(
        f"margin {margin}: "
        f"per pair {[round(v, 3) for v in per_pair.tolist()]}"
    )

# %%
# Pair 2 is in the wrong order (0.4 < 0.5): it costs its shortfall, 0.1, plus the margin. Pair 3 is
# in the right order, but with margin 0.1 it is not ahead by enough (only 0.05), so it costs 0.05.
#
# Hinge embedding: distances of similar and dissimilar pairs
# ----------------------------------------------------------
# Given a distance :math:`d` between two embeddings, similar pairs (:math:`y = 1`) pay the
# distance itself and dissimilar pairs (:math:`y = -1`) pay only while closer than the margin:
# :math:`\ell = d` or :math:`\max(0, \text{margin} - d)`.
d = torch.tensor([0.3, 1.5, 0.3, 1.5])
y = torch.tensor([1.0, 1.0, -1.0, -1.0])
per_pair = nn.HingeEmbeddingLoss(margin=1.0, reduction="none")(d, y)
print(
    "hinge embedding, margin 1:", [round(v, 3) for v in per_pair.tolist()]
)
torch.testing.assert_close(
    per_pair, torch.where(y == 1, d, torch.clamp(1 - d, min=0))
)

# %%
# Cosine embedding: compare directions
# ------------------------------------
# With the cosine similarity :math:`\cos(a, b) = a\cdot b / (\|a\|\|b\|)`, similar pairs pay
# :math:`1 - \cos` and dissimilar pairs :math:`\max(0, \cos - \text{margin})`. The margin is a
# cosine, so it lies in [−1, 1]; the source notes suggest 0 to 0.5. A dissimilar pair stops paying
# once its cosine is at most the margin, i.e. once the two vectors are at least
# :math:`\arccos(\text{margin})` apart: margin 0 asks for at least 90° (orthogonal or worse),
# margin 0.5 is more lenient and accepts pairs from 60° on. The figure rotates :math:`b` away from
# :math:`a` and marks where each dissimilar curve reaches 0:
import math

import matplotlib.pyplot as plt

angles = torch.linspace(0, math.pi, 181)  # 0°, 1°, …, 180°
degrees = torch.rad2deg(angles)
# (181, 2)
a = torch.stack([torch.ones_like(angles), torch.zeros_like(angles)], dim=1)
# at each angle from a
b = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
similar = nn.CosineEmbeddingLoss(reduction="none")(a, b, torch.ones(181))
ax.plot(degrees, similar, label="similar pair (y = 1)")
for margin, color in [(0.0, "tab:orange"), (0.5, "tab:green")]:
    cosine = nn.CosineEmbeddingLoss(margin=margin, reduction="none")
    dissimilar = cosine(a, b, -torch.ones(181))
    # first angle that costs nothing
    free_from = degrees[dissimilar == 0].min()
    print(
        f"margin {margin}: a dissimilar pair "
        f"costs 0 from {free_from:.0f}° on"
        f" (arccos {margin} = {math.degrees(math.acos(margin)):.0f}°)"
    )
    assert abs(free_from - math.degrees(math.acos(margin))) <= 1
    assert (dissimilar[degrees < free_from] > 0).all()
    ax.plot(
        degrees,
        dissimilar,
        "--",
        color=color,
        label=f"dissimilar (y = −1), margin {margin}",
    )
    ax.axvline(free_from, color=color, lw=0.8, ls=":")
ax.set(
    xlabel="angle between the two embeddings (degrees)",
    ylabel="loss",
    title="cosine embedding loss",
    xticks=range(0, 181, 30),
)
ax.legend()
plt.show()
# parallel: 0; orthogonal: 1
assert similar[0] < 1e-6 and abs(similar[90] - 1) < 1e-6

# %%
# Triplet margin: an anchor closer to the positive than to the negative
# ---------------------------------------------------------------------
# The triplet loss looks at three embeddings: an *anchor*, a *positive* (same kind) and a
# *negative* (different kind), and asks for the anchor–positive distance to be smaller than the
# anchor–negative distance by at least the margin:
#
# .. math:: \ell = \max\big(0,\ d(a, p) - d(a, n) + \text{margin}\big),
#           \qquad d(u, v) = \|u - v + \epsilon\|_p
#
# ``p`` is the degree of the norm (default 2, Euclidean). The source notes say it can be 1 or 2;
# in fact ``p`` is a float, as in ``torch.nn.PairwiseDistance``: any :math:`p \ge 1` gives a norm
# (smaller positive values run too, but break the triangle inequality). The norm changes what
# counts as close — the same triplet measured with three norms:
anchor, positive, negative = (
    torch.tensor([[0.0, 0.0]]),
    torch.tensor([[1.0, 1.0]]),
    torch.tensor([[1.5, -0.5]]),
)
for p_norm in (1.0, 2.0, 3.0):
    triplet = nn.TripletMarginLoss(margin=1.0, p=p_norm)
    value = triplet(anchor, positive, negative)
    d_ap = torch.linalg.vector_norm(anchor - positive + 1e-6, ord=p_norm)
    d_an = torch.linalg.vector_norm(anchor - negative + 1e-6, ord=p_norm)
    print(
        f"p = {p_norm:g}: d(a,p) = {d_ap:.4f}, d(a,n) = {d_an:.4f}, "
        f"loss = {value:.4f}"
    )
    torch.testing.assert_close(value, torch.clamp(d_ap - d_an + 1, min=0))

# %%
# In the Manhattan norm (``p=1``) the positive and the negative are equally far from the anchor;
# in the other two the positive is closer, and the larger ``p``, the more the distance is ruled by
# the largest coordinate difference.
#
# Below, three points in 2-D are the parameters, and gradient descent on the triplet loss moves
# them: the positive and the anchor are pulled together, the negative pushed away, until the gap
# reaches the margin and the loss — and every gradient — is exactly zero.
points = torch.tensor(
    [[0.0, 0.0], [2.0, 1.5], [1.0, -0.5]], requires_grad=True
)  # a, p, n
names = ["anchor", "positive", "negative"]
triplet = nn.TripletMarginLoss(margin=1.0, p=2)
trail = [points.detach().clone()]
optimizer = torch.optim.SGD([points], lr=0.05)
losses_seen = []
for _ in range(60):
    optimizer.zero_grad()
    loss = triplet(points[0:1], points[1:2], points[2:3])
    loss.backward()
    optimizer.step()
    trail.append(points.detach().clone())
    losses_seen.append(loss.item())
trail = torch.stack(trail)  # (steps + 1, 3, 2)

fig, (ax_pts, ax_loss) = plt.subplots(
    1, 2, figsize=(11, 4.2), layout="constrained"
)
for i, (name, color) in enumerate(
    zip(names, ["tab:blue", "tab:green", "tab:red"], strict=True)
):
    ax_pts.plot(trail[:, i, 0], trail[:, i, 1], "-", color=color, alpha=0.5)
    ax_pts.scatter(
        *trail[0, i], color=color, marker="o", facecolors="none", s=80
    )
    ax_pts.scatter(
        *trail[-1, i],
        color=color,
        marker="o",
        s=80,
        label=f"{name} (hollow: start)",
    )
ax_pts.set(
    xlabel="embedding dimension 1",
    ylabel="embedding dimension 2",
    aspect="equal",
    title="triplet loss moves the points",
)
ax_pts.legend(fontsize="small")
ax_loss.plot(losses_seen)
ax_loss.set(xlabel="step", ylabel="triplet loss", title="loss")
plt.show()

a, p, n = trail[-1]
d_ap, d_an = torch.dist(a, p).item(), torch.dist(a, n).item()
print(
    f"start: d(a,p) = {torch.dist(*trail[0, :2]):.3f},"
    f" d(a,n) = {torch.dist(trail[0, 0], trail[0, 2]):.3f}"
)
print(
    f"end:   d(a,p) = {d_ap:.3f}, d(a,n) = {d_an:.3f}, "
    f"gap {d_an - d_ap:.3f} (margin 1)"
)
first_zero = losses_seen.index(0.0)
print(f"the loss is 0 from step {first_zero} on")
assert (
    all(v == 0.0 for v in losses_seen[first_zero:])
    and d_an - d_ap >= 1.0 - 1e-3
)

# %%
# ``swap=True`` uses the harder of the two negative distances, :math:`\min(d(a, n), d(p, n))`:
# here the negative is closer to the positive than to the anchor, and the swap notices.
a, p, n = (
    torch.tensor([[0.0, 0.0]]),
    torch.tensor([[2.0, 0.0]]),
    torch.tensor([[2.5, 0.0]]),
)
for swap in (False, True):
    value = nn.TripletMarginLoss(margin=1.0, swap=swap)(a, p, n)
    print(f"swap={swap}: loss {value:.4f}")
torch.testing.assert_close(value, torch.tensor(2.0 - 0.5 + 1.0))

# %%
# Under the hood: the same losses from their formulas
# ---------------------------------------------------
# :mod:`dlnotes.losses` writes each of these losses out from its formula, with the signature of
# ``torch.nn.functional``; on random inputs each gives the values and gradients of the ``nn``
# class:
from dlnotes import losses

g = torch.Generator().manual_seed(0)
# (N, D) embeddings
u, v, w = (torch.randn(8, 3, generator=g) for _ in range(3))
signs = torch.randint(0, 2, (8,), generator=g).float() * 2 - 1
checks = [
    (losses.margin_ranking_loss, nn.MarginRankingLoss(margin=0.2),
     (u[:, 0], v[:, 0], signs), {"margin": 0.2}),
    (losses.hinge_embedding_loss, nn.HingeEmbeddingLoss(),
     (u[:, 0].abs(), signs), {}),
    (losses.cosine_embedding_loss, nn.CosineEmbeddingLoss(margin=0.5),
     (u, v, signs), {"margin": 0.5}),
    (losses.triplet_margin_loss, nn.TripletMarginLoss(p=1.0, swap=True),
     (u, v, w), {"p": 1.0, "swap": True}),
]  # fmt: skip


def copies(args):
    """Fresh copies of the inputs; the ±1 labels get no gradient."""
    return [
        t.clone() if t is signs else t.clone().requires_grad_()
        for t in args
    ]


for ours, module, args, kwargs in checks:
    mine, theirs = copies(args), copies(args)
    value_ours, value_theirs = ours(*mine, **kwargs), module(*theirs)
    value_ours.backward()
    value_theirs.backward()
    torch.testing.assert_close(value_ours, value_theirs)
    for t_ours, t_theirs in zip(mine, theirs, strict=True):
        if t_ours.requires_grad:
            torch.testing.assert_close(t_ours.grad, t_theirs.grad)
    print(
        f"{ours.__name__:>21}: "
        f"{value_ours:.6f}  (nn.{type(module).__name__} {value_theirs:.6f})"
    )

# %%
# Key points
# ----------
# * ``nn.MarginRankingLoss`` orders pairs of scores; ``nn.HingeEmbeddingLoss`` works on distances
#   of labelled pairs; ``nn.CosineEmbeddingLoss`` on directions, with a margin that is a cosine in
#   [−1, 1]: a dissimilar pair is free once it is at least arccos(margin) apart.
# * ``nn.TripletMarginLoss`` shapes an embedding space: the anchor must be closer to the positive
#   than to the negative by the margin, in the ``p``-norm. Satisfied triplets contribute no loss
#   and no gradient — which is why training usually searches for *hard* triplets (``swap`` is a
#   cheap version).

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_13_ranking_losses_solutions.py>`.
#
# .. _exercise-13-1:
#
# **Exercise 13.1** ★ — *Free only beyond a wide angle.* Which ``margin`` of
# ``nn.CosineEmbeddingLoss`` lets a dissimilar pair (:math:`y = -1`) cost nothing only once its
# two embeddings are at least :math:`2\pi/3` apart? Check it on the page's pairs ``a``, ``b`` of
# unit vectors, one for each degree of ``angles`` (rebuild them: ``a`` is reused for the
# triplets): from which angle on is the loss 0?
# :ref:`Solution <solution-13-1>`

# Your code for exercise 13.1

# %%
# .. _exercise-13-2:
#
# **Exercise 13.2** ★★ — *A negative next to the anchor.* Run the page's triplet descent (the
# same loss, optimizer and number of steps) from the start ``[[0.0, 0.0], [2.0, 1.5], [0.1, 0.0]]``:
# the negative starts very close to the anchor. From which step on is the loss 0, sooner or later
# than on the page? In which direction does the negative move in the first step?
# :ref:`Solution <solution-13-2>`

# Your code for exercise 13.2

# %%
# .. _exercise-13-3:
#
# **Exercise 13.3** ★★ — *Manhattan distance.* Run the page's triplet descent from the page's
# start with ``nn.TripletMarginLoss(margin=1.0, p=1)``. From which step on is the loss 0? Plot
# the trajectories: what shape are they, and why?
# :ref:`Solution <solution-13-3>`

# Your code for exercise 13.3

# %%
# Next: :ref:`CTC loss <sphx_glr_tutorials_02_losses_optimizers_plot_14_ctc_loss.py>`.
