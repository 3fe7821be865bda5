"""dlcore.regularization against scikit-learn and the closed-form facts."""

import numpy as np
import pytest

from conftest import need
from dlcore import regularization as reg


def data(n=30, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    return x, np.sin(3 * x) + rng.normal(0, 0.1, n)


def test_ridge_matches_sklearn():
    sk = need("sklearn.linear_model")
    x, y = data()
    X = reg.polynomial_features(x, 6)
    for lam in [1e-4, 1e-2, 1.0]:
        ours = reg.ridge(X, y, lam)
        theirs = sk.Ridge(alpha=lam * len(y), fit_intercept=True).fit(X[:, 1:], y)
        np.testing.assert_allclose(ours[1:], theirs.coef_, rtol=1e-6, atol=1e-8)
        assert ours[0] == pytest.approx(theirs.intercept_, abs=1e-8)


def test_lasso_matches_sklearn_and_is_sparse():
    sk = need("sklearn.linear_model")
    x, y = data()
    X = reg.polynomial_features(x, 6)
    for lam in [1e-3, 1e-2, 0.1]:
        ours = reg.lasso(X, y, lam, iters=20000, tol=1e-12)
        theirs = sk.Lasso(alpha=lam, fit_intercept=True, tol=1e-12, max_iter=200000).fit(X[:, 1:], y)
        np.testing.assert_allclose(ours[1:], theirs.coef_, atol=1e-5)
    zeros = [np.sum(reg.lasso(X, y, lam)[1:] == 0) for lam in [1e-4, 1e-2, 0.3]]
    assert zeros[0] <= zeros[1] <= zeros[2] and zeros[2] >= 4


def test_ridge_shrinks_and_lam_zero_is_least_squares():
    x, y = data()
    X = reg.polynomial_features(x, 5)
    np.testing.assert_allclose(reg.ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-6)
    norms = [np.linalg.norm(reg.ridge(X, y, lam)[1:]) for lam in [1e-4, 1e-2, 1.0]]
    assert norms[0] > norms[1] > norms[2]
    train = [reg.mse(X, y, reg.ridge(X, y, lam)) for lam in [0.0, 1e-3, 1e-1, 10.0]]
    assert train == sorted(train), "training error never decreases as the penalty grows"


def test_kfold_partitions():
    folds = reg.kfold(23, 5, seed=1)
    assert len(folds) == 5
    vals = np.concatenate([v for _, v in folds])
    assert sorted(vals.tolist()) == list(range(23))
    for train, val in folds:
        assert not set(train) & set(val) and len(train) + len(val) == 23
    assert [v.tolist() for _, v in reg.kfold(23, 5, seed=1)] == [v.tolist() for _, v in folds]


def test_bad_input():
    with pytest.raises(ValueError, match="lam must be >= 0"):
        reg.ridge(np.ones((3, 2)), np.ones(3), -1.0)
    with pytest.raises(ValueError, match="3 rows but y has 4"):
        reg.lasso(np.ones((3, 2)), np.ones(4), 0.1)
    with pytest.raises(ValueError, match="at least 5 examples"):
        reg.kfold(3, 5)
    with pytest.raises(ValueError, match="degree must be at least 0"):
        reg.polynomial_features([1.0], -1)
    with pytest.raises(ValueError, match="shapes do not fit"):
        reg.mse(np.ones((3, 2)), np.ones(3), np.ones(3))
