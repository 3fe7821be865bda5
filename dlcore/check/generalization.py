"""Graders for chapter 6, Training networks that generalize.

>>> from dlcore.stopping import stopping_point
>>> early_stopping_point(stopping_point, verbose=False).status
'passed'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import data, experiment, stopping
from ._grader import Case, Result, grade

__all__ = ["early_stopping_point", "inverted_dropout", "welch_t", "zscore"]


def inverted_dropout(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(x, p, rng)``: zero each entry with probability p, scale survivors by 1 / (1 - p)."""
    if not callable(fn):
        return grade("inverted_dropout", fn, [], must_pass=must_pass, verbose=verbose)

    def probe(kind: str, x: np.ndarray, p: float) -> Any:
        out = np.asarray(fn(x.copy(), p, np.random.default_rng(0)), dtype=np.float64)
        if out.shape != x.shape:
            raise ValueError(f"the output has shape {out.shape}, but x has shape {x.shape}")
        if kind == "output":
            return out
        kept = out != 0
        if kind == "statistics":  # the fraction dropped, and how far survivors are from x / (1 - p)
            error = np.max(np.abs(out[kept] - x[kept] / (1 - p))) if kept.any() else 0.0
            return np.array([1 - kept.mean(), error])
        if kind == "mean":
            return out.mean()
        again = np.asarray(fn(x.copy(), p, np.random.default_rng(0)), dtype=np.float64)
        other = np.asarray(fn(x.copy(), p, np.random.default_rng(1)), dtype=np.float64)
        return np.array([np.abs(again - out).max(), float(np.any(other != out))])

    ones = np.ones(1_000_000)  # enough draws that the sampling error is far below the tolerance
    x = np.random.default_rng(5).normal(1.0, 1.0, size=(1000, 50))
    cases = [
        Case(("output", x, 0.0), x, "p = 0 keeps every value unchanged",
             hint="with p = 0 nothing is dropped and 1 / (1 - p) = 1."),
        Case(("statistics", ones, 0.3), np.array([0.3, 0.0]), "p = 0.3 on a million ones",
             hint="keep an entry where rng.random(x.shape) >= p, set the others to 0, and divide the "
                  "survivors by 1 - p."),
        Case(("statistics", x, 0.5), np.array([0.5, 0.0]), "p = 0.5 on a 1000 x 50 array",
             hint="every surviving entry must be exactly x / (1 - p): scale the values, not the mask alone."),
        Case(("mean", ones, 0.8), 1.0, "the mean is unchanged in expectation",
             hint="dividing the survivors by 1 - p keeps the expected value of each entry equal to x."),
        Case(("randomness", x, 0.5), np.array([0.0, 1.0]), "the mask comes from the rng argument",
             hint="draw the mask from the rng you are given (rng.random), not from np.random or a fixed seed."),
    ]
    return grade("inverted_dropout", probe, cases, must_pass=must_pass, verbose=verbose, rtol=0, atol=0.01)


def zscore(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(X_train, X_other)`` returns both z-scored with the training mean and std only."""
    rng = np.random.default_rng(2)
    X = np.c_[rng.normal(120, 40, 50), rng.uniform(0, 6, 50)]
    X_new = np.c_[rng.normal(150, 10, 20), rng.uniform(4, 9, 20)]
    X_const = np.c_[X, np.full(50, 7.0)]
    X_const_new = np.c_[X_new, np.full(20, 9.0)]

    def stacked(X_train: np.ndarray, X_other: np.ndarray) -> np.ndarray:
        Z_train, Z_other = fn(X_train, X_other)
        return np.vstack([np.asarray(Z_train, dtype=np.float64), np.asarray(Z_other, dtype=np.float64)])

    def expected(X_train: np.ndarray, X_other: np.ndarray) -> np.ndarray:
        return np.vstack(data.standardize(X_train, X_other))

    hint = ("compute mean = X_train.mean(axis=0) and std = X_train.std(axis=0) (np.std's default ddof=0, "
            "as scikit-learn's StandardScaler) once, then return ((X_train - mean) / std, (X_other - mean) / std).")
    cases = [
        Case((X, X.copy()), expected(X, X), "the training set itself: each column gets mean 0, std 1", hint=hint),
        Case((X, X_new), expected(X, X_new), "a new set is scaled with the training statistics",
             hint="never compute a mean or std from X_other: at test time you would not have it. " + hint),
        Case((X_const, X_const_new), expected(X_const, X_const_new), "a constant column (std 0)",
             hint="where the training std is 0, divide by 1 instead (np.where(std > 0, std, 1.0))."),
    ]
    return grade("zscore", stacked, cases, must_pass=must_pass, verbose=verbose)


def early_stopping_point(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(val_loss, patience)`` returns ``(best, stop)`` as :func:`dlcore.stopping.stopping_point`."""
    curves = [
        ([1.0, 0.8, 0.6, 0.5, 0.45, 0.44], 2, "a curve that only falls: keep and stop at the last epoch"),
        ([1.0, 0.7, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9], 3, "a U-shaped curve"),
        ([1.0, 0.6, 0.7, 0.65, 0.5, 0.8, 0.9, 1.0], 3, "a new best within the patience keeps training"),
        ([1.0, 0.6, 0.7, 0.8, 0.9, 0.3, 0.2], 3, "a lower dip after the patience ran out is never seen"),
        ([1.0, 0.5, 0.5, 0.5, 0.4], 2, "an equal loss is not an improvement"),
        ([0.9, 1.0, 0.8], 1, "patience 1 stops at the first epoch without a new best"),
    ]
    hint = ("walk along the curve keeping the index of the best loss so far; a strictly lower loss "
            "is a new best; stop at the first index that is `patience` epochs after the best.")
    cases = [Case((list(c), p), np.array(stopping.stopping_point(c, p)), probe, hint=hint) for c, p, probe in curves]
    return grade("early_stopping_point", lambda c, p: np.asarray(fn(c, p)), cases, must_pass=must_pass,
                 verbose=verbose, rtol=0, atol=0)


def welch_t(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(a, b)`` returns Welch's ``(t, df)`` for the runs ``a`` and ``b``."""
    rng = np.random.default_rng(4)
    hint = ("t = (mean(a) - mean(b)) / sqrt(va + vb) with va = var(a, ddof=1) / len(a); "
            "df = (va + vb)^2 / (va^2 / (len(a) - 1) + vb^2 / (len(b) - 1)).")
    pairs = [
        (rng.normal(0.80, 0.01, 5), rng.normal(0.78, 0.01, 5), "five runs each", hint),
        (rng.normal(0.80, 0.03, 4), rng.normal(0.75, 0.005, 9), "different sizes and spreads",
         "don't pool the variances: each mean has its own standard error squared, s^2 / n."),
        (np.array([0.81, 0.83, 0.82]), np.array([0.80, 0.84, 0.79, 0.81]), "three and four runs",
         "use the sample variance, with n - 1 in the denominator (np.var(a, ddof=1))."),
    ]

    def reference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        w = experiment.welch(a, b)
        return np.array([w.t, w.df])

    cases = [Case((a, b), reference(a, b), probe, hint=h) for a, b, probe, h in pairs]
    return grade("welch_t", lambda a, b: np.asarray(fn(a, b), dtype=np.float64), cases,
                 must_pass=must_pass, verbose=verbose, rtol=1e-6)
