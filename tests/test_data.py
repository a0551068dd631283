"""dlnotes.data: splits, scalers against scikit-learn, in-memory batches, the CSV Dataset."""

import numpy as np
import pytest
import torch
from sklearn import preprocessing
from torch.utils.data import DataLoader, TensorDataset

from dlnotes.data import (
    Batches,
    CSVDataset,
    MinMaxScaler,
    StandardScaler,
    UnitNormScaler,
    train_val_split,
)


def g(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.fixture
def features():
    x = torch.randn(50, 4, generator=g(), dtype=torch.float64) * torch.tensor([1.0, 10.0, 1e3, 0.1])
    x[:, 3] = 2.5  # a constant column
    return x


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (StandardScaler, preprocessing.StandardScaler),
        (MinMaxScaler, preprocessing.MinMaxScaler),
        (lambda: MinMaxScaler((-1, 1)), lambda: preprocessing.MinMaxScaler((-1, 1))),
        (UnitNormScaler, preprocessing.Normalizer),
    ],
)
def test_scalers_match_scikit_learn(features, ours, theirs):
    train, test = features[:40], features[40:]
    scaler, reference = ours().fit(train), theirs().fit(train.numpy())
    np.testing.assert_allclose(
        scaler.transform(train).numpy(), reference.transform(train.numpy()), atol=1e-12
    )
    np.testing.assert_allclose(
        scaler.transform(test).numpy(), reference.transform(test.numpy()), atol=1e-12
    )
    if not isinstance(scaler, UnitNormScaler):
        torch.testing.assert_close(scaler.inverse_transform(scaler.transform(test)), test)


def test_scaler_uses_training_statistics_only(features):
    train, val = features[:40], features[40:] + 100.0  # a shifted validation set
    scaled_val = StandardScaler().fit(train).transform(val)
    assert scaled_val[:, 0].mean() > 10  # the shift stays visible: nothing leaked from val


def test_scaler_errors():
    with pytest.raises(RuntimeError, match="not fitted yet: call fit"):
        StandardScaler().transform(torch.zeros(2, 2))
    with pytest.raises(ValueError, match=r"shape \(N, features\).*x.flatten\(1\)"):
        StandardScaler().fit(torch.zeros(2, 1, 3, 3))
    with pytest.raises(ValueError, match=r"fitted on 2 features \(columns\) but x has 3"):
        StandardScaler().fit(torch.zeros(4, 2)).transform(torch.zeros(4, 3))
    with pytest.raises(TypeError, match="floats"):
        MinMaxScaler().fit(torch.zeros(4, 2, dtype=torch.long))


def test_train_val_split_is_seeded_and_paired():
    x, y = torch.arange(20.0)[:, None], torch.arange(20)
    (xt, yt), (xv, yv) = train_val_split(x, y, val_fraction=0.25, generator=g(1))
    (xt2, _), _ = train_val_split(x, y, val_fraction=0.25, generator=g(1))
    assert torch.equal(xt, xt2) and len(xv) == 5
    assert torch.equal(xt[:, 0].long(), yt) and torch.equal(xv[:, 0].long(), yv)
    assert sorted(torch.cat([yt, yv]).tolist()) == list(range(20))
    with pytest.raises(ValueError, match="same number of samples"):
        train_val_split(x, y[:5])
    with pytest.raises(TypeError, match=r"torch\.as_tensor"):
        train_val_split(np.zeros(3))


@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("shuffle", [False, True])
def test_batches_cover_the_data_like_a_dataloader(shuffle, drop_last):
    x, y = torch.randn(103, 3, generator=g()), torch.arange(103)
    ours = Batches(x, y, batch_size=10, shuffle=shuffle, drop_last=drop_last, generator=g(5))
    theirs = DataLoader(
        TensorDataset(x, y), batch_size=10, shuffle=shuffle, drop_last=drop_last, generator=g(5)
    )
    assert len(ours) == len(theirs) == (10 if drop_last else 11)
    seen = torch.cat([yb for _, yb in ours])
    expected = torch.cat([yb for _, yb in theirs])
    assert [len(yb) for _, yb in ours] == [len(yb) for _, yb in theirs]
    if shuffle:
        assert sorted(seen.tolist()) == sorted(expected.tolist()) or drop_last
        assert len(set(seen.tolist())) == len(seen)  # no sample twice in an epoch
        first, second = [torch.cat([yb for _, yb in ours]) for _ in range(2)]
        assert not torch.equal(first, second)  # a new order every epoch
    else:
        assert torch.equal(seen, expected)
    for xb, yb in ours:  # rows stay paired
        torch.testing.assert_close(xb, x[yb])


def test_batches_errors():
    with pytest.raises(ValueError, match="batch_size must be an integer ≥ 1, got 0"):
        Batches(torch.zeros(4, 2), batch_size=0)
    with pytest.raises(ValueError, match="0 samples"):
        Batches(torch.zeros(0, 2), batch_size=4)
    with pytest.raises(ValueError, match="same number of samples"):
        Batches(torch.zeros(4, 2), torch.zeros(3), batch_size=2)


def test_csv_dataset_reads_features_and_2d_labels(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b,c,label\n1,2,3,0\n4,5,6,1\n\n7,8,9,1\n")
    data = CSVDataset(path)
    assert len(data) == 3 and data.columns == ["a", "b", "c", "label"]
    features, label = data[2]
    assert features.tolist() == [7.0, 8.0, 9.0] and label.shape == (1,)
    batch_x, batch_y = next(iter(DataLoader(data, batch_size=2)))
    assert batch_x.shape == (2, 3) and batch_y.shape == (2, 1)
    headerless = tmp_path / "plain.csv"
    headerless.write_text("1,2,0\n3,4,1\n")
    assert len(CSVDataset(headerless)) == 2 and CSVDataset(headerless).columns is None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", ["is empty"]),
        ("a,b\n", ["header line but no data"]),
        ("a,b,y\n1,2,0\n3,4\n", ["line 3", "expected 3", "found 2"]),
        ("a,b,y\n1,2,0\n3,x,1\n", ["line 3, column 2", "'x' is not a number"]),
        ("1,2,0\n3,,1\n", ["line 2, column 2", "'' is not a number"]),
    ],
)
def test_csv_dataset_errors_name_the_file_and_line(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ValueError) as excinfo:
        CSVDataset(path, header="auto" if content.startswith("a") or not content else False)
    message = str(excinfo.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    with pytest.raises(FileNotFoundError, match="not found"):
        CSVDataset(tmp_path / "missing.csv")
