r"""Parameter initializers written from their formulas, with an explicit random generator.

Why initialization matters: each layer multiplies its input by a weight matrix. If the weights are
too small the signal shrinks layer after layer; too large and it explodes. Xavier (Glorot) and
Kaiming (He) initialization choose the weights' variance so that the signal's variance stays
roughly constant through the layers:

.. math::

    \text{Xavier: } \operatorname{Var}(W) = \text{gain}^2 \frac{2}{\text{fan\_in} + \text{fan\_out}},
    \qquad
    \text{Kaiming: } \operatorname{Var}(W) = \frac{\text{gain}^2}{\text{fan}}

A uniform distribution on :math:`[-a, a]` has variance :math:`a^2/3`, which gives the bounds of the
``_uniform_`` variants. Every initializer fills its tensor in place, under ``torch.no_grad()`` (so
the fill is not recorded by autograd), and returns it. Draws use ``generator`` when given, so the
same generator seed always gives the same weights — and the same weights as ``torch.nn.init``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from dlnotes._validation import describe

__all__ = [
    "calculate_gain",
    "constant_",
    "eye_",
    "fan_in_and_fan_out",
    "init_for_activation",
    "init_model",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]

_LINEAR_LIKE = {
    "linear", "identity", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
}  # fmt: skip


def _tensor(tensor: object) -> torch.Tensor:
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(
            f"tensor must be a torch.Tensor (e.g. layer.weight), got {describe(tensor)}."
        )
    if not tensor.is_floating_point():
        raise TypeError(f"tensor must be floating point to hold weights, got dtype {tensor.dtype}.")
    return tensor


def fan_in_and_fan_out(tensor: torch.Tensor) -> tuple[int, int]:
    r"""Number of inputs and outputs each weight connects, for a weight tensor.

    For a linear layer's weight of shape ``(out, in)``: fan_in = in, fan_out = out. For a
    convolution's weight ``(out_channels, in_channels, k1, k2, ...)`` each connection also spans
    the kernel's receptive field :math:`r = k_1 k_2 \cdots`:

    .. math:: \text{fan\_in} = \text{in\_channels} \cdot r, \qquad
              \text{fan\_out} = \text{out\_channels} \cdot r

    Examples
    --------
    >>> fan_in_and_fan_out(torch.empty(2, 5))  # nn.Linear(5, 2).weight is (out, in)
    (5, 2)
    >>> fan_in_and_fan_out(torch.empty(10, 5, 3, 3))  # nn.Conv2d(5, 10, 3).weight
    (45, 90)
    """
    tensor = _tensor(tensor)
    if tensor.dim() < 2:
        raise ValueError(
            f"tensor must be a weight with at least 2 dimensions (out, in, ...) to have a fan "
            f"in and fan out, got shape {tuple(tensor.shape)}. Biases are usually set with "
            "zeros_ or constant_."
        )
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The factor by which an activation shrinks the signal's standard deviation, inverted.

    ================================ =========================================
    nonlinearity                     gain
    ================================ =========================================
    linear, identity, conv*, sigmoid :math:`1`
    tanh                             :math:`5/3`
    relu                             :math:`\sqrt{2}` (ReLU zeroes half the signal)
    leaky_relu (slope :math:`a`)     :math:`\sqrt{2 / (1 + a^2)}`, :math:`a` = 0.01 by default
    selu                             :math:`3/4`
    ================================ =========================================

    Examples
    --------
    >>> calculate_gain("relu")
    1.4142135623730951
    >>> calculate_gain("tanh")
    1.6666666666666667
    """
    if nonlinearity in _LINEAR_LIKE or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, int | float):
            raise ValueError(f"negative slope {param!r} is not a valid number.")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    known = sorted(_LINEAR_LIKE | {"sigmoid", "tanh", "relu", "leaky_relu", "selu"})
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}; expected one of {known}.")


def zeros_(tensor: torch.Tensor) -> torch.Tensor:
    """Fill with 0.

    Examples
    --------
    >>> zeros_(torch.empty(2, 3))
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    """
    return constant_(tensor, 0.0)


def ones_(tensor: torch.Tensor) -> torch.Tensor:
    """Fill with 1.

    Examples
    --------
    >>> ones_(torch.empty(3))
    tensor([1., 1., 1.])
    """
    return constant_(tensor, 1.0)


def constant_(tensor: torch.Tensor, val: float) -> torch.Tensor:
    """Fill with ``val``. A common choice for biases (e.g. 0.1, so ReLUs start active).

    Every unit of a layer filled with one constant computes the same thing and receives the same
    gradient, so the units can never become different: use it for biases, not weights.

    Examples
    --------
    >>> constant_(torch.empty(3), 0.1)
    tensor([0.1000, 0.1000, 0.1000])
    """
    tensor = _tensor(tensor)
    with torch.no_grad():
        return tensor.fill_(val)


def eye_(tensor: torch.Tensor) -> torch.Tensor:
    """Fill a 2-D tensor with the identity matrix (ones on the diagonal), so a linear layer
    starts by passing its input through unchanged.

    Examples
    --------
    >>> eye_(torch.empty(2, 3))
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    tensor = _tensor(tensor)
    if tensor.dim() != 2:
        raise ValueError(f"eye_ needs a 2-D tensor, got shape {tuple(tensor.shape)}.")
    with torch.no_grad():
        tensor.zero_()
        tensor.diagonal().fill_(1.0)
    return tensor


def uniform_(
    tensor: torch.Tensor, a: float = 0.0, b: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    r"""Fill with draws from :math:`\mathcal{U}(a, b)`.

    Examples
    --------
    >>> w = uniform_(torch.empty(1000), -0.5, 0.5, generator=torch.Generator().manual_seed(0))
    >>> bool(w.min() >= -0.5 and w.max() <= 0.5)
    True
    """
    tensor = _tensor(tensor)
    if not a <= b:
        raise ValueError(f"uniform_ needs a ≤ b, got a={a!r}, b={b!r}.")
    with torch.no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(
    tensor: torch.Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Fill with draws from :math:`\mathcal{N}(\text{mean}, \text{std}^2)`.

    Examples
    --------
    >>> w = normal_(torch.empty(100_000), std=0.1, generator=torch.Generator().manual_seed(0))
    >>> round(w.std().item(), 2)
    0.1
    """
    tensor = _tensor(tensor)
    if std < 0:
        raise ValueError(f"std must be ≥ 0, got {std!r}.")
    with torch.no_grad():
        return tensor.normal_(mean, std, generator=generator)


def xavier_uniform_(
    tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    r"""Xavier/Glorot uniform: :math:`\mathcal{U}(-a, a)` with
    :math:`a = \text{gain} \sqrt{6 / (\text{fan\_in} + \text{fan\_out})}`.

    Keeps the variance of activations and of gradients roughly equal across layers for
    symmetric activations such as tanh (Glorot & Bengio, 2010).

    Examples
    --------
    >>> w = xavier_uniform_(torch.empty(200, 300), generator=torch.Generator().manual_seed(0))
    >>> bound = (6 / (300 + 200)) ** 0.5
    >>> bool(w.abs().max() <= bound)
    True
    """
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator=generator)


def xavier_normal_(
    tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    r"""Xavier/Glorot normal: :math:`\mathcal{N}(0, \sigma^2)` with
    :math:`\sigma = \text{gain} \sqrt{2 / (\text{fan\_in} + \text{fan\_out})}`.

    Examples
    --------
    >>> w = xavier_normal_(torch.empty(400, 600), generator=torch.Generator().manual_seed(0))
    >>> round(w.std().item(), 3), round((2 / (400 + 600)) ** 0.5, 3)
    (0.045, 0.045)
    """
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator=generator)


def _kaiming_std(tensor: torch.Tensor, a: float, mode: str, nonlinearity: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(
            f"mode must be 'fan_in' (preserve the forward signal) or 'fan_out' (preserve "
            f"gradients), got {mode!r}."
        )
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        raise ValueError(
            f"cannot initialize a tensor with zero elements, shape {tuple(tensor.shape)}."
        )
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(
    tensor: torch.Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Kaiming/He uniform: :math:`\mathcal{U}(-b, b)` with :math:`b = \sqrt{3}\,\text{gain} /
    \sqrt{\text{fan}}`.

    Designed for ReLU-family activations (He et al., 2015), which zero half the signal: the gain
    :math:`\sqrt 2` makes up for it. ``a`` is the leaky-ReLU slope used by the gain, ``mode``
    picks the fan (``"fan_in"`` preserves the forward signal, ``"fan_out"`` the gradients).

    Examples
    --------
    >>> w = kaiming_uniform_(torch.empty(256, 128), nonlinearity="relu",
    ...                      generator=torch.Generator().manual_seed(0))
    >>> bool(w.abs().max() <= (3 ** 0.5) * (2 ** 0.5) / 128 ** 0.5)
    True
    """
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator=generator)


def kaiming_normal_(
    tensor: torch.Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Kaiming/He normal: :math:`\mathcal{N}(0, \sigma^2)` with :math:`\sigma = \text{gain} /
    \sqrt{\text{fan}}`.

    Examples
    --------
    >>> w = kaiming_normal_(torch.empty(512, 256), nonlinearity="relu",
    ...                     generator=torch.Generator().manual_seed(0))
    >>> round(w.std().item(), 2), round((2 / 256) ** 0.5, 2)
    (0.09, 0.09)
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    return normal_(tensor, 0.0, std, generator=generator)


Initializer = Callable[[torch.Tensor], torch.Tensor]
_LAYER_KINDS = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)


def init_model(
    model: nn.Module,
    weight: Initializer | None = None,
    bias: Initializer | None = None,
    layers: type[nn.Module] | tuple[type[nn.Module], ...] = _LAYER_KINDS,
) -> nn.Module:
    """Initialise every layer of the given kinds in ``model``, the ``model.apply(fn)`` pattern.

    Under the hood this is::

        def fn(module):
            if isinstance(module, layers):
                weight(module.weight)
                if module.bias is not None:
                    bias(module.bias)

        model.apply(fn)  # calls fn on every submodule, children first, then model itself

    Parameters
    ----------
    model : torch.nn.Module
        The model, changed in place and returned.
    weight, bias : callable, optional
        Functions that fill a tensor in place, e.g. ``xavier_uniform_`` or
        ``functools.partial(constant_, val=0.1)``. ``None`` leaves that parameter as it is.
    layers : type or tuple of types
        Which modules to touch (default: linear and convolution layers).

    Examples
    --------
    >>> from functools import partial
    >>> net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    >>> g = torch.Generator().manual_seed(0)
    >>> _ = init_model(net, weight=partial(xavier_uniform_, generator=g),
    ...                bias=partial(constant_, val=0.1))
    >>> net[2].bias
    Parameter containing:
    tensor([0.1000, 0.1000], requires_grad=True)
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}.")

    def fn(module: nn.Module) -> None:
        if isinstance(module, layers):
            if weight is not None:
                weight(module.weight)
            if bias is not None and getattr(module, "bias", None) is not None:
                bias(module.bias)

    return model.apply(fn)


def init_for_activation(
    layer: nn.Module, activation: str, generator: torch.Generator | None = None
) -> nn.Module:
    """Initialise a layer for the activation that follows it, and zero its bias.

    Xavier-uniform (with the activation's gain) for sigmoid, tanh and linear outputs;
    Kaiming-uniform for relu and leaky_relu, whose gain makes up for the half they zero.

    Examples
    --------
    >>> layer = init_for_activation(nn.Linear(100, 50), "relu",
    ...                             generator=torch.Generator().manual_seed(0))
    >>> layer.bias.detach().abs().sum()
    tensor(0.)
    """
    if not hasattr(layer, "weight") or not isinstance(layer.weight, torch.Tensor):
        raise TypeError(f"layer must have a weight tensor (e.g. nn.Linear), got {describe(layer)}.")
    if activation in ("relu", "leaky_relu"):
        kaiming_uniform_(layer.weight, nonlinearity=activation, generator=generator)
    elif activation in ("sigmoid", "tanh", "linear", "identity"):
        xavier_uniform_(layer.weight, gain=calculate_gain(activation), generator=generator)
    else:
        raise ValueError(
            f"activation must be one of 'relu', 'leaky_relu', 'sigmoid', 'tanh', 'linear', "
            f"got {activation!r}."
        )
    if getattr(layer, "bias", None) is not None:
        zeros_(layer.bias)
    return layer
