"""dlcore.gridworld: moves, shortest paths and Q-learning agree with hand computation and with BFS."""

import numpy as np
import pytest

from dlcore.gridworld import ACTIONS, GridWorld, q_learning, greedy_policy

MAZE = ["S..#....",
        ".#.#.##.",
        ".#...#..",
        ".####.#.",
        "......#G"]


def test_moves_walls_and_edges():
    world = GridWorld(["S.#", "..G"])
    up, right, down, left = (list(ACTIONS).index(a) for a in ("up", "right", "down", "left"))
    assert world.step(0, right) == (1, -1.0, False)
    assert world.step(0, up) == (0, -1.0, False)      # off the grid: stay
    assert world.step(1, right) == (1, -1.0, False)   # into the wall: stay
    assert world.step(4, right) == (5, -1.0, True)    # the goal ends the episode
    assert world.step(1, down) == (4, -1.0, False)
    assert world.step(3, left) == (3, -1.0, False)
    assert world.position(5) == (1, 2)


def test_distances_match_a_hand_count():
    world = GridWorld(MAZE)
    dist = world.distances()
    assert dist[world.goal] == 0 and dist[world.start] == world.shortest_path_length() == 15
    assert np.all(dist[world.walls] == -1)
    # every free non-goal cell has a neighbour one step closer
    for s in np.flatnonzero(~world.walls):
        if s != world.goal:
            assert min(dist[world.step(s, a)[0]] for a in range(4)) == dist[s] - 1


def test_expert_policy_is_optimal_from_every_cell():
    world = GridWorld(MAZE)
    dist, expert = world.distances(), world.expert_policy()
    for s in np.flatnonzero(~world.walls):
        run = world.rollout(expert, start=s)
        assert run.reached_goal and len(run.states) - 1 == dist[s] and run.total_reward == -dist[s]


def test_q_learning_finds_a_shortest_path():
    world = GridWorld(MAZE)
    result = q_learning(world, episodes=300, seed=0)
    run = world.rollout(greedy_policy(result.Q))
    assert run.reached_goal and len(run.states) - 1 == world.shortest_path_length()
    # With gamma = 1 and reward -1 per move, the learned value of the start is minus the distance.
    assert result.Q[world.start].max() == pytest.approx(-world.shortest_path_length(), abs=0.5)
    assert result.episode_lengths[0] > 3 * result.episode_lengths[-20:].mean()
    np.testing.assert_array_equal(result.returns, -result.episode_lengths)


def test_q_update_by_hand():
    world = GridWorld(["SG"])
    result = q_learning(world, episodes=1, alpha=0.5, epsilon=0.0, seed=0)
    # The greedy agent tries tied actions at random until it steps right into the goal;
    # that last move's value becomes 0.5 * (-1 + 0 - 0) = -0.5.
    assert result.Q[0, list(ACTIONS).index("right")] == -0.5


def test_q_learning_acts_by_the_bandits_epsilon_greedy_rule(monkeypatch):
    import dlcore.bandit
    import dlcore.gridworld

    calls = []

    def spy(estimates, epsilon, rng):
        calls.append(epsilon)
        return dlcore.bandit.epsilon_greedy_action(estimates, epsilon, rng)

    monkeypatch.setattr(dlcore.gridworld, "epsilon_greedy_action", spy)
    result = q_learning(GridWorld(MAZE), episodes=3, epsilon=0.3, seed=0)
    assert len(calls) == result.episode_lengths.sum() and set(calls) == {0.3}


def test_seeded_and_bounded():
    world = GridWorld(MAZE)
    a, b = q_learning(world, episodes=20, seed=4), q_learning(world, episodes=20, seed=4)
    np.testing.assert_array_equal(a.Q, b.Q)
    short = q_learning(world, episodes=2, max_steps=5, seed=0)
    assert short.episode_lengths.tolist() == [5, 5]
    stuck = world.rollout(np.zeros(world.n_states, dtype=int), max_steps=10)  # always "up"
    assert not stuck.reached_goal and len(stuck.states) == 11


def test_bad_input():
    with pytest.raises(TypeError, match="list of strings"):
        GridWorld("S.G")
    with pytest.raises(ValueError, match="same length"):
        GridWorld(["S..", ".G"])
    with pytest.raises(ValueError, match="exactly one S"):
        GridWorld(["S.S", "..G"])
    with pytest.raises(ValueError, match="unknown cell"):
        GridWorld(["S.x", "..G"])
    with pytest.raises(ValueError, match="cut the start off"):
        GridWorld(["S#G"])
    world = GridWorld(["S.#", "..G"])
    with pytest.raises(ValueError, match="not a free cell"):
        world.step(2, 0)
    with pytest.raises(ValueError, match="action must be 0..3"):
        world.step(0, 4)
    with pytest.raises(ValueError, match="one integer action per state"):
        world.rollout([0, 1])
    with pytest.raises(TypeError, match="must be a GridWorld"):
        q_learning(["S.G"])
    with pytest.raises(ValueError, match="alpha must be in"):
        q_learning(world, alpha=2.0)
    with pytest.raises(ValueError, match="alpha must be positive"):
        q_learning(world, alpha=0.0)
    with pytest.raises(ValueError, match="must be 2-D"):
        greedy_policy([1.0, 2.0])
