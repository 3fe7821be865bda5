"""k-means clustering in numpy: assign each point to its nearest centroid, move each centroid to its points' mean.

Lloyd's algorithm (Lloyd, 1982) alternates the two steps. Each step can only lower
the *inertia*, the sum of squared distances from points to their centroids, so the
loop stops after finitely many steps, at a local (not always the global) minimum.

>>> import numpy as np
>>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
>>> good = kmeans(X, 2, init=[[0.0, 0.0], [10.0, 0.0]])
>>> good.centroids.tolist(), good.inertia
([[0.0, 0.5], [10.0, 0.5]], 1.0)
>>> kmeans(X, 2, init=[[5.0, 0.0], [5.0, 1.0]]).inertia   # stuck in a worse local minimum
100.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional

import numpy as np

from ._validate import as_float_array, as_int, as_labels, as_rng

__all__ = ["assign", "update", "inertia", "KMeansResult", "kmeans"]


def _points(X: Any, where: str) -> np.ndarray:
    return as_float_array(X, "X", where, ndim=(2,)).astype(np.float64)


def _centroids(centroids: Any, d: int, where: str) -> np.ndarray:
    C = as_float_array(centroids, "centroids", where, ndim=(2,)).astype(np.float64)
    if C.shape[1] != d:
        raise ValueError(f"{where}: centroids must have {d} columns like X, got shape {C.shape}.")
    return C


def assign(X: Any, centroids: Any) -> np.ndarray:
    """The index of the nearest centroid (squared Euclidean distance) for every row of X.

    >>> assign([[0.0], [1.1], [2.0]], [[0.0], [2.0]]).tolist()
    [0, 1, 1]
    """
    X = _points(X, "assign")
    C = _centroids(centroids, X.shape[1], "assign")
    # ||x - c||^2 for every pair at once, as an (n, k) table; ties go to the lower index.
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    return d2.argmin(axis=1)


def update(X: Any, labels: Any, centroids: Any) -> np.ndarray:
    """New centroids: the mean of the points assigned to each one (an empty cluster keeps its centroid).

    >>> update([[0.0], [1.0], [5.0]], [0, 0, 1], [[9.0], [9.0]]).tolist()
    [[0.5], [5.0]]
    """
    X = _points(X, "update")
    C = _centroids(centroids, X.shape[1], "update")
    labels = as_labels(labels, X.shape[0], "update", name="labels", n_classes=C.shape[0])  # a class per centroid
    new = C.copy()
    for j in range(C.shape[0]):
        members = X[labels == j]
        if len(members):
            new[j] = members.mean(axis=0)
    return new


def inertia(X: Any, centroids: Any, labels: Optional[Any] = None) -> float:
    """Sum of squared distances from each point to its centroid (its nearest one if ``labels`` is None)."""
    X = _points(X, "inertia")
    C = _centroids(centroids, X.shape[1], "inertia")
    labels = assign(X, C) if labels is None else as_labels(labels, X.shape[0], "inertia", name="labels",
                                                           n_classes=C.shape[0])
    return float(((X - C[labels]) ** 2).sum())


@dataclass
class KMeansResult:
    """The outcome of :func:`kmeans`; ``history[t]`` holds the centroids after t update steps."""

    centroids: np.ndarray
    labels: np.ndarray
    inertia: float
    converged: bool
    history: List[np.ndarray] = field(default_factory=list)

    @property
    def iterations(self) -> int:
        return len(self.history) - 1


def kmeans(X: Any, k: int, *, max_iter: int = 100, init: Optional[Any] = None, seed: Any = 0) -> KMeansResult:
    """Cluster the rows of X into k groups with Lloyd's algorithm.

    The starting centroids are ``init`` if given, else k distinct rows of X picked at random
    with ``seed``. Stops when no centroid moves, or after ``max_iter`` update steps.
    """
    X = _points(X, "kmeans")
    k = as_int(k, "k", "kmeans", minimum=1)
    max_iter = as_int(max_iter, "max_iter", "kmeans", minimum=1)
    if init is None:
        distinct = np.unique(X, axis=0)
        if k > distinct.shape[0]:
            raise ValueError(f"kmeans: k = {k} clusters need at least {k} distinct points, "
                             f"X has {distinct.shape[0]}.")
        rng = as_rng(seed, "kmeans")
        C = distinct[rng.choice(distinct.shape[0], size=k, replace=False)]
    else:
        C = _centroids(init, X.shape[1], "kmeans")
        if C.shape[0] != k:
            raise ValueError(f"kmeans: init has {C.shape[0]} centroids, but k = {k}.")
    history = [C.copy()]
    converged = False
    for _ in range(max_iter):
        new = update(X, assign(X, C), C)
        history.append(new.copy())
        if np.array_equal(new, C):
            converged = True
            break
        C = new
    labels = assign(X, C)
    return KMeansResult(C, labels, inertia(X, C, labels), converged, history)
