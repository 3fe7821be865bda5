"""dlcore.train: the shared torch training loop learns, reproduces, and survives divergence."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from dlcore import data  # noqa: E402
from dlcore.train import History, evaluate, fit, predict  # noqa: E402


def blobs_model(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))


def test_learns_a_separable_problem():
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
    X, y = data.moons(200, noise=0.2, seed=1)
    runs = [fit(blobs_model(3), X, y, epochs=5, seed=7, progress=False).loss for _ in range(2)]
    assert runs[0] == runs[1]
    assert fit(blobs_model(3), X, y, epochs=5, seed=8, progress=False).loss != runs[0]


def test_regression_uses_mse_and_custom_optimizer():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 3)).astype(np.float32)
    y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3).astype(np.float32)[:, None]
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    hist = fit(model, X, y, epochs=40, lr=0.05, optimizer=torch.optim.SGD, batch_size=32, progress=False)
    assert hist.loss[-1] < 1e-4
    np.testing.assert_allclose(model.weight.detach().numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-2)


def test_divergence_is_reported_not_raised():
    X, y = data.blobs(100, seed=0)
    model = blobs_model()
    with torch.no_grad():
        model[0].weight.mul_(1e30)
    hist = fit(model, X, y, epochs=5, lr=1e30, optimizer=torch.optim.SGD, progress=False)
    assert hist.diverged and "diverged in epoch" in hist.message


def test_float64_numpy_input_is_accepted():
    X, y = data.blobs(50, seed=0)  # float64 features, int64 labels
    assert fit(blobs_model(), X, y, epochs=1, progress=False).epochs == 1


def test_progress_bar_goes_to_stderr(capsys):
    X, y = data.blobs(40, seed=0)
    fit(blobs_model(), X, y, epochs=2, desc="demo")
    captured = capsys.readouterr()
    assert "demo" in captured.err and captured.out == ""


def test_bad_input():
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
