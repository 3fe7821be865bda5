"""Polynomial models with L2 (ridge) and L1 (lasso) penalties, and k-fold cross-validation.

The smallest setting in which overfitting and regularization can be seen exactly:
a polynomial of high degree fitted to a few noisy points. Both fits leave the
intercept (the first column of ones) unpenalised.

>>> X = polynomial_features([0.0, 0.5, 1.0], degree=2)
>>> X.tolist()
[[1.0, 0.0, 0.0], [1.0, 0.5, 0.25], [1.0, 1.0, 1.0]]
"""

from __future__ import annotations

from typing import Any, List, Tuple

import numpy as np

from ._validate import as_float_array, as_int, as_nonnegative, as_rng

__all__ = ["kfold", "lasso", "mse", "polynomial_features", "ridge"]

ArrayLike = Any


def polynomial_features(x: ArrayLike, degree: int) -> np.ndarray:
    """The design matrix [1, x, x^2, ..., x^degree], one row per point."""
    x = as_float_array(x, "x", "polynomial_features", ndim=(1,))
    degree = as_int(degree, "degree", "polynomial_features", minimum=0)
    return x[:, None] ** np.arange(degree + 1)


def _design(X: ArrayLike, y: ArrayLike, lam: Any, where: str) -> Tuple[np.ndarray, np.ndarray, float]:
    X = as_float_array(X, "X", where, ndim=(2,))
    y = as_float_array(y, "y", where, ndim=(1,))
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{where}: X has {X.shape[0]} rows but y has {y.shape[0]} entries.")
    lam = as_nonnegative(lam, "the penalty strength lam", where)
    return X, y, lam


def ridge(X: ArrayLike, y: ArrayLike, lam: float) -> np.ndarray:
    """argmin_w (1/n) ||X w - y||^2 + lam ||w[1:]||^2, in closed form.

    Setting the gradient to zero gives (X^T X / n + lam P) w = X^T y / n, with P the
    identity except P[0, 0] = 0 (the intercept is not penalised).
    """
    X, y, lam = _design(X, y, lam, "ridge")
    n, d = X.shape
    penalty = lam * np.eye(d)
    penalty[0, 0] = 0.0
    return np.linalg.lstsq(X.T @ X / n + penalty, X.T @ y / n, rcond=None)[0]


def lasso(X: ArrayLike, y: ArrayLike, lam: float, *, iters: int = 2000, tol: float = 1e-10) -> np.ndarray:
    """argmin_w (1/2n) ||X w - y||^2 + lam ||w[1:]||_1, by cyclic coordinate descent.

    Each coordinate update is a soft-threshold, which sets small weights to exactly 0:
    that is where the L1 penalty's sparsity comes from.
    """
    X, y, lam = _design(X, y, lam, "lasso")
    iters = as_int(iters, "iters", "lasso", minimum=1)
    n, d = X.shape
    w = np.zeros(d)
    col_sq = np.sum(X**2, axis=0) / n
    residual = y - X @ w
    for _ in range(iters):
        biggest = 0.0
        for j in range(d):
            if col_sq[j] == 0:
                continue
            rho = X[:, j] @ residual / n + col_sq[j] * w[j]
            t = lam if j > 0 else 0.0
            new = np.sign(rho) * max(abs(rho) - t, 0.0) / col_sq[j]
            residual -= X[:, j] * (new - w[j])
            biggest = max(biggest, abs(new - w[j]))
            w[j] = new
        if biggest < tol:
            break
    return w


def mse(X: ArrayLike, y: ArrayLike, w: ArrayLike) -> float:
    """Mean squared error of the linear model X @ w on (X, y)."""
    X = as_float_array(X, "X", "mse", ndim=(2,))
    y = as_float_array(y, "y", "mse", ndim=(1,))
    w = as_float_array(w, "w", "mse", ndim=(1,))
    if X.shape != (y.shape[0], w.shape[0]):
        raise ValueError(f"mse: shapes do not fit: X {X.shape}, y {y.shape}, w {w.shape}.")
    return float(np.mean((X @ w - y) ** 2))


def kfold(n: int, k: int, *, seed: Any = 0) -> List[Tuple[np.ndarray, np.ndarray]]:
    """Shuffle 0..n-1 and cut it into k folds; return (train, validation) index pairs, one per fold."""
    n = as_int(n, "n", "kfold", minimum=2)
    k = as_int(k, "k", "kfold", minimum=2)
    if k > n:
        raise ValueError(f"kfold: k = {k} folds need at least {k} examples, got n = {n}.")
    order = as_rng(seed, "kfold").permutation(n)
    folds = np.array_split(order, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
