r"""
Solutions: backpropagation
==========================

The answers to the exercises of
:ref:`backpropagation and zeroing gradients
<sphx_glr_tutorials_00_foundations_plot_06_backpropagation.py>`, computed when the site is built;
each ends with an ``assert`` on its answer. The set-up is the tutorial's: its tiny network with its
seed, and its 64 noisy points of :math:`\sin 2x`.
"""

# %%
# .. _solution-06-1:
#
# Exercise 6.1 ★★: sigmoid instead of tanh
# ----------------------------------------
# :ref:`The exercise <exercise-06-1>`. The tutorial's tiny network, with the sigmoid in both
# passes. Only one line of the backward pass changes, the local derivative of the activation:
# :math:`\partial L/\partial z = \partial L/\partial h \odot \sigma(z)(1 - \sigma(z))`, and
# :math:`\sigma(z)` is ``h``.
import torch

g = torch.Generator().manual_seed(0)
x = torch.randn(4, 1, generator=g, dtype=torch.float64)  # (N, 1)
y = torch.randn(4, 1, generator=g, dtype=torch.float64)  # (N, 1)
W1 = torch.randn(2, 1, generator=g, dtype=torch.float64, requires_grad=True)
b1 = torch.randn(2, generator=g, dtype=torch.float64, requires_grad=True)
W2 = torch.randn(1, 2, generator=g, dtype=torch.float64, requires_grad=True)
b2 = torch.randn(1, generator=g, dtype=torch.float64, requires_grad=True)
params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_sigmoid():
    z = x @ W1.T + b1  # (N, 2)
    h = torch.sigmoid(z)  # (N, 2)
    y_hat = h @ W2.T + b2  # (N, 1)
    loss = ((y_hat - y) ** 2).mean()
    return z, h, y_hat, loss


with torch.no_grad():
    z, h, y_hat, loss = forward_sigmoid()
    d_yhat = 2 * (y_hat - y) / len(x)  # (N, 1)
    manual = {"W2": d_yhat.T @ h, "b2": d_yhat.sum(0)}  # (1, 2), (1,)
    d_h = d_yhat @ W2  # (N, 2)
    d_z = d_h * h * (1 - h)  # (N, 2): the sigmoid's derivative
    manual["W1"] = d_z.T @ x  # (2, 1)
    manual["b1"] = d_z.sum(0)  # (2,)

for p in params.values():
    p.grad = None  # a fresh start: backward() adds to whatever .grad holds
_, _, _, loss = forward_sigmoid()
loss.backward()
largest = max(
    (manual[name] - p.grad).abs().max().item() for name, p in params.items()
)
print(f"loss with sigmoid = {loss.item():.6f}")
print(f"largest difference, by hand vs autograd: {largest:.1e}")
for name, p in params.items():
    # the same arithmetic, possibly in another order: equal to rounding
    assert torch.allclose(manual[name], p.grad, rtol=1e-12, atol=1e-15)

# %%
# Equal to rounding, as for tanh. Keeping tanh's derivative :math:`1 - h^2` by mistake is caught
# at once by the same check: the hand-derived gradients of the first layer are then far off.
with torch.no_grad():
    wrong_W1 = (
        d_h * (1 - h**2)
    ).T @ x  # (2, 1): tanh's derivative, sigmoid's h
error = (wrong_W1 - W1.grad).abs().max().item()
print(
    f"with tanh's derivative left in: W1's gradient off by up to {error:.3f}"
)
assert error > 1e-3

# %%
# .. _solution-06-2:
#
# Exercise 6.2 ★★: unequal micro-batches
# --------------------------------------
# :ref:`The exercise <exercise-06-2>`. The full loss is the mean over all 32 points, so each
# micro-batch's mean loss must be weighted by its share of the points, ``len(xs) / len(Xb)``:
# a half for the 16 points, a quarter for each 8.
from torch import nn

data_g = torch.Generator().manual_seed(1)
X = torch.linspace(-2, 2, 64, dtype=torch.float64).reshape(-1, 1)  # (64, 1)
Y = torch.sin(2 * X) + 0.1 * torch.randn(
    64, 1, generator=data_g, dtype=torch.float64
)
torch.manual_seed(3)
net = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1)).double()
Xb, Yb = X[:32], Y[:32]  # (32, 1) each
print(f"{len(X)} points; the batch is the first {len(Xb)}")


def gradients(net):
    return torch.cat([p.grad.flatten() for p in net.parameters()])


net.zero_grad()
nn.functional.mse_loss(net(Xb), Yb).backward()
big_batch = gradients(net)

sizes = [16, 8, 8]
print(
    f"micro-batches of {sizes} points, weights by share: {[s / len(Xb) for s in sizes]}"
)
differences = {}
for rule in ["share of the points", "the same for all three"]:
    net.zero_grad()
    for xs, ys in zip(Xb.split(sizes), Yb.split(sizes), strict=True):
        weight = (
            len(xs) / len(Xb)
            if rule == "share of the points"
            else 1 / len(sizes)
        )
        (
            nn.functional.mse_loss(net(xs), ys) * weight
        ).backward()  # accumulates
    differences[rule] = (gradients(net) - big_batch).abs().max().item()
    print(
        f"weights by {rule}: largest difference from big_batch {differences[rule]:.1e}"
    )
assert differences["share of the points"] < 1e-12  # equal to rounding
assert differences["the same for all three"] > 1e-2  # a different gradient

# %%
# With the same weight for all three, each point of the large micro-batch counts half as much as
# each point of the small ones: the result is the gradient of a differently weighted loss, not of
# the batch's mean.

# %%
# .. _solution-06-3:
#
# Exercise 6.3 ★: a deeper stack
# ------------------------------
# :ref:`The exercise <exercise-06-3>`. The tutorial's count for stacks of 6, 12 and 24 equal
# layers. Every layer but the first has two products in the backward pass (the gradient for its
# weights and the one passed down) against one in the forward pass; the first needs no gradient
# for the input data.
from torch.utils.flop_counter import FlopCounterMode

ratios = {}
for n in [6, 12, 24]:
    torch.manual_seed(4)
    layers = []
    for _ in range(n):
        layers += [nn.Linear(256, 256), nn.Tanh()]
    deep = nn.Sequential(*layers)
    batch = torch.randn(64, 256)  # (B, 256)
    with FlopCounterMode(display=False) as forward_count:
        loss = deep(batch).square().mean()
    with FlopCounterMode(display=False) as backward_count:
        loss.backward()
    ratios[n] = (
        backward_count.get_total_flops() / forward_count.get_total_flops()
    )
    predicted = (1 + 2 * (n - 1)) / n
    print(
        f"{n:>2} layers: backward / forward = {ratios[n]:.4f}, predicted {predicted:.4f}"
    )
    # FLOPs are counted, not timed: the counts are exact integers
    assert abs(ratios[n] - predicted) < 1e-9

# %%
# The count agrees with the prediction for every depth; as the stack grows, :math:`(2n - 1)/n`
# approaches 2: the first layer's saving is spread over more and more layers.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
depths = list(ratios)
ax.plot(depths, [ratios[n] for n in depths], "o-", label="FlopCounterMode")
ax.axhline(2, color="grey", linestyle=":", label="2")
ax.set(
    xlabel="equal linear layers in the stack",
    xticks=depths,
    ylabel="backward FLOPs / forward FLOPs",
    title="The backward pass costs nearly twice the forward",
)
ax.legend()
plt.show()
