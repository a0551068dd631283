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
* use ``nn.CTCLoss`` with its length arguments and ``zero_infinity``, on one sequence and on a
  padded batch.
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

SYMBOLS = "-ab"
T = 4
logits = torch.randn(
    T, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64
)
log_probs = F.log_softmax(logits, dim=-1)  # (T, C)
print("per-frame probabilities (rows: frames; columns: -, a, b)")
print(log_probs.exp().numpy().round(3))


def collapse(alignment):
    """Merge repeated symbols, then drop blanks:
    'aa-b' → 'ab', 'a-a' → 'aa'."""
    merged = [
        s
        for i, s in enumerate(alignment)
        if i == 0 or s != alignment[i - 1]
    ]
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
print(f"{3**T} alignments in all (3 symbols, {T} frames)")
print(
    f"{len(valid)} alignments collapse to 'ab'; "
    f"their probabilities sum to {total:.6f}"
)

# %%
# ``nn.CTCLoss`` gets the same number without enumerating anything: ``exp(-loss)`` equals that
# sum. Unbatched, as here, it takes ``log_probs`` of shape (T, C), the target as a 1-D tensor of
# label indices (never the blank), and the two lengths as 0-dim tensors.
from torch import nn

target = torch.tensor([1, 2])  # "ab"
ctc = nn.CTCLoss(reduction="sum")  # blank=0 is the default
loss = ctc(log_probs, target, torch.tensor(T), torch.tensor(len(target)))
print(
    f"CTCLoss = {loss.item():.6f}; "
    f"exp(-loss) = {torch.exp(-loss).item():.6f}"
)
assert abs(torch.exp(-loss).item() - total) < 1e-12

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
# The answer is :math:`\alpha_{T-1}` at the last label plus at the final blank (in the figure
# below: the last column's ``b`` and bottom ``-`` cells). Under the hood
# :func:`dlnotes.losses.ctc_loss` runs this recursion (in log space, for a whole batch); it gives
# PyTorch's value.
from dlnotes.losses import ctc_loss

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
dlnotes_loss = ctc_loss(log_probs, target, T, len(target), reduction="sum")
print(
    f"trellis: p(ab | x) = {by_recursion:.6f}; "
    f"dlnotes ctc_loss = {dlnotes_loss.item():.6f}"
)
assert abs(by_recursion - total) < 1e-12
assert torch.allclose(dlnotes_loss, loss)

# %%
import matplotlib.pyplot as plt

fig, (ax_p, ax_a) = plt.subplots(
    1, 2, figsize=(11, 3.6), layout="constrained"
)
im = ax_p.imshow(
    probs.T.numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto"
)
ax_p.set(
    xticks=range(T),
    yticks=range(3),
    yticklabels=list(SYMBOLS),
    xlabel="frame t",
    title="network output p_t(symbol)",
)
fig.colorbar(im, ax=ax_p)
im = ax_a.imshow(alpha.T.numpy(), cmap="Oranges", aspect="auto")
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
            t,
            s,
            f"{alpha[t, s]:.3f}",
            ha="center",
            va="center",
            fontsize="small",
        )
fig.colorbar(im, ax=ax_a)
plt.show()

# %%
# Repeated labels need a blank between them
# -----------------------------------------
# ``a a`` in consecutive frames collapses to a single ``a``. So the target ``aa`` needs at least
# three frames (``a - a``); in two frames no alignment produces it, the loss is infinite and its
# gradient undefined: PyTorch returns ``nan`` for that gradient, which one optimizer step would spread
# to every weight. ``zero_infinity=True`` replaces such losses, and their gradients, by 0, so one
# impossible sample does not poison a whole batch.
two_frames = log_probs[:2].detach().requires_grad_()
for zero_infinity in (False, True):
    impossible = nn.CTCLoss(reduction="sum", zero_infinity=zero_infinity)(
        two_frames, torch.tensor([1, 1]), torch.tensor(2), torch.tensor(2)
    )
    (gradient,) = torch.autograd.grad(impossible, two_frames)
    print(
        f"zero_infinity={zero_infinity!s:5}: "
        f"loss {impossible.item()}, gradient {gradient[0].tolist()} ..."
    )
    if zero_infinity:
        assert impossible == 0 and torch.all(gradient == 0)
    else:
        assert torch.isinf(impossible) and torch.isnan(gradient).all()

# %%
# A target longer than the input cannot be produced at all: each frame emits at most one label.
# PyTorch returns ``inf`` for it. :func:`dlnotes.losses.ctc_loss` deviates here on purpose: it
# treats it as the mistake it almost always is (too much downsampling before the CTC layer) and
# says so.
too_long = torch.tensor([1, 2, 1, 2, 1])
print(
    "PyTorch:",
    ctc(log_probs, too_long, torch.tensor(T), torch.tensor(5)).item(),
)
try:
    print("dlnotes:", ctc_loss(log_probs, too_long, T, 5).item())
except ValueError as error:
    print(f"dlnotes: ValueError: {error}")

# %%
# In a batch
# ----------
# ``log_probs`` is (T, N, C) — time first, then the batch; ``targets`` is (N, S), padded to the
# longest target; ``input_lengths`` gives each sequence's frames and ``target_lengths`` its labels,
# so sequences of different lengths share one padded tensor. With ``reduction="mean"`` (the
# default) each loss is divided by its target length before averaging over the batch.
batch = F.log_softmax(
    torch.randn(
        6,
        3,
        3,
        generator=torch.Generator().manual_seed(1),
        dtype=torch.float64,
    ),
    dim=-1,
)  # (T=6, N=3, C=3)
targets = torch.tensor([[1, 2, 0], [2, 2, 1], [1, 0, 0]])  # padded (N, S)
input_lengths, target_lengths = (
    torch.tensor([6, 5, 4]),
    torch.tensor([2, 3, 1]),
)
per_sequence = nn.CTCLoss(reduction="none")(
    batch, targets, input_lengths, target_lengths
)
mean = nn.CTCLoss()(batch, targets, input_lengths, target_lengths)
print(
    "per sequence:",
    [round(v, 4) for v in per_sequence.tolist()],
    f"mean: {mean.item():.4f}",
)
assert torch.allclose(mean, (per_sequence / target_lengths).mean())
assert torch.allclose(
    mean, ctc_loss(batch, targets, input_lengths, target_lengths)
)

# %%
# Under the hood: which gradient?
# -------------------------------
# The values agree; the gradients do not. ``dlnotes.losses.ctc_loss`` returns the true gradient
# with respect to its input ``log_probs``: minus the posterior probability
# :math:`\gamma_t(c)` that frame *t* of sequence *n* emits symbol *c*, times the weight
# :math:`g_n` of that sequence's loss in the total (1 for ``"sum"``, :math:`1/(N S_n)` for
# ``"mean"``). PyTorch's backward returns the gradient with respect to the *logits* behind the
# ``log_softmax`` instead (PyTorch issue 52241): it adds :math:`e^{\text{log\_probs}} g_n` on
# every frame :math:`t < T_n` of the sequence, so it fails ``gradcheck`` with respect to
# ``log_probs``. The relation, checked here on the batch above:
#
# .. math::
#
#     \text{torch\_grad}_{t,n,c} - \text{dlnotes\_grad}_{t,n,c}
#     = e^{\text{log\_probs}_{t,n,c}}\, g_n\, [t < T_n]
leaf = batch.detach().requires_grad_()
(torch_grad,) = torch.autograd.grad(
    F.ctc_loss(leaf, targets, input_lengths, target_lengths), leaf
)
(dlnotes_grad,) = torch.autograd.grad(
    ctc_loss(leaf, targets, input_lengths, target_lengths), leaf
)
# g_n for "mean", (N,)
weight = 1 / (len(target_lengths) * target_lengths.double())
valid = torch.arange(len(batch))[:, None] < input_lengths  # t < T_n, (T, N)
expected = batch.exp() * (weight * valid)[..., None]  # (T, N, C)
print(
    "largest |torch_grad - dlnotes_grad - exp(log_probs) g_n [t < T_n]|:",
    f"{(torch_grad - dlnotes_grad - expected).abs().max().item():.1e}",
)
assert torch.allclose(torch_grad - dlnotes_grad, expected, atol=1e-12)
for name, fn in (
    ("F.ctc_loss", F.ctc_loss),
    ("dlnotes ctc_loss", ctc_loss),
):
    passes = torch.autograd.gradcheck(
        lambda z, fn=fn: fn(z, targets, input_lengths, target_lengths),
        (leaf,),
        raise_exception=False,
    )
    print(f"gradcheck with respect to log_probs, {name}: {passes}")

# %%
# In training the difference vanishes: ``log_probs`` come from ``log_softmax(logits)``, and the
# extra term :math:`e^{\text{log\_probs}} g_n` is exactly what the backward of ``log_softmax``
# removes again (it subtracts :math:`\mathrm{softmax} \cdot \sum_c` of the incoming gradient).
# The gradients with respect to the logits are identical:
logits_batch = (
    batch.detach().requires_grad_()
)  # log_softmax of log-probabilities: the same
by_logits = []
for fn in (F.ctc_loss, ctc_loss):
    lp = F.log_softmax(logits_batch, dim=-1)
    by_logits.append(
        torch.autograd.grad(
            fn(lp, targets, input_lengths, target_lengths), logits_batch
        )[0]
    )
difference = (by_logits[0] - by_logits[1]).abs().max().item()
print(
    "largest difference of the gradients "
    f"w.r.t. the logits: {difference:.1e}"
)
assert torch.allclose(*by_logits, atol=1e-12)

# %%
# Key points
# ----------
# * CTC sums the probabilities of every alignment that collapses (merge repeats, drop blanks) to
#   the target; the loss is minus the log of that sum, computed by a forward recursion.
# * ``nn.CTCLoss`` takes log-probabilities of shape (T, N, C) for a batch — time first — or (T, C)
#   for one sequence, with a blank symbol (index 0 by default), plus the input and target lengths;
#   a target needs at least one frame per label plus one per repeated neighbour (``aa`` needs
#   ``a-a``): never more labels than frames.
# * ``zero_infinity=True`` keeps impossible samples (infinite loss, ``nan`` gradient) from
#   poisoning a batch.
# * PyTorch's CTC gradient is taken with respect to the logits behind ``log_softmax``, not
#   ``log_probs``; :func:`dlnotes.losses.ctc_loss` returns the true gradient with respect to
#   ``log_probs``. Through ``log_softmax`` both give the same gradient for the logits.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_14_ctc_loss_solutions.py>`.
#
# .. _exercise-14-1:
#
# **Exercise 14.1** ★ — *How many frames for a target?* What is the smallest number of frames
# from which the target ``abba`` can be produced? Check it with ``nn.CTCLoss`` on the first
# frames of a longer random ``log_probs``: the loss is finite with that many frames and infinite
# with one fewer.
# :ref:`Solution <solution-14-1>`

# Your code for exercise 14.1

# %%
# .. _exercise-14-2:
#
# **Exercise 14.2** ★★ — *The alignments of a repeated label.* Make five frames of per-frame
# log-probabilities,
# ``F.log_softmax(torch.randn(5, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64), dim=-1)``,
# and enumerate every alignment as the page does for ``ab``. How many of the alignments collapse
# to ``aa``? Does the sum of their probabilities equal ``exp(-loss)`` of ``nn.CTCLoss``?
# :ref:`Solution <solution-14-2>`

# Your code for exercise 14.2

# %%
# .. _exercise-14-3:
#
# **Exercise 14.3** ★★ — *A frame that is almost surely blank.* In a copy of the page's
# ``log_probs``, replace frame 1 (the second frame) by the log of the probabilities
# ``[0.998, 0.001, 0.001]`` (blank, ``a``, ``b``). Which of the alignments of ``ab`` keep a
# probability ``p > 1e-3``, and what share of :math:`p(\text{ab} \mid x)` do they carry?
# :ref:`Solution <solution-14-3>`

# Your code for exercise 14.3

# %%
# Next: :ref:`optimizers <sphx_glr_tutorials_02_losses_optimizers_plot_15_optimizers.py>`.
