"""dlcore.roofline: the bound is min(peak, intensity * bandwidth); measurements are consistent."""

import math

import numpy as np
import pytest

from conftest import need, raises_unless_torch_is_missing
from dlcore.plot import subplots
from dlcore.roofline import Roofline, bandwidth_gbs, matmul_gflops, measure, plot_roofline


def test_bound_and_ridge():
    roof = Roofline(peak_gflops=200.0, bandwidth_gbs=20.0)
    assert roof.ridge == 10.0
    i = np.geomspace(0.01, 1000, 50)
    bound = roof.attainable(i)
    np.testing.assert_allclose(bound, np.where(i < 10.0, 20.0 * i, 200.0))
    assert np.all(np.diff(bound) >= 0) and bound.max() == 200.0
    assert roof.attainable(10.0) == pytest.approx(200.0)  # both roofs meet at the ridge


def test_matmul_gflops_is_flops_over_the_best_time():
    need("torch")
    gflops, timing = matmul_gflops(64, repeats=3)
    assert len(timing.times) == 3 and gflops > 0
    assert gflops == pytest.approx(2 * 64**3 / timing.best / 1e9)
    g64, _ = matmul_gflops(32, dtype="float64", repeats=2)
    assert math.isfinite(g64) and g64 > 0


def test_matmul_gflops_is_seeded_and_correct_dtype(monkeypatch):
    torch = need("torch")
    seen = []
    real = torch.Tensor.__matmul__
    monkeypatch.setattr(torch.Tensor, "__matmul__", lambda a, b: (seen.append((a.dtype, a.sum().item())), real(a, b))[1])
    matmul_gflops(8, dtype="float64", warmup=0, repeats=1, seed=3)
    matmul_gflops(8, dtype="float64", warmup=0, repeats=1, seed=3)
    assert seen[0][0] == torch.float64 and seen[0] == seen[1]


def test_bandwidth_and_measure():
    need("torch")
    bw = bandwidth_gbs(4.0, repeats=2)
    assert math.isfinite(bw) and bw > 0.05  # even a very busy machine copies 50 MB/s
    roof = measure(n=64, megabytes=4.0, repeats=1)
    assert isinstance(roof, Roofline) and roof.device == "cpu"
    assert roof.peak_gflops > 0 and roof.bandwidth_gbs > 0


def test_plot_draws_the_bound():
    roof = Roofline(100.0, 10.0, "toy")
    fig, ax = subplots()
    plot_roofline(ax, roof, intensity=(0.1, 100.0), label="toy machine")
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), roof.attainable(line.get_xdata()))
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert "toy machine: 100 GFLOP/s, 10 GB/s" in line.get_label()
    assert ax.lines[1].get_xdata()[0] == pytest.approx(10.0)  # the dotted ridge line


@pytest.mark.parametrize("call, error, match", [
    (lambda: Roofline(0.0, 10.0), ValueError, "peak_gflops must be positive"),
    (lambda: Roofline(10.0, float("nan")), ValueError, "bandwidth_gbs must be finite"),
    (lambda: Roofline(10.0, 1.0).attainable([1.0, -1.0]), ValueError, "must be positive"),
    (lambda: Roofline(10.0, 1.0).attainable([1.0, np.nan]), ValueError, "NaN"),
    (lambda: matmul_gflops(0), ValueError, "n must be at least 1"),
    (lambda: matmul_gflops(8, dtype="int8"), ValueError, "dtype must be one of"),
    (lambda: bandwidth_gbs(-1.0), ValueError, "megabytes must be positive"),
    (lambda: bandwidth_gbs(1e-9), ValueError, "less than one float32"),
    (lambda: plot_roofline(None, (1.0, 2.0)), TypeError, "roof must be a Roofline"),
    (lambda: plot_roofline(None, Roofline(1.0, 1.0), intensity=(10.0, 1.0)), ValueError, "low < high"),
])
def test_bad_input(call, error, match):
    raises_unless_torch_is_missing(call, error, match)
