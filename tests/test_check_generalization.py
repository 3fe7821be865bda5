"""dlcore.check graders of chapter 6 accept right answers and reject known-wrong ones."""

import numpy as np
import pytest

from conftest import need
from dlcore import check, experiment
from dlcore.stopping import stopping_point


def dropout(x, p, rng):
    return x * (rng.random(x.shape) >= p) / (1 - p)


@pytest.mark.parametrize("right", [
    dropout,
    lambda x, p, rng: np.where(rng.random(x.shape) < 1 - p, x / (1 - p), 0.0),  # the other mask convention
])
def test_inverted_dropout_accepts_either_mask_convention(right):
    assert check.inverted_dropout(right, verbose=False)


@pytest.mark.parametrize("wrong, probe", [
    (lambda x, p, rng: x * (rng.random(x.shape) >= p), "p = 0.3"),                         # no rescaling
    (lambda x, p, rng: x * (rng.random(x.shape) < p) / (1 - p), "p = 0 keeps"),            # keeps with prob p
    (lambda x, p, rng: x * (np.random.random(x.shape) >= p) / (1 - p), "the rng argument"),  # global state
    (lambda x, p, rng: dropout(x, p, np.random.default_rng(0)), "the rng argument"),         # a fixed seed
    (lambda x, p, rng: dropout(x, p, rng).ravel(), "p = 0 keeps"),                           # flattens
])
def test_inverted_dropout_rejects_wrong(wrong, probe, capsys):
    result = check.inverted_dropout(wrong)
    assert result.status == "failed" and probe in capsys.readouterr().out


def zscore(a, b):
    mean, std = a.mean(0), a.std(0)
    std = np.where(std > 0, std, 1.0)
    return (a - mean) / std, (b - mean) / std


def test_zscore():
    assert check.zscore(zscore, verbose=False)
    each_its_own = lambda a, b: (zscore(a, a)[0], zscore(b, b)[0])  # noqa: E731  leaks the other set's statistics
    no_guard = lambda a, b: ((a - a.mean(0)) / a.std(0), (b - a.mean(0)) / a.std(0))  # noqa: E731
    sample_std = lambda a, b: ((a - a.mean(0)) / a.std(0, ddof=1), (b - a.mean(0)) / a.std(0, ddof=1))  # noqa: E731
    for wrong in (each_its_own, no_guard, sample_std):
        assert check.zscore(wrong, verbose=False).status == "failed"


def test_zscore_names_the_leak(capsys):
    check.zscore(lambda a, b: (zscore(a, a)[0], zscore(b, b)[0]))
    assert "training statistics" in capsys.readouterr().out


def test_early_stopping_point():
    assert check.early_stopping_point(stopping_point, verbose=False)
    global_minimum = lambda c, p: (int(np.argmin(c)), len(c) - 1)  # noqa: E731  ignores the patience
    not_strict = lambda c, p: stopping_point(np.asarray(c) - 1e-12 * np.arange(len(c)), p)  # noqa: E731
    off_by_one = lambda c, p: (stopping_point(c, p)[0], min(stopping_point(c, p)[1] + 1, len(c) - 1))  # noqa: E731
    for wrong in (global_minimum, not_strict, off_by_one):
        assert check.early_stopping_point(wrong, verbose=False).status == "failed"


def welch_t(a, b):
    w = experiment.welch(a, b)
    return w.t, w.df


def test_welch_t():
    stats = need("scipy.stats")
    scipy_t = lambda a, b: (stats.ttest_ind(a, b, equal_var=False).statistic, welch_t(a, b)[1])  # noqa: E731
    assert check.welch_t(welch_t, verbose=False) and check.welch_t(scipy_t, verbose=False)

    def pooled(a, b):
        n, m = len(a), len(b)
        s2 = ((n - 1) * np.var(a, ddof=1) + (m - 1) * np.var(b, ddof=1)) / (n + m - 2)
        return (np.mean(a) - np.mean(b)) / np.sqrt(s2 * (1 / n + 1 / m)), n + m - 2

    def population(a, b):  # variances with n, not n - 1, in the denominator
        return (np.mean(a) - np.mean(b)) / np.sqrt(np.var(a) / len(a) + np.var(b) / len(b)), welch_t(a, b)[1]

    for wrong in (pooled, population, lambda a, b: welch_t(b, a)):
        assert check.welch_t(wrong, verbose=False).status == "failed"
