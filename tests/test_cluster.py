"""dlcore.cluster: k-means matches scikit-learn's Lloyd iterations and never raises the inertia."""

import numpy as np
import pytest

from conftest import need
from dlcore import cluster


def blobs(seed=0):
    """Four gaussian blobs from scikit-learn (the test that calls this needs it)."""
    X, _ = need("sklearn.datasets").make_blobs(n_samples=300, centers=4, cluster_std=1.2, random_state=seed)
    return X


def test_assign_is_the_nearest_centroid():
    rng = np.random.default_rng(0)
    X, C = rng.normal(size=(50, 3)), rng.normal(size=(4, 3))
    brute = [int(np.argmin([np.sum((x - c) ** 2) for c in C])) for x in X]
    assert cluster.assign(X, C).tolist() == brute


def test_update_is_the_mean_and_keeps_empty_clusters():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]])
    new = cluster.update(X, [0, 0, 1], [[9.0, 9.0], [9.0, 9.0], [7.0, 7.0]])
    np.testing.assert_allclose(new, [[1.0, 0.0], [0.0, 4.0], [7.0, 7.0]])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_scikit_learn_from_the_same_start(seed):
    KMeans = need("sklearn.cluster").KMeans
    X = blobs(seed)
    init = X[np.random.default_rng(seed).choice(len(X), 4, replace=False)]
    ours = cluster.kmeans(X, 4, init=init)
    ref = KMeans(4, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
    assert ours.converged
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, atol=1e-9)
    assert ours.labels.tolist() == ref.labels_.tolist()
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-9)


def test_inertia_never_increases_and_history_is_recorded():
    X = blobs(3)
    result = cluster.kmeans(X, 5, seed=4)
    values = [cluster.inertia(X, C) for C in result.history]
    assert all(b <= a + 1e-9 for a, b in zip(values, values[1:]))
    assert values[-1] == pytest.approx(result.inertia)
    assert result.iterations == len(result.history) - 1 >= 1
    np.testing.assert_array_equal(result.history[-1], result.centroids)


def test_inertia_by_hand_and_seeded_reproducibility():
    X = np.array([[0.0], [1.0], [3.0]])
    assert cluster.inertia(X, [[0.5], [3.0]]) == pytest.approx(0.5)
    assert cluster.inertia(X, [[0.0], [3.0]], labels=[0, 1, 1]) == pytest.approx(4.0 + 0.0 + 0.0 + 0.0)
    a, b = cluster.kmeans(blobs(), 3, seed=7), cluster.kmeans(blobs(), 3, seed=7)
    np.testing.assert_array_equal(a.centroids, b.centroids)


def test_max_iter_stops_early():
    result = cluster.kmeans(blobs(5), 6, max_iter=1, seed=0)
    assert result.iterations == 1 and len(result.history) == 2


def test_bad_input():
    X = blobs()
    with pytest.raises(ValueError, match="must be 2-D"):
        cluster.kmeans(X[:, 0], 2)
    with pytest.raises(ValueError, match="k must be at least 1"):
        cluster.kmeans(X, 0)
    with pytest.raises(ValueError, match="at least 5 distinct points"):
        cluster.kmeans(np.zeros((10, 2)) + [[0.0, 0.0]] * 10, 5)
    with pytest.raises(ValueError, match="init has 3 centroids"):
        cluster.kmeans(X, 2, init=X[:3])
    with pytest.raises(ValueError, match="2 columns like X"):
        cluster.assign(X, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="NaN"):
        cluster.assign(np.full((3, 2), np.nan), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        cluster.update(X[:3], [0, 1, 2], X[:2])
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        cluster.inertia(X[:3], X[:2], [0, 1, -1])  # a negative label would silently pick the last centroid
    with pytest.raises(ValueError, match="labels must be 1-D with one label per row of X"):
        cluster.inertia(X[:3], X[:2], [0, 1])
    with pytest.raises(TypeError, match="seed must be an int"):
        cluster.kmeans(X, 2, seed="zero")
