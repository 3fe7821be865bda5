"""dlcore.activations against closed forms, finite differences and torch."""

import math
import warnings

import numpy as np
import pytest

from conftest import need
from dlcore import activations as act

SMOOTH = ["sigmoid", "tanh", "gelu", "identity"]
PIECEWISE = ["relu", "leaky_relu", "step"]
Z = np.linspace(-5, 5, 41) + 0.013  # avoid the kink at exactly 0


def test_closed_forms():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(np.log(3.0)) == pytest.approx(0.75)
    np.testing.assert_allclose(act.tanh(Z), np.tanh(Z))
    np.testing.assert_allclose(act.tanh(Z), 2 * act.sigmoid(2 * Z) - 1, atol=1e-12)
    np.testing.assert_array_equal(act.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.leaky_relu([-2.0, 3.0], alpha=0.1), [-0.2, 3.0])
    np.testing.assert_array_equal(act.step([-1.0, 0.0, 2.0]), [0.0, 1.0, 1.0])


def test_gelu_close_to_exact_erf_form():
    exact = np.array([0.5 * z * (1 + math.erf(z / math.sqrt(2))) for z in Z])
    np.testing.assert_allclose(act.gelu(Z), exact, atol=1e-3)


@pytest.mark.parametrize("name", SMOOTH + PIECEWISE)
def test_derivative_matches_central_differences(name):
    a = act.get_activation(name)
    h = 1e-6
    numeric = (a.f(Z + h) - a.f(Z - h)) / (2 * h)
    np.testing.assert_allclose(a.df(Z), numeric, rtol=1e-5, atol=1e-7)


def test_derivative_conventions_at_zero():
    assert act.relu_prime(0.0) == 0.0  # as torch does
    assert act.step_prime(0.0) == 0.0
    assert act.sigmoid_prime(0.0) == 0.25
    assert act.tanh_prime(0.0) == 1.0
    assert np.max(act.sigmoid_prime(Z)) <= 0.25


def test_saturation_of_sigmoid():
    assert act.sigmoid_prime(10.0) < 5e-5
    assert act.tanh_prime(10.0) < 1e-8


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_extreme_inputs_do_not_overflow(name):
    a = act.get_activation(name)
    z = np.array([-1e308, -1000.0, -50.0, 50.0, 1000.0, 1e308, -np.inf, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            y, dy = a.f(z), a.df(z)
    assert not np.any(np.isnan(y)) and np.all(np.isfinite(dy))


def test_sigmoid_limits():
    np.testing.assert_array_equal(act.sigmoid([-1000.0, 1000.0, -np.inf, np.inf]), [0.0, 1.0, 0.0, 1.0])


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_dtype_and_shape_are_kept(name):
    a = act.get_activation(name)
    z32 = np.ones((2, 3), dtype=np.float32)
    assert a.f(z32).dtype == np.float32 and a.f(z32).shape == (2, 3)
    assert a.df(z32).dtype == np.float32
    assert a.f([1, 2]).dtype == np.float64  # ints become float64
    assert np.ndim(a.f(0.5)) == 0 and not isinstance(a.f(0.5), np.ndarray)
    assert a.f(np.array([])).shape == (0,)


def _torch_pairs(torch):
    F = torch.nn.functional
    return [
        (act.sigmoid, act.sigmoid_prime, torch.sigmoid),
        (act.tanh, act.tanh_prime, torch.tanh),
        (act.relu, act.relu_prime, torch.relu),
        (lambda z: act.leaky_relu(z, 0.01), lambda z: act.leaky_relu_prime(z, 0.01),
         lambda x: F.leaky_relu(x, 0.01)),
        (act.gelu, act.gelu_prime, lambda x: F.gelu(x, approximate="tanh")),
    ]


def test_values_and_gradients_against_torch():
    torch = need("torch")
    for f, df, reference in _torch_pairs(torch):
        x = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
        y = reference(x)
        y.sum().backward()
        np.testing.assert_allclose(f(Z), y.detach().numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(df(Z), x.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("bad, err, words", [
    ("abc", TypeError, "must be a number"),
    (None, TypeError, "must be a number"),
    ([1.0, float("nan")], ValueError, "NaN"),
    ([[1.0], [1.0, 2.0]], TypeError, "could not be turned into an array"),
    (np.array(["a"]), TypeError, "real numbers"),
])
def test_bad_input(bad, err, words):
    with pytest.raises(err, match=words):
        act.sigmoid(bad)


def test_bad_alpha_and_names():
    with pytest.raises(TypeError, match="alpha"):
        act.leaky_relu([1.0], alpha="big")
    with pytest.raises(ValueError, match="unknown activation 'softplus'.*relu"):
        act.get_activation("softplus")
    with pytest.raises(TypeError, match="string"):
        act.get_activation(3)
    assert act.get_activation("Leaky-ReLU").name == "leaky ReLU"
