"""dlcore.risk: losses against torch, derivatives against finite differences, robust fits."""

import warnings

import numpy as np
import pytest

from conftest import need
from dlcore import risk

R = np.linspace(-4, 4, 81) + 0.013  # residuals, avoiding the kinks


@pytest.mark.parametrize("name", ["squared", "absolute", "huber", "cauchy"])
def test_derivatives_match_finite_differences(name):
    f = risk.REGRESSION_LOSSES[name]
    h = 1e-6
    numeric = (f(R + h, 0.0) - f(R - h, 0.0)) / (2 * h)
    np.testing.assert_allclose(risk.derivative(name, R, 0.0), numeric, rtol=1e-5, atol=1e-6)


def test_against_torch():
    torch = need("torch")
    F = torch.nn.functional
    y_hat, y = R, np.cos(R)
    t_hat, t = torch.tensor(y_hat), torch.tensor(y)
    np.testing.assert_allclose(risk.squared_error(y_hat, y), F.mse_loss(t_hat, t, reduction="none"))
    np.testing.assert_allclose(risk.absolute_error(y_hat, y), F.l1_loss(t_hat, t, reduction="none"))
    np.testing.assert_allclose(risk.huber(y_hat, y, 1.5), F.huber_loss(t_hat, t, reduction="none", delta=1.5))
    z = np.linspace(-50, 50, 11)
    labels = (np.arange(11) % 2).astype(float)
    np.testing.assert_allclose(risk.bce_with_logits(z, labels),
                               F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(labels),
                                                                  reduction="none"), rtol=1e-12, atol=1e-14)  # torch rounds log1p(e^-30)
    logits = np.random.default_rng(0).normal(size=(6, 4)) * 30
    cls = np.array([0, 1, 2, 3, 0, 1])
    np.testing.assert_allclose(risk.cross_entropy_with_logits(logits, cls),
                               F.cross_entropy(torch.tensor(logits), torch.tensor(cls), reduction="none"),
                               rtol=1e-10, atol=1e-15)


def test_cauchy_loss():
    # The negative log-likelihood of Cauchy noise, up to a constant and a factor delta^2 / 2:
    # -log p(r) = log(pi delta) + log(1 + r^2 / delta^2).
    stats = need("scipy.stats")
    delta = 0.7
    nll = -stats.cauchy.logpdf(R, scale=delta)
    np.testing.assert_allclose(risk.cauchy(R, 0.0, delta), delta**2 / 2 * (nll - np.log(np.pi * delta)),
                               rtol=1e-12, atol=1e-15)
    small = np.linspace(-1e-3, 1e-3, 11)
    np.testing.assert_allclose(risk.cauchy(small, 0.0, delta), small**2 / 2, rtol=1e-5)  # like r^2 / 2 near 0
    pull = np.abs(risk.derivative("cauchy", np.array([delta, 10 * delta, 1000 * delta]), 0.0, delta))
    assert pull[0] == pytest.approx(delta / 2) and pull[0] > pull[1] > pull[2] and pull[2] < 1e-3 * delta


def test_bce_with_logits_is_stable():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = risk.bce_with_logits(np.array([-1000.0, 1000.0]), np.array([1.0, 0.0]))
    np.testing.assert_allclose(out, [1000.0, 1000.0])


def test_zero_one():
    np.testing.assert_array_equal(risk.zero_one([1, 0, 2], [1, 1, 2]), [0.0, 1.0, 0.0])


def test_constant_minimisers_are_mean_and_median():
    y = np.array([0.0, 1.0, 2.0, 10.0, 50.0])
    c = np.linspace(-5, 60, 13001)
    mse = risk.squared_error(c[:, None], y).mean(axis=1)
    mae = risk.absolute_error(c[:, None], y).mean(axis=1)
    assert c[np.argmin(mse)] == pytest.approx(y.mean(), abs=0.01)
    assert c[np.argmin(mae)] == pytest.approx(np.median(y), abs=0.01)


@pytest.mark.parametrize("loss", ["squared", "absolute", "huber", "cauchy"])
def test_fit_line_minimises_the_mean_loss(loss):
    optimize = need("scipy.optimize")
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, 60)
    y = 1.5 * x - 0.5 + rng.standard_t(2, 60)
    w, b = risk.fit_line(x, y, loss, delta=1.0)
    f = risk.REGRESSION_LOSSES[loss]

    def objective(p):
        return f(p[0] * x + p[1], y).mean()

    best = optimize.minimize(objective, [0.0, 0.0], method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
    assert objective([w, b]) <= best.fun + 1e-7


@pytest.mark.parametrize("loss", ["huber", "cauchy"])
def test_fit_line_matches_scipy_robust_least_squares(loss):
    # scipy's least_squares minimises sum of C^2 rho(r^2 / C^2) / 2, which is our huber / cauchy with delta = C.
    optimize = need("scipy.optimize")
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1, 50)
    y = 2.0 * x + 1.0 + 0.3 * rng.standard_cauchy(50)
    w, b = risk.fit_line(x, y, loss, delta=0.3)
    ref = optimize.least_squares(lambda p: p[0] * x + p[1] - y, [w + 0.05, b - 0.05], loss=loss, f_scale=0.3,
                                 xtol=1e-14, ftol=1e-14, gtol=1e-14)
    np.testing.assert_allclose([w, b], ref.x, atol=1e-6)


@pytest.mark.parametrize("loss", ["squared", "absolute", "huber", "cauchy"])
def test_fit_line_fits_many_data_sets_at_once(loss):
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, (6, 30))
    y = 2.0 * x + 1.0 + rng.standard_t(3, (6, 30))
    w, b = risk.fit_line(x, y, loss, delta=0.5)
    assert w.shape == b.shape == (6,)
    one_by_one = np.array([risk.fit_line(x[k], y[k], loss, delta=0.5) for k in range(6)])
    np.testing.assert_allclose(np.c_[w, b], one_by_one, atol=1e-7)


def test_robust_losses_resist_outliers():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 40)
    y = 2.0 * x + 1.0 + rng.normal(0, 0.05, 40)
    y[:4] += 20.0  # four gross outliers
    slope = {loss: risk.fit_line(x, y, loss)[0] for loss in ("squared", "absolute", "huber")}
    assert abs(slope["absolute"] - 2.0) < 0.2 and abs(slope["huber"] - 2.0) < 0.5
    assert abs(slope["squared"] - 2.0) > 1.0


def test_bad_input():
    with pytest.raises(ValueError, match="shape"):
        risk.squared_error(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="delta must be positive"):
        risk.huber(1.0, 0.0, delta=0)
    with pytest.raises(ValueError, match="unknown loss 'cubic'"):
        risk.derivative("cubic", 1.0, 0.0)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        risk.bce_with_logits([0.0], [2.0])
    with pytest.raises(ValueError, match="labels must hold whole-number class labels"):
        risk.cross_entropy_with_logits(np.zeros((2, 3)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match=r"labels must be 1-D with one label per row of logits \(2\)"):
        risk.cross_entropy_with_logits(np.zeros((2, 3)), np.array([0, 1, 2]))
    # whole-number floats are labels too, as in losses.cross_entropy
    assert np.allclose(risk.cross_entropy_with_logits(np.zeros((2, 3)), np.array([0.0, 2.0])), np.log(3))
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        risk.cross_entropy_with_logits(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="same shape"):
        risk.fit_line([0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        risk.fit_line([0.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="two different x values"):
        risk.fit_line([1.0, 1.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="unknown loss 'cubic'"):
        risk.fit_line([0.0, 1.0], [0.0, 1.0], "cubic")
    with pytest.raises(ValueError, match="delta must be positive"):
        risk.cauchy(1.0, 0.0, delta=-1.0)
