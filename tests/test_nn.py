"""dlcore.nn: layers against torch.nn, initialisation statistics, modes, and a real training run."""

import numpy as np
import pytest

from conftest import need
from dlcore import initialization, losses, nn, optim
from dlcore.tensor import Tensor, no_grad


def test_linear_matches_torch_forward_and_backward():
    torch = need("torch")
    layer = nn.Linear(5, 3, seed=0, dtype=np.float64)
    ref = torch.nn.Linear(5, 3).double()
    with torch.no_grad():  # dlcore stores W as (in, out), torch as (out, in)
        ref.weight.copy_(torch.from_numpy(layer.weight.data.T))
        ref.bias.copy_(torch.from_numpy(np.arange(3.0)))
    layer.bias.data[:] = np.arange(3.0)
    X = np.random.default_rng(0).normal(size=(7, 5))
    x, tx = Tensor(X, requires_grad=True), torch.tensor(X, requires_grad=True)
    out, tout = layer(x), ref(tx)
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-12)
    w = np.random.default_rng(1).normal(size=(7, 3))
    (out * w).sum().backward()
    (tout * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(layer.weight.grad, ref.weight.grad.numpy().T, rtol=1e-10)
    np.testing.assert_allclose(layer.bias.grad, ref.bias.grad.numpy(), rtol=1e-10)


def test_linear_skips_the_input_gradient_when_not_needed():
    layer = nn.Linear(2, 2, seed=0, dtype=np.float64)
    layer(np.ones((3, 2))).sum().backward()
    assert layer.weight.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]] and layer.bias.grad.tolist() == [3.0, 3.0]


def test_initialisations_have_the_documented_spread():
    he = nn.Linear(400, 300, seed=1).weight.data
    xavier = nn.Linear(400, 300, init="xavier", seed=1).weight.data
    assert he.dtype == np.float32 and he.shape == (400, 300)
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert xavier.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    assert abs(he.mean()) < 0.002
    np.testing.assert_array_equal(he, nn.Linear(400, 300, seed=1).weight.data)
    assert not np.array_equal(he, nn.Linear(400, 300, seed=2).weight.data)
    assert nn.Linear(4, 2, seed=0).bias.data.tolist() == [0.0, 0.0]


def test_linear_draws_through_initialization_with_unchanged_numbers():
    # dlcore.initialization is the one home of He/Xavier: Linear gives exactly its weights ...
    for init in ("he", "xavier", "glorot", "lecun"):
        np.testing.assert_array_equal(nn.Linear(30, 20, init=init, seed=7).weight.data,
                                      initialization.weights(30, 20, init, seed=7))
    # ... which are the numbers the layer drew when it had the formula written in.
    for init, var in (("he", 2.0 / 30), ("xavier", 2.0 / 50)):
        old = np.random.default_rng(7).normal(0.0, np.sqrt(var), (30, 20))
        np.testing.assert_array_equal(nn.Linear(30, 20, init=init, seed=7, dtype=np.float64).weight.data, old)
        np.testing.assert_array_equal(nn.Linear(30, 20, init=init, seed=7).weight.data, old.astype(np.float32))


def test_mlp_weights_are_those_of_one_generator_layer_after_layer():
    rng = np.random.default_rng(3)
    old = [rng.normal(0.0, np.sqrt(2.0 / a), (a, b)) for a, b in ((5, 16), (16, 16), (16, 3))]
    net = nn.MLP([5, 16, 16, 3], activation="relu", dropout=0.2, seed=3)
    weights = [layer.weight.data for layer in net.layers if isinstance(layer, nn.Linear)]
    for ours, theirs in zip(weights, old):
        np.testing.assert_array_equal(ours, theirs.astype(np.float32))


def test_layers_built_by_hand_need_a_seed_and_differ_when_sharing_a_generator():
    with pytest.raises(TypeError, match="Linear: pass seed=.*one Generator"):
        nn.Linear(8, 8)
    with pytest.raises(TypeError, match="Dropout: pass seed="):
        nn.Dropout(0.5)
    rng = np.random.default_rng(0)
    a, b = nn.Linear(8, 8, seed=rng), nn.Linear(8, 8, seed=rng)
    assert not np.isclose(a.weight.data, b.weight.data).any()
    d1, d2 = nn.Dropout(0.5, seed=rng), nn.Dropout(0.5, seed=rng)
    x = Tensor(np.ones((50, 40)))
    assert (d1(x).data != d2(x).data).mean() > 0.4  # independent masks disagree on about half
    # the same int seed asks for the same draws, and gets them
    np.testing.assert_array_equal(nn.Linear(8, 8, seed=4).weight.data, nn.Linear(8, 8, seed=4).weight.data)


def test_mlp_dropout_layers_draw_different_masks():
    net = nn.MLP([30, 30, 30, 1], activation="relu", dropout=0.5, seed=0)
    drops = [layer for layer in net.layers if isinstance(layer, nn.Dropout)]
    x = Tensor(np.ones((20, 30)))
    assert len(drops) == 2 and (drops[0](x).data != drops[1](x).data).mean() > 0.4


def test_zero_grad_matches_torch_with_and_without_set_to_none():
    torch = need("torch")
    net, ref = nn.Linear(3, 4, seed=0), torch.nn.Linear(3, 4)
    opt = optim.SGD(net.parameters(), lr=0.1)
    for zero_grad in (net.zero_grad, opt.zero_grad):
        for set_to_none in (False, True):
            net(np.ones((1, 3))).sum().backward()
            ref(torch.ones(1, 3)).sum().backward()
            zero_grad(set_to_none=set_to_none)
            ref.zero_grad(set_to_none=set_to_none)
            for ours, theirs in zip(net.parameters(), ref.parameters()):  # weight, then bias
                if theirs.grad is None:
                    assert ours.grad is None
                else:  # zeros of the parameter's shape (dlcore's W is torch's weight transposed)
                    np.testing.assert_array_equal(ours.grad, theirs.grad.numpy().T)


def test_modules_find_parameters_and_switch_modes():
    net = nn.MLP([3, 5, 4, 2], activation="tanh", dropout=0.5, seed=0)
    params = net.parameters()
    assert [p.shape for p in params] == [(3, 5), (5,), (5, 4), (4,), (4, 2), (2,)]
    assert repr(net).startswith("Sequential(Linear(3, 5), Tanh(), Dropout(p=0.5), Linear(5, 4)")
    assert net.training and all(m.training for m in net.layers)
    net.eval()
    assert not any(m.training for m in net.layers)
    X = np.ones((2, 3), np.float32)
    np.testing.assert_array_equal(net(X).data, net(X).data)  # eval: deterministic
    net.train()
    assert net[2].training
    net(X).sum().backward()
    net.zero_grad()
    assert all(p.grad is None for p in params)


def test_dropout_drops_and_rescales_in_training_only():
    drop = nn.Dropout(0.25, seed=0)
    x = Tensor(np.ones((200, 100)), requires_grad=True)
    y = drop(x)
    kept = y.data != 0
    assert kept.mean() == pytest.approx(0.75, abs=0.01)
    np.testing.assert_allclose(y.data[kept], 1 / 0.75)
    y.sum().backward()
    np.testing.assert_allclose(x.grad, y.data)  # the gradient goes through the same mask
    assert drop.eval()(x) is x


def test_sequential_of_relu_and_sigmoid_matches_torch():
    torch = need("torch")
    net = nn.Sequential(nn.Linear(2, 4, seed=0, dtype=np.float64), nn.ReLU(),
                        nn.Linear(4, 1, seed=1, dtype=np.float64), nn.Sigmoid())
    ref = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1), torch.nn.Sigmoid())
    ref = ref.double()
    with torch.no_grad():
        for ours, theirs in ((net[0], ref[0]), (net[2], ref[2])):
            theirs.weight.copy_(torch.from_numpy(ours.weight.data.T))
            theirs.bias.zero_()
    X = np.random.default_rng(3).normal(size=(6, 2))
    np.testing.assert_allclose(net(X).data, ref(torch.from_numpy(X)).detach().numpy(), rtol=1e-12)


def test_mlp_reaches_95_percent_on_digits():
    load_digits = need("sklearn.datasets").load_digits
    train_test_split = need("sklearn.model_selection").train_test_split
    digits = load_digits()
    X = (digits.data / 16.0).astype(np.float32)
    X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=0.25, random_state=0,
                                                        stratify=digits.target)
    net = nn.MLP([64, 128, 10], activation="relu", seed=0)
    opt = optim.Adam(net.parameters(), lr=3e-3)
    rng = np.random.default_rng(0)
    for _ in range(15):
        for batch in np.array_split(rng.permutation(len(X_train)), len(X_train) // 64):
            loss = losses.cross_entropy(net(X_train[batch]), y_train[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with no_grad():
        accuracy = (net(X_test).data.argmax(axis=1) == y_test).mean()
    assert accuracy >= 0.95, accuracy


def test_bad_input_messages():
    with pytest.raises(ValueError, match=r"input of shape \(4, 3\) does not fit weights of shape \(2, 5\)"):
        nn.Linear(2, 5, seed=0)(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"init must be one of \['glorot', 'xavier', 'he', 'lecun'\]"):
        nn.Linear(2, 2, init="zeros")
    with pytest.raises(ValueError, match="in_features must be at least 1"):
        nn.Linear(0, 2)
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\)"):
        nn.Dropout(1.0)
    with pytest.raises(TypeError, match="item 1 must be a Module"):
        nn.Sequential(nn.ReLU(), np.eye(2))
    with pytest.raises(ValueError, match="at least one layer size"):
        nn.MLP([3])
    with pytest.raises(TypeError, match="sizes must be a list of layer sizes, the input size first"):
        nn.MLP(3, [2])
    with pytest.raises(ValueError, match="activation must be one of"):
        nn.MLP([3, 2], activation="gelu")
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(np.ones(2))
