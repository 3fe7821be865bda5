"""dlcore.flops: FLOP counts agree with torch's own operation counter; bad input is refused."""

import pytest

from conftest import need
from dlcore.flops import (MLPFlops, arithmetic_intensity, gflops_per_second, matmul_bytes, matmul_flops,
                          mlp_flops)


def counted(fn):
    """The FLOPs torch's FlopCounterMode measures while fn runs (matrix products only)."""
    from torch.utils.flop_counter import FlopCounterMode  # the tests that call this call need("torch") first
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


@pytest.mark.parametrize("m, k, n", [(1, 1, 1), (3, 5, 7), (64, 1, 32), (17, 128, 9)])
def test_matmul_flops_match_torch(m, k, n):
    torch = need("torch")
    a, b = torch.randn(m, k), torch.randn(k, n)
    assert matmul_flops(m, k, n) == counted(lambda: a @ b) == 2 * m * k * n


@pytest.mark.parametrize("sizes, batch", [([10, 20, 3], 7), ([784, 128, 64, 10], 32), ([5, 1], 1)])
def test_mlp_forward_and_backward_match_torch(sizes, batch):
    torch = need("torch")
    torch.manual_seed(0)
    layers = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(d_in, d_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    x = torch.randn(batch, sizes[0])
    f = mlp_flops(sizes, batch)
    assert isinstance(f, MLPFlops)
    assert f.forward == counted(lambda: model(x))
    out = model(x).sum()
    assert f.backward == counted(out.backward)
    # With a gradient for the input too (as in adversarial examples), one more product.
    xg = x.clone().requires_grad_(True)
    out = model(xg).sum()
    assert mlp_flops(sizes, batch, input_grad=True).backward == counted(out.backward)
    assert f.training_step == f.forward + f.backward
    assert sum(f.per_layer_forward) == f.forward and len(f.per_layer_forward) == len(sizes) - 1


def test_bytes_and_intensity():
    assert matmul_bytes(2, 3, 4, itemsize=4) == (6 + 12 + 8) * 4
    n = 512
    assert arithmetic_intensity(n, n, n, itemsize=4) == pytest.approx(2 * n / 12)
    # Halving the bytes per element doubles the intensity; matrix-vector products stay near 0.5.
    assert arithmetic_intensity(n, n, n, 2) == pytest.approx(2 * arithmetic_intensity(n, n, n, 4))
    assert 0.49 < arithmetic_intensity(4096, 4096, 1, 4) < 0.5
    assert gflops_per_second(3e9, 1.5) == pytest.approx(2.0)


@pytest.mark.parametrize("call, error, match", [
    (lambda: matmul_flops(0, 3, 4), ValueError, "m must be at least 1"),
    (lambda: matmul_flops(2.5, 3, 4), TypeError, "m must be an integer"),
    (lambda: matmul_bytes(2, 3, 4, itemsize=0), ValueError, "itemsize"),
    (lambda: mlp_flops([10], 4), ValueError, "at least an input and an output"),
    (lambda: mlp_flops("784,10", 4), TypeError, "list of layer widths"),
    (lambda: mlp_flops([10, -3], 4), ValueError, "layer width"),
    (lambda: mlp_flops([10, 3], 0), ValueError, "batch"),
    (lambda: gflops_per_second(1e9, 0.0), ValueError, "seconds must be positive"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
