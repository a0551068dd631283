r"""
Solutions: CTC loss
===================

The answers to the exercises of
:ref:`CTC loss <sphx_glr_tutorials_02_losses_optimizers_plot_14_ctc_loss.py>`, computed when the
site is built; each ends with an ``assert`` on its answer. The symbols are the tutorial's: blank
``-`` (index 0), ``a`` and ``b``.
"""

# %%
# .. _solution-14-1:
#
# Exercise 14.1 ★: how many frames for a target?
# ----------------------------------------------
# :ref:`The exercise <exercise-14-1>`. Each label needs a frame, and the two ``b`` in a row need
# a blank between them (``bb`` in consecutive frames would merge into one ``b``): ``abba`` needs
# 4 + 1 = 5 frames, as in the alignment ``ab-ba``.
import torch
import torch.nn.functional as F
from torch import nn

log_probs = F.log_softmax(
    torch.randn(
        8,
        3,
        generator=torch.Generator().manual_seed(0),
        dtype=torch.float64,
    ),
    dim=-1,
)  # (T=8, C=3)
abba = torch.tensor([1, 2, 2, 1])
ctc = nn.CTCLoss(reduction="sum")
finite = {}
for frames in range(3, 9):
    loss = ctc(
        log_probs[:frames], abba, torch.tensor(frames), torch.tensor(4)
    )
    finite[frames] = bool(torch.isfinite(loss))
    print(f"{frames} frames: loss {loss.item():.4f}")
fewest = min(t for t, ok in finite.items() if ok)
print(f"fewest frames for 'abba': {fewest}")
assert fewest == 5 and all(finite[t] for t in range(5, 9))

# %%
# .. _solution-14-2:
#
# Exercise 14.2 ★★: the alignments of a repeated label
# ----------------------------------------------------
# :ref:`The exercise <exercise-14-2>`. The tutorial's ``collapse`` and its enumeration, with five
# frames and the target ``aa``:
import itertools
import math

SYMBOLS = "-ab"


def collapse(alignment):
    """Merge repeated symbols, then drop blanks: 'aa-b' → 'ab'."""
    merged = [
        s
        for i, s in enumerate(alignment)
        if i == 0 or s != alignment[i - 1]
    ]
    return "".join(SYMBOLS[s] for s in merged if s != 0)


five = F.log_softmax(
    torch.randn(
        5,
        3,
        generator=torch.Generator().manual_seed(0),
        dtype=torch.float64,
    ),
    dim=-1,
)  # (T=5, C=3)
valid = []
for alignment in itertools.product(range(3), repeat=5):
    if collapse(alignment) == "aa":
        p = math.exp(
            sum(five[t, s].item() for t, s in enumerate(alignment))
        )
        valid.append(("".join(SYMBOLS[s] for s in alignment), p))
total = sum(p for _, p in valid)
loss = ctc(five, torch.tensor([1, 1]), torch.tensor(5), torch.tensor(2))
print(f"{len(valid)} of the {3**5} alignments collapse to 'aa':")
print(" ".join(text for text, _ in valid))
print(f"sum {total:.8f}, exp(-CTCLoss) {math.exp(-loss.item()):.8f}")
assert len(valid) == 15  # counted by enumeration; listed above
# a blank between the two runs of a: strip the blanks at the ends, one is left inside
assert all("-" in text.strip("-") for text, _ in valid)
assert abs(math.exp(-loss.item()) - total) < 1e-12  # float64: equal

# %%
# All 15 have a blank between the two ``a``: without it they would merge.
#
# .. _solution-14-3:
#
# Exercise 14.3 ★★: a frame that is almost surely blank
# -----------------------------------------------------
# :ref:`The exercise <exercise-14-3>`. The tutorial's per-frame probabilities (its seed), with
# frame 1 replaced:
page = F.log_softmax(
    torch.randn(
        4,
        3,
        generator=torch.Generator().manual_seed(0),
        dtype=torch.float64,
    ),
    dim=-1,
)  # the tutorial's log_probs, (T=4, C=3)
blank_frame = page.clone()
blank_frame[1] = torch.tensor(
    [0.998, 0.001, 0.001], dtype=torch.float64
).log()
alignments = {}
for alignment in itertools.product(range(3), repeat=4):
    if collapse(alignment) == "ab":
        text = "".join(SYMBOLS[s] for s in alignment)
        alignments[text] = math.exp(
            sum(blank_frame[t, s].item() for t, s in enumerate(alignment))
        )
total = sum(alignments.values())
survivors = {t: p for t, p in alignments.items() if p > 0.001}
for text, p in alignments.items():
    mark = "  kept" if text in survivors else ""
    print(f"  {text}  {p:.6f}{mark}")
share = sum(survivors.values()) / total
print(
    f"{len(survivors)} of {len(alignments)} alignments kept, {share:.4f} of p(ab | x)"
)
# exactly the alignments with a blank in frame 1 survive
assert set(survivors) == {t for t in alignments if t[1] == "-"}
assert share > 0.99  # the others pay a factor 0.001 for frame 1
ctc_value = ctc(
    blank_frame, torch.tensor([1, 2]), torch.tensor(4), torch.tensor(2)
)
assert abs(math.exp(-ctc_value.item()) - total) < 1e-12

# %%
# The alignments that survive, carrying 0.998 of the total, are exactly the four with the blank
# in frame 1 (the ``a`` before it, or both labels after it, as in ``--ab``); every other alignment
# must emit ``a`` or ``b`` in frame 1 and pays that frame's tiny probability for it. ``nn.CTCLoss`` on the changed
# ``log_probs`` still equals the sum of all fifteen.
