"""dlnotes.models: shapes, the architectures' defining properties, and shape errors."""

import pytest
import torch
from helpers import assert_explained
from torch import nn

from dlnotes import models


def g(seed=0):
    return torch.Generator().manual_seed(seed)


def test_linear_and_logistic_regression():
    torch.manual_seed(0)
    lin = models.LinearRegression(3, 2)
    assert lin(torch.randn(5, 3, generator=g())).shape == (5, 2)
    logit = models.LogisticRegression(4)
    x = torch.randn(6, 4, generator=g())
    torch.testing.assert_close(logit.predict_proba(x), torch.sigmoid(logit(x)))


def test_mlp_layout_and_auto_init():
    net = models.MLP(
        (100, 400, 300, 10), activation="relu", dropout=0.1, init="auto", generator=g()
    )
    kinds = [type(m).__name__ for m in net.layers]
    assert kinds == ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]
    first = net.layers[0]
    assert first.weight.std().item() == pytest.approx((2 / 100) ** 0.5, rel=0.05)  # Kaiming
    assert torch.all(first.bias == 0)
    assert net(torch.zeros(7, 100)).shape == (7, 10)


def test_tiny_net_matches_the_description():
    net = models.TinyNet(generator=g(3))
    # the same draws as torch.nn.init with the same generator
    expected = torch.empty(4, 3)
    nn.init.xavier_normal_(expected, generator=g(3))
    torch.testing.assert_close(net.linear1.weight.detach(), expected, rtol=0, atol=0)
    assert sum(p.numel() for p in net.linear1.parameters()) == 3 * 4 + 4
    x = torch.randn(10, 3, generator=g(4))
    probs = net(x)
    torch.testing.assert_close(probs.sum(1), torch.ones(10))
    torch.testing.assert_close(probs, torch.softmax(net.logits(x), dim=1))


def test_digit_cnn_accepts_channels_last_inputs():
    # the memory format GPUs prefer for convolutions; a .view() flatten would fail on it
    torch.manual_seed(0)
    net = models.DigitCNN(image_size=8, channels=(4, 8), hidden=16).eval()
    x = torch.randn(5, 1, 8, 8)
    expected = net(x)
    fast = net.to(memory_format=torch.channels_last)
    out = fast(x.contiguous(memory_format=torch.channels_last))
    torch.testing.assert_close(out, expected)


@pytest.mark.parametrize("size", [8, 28])
def test_digit_cnn_sizes(size):
    net = models.DigitCNN(image_size=size, channels=(4, 8), hidden=32)
    assert net(torch.zeros(3, 1, size, size)).shape == (3, 10)
    assert net.classifier[0].in_features == 8 * (size // 2) ** 2


def test_inception_block_concatenates_its_branches():
    block = models.InceptionBlock(in_channels=5)
    x = torch.randn(2, 5, 9, 9, generator=g())
    y = block(x)
    assert y.shape == (2, block.out_channels, 9, 9) and block.out_channels == 88
    torch.testing.assert_close(y[:, :16], block.branch1x1(x))
    torch.testing.assert_close(y[:, -24:], block.branch_pool(x))


def test_inception_block_has_a_relu_after_every_convolution():
    block = models.InceptionBlock(in_channels=5)
    for branch in (block.branch1x1, block.branch5x5, block.branch3x3, block.branch_pool):
        layers = list(branch)
        for i, layer in enumerate(layers):
            if isinstance(layer, nn.Conv2d):
                assert isinstance(layers[i + 1], nn.ReLU), (branch, i)
    # so the block is not affine: f(a + b) − f(a) − f(b) + f(0), 0 for an affine f, is not small
    a, b = torch.randn(2, 2, 5, 9, 9, generator=g())
    with torch.no_grad():
        gap = block(a + b) - block(a) - block(b) + block(torch.zeros_like(a))
        assert gap.abs().max() > 0.1 * block(a).abs().max()


def test_residual_block_is_identity_plus_correction():
    block = models.ResidualBlock(channels=4)
    with torch.no_grad():
        for conv in (block.conv1, block.conv2):
            conv.weight.zero_()
            conv.bias.zero_()
    x = torch.randn(2, 4, 5, 5, generator=g())
    torch.testing.assert_close(block(x), torch.relu(x))  # F(x) = 0 leaves the identity


def first_layer_grad_norm(residual, activation):
    torch.manual_seed(0)
    net = models.DeepStack(
        8, 32, depth=30, out_features=1, activation=activation, residual=residual
    )
    x = torch.randn(64, 8, generator=g(1))
    net(x).pow(2).mean().backward()
    return net.blocks[0].weight.grad.norm().item()


def test_residual_connections_keep_gradients_alive_in_a_deep_sigmoid_stack():
    plain = first_layer_grad_norm(residual=False, activation="sigmoid")
    residual = first_layer_grad_norm(residual=True, activation="sigmoid")
    assert plain < 1e-8  # thirty sigmoid layers: the gradient has all but vanished
    assert residual > 1e3 * plain


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_manual_rnn_equals_nn_rnn_values_and_gradients(nonlinearity):
    torch.manual_seed(0)
    rnn = nn.RNN(3, 5, nonlinearity=nonlinearity, batch_first=True).double()
    manual = models.ManualRNN(3, 5, nonlinearity=nonlinearity).double()
    manual.load_state_dict(rnn.state_dict())
    x = torch.randn(4, 7, 3, generator=g(), dtype=torch.float64)
    h0 = torch.randn(1, 4, 5, generator=g(1), dtype=torch.float64)
    out_ours, h_ours = manual(x, h0)
    out_theirs, h_theirs = rnn(x, h0)
    torch.testing.assert_close(out_ours, out_theirs, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(h_ours, h_theirs, rtol=1e-12, atol=1e-12)
    out_ours.sum().backward()
    out_theirs.sum().backward()
    for name, p in manual.named_parameters():
        torch.testing.assert_close(p.grad, getattr(rnn, name).grad, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_forecaster_cells(cell):
    model = models.RNNForecaster(cell=cell, hidden_size=8, horizon=3)
    assert model(torch.zeros(5, 12, 1)).shape == (5, 3)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda: models.DigitCNN()(torch.zeros(4, 784)),
            ValueError,
            ["DigitCNN expects input of shape (N, 1, 28, 28)", "(4, 784)", "x.view(-1, 1, 28, 28)"],
        ),
        (
            lambda: models.DigitCNN(image_size=8)(torch.zeros(4, 8, 8)),
            ValueError,
            ["(N, 1, 8, 8)", "x.unsqueeze(1)"],
        ),
        (
            lambda: models.MLP((784, 10))(torch.zeros(4, 1, 28, 28)),
            ValueError,
            ["(N, 784)", "(4, 1, 28, 28)", "flatten"],
        ),
        (
            lambda: models.MLP((784, 10))(torch.zeros(4, 784, dtype=torch.uint8)),
            TypeError,
            ["floating-point", "torch.uint8", "x.float()"],
        ),
        (
            lambda: models.LinearRegression()(torch.zeros(10)),
            ValueError,
            ["(N, 1)", "(10,)", "reshape(-1, 1)"],
        ),
        (
            lambda: models.RNNForecaster()(torch.zeros(8, 24)),
            ValueError,
            ["(N, T, 1)", "(8, 24)", "unsqueeze(-1)"],
        ),
        (lambda: models.MLP([784]), ValueError, ["at least an input and an output"]),
        (lambda: models.MLP((4, 2), activation="softmax"), ValueError, ["activation", "'softmax'"]),
        (lambda: models.DigitCNN(image_size=27), ValueError, ["even", "27"]),
        (lambda: models.RNNForecaster(cell="transformer"), ValueError, ["cell", "'lstm'"]),
        (lambda: models.TinyNet()([[1.0, 2.0, 3.0]]), TypeError, ["torch.Tensor", "list"]),
    ],
)
def test_shape_errors_are_explained(call, error, words):
    assert_explained(call, error, words)
