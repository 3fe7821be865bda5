"""Counting floating-point operations (FLOPs), and how many each byte of memory traffic buys.

Convention: one multiply-add counts as 2 FLOPs, so multiplying an ``(m, k)`` matrix by a
``(k, n)`` one costs :math:`2mkn` FLOPs. This is the convention of the papers and of
``torch.utils.flop_counter``, which the tests use as the reference. Memory traffic is counted
at its minimum (every matrix read or written once), so an arithmetic intensity here is an
upper bound on what a real kernel achieves.

>>> matmul_flops(2, 3, 4)
48
>>> mlp_flops([784, 128, 10], batch=32).forward
6504448
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Sequence

from ._validate import as_int, as_positive

__all__ = ["matmul_flops", "matmul_bytes", "arithmetic_intensity", "MLPFlops", "mlp_flops", "gflops_per_second"]


def matmul_flops(m: int, k: int, n: int) -> int:
    """FLOPs of an ``(m, k) @ (k, n)`` product: :math:`2mkn` (a multiply and an add per term).

    >>> matmul_flops(1024, 1024, 1024) / 1e9   # about 2 GFLOP
    2.147483648
    """
    m, k, n = (as_int(v, name, "matmul_flops", minimum=1) for v, name in ((m, "m"), (k, "k"), (n, "n")))
    return 2 * m * k * n


def matmul_bytes(m: int, k: int, n: int, itemsize: int = 4) -> int:
    """The least memory traffic of ``(m, k) @ (k, n)``: read both inputs once, write the output once.

    :math:`(mk + kn + mn) \\cdot` ``itemsize`` bytes; ``itemsize`` is 4 for float32, 2 for float16/bfloat16.

    >>> matmul_bytes(2, 3, 4, itemsize=8)
    208
    """
    m, k, n = (as_int(v, name, "matmul_bytes", minimum=1) for v, name in ((m, "m"), (k, "k"), (n, "n")))
    itemsize = as_int(itemsize, "itemsize", "matmul_bytes", minimum=1)
    return (m * k + k * n + m * n) * itemsize


def arithmetic_intensity(m: int, k: int, n: int, itemsize: int = 4) -> float:
    """The highest arithmetic intensity (FLOPs per byte) an ``(m, k) @ (k, n)`` product can reach.

    That is :math:`2mkn / ((mk + kn + mn)\\cdot\\text{itemsize})`, over the bytes of
    :func:`matmul_bytes`, the least traffic any kernel needs; a kernel that reads
    a matrix more than once moves more bytes, so its intensity is lower. For square ``n x n``
    matrices the bound is :math:`2n / (3 \\cdot \\text{itemsize})`, ``n / 6`` in float32: it grows
    with ``n``, which is why big matrix products can keep fast arithmetic units busy.

    >>> round(arithmetic_intensity(1024, 1024, 1024, itemsize=4), 1)
    170.7
    """
    return matmul_flops(m, k, n) / matmul_bytes(m, k, n, itemsize)


@dataclass(frozen=True)
class MLPFlops:
    """Matrix-multiply FLOPs of one forward and one backward pass, in total and per layer."""

    forward: int
    backward: int
    per_layer_forward: List[int]

    @property
    def training_step(self) -> int:
        """Forward plus backward: 3x the forward pass, less the first layer's input-gradient product."""
        return self.forward + self.backward


def mlp_flops(sizes: Sequence[int], batch: int, *, input_grad: bool = False) -> MLPFlops:
    """Count the matrix-multiply FLOPs of an MLP with layer widths ``sizes`` on a batch.

    Layer ``i`` maps ``sizes[i]`` to ``sizes[i+1]`` features. Its forward product ``X @ W`` costs
    :math:`2 B d_\\text{in} d_\\text{out}`. The backward pass needs two products of the same size:
    ``X.T @ G`` for the weight gradient and ``G @ W.T`` for the gradient of the layer's input. The
    first layer's input is the data, whose gradient nobody needs unless ``input_grad=True``; so the
    backward pass costs twice the forward pass, less that one product. Biases and activations add only
    :math:`O(B d)` operations per layer and are left out.

    >>> f = mlp_flops([10, 20, 3], batch=7)
    >>> f.forward, f.backward   # backward = 2 x forward - the first layer's input gradient
    (3640, 4480)
    """
    where = "mlp_flops"
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"{where}: sizes must be a list of layer widths such as [784, 128, 10], "
                        f"got {type(sizes).__name__}.")
    if len(sizes) < 2:
        raise ValueError(f"{where}: sizes needs at least an input and an output width, got {list(sizes)}.")
    widths = [as_int(s, "each layer width", where, minimum=1) for s in sizes]
    batch = as_int(batch, "batch", where, minimum=1)
    per_layer = [matmul_flops(batch, d_in, d_out) for d_in, d_out in zip(widths[:-1], widths[1:])]
    forward = sum(per_layer)
    backward = 2 * forward - (0 if input_grad else per_layer[0])
    return MLPFlops(forward, backward, per_layer)


def gflops_per_second(flops: Any, seconds: Any) -> float:
    """Throughput in GFLOP/s, i.e. :math:`10^9` FLOPs per second.

    >>> gflops_per_second(2e9, 0.5)
    4.0
    """
    return as_positive(flops, "flops", "gflops_per_second") / as_positive(seconds, "seconds",
                                                                          "gflops_per_second") / 1e9

