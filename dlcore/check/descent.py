"""Graders for chapter 5, Gradient descent."""

from __future__ import annotations

from typing import Any, List, Sequence

import numpy as np

from .. import descent
from ._grader import Case, Result, _finish, grade, not_implemented

__all__ = ["BUGS", "MYSTERY", "PICK_CURVATURES", "adam_step", "diagnose_curves", "gradient_descent", "momentum_step", "pick_rate", "predict_regimes", "tanh_backward"]

_G = np.array([0.5, -1.0, 2.0])


def gradient_descent(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(grad, w0, lr, steps)`` runs plain gradient descent and returns the last iterate."""
    curv = np.array([1.0, 4.0])

    def grad(w: np.ndarray) -> np.ndarray:
        return curv * w

    def ref(w0: np.ndarray, lr: float, steps: int) -> np.ndarray:
        w = w0.copy()
        for _ in range(steps):
            w = w - lr * grad(w)
        return w

    w0 = np.array([1.0, -1.0])
    hint = "repeat w = w - lr * grad(w) exactly `steps` times and return w."
    cases = [Case((grad, w0.copy(), 0.1, 1), ref(w0, 0.1, 1), "one step", hint=hint),
             Case((grad, w0.copy(), 0.1, 25), ref(w0, 0.1, 25), "25 steps", hint=hint),
             Case((grad, w0.copy(), 0.6, 5), ref(w0, 0.6, 5), "a rate that oscillates on the steep axis", hint=hint),
             Case((grad, w0.copy(), 0.1, 0), w0.copy(), "zero steps return the start")]
    return grade("gradient_descent", fn, cases, must_pass=must_pass, verbose=verbose)


def momentum_step(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(w, v, g, lr, beta)`` returns torch.optim.SGD's heavy-ball update ``(w, v)``."""
    w, v = np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.0, -0.2])
    hint = "v_new = beta * v + g, then w_new = w - lr * v_new (the new velocity); return (w_new, v_new)."

    def pair(w_: np.ndarray, v_: np.ndarray, g: np.ndarray, lr: float, beta: float) -> np.ndarray:
        v_new = beta * v_ + g
        return np.stack([w_ - lr * v_new, v_new])

    cases = [Case((w.copy(), np.zeros(3), _G.copy(), 0.1, 0.9), pair(w, np.zeros(3), _G, 0.1, 0.9),
                  "first step, zero velocity", hint=hint),
             Case((w.copy(), v.copy(), _G.copy(), 0.1, 0.9), pair(w, v, _G, 0.1, 0.9), "with a velocity",
                  hint=hint),
             Case((w.copy(), v.copy(), _G.copy(), 0.05, 0.0), pair(w, v, _G, 0.05, 0.0), "beta = 0 is plain GD",
                  hint=hint)]
    return grade("momentum_step", lambda *a: np.stack(fn(*a)), cases, must_pass=must_pass, verbose=verbose)


def adam_step(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(w, m, v, g, t, lr, beta1, beta2, eps)`` returns Adam's update ``(w, m, v)``.

    The cases change every argument, so an answer that hard-codes 0.9, 0.999 or 1e-8 fails.
    """
    def ref(w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, t: int, lr: float,
            beta1: float, beta2: float, eps: float) -> np.ndarray:
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        return np.stack([w, m, v])

    w, z = np.array([1.0, -2.0, 0.5]), np.zeros(3)
    m, v = np.array([0.05, -0.1, 0.2]), np.array([0.01, 0.02, 0.003])
    hint = ("m and v are running means of g and g**2; divide them by (1 - beta1**t) and (1 - beta2**t) "
            "before the update w -= lr * m_hat / (sqrt(v_hat) + eps).")
    uses_args = "use the arguments beta1, beta2 and eps you are given, not the usual 0.9, 0.999 and 1e-8."
    settings = [((w, z, z, _G, 1, 0.01, 0.9, 0.999, 1e-8), "the first step: bias correction makes it lr * sign(g)",
                 hint),
                ((w, m, v, _G, 7, 0.01, 0.9, 0.999, 1e-8), "step 7 with running averages", hint),
                ((w, m, v, _G, 3, 0.05, 0.5, 0.9, 1e-8), "beta1 = 0.5 and beta2 = 0.9", uses_args),
                ((w, z, z, 1e-3 * _G, 2, 0.1, 0.8, 0.99, 0.1), "a large eps = 0.1 against tiny gradients",
                 uses_args)]
    cases = [Case(tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args), ref(*args), probe, hint=h)
             for args, probe, h in settings]
    return grade("adam_step", lambda *a: np.stack(fn(*a)), cases, must_pass=must_pass, verbose=verbose, rtol=1e-9)


def tanh_backward(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(x, grad_out)`` returns grad_out * (1 - tanh(x)^2)."""
    x = np.linspace(-3, 3, 7)
    up = np.linspace(0.5, 2.0, 7)
    hint = "multiply the upstream gradient by tanh's local derivative, 1 - tanh(x)**2."
    cases = [Case((x.copy(), np.ones(7)), 1 - np.tanh(x) ** 2, "upstream gradient of ones", hint=hint),
             Case((x.copy(), up.copy()), up * (1 - np.tanh(x) ** 2), "a general upstream gradient",
                  hint="don't forget to multiply by grad_out (the chain rule)."),
             Case((np.array([[0.0, 50.0]]), np.array([[3.0, 3.0]])), np.array([[3.0, 0.0]]), "2-D and saturated")]
    return grade("tanh_backward", fn, cases, must_pass=must_pass, verbose=verbose)


def _answer(answer: Any) -> Any:
    """A learner's answer, or None while it is still a placeholder (a function is called for it)."""
    if callable(answer):
        try:
            answer = answer()
        except NotImplementedError:
            return None
    return answer


def _verdict(exercise: str, problems: List[str], n: int, must_pass: bool, verbose: bool) -> Result:
    if not problems:
        return _finish(Result(exercise, "passed", f"✔ {exercise}: all {n} answers are right."), must_pass, verbose)
    lines = [f"✘ {exercise}: {n - len(problems)} of {n} right."] + [f"   {p}" for p in problems]
    return _finish(Result(exercise, "failed", "\n".join(lines)), must_pass, verbose)


def _answer_dict(name: str, answers: Any, keys: Sequence[Any], what: str, must_pass: bool,
                 verbose: bool) -> Any:
    """The learner's dict of answers, or the Result that ends the check (unfinished or malformed)."""
    answers = _answer(answers)
    if answers is None or (isinstance(answers, dict) and any(v is None for v in answers.values())):
        return not_implemented(name, must_pass=must_pass, verbose=verbose)
    if not isinstance(answers, dict) or set(answers) != set(keys):
        got = sorted(answers) if isinstance(answers, dict) else type(answers).__name__
        return _verdict(name, [f"give a dict with one {what} {sorted(keys)}; got {got}."], 1, must_pass, verbose)
    return answers


#: The bowl of the "predict the regime" exercise, its rates, and the steps each run takes.
PREDICT_CURVATURES, PREDICT_RATES, PREDICT_STEPS = (0.5, 4.0), (0.35, 0.02, 0.55, 0.2, 0.45), 100


def predict_regimes(answers: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a dict {rate: regime} predicted for gradient descent on the bowl with curvatures 0.5 and 4.

    Each run takes 100 steps; the regimes are those of :func:`dlcore.descent.bowl_regime`.
    """
    name = "predict_regimes"
    answers = _answer_dict(name, answers, PREDICT_RATES, "regime for each rate", must_pass, verbose)
    if isinstance(answers, Result):
        return answers
    problems = []
    for lr in PREDICT_RATES:
        right = descent.bowl_regime(lr, PREDICT_CURVATURES, steps=PREDICT_STEPS)
        said = str(answers[lr]).strip().lower()
        if said not in descent.REGIMES:
            problems.append(f"lr = {lr}: {answers[lr]!r} is not one of {list(descent.REGIMES)}.")
        elif said != right:
            lo, hi = (lr * c for c in PREDICT_CURVATURES)
            problems.append(f"lr = {lr}: not {said!r}. Work out eta * lambda in each direction ({lo:g} and {hi:g}): "
                            "above 2 diverges, between 1 and 2 overshoots, and a tiny one leaves "
                            f"(1 - eta * lambda)^(2 * {PREDICT_STEPS}) of the loss after {PREDICT_STEPS} steps.")
    return _verdict(name, problems, len(PREDICT_RATES), must_pass, verbose)


#: The curvatures of the "pick a rate" exercise.
PICK_CURVATURES = (0.5, 40.0)


def _steps_to_converge(lr: float, curvatures: Sequence[float], tol: float = 1e-6) -> float:
    """Steps until the loss of gradient descent on the bowl falls below ``tol`` of its start (inf if never)."""
    worst = max(abs(1 - lr * c) for c in curvatures)
    return np.inf if worst >= 1 else float(np.ceil(np.log(tol) / (2 * np.log(worst)))) if worst > 0 else 1.0


def pick_rate(rate: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a learning rate for the bowl with curvatures 0.5 and 40: it must converge within
    1.5 times the fewest steps any rate needs (gradient descent, loss down by a factor of a million)."""
    name, rate = "pick_rate", _answer(rate)
    if rate is None:
        return not_implemented(name, must_pass=must_pass, verbose=verbose)
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)) or not rate > 0:
        return _verdict(name, [f"give one positive number, got {rate!r}."], 1, must_pass, verbose)
    lo, hi = PICK_CURVATURES
    best = _steps_to_converge(2 / (lo + hi), PICK_CURVATURES)
    steps = _steps_to_converge(float(rate), PICK_CURVATURES)
    if steps <= 1.5 * best:
        return _verdict(name, [], 1, must_pass, verbose)
    if not np.isfinite(steps):
        why = (f"at lr = {rate:g} the steep direction has eta * lambda = {rate * hi:g} >= 2, so the run diverges. "
               f"The steepest curvature sets the speed limit 2 / {hi:g}.")
    else:
        why = (f"lr = {rate:g} converges, but needs {steps:.0f} steps where the best rate needs {best:.0f}. "
               "Compare |1 - eta * lambda| in the two directions: the slower one sets the pace, "
               "and the best rate makes both equally fast.")
    return _verdict(name, [why], 1, must_pass, verbose)


#: The four mystery loss curves of the "name the bug" exercise, panel by panel, and the bugs to choose from.
BUGS = ("learning rate x100", "missing zero_grad", "dead ReLUs", "unnormalised inputs")
MYSTERY = {"A": "missing zero_grad", "B": "unnormalised inputs", "C": "learning rate x100", "D": "dead ReLUs"}
_SIGNS = {"learning rate x100": "a rate far too large blows the loss up within a few steps",
          "missing zero_grad": "gradients that pile up act like momentum without friction: the loss falls, "
                               "then swings wider and wider",
          "dead ReLUs": "when every hidden ReLU outputs 0, no gradient reaches the weights and the loss "
                        "never moves at all",
          "unnormalised inputs": "inputs on very different scales make a narrow valley: a fast first drop, "
                                 "then a long crawl"}


def diagnose_curves(answers: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check a dict {panel: bug} naming the bug behind each of the four mystery loss curves."""
    name = "diagnose_curves"
    answers = _answer_dict(name, answers, list(MYSTERY), "bug for each panel", must_pass, verbose)
    if isinstance(answers, Result):
        return answers
    problems = []
    for panel, right in MYSTERY.items():
        said = str(answers[panel]).strip()
        match = [b for b in BUGS if b.lower() == said.lower()]
        if not match:
            problems.append(f"panel {panel}: {answers[panel]!r} is not one of {list(BUGS)}.")
        elif match[0] != right:
            problems.append(f"panel {panel}: not {match[0]!r}: {_SIGNS[match[0]]}. Does panel {panel} look like that?")
    return _verdict(name, problems, len(MYSTERY), must_pass, verbose)
