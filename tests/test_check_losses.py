"""dlcore.check graders of chapter 4 accept right answers and reject known-wrong ones."""

import numpy as np

from dlcore import check
from dlcore import information as info


def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_grader():
    assert check.softmax(info.softmax, verbose=False)
    assert check.softmax(naive_softmax, verbose=False).status == "failed"  # overflows at 1000
    flat = lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum()  # noqa: E731 - normalises the whole batch
    assert check.softmax(flat, verbose=False).status == "failed"


def stable_ce(logits, labels):
    return float(np.mean(-info.log_softmax(logits)[np.arange(len(labels)), labels]))


def test_cross_entropy_grader():
    assert check.cross_entropy_from_logits(stable_ce, verbose=False)
    naive = lambda lg, lb: float(np.mean(-np.log(naive_softmax(lg)[np.arange(len(lb)), lb])))  # noqa: E731
    summed = lambda lg, lb: stable_ce(lg, lb) * len(lb)  # noqa: E731
    for wrong in (naive, summed):
        assert check.cross_entropy_from_logits(wrong, verbose=False).status == "failed"


def test_mse_gradient_grader():
    right = lambda X, w, y: 2 / len(y) * X.T @ (X @ w - y)  # noqa: E731
    assert check.mse_gradient(right, verbose=False)
    for wrong in (lambda X, w, y: X.T @ (X @ w - y) / len(y),     # forgot the 2
                  lambda X, w, y: 2 * X.T @ (X @ w - y),          # sum, not mean
                  lambda X, w, y: 2 / len(y) * X.T @ (y - X @ w)):  # wrong sign
        assert check.mse_gradient(wrong, verbose=False).status == "failed"
