"""Universality, built by hand: sigmoid steps, bumps, sums of bumps, and the deep sawtooth.

One hidden layer of sigmoids can approximate any continuous function on an
interval: a steep sigmoid is almost a step, two steps make a bump, and a row
of bumps traces out the function. Depth buys something width cannot: a chain
of k two-unit ReLU layers folds [0, 1] into a sawtooth with 2^k linear pieces,
which a single hidden layer needs about 2^k units to match (Telgarsky, 2016).

>>> import numpy as np
>>> net = bump_network(np.sin, 20, interval=(0.0, 3.0), steepness=2000.0)
>>> net.n_hidden, bool(max_error(net, np.sin, (0.0, 3.0)) < 0.1)
(40, True)
>>> x = np.linspace(0, 1, 1025)
>>> count_linear_pieces(x, sawtooth_network(3)(x[:, None]).ravel())
8
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Tuple

import numpy as np

from ._validate import as_float_array, as_int, as_positive, as_real
from .activations import sigmoid
from .neuron import Dense, Network

__all__ = ["sigmoid_step", "bump", "BumpNetwork", "bump_network", "max_error", "tent_network",
           "sawtooth", "sawtooth_network", "piecewise_linear_network", "count_linear_pieces"]


def sigmoid_step(x: Any, position: float = 0.0, steepness: float = 100.0) -> np.ndarray:
    """A steep sigmoid, sigma(w (x - s)): a smooth stand-in for a unit step at ``position`` s.

    Not to be confused with :func:`dlcore.activations.step`, the perceptron's exact
    threshold of z (0 below 0, 1 from 0 on), which has no position or steepness and
    no useful slope. This one is a hidden sigmoid unit with weight w and bias -w s: it
    only approaches that step as w grows, and it is 1/2, not 1, at x = s.

    >>> sigmoid_step([-1.0, 1.0], position=0.0, steepness=100.0).round(6).tolist()
    [0.0, 1.0]
    """
    x = as_float_array(x, "x", "sigmoid_step", allow_empty=True)
    position = as_real(position, "position", "sigmoid_step")
    steepness = as_positive(steepness, "steepness", "sigmoid_step")
    return np.asarray(sigmoid(steepness * (x - position)), dtype=np.float64)


def bump(x: Any, left: float, right: float, height: float = 1.0, steepness: float = 100.0) -> np.ndarray:
    """``height`` on [left, right] and about 0 elsewhere: h (sigma(w(x - l)) - sigma(w(x - r))).

    >>> bump([0.0, 0.5, 1.0], 0.25, 0.75, height=2.0, steepness=1000.0).round(6).tolist()
    [0.0, 2.0, 0.0]
    """
    left, right = as_real(left, "left", "bump"), as_real(right, "right", "bump")
    if not left < right:
        raise ValueError(f"bump: left must be smaller than right, got left={left}, right={right}.")
    height = as_real(height, "height", "bump")
    return height * (sigmoid_step(x, left, steepness) - sigmoid_step(x, right, steepness))


def _interval(interval: Any, where: str) -> Tuple[float, float]:
    if not isinstance(interval, (tuple, list)) or len(interval) != 2:
        raise TypeError(f"{where}: interval must be a pair (a, b), got {interval!r}.")
    a, b = as_real(interval[0], "interval[0]", where), as_real(interval[1], "interval[1]", where)
    if not a < b:
        raise ValueError(f"{where}: interval must have a < b, got ({a}, {b}).")
    return a, b


@dataclass
class BumpNetwork:
    """A 1-input, 1-output network with one hidden layer of sigmoids, built from bumps.

    Hidden unit j computes sigma(w (x - s_j)); the output is ``out_weights @ hidden + out_bias``.
    """

    positions: np.ndarray    # s_j, where each hidden step sits
    steepness: float         # w, shared by all hidden units
    out_weights: np.ndarray  # +h_i for a bump's left step, -h_i for its right step
    out_bias: float = 0.0

    @property
    def n_hidden(self) -> int:
        return int(self.positions.shape[0])

    @property
    def n_params(self) -> int:
        """Weights and biases of both layers: 3 per hidden unit, plus the output bias."""
        return 3 * self.n_hidden + 1

    def __call__(self, x: Any) -> np.ndarray:
        x = as_float_array(x, "x", "BumpNetwork", allow_empty=True)
        hidden = sigmoid(self.steepness * (x[..., None] - self.positions))
        return np.asarray(hidden @ self.out_weights + self.out_bias, dtype=np.float64)


def bump_network(f: Callable[[np.ndarray], Any], n_bumps: int, *, interval: Tuple[float, float] = (0.0, 1.0),
                 steepness: float = 1000.0) -> BumpNetwork:
    """Approximate ``f`` on ``interval`` by ``n_bumps`` equal-width bumps, each as high as f at its centre.

    The result has 2 * n_bumps hidden sigmoid units. With a very steep sigmoid the error is
    at most (largest slope of f) * (bump width) / 2, so it shrinks like 1 / n_bumps.
    """
    if not callable(f):
        raise TypeError(f"bump_network: f must be a function of x, got {type(f).__name__}.")
    n_bumps = as_int(n_bumps, "n_bumps", "bump_network", minimum=1)
    a, b = _interval(interval, "bump_network")
    steepness = as_positive(steepness, "steepness", "bump_network")
    edges = np.linspace(a, b, n_bumps + 1)
    heights = as_float_array(f((edges[:-1] + edges[1:]) / 2), "f(centres)", "bump_network").reshape(-1)
    if heights.shape[0] != n_bumps:
        raise ValueError(f"bump_network: f must return one value per input, got {heights.shape[0]} "
                         f"values for {n_bumps} centres.")
    # The outer edges sit a little outside [a, b], so the ends get full height, not half of it.
    left, right = edges[:-1].copy(), edges[1:].copy()
    left[0], right[-1] = a - (b - a), b + (b - a)
    positions = np.concatenate([left, right])
    return BumpNetwork(positions, steepness, np.concatenate([heights, -heights]))


def max_error(approx: Callable[[np.ndarray], Any], f: Callable[[np.ndarray], Any],
              interval: Tuple[float, float] = (0.0, 1.0), n_points: int = 2001) -> float:
    """The largest |approx(x) - f(x)| over ``n_points`` evenly spaced x in ``interval`` (the sup norm)."""
    a, b = _interval(interval, "max_error")
    n_points = as_int(n_points, "n_points", "max_error", minimum=2)
    x = np.linspace(a, b, n_points)
    gap = (as_float_array(approx(x), "approx(x)", "max_error").reshape(-1)
           - as_float_array(f(x), "f(x)", "max_error").reshape(-1))
    return float(np.max(np.abs(gap)))


def tent_network() -> Network:
    """The tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) as a 1-2-1 ReLU network; on [0, 1] it folds x in two."""
    return Network([Dense([[1.0, 1.0]], [0.0, -0.5], "relu"), Dense([[2.0], [-4.0]], [0.0], "identity")])


def sawtooth_network(k: int) -> Network:
    """The tent map composed k times: k hidden layers of 2 ReLUs, 2^k linear pieces on [0, 1].

    Each layer's tent output 2a - 4b is folded into the next layer's weights, so the network
    has 2k hidden units and 6k + 1 weights and biases.
    """
    k = as_int(k, "k", "sawtooth_network", minimum=1)
    combine = np.array([[2.0], [-4.0]])  # t = 2 relu(x) - 4 relu(x - 1/2)
    layers = [Dense([[1.0, 1.0]], [0.0, -0.5], "relu")]
    for _ in range(k - 1):
        layers.append(Dense(combine @ [[1.0, 1.0]], [0.0, -0.5], "relu"))
    layers.append(Dense(combine, [0.0], "identity"))
    return Network(layers)


def sawtooth(x: Any, k: int) -> np.ndarray:
    """The tent map composed k times, computed directly: a reference for :func:`sawtooth_network`."""
    x = as_float_array(x, "x", "sawtooth", allow_empty=True)
    k = as_int(k, "k", "sawtooth", minimum=0)
    for _ in range(k):
        x = np.where(x < 0.5, 2 * x, 2 - 2 * x)
    return x


def piecewise_linear_network(knots: Any, values: Any) -> Network:
    """A one-hidden-layer ReLU network through the points (knots[i], values[i]), linear in between.

    f(x) = v_0 + s_0 relu(x - t_0) + sum_j (s_j - s_{j-1}) relu(x - t_j): one unit per linear
    piece, so a function with p pieces needs p hidden units this way (valid for x >= t_0).
    """
    t = as_float_array(knots, "knots", "piecewise_linear_network", ndim=(1,))
    v = as_float_array(values, "values", "piecewise_linear_network", ndim=(1,))
    if t.shape != v.shape or t.shape[0] < 2:
        raise ValueError(f"piecewise_linear_network: need at least 2 knots and one value per knot, "
                         f"got {t.shape[0]} knots and {v.shape[0]} values.")
    if np.any(np.diff(t) <= 0):
        raise ValueError("piecewise_linear_network: knots must be strictly increasing.")
    slopes = np.diff(v) / np.diff(t)
    kinks = np.diff(slopes, prepend=0.0)  # the change of slope at each knot t_0 .. t_{p-1}
    keep = kinks != 0  # a knot where the slope does not change needs no unit
    hidden = Dense(np.ones((1, int(keep.sum()))), -t[:-1][keep], "relu")
    return Network([hidden, Dense(kinks[keep][:, None], [v[0]], "identity")])


def count_linear_pieces(x: Any, y: Any, *, rtol: float = 1e-6) -> int:
    """How many linear pieces the sampled function (x, y) has.

    Sample finely enough that every piece spans at least two sampling intervals: then a
    kink inside an interval shows up as one interval whose slope lies between its
    neighbours', which is not counted as a piece of its own.
    """
    x = as_float_array(x, "x", "count_linear_pieces", ndim=(1,))
    y = as_float_array(y, "y", "count_linear_pieces", ndim=(1,))
    if x.shape != y.shape or x.shape[0] < 3:
        raise ValueError(f"count_linear_pieces: x and y must have the same length, at least 3, "
                         f"got {x.shape[0]} and {y.shape[0]}.")
    if np.any(np.diff(x) <= 0):
        raise ValueError("count_linear_pieces: x must be strictly increasing; sort it first.")
    slope = np.diff(y) / np.diff(x)
    tol = rtol * max(1.0, float(np.max(np.abs(slope))))
    starts = np.flatnonzero(np.r_[True, np.abs(np.diff(slope)) > tol])  # runs of equal slope
    lengths = np.diff(np.r_[starts, slope.shape[0]])
    run_slopes = slope[starts]
    pieces = 0
    for i, n in enumerate(lengths):
        if n >= 2:
            pieces += 1
            continue
        inside = 0 < i < len(lengths) - 1 and lengths[i - 1] >= 2 and lengths[i + 1] >= 2
        lo, hi = sorted((run_slopes[i - 1], run_slopes[i + 1])) if inside else (0.0, 0.0)
        if not (inside and lo - tol <= run_slopes[i] <= hi + tol):
            raise ValueError(f"count_linear_pieces: a piece near x = {x[starts[i]]:.4g} spans less than "
                             "two sampling intervals; sample more finely.")
    return pieces
