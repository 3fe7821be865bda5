"""dlcore's engines against torch on the CPU: time per training step and peak memory.

Usage: .venv/bin/python benchmarks/engine.py [--quick] [--threads N]

--threads N limits both torch (torch.set_num_threads) and numpy's BLAS (threadpoolctl) to N
threads; by default each library uses its own default (2 on the course machine). On a machine
that other jobs share, one thread each gives steadier figures: spinning worker threads that lose
their core to another process slow a library down far more than the work itself.

Workloads (the course's models):
  (a) moons, MLP 2-64-64-1 with tanh, BCE-with-logits, full batch of 1000, SGD (lr 0.1)
  (b) digits, MLP 64-128-10 with ReLU, cross-entropy, minibatches of 64, Adam (lr 1e-3)
  (c) the scalar engine on micrograd's demo: MLP 2-16-16-1 (ReLU) on 100 moons points
      (noise 0.1), SVM max-margin loss + 1e-4 L2, full batch, SGD with a decaying lr

How it is measured
  Time: both libraries run in this one process on the same data from the same
  initial weights (float32, torch's default thread count). The timed blocks are
  interleaved (dlcore, torch, torch, dlcore, ...) and repeated; each block is a
  run of consecutive steps after a warm-up, and we print the median over blocks
  of the mean time per step. A step is forward, zero_grad, backward, update.
  Peak memory, two ways:
  * step peak: the most memory one training step holds at once beyond what was
    live before it (weights, optimizer state and data are excluded: they are the
    same size in both). For dlcore, tracemalloc sees every numpy buffer and
    Python object. torch allocates its tensors in C++, out of tracemalloc's
    sight, so for torch we add the peak of its CPU allocator during the step
    (profiler memory events, torch.profiler with profile_memory=True) and the
    tracemalloc peak of its Python objects (a separate run, without the
    profiler). Neither side counts C++ bookkeeping outside the allocator
    (torch's autograd nodes), so torch's figure is, if anything, low.
  * process peak: the peak resident set size (VmHWM) of a fresh Python
    process that builds one side only and runs 50 steps; it includes the
    libraries themselves (numpy, dlcore and its imports; plus torch for torch).
  GC share (c): the time between gc.callbacks' "start" and "stop" events,
  divided by the step's time, with the garbage collector on (Python's default).
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import numpy as np

import dlcore.losses as L
from dlcore import data, nn, optim
from dlcore.engine import Value
from dlcore.scalar_nn import MLP as ScalarMLP
from dlcore.tensor import Tensor

QUICK = "--quick" in sys.argv
Step = Callable[[], None]


def copy_to_torch(net: nn.Sequential, act: str) -> "torch.nn.Sequential":
    """A torch Sequential with the same layers and the same initial weights as ``net``."""
    import torch
    layers = []
    for layer in net.layers:
        if isinstance(layer, nn.Linear):
            lin = torch.nn.Linear(*layer.weight.shape)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(layer.weight.data.T.copy()))
                lin.bias.copy_(torch.from_numpy(layer.bias.data))
            layers.append(lin)
        else:
            layers.append(torch.nn.Tanh() if act == "tanh" else torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def step_a(side: str) -> Step:
    """(a) moons, 2-64-64-1 tanh, BCE, full batch 1000, SGD; ``side`` is "dlcore" or "torch"."""
    X, y = data.moons(1000, noise=0.1, seed=0)
    X, y = X.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    net = nn.MLP([2, 64, 64, 1], activation="tanh", seed=0)
    if side == "dlcore":
        opt, Xd = optim.SGD(net.parameters(), lr=0.1), Tensor(X)

        def ours() -> None:
            loss = L.binary_cross_entropy_with_logits(net(Xd), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return ours
    import torch
    tnet = copy_to_torch(net, "tanh")
    topt, tX, ty = torch.optim.SGD(tnet.parameters(), lr=0.1), torch.from_numpy(X), torch.from_numpy(y)

    def theirs() -> None:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(tnet(tX), ty)
        topt.zero_grad()
        loss.backward()
        topt.step()
    return theirs


def digits_arrays() -> Tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits, kept in a temporary .npz so that the memory-measuring child
    processes load them with numpy alone and measure the engines, not scikit-learn's import."""
    cache = Path(tempfile.gettempdir()) / "dlcore_benchmark_digits.npz"
    if not cache.exists():
        from sklearn.datasets import load_digits
        digits = load_digits()
        np.savez(cache, X=digits.data, y=digits.target)
    with np.load(cache) as f:
        return f["X"], f["y"]


def step_b(side: str) -> Step:
    """(b) digits, 64-128-10 ReLU, cross-entropy, minibatch 64, Adam; ``side`` is "dlcore" or "torch"."""
    X, y = digits_arrays()
    X, y = (X / 16.0).astype(np.float32), y.astype(np.int64)
    order = np.random.default_rng(0).permutation(len(X))
    batches = [(X[i], y[i]) for i in np.array_split(order, len(X) // 64)]
    net = nn.MLP([64, 128, 10], activation="relu", seed=0)
    count = [0]
    if side == "dlcore":
        opt = optim.Adam(net.parameters(), lr=1e-3)

        def ours() -> None:
            xb, yb = batches[count[0] % len(batches)]
            count[0] += 1
            loss = L.cross_entropy(net(Tensor(xb)), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return ours
    import torch
    tnet = copy_to_torch(net, "relu")
    topt = torch.optim.Adam(tnet.parameters(), lr=1e-3)
    tbatches = [(torch.from_numpy(a), torch.from_numpy(b)) for a, b in batches]

    def theirs() -> None:
        xb, yb = tbatches[count[0] % len(tbatches)]
        count[0] += 1
        loss = torch.nn.functional.cross_entropy(tnet(xb), yb)
        topt.zero_grad()
        loss.backward()
        topt.step()
    return theirs


WORKLOADS = {"a": step_a, "b": step_b}


def process_peak_rss(workload: str, side: str) -> float:
    """Peak resident memory (MiB) of a fresh process that runs 50 steps of one side only."""
    out = subprocess.run([sys.executable, __file__, "--rss", workload, side], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.split()[-1])


def time_pair(ours: Step, theirs: Step, steps: int, repeats: int) -> Tuple[float, float]:
    """Median ms per step of each, timed in interleaved blocks of ``steps`` steps."""
    for fn in (ours, theirs):  # warm-up: caches, lazy initialisation, thread pools
        for _ in range(max(3, steps // 5)):
            fn()
    times: Dict[Step, List[float]] = {ours: [], theirs: []}
    for r in range(repeats):
        for fn in ((ours, theirs) if r % 2 == 0 else (theirs, ours)):
            start = time.perf_counter()
            for _ in range(steps):
                fn()
            times[fn].append((time.perf_counter() - start) / steps * 1e3)
    return statistics.median(times[ours]), statistics.median(times[theirs])


def traced_peak(fn: Step) -> int:
    """Bytes (numpy buffers + Python objects) that one call of ``fn`` holds at its peak, per tracemalloc."""
    fn()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def torch_allocator_peak(fn: Step) -> int:
    """Peak bytes held by torch's CPU allocator during one call of ``fn`` (profiler memory events)."""
    from torch.profiler import ProfilerActivity, profile
    fn()
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    # Every allocation and free appears once as some event's *self* memory; add them up in time order.
    events = sorted(prof.events(), key=lambda e: e.time_range.start)
    current = peak = 0
    for e in events:
        current += e.self_cpu_memory_usage
        peak = max(peak, current)
    return peak


def scalar_step_factory() -> Tuple[Callable[[int], float], Callable[[], int]]:
    """(c) micrograd's demo workload on dlcore.engine; returns (step(k) -> loss, count_nodes())."""
    X, y = data.moons(100, noise=0.1, seed=1)
    X, y = X.tolist(), (2.0 * y - 1.0).tolist()  # labels -1 / +1 for the max-margin loss
    model = ScalarMLP([2, 16, 16, 1], seed=0)
    params = model.parameters()

    def loss_fn() -> Value:
        inputs = [[Value(a) for a in row] for row in X]
        scores = [model(x) for x in inputs]
        margins = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(margins) * (1.0 / len(margins))
        reg_loss = 1e-4 * sum(p * p for p in params)
        return data_loss + reg_loss

    def step(k: int) -> float:
        loss = loss_fn()
        model.zero_grad()
        loss.backward()
        lr = 1.0 - 0.9 * k / 100
        for p in params:
            p.data -= lr * p.grad
        return loss.data

    def count_nodes() -> int:
        return len(loss_fn().topological_order())
    return step, count_nodes


def bench_scalar(steps: int) -> Tuple[float, float, float, float, float]:
    """(ms/step, nodes, µs/node, GC share, first-to-last loss drop) with the collector on."""
    step, count_nodes = scalar_step_factory()
    nodes = count_nodes()
    in_gc, started = [0.0], [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            in_gc[0] += time.perf_counter() - started[0]
    step(0)  # warm-up
    gc.callbacks.append(on_gc)
    try:
        times, losses = [], []
        for k in range(1, steps + 1):
            t0 = time.perf_counter()
            losses.append(step(k))
            times.append(time.perf_counter() - t0)
    finally:
        gc.callbacks.remove(on_gc)
    ms = statistics.median(times) * 1e3
    return ms, nodes, ms * 1e3 / nodes, in_gc[0] / sum(times), losses[0] - losses[-1]


def main() -> None:
    import torch
    if "--threads" in sys.argv:
        from threadpoolctl import threadpool_limits
        n = int(sys.argv[sys.argv.index("--threads") + 1])
        torch.set_num_threads(n)
        limits = threadpool_limits(n)  # noqa: F841 (kept for the whole run)
    assert gc.isenabled(), "the benchmark measures with Python's garbage collector on"
    from threadpoolctl import threadpool_info
    blas = max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=0)
    print(f"numpy {np.__version__} ({blas} BLAS threads), torch {torch.__version__} "
          f"(CPU, {torch.get_num_threads()} threads), "
          f"python {sys.version.split()[0]}; load average before: {os.getloadavg()[0]:.2f}")
    repeats = 5 if QUICK else 15
    rows = []
    for key, name, steps in (("a", "(a) moons 2-64-64-1 tanh, BCE, batch 1000, SGD", 20),
                             ("b", "(b) digits 64-128-10 ReLU, CE, batch 64, Adam", 100)):
        make = WORKLOADS[key]
        ms_ours, ms_torch = time_pair(make("dlcore"), make("torch"), steps, repeats)
        mem_ours = traced_peak(make("dlcore"))
        theirs = make("torch")
        mem_torch = torch_allocator_peak(theirs) + traced_peak(theirs)
        rss = process_peak_rss(key, "dlcore"), process_peak_rss(key, "torch")
        rows.append((name, ms_ours, ms_torch, mem_ours, mem_torch, rss))

    print(f"\n{'workload':<48} {'ms/step: dlcore':>15} {'torch':>7} {'ratio':>6} | "
          f"{'step peak KiB: dlcore':>21} {'torch':>7} {'ratio':>6} | {'process peak MiB: dlcore':>24} "
          f"{'torch':>6} {'ratio':>6}")
    for name, a, b, ma, mb, (ra, rb) in rows:
        print(f"{name:<48} {a:15.3f} {b:7.3f} {a / b:6.2f} | {ma / 1024:21.1f} {mb / 1024:7.1f} {ma / mb:6.2f} | "
              f"{ra:24.1f} {rb:6.1f} {ra / rb:6.2f}")

    # (c) runs in a fresh process with no torch loaded: torch's many Python objects would
    # otherwise be walked by every full collection and bill the scalar engine for them.
    child = subprocess.run([sys.executable, __file__, "--scalar", str(5 if QUICK else 20)],
                           capture_output=True, text=True, check=True)
    ms, nodes, us, gc_share, drop = (float(x) for x in child.stdout.split())
    nodes = int(nodes)
    print(f"\n(c) scalar engine (in its own process, without torch), micrograd's demo (2-16-16-1, 100 moons points, SVM loss + L2), GC on:")
    print(f"    {ms:.1f} ms per training step, {nodes} graph nodes, {us:.2f} µs per node, "
          f"{100 * gc_share:.1f}% of the time in the cyclic garbage collector (loss changed by {-drop:+.3f} over the timed steps)")

    (_, a, b, ma, mb, ra), (_, c, d, mc, md, rb) = rows
    verdict = {True: "met", False: "MISSED"}
    print("\ntargets (issue 3):")
    print(f"  (a) dlcore <= 1.0x torch's time per step: {a / b:.2f}x, {verdict[a / b <= 1.0]}")
    print(f"  (b) dlcore <= 0.5x torch's time per step: {c / d:.2f}x, {verdict[c / d <= 0.5]}")
    worst_step, worst_process = max(ma / mb, mc / md), max(ra[0] / ra[1], rb[0] / rb[1])
    print(f"  dlcore peak memory <= 1/5 of torch's: step peak {worst_step:.2f}x, {verdict[worst_step <= 0.2]}; "
          f"process peak {worst_process:.2f}x, {verdict[worst_process <= 0.2]}")
    print(f"  (c) <= 250 ms per step with the GC on: {ms:.0f} ms, {verdict[ms <= 250]}")
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine slows both sides, torch's "
          "threads the most)")


if __name__ == "__main__":
    if "--scalar" in sys.argv:  # a child of main() for (c): the scalar engine alone
        print(*bench_scalar(int(sys.argv[sys.argv.index("--scalar") + 1])))
    elif "--rss" in sys.argv:  # a child of process_peak_rss: one side only, nothing else imported
        _, workload, side = sys.argv[sys.argv.index("--rss"):]
        step = WORKLOADS[workload](side)
        for _ in range(50):
            step()
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec,
        # which would report the benchmark's own (torch-holding) peak for both sides.
        status = dict(line.split(":", 1) for line in open("/proc/self/status"))
        print(int(status["VmHWM"].split()[0]) / 1024)  # kB -> MiB
    else:
        main()
