"""Experiments over seeds: a mean, a confidence interval, and Welch's t-test between two settings.

One training run is one draw from a distribution: another seed gives another initialization,
another shuffle, another result. To compare two settings honestly, run each over several seeds
and ask whether the difference of the means is large against the spread:

>>> def score(seed, lr):
...     return lr + np.random.default_rng(seed).normal(0, 0.1)
>>> sweep = over_seeds(score, seeds=range(8), lr=[0.1, 1.0])
>>> sweep.summary(lr=1.0).mean > sweep.summary(lr=0.1).mean
True
>>> welch(sweep.values(lr=1.0), sweep.values(lr=0.1)).p < 0.001
True

The t distribution is computed here from its definition (a regularized incomplete beta
function), so dlcore needs no scipy; the tests compare it with scipy.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Sequence

import numpy as np

from ._validate import as_float_array, as_int, as_positive

__all__ = ["Summary", "Welch", "Sweep", "summarize", "welch", "over_seeds", "t_cdf", "t_quantile"]


def _betainc(a: float, b: float, x: float, y: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction.

    ``y`` is 1 - x, passed separately because computing it from x near 1 loses precision.
    """
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast only below this point
        return 1.0 - _betainc(b, a, y, x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return math.exp(log_front) * h / a


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t distribution with ``df`` degrees of freedom.

    >>> round(t_cdf(0.0, 5), 6), round(t_cdf(2.015, 5), 3)
    (0.5, 0.95)
    """
    df = as_positive(df, "df", "t_cdf")
    tail = 0.5 * _betainc(df / 2, 0.5, df / (df + t * t), t * t / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(q: float, df: float) -> float:
    """The t with P(T <= t) = q, found by bisection on :func:`t_cdf`.

    >>> round(t_quantile(0.975, 4), 3)
    2.776
    """
    if not 0 < q < 1:
        raise ValueError(f"t_quantile: q must be strictly between 0 and 1, got {q}.")
    lo, hi = -1.0, 1.0
    while t_cdf(lo, df) > q:
        lo *= 2
    while t_cdf(hi, df) < q:
        hi *= 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if t_cdf(mid, df) < q else (lo, mid)
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Summary:
    """The mean of ``n`` runs and a ``confidence`` interval for it, ``low`` to ``high``."""

    n: int
    mean: float
    std: float
    low: float
    high: float
    confidence: float

    def __str__(self) -> str:
        pct = f"{self.confidence:.0%}"
        return f"{self.mean:.4g} ({pct} CI {self.low:.4g} to {self.high:.4g}, n = {self.n})"


def _values(x: Any, name: str, where: str) -> np.ndarray:
    values = as_float_array(x, name, where, ndim=(1,)).astype(np.float64)
    if values.size < 2:
        raise ValueError(f"{where}: {name} has {values.size} value; a spread needs at least 2 runs.")
    return values


def summarize(values: Any, *, confidence: float = 0.95) -> Summary:
    """Mean and t-based confidence interval, mean ± t · s / √n, of independent runs.

    >>> str(summarize([1.0, 2.0, 3.0]))
    '2 (95% CI -0.4841 to 4.484, n = 3)'
    """
    v = _values(values, "values", "summarize")
    if not 0 < confidence < 1:
        raise ValueError(f"summarize: confidence must be between 0 and 1, got {confidence}.")
    n, mean, std = v.size, float(v.mean()), float(v.std(ddof=1))
    half = t_quantile(0.5 + confidence / 2, n - 1) * std / math.sqrt(n)
    return Summary(n, mean, std, mean - half, mean + half, confidence)


@dataclass(frozen=True)
class Welch:
    """Welch's two-sample t-test: the statistic, its degrees of freedom and the two-sided p-value."""

    difference: float
    t: float
    df: float
    p: float


def welch(a: Any, b: Any) -> Welch:
    """Test whether runs ``a`` and ``b`` have different means, without assuming equal variances.

    t = (ā − b̄) / √(s²_a/n_a + s²_b/n_b), with the Welch–Satterthwaite degrees of freedom.
    A small p says a difference this large would rarely arise by chance from equal means.
    """
    a, b = _values(a, "a", "welch"), _values(b, "b", "welch")
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    difference = float(a.mean() - b.mean())
    if va + vb == 0:
        same = difference == 0
        return Welch(difference, 0.0 if same else math.copysign(math.inf, difference), math.inf, 1.0 if same else 0.0)
    t = difference / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    return Welch(difference, t, df, 2 * t_cdf(-abs(t), df))


class Sweep:
    """The results of :func:`over_seeds`: one value per setting and seed."""

    def __init__(self, names: List[str], settings: List[Dict[str, Any]], seeds: List[int],
                 results: np.ndarray) -> None:
        self.names, self.settings, self.seeds, self.results = names, settings, seeds, results

    def _row(self, setting: Dict[str, Any]) -> int:
        if set(setting) != set(self.names):
            raise ValueError(f"Sweep: name a value for each of {self.names}, got {sorted(setting)}.")
        for i, s in enumerate(self.settings):
            if all(s[k] == v for k, v in setting.items()):
                return i
        raise ValueError(f"Sweep: {setting} was not one of the settings run.")

    def values(self, **setting: Any) -> np.ndarray:
        """One value per seed for ``setting``."""
        return self.results[self._row(setting)]

    def summary(self, confidence: float = 0.95, **setting: Any) -> Summary:
        """Mean and confidence interval over the seeds for ``setting``."""
        return summarize(self.values(**setting), confidence=confidence)

    def means(self) -> np.ndarray:
        """The mean over seeds of every setting, shaped like the grid of settings."""
        shape = [len({s[k] for s in self.settings}) for k in self.names]
        return self.results.mean(axis=1).reshape(shape)

    def table(self) -> str:
        """One line per setting: its values and the summary over seeds."""
        return "\n".join(", ".join(f"{k} = {s[k]}" for k in self.names) + f": {summarize(row)}"
                         for s, row in zip(self.settings, self.results))


def over_seeds(fn: Callable[..., float], seeds: Iterable[int], **grid: Sequence[Any]) -> Sweep:
    """Call ``fn(seed=s, **setting)`` for every seed and every setting of the ``grid``.

    Each keyword is a list of values; the settings are all their combinations. ``fn`` returns
    one number (a test accuracy, a final loss). A non-finite result, a diverged run, is kept
    as inf or NaN, so that a summary shows it rather than hides it.
    """
    if not callable(fn):
        raise TypeError(f"over_seeds: fn must be a function of seed=..., got {type(fn).__name__}.")
    seed_list = [as_int(s, "seed", "over_seeds") for s in seeds]
    if len(seed_list) < 2:
        raise ValueError(f"over_seeds: give at least 2 seeds to measure a spread, got {len(seed_list)}.")
    for name, options in grid.items():
        if isinstance(options, (str, bytes)) or not hasattr(options, "__len__") or len(options) == 0:
            raise ValueError(f"over_seeds: {name} must be a non-empty list of values, got {options!r}.")
    names = list(grid)
    settings = [dict(zip(names, combo)) for combo in itertools.product(*grid.values())]
    results = np.empty((len(settings), len(seed_list)))
    for i, setting in enumerate(settings):
        for j, seed in enumerate(seed_list):
            value = fn(seed=seed, **setting)
            try:
                results[i, j] = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"over_seeds: fn must return one number, got {type(value).__name__} "
                                f"for seed {seed}, {setting}.") from None
    return Sweep(names, settings, seed_list, results)
