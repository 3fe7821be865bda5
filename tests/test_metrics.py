"""dlcore.metrics: accuracy and the confusion matrix agree with scikit-learn."""

import numpy as np
import pytest

from conftest import need
from dlcore.metrics import accuracy, confusion_matrix


def test_agrees_with_scikit_learn():
    sk_metrics = need("sklearn.metrics")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 6, 500), rng.integers(0, 6, 500)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), sk_metrics.confusion_matrix(y_true, y_pred))
    assert accuracy(y_true, y_pred) == pytest.approx(sk_metrics.accuracy_score(y_true, y_pred))


def test_repeated_pairs_and_unseen_classes_are_counted():
    C = confusion_matrix([1, 1, 1], [2, 2, 1], n_classes=4)
    assert C.shape == (4, 4) and C[1, 2] == 2 and C[1, 1] == 1 and C.sum() == 3
    assert np.trace(C) / C.sum() == pytest.approx(accuracy([1, 1, 1], [2, 2, 1]))


def test_bad_input():
    with pytest.raises(ValueError, match="equal length"):
        accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="equal length"):
        confusion_matrix(1, 1)
    with pytest.raises(ValueError, match="no labels"):
        accuracy([], [])
    with pytest.raises(ValueError, match="whole-number"):
        accuracy([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="negative"):
        confusion_matrix([0, -1], [0, 0])
    with pytest.raises(ValueError, match="n_classes >= 3"):
        confusion_matrix([0, 2], [0, 1], n_classes=2)
