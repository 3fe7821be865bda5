"""Optimizers that update :class:`~dlcore.tensor.Tensor` parameters in place, as torch.optim does.

Each update rule is written exactly as torch.optim applies it (same order of
operations, same defaults), so the same model and data give the same
trajectory in both libraries. A step reads ``p.grad`` and changes ``p.data``.

>>> w = Tensor([1.0, -2.0], requires_grad=True)
>>> opt = SGD([w], lr=0.1)
>>> (w * w).sum().backward()   # grad = 2w
>>> opt.step()
>>> w.data.tolist()            # w - 0.1 * 2w
[0.800000011920929, -1.600000023841858]
"""

from __future__ import annotations

import math
from typing import Iterable, List, Optional, Tuple

import numpy as np

from ._validate import as_fraction, as_nonnegative, as_positive
from .tensor import Tensor

__all__ = ["Adam", "AdamW", "Optimizer", "RMSprop", "SGD"]


class Optimizer:
    """Holds the parameters and the learning rate; subclasses define ``step()``."""

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        where = type(self).__name__
        self.params: List[Tensor] = list(params)
        if not self.params:
            raise ValueError(f"{where}: got an empty parameter list; pass model.parameters().")
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor) or not p.requires_grad:
                raise TypeError(f"{where}: parameter {i} must be a Tensor with requires_grad=True, "
                                f"got {type(p).__name__}.")
        self.lr = as_positive(lr, "lr (the learning rate)", where)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient before the next backward(), as :meth:`dlcore.nn.Module.zero_grad`.

        ``grad`` becomes None, as with torch's default; ``set_to_none=False`` fills it with zeros.
        """
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.fill(0)

    def step(self) -> None:
        """Update every parameter that has a gradient."""
        raise NotImplementedError

    def _with_grads(self) -> Iterable[Tuple[int, Tensor, np.ndarray]]:
        # Like torch, a parameter without a gradient (unused this step) is left alone.
        return ((i, p, p.grad) for i, p in enumerate(self.params) if p.grad is not None)


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum (heavy-ball or Nesterov) and weight decay.

    g = grad + wd * p;  buf = momentum * buf + (1 - dampening) * g;  p -= lr * (g + momentum * buf
    if nesterov else buf). With momentum 0 this is plain p -= lr * g.
    """

    def __init__(self, params: Iterable[Tensor], lr: float, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(params, lr)
        self.momentum = as_fraction(momentum, "momentum", "SGD")
        self.dampening = as_nonnegative(dampening, "dampening", "SGD")
        self.weight_decay = as_nonnegative(weight_decay, "weight_decay", "SGD")
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError("SGD: nesterov=True needs momentum > 0 and dampening = 0.")
        self.nesterov = bool(nesterov)
        self.buffers: List[Optional[np.ndarray]] = [None] * len(self.params)

    def step(self) -> None:
        for i, p, g in self._with_grads():
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            if self.momentum:
                buf = self.buffers[i]
                if buf is None:  # the first step starts the velocity at the gradient itself
                    buf = self.buffers[i] = g.copy()
                else:
                    buf *= self.momentum
                    buf += (1 - self.dampening) * g
                g = g + self.momentum * buf if self.nesterov else buf
            p.data -= self.lr * g


class RMSprop(Optimizer):
    """Divide each gradient by a running root-mean-square of its recent values.

    v = alpha * v + (1 - alpha) * g^2;  p -= lr * g / (sqrt(v) + eps)  (with momentum: via a buffer).
    """

    def __init__(self, params: Iterable[Tensor], lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0) -> None:
        super().__init__(params, lr)
        self.alpha = as_fraction(alpha, "alpha", "RMSprop")
        self.eps = as_nonnegative(eps, "eps", "RMSprop")
        self.weight_decay = as_nonnegative(weight_decay, "weight_decay", "RMSprop")
        self.momentum = as_fraction(momentum, "momentum", "RMSprop")
        self.square_avg = [np.zeros_like(p.data) for p in self.params]
        self.buffers = [np.zeros_like(p.data) for p in self.params] if self.momentum else []

    def step(self) -> None:
        for i, p, g in self._with_grads():
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            v = self.square_avg[i]
            v *= self.alpha
            v += (1 - self.alpha) * g * g
            avg = np.sqrt(v)
            avg += self.eps
            if self.momentum:
                buf = self.buffers[i]
                buf *= self.momentum
                buf += g / avg
                p.data -= self.lr * buf
            else:
                p.data -= self.lr * g / avg


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): momentum on the gradient, scaled by a running RMS, both bias-corrected.

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  p -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps).
    ``weight_decay`` adds wd * p to the gradient (L2), as torch's Adam does; see :class:`AdamW`.
    """

    decoupled = False

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3, betas: Tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        where = type(self).__name__
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{where}: betas must be a pair (beta1, beta2), got {betas!r}.")
        self.betas = (as_fraction(betas[0], "beta1", where), as_fraction(betas[1], "beta2", where))
        self.eps = as_nonnegative(eps, "eps", where)
        self.weight_decay = as_nonnegative(weight_decay, "weight_decay", where)
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.steps = [0] * len(self.params)

    def step(self) -> None:
        b1, b2 = self.betas
        for i, p, g in self._with_grads():
            if self.weight_decay and self.decoupled:  # AdamW: shrink the weights directly
                p.data *= 1 - self.lr * self.weight_decay
            elif self.weight_decay:
                g = g + self.weight_decay * p.data
            self.steps[i] += 1
            t, m, v = self.steps[i], self.m[i], self.v[i]
            # One scratch array per parameter, updated in place: fewer allocations, less memory.
            tmp = np.subtract(g, m, out=np.empty_like(m))
            tmp *= 1 - b1
            m += tmp  # m + (1 - b1)(g - m) = b1 m + (1 - b1) g, in torch's order (lerp)
            v *= b2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - b2
            v += tmp  # v = b2 v + (1 - b2) g^2
            np.sqrt(v, out=tmp)
            tmp /= math.sqrt(1 - b2 ** t)
            tmp += self.eps  # the denominator sqrt(v / (1 - b2^t)) + eps
            np.divide(m, tmp, out=tmp)
            tmp *= self.lr / (1 - b1 ** t)
            p.data -= tmp


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019): ``p *= 1 - lr * wd`` before each step.

    Unlike L2 in Adam, the decay is not rescaled by the adaptive denominator.
    """

    decoupled = True

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3, betas: Tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)
