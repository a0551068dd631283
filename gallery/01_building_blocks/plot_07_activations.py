r"""
Activation functions: what each computes, its slope, and where it belongs
=========================================================================

Without a nonlinearity between them, a stack of linear layers is just one linear layer: the
product of matrices is a matrix. *Activation functions* are what let a network bend. Which one
to use depends on where it sits: hidden layers need slopes that let gradients through; output
layers need ranges that match what is predicted (a probability, a set of class probabilities).

This page plots each common activation next to its derivative, computed by autograd. You will be
able to:

* say what sigmoid, tanh, ReLU, Leaky ReLU, PReLU and softmax compute, and where each is used;
* read off how much gradient each lets through — and why sigmoid and tanh *saturate*;
* apply softmax along the right dimension.
"""

# %%
# Each function beside its derivative
# -----------------------------------
# The derivative comes from autograd, the same way it would during training: evaluate the function
# on points that require gradients, sum the outputs, call ``backward()``. Since output *i* depends
# only on input *i*, ``x.grad[i]`` is :math:`f'(x_i)`.
import torch

x = torch.linspace(-6, 6, 601, requires_grad=True)
y = torch.sigmoid(x)
y.sum().backward()
print(f"autograd slope of sigmoid at 0: {x.grad[300].item():.4f}")

# %%
# :func:`dlnotes.plotting.plot_function_and_derivative` does exactly that for each function. The
# implementations are :mod:`dlnotes.activations`, written from the formulas; PReLU's slope for
# negative inputs is a *learned* parameter, here at its initial value 0.25.
from functools import partial

import matplotlib.pyplot as plt

from dlnotes import activations as A
from dlnotes.plotting import plot_function_and_derivative

functions = {
    "sigmoid": A.sigmoid,
    "tanh": A.tanh,
    "ReLU": A.relu,
    "Leaky ReLU (slope 0.1)": partial(A.leaky_relu, negative_slope=0.1),
    "PReLU (a = 0.25)": partial(A.prelu, weight=torch.tensor([0.25])),
}
fig, axes = plot_function_and_derivative(functions)
fig.suptitle(
    "activation functions (solid) and their derivatives from autograd (dashed)"
)
plt.show()

# %%
# The analytic derivatives in :mod:`dlnotes.activations` agree with autograd everywhere:
xs = torch.linspace(-6, 6, 601)
derivatives = {
    "sigmoid": A.sigmoid_derivative,
    "tanh": A.tanh_derivative,
    "ReLU": A.relu_derivative,
    "Leaky ReLU (slope 0.1)": partial(A.leaky_relu_derivative, negative_slope=0.1),
    "PReLU (a = 0.25)": partial(A.prelu_derivative, weight=torch.tensor([0.25])),
}
for name, f in functions.items():
    xg = xs.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(xg).sum(), xg)
    gap = (grad - derivatives[name](xs)).abs().max().item()
    print(f"{name:>24}: max |autograd − formula| = {gap:.1e}")
    assert gap < 1e-6

# %%
# Saturation: how much gradient gets through
# ------------------------------------------
# Backpropagation multiplies the local slopes of every layer on the way back. Sigmoid's slope is
# at most 1/4 (at 0) and tanh's at most 1; both fall towards 0 as soon as the input is a few units
# away from 0 — the function *saturates*. ReLU's slope is exactly 1 for every positive input.
for name in ["sigmoid", "tanh", "ReLU"]:
    slopes = derivatives[name](xs)
    print(
        f"{name:>8}: max slope {slopes.max().item():.4f}, slope at x = 5: "
        f"{derivatives[name](torch.tensor([5.0])).item():.5f}"
    )
assert abs(A.sigmoid_derivative(xs).max().item() - 0.25) < 1e-6
assert abs(A.tanh_derivative(xs).max().item() - 1.0) < 1e-6

# %%
# Ten sigmoid layers therefore scale a gradient by at most :math:`0.25^{10} \approx 10^{-6}`, even
# with weights of 1 — the *vanishing gradient*. Here is that product through a stack of layers
# whose inputs sit at the most favourable point, 0, and at a typical point, 2:
depth = torch.arange(1, 11)
fig, ax = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
for name, point in [("sigmoid", 0.0), ("sigmoid", 2.0), ("tanh", 2.0), ("ReLU", 2.0)]:
    slope = derivatives[name](torch.tensor([point])).item()
    ax.semilogy(
        depth, slope**depth, "o-", label=f"{name}, input {point:g} (slope {slope:.3f})"
    )
ax.set(
    xlabel="number of layers",
    ylabel="product of slopes",
    title="gradient scale after n activations",
)
ax.legend(fontsize="small")
plt.show()
assert 0.25**10 < 1e-6

# %%
# Softmax: scores to class probabilities
# --------------------------------------
# For *k* classes a network outputs *k* scores per sample (*logits*). Softmax exponentiates and
# normalizes them into probabilities that are positive and sum to 1. It acts along the class
# dimension — ``dim=1`` for a batch of shape (N, classes). Summing along the wrong dimension gives
# numbers that look like probabilities and are not.
logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])  # (N=2, classes=3)
probs = A.softmax(logits, dim=1)
print("softmax over dim=1:\n", probs)
print("rows sum to", probs.sum(dim=1))
wrong = A.softmax(logits, dim=0)
print("softmax over dim=0 (wrong): rows sum to", wrong.sum(dim=1))
assert torch.allclose(probs.sum(dim=1), torch.ones(2))
assert torch.allclose(probs, torch.softmax(logits, dim=1))
assert not torch.allclose(wrong.sum(dim=1), torch.ones(2))

# %%
# Where each is used
# ------------------
# ===================  =====================================================================
# activation           typical place
# ===================  =====================================================================
# ReLU                 hidden layers: cheap, slope 1 for positive inputs, the default choice
# Leaky ReLU / PReLU   hidden layers, when many ReLU units get stuck at 0 ("dead" units)
# tanh                 hidden layers of small or recurrent networks (output centred on 0)
# sigmoid              output of a *binary* classifier: one probability in (0, 1)
# softmax (``dim=1``)  output of a *multi-class* classifier: probabilities summing to 1
# ===================  =====================================================================
#
# In practice the output activation is often folded into the loss: ``BCEWithLogitsLoss`` applies
# the sigmoid and ``CrossEntropyLoss`` the (log-)softmax themselves, more stably — see the
# classification-loss page.
#
# Key points
# ----------
# * Nonlinear activations between linear layers are what let a network represent curved
#   functions.
# * Sigmoid's slope is at most 0.25 and tanh's at most 1; both saturate, so deep stacks of them
#   shrink gradients geometrically. ReLU passes a slope of 1 for positive inputs.
# * Softmax turns scores into probabilities along the class dimension (``dim=1`` for (N, C)).
#
# Try it
# ------
# * Add ``torch.nn.functional.gelu`` and ``torch.nn.functional.silu`` to ``functions`` and compare
#   their slopes with ReLU's.
# * Multiply the logits by 10 before the softmax: what happens to the probabilities?
#
# Next: :ref:`parameter initialization <sphx_glr_tutorials_01_building_blocks_plot_08_initialization.py>`.
