"""A multi-armed bandit and two agents for it: ε-greedy and UCB1 (reinforcement learning with one state).

Each arm a pays a random reward with mean mu_a (Gaussian noise around it). The agent
does not know the means; it keeps an estimate Q_a, the average reward of arm a so far.
Its *regret* after T pulls is how much expected reward it gave up against always
pulling the best arm: sum over t of (mu* - mu_{a_t}).

- **ε-greedy** pulls the best-looking arm, except that with probability ε it tries a
  random one. With a fixed ε those random pulls never stop, and each costs the average
  gap mu* - mean(mu) in expectation, so its regret grows linearly, by about
  ε (mu* - mean(mu)) per pull in the long run.
- **UCB1** (Auer, Cesa-Bianchi & Fischer, 2002) pulls the arm with the highest upper
  confidence bound Q_a + c sqrt(ln t / N_a): an arm is tried again while it is uncertain
  enough that it might still be the best. A worse arm is then pulled only on the order
  of ln T / gap² times, so the regret grows logarithmically.

>>> bandit = Bandit([0.0, 1.0], noise=0.0, seed=0)
>>> bandit.pull(1), bandit.best_arm
(1.0, 1)
>>> run = epsilon_greedy([0.0, 1.0], epsilon=1.0, steps=1000, runs=50, seed=0)
>>> bool(abs(run.regret[-1] - 500) < 50)   # a random arm costs 0.5 per pull on average
True
>>> bool(ucb([0.0, 1.0], steps=1000, runs=50, seed=0).regret[-1] < 50)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ._validate import as_float_array, as_int, as_nonnegative, as_real, as_rng

__all__ = ["Bandit", "epsilon_greedy_action", "BanditRun", "epsilon_greedy", "ucb"]


def _epsilon(epsilon: Any, where: str) -> float:
    epsilon = as_real(epsilon, "epsilon", where)
    if not 0 <= epsilon <= 1:
        raise ValueError(f"{where}: epsilon is a probability and must lie in [0, 1], got {epsilon}.")
    return epsilon


class Bandit:
    """A k-armed bandit: ``pull(a)`` returns mean[a] plus Gaussian noise of standard deviation ``noise``."""

    def __init__(self, means: Any, noise: float = 1.0, seed: Any = 0) -> None:
        self.means = as_float_array(means, "means", "Bandit", ndim=(1,)).astype(np.float64)
        self.noise = as_nonnegative(noise, "noise (a standard deviation)", "Bandit")
        self.rng = as_rng(seed, "Bandit")

    @property
    def n_arms(self) -> int:
        return int(self.means.shape[0])

    @property
    def best_arm(self) -> int:
        return int(np.argmax(self.means))

    def pull(self, arm: Any) -> Any:
        """The reward for pulling ``arm`` (an int, or an array of arms for many independent pulls)."""
        arms = np.asarray(arm)
        if arms.dtype.kind not in "iu" or np.any(arms < 0) or np.any(arms >= self.n_arms):
            raise ValueError(f"Bandit.pull: arm must be an integer from 0 to {self.n_arms - 1}, got {arm!r}.")
        reward = self.means[arms] + self.noise * self.rng.normal(size=arms.shape)
        return float(reward) if arms.ndim == 0 else reward


def epsilon_greedy_action(estimates: Any, epsilon: float, rng: np.random.Generator) -> int:
    """The ε-greedy choice: with probability ε a uniformly random action, otherwise a best one.

    ``estimates`` holds the value of each action (a bandit's Q_a, or one row Q[s] of a
    Q-learning table); the random action may be the best one too. Ties for the highest
    estimate are broken at random, so an agent whose estimates all start equal does not
    always favour action 0. All randomness comes from ``rng``, so runs repeat. This is the
    one ε-greedy rule in dlcore: the bandit agents and :func:`dlcore.gridworld.q_learning`
    both act with it.

    >>> epsilon_greedy_action([0.1, 0.7, 0.3], 0.0, np.random.default_rng(0))
    1
    """
    q = as_float_array(estimates, "estimates", "epsilon_greedy_action", ndim=(1,))
    epsilon = _epsilon(epsilon, "epsilon_greedy_action")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"epsilon_greedy_action: rng must be a numpy Generator "
                        f"(np.random.default_rng(seed)), got {type(rng).__name__}.")
    if rng.random() < epsilon:
        return int(rng.integers(q.shape[0]))  # explore
    best = np.flatnonzero(q == q.max())
    return int(best[rng.integers(best.shape[0])])  # exploit


@dataclass
class BanditRun:
    """What a bandit agent did: ``actions`` and ``rewards`` have shape (runs, steps)."""

    means: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    estimates: np.ndarray  # (runs, arms): each run's final average reward per arm

    @property
    def regret(self) -> np.ndarray:
        """Expected regret accumulated up to each step, averaged over the runs: shape (steps,)."""
        lost = self.means.max() - self.means[self.actions]
        return lost.cumsum(axis=1).mean(axis=0)

    @property
    def best_arm_fraction(self) -> np.ndarray:
        """The fraction of runs that pulled the best arm at each step: shape (steps,)."""
        return (self.actions == int(np.argmax(self.means))).mean(axis=0)

    @property
    def favourites(self) -> np.ndarray:
        """Each run's most-pulled arm: shape (runs,)."""
        k = self.means.shape[0]
        counts = (self.actions[:, :, None] == np.arange(k)).sum(axis=1)
        return counts.argmax(axis=1)


Chooser = Callable[[np.ndarray, np.ndarray, int, np.random.Generator], np.ndarray]


def _play(means: Any, steps: int, runs: int, noise: float, initial: float, seed: Any,
          choose: Chooser, where: str) -> BanditRun:
    """Run ``runs`` independent agents side by side (vectorised over runs) for ``steps`` pulls.

    ``choose(Q, N, t, rng)`` returns every run's arm at step t from its estimates Q and
    pull counts N (both (runs, arms)); each estimate is the running average of its rewards,
    Q_a <- Q_a + (r - Q_a) / N_a.
    """
    rng = as_rng(seed, where)
    bandit = Bandit(means, noise, seed=rng)
    rows = np.arange(runs)
    Q = np.full((runs, bandit.n_arms), initial)
    N = np.zeros((runs, bandit.n_arms))
    actions = np.empty((runs, steps), dtype=np.int64)
    rewards = np.empty((runs, steps))
    for t in range(steps):
        a = choose(Q, N, t, rng)
        r = bandit.pull(a)
        N[rows, a] += 1
        Q[rows, a] += (r - Q[rows, a]) / N[rows, a]
        actions[:, t], rewards[:, t] = a, r
    return BanditRun(bandit.means, actions, rewards, Q)


def epsilon_greedy(means: Any, epsilon: float, steps: int, *, runs: int = 1, noise: float = 1.0,
                   initial: float = 0.0, seed: Any = 0) -> BanditRun:
    """Run ``runs`` independent ε-greedy agents for ``steps`` pulls each on the bandit ``means``.

    Every agent starts with estimates ``initial`` and acts as :func:`epsilon_greedy_action`
    does (here vectorised over the runs, for speed). With a fixed ε > 0 the regret grows
    linearly in the long run, by ε (mu* - mean(mu)) per pull once the best arm is found.
    """
    epsilon = _epsilon(epsilon, "epsilon_greedy")
    steps = as_int(steps, "steps", "epsilon_greedy", minimum=1)
    runs = as_int(runs, "runs", "epsilon_greedy", minimum=1)
    initial = as_real(initial, "initial", "epsilon_greedy")

    def choose(Q: np.ndarray, N: np.ndarray, t: int, rng: np.random.Generator) -> np.ndarray:
        # Greedy with random tie-breaking: the largest random score among the arms tied at the top.
        best = Q == Q.max(axis=1, keepdims=True)
        greedy = np.argmax(best * (1.0 + rng.random(Q.shape)), axis=1)
        explore = rng.random(Q.shape[0]) < epsilon
        return np.where(explore, rng.integers(Q.shape[1], size=Q.shape[0]), greedy)

    return _play(means, steps, runs, noise, initial, seed, choose, "epsilon_greedy")


def ucb(means: Any, steps: int, *, c: float = math.sqrt(2), runs: int = 1, noise: float = 1.0,
        seed: Any = 0) -> BanditRun:
    """Run ``runs`` independent UCB agents for ``steps`` pulls each on the bandit ``means``.

    Each agent pulls every arm once, then at step t (the pulls so far) the arm with the
    largest upper confidence bound Q_a + c sqrt(ln t / N_a), the lowest-numbered one on a
    tie. The default c = sqrt(2) is UCB1 (Auer, Cesa-Bianchi & Fischer, 2002), whose regret
    they bound by a multiple of ln T for rewards in [0, 1]: without noise, an arm Δ below
    the best is pulled about c² ln T / Δ² times in T pulls. A larger c explores more.
    """
    c = as_nonnegative(c, "c (the width of the confidence bonus)", "ucb")
    steps = as_int(steps, "steps", "ucb", minimum=1)
    runs = as_int(runs, "runs", "ucb", minimum=1)

    def choose(Q: np.ndarray, N: np.ndarray, t: int, rng: np.random.Generator) -> np.ndarray:
        if t < Q.shape[1]:
            return np.full(Q.shape[0], t)  # first, every arm once
        return np.argmax(Q + c * np.sqrt(np.log(t) / N), axis=1)

    return _play(means, steps, runs, noise, 0.0, seed, choose, "ucb")
