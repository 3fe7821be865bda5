"""Input checks shared by dlcore's public functions.

Every public function validates its arguments with these helpers so that a
learner's mistake surfaces as a ``TypeError`` or ``ValueError`` that names the
argument, what was received and what was expected, instead of a numpy
traceback three calls deep.
"""

from __future__ import annotations

import numbers
from typing import Any, List, Optional, Tuple

import numpy as np


def _describe(x: Any) -> str:
    text = repr(x)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(x).__name__} {text}"


def as_float_array(x: Any, name: str, where: str, *, ndim: Optional[Tuple[int, ...]] = None,
                   allow_empty: bool = False, allow_inf: bool = False) -> np.ndarray:
    """Return ``x`` as a floating-point array, or raise a clear error.

    Integer and boolean input become float64; float16/32/64 keep their dtype.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{where}: {name} must be a number or an array of numbers, got {_describe(x)}.")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise TypeError(f"{where}: {name} could not be turned into an array ({exc}); "
                        "pass a number, a list of numbers or a numpy array.") from None
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(f"{where}: {name} must hold real numbers, got an array of dtype {arr.dtype}.")
    if ndim is not None and arr.ndim not in ndim:
        want = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{where}: {name} must be {want}, got shape {arr.shape}.")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{where}: {name} is empty (shape {arr.shape}); pass at least one value.")
    if np.any(np.isnan(arr)):
        raise ValueError(f"{where}: {name} contains NaN; remove or replace missing values first.")
    if not allow_inf and np.any(np.isinf(arr)):
        raise ValueError(f"{where}: {name} contains inf; pass finite values.")
    return arr


def as_real(x: Any, name: str, where: str) -> float:
    """Return ``x`` as a finite Python float, or raise a clear error."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
            x = x.item()
        else:
            raise TypeError(f"{where}: {name} must be a real number, got {_describe(x)}.")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{where}: {name} must be finite, got {value}.")
    return value


def as_positive(x: Any, name: str, where: str) -> float:
    """Return ``x`` as a float > 0, or raise a clear error."""
    value = as_real(x, name, where)
    if value <= 0:
        raise ValueError(f"{where}: {name} must be positive, got {value}.")
    return value


def as_nonnegative(x: Any, name: str, where: str) -> float:
    """Return ``x`` as a float >= 0, or raise a clear error."""
    value = as_real(x, name, where)
    if value < 0:
        raise ValueError(f"{where}: {name} must be >= 0, got {value}.")
    return value


def as_fraction(x: Any, name: str, where: str) -> float:
    """Return ``x`` as a float in [0, 1) (a rate, a decay, a dropout probability), or raise a clear error."""
    value = as_real(x, name, where)
    if not 0 <= value < 1:
        raise ValueError(f"{where}: {name} must be in [0, 1), got {value}.")
    return value


def as_int(x: Any, name: str, where: str, *, minimum: int = 0) -> int:
    """Return ``x`` as an int >= ``minimum``, or raise a clear error."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, np.integer)):
        raise TypeError(f"{where}: {name} must be an integer, got {_describe(x)}.")
    value = int(x)
    if value < minimum:
        raise ValueError(f"{where}: {name} must be at least {minimum}, got {value}.")
    return value


def as_rng(seed: Any, where: str) -> np.random.Generator:
    """Turn ``seed`` (an int or a Generator) into a numpy Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(f"{where}: seed must be an int or a numpy Generator, got {_describe(seed)}; "
                        "dlcore never uses global random state, so pass seed=0 (or any int).")
    return np.random.default_rng(int(seed))


def as_layer_rng(seed: Any, where: str) -> np.random.Generator:
    """``seed`` for one layer, which has no default: :func:`as_rng`, but None is refused.

    With a default seed, every hand-built layer of one shape would start with the same
    weights, and every Dropout would draw the same masks.
    """
    if seed is None:
        raise TypeError(f"{where}: pass seed= (an int or a numpy Generator); dlcore never uses global random "
                        "state. To give several layers different weights, pass them one Generator: "
                        "rng = np.random.default_rng(0), then seed=rng for each layer.")
    return as_rng(seed, where)


def as_sizes(sizes: Any, where: str) -> List[int]:
    """Layer sizes with the input size first, such as [2, 16, 16, 1]: at least two ints >= 1."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple, np.ndarray)):
        raise TypeError(f"{where}: sizes must be a list of layer sizes, the input size first, "
                        f"e.g. {where}([2, 16, 16, 1]); got {_describe(sizes)}.")
    dims = [as_int(s, "sizes", where, minimum=1) for s in sizes]
    if len(dims) < 2:
        raise ValueError(f"{where}: sizes needs the input size and at least one layer size, "
                         f"e.g. [2, 16, 16, 1], got {dims}.")
    return dims


def as_labels(y: Any, n: int, where: str, *, name: str = "y", per: str = "row of X",
              n_classes: Optional[int] = None) -> np.ndarray:
    """Return ``n`` integer class labels, one per ``per``, each in 0..n_classes-1 if that is given.

    Whole-number floats such as 1.0 are accepted (targets often arrive as floats); anything
    else raises a clear error that names the argument.
    """
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{where}: {name} must be 1-D with one label per {per} ({n}), got shape {arr.shape}.")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{where}: {name} must hold whole-number class labels, got non-integer values.")
    elif arr.dtype.kind not in "biu":
        raise TypeError(f"{where}: {name} must hold integer class labels, got dtype {arr.dtype}.")
    arr = arr.astype(np.int64)
    if n_classes is not None and arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{where}: {name} must lie in 0..{n_classes - 1} for {n_classes} classes, "
                         f"got values from {arr.min()} to {arr.max()}.")
    return arr
