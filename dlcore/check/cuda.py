"""Graders for the chapter on CUDA: counting FLOPs, arithmetic intensity, the roofline, devices.

>>> r = linear_flops(lambda batch, d_in, d_out: (2 * batch * d_in * d_out, 0), verbose=False)
>>> r.status   # the forward count is right, but the backward pass is not free
'failed'
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

import numpy as np

from ._grader import Case, Result, _finish, _run, grade

__all__ = ["linear_flops", "arithmetic_intensity", "roofline", "place_on_device"]


def linear_flops(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(batch, d_in, d_out)`` returns the (forward, backward) matmul FLOPs of a linear layer."""
    def ref(b: int, i: int, o: int) -> Tuple[int, int]:
        return 2 * b * i * o, 4 * b * i * o

    fwd_hint = ("each of the batch * d_out outputs is a dot product of length d_in: d_in multiplies "
                "and d_in adds, so 2 * batch * d_in * d_out FLOPs.")
    bwd_hint = ("the backward pass needs two products as large as the forward one: the weight gradient "
                "X.T @ G and the input gradient G @ W.T.")
    cases = [
        Case((1, 1, 1), ref(1, 1, 1), "one input, one output, one example", hint=fwd_hint),
        Case((32, 784, 128), ref(32, 784, 128), "a batch of 32 MNIST images into 128 units", hint=bwd_hint),
        Case((7, 10, 3), ref(7, 10, 3), "d_in and d_out differ: don't swap them", hint=fwd_hint),
        Case((4096, 12288, 49152), ref(4096, 12288, 49152), "a GPT-3-sized layer (numbers beyond 2**31)",
             hint="use Python integers; numpy's int32 overflows past 2**31."),
    ]
    return grade("linear_flops", fn, cases, hint=bwd_hint, must_pass=must_pass, verbose=verbose, rtol=0, atol=0)


def arithmetic_intensity(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(m, k, n, itemsize)`` returns the highest FLOPs per byte of an ``(m, k) @ (k, n)`` product.

    The bytes are the least any kernel moves, every matrix read or written once, so the
    intensity is an upper bound: a real kernel moves at least that many bytes.
    """
    def ref(m: int, k: int, n: int, s: int) -> float:
        return 2 * m * k * n / ((m * k + k * n + m * n) * s)

    hint = ("FLOPs are 2*m*k*n; the fewest bytes a product can move are those of A (m*k), B (k*n) "
            "and C (m*n) elements, each itemsize bytes, read or written once.")
    cases = [
        Case((1024, 1024, 1024, 4), ref(1024, 1024, 1024, 4), "square float32 matrices", hint=hint),
        Case((1024, 1024, 1024, 2), ref(1024, 1024, 1024, 2), "the same in float16: half the bytes",
             hint="itemsize is the number of bytes per element: 4 for float32, 2 for float16."),
        Case((4096, 4096, 1, 4), ref(4096, 4096, 1, 4), "a matrix times a vector",
             hint="with n = 1 the m*k elements of A are each used once: at most about 0.5 FLOP per byte."),
        Case((1, 784, 128, 4), ref(1, 784, 128, 4), "one example through a dense layer", hint=hint),
        Case((512, 784, 128, 4), ref(512, 784, 128, 4), "a batch of 512 through the same layer", hint=hint),
    ]
    return grade("arithmetic_intensity", fn, cases, hint=hint, must_pass=must_pass, verbose=verbose, rtol=1e-9)


def roofline(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(intensity, peak_gflops, bandwidth_gbs)`` returns the roofline bound in GFLOP/s."""
    def ref(i: Any, p: float, b: float) -> Any:
        return np.minimum(p, np.asarray(i, dtype=float) * b)

    hint = "the bound is the smaller of the compute roof (peak) and the memory roof (intensity * bandwidth)."
    grid = np.array([0.1, 1.0, 10.0, 100.0, 1000.0])
    cases = [
        Case((0.5, 1000.0, 100.0), ref(0.5, 1000.0, 100.0), "a memory-bound kernel",
             hint="at 0.5 FLOP per byte and 100 GB/s, memory delivers enough data for 50 GFLOP/s."),
        Case((500.0, 1000.0, 100.0), ref(500.0, 1000.0, 100.0), "a compute-bound kernel",
             hint="no kernel runs faster than the peak."),
        Case((10.0, 1000.0, 100.0), ref(10.0, 1000.0, 100.0), "exactly at the ridge point", hint=hint),
        Case((grid.copy(), 19500.0, 1555.0), ref(grid, 19500.0, 1555.0),
             "an array of intensities (an A100's float32 numbers)",
             hint="use np.minimum, which works elementwise, rather than min()."),
    ]
    return grade("roofline", fn, cases, hint=hint, must_pass=must_pass, verbose=verbose)


def _placement_problem(out: Any, device: Any, X: Any, y: Any) -> Optional[str]:
    """What is wrong with ``fn``'s output ``(model, X, y)`` for ``device``, or None."""
    import torch

    dev = torch.device(device)
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        return f"return the three things (model, X, y), got {type(out).__name__}."
    model, Xd, yd = out
    if not isinstance(model, torch.nn.Module):
        return f"the first item must be the model, got {type(model).__name__}."
    where = {p.device.type for p in model.parameters()}
    if where != {dev.type}:
        return f"the model's parameters are on {sorted(where)}, expected {dev.type}: call model.to(device)."
    for name, t, want in (("X", Xd, torch.float32), ("y", yd, torch.int64)):
        if not isinstance(t, torch.Tensor):
            return f"{name} is a {type(t).__name__}, expected a torch tensor: use torch.as_tensor({name})."
        if t.device.type != dev.type:
            return (f"{name} is on {t.device.type}, expected {dev.type}. `{name}.to(device)` returns a new "
                    f"tensor and leaves {name} where it was: keep the result, {name} = {name}.to(device).")
        if t.dtype != want:
            return (f"{name} has dtype {t.dtype}, expected {want}: the model's weights are float32 and "
                    "cross-entropy wants int64 class labels; pass dtype= to .to() or torch.as_tensor().")
    if tuple(Xd.shape) != tuple(np.shape(X)) or tuple(yd.shape) != tuple(np.shape(y)):
        return f"the shapes changed: X {tuple(Xd.shape)}, y {tuple(yd.shape)}; expected {np.shape(X)}, {np.shape(y)}."
    if dev.type == "cpu" and not (np.allclose(Xd.numpy(), np.asarray(X, dtype=np.float32))
                                  and np.array_equal(yd.numpy(), np.asarray(y))):
        return "the values changed: moving data must not alter it."
    return None


def _layer() -> Any:
    """A fresh ``Linear(4, 3)`` with fixed weights, made without touching torch's global RNG."""
    import torch

    layer = torch.nn.utils.skip_init(torch.nn.Linear, 4, 3)  # no default (random) initialization
    with torch.no_grad():
        layer.weight.copy_(torch.linspace(-1.0, 1.0, 12).reshape(3, 4))
        layer.bias.zero_()
    return layer


def place_on_device(fn: Any, *, must_pass: bool = False, verbose: bool = True) -> Result:
    """Check ``fn(model, X, y, device)`` returns ``(model, X, y)`` on ``device``, X float32 and y int64.

    Besides the CPU it uses torch's ``meta`` device (tensors with a shape but no data), which
    every torch build has, so a forgotten ``X = X.to(device)`` shows up without a GPU.
    """
    import torch

    name = "place_on_device"
    if not callable(fn):
        return grade(name, fn, [], must_pass=must_pass, verbose=verbose)
    rng = np.random.default_rng(0)
    X_np, y_np = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6).astype(np.int32)
    trials: List[Tuple[str, Any, Any, Any]] = [
        ("numpy arrays (float64 X, int32 y) on the CPU", "cpu", X_np, y_np),
        ("torch tensors moved to the 'meta' device", "meta", torch.as_tensor(X_np), torch.as_tensor(y_np)),
        ("numpy arrays to the 'meta' device, given as torch.device", torch.device("meta"), X_np, y_np),
    ]
    for n, (probe, device, X, y) in enumerate(trials, start=1):
        problem, out = _run(fn, Case((_layer(), X, y, device), None))
        if problem == "not implemented":
            return _finish(Result(name, "not implemented", f"… {name}: not yet implemented. Replace "
                                  "`raise NotImplementedError` with your code and run the cell again."),
                           must_pass, verbose)
        problem = problem or _placement_problem(out, device, X, y)
        if problem:
            message = f"✘ {name}: check {n} of {len(trials)} failed ({probe}).\n   problem:  {problem}"
            return _finish(Result(name, "failed", message), must_pass, verbose)
    return _finish(Result(name, "passed", f"✔ {name}: passed all {len(trials)} checks."), must_pass, verbose)
