"""dlnotes.activations against torch, and each analytic derivative against autograd."""

import pytest
import torch
import torch.nn.functional as F

from dlnotes import activations as A

DTYPES = [torch.float32, torch.float64]


def points(dtype):
    g = torch.Generator().manual_seed(0)
    x = 4 * torch.randn(200, generator=g, dtype=dtype)
    return torch.cat([x, torch.tensor([0.0, -100.0, 100.0, -1000.0, 1000.0], dtype=dtype)])


def autograd_derivative(f, x):
    x = x.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x).sum(), x)  # elementwise f: d(sum f)/dx_i = f'(x_i)
    return grad


ELEMENTWISE = [
    ("sigmoid", A.sigmoid, A.sigmoid_derivative, torch.sigmoid),
    ("tanh", A.tanh, A.tanh_derivative, torch.tanh),
    ("relu", A.relu, A.relu_derivative, torch.relu),
    ("leaky_relu", A.leaky_relu, A.leaky_relu_derivative, F.leaky_relu),
    (
        "leaky_relu_0.2",
        lambda x: A.leaky_relu(x, 0.2),
        lambda x: A.leaky_relu_derivative(x, 0.2),
        lambda x: F.leaky_relu(x, 0.2),
    ),
    (
        "prelu",
        lambda x: A.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
        lambda x: A.prelu_derivative(x, torch.tensor([0.25], dtype=x.dtype)),
        lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
    ),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("name", "f", "df", "reference"), ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE]
)
def test_function_matches_torch_and_derivative_matches_autograd(name, f, df, reference, dtype):
    x = points(dtype)
    torch.testing.assert_close(f(x), reference(x))
    torch.testing.assert_close(df(x), autograd_derivative(reference, x))
    torch.testing.assert_close(df(x), autograd_derivative(f, x))  # our own graph, too
    assert torch.isfinite(f(x)).all() and torch.isfinite(df(x)).all()


def test_saturation_slopes():
    x = torch.linspace(-10, 10, 20001, dtype=torch.float64)
    assert A.sigmoid_derivative(x).max() == pytest.approx(0.25)
    assert A.tanh_derivative(x).max() == pytest.approx(1.0)
    assert A.sigmoid_derivative(torch.tensor([10.0])) < 5e-5  # saturated: gradient vanishes


def test_prelu_per_channel_weight():
    x = torch.randn(2, 3, 4, 4, generator=torch.Generator().manual_seed(1))
    w = torch.tensor([0.1, 0.2, 0.3])
    torch.testing.assert_close(A.prelu(x, w), F.prelu(x, w))
    xg = x.clone().requires_grad_()
    (grad,) = torch.autograd.grad(F.prelu(xg, w).sum(), xg)
    torch.testing.assert_close(A.prelu_derivative(x, w), grad)
    with pytest.raises(ValueError, match="one per channel"):
        A.prelu(x, torch.ones(4))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_and_log_softmax_match_torch(dim, dtype):
    x = 30 * torch.randn(5, 7, generator=torch.Generator().manual_seed(2), dtype=dtype)
    x[0, 0] = 1000.0  # stable: no overflow
    torch.testing.assert_close(A.softmax(x, dim), torch.softmax(x, dim))
    torch.testing.assert_close(A.log_softmax(x, dim), torch.log_softmax(x, dim))
    torch.testing.assert_close(
        A.softmax(x, dim).sum(dim), torch.ones(x.shape[1 - dim % 2], dtype=dtype)
    )


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_jacobians_match_autograd(name):
    x = torch.randn(3, 5, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    f = getattr(A, name)
    jacobian = getattr(A, f"{name}_jacobian")(x)  # (3, 5, 5)
    for i in range(3):
        expected = torch.autograd.functional.jacobian(lambda row: f(row, dim=-1), x[i])
        torch.testing.assert_close(jacobian[i], expected)
    if name == "softmax":  # rows of a softmax Jacobian sum to zero: probabilities stay normalized
        torch.testing.assert_close(jacobian.sum(dim=1), torch.zeros(3, 5, dtype=torch.float64))


def test_integer_input_is_explained():
    with pytest.raises(
        TypeError, match=r"floating-point tensor, got dtype torch.int64.*x.float\(\)"
    ):
        A.relu(torch.tensor([1, -2]))
    with pytest.raises(TypeError, match=r"must be a torch\.Tensor"):
        A.sigmoid([0.0, 1.0])


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_dropout_equals_torch_for_the_same_seed(p, dtype):
    x = torch.randn(64, 33, dtype=dtype, generator=torch.Generator().manual_seed(1))
    torch.manual_seed(7)
    expected = torch.nn.functional.dropout(x, p)
    ours = A.dropout(x, p, generator=torch.Generator().manual_seed(7))
    assert torch.equal(ours, expected)


def test_dropout_keeps_the_mean_and_its_gradient_is_the_mask():
    x = torch.ones(200_000, requires_grad=True)
    y = A.dropout(x, 0.3, generator=torch.Generator().manual_seed(0))
    assert abs(float(y.mean()) - 1) < 0.01  # E[y] = x
    assert abs(float((y == 0).float().mean()) - 0.3) < 0.01
    y.sum().backward()
    torch.testing.assert_close(x.grad, y.detach())  # d y / d x = m / (1 - p) = y here


def test_dropout_off_in_evaluation_and_for_p_zero():
    x = torch.randn(5)
    assert A.dropout(x, 0.5, training=False) is x
    assert A.dropout(x, 0.0) is x
