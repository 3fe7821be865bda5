"""The grading engine behind every exercise checker.

A grader runs the learner's function on a list of :class:`Case` inputs, with
numpy overflow and invalid-value warnings turned into errors, and prints one
of three verdicts:

* pass: every case matched the reference;
* not yet implemented: the function still raises ``NotImplementedError``;
* a hint: the first failing case, its input, the expected and actual values.

It never raises on a wrong answer, so an exercise cell can't stop a notebook,
unless ``must_pass=True`` (used by the shipped solutions, so nbval catches a
wrong solution).
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

import numpy as np

__all__ = ["Case", "ExerciseFailed", "Result", "compare", "grade", "not_implemented"]


class ExerciseFailed(AssertionError):
    """Raised by a grader called with ``must_pass=True`` when the answer is wrong."""


@dataclass
class Case:
    """One input to try: positional ``args``, the ``expected`` output and what it probes."""

    args: Tuple[Any, ...]
    expected: Any
    probe: str = ""
    hint: str = ""
    kwargs: Dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    """A grader's verdict. It is truthy exactly when the exercise passed."""

    exercise: str
    status: str  # "passed", "not implemented" or "failed"
    message: str
    shown: bool = field(default=False, repr=False)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        # The grader already printed the verdict; as a cell's last value, don't repeat it.
        if not self.shown:
            print(self.message)


def _show(x: Any) -> str:
    if isinstance(x, np.ndarray):
        text = np.array2string(x, precision=6, threshold=12, edgeitems=3)
        return f"{text}  (array, shape {x.shape}, dtype {x.dtype})"
    if isinstance(x, np.generic):
        return f"{x!r}"
    return repr(x)


def compare(expected: Any, got: Any, *, rtol: float = 1e-6, atol: float = 1e-9,
            check_dtype: bool = False) -> Optional[str]:
    """Return ``None`` if ``got`` matches ``expected``, else a sentence saying how it differs."""
    if got is None:
        return "your function returned None: did you forget the `return`?"
    try:
        got_arr = np.asarray(got, dtype=np.float64) if not isinstance(got, np.ndarray) else got
        exp_arr = np.asarray(expected)
        if got_arr.shape != exp_arr.shape:
            return f"the shape is {got_arr.shape}, expected {exp_arr.shape}"
        if check_dtype and exp_arr.dtype.kind == "f" and np.asarray(got).dtype != exp_arr.dtype:
            return f"the dtype is {np.asarray(got).dtype}, expected {exp_arr.dtype} (keep the input's dtype)"
        got_f = np.asarray(got_arr, dtype=np.float64)
    except (TypeError, ValueError):
        return f"the result is a {type(got).__name__}, which is not a number or array of numbers"
    if np.any(np.isnan(got_f)):
        return "the result contains NaN"
    if not np.allclose(got_f, np.asarray(exp_arr, dtype=np.float64), rtol=rtol, atol=atol):
        return "the values differ"
    return None


def grade(exercise: str, fn: Any, cases: Sequence[Case], *, hint: str = "", must_pass: bool = False,
          rtol: float = 1e-6, atol: float = 1e-9, check_dtype: bool = False,
          verbose: bool = True) -> Result:
    """Run ``fn`` on ``cases`` and report (see the module docstring)."""
    if not callable(fn):
        result = Result(exercise, "failed", f"✘ {exercise}: expected a function, got {type(fn).__name__}. "
                                            "Pass the function itself, without calling it.")
        return _finish(result, must_pass, verbose)
    for n, case in enumerate(cases, start=1):
        problem, got = _run(fn, case)
        if problem == "not implemented":
            result = Result(exercise, "not implemented",
                            f"… {exercise}: not yet implemented. Replace `raise NotImplementedError` "
                            "with your code and run the cell again.")
            return _finish(result, must_pass, verbose)
        if problem is None:
            problem = compare(case.expected, got, rtol=rtol, atol=atol, check_dtype=check_dtype)
        if problem is not None:
            shown_args = ", ".join(_show(a) for a in case.args)
            lines = [f"✘ {exercise}: check {n} of {len(cases)} failed"
                     + (f" ({case.probe})." if case.probe else "."),
                     f"   input:    {shown_args}",
                     f"   expected: {_show(case.expected)}",
                     f"   got:      {got if isinstance(got, str) and problem.startswith('it raised') else _show(got)}",
                     f"   problem:  {problem}"]
            if case.hint or hint:
                lines.append(f"   hint:     {case.hint or hint}")
            return _finish(Result(exercise, "failed", "\n".join(lines)), must_pass, verbose)
    return _finish(Result(exercise, "passed", f"✔ {exercise}: passed all {len(cases)} checks."),
                   must_pass, verbose)


def not_implemented(exercise: str, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """The verdict for an exercise whose answer is still a placeholder (e.g. ``None``)."""
    return _finish(Result(exercise, "not implemented",
                          f"… {exercise}: not yet implemented. Replace the placeholders with your answer "
                          "and run the cell again."), must_pass, verbose)


def _run(fn: Callable[..., Any], case: Case) -> Tuple[Optional[str], Any]:
    args = copy.deepcopy(case.args)
    try:
        with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
            warnings.simplefilter("error", RuntimeWarning)
            return None, fn(*args, **copy.deepcopy(case.kwargs))
    except NotImplementedError:
        return "not implemented", None
    except (FloatingPointError, OverflowError, RuntimeWarning) as exc:
        return (f"it raised a numerical error ({type(exc).__name__}: {exc}): an intermediate value "
                "overflowed or became NaN"), f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - any error in learner code becomes a hint
        return f"it raised {type(exc).__name__}: {exc}", f"{type(exc).__name__}: {exc}"


def _finish(result: Result, must_pass: bool, verbose: bool) -> Result:
    if verbose:
        print(result.message)
        result.shown = True
    if must_pass and not result.passed:
        raise ExerciseFailed(result.message)
    return result
