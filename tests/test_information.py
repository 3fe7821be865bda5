"""dlcore.information against scipy/torch references and the textbook identities."""

import warnings

import numpy as np
import pytest

from conftest import need
from dlcore import information as info


def test_softmax_and_logsumexp_match_scipy():
    scipy_special = need("scipy.special")
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 7)) * 10
    np.testing.assert_allclose(info.softmax(z), scipy_special.softmax(z, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(info.logsumexp(z), scipy_special.logsumexp(z, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(info.log_softmax(z), scipy_special.log_softmax(z, axis=-1), rtol=1e-10)
    np.testing.assert_allclose(info.softmax(z, axis=0), scipy_special.softmax(z, axis=0), rtol=1e-12)


def test_huge_logits_do_not_overflow():
    z = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = info.softmax(z)
        ls = info.logsumexp(z)
    np.testing.assert_allclose(p[0], info.softmax([0.0, 1.0, 2.0]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert ls[0] == pytest.approx(1002 + np.log(1 + np.exp(-1) + np.exp(-2)))
    assert info.logsumexp([-np.inf, -np.inf]) == -np.inf


def test_entropy_facts():
    scipy_special = need("scipy.special")
    assert info.entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert info.entropy(np.full(10, 0.1)) == pytest.approx(np.log(10))
    assert info.entropy([1.0, 0.0, 0.0]) == 0.0
    p = np.linspace(0, 1, 101)
    h = info.binary_entropy(p)
    assert p[np.argmax(h)] == 0.5 and h.max() == pytest.approx(1.0)
    np.testing.assert_allclose(info.entropy([0.2, 0.8]), scipy_special.entr([0.2, 0.8]).sum())


def test_cross_entropy_and_kl():
    scipy_special = need("scipy.special")
    p, q = np.array([0.1, 0.6, 0.3]), np.array([0.3, 0.3, 0.4])
    assert info.cross_entropy_pq(p, q) == pytest.approx(-(p * np.log(q)).sum())
    assert info.kl_divergence(p, q) == pytest.approx(scipy_special.rel_entr(p, q).sum())
    assert info.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    assert info.kl_divergence(p, q) > 0 and info.kl_divergence(p, q) != pytest.approx(info.kl_divergence(q, p))
    assert info.cross_entropy_pq(p, q, base=2) == pytest.approx(info.cross_entropy_pq(p, q) / np.log(2))
    assert info.kl_divergence(p, q, base=2) == pytest.approx(info.kl_divergence(p, q) / np.log(2))
    # H(p, q) = H(p) + KL(p || q), with the three computed independently
    assert info.cross_entropy_pq(p, q) == pytest.approx(info.entropy(p) + info.kl_divergence(p, q), rel=1e-12)
    batch = np.stack([p, q])
    np.testing.assert_allclose(info.entropy(batch), [info.entropy(p), info.entropy(q)])
    np.testing.assert_allclose(info.kl_divergence(batch, batch[::-1]),
                               [info.kl_divergence(p, q), info.kl_divergence(q, p)])


def test_zero_probabilities():
    scipy_special = need("scipy.special")
    # 0 log 0 = 0 where p is zero; where q is zero but p is not, both are infinite (as scipy says).
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])
    assert info.kl_divergence(p, q) == pytest.approx(scipy_special.rel_entr(p, q).sum())
    assert info.cross_entropy_pq(p, q) == pytest.approx(np.log(4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert info.kl_divergence(q, p) == np.inf == scipy_special.rel_entr(q, p).sum()
        assert info.cross_entropy_pq(q, p) == np.inf


def test_one_hot_cross_entropy_is_the_training_loss():
    torch = need("torch")
    from dlcore import losses
    from dlcore.tensor import Tensor
    logits = np.random.default_rng(2).normal(size=(5, 4)) * 3
    labels = np.array([3, 0, 1, 1, 2])
    per_example = info.cross_entropy_pq(np.eye(4)[labels], info.softmax(logits))
    assert per_example.mean() == pytest.approx(losses.cross_entropy(Tensor(logits, dtype=np.float64), labels).item(), rel=1e-12)
    theirs = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels), reduction="none")
    np.testing.assert_allclose(per_example, theirs.numpy(), rtol=1e-12)


def test_against_torch_cross_entropy():
    torch = need("torch")
    logits = np.random.default_rng(1).normal(size=(4, 5))
    labels = np.array([0, 4, 2, 2])
    ours = -info.log_softmax(logits)[np.arange(4), labels]
    theirs = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels), reduction="none")
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="sum to 1"):
        info.entropy([0.5, 0.6])
    with pytest.raises(ValueError, match="negative"):
        info.entropy([1.5, -0.5])
    with pytest.raises(ValueError, match="same number of outcomes"):
        info.cross_entropy_pq([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="q must sum to 1"):
        info.kl_divergence([0.5, 0.5], [0.2, 0.3])
    with pytest.raises(ValueError, match="base must not be 1"):
        info.entropy([0.5, 0.5], base=1)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        info.binary_entropy(1.5)
    with pytest.raises(ValueError, match="NaN"):
        info.softmax([1.0, np.nan])
    with pytest.raises(TypeError, match="must be a number"):
        info.softmax("logits")


def test_logsumexp_keeps_the_digits_of_the_smaller_terms():
    # log(e^0 + e^-t) = log1p(e^-t): computing log(1 + e^-t) would round it to 0 for t > 37.
    for t in (5.0, 40.0, 300.0):
        assert info.logsumexp([0.0, -t]) == pytest.approx(np.log1p(np.exp(-t)), rel=1e-15, abs=0)
        assert info.log_softmax([0.0, -t])[0] == pytest.approx(-np.log1p(np.exp(-t)), rel=1e-15, abs=0)
    assert info.logsumexp([0.0, -np.inf]) == 0.0 and info.logsumexp([np.inf, 1.0]) == np.inf
    assert info.logsumexp(3.0) == 3.0 and info.log_softmax(3.0).tolist() == [0.0]
    np.testing.assert_array_equal(info.logsumexp([[1.0, 2.0], [-np.inf, -np.inf]]),
                                  [2 + np.log1p(np.exp(-1.0)), -np.inf])
