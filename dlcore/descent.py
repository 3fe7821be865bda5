"""Optimizer paths on two-parameter surfaces, and the regime a run falls into.

The regime of a run on a quadratic bowl follows from theory: each step multiplies the
distance to the minimum by 1 − ηλ along a direction of curvature λ (:func:`bowl_regime`).
On a network, whose curvature is unknown, :func:`loss_regime` reads the loss curve instead.

The paths are made by the very optimizers of :mod:`dlcore.optim` (the same update
rules as torch.optim), fed with the surface's exact gradient, so what the
pictures show is what training a network does, one parameter pair at a time.

>>> from dlcore.surfaces import quadratic
>>> path = descend(quadratic(1.0, 1.0), [1.0, 1.0], lr=0.5, steps=20)
>>> regime(path)
'good'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Sequence

import numpy as np

from . import optim
from ._validate import as_float_array, as_fraction, as_int, as_nonnegative, as_positive, as_rng
from .surfaces import Surface
from .tensor import Tensor

__all__ = ["BLOWUP", "REGIMES", "Path", "descend", "regime", "direction_regime", "bowl_regime",
           "max_stable_lr", "loss_regime"]

#: Loss values beyond this count as divergence, before they overflow to inf.
BLOWUP = 1e12

#: The regimes of gradient descent on a bowl, in the order a growing learning rate meets them.
REGIMES = ("too slow", "good", "oscillating but converging", "diverged")


@dataclass
class Path:
    """The points an optimizer visited and the loss at each; ``points[0]`` is the start."""

    points: np.ndarray
    losses: np.ndarray
    diverged_at: Optional[int] = None

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def _make(name: str, param: Tensor, lr: float, hyper: Dict[str, Any]) -> optim.Optimizer:
    if name == "gd":
        return optim.SGD([param], lr=lr, **hyper)
    if name == "momentum":
        return optim.SGD([param], lr=lr, momentum=hyper.pop("momentum", 0.9), **hyper)
    if name == "nesterov":
        return optim.SGD([param], lr=lr, momentum=hyper.pop("momentum", 0.9), nesterov=True, **hyper)
    if name == "rmsprop":
        return optim.RMSprop([param], lr=lr, **hyper)
    if name == "adam":
        return optim.Adam([param], lr=lr, **hyper)
    raise ValueError(f"descend: unknown optimizer {name!r}; choose gd, momentum, nesterov, rmsprop or adam.")


def descend(surface: Surface, start: Any, *, lr: float, steps: int, optimizer: str = "gd",
            noise: float = 0.0, seed: Any = 0, **hyper: Any) -> Path:
    """Run ``steps`` updates of ``optimizer`` from ``start`` on ``surface``.

    ``noise`` adds Gaussian noise of that standard deviation to every gradient, a
    stand-in for the randomness of minibatches. A run whose loss passes ``BLOWUP``
    or turns NaN stops there; the path then ends at the last finite point.
    """
    if not isinstance(surface, Surface):
        raise TypeError(f"descend: surface must be a dlcore.surfaces.Surface, got {type(surface).__name__}.")
    start = as_float_array(start, "start", "descend", ndim=(1,))
    if start.shape != (2,):
        raise ValueError(f"descend: start must be a point (x, y), got shape {start.shape}.")
    lr = as_positive(lr, "lr (the learning rate)", "descend")
    steps = as_int(steps, "steps", "descend", minimum=1)
    noise = as_nonnegative(noise, "noise", "descend")
    rng = as_rng(seed, "descend")
    param = Tensor(start.astype(np.float64), requires_grad=True, dtype=np.float64)
    opt = _make(optimizer, param, lr, dict(hyper))
    points, losses = [start.copy()], [float(surface(start))]
    diverged_at = None
    with np.errstate(all="ignore"):
        for k in range(steps):
            grad = surface.grad(param.data) + (rng.normal(0.0, noise, 2) if noise else 0.0)
            param.grad = np.asarray(grad, dtype=np.float64)
            opt.step()
            loss = float(surface(param.data))
            if not np.isfinite(loss) or abs(loss) > BLOWUP or not np.all(np.isfinite(param.data)):
                diverged_at = k + 1
                break
            points.append(param.data.copy())
            losses.append(loss)
    return Path(np.array(points), np.array(losses), diverged_at)


def regime(path: Path, *, tol: float = 1e-3) -> str:
    """Name what a run did on a surface whose minimum loss is 0, from its path alone.

    * ``"diverged"``: the loss blew up, or ended above where it started;
    * ``"oscillating but converging"``: most steps reverse the one before (a zig-zag), yet the loss fell;
    * ``"too slow"``: it still has more than ``tol`` of its starting loss left;
    * ``"good"``: otherwise, a steady approach to the minimum.

    When the curvatures are known, :func:`bowl_regime` says the same from theory.
    """
    if not isinstance(path, Path):
        raise TypeError(f"regime: expected a Path from descend(), got {type(path).__name__}.")
    tol = as_positive(tol, "tol", "regime")
    if path.diverged or path.losses[-1] > path.losses[0]:
        return "diverged"
    moves = np.diff(path.points, axis=0)
    moves = moves[np.linalg.norm(moves, axis=1) > 1e-12]
    if len(moves) >= 2:
        reversals = np.einsum("ij,ij->i", moves[:-1], moves[1:]) < 0
        if reversals.mean() > 0.5:
            return "oscillating but converging"
    if path.losses[-1] > tol * path.losses[0]:
        return "too slow"
    return "good"


def direction_regime(lr: float, curvature: float, *, steps: int, tol: float = 1e-3) -> str:
    """What gradient descent does along one direction of curvature λ, read off the factor 1 − ηλ.

    Each step multiplies the distance to the minimum by 1 − ηλ, and the loss by its square:

    * ``"diverged"`` if |1 − ηλ| ≥ 1 (ηλ ≥ 2; at exactly 2 it bounces between two points forever);
    * ``"oscillating but converging"`` if 1 < ηλ < 2: every step overshoots, by less each time;
    * ``"too slow"`` if (1 − ηλ)^(2 steps) > ``tol``: after ``steps`` steps that much loss is left;
    * ``"good"`` otherwise.

    >>> [direction_regime(lr, 1.0, steps=50) for lr in (0.01, 0.5, 1.5, 2.5)]
    ['too slow', 'good', 'oscillating but converging', 'diverged']
    """
    lr = as_positive(lr, "lr (the learning rate)", "direction_regime")
    curvature = as_positive(curvature, "curvature", "direction_regime")
    steps = as_int(steps, "steps", "direction_regime", minimum=1)
    tol = as_positive(tol, "tol", "direction_regime")
    factor = 1.0 - lr * curvature
    if abs(factor) >= 1.0:
        return "diverged"
    if factor < 0.0:
        return "oscillating but converging"
    return "too slow" if factor ** (2 * steps) > tol else "good"


def bowl_regime(lr: float, curvatures: Sequence[float], *, steps: int, tol: float = 1e-3) -> str:
    """The regime of a run on a quadratic bowl, from the factor 1 − ηλ of each of its curvatures.

    The worst direction names the run: ``"diverged"`` if any direction diverges, else
    ``"too slow"`` if any has not converged within ``steps``, else ``"oscillating but
    converging"`` if any overshoots, else ``"good"`` (see :func:`direction_regime`).

    >>> bowl_regime(1.5, [0.1, 1.0], steps=100)
    'oscillating but converging'
    """
    if isinstance(curvatures, (str, bytes)) or not hasattr(curvatures, "__len__") or len(curvatures) == 0:
        raise TypeError(f"bowl_regime: curvatures must be a non-empty list of numbers, got {curvatures!r}.")
    labels = {direction_regime(lr, c, steps=steps, tol=tol) for c in curvatures}
    for label in ("diverged", "too slow", "oscillating but converging"):
        if label in labels:
            return label
    return "good"


def max_stable_lr(curvature: float, momentum: float = 0.0) -> float:
    """The largest rate at which (heavy-ball) gradient descent converges on curvature λ: 2(1 + β)/λ.

    Momentum's update has the characteristic equation z² − (1 + β − ηλ) z + β = 0, whose roots
    stay inside the unit circle exactly when 0 < ηλ < 2(1 + β); with β = 0 this is plain GD's 2/λ.

    >>> max_stable_lr(25.0), round(max_stable_lr(25.0, momentum=0.9), 3)
    (0.08, 0.152)
    """
    curvature = as_positive(curvature, "curvature", "max_stable_lr")
    momentum = as_fraction(momentum, "momentum", "max_stable_lr")
    return 2.0 * (1.0 + momentum) / curvature


def loss_regime(losses: Any, *, reference: Optional[float] = None, blowup: float = BLOWUP) -> str:
    """Name what a training run did from its loss curve alone, by its level and its trend.

    Where the curvature is unknown (a network), read the curve. In this order:

    * ``"diverged"``: the loss turned NaN/inf, passed ``blowup``, or ended above 1.5 times its start;
    * ``"stalled"``: it ended above half its start and its last quarter is flat (within 1%),
      as when every ReLU has died;
    * ``"oscillating but converging"``: its climbs add up to more than a factor of 2 (the log
      loss rose by more than ln 2 in total), yet it converged (below);
    * ``"unstable"``: it climbs that much and did not converge;
    * ``"good"``: a steady fall that converged; ``"too slow"``: a steady fall that did not;
      a smooth curve that ended above its start is ``"diverged"`` too.

    "Converged" means ending within 3 times ``reference`` (e.g. the best loss of a sweep), or
    below a tenth of the starting loss when no reference is given.

    >>> loss_regime([1.0, 0.5, 0.2, 0.05]), loss_regime([1.0, 0.9, 0.8, 0.7])
    ('good', 'too slow')
    """
    curve = np.asarray(losses, dtype=np.float64)
    if curve.ndim != 1 or curve.size < 2:
        raise ValueError(f"loss_regime: need a 1-D loss curve with at least 2 values, got shape {curve.shape}.")
    blowup = as_positive(blowup, "blowup", "loss_regime")
    if reference is not None:
        reference = as_positive(reference, "reference (a loss level, e.g. the sweep's best)", "loss_regime")
    start, end = curve[0], curve[-1]
    if not np.all(np.isfinite(curve)) or curve.max() > blowup or end > 1.5 * start:
        return "diverged"
    if start <= 0:
        raise ValueError(f"loss_regime: the curve must start at a positive loss, got {start}.")
    tail = curve[-max(2, curve.size // 4):]
    if end > 0.5 * start and tail.max() - tail.min() <= 0.01 * tail[0]:
        return "stalled"
    converged = end <= 3.0 * reference if reference is not None else end <= 0.1 * start
    with np.errstate(divide="ignore"):
        climb = np.sum(np.maximum(np.diff(np.log(np.maximum(curve, 1e-300))), 0.0))
    if climb > np.log(2.0):
        return "oscillating but converging" if converged else "unstable"
    if end >= start:
        return "diverged"
    return "good" if converged else "too slow"
