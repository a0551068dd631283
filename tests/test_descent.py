"""dlnotes.descent against trusted references: closed-form least squares and scikit-learn."""

import numpy as np
import pytest
from helpers import assert_explained
from sklearn.linear_model import LinearRegression

from dlnotes import descent


@pytest.fixture
def data():
    return descent.make_linear_data(100, seed=42)


def test_data_is_seeded_and_follows_the_line():
    x, y = descent.make_linear_data(10_000, b=1.0, w=2.0, noise=0.1, seed=7)
    x2, y2 = descent.make_linear_data(10_000, b=1.0, w=2.0, noise=0.1, seed=7)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert 0.0 <= x.min() and x.max() < 1.0
    residual = y - (1.0 + 2.0 * x)
    assert abs(residual.std() - 0.1) < 0.005  # noise has the requested scale
    assert not np.array_equal(x, descent.make_linear_data(10_000, seed=8)[0])


def test_shuffle_split_partitions_the_samples(data):
    x, y = data
    x_tr, y_tr, x_va, y_va = descent.shuffle_split(x, y, val_fraction=0.2, seed=1)
    assert (len(x_tr), len(x_va)) == (80, 20)
    # every sample lands in exactly one split, with its own target
    pairs = sorted(zip(np.r_[x_tr, x_va], np.r_[y_tr, y_va], strict=True))
    assert pairs == sorted(zip(x, y, strict=True))
    # and the order is shuffled, not a slice of the original
    assert not np.array_equal(x_va, x[:20]) and not np.array_equal(x_va, x[-20:])


def test_mse_gradient_matches_finite_differences_at_random_points(data):
    x, y = data
    rng = np.random.default_rng(0)
    for b, w in rng.uniform(-5, 5, size=(20, 2)):
        analytic = descent.mse_gradient(b, w, x, y)
        numeric = descent.finite_difference_gradient(b, w, x, y, eps=1e-5)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-8)


def test_mse_loss_matches_a_direct_sum(data):
    x, y = data
    b, w = 0.3, -1.2
    expected = sum((b + w * xi - yi) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)
    assert descent.line_mse(b, w, x, y) == pytest.approx(expected, rel=1e-12)


def test_least_squares_matches_numpy_and_scikit_learn(data):
    x, y = data
    b, w = descent.least_squares(x, y)
    design = np.c_[np.ones_like(x), x]
    np.testing.assert_allclose((b, w), np.linalg.lstsq(design, y, rcond=None)[0], rtol=1e-12)
    reg = LinearRegression().fit(x[:, None], y)
    np.testing.assert_allclose((b, w), (reg.intercept_, reg.coef_[0]), rtol=1e-10)
    assert descent.mse_gradient(b, w, x, y) == pytest.approx((0.0, 0.0), abs=1e-12)


@pytest.mark.parametrize("batch_size", [None, 16, 1])
def test_gradient_descent_converges_to_least_squares(data, batch_size):
    x, y = data
    lr = {None: 0.5, 16: 0.1, 1: 0.01}[batch_size]
    path = descent.gradient_descent(
        x, y, b0=-2.0, w0=4.0, lr=lr, epochs=400, batch_size=batch_size, seed=3
    )
    assert not path.diverged
    expected = descent.least_squares(x, y)
    # Full-batch descent reaches the minimum; noisy steps hover near it at a fixed lr.
    tolerance = {None: 1e-6, 16: 0.02, 1: 0.02}[batch_size]
    np.testing.assert_allclose(path.final, expected, atol=tolerance)
    assert path.losses[-1] < path.losses[0] / 50


def test_gradient_descent_records_every_update(data):
    x, y = data
    path = descent.gradient_descent(x, y, b0=0.0, w0=0.0, lr=0.1, epochs=3, batch_size=30)
    assert path.updates_per_epoch == 4  # ceil(100 / 30): the last, partial batch is kept
    assert path.params.shape == (13, 2) and path.losses.shape == (13,)
    np.testing.assert_array_equal(path.params[0], (0.0, 0.0))
    # each recorded loss is the full-data loss at the recorded parameters
    for (b, w), loss in zip(path.params, path.losses, strict=True):
        assert loss == pytest.approx(descent.line_mse(b, w, x, y), rel=1e-12)


def test_one_full_batch_step_is_the_update_rule(data):
    x, y = data
    grad_b, grad_w = descent.mse_gradient(0.5, 0.5, x, y)
    path = descent.gradient_descent(x, y, b0=0.5, w0=0.5, lr=0.1, epochs=1)
    np.testing.assert_allclose(path.final, (0.5 - 0.1 * grad_b, 0.5 - 0.1 * grad_w), rtol=1e-15)


def test_gradient_descent_is_reproducible_and_seed_dependent(data):
    x, y = data

    def run(seed):
        return descent.gradient_descent(
            x, y, b0=0.0, w0=0.0, lr=0.05, epochs=2, batch_size=1, seed=seed
        ).params

    np.testing.assert_array_equal(run(5), run(5))
    assert not np.array_equal(run(5), run(6))


def test_too_large_learning_rate_diverges_and_stops(data):
    x, y = data
    path = descent.gradient_descent(x, y, b0=0.0, w0=0.0, lr=5.0, epochs=10_000)
    assert path.diverged
    assert path.n_updates < 10_000
    assert np.all(np.isfinite(path.losses))
    assert np.all(np.diff(path.losses[-10:]) > 0)  # the loss was growing when it stopped


def test_loss_grid_matches_pointwise_loss(data):
    x, y = data
    bs, ws = np.linspace(-2, 4, 7), np.linspace(-1, 5, 5)
    B, W, L = descent.loss_grid(x, y, bs, ws)
    assert B.shape == W.shape == L.shape == (5, 7)
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            assert (B[i, j], W[i, j]) == (b, w)
            assert L[i, j] == pytest.approx(descent.line_mse(b, w, x, y), rel=1e-12)


def test_column_vectors_are_accepted(data):
    x, y = data
    assert descent.line_mse(1, 2, x[:, None], y[:, None]) == descent.line_mse(1, 2, x, y)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda x, y: descent.line_mse(1, 2, x, y[:80]), ValueError, ["x and y", "100", "80"]),
        (
            lambda x, y: descent.line_mse(1, 2, np.c_[x, x], y),
            ValueError,
            ["x must be 1-D", "(100, 2)"],
        ),
        (lambda x, y: descent.line_mse(1, 2, [], []), ValueError, ["x is empty"]),
        (
            lambda x, y: descent.line_mse(1, 2, np.r_[x[:-1], np.nan], y),
            ValueError,
            ["x[99]", "nan"],
        ),
        (
            lambda x, y: descent.line_mse(1, 2, "abc", y),
            TypeError,
            ["x must be a 1-D array", "str"],
        ),
        (
            lambda x, y: descent.gradient_descent(x, y, b0=0, w0=0, lr=0, epochs=1),
            ValueError,
            ["lr", "> 0", "0"],
        ),
        (
            lambda x, y: descent.gradient_descent(x, y, b0=0, w0=0, lr="0.1", epochs=1),
            TypeError,
            ["lr", "str"],
        ),
        (
            lambda x, y: descent.gradient_descent(x, y, b0=0, w0=0, lr=0.1, epochs=2.5),
            TypeError,
            ["epochs", "integer"],
        ),
        (
            lambda x, y: descent.gradient_descent(x, y, b0=0, w0=0, lr=0.1, epochs=1, batch_size=0),
            ValueError,
            ["batch_size", "≥ 1", "stochastic"],
        ),
        (
            lambda x, y: descent.shuffle_split(x, y, val_fraction=1.5),
            ValueError,
            ["val_fraction", "1.5"],
        ),
        (
            lambda x, y: descent.shuffle_split(x[:2], y[:2], val_fraction=0.1),
            ValueError,
            ["empty split"],
        ),
        (
            lambda x, y: descent.least_squares(np.ones(5), y[:5]),
            ValueError,
            ["same value", "slope"],
        ),
        (lambda x, y: descent.make_linear_data(0), ValueError, ["n must be", "at least one"]),
    ],
)
def test_bad_input_gets_a_clear_message(data, call, error, words):
    assert_explained(lambda: call(*data), error, words)
