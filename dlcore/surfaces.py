"""Two-parameter loss surfaces with known gradients, for watching optimizers move.

Each :class:`Surface` evaluates on points of shape ``(..., 2)``, so the same
function draws a contour grid and scores a single point.

>>> bowl = quadratic(1.0, 10.0)
>>> float(bowl([1.0, 1.0])), bowl.grad([1.0, 1.0]).tolist()
(5.5, [1.0, 10.0])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple

import numpy as np

from ._validate import as_float_array, as_positive, as_real

__all__ = ["Bounds", "Surface", "quadratic", "rosenbrock", "saddle", "valley"]

Bounds = Tuple[Tuple[float, float], Tuple[float, float]]


@dataclass(frozen=True)
class Surface:
    """A function of two parameters with its gradient, plotting bounds and known minimum."""

    name: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    df: Callable[[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]
    bounds: Bounds
    minimum: Optional[Tuple[float, float]] = None

    def _xy(self, p: Any) -> Tuple[np.ndarray, np.ndarray]:
        p = as_float_array(p, "p", f"Surface {self.name!r}", allow_inf=True)
        if p.shape[-1] != 2:
            raise ValueError(f"Surface {self.name!r}: points need 2 coordinates in the last axis, "
                             f"got shape {p.shape}.")
        return p[..., 0], p[..., 1]

    def __call__(self, p: Any) -> np.ndarray:
        """The loss at ``p`` (one point, or a grid of points)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self.f(*self._xy(p))

    def grad(self, p: Any) -> np.ndarray:
        """The gradient at ``p``, with the same shape as ``p``."""
        with np.errstate(over="ignore", invalid="ignore"):
            gx, gy = self.df(*self._xy(p))
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, n: int = 200) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, Y, Z) for a contour plot over the surface's bounds."""
        (x0, x1), (y0, y1) = self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return X, Y, self(np.stack([X, Y], axis=-1))


def quadratic(a: float = 1.0, b: float = 1.0) -> Surface:
    """The bowl (a x^2 + b y^2) / 2, whose curvatures along the axes are a and b.

    Gradient descent converges on it exactly when lr < 2 / max(a, b); the ratio
    max(a, b) / min(a, b) (the condition number) sets how slowly it does so.
    """
    a, b = as_positive(a, "a", "quadratic"), as_positive(b, "b", "quadratic")
    r = 1.5
    return Surface(f"quadratic({a:g}, {b:g})", lambda x, y: 0.5 * (a * x**2 + b * y**2),
                   lambda x, y: (a * x, b * y), ((-r, r), (-r, r)), (0.0, 0.0))


def valley(condition: float = 25.0, angle: float = 0.0) -> Surface:
    """A long, narrow quadratic valley: curvature 1 along its floor, ``condition`` across it.

    ``angle`` (degrees) rotates the valley, so it need not line up with the axes.
    """
    condition = as_positive(condition, "condition", "valley")
    t = np.radians(as_real(angle, "angle", "valley"))
    c, s = np.cos(t), np.sin(t)

    def f(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        u, v = c * x + s * y, -s * x + c * y
        return 0.5 * (u**2 + condition * v**2)

    def df(x: np.ndarray, y: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        u, v = c * x + s * y, -s * x + c * y
        gu, gv = u, condition * v
        return c * gu - s * gv, s * gu + c * gv

    return Surface(f"valley({condition:g})", f, df, ((-2.5, 2.5), (-1.5, 1.5)), (0.0, 0.0))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """Rosenbrock's banana (a - x)^2 + b (y - x^2)^2, minimum at (a, a^2): a classic hard case."""
    a, b = as_real(a, "a", "rosenbrock"), as_positive(b, "b", "rosenbrock")
    return Surface("rosenbrock", lambda x, y: (a - x) ** 2 + b * (y - x**2) ** 2,
                   lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)),
                   ((-2.0, 2.0), (-1.0, 3.0)), (a, a * a))


def saddle() -> Surface:
    """x^2 / 2 - y^2 / 2 + y^4 / 4: a saddle point at the origin between minima at (0, +-1)."""
    return Surface("saddle", lambda x, y: 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4,
                   lambda x, y: (x, -y + y**3), ((-1.5, 1.5), (-1.6, 1.6)), (0.0, 1.0))
