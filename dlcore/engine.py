"""A scalar autodiff engine: every number remembers how it was computed.

Each op records, on its result, the parents and the local derivatives d(result)/d(parent);
``backward()`` then applies the chain rule from the output back: parent.grad += local * grad.

>>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
>>> c = a * b + a.exp()
>>> c.backward()
>>> round(c.data, 4), round(a.grad, 4), b.grad
(1.3891, 4.3891, 2.0)

A node stores numbers, not a closure over itself, so the graph has no reference cycles and
Python frees it as soon as the output goes away, without waiting for the garbage collector.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, List, Optional, Set, Tuple, Union

__all__ = ["Number", "Value"]

Number = Union[int, float]


class Value:
    """A number in a graph: ``Value(data, op, a, da, b, db)`` is ``op`` of the parents ``a`` and ``b``."""

    # Two parent fields, not a tuple: a tuple is one more object per node for the GC to walk.
    __slots__ = ("data", "grad", "a", "da", "b", "db", "op", "label")

    def __init__(self, data: Number, op: str = "", a: Optional["Value"] = None, da: float = 0.0,
                 b: Optional["Value"] = None, db: float = 0.0, *, label: str = "") -> None:
        if type(data) is not float:  # every op below passes a float: skip the checks then
            if isinstance(data, bool) or not isinstance(data, numbers.Real):
                raise TypeError(f"Value: data must be a real number, got {type(data).__name__} {data!r}.")
            data = float(data)
        self.data = data
        self.grad = 0.0
        self.a = a    # first parent (None for an input)
        self.da = da  # d(data)/d(a)
        self.b = b    # second parent (None for an input or a unary op)
        self.db = db  # d(data)/d(b)
        self.op = op
        self.label = label

    @property
    def parents(self) -> Tuple["Value", ...]:
        """The Values this one was computed from (none for an input)."""
        return tuple(p for p in (self.a, self.b) if p is not None)

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # --- arithmetic: each op makes a node and records its local derivatives ----
    def __add__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, "+", self, 1.0, other, 1.0)

    def __mul__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, "*", self, other.data, other, self.data)

    def __sub__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, "-", self, 1.0, other, -1.0)

    def __truediv__(self, other: Union["Value", Number]) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        if other.data == 0.0:
            raise ZeroDivisionError("Value: division by a Value whose data is 0.")
        inv = 1.0 / other.data  # d(a/b)/da = 1/b and d(a/b)/db = -a/b^2
        return Value(self.data * inv, "/", self, inv, other, -self.data * inv * inv)

    def __pow__(self, k: Number) -> "Value":
        """x ** k for a constant exponent k; d/dx = k x^(k-1)."""
        if isinstance(k, bool) or not isinstance(k, numbers.Real):
            raise TypeError(f"Value ** k: k must be a constant int or float, got {type(k).__name__}.")
        if self.data == 0.0 and k < 1:  # k x^(k-1) is infinite (or 0 * inf) at 0
            raise ValueError(f"Value ** {k:g}: x ** k has no finite derivative at x = 0 when k < 1; "
                             f"keep x away from 0, e.g. (x + 1e-12) ** {k:g}.")
        if self.data < 0.0 and not float(k).is_integer():
            raise ValueError(f"Value ** {k:g}: a negative number to a fractional power is not real, got "
                             f"{self.data:g} ** {k:g}; use an integer k, or abs(x) ** k.")
        return Value(self.data ** k, f"**{k:g}", self, k * self.data ** (k - 1))

    def __neg__(self) -> "Value":
        return Value(-self.data, "neg", self, -1.0)

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
        return Value(out, "exp", self, out)

    def log(self) -> "Value":
        """Natural log, d/dx = 1/x, for x > 0."""
        if self.data <= 0.0:
            raise ValueError(f"Value.log: log is defined for positive numbers only, got {self.data}.")
        return Value(math.log(self.data), "log", self, 1.0 / self.data)

    def tanh(self) -> "Value":
        """tanh(x), d/dx = 1 - tanh(x)^2."""
        t = math.tanh(self.data)
        return Value(t, "tanh", self, 1.0 - t * t)

    def sigmoid(self) -> "Value":
        """1 / (1 + e^-x), d/dx = s (1 - s); each branch keeps e^... <= 1, so nothing overflows.

        The formula of :func:`dlcore.activations.sigmoid`, written again for one Python float with
        ``math``: this engine is numpy-free (numpy costs microseconds per scalar call).
        """
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, "sigmoid", self, s * (1.0 - s))

    def relu(self) -> "Value":
        """max(0, x), with slope 0 at x = 0 (as in torch)."""
        positive = self.data > 0
        return Value(self.data if positive else 0.0, "relu", self, 1.0 if positive else 0.0)

    # --- backpropagation --------------------------------------------------------
    def topological_order(self) -> list["Value"]:
        """Every Value this one depends on, each after its parents, ending with this one."""
        # An iterative depth-first search (a recursive one overflows on long chains): a node goes
        # under a None marker and its parents; when the marker is popped, its parents are ordered.
        order: List[Value] = []
        seen: Set[Value] = set()
        stack: List[Any] = [self]  # Values and None markers
        while stack:
            node = stack.pop()
            if node is None:
                order.append(stack.pop())
            elif node not in seen:
                seen.add(node)
                stack += (node, None)
                if node.a is not None:
                    stack.append(node.a)
                if node.b is not None:
                    stack.append(node.b)
        return order

    def backward(self) -> None:
        """Set ``grad`` = d(self)/d(node) for every node self depends on (adding to what is there)."""
        self.grad = 1.0
        for node in reversed(self.topological_order()):  # outputs first, so node.grad is complete when used
            if node.a is not None:  # the chain rule, once per parent
                node.a.grad += node.da * node.grad
            if node.b is not None:
                node.b.grad += node.db * node.grad
