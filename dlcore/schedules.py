"""Learning-rate schedules: the learning rate as a function of the step number.

Each function returns the rate for one step (or an array of steps) and is pure,
so it can be plotted, tested, or fed to an optimizer by setting ``opt.lr``.

>>> [float(step_decay(s, lr=0.1, drop=0.5, every=10)) for s in (0, 9, 10, 25)]
[0.1, 0.1, 0.05, 0.025]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_float_array, as_int, as_positive, as_real

__all__ = ["cosine", "step_decay", "warmup"]


def _steps(step: Any, where: str) -> np.ndarray:
    s = as_float_array(step, "step", where)
    if np.any(s < 0) or np.any(s != np.round(s)):
        raise ValueError(f"{where}: step must be a whole number >= 0.")
    return s


def step_decay(step: Any, *, lr: float, drop: float = 0.1, every: int = 30) -> np.ndarray:
    """lr * drop^floor(step / every): hold the rate, then cut it by a factor at fixed intervals."""
    s = _steps(step, "step_decay")
    lr = as_positive(lr, "lr", "step_decay")
    drop = as_positive(drop, "drop", "step_decay")
    every = as_int(every, "every", "step_decay", minimum=1)
    return lr * drop ** np.floor(s / every)


def cosine(step: Any, *, lr: float, total: int, lr_min: float = 0.0) -> np.ndarray:
    """lr_min + (lr - lr_min) (1 + cos(pi t / total)) / 2: a smooth glide from lr to lr_min (Loshchilov & Hutter, 2017)."""
    s = _steps(step, "cosine")
    lr = as_positive(lr, "lr", "cosine")
    total = as_int(total, "total", "cosine", minimum=1)
    lr_min = as_real(lr_min, "lr_min", "cosine")
    if not 0 <= lr_min <= lr:
        raise ValueError(f"cosine: lr_min must lie in [0, lr] = [0, {lr}], got {lr_min}.")
    t = np.minimum(s, total)
    return lr_min + (lr - lr_min) * 0.5 * (1 + np.cos(np.pi * t / total))


def warmup(step: Any, *, lr: float, warmup_steps: int, total: int) -> np.ndarray:
    """Linear warm-up from 0 to lr over ``warmup_steps``, then cosine decay to 0 at ``total``."""
    s = _steps(step, "warmup")
    lr = as_positive(lr, "lr", "warmup")
    warmup_steps = as_int(warmup_steps, "warmup_steps", "warmup", minimum=1)
    total = as_int(total, "total", "warmup", minimum=1)
    if warmup_steps >= total:
        raise ValueError(f"warmup: warmup_steps ({warmup_steps}) must be smaller than total ({total}).")
    ramp = lr * np.minimum(s + 1, warmup_steps) / warmup_steps
    decay = cosine(np.maximum(s - warmup_steps, 0), lr=lr, total=total - warmup_steps)
    return np.where(s < warmup_steps, ramp, decay)
