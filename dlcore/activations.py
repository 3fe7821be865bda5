"""Activation functions and their derivatives, in numpy.

Each function takes a number or an array ``z`` and works elementwise. Floating
inputs keep their dtype (float32 stays float32); integer inputs become float64.
A scalar input gives a numpy scalar back, an array gives an array of the same
shape. ``±inf`` is accepted (``sigmoid(inf) == 1``); NaN is refused.

>>> float(sigmoid(0.0)), float(relu_prime(-2.0))
(0.5, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict

import numpy as np

from . import _stable
from ._validate import as_float_array, as_real

__all__ = ["ACTIVATIONS", "Activation", "gelu", "gelu_prime", "get_activation", "identity",
           "identity_prime", "leaky_relu", "leaky_relu_prime", "relu", "relu_prime", "sigmoid",
           "sigmoid_prime", "step", "step_prime", "tanh", "tanh_prime"]

ArrayLike = Any
_GELU_C = np.sqrt(2.0 / np.pi)
_GELU_A = 0.044715


def _prep(z: ArrayLike, where: str) -> np.ndarray:
    return as_float_array(z, "z", where, allow_empty=True, allow_inf=True)


def _out(arr: np.ndarray, like: np.ndarray) -> Any:
    arr = np.asarray(arr, dtype=like.dtype)
    return arr[()] if arr.ndim == 0 else arr


def step(z: ArrayLike) -> Any:
    """Heaviside step: 1 where z >= 0, else 0 (the perceptron's "fire or not")."""
    z = _prep(z, "step")
    return _out(z >= 0, z)


def step_prime(z: ArrayLike) -> Any:
    """Derivative of the step: 0 everywhere (undefined at 0; we use 0 there)."""
    z = _prep(z, "step_prime")
    return _out(np.zeros_like(z), z)


def sigmoid(z: ArrayLike) -> Any:
    """Logistic sigmoid 1 / (1 + e^-z), computed without overflow for any z.

    Uses e^-|z| <= 1, so exp never overflows: for z >= 0 the value is
    1 / (1 + e^-z); for z < 0 it is the equal form e^z / (1 + e^z). ``Tensor.sigmoid``
    and the logistic losses share this one implementation (in ``dlcore._stable``); the
    learner's own copy, written in chapter 1, is graded against it by ``check.sigmoid``.
    """
    z = _prep(z, "sigmoid")
    return _out(_stable.sigmoid(z), z)


def sigmoid_prime(z: ArrayLike) -> Any:
    """Derivative of the sigmoid: s(z) (1 - s(z)), at most 1/4 (at z = 0)."""
    s = np.asarray(sigmoid(z))
    return _out(s * (1.0 - s), s)


def tanh(z: ArrayLike) -> Any:
    """Hyperbolic tangent, a zero-centred sigmoid: tanh(z) = 2 sigmoid(2z) - 1."""
    z = _prep(z, "tanh")
    return _out(np.tanh(z), z)


def tanh_prime(z: ArrayLike) -> Any:
    """Derivative of tanh: 1 - tanh(z)^2, at most 1 (at z = 0)."""
    t = np.asarray(tanh(z))
    return _out(1.0 - t * t, t)


def relu(z: ArrayLike) -> Any:
    """Rectified linear unit: max(0, z)."""
    z = _prep(z, "relu")
    return _out(np.maximum(z, 0), z)


def relu_prime(z: ArrayLike) -> Any:
    """Derivative of ReLU: 1 for z > 0, 0 for z < 0 (and 0 at z = 0, as in PyTorch)."""
    z = _prep(z, "relu_prime")
    return _out(z > 0, z)


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> Any:
    """Leaky ReLU: z for z > 0, alpha * z otherwise, so the gradient never dies."""
    z = _prep(z, "leaky_relu")
    alpha = as_real(alpha, "alpha", "leaky_relu")
    return _out(np.where(z > 0, z, alpha * z), z)


def leaky_relu_prime(z: ArrayLike, alpha: float = 0.01) -> Any:
    """Derivative of leaky ReLU: 1 for z > 0, alpha otherwise."""
    z = _prep(z, "leaky_relu_prime")
    alpha = as_real(alpha, "alpha", "leaky_relu_prime")
    return _out(np.where(z > 0, 1.0, alpha), z)


def gelu(z: ArrayLike) -> Any:
    """GELU, z * Phi(z), in the tanh approximation used by BERT and GPT-2.

    0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))); Hendrycks & Gimpel (2016).
    """
    z = _prep(z, "gelu")
    with np.errstate(over="ignore", invalid="ignore"):  # z^3 may overflow; tanh(inf) is fine
        out = 0.5 * z * (1.0 + np.tanh(_GELU_C * (z + _GELU_A * z**3)))
    return _out(np.where(np.isneginf(z), 0.0, out), z)  # -inf * 0 has the limit 0


def gelu_prime(z: ArrayLike) -> Any:
    """Derivative of the tanh-approximated GELU."""
    z = _prep(z, "gelu_prime")
    with np.errstate(over="ignore", invalid="ignore"):
        t = np.tanh(_GELU_C * (z + _GELU_A * z**3))
        d = 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * _GELU_C * (1.0 + 3.0 * _GELU_A * z * z)
    # Far from 0 the second term is 0 * inf; its limit is 0.
    d = np.where(np.isfinite(d), d, np.where(z > 0, 1.0, 0.0))
    return _out(d, z)


def identity(z: ArrayLike) -> Any:
    """The identity, z itself: a layer with it is purely linear."""
    z = _prep(z, "identity")
    return _out(z, z)


def identity_prime(z: ArrayLike) -> Any:
    """Derivative of the identity: 1 everywhere."""
    z = _prep(z, "identity_prime")
    return _out(np.ones_like(z), z)


@dataclass(frozen=True)
class Activation:
    """An activation function bundled with its derivative and a display name."""

    name: str
    f: Callable[[ArrayLike], Any]
    df: Callable[[ArrayLike], Any]

    def __call__(self, z: ArrayLike) -> Any:
        return self.f(z)


ACTIVATIONS: Dict[str, Activation] = {
    "step": Activation("step", step, step_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("ReLU", relu, relu_prime),
    "leaky_relu": Activation("leaky ReLU", leaky_relu, leaky_relu_prime),
    "gelu": Activation("GELU", gelu, gelu_prime),
    "identity": Activation("identity", identity, identity_prime),
}


def get_activation(name: "str | Activation") -> Activation:
    """Look up an activation by name (``"relu"``, ``"sigmoid"``, ...) or pass one through."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"get_activation: name must be a string such as 'relu', got {type(name).__name__}.")
    key = name.lower().replace(" ", "_").replace("-", "_")
    if key not in ACTIVATIONS:
        raise ValueError(f"get_activation: unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}.")
    return ACTIVATIONS[key]
