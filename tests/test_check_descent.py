"""dlcore.check graders of chapter 5 accept right answers and reject known-wrong ones."""

import numpy as np

from conftest import need
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
    torch = need("torch")
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


def test_adam_step_rejects_an_answer_that_ignores_its_arguments():
    def usual_betas(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam(w, m, v, g, t, lr)  # beta1, beta2 and eps fixed at their defaults

    def usual_eps(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam(w, m, v, g, t, lr, beta1, beta2)

    for wrong in (usual_betas, usual_eps):
        result = check.adam_step(wrong, verbose=False)
        assert result.status == "failed" and "use the arguments" in result.message


def test_adam_step_matches_torch():
    torch = need("torch")
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    opt = torch.optim.Adam([p], lr=0.05, betas=(0.5, 0.9), eps=1e-3)
    w, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    for t, g in enumerate(([0.5, -1.0], [0.2, 0.3], [-0.4, 0.1]), start=1):
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        w, m, v = adam(w, m, v, np.array(g), t, 0.05, 0.5, 0.9, 1e-3)
    np.testing.assert_allclose(p.detach().numpy(), w, rtol=1e-12)


def test_predict_regimes():
    from dlcore import descent
    right = {lr: descent.bowl_regime(lr, check.descent.PREDICT_CURVATURES, steps=100)
             for lr in check.descent.PREDICT_RATES}
    assert sorted(set(right.values())) == sorted(descent.REGIMES)  # every regime is asked about once at least
    assert check.predict_regimes(right, verbose=False)
    assert check.predict_regimes({lr: label.upper() for lr, label in right.items()}, verbose=False)
    assert check.predict_regimes(lambda: right, verbose=False)
    assert check.predict_regimes({lr: None for lr in right}, verbose=False).status == "not implemented"
    wrong = {**right, 0.35: "good"}  # eta lambda = 1.4 across: it overshoots
    result = check.predict_regimes(wrong, verbose=False)
    assert result.status == "failed" and "lr = 0.35" in result.message and "1.4" in result.message
    assert "not one of" in check.predict_regimes({**right, 0.2: "fine"}, verbose=False).message
    assert "one regime for each rate" in check.predict_regimes({0.1: "good"}, verbose=False).message


def test_pick_rate():
    lo, hi = check.descent.PICK_CURVATURES
    assert check.pick_rate(2 / (lo + hi), verbose=False)  # the fastest rate balances both directions
    assert check.pick_rate(0.045, verbose=False)
    assert check.pick_rate(None, verbose=False).status == "not implemented"
    diverges = check.pick_rate(2.5 / hi, verbose=False)
    assert diverges.status == "failed" and "diverges" in diverges.message
    slow = check.pick_rate(1 / hi, verbose=False)  # safe, but twice as slow as it could be
    assert slow.status == "failed" and "converges, but needs" in slow.message
    edge = check.pick_rate(0.9995 * 2 / hi, verbose=False)  # just under the limit: barely converging across
    assert edge.status == "failed"
    assert check.pick_rate("0.05", verbose=False).status == "failed"


def test_steps_to_converge_matches_a_run():
    from dlcore import descent, surfaces
    lo, hi = check.descent.PICK_CURVATURES
    for lr in (0.02, 0.045):
        n = check.descent._steps_to_converge(lr, (lo, hi))
        run = descent.descend(surfaces.quadratic(lo, hi), [1.0, 1.0], lr=lr, steps=int(n) + 5)
        start = run.losses[0]
        assert run.losses[int(n) + 5] < 1e-6 * start  # converged by then on a run from (1, 1)...
        assert run.losses[int(n) // 2] > 1e-6 * start  # ...and not long before


def test_diagnose_curves():
    key = dict(check.descent.MYSTERY)
    assert sorted(key.values()) == sorted(check.descent.BUGS)
    assert check.diagnose_curves(key, verbose=False)
    assert check.diagnose_curves({k: v.lower() for k, v in key.items()}, verbose=False)
    assert check.diagnose_curves({k: None for k in key}, verbose=False).status == "not implemented"
    swapped = dict(key, A=key["D"], D=key["A"])
    result = check.diagnose_curves(swapped, verbose=False)
    assert result.status == "failed" and "2 of 4 right" in result.message
    assert "panel A" in result.message and "panel D" in result.message and "panel B" not in result.message
    assert "not one of" in check.diagnose_curves(dict(key, B="cosmic rays"), verbose=False).message


def test_tanh_backward():
    assert check.tanh_backward(lambda x, up: up * (1 - np.tanh(x) ** 2), verbose=False)
    assert check.tanh_backward(lambda x, up: 1 - np.tanh(x) ** 2, verbose=False).status == "failed"
    assert check.tanh_backward(lambda x, up: up * (1 - np.tanh(x)), verbose=False).status == "failed"
