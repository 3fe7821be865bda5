"""dlcore.neuron: a neuron, a layer and a network against plain loops and torch."""

import numpy as np
import pytest

from conftest import need
from dlcore import activations as act
from dlcore import data, initialization
from dlcore.neuron import Dense, Network, Neuron, perceptron_fit


def test_neuron_is_a_weighted_sum_then_activation():
    n = Neuron(w=[0.5, -2.0, 1.0], b=0.25, activation="sigmoid")
    x = np.array([1.0, 2.0, 3.0])
    z = 0.5 * 1 - 2.0 * 2 + 1.0 * 3 + 0.25
    assert n.preactivation(x) == pytest.approx(z)
    assert n(x) == pytest.approx(1 / (1 + np.exp(-z)))
    batch = np.stack([x, -x])
    np.testing.assert_allclose(n(batch), [n(x), n(-x)])


def test_and_gate_neuron():
    X, y = data.logic_gate("and")
    np.testing.assert_array_equal(Neuron([1.0, 1.0], -1.5)(X), y)


def test_dense_equals_one_neuron_per_column():
    rng = np.random.default_rng(0)
    W, b, X = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(6, 3))
    layer = Dense(W, b, "tanh")
    loop = np.stack([Neuron(W[:, j], b[j], "tanh")(X) for j in range(4)], axis=1)
    np.testing.assert_allclose(layer(X), loop)
    np.testing.assert_allclose(layer(X[0]), loop[0])
    assert layer.n_params == 3 * 4 + 4 and layer.shape == (3, 4)


def test_dense_matches_torch_linear():
    torch = need("torch")
    torch.manual_seed(0)
    lin = torch.nn.Linear(5, 3).double()
    X = torch.randn(7, 5, dtype=torch.float64)
    ours = Dense(lin.weight.detach().numpy().T, lin.bias.detach().numpy(), "relu")
    np.testing.assert_allclose(ours(X.numpy()), torch.relu(lin(X)).detach().numpy(), rtol=1e-12)


def test_dense_random_is_seeded_and_scaled():
    a, b = Dense.random(400, 300, seed=3), Dense.random(400, 300, seed=3)
    np.testing.assert_array_equal(a.W, b.W)
    assert a.W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert Dense.random(400, 300, init="xavier", seed=0).W.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    assert not np.array_equal(a.W, Dense.random(400, 300, seed=4).W)
    rng = np.random.default_rng(0)  # one Generator for several layers: each draws new weights
    assert not np.array_equal(Dense.random(4, 4, seed=rng).W, Dense.random(4, 4, seed=rng).W)


def test_dense_random_draws_through_initialization():
    # The one home of He/Xavier: Dense.random must give exactly what initialization.weights gives.
    for init in ("he", "xavier", "glorot", "lecun"):
        np.testing.assert_array_equal(Dense.random(30, 20, init=init, seed=5).W,
                                      initialization.weights(30, 20, init, seed=5, dtype=np.float64))
    # ... and the same numbers the layer drew before it did so (the formula it had written in).
    np.testing.assert_array_equal(Dense.random(30, 20, seed=5).W,
                                  np.random.default_rng(5).normal(0.0, np.sqrt(2.0 / 30), (30, 20)))
    np.testing.assert_array_equal(Dense.random(30, 20, init="xavier", seed=5).W,
                                  np.random.default_rng(5).normal(0.0, np.sqrt(2.0 / 50), (30, 20)))


def test_network_composes_layers():
    l1, l2 = Dense.random(2, 5, "relu", seed=0), Dense.random(5, 1, "sigmoid", seed=1)
    net = Network([l1, l2])
    X = np.random.default_rng(0).normal(size=(8, 2))
    np.testing.assert_allclose(net(X), l2(l1(X)))
    outs = net.activations(X)
    assert [o.shape for o in outs] == [(8, 2), (8, 5), (8, 1)]
    assert net.n_params == (2 * 5 + 5) + (5 + 1)


def test_stacked_linear_layers_collapse():
    l1, l2 = Dense.random(3, 4, "identity", seed=0), Dense.random(4, 2, "identity", seed=1)
    l1.b[:] = [1, 2, 3, 4]
    one = Dense(l1.W @ l2.W, l1.b @ l2.W + l2.b, "identity")
    X = np.random.default_rng(1).normal(size=(5, 3))
    np.testing.assert_allclose(Network([l1, l2])(X), one(X))


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_perceptron_learns_separable_gates(gate):
    X, y = data.logic_gate(gate)
    fit = perceptron_fit(X, y, epochs=50)
    assert fit.converged and fit.mistakes[-1] == 0
    np.testing.assert_array_equal(fit.predict(X), y)


@pytest.mark.parametrize("gate", ["xor", "xnor"])
def test_perceptron_never_converges_on_xor(gate):
    X, y = data.logic_gate(gate)
    fit = perceptron_fit(X, y, epochs=200)
    assert not fit.converged and fit.epochs == 200
    assert min(fit.mistakes) > 0
    assert np.mean(fit.predict(X) == y) <= 0.75


def test_bad_input_messages():
    with pytest.raises(ValueError, match=r"3 features.*shape \(2, 2\)"):
        Neuron([1.0, 2.0, 3.0])(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"b needs one entry per output \(4.*shape \(3,\)"):
        Dense(np.zeros((2, 4)), np.zeros(3))
    with pytest.raises(ValueError, match="must be 2-D"):
        Dense(np.zeros(4), np.zeros(4))
    with pytest.raises(ValueError, match=r"layer 0 outputs 5 values but layer 1 expects 3"):
        Network([Dense.random(2, 5, seed=0), Dense.random(3, 1, seed=1)])
    with pytest.raises(ValueError, match="at least one"):
        Network([])
    with pytest.raises(TypeError, match="must be a Dense"):
        Network([np.eye(2)])
    with pytest.raises(ValueError, match="NaN"):
        Neuron([1.0, float("nan")])
    with pytest.raises(TypeError, match="b must be a real number"):
        Neuron([1.0], b="0")
    with pytest.raises(ValueError, match="init must be one of"):
        Dense.random(2, 2, init="zeros", seed=0)
    with pytest.raises(TypeError, match="pass seed=.*one Generator"):
        Dense.random(2, 2)
    with pytest.raises(TypeError, match="seed must be an int"):
        Dense.random(2, 2, seed="0")


def test_perceptron_bad_input():
    X, y = data.logic_gate("and")
    with pytest.raises(ValueError, match="0/1 labels"):
        perceptron_fit(X, y * 2)
    with pytest.raises(ValueError, match="lr must be positive"):
        perceptron_fit(X, y, lr=0)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        perceptron_fit(X, y, epochs=0)
    with pytest.raises(ValueError, match="one label per row"):
        perceptron_fit(X, y[:3])
    with pytest.raises(ValueError, match="empty"):
        perceptron_fit(np.zeros((0, 2)), np.zeros(0))


def test_sigmoid_network_output_is_a_probability():
    net = Network([Dense.random(2, 3, "tanh", seed=0), Dense.random(3, 1, "sigmoid", seed=1)])
    out = net(np.random.default_rng(0).normal(size=(100, 2)) * 100)
    assert out.shape == (100, 1) and np.all((out >= 0) & (out <= 1))
    hidden = net.activations(np.zeros((1, 2)))[1]
    np.testing.assert_allclose(net(np.zeros((1, 2))), act.sigmoid(hidden @ net.layers[1].W + net.layers[1].b))
