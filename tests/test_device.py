"""dlcore.device: device choice, the GPU requirement, and timing that synchronises.

There is no GPU here, so the CUDA paths run against a fake ``torch.cuda`` that records the
order of calls: the timer must record its events around the work and wait for the end event
before it reads the elapsed time, which is exactly what makes GPU timings honest.
"""

import contextlib
import time

import pytest

from conftest import need, raises_unless_torch_is_missing
from dlcore import device as dv


def test_pick_device_prefers_cuda_then_mps_then_cpu(monkeypatch):
    torch = need("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert dv.pick_device() == torch.device("cpu")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert dv.pick_device() == torch.device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert dv.pick_device() == torch.device("cuda")


def test_gpu_requirement(monkeypatch):
    torch = need("torch")
    assert dv.gpu_required({}) is False and dv.gpu_required({"DLCORE_REQUIRE_GPU": "0"}) is False
    assert dv.gpu_required({"DLCORE_REQUIRE_GPU": " 1 "}) is True
    with pytest.raises(ValueError, match="must be 1 .* or 0/unset .*, got 'yes'"):
        dv.gpu_required({"DLCORE_REQUIRE_GPU": "yes"})
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert dv.require_gpu({}) is False
    with pytest.raises(RuntimeError, match="DLCORE_REQUIRE_GPU=1, but torch .* sees no CUDA GPU"):
        dv.require_gpu({"DLCORE_REQUIRE_GPU": "1"})
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert dv.require_gpu({"DLCORE_REQUIRE_GPU": "1"}) is True


def test_require_gpu_reads_the_real_environment(monkeypatch):
    torch = need("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("DLCORE_REQUIRE_GPU", "1")
    with pytest.raises(RuntimeError, match="unset DLCORE_REQUIRE_GPU"):
        dv.require_gpu()
    monkeypatch.delenv("DLCORE_REQUIRE_GPU")
    assert dv.require_gpu() is False


def test_cpu_timing_measures_the_work_with_warmup():
    torch = need("torch")
    calls = []
    t = dv.time_fn(lambda: (calls.append(1), time.sleep(0.02)), warmup=2, repeats=3)
    assert len(calls) == 5 and len(t.times) == 3
    assert all(0.02 <= s < 1.0 for s in t.times)
    assert t.best <= t.median and t.rate(1.0) == pytest.approx(1 / t.median)
    assert t.rate(1.0, best=True) == pytest.approx(1 / t.best)
    assert dv.time_fn(lambda: None, device="cpu", repeats=1).times[0] < 0.01
    assert dv.time_fn(lambda: None, device=torch.device("cpu"), warmup=0, repeats=2).median < 0.01


class FakeCuda:
    """Stands in for torch.cuda and logs every call, with events 7 ms apart on the 'GPU'."""

    def __init__(self):
        self.log = []
        fake = self

        class Event:
            count = 0

            def __init__(self, enable_timing=False):
                assert enable_timing, "events must be created with enable_timing=True"
                Event.count += 1
                self.name = "start" if Event.count % 2 else "end"

            def record(self):
                fake.log.append(f"{self.name}.record")

            def synchronize(self):
                fake.log.append(f"{self.name}.synchronize")

            def elapsed_time(self, other):
                assert fake.log[-1] == "end.synchronize", "read the time only after waiting for the end event"
                fake.log.append("elapsed_time")
                return 7.0

        self.Event = Event

    def synchronize(self, device=None):
        self.log.append("synchronize")

    def device(self, device):
        self.log.append(f"device({device})")
        return contextlib.nullcontext()


def test_cuda_timing_uses_events_and_waits_for_them(monkeypatch):
    torch = need("torch")
    fake = FakeCuda()
    for name in ("Event", "synchronize", "device"):
        monkeypatch.setattr(torch.cuda, name, getattr(fake, name))
    t = dv.time_fn(lambda: fake.log.append("work"), device="cuda:1", warmup=1, repeats=2)
    assert t.times == (0.007, 0.007)  # milliseconds from elapsed_time, returned in seconds
    one_run = ["device(cuda:1)", "start.record", "work", "end.record", "end.synchronize", "elapsed_time"]
    assert fake.log == ["work", "synchronize"] + one_run * 2  # warm-up, wait for it, then timed runs


def test_synchronize_dispatches_by_device(monkeypatch):
    torch = need("torch")
    log = []
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: log.append(("cuda", device)))
    monkeypatch.setattr(torch.mps, "synchronize", lambda: log.append(("mps", None)))
    dv.synchronize(None)
    dv.synchronize("cpu")
    assert log == []
    dv.synchronize("cuda:0")
    dv.synchronize(torch.device("mps"))
    assert log == [("cuda", "cuda:0"), ("mps", None)]


def test_torch_threads_restores_even_after_an_error():
    torch = need("torch")
    before = torch.get_num_threads()
    with pytest.raises(ZeroDivisionError):
        with dv.torch_threads(1):
            assert torch.get_num_threads() == 1
            1 / 0
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("call, error, match", [
    (lambda: dv.time_fn(5), TypeError, "fn must be a function of no arguments"),
    (lambda: dv.time_fn(lambda: None, device="tpu"), ValueError, "'tpu' is not one of"),
    (lambda: dv.time_fn(lambda: None, device=3), TypeError, "device must be a string"),
    (lambda: dv.time_fn(lambda: None, repeats=0), ValueError, "repeats must be at least 1"),
    (lambda: dv.time_fn(lambda: None, warmup=-1), ValueError, "warmup must be at least 0"),
    (lambda: dv.Timing((1.0,)).rate(0), ValueError, "work must be positive"),
    (lambda: dv.torch_threads(0).__enter__(), ValueError, "n must be at least 1"),
    (lambda: dv.synchronize("gpu"), ValueError, "'gpu' is not one of"),
])
def test_bad_input(call, error, match):
    raises_unless_torch_is_missing(call, error, match)
