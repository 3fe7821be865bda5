"""A small gridworld and tabular Q-learning, written out in full (no gym needed).

The world is a grid of cells drawn as text: ``S`` start, ``G`` goal, ``#`` wall,
``.`` free. The agent moves up, right, down or left; a move into a wall or off the
grid leaves it where it is. Every move costs -1 and the episode ends at the goal,
so the return of an episode is minus the number of moves: the best policy takes a
shortest path. Q-learning (Watkins, 1989) learns the value Q(s, a) of each move from
experience alone, by nudging it towards r + gamma * max_a' Q(s', a').

>>> world = GridWorld(["S.#", "..G"])
>>> world.n_states, world.shortest_path_length()
(6, 3)
>>> result = q_learning(world, episodes=100, seed=0)
>>> world.rollout(greedy_policy(result.Q)).reached_goal
True
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, List, Sequence, Tuple

import numpy as np

from ._validate import as_float_array, as_int, as_positive, as_real, as_rng
from .bandit import epsilon_greedy_action

__all__ = ["GridWorld", "Rollout", "QLearningResult", "q_learning", "greedy_policy", "ACTIONS"]

#: The four moves as (row change, column change), in action order 0..3.
ACTIONS = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}
_MOVES = list(ACTIONS.values())


@dataclass
class Rollout:
    """The states an episode visited, its return, and whether it reached the goal."""

    states: List[int]
    total_reward: float
    reached_goal: bool


class GridWorld:
    """A grid of cells from a list of equal-length strings; states are numbered row by row."""

    def __init__(self, layout: Sequence[str]) -> None:
        if isinstance(layout, str) or not all(isinstance(row, str) for row in layout) or not layout:
            raise TypeError("GridWorld: layout must be a list of strings such as ['S..', '.#G'].")
        if len({len(row) for row in layout}) != 1:
            raise ValueError(f"GridWorld: every row must have the same length, got {[len(r) for r in layout]}.")
        bad = set("".join(layout)) - set("SG#.")
        if bad:
            raise ValueError(f"GridWorld: unknown cell characters {sorted(bad)}; use S, G, # and '.'.")
        text = "".join(layout)
        if text.count("S") != 1 or text.count("G") != 1:
            raise ValueError("GridWorld: the layout needs exactly one S (start) and one G (goal).")
        self.layout = list(layout)
        self.shape = (len(layout), len(layout[0]))
        self.start, self.goal = text.index("S"), text.index("G")
        self.walls = np.array([c == "#" for c in text])
        if self.shortest_path_length() < 0:
            raise ValueError("GridWorld: walls cut the start off from the goal.")

    @property
    def n_states(self) -> int:
        return self.shape[0] * self.shape[1]

    @property
    def n_actions(self) -> int:
        return len(_MOVES)

    def position(self, state: int) -> Tuple[int, int]:
        """The (row, column) of a state."""
        return divmod(int(state), self.shape[1])

    def step(self, state: int, action: int) -> Tuple[int, float, bool]:
        """Take ``action`` in ``state``: return (next state, reward -1, whether it is the goal)."""
        state = as_int(state, "state", "GridWorld.step")
        action = as_int(action, "action", "GridWorld.step")
        if state >= self.n_states or self.walls[state]:
            raise ValueError(f"GridWorld.step: state {state} is not a free cell of this {self.shape} grid.")
        if action >= self.n_actions:
            raise ValueError(f"GridWorld.step: action must be 0..3 (up, right, down, left), got {action}.")
        row, col = self.position(state)
        dr, dc = _MOVES[action]
        r, c = row + dr, col + dc
        nxt = r * self.shape[1] + c
        if not (0 <= r < self.shape[0] and 0 <= c < self.shape[1]) or self.walls[nxt]:
            nxt = state  # bumping into a wall or the edge: stay put, still pay for the move
        return nxt, -1.0, nxt == self.goal

    def distances(self) -> np.ndarray:
        """Moves from every cell to the goal along a shortest path (breadth-first search); -1 if unreachable."""
        dist = np.full(self.n_states, -1)
        dist[self.goal] = 0
        queue = deque([self.goal])
        while queue:  # moves are reversible, so searching from the goal finds distances to it
            s = queue.popleft()
            row, col = self.position(s)
            for dr, dc in _MOVES:
                r, c = row + dr, col + dc
                if 0 <= r < self.shape[0] and 0 <= c < self.shape[1]:
                    n = r * self.shape[1] + c
                    if not self.walls[n] and dist[n] < 0:
                        dist[n] = dist[s] + 1
                        queue.append(n)
        return dist

    def shortest_path_length(self) -> int:
        """The fewest moves from the start to the goal (-1 if there is no way through)."""
        return int(self.distances()[self.start])

    def expert_policy(self) -> np.ndarray:
        """An optimal action for every state: one that moves a step closer to the goal (first such in ACTIONS order)."""
        dist = self.distances()
        policy = np.zeros(self.n_states, dtype=np.int64)
        for s in np.flatnonzero((dist > 0) & ~self.walls):
            policy[s] = next(a for a in range(self.n_actions) if dist[self.step(int(s), a)[0]] == dist[s] - 1)
        return policy

    def rollout(self, policy: Any, max_steps: int = 100, start: Any = None) -> Rollout:
        """Follow ``policy`` (one action per state) from ``start`` (default: S) for at most ``max_steps`` moves."""
        policy = np.asarray(policy)
        if policy.shape != (self.n_states,) or policy.dtype.kind not in "iu":
            raise ValueError(f"GridWorld.rollout: policy must hold one integer action per state "
                             f"(shape ({self.n_states},)), got shape {policy.shape}, dtype {policy.dtype}.")
        max_steps = as_int(max_steps, "max_steps", "GridWorld.rollout", minimum=1)
        state = self.start if start is None else as_int(start, "start", "GridWorld.rollout")
        states, total, done = [state], 0.0, state == self.goal
        while not done and len(states) <= max_steps:
            state, reward, done = self.step(state, int(policy[state]))
            states.append(state)
            total += reward
        return Rollout(states, total, done)


@dataclass
class QLearningResult:
    """The learned table ``Q`` (states x actions) and each episode's length and return."""

    Q: np.ndarray
    episode_lengths: np.ndarray
    returns: np.ndarray


def q_learning(world: GridWorld, *, episodes: int = 200, alpha: float = 0.5, gamma: float = 1.0,
               epsilon: float = 0.1, max_steps: int = 500, seed: Any = 0) -> QLearningResult:
    """Tabular Q-learning with an ε-greedy behaviour policy, every episode starting at S.

    The agent acts by :func:`dlcore.bandit.epsilon_greedy_action` on the row Q[s] of its table,
    the same rule as the bandit agents'.

    After each move (s, a, r, s'), Q(s, a) += alpha * (r + gamma * max_a' Q(s', a') - Q(s, a)),
    with max_a' Q(s', a') taken as 0 when s' is the goal. The table starts at 0, which is
    optimistic when every move costs -1, so the agent tries what it has not tried yet.
    """
    if not isinstance(world, GridWorld):
        raise TypeError(f"q_learning: world must be a GridWorld, got {type(world).__name__}.")
    episodes = as_int(episodes, "episodes", "q_learning", minimum=1)
    alpha = as_positive(alpha, "alpha", "q_learning")
    gamma = as_real(gamma, "gamma", "q_learning")
    epsilon = as_real(epsilon, "epsilon", "q_learning")
    if not (alpha <= 1 and 0 <= gamma <= 1 and 0 <= epsilon <= 1):
        raise ValueError(f"q_learning: alpha must be in (0, 1], gamma and epsilon in [0, 1]; "
                         f"got alpha={alpha}, gamma={gamma}, epsilon={epsilon}.")
    max_steps = as_int(max_steps, "max_steps", "q_learning", minimum=1)
    rng = as_rng(seed, "q_learning")
    Q = np.zeros((world.n_states, world.n_actions))
    lengths, returns = np.zeros(episodes, dtype=np.int64), np.zeros(episodes)
    for episode in range(episodes):
        state, done, t = world.start, False, 0
        while not done and t < max_steps:
            action = epsilon_greedy_action(Q[state], epsilon, rng)  # the bandit's ε-greedy rule
            nxt, reward, done = world.step(state, action)
            target = reward + (0.0 if done else gamma * Q[nxt].max())
            Q[state, action] += alpha * (target - Q[state, action])
            state, t = nxt, t + 1
            returns[episode] += reward
        lengths[episode] = t
    return QLearningResult(Q, lengths, returns)


def greedy_policy(Q: Any) -> np.ndarray:
    """The action with the highest value in every state (row) of a Q table."""
    Q = as_float_array(Q, "Q", "greedy_policy", ndim=(2,))
    return Q.argmax(axis=1)
