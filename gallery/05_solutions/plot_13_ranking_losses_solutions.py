r"""
Solutions: ranking and embedding losses
=======================================

The answers to the exercises of
:ref:`ranking and embedding losses <sphx_glr_tutorials_02_losses_optimizers_plot_13_ranking_losses.py>`,
computed when the site is built; each ends with an ``assert`` on its answer.
"""

# %%
# .. _solution-13-1:
#
# Exercise 13.1 ★: free only beyond a wide angle
# -----------------------------------------------
# :ref:`The exercise <exercise-13-1>`. A dissimilar pair costs
# :math:`\max(0, \cos\theta - \text{margin})`, which is 0 once
# :math:`\cos\theta \le \text{margin}`. For the pair to be free from 120° on, the margin is
# :math:`\cos 120° = -0.5`: a negative margin, which asks for more than orthogonal directions.
import math

import torch
from torch import nn

margin = math.cos(math.radians(120))
print(f"margin = cos 120° = {margin:.4f}")
angles = torch.linspace(0, math.pi, 181)  # 0°, 1°, …, 180°
degrees = torch.rad2deg(angles)
# (181, 2): one vector along the x axis, the other at each angle from it
a = torch.stack([torch.ones_like(angles), torch.zeros_like(angles)], dim=1)
b = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
cosine = nn.CosineEmbeddingLoss(margin=-0.5, reduction="none")
dissimilar = cosine(a, b, -torch.ones(181))  # (181,)
free_from = degrees[dissimilar == 0].min().item()
print(f"margin -0.5: a dissimilar pair costs 0 from {free_from:.0f}° on")
# 120° exactly, or the next grid angle if rounding leaves a tiny loss at 120°
assert 119.5 < free_from < 121.5
assert (dissimilar[degrees < free_from] > 0).all()

# %%
# .. _solution-13-2:
#
# Exercise 13.2 ★★: a negative next to the anchor
# -----------------------------------------------
# :ref:`The exercise <exercise-13-2>`. The page's descent as a function of the start and of the
# norm: the three points are the parameters, and SGD with ``lr=0.05`` runs as many steps as on
# the page, on ``nn.TripletMarginLoss(margin=1.0)``.


def descend(start, p=2.0, steps=60):
    """The trail of the points (steps + 1, 3, 2) and the loss at every step."""
    points = torch.tensor(
        start, requires_grad=True
    )  # (3, 2): anchor, positive, negative
    triplet = nn.TripletMarginLoss(margin=1.0, p=p)
    optimizer = torch.optim.SGD([points], lr=0.05)
    trail, seen = [points.detach().clone()], []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = triplet(points[0:1], points[1:2], points[2:3])
        loss.backward()
        optimizer.step()
        trail.append(points.detach().clone())
        seen.append(loss.item())
    return torch.stack(trail), seen


page_start = [[0.0, 0.0], [2.0, 1.5], [1.0, -0.5]]
close_start = [[0.0, 0.0], [2.0, 1.5], [0.1, 0.0]]
zero_from = {}
for name, start in [
    ("page start", page_start),
    ("negative close", close_start),
]:
    trail, seen = descend(start)
    zero_from[name] = seen.index(0.0)
    print(f"{name:>14}: the loss is 0 from step {zero_from[name]} on")
first_move = trail[1, 2] - trail[0, 2]  # the negative's first step
print(f"first step of the negative: {first_move.tolist()}")
assert zero_from["negative close"] > zero_from["page start"]
# straight away from the anchor, along +x (the tiny y part is the eps inside the distance)
assert first_move[0] > 0.04 and abs(first_move[1]) < 1e-4

# %%
# Later: the loss is 0 only from a later step on. The gradient of the distance :math:`d(a, n)` is
# the unit vector from the anchor to the negative, so the first step pushes the negative straight
# away along that line, here along :math:`+x`; the anchor and the negative then have more ground
# to cover before the gap reaches the margin.
#
# .. _solution-13-3:
#
# Exercise 13.3 ★★: Manhattan distance
# ------------------------------------
# :ref:`The exercise <exercise-13-3>`. The same descent from the page's start, with ``p=1``:
import matplotlib.pyplot as plt

trail_1, seen_1 = descend(page_start, p=1.0)
trail_2, _ = descend(page_start, p=2.0)
zero_1, zero_2 = seen_1.index(0.0), zero_from["page start"]
print(
    f"p = 1: the loss is 0 from step {zero_1} on (p = 2: from step {zero_2})"
)
moves = (
    trail_1[1 : zero_1 + 1] - trail_1[:zero_1]
)  # (steps, 3, 2) while the loss is positive
print("each point's step while the loss is positive:", moves[0].tolist())
assert zero_1 < zero_2
# every step is the same vector: the gradient of |u - v|_1 is a vector of signs
torch.testing.assert_close(
    moves, moves[0].expand_as(moves), atol=1e-5, rtol=0
)

fig, ax = plt.subplots(figsize=(5.5, 4.2), layout="constrained")
for i, (name, color) in enumerate(
    zip(
        ["anchor", "positive", "negative"],
        ["tab:blue", "tab:green", "tab:red"],
        strict=True,
    )
):
    ax.plot(
        trail_2[:, i, 0],
        trail_2[:, i, 1],
        ":",
        color=color,
        label=f"{name}, p = 2",
    )
    ax.plot(
        trail_1[:, i, 0],
        trail_1[:, i, 1],
        "-",
        color=color,
        lw=2,
        label=f"{name}, p = 1",
    )
    ax.scatter(*trail_1[0, i], color=color, facecolors="none", s=80)
ax.set(
    xlabel="embedding dimension 1",
    ylabel="embedding dimension 2",
    aspect="equal",
    title="p = 1: straight moves along signs (hollow: start)",
)
ax.legend(fontsize="small")
plt.show()

# %%
# With ``p=1`` the trajectories are straight segments: the gradient of the Manhattan distance is
# a vector of signs, the same at every step while the loss is positive, so each point moves by
# the same vector each step (the negative diagonally, the anchor straight up) and stops when the
# loss reaches 0. With ``p=2`` (dotted) the direction turns as the points move.
