"""Graders for chapter 3, Learning problems.

>>> import numpy as np
>>> from dlcore.cluster import assign
>>> assign_clusters(assign, verbose=False).status
'passed'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import cluster
from ._grader import Case, Result, grade

__all__ = ["assign_clusters", "epsilon_greedy_action", "q_update"]


def assign_clusters(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(X, centroids)`` returns the index of each row's nearest centroid."""
    rng = np.random.default_rng(3)
    X, C = rng.normal(size=(40, 2)), rng.normal(size=(3, 2))
    X5, C5 = rng.normal(size=(30, 5)), rng.normal(size=(4, 5))
    far = np.array([[0.0, 0.0], [10.0, 0.0]])
    hint = ("compute the squared distance from every point to every centroid as an (n, k) array, "
            "e.g. ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2), then argmin over axis 1.")
    cases = [
        Case((np.array([[1.0, 0.0], [9.0, 1.0], [4.0, 0.0]]), far), np.array([0, 1, 0]),
             "three points, two centroids", hint=hint),
        Case((X, C), cluster.assign(X, C), "40 points, 3 centroids", hint=hint),
        Case((X5, C5), cluster.assign(X5, C5), "5-D points", hint="sum the squared differences over all features."),
    ]
    return grade("assign_clusters", fn, cases, must_pass=must_pass, verbose=verbose, rtol=0, atol=0)


def epsilon_greedy_action(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(estimates, epsilon, rng)`` picks each arm as often as epsilon-greedy should."""
    if not callable(fn):
        return grade("epsilon_greedy_action", fn, [], must_pass=must_pass, verbose=verbose)
    def frequencies(estimates: np.ndarray, epsilon: float) -> np.ndarray:
        rng = np.random.default_rng(0)
        picks = [int(fn(estimates.copy(), epsilon, rng)) for _ in range(4000)]
        if min(picks) < 0 or max(picks) >= len(estimates):
            raise ValueError(f"it returned arm {min(picks) if min(picks) < 0 else max(picks)}, "
                             f"but the arms are 0..{len(estimates) - 1}")
        return np.bincount(picks, minlength=len(estimates)) / len(picks)

    q = np.array([0.2, 0.9, 0.4, 0.1])
    cases = [
        Case((q, 0.0), np.array([0.0, 1.0, 0.0, 0.0]), "epsilon = 0: always the best estimate",
             hint="without exploring, return np.argmax(estimates)."),
        Case((q, 1.0), np.full(4, 0.25), "epsilon = 1: every arm equally often",
             hint="explore by drawing rng.integers(len(estimates)), uniform over all arms."),
        Case((q, 0.2), np.array([0.05, 0.85, 0.05, 0.05]), "epsilon = 0.2",
             hint="with probability epsilon (rng.random() < epsilon) pick any arm uniformly, best included; "
                  "otherwise the best arm."),
    ]
    return grade("epsilon_greedy_action", frequencies, cases, must_pass=must_pass, verbose=verbose,
                 rtol=0, atol=0.03)


def q_update(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(Q, s, a, r, s_next, done, alpha, gamma)`` applies one Q-learning update and returns Q."""
    Q0 = np.arange(12, dtype=float).reshape(3, 4) / 4 - 1.0  # 3 states, 4 actions

    def expected(s: int, a: int, r: float, s2: int, done: bool, alpha: float, gamma: float) -> np.ndarray:
        Q = Q0.copy()
        target = r + (0.0 if done else gamma * Q[s2].max())
        Q[s, a] += alpha * (target - Q[s, a])
        return Q

    hint = "Q[s, a] += alpha * (r + gamma * max(Q[s_next]) - Q[s, a]), and return Q."
    args = [((0, 1, -1.0, 2, False, 0.5, 0.9), "an ordinary move", hint),
            ((2, 3, -1.0, 1, False, 0.1, 1.0), "the best next action's value is the max over the row of s_next",
             hint),
            ((1, 0, 5.0, 2, True, 0.5, 0.9), "a move into the goal (done)",
             "when the episode ends there is no future: the target is just r."),
            ((0, 0, 0.0, 0, False, 1.0, 0.0), "alpha = 1, gamma = 0: Q[s, a] becomes r", hint)]
    cases = [Case((Q0.copy(), *a), expected(*a), probe, hint=h) for a, probe, h in args]
    return grade("q_update", fn, cases, must_pass=must_pass, verbose=verbose)
