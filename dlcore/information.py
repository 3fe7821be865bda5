"""Softmax, log-sum-exp, entropy, cross-entropy and KL divergence, in numpy.

Probability vectors live along the last axis (``axis=-1``), so a batch of
distributions is a 2-D array with one distribution per row. ``base`` chooses the
unit: ``np.e`` for nats (the default), ``2`` for bits.

The functions here compare *distributions*. The training loss that takes a
network's logits and integer labels is :func:`dlcore.losses.cross_entropy` (on
Tensors) or :func:`dlcore.risk.cross_entropy_with_logits` (in numpy).

>>> float(entropy([0.5, 0.5], base=2))
1.0
>>> softmax([1000.0, 1000.0]).tolist()   # no overflow
[0.5, 0.5]
"""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from . import _stable
from ._validate import as_float_array, as_positive

__all__ = ["binary_entropy", "cross_entropy_pq", "entropy", "kl_divergence", "log_softmax", "logsumexp",
           "softmax"]

ArrayLike = Any


def _log(x: np.ndarray, base: float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(x) / np.log(base)


def _base(base: Any, where: str) -> float:
    base = as_positive(base, "base", where)
    if base == 1:
        raise ValueError(f"{where}: base must not be 1 (log base 1 is undefined); use np.e or 2.")
    return base


def logsumexp(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """log(sum(exp(z))) along ``axis``, computed as m + log(sum(exp(z - m))) with m = max(z).

    The sum's largest term is exactly 1, so the log is taken as log1p of the others, which
    keeps their digits however small they are. All -inf gives -inf; any +inf gives +inf.
    This is dlcore's one log-sum-exp: :func:`dlcore.losses.log_softmax` (on Tensors) and
    :func:`dlcore.risk.cross_entropy_with_logits` compute the same numbers.
    """
    z = as_float_array(z, "z", "logsumexp", allow_inf=True)
    return np.squeeze(_stable.logsumexp(np.atleast_1d(z), axis), axis=axis)


def log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """log softmax(z) = z - logsumexp(z): finite log-probabilities even for huge logits.

    Computed as (z - max z) - log1p(...), as in :func:`logsumexp`.
    """
    z = as_float_array(z, "z", "log_softmax")
    return _stable.log_softmax(np.atleast_1d(z), axis)


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """exp(z_i) / sum_j exp(z_j), stabilised by subtracting max(z) first (which changes nothing)."""
    z = as_float_array(z, "z", "softmax")
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _distribution(p: ArrayLike, name: str, where: str) -> np.ndarray:
    p = as_float_array(p, name, where)
    if np.any(p < 0):
        raise ValueError(f"{where}: {name} has negative entries; probabilities must be >= 0.")
    total = np.sum(p, axis=-1)
    if not np.allclose(total, 1.0, atol=1e-6):
        raise ValueError(f"{where}: {name} must sum to 1 along the last axis, got sums {np.round(total, 6)}; "
                         "normalise it (p / p.sum()) or pass logits to softmax first.")
    return p


def _pair(p: ArrayLike, q: ArrayLike, where: str) -> Tuple[np.ndarray, np.ndarray]:
    p, q = _distribution(p, "p", where), _distribution(q, "q", where)
    if p.shape[-1] != q.shape[-1]:
        raise ValueError(f"{where}: p and q must have the same number of outcomes, "
                         f"got shapes {p.shape} and {q.shape}.")
    return p, q


def entropy(p: ArrayLike, base: float = np.e) -> np.ndarray:
    """H(p) = -sum_i p_i log p_i (with 0 log 0 = 0): the average surprise of a draw from p."""
    base = _base(base, "entropy")
    p = _distribution(p, "p", "entropy")
    return -np.sum(p * _log(np.where(p > 0, p, 1.0), base), axis=-1)  # 0 log 0 = 0


def binary_entropy(p: ArrayLike, base: float = 2) -> np.ndarray:
    """Entropy of a coin with P(heads) = p: -p log p - (1-p) log(1-p); 1 bit at p = 0.5."""
    base = _base(base, "binary_entropy")
    p = as_float_array(p, "p", "binary_entropy", allow_empty=True)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("binary_entropy: p must lie in [0, 1].")
    return entropy(np.stack([p, 1 - p], axis=-1), base=base)


def cross_entropy_pq(p: ArrayLike, q: ArrayLike, base: float = np.e) -> np.ndarray:
    """H(p, q) = -sum_i p_i log q_i: the average surprise when events from p are coded by q.

    Both arguments are probability distributions (along the last axis). With a
    one-hot p (the label y) and q = softmax(logits), H(p, q) = -log q_y, the
    per-example training loss: :func:`dlcore.losses.cross_entropy` takes logits and
    integer labels instead, and averages that over a batch.

    >>> round(float(cross_entropy_pq([0.0, 1.0], [0.75, 0.25], base=2)), 6)   # -log2(1/4)
    2.0
    """
    base = _base(base, "cross_entropy_pq")
    p, q = _pair(p, q, "cross_entropy_pq")
    with np.errstate(invalid="ignore"):  # q_i = 0 where p_i > 0 gives +inf, as it should
        return -np.sum(p * _log(np.where(p > 0, q, 1.0), base), axis=-1)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = np.e) -> np.ndarray:
    """KL(p || q) = sum_i p_i log(p_i / q_i) >= 0, zero exactly when p = q; not symmetric.

    It equals H(p, q) - H(p): the extra surprise of coding p's events with q.
    """
    base = _base(base, "kl_divergence")
    p, q = _pair(p, q, "kl_divergence")
    where = p > 0  # terms with p_i = 0 contribute 0; q_i = 0 there gives +inf
    with np.errstate(divide="ignore"):
        ratio = np.where(where, p, 1.0) / np.where(where, q, 1.0)
    return np.sum(p * _log(ratio, base), axis=-1)
