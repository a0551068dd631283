"""Argument checks that fail early with a message a learner can act on.

Every message names the argument, says what was expected, shows what was given and suggests the
fix, so a mistake never surfaces as a deep traceback from inside NumPy or PyTorch.
"""

from __future__ import annotations

import numbers

import numpy as np
import torch


def describe(value: object) -> str:
    """A short description of ``value`` for error messages: type, and shape/dtype for arrays."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is not None and dtype is not None:  # a torch.Tensor (or anything shaped like one)
        return f"a {type(value).__name__} of shape {tuple(shape)} and dtype {dtype}"
    return f"{value!r} ({type(value).__name__})"


def tensor_arg(name: str, value: object) -> torch.Tensor:
    """Return ``value`` if it is a ``torch.Tensor``, else raise a TypeError naming ``name``."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            f"{name} must be a torch.Tensor, got {describe(value)}. Wrap it: torch.tensor(...)."
        )
    return value


def float_tensor_arg(name: str, value: object, *, hint: str = "") -> torch.Tensor:
    """Return ``value`` if it is a floating-point tensor, else raise naming ``name`` and the fix."""
    value = tensor_arg(name, value)
    if not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got dtype {value.dtype}. "
            f"{hint or f'Convert it with {name}.float().'}"
        )
    return value


def check_positive_number(name: str, value: object, *, fix: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise with ``fix``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number > 0, got {describe(value)}. {fix}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}. {fix}")
    return float(value)


def check_positive_int(name: str, value: object, *, fix: str) -> int:
    """Return ``value`` if it is an integer ≥ 1 (not a bool), else raise with ``fix``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer ≥ 1, got {describe(value)}. {fix}")
    if value < 1:
        raise ValueError(f"{name} must be an integer ≥ 1, got {value!r}. {fix}")
    return int(value)


def check_fraction(name: str, value: object, *, fix: str) -> float:
    """Return ``value`` as a float if it lies strictly between 0 and 1, else raise with ``fix``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number between 0 and 1, got {describe(value)}. {fix}")
    if not 0 < value < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}. {fix}")
    return float(value)


def as_1d_float_array(name: str, value: object, *, fix: str) -> np.ndarray:
    """Convert ``value`` to a finite 1-D float64 array, or raise a message that ends with ``fix``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a 1-D array of numbers, got {describe(value)}. {fix}"
        ) from None
    if array.ndim == 2 and 1 in array.shape:
        array = array.reshape(-1)  # accept (N, 1) and (1, N) columns/rows of one feature
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D with one value per sample, got shape {array.shape}. {fix}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty: at least one sample is needed. {fix}")
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        raise ValueError(
            f"{name} must be finite, but {name}[{bad}] = {array[bad]!r}. "
            f"Remove or impute missing values first. {fix}"
        )
    return array


def check_same_length(x_name: str, x: np.ndarray, y_name: str, y: np.ndarray) -> None:
    """Raise if two per-sample arrays disagree in length."""
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have one value per sample each, got {len(x)} values in "
            f"{x_name} and {len(y)} in {y_name}. Pass features and targets of the same samples."
        )


class DlnotesWarning(UserWarning):
    """A likely mistake in input that PyTorch accepts: dlnotes warns and returns PyTorch's result.

    One class for all of dlnotes' teaching warnings, so they can be filtered together:
    ``warnings.simplefilter("ignore", dlnotes.DlnotesWarning)``, or turned into errors with
    ``"error"``.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("target holds 0/1 labels; this loss expects 1 and -1.")
    >>> caught[0].category.__name__
    'DlnotesWarning'
    """


def warn(message: str) -> None:
    """Issue a ``DlnotesWarning`` that points at the first caller outside dlnotes."""
    import sys
    import warnings

    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("dlnotes."):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, DlnotesWarning, stacklevel=level)


def legacy_reduction(size_average: bool | None, reduce: bool | None, reduction: str) -> str:
    """The ``reduction`` that PyTorch's deprecated ``size_average``/``reduce`` arguments mean.

    Uses PyTorch's own mapping (``torch.nn._reduction.legacy_get_string``) and warns, naming the
    ``reduction=`` to write instead. Without either legacy argument, ``reduction`` is returned.

    >>> legacy_reduction(None, None, "sum")
    'sum'
    """
    if size_average is None and reduce is None:
        return reduction
    from torch.nn import _reduction

    replacement = _reduction.legacy_get_string(size_average, reduce, emit_warning=False)
    warn(
        f"size_average={size_average!r} and reduce={reduce!r} are deprecated (PyTorch still "
        f"accepts them); they mean reduction={replacement!r}. Write reduction={replacement!r} "
        "instead: it overrides the reduction argument."
    )
    return replacement
