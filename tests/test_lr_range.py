"""dlcore.lr_range: the range test finds the blow-up of a bowl where theory puts it."""

import numpy as np
import pytest

from dlcore import lr_range


def bowl_step(curvature, noise=0.0, seed=0):
    """One gradient-descent step on (curvature / 2) w^2 per call; returns the loss before the step."""
    w, rng = [1.0], np.random.default_rng(seed)

    def step(lr):
        loss = 0.5 * curvature * w[0] ** 2 + (noise * rng.normal() if noise else 0.0)
        w[0] -= lr * curvature * w[0]
        return loss
    return step


@pytest.mark.parametrize("curvature", [0.5, 4.0, 50.0])
def test_the_loss_turns_up_just_past_two_over_lambda(curvature):
    test = lr_range.range_test(bowl_step(curvature), lr_min=1e-4, lr_max=1e3, steps=140, smoothing=0.0)
    edge = 2 / curvature
    # while lr < 2/lambda every step shrinks the loss, so the lowest raw loss comes at or after 1/lambda...
    assert 1 / curvature <= test.lowest_rate <= 1.5 * edge
    # ...and the test stops soon after the rate passes the edge, when the loss has grown fourfold
    assert test.stopped_early and edge < test.rates[-1] < 3 * edge
    assert np.all(np.diff(test.losses[test.rates < edge]) <= 0)


def test_the_rates_grow_geometrically_and_smoothing_is_an_unbiased_average():
    test = lr_range.range_test(lambda lr: 1.0, lr_min=1e-3, lr_max=1.0, steps=31, smoothing=0.9)
    np.testing.assert_allclose(test.rates, np.geomspace(1e-3, 1.0, 31))
    np.testing.assert_allclose(test.smoothed, 1.0)  # the bias correction removes the pull towards 0
    assert not test.stopped_early and len(test.rates) == 31


def test_smoothing_steadies_a_noisy_test():
    noisy = lr_range.range_test(bowl_step(4.0, noise=0.02), lr_min=1e-3, lr_max=10, steps=100, smoothing=0.8)
    assert np.std(np.diff(noisy.smoothed)) < np.std(np.diff(noisy.losses))
    assert 0.1 < noisy.lowest_rate < 1.0


def test_suggestion_backs_off_from_the_lowest_point():
    test = lr_range.range_test(bowl_step(4.0), lr_min=1e-3, lr_max=10, steps=80)
    assert test.suggestion() == pytest.approx(test.lowest_rate / 3)
    assert test.suggestion(0.1) == pytest.approx(test.lowest_rate / 10)
    assert test.steepest_rate <= test.lowest_rate
    with pytest.raises(ValueError, match="at most 1"):
        test.suggestion(2.0)


def test_a_loss_that_turns_nan_stops_the_test():
    calls = []

    def step(lr):
        calls.append(lr)
        return float("nan") if lr > 0.1 else 1.0 - lr
    test = lr_range.range_test(step, lr_min=1e-3, lr_max=10, steps=50)
    assert test.stopped_early and test.rates[-1] <= 0.1 and len(calls) == len(test.rates) + 1


def test_bad_input():
    with pytest.raises(TypeError, match="step must be a function"):
        lr_range.range_test(0.1, lr_min=1e-3, lr_max=1, steps=10)
    with pytest.raises(ValueError, match="lr_max .* larger than lr_min"):
        lr_range.range_test(lambda lr: 1.0, lr_min=1.0, lr_max=0.1, steps=10)
    with pytest.raises(ValueError, match="stop_factor must be above 1"):
        lr_range.range_test(lambda lr: 1.0, lr_min=1e-3, lr_max=1, steps=10, stop_factor=0.5)
    with pytest.raises(ValueError, match="smoothing must be in"):
        lr_range.range_test(lambda lr: 1.0, lr_min=1e-3, lr_max=1, steps=10, smoothing=1.0)
    with pytest.raises(TypeError, match="the loss step"):
        lr_range.range_test(lambda lr: "low", lr_min=1e-3, lr_max=1, steps=10)
    with pytest.raises(ValueError, match="first step"):
        lr_range.range_test(lambda lr: float("inf"), lr_min=1e-3, lr_max=1, steps=10)
