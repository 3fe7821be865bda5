"""dlcore.bandit: rewards have the stated distribution, the agents' bookkeeping and regret are
exact, fixed-ε regret grows by ε times the average gap, and UCB1 matches a plain loop and the
closed form of its pull counts."""

import math

import numpy as np
import pytest

from dlcore.bandit import Bandit, BanditRun, epsilon_greedy, epsilon_greedy_action, ucb

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


def test_the_choice_takes_one_row_of_a_q_table():
    Q = np.array([[0.0, -1.0], [-3.0, -2.0]])
    rng = np.random.default_rng(0)
    assert [epsilon_greedy_action(Q[s], 0.0, rng) for s in range(2)] == [0, 1]
    with pytest.raises(ValueError, match="must be 1-D"):
        epsilon_greedy_action(Q, 0.1, rng)


@pytest.mark.parametrize("agent", [lambda: epsilon_greedy(MEANS, 0.3, 300, runs=5, seed=1),
                                   lambda: ucb(MEANS, 300, runs=5, seed=1)],
                         ids=["epsilon_greedy", "ucb"])
def test_estimates_are_the_running_averages(agent):
    run = agent()
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


def test_fixed_epsilon_pays_epsilon_times_the_average_gap_per_pull():
    # Optimistic starts and exact rewards: after one pull of each arm the greedy choice is the best
    # arm, so from then on every pull costs, in expectation, epsilon times the average gap.
    run = epsilon_greedy(MEANS, 0.1, 1000, runs=500, noise=0.0, initial=5.0, seed=4)
    slope = (run.regret[-1] - run.regret[199]) / 800
    assert slope == pytest.approx(0.1 * (MEANS.max() - MEANS.mean()), rel=0.03)


def reference_ucb(means, steps, c):
    """UCB1 written out for one agent with exact rewards: every arm once, then the highest bound."""
    k = len(means)
    total, count, actions = [0.0] * k, [0] * k, []
    for t in range(steps):
        if t < k:
            a = t
        else:
            bounds = [total[i] / count[i] + c * math.sqrt(math.log(t) / count[i]) for i in range(k)]
            a = bounds.index(max(bounds))  # the first arm on a tie, like np.argmax
        total[a] += means[a]
        count[a] += 1
        actions.append(a)
    return actions


@pytest.mark.parametrize("c", [math.sqrt(2), 0.5])
def test_ucb_matches_a_plain_loop(c):
    run = ucb(MEANS, 400, c=c, runs=3, noise=0.0, seed=0)
    expected = reference_ucb(MEANS.tolist(), 400, c)
    for actions in run.actions:
        assert actions.tolist() == expected


@pytest.mark.parametrize("steps", [2000, 5000])
def test_ucb_pulls_a_worse_arm_logarithmically_often(steps):
    # Without noise, UCB1 pulls the worse arm (gap 0.5) while its bonus outweighs the gap:
    # N2 = c² ln T / (gap + c sqrt(ln T / N1))², with N1 = T - N2, solved by iteration.
    run = ucb([1.0, 0.5], steps, c=math.sqrt(2), noise=0.0, seed=0)
    n2 = 2 * math.log(steps) / 0.25
    for _ in range(50):
        n2 = 2 * math.log(steps) / (0.5 + math.sqrt(2 * math.log(steps) / (steps - n2))) ** 2
    assert abs(np.sum(run.actions == 1) - n2) <= 1.5


def test_ucb_regret_stops_growing_linearly():
    noisy_means = np.array([0.0, 0.5, 1.0])
    u = ucb(noisy_means, 4000, runs=100, seed=5)
    e = epsilon_greedy(noisy_means, 0.1, 4000, runs=100, seed=5)
    late = lambda run: run.regret[-1] - run.regret[-1001]  # noqa: E731 - the last 1,000 pulls
    early = lambda run: run.regret[1999] - run.regret[999]  # noqa: E731 - pulls 1,000 to 2,000
    assert late(u) < 0.6 * early(u)
    assert late(e) > 0.9 * 1000 * 0.1 * (noisy_means.max() - noisy_means.mean())
    assert u.regret[-1] < e.regret[-1]


def test_favourites_are_the_most_pulled_arms():
    actions = np.array([[0, 2, 2, 1], [1, 1, 0, 1]])
    run = BanditRun(np.array([0.0, 1.0, 0.5]), actions, np.zeros((2, 4)), np.zeros((2, 3)))
    assert run.favourites.tolist() == [2, 1]


def test_seeded_runs_repeat():
    for agent in (lambda: epsilon_greedy(MEANS, 0.1, 50, runs=3, seed=9),
                  lambda: ucb(MEANS, 50, runs=3, seed=9)):
        a, b = agent(), agent()
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
    with pytest.raises(ValueError, match=r"c \(the width of the confidence bonus\) must be >= 0"):
        ucb(MEANS, 10, c=-1.0)
    with pytest.raises(ValueError, match="runs must be at least 1"):
        ucb(MEANS, 10, runs=0)
    with pytest.raises(TypeError, match="ucb: seed must be an int"):
        ucb(MEANS, 10, seed="0")
