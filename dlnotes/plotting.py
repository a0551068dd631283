"""Figures shared by the tutorials.

Every function returns what it drew (a figure and/or axes), takes ``ax=`` where it draws a single
panel, and never calls ``plt.show()``: the caller decides whether to show, save or keep drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["plot_descent_paths", "plot_loss_contour", "plot_loss_surface"]

# Marker styles for named points, chosen to read on the viridis colormap.
_MARK_STYLES = (
    {"marker": "o", "color": "tab:red"},
    {"marker": "*", "color": "white", "markeredgecolor": "black", "markersize": 14},
    {"marker": "X", "color": "tab:orange", "markeredgecolor": "black"},
    {"marker": "s", "color": "tab:pink", "markeredgecolor": "black"},
)


def _check_grid(B: np.ndarray, W: np.ndarray, L: np.ndarray) -> None:
    if not (np.shape(B) == np.shape(W) == np.shape(L)) or np.ndim(L) != 2:
        raise ValueError(
            "B, W and L must be 2-D arrays of one shape (as returned by "
            f"dlnotes.descent.loss_grid), got shapes {np.shape(B)}, {np.shape(W)}, {np.shape(L)}."
        )


def plot_loss_contour(
    B: np.ndarray,
    W: np.ndarray,
    L: np.ndarray,
    *,
    marks: Mapping[str, tuple[float, float]] | None = None,
    levels: int = 20,
    ax: Axes | None = None,
) -> Axes:
    """Draw the loss over a ``(b, w)`` grid as filled contours, with named points marked.

    Parameters
    ----------
    B, W, L : numpy.ndarray
        The grid and the loss on it, shape ``(W, B)`` each (see :func:`dlnotes.descent.loss_grid`).
    marks : dict, optional
        Label → ``(b, w)`` of points to mark, e.g. ``{"start": (b0, w0), "minimum": (b_star, w_star)}``.
    levels : int
        Number of contour levels. They are spaced evenly in the *square root* of the loss, so the
        narrow region around the minimum gets as many lines as the steep walls.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from dlnotes.descent import loss_grid, make_linear_data
    >>> x, y = make_linear_data(100)
    >>> B, W, L = loss_grid(x, y, np.linspace(-2, 4, 41), np.linspace(-1, 5, 41))
    >>> ax = plot_loss_contour(B, W, L, marks={"truth": (1.0, 2.0)})
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('b (intercept)', 'w (slope)')
    >>> plt.close("all")
    """
    _check_grid(B, W, L)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5), layout="constrained")
    root = np.sqrt(L - L.min())
    contour_levels = (np.linspace(0, root.max(), levels) ** 2 + L.min())[1:]
    filled = ax.contourf(B, W, L, levels=np.r_[L.min(), contour_levels], cmap="viridis")
    ax.contour(B, W, L, levels=contour_levels, colors="white", linewidths=0.4, alpha=0.6)
    ax.figure.colorbar(filled, ax=ax, label="loss (MSE)")
    for style, (label, (b, w)) in zip(_MARK_STYLES * 4, (marks or {}).items(), strict=False):
        ax.plot(b, w, linestyle="none", label=label, **{"markersize": 9, **style})
    ax.set(xlabel="b (intercept)", ylabel="w (slope)")
    if marks:
        ax.legend(loc="upper right", framealpha=0.9)
    return ax


def plot_loss_surface(
    B: np.ndarray,
    W: np.ndarray,
    L: np.ndarray,
    *,
    marks: Mapping[str, tuple[float, float]] | None = None,
    title: str | None = None,
) -> tuple[Figure, tuple[Axes, Axes]]:
    """The loss as a 3-D surface and as a contour map, side by side, with points marked on both.

    The surface shows the shape (a bowl, a valley); the contour map is where paths are easy to
    follow, because nothing hides behind anything.

    Parameters
    ----------
    B, W, L : numpy.ndarray
        The grid and the loss on it (see :func:`dlnotes.descent.loss_grid`).
    marks : dict, optional
        Label → ``(b, w)`` of points to mark, drawn on both panels.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, (ax_surface, ax_contour)

    Examples
    --------
    >>> from dlnotes.descent import loss_grid, make_linear_data
    >>> x, y = make_linear_data(100)
    >>> B, W, L = loss_grid(x, y, np.linspace(-2, 4, 41), np.linspace(-1, 5, 41))
    >>> fig, (ax3d, ax2d) = plot_loss_surface(B, W, L, marks={"truth": (1.0, 2.0)})
    >>> ax3d.name, ax2d.name
    ('3d', 'rectilinear')
    >>> plt.close(fig)
    """
    _check_grid(B, W, L)
    fig = plt.figure(figsize=(11, 4.6), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ax3d.plot_surface(B, W, L, cmap="viridis", rstride=2, cstride=2, alpha=0.85, linewidth=0)
    for style, (label, (b, w)) in zip(_MARK_STYLES * 4, (marks or {}).items(), strict=False):
        # Loss at the mark, from the nearest grid point, so the marker sits on the surface.
        i, j = np.unravel_index(np.argmin((B - b) ** 2 + (W - w) ** 2), B.shape)
        ax3d.plot(
            [b],
            [w],
            [L[i, j]],
            linestyle="none",
            label=label,
            zorder=10,
            **{"markersize": 9, **style},
        )
    ax3d.set(xlabel="b", ylabel="w", zlabel="loss")
    ax3d.view_init(elev=30, azim=-60)
    ax2d = fig.add_subplot(1, 2, 2)
    plot_loss_contour(B, W, L, marks=marks, ax=ax2d)
    ax3d.set_title("loss surface")
    ax2d.set_title("contour map (top view)")
    if title:
        fig.suptitle(title)
    return fig, (ax3d, ax2d)


def plot_descent_paths(
    paths: Mapping[str, np.ndarray | Sequence[tuple[float, float]]],
    *,
    ax: Axes,
    max_markers: int = 40,
) -> Axes:
    """Draw descent paths (sequences of ``(b, w)``) over an existing contour map.

    Parameters
    ----------
    paths : dict
        Label → array of shape ``(steps, 2)`` with the ``(b, w)`` visited, e.g. ``{"lr=0.1": path.params}``.
    ax : matplotlib.axes.Axes
        Usually the axes returned by :func:`plot_loss_contour`.
    max_markers : int
        Long paths are drawn as a line with at most this many step markers, to stay readable.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from dlnotes.descent import gradient_descent, loss_grid, make_linear_data
    >>> x, y = make_linear_data(100)
    >>> path = gradient_descent(x, y, b0=-1.0, w0=4.0, lr=0.1, epochs=100)
    >>> B, W, L = loss_grid(x, y, np.linspace(-2, 4, 41), np.linspace(-1, 5, 41))
    >>> ax = plot_loss_contour(B, W, L)
    >>> ax = plot_descent_paths({"lr=0.1": path.params}, ax=ax)
    >>> len(ax.get_lines())
    1
    >>> plt.close("all")
    """
    colors = ("tab:orange", "tab:cyan", "white", "tab:pink", "tab:red", "black")
    for color, (label, points) in zip(colors * 4, paths.items(), strict=False):
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(
                f"paths[{label!r}] must have shape (steps, 2) with (b, w) per row, "
                f"got shape {points.shape}. Pass DescentPath.params."
            )
        every = max(1, len(points) // max_markers)
        ax.plot(
            points[:, 0],
            points[:, 1],
            "-o",
            color=color,
            markersize=3,
            linewidth=1.2,
            markevery=every,
            label=label,
            markeredgecolor="black",
            markeredgewidth=0.3,
        )
    ax.legend(loc="upper right", framealpha=0.9)
    return ax
