r"""
Solutions: initialization
=========================

The answers to the exercises of
:ref:`initialization <sphx_glr_tutorials_01_building_blocks_plot_08_initialization.py>`,
computed when the site is built; each ends with an ``assert`` on its answer. The set-up is the
tutorial's ten-layer experiment: a batch of standard-normal inputs through square
``nn.Linear(256, 256)`` layers with zero biases, recording the spread (standard deviation) of
the activations and of their gradients. Here ``spreads`` takes the number of layers as an
argument (exercise 8.3 needs it), and the batch is half the tutorial's, to keep the page fast.
"""

# %%
# .. _solution-08-1:
#
# Exercise 8.1 ★★: Xavier under ReLU
# ----------------------------------
# :ref:`The exercise <exercise-08-1>`. This page makes its own seeded inputs and weights, with
# fewer samples than the tutorial, so its digits differ a little from a run in the tutorial's
# notebook; the factor per layer stays close to the same value.
import torch
from torch import nn

inputs = torch.randn(
    256, 256, generator=torch.Generator().manual_seed(0)
)  # (N, in)
# a generator of its own for the weights: seeded like the inputs' one, it would draw the same
# numbers, and each unit's weights would line up with one sample
g = torch.Generator().manual_seed(1)


def spreads(init, activation, depth=10):
    """Per layer: the std of the activations and of their gradients, and the activations."""
    torch.manual_seed(0)
    layers = [nn.Linear(256, 256) for _ in range(depth)]
    for lin in layers:
        init(lin.weight)
        nn.init.zeros_(lin.bias)
    h, acts = inputs, []
    for lin in layers:
        h = activation(lin(h))  # (256, 256)
        h.retain_grad()  # keep the gradient of this intermediate result
        acts.append(h)
    h.pow(2).mean().backward()
    return (
        [a.std().item() for a in acts],
        [a.grad.std().item() for a in acts],
        acts,
    )


xavier_relu, _, _ = spreads(
    lambda w: nn.init.xavier_normal_(w, generator=g), torch.relu
)
per_layer = (xavier_relu[-1] / xavier_relu[0]) ** (
    1 / 9
)  # geometric mean over 9 steps
print(
    "Xavier + ReLU, activation std per layer:",
    [round(s, 3) for s in xavier_relu],
)
print(
    f"after layer 10: {xavier_relu[-1]:.4f}; per layer × {per_layer:.3f} on average"
)
print(f"1/√2 = {2**-0.5:.3f}")
assert (
    abs(per_layer - 2**-0.5) < 0.05
)  # random weights: close to, not exactly, 1/√2
assert xavier_relu[-1] < 0.1 * xavier_relu[0]

# %%
# The spread shrinks by about :math:`1/\sqrt 2` per layer. Xavier's weights keep the *second
# moment* of the signal through the linear part of a square layer; ReLU then sets the negative
# half of the values to 0, which halves the second moment, layer after layer. Kaiming's
# :math:`\sqrt{2/\text{in}}` is Xavier's :math:`\sqrt{1/\text{in}}` (for in = out) times
# :math:`\sqrt 2`, exactly the factor that makes up for it.
#
# .. _solution-08-2:
#
# Exercise 8.2 ★★: a larger gain
# ------------------------------
# :ref:`The exercise <exercise-08-2>`.
tanh_gain = nn.init.calculate_gain("tanh")
print(f'nn.init.calculate_gain("tanh") = {tanh_gain:.4f}')
saturated, settled = {}, {}
for name, gain in [("5/3", tanh_gain), ("2", 2.0)]:
    act_std, grad_std, acts = spreads(
        lambda w, gain=gain: nn.init.xavier_normal_(
            w, gain=gain, generator=g
        ),
        torch.tanh,
    )
    saturated[name] = (acts[-1].abs() > 0.99).float().mean().item()
    settled[name] = abs(
        act_std[-1] - act_std[4]
    )  # change from layer 5 to layer 10
    print(
        f"gain {name}: std after layers 1, 5, 10: {act_std[0]:.3f}, {act_std[4]:.3f}, "
        f"{act_std[-1]:.3f}; saturated after layer 10: {saturated[name]:.1%}; "
        f"gradient spread layer 1 / 10: {grad_std[0] / grad_std[-1]:.2f}"
    )
assert (
    saturated["2"] > 2 * saturated["5/3"]
)  # a larger gain pushes more units into saturation
assert (
    settled["2"] < 0.02
)  # ... but the spread still settles, at a higher level

# %%
# With gain 2 several times as many units saturate after layer 10 as with 5/3; the spread still
# settles within a few layers, at a higher level. A larger gain trades a stronger signal for more
# saturated units — whose small slopes the gradients then have to pass.
#
# .. _solution-08-3:
#
# Exercise 8.3 ★★★: five times deeper
# -----------------------------------
# :ref:`The exercise <exercise-08-3>`. Kaiming + ReLU through ten and through five times as many
# layers, each on three seeds of the weights (one seed can be lucky):
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
for seed in [1, 2, 3]:
    g = torch.Generator().manual_seed(seed)
    ratios = {}
    for depth in [10, 5 * 10]:
        act_std, grad_std, _ = spreads(
            lambda w, g=g: nn.init.kaiming_normal_(
                w, nonlinearity="relu", generator=g
            ),
            torch.relu,
            depth=depth,
        )
        ratios[depth] = grad_std[0] / grad_std[-1]
    relative = [
        s / act_std[0] for s in act_std
    ]  # the fifty-layer run, ÷ layer 1
    print(
        f"seed {seed}, fifty layers: activation std ÷ layer 1's from {min(relative):.2f} to "
        f"{max(relative):.2f}; gradient spread layer 1 / last: {ratios[10]:.1f} with ten "
        f"layers, {ratios[50]:.1f} with fifty"
    )
    assert (
        0.5 < min(relative) and max(relative) < 2.0
    )  # the signal neither vanishes nor explodes
    assert (
        ratios[10] < ratios[50] < 100
    )  # the gradients drift apart with depth, slowly
    ax.semilogy(
        range(1, 51),
        relative,
        "o-",
        ms=3,
        label=f"Kaiming + ReLU, seed {seed}",
    )
ax.semilogy(
    range(1, 11), [s / xavier_relu[0] for s in xavier_relu], "s-", ms=3,
    label="Xavier + ReLU (exercise 8.1)",
)  # fmt: skip
ax.axhspan(
    0.5, 2.0, color="tab:green", alpha=0.1, label="within a factor of 2"
)
ax.set(
    xlabel="layer",
    ylabel="std of activations ÷ layer 1's",
    title="deep ReLU stacks",
)
ax.legend(fontsize="small")
plt.show()

# %%
# Yes, on these three seeds: with Kaiming's scale the spread wanders (each layer's random
# weights scale it up or down a little) but stays within a factor of 2 of layer 1's over all
# fifty layers, while Xavier + ReLU has lost most of its signal after only ten. The gradient
# spread of layer 1 over the last layer's is larger with fifty layers than with ten on every
# seed: the gradients drift apart with depth, though far less than in the badly scaled stacks
# of the tutorial page.
