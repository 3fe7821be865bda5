"""Neurons, layers and an MLP built from scalar :class:`~dlcore.engine.Value` objects.

Slow on purpose (one graph node per multiply), but every weight is a Value
whose ``grad`` you can print: the "train a network with your own engine" moment.
The names and calls match the rest of dlcore: ``Neuron(w, b, activation)`` as in
:mod:`dlcore.neuron`, ``MLP([n_in, *layer_sizes], activation, seed=...)`` as in :mod:`dlcore.nn`.

>>> net = MLP([2, 4, 1], seed=0)
>>> out = net([1.0, -2.0])
>>> out.backward()
>>> len(net.parameters()), all(isinstance(p.grad, float) for p in net.parameters())
(17, True)
"""

from __future__ import annotations

from typing import Any, List, Sequence, Union

from ._validate import as_int, as_layer_rng, as_rng, as_sizes
from .engine import Value

__all__ = ["Layer", "MLP", "Module", "Neuron"]

Input = Sequence[Union[Value, float]]
_ACTIVATIONS = ("relu", "tanh", "identity")  # a step has no gradient to learn from


def _activation(activation: Any, where: str) -> str:
    if activation not in _ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(_ACTIVATIONS)}, got {activation!r}.")
    return str(activation)


class Module:
    """Something with parameters: ``parameters()`` lists them, ``zero_grad()`` resets their grads."""

    def parameters(self) -> List[Value]:
        """Every trainable Value, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0.0, since backward() adds to it.

        A Value's grad is always a number (backward adds into it with ``+=``), so this is
        torch's ``zero_grad(set_to_none=False)``. :meth:`dlcore.nn.Module.zero_grad` follows
        torch's default, ``set_to_none=True``: a Tensor's grad becomes None, freeing its array.
        """
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """f(w . x + b), made of Values so that backward() gives the gradient of every weight and the bias.

    It is built like chapter 1's :class:`dlcore.neuron.Neuron`, from given weights:
    ``Neuron(w, b, activation)``; that one computes with numpy and cannot learn.
    :meth:`Neuron.random` draws the weights instead. ``activation`` is "relu", "tanh" or
    "identity" (no step: its slope is 0, so nothing could be learned through it).

    >>> n = Neuron([1.0, -2.0], b=0.5, activation="identity")
    >>> n([3.0, 1.0]).data   # 1*3 - 2*1 + 0.5
    1.5
    """

    def __init__(self, w: Input, b: Union[Value, float] = 0.0, activation: str = "relu") -> None:
        if isinstance(w, (str, bytes)) or not hasattr(w, "__iter__"):
            raise TypeError(f"Neuron: w must be a list of weights, one per input, got {type(w).__name__} {w!r}; "
                            "for random weights use Neuron.random(n_in, seed=...).")
        self.w = [wi if isinstance(wi, Value) else Value(wi, label="w") for wi in w]
        if not self.w:
            raise ValueError("Neuron: w is empty; give one weight per input.")
        self.b = b if isinstance(b, Value) else Value(b, label="b")
        self.activation = _activation(activation, "Neuron")

    @classmethod
    def random(cls, n_in: int, activation: str = "relu", *, seed: Any = None) -> "Neuron":
        """A neuron with ``n_in`` weights drawn uniformly from [-1, 1] and bias 0.

        ``seed`` (an int or a Generator) is required: neurons built one by one differ only
        if you give each its own seed, or all of them one Generator.
        """
        n_in = as_int(n_in, "n_in", "Neuron.random", minimum=1)
        rng = as_layer_rng(seed, "Neuron.random")
        return cls([float(w) for w in rng.uniform(-1, 1, n_in)], 0.0, activation)

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
        w = ", ".join(f"{wi.data:.4g}" for wi in self.w)
        return f"Neuron(w=[{w}], b={self.b.data:.4g}, activation={self.activation!r})"


class Layer(Module):
    """``n_out`` neurons that all see the same ``n_in`` inputs, drawn by :meth:`Neuron.random`.

    ``seed`` (an int or a Generator) is required, as for :class:`dlcore.nn.Linear`.
    """

    def __init__(self, n_in: int, n_out: int, activation: str = "relu", *, seed: Any = None) -> None:
        n_out = as_int(n_out, "n_out", "Layer", minimum=1)
        rng = as_layer_rng(seed, "Layer")
        self.neurons = [Neuron.random(n_in, activation, seed=rng) for _ in range(n_out)]

    def __call__(self, x: Input) -> List[Value]:
        """One output Value per neuron."""
        return [n(x) for n in self.neurons]

    def parameters(self) -> List[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        first = self.neurons[0]
        return f"Layer({len(first.w)}, {len(self.neurons)}, {first.activation!r})"


class MLP(Module):
    """Layers of the given ``sizes``, inputs first: ``MLP([n_in, *layer_sizes])``, as :func:`dlcore.nn.MLP`.

    Hidden layers use ``activation``; the last one is linear. A single output comes back
    as one Value, several as a list. All layers draw from one Generator made from ``seed``.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "relu", *, seed: Any = 0) -> None:
        dims = as_sizes(sizes, "MLP")
        self.activation = activation = _activation(activation, "MLP")
        rng = as_rng(seed, "MLP")
        last = len(dims) - 2
        self.layers = [Layer(dims[i], dims[i + 1], activation if i < last else "identity", seed=rng)
                       for i in range(len(dims) - 1)]

    def __call__(self, x: Input) -> Union[Value, List[Value]]:
        """The network's output for one example."""
        out = self.layers[0](x)
        for layer in self.layers[1:]:
            out = layer(out)
        return out[0] if len(out) == 1 else out

    def parameters(self) -> List[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        sizes = [len(self.layers[0].neurons[0].w)] + [len(layer.neurons) for layer in self.layers]
        return f"MLP({sizes}, activation={self.activation!r})"
