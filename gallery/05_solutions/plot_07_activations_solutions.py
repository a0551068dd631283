r"""
Solutions: activation functions
===============================

The answers to the exercises of
:ref:`activation functions <sphx_glr_tutorials_01_building_blocks_plot_07_activations.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's: its ``slope`` helper, its 601 points ``xs`` from −6 to 6, and its ``logits``.
"""

# %%
# .. _solution-07-1:
#
# Exercise 7.1 ★: smooth ReLUs
# ----------------------------
# :ref:`The exercise <exercise-07-1>`. ``nn.GELU`` computes :math:`x\,\Phi(x)` (:math:`\Phi` the
# standard normal distribution function) and ``nn.SiLU`` :math:`x\,\sigma(x)`. Both are smooth
# versions of ReLU: for large positive inputs they approach :math:`x`, for large negative ones 0.
import torch
from torch import nn


def slope(module, point):
    """f'(point), by autograd."""
    x = torch.tensor([float(point)], requires_grad=True)
    module(x).sum().backward()
    return x.grad.item()


xs = torch.linspace(-6, 6, 601, requires_grad=True)
print(f"{len(xs)} points from {xs[0]:.0f} to {xs[-1]:.0f}")
smooth = {
    "nn.ReLU()": nn.ReLU(),
    "nn.GELU()": nn.GELU(),
    "nn.SiLU()": nn.SiLU(),
}
largest = {}
for name, module in smooth.items():
    (grad,) = torch.autograd.grad(module(xs).sum(), xs)
    largest[name] = grad.max().item()
    where = xs[grad.argmax()].item()
    print(
        f"{name:>10}: slope at 0 {slope(module, 0):.4f}, at −2 {slope(module, -2):.4f}, "
        f"largest {largest[name]:.4f} (at x = {where:.2f})"
    )
# both pass half the gradient at 0, and a small negative one at −2 (float32 rounding: 1e-6)
for name in ["nn.GELU()", "nn.SiLU()"]:
    assert abs(slope(smooth[name], 0) - 0.5) < 1e-6
    assert -0.1 < slope(smooth[name], -2) < -0.08
    assert largest[name] > 1.09  # steeper than ReLU somewhere
assert slope(nn.ReLU(), -2) == 0.0 and largest["nn.ReLU()"] == 1.0

# %%
# Yes to both. At −2 both slopes are small and *negative*: each function dips below 0 for negative
# inputs and rises back towards 0, so it has a minimum (where the slope crosses 0) and a unit
# there still gets a gradient. And both are steeper than ReLU's 1 just after the bend: GELU
# reaches about 1.13, SiLU about 1.10. The curves show both features:
import matplotlib.pyplot as plt

fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.4), layout="constrained", sharex=True
)
for name, module in smooth.items():
    (grad,) = torch.autograd.grad(module(xs).sum(), xs)
    axes[0].plot(xs.detach(), module(xs).detach(), label=name)
    axes[1].plot(xs.detach(), grad, label=name)
axes[0].set(xlabel="x", ylabel="f(x)", title="function")
axes[1].axhline(1.0, color="grey", lw=0.8, ls=":")
axes[1].axhline(0.0, color="grey", lw=0.8, ls=":")
axes[1].set(xlabel="x", ylabel="f'(x) by autograd", title="slope")
axes[1].legend(fontsize="small")
plt.show()

# %%
# .. _solution-07-2:
#
# Exercise 7.2 ★: sharper scores
# ------------------------------
# :ref:`The exercise <exercise-07-2>`. Multiplying the scores by 10 multiplies their differences
# by 10, and softmax depends only on the differences:
from torch.autograd.functional import jacobian

logits = torch.tensor(
    [[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]]
)  # (N=2, classes=3)
row = logits[0]  # (3,)
biggest = {}
for scale in [1, 10]:
    probs = nn.Softmax(dim=0)(scale * row)
    J = jacobian(nn.Softmax(dim=0), scale * row)  # (3, 3)
    biggest[scale] = J.abs().max().item()
    print(
        f"scores × {scale:>2}: probabilities {[f'{p:.3g}' for p in probs.tolist()]}, "
        f"largest |J| {biggest[scale]:.3g}"
    )
print(f"the largest |J| is {biggest[1] / biggest[10]:.0f} times smaller")
assert probs.max() > 0.9999  # one class takes (almost) all the probability
assert biggest[1] / biggest[10] > 1000

# %%
# The largest probability is now above 0.9999, and every entry of the Jacobian is
# thousands of times smaller: softmax saturates like sigmoid. Its entries are
# :math:`s_i(\delta_{ij} - s_j)`, and when one :math:`s_i` is almost 1 and the others almost 0,
# every product is almost 0 — a model that is this sure of itself gets almost no gradient
# through its softmax, even when it is wrong.
