r"""
Ranking and embedding losses: learn what is closer to what
==========================================================

Some models do not predict a label but an *order* (this document is more relevant than that one)
or an *embedding* — a vector per item such that similar items lie close together (faces of the
same person, sentences with the same meaning). Their losses compare pairs or triplets of outputs
and ask for a margin between them. You will be able to:

* write margin ranking, hinge embedding, cosine embedding and triplet margin losses;
* choose a sensible ``margin`` for each;
* picture how the triplet loss moves an anchor, a positive and a negative.

Each loss is computed by :mod:`dlnotes.losses` and checked against ``torch.nn.functional``.
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
import torch.nn.functional as F

from dlnotes import losses

x1 = torch.tensor([0.9, 0.4, 0.6, 0.2])
x2 = torch.tensor([0.2, 0.5, 0.55, 0.8])
y = torch.tensor([1.0, 1.0, 1.0, -1.0])
for margin in (0.0, 0.1):
    ours = losses.margin_ranking_loss(x1, x2, y, margin=margin, reduction="none")
    assert torch.allclose(
        ours, F.margin_ranking_loss(x1, x2, y, margin=margin, reduction="none")
    )
    print(f"margin {margin}: per pair {[round(v, 3) for v in ours.tolist()]}")

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
ours = losses.hinge_embedding_loss(d, y, margin=1.0, reduction="none")
print("hinge embedding:", [round(v, 3) for v in ours.tolist()])
assert torch.allclose(ours, F.hinge_embedding_loss(d, y, margin=1.0, reduction="none"))

# %%
# Cosine embedding: compare directions
# ------------------------------------
# With the cosine similarity :math:`\cos(a, b) = a\cdot b / (\|a\|\|b\|)`, similar pairs pay
# :math:`1 - \cos` and dissimilar pairs :math:`\max(0, \cos - \text{margin})`. The margin is a
# cosine, so it lies in [−1, 1]; values from 0 to 0.5 are the usual choice: dissimilar vectors
# need only be roughly orthogonal (margin 0), or at most 60° apart (margin 0.5) is tolerated.
import math

import matplotlib.pyplot as plt

angles = torch.linspace(0, math.pi, 181)
a = torch.stack([torch.ones_like(angles), torch.zeros_like(angles)], dim=1)  # (181, 2)
b = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)  # at each angle from a
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
similar = losses.cosine_embedding_loss(a, b, torch.ones(181), reduction="none")
ax.plot(torch.rad2deg(angles), similar, label="similar pair (y = 1)")
for margin in (0.0, 0.5):
    dissimilar = losses.cosine_embedding_loss(
        a, b, -torch.ones(181), margin=margin, reduction="none"
    )
    assert torch.allclose(
        dissimilar,
        F.cosine_embedding_loss(
            a, b, -torch.ones(181), margin=margin, reduction="none"
        ),
        atol=1e-6,
    )
    ax.plot(
        torch.rad2deg(angles),
        dissimilar,
        "--",
        label=f"dissimilar pair (y = −1), margin {margin}",
    )
ax.set(
    xlabel="angle between the two embeddings (degrees)",
    ylabel="loss",
    title="cosine embedding loss",
)
ax.legend()
plt.show()
assert similar[0] < 1e-6 and abs(similar[90] - 1) < 1e-6  # parallel: 0; orthogonal: 1

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
# Below, three points in 2-D are the parameters, and gradient descent on the triplet loss moves
# them: the positive and the anchor are pulled together, the negative pushed away, until the gap is
# the margin and the loss — and every gradient — is exactly zero.
points = torch.tensor(
    [[0.0, 0.0], [2.0, 1.5], [1.0, -0.5]], requires_grad=True
)  # a, p, n
names = ["anchor", "positive", "negative"]
trail = [points.detach().clone()]
optimizer = torch.optim.SGD([points], lr=0.05)
losses_seen = []
for _ in range(60):
    optimizer.zero_grad()
    loss = losses.triplet_margin_loss(points[0:1], points[1:2], points[2:3], margin=1.0)
    loss.backward()
    optimizer.step()
    trail.append(points.detach().clone())
    losses_seen.append(loss.item())
trail = torch.stack(trail)  # (steps + 1, 3, 2)

fig, (ax_pts, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for i, (name, color) in enumerate(
    zip(names, ["tab:blue", "tab:green", "tab:red"], strict=True)
):
    ax_pts.plot(trail[:, i, 0], trail[:, i, 1], "-", color=color, alpha=0.5)
    ax_pts.scatter(*trail[0, i], color=color, marker="o", facecolors="none", s=80)
    ax_pts.scatter(
        *trail[-1, i], color=color, marker="o", s=80, label=f"{name} (hollow: start)"
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
    f"start: d(a,p) = {torch.dist(*trail[0, :2]):.3f}, d(a,n) = {torch.dist(trail[0, 0], trail[0, 2]):.3f}"
)
print(
    f"end:   d(a,p) = {d_ap:.3f}, d(a,n) = {d_an:.3f}, gap {d_an - d_ap:.3f} (margin 1)"
)
assert losses_seen[-1] == 0.0 and d_an - d_ap >= 1.0 - 1e-3

# %%
# ``swap=True`` uses the harder of the two negative distances, :math:`\min(d(a, n), d(p, n))`:
# here the negative is closer to the positive than to the anchor, and the swap notices.
a, p, n = (
    torch.tensor([[0.0, 0.0]]),
    torch.tensor([[2.0, 0.0]]),
    torch.tensor([[2.5, 0.0]]),
)
for swap in (False, True):
    ours = losses.triplet_margin_loss(a, p, n, margin=1.0, swap=swap)
    assert torch.allclose(ours, F.triplet_margin_loss(a, p, n, margin=1.0, swap=swap))
    print(f"swap={swap}: loss {ours:.4f}")

# %%
# Key points
# ----------
# * Margin ranking orders pairs of scores; hinge embedding works on distances of labelled pairs;
#   cosine embedding on directions, with a margin that is a cosine in [−1, 1] (0 to 0.5 usual).
# * The triplet loss shapes an embedding space: the anchor must be closer to the positive than
#   to the negative by the margin. Satisfied triplets contribute no loss and no gradient — which
#   is why training usually searches for *hard* triplets (``swap`` is a cheap version).
#
# Try it
# ------
# * Start the negative very close to the anchor: how do the trajectories change?
# * Use ``p=1`` (Manhattan distance) in the triplet loss and compare the final positions.
#
# Next: :ref:`CTC loss <sphx_glr_tutorials_02_losses_optimizers_plot_14_ctc_loss.py>`.
