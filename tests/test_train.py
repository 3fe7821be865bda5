"""dlcore.train: the shared torch training loop learns, reproduces, and survives divergence."""

import numpy as np
import pytest

from conftest import need
from dlcore import data
from dlcore.train import History, evaluate, fit, predict  # imports torch only when called


def blobs_model(seed=0):
    import torch  # the tests that call this call need("torch") first

    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))


def test_learns_a_separable_problem():
    torch = need("torch")
    X, y = data.blobs(400, distance=4.0, noise=0.7, seed=0)
    model = blobs_model()
    hist = fit(model, X[:300], y[:300], epochs=15, lr=1e-2, validation=(X[300:], y[300:]), progress=False)
    assert isinstance(hist, History) and hist.epochs == 15 and not hist.diverged
    assert hist.loss[-1] < 0.5 * hist.loss[0]
    assert hist.val_accuracy[-1] >= 0.95
    # evaluate() agrees with a hand computation
    out = predict(model, X[300:])
    manual = (out.argmax(1).numpy() == y[300:]).mean()
    assert evaluate(model, X[300:], y[300:])["accuracy"] == pytest.approx(manual)
    assert evaluate(model, X[300:], y[300:])["loss"] == pytest.approx(
        float(torch.nn.functional.cross_entropy(out, torch.as_tensor(y[300:]))), rel=1e-6)


def test_is_reproducible_with_a_seed():
    need("torch")
    X, y = data.moons(200, noise=0.2, seed=1)
    runs = [fit(blobs_model(3), X, y, epochs=5, seed=7, progress=False).loss for _ in range(2)]
    assert runs[0] == runs[1]
    assert fit(blobs_model(3), X, y, epochs=5, seed=8, progress=False).loss != runs[0]


def test_regression_uses_mse_and_custom_optimizer():
    torch = need("torch")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 3)).astype(np.float32)
    y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3).astype(np.float32)[:, None]
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    hist = fit(model, X, y, epochs=40, lr=0.05, optimizer=torch.optim.SGD, batch_size=32, progress=False)
    assert hist.loss[-1] < 1e-4
    np.testing.assert_allclose(model.weight.detach().numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-2)


def test_divergence_is_reported_not_raised():
    torch = need("torch")
    X, y = data.blobs(100, seed=0)
    model = blobs_model()
    with torch.no_grad():
        model[0].weight.mul_(1e30)
    hist = fit(model, X, y, epochs=5, lr=1e30, optimizer=torch.optim.SGD, progress=False)
    assert hist.diverged and "diverged in epoch" in hist.message


def test_float64_numpy_input_is_accepted():
    need("torch")
    X, y = data.blobs(50, seed=0)  # float64 features, int64 labels
    assert fit(blobs_model(), X, y, epochs=1, progress=False).epochs == 1


def test_progress_bar_goes_to_stderr(capsys):
    need("torch")
    X, y = data.blobs(40, seed=0)
    fit(blobs_model(), X, y, epochs=2, desc="demo")
    captured = capsys.readouterr()
    assert "demo" in captured.err and captured.out == ""


def test_bad_input():
    need("torch")
    X, y = data.blobs(20, seed=0)
    model = blobs_model()
    with pytest.raises(TypeError, match="torch.nn.Module"):
        fit(lambda x: x, X, y)
    with pytest.raises(ValueError, match="lr must be positive"):
        fit(model, X, y, lr=0)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        fit(model, X, y, epochs=0)
    with pytest.raises(ValueError, match="20 examples but y has shape"):
        fit(model, X, y[:5])
    with pytest.raises(ValueError, match="empty"):
        fit(model, X[:0], y[:0])
    with pytest.raises(ValueError, match="NaN"):
        fit(model, np.full((4, 2), np.nan), np.zeros(4, dtype=int))
    with pytest.raises(TypeError, match="must be an array"):
        fit(model, "data", y)


def test_gradient_norms_match_autograd_and_leave_parameters_alone():
    torch = need("torch")
    from dlcore.train import gradient_norms

    X, y = data.blobs(32, seed=0)
    model = blobs_model()
    before = [p.detach().clone() for p in model.parameters()]
    norms = gradient_norms(model, X, y)
    assert set(norms) == {"0.weight", "0.bias", "2.weight", "2.bias"}
    model.zero_grad()
    torch.nn.functional.cross_entropy(model(torch.as_tensor(X, dtype=torch.float32)), torch.as_tensor(y)).backward()
    for name, p in model.named_parameters():
        assert norms[name] == pytest.approx(float(p.grad.norm()), rel=1e-6)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_input_gradients_match_finite_differences():
    torch = need("torch")
    import copy

    from dlcore.train import input_gradients

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    X = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    y = np.array([0, 1, 1, 0, 1])
    grad = input_gradients(model, X, y).numpy()
    assert grad.shape == X.shape
    exact = copy.deepcopy(model).double()  # finite differences need float64

    def loss(Z):
        with torch.no_grad():
            return float(torch.nn.functional.cross_entropy(exact(torch.as_tensor(Z)), torch.as_tensor(y)))

    eps, X64 = 1e-6, X.astype(np.float64)
    for idx in [(0, 0), (2, 1), (4, 2)]:
        up, down = X64.copy(), X64.copy()
        up[idx] += eps
        down[idx] -= eps
        assert grad[idx] == pytest.approx((loss(up) - loss(down)) / (2 * eps), rel=1e-4, abs=1e-7)


def test_gradient_probes_bad_input():
    torch = need("torch")
    from dlcore.train import gradient_norms, input_gradients

    X, y = data.blobs(8, seed=0)
    with pytest.raises(TypeError, match="torch.nn.Module"):
        gradient_norms(lambda x: x, X, y)
    with pytest.raises(TypeError, match="floating-point"):
        input_gradients(torch.nn.Embedding(4, 2), np.array([[1, 2]]), np.array([0]))
    with pytest.raises(ValueError, match="8 examples but y"):
        input_gradients(blobs_model(), X, y[:3])


def test_stop_at_ends_training_once_the_loss_is_low_enough():
    need("torch")
    X, y = data.blobs(200, distance=6.0, noise=0.5, seed=0)
    full = fit(blobs_model(), X, y, epochs=40, lr=0.05, progress=False)
    early = fit(blobs_model(), X, y, epochs=40, lr=0.05, progress=False, stop_at=0.05)
    first = next(i for i, loss in enumerate(full.loss) if loss <= 0.05)
    assert early.epochs == first + 1 < full.epochs
    assert early.loss == full.loss[:first + 1]  # same seed, same run, just cut short
    with pytest.raises(ValueError, match="stop_at must be positive"):
        fit(blobs_model(), X, y, stop_at=0.0)


def test_fit_trains_on_the_picked_device_and_returns_the_model_home():
    torch = need("torch")
    from dlcore.device import pick_device

    X = torch.randn(32, 2, generator=torch.Generator().manual_seed(0))
    model = torch.nn.Linear(2, 2)
    history = fit(model, X, (X[:, 0] > 0).long(), epochs=2, progress=False)
    assert history.device == pick_device().type
    assert next(model.parameters()).device.type == "cpu"
    assert model(X).shape == (32, 2)  # usable on CPU tensors right after fit
    assert fit(model, X, (X[:, 0] > 0).long(), epochs=1, device="cpu", progress=False).device == "cpu"


def test_augment_transforms_every_training_batch_and_nothing_else():
    torch = need("torch")
    X, y = data.blobs(64, seed=0)
    seen = []

    def augment(xb, generator):
        seen.append(xb.shape[0])
        return xb + torch.randn(xb.shape, generator=generator).to(xb.device)

    hist = fit(blobs_model(), X, y, epochs=2, batch_size=16, validation=(X, y), augment=augment, progress=False)
    assert seen == [16] * 8 and not hist.diverged
    # the identity changes nothing, and a noisy augmentation changes the run
    plain = fit(blobs_model(), X, y, epochs=3, batch_size=16, progress=False).loss
    assert fit(blobs_model(), X, y, epochs=3, batch_size=16, augment=lambda xb, g: xb, progress=False).loss == plain
    assert fit(blobs_model(), X, y, epochs=3, batch_size=16, augment=augment, progress=False).loss != plain
    with pytest.raises(TypeError, match="augment must be a function"):
        fit(blobs_model(), X, y, augment="shift")


def test_on_epoch_sees_every_epoch_and_can_stop_training():
    need("torch")
    X, y = data.blobs(64, seed=0)
    calls = []

    def hook(model, history):
        calls.append(history.epochs)
        return history.epochs == 3

    hist = fit(blobs_model(), X, y, epochs=10, on_epoch=hook, progress=False)
    assert calls == [1, 2, 3] and hist.epochs == 3
    with pytest.raises(TypeError, match="on_epoch must be a function"):
        fit(blobs_model(), X, y, on_epoch=3)


def test_fit_refuses_the_cpu_when_a_gpu_is_required(monkeypatch):
    torch = need("torch")
    X = torch.randn(8, 2, generator=torch.Generator().manual_seed(0))
    monkeypatch.setenv("DLCORE_REQUIRE_GPU", "1")
    with pytest.raises(RuntimeError, match="DLCORE_REQUIRE_GPU=1, but training would run on cpu"):
        fit(torch.nn.Linear(2, 2), X, (X[:, 0] > 0).long(), epochs=1, device="cpu", progress=False)
