"""Graders for chapter 2, Universality.

>>> import numpy as np
>>> from dlcore.activations import relu
>>> tent(lambda x: 2 * relu(x) - 4 * relu(x - 0.5), verbose=False).status
'passed'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import universality as uni
from ._grader import Case, Result, grade

__all__ = ["bump", "params_for_accuracy", "sawtooth", "tent"]

_X = np.linspace(0.0, 1.0, 21)


def bump(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(x, left, right, height, steepness)`` is height * (sigma(w(x - l)) - sigma(w(x - r)))."""
    def case(left: float, right: float, height: float, w: float, probe: str, hint: str = "") -> Case:
        return Case((_X.copy(), left, right, height, w), uni.bump(_X, left, right, height, w), probe, hint)

    cases = [
        case(0.3, 0.6, 1.0, 50.0, "a bump of height 1 on [0.3, 0.6]",
             hint="a bump is a step up at `left` minus a step up at `right`: sigmoid(w * (x - left)) - ..."),
        case(0.3, 0.6, 2.5, 50.0, "height 2.5", hint="multiply the difference of the two steps by height."),
        case(0.1, 0.9, -1.0, 10.0, "a negative height and a gentle slope"),
        case(0.2, 0.4, 1.0, 5000.0, "a very steep bump",
             hint="exp(1000) overflows: build it from dlcore.activations.sigmoid (or your overflow-safe "
                  "sigmoid from chapter 1)."),
    ]
    return grade("bump", fn, cases, must_pass=must_pass, verbose=verbose, rtol=1e-6, atol=1e-9)


def tent(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(x)`` is the tent map 2x on [0, 1/2] and 2 - 2x on [1/2, 1]."""
    cases = [
        Case((np.array([0.0, 0.25, 0.5]),), np.array([0.0, 0.5, 1.0]), "the rising half",
             hint="relu(x) alone gives x; twice that rises from 0 to 1 on [0, 1/2]."),
        Case((np.array([0.75, 1.0]),), np.array([0.5, 0.0]), "the falling half",
             hint="past x = 1/2, subtract a second ReLU, relu(x - 1/2), with weight 4 to turn slope +2 into -2."),
        Case((_X.copy(),), uni.sawtooth(_X, 1), "21 points across [0, 1]"),
    ]
    return grade("tent", fn, cases, must_pass=must_pass, verbose=verbose)


def sawtooth(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(x, k)`` is the tent map applied k times."""
    x = np.linspace(0.0, 1.0, 65)
    cases = [Case((x.copy(), k), uni.sawtooth(x, k), f"k = {k}",
                  hint="start from x and apply your tent k times in a loop (k = 0 returns x itself).")
             for k in (1, 0, 2, 3, 5)]
    return grade("sawtooth", fn, cases, must_pass=must_pass, verbose=verbose, atol=1e-9)


def params_for_accuracy(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(slope, eps)``: parameters of the smallest ideal bump network with error <= eps on [0, 1]."""
    def answer(slope: float, eps: float) -> int:
        n = max(1, math.ceil(slope / (2 * eps) - 1e-9))  # bumps of width 1/n err by at most slope / (2n)
        return 6 * n + 1

    hint = ("n bumps of width 1/n, each as high as f at its centre, err by at most slope * (1/n) / 2; "
            "take the smallest whole n with slope / (2n) <= eps. Each bump has 2 hidden units, each "
            "unit a weight, a bias and an output weight; add the output bias.")
    cases = [Case((s, e), answer(s, e), f"slope {s:g}, eps {e:g}", hint=hint)
             for s, e in ((1.0, 0.1), (10.0, 0.01), (2.0, 0.3), (0.5, 1.0))]
    return grade("params_for_accuracy", fn, cases, must_pass=must_pass, verbose=verbose, rtol=0, atol=0)
