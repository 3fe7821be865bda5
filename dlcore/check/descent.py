"""Graders for chapter 5, Gradient descent."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._grader import Case, Result, grade

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
    """Check ``fn(w, m, v, g, t, lr, beta1, beta2, eps)`` returns Adam's update ``(w, m, v)``."""
    def ref(w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, t: int, lr: float) -> np.ndarray:
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w = w - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        return np.stack([w, m, v])

    w, z = np.array([1.0, -2.0, 0.5]), np.zeros(3)
    m, v = np.array([0.05, -0.1, 0.2]), np.array([0.01, 0.02, 0.003])
    hint = ("m and v are running means of g and g**2; divide them by (1 - beta1**t) and (1 - beta2**t) "
            "before the update w -= lr * m_hat / (sqrt(v_hat) + eps).")
    cases = [Case((w.copy(), z.copy(), z.copy(), _G.copy(), 1, 0.01, 0.9, 0.999, 1e-8), ref(w, z, z, _G, 1, 0.01),
                  "the first step: bias correction makes it lr * sign(g)", hint=hint),
             Case((w.copy(), m.copy(), v.copy(), _G.copy(), 7, 0.01, 0.9, 0.999, 1e-8), ref(w, m, v, _G, 7, 0.01),
                  "step 7 with running averages", hint=hint)]
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
