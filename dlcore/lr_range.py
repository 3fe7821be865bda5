"""The learning-rate range test: one short run with a rate that grows at every step.

Start with a tiny learning rate and multiply it by the same factor after every step,
recording the loss. While the rate is too small, the loss hardly moves; then it falls
fast; past the largest rate the model tolerates, it turns up and blows up. One run
thus sketches the whole sweep, and a good rate lies on the steep fall, well below the
blow-up (Smith, 2017, who raised the rate linearly; growing it geometrically, as here,
gives every decade of rates the same number of steps).

>>> curvature = 4.0                  # a bowl (lambda / 2) w^2: stable while lr < 2 / lambda = 0.5
>>> w = [1.0]
>>> def step(lr):
...     loss = 0.5 * curvature * w[0] ** 2
...     w[0] -= lr * curvature * w[0]
...     return loss
>>> test = range_test(step, lr_min=1e-3, lr_max=10.0, steps=80)
>>> test.stopped_early, bool(0.5 < test.rates[-1] < 5)  # it stopped soon after passing 2 / lambda
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validate import as_fraction, as_int, as_positive, as_real

__all__ = ["RangeTest", "range_test"]


@dataclass(frozen=True)
class RangeTest:
    """The record of :func:`range_test`: the rate and loss at every step it ran.

    ``losses[k]`` is the loss measured at the step taken with ``rates[k]``; ``smoothed`` is
    its exponential moving average (bias-corrected, as in Adam), which steadies a noisy curve.
    """

    rates: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_early: bool

    @property
    def lowest_rate(self) -> float:
        """The rate at which the smoothed loss was lowest: past it, the run stops improving."""
        return float(self.rates[int(np.argmin(self.smoothed))])

    @property
    def steepest_rate(self) -> float:
        """The rate at which the smoothed loss fell fastest per factor of rate, before its lowest point."""
        end = int(np.argmin(self.smoothed)) + 1
        if end < 3:
            return float(self.rates[0])
        slope = np.gradient(np.log(self.smoothed[:end]), np.log(self.rates[:end]))
        return float(self.rates[int(np.argmin(slope))])

    def suggestion(self, fraction: float = 1 / 3) -> float:
        """A rate to train with: ``fraction`` of :attr:`lowest_rate` (a third by default).

        The lowest point is already past the largest stable rate, since the loss reacts to a
        rate only a few steps after it is used. Smith (2017) finds the best rate usually within
        a factor of two of the largest one that converges; a third of the lowest point allows
        for both. A tenth is a more cautious choice.
        """
        fraction = as_positive(fraction, "fraction", "RangeTest.suggestion")
        if fraction > 1:
            raise ValueError(f"RangeTest.suggestion: fraction must be at most 1, got {fraction}.")
        return fraction * self.lowest_rate


def range_test(step: Callable[[float], float], *, lr_min: float, lr_max: float, steps: int,
               smoothing: float = 0.7, stop_factor: float = 4.0) -> RangeTest:
    """Call ``step(lr)`` with rates growing geometrically from ``lr_min`` to ``lr_max``.

    ``step`` takes one training step at the rate it is given and returns the loss it measured
    (a float). The test stops early once the smoothed loss exceeds ``stop_factor`` times its
    lowest value, or the loss is no longer finite: the rate has passed the blow-up.
    """
    if not callable(step):
        raise TypeError(f"range_test: step must be a function step(lr) -> loss, got {type(step).__name__}.")
    lr_min = as_positive(lr_min, "lr_min", "range_test")
    lr_max = as_positive(lr_max, "lr_max", "range_test")
    if lr_max <= lr_min:
        raise ValueError(f"range_test: lr_max ({lr_max}) must be larger than lr_min ({lr_min}).")
    steps = as_int(steps, "steps", "range_test", minimum=3)
    smoothing = as_fraction(smoothing, "smoothing", "range_test")
    stop_factor = as_positive(stop_factor, "stop_factor", "range_test")
    if stop_factor <= 1:
        raise ValueError(f"range_test: stop_factor must be above 1, got {stop_factor}.")
    schedule = np.geomspace(lr_min, lr_max, steps)
    rates, raw, smooth = [], [], []
    average, stopped = 0.0, False
    with np.errstate(all="ignore"):
        for k, lr in enumerate(schedule):
            value = step(float(lr))
            if isinstance(value, (float, np.floating)) and not np.isfinite(value):
                stopped = True  # NaN or inf: the run has blown up
                break
            loss = as_real(value, "the loss step(lr) returned", "range_test")
            if loss > 1e300:
                stopped = True
                break
            average = smoothing * average + (1 - smoothing) * loss
            rates.append(float(lr))
            raw.append(loss)
            smooth.append(average / (1 - smoothing ** (k + 1)))
            if smooth[-1] > stop_factor * min(smooth):
                stopped = True
                break
    if len(rates) < 2:
        raise ValueError("range_test: the loss was not finite after the first step; lower lr_min.")
    return RangeTest(np.array(rates), np.array(raw), np.array(smooth), stopped)
