"""dlnotes.datasets: bundled data, IDX files written here, series and text."""

import gzip
import struct

import numpy as np
import pytest
import torch

from dlnotes import datasets
from dlnotes.data import CSVDataset


def test_digits_shapes_and_range():
    x, y = datasets.load_digits()
    assert x.shape == (1797, 1, 8, 8) and x.dtype == torch.float32
    assert 0 <= x.min() and x.max() == 1 and set(y.unique().tolist()) == set(range(10))
    flat, _ = datasets.load_digits(as_images=False)
    assert flat.shape == (1797, 64)


def test_mnist_sample_is_balanced_disjoint_and_fixed():
    data = datasets.load_mnist_sample()
    assert data.x_train.shape == (4000, 1, 28, 28) and data.x_test.shape == (1000, 1, 28, 28)
    assert data.y_train.bincount().tolist() == [400] * 10
    assert 0 <= data.x_train.min() and data.x_train.max() <= 1
    again = datasets.load_mnist_sample()
    assert torch.equal(data.x_train, again.x_train) and torch.equal(data.y_test, again.y_test)
    # no test image appears in the training part
    train_keys = {bytes(img.numpy().tobytes()) for img in (data.x_train * 255).byte()}
    test_keys = [bytes(img.numpy().tobytes()) for img in (data.x_test * 255).byte()]
    assert sum(k in train_keys for k in test_keys) <= 5  # MNIST has a few exact duplicates
    # the labels belong to the images: mean images of 0 and 1 differ in the centre column
    zeros = data.x_train[data.y_train == 0].mean(0)[0]
    ones = data.x_train[data.y_train == 1].mean(0)[0]
    assert ones[8:20, 13:15].mean() > zeros[8:20, 13:15].mean()


def test_breast_cancer_round_trips_through_csv(tmp_path):
    x, y, names = datasets.load_breast_cancer()
    path = datasets.write_breast_cancer_csv(tmp_path / "cancer.csv")
    data = CSVDataset(path)
    assert data.columns == [*names, "benign"]
    torch.testing.assert_close(data.features, x)
    torch.testing.assert_close(data.labels, y)


def write_idx(path, array, type_code, compress=False):
    header = bytes([0, 0, type_code, array.ndim]) + b"".join(
        struct.pack(">I", s) for s in array.shape
    )
    payload = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    path.write_bytes(gzip.compress(payload) if compress else payload)
    return path


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(
    ("dtype", "code"),
    [(np.uint8, 0x08), (np.int16, 0x0B), (np.int32, 0x0C), (np.float32, 0x0D), (np.float64, 0x0E)],
)
def test_read_idx_round_trip(tmp_path, dtype, code, compress):
    array = (np.arange(2 * 3 * 4) * 3 - 5).astype(dtype).reshape(2, 3, 4)
    if dtype == np.uint8:
        array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    out = datasets.read_idx(write_idx(tmp_path / "f.idx", array, code, compress))
    np.testing.assert_array_equal(out, array)
    assert out.dtype == np.dtype(dtype) and out.flags.writeable


def test_read_idx_errors(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.read_idx(bad)
    truncated = write_idx(tmp_path / "t", np.zeros((3, 2), np.uint8), 0x08)
    truncated.write_bytes(truncated.read_bytes()[:-1])
    with pytest.raises(ValueError, match=r"announces shape \(3, 2\).*truncated"):
        datasets.read_idx(truncated)


def test_seasonal_series_has_a_yearly_cycle_and_persistence():
    s = datasets.make_seasonal_series(4 * 365, seed=1).numpy()
    assert np.array_equal(s, datasets.make_seasonal_series(4 * 365, seed=1).numpy())
    lag1 = np.corrcoef(s[:-1], s[1:])[0, 1]
    lag_half_year = np.corrcoef(s[:-182], s[182:])[0, 1]
    assert lag1 > 0.9 and lag_half_year < -0.5  # warm follows warm; summer vs winter


def test_windows_line_up_with_targets():
    s = torch.arange(10.0)
    x, y = datasets.make_windows(s, window=4, horizon=2)
    assert x.shape == (5, 4, 1) and y.shape == (5, 2)
    for i in range(5):
        assert (
            x[i, :, 0].tolist() == s[i : i + 4].tolist()
            and y[i].tolist() == s[i + 4 : i + 6].tolist()
        )
    with pytest.raises(ValueError, match="cannot give windows"):
        datasets.make_windows(s, window=10)


def test_corpus_and_vocab_round_trip():
    text = datasets.load_text_corpus()
    vocab = datasets.CharVocab(text)
    assert vocab.decode(vocab.encode(text)) == text and 20 < len(vocab) < 80
    with pytest.raises(ValueError, match="not in the vocabulary"):
        vocab.encode("€")
