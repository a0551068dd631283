"""dlnotes.plotting draws what it is given and rejects what it cannot draw."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

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
