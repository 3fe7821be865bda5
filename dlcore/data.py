"""Small generated datasets: nothing here downloads anything.

Every generator takes an explicit ``seed`` (an int or a numpy Generator) and
returns ``(X, y)`` with ``X`` of shape ``(n, 2)`` (float64) and integer labels
``y`` of shape ``(n,)``, so two runs with the same seed give the same data.

>>> X, y = logic_gate("xor")
>>> X.tolist(), y.tolist()
([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
"""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from ._validate import as_int, as_labels, as_nonnegative, as_positive, as_real, as_rng

__all__ = ["Dataset", "logic_gate", "blobs", "moons", "xor_cloud", "digits", "split", "few_per_class",
           "corrupt_labels", "standardize"]

Dataset = Tuple[np.ndarray, np.ndarray]

_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}


def logic_gate(name: str) -> Dataset:
    """The four-row truth table of a two-input Boolean gate (``"and"``, ``"xor"``, ...)."""
    if not isinstance(name, str):
        raise TypeError(f"logic_gate: name must be a string such as 'xor', got {type(name).__name__}.")
    key = name.lower()
    if key not in _GATES:
        raise ValueError(f"logic_gate: unknown gate {name!r}; choose one of {sorted(_GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATES[key], dtype=np.int64)


def _noise(rng: np.random.Generator, X: np.ndarray, noise: float) -> np.ndarray:
    return X + rng.normal(0.0, noise, X.shape) if noise > 0 else X


def blobs(n: int = 200, *, distance: float = 3.0, noise: float = 1.0, seed: Any = 0) -> Dataset:
    """Two round Gaussian clouds whose centres are ``distance`` apart: linearly separable when far apart."""
    n = as_int(n, "n", "blobs", minimum=2)
    distance = as_real(distance, "distance", "blobs")
    noise = as_positive(noise, "noise", "blobs")
    rng = as_rng(seed, "blobs")
    y = np.arange(n) % 2
    centres = np.where(y[:, None] == 1, distance / 2, -distance / 2) * np.array([1.0, 1.0]) / np.sqrt(2)
    return _noise(rng, centres, noise), y.astype(np.int64)


def moons(n: int = 200, *, noise: float = 0.1, seed: Any = 0) -> Dataset:
    """Two interleaving half circles, the classic "needs a nonlinear boundary" dataset."""
    n = as_int(n, "n", "moons", minimum=2)
    noise = as_nonnegative(noise, "noise", "moons")
    rng = as_rng(seed, "moons")
    n_top = n // 2
    t_top = np.linspace(0, np.pi, n_top)
    t_bot = np.linspace(0, np.pi, n - n_top)
    top = np.c_[np.cos(t_top), np.sin(t_top)]
    bottom = np.c_[1 - np.cos(t_bot), 0.5 - np.sin(t_bot)]
    X = np.vstack([top, bottom])
    y = np.r_[np.zeros(n_top), np.ones(n - n_top)].astype(np.int64)
    order = rng.permutation(n)
    return _noise(rng, X, noise)[order], y[order]


def xor_cloud(n: int = 200, *, noise: float = 0.15, seed: Any = 0) -> Dataset:
    """Noisy points around the four XOR corners (0/1 squares), labelled by XOR."""
    n = as_int(n, "n", "xor_cloud", minimum=4)
    noise = as_nonnegative(noise, "noise", "xor_cloud")
    rng = as_rng(seed, "xor_cloud")
    corners = rng.integers(0, 2, size=(n, 2))
    y = (corners[:, 0] ^ corners[:, 1]).astype(np.int64)
    return _noise(rng, corners.astype(np.float64), noise), y


def digits(test_fraction: float = 0.25, *, seed: Any = 0, dtype: Any = np.float32) -> Tuple[np.ndarray, ...]:
    """scikit-learn's bundled 8x8 digits (1,797 images, no download), split per class.

    Returns ``(X_train, X_test, y_train, y_test)``; pixels are scaled from 0..16 to 0..1
    and flattened to 64 features. Each class is split in the same proportion (:func:`split`).
    """
    test_fraction = as_real(test_fraction, "test_fraction", "digits")
    if not 0 < test_fraction < 1:
        raise ValueError(f"digits: test_fraction must be between 0 and 1, got {test_fraction}.")
    rng = as_rng(seed, "digits")
    try:
        from sklearn.datasets import load_digits
    except ImportError:  # pragma: no cover - scikit-learn ships with Colab and requirements.txt
        raise ImportError("digits: needs scikit-learn (`pip install scikit-learn`); the data ships with it.") from None
    bunch = load_digits()
    X = (bunch.data / 16.0).astype(dtype)
    y = bunch.target.astype(np.int64)
    return split(X, y, test_fraction, seed=rng)


def split(X: Any, y: Any, fraction: float, *, seed: Any = 0) -> Tuple[np.ndarray, ...]:
    """Hold out ``fraction`` of each class: ``(X_keep, X_held, y_keep, y_held)``, in the original order.

    Use it twice for the three sets of an honest experiment: a test set looked at once, at the end,
    and a validation set, carved out of the training set, to choose settings and stopping points on.

    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 5 + [1] * 5)
    >>> X_fit, X_val, y_fit, y_val = split(X, y, 0.4, seed=0)
    >>> len(y_fit), np.bincount(y_val).tolist()
    (6, [2, 2])
    """
    X = np.asarray(X)
    fraction = as_real(fraction, "fraction", "split")
    if not 0 < fraction < 1:
        raise ValueError(f"split: fraction must be between 0 and 1, got {fraction}.")
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"split: X is empty (shape {X.shape}); pass at least one example per class.")
    y = as_labels(y, len(X), "split")
    rng = as_rng(seed, "split")
    held = np.zeros(len(y), dtype=bool)
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        held[idx[: int(round(fraction * len(idx)))]] = True
    return X[~held], X[held], y[~held], y[held]


def few_per_class(y: Any, per_class: int, *, classes: Any = None, seed: Any = 0) -> np.ndarray:
    """Indices of ``per_class`` randomly chosen examples of each class: a small labelled subset.

    >>> few_per_class(np.array([0, 0, 0, 1, 1, 1]), 2, seed=0).shape
    (4,)
    """
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise TypeError(f"few_per_class: y must be a 1-D array of integer labels, got shape {y.shape}, "
                        f"dtype {y.dtype}.")
    per_class = as_int(per_class, "per_class", "few_per_class", minimum=1)
    rng = as_rng(seed, "few_per_class")
    picked = []
    for c in (np.unique(y) if classes is None else np.asarray(classes)):
        members = np.flatnonzero(y == c)
        if len(members) < per_class:
            raise ValueError(f"few_per_class: class {c} has {len(members)} examples, fewer than "
                             f"per_class = {per_class}.")
        picked.append(rng.choice(members, size=per_class, replace=False))
    return np.concatenate(picked)


def corrupt_labels(y: Any, fraction: float, *, seed: Any = 0) -> Tuple[np.ndarray, np.ndarray]:
    """A copy of ``y`` in which ``round(fraction * n)`` labels, chosen at random, name a wrong class.

    Real labels contain mistakes; a network that learns them by heart has overfitted. Returns
    ``(y_noisy, wrong)``, where ``wrong`` marks the changed labels. Each new label is drawn
    uniformly from the other classes present in ``y``.

    >>> y_noisy, wrong = corrupt_labels(np.array([0, 1, 2, 0, 1, 2]), 0.5, seed=0)
    >>> int(wrong.sum()), bool(np.all((y_noisy != [0, 1, 2, 0, 1, 2]) == wrong))
    (3, True)
    """
    y = as_labels(y, len(np.asarray(y).reshape(-1)), "corrupt_labels", per="example")
    fraction = as_real(fraction, "fraction", "corrupt_labels")
    if not 0 <= fraction <= 1:
        raise ValueError(f"corrupt_labels: fraction must be between 0 and 1, got {fraction}.")
    classes = np.unique(y)
    if classes.size < 2:
        raise ValueError(f"corrupt_labels: y has only the class {classes.tolist()}; a wrong label needs "
                         "at least two classes.")
    rng = as_rng(seed, "corrupt_labels")
    wrong = np.zeros(y.size, dtype=bool)
    wrong[rng.choice(y.size, size=int(round(fraction * y.size)), replace=False)] = True
    y_noisy = y.copy()
    for i in np.flatnonzero(wrong):
        y_noisy[i] = rng.choice(classes[classes != y[i]])
    return y_noisy, wrong


def standardize(X_fit: Any, *others: Any) -> Tuple[np.ndarray, ...]:
    """z-score each feature with the mean and standard deviation of ``X_fit`` alone.

    Returns ``X_fit`` and every array in ``others`` as ``(X - mean) / std``, with the statistics
    of the training data only: a validation or test set must not leak into them. A constant
    feature (std 0) is only centred.

    >>> Z_fit, Z_new = standardize(np.array([[1.0], [3.0]]), np.array([[5.0]]))
    >>> Z_fit.ravel().tolist(), Z_new.ravel().tolist()
    ([-1.0, 1.0], [3.0])
    """
    X_fit = np.asarray(X_fit)
    if X_fit.ndim != 2 or X_fit.shape[0] < 2 or X_fit.dtype.kind not in "fiu":
        raise ValueError(f"standardize: X_fit must be a 2-D numeric array with at least 2 rows, one "
                         f"example per row, got shape {X_fit.shape}, dtype {X_fit.dtype}.")
    mean, std = X_fit.mean(axis=0), X_fit.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    out = [(X_fit - mean) / std]
    for i, X in enumerate(others):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != X_fit.shape[1]:
            raise ValueError(f"standardize: array {i + 1} after X_fit has shape {X.shape}; it needs "
                             f"{X_fit.shape[1]} features per row, like X_fit.")
        out.append((X - mean) / std)
    return tuple(out)
