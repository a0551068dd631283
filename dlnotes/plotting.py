"""Figures shared by the tutorials.

Every function returns what it drew (a figure and/or axes), takes ``ax=`` where it draws a single
panel, and never calls ``plt.show()``: the caller decides whether to show, save or keep drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "plot_confusion_matrix",
    "plot_decision_boundary",
    "plot_descent_paths",
    "plot_distributions",
    "plot_feature_maps",
    "plot_function_and_derivative",
    "plot_image_grid",
    "plot_loss_contour",
    "plot_loss_surface",
    "plot_training_curves",
]

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


def _numpy(values: object) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    return np.asarray(values)


def plot_function_and_derivative(
    functions: Mapping[str, Callable[[torch.Tensor], torch.Tensor]],
    *,
    x: torch.Tensor | None = None,
    ncols: int = 3,
) -> tuple[Figure, np.ndarray]:
    """One panel per function: the function and its derivative, the derivative from autograd.

    Under the hood, for each ``f``::

        x = torch.linspace(-6, 6, 601, requires_grad=True)
        y = f(x)
        y.sum().backward()  # d(sum_i f(x_i))/dx_i = f'(x_i), since each y_i depends on x_i only
        derivative = x.grad

    Returns
    -------
    fig, axes

    Examples
    --------
    >>> fig, axes = plot_function_and_derivative({"tanh": torch.tanh, "relu": torch.relu})
    >>> [ax.get_title() for ax in axes.flat[:2]]
    ['tanh', 'relu']
    >>> plt.close(fig)
    """
    x = torch.linspace(-6, 6, 601) if x is None else x.detach()
    n = len(functions)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.6 * ncols, 2.8 * nrows), squeeze=False, layout="constrained"
    )
    for ax, (name, f) in zip(axes.flat, functions.items(), strict=False):
        xg = x.clone().requires_grad_(True)
        y = f(xg)
        (grad,) = torch.autograd.grad(y.sum(), xg)
        ax.plot(_numpy(x), _numpy(y), label="f(x)")
        ax.plot(_numpy(x), _numpy(grad), "--", label="f′(x) (autograd)")
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.set(title=name, xlabel="x")
        ax.legend(fontsize="small")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes


def plot_training_curves(
    history: object,
    *,
    keys: Sequence[str] | None = None,
    ax: Axes | None = None,
    logy: bool = False,
) -> Axes:
    """Plot per-epoch values of a :class:`dlnotes.train.History` (or a dict of lists).

    By default plots every ``*_loss`` key; pass ``keys=["train_accuracy", "val_accuracy"]`` for
    metrics.

    Examples
    --------
    >>> ax = plot_training_curves({"train_loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6]})
    >>> [line.get_label() for line in ax.get_lines()]
    ['train_loss', 'val_loss']
    >>> plt.close("all")
    """
    columns = history.to_dict() if hasattr(history, "to_dict") else dict(history)
    if keys is None:
        keys = [k for k in columns if k.endswith("loss")]
    missing = [k for k in keys if k not in columns]
    if missing:
        raise KeyError(f"{missing} not recorded; available: {sorted(columns)}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    for key in keys:
        values = columns[key]
        ax.plot(range(1, len(values) + 1), values, "o-", markersize=3, label=key)
    ax.set(xlabel="epoch", ylabel=", ".join(sorted({k.split("_", 1)[-1] for k in keys})))
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_image_grid(
    images: torch.Tensor | np.ndarray,
    *,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    cmap: str = "gray_r",
    size: float = 1.2,
) -> tuple[Figure, np.ndarray]:
    """Show images ``(N, H, W)`` or ``(N, C, H, W)`` (C = 1 or 3) in a grid, without axes.

    Examples
    --------
    >>> fig, axes = plot_image_grid(torch.rand(10, 1, 8, 8), titles=[str(i) for i in range(10)], ncols=5)
    >>> axes.shape
    (2, 5)
    >>> plt.close(fig)
    """
    images = _numpy(images)
    if images.ndim == 4:
        images = images[:, 0] if images.shape[1] == 1 else images.transpose(0, 2, 3, 1)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be (N, H, W) or (N, C, H, W), got shape {images.shape}.")
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(size * ncols, size * nrows + 0.2 * bool(titles)),
        squeeze=False,
        layout="constrained",
    )
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < n:
            ax.imshow(images[i], cmap=cmap if images.ndim == 3 else None)
            if titles is not None:
                ax.set_title(titles[i], fontsize="small")
    return fig, axes


def plot_feature_maps(
    maps: torch.Tensor | np.ndarray,
    *,
    ncols: int = 8,
    title: str | None = None,
    cmap: str = "RdBu_r",
) -> tuple[Figure, np.ndarray]:
    """Show the channels of one feature map ``(C, H, W)`` or a bank of filters
    ``(out, in, kH, kW)`` (the first input channel of each), with a symmetric colour scale so
    that 0 is white, positive red and negative blue.

    Examples
    --------
    >>> fig, axes = plot_feature_maps(torch.randn(6, 5, 5), ncols=3, title="six channels")
    >>> axes.shape
    (2, 3)
    >>> plt.close(fig)
    """
    maps = _numpy(maps)
    if maps.ndim == 4:
        maps = maps[:, 0]
    if maps.ndim != 3:
        raise ValueError(f"maps must be (C, H, W) or (out, in, kH, kW), got shape {maps.shape}.")
    limit = float(np.abs(maps).max()) or 1.0
    n = len(maps)
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.3 * ncols, 1.3 * nrows + 0.4 * bool(title)),
        squeeze=False,
        layout="constrained",
    )
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < n:
            ax.imshow(maps[i], cmap=cmap, vmin=-limit, vmax=limit)
            ax.set_title(str(i), fontsize="x-small")
    if title:
        fig.suptitle(title)
    return fig, axes


def plot_confusion_matrix(
    targets: torch.Tensor | np.ndarray,
    predictions: torch.Tensor | np.ndarray,
    *,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    normalize: bool = False,
) -> Axes:
    """Count (or, with ``normalize``, the fraction per true class of) every
    (true class, predicted class) pair, and draw it with the numbers written in.

    Rows are true classes, columns predictions; the diagonal holds the correct answers.

    Examples
    --------
    >>> ax = plot_confusion_matrix(torch.tensor([0, 0, 1, 1]), torch.tensor([0, 1, 1, 1]))
    >>> ax.images[0].get_array().tolist()
    [[1, 1], [0, 2]]
    >>> plt.close("all")
    """
    targets, predictions = _numpy(targets).astype(int), _numpy(predictions).astype(int)
    if targets.shape != predictions.shape:
        raise ValueError(
            f"targets {targets.shape} and predictions {predictions.shape} differ in shape."
        )
    n = int(max(targets.max(initial=0), predictions.max(initial=0))) + 1
    if labels is not None:
        n = max(n, len(labels))
    matrix = np.zeros((n, n), dtype=int)
    np.add.at(matrix, (targets, predictions), 1)
    shown = matrix / np.maximum(matrix.sum(1, keepdims=True), 1) if normalize else matrix
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * n + 2, 0.5 * n + 1.6), layout="constrained")
    ax.imshow(shown, cmap="Blues")
    threshold = shown.max() / 2
    for i in range(n):
        for j in range(n):
            text = f"{shown[i, j]:.2f}" if normalize else str(matrix[i, j])
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize="small",
                color="white" if shown[i, j] > threshold else "black",
            )
    ticks = labels if labels is not None else [str(i) for i in range(n)]
    ax.set(
        xticks=range(n),
        yticks=range(n),
        xticklabels=ticks,
        yticklabels=ticks,
        xlabel="predicted class",
        ylabel="true class",
    )
    return ax


def plot_decision_boundary(
    predict_proba: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    ax: Axes | None = None,
    resolution: int = 200,
    feature_names: Sequence[str] = ("feature 1", "feature 2"),
) -> Axes:
    """Shade the probability of class 1 over the plane of two features, draw the 0.5 contour
    (the decision boundary) and the points coloured by their true class.

    ``predict_proba`` maps ``(M, 2)`` inputs to ``(M,)`` or ``(M, 1)`` probabilities.

    Examples
    --------
    >>> x = torch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    >>> y = torch.tensor([0.0, 1.0, 1.0, 0.0])
    >>> ax = plot_decision_boundary(lambda p: torch.sigmoid(4 * (p[:, 1] - 0.5)), x, y)
    >>> ax.get_xlabel()
    'feature 1'
    >>> plt.close("all")
    """
    x_np, y_np = _numpy(x), _numpy(y).reshape(-1)
    if x_np.ndim != 2 or x_np.shape[1] != 2:
        raise ValueError(f"x must have two features, shape (N, 2), got {x_np.shape}.")
    pad = 0.1 * (x_np.max(0) - x_np.min(0) + 1e-9)
    lo, hi = x_np.min(0) - pad, x_np.max(0) + pad
    g1, g2 = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    grid = torch.tensor(np.c_[g1.ravel(), g2.ravel()], dtype=torch.float32)
    with torch.no_grad():
        proba = _numpy(predict_proba(grid)).reshape(g1.shape)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
    filled = ax.contourf(g1, g2, proba, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    ax.contour(g1, g2, proba, levels=[0.5], colors="black", linewidths=1.5)
    ax.figure.colorbar(filled, ax=ax, label="P(class 1)")
    for label, marker, color in [(0, "o", "tab:blue"), (1, "^", "tab:red")]:
        mask = y_np == label
        ax.scatter(
            x_np[mask, 0],
            x_np[mask, 1],
            marker=marker,
            c=color,
            edgecolors="black",
            linewidths=0.4,
            s=22,
            label=f"class {label}",
        )
    ax.set(xlabel=feature_names[0], ylabel=feature_names[1])
    ax.legend(loc="upper right", framealpha=0.9)
    return ax


def plot_distributions(
    values: Mapping[str, torch.Tensor | np.ndarray],
    *,
    ax: Axes | None = None,
    ylabel: str = "value",
) -> Axes:
    """Box-and-whisker plot of several distributions side by side, e.g. the activations of each
    layer (``{"layer 1": tensor, ...}``), to see a signal shrink or explode through a network.

    Examples
    --------
    >>> ax = plot_distributions({"layer 1": torch.randn(100), "layer 2": 0.1 * torch.randn(100)})
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['layer 1', 'layer 2']
    >>> plt.close("all")
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4, 0.6 * len(values) + 2), 3.5), layout="constrained")
    data = [_numpy(v).ravel() for v in values.values()]
    ax.boxplot(data, tick_labels=list(values), showfliers=False)
    ax.set(ylabel=ylabel)
    ax.tick_params(axis="x", labelrotation=45 if len(values) > 6 else 0)
    return ax
