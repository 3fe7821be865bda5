"""Loss functions on :class:`~dlcore.tensor.Tensor` s, each one fused, stable graph node.

Fusing the softmax (or sigmoid) with the log is what makes these stable: the
log of a probability is computed from the logits directly, never as the log
of a number that has already rounded to 0.

>>> logits = Tensor([[1000.0, 0.0], [0.0, 0.0]], dtype=np.float64)
>>> round(cross_entropy(logits, [0, 1]).item(), 6)   # a naive softmax gives nan here
0.346574
"""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from . import _stable
from ._validate import as_labels
from .tensor import Tensor

__all__ = ["binary_cross_entropy_with_logits", "cross_entropy", "log_softmax", "mse_loss"]


def _as_tensor(x: Any, name: str, where: str) -> Tensor:
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray) or isinstance(x, (list, tuple, int, float)):
        return Tensor(x)
    raise TypeError(f"{where}: {name} must be a Tensor or an array, got {type(x).__name__}.")


def _same_shape(pred: Tensor, target: Any, where: str) -> np.ndarray:
    y = target.data if isinstance(target, Tensor) else np.asarray(target, dtype=pred.dtype)
    if y.shape != pred.shape:
        raise ValueError(f"{where}: input has shape {pred.shape} but target has shape {y.shape}; "
                         "they must match (reshape one of them, e.g. y.reshape(-1, 1)).")
    return y.astype(pred.dtype, copy=False)


def log_softmax(x: Tensor, axis: int = -1) -> Tensor:
    """log(softmax(x)) along ``axis``, computed as x - logsumexp(x) so it never overflows.

    The numbers are those of :func:`dlcore.information.log_softmax` (one implementation);
    this one records the gradient. Backward: g - softmax(x) * sum(g) along the axis.
    """
    x = _as_tensor(x, "x", "log_softmax")
    out = _stable.log_softmax(x.data, axis)

    def backward(g: np.ndarray) -> Tuple[np.ndarray]:
        return (g - np.exp(out) * g.sum(axis=axis, keepdims=True),)
    return Tensor.from_op(out, (x,), backward, "log_softmax")


def cross_entropy(logits: Tensor, target: Any) -> Tensor:
    """Mean negative log-probability of the correct classes: -mean_i log softmax(z_i)[y_i].

    ``logits`` has shape (n, classes) and ``target`` holds n integer labels, as in
    ``torch.nn.functional.cross_entropy``. The gradient is (softmax(z) - onehot(y)) / n.
    """
    logits = _as_tensor(logits, "logits", "cross_entropy")
    if logits.ndim != 2:
        raise ValueError(f"cross_entropy: logits must have shape (n, classes), got {logits.shape}.")
    n, k = logits.shape
    y = np.asarray(target.data if isinstance(target, Tensor) else target)
    if y.shape != (n,):
        raise ValueError(f"cross_entropy: logits have shape {logits.shape}, so target needs shape ({n},), "
                         f"got {y.shape}.")
    y = as_labels(y, n, "cross_entropy", name="target", per="row of logits", n_classes=k)
    logp = _stable.log_softmax(logits.data, axis=1)
    rows = np.arange(n)
    loss = -logp[rows, y].mean()

    def backward(g: np.ndarray) -> Tuple[np.ndarray]:
        d = np.exp(logp)  # softmax, reusing the saved log-probabilities
        d[rows, y] -= 1
        d *= g / n
        return (d,)
    return Tensor.from_op(np.asarray(loss, dtype=logits.dtype), (logits,), backward, "cross_entropy")


def binary_cross_entropy_with_logits(logits: Tensor, target: Any) -> Tensor:
    """Mean binary cross-entropy of sigmoid(z) against 0/1 targets, from the logits z.

    ``loss = max(z, 0) - z y + log(1 + e^-|z|)``, which equals -y log s - (1 - y) log(1 - s)
    without ever computing log(0). The gradient is (sigmoid(z) - y) / n.
    """
    logits = _as_tensor(logits, "logits", "binary_cross_entropy_with_logits")
    z = logits.data
    y = _same_shape(logits, target, "binary_cross_entropy_with_logits")
    loss = _stable.bce_with_logits(z, y).mean()  # the formula of risk.bce_with_logits

    def backward(g: np.ndarray) -> Tuple[np.ndarray]:
        s = _stable.sigmoid(z)  # the formula of activations.sigmoid
        s -= y
        s *= g / z.size
        return (s,)
    return Tensor.from_op(np.asarray(loss, dtype=z.dtype), (logits,), backward, "bce_with_logits")


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean squared error, mean((pred - target)^2); the shapes must match exactly."""
    pred = _as_tensor(pred, "pred", "mse_loss")
    diff = pred.data - _same_shape(pred, target, "mse_loss")
    return Tensor.from_op(np.asarray((diff * diff).mean(), dtype=pred.dtype), (pred,),
                          lambda g: (g * (2 / diff.size) * diff,), "mse")
