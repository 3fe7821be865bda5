"""dlcore.distributed: DDP replicas agree with each other and with one process on the whole batch."""

import os
import socket
import subprocess
import sys

import pytest

from conftest import need
from dlcore import distributed as ddp


def need_distributed():
    """torch, for a test that trains with it; skip the test if this torch build has no torch.distributed."""
    torch = need("torch")
    if not torch.distributed.is_available():
        pytest.skip("this torch build has no torch.distributed")
    return torch


def max_gap(a, b):
    return max(float((a[k] - b[k]).abs().max()) for k in a)


@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])
def test_ddp_replicas_match_each_other_and_single_process_training(start_method):
    torch = need_distributed()
    if start_method == "forkserver" and not sys.platform.startswith("linux"):
        pytest.skip("the fork server is only used on Linux")
    states = ddp.train_ddp(world_size=2, steps=3, batch=32, lr=0.2, seed=1, start_method=start_method)
    single = ddp.train_single(steps=3, batch=32, lr=0.2, seed=1)
    assert len(states) == 2 and states[0].keys() == single.keys()
    assert all(torch.equal(states[0][k], states[1][k]) for k in single)  # bit-for-bit identical replicas
    assert max_gap(states[0], single) < 1e-6
    # The check has teeth: training moved the weights, and one rank alone on its half of each batch
    # (what the ranks would do without DDP's gradient all-reduce) ends up somewhere else.
    initial = ddp.make_model(1).state_dict()
    assert max_gap(single, initial) > 1e-3
    half = ddp._train(ddp.make_model(1), 0, 2, 3, 32, 0.2, 1, torch.device("cpu"))
    assert max_gap(half, single) > 100 * max_gap(states[0], single)


def test_the_problem_is_seeded():
    torch = need_distributed()
    assert max_gap(ddp.train_single(steps=2, seed=4), ddp.train_single(steps=2, seed=4)) == 0.0
    X1, y1 = ddp.global_batch(0, 16, seed=2)
    X2, y2 = ddp.global_batch(0, 16, seed=2)
    X3, _ = ddp.global_batch(1, 16, seed=2)
    assert torch.equal(X1, X2) and torch.equal(y1, y2) and not torch.equal(X1, X3)
    assert X1.shape == (16, 8) and y1.shape == (16, 1)


def test_make_model_is_seeded_without_global_state():
    torch = need_distributed()
    torch.manual_seed(123)
    before = torch.get_rng_state()
    a, b, c = ddp.make_model(5), ddp.make_model(5), ddp.make_model(6)
    assert torch.equal(torch.get_rng_state(), before)  # torch's global generator was not touched
    assert all(torch.equal(a.state_dict()[k], b.state_dict()[k]) for k in a.state_dict())
    assert all(not torch.equal(a.state_dict()[k], c.state_dict()[k]) for k in a.state_dict())
    # The weights follow nn.Linear's default law, uniform in +-1/sqrt(fan_in), whatever the global seed.
    for layer in (a[0], a[2]):
        bound = layer.in_features ** -0.5
        for p in (layer.weight, layer.bias):
            assert p.detach().abs().max().item() <= bound
        assert layer.weight.detach().abs().max().item() > 0.8 * bound
    w = a[0].weight.detach()  # 256 draws: their standard deviation is near bound / sqrt(3)
    assert abs(float(w.std()) - 8 ** -0.5 / 3 ** 0.5) < 0.15 * 8 ** -0.5 / 3 ** 0.5
    torch.manual_seed(0)
    assert torch.equal(ddp.make_model(5)[0].weight, a[0].weight)


def test_start_method_default(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert ddp.default_start_method() == "forkserver"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ddp.default_start_method() == "spawn"


def test_free_port_can_be_bound():
    port = ddp.free_port()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_the_same_code_runs_under_torchrun():
    need_distributed()
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                          "-m", "dlcore.distributed"], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    line = [l for l in out.stdout.splitlines() if "largest difference from one process" in l]
    assert len(line) == 1 and line[0].startswith("2 ranks on gloo")
    assert float(line[0].rsplit("=", 1)[1]) < 1e-6


@pytest.mark.parametrize("call, error, match", [
    (lambda: ddp.train_ddp(world_size=2, batch=33), ValueError, "must split evenly over world_size=2"),
    (lambda: ddp.train_ddp(world_size=0), ValueError, "world_size must be at least 1"),
    (lambda: ddp.train_ddp(start_method="fork"), ValueError, "'forkserver' or 'spawn'.*can hang"),
    (lambda: ddp.train_single(batch=10_000), ValueError, "larger than the data set"),
    (lambda: ddp.train_single(steps=0), ValueError, "steps must be at least 1"),
    (lambda: ddp.train_single(lr=-0.1), ValueError, "lr must be positive"),
    (lambda: ddp.make_model(seed=1.5), TypeError, "seed must be an integer"),
])
def test_bad_input(call, error, match):
    need_distributed()
    with pytest.raises(error, match=match):
        call()
