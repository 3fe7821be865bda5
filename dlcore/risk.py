"""Per-example losses, their derivatives, and minimising their average (empirical risk).

A *loss* scores one prediction; the *cost* (empirical risk) averages it over the
data set, plus any regulariser. Regression losses take the prediction and the
target; classification losses take logits (unnormalised scores), because that is
where they can be computed without overflow.

>>> float(huber(3.0, 0.0, delta=1.0))   # linear beyond delta: 1 * (3 - 0.5)
2.5
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

import numpy as np

from ._validate import as_float_array, as_int, as_labels, as_positive

ArrayLike = Any


def _pair(y_hat: ArrayLike, y: ArrayLike, where: str) -> Tuple[np.ndarray, np.ndarray]:
    y_hat = as_float_array(y_hat, "y_hat", where, allow_empty=True)
    y = as_float_array(y, "y", where, allow_empty=True)
    try:
        np.broadcast_shapes(y_hat.shape, y.shape)
    except ValueError:
        raise ValueError(f"{where}: y_hat has shape {y_hat.shape} but y has shape {y.shape}; "
                         "they must match (or broadcast).") from None
    return y_hat, y


def squared_error(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """(y_hat - y)^2; its mean over the data is the MSE."""
    y_hat, y = _pair(y_hat, y, "squared_error")
    return (y_hat - y) ** 2


def absolute_error(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """|y_hat - y|; its mean over the data is the MAE."""
    y_hat, y = _pair(y_hat, y, "absolute_error")
    return np.abs(y_hat - y)


def huber(y_hat: ArrayLike, y: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """Quadratic for |r| <= delta, linear beyond: r^2 / 2, or delta (|r| - delta / 2), with r = y_hat - y."""
    y_hat, y = _pair(y_hat, y, "huber")
    delta = as_positive(delta, "delta", "huber")
    r = np.abs(y_hat - y)
    return np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))


def derivative(loss: str, y_hat: ArrayLike, y: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """d loss / d y_hat for ``"squared"``, ``"absolute"`` (sign(r), 0 at r = 0) or ``"huber"``."""
    y_hat, y = _pair(y_hat, y, "derivative")
    r = y_hat - y
    if loss == "squared":
        return 2 * r
    if loss == "absolute":
        return np.sign(r)
    if loss == "huber":
        delta = as_positive(delta, "delta", "derivative")
        return np.clip(r, -delta, delta)
    raise ValueError(f"derivative: unknown loss {loss!r}; choose 'squared', 'absolute' or 'huber'.")


REGRESSION_LOSSES: Dict[str, Callable[..., np.ndarray]] = {
    "squared": squared_error, "absolute": absolute_error, "huber": huber}


def bce_with_logits(z: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Binary cross-entropy of sigmoid(z) against 0/1 labels y, without computing sigmoid.

    -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + e^-|z|).
    """
    z, y = _pair(z, y, "bce_with_logits")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("bce_with_logits: y must hold labels (or probabilities) in [0, 1].")
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def cross_entropy_with_logits(logits: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """-log softmax(logits)[label] for each row: the categorical cross-entropy of integer labels."""
    logits = as_float_array(logits, "logits", "cross_entropy_with_logits", ndim=(2,))
    labels = as_labels(labels, logits.shape[0], "cross_entropy_with_logits", name="labels", per="row of logits",
                       n_classes=logits.shape[1])
    rows = np.arange(len(labels))
    top = logits.argmax(axis=1)
    e = np.exp(logits - logits[rows, top][:, None])  # the largest term is exactly 1...
    e[rows, top] = 0.0
    # ...so log(sum) = log1p(sum of the rest), precise even when the loss is ~1e-14.
    return (logits[rows, top] - logits[rows, labels]) + np.log1p(e.sum(axis=1))


def zero_one(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """1 where the predicted label differs from the true one, else 0 (the error rate's summand)."""
    y_hat, y = _pair(y_hat, y, "zero_one")
    return (y_hat != y).astype(np.float64)


def fit_line(x: ArrayLike, y: ArrayLike, loss: str = "squared", *, delta: float = 1.0,
             iters: int = 200) -> Tuple[float, float]:
    """The slope and intercept minimising the mean ``loss`` of w x + b against y.

    Squared loss has a closed form (least squares). Absolute and Huber loss are
    minimised by iteratively reweighted least squares: each pass solves a weighted
    least-squares problem whose weights, rho'(r) / r, shrink the pull of large residuals.
    """
    x = as_float_array(x, "x", "fit_line", ndim=(1,))
    y = as_float_array(y, "y", "fit_line", ndim=(1,))
    if x.shape != y.shape or len(x) < 2:
        raise ValueError(f"fit_line: x and y need the same length (at least 2), got {x.shape} and {y.shape}.")
    if loss not in REGRESSION_LOSSES:
        raise ValueError(f"fit_line: unknown loss {loss!r}; choose one of {sorted(REGRESSION_LOSSES)}.")
    delta = as_positive(delta, "delta", "fit_line")
    iters = as_int(iters, "iters", "fit_line", minimum=1)
    A = np.c_[x, np.ones_like(x)]
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    if loss == "squared":
        return float(coef[0]), float(coef[1])
    for _ in range(iters):
        r = np.abs(A @ coef - y)
        if loss == "absolute":
            weights = 1.0 / np.maximum(r, 1e-8)
        else:
            weights = np.where(r <= delta, 1.0, delta / np.maximum(r, 1e-12))
        sw = np.sqrt(weights)
        new = np.linalg.lstsq(A * sw[:, None], y * sw, rcond=None)[0]
        if np.allclose(new, coef, rtol=1e-10, atol=1e-12):
            break
        coef = new
    return float(coef[0]), float(coef[1])
