"""Grader for the scalar autodiff engine a learner writes in chapter 5.

The learner's class is compared with :class:`dlcore.engine.Value` on expressions that
each probe one thing an engine can get wrong: a local derivative, a node used twice,
the order of the backward pass, and a chain too deep for a recursive sort.

>>> from dlcore.engine import Value
>>> value_class(Value, verbose=False).status
'passed'
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

import numpy as np

from ..engine import Value
from ._grader import Case, Result, grade

__all__ = ["value_class"]

_INPUTS = (2.0, -3.0, 0.5)
_DEEP = 3000  # deeper than Python's default recursion limit of 1000


def _expressions() -> List[Tuple[str, Callable[[Any, Any, Any], Any], str]]:
    def deep(a: Any, b: Any, c: Any) -> Any:
        x = a
        for _ in range(_DEEP):
            x = x * c + b  # every level depends on the one below
        return x

    def diamond(a: Any, b: Any, c: Any) -> Any:
        d = a * b  # one node, used twice: its gradient is complete only after both uses
        return (d + a) * d

    return [
        ("a + b", lambda a, b, c: a + b, "d(a + b)/da = d(a + b)/db = 1: add the output's grad to both parents."),
        ("a * b", lambda a, b, c: a * b, "d(a * b)/da = b and d(a * b)/db = a: multiply the output's grad by "
                                         "the *other* factor's data."),
        ("a * b + c", lambda a, b, c: a * b + c, "backward must reach a and b through the + node: start from "
                                                 "out.grad = 1 and call every node's _backward."),
        ("a * a (a used twice)", lambda a, b, c: a * a,
         "a node used twice gets gradient from both uses: add with +=, never assign with =."),
        ("tanh(a * c + b)", lambda a, b, c: (a * c + b).tanh(), "d tanh(x)/dx = 1 - tanh(x)**2, times the "
                                                                  "output's grad."),
        ("exp(c) * a", lambda a, b, c: c.exp() * a, "d exp(x)/dx = exp(x), times the output's grad."),
        ("d = a * b; (d + a) * d (a diamond)", diamond,
         "a node's _backward may run only once all of its users have run theirs: call them in reverse "
         "topological order (each node after everything computed from it)."),
        (f"a chain {_DEEP} operations deep", deep,
         "a recursive topological sort exceeds Python's recursion limit on deep graphs: build the order "
         "with an explicit stack (a list you push to and pop from) instead."),
    ]


def _run(cls: Any, expression: str) -> np.ndarray:
    build = {text: build for text, build, _ in _expressions()}[expression]
    leaves = [cls(x) for x in _INPUTS]
    out = build(*leaves)
    out.backward()
    return np.array([out.data] + [leaf.grad for leaf in leaves], dtype=np.float64)


def value_class(cls: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a scalar autodiff class ``cls(data)`` with ``+``, ``*``, ``tanh()``, ``exp()``,
    ``backward()``, ``.data`` and ``.grad`` against :class:`dlcore.engine.Value`.

    Each check builds an expression of a = 2, b = -3 and c = 0.5, calls ``backward()`` on it,
    and compares the output's data and the gradients of a, b and c.
    """
    if not callable(cls):
        return grade("value_class", cls, [], must_pass=must_pass, verbose=verbose)
    cases = [Case((text,), _run(Value, text), f"{text}: data, then the grads of a, b, c", hint=hint)
             for text, _, hint in _expressions()]
    return grade("value_class", lambda text: _run(cls, text), cases, must_pass=must_pass, verbose=verbose,
                 rtol=1e-9, atol=1e-12)
