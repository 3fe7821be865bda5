"""dlcore.losses: values and gradients against torch.nn.functional, stability, central differences."""

import math

import numpy as np
import pytest

from conftest import need
from dlcore import losses
from dlcore.tensor import Tensor


def both(torch, fn_ours, fn_torch, z, *args):
    """Loss and d loss/d z from dlcore and from torch, in float64."""
    x = Tensor(z, requires_grad=True)
    out = fn_ours(x, *args)
    out.backward()
    t = torch.tensor(z, requires_grad=True)
    ref = fn_torch(t, *[torch.as_tensor(a) for a in args])
    ref.backward()
    return out.item(), x.grad, ref.item(), t.grad.numpy()


@pytest.mark.parametrize("scale", [1.0, 30.0, 1000.0])
def test_cross_entropy_matches_torch_even_for_huge_logits(scale):
    torch = need("torch")
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(8, 5)) * scale, rng.integers(0, 5, 8)
    loss, grad, ref, ref_grad = both(torch, losses.cross_entropy, torch.nn.functional.cross_entropy, z, y)
    assert np.isfinite(loss) and loss == pytest.approx(ref, rel=1e-9)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_bce_with_logits_matches_torch_even_for_huge_logits(scale):
    torch = need("torch")
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=(10, 1)) * scale, rng.integers(0, 2, (10, 1)).astype(np.float64)
    loss, grad, ref, ref_grad = both(torch, losses.binary_cross_entropy_with_logits,
                                     torch.nn.functional.binary_cross_entropy_with_logits, z, y)
    assert np.isfinite(loss) and loss == pytest.approx(ref, rel=1e-9)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-9, atol=1e-15)


def test_mse_matches_torch():
    torch = need("torch")
    rng = np.random.default_rng(2)
    z, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    loss, grad, ref, ref_grad = both(torch, losses.mse_loss, torch.nn.functional.mse_loss, z, y)
    assert loss == pytest.approx(ref, rel=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-12)


def test_log_softmax_matches_torch_with_any_upstream_gradient():
    torch = need("torch")
    rng = np.random.default_rng(3)
    z, g = rng.normal(size=(4, 6)) * 50, rng.normal(size=(4, 6))
    for axis in (0, 1, -1):
        x, t = Tensor(z, requires_grad=True), torch.tensor(z, requires_grad=True)
        out, ref = losses.log_softmax(x, axis=axis), torch.nn.functional.log_softmax(t, dim=axis)
        np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-12, atol=1e-12)
        out.backward(g)
        ref.backward(torch.from_numpy(g))
        np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["cross_entropy", "bce", "mse", "log_softmax"])
def test_gradients_match_central_differences(name):
    rng = np.random.default_rng(4)
    z = rng.normal(size=(5, 3))
    fn = {
        "cross_entropy": lambda x: losses.cross_entropy(x, [0, 2, 1, 1, 0]),
        "bce": lambda x: losses.binary_cross_entropy_with_logits(x, np.eye(5, 3)),
        "mse": lambda x: losses.mse_loss(x, np.ones((5, 3))),
        "log_softmax": lambda x: (losses.log_softmax(x) * np.arange(15.0).reshape(5, 3)).sum(),
    }[name]
    x = Tensor(z, requires_grad=True)
    fn(x).backward()
    h, numeric = 1e-6, np.zeros_like(z)
    for i in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (fn(Tensor(up)).item() - fn(Tensor(down)).item()) / (2 * h)
    np.testing.assert_allclose(x.grad, numeric, rtol=1e-6, atol=1e-9)


def test_perfect_and_uniform_predictions():
    uniform = losses.cross_entropy(Tensor(np.zeros((3, 4))), [0, 1, 2])
    assert uniform.item() == pytest.approx(np.log(4))
    sure = losses.binary_cross_entropy_with_logits(Tensor(np.array([[40.0], [-40.0]])), [[1.0], [0.0]])
    assert 0 <= sure.item() < 1e-15


def test_float32_in_float32_out():
    z = Tensor(np.zeros((2, 3), np.float32), requires_grad=True)
    loss = losses.cross_entropy(z, [0, 1])
    loss.backward()
    assert loss.dtype == np.float32 and z.grad.dtype == np.float32


def test_bad_input_messages():
    z = Tensor(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"logits have shape \(4, 3\), so target needs shape \(4,\), got \(3,\)"):
        losses.cross_entropy(z, [0, 1, 2])
    with pytest.raises(ValueError, match=r"target must lie in 0..2 for 3 classes, got values from 0 to 3"):
        losses.cross_entropy(z, [0, 1, 2, 3])
    with pytest.raises(ValueError, match="target must hold whole-number class labels"):
        losses.cross_entropy(z, [0.5, 1, 2, 0])
    with pytest.raises(TypeError, match="target must hold integer class labels"):
        losses.cross_entropy(z, ["a", "b", "c", "d"])
    with pytest.raises(ValueError, match=r"logits must have shape \(n, classes\)"):
        losses.cross_entropy(Tensor(np.zeros(3)), [0])
    with pytest.raises(ValueError, match=r"input has shape \(4, 3\) but target has shape \(4,\)"):
        losses.binary_cross_entropy_with_logits(z, np.zeros(4))
    with pytest.raises(ValueError, match=r"input has shape \(4, 3\) but target has shape \(3, 4\)"):
        losses.mse_loss(z, np.zeros((3, 4)))
    with pytest.raises(TypeError, match="must be a Tensor or an array"):
        losses.mse_loss("pred", np.zeros(3))


def test_one_formula_for_log_softmax_sigmoid_and_bce_across_dlcore():
    # The Tensor losses and the numpy functions share one implementation: identical numbers.
    from dlcore import activations, information, risk
    rng = np.random.default_rng(5)
    for dtype in (np.float64, np.float32):
        z, y = (rng.normal(size=(9, 4)) * 20).astype(dtype), rng.integers(0, 4, 9)
        logp = information.log_softmax(z.astype(np.float64))
        if dtype == np.float64:
            np.testing.assert_array_equal(losses.log_softmax(Tensor(z)).data, logp)
            np.testing.assert_array_equal(risk.cross_entropy_with_logits(z, y), -logp[np.arange(9), y])
            assert losses.cross_entropy(Tensor(z), y).item() == risk.cross_entropy_with_logits(z, y).mean()
        s, b = (rng.normal(size=(7, 1)) * 30).astype(dtype), rng.integers(0, 2, (7, 1)).astype(dtype)
        x = Tensor(s, requires_grad=True)
        np.testing.assert_array_equal(x.sigmoid().data, activations.sigmoid(s))
        loss = losses.binary_cross_entropy_with_logits(x, b)
        assert loss.item() == risk.bce_with_logits(s, b).mean(dtype=dtype)
        loss.backward()
        np.testing.assert_array_equal(x.grad, (activations.sigmoid(s) - b) * (dtype(1) / s.size))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_confident_prediction_keeps_its_tiny_loss(dtype):
    # log softmax([0, -t]) = [-log1p(e^-t), -t - log1p(e^-t)], exact to an ulp in math. Computing
    # log(1 + e^-t) instead rounds the correct class's loss to 0 once e^-t is below the precision.
    rel = 4 * float(np.finfo(dtype).eps)
    for t in (5.0, 20.0, 50.0, 80.0) + ((300.0, 700.0) if dtype == np.float64 else ()):  # e^-t stays normal
        z = Tensor(np.array([[0.0, -t]], dtype=dtype), requires_grad=True)
        tiny = math.log1p(math.exp(-t))
        out = losses.log_softmax(z).data[0]
        assert out[0] == pytest.approx(-tiny, rel=rel, abs=0) and out[1] == pytest.approx(-t - tiny, rel=rel)
        assert losses.cross_entropy(z, [0]).item() == pytest.approx(tiny, rel=rel, abs=0)


def test_log_softmax_is_accurate_to_a_few_ulps():
    mpmath = need("mpmath")
    mpmath.mp.prec = 200
    rng = np.random.default_rng(6)
    for dtype in (np.float64, np.float32):
        z = (rng.normal(size=(100, 6)) * 8).astype(dtype)
        exact = np.array([[float(mpmath.mpf(float(v)) - mpmath.log(mpmath.fsum(mpmath.exp(float(u)) for u in row)))
                           for v in row] for row in z])
        ulps = np.abs(losses.log_softmax(Tensor(z)).data - exact) / np.spacing(np.abs(exact).astype(dtype))
        assert ulps.max() <= 16, ulps.max()  # log(sum) instead of log1p: about 10^5 ulps here
