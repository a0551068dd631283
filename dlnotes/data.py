r"""Getting data into a model: splits, scalers, fast in-memory batches and a CSV ``Dataset``.

Scalers *fit* on the training split only and then *transform* every split with the training
statistics: computing them on all the data would leak information about the validation set into
training. They follow scikit-learn's behaviour (population standard deviation, constant columns
left unscaled) and work on tensors of shape ``(N, features)``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Sequence
from pathlib import Path

import torch
from torch.utils.data import Dataset

from dlnotes._validation import check_fraction, describe

__all__ = [
    "Batches",
    "CSVDataset",
    "MinMaxScaler",
    "StandardScaler",
    "UnitNormScaler",
    "train_val_split",
]


def _same_length_tensors(tensors: Sequence[object], what: str) -> list[torch.Tensor]:
    if not tensors:
        raise ValueError(f"{what} needs at least one tensor, e.g. {what}(x, y, ...).")
    for i, t in enumerate(tensors):
        if not isinstance(t, torch.Tensor):
            raise TypeError(
                f"{what}: argument {i} must be a torch.Tensor, got {describe(t)}. "
                "Convert NumPy arrays with torch.as_tensor(array)."
            )
        if t.dim() == 0:
            raise ValueError(f"{what}: argument {i} is a 0-d tensor; samples go along dimension 0.")
    lengths = [len(t) for t in tensors]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"{what}: all tensors must have the same number of samples (dimension 0), got "
            f"{lengths}. Pass features and targets of the same samples."
        )
    return list(tensors)


def train_val_split(
    *tensors: torch.Tensor, val_fraction: float = 0.2, generator: torch.Generator | None = None
) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
    """Shuffle samples with ``generator`` and split every tensor the same way.

    Returns
    -------
    train, val : tuple of torch.Tensor
        The training and validation parts, in the order the tensors were given.

    Examples
    --------
    >>> x, y = torch.arange(10.0).reshape(10, 1), torch.arange(10)
    >>> (x_tr, y_tr), (x_va, y_va) = train_val_split(
    ...     x, y, val_fraction=0.3, generator=torch.Generator().manual_seed(0))
    >>> len(x_tr), len(x_va)
    (7, 3)
    >>> bool((x_tr[:, 0].long() == y_tr).all())  # rows stay paired
    True
    """
    tensors = _same_length_tensors(tensors, "train_val_split")
    fix = "It is the share of samples held out, e.g. 0.2 for 20 %."
    if isinstance(val_fraction, (int, float)) and 1 < val_fraction < 100:
        fix = f"A percentage must be divided by 100: val_fraction={val_fraction / 100:g}."
    check_fraction("val_fraction", val_fraction, fix=fix)
    n = len(tensors[0])
    n_val = round(n * val_fraction)
    if n_val in (0, n):
        raise ValueError(
            f"val_fraction={val_fraction} of {n} samples leaves an empty split; use more samples "
            "or another fraction."
        )
    order = torch.randperm(n, generator=generator)
    val, train = order[:n_val], order[n_val:]
    return tuple(t[train] for t in tensors), tuple(t[val] for t in tensors)


class _Scaler:
    """Shared fit/transform plumbing: subclasses compute ``shift_`` and ``scale_`` in ``fit``."""

    shift_: torch.Tensor | None = None
    scale_: torch.Tensor | None = None

    def _check(self, x: object, *, fitting: bool) -> torch.Tensor:
        name = type(self).__name__
        if not isinstance(x, torch.Tensor):
            raise TypeError(
                f"{name} expects a torch.Tensor of shape (N, features), got {describe(x)}."
            )
        if not x.is_floating_point():
            raise TypeError(f"{name} expects floats, got dtype {x.dtype}. Use x.float().")
        if x.dim() != 2:
            raise ValueError(
                f"{name} expects shape (N, features), got {tuple(x.shape)}. Flatten images with "
                "x.flatten(1), or reshape a single feature with x.reshape(-1, 1)."
            )
        if fitting and len(x) == 0:
            raise ValueError(f"{name}.fit got no samples (shape {tuple(x.shape)}).")
        if not fitting:
            if self.scale_ is None:
                raise RuntimeError(
                    f"{name} is not fitted yet: call fit(x_train) on the training split first, "
                    "then transform every split with the same statistics."
                )
            if x.shape[1] != self.scale_.shape[-1]:
                raise ValueError(
                    f"{name} was fitted on {self.scale_.shape[-1]} features (columns) but x has "
                    f"{x.shape[1]}. Transform data with the same columns, in the same order, "
                    "as the data it was fitted on."
                )
        return x

    def fit_transform(self, x: torch.Tensor) -> torch.Tensor:
        """``fit(x)`` then ``transform(x)``: for the training split only."""
        return self.fit(x).transform(x)

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the statistics learned by ``fit``."""
        x = self._check(x, fitting=False)
        return (x - self.shift_.to(x)) / self.scale_.to(x)

    def inverse_transform(self, x: torch.Tensor) -> torch.Tensor:
        """Undo :meth:`transform`."""
        x = self._check(x, fitting=False)
        return x * self.scale_.to(x) + self.shift_.to(x)

    def fit(self, x: torch.Tensor) -> _Scaler:  # pragma: no cover - overridden
        raise NotImplementedError


def _nonzero(scale: torch.Tensor) -> torch.Tensor:
    """Constant features would divide by 0: leave them unscaled, as scikit-learn does."""
    return torch.where(scale == 0, torch.ones_like(scale), scale)


class StandardScaler(_Scaler):
    r"""Standardization (z-score): each feature to mean 0 and standard deviation 1.

    .. math:: x' = \frac{x - \mu_{\text{train}}}{\sigma_{\text{train}}}

    The usual choice for inputs to a network trained by gradient descent: it makes the loss
    surface rounder, so one learning rate suits every weight.

    Examples
    --------
    >>> x_train = torch.tensor([[1.0, 100.0], [3.0, 300.0]])
    >>> scaler = StandardScaler().fit(x_train)
    >>> scaler.transform(x_train)
    tensor([[-1., -1.],
            [ 1.,  1.]])
    >>> scaler.transform(torch.tensor([[2.0, 500.0]]))  # new data, training statistics
    tensor([[0., 3.]])
    """

    def fit(self, x: torch.Tensor) -> StandardScaler:
        x = self._check(x, fitting=True)
        self.shift_ = x.mean(dim=0)
        self.scale_ = _nonzero(x.std(dim=0, correction=0))  # population std, like scikit-learn
        return self


class MinMaxScaler(_Scaler):
    r"""Min-max rescaling of each feature to ``feature_range`` (default [0, 1]).

    .. math:: x' = a + (b - a)\,\frac{x - \min_{\text{train}}}{\max_{\text{train}} - \min_{\text{train}}}

    Fits when values must lie in a bounded range: pixel intensities, or regression targets for
    a model whose output activation has that range (a sigmoid's (0, 1)). A single outlier
    squeezes every other value, and new data can fall outside the range.

    Examples
    --------
    >>> MinMaxScaler().fit_transform(torch.tensor([[0.0], [5.0], [10.0]]))
    tensor([[0.0000],
            [0.5000],
            [1.0000]])
    """

    def __init__(self, feature_range: tuple[float, float] = (0.0, 1.0)):
        low, high = feature_range
        if not low < high:
            raise ValueError(
                f"feature_range must be (low, high) with low < high, got {feature_range!r}."
            )
        self.feature_range = (float(low), float(high))

    def fit(self, x: torch.Tensor) -> MinMaxScaler:
        x = self._check(x, fitting=True)
        low, high = self.feature_range
        data_min, data_max = x.amin(dim=0), x.amax(dim=0)
        # x' = (x - shift) / scale with scale = span / (high - low), shift = min - low * scale
        self.scale_ = _nonzero(data_max - data_min) / (high - low)
        self.shift_ = data_min - low * self.scale_
        return self


class UnitNormScaler(_Scaler):
    r"""Scale each *sample* (row) to unit length, :math:`x' = x / \lVert x \rVert_p`.

    Unlike the two scalers above it needs no statistics, so ``fit`` learns nothing; it suits data
    where only the direction matters (word counts, embeddings). Rows of zeros stay zero.

    Examples
    --------
    >>> UnitNormScaler().fit_transform(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
    tensor([[0.6000, 0.8000],
            [0.0000, 0.0000]])
    """

    def __init__(self, p: float = 2.0):
        self.p = p

    def fit(self, x: torch.Tensor) -> UnitNormScaler:
        x = self._check(x, fitting=True)
        self.n_features_ = x.shape[1]
        self.scale_ = torch.ones(x.shape[1])  # marks the scaler as fitted
        return self

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """Divide each row by its norm."""
        x = self._check(x, fitting=False)
        norms = torch.linalg.vector_norm(x, ord=self.p, dim=1, keepdim=True)
        return x / _nonzero(norms)

    def inverse_transform(self, x: torch.Tensor) -> torch.Tensor:
        """Not possible: the norms are not kept."""
        raise NotImplementedError(
            "UnitNormScaler discards each row's norm, so it cannot be undone."
        )


class Batches:
    """Iterate over in-memory tensors in mini-batches by slicing, without a ``Dataset``.

    Equivalent to ``DataLoader(TensorDataset(*tensors), batch_size, shuffle, drop_last)`` but
    several times faster for data that fits in memory: it gathers each batch with one indexing
    operation instead of fetching samples one at a time and stacking them. Shuffling draws a new
    permutation from ``generator`` at the start of every pass. ``dlnotes.train.fit`` accepts it
    like any ``DataLoader``.

    Parameters
    ----------
    *tensors : torch.Tensor
        Features, targets, …, all with the same length along dimension 0.
    batch_size : int
        Samples per batch.
    shuffle : bool
        Visit samples in a new random order every epoch.
    drop_last : bool
        Skip the last batch if it is smaller than ``batch_size``.
    generator : torch.Generator, optional
        Source of the shuffling order (reproducible when seeded).

    Examples
    --------
    >>> x, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
    >>> batches = Batches(x, y, batch_size=2)
    >>> len(batches)  # ceil(5 / 2)
    3
    >>> [yb.tolist() for _, yb in batches]
    [[0, 1], [2, 3], [4]]
    >>> shuffled = Batches(x, y, batch_size=2, shuffle=True, drop_last=True,
    ...                    generator=torch.Generator().manual_seed(0))
    >>> [len(yb) for _, yb in shuffled]
    [2, 2]
    """

    def __init__(
        self,
        *tensors: torch.Tensor,
        batch_size: int,
        shuffle: bool = False,
        drop_last: bool = False,
        generator: torch.Generator | None = None,
    ):
        self.tensors = _same_length_tensors(tensors, "Batches")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(
                f"batch_size must be an integer ≥ 1, got {batch_size!r}. Typical values are 32 "
                "to 256; use len(data) for full-batch training."
            )
        if len(self.tensors[0]) == 0:
            raise ValueError(
                "Batches got tensors with 0 samples: the dataset is empty and there is nothing "
                "to iterate. Check the step that produced it (a filter that removed every row, "
                "a wrong file or split)."
            )
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = generator

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return len(self.tensors[0])

    def __len__(self) -> int:
        n, b = self.n_samples, self.batch_size
        return n // b if self.drop_last else math.ceil(n / b)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        n = self.n_samples
        if self.shuffle:
            order = torch.randperm(n, generator=self.generator, device=self.tensors[0].device)
            for start in range(0, len(self) * self.batch_size, self.batch_size):
                index = order[start : start + self.batch_size]
                yield tuple(t[index] for t in self.tensors)
        else:  # contiguous slices are views: no copy at all
            for start in range(0, len(self) * self.batch_size, self.batch_size):
                yield tuple(t[start : start + self.batch_size] for t in self.tensors)


class CSVDataset(Dataset):
    """A ``torch.utils.data.Dataset`` over a numeric CSV file: features are all columns but the
    last, the label is the last column, kept 2-D as ``(1,)`` per sample (so a batch is
    ``(B, 1)``, the shape ``BCELoss`` and ``MSELoss`` expect next to ``(B, 1)`` outputs).

    The file is parsed once in ``__init__``; ``__getitem__`` returns one ``(features, label)``
    pair, as a ``DataLoader`` expects. A malformed file raises an error that names the file and
    the line.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (comma-separated).
    header : bool or str
        ``True``: the first line holds column names; ``False``: it is data; ``"auto"``: a first
        line with any non-numeric cell is taken as a header.
    dtype : torch.dtype
        Type of the returned tensors.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "toy.csv")
    >>> _ = open(path, "w").write("a,b,label\\n1,2,0\\n3,4,1\\n")
    >>> data = CSVDataset(path)
    >>> len(data), data.columns
    (2, ['a', 'b', 'label'])
    >>> data[1]
    (tensor([3., 4.]), tensor([1.]))
    """

    def __init__(
        self, path: str | Path, header: bool | str = "auto", dtype: torch.dtype = torch.float32
    ):
        self.path = Path(path)
        if header not in (True, False, "auto"):
            raise ValueError(f"header must be True, False or 'auto', got {header!r}.")
        if not self.path.is_file():
            raise FileNotFoundError(f"CSV file not found: {self.path}")
        with self.path.open(newline="") as f:
            rows = [(i, row) for i, row in enumerate(csv.reader(f), start=1) if row]
        if not rows:
            raise ValueError(
                f"{self.path} is empty: expected comma-separated rows of numbers, one sample per "
                "line with the label last. Check that the file was written completely."
            )
        if header == "auto":
            header = not all(_is_number(cell) for cell in rows[0][1])
        self.columns = [c.strip() for c in rows[0][1]] if header else None
        data_rows = rows[1:] if header else rows
        if not data_rows:
            raise ValueError(f"{self.path} has a header line but no data rows.")
        width = len(rows[0][1])
        if width < 2:
            raise ValueError(
                f"{self.path}: line {rows[0][0]} has {width} column; need at least one feature "
                "column and a label column."
            )
        values = []
        for line, row in data_rows:
            if len(row) != width:
                raise ValueError(
                    f"{self.path}, line {line}: expected {width} comma-separated values, found "
                    f"{len(row)}. Check for a missing or extra comma."
                )
            try:
                values.append([float(cell) for cell in row])
            except ValueError:
                column, cell = next((j, c) for j, c in enumerate(row, 1) if not _is_number(c))
                raise ValueError(
                    f"{self.path}, line {line}, column {column}: {cell!r} is not a number. "
                    "Clean or impute the value; the dataset needs numeric cells only."
                ) from None
        table = torch.tensor(values, dtype=dtype)  # (N, features + 1)
        self.features = table[:, :-1]  # (N, features)
        self.labels = table[:, [-1]]  # (N, 1): [-1] in a list keeps the column 2-D

    def __len__(self) -> int:
        return len(self.features)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.features[index], self.labels[index]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
