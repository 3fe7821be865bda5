"""A scalar autodiff engine: every number remembers how it was computed.

A :class:`Value` holds a number, its gradient, its parents and, for each
parent, the *local derivative* d(this)/d(parent), computed in the forward
pass. ``backward()`` walks the graph from the output back to the inputs and
applies the chain rule: parent.grad += local * node.grad.

>>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
>>> c = a * b + a.exp()
>>> c.backward()
>>> round(c.data, 4), round(a.grad, 4), b.grad
(1.3891, 4.3891, 2.0)

A node stores numbers, not a closure over itself, so it points only back at
its parents: the graph has no reference cycles, and Python frees it the moment
the output goes away, without waiting for the garbage collector.
"""

from __future__ import annotations

import math
import numbers
from typing import Tuple, Union

Number = Union[int, float]


class Value:
    """A scalar in a computation graph: ``data``, ``grad``, ``parents`` and an ``op`` label."""

    __slots__ = ("data", "grad", "parents", "local_grads", "op", "label")

    def __init__(self, data: Number, parents: Tuple["Value", ...] = (), local_grads: Tuple[float, ...] = (),
                 op: str = "", label: str = "") -> None:
        if type(data) is not float:  # every op below passes a float: skip the checks then
            if isinstance(data, bool) or not isinstance(data, numbers.Real):
                raise TypeError(f"Value: data must be a real number, got {type(data).__name__} {data!r}.")
            data = float(data)
        self.data, self.grad, self.op, self.label = data, 0.0, op, label
        self.parents = parents          # the Values this one was computed from
        self.local_grads = local_grads  # d(self)/d(parent), one per parent

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # --- arithmetic: each op makes a node and records its local derivatives ----
    def __add__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __sub__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __truediv__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        if other.data == 0.0:
            raise ZeroDivisionError("Value: division by a Value whose data is 0.")
        inv = 1.0 / other.data  # d(a/b)/da = 1/b and d(a/b)/db = -a/b^2
        return Value(self.data * inv, (self, other), (inv, -self.data * inv * inv), "/")

    def __pow__(self, k: Number) -> "Value":
        """x ** k for a constant exponent k; d/dx = k x^(k-1)."""
        if isinstance(k, bool) or not isinstance(k, numbers.Real):
            raise TypeError(f"Value ** k: k must be a constant int or float, got {type(k).__name__}.")
        if self.data == 0.0 and k < 1:
            raise ValueError(f"Value ** {k}: not differentiable at 0.")
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),), f"**{k:g}")

    def __neg__(self) -> "Value":
        return Value(-self.data, (self,), (-1.0,), "neg")

    # Reversed operators, for a plain number on the left: 2 * x, 1 - x, 1 / x.
    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: Number) -> "Value":
        return Value(other) - self

    def __rtruediv__(self, other: Number) -> "Value":
        return Value(other) / self

    # --- functions --------------------------------------------------------------
    def exp(self) -> "Value":
        """e^x, whose derivative is e^x itself."""
        out = math.exp(self.data) if self.data < 709.0 else math.inf  # math.exp raises past ~709.78
        return Value(out, (self,), (out,), "exp")

    def log(self) -> "Value":
        """Natural log, d/dx = 1/x, for x > 0."""
        if self.data <= 0.0:
            raise ValueError(f"Value.log: log is defined for positive numbers only, got {self.data}.")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self) -> "Value":
        """tanh(x), d/dx = 1 - tanh(x)^2."""
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self) -> "Value":
        """1 / (1 + e^-x), d/dx = s (1 - s); each branch keeps e^... <= 1, so nothing overflows."""
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self) -> "Value":
        """max(0, x), with slope 0 at x = 0 (as in torch)."""
        positive = self.data > 0
        return Value(self.data if positive else 0.0, (self,), (1.0 if positive else 0.0,), "relu")

    # --- backpropagation --------------------------------------------------------
    def backward(self) -> None:
        """Set ``grad`` = d(self)/d(node) for every node self depends on (adding to what is there)."""
        # Topological order by an iterative depth-first search: micrograd's recursive
        # one hits Python's recursion limit on a chain of a few thousand nodes. A node
        # is pushed under a None marker and its parents; when the marker comes back
        # up, all its parents are in `order`, so the node goes in next.
        order, seen, stack = [], set(), [self]
        while stack:
            node = stack.pop()
            if node is None:
                order.append(stack.pop())
            elif node not in seen:
                seen.add(node)
                stack.append(node)
                stack.append(None)
                stack.extend(node.parents)
        self.grad = 1.0
        for node in reversed(order):  # outputs first, so node.grad is complete when used
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad  # the chain rule
