"""dlcore.sequences: the memory tasks are seeded, one-hot, and labelled by the right token."""

import numpy as np
import pytest

from dlcore import sequences


def random_filler(*args, **kwargs):
    return sequences.first_token_recall(*args, **kwargs)  # random filler is the default


@pytest.mark.parametrize("make, position", [(random_filler, 0), (sequences.last_token_recall, -1)])
def test_labels_are_the_right_token(make, position):
    X, y = make(200, 12, vocab=5, seed=3)
    assert X.shape == (200, 12, 5) and X.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_array_equal(X.sum(axis=2), 1.0)            # exactly one token per step
    np.testing.assert_array_equal(X[:, position].argmax(axis=1), y)
    assert set(np.unique(y)) == set(range(5))                      # every class occurs


def test_blank_filler_is_silence_after_the_first_token():
    X, y = sequences.first_token_recall(50, 9, vocab=3, seed=0, filler="blank")
    Xr, yr = sequences.first_token_recall(50, 9, vocab=3, seed=0)
    assert not X[:, 1:].any() and Xr[:, 1:].any()
    np.testing.assert_array_equal(X[:, 0], Xr[:, 0]) and np.testing.assert_array_equal(y, yr)
    np.testing.assert_array_equal(X[:, 0].argmax(axis=1), y)


def test_seeded_and_uniform():
    X1, y1 = random_filler(4000, 6, vocab=4, seed=1)
    X2, y2 = random_filler(4000, 6, vocab=4, seed=1)
    X3, _ = random_filler(4000, 6, vocab=4, seed=2)
    np.testing.assert_array_equal(X1, X2) and np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    np.testing.assert_allclose(np.bincount(y1) / len(y1), 0.25, atol=0.03)   # chance is 1 / vocab
    # the distracting tokens carry no information about the label
    later = X1[:, 1:].argmax(axis=2)
    assert abs(np.mean(later == y1[:, None]) - 0.25) < 0.02


def test_one_hot():
    np.testing.assert_array_equal(sequences.one_hot(np.array([[1, 0]]), 3), [[[0, 1, 0], [1, 0, 0]]])
    assert sequences.one_hot([], 3).shape == (0, 3)


def test_bad_input():
    with pytest.raises(ValueError, match="length must be at least 1"):
        sequences.first_token_recall(10, 0)
    with pytest.raises(ValueError, match="vocab must be at least 2"):
        sequences.first_token_recall(10, 5, vocab=1)
    with pytest.raises(ValueError, match="filler must be 'blank' or 'random'"):
        sequences.first_token_recall(10, 5, filler="noise")
    with pytest.raises(TypeError, match="n must be an integer"):
        sequences.last_token_recall(2.5, 5)
    with pytest.raises(TypeError, match="integers"):
        sequences.one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match="0..2"):
        sequences.one_hot([3], 3)
