"""dlcore.scalar_nn: neurons of Values against torch, and a real fit of a small moons problem."""

import numpy as np
import pytest

from conftest import need
from dlcore import data
from dlcore.engine import Value
from dlcore.scalar_nn import MLP, Layer, Neuron


def test_mlp_matches_the_same_network_in_torch():
    torch = need("torch")
    net = MLP([3, 4, 2], activation="tanh", seed=0)
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
    net = MLP([2, 16, 16, 1], seed=0)
    assert len(net.parameters()) == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert repr(net) == "MLP([2, 16, 16, 1], activation='relu')"
    assert repr(net.layers[0]) == "Layer(2, 16, 'relu')" and repr(net.layers[-1]) == "Layer(16, 1, 'identity')"
    out = net([1.0, 2.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0 for p in net.parameters())
    net.zero_grad()  # a Value's grad is a number: 0.0, torch's zero_grad(set_to_none=False)
    assert all(p.grad == 0.0 and isinstance(p.grad, float) for p in net.parameters())
    assert MLP([2, 3], seed=1).parameters()[0].data == MLP([2, 3], seed=1).parameters()[0].data


def test_mlp_draws_the_same_weights_as_before_the_signature_changed():
    # MLP([n_in, *sizes]) replaced MLP(n_in, sizes): the same seed must give the same network,
    # every weight uniform in [-1, 1] from one Generator, neuron after neuron, bias 0.
    rng = np.random.default_rng(4)
    expected = []
    for n_in, n_out in ((3, 5), (5, 2)):
        for _ in range(n_out):
            expected += list(rng.uniform(-1, 1, n_in)) + [0.0]
    assert [p.data for p in MLP([3, 5, 2], seed=4).parameters()] == expected


def test_neuron_is_built_like_chapter_1s_and_agrees_with_it():
    from dlcore import neuron
    w, b, x = [0.5, -2.0, 1.0], 0.25, [1.0, 2.0, 3.0]
    for activation in ("relu", "tanh", "identity"):
        ours = Neuron(w, b, activation)([Value(v) for v in x]).data
        assert ours == pytest.approx(float(neuron.Neuron(w, b, activation)(np.array(x))), rel=1e-12)
    assert Neuron(np.array([0.5, -2.0, 1.0]), b)(x).data == Neuron(w, b)(x).data  # an array works too
    n = Neuron([Value(1.0), 2.0], Value(0.5))  # Values are used as they are (shared), numbers wrapped
    assert all(isinstance(p, Value) for p in n.parameters()) and n.w[1].data == 2.0
    r = Neuron.random(2, "identity", seed=0)
    assert r([1.0, 1.0]).data == pytest.approx(sum(p.data for p in r.w)) and r.b.data == 0.0
    assert len(Layer(2, 5, seed=0)([0.0, 1.0])) == 5


def test_hand_built_layers_need_a_seed_and_differ_with_one_generator():
    with pytest.raises(TypeError, match="Layer: pass seed="):
        Layer(2, 3)
    with pytest.raises(TypeError, match="Neuron.random: pass seed="):
        Neuron.random(2)
    rng = np.random.default_rng(0)
    a, b = Layer(2, 3, seed=rng), Layer(2, 3, seed=rng)
    assert [p.data for p in a.parameters()] != [p.data for p in b.parameters()]


def test_fits_a_small_moons_problem():
    X, y = data.moons(24, noise=0.1, seed=0)
    X, y = X.tolist(), (2.0 * y - 1.0).tolist()
    model = MLP([2, 8, 8, 1], seed=0)
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
        Neuron([1.0, 1.0])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="activation must be one of"):
        Neuron([1.0], activation="step")
    with pytest.raises(TypeError, match="w must be a list of weights, one per input"):
        Neuron(2)  # the old call, Neuron(n_in): now Neuron.random(n_in, seed=...)
    with pytest.raises(ValueError, match="w is empty"):
        Neuron([])
    with pytest.raises(TypeError, match="data must be a real number"):
        Neuron(["a"])
    with pytest.raises(ValueError, match="n_in must be at least 1"):
        Neuron.random(0, seed=0)
    with pytest.raises(ValueError, match="input size and at least one layer size"):
        MLP([2])
    with pytest.raises(TypeError, match=r"sizes must be a list of layer sizes, the input size first"):
        MLP(2, [1])  # the old call, MLP(n_in, sizes)
    with pytest.raises(TypeError, match="sizes must be an integer"):
        MLP([2, 1.5])
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP([2, 1], activation="sigmoid")
    with pytest.raises(TypeError, match="seed"):
        MLP([2, 1], seed="a")
