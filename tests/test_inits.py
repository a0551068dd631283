"""dlnotes.inits against torch.nn.init: identical draws for the same generator, the formulas'
bounds and standard deviations, and empirical variances of large tensors."""

import math
from functools import partial

import pytest
import torch
from helpers import assert_explained
from torch import nn

from dlnotes import inits

NONLINEARITIES = ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]


def g(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("nonlinearity", NONLINEARITIES)
def test_gain_equals_torch(nonlinearity):
    assert inits.calculate_gain(nonlinearity) == pytest.approx(
        nn.init.calculate_gain(nonlinearity), rel=1e-15
    )


def test_leaky_relu_gain_with_slope():
    for slope in [0.0, 0.1, 0.2, 1.0]:
        assert inits.calculate_gain("leaky_relu", slope) == pytest.approx(
            nn.init.calculate_gain("leaky_relu", slope)
        )


@pytest.mark.parametrize("shape", [(2, 5), (10, 5, 3, 3), (4, 3, 7), (6, 2, 2, 2, 2)])
def test_fans_equal_torch(shape):
    t = torch.empty(shape)
    assert inits.fan_in_and_fan_out(t) == nn.init._calculate_fan_in_and_fan_out(t)


SAME_DRAWS = [
    ("uniform_", {"a": -0.3, "b": 0.7}),
    ("normal_", {"mean": 0.5, "std": 2.0}),
    ("xavier_uniform_", {}),
    ("xavier_uniform_", {"gain": 5 / 3}),
    ("xavier_normal_", {"gain": 2.0}),
    ("kaiming_uniform_", {}),
    ("kaiming_uniform_", {"a": 0.2, "mode": "fan_out", "nonlinearity": "leaky_relu"}),
    ("kaiming_normal_", {"nonlinearity": "relu"}),
    ("kaiming_normal_", {"mode": "fan_out", "nonlinearity": "tanh"}),
]


@pytest.mark.parametrize(("name", "kwargs"), SAME_DRAWS)
@pytest.mark.parametrize("shape", [(64, 32), (8, 4, 3, 3)])
def test_same_generator_gives_the_same_weights_as_torch(name, kwargs, shape):
    ours = getattr(inits, name)(torch.empty(shape), **kwargs, generator=g(7))
    theirs = getattr(nn.init, name)(torch.empty(shape), **kwargs, generator=g(7))
    torch.testing.assert_close(ours, theirs, rtol=0, atol=0)


@pytest.mark.parametrize("name", ["zeros_", "ones_", "eye_"])
def test_deterministic_fills_equal_torch(name):
    ours = getattr(inits, name)(torch.randn(4, 6))
    theirs = getattr(nn.init, name)(torch.randn(4, 6))
    assert torch.equal(ours, theirs)
    assert torch.equal(
        inits.constant_(torch.empty(3, 2), 0.1), nn.init.constant_(torch.empty(3, 2), 0.1)
    )


def test_bounds_and_stds_follow_the_formulas():
    fan_in, fan_out = 300, 200
    shape = (fan_out, fan_in)
    w = inits.xavier_uniform_(torch.empty(shape), generator=g())
    bound = math.sqrt(6 / (fan_in + fan_out))
    assert w.abs().max() <= bound and w.abs().max() > 0.99 * bound
    w = inits.kaiming_uniform_(torch.empty(shape), nonlinearity="relu", generator=g())
    bound = math.sqrt(3) * math.sqrt(2) / math.sqrt(fan_in)
    assert w.abs().max() <= bound and w.abs().max() > 0.99 * bound


@pytest.mark.parametrize(
    ("name", "kwargs", "expected_std"),
    [
        ("xavier_uniform_", {}, math.sqrt(2 / (500 + 1000))),
        ("xavier_normal_", {"gain": 5 / 3}, 5 / 3 * math.sqrt(2 / (500 + 1000))),
        ("kaiming_uniform_", {"nonlinearity": "relu"}, math.sqrt(2 / 1000)),
        ("kaiming_normal_", {"nonlinearity": "relu", "mode": "fan_out"}, math.sqrt(2 / 500)),
        ("kaiming_normal_", {}, math.sqrt(2 / (1 + 0.01**2)) / math.sqrt(1000)),
    ],
)
def test_empirical_variance_of_large_tensors(name, kwargs, expected_std):
    ours = getattr(inits, name)(torch.empty(500, 1000), **kwargs, generator=g(1))
    theirs = getattr(nn.init, name)(torch.empty(500, 1000), **kwargs, generator=g(2))
    # 500 000 draws: the sample std is within ~0.3 % of the truth
    assert ours.std().item() == pytest.approx(expected_std, rel=0.01)
    assert ours.std().item() == pytest.approx(theirs.std().item(), rel=0.01)
    assert abs(ours.mean().item()) < 0.01 * expected_std * 10


def test_initializers_do_not_record_autograd_history():
    layer = nn.Linear(5, 2)
    inits.xavier_uniform_(layer.weight, generator=g())
    assert layer.weight.grad_fn is None and layer.weight.requires_grad and layer.weight.is_leaf


def test_init_model_touches_every_layer_of_the_kind():
    net = nn.Sequential(
        nn.Linear(3, 4), nn.Tanh(), nn.Sequential(nn.Linear(4, 4), nn.ReLU()), nn.Linear(4, 2)
    )
    inits.init_model(
        net,
        weight=partial(inits.xavier_uniform_, generator=g()),
        bias=partial(inits.constant_, val=0.1),
    )
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    assert len(linears) == 3
    for m in linears:
        assert torch.all(m.bias == 0.1)
        fan_in, fan_out = m.in_features, m.out_features
        assert m.weight.abs().max() <= math.sqrt(6 / (fan_in + fan_out))


def test_init_for_activation_picks_the_scheme():
    relu_layer = inits.init_for_activation(nn.Linear(1000, 500), "relu", generator=g())
    tanh_layer = inits.init_for_activation(nn.Linear(1000, 500), "tanh", generator=g())
    assert relu_layer.weight.std().item() == pytest.approx(math.sqrt(2 / 1000), rel=0.02)
    assert tanh_layer.weight.std().item() == pytest.approx(5 / 3 * math.sqrt(2 / 1500), rel=0.02)
    with pytest.raises(ValueError, match="activation must be one of"):
        inits.init_for_activation(nn.Linear(2, 2), "softmax")


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda: inits.xavier_uniform_(torch.empty(5)),
            ValueError,
            ["at least 2 dimensions", "(5,)", "zeros_"],
        ),
        (
            lambda: inits.kaiming_normal_(torch.empty(3, 3), mode="fan"),
            ValueError,
            ["mode", "'fan_in'", "'fan'"],
        ),
        (
            lambda: inits.calculate_gain("softmax"),
            ValueError,
            ["Unsupported nonlinearity", "'softmax'"],
        ),
        (
            lambda: inits.normal_(torch.empty(3, dtype=torch.long)),
            TypeError,
            ["floating point", "torch.int64"],
        ),
        (lambda: inits.eye_(torch.empty(2, 2, 2)), ValueError, ["2-D", "(2, 2, 2)"]),
        (lambda: inits.uniform_(torch.empty(3), 1.0, 0.0), ValueError, ["a ≤ b"]),
        (
            lambda: inits.xavier_uniform_(nn.Linear(2, 2)),
            TypeError,
            ["torch.Tensor", "layer.weight", "Linear"],
        ),
        (lambda: inits.init_model("net"), TypeError, ["nn.Module", "str"]),
    ],
)
def test_bad_input_is_explained(call, error, words):
    assert_explained(call, error, words)
