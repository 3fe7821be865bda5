"""dlcore.descent: paths follow the update rules, regimes follow the theory."""

import numpy as np
import pytest

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
    torch = pytest.importorskip("torch")
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
    for factor, expected in [(0.02, "too slow"), (0.5, "good"), (0.95, "oscillating"), (1.05, "diverged")]:
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


def test_loss_regime():
    assert descent.loss_regime([1.0, 0.5, 0.2, 0.1]) == "good"
    assert descent.loss_regime([1.0, 0.9, 0.8, 0.7]) == "too slow"
    assert descent.loss_regime([1.0, 0.4, 0.6, 0.3, 0.5, 0.2]) == "oscillating"
    assert descent.loss_regime([1.0, 2.0, np.nan]) == "diverged"
    assert descent.loss_regime([1.0, 0.5, 1.2]) == "diverged"
    with pytest.raises(ValueError, match="at least 2"):
        descent.loss_regime([1.0])


def test_descend_refuses_a_seed_that_is_not_reproducible():
    with pytest.raises(TypeError, match="descend: seed"):
        descent.descend(surfaces.quadratic(), [1.0, 1.0], lr=0.1, steps=3, seed=None)
