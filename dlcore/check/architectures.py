"""Graders for chapter 7, Architectures. None of them needs torch.

>>> conv_output_size(lambda n, k, s, p: n - k + 1, verbose=False).status   # forgets stride and padding
'failed'
>>> lstm_params(lambda i, h: 4 * h * (i + h + 2), verbose=False).status
'passed'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import conv
from ._grader import Case, Result, grade

__all__ = ["conv_output_size", "correlate2d", "lstm_params", "residual_block"]


def conv_output_size(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(n, kernel, stride, padding)``: the output length of a convolution along one axis."""
    hint = "count the window positions: (n + 2*padding - kernel) // stride + 1."
    settings = [
        (8, 3, 1, 0, "no padding: the output shrinks by kernel - 1"),
        (8, 3, 1, 1, "padding 1 with a 3x3 kernel keeps the size ('same')"),
        (28, 5, 1, 2, "padding 2 with a 5x5 kernel keeps the size"),
        (8, 2, 2, 0, "2x2 pooling with stride 2 halves the size"),
        (7, 3, 2, 0, "stride 2: the window starts at 0, 2, 4"),
        (12, 4, 3, 0, "the last window must fit entirely: round down"),
        (32, 3, 2, 1, "stride 2 with padding 1"),
        (5, 5, 1, 0, "a kernel as large as the input gives a single output"),
    ]
    cases = [Case((n, k, s, p), conv.conv_output_size(n, k, stride=s, padding=p), probe, hint=hint)
             for n, k, s, p, probe in settings]
    return grade("conv_output_size", fn, cases, must_pass=must_pass, verbose=verbose)


def correlate2d(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(image, kernel)``: a 2-D cross-correlation without padding ("valid"), as conv layers compute."""
    rng = np.random.default_rng(6)
    image = rng.normal(size=(6, 7))
    kernel = rng.normal(size=(2, 3))
    edge = np.array([[1.0, 0.0, -1.0]] * 3)
    digit_like = np.zeros((5, 5))
    digit_like[:, 2] = 1.0
    flip_hint = ("a conv layer does not flip the kernel: out[r, c] = sum(image[r:r+kh, c:c+kw] * kernel).")
    cases = [
        Case((np.arange(16.0).reshape(4, 4), np.ones((2, 2))),
             conv.conv2d(np.arange(16.0).reshape(4, 4), np.ones((2, 2))), "a 2x2 box kernel sums each window",
             hint="the output has (H - kh + 1) x (W - kw + 1) entries, one per window position."),
        Case((digit_like, edge), conv.conv2d(digit_like, edge), "a vertical-edge kernel on a vertical bar",
             hint=flip_hint),
        Case((image, kernel), conv.conv2d(image, kernel), "a non-square image and kernel",
             hint="use kh, kw = kernel.shape separately for rows and columns."),
        Case((image, np.array([[2.0]])), 2.0 * image, "a 1x1 kernel just scales the image"),
    ]
    return grade("correlate2d", fn, cases, must_pass=must_pass, verbose=verbose)


def residual_block(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(X, W1, b1, W2, b2)`` returns ``X + relu(X @ W1 + b1) @ W2 + b2``."""
    rng = np.random.default_rng(7)
    d, k = 4, 6
    X, x1 = rng.normal(size=(5, d)), rng.normal(size=d)
    W1, b1, W2, b2 = rng.normal(size=(d, k)), rng.normal(size=k), rng.normal(size=(k, d)), rng.normal(size=d)

    def ref(X_: np.ndarray, W1_: np.ndarray, b1_: np.ndarray, W2_: np.ndarray, b2_: np.ndarray) -> np.ndarray:
        return X_ + np.maximum(X_ @ W1_ + b1_, 0.0) @ W2_ + b2_

    zeros = (np.zeros((d, k)), np.zeros(k), np.zeros((k, d)), np.zeros(d))
    cases = [
        Case((np.abs(X), *zeros), np.abs(X), "all weights zero: the block must pass X through unchanged",
             hint="the skip connection adds the input itself: return X + branch(X)."),
        Case((X, W1, b1, W2, b2), ref(X, W1, b1, W2, b2), "a batch of 5 examples",
             hint="branch(X) = relu(X @ W1 + b1) @ W2 + b2; there is no ReLU after the addition here."),
        Case((x1, W1, b1, W2, b2), ref(x1, W1, b1, W2, b2), "a single example (1-D input)"),
        Case((-X, W1, b1, W2, b2), ref(-X, W1, b1, W2, b2), "negative inputs",
             hint="the ReLU acts inside the branch only, on X @ W1 + b1."),
    ]
    return grade("residual_block", fn, cases, must_pass=must_pass, verbose=verbose)


def lstm_params(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(n_inputs, hidden)`` counts a one-layer PyTorch LSTM's parameters, ``4 h (i + h + 2)``."""
    hint = ("4 gate blocks (input, forget, cell, output), each with an (h x i) input matrix, an (h x h) "
            "recurrent matrix, and in PyTorch two bias vectors of length h (b_ih and b_hh).")
    sizes = [(1, 1), (4, 16), (8, 32), (100, 20), (20, 100)]
    cases = [Case((i, h), 4 * h * (i + h + 2), f"n_inputs={i}, hidden={h}", hint=hint) for i, h in sizes]
    return grade("lstm_params", fn, cases, must_pass=must_pass, verbose=verbose)
