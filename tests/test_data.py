"""dlcore.data: generated datasets are seeded, shaped and labelled as documented."""

import numpy as np
import pytest

from conftest import need
from dlcore import data


@pytest.mark.parametrize("gate, y", [("and", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("nand", [1, 1, 1, 0]),
                                     ("nor", [1, 0, 0, 0]), ("xor", [0, 1, 1, 0]), ("xnor", [1, 0, 0, 1])])
def test_logic_gates(gate, y):
    X, labels = data.logic_gate(gate)
    assert X.shape == (4, 2) and labels.tolist() == y


@pytest.mark.parametrize("make", [data.blobs, data.moons, data.xor_cloud])
def test_generators_are_seeded_and_balanced(make):
    X1, y1 = make(100, seed=7)
    X2, y2 = make(100, seed=7)
    X3, _ = make(100, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape == (100, 2) and y1.shape == (100,) and y1.dtype == np.int64
    assert set(np.unique(y1)) == {0, 1} and 30 <= y1.sum() <= 70


def test_blobs_centres_are_distance_apart():
    X, y = data.blobs(4000, distance=6.0, noise=0.5, seed=0)
    gap = np.linalg.norm(X[y == 1].mean(0) - X[y == 0].mean(0))
    assert gap == pytest.approx(6.0, rel=0.02)


def test_xor_cloud_labels_follow_the_corners():
    X, y = data.xor_cloud(400, noise=0.05, seed=1)
    corners = (X > 0.5).astype(int)
    np.testing.assert_array_equal(corners[:, 0] ^ corners[:, 1], y)


def test_moons_without_noise_lie_on_unit_circles():
    X, y = data.moons(50, noise=0.0, seed=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown gate 'xand'"):
        data.logic_gate("xand")
    with pytest.raises(TypeError, match="string"):
        data.logic_gate(1)
    with pytest.raises(ValueError, match="n must be at least 2"):
        data.moons(1)
    with pytest.raises(TypeError, match="n must be an integer"):
        data.moons(10.5)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        data.moons(10, noise=-1)
    with pytest.raises(ValueError, match="noise must be positive"):
        data.blobs(10, noise=0)
    with pytest.raises(TypeError, match="seed"):
        data.xor_cloud(10, seed="0")


def test_digits_split_is_seeded_stratified_and_scaled():
    need("sklearn")
    X_tr, X_te, y_tr, y_te = data.digits(0.25, seed=0)
    assert X_tr.shape[1] == 64 and X_tr.dtype == np.float32
    assert len(X_tr) + len(X_te) == 1797 and abs(len(X_te) / 1797 - 0.25) < 0.01
    assert X_tr.min() >= 0 and X_tr.max() <= 1
    counts_tr, counts_te = np.bincount(y_tr), np.bincount(y_te)
    np.testing.assert_allclose(counts_te / (counts_tr + counts_te), 0.25, atol=0.02)
    again = data.digits(0.25, seed=0)
    np.testing.assert_array_equal(again[1], X_te)
    assert not np.array_equal(data.digits(0.25, seed=1)[3], y_te)
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.digits(1.5)


def test_few_per_class_picks_distinct_examples_of_each_class():
    y = np.repeat(np.arange(4), [5, 7, 9, 6])
    idx = data.few_per_class(y, 3, seed=1)
    assert len(set(idx.tolist())) == 12
    assert np.bincount(y[idx]).tolist() == [3, 3, 3, 3]
    np.testing.assert_array_equal(idx, data.few_per_class(y, 3, seed=1))
    assert set(y[data.few_per_class(y, 2, classes=[1, 3])].tolist()) == {1, 3}
    with pytest.raises(ValueError, match="class 0 has 5 examples"):
        data.few_per_class(y, 6)
    with pytest.raises(TypeError, match="integer labels"):
        data.few_per_class(y.astype(float), 2)
    with pytest.raises(ValueError, match="per_class must be at least 1"):
        data.few_per_class(y, 0)


def test_split_holds_out_each_class_in_proportion_and_keeps_the_rest_apart():
    X, y = np.arange(100.0).reshape(50, 2), np.repeat([0, 1, 2], [10, 20, 20])
    X_keep, X_held, y_keep, y_held = data.split(X, y, 0.3, seed=3)
    assert np.bincount(y_held).tolist() == [3, 6, 6]
    assert sorted(X_keep[:, 0].tolist() + X_held[:, 0].tolist()) == X[:, 0].tolist()  # a partition
    assert np.all(np.diff(X_keep[:, 0]) > 0)  # original order kept
    np.testing.assert_array_equal(data.split(X, y, 0.3, seed=3)[1], X_held)
    with pytest.raises(ValueError, match="one label per row"):
        data.split(X, y[:-1], 0.3)
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.split(X, y, 0.0)
    with pytest.raises(ValueError, match="empty"):
        data.split(np.zeros((0, 2)), np.zeros(0, dtype=int), 0.5)


def test_corrupt_labels_changes_exactly_the_requested_fraction_to_other_classes():
    y = np.repeat(np.arange(10), 20)
    y_noisy, wrong = data.corrupt_labels(y, 0.2, seed=0)
    assert wrong.sum() == 40 and np.array_equal(y_noisy != y, wrong)  # every marked label really changed
    assert set(y_noisy.tolist()) <= set(range(10)) and np.array_equal(y_noisy[~wrong], y[~wrong])
    again, _ = data.corrupt_labels(y, 0.2, seed=0)
    np.testing.assert_array_equal(again, y_noisy)
    assert not np.array_equal(data.corrupt_labels(y, 0.2, seed=1)[1], wrong)
    # the new labels spread over the other classes rather than always naming the same one
    many, flipped = data.corrupt_labels(np.zeros(3000, dtype=int) + np.arange(3000) % 3, 1.0, seed=0)
    assert flipped.all() and np.all(np.bincount((many - np.arange(3000) % 3) % 3)[1:] > 900)
    assert data.corrupt_labels(y, 0.0)[1].sum() == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.corrupt_labels(y, 1.5)
    with pytest.raises(ValueError, match="at least two classes"):
        data.corrupt_labels(np.zeros(5, dtype=int), 0.5)
    with pytest.raises(ValueError, match="1-D"):
        data.corrupt_labels(y.reshape(20, 10), 0.5)


def test_standardize_uses_the_training_statistics_only():
    rng = np.random.default_rng(0)
    X_fit = np.c_[rng.normal(100, 30, 500), rng.normal(-2, 0.1, 500), np.full(500, 4.0)]
    X_new = X_fit[:50] + 1000.0
    Z_fit, Z_new = data.standardize(X_fit, X_new)
    np.testing.assert_allclose(Z_fit[:, :2].mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(Z_fit[:, :2].std(0), 1)
    np.testing.assert_array_equal(Z_fit[:, 2], 0.0)  # a constant feature is only centred
    # the new set is shifted by the same 1000 / std as its raw values, not re-centred on itself
    np.testing.assert_allclose(Z_new[:, :2] - Z_fit[:50, :2], np.broadcast_to(1000.0 / X_fit[:, :2].std(0), (50, 2)))
    sklearn = need("sklearn.preprocessing")
    scaler = sklearn.StandardScaler().fit(X_fit)
    np.testing.assert_allclose(Z_new, scaler.transform(X_new))
    assert len(data.standardize(X_fit)) == 1
    with pytest.raises(ValueError, match="needs 3 features"):
        data.standardize(X_fit, X_new[:, :2])
    with pytest.raises(ValueError, match="2-D numeric"):
        data.standardize(X_fit[:, 0])
