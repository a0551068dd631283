r"""
Backpropagation is the chain rule, and gradients add up until you zero them
===========================================================================

``loss.backward()`` computes the derivative of the loss with respect to every parameter, however
many there are, for about twice the arithmetic of the forward pass. It does so by applying the chain
rule backwards through the computation — *backpropagation*. This page does it by hand for a tiny
network and checks autograd's numbers, then looks at a detail that trips up everyone once:
``backward()`` *adds* to ``.grad``. You will be able to:

* derive the gradients of a two-layer network and check them against autograd;
* recognise the symptoms of a forgotten ``zero_grad()``;
* accumulate gradients over micro-batches on purpose, and get the big-batch gradient (to
  rounding);
* count what a backward pass costs compared with the forward pass.
"""

# %%
# Why gradients, and not search
# -----------------------------
# Could we skip calculus and search for good parameters? ResNet-50, a standard image model, has
# 25,557,032 parameters (the count of torchvision's ``resnet50()``, ``sum(p.numel() for p in
# model.parameters())``; torchvision is not installed where this page is built, so the number is
# quoted, not computed). Note 000 (one of the Chinese source notes this site was written from)
# says "about 20 million": 22 % too few; 25.6 million is right.
# Trying just 10 values for each parameter means ``10**25_557_032`` combinations, a number
# with 25,557,033 digits; the universe is about :math:`4.4 \times 10^{17}` seconds old. Even
# estimating the gradient by central finite differences (page 1's check) needs two forward passes
# per parameter, 51,114,064 passes per step; one-sided differences need one per parameter, plus one
# at the current parameters. Backpropagation gets all the partial derivatives from one backward
# pass.
n_params = 25_557_032  # ResNet-50 (torchvision's count)
note_count = 20_000_000  # note 000: "about 20 million"
print(f"ResNet-50: {n_params} parameters; note 000: {note_count}")
print(f"the note's count is {1 - note_count / n_params:.0%} too few")
print(
    "10 values per parameter: "
    f"10**{n_params} combinations, {n_params + 1} digits"
)
# 13.8 billion years, in seconds
age_of_universe = 13.8e9 * 365.25 * 24 * 3600
print(f"age of the universe: {age_of_universe:.1e} seconds")
print(
    f"central finite differences: {2 * n_params} forward passes per gradient"
)

# %%
# A tiny network
# --------------
# One input, two hidden tanh units, one output, mean squared error over a batch of 4:
#
# .. math::
#
#     z = x W_1^\top + b_1, \quad h = \tanh(z), \quad \hat y = h W_2^\top + b_2, \quad
#     L = \tfrac{1}{N}\textstyle\sum_i (\hat y_i - y_i)^2
#
# with :math:`W_1` of shape (2, 1) and :math:`W_2` of shape (1, 2). All in float64, seeded.
import torch

g = torch.Generator().manual_seed(0)
x = torch.randn(4, 1, generator=g, dtype=torch.float64)  # (N, 1)
y = torch.randn(4, 1, generator=g, dtype=torch.float64)  # (N, 1)
W1 = torch.randn(2, 1, generator=g, dtype=torch.float64, requires_grad=True)
b1 = torch.randn(2, generator=g, dtype=torch.float64, requires_grad=True)
W2 = torch.randn(1, 2, generator=g, dtype=torch.float64, requires_grad=True)
b2 = torch.randn(1, generator=g, dtype=torch.float64, requires_grad=True)
params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward():
    z = x @ W1.T + b1  # (N, 2)
    h = torch.tanh(z)  # (N, 2)
    y_hat = h @ W2.T + b2  # (N, 1)
    loss = ((y_hat - y) ** 2).mean()
    return z, h, y_hat, loss


# %%
# Backward by hand
# ----------------
# Start from the loss and move back one operation at a time; each step multiplies by the local
# derivative of that operation (the chain rule):
#
# .. math::
#
#     \frac{\partial L}{\partial \hat y} = \frac{2}{N}(\hat y - y), \qquad
#     \frac{\partial L}{\partial W_2} = \Big(\frac{\partial L}{\partial \hat y}\Big)^{\!\top} h,
#     \qquad \frac{\partial L}{\partial b_2} = \sum_i \frac{\partial L}{\partial \hat y_i},
#
# .. math::
#
#     \frac{\partial L}{\partial h} = \frac{\partial L}{\partial \hat y} W_2, \qquad
#     \frac{\partial L}{\partial z} = \frac{\partial L}{\partial h} \odot (1 - h^2), \qquad
#     \frac{\partial L}{\partial W_1} = \Big(\frac{\partial L}{\partial z}\Big)^{\!\top} x, \qquad
#     \frac{\partial L}{\partial b_1} = \sum_i \frac{\partial L}{\partial z_i}.
#
# (:math:`1 - \tanh^2` is the derivative of tanh; :math:`\odot` is element-wise.)
with torch.no_grad():
    z, h, y_hat, loss = forward()
    d_yhat = 2 * (y_hat - y) / len(x)  # (N, 1)
    manual = {
        "W2": d_yhat.T @ h,  # (1, 2)
        "b2": d_yhat.sum(0),  # (1,)
    }
    d_h = d_yhat @ W2  # (N, 2)
    d_z = d_h * (1 - h**2)  # (N, 2)
    manual["W1"] = d_z.T @ x  # (2, 1)
    manual["b1"] = d_z.sum(0)  # (2,)

# %%
# Backward by autograd
# --------------------
# ``loss.backward()`` does the same walk automatically and leaves each result in ``.grad``.
_, _, _, loss = forward()
loss.backward()
print(f"loss = {loss.item():.6f}")
print(f"{'':>4}{'by hand':>28}{'autograd':>28}")
for name, p in params.items():
    ours = ", ".join(f"{v:+.8f}" for v in manual[name].flatten().tolist())
    theirs = ", ".join(f"{v:+.8f}" for v in p.grad.flatten().tolist())
    print(f"{name:>4}{ours:>28}{theirs:>28}")
    assert torch.allclose(manual[name], p.grad, rtol=1e-12, atol=1e-15)

# %%
# Gradients accumulate
# --------------------
# ``backward()`` does not overwrite ``.grad``; it adds to it. Run it a second time without
# resetting and every gradient is exactly doubled:
first = {name: p.grad.clone() for name, p in params.items()}
_, _, _, loss = forward()
loss.backward()  # forgot to zero the gradients
for name, p in params.items():
    print(
        f"{name}: .grad / true "
        f"gradient = {(p.grad / first[name]).flatten().tolist()}"
    )
    assert torch.equal(p.grad, 2 * first[name])

# %%
# In a training loop that forgets ``optimizer.zero_grad()``, step *t* uses the sum of all
# gradients so far instead of the current one: each step is too large and keeps pushing in old
# directions, like a ball rolling with no friction. Below, a network of the same shape with 16
# tanh units instead of 2 is trained on 64 points with plain SGD, with and without zeroing:
# without it the loss swings up and down instead of settling.
import matplotlib.pyplot as plt
from torch import nn

data_g = torch.Generator().manual_seed(1)
X = torch.linspace(-2, 2, 64, dtype=torch.float64).reshape(-1, 1)
Y = torch.sin(2 * X) + 0.1 * torch.randn(
    64, 1, generator=data_g, dtype=torch.float64
)


HIDDEN = 16


def train(zero_grad: bool, steps: int = 300) -> list[float]:
    torch.manual_seed(2)  # the same initial weights for both runs
    net = nn.Sequential(
        nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1)
    ).double()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = nn.functional.mse_loss(net(X), Y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


correct, forgotten = train(zero_grad=True), train(zero_grad=False)
print(f"{HIDDEN} tanh units, {len(X)} points, {len(correct)} steps of SGD")
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.semilogy(correct, label="optimizer.zero_grad() every step")
ax.semilogy(forgotten, label="zero_grad() forgotten")
ax.set(
    xlabel="step",
    ylabel="training loss (log scale)",
    title="forgetting zero_grad: stale gradients pile up",
)
ax.legend()
plt.show()
tail_correct, tail_forgotten = (
    sum(correct[-100:]) / 100,
    sum(forgotten[-100:]) / 100,
)
print(
    "mean loss over the last 100 steps: "
    f"{tail_correct:.4f} with zero_grad, "
    f"{tail_forgotten:.4f} without"
)
assert tail_forgotten > 3 * tail_correct


# %%
# Accumulating on purpose: micro-batches
# --------------------------------------
# The same property is useful when a batch does not fit in memory. Split a batch of 32 into 4
# micro-batches of 8, call ``backward()`` on each *without* zeroing in between, and step once.
# Since the full loss is the mean over 32 points, each micro-batch's mean loss is weighted by
# 8/32; the accumulated gradient then equals the big batch's, up to rounding (the sums are done
# in a different order).
def gradients(net):
    return torch.cat([p.grad.flatten() for p in net.parameters()])


torch.manual_seed(3)
net = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1)).double()
Xb, Yb = X[:32], Y[:32]

net.zero_grad()
nn.functional.mse_loss(net(Xb), Yb).backward()
big_batch = gradients(net)

print(
    f"{len(Xb)} points in {len(Xb) // 8} micro-batches of 8, "
    f"each weighted {8 / len(Xb):.2f}"
)
net.zero_grad()
for xs, ys in zip(Xb.split(8), Yb.split(8), strict=True):
    # accumulates
    (nn.functional.mse_loss(net(xs), ys) * len(xs) / len(Xb)).backward()
accumulated = gradients(net)

print(
    f"largest difference over {len(big_batch)} gradient entries: "
    f"{(big_batch - accumulated).abs().max().item():.1e}"
)
assert torch.allclose(big_batch, accumulated, rtol=1e-12, atol=1e-15)

# %%
# ``dlnotes.train.fit`` does this with ``grad_accum_steps=k``: it divides each batch's loss by
# *k* and steps every *k* batches.
#
# What a backward pass costs
# --------------------------
# The hand-derived backward above has, for each layer, two products where the forward pass had
# one: :math:`\partial L/\partial W_2 = (\partial L/\partial \hat y)^\top h` for the layer's
# weights, and :math:`\partial L/\partial h = (\partial L/\partial \hat y) W_2` to pass the
# gradient on to the layer below. Each is a matrix product as large as the forward one, so a
# backward pass costs about *twice* a forward pass — not about the same. Only the first layer is
# cheaper: nothing needs the gradient with respect to the input data. PyTorch's
# ``FlopCounterMode`` counts the floating-point operations of matrix products; on a stack of six
# equal linear layers the prediction is :math:`(1 + 2 \cdot 5)/6` times the forward count.
from torch.utils.flop_counter import FlopCounterMode

torch.manual_seed(4)
layers = []
for _ in range(6):
    layers += [nn.Linear(256, 256), nn.Tanh()]
deep = nn.Sequential(*layers)
batch = torch.randn(64, 256)
with FlopCounterMode(display=False) as forward_count:
    loss = deep(batch).square().mean()
with FlopCounterMode(display=False) as backward_count:
    loss.backward()
forward_flops = forward_count.get_total_flops()
backward_flops = backward_count.get_total_flops()
ratio = backward_flops / forward_flops
print(
    f"forward: {forward_flops:,} FLOPs; backward: {backward_flops:,} FLOPs"
)
print(f"backward / forward = {ratio:.3f} (predicted {(1 + 2 * 5) / 6:.3f})")
assert abs(ratio - 11 / 6) < 1e-9

# %%
# Key points
# ----------
# * Backpropagation applies the chain rule from the loss back to every parameter; autograd's
#   numbers equal the hand-derived ones to rounding error.
# * ``backward()`` adds into ``.grad``. Call ``optimizer.zero_grad()`` (or ``model.zero_grad()``)
#   once per step, before ``backward()``; forgetting it makes every step use a growing sum of old
#   gradients.
# * That accumulation is also a tool: k micro-batches with losses scaled by their share give the
#   gradient of one big batch, to rounding.
# * Searching parameters blindly is hopeless at millions of parameters (ResNet-50 has 25,557,032,
#   not the note's 20 million); one backward pass gives all the partial derivatives, for
#   about twice the arithmetic of a forward pass.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_06_backpropagation_solutions.py>`.
#
# .. _exercise-06-1:
#
# **Exercise 6.1** ★★ — *Sigmoid instead of tanh.* Swap ``torch.tanh`` for ``torch.sigmoid`` in
# both passes of the tiny network: in the forward pass (a copy of ``forward`` with
# ``h = torch.sigmoid(z)``) and in the hand-derived backward pass, where the derivative of the
# sigmoid is :math:`\sigma(1-\sigma)`, so ``d_z = d_h * h * (1 - h)``. Set each parameter's
# ``.grad`` to ``None`` first (the cells above left doubled gradients in it), then call
# ``backward()`` on the new loss. What is the loss, and what is the largest difference between
# your four gradients and autograd's?
# :ref:`Solution <solution-06-1>`

# Your code for exercise 6.1

# %%
# .. _exercise-06-2:
#
# **Exercise 6.2** ★★ — *Unequal micro-batches.* Split ``Xb, Yb`` into three micro-batches of
# 16, 8 and 8 points (``Xb.split([16, 8, 8])``) and accumulate their gradients in ``net``, as
# above. Which weights make the accumulated gradient equal ``big_batch``? With the same weight
# for all three instead, ``w = 1 / 3``, what is the largest difference from ``big_batch``?
# :ref:`Solution <solution-06-2>`

# Your code for exercise 6.2

# %%
# .. _exercise-06-3:
#
# **Exercise 6.3** ★ — *A deeper stack.* Count the FLOPs of the forward and backward pass as
# above for a stack twice as deep, ``n = 12`` equal layers. What ratio does ``FlopCounterMode``
# give, what does :math:`(1 + 2(n-1))/n` predict, and which value does the ratio approach as the
# stack grows?
# :ref:`Solution <solution-06-3>`

# Your code for exercise 6.3

# %%
# This ends part 0: from here on, models are networks and PyTorch computes every gradient.
