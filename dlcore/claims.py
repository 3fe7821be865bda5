"""Hidden checks that back the numbers in the prose, without crashing a learner.

Every quantitative sentence in a chapter is backed by a :func:`claim` in a cell
that the website hides. What happens when a claim is false depends on who runs it:

- **The book build, nbval and CI** set ``DLCORE_STRICT=1`` (the Makefile does,
  and so does a ``CI`` variable). A false claim raises :class:`ClaimFailed`,
  naming the sentence and the measured value, so the build fails the day a
  sentence stops being true.
- **A learner's own session** (Jupyter, Colab) sets nothing. A false claim then
  prints one friendly line and the notebook keeps running: a learner who
  changes a seed or a learning rate is exploring, not breaking the book.

>>> claim(2 + 2 == 4, "two and two make four", measured=2 + 2)
True

Training outcomes differ from machine to machine (CPU kernels, BLAS, threads,
GPUs, library releases), so a claim about one should hold with a margin, as
an ordering with room to spare, or as an aggregate over seeds.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

import numpy as np

__all__ = ["ClaimFailed", "claim", "strict"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ClaimFailed(AssertionError):
    """A sentence of the book is not true for this run (raised in strict mode only)."""


def strict() -> bool:
    """Whether a false claim raises: ``DLCORE_STRICT`` if set, else whether ``CI`` is set."""
    setting = os.environ.get("DLCORE_STRICT")
    if setting is not None:
        value = setting.strip().lower()
        if value not in _TRUE | _FALSE:
            raise ValueError(f"DLCORE_STRICT must be 1 or 0, got {setting!r}.")
        return value in _TRUE
    return os.environ.get("CI", "").strip().lower() in _TRUE


def _show(value: Any) -> str:
    """A short, readable rendering of a measured value."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items())
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=12, separator=", ")
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float, np.number)) for v in value):
        inner = ", ".join(_show(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def claim(condition: Any, text: str, *, measured: Any = None) -> bool:
    """Check that the sentence ``text`` holds for this run; return whether it does.

    ``condition`` is the check (a bool, or a numpy bool); ``text`` quotes the
    sentence of the book it backs; ``measured`` is what this run measured, shown
    when the claim is false. In strict mode a false claim raises
    :class:`ClaimFailed`; otherwise it prints one line and returns False.
    """
    if not isinstance(text, str) or not text.strip():
        raise TypeError(f"claim: text must quote the sentence the check backs, got {text!r}.")
    if isinstance(condition, np.ndarray):
        if condition.size != 1:
            raise TypeError(f"claim: condition must be one truth value, got an array of shape "
                            f"{condition.shape}; wrap it in np.all(...) or np.any(...).")
        condition = condition.item()
    if not isinstance(condition, (bool, np.bool_)):
        raise TypeError(f"claim: condition must be True or False, got {type(condition).__name__} "
                        f"{condition!r}; compare something, e.g. loss < 0.1.")
    if condition:
        return True
    seen = "" if measured is None else f" (this run measured {_show(measured)})"
    if strict():
        raise ClaimFailed(f"The book says \"{text}\", but it does not hold for this run{seen}. "
                          "Fix the chapter: make the claim hold with a margin on every machine, "
                          "or change what the text says.")
    gives = "" if measured is None else f", your run gives {_show(measured)}"
    print(f"Note: the text says \"{text}\"{gives}. That is probably because of your changes "
          "or your hardware; nothing is broken, so keep going.")
    return False
