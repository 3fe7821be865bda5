"""The graph behind :class:`~dlcore.tensor.Tensor` and the backward pass that walks it.

Each recorded operation is a :class:`Node`: its inputs and a backward function
that maps the gradient of the output to one gradient per input. :func:`backward`
visits the nodes from the output back to the leaves, each node after every node
that uses it, and applies the chain rule. Inputs that need no gradient are None,
so their branch is never visited.

>>> from dlcore.tensor import Tensor
>>> x = Tensor([3.0], requires_grad=True)
>>> y = x * x
>>> y.node.op, y.node.inputs[0] is x
('*', True)
>>> with no_grad():
...     (x * x).requires_grad
False
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["Backward", "Node", "backward", "graph_freed", "is_grad_enabled", "no_grad",
           "topological_order", "unbroadcast"]

Backward = Callable[[np.ndarray], Sequence[Optional[np.ndarray]]]
_grad_enabled = True


def is_grad_enabled() -> bool:
    """False inside :func:`no_grad`."""
    return _grad_enabled


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Inside ``with no_grad():`` operations record no graph (for evaluation and for updates)."""
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


def unbroadcast(g: np.ndarray, shape: Tuple[int, ...]) -> np.ndarray:
    """Sum ``g`` back down to ``shape``: the gradient of numpy's broadcasting.

    >>> unbroadcast(np.ones((4, 3)), (3,)).tolist()
    [4.0, 4.0, 4.0]
    """
    if g.shape == shape:
        return g
    if g.ndim > len(shape):  # broadcasting added leading axes
        g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


def graph_freed(g: np.ndarray) -> Sequence[Optional[np.ndarray]]:
    """The backward function of a node whose saved arrays were freed: it refuses to run."""
    raise ValueError("backward: this graph was already used by a backward() call, which freed its saved "
                     "arrays; run the forward pass again.")


class Node:
    """One recorded operation.

    ``inputs`` holds, for each input of the operation, that input's Node, the
    input itself if it is a leaf Tensor that needs a gradient, or None.
    ``backward_fn(g)`` returns one gradient per input, shaped like that input.
    """

    __slots__ = ("inputs", "backward_fn", "op")

    def __init__(self, inputs: Tuple[Any, ...], backward_fn: Backward, op: str) -> None:
        self.inputs, self.backward_fn, self.op = inputs, backward_fn, op

    def __repr__(self) -> str:
        return f"Node({self.op!r}, {len(self.inputs)} inputs)"


def backward(output: Any, grad: Any = None) -> None:
    """Add d(output)/d(leaf) to ``leaf.grad`` for every leaf Tensor with ``requires_grad`` it depends on.

    ``output`` must hold a single number (a loss) unless ``grad``, shaped like it, is given.
    """
    if not output.requires_grad:
        raise ValueError("backward: this tensor does not depend on any tensor with requires_grad=True "
                         "(or it was computed inside no_grad()).")
    if grad is None and output.data.size != 1:
        raise ValueError(f"backward: the output has shape {output.shape}, not a single number; reduce it "
                         "first (e.g. .sum() or .mean()) or pass grad= of the same shape.")
    grad = np.ones_like(output.data) if grad is None else np.asarray(grad, dtype=output.data.dtype)
    if grad.shape != output.shape:
        raise ValueError(f"backward: grad has shape {grad.shape} but the output has shape {output.shape}.")
    root = output.node or output
    grads: Dict[Any, np.ndarray] = {root: grad}
    for node in reversed(topological_order(root)):
        g = grads.pop(node)
        if not isinstance(node, Node):  # a leaf: keep a private copy, in the leaf's own dtype
            node.grad = np.array(g, dtype=node.data.dtype) if node.grad is None else node.grad + g
            continue
        for inp, g_inp in zip(node.inputs, node.backward_fn(g)):
            if inp is not None and g_inp is not None:
                grads[inp] = grads[inp] + g_inp if inp in grads else g_inp
        # Free the arrays this node saved as soon as it is done, as torch does: a lower peak memory.
        node.inputs, node.backward_fn = (), graph_freed


def topological_order(root: Any) -> List[Any]:
    """The nodes and leaves reachable from ``root``, each after all of its inputs.

    An iterative depth-first search, so a graph of any depth works (a recursive
    one stops at Python's recursion limit). A node is pushed under a None marker
    and its inputs; when the marker comes back up, all its inputs are in order.
    """
    order: List[Any] = []
    seen = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            order.append(stack.pop())
        elif node not in seen:
            seen.add(node)
            stack += [node, None]
            if isinstance(node, Node):
                stack.extend(inp for inp in node.inputs if inp is not None)
    return order
