"""A multi-armed bandit and the epsilon-greedy agent: reinforcement learning with one state.

Each arm a pays a random reward with mean mu_a (Gaussian noise around it). The agent
does not know the means; it keeps an estimate Q_a, the average reward of arm a so far,
and with probability epsilon tries a random arm, otherwise the best-looking one.
Its *regret* after T pulls is how much expected reward it gave up against always
pulling the best arm: sum over t of (mu* - mu_{a_t}).

>>> bandit = Bandit([0.0, 1.0], noise=0.0, seed=0)
>>> bandit.pull(1), bandit.best_arm
(1.0, 1)
>>> run = epsilon_greedy([0.0, 1.0], epsilon=1.0, steps=1000, runs=50, seed=0)
>>> bool(abs(run.regret[-1] - 500) < 50)   # a random arm costs 0.5 per pull on average
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float_array, as_int, as_nonnegative, as_real, as_rng

__all__ = ["Bandit", "epsilon_greedy_action", "BanditRun", "epsilon_greedy"]


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
    """With probability epsilon a uniformly random arm, otherwise an arm with the highest estimate.

    Ties between equally good arms are broken at random, so an agent that starts with all
    estimates equal does not always favour arm 0.

    >>> epsilon_greedy_action([0.1, 0.7, 0.3], 0.0, np.random.default_rng(0))
    1
    """
    q = as_float_array(estimates, "estimates", "epsilon_greedy_action", ndim=(1,))
    epsilon = _epsilon(epsilon, "epsilon_greedy_action")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"epsilon_greedy_action: rng must be a numpy Generator "
                        f"(np.random.default_rng(seed)), got {type(rng).__name__}.")
    return _choose(q, epsilon, rng)


def _choose(q: np.ndarray, epsilon: float, rng: np.random.Generator) -> int:
    """The ε-greedy choice itself, without the checks (for inner loops such as Q-learning's)."""
    if rng.random() < epsilon:
        return int(rng.integers(q.shape[0]))
    return int(rng.choice(np.flatnonzero(q == q.max())))


@dataclass
class BanditRun:
    """What :func:`epsilon_greedy` did: ``actions`` and ``rewards`` have shape (runs, steps)."""

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


def epsilon_greedy(means: Any, epsilon: float, steps: int, *, runs: int = 1, noise: float = 1.0,
                   initial: float = 0.0, seed: Any = 0) -> BanditRun:
    """Run ``runs`` independent epsilon-greedy agents for ``steps`` pulls each on the bandit ``means``.

    Every agent starts with estimates ``initial`` and updates the pulled arm's estimate to the
    running average of its rewards: Q_a <- Q_a + (r - Q_a) / N_a. The agents share nothing but
    the arms' means, and are simulated side by side (vectorised over runs) for speed.
    """
    epsilon = _epsilon(epsilon, "epsilon_greedy")
    steps = as_int(steps, "steps", "epsilon_greedy", minimum=1)
    runs = as_int(runs, "runs", "epsilon_greedy", minimum=1)
    initial = as_real(initial, "initial", "epsilon_greedy")
    rng = as_rng(seed, "epsilon_greedy")
    bandit = Bandit(means, noise, seed=rng)
    k, rows = bandit.n_arms, np.arange(runs)
    Q = np.full((runs, k), initial)
    N = np.zeros((runs, k))
    actions = np.empty((runs, steps), dtype=np.int64)
    rewards = np.empty((runs, steps))
    for t in range(steps):
        # Greedy with random tie-breaking: the largest random score among the arms tied at the top.
        best = Q == Q.max(axis=1, keepdims=True)
        greedy = np.argmax(best * (1.0 + rng.random((runs, k))), axis=1)
        explore = rng.random(runs) < epsilon
        a = np.where(explore, rng.integers(k, size=runs), greedy)
        r = bandit.pull(a)
        N[rows, a] += 1
        Q[rows, a] += (r - Q[rows, a]) / N[rows, a]
        actions[:, t], rewards[:, t] = a, r
    return BanditRun(bandit.means, actions, rewards, Q)
