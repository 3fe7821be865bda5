"""Optimizer paths on two-parameter surfaces, and the regime a run falls into.

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
from typing import Any, Dict, Optional

import numpy as np

from . import optim
from ._validate import as_float_array, as_int, as_nonnegative, as_positive, as_rng
from .surfaces import Surface
from .tensor import Tensor

#: Loss values beyond this count as divergence, before they overflow to inf.
BLOWUP = 1e12


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
    """Name what a run did on a surface whose minimum loss is 0.

    * ``"diverged"``: the loss blew up, or ended above where it started;
    * ``"oscillating"``: most steps reverse the direction of the one before (zig-zag);
    * ``"too slow"``: it still has more than ``tol`` of its starting loss left;
    * ``"good"``: otherwise, a steady approach to the minimum.
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
            return "oscillating"
    if path.losses[-1] > tol * path.losses[0]:
        return "too slow"
    return "good"


def loss_regime(losses: Any, *, slow: float = 0.5, blowup: float = BLOWUP) -> str:
    """Name what a training run did from its loss curve alone (minimum loss near 0 assumed).

    ``"diverged"`` if the loss turned NaN/inf, passed ``blowup`` or ended above its start;
    ``"oscillating"`` if more than a fifth of the steps increased it; ``"too slow"`` if it
    kept more than ``slow`` of its starting value; otherwise ``"good"``.
    """
    curve = np.asarray(losses, dtype=np.float64)
    if curve.ndim != 1 or curve.size < 2:
        raise ValueError(f"loss_regime: need a 1-D loss curve with at least 2 values, got shape {curve.shape}.")
    slow = as_positive(slow, "slow", "loss_regime")
    if not np.all(np.isfinite(curve)) or curve.max() > blowup or curve[-1] > curve[0]:
        return "diverged"
    if np.mean(np.diff(curve) > 0) > 0.2:
        return "oscillating"
    if curve[-1] > slow * curve[0]:
        return "too slow"
    return "good"
