r"""
Activation functions: what each computes, its slope, and where it belongs
=========================================================================

Without a nonlinearity between them, a stack of linear layers is just one linear layer: the
product of matrices is a matrix. *Activation functions* are what let a network bend. Which one
to use depends on where it sits: hidden layers need slopes that let gradients through; output
layers need ranges that match what is predicted (a probability, a set of class probabilities).

This page runs PyTorch's activation modules, plots each next to its derivative computed by
autograd, and ends with the same functions written from their formulas. You will be able to:

* say what ``nn.Sigmoid``, ``nn.Tanh``, ``nn.ReLU``, ``nn.LeakyReLU``, ``nn.PReLU`` and
  ``nn.Softmax`` compute, and where each is used;
* read off how much gradient each lets through — and why sigmoid and tanh *saturate*;
* apply softmax along the right dimension, and get its derivative, which is a matrix.
"""

# %%
# The modules
# -----------
# Each activation is a module in ``torch.nn``: create it once, then call it on a tensor like a
# function. It works elementwise, so the output has the input's shape. (The same functions exist
# as plain functions too: ``torch.sigmoid``, ``torch.tanh``, ``torch.relu``,
# ``torch.nn.functional.leaky_relu``.)
import torch
from torch import nn

activations = {
    "nn.Sigmoid()": nn.Sigmoid(),
    "nn.Tanh()": nn.Tanh(),
    "nn.ReLU()": nn.ReLU(),
    "nn.LeakyReLU(0.1)": nn.LeakyReLU(negative_slope=0.1),
    "nn.PReLU()": nn.PReLU(),
}
z = torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0])
print("input:", z.tolist())
for name, module in activations.items():
    # detach: PReLU's output depends on its trainable slope
    out = module(z).detach()
    print(f"{name:>18}: {[round(v, 4) for v in out.tolist()]}")

# %%
# Sigmoid squashes any number into (0, 1) and tanh into (−1, 1); ReLU zeroes negative inputs and
# passes positive ones unchanged. Leaky ReLU multiplies negative inputs by a small fixed slope
# instead of zeroing them, so a unit whose inputs are all negative still gets a gradient.
#
# PReLU: a slope that is learned
# ------------------------------
# ``nn.PReLU`` is a leaky ReLU whose negative slope :math:`a` is a ``Parameter`` of the module —
# it appears in ``parameters()``, gets a gradient and is updated by the optimizer like any weight.
# By default there is one slope, initialised to 0.25; ``num_parameters=C`` gives one per channel
# (dimension 1 of the input).
prelu = nn.PReLU()
for name, p in prelu.named_parameters():
    print(
        f"{name}: {type(p).__name__}, "
        f"shape {tuple(p.shape)}, value {p.item():.4f}"
    )
print(
    "one slope per channel:", tuple(nn.PReLU(num_parameters=3).weight.shape)
)
assert isinstance(prelu.weight, nn.Parameter) and prelu.weight.shape == (1,)

# %%
# One gradient step changes it. For negative inputs PReLU's output is :math:`a x`, so
# :math:`\partial\,\text{output}/\partial a = x` there (and 0 for positive inputs):
optimizer = torch.optim.SGD(prelu.parameters(), lr=0.1)
before = prelu.weight.item()
# any loss will do; for this one ∂loss/∂a = the sum of the negative inputs,
# −4
loss = prelu(z).sum()
loss.backward()
print(f"gradient of the slope: {prelu.weight.grad.item():.4f}")
optimizer.step()
print(
    f"slope before the step {before:.4f}, after {prelu.weight.item():.4f}"
)
# exact in any order of addition: the inputs are small whole numbers
assert prelu.weight.grad.item() == z[z < 0].sum().item()
assert prelu.weight.item() != before

# %%
# Each function beside its derivative
# -----------------------------------
# The derivative comes from autograd, the same way it would during training: evaluate the module
# on points that require gradients, sum the outputs, call ``backward()``. Since output *i* depends
# only on input *i*, the derivative of the sum with respect to input *i* is :math:`f'(x_i)`, so
# ``x.grad`` holds the derivative at every point at once.
x = torch.linspace(-6, 6, 601, requires_grad=True)
nn.Sigmoid()(x).sum().backward()
print(f"autograd slope of sigmoid at 0: {x.grad[300].item():.4f}")

# %%
# :func:`dlnotes.plotting.plot_function_and_derivative` does exactly that for each module and
# draws both curves. PReLU is drawn with its initial slope, 0.25.
import matplotlib.pyplot as plt

from dlnotes.plotting import plot_function_and_derivative

modules = {
    "nn.Sigmoid()": nn.Sigmoid(),
    "nn.Tanh()": nn.Tanh(),
    "nn.ReLU()": nn.ReLU(),
    "nn.LeakyReLU(0.1)": nn.LeakyReLU(0.1),
    "nn.PReLU() (a = 0.25)": nn.PReLU(),
}
fig, axes = plot_function_and_derivative(modules)
for ax in axes.flat[: len(modules)]:
    # f(x) wide and pale, so that where f and f′ coincide (ReLU and its
    # derivative are both 0 for x < 0) the dashed f′ shows on top of it
    ax.get_lines()[0].set(linewidth=4, alpha=0.45)
    ax.legend(fontsize="small")  # redrawn with the new line style
fig.suptitle(
    "activation functions (solid) and their "
    "derivatives from autograd (dashed)"
)
plt.show()


# %%
# Saturation: how much gradient gets through
# ------------------------------------------
# Backpropagation multiplies the local slopes of every layer on the way back. Sigmoid's slope is
# at most 1/4 (at 0) and tanh's at most 1 (at 0); both fall towards 0 as soon as the input is a
# few units away from 0 — the function *saturates*. ReLU's slope is exactly 1 for every positive
# input (and 0 for every negative one).
def slope(module, point):
    """f'(point), by autograd."""
    x = torch.tensor([float(point)], requires_grad=True)
    module(x).sum().backward()
    return x.grad.item()


xs = torch.linspace(-6, 6, 601, requires_grad=True)
for name in ["nn.Sigmoid()", "nn.Tanh()", "nn.ReLU()"]:
    (grad,) = torch.autograd.grad(modules[name](xs).sum(), xs)
    print(
        f"{name:>13}: max slope {grad.max().item():.4f}, slope at 2: "
        f"{slope(modules[name], 2):.4f}, "
        f"at 5: {slope(modules[name], 5):.5f}"
    )
assert slope(nn.Sigmoid(), 0) == 0.25 and slope(nn.Tanh(), 0) == 1.0

# %%
# The activations alone — ten sigmoid layers with weights of 1 — therefore scale a gradient by
# at most :math:`0.25^{10} \approx 10^{-6}`: the *vanishing gradient*. (Larger weights multiply
# it back up, but they also push the inputs away from 0, where the slopes are smaller.) Below is
# that product of slopes through a stack of layers whose inputs all sit at the same point: at 0,
# the best case for both sigmoid and tanh, and at 2, where both are already partly saturated —
# tanh even more than sigmoid there (slope 0.071 against 0.105). Tanh at 0 and ReLU at any
# positive input keep the product at 1: the two lines lie on top of each other, drawn as a wide pale
# line with hollow squares (tanh) and crosses inside them (ReLU). How far real
# inputs sit from 0 depends on the weights — that is what the initialization page is about.
depth = torch.arange(1, 11)
fig, ax = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
# tanh at 0 and ReLU coincide: tanh's line is wide and pale with hollow
# squares, ReLU's crosses are drawn inside them, so both stay visible
coincide = {"linewidth": 5, "alpha": 0.4, "markersize": 11, "mfc": "none"}
for name, point, style, extra in [
    ("nn.Sigmoid()", 0, "o-", {}),
    ("nn.Sigmoid()", 2, "o--", {}),
    ("nn.Tanh()", 0, "s-", coincide),
    ("nn.Tanh()", 2, "s--", {}),
    ("nn.ReLU()", 2, "x:", {"markersize": 8, "mew": 2, "zorder": 3}),
]:
    s = slope(modules[name], point)
    ax.semilogy(
        depth,
        s**depth,
        style,
        label=f"{name[3:-2]}, input {point} (slope {s:.3f})",
        **extra,
    )
ax.set(
    xlabel="number of layers",
    ylabel="product of slopes (log scale)",
    title="gradient scale after n activations",
)
ax.legend(fontsize="small")
plt.show()
assert 0.25**10 < 1e-6

# %%
# Softmax: scores to class probabilities
# --------------------------------------
# For *k* classes a network outputs *k* scores per sample (*logits*). ``nn.Softmax(dim=1)``
# exponentiates and normalizes them into probabilities that are positive and sum to 1. It acts
# along the class dimension — ``dim=1`` for a batch of shape (N, classes). Normalizing along the
# wrong dimension gives numbers that look like probabilities and are not.
softmax = nn.Softmax(dim=1)
# (N=2, classes=3)
logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
probs = softmax(logits)
print("softmax over dim=1:\n", probs)
print("rows sum to", probs.sum(dim=1))
wrong = nn.Softmax(dim=0)(logits)
print("softmax over dim=0 (wrong): rows sum to", wrong.sum(dim=1))
assert torch.allclose(probs.sum(dim=1), torch.ones(2))
assert not torch.allclose(wrong.sum(dim=1), torch.ones(2))

# %%
# Softmax's derivative is a matrix
# --------------------------------
# Each softmax output depends on *every* score of its row, so its derivative is a Jacobian
# matrix :math:`J_{ij} = \partial s_i / \partial z_j`, not one slope per input. The trick used
# above for the other functions fails here: the outputs of a row always sum to 1, so
# ``softmax(z).sum()`` is a constant and its gradient is zero (up to rounding):
scores = logits.clone().requires_grad_(True)
softmax(scores).sum().backward()
print(
    "gradient of softmax(z).sum(): "
    f"max |value| = {scores.grad.abs().max().item():.1e}"
)
assert scores.grad.abs().max() < 1e-6

# %%
# The whole matrix comes from ``torch.autograd.functional.jacobian``. For one row of scores it
# equals the formula :math:`J = \operatorname{diag}(s) - s s^\top`, i.e.
# :math:`J_{ij} = s_i(\delta_{ij} - s_j)`: raising score *j* raises probability *j* and lowers
# all the others. Each column sums to 0 — which is exactly why the gradient of the sum above is
# zero.
from torch.autograd.functional import jacobian

row = logits[0]  # (3,)
J = jacobian(nn.Softmax(dim=0), row)  # (3, 3): J[i, j] = ∂s_i/∂z_j
s = torch.softmax(row, dim=0)
formula = torch.diag(s) - torch.outer(s, s)
print("Jacobian by autograd:\n", J)
print(f"max |autograd − formula| = {(J - formula).abs().max().item():.1e}")
print("column sums:", J.sum(dim=0))
assert torch.allclose(J, formula, atol=1e-7)
assert J.sum(dim=0).abs().max() < 1e-6

# %%
# In training you rarely need this matrix: a loss turns the probabilities into one number, and
# ``backward()`` on that number multiplies the loss's gradient by :math:`J` for you.
#
# Under the hood: the formulas
# ----------------------------
# :mod:`dlnotes.activations` writes each function from its formula, with its analytic
# derivative (``sigmoid_derivative`` is :math:`\sigma(x)(1 - \sigma(x))`, ``tanh_derivative`` is
# :math:`1 - \tanh^2 x`, …) and softmax's Jacobian. They agree with the PyTorch modules, and the
# analytic derivatives with autograd:
from functools import partial

from dlnotes import activations as A

a = torch.tensor([0.25])
ours = {
    "nn.Sigmoid()": (A.sigmoid, A.sigmoid_derivative),
    "nn.Tanh()": (A.tanh, A.tanh_derivative),
    "nn.ReLU()": (A.relu, A.relu_derivative),
    "nn.LeakyReLU(0.1)": (
        partial(A.leaky_relu, negative_slope=0.1),
        partial(A.leaky_relu_derivative, negative_slope=0.1),
    ),
    "nn.PReLU() (a = 0.25)": (
        partial(A.prelu, weight=a),
        partial(A.prelu_derivative, weight=a),
    ),
}
print(
    f"{'largest gap:':>21} {'|ours − torch|':>14} "
    f"{'|formula − autograd|':>20}"
)
for name, (f, f_prime) in ours.items():
    (autograd_slope,) = torch.autograd.grad(modules[name](xs).sum(), xs)
    value_gap = (
        (f(xs.detach()) - modules[name](xs).detach()).abs().max().item()
    )
    slope_gap = (f_prime(xs.detach()) - autograd_slope).abs().max().item()
    print(f"{name:>21} {value_gap:>14.1e} {slope_gap:>20.1e}")
    assert value_gap < 1e-6 and slope_gap < 1e-6
assert torch.allclose(A.softmax(logits, dim=1), probs)
assert torch.allclose(A.softmax_jacobian(row), J, atol=1e-7)
print("softmax and its Jacobian match too")

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
# (none)               output of a *regression* model: any real number
# ===================  =====================================================================
#
# In practice the output activation is often folded into the loss: ``BCEWithLogitsLoss`` applies
# the sigmoid and ``CrossEntropyLoss`` the (log-)softmax themselves, more stably — see the
# classification-loss page.
#
# Two uses in note 004 (one of the Chinese source notes this site was written from) are wrong. It
# says sigmoid and tanh are both "used for binary
# classification": tanh can sit in the hidden layers of a binary classifier, but only sigmoid
# can be its output probability — the binary cross-entropy loss needs values in [0, 1], and
# tanh's outputs lie in (−1, 1), so it rejects any negative one. And it says ReLU is "used for
# regression, the output is unchanged": ReLU leaves only *positive* inputs unchanged and turns
# every negative one into 0, so a regression output through a ReLU can never be negative, and
# once it is clipped it gets no gradient. ReLU belongs in hidden layers; a regression output
# whose target can take any real value has no activation.
target = torch.tensor([1.0, 0.0, 1.0])
try:
    nn.BCELoss()(torch.tanh(torch.tensor([2.0, -1.0, 0.5])), target)
except RuntimeError as error:
    print(f"BCELoss on tanh outputs → RuntimeError: {error}")
# a regression model's raw outputs, passed through a ReLU
y_hat = torch.tensor([-1.5, 0.5, 2.0], requires_grad=True)
nn.ReLU()(y_hat).sum().backward()
print(
    f"ReLU of {y_hat.tolist()}: {nn.ReLU()(y_hat).tolist()}, "
    f"gradient {y_hat.grad.tolist()}"
)
assert y_hat.grad[0] == 0

# %%
# Key points
# ----------
# * Nonlinear activations between linear layers are what let a network represent curved
#   functions. ``nn.ReLU``, ``nn.Tanh``, … are modules: create, then call.
# * ``nn.PReLU``'s negative slope is a ``Parameter``, trained with the other weights.
# * Sigmoid's slope is at most 0.25 and tanh's at most 1, and both fall towards 0 away from 0
#   (at 2: 0.1050 and 0.0707; at 5: 0.00665 and 0.00018). Through a stack of activations alone,
#   with weights of 1, their slopes multiply: ten sigmoids scale a gradient by at most
#   :math:`0.25^{10}`, and tanh keeps it at 1 only where its inputs sit at 0. ReLU passes a slope
#   of 1 for positive inputs.
# * ``nn.Softmax(dim=1)`` turns scores into probabilities along the class dimension. Its
#   derivative is a Jacobian, :math:`\operatorname{diag}(s) - s s^\top`; ``sum().backward()``
#   cannot show it, since the outputs always sum to 1.
# * Output activations follow the target: sigmoid for one probability, softmax for classes,
#   none for regression.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_07_activations_solutions.py>`.
#
# .. _exercise-07-1:
#
# **Exercise 7.1** ★ — *Smooth ReLUs.* With the page's ``slope`` function and points ``xs``,
# find the slope of ``nn.GELU()`` and of ``nn.SiLU()`` at 0 and at −2, and their largest slope on
# ``xs``. Does either pass a gradient for negative inputs, as ReLU does not, and what is its sign
# at −2? Does either slope rise above ReLU's 1 anywhere?
# :ref:`Solution <solution-07-1>`

# Your code for exercise 7.1

# %%
# .. _exercise-07-2:
#
# **Exercise 7.2** ★ — *Sharper scores.* Apply ``nn.Softmax(dim=0)`` to the first row of
# ``logits`` multiplied by 10, and take its Jacobian at those scaled scores with ``jacobian`` as
# above. What is the
# largest probability now, and how many times smaller is the largest entry of the
# Jacobian, in absolute value, than for the unscaled row?
# :ref:`Solution <solution-07-2>`

# Your code for exercise 7.2

# %%
# Next: :ref:`parameter initialization <sphx_glr_tutorials_01_building_blocks_plot_08_initialization.py>`.
