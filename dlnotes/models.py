"""The models the tutorials train, each small enough to read in one sitting.

Every model checks the shape of its input and says what it expected, what it got and how to
reshape, instead of failing deep inside a matrix multiplication.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import ClassVar

import torch
from torch import nn

from dlnotes._validation import describe
from dlnotes.inits import init_for_activation, kaiming_normal_, xavier_normal_

__all__ = [
    "MLP",
    "DeepStack",
    "DigitCNN",
    "InceptionBlock",
    "LinearRegression",
    "LogisticRegression",
    "ManualRNN",
    "RNNForecaster",
    "ResidualBlock",
    "TinyNet",
    "rnn_forward",
]

_ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "leaky_relu": nn.LeakyReLU,
    "identity": nn.Identity,
}


def _check_input(x: object, expected: Sequence[int | str], what: str, hint: str = "") -> None:
    """Raise unless ``x`` is a float tensor of shape ``expected``; a str entry (``"N"``, ``"T"``)
    names a dimension of any size."""
    shape_text = "(" + ", ".join(map(str, expected)) + ")"
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{what} expects a torch.Tensor of shape {shape_text}, got {describe(x)}.")
    if not x.is_floating_point():
        raise TypeError(
            f"{what} expects floating-point input, got dtype {x.dtype}. Convert with x.float()."
        )
    ok = x.dim() == len(expected) and all(
        isinstance(s, str) or s == actual for s, actual in zip(expected, x.shape, strict=False)
    )
    if not ok:
        raise ValueError(
            f"{what} expects input of shape {shape_text}, got {tuple(x.shape)}. {hint}".strip()
        )


class LinearRegression(nn.Module):
    r"""A linear model :math:`\hat y = x W^\top + b`: ``nn.Linear`` with a shape check.

    Examples
    --------
    >>> model = LinearRegression(in_features=3)
    >>> model(torch.zeros(5, 3)).shape
    torch.Size([5, 1])
    """

    def __init__(self, in_features: int = 1, out_features: int = 1):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(
            x,
            ("N", self.linear.in_features),
            "LinearRegression",
            "Features go in columns: use x.reshape(-1, 1) for a single feature.",
        )
        return self.linear(x)  # (N, out)


class LogisticRegression(nn.Module):
    r"""Binary classifier :math:`p(y = 1 \mid x) = \sigma(x w^\top + b)`.

    ``forward`` returns the *logit* :math:`x w^\top + b` of shape ``(N, 1)``, to pair with
    ``BCEWithLogitsLoss`` (the stable choice); :meth:`predict_proba` applies the sigmoid.

    Examples
    --------
    >>> model = LogisticRegression(in_features=2)
    >>> model(torch.zeros(4, 2)).shape
    torch.Size([4, 1])
    >>> bool(((model.predict_proba(torch.zeros(4, 2)) > 0) & (model.predict_proba(torch.zeros(4, 2)) < 1)).all())
    True
    """

    def __init__(self, in_features: int):
        super().__init__()
        self.linear = nn.Linear(in_features, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, ("N", self.linear.in_features), "LogisticRegression")
        return self.linear(x)  # logits, (N, 1)

    def predict_proba(self, x: torch.Tensor) -> torch.Tensor:
        """Probabilities of the positive class, shape ``(N, 1)``."""
        return torch.sigmoid(self(x))


class MLP(nn.Module):
    """A multilayer perceptron: ``Linear → activation → dropout`` for each hidden layer, then a
    final ``Linear`` with no activation (it outputs logits or regression values).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. ``(784, 256, 10)``.
    activation : str
        ``"relu"``, ``"tanh"``, ``"sigmoid"``, ``"leaky_relu"`` or ``"identity"``.
    dropout : float
        Dropout probability after each hidden activation (0 disables it).
    init : str, optional
        ``"auto"`` picks Xavier or Kaiming per layer from the activation
        (:func:`dlnotes.inits.init_for_activation`); ``None`` keeps PyTorch's default.
    generator : torch.Generator, optional
        Source of the initial weights when ``init`` is set.

    Examples
    --------
    >>> net = MLP((784, 256, 10), activation="relu", dropout=0.2)
    >>> net
    MLP(
      (layers): Sequential(
        (0): Linear(in_features=784, out_features=256, bias=True)
        (1): ReLU()
        (2): Dropout(p=0.2, inplace=False)
        (3): Linear(in_features=256, out_features=10, bias=True)
      )
    )
    >>> net(torch.zeros(32, 784)).shape
    torch.Size([32, 10])
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        dropout: float = 0.0,
        init: str | None = None,
        generator: torch.Generator | None = None,
    ):
        super().__init__()
        sizes = tuple(sizes)
        if len(sizes) < 2 or not all(isinstance(s, int) and s > 0 for s in sizes):
            raise ValueError(
                f"sizes must list at least an input and an output width (positive integers), "
                f"e.g. (784, 256, 10), got {sizes!r}."
            )
        if activation not in _ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}."
            )
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}.")
        if init not in (None, "auto"):
            raise ValueError(f"init must be None or 'auto', got {init!r}.")
        layers: list[nn.Module] = []
        for i, (n_in, n_out) in enumerate(pairwise(sizes)):
            linear = nn.Linear(n_in, n_out)
            last = i == len(sizes) - 2
            if init == "auto":
                init_for_activation(linear, "linear" if last else activation, generator=generator)
            layers.append(linear)
            if not last:
                layers.append(_ACTIVATIONS[activation]())
                if dropout > 0:
                    layers.append(nn.Dropout(dropout))
        self.layers = nn.Sequential(*layers)
        self.sizes = sizes

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(
            x,
            ("N", self.sizes[0]),
            "MLP",
            "Flatten images first, e.g. x.flatten(start_dim=1) or nn.Flatten().",
        )
        return self.layers(x)


class TinyNet(nn.Module):
    """The 3 → 4 → 4 → 2 network: Xavier-normal + tanh, then Kaiming-normal + ReLU, then softmax.

    It returns class *probabilities* (the softmax output), to show the whole computation. To train
    it with cross-entropy, use :meth:`logits` instead: ``cross_entropy`` applies log-softmax itself.

    Examples
    --------
    >>> net = TinyNet(generator=torch.Generator().manual_seed(0))
    >>> probs = net(torch.randn(10, 3, generator=torch.Generator().manual_seed(1)))
    >>> probs.shape, bool(torch.allclose(probs.sum(dim=1), torch.ones(10)))
    (torch.Size([10, 2]), True)
    >>> sum(p.numel() for p in net.parameters())  # (3·4+4) + (4·4+4) + (4·2+2)
    46
    """

    def __init__(self, generator: torch.Generator | None = None):
        super().__init__()
        self.linear1 = nn.Linear(3, 4)
        xavier_normal_(self.linear1.weight, generator=generator)
        self.linear2 = nn.Linear(4, 4)
        kaiming_normal_(self.linear2.weight, nonlinearity="relu", generator=generator)
        self.out = nn.Linear(4, 2)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """Scores before the softmax, shape ``(N, 2)``."""
        _check_input(x, ("N", 3), "TinyNet")
        h = torch.tanh(self.linear1(x))  # (N, 4)
        h = torch.relu(self.linear2(h))  # (N, 4)
        return self.out(h)  # (N, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.logits(x), dim=1)  # (N, 2), rows sum to 1


class DigitCNN(nn.Module):
    """Two 3×3 convolutions, 2×2 max-pooling, and two dense layers with dropout.

    ``conv(1→c1) → ReLU → conv(c1→c2) → ReLU → maxpool 2 → flatten → Linear(→hidden) → ReLU →
    Dropout → Linear(→classes)``. Padding 1 keeps the image size through each convolution, so
    the flattened size is :math:`c_2 (s/2)^2` for ``s × s`` images: 8×8 digits (scikit-learn) and
    28×28 digits (MNIST) both work.

    Parameters
    ----------
    image_size : int
        Side of the square input images (even).
    channels : tuple of int
        Output channels of the two convolutions.
    hidden : int
        Width of the first dense layer.
    dropout : float
        Dropout probability before the last layer.
    n_classes : int
        Number of outputs (logits).

    Examples
    --------
    >>> net = DigitCNN(image_size=28, channels=(8, 16), hidden=64)
    >>> net(torch.zeros(5, 1, 28, 28)).shape
    torch.Size([5, 10])
    >>> DigitCNN(image_size=8)(torch.zeros(5, 1, 8, 8)).shape
    torch.Size([5, 10])
    """

    def __init__(
        self,
        image_size: int = 28,
        channels: tuple[int, int] = (32, 64),
        hidden: int = 128,
        dropout: float = 0.5,
        n_classes: int = 10,
    ):
        super().__init__()
        if image_size < 2 or image_size % 2:
            raise ValueError(f"image_size must be an even number ≥ 2, got {image_size!r}.")
        c1, c2 = channels
        self.image_size = image_size
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, kernel_size=3, padding=1),  # (N, c1, s, s)
            nn.ReLU(),
            nn.Conv2d(c1, c2, kernel_size=3, padding=1),  # (N, c2, s, s)
            nn.ReLU(),
            nn.MaxPool2d(2),  # (N, c2, s/2, s/2)
        )
        flat = c2 * (image_size // 2) ** 2
        self.classifier = nn.Sequential(
            nn.Linear(flat, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, n_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = self.image_size
        _check_input(
            x,
            ("N", 1, s, s),
            "DigitCNN",
            f"For flattened images use x.view(-1, 1, {s}, {s}); for (N, {s}, {s}) use "
            "x.unsqueeze(1).",
        )
        x = self.features(x)  # (N, c2, s/2, s/2)
        # (N, c2·s²/4): flatten all but the batch dimension. The notes write this as
        # x.view(x.size(0), -1); flatten(1) gives the same result and, unlike view, also works
        # on channels_last tensors (whose memory is not laid out channel by channel).
        x = x.flatten(1)
        return self.classifier(x)  # (N, classes)


class InceptionBlock(nn.Module):
    """Four parallel branches whose outputs are stacked along the channel axis with ``torch.cat``.

    - 1×1 convolution (``c1x1`` channels);
    - 1×1 reduction to ``reduce`` channels, then 5×5 (``c5x5``);
    - 1×1 reduction, then two 3×3 (``c3x3``);
    - 3×3 max pooling (stride 1), then 1×1 (``pool``).

    Every convolution is followed by a ReLU, as in GoogLeNet: without them each branch would be
    affine, and 1×1 → 3×3 → 3×3 no more than one linear filter (a 5×5 one, away from the
    borders). Padding keeps height and width, so the output is
    ``(N, c1x1 + c5x5 + c3x3 + pool, H, W)``: the network does not have to choose a kernel size,
    it gets all of them. The 1×1 reductions keep the 3×3 and 5×5 convolutions cheap.

    Examples
    --------
    >>> block = InceptionBlock(in_channels=10)
    >>> y = block(torch.randn(2, 10, 12, 12))
    >>> y.shape  # 16 + 24 + 24 + 24 channels
    torch.Size([2, 88, 12, 12])
    >>> bool((y >= 0).all())  # each branch ends in a ReLU
    True
    """

    def __init__(
        self,
        in_channels: int,
        c1x1: int = 16,
        reduce: int = 16,
        c5x5: int = 24,
        c3x3: int = 24,
        pool: int = 24,
    ):
        super().__init__()
        self.in_channels = in_channels
        self.branch1x1 = nn.Sequential(nn.Conv2d(in_channels, c1x1, kernel_size=1), nn.ReLU())
        self.branch5x5 = nn.Sequential(
            nn.Conv2d(in_channels, reduce, kernel_size=1),
            nn.ReLU(),
            nn.Conv2d(reduce, c5x5, kernel_size=5, padding=2),
            nn.ReLU(),
        )
        self.branch3x3 = nn.Sequential(
            nn.Conv2d(in_channels, reduce, kernel_size=1),
            nn.ReLU(),
            nn.Conv2d(reduce, c3x3, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(c3x3, c3x3, kernel_size=3, padding=1),
            nn.ReLU(),
        )
        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1),
            nn.Conv2d(in_channels, pool, kernel_size=1),
            nn.ReLU(),
        )
        self.out_channels = c1x1 + c5x5 + c3x3 + pool

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, ("N", self.in_channels, "H", "W"), "InceptionBlock")
        branches = [self.branch1x1(x), self.branch5x5(x), self.branch3x3(x), self.branch_pool(x)]
        return torch.cat(branches, dim=1)  # (N, sum of branch channels, H, W)


class ResidualBlock(nn.Module):
    r"""Two 3×3 convolutions whose output is *added* to the input: :math:`y = \mathrm{ReLU}(x +
    F(x))`.

    The block only has to learn the correction :math:`F(x)`. Its Jacobian is
    :math:`\partial y / \partial x = \mathrm{diag}(\mathrm{ReLU}'(x + F(x)))\,(I + \partial F /
    \partial x)`: through the units that are active after the addition, gradients reach earlier
    layers along the identity even when :math:`F`'s own gradient is small; at the inactive units
    the final ReLU blocks them.

    Examples
    --------
    >>> block = ResidualBlock(channels=16)
    >>> block(torch.zeros(2, 16, 8, 8)).shape
    torch.Size([2, 16, 8, 8])
    """

    def __init__(self, channels: int):
        super().__init__()
        self.channels = channels
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, ("N", self.channels, "H", "W"), "ResidualBlock")
        y = self.conv2(torch.relu(self.conv1(x)))  # F(x), same shape as x
        return torch.relu(x + y)


class DeepStack(nn.Module):
    """``depth`` fully connected layers of equal width, plain or residual, for studying how
    gradients fade with depth.

    Plain: :math:`h_{k+1} = f(W_k h_k + b_k)`. Residual: :math:`h_{k+1} = h_k + f(W_k h_k + b_k)`.
    An input layer maps ``in_features`` to ``width`` and an output layer maps ``width`` to
    ``out_features``; the ``depth`` hidden layers are in ``blocks``, so their gradients can be
    inspected one by one.

    Examples
    --------
    >>> net = DeepStack(in_features=4, width=16, depth=20, out_features=1, activation="sigmoid")
    >>> net(torch.zeros(3, 4)).shape, len(net.blocks)
    (torch.Size([3, 1]), 20)
    """

    def __init__(
        self,
        in_features: int,
        width: int,
        depth: int,
        out_features: int,
        activation: str = "relu",
        residual: bool = False,
    ):
        super().__init__()
        if activation not in _ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}."
            )
        self.in_features = in_features
        self.residual = residual
        self.input = nn.Linear(in_features, width)
        self.blocks = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        self.act = _ACTIVATIONS[activation]()
        self.output = nn.Linear(width, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, ("N", self.in_features), "DeepStack")
        h = self.act(self.input(x))  # (N, width)
        for layer in self.blocks:
            update = self.act(layer(h))
            h = h + update if self.residual else update
        return self.output(h)


def rnn_forward(
    x: torch.Tensor,
    h0: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor | None = None,
    bias_hh: torch.Tensor | None = None,
    nonlinearity: str = "tanh",
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""An Elman RNN layer, one time step after another.

    .. math:: h_t = \tanh(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh})

    The same weights are used at every step; the hidden state :math:`h` carries what the
    network remembers from earlier steps.

    Parameters
    ----------
    x : torch.Tensor
        Inputs, shape ``(N, T, input_size)`` (batch first).
    h0 : torch.Tensor
        Initial hidden state, ``(N, hidden_size)``.
    weight_ih, weight_hh : torch.Tensor
        ``(hidden_size, input_size)`` and ``(hidden_size, hidden_size)``.
    bias_ih, bias_hh : torch.Tensor, optional
        ``(hidden_size,)`` each.
    nonlinearity : str
        ``"tanh"`` or ``"relu"``.

    Returns
    -------
    outputs, h_T : torch.Tensor
        Every hidden state, ``(N, T, hidden_size)``, and the last one, ``(N, hidden_size)``.

    Examples
    --------
    >>> rnn = nn.RNN(input_size=2, hidden_size=3, batch_first=True)
    >>> x = torch.randn(4, 5, 2)
    >>> ours, h = rnn_forward(x, torch.zeros(4, 3), rnn.weight_ih_l0, rnn.weight_hh_l0,
    ...                       rnn.bias_ih_l0, rnn.bias_hh_l0)
    >>> theirs, _ = rnn(x)
    >>> bool(torch.allclose(ours, theirs, atol=1e-6))
    True
    """
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}.")
    _check_input(
        x,
        ("N", "T", weight_ih.shape[1]),
        "rnn_forward",
        "Inputs are batch first: (batch, time, features).",
    )
    act = torch.tanh if nonlinearity == "tanh" else torch.relu
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        pre = x[:, t] @ weight_ih.T + h @ weight_hh.T  # (N, hidden)
        if bias_ih is not None:
            pre = pre + bias_ih + bias_hh
        h = act(pre)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h  # (N, T, hidden), (N, hidden)


class ManualRNN(nn.Module):
    """A single-layer, batch-first ``nn.RNN`` written as a loop (:func:`rnn_forward`).

    Its parameters have the same names and shapes as ``nn.RNN``'s, so
    ``ManualRNN.load_state_dict(rnn.state_dict())`` copies a real RNN and the two agree.

    Examples
    --------
    >>> rnn = nn.RNN(3, 8, batch_first=True)
    >>> manual = ManualRNN(3, 8)
    >>> _ = manual.load_state_dict(rnn.state_dict())
    >>> x = torch.randn(2, 6, 3)
    >>> bool(torch.allclose(manual(x)[0], rnn(x)[0], atol=1e-6))
    True
    """

    def __init__(self, input_size: int, hidden_size: int, nonlinearity: str = "tanh"):
        super().__init__()
        self.hidden_size = hidden_size
        self.nonlinearity = nonlinearity
        reference = nn.RNN(input_size, hidden_size, nonlinearity=nonlinearity)  # for its init
        self.weight_ih_l0 = nn.Parameter(reference.weight_ih_l0.detach().clone())
        self.weight_hh_l0 = nn.Parameter(reference.weight_hh_l0.detach().clone())
        self.bias_ih_l0 = nn.Parameter(reference.bias_ih_l0.detach().clone())
        self.bias_hh_l0 = nn.Parameter(reference.bias_hh_l0.detach().clone())

    def forward(
        self, x: torch.Tensor, h0: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return all hidden states ``(N, T, H)`` and the last one as ``(1, N, H)``, like
        ``nn.RNN``."""
        if h0 is None:
            h0 = x.new_zeros(x.shape[0], self.hidden_size)
        else:
            h0 = h0[0]  # nn.RNN's (layers, N, H) layout
        out, h = rnn_forward(
            x,
            h0,
            self.weight_ih_l0,
            self.weight_hh_l0,
            self.bias_ih_l0,
            self.bias_hh_l0,
            self.nonlinearity,
        )
        return out, h.unsqueeze(0)


class RNNForecaster(nn.Module):
    """Read a window of a time series with an RNN, GRU or LSTM and predict the next value(s).

    ``(N, T, features) → recurrent layer → last hidden state → Linear → (N, horizon)``.

    Examples
    --------
    >>> model = RNNForecaster(cell="lstm", hidden_size=16)
    >>> model(torch.zeros(8, 24, 1)).shape
    torch.Size([8, 1])
    """

    _CELLS: ClassVar[dict[str, type[nn.RNNBase]]] = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}

    def __init__(
        self,
        cell: str = "gru",
        input_size: int = 1,
        hidden_size: int = 32,
        num_layers: int = 1,
        horizon: int = 1,
    ):
        super().__init__()
        if cell not in self._CELLS:
            raise ValueError(
                f"cell must be one of {sorted(self._CELLS)}, got {cell!r}. 'gru' is a good "
                "default; 'lstm' keeps longer memories, 'rnn' is the plain Elman cell."
            )
        self.input_size = input_size
        self.rnn = self._CELLS[cell](
            input_size, hidden_size, num_layers=num_layers, batch_first=True
        )
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(
            x,
            ("N", "T", self.input_size),
            "RNNForecaster",
            "Windows are (batch, time, features): add a feature axis with x.unsqueeze(-1).",
        )
        out, _ = self.rnn(x)  # (N, T, hidden)
        return self.head(out[:, -1])  # predict from the last time step: (N, horizon)
