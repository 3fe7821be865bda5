"""Weight initialization: draw each layer's weights with the variance that keeps signals the same size.

A unit computes z = sum_i w_i x_i over ``fan_in`` inputs. With independent, zero-mean weights,
Var(z) = fan_in Var(w) E[x^2], so the weight variance decides whether signals grow, shrink or
keep their size from layer to layer. The classic choices:

- ``"glorot"`` (alias ``"xavier"``): Var(w) = 2 / (fan_in + fan_out), a compromise between the
  forward pass (1 / fan_in) and the backward pass (1 / fan_out), for tanh (Glorot & Bengio, 2010);
- ``"he"``: Var(w) = 2 / fan_in, which makes up for ReLU zeroing half its inputs (He et al., 2015);
- ``"lecun"``: Var(w) = 1 / fan_in (LeCun et al., 1998).

>>> variance("he", 256), variance("glorot", 100, 300)
(0.0078125, 0.005)
>>> round(float(weights(512, 512, "he", seed=0).var()) * 512, 2)  # close to 2
2.0

This is the one implementation of these schemes in dlcore.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from ._validate import as_int, as_positive, as_rng

__all__ = ["SCHEMES", "variance", "std", "weights", "init_torch"]

SCHEMES = ("glorot", "xavier", "he", "lecun")


def _scheme(scheme: Any, where: str) -> str:
    if not isinstance(scheme, str) or scheme.lower() not in SCHEMES:
        raise ValueError(f"{where}: scheme must be one of {list(SCHEMES)}, got {scheme!r}.")
    return "glorot" if scheme.lower() == "xavier" else scheme.lower()


def variance(scheme: str, fan_in: int, fan_out: Optional[int] = None) -> float:
    """The weight variance of ``scheme`` for a layer with ``fan_in`` inputs and ``fan_out`` outputs.

    Only Glorot's rule uses ``fan_out``; it defaults to ``fan_in`` (a square layer).
    """
    scheme = _scheme(scheme, "variance")
    fan_in = as_int(fan_in, "fan_in", "variance", minimum=1)
    fan_out = fan_in if fan_out is None else as_int(fan_out, "fan_out", "variance", minimum=1)
    if scheme == "glorot":
        return 2.0 / (fan_in + fan_out)
    return (2.0 if scheme == "he" else 1.0) / fan_in


def std(scheme: str, fan_in: int, fan_out: Optional[int] = None) -> float:
    """The weight standard deviation of ``scheme``: the square root of :func:`variance`."""
    return math.sqrt(variance(scheme, fan_in, fan_out))


def weights(fan_in: int, fan_out: int, scheme: str = "he", *, gain: float = 1.0,
            distribution: str = "normal", seed: Any = 0, dtype: Any = np.float32) -> np.ndarray:
    """A ``(fan_in, fan_out)`` weight matrix, for ``x @ W``, drawn with ``scheme``'s variance.

    ``gain`` multiplies the standard deviation (``gain=0.5`` for too small, ``gain=2`` for too
    large a start). ``distribution="uniform"`` draws from U(-a, a) with a = sqrt(3) * std, the
    same variance: for Glorot that is the original a = sqrt(6 / (fan_in + fan_out)).
    """
    fan_in = as_int(fan_in, "fan_in", "weights", minimum=1)
    fan_out = as_int(fan_out, "fan_out", "weights", minimum=1)
    gain = as_positive(gain, "gain", "weights")
    s = gain * std(_scheme(scheme, "weights"), fan_in, fan_out)
    rng = as_rng(seed, "weights")
    if distribution == "normal":
        W = rng.normal(0.0, s, size=(fan_in, fan_out))
    elif distribution == "uniform":
        W = rng.uniform(-math.sqrt(3) * s, math.sqrt(3) * s, size=(fan_in, fan_out))
    else:
        raise ValueError(f"weights: distribution must be 'normal' or 'uniform', got {distribution!r}.")
    return W.astype(dtype)


def init_torch(model: Any, scheme: str = "he", *, gain: float = 1.0, distribution: str = "normal",
               seed: Any = 0) -> Any:
    """Re-draw the weights of every ``torch.nn.Linear`` in ``model`` with ``scheme``; zero the biases.

    Layers are visited in ``model.modules()`` order, each with its own draw from one seeded
    generator, so the same seed gives the same network. Returns the model.
    """
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"init_torch: model must be a torch.nn.Module, got {type(model).__name__}.")
    rng = as_rng(seed, "init_torch")
    layers = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    if not layers:
        raise ValueError("init_torch: the model has no torch.nn.Linear layer to initialize.")
    with torch.no_grad():
        for layer in layers:
            fan_out, fan_in = layer.weight.shape  # torch stores (out_features, in_features)
            W = weights(fan_in, fan_out, scheme, gain=gain, distribution=distribution, seed=rng)
            layer.weight.copy_(torch.from_numpy(W.T.copy()))
            if layer.bias is not None:
                layer.bias.zero_()
    return model
