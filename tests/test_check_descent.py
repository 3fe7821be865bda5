"""dlcore.check graders of chapter 5 accept right answers and reject known-wrong ones."""

import numpy as np
import pytest

from dlcore import check


def gd(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
    return w


def test_gradient_descent():
    assert check.gradient_descent(gd, verbose=False)
    ascent = lambda grad, w0, lr, steps: gd(lambda w: -grad(w), w0, lr, steps)  # noqa: E731
    off_by_one = lambda grad, w0, lr, steps: gd(grad, w0, lr, steps + 1)  # noqa: E731
    for wrong in (ascent, off_by_one):
        assert check.gradient_descent(wrong, verbose=False).status == "failed"


def test_momentum_step_matches_torch_convention():
    torch = pytest.importorskip("torch")
    right = lambda w, v, g, lr, beta: (w - lr * (beta * v + g), beta * v + g)  # noqa: E731
    assert check.momentum_step(right, verbose=False)
    old_velocity = lambda w, v, g, lr, beta: (w - lr * v, beta * v + g)  # noqa: E731
    dampened = lambda w, v, g, lr, beta: (w - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g)  # noqa: E731
    for wrong in (old_velocity, dampened):
        assert check.momentum_step(wrong, verbose=False).status == "failed"
    # the convention is torch's: two steps of torch.optim.SGD equal two calls of `right`
    p = torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    w, v = np.array([1.0, 2.0]), np.zeros(2)
    for g in ([0.5, -1.0], [0.2, 0.3]):
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        w, v = right(w, v, np.array(g), 0.1, 0.9)
    np.testing.assert_allclose(p.detach().numpy(), w)


def adam(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def test_adam_step():
    assert check.adam_step(adam, verbose=False)

    def no_correction(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        return w - lr * m / (np.sqrt(v) + eps), m, v

    assert check.adam_step(no_correction, verbose=False).status == "failed"


def test_tanh_backward():
    assert check.tanh_backward(lambda x, up: up * (1 - np.tanh(x) ** 2), verbose=False)
    assert check.tanh_backward(lambda x, up: 1 - np.tanh(x) ** 2, verbose=False).status == "failed"
    assert check.tanh_backward(lambda x, up: up * (1 - np.tanh(x)), verbose=False).status == "failed"
