"""dlnotes.plotting draws what it is given and rejects what it cannot draw."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlnotes.descent import gradient_descent, loss_grid, make_linear_data
from dlnotes.plotting import plot_descent_paths, plot_loss_contour, plot_loss_surface


@pytest.fixture
def grid():
    x, y = make_linear_data(100)
    return x, y, loss_grid(x, y, np.linspace(-2, 4, 31), np.linspace(-1, 5, 31))


def test_surface_marks_points_on_both_panels(grid):
    _, _, (B, W, L) = grid
    fig, (ax3d, ax2d) = plot_loss_surface(B, W, L, marks={"start": (0, 0), "min": (1, 2)})
    assert len(fig.axes) == 3  # surface, contour, colorbar
    labels = [line.get_label() for line in ax2d.get_lines()]
    assert labels == ["start", "min"]
    assert [line.get_label() for line in ax3d.get_lines()] == ["start", "min"]


def test_contour_draws_on_the_given_axes(grid):
    _, _, (B, W, L) = grid
    _, ax = plt.subplots()
    assert plot_loss_contour(B, W, L, ax=ax) is ax


def test_paths_are_drawn_point_for_point(grid):
    x, y, (B, W, L) = grid
    path = gradient_descent(x, y, b0=-1.0, w0=4.0, lr=0.1, epochs=50)
    ax = plot_descent_paths({"gd": path.params}, ax=plot_loss_contour(B, W, L))
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xydata(), path.params)


def test_bad_shapes_are_explained(grid):
    _, _, (B, W, L) = grid
    with pytest.raises(ValueError, match=r"one shape"):
        plot_loss_contour(B, W, L[:-1])
    with pytest.raises(ValueError, match=r"paths\['p'\] must have shape \(steps, 2\)"):
        plot_descent_paths({"p": np.zeros((3, 3))}, ax=plt.gca())


def test_function_panels_use_the_autograd_derivative():
    from dlnotes.plotting import plot_function_and_derivative

    _, axes = plot_function_and_derivative({"sigmoid": torch.sigmoid, "square": lambda x: x**2})
    f_line, d_line = axes[0, 1].get_lines()[:2]
    x = f_line.get_xdata()
    np.testing.assert_allclose(d_line.get_ydata(), 2 * x, atol=1e-5)  # d/dx x² = 2x
    assert max(axes[0, 0].get_lines()[1].get_ydata()) == pytest.approx(0.25, abs=1e-4)


def test_confusion_matrix_counts_pairs():
    from dlnotes.plotting import plot_confusion_matrix

    ax = plot_confusion_matrix(torch.tensor([0, 1, 2, 2, 2]), torch.tensor([0, 2, 2, 2, 1]))
    assert ax.images[0].get_array().tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 2]]
    ax = plot_confusion_matrix(np.array([0, 0, 1]), np.array([0, 1, 1]), normalize=True)
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.5, 0.5], [0.0, 1.0]])


def test_decision_boundary_and_grids():
    from dlnotes.plotting import (
        plot_decision_boundary,
        plot_distributions,
        plot_feature_maps,
        plot_image_grid,
        plot_training_curves,
    )

    x = torch.randn(20, 2, generator=torch.Generator().manual_seed(0))
    ax = plot_decision_boundary(lambda p: torch.sigmoid(p[:, 0]), x, (x[:, 0] > 0).float())
    assert len(ax.collections) >= 3
    with pytest.raises(ValueError, match="two features"):
        plot_decision_boundary(lambda p: p, torch.zeros(3, 3), torch.zeros(3))
    _, axes = plot_image_grid(torch.rand(5, 3, 4, 4), ncols=2)
    assert axes.shape == (3, 2) and not axes[2, 1].images
    _, axes = plot_feature_maps(torch.randn(4, 2, 3, 3))
    assert axes.shape == (1, 4)
    assert (
        len(plot_distributions({"a": torch.randn(10), "b": torch.randn(10)}).get_xticklabels()) == 2
    )
    with pytest.raises(KeyError, match="not recorded"):
        plot_training_curves({"train_loss": [1.0]}, keys=["val_loss"])
