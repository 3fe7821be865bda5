"""A neuron, a dense layer and a small network, in plain numpy (forward only).

Shapes follow the row convention used throughout the course and by PyTorch:
a batch ``X`` has one example per row, shape ``(n, d)``; a layer's weights
``W`` have shape ``(d_in, d_out)``, so a whole batch goes through as

    Z = X @ W + b,   A = f(Z).

A single example may also be passed as a 1-D vector of length ``d``.

>>> and_gate = Neuron(w=[1.0, 1.0], b=-1.5, activation="step")
>>> and_gate([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
[0.0, 0.0, 0.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Sequence, Union

import numpy as np

from ._validate import as_float_array, as_int, as_labels, as_layer_rng, as_positive, as_real, as_rng
from .activations import Activation, get_activation
from .initialization import SCHEMES, weights

__all__ = ["Dense", "Network", "Neuron", "PerceptronFit", "perceptron_fit"]

ActivationLike = Union[str, Activation]


def _as_batch(X: Any, d: int, where: str) -> "tuple[np.ndarray, bool]":
    """Return (X as 2-D, whether the input was a single 1-D example)."""
    X = as_float_array(X, "X", where, ndim=(1, 2))
    single = X.ndim == 1
    X2 = X[None, :] if single else X
    if X2.shape[1] != d:
        raise ValueError(f"{where}: each example must have {d} features to match the weights, "
                         f"got X with shape {X.shape}; check the input or the weight shape.")
    return X2, single


class Neuron:
    """One artificial neuron: a weighted sum plus a bias, then an activation.

    z = w . x + b and a = f(z), for a weight vector ``w`` of length d. It computes with
    numpy and learns nothing by itself; :class:`dlcore.scalar_nn.Neuron` is the same neuron,
    built with the same call ``Neuron(w, b, activation)``, but made of autodiff Values, so
    that gradient descent can train it.
    """

    def __init__(self, w: Any, b: float = 0.0, activation: ActivationLike = "step") -> None:
        self.w = as_float_array(w, "w", "Neuron", ndim=(1,)).astype(np.float64)
        self.b = as_real(b, "b", "Neuron")
        self.activation = get_activation(activation)

    def preactivation(self, X: Any) -> Any:
        """The weighted input z = X @ w + b, one number per example."""
        X2, single = _as_batch(X, self.w.shape[0], "Neuron")
        z = X2 @ self.w + self.b
        return z[0] if single else z

    def __call__(self, X: Any) -> Any:
        """The neuron's output f(z) for one example (1-D) or a batch (2-D)."""
        return self.activation.f(self.preactivation(X))

    def __repr__(self) -> str:
        return f"Neuron(w={self.w.tolist()}, b={self.b:g}, activation={self.activation.name!r})"


class Dense:
    """A fully connected layer of ``d_out`` neurons sharing the same inputs.

    Column j of ``W`` holds neuron j's weights, so ``X @ W + b`` computes every
    neuron's weighted sum for every example in one matrix product.
    """

    def __init__(self, W: Any, b: Any, activation: ActivationLike = "relu") -> None:
        self.W = as_float_array(W, "W", "Dense", ndim=(2,)).astype(np.float64)
        self.b = as_float_array(b, "b", "Dense", ndim=(1,)).astype(np.float64)
        if self.b.shape[0] != self.W.shape[1]:
            raise ValueError(f"Dense: b needs one entry per output ({self.W.shape[1]} for W of shape "
                             f"{self.W.shape}), got b with shape {self.b.shape}.")
        self.activation = get_activation(activation)

    @classmethod
    def random(cls, d_in: int, d_out: int, activation: ActivationLike = "relu", *,
               seed: Any = None, init: str = "he") -> "Dense":
        """A layer with random weights: He (std sqrt(2/d_in)) or Xavier/Glorot (std sqrt(2/(d_in + d_out))).

        The weights come from :func:`dlcore.initialization.weights`; the biases start at 0.
        ``seed`` (an int or a Generator) is required, so that two layers built by hand differ
        only if you ask them to: give each its own seed, or all of them one Generator.
        """
        d_in = as_int(d_in, "d_in", "Dense.random", minimum=1)
        d_out = as_int(d_out, "d_out", "Dense.random", minimum=1)
        if init not in SCHEMES:
            raise ValueError(f"Dense.random: init must be one of {list(SCHEMES)}, got {init!r}.")
        W = weights(d_in, d_out, init, seed=as_layer_rng(seed, "Dense.random"), dtype=np.float64)
        return cls(W, np.zeros(d_out), activation)

    @property
    def shape(self) -> "tuple[int, int]":
        """(d_in, d_out)."""
        d_in, d_out = self.W.shape
        return d_in, d_out

    @property
    def n_params(self) -> int:
        """Number of weights plus biases: d_in * d_out + d_out."""
        return self.W.size + self.b.size

    def preactivation(self, X: Any) -> np.ndarray:
        """Z = X @ W + b."""
        X2, single = _as_batch(X, self.W.shape[0], "Dense")
        Z = X2 @ self.W + self.b
        return Z[0] if single else Z

    def __call__(self, X: Any) -> np.ndarray:
        """A = f(X @ W + b)."""
        return self.activation.f(self.preactivation(X))

    def __repr__(self) -> str:
        return f"Dense({self.W.shape[0]} -> {self.W.shape[1]}, activation={self.activation.name!r})"


class Network:
    """Dense layers applied in order: input layer -> hidden layers -> output layer."""

    def __init__(self, layers: Sequence[Dense]) -> None:
        layers = list(layers)
        if not layers:
            raise ValueError("Network: give at least one Dense layer.")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise TypeError(f"Network: layer {i} must be a Dense, got {type(layer).__name__}.")
        for i, (a, b) in enumerate(zip(layers, layers[1:])):
            if a.shape[1] != b.shape[0]:
                raise ValueError(f"Network: layer {i} outputs {a.shape[1]} values but layer {i + 1} "
                                 f"expects {b.shape[0]} inputs (weight shapes {a.shape} and {b.shape}).")
        self.layers: List[Dense] = layers

    @property
    def n_params(self) -> int:
        """Total number of weights and biases."""
        return sum(layer.n_params for layer in self.layers)

    def activations(self, X: Any) -> List[np.ndarray]:
        """The input followed by every layer's output, for inspecting hidden layers."""
        outs = [as_float_array(X, "X", "Network", ndim=(1, 2))]
        for layer in self.layers:
            outs.append(layer(outs[-1]))
        return outs

    def __call__(self, X: Any) -> np.ndarray:
        """The network's output for one example or a batch."""
        return self.activations(X)[-1]

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Network([{inner}])"


@dataclass
class PerceptronFit:
    """What :func:`perceptron_fit` learned and how the run went."""

    w: np.ndarray
    b: float
    converged: bool
    epochs: int
    mistakes: List[int] = field(default_factory=list)

    def predict(self, X: Any) -> np.ndarray:
        """Class 0/1 predictions of the learned step neuron."""
        return Neuron(self.w, self.b, "step")(X)


def perceptron_fit(X: Any, y: Any, *, epochs: int = 100, lr: float = 1.0, seed: Any = 0) -> PerceptronFit:
    """Rosenblatt's perceptron learning rule on 0/1 labels.

    For each misclassified example, w += lr * (y - y_hat) * x and b += lr * (y - y_hat).
    It stops after an epoch with no mistakes (``converged=True``), which the
    perceptron convergence theorem guarantees for linearly separable data.
    """
    X = as_float_array(X, "X", "perceptron_fit", ndim=(2,))
    y = as_labels(y, X.shape[0], "perceptron_fit")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"perceptron_fit: y must hold 0/1 labels, got values {sorted(set(y.tolist()))}.")
    epochs = as_int(epochs, "epochs", "perceptron_fit", minimum=1)
    lr = as_positive(lr, "lr", "perceptron_fit")
    rng = as_rng(seed, "perceptron_fit")
    w, b = np.zeros(X.shape[1]), 0.0
    mistakes: List[int] = []
    for _ in range(epochs):
        errors = 0
        for i in rng.permutation(X.shape[0]):
            y_hat = 1.0 if X[i] @ w + b >= 0 else 0.0
            if y_hat != y[i]:
                w += lr * (y[i] - y_hat) * X[i]
                b += lr * (y[i] - y_hat)
                errors += 1
        mistakes.append(errors)
        if errors == 0:
            return PerceptronFit(w, float(b), True, len(mistakes), mistakes)
    return PerceptronFit(w, float(b), False, len(mistakes), mistakes)
