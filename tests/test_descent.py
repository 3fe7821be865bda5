"""dlcore.descent: paths follow the update rules, regimes follow the theory."""

import numpy as np
import pytest

from conftest import need
from dlcore import descent, surfaces


def test_gd_path_is_the_textbook_update():
    bowl = surfaces.quadratic(1.0, 4.0)
    path = descent.descend(bowl, [1.0, -1.0], lr=0.1, steps=5)
    p = np.array([1.0, -1.0])
    for k in range(1, 6):
        p = p - 0.1 * bowl.grad(p)
        np.testing.assert_allclose(path.points[k], p, rtol=1e-12)
    np.testing.assert_allclose(path.losses, bowl(path.points))


@pytest.mark.parametrize("name, torch_name, hyper", [
    ("momentum", "SGD", {"momentum": 0.9}),
    ("nesterov", "SGD", {"momentum": 0.9, "nesterov": True}),
    ("rmsprop", "RMSprop", {}),
    ("adam", "Adam", {}),
])
def test_optimizer_paths_match_torch(name, torch_name, hyper):
    torch = need("torch")
    surf = surfaces.rosenbrock()
    ours = descent.descend(surf, [-1.0, 1.5], lr=1e-3, steps=40, optimizer=name,
                           **{k: v for k, v in hyper.items() if k == "momentum"})
    p = torch.tensor([-1.0, 1.5], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, torch_name)([p], lr=1e-3, **hyper)
    for k in range(40):
        opt.zero_grad()
        p.grad = torch.tensor(surf.grad(p.detach().numpy()))
        opt.step()
        np.testing.assert_allclose(ours.points[k + 1], p.detach().numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("curvature", [0.5, 1.0, 10.0])
def test_gd_converges_exactly_when_lr_below_two_over_curvature(curvature):
    bowl = surfaces.quadratic(curvature, curvature)
    edge = 2.0 / curvature
    for factor, expected in [(0.02, "too slow"), (0.5, "good"), (0.95, "oscillating but converging"),
                             (1.05, "diverged")]:
        path = descent.descend(bowl, [1.0, 1.0], lr=factor * edge, steps=60)
        assert descent.regime(path) == expected, (factor, descent.regime(path))


def test_blowup_stops_the_run_cleanly():
    path = descent.descend(surfaces.quadratic(1.0, 1.0), [1.0, 1.0], lr=50.0, steps=100)
    assert path.diverged and len(path.points) == path.diverged_at
    assert np.all(np.isfinite(path.losses)) and descent.regime(path) == "diverged"


def test_noise_is_seeded_and_escapes_the_saddle():
    sad = surfaces.saddle()
    quiet = descent.descend(sad, [1.0, 0.0], lr=0.1, steps=200)
    noisy = descent.descend(sad, [1.0, 0.0], lr=0.1, steps=200, noise=0.01, seed=1)
    again = descent.descend(sad, [1.0, 0.0], lr=0.1, steps=200, noise=0.01, seed=1)
    np.testing.assert_array_equal(noisy.points, again.points)
    assert abs(quiet.points[-1, 1]) == 0.0          # exactly on the ridge: stuck at the saddle
    assert abs(abs(noisy.points[-1, 1]) - 1.0) < 0.1  # noise tips it into a minimum


def test_bad_input():
    bowl = surfaces.quadratic()
    with pytest.raises(ValueError, match="lr .*must be positive"):
        descent.descend(bowl, [1.0, 1.0], lr=0.0, steps=5)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        descent.descend(bowl, [1.0, 1.0], lr=0.1, steps=0)
    with pytest.raises(ValueError, match="a point"):
        descent.descend(bowl, [1.0, 1.0, 1.0], lr=0.1, steps=5)
    with pytest.raises(ValueError, match="unknown optimizer 'lbfgs'"):
        descent.descend(bowl, [1.0, 1.0], lr=0.1, steps=5, optimizer="lbfgs")
    with pytest.raises(TypeError, match="Surface"):
        descent.descend(lambda p: p, [1.0, 1.0], lr=0.1, steps=5)
    with pytest.raises(TypeError, match="Path"):
        descent.regime([1.0, 2.0])
    with pytest.raises(ValueError, match="noise"):
        descent.descend(bowl, [1.0, 1.0], lr=0.1, steps=5, noise=-1.0)


def test_direction_regime_follows_the_factor_one_minus_eta_lambda():
    # lambda = 4: steady below eta = 1/4, overshooting between 1/4 and 1/2, diverging from 1/2 on
    for lr, expected in [(0.001, "too slow"), (0.1, "good"), (0.25, "good"), (0.26, "oscillating but converging"),
                         (0.49, "oscillating but converging"), (0.5, "diverged"), (0.6, "diverged")]:
        assert descent.direction_regime(lr, 4.0, steps=100) == expected, lr
    # "too slow" is a statement about the budget: (1 - eta lambda)^(2 steps) of the loss is left
    assert descent.direction_regime(0.01, 1.0, steps=100) == "too slow"   # 0.99^200 = 0.13
    assert descent.direction_regime(0.01, 1.0, steps=1000) == "good"      # 0.99^2000 = 2e-9


@pytest.mark.parametrize("lr", [0.03, 0.2, 0.45, 0.6, 0.9, 0.97, 1.05, 1.5])
def test_bowl_regime_agrees_with_the_runs(lr):
    curvatures, steps = (0.2, 2.0), 100
    label = descent.bowl_regime(lr, curvatures, steps=steps)
    run = descent.descend(surfaces.quadratic(*curvatures), [-1.3, 1.2], lr=lr, steps=steps)
    if label == "diverged":
        assert run.diverged or run.losses[-1] > 0.1 * run.losses[0]
    else:
        assert not run.diverged
        assert (run.losses[-1] > 1e-3 * run.losses[0]) == (label == "too slow")
        across = np.diff(run.points[:, 1])  # the steep direction zig-zags exactly when eta lambda > 1
        zigzag = np.mean(across[:-1] * across[1:] < 0) > 0.5
        assert zigzag == (label == "oscillating but converging")


def test_bowl_regime_names_the_worst_direction():
    assert descent.bowl_regime(0.01, [0.1, 1.0], steps=100) == "too slow"
    assert descent.bowl_regime(1.5, [0.1, 1.0], steps=100) == "oscillating but converging"
    assert descent.bowl_regime(1.5, [0.001, 1.0], steps=100) == "too slow"  # overshoots across, crawls along
    assert descent.bowl_regime(2.5, [0.1, 1.0], steps=100) == "diverged"
    with pytest.raises(TypeError, match="curvatures"):
        descent.bowl_regime(0.1, 1.0, steps=10)
    with pytest.raises(ValueError, match="curvature must be positive"):
        descent.bowl_regime(0.1, [1.0, -1.0], steps=10)


@pytest.mark.parametrize("momentum", [0.0, 0.3, 0.6, 0.9])
def test_max_stable_lr_is_the_momentum_boundary(momentum):
    curvature = 25.0
    edge = descent.max_stable_lr(curvature, momentum)
    assert edge == pytest.approx(2 * (1 + momentum) / curvature)
    valley = surfaces.valley(curvature)
    for factor, converges in [(0.95, True), (1.05, False)]:
        run = descent.descend(valley, [-2.0, 1.0], lr=factor * edge, steps=600, optimizer="gd",
                              **({"momentum": momentum} if momentum else {}))
        assert (not run.diverged and run.losses[-1] < 1e-3 * run.losses[0]) == converges, (factor, momentum)
    with pytest.raises(ValueError, match="momentum must be in"):
        descent.max_stable_lr(1.0, momentum=1.0)


def test_loss_regime_on_constructed_curves():
    steps = np.arange(151)
    smooth_fast = np.exp(-steps / 20)                      # falls by a factor e every 20 steps
    smooth_slow = 0.7 * np.exp(-steps / 400)               # still high at the end
    zigzag = np.exp(-steps / 30) * (1 + 0.5 * (steps % 2))  # the same fall, every other step 50% up
    erratic = 0.7 * (0.5 + 0.4 * (steps % 2))               # bounces, never comes down
    dead = np.r_[0.66, np.full(150, np.log(2))]            # one step up to ln 2, then flat: every ReLU died
    assert descent.loss_regime(smooth_fast) == "good"
    assert descent.loss_regime(smooth_slow) == "too slow"
    assert descent.loss_regime(zigzag) == "oscillating but converging"
    assert descent.loss_regime(erratic) == "unstable"
    assert descent.loss_regime(dead) == "stalled"
    assert descent.loss_regime([1.0, 2.0, np.nan]) == "diverged"
    assert descent.loss_regime([1.0, 10.0, 1e13, 1.0]) == "diverged"
    assert descent.loss_regime([1.0, 1.6, 1.7]) == "diverged"
    assert descent.loss_regime([1.0, 1.05, 1.1, 1.2]) == "diverged"  # smooth, but ends above its start


def test_loss_regime_judges_the_level_against_a_reference():
    curve = 0.7 * np.exp(-np.arange(151) / 60)  # ends at 0.057
    assert descent.loss_regime(curve) == "good"                      # below a tenth of its start
    assert descent.loss_regime(curve, reference=0.05) == "good"      # within 3x of the sweep's best
    assert descent.loss_regime(curve, reference=0.01) == "too slow"  # the best run got 6x lower
    best = np.exp(-np.arange(151) / 20) * (1 + 0.5 * (np.arange(151) % 2))
    # the sweep's best run is never called plain "oscillating": it says it converged
    assert descent.loss_regime(best, reference=best[-1]) == "oscillating but converging"
    with pytest.raises(ValueError, match="at least 2"):
        descent.loss_regime([1.0])
    with pytest.raises(ValueError, match="reference"):
        descent.loss_regime([1.0, 0.5], reference=0.0)


def test_descend_refuses_a_seed_that_is_not_reproducible():
    with pytest.raises(TypeError, match="descend: seed"):
        descent.descend(surfaces.quadratic(), [1.0, 1.0], lr=0.1, steps=3, seed=None)
