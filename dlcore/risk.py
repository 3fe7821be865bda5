"""Per-example losses, their derivatives, and minimising their average (empirical risk).

A *loss* scores one prediction; the *cost* (empirical risk) averages it over the
data set, plus any regulariser. Regression losses take the prediction and the
target; classification losses take logits (unnormalised scores), because that is
where they can be computed without overflow.

>>> float(huber(3.0, 0.0, delta=1.0))   # linear beyond delta: 1 * (3 - 0.5)
2.5

The classification losses here are numpy versions of the per-example training
loss; :func:`dlcore.losses.cross_entropy` is the same loss on Tensors (averaged
over the batch), and :func:`dlcore.information.cross_entropy_pq` compares two
whole distributions.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

import numpy as np

from . import _stable
from ._validate import as_float_array, as_int, as_labels, as_positive

__all__ = ["REGRESSION_LOSSES", "absolute_error", "bce_with_logits", "cauchy", "cross_entropy_with_logits",
           "derivative", "fit_line", "huber", "squared_error", "zero_one"]

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


def cauchy(y_hat: ArrayLike, y: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """(delta^2 / 2) log(1 + r^2 / delta^2), with r = y_hat - y: the Cauchy (or Lorentzian) loss.

    It is the negative log-likelihood of Cauchy noise of scale delta, up to a constant
    and a factor. Near 0 it is r^2 / 2, like Huber; far out it grows only like log |r|,
    so its pull, r / (1 + r^2 / delta^2), fades to 0 for far-away points.
    """
    y_hat, y = _pair(y_hat, y, "cauchy")
    delta = as_positive(delta, "delta", "cauchy")
    return 0.5 * delta**2 * np.log1p(((y_hat - y) / delta) ** 2)


def derivative(loss: str, y_hat: ArrayLike, y: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """d loss / d y_hat for a loss of ``REGRESSION_LOSSES`` (``"absolute"``: sign(r), 0 at r = 0)."""
    y_hat, y = _pair(y_hat, y, "derivative")
    r = y_hat - y
    if loss == "squared":
        return 2 * r
    if loss == "absolute":
        return np.sign(r)
    if loss in ("huber", "cauchy"):
        delta = as_positive(delta, "delta", "derivative")
        return np.clip(r, -delta, delta) if loss == "huber" else r / (1 + (r / delta) ** 2)
    raise ValueError(f"derivative: unknown loss {loss!r}; choose one of {sorted(REGRESSION_LOSSES)}.")


REGRESSION_LOSSES: Dict[str, Callable[..., np.ndarray]] = {
    "squared": squared_error, "absolute": absolute_error, "huber": huber, "cauchy": cauchy}


def bce_with_logits(z: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Binary cross-entropy of sigmoid(z) against 0/1 labels y, without computing sigmoid.

    -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + e^-|z|).
    """
    z, y = _pair(z, y, "bce_with_logits")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("bce_with_logits: y must hold labels (or probabilities) in [0, 1].")
    return _stable.bce_with_logits(z, y)


def cross_entropy_with_logits(logits: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """-log softmax(logits)[label] for each row: the categorical cross-entropy of integer labels.

    The log-softmax is :func:`dlcore.information.log_softmax`'s, precise even when the loss is ~1e-14.
    """
    logits = as_float_array(logits, "logits", "cross_entropy_with_logits", ndim=(2,))
    labels = as_labels(labels, logits.shape[0], "cross_entropy_with_logits", name="labels", per="row of logits",
                       n_classes=logits.shape[1])
    logp = _stable.log_softmax(logits, axis=1)
    return -logp[np.arange(len(labels)), labels]


def zero_one(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """1 where the predicted label differs from the true one, else 0 (the error rate's summand)."""
    y_hat, y = _pair(y_hat, y, "zero_one")
    return (y_hat != y).astype(np.float64)


def _weighted_line(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Slope and intercept minimising sum w (a x + b - y)^2 along the last axis (2 x 2 normal equations)."""
    mx = np.sum(w * x, axis=-1) / np.sum(w, axis=-1)
    my = np.sum(w * y, axis=-1) / np.sum(w, axis=-1)
    dx = x - mx[..., None]  # centring keeps the 2 x 2 system well conditioned
    slope = np.sum(w * dx * (y - my[..., None]), axis=-1) / np.sum(w * dx**2, axis=-1)
    return slope, my - slope * mx


def _irls(x: np.ndarray, y: np.ndarray, slope: np.ndarray, intercept: np.ndarray,
          weights: Callable[[np.ndarray], np.ndarray], iters: int) -> Tuple[np.ndarray, np.ndarray]:
    for _ in range(iters):
        r = np.abs(slope[..., None] * x + intercept[..., None] - y)
        new_slope, new_intercept = _weighted_line(x, y, weights(r))
        done = (np.allclose(new_slope, slope, rtol=1e-10, atol=1e-12)
                and np.allclose(new_intercept, intercept, rtol=1e-10, atol=1e-12))
        slope, intercept = new_slope, new_intercept
        if done:
            break
    return slope, intercept


def fit_line(x: ArrayLike, y: ArrayLike, loss: str = "squared", *, delta: float = 1.0,
             iters: int = 200) -> Tuple[Any, Any]:
    """The slope and intercept minimising the mean ``loss`` of w x + b against y.

    Squared loss has a closed form (least squares). The others are minimised by
    iteratively reweighted least squares: each pass solves a weighted least-squares
    problem whose weights, rho'(r) / r, shrink the pull of large residuals. The
    Cauchy loss is not convex, so its passes start from the absolute-loss fit.
    ``delta`` is the residual scale of Huber's and the Cauchy loss's bend.

    x and y of shape (n,) give two floats; of shape (m, n), m data sets fitted at
    once, they give two arrays of m slopes and intercepts.

    >>> x, y = [0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 5.0, 7.0, 100.0]
    >>> tuple(round(v, 6) for v in fit_line(x, y))              # least squares follows the outlier
    (20.2, -17.2)
    >>> tuple(round(v, 6) for v in fit_line(x, y, "absolute"))  # the absolute loss ignores it
    (2.0, 1.0)
    """
    x = as_float_array(x, "x", "fit_line", ndim=(1, 2))
    y = as_float_array(y, "y", "fit_line", ndim=(1, 2))
    if x.shape != y.shape or x.shape[-1] < 2:
        raise ValueError(f"fit_line: x and y need the same shape, with at least 2 points per data set; "
                         f"got {x.shape} and {y.shape}.")
    if np.any(np.ptp(x, axis=-1) == 0):
        raise ValueError("fit_line: every data set needs at least two different x values to fix a slope.")
    if loss not in REGRESSION_LOSSES:
        raise ValueError(f"fit_line: unknown loss {loss!r}; choose one of {sorted(REGRESSION_LOSSES)}.")
    delta = as_positive(delta, "delta", "fit_line")
    iters = as_int(iters, "iters", "fit_line", minimum=1)
    fit = _weighted_line(x, y, np.ones_like(x))
    if loss in ("absolute", "cauchy"):
        fit = _irls(x, y, *fit, lambda r: 1.0 / np.maximum(r, 1e-8), iters)  # absolute: 1 / |r|
    if loss == "huber":
        fit = _irls(x, y, *fit, lambda r: np.where(r <= delta, 1.0, delta / np.maximum(r, 1e-12)), iters)
    elif loss == "cauchy":
        fit = _irls(x, y, *fit, lambda r: 1.0 / (1.0 + (r / delta) ** 2), iters)
    if x.ndim == 1:
        return float(fit[0]), float(fit[1])
    return fit
