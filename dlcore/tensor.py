"""A numpy array with reverse-mode autodiff: the engine of dlcore's networks.

Every operation on a :class:`Tensor` returns a new Tensor whose ``node``
records the operation: its inputs and a ``backward`` function that maps the
gradient of the output to the gradients of the inputs. ``loss.backward()``
walks these nodes from the loss back to the leaves and leaves d(loss)/d(leaf)
in the ``grad`` of every leaf created with ``requires_grad=True``.

>>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> loss = (x * x).sum()
>>> loss.backward()
>>> x.grad.tolist()
[[2.0, 4.0], [6.0, 8.0]]

As in torch, the graph is made of nodes, not of the tensors themselves: an
intermediate result's array is freed as soon as nothing needs it, and a node
keeps only the arrays its backward uses. Backward functions close over arrays,
never over their own output, so the graph has no reference cycles.
Lists and numbers become float32, as in torch; numpy float arrays keep their dtype.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

import numpy as np

from . import _stable, autograd
from .autograd import Backward, Node, backward, graph_freed, no_grad, unbroadcast as _unbroadcast

__all__ = ["Tensor", "no_grad"]  # no_grad is autograd's, here for `from dlcore.tensor import Tensor, no_grad`

Axis = Union[None, int, Tuple[int, ...]]


class Tensor:
    """An n-dimensional array (``data``) with a gradient (``grad``) if ``requires_grad``."""

    __slots__ = ("data", "grad", "requires_grad", "node")

    def __init__(self, data: Any, *, requires_grad: bool = False, dtype: Any = None) -> None:
        if isinstance(data, Tensor):
            data = data.data
        try:
            arr = np.asarray(data)
        except (ValueError, TypeError) as exc:  # ragged nested lists
            raise TypeError(f"Tensor: data could not become an array ({exc}).") from None
        if data is None or arr.dtype.kind not in "biuf":
            raise TypeError(f"Tensor: data must be numbers or an array of numbers, got {type(data).__name__}"
                            f" ({arr.dtype}).")
        if dtype is None:  # numpy float arrays keep their dtype; everything else becomes float32
            keep = isinstance(data, (np.ndarray, np.generic)) and arr.dtype in (np.float32, np.float64)
            dtype = arr.dtype if keep else np.float32
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"Tensor: dtype must be float32 or float64, got {np.dtype(dtype)}.")
        self.data: np.ndarray = arr.astype(dtype, copy=False)
        if np.isnan(self.data).any():
            raise ValueError("Tensor: data contains NaN; remove or replace missing values first.")
        self.grad: Optional[np.ndarray] = None
        self.node: Optional[Node] = None  # the op that made this tensor (None for a leaf)
        self.requires_grad = bool(requires_grad)

    @classmethod
    def from_op(cls, data: np.ndarray, inputs: Tuple["Tensor", ...], backward_fn: Backward, op: str) -> "Tensor":
        """The output of an operation: how every op (and fused layers such as ``nn.Linear``) joins the graph.

        ``backward_fn(g)`` returns one gradient per input (or None for an input that needs none).
        """
        out = cls.__new__(cls)
        out.data = data if type(data) is np.ndarray else np.asarray(data)  # numpy returns scalars for 0-d
        out.grad, out.node = None, None
        out.requires_grad = autograd._grad_enabled and any(t.requires_grad for t in inputs)
        if out.requires_grad:  # otherwise there is nothing to remember
            links = tuple((t.node or t) if t.requires_grad else None for t in inputs)
            out.node = Node(links, backward_fn, op)
        return out

    # --- array-like basics --------------------------------------------------------
    shape = property(lambda self: self.data.shape, doc="The array's shape.")
    ndim = property(lambda self: self.data.ndim, doc="The number of axes.")
    dtype = property(lambda self: self.data.dtype, doc="float32 or float64.")
    T = property(lambda self: self.transpose(), doc="The transpose (axes reversed).")
    is_leaf = property(lambda self: self.node is None, doc="True unless this is the output of a recorded op.")

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({np.array2string(self.data, precision=4, separator=', ')}{grad})"

    def item(self) -> float:
        """The value of a one-element tensor as a Python float."""
        return float(self.data.item())

    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied)."""
        return self.data

    def detach(self) -> "Tensor":
        """The same data (shared), cut from the graph: no gradient flows back through it."""
        return Tensor.from_op(self.data, (), graph_freed, "detach")

    def zero_grad(self) -> None:
        """Forget the accumulated gradient (``grad`` becomes None, as in torch)."""
        self.grad = None

    # --- elementwise arithmetic, with broadcasting --------------------------------
    def _lift(self, other: Any) -> "Tensor":
        # A plain number or array takes this tensor's dtype, so float32 stays float32.
        return other if isinstance(other, Tensor) else Tensor(np.asarray(other, dtype=self.data.dtype))

    def __add__(self, other: Any) -> "Tensor":
        other = self._lift(other)
        sa, sb = self.shape, other.shape
        return Tensor.from_op(self.data + other.data, (self, other),
                              lambda g: (_unbroadcast(g, sa), _unbroadcast(g, sb)), "+")

    def __sub__(self, other: Any) -> "Tensor":
        other = self._lift(other)
        sa, sb = self.shape, other.shape
        return Tensor.from_op(self.data - other.data, (self, other),
                              lambda g: (_unbroadcast(g, sa), _unbroadcast(-g, sb)), "-")

    def __mul__(self, other: Any) -> "Tensor":
        other = self._lift(other)
        a, b = self.data, other.data
        return Tensor.from_op(a * b, (self, other),
                              lambda g: (_unbroadcast(g * b, a.shape), _unbroadcast(g * a, b.shape)), "*")

    def __truediv__(self, other: Any) -> "Tensor":
        other = self._lift(other)
        a, b = self.data, other.data
        out = a / b  # d(a/b)/da = 1/b and d(a/b)/db = -a/b^2 = -out/b
        return Tensor.from_op(out, (self, other),
                              lambda g: (_unbroadcast(g / b, a.shape), _unbroadcast(-g * out / b, b.shape)), "/")

    def __pow__(self, k: float) -> "Tensor":
        """Elementwise x ** k for a constant exponent k; d/dx = k x^(k-1). Refuses NaN or inf, as Value does."""
        if isinstance(k, (bool, Tensor)) or not isinstance(k, (int, float, np.integer, np.floating)):
            raise TypeError(f"Tensor ** k: k must be a constant number, got {type(k).__name__}.")
        a = self.data
        if not float(k).is_integer() and (a < 0).any():
            raise ValueError(f"Tensor ** {k:g}: {(a < 0).sum()} entries are negative, and a negative number to a "
                             "fractional power is not real; use an integer k, or abs(x) ** k.")
        if k < 1 and self.requires_grad and autograd.is_grad_enabled() and (a == 0).any():
            raise ValueError(f"Tensor ** {k:g}: {(a == 0).sum()} entries are 0, where x ** k has no finite "
                             f"derivative when k < 1; keep x away from 0, e.g. (x + 1e-12) ** {k:g}.")
        return Tensor.from_op(a ** k, (self,), lambda g: (g * k * a ** (k - 1),), f"**{k}")

    def __neg__(self) -> "Tensor":
        return Tensor.from_op(-self.data, (self,), lambda g: (-g,), "neg")

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: Any) -> "Tensor":
        return self._lift(other) - self

    def __rtruediv__(self, other: Any) -> "Tensor":
        return self._lift(other) / self

    # --- elementwise functions ----------------------------------------------------
    def exp(self) -> "Tensor":
        """e^x; its derivative is itself."""
        out = np.exp(self.data)
        return Tensor.from_op(out, (self,), lambda g: (g * out,), "exp")

    def log(self) -> "Tensor":
        """Natural log, d/dx = 1/x; every entry must be positive."""
        a = self.data
        if (a <= 0).any():
            raise ValueError(f"Tensor.log: {(a <= 0).sum()} of {a.size} entries are <= 0, and log needs positive "
                             "input; for log-probabilities use losses.log_softmax on the logits.")
        return Tensor.from_op(np.log(a), (self,), lambda g: (g / a,), "log")

    def relu(self) -> "Tensor":
        """max(0, x), with slope 0 at 0 as in torch."""
        out = np.maximum(self.data, 0)  # backward keeps the output, not the input: out > 0 where x > 0
        return Tensor.from_op(out, (self,), lambda g: (g * (out > 0),), "relu")

    def tanh(self) -> "Tensor":
        """tanh(x), d/dx = 1 - tanh(x)^2."""
        t = np.tanh(self.data)

        def backward(g: np.ndarray) -> Tuple[np.ndarray]:
            d = np.multiply(t, t, out=np.empty_like(t))  # one new array, then updated in place:
            np.subtract(1, d, out=d)  # 1 - t^2 ...
            return (np.multiply(d, g, out=d),)  # ... times g
        return Tensor.from_op(t, (self,), backward, "tanh")

    def sigmoid(self) -> "Tensor":
        """1 / (1 + e^-x), as :func:`dlcore.activations.sigmoid` computes it (no overflow); d/dx = s (1 - s)."""
        s = _stable.sigmoid(self.data)
        return Tensor.from_op(s, (self,), lambda g: (g * s * (1 - s),), "sigmoid")

    # --- matrix product, reductions and shapes ------------------------------------
    def __matmul__(self, other: Any) -> "Tensor":
        other = self._lift(other)
        if not (1 <= self.ndim <= 2 and 1 <= other.ndim <= 2) or self.shape[-1] != other.shape[0]:
            raise ValueError(f"matmul: shapes {self.shape} @ {other.shape} do not fit; need 1-D or 2-D "
                             "operands whose inner dimensions agree.")
        if self.ndim == 1:  # a vector on the left is a one-row matrix ...
            return (self.reshape(1, -1) @ other).reshape(other.shape[1:])
        if other.ndim == 1:  # ... and on the right a one-column matrix
            return (self @ other.reshape(-1, 1)).reshape(-1)
        a, b = self.data, other.data
        return Tensor.from_op(a @ b, (self, other), lambda g: (g @ b.T, a.T @ g), "@")

    def sum(self, axis: Axis = None, keepdims: bool = False) -> "Tensor":
        """Sum over ``axis`` (all axes if None); backward copies g along the summed axes."""
        shape = self.shape

        def backward(g: np.ndarray) -> Tuple[np.ndarray]:
            return (np.broadcast_to(g if axis is None or keepdims else np.expand_dims(g, axis), shape),)
        return Tensor.from_op(np.sum(self.data, axis=axis, keepdims=keepdims), (self,), backward, "sum")

    def mean(self, axis: Axis = None, keepdims: bool = False) -> "Tensor":
        """Mean over ``axis`` (all axes if None): the sum divided by the number of entries summed."""
        total = self.sum(axis, keepdims)
        return total * (total.data.size / self.data.size)

    def reshape(self, *shape: Any) -> "Tensor":
        """The same entries in a new shape (one size may be -1)."""
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        old = self.shape
        try:
            out = self.data.reshape(shape)
        except ValueError:
            raise ValueError(f"reshape: cannot reshape {old} ({self.data.size} entries) into {shape}.") from None
        return Tensor.from_op(out, (self,), lambda g: (g.reshape(old),), "reshape")

    def transpose(self, *axes: int) -> "Tensor":
        """Permute the axes (reverse them if none are given)."""
        axes = axes or tuple(reversed(range(self.ndim)))
        inverse = tuple(np.argsort(axes))
        return Tensor.from_op(self.data.transpose(axes), (self,), lambda g: (g.transpose(inverse),), "T")

    def __getitem__(self, index: Any) -> "Tensor":
        """Rows, slices or any numpy index; backward scatters g back (repeated rows add up)."""
        index = index.data.astype(np.intp) if isinstance(index, Tensor) else index
        a = self.data

        def backward(g: np.ndarray) -> Tuple[np.ndarray]:
            full = np.zeros_like(a)
            np.add.at(full, index, g)
            return (full,)
        return Tensor.from_op(a[index], (self,), backward, "[]")

    # --- backpropagation ----------------------------------------------------------
    def backward(self, grad: Any = None) -> None:
        """Add d(self)/d(leaf) to ``leaf.grad`` for every leaf with ``requires_grad`` that self depends on.

        self must hold a single number (a loss) unless ``grad``, shaped like self, is given.
        As in torch, the graph's saved arrays are freed on the way: one backward per forward.
        See :func:`dlcore.autograd.backward`.
        """
        backward(self, grad)
