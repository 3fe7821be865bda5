"""dlcore.plot: decision boundaries shade the right regions; figures avoid pyplot."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcore import data
from dlcore.plot import decision_boundary, subplots


def test_subplots_does_not_touch_pyplot():
    before = plt.get_fignums()
    fig, axes = subplots(1, 2, width=4, height=2)
    assert plt.get_fignums() == before
    assert len(axes) == 2 and tuple(fig.get_size_inches()) == (4, 2)


def _region_at(ax, point):
    """The class index shaded at ``point`` by the filled contour."""
    filled = ax.collections[0]
    for level, path in zip(filled.get_array(), filled.get_paths()):
        if path.contains_point(point):
            return int(round(level))
    raise AssertionError(f"{point} is in no shaded region")


def test_decision_boundary_shades_by_prediction():
    X, y = data.blobs(60, distance=4, noise=0.5, seed=0)
    fig, ax = subplots()
    decision_boundary(lambda P: (P.sum(axis=1) > 0).astype(float), X, y, ax=ax, resolution=80)
    assert _region_at(ax, (1.0, 1.0)) == 1
    assert _region_at(ax, (-1.0, -1.0)) == 0
    assert ax.get_legend_handles_labels()[1] == ["class 0", "class 1"]


def test_decision_boundary_multiclass_scores():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    y = np.array([0, 1, 2])
    ax = decision_boundary(lambda P: np.c_[-P[:, 0], P[:, 1], P[:, 0] - 1.5], X, y, resolution=60)
    assert _region_at(ax, (2.3, -0.4)) == 2
    assert ax.get_legend_handles_labels()[1] == ["class 0", "class 1", "class 2"]


def test_one_class_plane_draws_without_warnings():
    X, y = data.blobs(20, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = decision_boundary(lambda P: np.zeros(len(P)), X, y, resolution=20)
    assert _region_at(ax, (0.0, 0.0)) == 0


def test_bad_input():
    X, y = data.blobs(20, seed=0)
    with pytest.raises(TypeError, match="predict must be a function"):
        decision_boundary(np.zeros(3), X, y)
    with pytest.raises(ValueError, match="2 columns"):
        decision_boundary(lambda P: P[:, 0], np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="one label per row"):
        decision_boundary(lambda P: P[:, 0], X, y[:3])
    with pytest.raises(ValueError, match="one score"):
        decision_boundary(lambda P: P[:5, 0], X, y, resolution=10)
