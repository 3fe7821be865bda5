"""dlcore.check graders of chapter 2 accept right answers and reject typical mistakes."""

import math

import numpy as np

from dlcore import check
from dlcore.activations import relu, sigmoid


def right_bump(x, left, right, height, steepness):
    return height * (sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right)))


def test_bump():
    assert check.bump(right_bump, verbose=False)
    wrongs = [
        lambda x, l, r, h, w: sigmoid(w * (x - l)) - sigmoid(w * (x - r)),              # forgot the height
        lambda x, l, r, h, w: h * (sigmoid(w * (x - r)) - sigmoid(w * (x - l))),          # upside down
        lambda x, l, r, h, w: h * (sigmoid(x - l) - sigmoid(x - r)),                      # ignores steepness
        lambda x, l, r, h, w: h * (1 / (1 + np.exp(-w * (x - l))) - 1 / (1 + np.exp(-w * (x - r)))),  # overflows
    ]
    for wrong in wrongs:
        assert check.bump(wrong, verbose=False).status == "failed"


def test_bump_overflow_hint(capsys):
    check.bump(lambda x, l, r, h, w: h * (1 / (1 + np.exp(-w * (x - l))) - 1 / (1 + np.exp(-w * (x - r)))))
    out = capsys.readouterr().out
    assert "very steep" in out and "dlcore.activations.sigmoid" in out


def tent(x):
    return 2 * relu(x) - 4 * relu(x - 0.5)


def test_tent_and_sawtooth():
    assert check.tent(tent, verbose=False)
    assert check.tent(lambda x: 2 * relu(x) - 2 * relu(x - 0.5), verbose=False).status == "failed"  # flat top

    def saw(x, k):
        for _ in range(k):
            x = tent(x)
        return x

    assert check.sawtooth(saw, verbose=False)
    assert check.sawtooth(lambda x, k: tent(x) * k, verbose=False).status == "failed"
    assert check.sawtooth(lambda x, k: saw(x, k + 1), verbose=False).status == "failed"  # off by one


def test_params_for_accuracy():
    def right(slope, eps):
        return 6 * max(1, math.ceil(slope / (2 * eps) - 1e-9)) + 1

    assert check.params_for_accuracy(right, verbose=False)
    forgot_bias = lambda s, e: right(s, e) - 1  # noqa: E731
    one_unit_per_bump = lambda s, e: 3 * max(1, math.ceil(s / (2 * e))) + 1  # noqa: E731
    no_half = lambda s, e: 6 * math.ceil(s / e) + 1  # noqa: E731
    for wrong in (forgot_bias, one_unit_per_bump, no_half):
        assert check.params_for_accuracy(wrong, verbose=False).status == "failed"
