r"""Gradient descent from scratch, in NumPy.

The model is a line, :math:`\hat y = b + w x`, fitted by minimising the mean squared error

.. math::

    L(b, w) = \frac{1}{N} \sum_{i=1}^{N} (b + w x_i - y_i)^2 .

Everything here is plain NumPy so that the tutorials can show each step of gradient descent
before PyTorch automates it: data, loss, the analytic gradient, a finite-difference check of
that gradient, the descent itself (full batch, mini-batch or stochastic) and the loss over a grid
of parameters for drawing the surface.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlnotes._validation import (
    as_1d_float_array,
    check_fraction,
    check_positive_int,
    check_positive_number,
    check_same_length,
)

__all__ = [
    "DescentPath",
    "finite_difference_gradient",
    "gradient_descent",
    "least_squares",
    "line_mse",
    "loss_grid",
    "make_linear_data",
    "mse_gradient",
    "predict_line",
    "shuffle_split",
]

_XY_FIX = "Pass x and y as 1-D arrays with one value per sample."


def _xy(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x = as_1d_float_array("x", x, fix=_XY_FIX)
    y = as_1d_float_array("y", y, fix=_XY_FIX)
    check_same_length("x", x, "y", y)
    return x, y


def make_linear_data(
    n: int = 100,
    *,
    b: float = 1.0,
    w: float = 2.0,
    noise: float = 0.1,
    seed: int = 42,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw ``n`` noisy points from the line :math:`y = b + w x`.

    .. math::

        x_i \sim \mathcal{U}(0, 1), \qquad
        y_i = b + w x_i + \sigma \varepsilon_i, \qquad \varepsilon_i \sim \mathcal{N}(0, 1)

    Parameters
    ----------
    n : int
        Number of samples.
    b, w : float
        True intercept and slope.
    noise : float
        Standard deviation :math:`\sigma` of the Gaussian noise (0 gives points on the line).
    seed : int
        Seed of the NumPy generator, so the same call always returns the same data.

    Returns
    -------
    x, y : numpy.ndarray
        Two arrays of shape ``(n,)``.

    Examples
    --------
    >>> x, y = make_linear_data(5, seed=0)
    >>> x.shape, y.shape
    ((5,), (5,))
    >>> x2, _ = make_linear_data(5, seed=0)
    >>> bool((x == x2).all())  # same seed, same data
    True
    """
    n = check_positive_int("n", n, fix="Ask for at least one sample, e.g. n=100.")
    if noise < 0:
        raise ValueError(f"noise must be ≥ 0 (it is a standard deviation), got {noise!r}.")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=n)  # (N,)
    y = b + w * x + noise * rng.standard_normal(n)  # (N,)
    return x, y


def shuffle_split(
    x: np.ndarray, y: np.ndarray, *, val_fraction: float = 0.2, seed: int = 42
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples, then hold out ``val_fraction`` of them for validation.

    Shuffling first matters when the data arrive in some order (sorted by ``x``, by date, by class):
    a split of ordered data would validate on a region the model never saw.

    Parameters
    ----------
    x, y : numpy.ndarray
        Features and targets, one value per sample.
    val_fraction : float
        Share of samples in the validation split, strictly between 0 and 1.
    seed : int
        Seed of the permutation.

    Returns
    -------
    x_train, y_train, x_val, y_val : numpy.ndarray

    Examples
    --------
    >>> x, y = make_linear_data(100)
    >>> x_train, y_train, x_val, y_val = shuffle_split(x, y, val_fraction=0.2)
    >>> len(x_train), len(x_val)
    (80, 20)
    """
    x, y = _xy(x, y)
    val_fraction = check_fraction(
        "val_fraction", val_fraction, fix="Use e.g. val_fraction=0.2 for an 80/20 split."
    )
    n_val = round(len(x) * val_fraction)
    if n_val == 0 or n_val == len(x):
        raise ValueError(
            f"val_fraction={val_fraction} of {len(x)} samples leaves an empty split "
            f"({len(x) - n_val} train, {n_val} validation). Use more samples or another fraction."
        )
    order = np.random.default_rng(seed).permutation(len(x))
    train, val = order[n_val:], order[:n_val]
    return x[train], y[train], x[val], y[val]


def predict_line(b: float, w: float, x: np.ndarray) -> np.ndarray:
    r"""The line's predictions :math:`\hat y = b + w x`.

    Examples
    --------
    >>> predict_line(1.0, 2.0, np.array([0.0, 0.5, 1.0]))
    array([1., 2., 3.])
    """
    return b + w * np.asarray(x, dtype=np.float64)


def line_mse(b: float, w: float, x: np.ndarray, y: np.ndarray) -> float:
    r"""Mean squared error of the line :math:`(b, w)` on the points :math:`(x, y)`.

    .. math::

        L(b, w) = \frac{1}{N} \sum_i (b + w x_i - y_i)^2

    Examples
    --------
    >>> x = np.array([0.0, 1.0])
    >>> y = np.array([1.0, 3.0])
    >>> line_mse(1.0, 2.0, x, y)  # the true line: no error
    0.0
    >>> line_mse(0.0, 2.0, x, y)  # off by one everywhere
    1.0
    """
    x, y = _xy(x, y)
    error = predict_line(b, w, x) - y  # (N,)
    return float(np.mean(error**2))


def mse_gradient(b: float, w: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    r"""The analytic gradient of :func:`line_mse` with respect to ``b`` and ``w``.

    By the chain rule, with :math:`\hat y_i = b + w x_i`,

    .. math::

        \frac{\partial L}{\partial b} = \frac{2}{N} \sum_i (\hat y_i - y_i), \qquad
        \frac{\partial L}{\partial w} = \frac{2}{N} \sum_i x_i (\hat y_i - y_i).

    Returns
    -------
    grad_b, grad_w : float

    Examples
    --------
    >>> x = np.array([0.0, 1.0])
    >>> y = np.array([1.0, 3.0])
    >>> mse_gradient(1.0, 2.0, x, y)  # at the minimum the gradient vanishes
    (0.0, 0.0)
    >>> mse_gradient(0.0, 2.0, x, y)  # predictions too low: raise b and w
    (-2.0, -1.0)
    """
    x, y = _xy(x, y)
    error = predict_line(b, w, x) - y  # (N,)
    return float(2 * np.mean(error)), float(2 * np.mean(x * error))


def finite_difference_gradient(
    b: float, w: float, x: np.ndarray, y: np.ndarray, *, eps: float = 1e-6
) -> tuple[float, float]:
    r"""Estimate the gradient of :func:`line_mse` by central differences.

    .. math::

        \frac{\partial L}{\partial b} \approx \frac{L(b + \epsilon, w) - L(b - \epsilon, w)}{2\epsilon}

    and likewise for :math:`w`. The error of a central difference shrinks like :math:`\epsilon^2`,
    so it is the standard way to check a hand-derived gradient.

    Examples
    --------
    >>> x, y = make_linear_data(50)
    >>> analytic = mse_gradient(0.3, -0.7, x, y)
    >>> numeric = finite_difference_gradient(0.3, -0.7, x, y)
    >>> bool(np.allclose(analytic, numeric, atol=1e-6))
    True
    """
    eps = check_positive_number("eps", eps, fix="Use a small step such as eps=1e-6.")
    grad_b = (line_mse(b + eps, w, x, y) - line_mse(b - eps, w, x, y)) / (2 * eps)
    grad_w = (line_mse(b, w + eps, x, y) - line_mse(b, w - eps, x, y)) / (2 * eps)
    return grad_b, grad_w


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    r"""The exact minimiser of :func:`line_mse`, from the normal equations.

    .. math::

        w^\star = \frac{\operatorname{cov}(x, y)}{\operatorname{var}(x)}, \qquad
        b^\star = \bar y - w^\star \bar x

    Examples
    --------
    >>> x, y = make_linear_data(100, noise=0.0)
    >>> b, w = least_squares(x, y)
    >>> round(b, 6), round(w, 6)
    (1.0, 2.0)
    """
    x, y = _xy(x, y)
    x_centered = x - x.mean()
    variance = float(np.sum(x_centered**2))
    if variance == 0.0:
        raise ValueError(
            "x has the same value for every sample, so the slope is undetermined. "
            "Use data whose x values vary."
        )
    w = float(np.sum(x_centered * (y - y.mean())) / variance)
    return float(y.mean() - w * x.mean()), w


@dataclass(frozen=True)
class DescentPath:
    """The record of one run of :func:`gradient_descent`.

    Attributes
    ----------
    params : numpy.ndarray
        Shape ``(U + 1, 2)``: ``(b, w)`` before the first update and after each of the U updates.
    losses : numpy.ndarray
        Shape ``(U + 1,)``: the loss on *all* the data passed in at each row of ``params``.
    lr : float
        The learning rate used.
    batch_size : int
        Samples per update (``N`` for full-batch descent).
    updates_per_epoch : int
        Parameter updates in one pass over the data.
    diverged : bool
        True if the parameters overflowed and the run stopped early.
    """

    params: np.ndarray
    losses: np.ndarray
    lr: float
    batch_size: int
    updates_per_epoch: int
    diverged: bool

    @property
    def final(self) -> tuple[float, float]:
        """The last ``(b, w)``."""
        return float(self.params[-1, 0]), float(self.params[-1, 1])

    @property
    def n_updates(self) -> int:
        """How many updates were made."""
        return len(self.params) - 1


def gradient_descent(
    x: np.ndarray,
    y: np.ndarray,
    *,
    b0: float,
    w0: float,
    lr: float,
    epochs: int,
    batch_size: int | None = None,
    seed: int = 0,
) -> DescentPath:
    r"""Fit the line by gradient descent and record every step.

    Each update moves the parameters against the gradient of the loss on one batch:

    .. math::

        (b, w) \leftarrow (b, w) - \eta \, \nabla L_{\text{batch}}(b, w)

    With ``batch_size=None`` every update uses all N samples (*batch* gradient descent, one update
    per epoch); with ``1 < batch_size < N`` it is *mini-batch* descent and with ``batch_size=1``
    *stochastic* gradient descent. Samples are reshuffled every epoch and the last batch of an
    epoch may be smaller. After each update the loss on all the data is recorded, which is possible
    here because we keep the data (offline learning).

    Parameters
    ----------
    x, y : numpy.ndarray
        Training data, shape ``(N,)`` each.
    b0, w0 : float
        Starting point.
    lr : float
        Learning rate :math:`\eta > 0`.
    epochs : int
        Passes over the data.
    batch_size : int, optional
        Samples per update; ``None`` means all of them.
    seed : int
        Seed of the per-epoch shuffling (unused for full-batch descent).

    Returns
    -------
    DescentPath
        Parameters and loss after every update. If the loss overflows (learning rate too large)
        the run stops and ``diverged`` is True.

    Examples
    --------
    >>> x, y = make_linear_data(100)
    >>> path = gradient_descent(x, y, b0=0.0, w0=0.0, lr=0.5, epochs=500)
    >>> path.n_updates
    500
    >>> b, w = path.final
    >>> bool(np.allclose((b, w), least_squares(x, y), atol=1e-4))
    True
    >>> sgd = gradient_descent(x, y, b0=0.0, w0=0.0, lr=0.05, epochs=3, batch_size=1)
    >>> sgd.n_updates  # 100 updates per epoch
    300
    """
    x, y = _xy(x, y)
    lr = check_positive_number("lr", lr, fix="Try a learning rate such as lr=0.1.")
    epochs = check_positive_int("epochs", epochs, fix="Use e.g. epochs=100.")
    n = len(x)
    if batch_size is None:
        batch_size = n
    batch_size = check_positive_int(
        "batch_size", batch_size, fix="Use None for full batch, 1 for stochastic descent."
    )
    batch_size = min(batch_size, n)
    updates_per_epoch = -(-n // batch_size)  # ceil(n / batch_size)

    rng = np.random.default_rng(seed)
    b, w = float(b0), float(w0)
    params = [(b, w)]
    losses = [line_mse(b, w, x, y)]
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = np.arange(n) if batch_size == n else rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                grad_b, grad_w = mse_gradient(b, w, x[batch], y[batch])
                b, w = b - lr * grad_b, w - lr * grad_w  # the update rule
                loss = float(np.mean((b + w * x - y) ** 2))
                if not np.isfinite(loss):
                    diverged = True
                    break
                params.append((b, w))
                losses.append(loss)
            if diverged:
                break
    return DescentPath(
        params=np.array(params),
        losses=np.array(losses),
        lr=lr,
        batch_size=batch_size,
        updates_per_epoch=updates_per_epoch,
        diverged=diverged,
    )


def loss_grid(
    x: np.ndarray, y: np.ndarray, b_values: np.ndarray, w_values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Evaluate :func:`line_mse` on every ``(b, w)`` of a grid, for surface and contour plots.

    Parameters
    ----------
    x, y : numpy.ndarray
        Data, shape ``(N,)`` each.
    b_values, w_values : numpy.ndarray
        Grid axes, shapes ``(B,)`` and ``(W,)``.

    Returns
    -------
    B, W, L : numpy.ndarray
        Each of shape ``(W, B)``, laid out like ``numpy.meshgrid(b_values, w_values)``, so they
        can go straight to ``contour(B, W, L)``.

    Examples
    --------
    >>> x, y = make_linear_data(100, noise=0.0)
    >>> B, W, L = loss_grid(x, y, np.linspace(-2, 4, 61), np.linspace(-1, 5, 61))
    >>> L.shape
    (61, 61)
    >>> i, j = np.unravel_index(L.argmin(), L.shape)
    >>> round(float(B[i, j]), 6), round(float(W[i, j]), 6)  # the grid's lowest point is the truth
    (1.0, 2.0)
    """
    x, y = _xy(x, y)
    b_values = as_1d_float_array("b_values", b_values, fix="Pass e.g. np.linspace(-2, 4, 101).")
    w_values = as_1d_float_array("w_values", w_values, fix="Pass e.g. np.linspace(-1, 5, 101).")
    B, W = np.meshgrid(b_values, w_values)  # (W, B) each
    # Broadcast samples along a trailing axis: (W, B, 1) + (W, B, 1) * (N,) -> (W, B, N)
    predictions = B[..., None] + W[..., None] * x
    L = np.mean((predictions - y) ** 2, axis=-1)  # (W, B)
    return B, W, L
