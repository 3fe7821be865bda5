"""dlcore.architectures: the models have the documented shapes, parameters and wiring."""

import numpy as np
import pytest

from conftest import need
from dlcore import summary
from dlcore.train import gradient_norms

# dlcore.architectures imports torch, so each test imports it after need("torch")


def test_small_cnn_shapes_and_parameters():
    torch = need("torch")
    from dlcore.architectures import SmallCNN
    torch.manual_seed(0)
    cnn = SmallCNN((8, 16))
    flat, grid = torch.rand(5, 64), None
    grid = flat.view(5, 1, 8, 8)
    assert cnn(flat).shape == (5, 10) and torch.equal(cnn(flat), cnn(grid))
    # conv1: 8*(1*9) + 8, conv2: 16*(8*9) + 16, head: (16*2*2)*10 + 10
    assert summary.count_params(cnn) == 80 + 1168 + 650
    assert SmallCNN((4, 4), n_classes=3, side=12)(torch.rand(2, 144)).shape == (2, 3)


def test_mlp_layers():
    need("torch")
    from dlcore.architectures import mlp
    net = mlp([64, 32, 10], activation="tanh")
    assert [type(m).__name__ for m in net] == ["Linear", "Tanh", "Linear"]
    assert summary.count_params(net) == summary.mlp_params(64, [32], 10)


def test_deep_mlp_plain_and_residual_share_parameters_and_differ_only_by_the_skip():
    torch = need("torch")
    from dlcore.architectures import DeepMLP
    torch.manual_seed(1)
    plain = DeepMLP(64, 10, depth=4, width=16)
    torch.manual_seed(1)
    res = DeepMLP(64, 10, depth=4, width=16, residual=True)
    assert summary.count_params(plain) == summary.count_params(res) == summary.mlp_params(64, [16] * 5, 10)
    x = torch.rand(3, 64)
    with torch.no_grad():
        for layer in res.layers:  # with every branch switched off, a residual net is its input layer
            layer.weight.zero_()
            layer.bias.zero_()
        assert torch.allclose(res.hidden(x), res.inp(x))
        # by hand: one plain block is W act(h) + b
        h = plain.inp(x)
        for layer in plain.layers:
            h = torch.sigmoid(h) @ layer.weight.T + layer.bias
        assert torch.allclose(plain.hidden(x), h, atol=1e-6)


def test_deep_mlp_norms():
    torch = need("torch")
    from dlcore.architectures import DeepMLP
    torch.manual_seed(2)
    ln = DeepMLP(8, 2, depth=2, width=6, norm="layer")
    bn = DeepMLP(8, 2, depth=2, width=6, norm="batch")
    assert all(isinstance(n, torch.nn.LayerNorm) for n in ln.norms)
    assert all(isinstance(n, torch.nn.BatchNorm1d) for n in bn.norms)
    assert summary.count_params(ln) == summary.count_params(DeepMLP(8, 2, depth=2, width=6)) + 2 * 2 * 6


def test_residual_connections_keep_the_gradient_of_early_layers():
    torch = need("torch")
    from dlcore.architectures import DeepMLP
    torch.manual_seed(0)
    X, y = torch.rand(64, 64), torch.randint(0, 10, (64,))
    ratios = {}
    for residual in (False, True):
        torch.manual_seed(0)
        norms = gradient_norms(DeepMLP(64, 10, depth=10, residual=residual), X, y)
        ratios[residual] = norms["layers.0.weight"] / norms["layers.9.weight"]
    assert ratios[False] < 1e-3 and ratios[True] > 0.1


@pytest.mark.parametrize("kind, gates", [("rnn", 1), ("lstm", 4), ("gru", 3)])
def test_recurrent_classifier(kind, gates):
    torch = need("torch")
    from dlcore.architectures import RecurrentClassifier
    torch.manual_seed(0)
    model = RecurrentClassifier(kind, 4, 16, 4)
    assert model(torch.rand(3, 7, 4)).shape == (3, 4)
    assert summary.count_params(model.rnn) == gates * 16 * (4 + 16 + 2)


def test_chrono_initialization():
    torch = need("torch")
    from dlcore.architectures import RecurrentClassifier
    torch.manual_seed(0)
    lstm = RecurrentClassifier("lstm", 4, 32, 4, chrono=50).rnn
    h = 32
    forget = lstm.bias_hh_l0[h:2 * h].detach().numpy()
    assert np.all(forget >= 0) and np.all(forget <= np.log(49) + 1e-6) and forget.std() > 0.1
    np.testing.assert_allclose(lstm.bias_hh_l0[:h].detach().numpy(), -forget)
    assert not lstm.bias_ih_l0[:2 * h].any()
    # the cell keeps a fraction sigmoid(b_f) of its content per step at the start: up to (T-2)/(T-1)
    assert 1 / (1 + np.exp(-forget.max())) <= 48 / 49 + 1e-6


def test_bad_input():
    torch = need("torch")
    from dlcore.architectures import DeepMLP, RecurrentClassifier, SmallCNN, mlp
    with pytest.raises(ValueError, match="two numbers"):
        SmallCNN((8,))
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        mlp([2, 2], activation="swish")
    with pytest.raises(ValueError, match="at least an input and an output"):
        mlp([3])
    with pytest.raises(ValueError, match="norm must be None, 'batch' or 'layer'"):
        DeepMLP(4, 2, depth=2, norm="group")
    with pytest.raises(ValueError, match="depth must be at least 1"):
        DeepMLP(4, 2, depth=0)
    with pytest.raises(ValueError, match="kind must be"):
        RecurrentClassifier("transformer", 4, 8, 2)
    with pytest.raises(ValueError, match="kind='lstm' only"):
        RecurrentClassifier("gru", 4, 8, 2, chrono=10)
    with pytest.raises(ValueError, match="batch, time, features"):
        RecurrentClassifier("rnn", 4, 8, 2)(torch.zeros(3, 4))
