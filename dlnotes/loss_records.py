r"""One record per loss of :mod:`dlnotes.losses`: everything the rest of the project says about it.

The loss atlas (``docs/reference/loss_atlas.md``), the benchmark (``benchmarks/bench_losses.py``),
the tests and every count of the losses iterate over ``LOSSES``, in the spirit of PyTorch's
``op_db``: adding a loss is its function in :mod:`dlnotes.losses` plus one :class:`LossRecord`
here. A record holds the loss's name (shared by ``dlnotes.losses`` and ``torch.nn.functional``),
its ``torch.nn`` class, its task, the atlas's formula, input → target and options, and two input
builders: ``sample`` (inputs of any batch size, for the benchmark and the tests) and ``example``
(the atlas's one small float64 call, with the options it shows).

>>> LOSSES[0].name, LOSSES[0].module, LOSSES[0].function is losses.l1_loss
('l1_loss', 'L1Loss', True)
>>> record = RECORDS["cross_entropy"]
>>> s = record.sample(Draw(4, torch.Generator().manual_seed(0)))
>>> [tuple(a.shape) for a in s.args], s.n_grad  # scores (N, C) and class indices (N,)
([(4, 10), (4,)], 1)
>>> record.function(*s.args).shape
torch.Size([])
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from dlnotes import losses

__all__ = ["LOSSES", "RECORDS", "Draw", "ExampleBatch", "LossRecord", "Sample", "ctc_batch"]


@dataclass(frozen=True)
class Sample:
    """The arguments of one call: ``fn(*args, **kwargs)``; the first ``n_grad`` args are the
    inputs that get a gradient (the others are targets, lengths, …).

    >>> Sample((torch.zeros(2), torch.ones(2))).n_grad
    1
    """

    args: tuple
    kwargs: dict = field(default_factory=dict)
    n_grad: int = 1


class Draw:
    """Random inputs for a batch of ``n`` samples over ``c`` classes, from one generator.

    The class indices ``labels`` ``(n,)`` and the ``signs`` ±1 ``(n,)`` are drawn first, in that
    order, so a record's ``sample`` starts from the same stream whatever it draws next.

    >>> d = Draw(3, torch.Generator().manual_seed(0), dtype=torch.float64, c=4)
    >>> d.randn(3, 4).dtype, d.labels.shape, set(d.signs.tolist()) <= {-1.0, 1.0}
    (torch.float64, torch.Size([3]), True)
    """

    def __init__(
        self, n: int, generator: torch.Generator, dtype: torch.dtype = torch.float32, c: int = 10
    ):
        self.n, self.c, self.generator, self.dtype = n, c, generator, dtype
        self.labels = torch.randint(0, c, (n,), generator=generator)  # (n,) class indices
        signs = torch.randint(0, 2, (n,), generator=generator) * 2 - 1
        self.signs = signs.to(dtype)  # (n,) ±1

    def randn(self, *shape: int) -> torch.Tensor:
        """Standard normal values."""
        return torch.randn(*shape, generator=self.generator, dtype=self.dtype)

    def rand(self, *shape: int) -> torch.Tensor:
        """Uniform values in [0, 1)."""
        return torch.rand(*shape, generator=self.generator, dtype=self.dtype)


class ExampleBatch:
    """The loss atlas's inputs: ``N = 8`` samples of ``C = 5`` classes in float64.

    Drawn first and shared by the losses that take them: ``logits`` ``(N, C)``, their
    ``classes`` ``(N,)``, ``label_lists`` (labels padded with −1, ``(N, C)``), and a CTC batch of
    4 sequences of 12 frames, ``log_probs`` ``(12, 4, C)`` and ``ctc_targets`` ``(4, 5)``.

    >>> batch = ExampleBatch(torch.Generator().manual_seed(0))
    >>> batch.logits.shape, batch.log_probs.shape, batch.signs(3).tolist()
    (torch.Size([8, 5]), torch.Size([12, 4, 5]), [1.0, 1.0, -1.0])
    """

    N, C = 8, 5

    def __init__(self, generator: torch.Generator):
        self.generator = generator
        n, c = self.N, self.C
        self.logits = self.randn(n, c)
        self.classes = torch.randint(0, c, (n,), generator=generator)
        self.label_lists = torch.tensor([[0, 3, -1, 0, 0]] * n)
        self.log_probs = F.log_softmax(self.randn(12, 4, c), dim=-1)  # (T, N, C)
        self.ctc_targets = torch.randint(1, c, (4, 5), generator=generator)  # no blank (0)

    def randn(self, *shape: int) -> torch.Tensor:
        """Standard normal values."""
        return torch.randn(*shape, generator=self.generator, dtype=torch.float64)

    def rand(self, *shape: int) -> torch.Tensor:
        """Uniform values in [0, 1)."""
        return torch.rand(*shape, generator=self.generator, dtype=torch.float64)

    def signs(self, n: int) -> torch.Tensor:
        """``n`` random ±1 values."""
        return torch.randint(0, 2, (n,), generator=self.generator).double() * 2 - 1


def ctc_batch(
    batch: int,
    frames: int,
    generator: torch.Generator,
    classes: int = 20,
    length: int = 20,
    dtype: torch.dtype = torch.float32,
) -> Sample:
    """``batch`` sequences of ``frames`` frames, each with a target of ``length`` labels.

    >>> s = ctc_batch(2, 5, torch.Generator().manual_seed(0), classes=4, length=3)
    >>> [tuple(a.shape) for a in s.args], s.kwargs["target_lengths"].tolist()
    ([(5, 2, 4), (2, 3)], [3, 3])
    """
    scores = torch.randn(frames, batch, classes, generator=generator, dtype=dtype)
    log_probs = scores.log_softmax(2)  # (T, N, C)
    targets = torch.randint(1, classes, (batch, length), generator=generator)  # (N, S), no blank
    lengths = {
        "input_lengths": torch.full((batch,), frames),
        "target_lengths": torch.full((batch,), length),
    }
    return Sample((log_probs, targets), lengths)


def _scores_and_label_lists(d: Draw, k: int = 3) -> Sample:
    """Scores ``(n, c)`` and ``k`` distinct labels per sample, padded with −1, ``(n, c)``."""
    target = torch.full((d.n, d.c), -1)
    picks = [torch.randperm(d.c, generator=d.generator)[:k] for _ in range(d.n)]
    target[:, :k] = torch.stack(picks)
    return Sample((d.randn(d.n, d.c), target))


@dataclass(frozen=True)
class LossRecord:
    """What the project knows about one loss; ``name`` is its function's name in both
    :mod:`dlnotes.losses` and ``torch.nn.functional``.

    ``formula``, ``io`` and ``options`` are the loss atlas's columns (Markdown); ``task`` picks
    the tutorial it links to. ``sample(draw)`` gives inputs of any size, with defaults;
    ``example(batch)`` gives the atlas's call, with the options it shows.

    >>> record = RECORDS["mse_loss"]
    >>> record.module, record.task, record.torch_function is torch.nn.functional.mse_loss
    ('MSELoss', 'regression', True)
    >>> record.takes_legacy_reduction  # size_average= and reduce=, as in PyTorch
    True
    """

    name: str
    module: str  # the torch.nn class that calls it, e.g. "MSELoss"
    task: str  # "regression", "classification", "ranking" or "ctc"
    formula: str  # per element
    io: str  # input → target
    options: str
    sample: Callable[[Draw], Sample]
    example: Callable[[ExampleBatch], Sample]

    @property
    def function(self) -> Callable[..., torch.Tensor]:
        """The dlnotes function."""
        return getattr(losses, self.name)

    @property
    def torch_function(self) -> Callable[..., torch.Tensor]:
        """Its ``torch.nn.functional`` twin."""
        return getattr(F, self.name)

    @property
    def takes_legacy_reduction(self) -> bool:
        """Whether it takes the deprecated ``size_average`` and ``reduce``."""
        return "size_average" in inspect.signature(self.function).parameters


def _pair(d: Draw) -> Sample:
    """Predictions and targets, both ``(n, c)`` standard normal."""
    return Sample((d.randn(d.n, d.c), d.randn(d.n, d.c)))


LOSSES: tuple[LossRecord, ...] = (
    # -- regression
    LossRecord(
        "l1_loss", "L1Loss", "regression", r"$\lvert x - y\rvert$", "values → values", "",
        sample=_pair,
        example=lambda b: Sample((b.randn(b.N), b.randn(b.N))),
    ),
    LossRecord(
        "mse_loss", "MSELoss", "regression", r"$(x - y)^2$", "values → values", "",
        sample=_pair,
        example=lambda b: Sample((b.randn(b.N), b.randn(b.N))),
    ),
    LossRecord(
        "smooth_l1_loss", "SmoothL1Loss", "regression",
        r"$0.5 e^2/\beta$ if $\lvert e\rvert<\beta$, else $\lvert e\rvert - 0.5\beta$",
        "values → values", "`beta`",
        sample=_pair,
        example=lambda b: Sample((2 * b.randn(b.N), b.randn(b.N)), {"beta": 0.7}),
    ),
    LossRecord(
        "huber_loss", "HuberLoss", "regression",
        r"$0.5 e^2$ if $\lvert e\rvert<\delta$, else $\delta(\lvert e\rvert - 0.5\delta)$",
        "values → values", "`delta`",
        sample=_pair,
        example=lambda b: Sample((2 * b.randn(b.N), b.randn(b.N)), {"delta": 0.7}),
    ),
    LossRecord(
        "poisson_nll_loss", "PoissonNLLLoss", "regression", r"$e^{x} - y\,x$ ($x = \log\lambda$)",
        "log-rates → counts", "`log_input`, `full`, `eps`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.rand(d.n, d.c) * 5)),
        example=lambda b: Sample(
            (b.randn(b.N), torch.poisson(3 * b.rand(b.N), generator=b.generator)), {"full": True}
        ),
    ),
    # -- classification
    LossRecord(
        "binary_cross_entropy", "BCELoss", "classification", r"$-[y\log x + (1-y)\log(1-x)]$",
        "probabilities → 0/1 floats", "`weight`",
        sample=lambda d: Sample((d.rand(d.n, d.c) * 0.98 + 0.01, d.rand(d.n, d.c).round())),
        example=lambda b: Sample((b.rand(b.N), b.rand(b.N).round())),
    ),
    LossRecord(
        "binary_cross_entropy_with_logits", "BCEWithLogitsLoss", "classification",
        r"BCE of $\sigma(x)$, computed stably", "scores → 0/1 floats", "`weight`, `pos_weight`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.rand(d.n, d.c).round())),
        example=lambda b: Sample(
            (3 * b.randn(b.N), b.rand(b.N).round()),
            {"pos_weight": torch.tensor(2.0, dtype=torch.float64)},
        ),
    ),
    LossRecord(
        "cross_entropy", "CrossEntropyLoss", "classification", r"$-\log \mathrm{softmax}(x)_y$",
        "scores (N, C) → class indices or probabilities",
        "`weight`, `ignore_index`, `label_smoothing`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.labels)),
        example=lambda b: Sample((b.logits, b.classes), {"label_smoothing": 0.1}),
    ),
    LossRecord(
        "nll_loss", "NLLLoss", "classification", r"$-x_y$",
        "log-probabilities (N, C) → class indices", "`weight`, `ignore_index`",
        sample=lambda d: Sample((torch.log_softmax(d.randn(d.n, d.c), 1), d.labels)),
        example=lambda b: Sample((F.log_softmax(b.logits, 1), b.classes)),
    ),
    LossRecord(
        "kl_div", "KLDivLoss", "classification", r"$p(\log p - \log q)$",
        "log-probabilities → probabilities", "`log_target`; reduction `batchmean`",
        sample=lambda d: Sample(
            (torch.log_softmax(d.randn(d.n, d.c), 1), torch.softmax(d.randn(d.n, d.c), 1)),
            {"reduction": "batchmean"},
        ),
        example=lambda b: Sample(
            (F.log_softmax(b.logits, 1), F.softmax(b.randn(b.N, b.C), 1))
        ),
    ),
    LossRecord(
        "soft_margin_loss", "SoftMarginLoss", "classification", r"$\log(1 + e^{-y x})$",
        "scores → ±1", "",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.rand(d.n, d.c).round() * 2 - 1)),
        example=lambda b: Sample((b.randn(b.N), b.signs(b.N))),
    ),
    LossRecord(
        "multi_margin_loss", "MultiMarginLoss", "classification",
        r"$\frac{1}{C}\sum_{j\ne y} w_y \max(0, m - x_y + x_j)^p$",
        "scores (N, C) → class indices", "`p`, `margin`, `weight`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.labels)),
        example=lambda b: Sample((b.logits, b.classes), {"p": 2}),
    ),
    LossRecord(
        "multilabel_margin_loss", "MultiLabelMarginLoss", "classification",
        r"$\frac{1}{C}\sum_{j \in Y}\sum_{k\notin Y}\max(0, 1 - (x_j - x_k))$",
        "scores (N, C) → label lists padded with −1", "",
        sample=_scores_and_label_lists,
        example=lambda b: Sample((b.logits, b.label_lists)),
    ),
    LossRecord(
        "multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss", "classification",
        r"mean over classes of BCE with logits", "scores (N, C) → 0/1 indicators", "`weight`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.rand(d.n, d.c).round())),
        example=lambda b: Sample((b.logits, b.rand(b.N, b.C).round())),
    ),
    # -- ranking
    LossRecord(
        "margin_ranking_loss", "MarginRankingLoss", "ranking", r"$\max(0, -y(x_1 - x_2) + m)$",
        "two scores → ±1", "`margin`",
        sample=lambda d: Sample((d.randn(d.n), d.randn(d.n), d.signs), n_grad=2),
        example=lambda b: Sample((b.randn(b.N), b.randn(b.N), b.signs(b.N)), {"margin": 0.2}),
    ),
    LossRecord(
        "hinge_embedding_loss", "HingeEmbeddingLoss", "ranking", r"$x$ or $\max(0, m - x)$",
        "distances → ±1", "`margin`",
        sample=lambda d: Sample((d.randn(d.n, d.c).abs(), d.rand(d.n, d.c).round() * 2 - 1)),
        example=lambda b: Sample((2 * b.rand(b.N), b.signs(b.N))),
    ),
    LossRecord(
        "cosine_embedding_loss", "CosineEmbeddingLoss", "ranking",
        r"$1 - \cos$ or $\max(0, \cos - m)$", "two embeddings → ±1", "`margin`",
        sample=lambda d: Sample((d.randn(d.n, d.c), d.randn(d.n, d.c), d.signs), n_grad=2),
        example=lambda b: Sample(
            (b.randn(b.N, 3), b.randn(b.N, 3), b.signs(b.N)), {"margin": 0.3}
        ),
    ),
    LossRecord(
        "triplet_margin_loss", "TripletMarginLoss", "ranking",
        r"$\max(0, d(a,p) - d(a,n) + m)$", "anchor, positive, negative embeddings",
        "`margin`, `p`, `eps`, `swap`",
        sample=lambda d: Sample(tuple(d.randn(d.n, d.c) for _ in range(3)), n_grad=3),
        example=lambda b: Sample(
            (b.randn(b.N, 3), b.randn(b.N, 3), b.randn(b.N, 3)), {"swap": True}
        ),
    ),
    # -- sequences
    LossRecord(
        "ctc_loss", "CTCLoss", "ctc", r"$-\log \sum_{\pi \to y} \prod_t p_t(\pi_t)$",
        "log-probabilities (T, N, C) → label sequences", "`blank`, `zero_infinity`, lengths",
        # N/64 sequences (at least 1) of 50 frames, 20 classes, targets of 20 labels
        sample=lambda d: ctc_batch(max(d.n // 64, 1), 50, d.generator, dtype=d.dtype),
        example=lambda b: Sample(
            (b.log_probs, b.ctc_targets, torch.tensor([12, 12, 10, 8]), torch.tensor([5, 3, 0, 2]))
        ),
    ),
)  # fmt: skip

RECORDS: dict[str, LossRecord] = {record.name: record for record in LOSSES}
