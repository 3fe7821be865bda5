"""Graders for chapter 4, Loss functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import information as info
from .. import risk
from ._grader import Case, Result, grade

__all__ = ["cross_entropy_from_logits", "mse_gradient", "softmax"]

_RNG = np.random.default_rng(4)
_LOGITS = _RNG.normal(size=(4, 5))
_LABELS = np.array([0, 3, 4, 1])


def softmax(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a softmax over the last axis: sums to 1, batches, and huge logits without overflow."""
    big_hint = ("exp(1000) overflows. Subtract the largest logit first: softmax(z) = softmax(z - max(z)), "
                "because the common factor exp(-max) cancels.")
    cases = [
        Case((np.array([0.0, 0.0]),), np.array([0.5, 0.5]), "equal logits give equal probabilities"),
        Case((np.array([1.0, 2.0, 3.0]),), info.softmax([1.0, 2.0, 3.0]), "a small vector"),
        Case((_LOGITS.copy(),), info.softmax(_LOGITS), "a batch: one distribution per row",
             hint="normalise each row separately: sum over axis=-1 with keepdims=True."),
        Case((np.array([1000.0, 1001.0, 1002.0]),), info.softmax([0.0, 1.0, 2.0]), "huge logits", hint=big_hint),
        Case((np.array([-1000.0, -1000.0]),), np.array([0.5, 0.5]), "very negative logits", hint=big_hint),
    ]
    return grade("softmax", fn, cases, must_pass=must_pass, verbose=verbose, rtol=1e-9)


def cross_entropy_from_logits(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(logits, labels)`` returns the mean cross-entropy, stable for huge logits."""
    def ref(logits: np.ndarray, labels: np.ndarray) -> float:
        return float(np.mean(risk.cross_entropy_with_logits(logits, labels)))

    huge = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    cases = [
        Case((_LOGITS.copy(), _LABELS.copy()), ref(_LOGITS, _LABELS), "a batch of 4",
             hint="the loss of one row is -log softmax(logits)[label]; return the mean over rows."),
        Case((np.zeros((2, 4)), np.array([1, 2])), float(np.log(4)), "uniform logits: log K",
             hint="with K equal logits every class has probability 1/K, so the loss is log K."),
        Case((huge.copy(), np.array([2, 1])), ref(huge, np.array([2, 1])), "huge logits",
             hint="use log softmax(z) = z - logsumexp(z), with logsumexp computed after subtracting max(z)."),
    ]
    return grade("cross_entropy_from_logits", fn, cases, must_pass=must_pass, verbose=verbose, rtol=1e-9)


def mse_gradient(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(X, w, y)`` returns the gradient of mean((X @ w - y)^2) with respect to w."""
    X = _RNG.normal(size=(8, 3))
    y = _RNG.normal(size=8)
    hint = "J(w) = (1/n) sum (x_i . w - y_i)^2, so grad J = (2/n) X^T (X w - y)."
    cases = []
    for w in (np.zeros(3), np.array([1.0, -2.0, 0.5])):
        cases.append(Case((X.copy(), w.copy(), y.copy()), 2 / len(y) * X.T @ (X @ w - y),
                          f"w = {w.tolist()}", hint=hint))
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    cases.append(Case((X.copy(), w_star, y.copy()), np.zeros(3), "at the least-squares solution it is 0",
                      hint=hint))
    return grade("mse_gradient", fn, cases, must_pass=must_pass, verbose=verbose, atol=1e-9)
