"""Data-parallel training with ``torch.distributed``, small enough to read in one sitting.

Every process (a *rank*) holds a full copy of the model. Each step, the ranks take disjoint
shards of one global batch, compute their gradients, and ``DistributedDataParallel`` averages
the gradients across ranks (an all-reduce) during ``backward()``. Every rank then applies the
same averaged gradient, so the replicas stay identical, and equal to one process training on
the whole batch.

:func:`train_ddp` starts the ranks on the CPU with the ``gloo`` backend, from a notebook too
(the worker lives in this module so that spawned processes can import it). The same code runs
under ``torchrun`` on GPUs with ``nccl``::

    torchrun --nproc_per_node=2 -m dlcore.distributed

torch is imported only inside the functions.
"""

from __future__ import annotations

import datetime
import os
import socket
import sys
import tempfile
from typing import Any, Dict, List, Optional

from ._validate import as_int, as_positive

__all__ = ["free_port", "make_model", "global_batch", "train_single", "train_ddp", "ddp_worker",
           "default_start_method", "main"]

_IN, _HIDDEN, _OUT, _N = 8, 32, 1, 512  # a small regression MLP and data set


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now, for the ranks to meet on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_model(seed: int = 0) -> Any:
    """The MLP every rank builds; the same seed gives every rank the same initial weights.

    The weights are drawn as ``nn.Linear`` draws its defaults, uniform in
    :math:`\\pm 1/\\sqrt{d_\\text{in}}`, but from a ``torch.Generator`` seeded with ``seed``:
    torch's global random state is neither read nor changed.

    >>> import torch
    >>> torch.equal(make_model(3)[0].weight, make_model(3)[0].weight)
    True
    """
    import torch

    gen = torch.Generator().manual_seed(as_int(seed, "seed", "make_model"))
    # skip_init builds the layers without their default initialization, which would draw
    # from the global generator.
    layers = [torch.nn.utils.skip_init(torch.nn.Linear, d_in, d_out)
              for d_in, d_out in ((_IN, _HIDDEN), (_HIDDEN, _OUT))]
    with torch.no_grad():
        for layer in layers:
            bound = layer.in_features ** -0.5
            layer.weight.uniform_(-bound, bound, generator=gen)
            layer.bias.uniform_(-bound, bound, generator=gen)
    return torch.nn.Sequential(layers[0], torch.nn.Tanh(), layers[1])


def global_batch(step: int, batch: int, seed: int = 0) -> Any:
    """The ``(X, y)`` global batch of ``step``: the same on every rank, drawn from a fixed data set."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(_N, _IN, generator=gen)
    y = torch.sin(X @ torch.randn(_IN, _OUT, generator=gen))
    idx = torch.randperm(_N, generator=torch.Generator().manual_seed(seed * 100_003 + step))[:batch]
    return X[idx], y[idx]


def _check(steps: int, batch: int, lr: float, world_size: int, where: str) -> None:
    as_int(steps, "steps", where, minimum=1)
    as_positive(lr, "lr", where)
    batch = as_int(batch, "batch", where, minimum=1)
    world_size = as_int(world_size, "world_size", where, minimum=1)
    if batch > _N:
        raise ValueError(f"{where}: batch={batch} is larger than the data set ({_N} examples).")
    if batch % world_size:
        raise ValueError(f"{where}: batch={batch} must split evenly over world_size={world_size} ranks "
                         f"(each rank gets batch / world_size examples); use e.g. batch={batch - batch % world_size}.")


def _train(model: Any, rank: int, world_size: int, steps: int, batch: int, lr: float, seed: int,
           device: Any) -> Dict[str, Any]:
    """SGD on this rank's shard of each global batch; returns the final weights on the CPU."""
    import torch

    opt = torch.optim.SGD(model.parameters(), lr=lr)
    shard = batch // world_size
    for step in range(steps):
        X, y = global_batch(step, batch, seed)
        Xr, yr = X[rank * shard:(rank + 1) * shard].to(device), y[rank * shard:(rank + 1) * shard].to(device)
        loss = torch.nn.functional.mse_loss(model(Xr), yr)  # the mean over this rank's shard
        opt.zero_grad()
        loss.backward()  # under DDP, this also averages the gradients over all ranks
        opt.step()
    module = getattr(model, "module", model)  # DDP wraps the model
    return {k: v.detach().cpu().clone() for k, v in module.state_dict().items()}


def train_single(*, steps: int = 5, batch: int = 64, lr: float = 0.1, seed: int = 0) -> Dict[str, Any]:
    """Train in one process on each whole global batch: the reference DDP must reproduce."""
    _check(steps, batch, lr, 1, "train_single")
    import torch

    return _train(make_model(seed), 0, 1, steps, batch, lr, seed, torch.device("cpu"))


def ddp_worker(rank: int, world_size: int, port: int, steps: int, batch: int, lr: float, seed: int,
               out_dir: str) -> None:
    """One rank: join the group on 127.0.0.1:``port`` (gloo), train, save its weights to ``out_dir``."""
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)  # the ranks already use one core each; more threads would fight over them
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                            world_size=world_size, timeout=datetime.timedelta(seconds=60))
    try:
        model = torch.nn.parallel.DistributedDataParallel(make_model(seed))
        state = _train(model, rank, world_size, steps, batch, lr, seed, torch.device("cpu"))
        torch.save(state, os.path.join(out_dir, f"rank{rank}.pt"))
    finally:
        dist.destroy_process_group()


def default_start_method() -> str:
    """``"forkserver"`` on Linux, else ``"spawn"``.

    A spawned rank is a fresh Python that imports torch and then tears it down again, seconds
    each. A fork server is one fresh helper process that imports torch once; every rank starts
    as a copy (a fork) of it, ready at once, and exits without the teardown. Forking *this*
    process directly is not safe: a notebook kernel runs threads, and a copy made while one of
    them holds a lock can hang for ever, while the server runs none. Elsewhere than on Linux,
    spawning is the portable choice.
    """
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


def train_ddp(*, world_size: int = 2, steps: int = 5, batch: int = 64, lr: float = 0.1, seed: int = 0,
              start_method: Optional[str] = None) -> List[Dict[str, Any]]:
    """Start ``world_size`` CPU processes that train one model with DDP; return each rank's final weights.

    ``start_method`` is ``"forkserver"`` or ``"spawn"`` (default: :func:`default_start_method`).
    """
    _check(steps, batch, lr, world_size, "train_ddp")
    import torch
    import torch.multiprocessing as mp

    method = start_method or default_start_method()
    if method not in ("forkserver", "spawn"):
        raise ValueError(f"train_ddp: start_method must be 'forkserver' or 'spawn', got {start_method!r} "
                         "('fork' can hang when the parent runs threads, as a notebook kernel does).")
    if not torch.distributed.is_available():
        raise RuntimeError("train_ddp: this torch build has no torch.distributed support.")
    if method == "forkserver":  # the server imports these once, before any rank is forked from it
        mp.set_forkserver_preload(["torch", "dlcore.distributed"])
    with tempfile.TemporaryDirectory() as out_dir:
        mp.start_processes(ddp_worker, args=(world_size, free_port(), steps, batch, lr, seed, out_dir),
                           nprocs=world_size, join=True, start_method=method)
        return [torch.load(os.path.join(out_dir, f"rank{r}.pt")) for r in range(world_size)]


def main() -> None:
    """Entry point for ``torchrun``: NCCL and one GPU per rank if there are GPUs, else gloo on CPUs."""
    import torch
    import torch.distributed as dist

    rank, world_size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    _check(5, 64, 0.1, world_size, "dlcore.distributed")
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
        backend = "nccl"
    else:
        device, backend = torch.device("cpu"), "gloo"
    dist.init_process_group(backend)  # torchrun has set MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE
    try:
        ids = [device.index] if device.type == "cuda" else None
        model = torch.nn.parallel.DistributedDataParallel(make_model(0).to(device), device_ids=ids)
        state = _train(model, rank, world_size, steps=5, batch=64, lr=0.1, seed=0, device=device)
        if rank == 0:
            reference = train_single(steps=5, batch=64, lr=0.1, seed=0)
            gap = max(float((state[k] - reference[k]).abs().max()) for k in state)
            print(f"{world_size} ranks on {backend}: largest difference from one process = {gap:.1e}")
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
