"""dlcore.check graders of chapter 3 accept right answers and reject typical mistakes."""

import numpy as np

from dlcore import check
from dlcore.bandit import epsilon_greedy_action
from dlcore.cluster import assign


def test_assign_clusters():
    assert check.assign_clusters(assign, verbose=False)
    assert check.assign_clusters(lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmin(1), verbose=False)
    wrongs = [
        lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmax(1),       # farthest, not nearest
        lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmin(0),       # wrong axis
        lambda X, C: np.abs(X[:, None, 0] - C[None, :, 0]).argmin(1),      # first feature only
    ]
    for wrong in wrongs:
        assert check.assign_clusters(wrong, verbose=False).status == "failed"


def test_epsilon_greedy_action():
    assert check.epsilon_greedy_action(epsilon_greedy_action, verbose=False)

    def explores_only_others(q, eps, rng):  # never re-picks the best arm when exploring
        best = int(np.argmax(q))
        if rng.random() < eps:
            return int(rng.choice([a for a in range(len(q)) if a != best]))
        return best

    def inverted(q, eps, rng):  # explores with probability 1 - eps
        return int(rng.integers(len(q))) if rng.random() > eps else int(np.argmax(q))

    for wrong in (explores_only_others, inverted, lambda q, eps, rng: int(np.argmin(q)),
                  lambda q, eps, rng: len(q)):
        assert check.epsilon_greedy_action(wrong, verbose=False).status == "failed"
    assert "expected a function" in check.epsilon_greedy_action(3, verbose=False).message


def right_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + (0.0 if done else gamma * Q[s_next].max())
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def test_q_update():
    assert check.q_update(right_update, verbose=False)

    def ignores_done(Q, s, a, r, s_next, done, alpha, gamma):
        Q[s, a] += alpha * (r + gamma * Q[s_next].max() - Q[s, a])
        return Q

    def sarsa_like_mean(Q, s, a, r, s_next, done, alpha, gamma):
        Q[s, a] += alpha * (r + (0 if done else gamma * Q[s_next].mean()) - Q[s, a])
        return Q

    def no_return(Q, s, a, r, s_next, done, alpha, gamma):
        right_update(Q, s, a, r, s_next, done, alpha, gamma)

    for wrong in (ignores_done, sarsa_like_mean, no_return):
        assert check.q_update(wrong, verbose=False).status == "failed"
