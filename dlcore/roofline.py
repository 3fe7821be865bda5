"""The roofline model: how fast a kernel can run, given how many FLOPs it does per byte it moves.

A processor does at most ``peak`` FLOP/s and moves at most ``bandwidth`` bytes/s between memory
and its arithmetic units. A kernel that does ``I`` FLOPs per byte (its *arithmetic intensity*)
therefore runs at most at

.. math:: P(I) = \\min(\\text{peak},\\ I \\cdot \\text{bandwidth})

(Williams et al., 2009). Left of the *ridge point* ``peak / bandwidth`` a kernel is memory-bound,
right of it compute-bound. :func:`measure` measures both numbers for this machine, quickly.

A matrix product is usually placed at :func:`dlcore.flops.arithmetic_intensity`, the highest
intensity it can reach (every matrix moved once); a real kernel moves more bytes, so it sits at
or left of that point.

>>> roof = Roofline(peak_gflops=100.0, bandwidth_gbs=10.0, device="toy")
>>> roof.ridge, float(roof.attainable(1.0)), float(roof.attainable(50.0))
(10.0, 10.0, 100.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence, Tuple

import numpy as np

from ._validate import as_float_array, as_int, as_positive
from .device import Timing, time_fn
from .flops import matmul_flops

__all__ = ["Roofline", "matmul_gflops", "bandwidth_gbs", "measure", "plot_roofline"]


@dataclass(frozen=True)
class Roofline:
    """A machine's measured peak compute (GFLOP/s) and memory bandwidth (GB/s)."""

    peak_gflops: float
    bandwidth_gbs: float
    device: str = "cpu"

    def __post_init__(self) -> None:
        as_positive(self.peak_gflops, "peak_gflops", "Roofline")
        as_positive(self.bandwidth_gbs, "bandwidth_gbs", "Roofline")

    @property
    def ridge(self) -> float:
        """The arithmetic intensity (FLOP/byte) at which the memory roof meets the compute roof."""
        return self.peak_gflops / self.bandwidth_gbs

    def attainable(self, intensity: Any) -> np.ndarray:
        """The roofline bound in GFLOP/s at arithmetic intensity ``intensity`` (FLOP/byte)."""
        i = as_float_array(intensity, "intensity", "Roofline.attainable", allow_inf=True)
        if np.any(i <= 0):
            raise ValueError("Roofline.attainable: arithmetic intensity must be positive (FLOP per byte).")
        return np.minimum(self.peak_gflops, i * self.bandwidth_gbs)


def _torch_dtype(dtype: str, where: str) -> Any:
    import torch

    table = {"float64": torch.float64, "float32": torch.float32,
             "float16": torch.float16, "bfloat16": torch.bfloat16}
    if dtype not in table:
        raise ValueError(f"{where}: dtype must be one of {sorted(table)}, got {dtype!r}.")
    return table[dtype]


def matmul_gflops(n: int, *, dtype: str = "float32", device: Any = None, warmup: int = 1,
                  repeats: int = 3, seed: int = 0) -> Tuple[float, Timing]:
    """Measured GFLOP/s of a torch ``(n, n) @ (n, n)`` product on ``device``, from the best of ``repeats``.

    Returns the throughput and the :class:`~dlcore.device.Timing` it came from.
    """
    import torch

    n = as_int(n, "n", "matmul_gflops", minimum=1)
    dev = torch.device(device if device is not None else "cpu")
    gen = torch.Generator().manual_seed(seed)
    a = torch.randn(n, n, generator=gen).to(device=dev, dtype=_torch_dtype(dtype, "matmul_gflops"))
    b = torch.randn(n, n, generator=gen).to(device=dev, dtype=a.dtype)
    timing = time_fn(lambda: a @ b, device=dev, warmup=warmup, repeats=repeats)
    return timing.rate(matmul_flops(n, n, n), best=True) / 1e9, timing


def bandwidth_gbs(megabytes: float = 64.0, *, device: Any = None, repeats: int = 5) -> float:
    """Measured memory bandwidth in GB/s: copy a float32 buffer of ``megabytes`` (read it, write it).

    Choose a buffer much larger than the processor's caches, or this measures the caches. Each
    element counts as 8 bytes, one read and one write; a CPU cache that reads a line before
    overwriting it moves more, so this is a lower bound on the traffic the memory carried. Memory
    is shared by all cores: on a busy machine the result varies severalfold between runs.
    """
    import torch

    size = int(as_positive(megabytes, "megabytes", "bandwidth_gbs") * 1e6) // 4
    if size < 1:
        raise ValueError(f"bandwidth_gbs: megabytes={megabytes} is less than one float32.")
    dev = torch.device(device if device is not None else "cpu")
    src = torch.ones(size, device=dev)
    dst = torch.empty_like(src)
    timing = time_fn(lambda: dst.copy_(src), device=dev, warmup=1, repeats=repeats)
    return timing.rate(2 * 4 * size, best=True) / 1e9  # every element is read once and written once


def measure(device: Any = None, *, n: int = 1024, megabytes: float = 64.0, repeats: int = 3) -> Roofline:
    """This machine's roofline: peak float32 matmul GFLOP/s (``n x n``) and copy bandwidth.

    The matmul peak is what torch reaches, a lower bound on the hardware's peak; on a busy
    machine both numbers come out lower. Takes well under a second on a CPU.
    """
    import torch

    dev = torch.device(device if device is not None else "cpu")
    peak, _ = matmul_gflops(n, device=dev, repeats=repeats)
    bandwidth = bandwidth_gbs(megabytes, device=dev, repeats=repeats + 2)
    return Roofline(peak, bandwidth, str(dev))


def plot_roofline(ax: Any, roof: Roofline, *, intensity: Sequence[float] = (0.05, 1e3),
                  label: Optional[str] = None, color: str = "C0") -> Any:
    """Draw ``roof`` on log-log axes: the sloped memory roof, the flat compute roof, the ridge point."""
    if not isinstance(roof, Roofline):
        raise TypeError(f"plot_roofline: roof must be a Roofline, got {type(roof).__name__}.")
    lo, hi = (as_positive(v, "intensity bounds", "plot_roofline") for v in intensity)
    if lo >= hi:
        raise ValueError(f"plot_roofline: intensity must be (low, high) with low < high, got {intensity}.")
    grid = np.geomspace(lo, hi, 200)
    name = label or roof.device
    ax.plot(grid, roof.attainable(grid), color=color, lw=2,
            label=f"{name}: {roof.peak_gflops:.0f} GFLOP/s, {roof.bandwidth_gbs:.0f} GB/s")
    if lo < roof.ridge < hi:
        ax.axvline(roof.ridge, color=color, ls=":", lw=1)
    ax.set(xscale="log", yscale="log", xlabel="arithmetic intensity (FLOP / byte)",
           ylabel="attainable GFLOP/s")
    return ax
