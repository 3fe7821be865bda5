"""Graders for chapter 1, Neurons.

>>> import numpy as np
>>> r = sigmoid(lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))), verbose=False)
>>> r.status   # the naive formula overflows for large negative z
'failed'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import activations as act
from ._grader import Case, Result, grade, not_implemented

__all__ = ["dense_forward", "sigmoid", "sigmoid_prime", "xor_network"]

_Z = np.linspace(-4.0, 4.0, 9)
_Z32 = np.array([-20.0, -1.5, 0.0, 1.5, 20.0], dtype=np.float32)
_Z2D = np.array([[-1.0, 0.0, 1.0], [2.0, -2.0, 0.5]])


def sigmoid(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a sigmoid: values, arrays, large |z| without overflow, dtype kept."""
    cases = [
        Case((0.0,), 0.5, "z = 0"),
        Case((2.0,), float(act.sigmoid(2.0)), "a positive number"),
        Case((-3.0,), float(act.sigmoid(-3.0)), "a negative number",
             hint="sigmoid(-z) = 1 - sigmoid(z); check the sign inside exp."),
        Case((_Z.copy(),), act.sigmoid(_Z), "an array"),
        Case((_Z2D.copy(),), act.sigmoid(_Z2D), "a 2-D array keeps its shape"),
        Case((np.array([1000.0]),), np.array([1.0]), "large positive z"),
        Case((np.array([-1000.0]),), np.array([0.0]), "large negative z",
             hint="exp(1000) overflows float64. For z < 0 use the equal form "
                  "exp(z) / (1 + exp(z)); note np.where evaluates both branches on every "
                  "element, so compute e = exp(-|z|), which never overflows, and build both forms from it."),
        Case((_Z32.copy(),), act.sigmoid(_Z32), "float32 input stays float32",
             hint="build the result from z itself (e.g. np.exp(z), np.where) instead of "
                  "converting to float64 with np.asarray(z, dtype=float)."),
    ]
    return grade("sigmoid", fn, cases, must_pass=must_pass, verbose=verbose, check_dtype=True, rtol=1e-5)


def sigmoid_prime(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check the sigmoid's derivative s(z)(1 - s(z)), including its 1/4 peak and large |z|."""
    cases = [
        Case((0.0,), 0.25, "z = 0, where the slope peaks at 1/4",
             hint="the derivative is sigmoid(z) * (1 - sigmoid(z))."),
        Case((_Z.copy(),), act.sigmoid_prime(_Z), "an array"),
        Case((np.array([-1000.0, 1000.0]),), np.array([0.0, 0.0]), "large |z|: the sigmoid is flat",
             hint="compute it from a sigmoid that does not overflow."),
    ]
    return grade("sigmoid_prime", fn, cases, must_pass=must_pass, verbose=verbose)


def dense_forward(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(X, W, b)`` computes relu(X @ W + b) for a batch and a single example."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(5, 3))
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=4)
    x1 = rng.normal(size=3)

    def ref(X_: np.ndarray) -> np.ndarray:
        return np.maximum(X_ @ W + b, 0.0)

    shape_hint = ("W has shape (d_in, d_out) = (3, 4): multiply X @ W, so each row of X "
                  "(one example) meets each column of W (one neuron).")
    cases = [
        Case((X.copy(), W.copy(), b.copy()), ref(X), "a batch of 5 examples", hint=shape_hint),
        Case((x1.copy(), W.copy(), b.copy()), ref(x1), "a single example (1-D input)", hint=shape_hint),
        Case((np.zeros((2, 3)), W.copy(), b.copy()), ref(np.zeros((2, 3))), "zero input: only the bias is left",
             hint="don't forget to add b before the activation."),
        Case((-X.copy(), W.copy(), b.copy()), ref(-X), "negative weighted sums are clipped to 0",
             hint="apply ReLU, max(0, z), after adding the bias."),
    ]
    return grade("dense_forward", fn, cases, must_pass=must_pass, verbose=verbose)


def xor_network(W1: Any, b1: Any, W2: Any, b2: Any, *, must_pass: bool = False,
                verbose: bool = True) -> Result:
    """Check hand-picked weights make a 2-2-1 network of step neurons compute XOR.

    ``W1`` is (2, 2), ``b1`` (2,), ``W2`` (2, 1), ``b2`` (1,); ``None`` means "not done yet".
    """
    if any(p is None for p in (W1, b1, W2, b2)):
        return not_implemented("xor_network", must_pass=must_pass, verbose=verbose)
    def network(X: np.ndarray) -> np.ndarray:
        hidden = act.step(np.asarray(X) @ np.asarray(W1, dtype=float) + np.asarray(b1, dtype=float))
        out = act.step(hidden @ np.asarray(W2, dtype=float) + np.asarray(b2, dtype=float))
        return np.asarray(out, dtype=float).reshape(-1)

    hint = ("one hidden neuron can be OR (fires if x1 + x2 >= 0.5), the other NAND; "
            "the output neuron then ANDs them.")
    rows = [(0.0, 0.0, 0.0), (0.0, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, 0.0)]
    cases = [Case((np.array([[a, b]]),), np.array([y]), f"XOR({a:g}, {b:g}) = {y:g}", hint=hint)
             for a, b, y in rows]
    return grade("xor_network", network, cases, must_pass=must_pass, verbose=verbose)
