"""dlcore.surfaces: gradients against central differences, minima where documented."""

import numpy as np
import pytest

from dlcore import surfaces as s

SURFACES = [s.quadratic(1.0, 10.0), s.valley(25.0), s.valley(10.0, angle=30.0), s.rosenbrock(), s.saddle()]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda x: x.name)
def test_gradient_matches_central_differences(surface):
    pts = np.random.default_rng(0).uniform(-1.2, 1.2, size=(50, 2))
    h = 1e-6
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        numeric = (surface(pts + e) - surface(pts - e)) / (2 * h)
        np.testing.assert_allclose(surface.grad(pts)[:, k], numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda x: x.name)
def test_minimum_has_zero_gradient_and_lowest_value(surface):
    m = np.array(surface.minimum)
    np.testing.assert_allclose(surface.grad(m), 0.0, atol=1e-12)
    X, Y, Z = surface.grid(101)
    assert surface(m) <= Z.min() + 1e-12


def test_saddle_point_at_origin():
    sad = s.saddle()
    np.testing.assert_allclose(sad.grad([0.0, 0.0]), 0.0)
    assert sad([0.1, 0.0]) > 0 > sad([0.0, 0.1])  # up along x, down along y


def test_grid_and_shapes():
    X, Y, Z = s.quadratic().grid(7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    assert s.quadratic().grad(np.zeros((3, 4, 2))).shape == (3, 4, 2)


def test_bad_input():
    with pytest.raises(ValueError, match="2 coordinates"):
        s.quadratic()([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="a must be positive"):
        s.quadratic(a=0)
    with pytest.raises(ValueError, match="condition must be positive"):
        s.valley(-1)
    with pytest.raises(ValueError, match="NaN"):
        s.saddle().grad([np.nan, 0.0])
