"""Neurons, layers and an MLP built from scalar :class:`~dlcore.engine.Value` objects.

Slow on purpose (one graph node per multiply), but every weight is a Value
whose ``grad`` you can print: the "train a network with your own engine" moment.

>>> net = MLP(2, [4, 1], seed=0)
>>> out = net([1.0, -2.0])
>>> out.backward()
>>> len(net.parameters()), all(isinstance(p.grad, float) for p in net.parameters())
(17, True)
"""

from __future__ import annotations

from typing import Any, List, Sequence, Union

from ._validate import as_int, as_rng
from .engine import Value

Input = Sequence[Union[Value, float]]


class Module:
    """Something with parameters: ``parameters()`` lists them, ``zero_grad()`` resets their grads."""

    def parameters(self) -> List[Value]:
        """Every trainable Value, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 (backward() adds to it)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """f(w . x + b) with weights drawn uniformly from [-1, 1]; ``activation`` f is "relu", "tanh" or "linear"."""

    def __init__(self, n_in: int, activation: str = "relu", *, seed: Any = 0) -> None:
        n_in = as_int(n_in, "n_in", "Neuron", minimum=1)
        if activation not in ("relu", "tanh", "linear"):
            raise ValueError(f"Neuron: activation must be 'relu', 'tanh' or 'linear', got {activation!r}.")
        rng = as_rng(seed, "Neuron")
        self.w = [Value(float(w), label="w") for w in rng.uniform(-1, 1, n_in)]
        self.b = Value(0.0, label="b")
        self.activation = activation

    def __call__(self, x: Input) -> Value:
        """The neuron's output for one example ``x`` (a list of numbers or Values)."""
        if len(x) != len(self.w):
            raise ValueError(f"Neuron: expected {len(self.w)} inputs, got {len(x)}.")
        z = self.b
        for wi, xi in zip(self.w, x):
            z = z + wi * xi
        if self.activation == "relu":
            return z.relu()
        return z.tanh() if self.activation == "tanh" else z

    def parameters(self) -> List[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, {self.activation!r})"


class Layer(Module):
    """``n_out`` neurons that all see the same inputs."""

    def __init__(self, n_in: int, n_out: int, activation: str = "relu", *, seed: Any = 0) -> None:
        n_out = as_int(n_out, "n_out", "Layer", minimum=1)
        rng = as_rng(seed, "Layer")
        self.neurons = [Neuron(n_in, activation, seed=rng) for _ in range(n_out)]

    def __call__(self, x: Input) -> List[Value]:
        """One output Value per neuron."""
        return [n(x) for n in self.neurons]

    def parameters(self) -> List[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer([{', '.join(map(repr, self.neurons[:1]))}, ... x{len(self.neurons)}])"


class MLP(Module):
    """Layers of sizes ``sizes`` after ``n_in`` inputs; hidden layers use ``activation``, the last is linear.

    A single output comes back as one Value, several as a list.
    """

    def __init__(self, n_in: int, sizes: Sequence[int], activation: str = "relu", *, seed: Any = 0) -> None:
        sizes = list(sizes)
        if not sizes:
            raise ValueError("MLP: sizes must list at least one layer size, e.g. [16, 16, 1].")
        rng = as_rng(seed, "MLP")
        dims = [n_in] + sizes
        self.layers = [Layer(dims[i], dims[i + 1], activation if i < len(sizes) - 1 else "linear", seed=rng)
                       for i in range(len(sizes))]

    def __call__(self, x: Input) -> Union[Value, List[Value]]:
        """The network's output for one example."""
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> List[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP({' -> '.join(str(len(l.neurons)) for l in self.layers)})"
