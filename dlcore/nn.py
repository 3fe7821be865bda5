"""Layers for :class:`~dlcore.tensor.Tensor` networks, with torch's names.

>>> net = MLP([2, 8, 1], activation="tanh", seed=0)
>>> net
Sequential(Linear(2, 8), Tanh(), Linear(8, 1))
>>> net(Tensor([[0.5, -1.0]])).shape
(1, 1)
>>> sum(p.data.size for p in net.parameters())
33

Weights follow the course's row convention: a batch ``X`` has one example
per row and ``Linear`` computes ``X @ W + b`` with ``W`` of shape
``(in_features, out_features)``, the transpose of torch's ``weight``.

Randomness, without global state: torch draws every layer from one hidden global
generator, so ``nn.Linear(8, 8)`` twice gives two different layers. Here a whole
network (``MLP``) takes one ``seed`` and draws all its layers from one Generator, so
its layers differ; a single ``Linear`` or ``Dropout`` has no default seed. Pass one
Generator to the layers you build by hand:

>>> rng = np.random.default_rng(0)
>>> a, b = Linear(8, 8, seed=rng), Linear(8, 8, seed=rng)
>>> bool((a.weight.data != b.weight.data).all())
True
"""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ._validate import as_fraction, as_int, as_layer_rng, as_rng, as_sizes
from .initialization import SCHEMES, weights
from .tensor import Tensor

__all__ = ["Dropout", "Linear", "MLP", "Module", "ReLU", "Sequential", "Sigmoid", "Tanh"]


class Module:
    """A piece of a network: ``forward`` computes, ``parameters()`` finds every trainable Tensor.

    Parameters are found by looking through the attributes (Tensors with
    ``requires_grad``, sub-Modules and lists of them), in the order they were set.
    """

    training = True

    def forward(self, x: Tensor) -> Tensor:
        """The layer's output for the input batch ``x``."""
        raise NotImplementedError(f"{type(self).__name__} must define forward(x).")

    def __call__(self, x: Any) -> Tensor:
        return self.forward(x if isinstance(x, Tensor) else Tensor(x))

    def __repr__(self) -> str:  # layers with settings show them, as torch does
        return f"{type(self).__name__}()"

    def children(self) -> Iterator["Module"]:
        """The Modules held directly by this one."""
        for value in vars(self).values():
            items = value if isinstance(value, (list, tuple)) else [value]
            yield from (v for v in items if isinstance(v, Module))

    def parameters(self) -> List[Tensor]:
        """Every trainable Tensor of this Module and its children, each once."""
        params: List[Tensor] = []
        for value in vars(self).values():
            if isinstance(value, Tensor) and value.requires_grad:
                params.append(value)
            items = value if isinstance(value, (list, tuple)) else [value]
            for child in (v for v in items if isinstance(v, Module)):
                params.extend(p for p in child.parameters() if all(p is not q for q in params))
        return params

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient, as torch's ``zero_grad(set_to_none=True)`` does.

        ``grad`` becomes None (no gradient yet: the memory is freed and optimizers skip the
        parameter); ``set_to_none=False`` fills existing gradients with zeros instead.
        :class:`dlcore.scalar_nn.Module` sets 0.0, because a Value's grad is always a number.
        """
        for p in self.parameters():
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.fill(0)

    def train(self, mode: bool = True) -> "Module":
        """Switch to training mode (Dropout drops); returns self."""
        self.training = bool(mode)
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> "Module":
        """Switch to evaluation mode (Dropout passes everything through); returns self."""
        return self.train(False)


class Linear(Module):
    """A dense layer ``y = x @ W + b``, computed and differentiated as one graph node.

    W is drawn by :func:`dlcore.initialization.weights`: ``init="he"`` draws
    W ~ N(0, 2 / in_features) (for ReLU), ``"xavier"`` (or ``"glorot"``)
    W ~ N(0, 2 / (in_features + out_features)) (for tanh), ``"lecun"`` W ~ N(0, 1 / in_features).
    b starts at 0. ``seed`` (an int or a Generator) is required: see the module's docstring.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *, init: str = "he",
                 seed: Any = None, dtype: Any = np.float32) -> None:
        n_in = as_int(in_features, "in_features", "Linear", minimum=1)
        n_out = as_int(out_features, "out_features", "Linear", minimum=1)
        if init not in SCHEMES:
            raise ValueError(f"Linear: init must be one of {list(SCHEMES)}, got {init!r}.")
        W = weights(n_in, n_out, init, seed=as_layer_rng(seed, "Linear"), dtype=dtype)
        self.weight = Tensor(W, requires_grad=True, dtype=dtype)
        self.bias = Tensor(np.zeros(n_out), requires_grad=True, dtype=dtype) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        W, b = self.weight, self.bias
        if x.ndim != 2 or x.shape[1] != W.shape[0]:
            raise ValueError(f"Linear: input of shape {x.shape} does not fit weights of shape {W.shape}; "
                             f"pass a batch of shape (n, {W.shape[0]}).")
        X = x.data if x.dtype == W.dtype else x.data.astype(W.dtype)  # float64 data into a float32 net
        out = X @ W.data
        if b is not None:
            out += b.data  # in place: no second (n, out_features) array
        needs_dx = x.requires_grad  # an input batch usually needs no gradient: skip that product

        # One graph node for the whole layer, its three gradients written out:
        # dL/dX = g W^T, dL/dW = X^T g and dL/db = g summed over the batch.
        def backward(g: np.ndarray) -> Tuple[Optional[np.ndarray], ...]:
            dx = g @ W.data.T if needs_dx else None
            return (dx, X.T @ g) if b is None else (dx, X.T @ g, g.sum(axis=0))
        return Tensor.from_op(out, (x, W) if b is None else (x, W, b), backward, "linear")

    def __repr__(self) -> str:
        n_in, n_out = self.weight.shape
        return f"Linear({n_in}, {n_out})" if self.bias is not None else f"Linear({n_in}, {n_out}, bias=False)"


class ReLU(Module):
    """max(0, x), elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return x.relu()


class Tanh(Module):
    """tanh(x), elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return x.tanh()


class Sigmoid(Module):
    """1 / (1 + e^-x), elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return x.sigmoid()


class Dropout(Module):
    """In training, zero each entry with probability ``p`` and scale the rest by 1 / (1 - p).

    The scaling keeps the expected output equal to the input, so evaluation
    (``eval()``) simply passes the input through. Each call draws a fresh mask from the
    Generator made from ``seed``, which is required: see the module's docstring.
    """

    def __init__(self, p: float = 0.5, *, seed: Any = None) -> None:
        self.p = as_fraction(p, "p", "Dropout")
        self.rng = as_layer_rng(seed, "Dropout")

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0:
            return x
        mask = (self.rng.random(x.shape) >= self.p).astype(x.dtype) / (1 - self.p)
        return Tensor.from_op(x.data * mask, (x,), lambda g: (g * mask,), "dropout")

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class Sequential(Module):
    """Modules applied one after the other."""

    def __init__(self, *layers: Module) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential: item {i} must be a Module, got {type(layer).__name__}.")
        self.layers = list(layers)

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __repr__(self) -> str:
        return f"Sequential({', '.join(map(repr, self.layers))})"


_ACTIVATIONS = {"relu": (ReLU, "he"), "tanh": (Tanh, "xavier"), "sigmoid": (Sigmoid, "xavier")}


def MLP(sizes: Sequence[int], activation: str = "relu", *, dropout: float = 0.0, seed: Any = 0,
        dtype: Any = np.float32) -> Sequential:
    """Linear layers of the given ``sizes`` (inputs first) with ``activation`` between them.

    ``MLP([n_in, *layer_sizes])``, as :class:`dlcore.scalar_nn.MLP`. The last layer has no
    activation: it returns logits or raw scores, for the losses in :mod:`dlcore.losses`.
    Initialisation fits the activation (He for ReLU, Xavier otherwise). Every layer (and
    every Dropout) draws from one Generator made from ``seed``, so no two are alike.
    """
    sizes = as_sizes(sizes, "MLP")
    if activation not in _ACTIVATIONS:
        raise ValueError(f"MLP: activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}.")
    act, init = _ACTIVATIONS[activation]
    rng = as_rng(seed, "MLP")
    layers: List[Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Linear(n_in, n_out, init=init, seed=rng, dtype=dtype))
        if i < len(sizes) - 2:
            layers += [act()] + ([Dropout(dropout, seed=rng)] if dropout else [])
    return Sequential(*layers)
