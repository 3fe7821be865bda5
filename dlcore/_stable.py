"""The numerically stable formulas behind dlcore's sigmoid, log-softmax and logistic loss, once each.

The public functions wrap these with input checks (:func:`dlcore.activations.sigmoid`,
:func:`dlcore.information.logsumexp`, :func:`dlcore.risk.bce_with_logits`, ...) or with a
gradient (:meth:`dlcore.tensor.Tensor.sigmoid`, :mod:`dlcore.losses`). The kernels here take
numpy arrays, check nothing, keep float32 as float32 and never overflow.

>>> z = np.array([-1000.0, 0.0, 1000.0])
>>> sigmoid(z).tolist()
[0.0, 0.5, 1.0]
>>> logsumexp(np.array([[1000.0, 1000.0]]), axis=-1).round(6).tolist()  # 1000 + log 2
[[1000.693147]]
"""

from __future__ import annotations

from typing import Tuple

import numpy as np

__all__ = ["bce_with_logits", "log_softmax", "logsumexp", "sigmoid"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z) from e = e^-|z| <= 1: 1 / (1 + e) for z >= 0, the equal e / (1 + e) for z < 0."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def bce_with_logits(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """-y log s(z) - (1 - y) log(1 - s(z)), with s the sigmoid, as max(z, 0) - z y + log(1 + e^-|z|)."""
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def _shift(z: np.ndarray, axis: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    # With m = max(z), log sum_j e^(z_j - m) = log(1 + r), where r sums every term but one
    # maximal one (that term is exactly e^0 = 1). log1p(r) keeps r's digits even when r is
    # below the rounding error of 1 + r, so a confident prediction's loss does not round to 0.
    top = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, top, axis=axis)
    shifted = z - np.where(np.isfinite(m), m, 0.0)  # an infinite max: no shift (and no inf - inf)
    e = np.exp(shifted)
    np.put_along_axis(e, top, 0.0, axis=axis)
    return m, shifted, np.log1p(e.sum(axis=axis, keepdims=True))


def logsumexp(z: np.ndarray, axis: int) -> np.ndarray:
    """log sum_j e^(z_j) along ``axis`` (kept, with size 1), as m + log1p(r); see :func:`log_softmax`."""
    m, _, log_sum = _shift(z, axis)
    return np.where(np.isfinite(m), m + log_sum, m)  # all -inf gives -inf; any +inf gives +inf


def log_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    """log softmax(z) = (z - m) - log1p(r) along ``axis``: exp never overflows, and a log-probability near 0
    keeps its digits.

    m = max(z) and r is the sum of e^(z_j - m) over every j but one maximal one.
    """
    _, shifted, log_sum = _shift(z, axis)
    return shifted - log_sum
