r"""Activation functions and their analytic derivatives, written from the formulas.

Each ``f`` comes with ``f_derivative`` (the elementwise derivative :math:`f'(x)`), or, for softmax
and log-softmax whose outputs depend on every input of a row, with ``f_jacobian``. The tests check
every derivative against autograd, and every function against ``torch``.
"""

from __future__ import annotations

import torch

from dlnotes._validation import float_tensor_arg as _float_tensor

__all__ = [
    "dropout",
    "leaky_relu",
    "leaky_relu_derivative",
    "log_softmax",
    "log_softmax_jacobian",
    "prelu",
    "prelu_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softmax_jacobian",
    "tanh",
    "tanh_derivative",
]


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    r"""The logistic function, squashing any real number into (0, 1).

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Computed as :math:`e^{x}/(1+e^{x})` for negative inputs, so that :math:`e^{-x}` never overflows.

    Examples
    --------
    >>> sigmoid(torch.tensor([-4.0, 0.0, 4.0]))
    tensor([0.0180, 0.5000, 0.9820])
    >>> sigmoid(torch.tensor([-1000.0, 1000.0]))  # no overflow warning, no NaN
    tensor([0., 1.])
    """
    x = _float_tensor("x", x)
    # Each branch sees only inputs of its own sign (the other replaced by 0), so no exponent is
    # positive, nothing overflows, and the gradient is exact everywhere, including at 0.
    positive = x >= 0
    x_pos = torch.where(positive, x, 0.0)
    e_neg = torch.exp(torch.where(positive, 0.0, x))
    return torch.where(positive, 1 / (1 + torch.exp(-x_pos)), e_neg / (1 + e_neg))


def sigmoid_derivative(x: torch.Tensor) -> torch.Tensor:
    r"""Derivative of :func:`sigmoid`: :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`, at most 1/4.

    Examples
    --------
    >>> sigmoid_derivative(torch.tensor([0.0]))  # the largest slope, at x = 0
    tensor([0.2500])
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x: torch.Tensor) -> torch.Tensor:
    r"""Hyperbolic tangent, squashing into (−1, 1): :math:`\tanh(x) = 2\sigma(2x) - 1`.

    Examples
    --------
    >>> tanh(torch.tensor([0.0, 100.0]))
    tensor([0., 1.])
    """
    return 2 * sigmoid(2 * _float_tensor("x", x)) - 1


def tanh_derivative(x: torch.Tensor) -> torch.Tensor:
    r"""Derivative of :func:`tanh`: :math:`1 - \tanh^2(x)`, at most 1 (at x = 0).

    Examples
    --------
    >>> tanh_derivative(torch.tensor([0.0]))
    tensor([1.])
    """
    t = tanh(x)
    return 1 - t * t


def relu(x: torch.Tensor) -> torch.Tensor:
    r"""Rectified linear unit: :math:`\max(0, x)`.

    Examples
    --------
    >>> relu(torch.tensor([-2.0, 0.0, 3.0]))
    tensor([0., 0., 3.])
    """
    x = _float_tensor("x", x)
    return torch.where(x > 0, x, torch.zeros_like(x))


def relu_derivative(x: torch.Tensor) -> torch.Tensor:
    r"""Derivative of :func:`relu`: 1 for :math:`x > 0`, else 0 (PyTorch also uses 0 at x = 0).

    Examples
    --------
    >>> relu_derivative(torch.tensor([-2.0, 0.0, 3.0]))
    tensor([0., 0., 1.])
    """
    x = _float_tensor("x", x)
    return (x > 0).to(x.dtype)


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    r"""Leaky ReLU: :math:`x` for :math:`x > 0`, else :math:`a x` with a small slope :math:`a`.

    Examples
    --------
    >>> leaky_relu(torch.tensor([-2.0, 3.0]), negative_slope=0.1)
    tensor([-0.2000,  3.0000])
    """
    x = _float_tensor("x", x)
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_derivative(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    r"""Derivative of :func:`leaky_relu`: 1 for :math:`x > 0`, else :math:`a`.

    Examples
    --------
    >>> leaky_relu_derivative(torch.tensor([-2.0, 3.0]), negative_slope=0.1)
    tensor([0.1000, 1.0000])
    """
    x = _float_tensor("x", x)
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_slope))


def prelu(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    r"""Parametric ReLU: a leaky ReLU whose negative slope :math:`a` is learned.

    .. math:: \operatorname{PReLU}(x) = \max(0, x) + a \min(0, x)

    ``weight`` holds one slope, or one per channel (dimension 1 of ``x``), as in ``nn.PReLU``.

    Examples
    --------
    >>> prelu(torch.tensor([-2.0, 3.0]), torch.tensor([0.25]))
    tensor([-0.5000,  3.0000])
    """
    x = _float_tensor("x", x)
    a = _prelu_weight(x, weight)
    return torch.where(x > 0, x, a * x)


def prelu_derivative(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    r"""Derivative of :func:`prelu` with respect to ``x``: 1 for :math:`x > 0`, else :math:`a`.

    Examples
    --------
    >>> prelu_derivative(torch.tensor([-2.0, 3.0]), torch.tensor([0.25]))
    tensor([0.2500, 1.0000])
    """
    x = _float_tensor("x", x)
    a = _prelu_weight(x, weight)
    return torch.where(x > 0, torch.ones_like(x), a.expand_as(x))


def _prelu_weight(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    weight = _float_tensor("weight", weight)
    if weight.numel() == 1:
        return weight.reshape(())
    channels = x.shape[1] if x.dim() >= 2 else None
    if weight.dim() != 1 or weight.numel() != channels:
        raise ValueError(
            f"weight must hold 1 slope or one per channel (x.shape[1] = {channels}), got shape "
            f"{tuple(weight.shape)}. Use nn.PReLU(num_parameters=x.shape[1])."
        )
    return weight.reshape(1, -1, *([1] * (x.dim() - 2)))  # broadcast over (N, C, ...)


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    r"""Turn scores into probabilities that are positive and sum to 1 along ``dim``.

    .. math:: \operatorname{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \qquad m = \max_j x_j

    Subtracting the maximum changes nothing mathematically but keeps every exponent ≤ 0, so
    large scores cannot overflow.

    Examples
    --------
    >>> p = softmax(torch.tensor([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]]), dim=1)
    >>> p
    tensor([[0.0900, 0.2447, 0.6652],
            [0.3333, 0.3333, 0.3333]])
    >>> torch.allclose(p.sum(dim=1), torch.ones(2))
    True
    """
    return torch.exp(log_softmax(x, dim=dim))


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    r"""Logarithm of :func:`softmax`, computed without ever taking the log of a rounded-off 0.

    .. math:: \log\operatorname{softmax}(x)_i = (x_i - m) - \log\sum_j e^{x_j - m}

    Examples
    --------
    >>> log_softmax(torch.tensor([0.0, -200.0]))  # log(softmax) would give -inf here
    tensor([   0., -200.])
    """
    x = _float_tensor("x", x)
    shifted = x - x.amax(dim=dim, keepdim=True).detach()  # max is a constant shift: no gradient
    return shifted - torch.log(torch.exp(shifted).sum(dim=dim, keepdim=True))


def softmax_jacobian(x: torch.Tensor) -> torch.Tensor:
    r"""Jacobian of :func:`softmax` over the last dimension.

    With :math:`s = \operatorname{softmax}(x)`,

    .. math:: \frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij} - s_j), \qquad
              J = \operatorname{diag}(s) - s s^\top .

    Parameters
    ----------
    x : torch.Tensor
        Shape ``(..., C)``.

    Returns
    -------
    torch.Tensor
        Shape ``(..., C, C)``; entry ``[..., i, j]`` is :math:`\partial s_i / \partial x_j`.

    Examples
    --------
    >>> softmax_jacobian(torch.zeros(2))  # s = (1/2, 1/2)
    tensor([[ 0.2500, -0.2500],
            [-0.2500,  0.2500]])
    """
    s = softmax(x, dim=-1)  # (..., C)
    return torch.diag_embed(s) - s.unsqueeze(-1) * s.unsqueeze(-2)  # (..., C, C)


def log_softmax_jacobian(x: torch.Tensor) -> torch.Tensor:
    r"""Jacobian of :func:`log_softmax` over the last dimension: :math:`\delta_{ij} - s_j`.

    Examples
    --------
    >>> log_softmax_jacobian(torch.zeros(2))
    tensor([[ 0.5000, -0.5000],
            [-0.5000,  0.5000]])
    """
    s = softmax(x, dim=-1)  # (..., C)
    eye = torch.eye(s.shape[-1], dtype=s.dtype, device=s.device)
    return eye - s.unsqueeze(-2)  # (..., C, C): row i is e_i - s


def dropout(
    x: torch.Tensor,
    p: float = 0.5,
    training: bool = True,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Inverted dropout: zero each element with probability :math:`p`, scale the rest.

    .. math::

        y_i = \frac{m_i\, x_i}{1 - p}, \qquad m_i \sim \text{Bernoulli}(1 - p)

    Dividing by :math:`1 - p` keeps the expected value, :math:`\mathbb{E}[y_i] = x_i`, so the
    network needs no change at evaluation time, when dropout is switched off
    (``training=False`` returns ``x`` unchanged). With a ``generator`` seeded like PyTorch's
    global one, the mask equals ``torch.nn.functional.dropout``'s.

    Parameters
    ----------
    x : torch.Tensor
        Floating-point input of any shape.
    p : float
        Probability of zeroing an element, in [0, 1).
    training : bool
        Apply dropout (True) or return ``x`` (False).
    generator : torch.Generator, optional
        Source of the random mask.

    Examples
    --------
    >>> x = torch.ones(8)
    >>> dropout(x, p=0.5, generator=torch.Generator().manual_seed(0))
    tensor([0., 0., 2., 0., 0., 0., 2., 2.])
    >>> dropout(x, p=0.5, training=False) is x
    True
    """
    x = _float_tensor("x", x, hint="Dropout rescales by 1 / (1 - p): convert with x.float().")
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p < 1:
        raise ValueError(
            f"p must be a probability in [0, 1), got {p!r}. It is the chance of dropping each "
            "element: p = 1 would drop everything (and divide by 1 - p = 0); use p < 1, or "
            "remove the layer for p = 0."
        )
    if not training or p == 0:
        return x
    keep = torch.empty_like(x).bernoulli_(1 - p, generator=generator).div_(1 - p)  # m / (1 - p)
    return x * keep
