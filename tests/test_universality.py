"""dlcore.universality: steps, bumps and sawtooths match their closed forms; pieces are counted exactly."""

import numpy as np
import pytest

from dlcore import activations as act
from dlcore import universality as uni
from dlcore.activations import sigmoid


def target(x):
    return np.sin(3 * np.pi * x) * (1 - x) + 0.3 * x


def test_sigmoid_step_is_a_shifted_scaled_sigmoid_and_tends_to_a_step():
    x = np.linspace(-1, 1, 41)
    np.testing.assert_allclose(uni.sigmoid_step(x, 0.3, 7.0), sigmoid(7.0 * (x - 0.3)))
    assert uni.sigmoid_step(0.3, 0.3, 1e4) == pytest.approx(0.5)
    far = x[np.abs(x - 0.3) > 0.05]
    np.testing.assert_allclose(uni.sigmoid_step(far, 0.3, 1e4), (far > 0.3).astype(float), atol=1e-12)


def test_sigmoid_step_is_not_the_perceptron_step():
    # One name, one meaning: the exact threshold is dlcore.activations.step; this module has only
    # the smooth stand-in, which is 1/2 at its switch point where the threshold is already 1.
    assert not hasattr(uni, "step")
    assert uni.sigmoid_step(0.0) == pytest.approx(0.5) and act.step(0.0) == 1.0
    x = np.array([-0.5, -0.01, 0.01, 0.5])
    assert np.all(np.abs(uni.sigmoid_step(x, 0.0, 10.0) - act.step(x)) > 0.004)  # gentle: far from a step


def test_bump_is_the_difference_of_two_steps():
    x = np.linspace(0, 1, 101)
    np.testing.assert_allclose(uni.bump(x, 0.2, 0.6, 1.5, 50.0),
                               1.5 * (sigmoid(50 * (x - 0.2)) - sigmoid(50 * (x - 0.6))))
    steep = uni.bump(x, 0.2, 0.6, -2.0, 1e5)
    inside, outside = (x > 0.21) & (x < 0.59), (x < 0.19) | (x > 0.61)
    np.testing.assert_allclose(steep[inside], -2.0)
    np.testing.assert_allclose(steep[outside], 0.0, atol=1e-12)


def test_bump_network_matches_the_sum_of_its_bumps():
    net = uni.bump_network(target, 5, steepness=300.0)
    assert net.n_hidden == 10 and net.n_params == 31
    x = np.linspace(0, 1, 201)
    edges = np.linspace(0, 1, 6)
    edges_l, edges_r = edges[:-1].copy(), edges[1:].copy()
    edges_l[0], edges_r[-1] = -1.0, 2.0  # the outer bumps reach past the interval
    by_hand = sum(uni.bump(x, lo, hi, target((a + b) / 2), 300.0)
                  for lo, hi, a, b in zip(edges_l, edges_r, edges[:-1], edges[1:]))
    np.testing.assert_allclose(net(x), by_hand, atol=1e-12)
    assert net(np.zeros((3, 4))).shape == (3, 4)


def test_error_bound_and_convergence():
    # With near-ideal steps, a piecewise-constant fit at the centres errs by at most L * width / 2.
    slope = np.max(np.abs(np.gradient(target(np.linspace(0, 1, 100_001)), 1e-5)))
    errors = []
    for n in (4, 8, 16, 32, 64, 128):
        err = uni.max_error(uni.bump_network(target, n, steepness=1e5), target, n_points=20_001)
        assert err <= slope / n / 2 * 1.01 + 1e-9
        errors.append(err)
    assert all(b < a for a, b in zip(errors, errors[1:]))
    # Too gentle a sigmoid cannot follow the function, however many bumps.
    assert uni.max_error(uni.bump_network(target, 128, steepness=10.0), target) > 0.3


def test_max_error_is_the_sup_norm():
    assert uni.max_error(lambda x: x**2, lambda x: 0 * x, (0.0, 2.0)) == pytest.approx(4.0)
    assert uni.max_error(np.sin, np.sin) == 0.0


def test_tent_and_sawtooth_networks_match_the_closed_form():
    x = np.random.default_rng(0).random(500)
    np.testing.assert_allclose(uni.tent_network()(x[:, None]).ravel(), np.where(x < 0.5, 2 * x, 2 - 2 * x))
    for k in range(1, 9):
        net = uni.sawtooth_network(k)
        np.testing.assert_allclose(net(x[:, None]).ravel(), uni.sawtooth(x, k), atol=1e-9)
        assert sum(layer.W.shape[1] for layer in net.layers[:-1]) == 2 * k
        assert net.n_params == 6 * k + 1
    assert uni.sawtooth(np.array([0.3]), 0).tolist() == [0.3]


@pytest.mark.parametrize("k", range(1, 11))
def test_sawtooth_has_two_to_the_k_pieces_on_any_fine_grid(k):
    rng = np.random.default_rng(k)
    x = np.sort(np.r_[0.0, rng.random(8 * 2**k + 50), 1.0])  # kinks fall between samples
    x = x[np.r_[True, np.diff(x) > 0]]
    gaps = np.diff(x)
    if gaps.max() * 2 * 2 ** k > 1:  # a piece (width 2^-k) must span two intervals
        x = np.sort(np.r_[x, np.linspace(0, 1, 4 * 2**k + 1)])
        x = x[np.r_[True, np.diff(x) > 0]]
    assert uni.count_linear_pieces(x, uni.sawtooth(x, k)) == 2**k


def test_count_linear_pieces_on_known_functions():
    x = np.linspace(-2, 2, 401)
    assert uni.count_linear_pieces(x, 3 * x + 1) == 1
    assert uni.count_linear_pieces(x, np.abs(x)) == 2
    assert uni.count_linear_pieces(x, np.abs(x - 0.123)) == 2  # kink between two samples
    assert uni.count_linear_pieces(x, np.maximum(0, x - 0.5) - np.maximum(0, x - 1.3)) == 3


def test_count_linear_pieces_refuses_a_too_coarse_grid():
    x = np.linspace(0, 1, 11)
    spike = np.where(np.isclose(x, 0.5), 1.0, 0.0)  # two pieces of one interval each
    with pytest.raises(ValueError, match="sample more finely"):
        uni.count_linear_pieces(x, spike)
    with pytest.raises(ValueError, match="sample more finely"):
        uni.count_linear_pieces(x, np.abs(x - 0.02))  # the first piece is shorter than an interval


def test_piecewise_linear_network_is_the_interpolant_with_one_unit_per_piece():
    rng = np.random.default_rng(1)
    knots = np.sort(rng.random(12))
    values = rng.normal(size=12)
    net = uni.piecewise_linear_network(knots, values)
    x = np.linspace(knots[0], knots[-1], 3001)
    np.testing.assert_allclose(net(x[:, None]).ravel(), np.interp(x, knots, values), atol=1e-9)
    assert net.layers[0].W.shape[1] == 11  # 11 pieces, 11 units
    assert uni.count_linear_pieces(x, net(x[:, None]).ravel()) == 11
    # Collinear knots need no unit for the kink that isn't there.
    assert uni.piecewise_linear_network([0, 1, 2, 3], [0, 1, 2, 0]).layers[0].W.shape[1] == 2


def test_shallow_relu_net_with_m_units_has_at_most_m_plus_1_pieces():
    rng = np.random.default_rng(2)
    x = np.linspace(-3, 3, 60_001)
    for m in (1, 3, 10):
        W1, b1, w2 = rng.normal(size=m), rng.normal(size=m), rng.normal(size=m)
        y = np.maximum(0, x[:, None] * W1 + b1) @ w2
        assert uni.count_linear_pieces(x, y) <= m + 1


def test_bad_input():
    with pytest.raises(ValueError, match="steepness must be positive"):
        uni.sigmoid_step([0.0], steepness=0)
    with pytest.raises(ValueError, match="left must be smaller than right"):
        uni.bump([0.0], 0.5, 0.2)
    with pytest.raises(ValueError, match="NaN"):
        uni.bump([np.nan], 0.1, 0.2)
    with pytest.raises(TypeError, match="must be a function"):
        uni.bump_network([1, 2], 3)
    with pytest.raises(ValueError, match="n_bumps must be at least 1"):
        uni.bump_network(np.sin, 0)
    with pytest.raises(TypeError, match="must be an integer"):
        uni.bump_network(np.sin, 2.5)
    with pytest.raises(ValueError, match="one value per input"):
        uni.bump_network(lambda x: 1.0, 4)
    with pytest.raises(ValueError, match="a < b"):
        uni.bump_network(np.sin, 4, interval=(1.0, 0.0))
    with pytest.raises(TypeError, match="pair"):
        uni.max_error(np.sin, np.cos, interval=1.0)
    with pytest.raises(ValueError, match="k must be at least 1"):
        uni.sawtooth_network(0)
    with pytest.raises(ValueError, match="strictly increasing"):
        uni.piecewise_linear_network([0, 2, 1], [0, 1, 2])
    with pytest.raises(ValueError, match="one value per knot"):
        uni.piecewise_linear_network([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="strictly increasing"):
        uni.count_linear_pieces([0, 2, 1, 3], [0, 1, 2, 3])
    with pytest.raises(ValueError, match="same length"):
        uni.count_linear_pieces([0, 1, 2], [0, 1])
