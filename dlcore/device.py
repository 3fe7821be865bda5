"""Devices and honest timing: use a GPU when there is one, and time work on it correctly.

A GPU runs *asynchronously*: ``a @ b`` on a CUDA tensor returns as soon as the work is queued,
long before it is done, so a stopwatch around the call measures the launch, not the work.
:func:`time_fn` therefore waits for the device before it reads the clock (with CUDA events on
a GPU, ``time.perf_counter`` on the CPU), runs warm-up calls first (the first call pays for
memory allocation, caches and kernel selection), and repeats.

torch is imported only inside the functions that need a torch device.

>>> t = time_fn(lambda: sum(range(10_000)), warmup=1, repeats=3)
>>> len(t.times), t.best <= t.median
(3, True)
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Optional, Tuple

from ._validate import as_int, as_positive

__all__ = ["REQUIRE_GPU_ENV", "pick_device", "gpu_required", "require_gpu", "synchronize",
           "Timing", "time_fn", "torch_threads"]

REQUIRE_GPU_ENV = "DLCORE_REQUIRE_GPU"


def pick_device() -> Any:
    """The best device torch can use here: ``cuda``, then ``mps`` (Apple GPUs), then ``cpu``.

    >>> pick_device().type in {"cuda", "mps", "cpu"}
    True
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def gpu_required(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``DLCORE_REQUIRE_GPU=1`` is set (the GPU CI job sets it); unset or ``0`` means no.

    >>> gpu_required({"DLCORE_REQUIRE_GPU": "1"}), gpu_required({})
    (True, False)
    """
    env = os.environ if environ is None else environ
    value = env.get(REQUIRE_GPU_ENV, "").strip()
    if value not in ("", "0", "1"):
        raise ValueError(f"{REQUIRE_GPU_ENV} must be 1 (require a CUDA GPU) or 0/unset (use what is "
                         f"there), got {value!r}.")
    return value == "1"


def require_gpu(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Raise ``RuntimeError`` if ``DLCORE_REQUIRE_GPU=1`` but torch sees no CUDA GPU.

    Returns whether a GPU is required, so a notebook can go on to assert that it used one.
    """
    if not gpu_required(environ):
        return False
    import torch

    if not torch.cuda.is_available():
        built = torch.version.cuda or "none: this is a CPU-only build"
        raise RuntimeError(f"{REQUIRE_GPU_ENV}=1, but torch {torch.__version__} (CUDA version {built}) sees "
                           "no CUDA GPU. Install a CUDA build of torch and check `nvidia-smi`, or unset "
                           f"{REQUIRE_GPU_ENV} to run on the CPU.")
    return True


def _device_type(device: Any, where: str) -> str:
    """``"cpu"``, ``"cuda"`` or ``"mps"`` for a device given as None, a string or a torch.device."""
    if device is None:
        return "cpu"
    name = device if isinstance(device, str) else getattr(device, "type", None)
    if not isinstance(name, str):
        raise TypeError(f"{where}: device must be a string such as 'cuda' or a torch.device, "
                        f"got {type(device).__name__}.")
    kind = name.split(":")[0]
    if kind not in ("cpu", "cuda", "mps"):
        raise ValueError(f"{where}: device {name!r} is not one of 'cpu', 'cuda', 'cuda:N' or 'mps'.")
    return kind


def synchronize(device: Any = None) -> None:
    """Wait until every piece of work queued on ``device`` has finished (a no-op on the CPU)."""
    kind = _device_type(device, "synchronize")
    if kind == "cpu":
        return
    import torch

    if kind == "cuda":
        torch.cuda.synchronize(device)
    else:
        torch.mps.synchronize()


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs; ``median`` is the typical run, ``best`` the least disturbed."""

    times: Tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    def rate(self, work: float, *, best: bool = False) -> float:
        """``work`` per second, e.g. FLOPs per second, from the median (or the best) time."""
        work = as_positive(work, "work", "Timing.rate")
        return work / max(self.best if best else self.median, 1e-12)


def time_fn(fn: Callable[[], Any], *, device: Any = None, warmup: int = 1, repeats: int = 5) -> Timing:
    """Time ``fn()`` on ``device``: ``warmup`` untimed calls, then ``repeats`` synchronised, timed calls.

    On a CUDA device each call is bracketed by CUDA events recorded on the GPU's stream, and the
    end event is waited for before its time is read. On ``mps`` the device is synchronised before
    and after each call. On the CPU (``device=None`` or ``"cpu"``) work is synchronous, so
    ``time.perf_counter`` brackets the call.
    """
    if not callable(fn):
        raise TypeError(f"time_fn: fn must be a function of no arguments, got {type(fn).__name__}; "
                        "wrap a call with arguments as `lambda: f(x)`.")
    kind = _device_type(device, "time_fn")
    warmup = as_int(warmup, "warmup", "time_fn", minimum=0)
    repeats = as_int(repeats, "repeats", "time_fn", minimum=1)
    for _ in range(warmup):
        fn()
    synchronize(device)
    if kind == "cuda":
        return Timing(tuple(_cuda_time(fn, device) for _ in range(repeats)))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)  # on the CPU this returns at once
        times.append(time.perf_counter() - start)
    return Timing(tuple(times))


def _cuda_time(fn: Callable[[], Any], device: Any) -> float:
    import torch

    with torch.cuda.device(device):  # record on the current stream of *this* GPU
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()  # the CPU waits here until the GPU has reached the end event
        return start.elapsed_time(end) / 1000.0  # elapsed_time is in milliseconds


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[int]:
    """Run a block with torch limited to ``n`` CPU threads, then restore the previous count.

    >>> import torch
    >>> before = torch.get_num_threads()
    >>> with torch_threads(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == before
    True
    """
    import torch

    n = as_int(n, "n", "torch_threads", minimum=1)
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield n
    finally:
        torch.set_num_threads(before)
