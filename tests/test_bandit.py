"""dlcore.bandit: rewards have the stated distribution, the agent's bookkeeping and regret are exact."""

import numpy as np
import pytest

from dlcore.bandit import Bandit, BanditRun, epsilon_greedy, epsilon_greedy_action

MEANS = np.array([0.2, 1.0, 0.5, -0.3])


def test_rewards_have_the_stated_mean_and_spread():
    bandit = Bandit(MEANS, noise=2.0, seed=0)
    rewards = bandit.pull(np.full(200_000, 2))
    assert rewards.mean() == pytest.approx(0.5, abs=0.02)
    assert rewards.std() == pytest.approx(2.0, rel=0.01)
    assert Bandit(MEANS, noise=0.0).pull(3) == -0.3
    assert isinstance(bandit.pull(1), float)
    assert bandit.n_arms == 4 and bandit.best_arm == 1


def test_action_choice_frequencies():
    rng = np.random.default_rng(0)
    q = np.array([0.0, 2.0, 1.0, 2.0])  # arms 1 and 3 tie for best
    picks = np.bincount([epsilon_greedy_action(q, 0.2, rng) for _ in range(40_000)], minlength=4) / 40_000
    # exploring (0.2) spreads evenly; exploiting (0.8) splits between the tied arms
    np.testing.assert_allclose(picks, [0.05, 0.45, 0.05, 0.45], atol=0.01)
    assert {epsilon_greedy_action([3.0, 1.0], 0.0, rng) for _ in range(100)} == {0}


def test_estimates_are_the_running_averages():
    run = epsilon_greedy(MEANS, 0.3, 300, runs=5, seed=1)
    for i in range(5):
        for a in range(4):
            mine = run.rewards[i][run.actions[i] == a]
            expected = mine.mean() if mine.size else 0.0
            assert run.estimates[i, a] == pytest.approx(expected)


def test_regret_by_hand_and_for_a_random_agent():
    run = BanditRun(np.array([0.0, 1.0]), np.array([[0, 1, 0], [1, 1, 1]]), np.zeros((2, 3)), np.zeros((2, 2)))
    np.testing.assert_allclose(run.regret, [0.5, 0.5, 1.0])
    np.testing.assert_allclose(run.best_arm_fraction, [0.5, 1.0, 0.5])
    random = epsilon_greedy(MEANS, 1.0, 2000, runs=100, seed=2)
    expected = 2000 * (MEANS.max() - MEANS.mean())
    assert random.regret[-1] == pytest.approx(expected, rel=0.03)


def test_greedy_gets_stuck_while_exploring_or_optimism_finds_the_best_arm():
    greedy = epsilon_greedy(MEANS, 0.0, 500, runs=200, noise=0.0, seed=3)
    # Without noise the first positive arm tried is kept forever: a tie-broken random start.
    assert 0.15 < greedy.best_arm_fraction[-1] < 0.45
    explore = epsilon_greedy(MEANS, 0.1, 500, runs=200, noise=0.0, seed=3)
    assert explore.best_arm_fraction[-1] > 0.85
    optimistic = epsilon_greedy(MEANS, 0.0, 500, runs=200, noise=0.0, initial=5.0, seed=3)
    assert optimistic.best_arm_fraction[-1] == 1.0
    assert optimistic.regret[-1] < explore.regret[-1] < greedy.regret[-1]


def test_seeded_runs_repeat():
    a, b = epsilon_greedy(MEANS, 0.1, 50, runs=3, seed=9), epsilon_greedy(MEANS, 0.1, 50, runs=3, seed=9)
    np.testing.assert_array_equal(a.actions, b.actions)
    np.testing.assert_array_equal(a.rewards, b.rewards)
    assert a.actions.shape == a.rewards.shape == (3, 50)


def test_bad_input():
    with pytest.raises(ValueError, match="must be 1-D"):
        Bandit([[0.0, 1.0]])
    with pytest.raises(ValueError, match=r"noise \(a standard deviation\) must be >= 0"):
        Bandit(MEANS, noise=-1.0)
    with pytest.raises(ValueError, match="integer from 0 to 3"):
        Bandit(MEANS).pull(4)
    with pytest.raises(ValueError, match="integer from 0 to 3"):
        Bandit(MEANS).pull(1.0)
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        epsilon_greedy(MEANS, 1.5, 10)
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        epsilon_greedy_action(MEANS, -0.1, np.random.default_rng(0))
    with pytest.raises(TypeError, match="numpy Generator"):
        epsilon_greedy_action(MEANS, 0.1, 0)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        epsilon_greedy(MEANS, 0.1, 0)
    with pytest.raises(ValueError, match="NaN"):
        epsilon_greedy([0.0, np.nan], 0.1, 10)
