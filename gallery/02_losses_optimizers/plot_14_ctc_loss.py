r"""
CTC loss: the probability of a label sequence, summed over every way to align it
================================================================================

Speech and handwriting recognisers read a long sequence of frames and must output a short
sequence of labels — without being told which frame belongs to which label. *Connectionist
Temporal Classification* (CTC) solves this by summing over all alignments. The network predicts,
for each frame, a probability for every label and for an extra *blank*; an alignment picks one
symbol per frame, and it *collapses* to a label sequence by merging repeats and then dropping
blanks. The CTC loss is :math:`-\log` of the total probability of all alignments that collapse to
the target.

On a problem small enough to enumerate every alignment, this page checks that claim number by
number. You will be able to:

* collapse an alignment and list the alignments of a target by hand;
* explain why repeated labels need a blank between them, and why targets cannot be longer than
  the input;
* use ``zero_infinity`` and the length arguments of ``CTCLoss``.
"""

# %%
# Per-frame probabilities
# -----------------------
# Four frames, three symbols: blank ``-`` (index 0, the default ``blank``), ``a`` and ``b``. The
# network's output is a log-softmax over symbols for every frame: shape (T, C) here, (T, N, C) for a
# batch — time first.
import itertools

import torch
import torch.nn.functional as F

from dlnotes.losses import ctc_loss

SYMBOLS = "-ab"
T = 4
logits = torch.randn(
    T, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64
)
log_probs = F.log_softmax(logits, dim=-1)  # (T, C)
print("per-frame probabilities (rows: frames; columns: -, a, b)")
print(log_probs.exp().numpy().round(3))


def collapse(alignment):
    """Merge repeated symbols, then drop blanks: 'aa-b' → 'ab', 'a-a' → 'aa'."""
    merged = [s for i, s in enumerate(alignment) if i == 0 or s != alignment[i - 1]]
    return "".join(SYMBOLS[s] for s in merged if s != 0)


print(
    "collapse examples:",
    {
        "".join(SYMBOLS[s] for s in a): collapse(a)
        for a in [(1, 1, 0, 2), (1, 0, 1, 1), (0, 2, 2, 0)]
    },
)

# %%
# Enumerating the alignments of "ab"
# ----------------------------------
# All :math:`3^4 = 81` alignments, and the probability of each: the product of its per-frame
# probabilities. Those that collapse to ``ab`` are listed; their probabilities add up to
# :math:`p(\text{ab} \mid x)`.
valid = []
for alignment in itertools.product(range(3), repeat=T):
    if collapse(alignment) == "ab":
        probability = torch.exp(
            sum(log_probs[t, s] for t, s in enumerate(alignment))
        ).item()
        valid.append(("".join(SYMBOLS[s] for s in alignment), probability))
for text, probability in valid:
    print(f"  {text}  {probability:.5f}")
total = sum(p for _, p in valid)
print(
    f"{len(valid)} alignments collapse to 'ab'; their probabilities sum to {total:.6f}"
)

# %%
# ``ctc_loss`` gets the same number without enumerating anything: ``exp(-loss)`` equals that sum.
# (:func:`dlnotes.losses.ctc_loss` is written from the recursion below; PyTorch agrees.)
target = torch.tensor([1, 2])
loss = ctc_loss(log_probs, target, T, len(target), reduction="sum")
torch_loss = F.ctc_loss(
    log_probs, target, torch.tensor(T), torch.tensor(2), reduction="sum"
)
print(
    f"ctc_loss = {loss.item():.6f} (torch {torch_loss.item():.6f}); exp(-loss) = {torch.exp(-loss).item():.6f}"
)
assert abs(torch.exp(-loss).item() - total) < 1e-12
assert torch.allclose(loss, torch_loss)

# %%
# How it is computed: a recursion over a trellis
# ----------------------------------------------
# The number of alignments grows exponentially with the length, so CTC sums them with dynamic
# programming. Insert blanks around every label — :math:`y' = (-, a, -, b, -)` — and let
# :math:`\alpha_t(s)` be the total probability of the first :math:`t+1` frames ending at position
# :math:`s` of :math:`y'`. Each frame may stay at the same position, advance by one, or skip a
# blank (allowed only between *different* labels):
#
# .. math::
#
#     \alpha_t(s) = p_t(y'_s)\,\big[\alpha_{t-1}(s) + \alpha_{t-1}(s-1)
#                   + [y'_s \ne - \wedge y'_s \ne y'_{s-2}]\,\alpha_{t-1}(s-2)\big]
#
# The answer is :math:`\alpha_{T-1}` at the last label plus at the final blank.
probs = log_probs.exp()
extended = [0, 1, 0, 2, 0]  # -, a, -, b, -
alpha = torch.zeros(T, len(extended), dtype=torch.float64)
alpha[0, 0], alpha[0, 1] = (
    probs[0, 0],
    probs[0, 1],
)  # start with a blank or the first label
for t in range(1, T):
    for s, symbol in enumerate(extended):
        total_in = alpha[t - 1, s] + (alpha[t - 1, s - 1] if s >= 1 else 0)
        if s >= 2 and symbol != 0 and symbol != extended[s - 2]:
            total_in = total_in + alpha[t - 1, s - 2]
        alpha[t, s] = probs[t, symbol] * total_in
by_recursion = (alpha[-1, -1] + alpha[-1, -2]).item()
print(f"trellis: p(ab | x) = {by_recursion:.6f}")
assert abs(by_recursion - total) < 1e-12

# %%
import matplotlib.pyplot as plt

fig, (ax_p, ax_a) = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
im = ax_p.imshow(probs.T.numpy(), cmap="Blues", vmin=0, vmax=1)
ax_p.set(
    xticks=range(T),
    yticks=range(3),
    yticklabels=list(SYMBOLS),
    xlabel="frame t",
    title="network output p_t(symbol)",
)
fig.colorbar(im, ax=ax_p)
im = ax_a.imshow(alpha.T.numpy(), cmap="Oranges")
ax_a.set(
    xticks=range(T),
    yticks=range(5),
    yticklabels=["-", "a", "-", "b", "-"],
    xlabel="frame t",
    title="forward variables α_t(s) on the trellis",
)
for t in range(T):
    for s in range(5):
        ax_a.text(
            t, s, f"{alpha[t, s]:.3f}", ha="center", va="center", fontsize="small"
        )
fig.colorbar(im, ax=ax_a)
plt.show()

# %%
# Repeated labels need a blank between them
# -----------------------------------------
# ``a a`` in consecutive frames collapses to a single ``a``. So the target ``aa`` needs at least
# three frames (``a - a``); in two frames no alignment produces it and the loss is infinite.
# ``zero_infinity=True`` replaces such losses (and their gradients) by 0, so one impossible
# sample does not turn a whole batch's gradient into ``nan``.
two_frames = log_probs[:2]
impossible = ctc_loss(two_frames, torch.tensor([1, 1]), 2, 2, reduction="sum")
zeroed = ctc_loss(
    two_frames, torch.tensor([1, 1]), 2, 2, reduction="sum", zero_infinity=True
)
print(
    f"target 'aa' in 2 frames: loss {impossible.item()}; with zero_infinity: {zeroed.item()}"
)
assert torch.isinf(impossible) and zeroed == 0

# %%
# A target longer than the input cannot be produced at all: each frame emits at most one label.
# PyTorch returns ``inf`` for it; :func:`dlnotes.losses.ctc_loss` treats it as the mistake it
# almost always is (too much downsampling before the CTC layer) and says so:
try:
    ctc_loss(log_probs, torch.tensor([1, 2, 1, 2, 1]), T, 5)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
# In a batch
# ----------
# ``log_probs`` is (T, N, C); ``input_lengths`` gives each sequence's frames and
# ``target_lengths`` its labels, so sequences of different lengths share one padded tensor. With
# ``reduction="mean"`` each loss is divided by its target length before averaging.
batch = F.log_softmax(
    torch.randn(6, 3, 3, generator=torch.Generator().manual_seed(1)), dim=-1
)
targets = torch.tensor([[1, 2, 0], [2, 2, 1], [1, 0, 0]])  # padded
input_lengths, target_lengths = torch.tensor([6, 6, 4]), torch.tensor([2, 3, 1])
per_sequence = ctc_loss(batch, targets, input_lengths, target_lengths, reduction="none")
mean = ctc_loss(batch, targets, input_lengths, target_lengths)
print(
    "per sequence:",
    [round(v, 4) for v in per_sequence.tolist()],
    f"mean: {mean.item():.4f}",
)
assert torch.allclose(mean, (per_sequence / target_lengths).mean())
assert torch.allclose(mean, F.ctc_loss(batch, targets, input_lengths, target_lengths))

# %%
# Key points
# ----------
# * CTC sums the probabilities of every alignment that collapses (merge repeats, drop blanks) to
#   the target; the loss is minus the log of that sum, computed by a forward recursion.
# * Inputs are log-probabilities of shape (T, N, C), time first, with a blank symbol (index 0 by
#   default); targets may be shorter than inputs, never longer, and repeats need a blank between.
# * ``zero_infinity=True`` keeps impossible samples from poisoning a batch.
#
# Try it
# ------
# * Enumerate the alignments of ``aa`` with five frames, and check against ``ctc_loss``.
# * Make one frame's blank probability close to 1: which alignments survive?
#
# Next: :ref:`optimizers <sphx_glr_tutorials_02_losses_optimizers_plot_15_optimizers.py>`.
