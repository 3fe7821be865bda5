"""dlcore.initialization: the variances of Glorot, He and LeCun, against torch.nn.init and by propagation."""

import math

import numpy as np
import pytest

from conftest import need
from dlcore import initialization as init


def test_variances_follow_the_formulas():
    assert init.variance("he", 200) == 2 / 200 and init.variance("lecun", 200) == 1 / 200
    assert init.variance("glorot", 100, 300) == 2 / 400 == init.variance("xavier", 100, 300)
    assert init.variance("glorot", 50) == 1 / 50  # a square layer by default
    assert init.std("He", 8) == 0.5


@pytest.mark.parametrize("scheme, fan_in, fan_out", [("he", 300, 100), ("glorot", 300, 100), ("lecun", 64, 512)])
@pytest.mark.parametrize("distribution", ["normal", "uniform"])
def test_weights_have_the_scheme_variance(scheme, fan_in, fan_out, distribution):
    W = init.weights(fan_in, fan_out, scheme, distribution=distribution, seed=0, dtype=np.float64)
    assert W.shape == (fan_in, fan_out)
    # 30,000 draws or more: the sample variance is within 3% of the truth with overwhelming probability
    assert W.var() == pytest.approx(init.variance(scheme, fan_in, fan_out), rel=0.05)
    assert abs(W.mean()) < 4 * init.std(scheme, fan_in, fan_out) / math.sqrt(W.size)
    if distribution == "uniform":
        bound = math.sqrt(3 * init.variance(scheme, fan_in, fan_out))
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.99 * bound


def test_gain_scales_the_standard_deviation_and_the_seed_fixes_the_draw():
    W1, W2 = (init.weights(400, 400, "he", gain=g, seed=3) for g in (1.0, 2.0))
    np.testing.assert_allclose(W2, 2 * W1, rtol=1e-6)
    np.testing.assert_array_equal(init.weights(10, 5, seed=1), init.weights(10, 5, seed=1))
    assert not np.array_equal(init.weights(10, 5, seed=1), init.weights(10, 5, seed=2))
    assert init.weights(10, 5).dtype == np.float32


def test_matches_torch_nn_init():
    torch = need("torch")
    gen = torch.Generator().manual_seed(0)
    theirs = torch.empty(600, 300)  # torch's layout: (fan_out, fan_in)
    torch.nn.init.kaiming_normal_(theirs, mode="fan_in", nonlinearity="relu", generator=gen)
    assert theirs.var().item() == pytest.approx(init.variance("he", 300), rel=0.03)
    torch.nn.init.xavier_uniform_(theirs, generator=gen)
    assert theirs.abs().max().item() == pytest.approx(math.sqrt(6 / 900), rel=0.01)
    ours = init.weights(300, 600, "glorot", distribution="uniform", seed=0)
    assert np.abs(ours).max() == pytest.approx(math.sqrt(6 / 900), rel=0.01)
    assert ours.var() == pytest.approx(theirs.var().item(), rel=0.03)


@pytest.mark.parametrize("scheme, factor", [("he", 1.0), ("glorot", 0.5), ("lecun", 0.5)])
def test_relu_layers_multiply_the_variance_by_fan_in_var_w_over_two(scheme, factor):
    # Var(z') = fan_in Var(w) E[relu(z)^2] = fan_in Var(w) Var(z) / 2: He keeps it, the others halve it
    rng = np.random.default_rng(0)
    h, variances = rng.normal(size=(400, 512)), []
    for _ in range(20):
        z = h @ init.weights(512, 512, scheme, seed=rng, dtype=np.float64)
        variances.append(z.var())
        h = np.maximum(z, 0)
    per_layer = np.exp(np.mean(np.diff(np.log(variances))))  # geometric mean over 19 layers
    assert per_layer == pytest.approx(factor, rel=0.1)


def test_init_torch_fills_every_linear_layer():
    torch = need("torch")
    model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.Tanh(), torch.nn.Dropout(0.1),
                                torch.nn.Linear(256, 128), torch.nn.Tanh(), torch.nn.Linear(128, 10))
    assert init.init_torch(model, "glorot", seed=0) is model
    for layer in (model[0], model[3], model[5]):
        fan_out, fan_in = layer.weight.shape
        assert layer.weight.var().item() == pytest.approx(init.variance("glorot", fan_in, fan_out), rel=0.1)
        assert torch.count_nonzero(layer.bias) == 0
    other = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.Tanh(), torch.nn.Dropout(0.1),
                                torch.nn.Linear(256, 128), torch.nn.Tanh(), torch.nn.Linear(128, 10))
    init.init_torch(other, "glorot", seed=0)
    for a, b in zip(model.parameters(), other.parameters()):
        assert torch.equal(a, b)  # the same seed gives the same network
    first = model[0].weight.detach().clone()
    init.init_torch(model, "glorot", gain=2.0, seed=0)
    assert torch.allclose(model[0].weight, 2 * first)
    # the layout is torch's (out, in): the first layer's draw equals weights(64, 256) transposed
    np.testing.assert_allclose(first.numpy().T, init.weights(64, 256, "glorot", seed=np.random.default_rng(0)))


def test_bad_input():
    with pytest.raises(ValueError, match="scheme must be one of"):
        init.variance("kaiming", 10)
    with pytest.raises(ValueError, match="fan_in must be at least 1"):
        init.weights(0, 10)
    with pytest.raises(ValueError, match="gain must be positive"):
        init.weights(10, 10, gain=0.0)
    with pytest.raises(ValueError, match="'normal' or 'uniform'"):
        init.weights(10, 10, distribution="gaussian")
    torch = need("torch")
    with pytest.raises(TypeError, match="torch.nn.Module"):
        init.init_torch([1, 2], "he")
    with pytest.raises(ValueError, match="no torch.nn.Linear"):
        init.init_torch(torch.nn.ReLU(), "he")
