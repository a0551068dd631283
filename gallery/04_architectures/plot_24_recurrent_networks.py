r"""
Recurrent networks: one set of weights, applied step by step
============================================================

A recurrent neural network (RNN) reads a sequence one step at a time and carries a hidden
state from each step to the next, so what it saw earlier can change what it does now. That
suits ordered data such as weather records and text. This page:

* writes the RNN update as a plain loop and checks it gives the same numbers as
  ``nn.RNN``, and shows the (T, N, C) layout PyTorch expects unless ``batch_first=True``;
* forecasts a week of a weather-like temperature series with a forecaster written as an
  ``nn.Module`` and trained by a plain loop, and compares the result with the naive
  "tomorrow is like today" forecast;
* compares a plain RNN with its gated successors, GRU and LSTM, on that task, and checks
  that :class:`dlnotes.models.RNNForecaster` is the same model;
* trains a character-level model with gradient clipping, and lets it write.
"""

# %%
# What an RNN computes
# --------------------
# At every time step :math:`t` an Elman RNN mixes the new input :math:`x_t` with the
# previous hidden state :math:`h_{t-1}`:
#
# .. math:: h_t = \tanh(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh})
#
# The same weights are used at every step: "unrolling" the network over a sequence of
# length T gives a chain of T identical cells. :func:`dlnotes.models.rnn_forward` is that
# chain as a Python loop; here it is given the weights of a real ``nn.RNN``.
import torch
from torch import nn

from dlnotes.models import rnn_forward

torch.manual_seed(0)
rnn = nn.RNN(input_size=2, hidden_size=4, batch_first=True)
x = torch.randn(3, 5, 2)  # (N, T, input_size): 3 sequences of 5 steps
h0 = torch.zeros(3, 4)  # (N, hidden_size)

with torch.no_grad():
    theirs, theirs_last = rnn(x)  # (N, T, H) and (layers=1, N, H)
    ours, ours_last = rnn_forward(
        x,
        h0,
        rnn.weight_ih_l0,
        rnn.weight_hh_l0,
        rnn.bias_ih_l0,
        rnn.bias_hh_l0,
    )
print("hidden states of sequence 0, one row per time step")
print("nn.RNN:\n", theirs[0].numpy().round(4))
print("loop:\n", ours[0].numpy().round(4))
diff = (ours - theirs).abs().max().item()
print(f"largest difference over all sequences and steps: {diff:.1e}")
assert diff < 1e-6 and torch.allclose(ours_last, theirs_last[0], atol=1e-6)

# %%
# The last hidden state is simply the last row of the outputs: everything the network
# wants to remember about the sequence must fit into those ``hidden_size`` numbers.
# :class:`dlnotes.models.ManualRNN` wraps the loop in a module with ``nn.RNN``'s parameter
# names, so ``load_state_dict`` moves weights between the two.
#
# Time first, unless ``batch_first=True``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# By default ``nn.RNN``, ``nn.GRU`` and ``nn.LSTM`` expect **(T, N, C)**: time, batch,
# features. ``batch_first=True``, used above and on the rest of this page, switches the
# input and the output to (N, T, C), the layout of most data sets. It does not change the
# final hidden state, which stays (layers, N, H). The same weights in both layouts
# (``rnn_tnc`` has the default ``batch_first=False``):
rnn_tnc = nn.RNN(input_size=2, hidden_size=4)
rnn_tnc.load_state_dict(rnn.state_dict())
x_tnc = x.transpose(0, 1)  # (N, T, C) → (T, N, C)
with torch.no_grad():
    out_tnc, last_tnc = rnn_tnc(x_tnc)
print(
    f"batch_first=True:  input {tuple(x.shape)}, "
    f"output {tuple(theirs.shape)}, "
    f"h_n {tuple(theirs_last.shape)}"
)
print(
    f"batch_first=False: input {tuple(x_tnc.shape)}, "
    f"output {tuple(out_tnc.shape)}, "
    f"h_n {tuple(last_tnc.shape)}"
)
assert torch.equal(out_tnc.transpose(0, 1), theirs) and torch.equal(
    last_tnc, theirs_last
)

# %%
# Feeding (N, T, C) data to a default layer raises no error: the layer reads the batch axis
# as time. Here 3 sequences of 5 steps are read as 3 steps of 5 sequences. The output even
# has the (3, 5, 4) shape a batch-first layer gives, so nothing downstream complains, but
# the numbers are not the right ones:
with torch.no_grad():
    wrong, _ = rnn_tnc(x)  # x is (N=3, T=5, C=2), read as (T=3, N=5, C=2)
print(
    f"output {tuple(wrong.shape)}, largest difference from the right one "
    f"{(wrong - theirs).abs().max():.2f}"
)
assert wrong.shape == theirs.shape and not torch.allclose(
    wrong, theirs, atol=1e-2
)

# %%
# Forecasting a weather-like series
# ---------------------------------
# :func:`dlnotes.datasets.make_seasonal_series` generates three years of daily
# temperatures: a yearly cycle plus noise that persists for a few days, as real weather
# does. The noise is an AR(1) process, :math:`e_t = \phi e_{t-1} + \text{shock}_t`, with a
# spread of 2 °C and persistence :math:`\phi = 0.7` (the function's defaults, written out
# here because they will set a limit on every forecast). The first two years train the
# models; the third tests them.
import matplotlib.pyplot as plt

from dlnotes.datasets import make_seasonal_series

noise, phi = 2.0, 0.7
series = make_seasonal_series(
    3 * 365, seed=0, noise=noise, persistence=phi
)  # (1095,) °C
print(f"noise spread {noise} °C, persistence {phi}")
n_train_days = 2 * 365
fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
ax.plot(
    range(n_train_days),
    series[:n_train_days],
    lw=0.8,
    label="training years",
)
ax.plot(
    range(n_train_days, len(series)),
    series[n_train_days:],
    lw=0.8,
    label="test year",
)
ax.set(
    xlabel="day",
    ylabel="temperature (°C)",
    title="Three years of daily temperatures",
)
ax.legend(loc="lower center")  # summer there: the curves stay clear of it
plt.show()

# %%
# Each example is a window of 60 days; the target is the next 7 days. The series is
# standardised with the training years' mean and spread (see the feature-scaling page),
# and :func:`dlnotes.datasets.make_windows` cuts it into ``(N, 60, 1)`` inputs, the
# (batch, time, features) layout of a ``batch_first`` RNN, and ``(N, 7)`` targets.
# Windows are cut separately from each part, so no test day leaks into training.
from dlnotes.datasets import make_windows

window, horizon = 60, 7
mean, std = series[:n_train_days].mean(), series[:n_train_days].std()
z = (series - mean) / std
x_train, y_train = make_windows(z[:n_train_days], window, horizon)
x_test, y_test = make_windows(z[n_train_days - window :], window, horizon)
print("train:", tuple(x_train.shape), tuple(y_train.shape))
print("test: ", tuple(x_test.shape), tuple(y_test.shape))


def rmse_by_day(pred, target):
    """Root-mean-square error in °C for each day ahead:
    (N, horizon) → (horizon,)."""
    return ((pred - target) ** 2).mean(dim=0).sqrt() * std


# The naive forecast: every one of the next 7 days is like the last day
# seen.
naive = x_test[:, -1].expand(-1, horizon)  # (N, 1) → (N, 7)
naive_rmse = rmse_by_day(naive, y_test)
print("naive RMSE per day ahead (°C):", naive_rmse.numpy().round(2))


# %%
# RNN, GRU and LSTM on the same task
# ----------------------------------
# A plain RNN multiplies its hidden state by :math:`W_{hh}` at every step, so signals (and
# gradients) from far back tend to vanish or explode. The GRU and LSTM cells add *gates*:
# learned numbers between 0 and 1 that decide, per unit and step, how much of the old
# state to keep and how much new input to write. For that, a GRU has three and an LSTM four
# times the recurrent weights of a plain RNN.
#
# The forecaster is a module with two layers: a recurrent layer reads the window, and a
# linear layer maps its last hidden state to the 7 forecasts. ``nn.RNN``, ``nn.GRU`` and
# ``nn.LSTM`` take the same arguments and all return ``(outputs, state)``, so one class
# serves the three cells. Only the state differs, and ``forward`` does not use it: the
# LSTM's is a pair (hidden state, cell state), and the outputs already hold the hidden
# state of every step.
class Forecaster(nn.Module):
    """A recurrent layer reads the window; a linear layer maps its last
    hidden state to the next ``horizon`` values."""

    def __init__(self, cell, hidden_size=32, horizon=7):
        super().__init__()
        layer = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell]
        self.rnn = layer(1, hidden_size, batch_first=True)  # 1 feature
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, x):  # x: (N, T, 1)
        out, _ = self.rnn(x)  # (N, T, hidden): every step's hidden state
        return self.head(out[:, -1])  # the last step's → (N, horizon)


# %%
# Each cell is trained from the same seed by the same plain loop, the one of the
# training-loop page: Adam on the mean squared error, 20 epochs of shuffled batches of 32
# windows, each cell seeing the batches in the same order.
from torch.utils.data import DataLoader, TensorDataset

loss_fn = nn.MSELoss()
results = {}
for cell in ["rnn", "gru", "lstm"]:
    torch.manual_seed(0)
    model = Forecaster(cell, hidden_size=32, horizon=horizon)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    train_batches = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    model.train()
    for _ in range(20):  # epochs
        for xb, yb in train_batches:  # (32, 60, 1), (32, 7)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        pred = model(x_test)  # (N, 7), standardised
    n_params = sum(p.numel() for p in model.parameters())
    n_recurrent = model.rnn.weight_hh_l0.numel()  # W_hh: (gates · H, H)
    results[cell] = (model, pred, rmse_by_day(pred, y_test))
    print(
        f"{cell.upper():5s} {n_params:5,} "
        f"parameters ({n_recurrent:,} in W_hh), "
        f"mean RMSE {results[cell][2].mean():.2f} °C"
    )
print(f"naive {0:5,} parameters, mean RMSE {naive_rmse.mean():.2f} °C")
recurrent = {
    c: m.rnn.weight_hh_l0.numel() for c, (m, _, _) in results.items()
}
assert (
    recurrent["gru"] == 3 * recurrent["rnn"]
    and recurrent["lstm"] == 4 * recurrent["rnn"]
)

# %%
# How good could any forecast be? The series' own noise sets a limit. A forecaster that knew
# the yearly cycle exactly and today's noise :math:`e_t` would predict the cycle plus
# :math:`\phi^h e_t` for :math:`h` days ahead; the noise that arrives in between is
# unpredictable, and leaves an RMSE of :math:`\sigma \sqrt{1 - \phi^{2h}}`, where
# :math:`\sigma` is the noise spread.
days_ahead = torch.arange(1, horizon + 1)
# (horizon,) °C
floor = noise * torch.sqrt(1 - phi ** (2 * days_ahead.double()))
print("best possible RMSE per day ahead (°C):", floor.numpy().round(2))
print(f"mean over the week: {floor.mean():.2f} °C")
assert all(err.mean() > floor.mean() for _, _, err in results.values())

# %%
# The naive forecast is a strong baseline for tomorrow: its RMSE one day ahead is 1.46 °C,
# against a limit of 1.43 °C (both printed above), because warm days follow warm days. But it
# gets worse with every day ahead, to 2.73 °C against 1.99 °C a week ahead: it cannot know
# that summer ends. The recurrent models are better than the naive forecast a week ahead: a 60-day
# window shows where in the yearly cycle it lies.
days = range(1, horizon + 1)
fig, ax = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
ax.plot(days, naive_rmse, "k--o", label="naive: same as the last day")
for cell, (_, _, err) in results.items():
    ax.plot(days, err, "o-", label=cell.upper())
ax.plot(days, floor, ":", c="0.4", lw=2, label="limit set by the noise")
ax.set(
    xlabel="days ahead",
    ylabel="test RMSE (°C)",
    title="Forecast error grows with the horizon",
)
ax.legend()
plt.show()
best = min(results, key=lambda c: results[c][2].mean())
# tomorrow: naive is close to the limit
assert naive_rmse[0] - floor[0] < 0.1
for cell, (_, _, err) in results.items():
    assert err.mean() < naive_rmse.mean(), cell
for cell, (_, _, err) in results.items():
    assert err[-1] < naive_rmse[-1], cell  # better a week ahead
means = {
    c: round(err.mean().item(), 2) for c, (_, _, err) in results.items()
}
spread = max(means.values()) - min(means.values())
above_floor = min(means.values()) - floor.mean().item()
print(f"mean RMSE (°C): {means}; spread between the cells {spread:.2f} °C")
print(f"best cell above the noise limit by {above_floor:.2f} °C")
assert spread < 0.5 * above_floor

# %%
# The gates bought nothing measurable here. The three cells end close together, the plain
# RNN with a third or a quarter of the gated cells' recurrent weights. All three stay above
# the limit the noise sets, and the spread between the cells is small next to that distance
# (both are printed above): none came much closer to it than the others. Which cell wins
# cannot be decided from differences this small with one seed of each. Gates pay off when what
# matters lies many steps back — a word at the start of a long sentence, an event hundreds of
# steps earlier — because a plain RNN's gradient is multiplied by :math:`W_{hh}^\top` and
# the tanh slope once per step, and over many steps it vanishes or explodes. Forecasting a
# week from a 60-day window of a smooth cycle is not such a task.

# %%
# The best model's forecasts one day and seven days ahead, next to what happened, for the
# test year (converted back to °C):
_, best_pred, _ = results[best]
fig, axes = plt.subplots(
    2, 1, figsize=(8, 4.5), sharex=True, layout="constrained"
)
for ax, ahead in zip(axes, [1, 7], strict=True):
    # window i's forecast is for day n_train_days + i + ahead - 1
    test_days = range(
        n_train_days + ahead - 1, n_train_days + ahead - 1 + len(y_test)
    )
    ax.plot(
        test_days,
        y_test[:, ahead - 1] * std + mean,
        lw=0.8,
        c="0.5",
        label="actual",
    )
    ax.plot(
        test_days,
        best_pred[:, ahead - 1] * std + mean,
        lw=1,
        label=f"{best.upper()} forecast",
    )
    ax.set(
        ylabel="°C", title=f"{ahead} day{'s' if ahead > 1 else ''} ahead"
    )
# upper left: the test year starts in winter, with the curves low there
axes[0].legend(loc="upper left")
axes[1].set_xlabel("day forecast")
plt.show()

# %%
# A week ahead the forecast follows the season and little else. That far ahead the
# day-to-day weather is nearly unpredictable: the noise limit for day 7 is 1.99 °C, almost
# the noise's whole spread of 2 °C.
#
# Under the hood: ``RNNForecaster``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# :class:`dlnotes.models.RNNForecaster` is the ``Forecaster`` above, packaged: the same
# two layers under the same names, ``rnn`` and ``head``, so the trained weights load into
# it as they are and its forecasts are the same. The training loop is packaged too, as
# :func:`dlnotes.train.fit` (see the training-loop page).
from dlnotes.models import RNNForecaster

for cell, (model, pred, _) in results.items():
    packaged = RNNForecaster(cell=cell, hidden_size=32, horizon=horizon)
    packaged.load_state_dict(model.state_dict())  # raises if a name differs
    packaged.eval()
    with torch.no_grad():
        packaged_pred = packaged(x_test)  # (N, 7)
    diff = (packaged_pred - pred).abs().max().item()
    print(
        f"{cell.upper():4s} largest difference in the forecasts: {diff:.1e}"
    )
    # the same operations on the same weights; the tolerance only allows
    # for another library build ordering a sum differently
    assert torch.allclose(packaged_pred, pred, atol=1e-5)

# %%
# What the package adds is a check of the input. Windows without the feature axis,
# (N, T) instead of (N, T, 1), are a common slip; ``nn.RNN`` reads such a 2-D tensor as
# one unbatched sequence with T features, and its message says nothing about windows:
for forecaster in [model, packaged]:
    try:
        forecaster(x_test[..., 0])  # (N, T): the feature axis is missing
    except (RuntimeError, ValueError) as error:
        print(
            f"{type(forecaster).__name__}: {type(error).__name__}: {error}"
        )

# %%
# A character-level language model
# --------------------------------
# Text is a sequence too. A character-level model reads characters and predicts the next
# one at every step; the target sequence is the input shifted by one. Its pieces:
# ``nn.Embedding`` turns each character id into a learned vector, an LSTM carries the
# context, and a linear layer scores every character of the vocabulary (a GRU would work
# too).
from dlnotes.datasets import CharVocab, load_text_corpus

text = load_text_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)  # (n_chars,) int64
print(f"{len(text):,} characters, vocabulary of {len(vocab)}")


class CharModel(nn.Module):
    """Embedding → LSTM → Linear: next-character scores at every step."""

    def __init__(self, vocab_size, embed=32, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, x, h=None):  # x: (N, T) ids
        out, h = self.lstm(self.embed(x), h)  # (N, T, hidden)
        # scores (N, T, vocab); h = (hidden, cell), each (1, N, hidden)
        return self.head(out), h


# %%
# Gradient clipping
# ~~~~~~~~~~~~~~~~~
# Backpropagation through 64 steps multiplies the gradient by the recurrent weights 64
# times. Most steps this is harmless, but now and then the product grows large, and one
# oversized step can undo much of what training achieved. Recurrent networks are therefore
# usually trained with **gradient clipping**: ``torch.nn.utils.clip_grad_norm_`` rescales all
# gradients together, after ``backward()`` and before ``step()``, so that their total norm
# is at most a threshold; their direction is kept. It returns the norm before clipping, which
# is worth recording. (:func:`dlnotes.train.fit` does the same with ``clip_grad_norm=``.)
#
# Training samples 32 random stretches of 64 characters per step: the loop cuts the inputs
# and targets on the fly, from random starting points, instead of iterating over a
# ``DataLoader``.
torch.manual_seed(0)
char_model = CharModel(len(vocab))
optimizer = torch.optim.Adam(char_model.parameters(), lr=1e-2)
sampler = torch.Generator().manual_seed(0)
seq_len, batch_size, steps, max_norm = 64, 32, 250, 1.0
offsets = torch.arange(seq_len)  # (T,)
losses, grad_norms = [], []
for _ in range(steps):
    starts = torch.randint(
        0, len(ids) - seq_len - 1, (batch_size, 1), generator=sampler
    )
    xb, yb = ids[starts + offsets], ids[starts + offsets + 1]  # (N, T) each
    logits, _ = char_model(xb)  # (N, T, vocab)
    loss = nn.functional.cross_entropy(
        logits.reshape(-1, len(vocab)), yb.reshape(-1)
    )
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(
        char_model.parameters(), max_norm=max_norm
    )
    optimizer.step()
    losses.append(loss.item())
    grad_norms.append(norm.item())
print(f"each step: a batch of {tuple(xb.shape)} character ids (N, T)")
print(
    f"loss: {losses[0]:.2f} at the start (ln {len(vocab)} = "
    f"{torch.log(torch.tensor(len(vocab))):.2f} is a uniform guess), "
    f"{sum(losses[-20:]) / 20:.2f} at the end"
)
norms_t = torch.tensor(grad_norms)
print(
    f"gradient norm before clipping: median {norms_t.median():.2f}, "
    f"largest {norms_t.max():.2f}; "
    f"clipped in {int((norms_t > max_norm).sum())} "
    f"of {steps} steps"
)
assert sum(losses[-20:]) / 20 < 0.5 * losses[0]
# the next paragraph says clipping never acted
assert norms_t.max() <= max_norm

# %%
# In this short run the norm stayed below the threshold, so clipping never acted: here it
# is insurance, at the cost of one norm per step. The recorded norms are what a threshold
# is chosen from: a few times their typical size clips only the outliers.

# %%
# To write, the model is given a prompt, then repeatedly samples the next character from
# its predicted distribution and feeds it back in. The state ``h`` (the LSTM's hidden and
# cell states) carries the context, so each step only processes one new character. A
# temperature below 1 sharpens the distribution (fewer odd choices).


@torch.no_grad()
def generate(model, prompt, n_chars, temperature=0.8, generator=None):
    model.eval()
    logits, h = model(vocab.encode(prompt).unsqueeze(0))  # read the prompt
    out = prompt
    for _ in range(n_chars):
        # (vocab,)
        probs = torch.softmax(logits[0, -1] / temperature, dim=-1)
        next_id = torch.multinomial(probs, 1, generator=generator)  # (1,)
        out += vocab.decode(next_id)
        logits, h = model(next_id.view(1, 1), h)
    return out


sample = generate(
    char_model, "The river", 240, generator=torch.Generator().manual_seed(2)
)
print(sample)
pieces = [sample[i : i + 12] for i in range(len(sample) - 11)]
copied = sum(piece in text for piece in pieces) / len(pieces)
print(
    f"{copied:.0%} of its 12-character pieces "
    "occur word for word in the training text"
)

# %%
# After 250 steps it spells most words and knows the shape of sentences, largely by
# reusing pieces of its training text (the share printed above), which has only 4,706
# characters: with so little data, a model this size memorises. Real language models are
# this same idea with far more text, context and parameters.
#
# Key points
# ----------
# * An RNN applies the same cell at every step; the hidden state is its memory.
#   ``nn.RNN`` is exactly the loop shown above, run in optimised code.
# * PyTorch's recurrent layers take (T, N, C) by default; ``batch_first=True`` makes input
#   and output (N, T, C), while ``h_n`` stays (layers, N, H). A wrong layout raises no error.
# * Always compare a forecaster with a naive baseline, and if you can, with the limit the
#   data's noise sets: "same as yesterday" is hard to beat for tomorrow; models earn their
#   keep further ahead.
# * GRU and LSTM add gates that decide what to keep and what to forget, at three and four
#   times the recurrent weights. They pay off on long-range dependencies; on this short,
#   smooth task they bought nothing measurable over a plain RNN.
# * Clip gradients when training recurrent networks: ``clip_grad_norm_`` after
#   ``backward()``, before ``step()``; record the norm it returns.
# * A character model is trained to predict the next character and generates by sampling
#   and feeding its output back in.

# %%
# Exercises
# ---------
# Effort: ★ a minute, ★★ a change to one cell, ★★★ a small experiment. In the notebook each
# exercise has an empty cell under it; every answer is worked out, run and checked on the
# :ref:`solutions page <sphx_glr_tutorials_05_solutions_plot_24_recurrent_networks_solutions.py>`.
#
# .. _exercise-24-1:
#
# **Exercise 24.1** ★ — *Shapes.* What shapes do ``output``, ``h_n`` and ``c_n`` have when
# ``nn.LSTM(1, 32, batch_first=True)`` reads ``torch.zeros(8, 60, 1)``, a batch of windows of
# 60 days, and what changes without ``batch_first=True`` (with the input laid out as the layer
# then expects)?
# :ref:`Solution <solution-24-1>`

# Your code for exercise 24.1

# %%
# .. _exercise-24-2:
#
# **Exercise 24.2** ★★ — *What the gates cost.* Count the parameters of ``nn.RNN(1, 32)``,
# ``nn.GRU(1, 32)`` and ``nn.LSTM(1, 32)``, first by hand from the gate equations, then with
# ``sum(p.numel() for p in layer.parameters())``. How many times the plain RNN's are the GRU's
# and the LSTM's?
# :ref:`Solution <solution-24-2>`

# Your code for exercise 24.2

# %%
# .. _exercise-24-3:
#
# **Exercise 24.3** ★★★ — *Temperature.* With the trained ``char_model``, compute the entropy of the
# next-character distribution (in bits) at every position of ``text[:1000]``, for each
# ``temperature in (0.3, 0.8, 1.5)``, and average it. How does the average change with the
# temperature? Then generate two samples, ``generate(char_model, "The river", 240, temperature=t,
# generator=torch.Generator().manual_seed(2))`` for ``t in (0.3, 1.5)``: which one has the larger
# share of 12-character pieces copied from the training text?
# :ref:`Solution <solution-24-3>`

# Your code for exercise 24.3

# %%
# Next: :ref:`using a GPU <sphx_glr_tutorials_04_architectures_plot_25_using_a_gpu.py>`.
