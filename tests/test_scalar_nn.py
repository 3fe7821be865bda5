"""dlcore.scalar_nn: neurons of Values against torch, and a real fit of a small moons problem."""

import numpy as np
import pytest

from conftest import need
from dlcore import data
from dlcore.engine import Value
from dlcore.scalar_nn import MLP, Layer, Neuron


def test_mlp_matches_the_same_network_in_torch():
    torch = need("torch")
    net = MLP(3, [4, 2], activation="tanh", seed=0)
    W1 = torch.tensor([[w.data for w in n.w] for n in net.layers[0].neurons], dtype=torch.float64,
                      requires_grad=True)
    W2 = torch.tensor([[w.data for w in n.w] for n in net.layers[1].neurons], dtype=torch.float64,
                      requires_grad=True)
    for n in net.layers[0].neurons:
        n.b.data = 0.1
    x = [0.5, -1.0, 2.0]
    out = net(x)
    ref = W2 @ torch.tanh(W1 @ torch.tensor(x, dtype=torch.float64) + 0.1)
    assert [o.data for o in out] == pytest.approx(ref.tolist(), rel=1e-12)
    (out[0] + 2 * out[1]).backward()
    (ref[0] + 2 * ref[1]).backward()
    ours = [[w.grad for w in n.w] for n in net.layers[0].neurons]
    np.testing.assert_allclose(ours, W1.grad.numpy(), rtol=1e-6)


def test_shapes_parameters_and_zero_grad():
    net = MLP(2, [16, 16, 1], seed=0)
    assert len(net.parameters()) == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert repr(net) == "MLP(16 -> 16 -> 1)"
    out = net([1.0, 2.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad == 0 for p in net.parameters())
    assert MLP(2, [3], seed=1).parameters()[0].data == MLP(2, [3], seed=1).parameters()[0].data


def test_neuron_activations():
    n = Neuron(2, "linear", seed=0)
    w = [p.data for p in n.w]
    assert n([1.0, 1.0]).data == pytest.approx(sum(w))
    assert Neuron(2, "relu", seed=0)([1.0, 1.0]).data == pytest.approx(max(0.0, sum(w)))
    assert len(Layer(2, 5, seed=0)([0.0, 1.0])) == 5


def test_fits_a_small_moons_problem():
    X, y = data.moons(24, noise=0.1, seed=0)
    X, y = X.tolist(), (2.0 * y - 1.0).tolist()
    model = MLP(2, [8, 8, 1], seed=0)
    params = model.parameters()
    for _ in range(80):
        scores = [model(x) for x in X]
        loss = sum((1 - yi * si).relu() for yi, si in zip(y, scores)) * (1 / len(X))  # max-margin loss
        model.zero_grad()
        loss.backward()
        for p in params:
            p.data -= 0.5 * p.grad
    accuracy = np.mean([(model(x).data > 0) == (yi > 0) for x, yi in zip(X, y)])
    assert accuracy >= 0.95, accuracy


def test_bad_input_messages():
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        Neuron(2)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="activation must be"):
        Neuron(2, "gelu")
    with pytest.raises(ValueError, match="n_in must be at least 1"):
        Neuron(0)
    with pytest.raises(ValueError, match="at least one layer size"):
        MLP(2, [])
    with pytest.raises(TypeError, match="seed"):
        MLP(2, [1], seed="a")
