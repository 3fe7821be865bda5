"""Plotting helpers shared by the chapters.

Nothing here changes matplotlib's global style. :func:`subplots` makes figures
without pyplot, which is what :mod:`dlcore.widgets` wants for the many frames of
an explorer (no figure piles up in pyplot's state or shows twice in a notebook).

>>> fig, ax = subplots(width=3, height=2)
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Tuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ._validate import as_float_array, as_int, as_labels, as_real

__all__ = ["CLASS_COLORS", "decision_boundary", "subplots"]

#: Two classes in a colour-blind-safe pair (blue, orange), then more for multi-class plots.
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
_MARKERS = ("o", "s", "^", "D", "v", "P")


def subplots(nrows: int = 1, ncols: int = 1, *, width: float = 6.0, height: float = 3.5,
             **kwargs: Any) -> Tuple[Figure, Any]:
    """Like ``plt.subplots`` but without pyplot: the figure is not shown unless returned."""
    nrows = as_int(nrows, "nrows", "subplots", minimum=1)
    ncols = as_int(ncols, "ncols", "subplots", minimum=1)
    fig = Figure(figsize=(as_real(width, "width", "subplots"), as_real(height, "height", "subplots")),
                 layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def decision_boundary(predict: Callable[[np.ndarray], Any], X: Any, y: Any, *,
                      ax: Optional[Axes] = None, resolution: int = 200, pad: float = 0.5,
                      threshold: float = 0.5, title: Optional[str] = None) -> Axes:
    """Shade the plane by a classifier's prediction and scatter the data on top.

    ``predict`` maps an ``(m, 2)`` array of points to one score per point: a
    probability or a 0/1 label for two classes (shaded by ``score >= threshold``),
    or an ``(m, k)`` array of class scores (shaded by the arg-max).
    """
    if not callable(predict):
        raise TypeError(f"decision_boundary: predict must be a function of an (m, 2) array, "
                        f"got {type(predict).__name__}.")
    X = as_float_array(X, "X", "decision_boundary", ndim=(2,))
    if X.shape[1] != 2:
        raise ValueError(f"decision_boundary: X must have 2 columns (points in the plane), got shape {X.shape}.")
    y = as_labels(y, X.shape[0], "decision_boundary")
    resolution = as_int(resolution, "resolution", "decision_boundary", minimum=2)
    pad = as_real(pad, "pad", "decision_boundary")
    if ax is None:
        _, ax = subplots(width=4.5, height=4.0)

    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.c_[gx.ravel(), gy.ravel()]
    scores = np.asarray(predict(grid), dtype=np.float64)
    if scores.ndim == 2 and scores.shape[1] > 1:
        regions = scores.argmax(axis=1)
    else:
        regions = (scores.reshape(-1) >= threshold).astype(int)
    if regions.shape[0] != grid.shape[0]:
        raise ValueError(f"decision_boundary: predict returned {scores.shape} for {grid.shape[0]} points; "
                         "it must return one score (or one row of class scores) per point.")
    k = int(max(regions.max(), y.max())) + 1
    cmap = ListedColormap(CLASS_COLORS[:k])
    ax.contourf(gx, gy, regions.reshape(gx.shape), levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.25)
    if np.unique(regions).size > 1:  # a one-class plane has no boundary line to draw
        ax.contour(gx, gy, regions.reshape(gx.shape), levels=np.arange(k) + 0.5, colors="k", linewidths=1)
    for c in range(int(y.max()) + 1):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=22, c=CLASS_COLORS[c % 6], marker=_MARKERS[c % 6],
                   edgecolors="k", linewidths=0.5, label=f"class {c}")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    if title:
        ax.set_title(title)
    return ax
