"""dlcore.experiment against scipy.stats: t distribution, confidence intervals, Welch's test."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import need
from dlcore import experiment


@settings(max_examples=60, deadline=None)
@given(t=st.floats(-40, 40), df=st.floats(0.5, 200))
def test_t_cdf_matches_scipy(t, df):
    stats = need("scipy.stats")
    assert experiment.t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-10)


@pytest.mark.parametrize("q", [0.6, 0.9, 0.975, 0.995])
@pytest.mark.parametrize("df", [1, 2.5, 4, 30])
def test_t_quantile_matches_scipy(q, df):
    stats = need("scipy.stats")
    assert experiment.t_quantile(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-8)


def test_summary_interval_matches_scipy():
    stats = need("scipy.stats")
    values = np.random.default_rng(0).normal(3.0, 2.0, size=7)
    s = experiment.summarize(values, confidence=0.9)
    low, high = stats.t.interval(0.9, 6, loc=values.mean(), scale=stats.sem(values))
    assert (s.low, s.high) == (pytest.approx(low), pytest.approx(high))
    assert s.n == 7 and s.std == pytest.approx(values.std(ddof=1))


@pytest.mark.parametrize("seed", range(5))
def test_welch_matches_scipy(seed):
    stats = need("scipy.stats")
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1, size=5), rng.normal(0.8, 3, size=9)
    ours, theirs = experiment.welch(a, b), stats.ttest_ind(a, b, equal_var=False)
    assert ours.t == pytest.approx(theirs.statistic) and ours.p == pytest.approx(theirs.pvalue)
    assert ours.difference == pytest.approx(a.mean() - b.mean())


def test_welch_with_no_spread():
    assert experiment.welch([1.0, 1.0], [1.0, 1.0]).p == 1.0
    assert experiment.welch([2.0, 2.0], [1.0, 1.0]).p == 0.0


def test_over_seeds_runs_every_setting_and_seed():
    calls = []

    def fn(seed, lr, width):
        calls.append((seed, lr, width))
        return lr * width + seed

    sweep = experiment.over_seeds(fn, seeds=[0, 1, 2], lr=[0.1, 1.0], width=[2, 4])
    assert len(calls) == 12
    np.testing.assert_allclose(sweep.values(lr=1.0, width=4), [4, 5, 6])
    assert sweep.means().shape == (2, 2) and sweep.means()[1, 1] == pytest.approx(5.0)
    assert "lr = 0.1, width = 2: 1.2 (95% CI" in sweep.table()
    with pytest.raises(ValueError, match="not one of the settings"):
        sweep.values(lr=0.5, width=2)
    with pytest.raises(ValueError, match="name a value for each"):
        sweep.values(lr=0.1)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="at least 2 runs"):
        experiment.summarize([1.0])
    with pytest.raises(ValueError, match="NaN"):
        experiment.welch([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="at least 2 seeds"):
        experiment.over_seeds(lambda seed: 0.0, seeds=[0])
    with pytest.raises(TypeError, match="one number"):
        experiment.over_seeds(lambda seed: "x", seeds=[0, 1])
    with pytest.raises(ValueError, match="non-empty list"):
        experiment.over_seeds(lambda seed, lr: 0.0, seeds=[0, 1], lr=[])
    with pytest.raises(ValueError, match="strictly between"):
        experiment.t_quantile(1.0, 3)
