r"""
Solutions: recurrent networks
=============================

The answers to the exercises of
:ref:`recurrent networks <sphx_glr_tutorials_04_architectures_plot_24_recurrent_networks.py>`,
computed when the site is built; each ends with an ``assert`` on its answer.
"""

# %%
# .. _solution-24-1:
#
# Exercise 24.1 ★: shapes
# -----------------------
# :ref:`The exercise <exercise-24-1>`. With ``batch_first=True`` the input and ``output`` are
# (N, T, C); the final states ``h_n`` and ``c_n`` are (layers, N, H) either way. Without it, the
# layer expects (T, N, C), and ``output`` comes back (T, N, H).
import torch
from torch import nn

torch.manual_seed(0)
windows = torch.randn(
    8, 60, 1
)  # (N, T, C): 8 windows of 60 days, 1 feature
first = nn.LSTM(1, 32, batch_first=True)
output, (h_n, c_n) = first(windows)
print(
    f"batch_first=True:  output {tuple(output.shape)}, h_n {tuple(h_n.shape)}, c_n {tuple(c_n.shape)}"
)
time_first = nn.LSTM(1, 32)
output_t, (h_t, c_t) = time_first(windows.transpose(0, 1))  # (T, N, C)
print(
    f"batch_first=False: output {tuple(output_t.shape)}, h_n {tuple(h_t.shape)}, c_n {tuple(c_t.shape)}"
)
assert output.shape == (8, 60, 32) and output_t.shape == (60, 8, 32)
assert h_n.shape == c_n.shape == h_t.shape == c_t.shape == (1, 8, 32)

# %%
# .. _solution-24-2:
#
# Exercise 24.2 ★★: what the gates cost
# -------------------------------------
# :ref:`The exercise <exercise-24-2>`. A plain RNN cell has one input weight (H × C), one
# recurrent weight (H × H) and, in PyTorch, two bias vectors (H each). A GRU computes three such
# blocks (reset gate, update gate, candidate), an LSTM four (input, forget and output gates, and
# the cell candidate): with C = 1 and H = 32,
C, H = 1, 32
per_block = H * C + H * H + 2 * H
by_hand = {"RNN": per_block, "GRU": 3 * per_block, "LSTM": 4 * per_block}
counted = {
    name: sum(p.numel() for p in layer.parameters())
    for name, layer in [
        ("RNN", nn.RNN(C, H)),
        ("GRU", nn.GRU(C, H)),
        ("LSTM", nn.LSTM(C, H)),
    ]
}
for name in by_hand:
    ratio = counted[name] / counted["RNN"]
    print(
        f"{name:>4}: by hand {by_hand[name]}, counted {counted[name]} ({ratio:.0f}× the RNN's)"
    )
assert counted == by_hand == {"RNN": 1120, "GRU": 3360, "LSTM": 4480}

# %%
# .. _solution-24-3:
#
# Exercise 24.3 ★★★: temperature
# ------------------------------
# :ref:`The exercise <exercise-24-3>`. The tutorial's character model, trained as there (same
# seeds, 250 steps of 32 stretches of 64 characters, Adam, clipping at norm 1):
from dlnotes.datasets import CharVocab, load_text_corpus

text = load_text_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)  # (n_chars,) int64


class CharModel(nn.Module):
    """Embedding → LSTM → Linear: next-character scores at every step."""

    def __init__(self, vocab_size, embed=32, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, x, h=None):  # x: (N, T) ids
        out, h = self.lstm(self.embed(x), h)  # (N, T, hidden)
        return self.head(out), h  # (N, T, vocab)


torch.manual_seed(0)
char_model = CharModel(len(vocab))
optimizer = torch.optim.Adam(char_model.parameters(), lr=1e-2)
sampler = torch.Generator().manual_seed(0)
STEPS, BATCH, LENGTH = 250, 32, 64  # the tutorial's
print(f"{STEPS} steps of {BATCH} stretches of {LENGTH} characters")
offsets = torch.arange(LENGTH)  # (T,)
losses = []
for _ in range(STEPS):
    starts = torch.randint(
        0, len(ids) - LENGTH - 1, (BATCH, 1), generator=sampler
    )
    xb, yb = ids[starts + offsets], ids[starts + offsets + 1]  # (N, T) each
    logits, _ = char_model(xb)  # (N, T, vocab)
    loss = nn.functional.cross_entropy(
        logits.reshape(-1, len(vocab)), yb.reshape(-1)
    )
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(char_model.parameters(), max_norm=1.0)
    optimizer.step()
    losses.append(loss.item())
# the tutorial's own line, to compare: the mean over the last 20 steps
print(f"training loss: {sum(losses[-20:]) / 20:.2f} at the end")

# %%
# Dividing the scores by a temperature :math:`\tau` before the softmax sharpens the distribution
# for :math:`\tau < 1` and flattens it for :math:`\tau > 1`, so its entropy
# :math:`-\sum_i p_i \log_2 p_i` rises with :math:`\tau`, at every position:
char_model.eval()
with torch.no_grad():
    scores, _ = char_model(ids[:1000].unsqueeze(0))  # (1, 1000, vocab)
entropy = {}
for tau in (0.3, 0.8, 1.5):
    p = torch.softmax(scores[0] / tau, dim=-1)  # (1000, vocab)
    bits = -(p * torch.log2(p.clamp_min(1e-30))).sum(dim=-1)  # (1000,)
    entropy[tau] = bits
    print(
        f"temperature {tau}: mean entropy {bits.mean():.2f} bits per character"
    )
print(
    f"a uniform guess over {len(vocab)} characters: {torch.log2(torch.tensor(len(vocab))):.2f} bits"
)
# at every position, not only on average: a property of the softmax, whatever the weights
assert (entropy[0.3] <= entropy[0.8] + 1e-4).all() and (
    entropy[0.8] <= entropy[1.5] + 1e-4
).all()

import matplotlib.pyplot as plt

taus = torch.linspace(0.1, 3.0, 30)
mean_bits = []
for tau in taus:
    p = torch.softmax(scores[0] / tau, dim=-1)
    mean_bits.append(
        -(p * torch.log2(p.clamp_min(1e-30))).sum(dim=-1).mean().item()
    )
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.plot(taus, mean_bits, label="the trained model, first 1 000 characters")
ax.axhline(
    torch.log2(torch.tensor(len(vocab))).item(),
    color="gray",
    ls=":",
    label="uniform guess",
)
ax.plot(
    list(entropy),
    [b.mean().item() for b in entropy.values()],
    "o",
    label="0.3, 0.8, 1.5",
)
ax.set(
    xlabel="temperature",
    ylabel="mean entropy (bits per character)",
    title="entropy of the next character rises with the temperature",
)
ax.legend(loc="center left")
plt.show()

# %%
# The two samples, from the same prompt and the same random numbers:


@torch.no_grad()
def generate(model, prompt, n_chars, temperature, generator):
    logits, h = model(vocab.encode(prompt).unsqueeze(0))
    out = prompt
    for _ in range(n_chars):
        probs = torch.softmax(
            logits[0, -1] / temperature, dim=-1
        )  # (vocab,)
        next_id = torch.multinomial(probs, 1, generator=generator)  # (1,)
        out += vocab.decode(next_id)
        logits, h = model(next_id.view(1, 1), h)
    return out


copied = {}
for tau in (0.3, 1.5):
    sample = generate(
        char_model, "The river", 240, tau, torch.Generator().manual_seed(2)
    )
    pieces = [sample[i : i + 12] for i in range(len(sample) - 11)]
    copied[tau] = sum(piece in text for piece in pieces) / len(pieces)
    print(
        f"--- temperature {tau}: {copied[tau]:.0%} of 12-character pieces copied\n{sample}\n"
    )
assert copied[0.3] > copied[1.5]

# %%
# At 0.3 the model nearly always takes its most likely next character, which mostly replays its
# small training text; at 1.5 it often takes unlikely ones, and the text breaks into invented
# words. The share of copied pieces printed above says the same in one number for each sample.
