"""dlcore.optim: 50 steps from the same weights on the same data land where torch.optim lands."""

import numpy as np
import pytest

from conftest import need
from dlcore import losses, nn, optim
from dlcore.tensor import Tensor

# the torch optimizer is named, not imported, so this table loads without torch
CASES = {
    "sgd": (optim.SGD, "SGD", dict(lr=0.1)),
    "sgd_momentum": (optim.SGD, "SGD", dict(lr=0.05, momentum=0.9)),
    "sgd_nesterov_decay": (optim.SGD, "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "sgd_dampening": (optim.SGD, "SGD", dict(lr=0.05, momentum=0.5, dampening=0.3)),
    "rmsprop": (optim.RMSprop, "RMSprop", dict(lr=0.01)),
    "rmsprop_momentum_decay": (optim.RMSprop, "RMSprop", dict(lr=0.005, alpha=0.9, momentum=0.8,
                                                             weight_decay=0.01)),
    "adam": (optim.Adam, "Adam", dict(lr=0.01)),
    "adam_l2": (optim.Adam, "Adam", dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.05)),
    "adamw": (optim.AdamW, "AdamW", dict(lr=0.01, weight_decay=0.1)),
}


def twin_networks(torch):
    """A dlcore net and a torch net with the same float64 weights, and a regression problem."""
    net = nn.MLP([3, 8, 2], activation="tanh", seed=0, dtype=np.float64)
    net[0].bias.data[:] = np.linspace(-0.5, 0.5, 8)
    ref = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)).double()
    with torch.no_grad():
        for ours, theirs in ((net[0], ref[0]), (net[2], ref[2])):
            theirs.weight.copy_(torch.from_numpy(ours.weight.data.T))
            theirs.bias.copy_(torch.from_numpy(ours.bias.data))
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(32, 3)), rng.normal(size=(32, 2))
    return net, ref, X, Y


@pytest.mark.parametrize("name", CASES)
def test_fifty_steps_match_torch(name):
    torch = need("torch")
    ours_cls, theirs_name, kwargs = CASES[name]
    theirs_cls = getattr(torch.optim, theirs_name)
    net, ref, X, Y = twin_networks(torch)
    opt, topt = ours_cls(net.parameters(), **kwargs), theirs_cls(ref.parameters(), **kwargs)
    tX, tY = torch.from_numpy(X), torch.from_numpy(Y)
    start = net[0].weight.data.copy()
    for _ in range(50):
        loss = losses.mse_loss(net(X), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = torch.nn.functional.mse_loss(ref(tX), tY)
        topt.zero_grad()
        tloss.backward()
        topt.step()
    assert not np.allclose(net[0].weight.data, start)  # it did move
    for ours, theirs in ((net[0], ref[0]), (net[2], ref[2])):
        np.testing.assert_allclose(ours.weight.data, theirs.weight.detach().numpy().T, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(ours.bias.data, theirs.bias.detach().numpy(), rtol=1e-6, atol=1e-12)
    assert loss.item() == pytest.approx(tloss.item(), rel=1e-6)


def test_sgd_is_p_minus_lr_grad():
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    (w * w).sum().backward()
    optim.SGD([w], lr=0.25).step()
    np.testing.assert_allclose(w.data, [0.5, -1.0])


def test_parameters_without_grad_are_left_alone():
    a, b = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    opt = optim.Adam([a, b], lr=0.1)
    (a * 3).sum().backward()
    opt.step()
    assert b.data.tolist() == [1.0, 1.0] and a.data[0] < 1.0
    opt.zero_grad()
    assert a.grad is None


def test_float32_parameters_stay_float32():
    net = nn.MLP([2, 4, 1], seed=0)
    for cls in (optim.SGD, optim.RMSprop, optim.Adam, optim.AdamW):
        opt = cls(net.parameters(), lr=0.01)
        losses.mse_loss(net(np.ones((3, 2), np.float32)), np.zeros((3, 1))).backward()
        opt.step()
        opt.zero_grad()
        assert all(p.data.dtype == np.float32 for p in net.parameters()), cls.__name__


@pytest.mark.parametrize("lr", [0, -0.1])
@pytest.mark.parametrize("cls", [optim.SGD, optim.RMSprop, optim.Adam, optim.AdamW])
def test_non_positive_learning_rates_are_refused(cls, lr):
    with pytest.raises(ValueError, match="lr .*must be positive"):
        cls([Tensor([1.0], requires_grad=True)], lr=lr)


def test_bad_input_messages():
    w = Tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="parameter 0 must be a Tensor with requires_grad=True"):
        optim.SGD([Tensor([1.0])], lr=0.1)
    with pytest.raises(TypeError, match="parameter 0"):
        optim.Adam([np.ones(2)], lr=0.1)
    with pytest.raises(ValueError, match="nesterov=True needs momentum > 0"):
        optim.SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        optim.SGD([w], lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\)"):
        optim.Adam([w], betas=(0.9, 1.0))
    with pytest.raises(TypeError, match="betas must be a pair"):
        optim.Adam([w], betas=0.9)
    with pytest.raises(ValueError, match="weight_decay must be >= 0"):
        optim.AdamW([w], weight_decay=-1)
    with pytest.raises(TypeError, match="lr .*real number"):
        optim.RMSprop([w], lr="fast")


def test_a_scalar_parameter_works_with_every_optimizer():
    for cls in (optim.SGD, optim.RMSprop, optim.Adam, optim.AdamW):
        w = Tensor(3.0, requires_grad=True, dtype=np.float64)
        opt = cls([w], lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            (w * w).backward()
            opt.step()
        assert w.shape == () and abs(w.item()) < 3.0, cls.__name__
