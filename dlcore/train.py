"""A small training loop for PyTorch models, shared by the chapters that use torch.

It does what every chapter would otherwise rewrite: seeded shuffling into
minibatches, a tqdm progress bar, per-epoch training loss and validation
metrics, and a clean stop (not a crash) when the loss diverges. Two probes,
:func:`gradient_norms` and :func:`input_gradients`, show where gradient flows.

torch is imported only here, and only when these functions run.

>>> import torch
>>> X = torch.randn(64, 2, generator=torch.Generator().manual_seed(0))
>>> y = (X[:, 0] > 0).long()
>>> model = torch.nn.Linear(2, 2)
>>> history = fit(model, X, y, epochs=30, lr=0.1, progress=False)
>>> history.diverged, history.loss[-1] < history.loss[0]
(False, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._validate import as_int, as_positive

__all__ = ["History", "fit", "evaluate", "predict", "gradient_norms", "input_gradients"]


@dataclass
class History:
    """Per-epoch record of a :func:`fit` run."""

    loss: List[float] = field(default_factory=list)
    val_loss: List[float] = field(default_factory=list)
    val_accuracy: List[float] = field(default_factory=list)
    diverged: bool = False
    message: str = ""
    device: str = "cpu"

    @property
    def epochs(self) -> int:
        return len(self.loss)


def _tensors(X: Any, y: Any, where: str) -> Tuple[Any, Any]:
    import torch

    def as_tensor(a: Any, name: str) -> "torch.Tensor":
        if isinstance(a, torch.Tensor):
            return a
        try:
            return torch.as_tensor(a)
        except (TypeError, ValueError, RuntimeError):
            raise TypeError(f"{where}: {name} must be an array or a torch tensor, got {type(a).__name__}.") from None

    X, y = as_tensor(X, "X"), as_tensor(y, "y")
    if X.ndim == 0 or X.shape[0] == 0:
        raise ValueError(f"{where}: X is empty (shape {tuple(X.shape)}); pass at least one example.")
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"{where}: X has {X.shape[0]} examples but y has shape {tuple(y.shape)}; "
                         "give one target per example.")
    if X.is_floating_point() and not torch.isfinite(X).all():
        raise ValueError(f"{where}: X contains NaN or inf; clean the data first.")
    if X.dtype == torch.float64:
        X = X.float()  # the course's models are float32; mixing dtypes is a common crash
    if y.is_floating_point():
        y = y.float()
    return X, y


def _default_loss(y: Any) -> Callable[..., Any]:
    import torch

    return torch.nn.CrossEntropyLoss() if not y.is_floating_point() else torch.nn.MSELoss()


def _device(device: Any, model: Any = None) -> Any:
    """``device`` as a torch.device; None means the model's own device (or, to train, the best one)."""
    import torch

    if device is not None:
        return torch.device(device)
    if model is not None:
        for p in model.parameters():
            return p.device
    return torch.device("cpu")


def fit(model: Any, X: Any, y: Any, *, epochs: int = 10, lr: float = 1e-3, batch_size: int = 64,
        optimizer: Optional[Callable[..., Any]] = None, loss_fn: Optional[Callable[..., Any]] = None,
        validation: Optional[Tuple[Any, Any]] = None, seed: int = 0, device: Any = None,
        progress: bool = True, desc: str = "training", stop_at: Optional[float] = None,
        augment: Optional[Callable[[Any, Any], Any]] = None,
        on_epoch: Optional[Callable[[Any, History], bool]] = None) -> History:
    """Train ``model`` on ``(X, y)`` with minibatches; return the :class:`History`.

    Training runs on ``device``, by default :func:`dlcore.device.pick_device`'s choice (a GPU when
    there is one), and the model returns to the device it came from afterwards, so the code around
    a ``fit`` call never has to care where it trained. ``history.device`` says where that was. Under
    ``DLCORE_REQUIRE_GPU=1`` (the GPU job) it refuses to train anywhere but on a CUDA GPU.

    ``optimizer`` is a constructor such as ``torch.optim.SGD`` (default: Adam), called
    as ``optimizer(model.parameters(), lr=lr)``. ``loss_fn`` defaults to cross-entropy
    for integer targets and MSE for float targets. If the loss becomes NaN or inf,
    training stops and ``history.diverged`` is True. With ``stop_at``, training ends after
    the first epoch whose mean training loss is at or below it (the task is solved).
    ``augment(xb, generator)`` returns a transformed copy of each training batch (data augmentation;
    draw its randomness from ``generator``, a seeded CPU ``torch.Generator``). ``on_epoch(model,
    history)`` runs after every epoch; training ends when it returns True (early stopping).
    """
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"fit: model must be a torch.nn.Module, got {type(model).__name__}.")
    epochs = as_int(epochs, "epochs", "fit", minimum=1)
    batch_size = as_int(batch_size, "batch_size", "fit", minimum=1)
    lr = as_positive(lr, "lr", "fit")
    if stop_at is not None:
        stop_at = as_positive(stop_at, "stop_at", "fit")
    for name, hook in (("augment", augment), ("on_epoch", on_epoch)):
        if hook is not None and not callable(hook):
            raise TypeError(f"fit: {name} must be a function, got {type(hook).__name__}.")
    X, y = _tensors(X, y, "fit")
    from .device import REQUIRE_GPU_ENV, gpu_required, pick_device

    dev, home = _device(pick_device() if device is None else device), _device(None, model)
    if gpu_required() and dev.type != "cuda":  # the GPU job: nothing may quietly train on the CPU
        raise RuntimeError(f"fit: {REQUIRE_GPU_ENV}=1, but training would run on {dev.type}: torch sees no "
                           "CUDA GPU, or device= names another one.")
    X, y = X.to(dev), y.to(dev)
    model.to(dev)
    try:
        return _train(model, X, y, epochs, batch_size, lr, optimizer, loss_fn, validation, seed, dev,
                      progress, desc, stop_at, augment, on_epoch)
    finally:
        model.to(home)


def _train(model: Any, X: Any, y: Any, epochs: int, batch_size: int, lr: float, optimizer: Any,
           loss_fn: Any, validation: Any, seed: int, dev: Any, progress: bool, desc: str,
           stop_at: Optional[float], augment: Any = None, on_epoch: Any = None) -> History:
    import torch
    from tqdm import tqdm

    loss_fn = loss_fn or _default_loss(y)
    opt = (optimizer or torch.optim.Adam)(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    history = History(device=dev.type)
    bar = tqdm(range(epochs), desc=desc, disable=not progress, leave=True)
    for epoch in bar:
        model.train()
        order = torch.randperm(X.shape[0], generator=gen)
        total = 0.0
        for start in range(0, X.shape[0], batch_size):
            idx = order[start:start + batch_size].to(dev)
            xb, yb = X[idx], y[idx]
            if augment is not None:
                xb = augment(xb, gen)
            loss = loss_fn(model(xb), yb)
            if not torch.isfinite(loss):
                history.diverged = True
                history.message = f"diverged in epoch {epoch + 1}: the loss became {loss.item()}"
                bar.close()
                return history
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        history.loss.append(total / X.shape[0])
        postfix: Dict[str, float] = {"loss": history.loss[-1]}
        if validation is not None:
            metrics = evaluate(model, *validation, loss_fn=loss_fn, device=dev)
            history.val_loss.append(metrics["loss"])
            if "accuracy" in metrics:
                history.val_accuracy.append(metrics["accuracy"])
            postfix.update(metrics)
        bar.set_postfix({k: round(v, 4) for k, v in postfix.items()}, refresh=False)  # redrawing every epoch is slow
        if stop_at is not None and history.loss[-1] <= stop_at:
            break
        if on_epoch is not None and on_epoch(model, history):
            break
    bar.close()
    return history


def predict(model: Any, X: Any, *, batch_size: int = 1024, device: Any = None) -> Any:
    """The model's outputs for ``X`` (on the CPU), in evaluation mode and without gradients.

    It runs on ``device``, by default the device the model is on.
    """
    import torch

    X, _ = _tensors(X, torch.zeros(len(X)), "predict")
    dev = _device(device, model)
    if any(p.device != dev for p in model.parameters()):  # moving is slow even when nothing moves
        model.to(dev)
    model.eval()
    with torch.no_grad():
        outs = [model(X[i:i + batch_size].to(dev)).cpu() for i in range(0, X.shape[0], batch_size)]
    return torch.cat(outs)


def evaluate(model: Any, X: Any, y: Any, *, loss_fn: Optional[Callable[..., Any]] = None,
             device: Any = None) -> Dict[str, float]:
    """Mean loss, and accuracy for integer class targets, of ``model`` on ``(X, y)``."""
    X, y = _tensors(X, y, "evaluate")
    out = predict(model, X, device=device)
    loss_fn = loss_fn or _default_loss(y)
    metrics = {"loss": float(loss_fn(out, y))}
    if not y.is_floating_point() and out.ndim == 2:
        metrics["accuracy"] = float((out.argmax(dim=1) == y).float().mean())
    if not math.isfinite(metrics["loss"]):
        metrics["loss"] = float("inf")
    return metrics


def _loss_and_grad(model: Any, X: Any, y: Any, loss_fn: Optional[Callable[..., Any]], where: str,
                   wrt_input: bool) -> Any:
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"{where}: model must be a torch.nn.Module, got {type(model).__name__}.")
    X, y = _tensors(X, y, where)
    if wrt_input and not X.is_floating_point():
        raise TypeError(f"{where}: X must hold floating-point values to differentiate by it, got {X.dtype}; "
                        "one-hot encode tokens first.")
    X = X.detach().clone().to(_device(None, model)).requires_grad_(wrt_input)
    y = y.to(X.device)
    model.zero_grad()
    loss = (loss_fn or _default_loss(y))(model(X), y)
    loss.backward()
    return X


def gradient_norms(model: Any, X: Any, y: Any, *, loss_fn: Optional[Callable[..., Any]] = None) -> Dict[str, float]:
    """The norm :math:`\\lVert \\partial L / \\partial \\theta \\rVert` of every named parameter, for one batch.

    One forward and backward pass on ``(X, y)`` in the model's current mode; the parameters
    do not change (their ``.grad`` is left filled in).
    """
    _loss_and_grad(model, X, y, loss_fn, "gradient_norms", wrt_input=False)
    return {name: (float(p.grad.norm()) if p.grad is not None else 0.0) for name, p in model.named_parameters()}


def input_gradients(model: Any, X: Any, y: Any, *, loss_fn: Optional[Callable[..., Any]] = None) -> Any:
    """:math:`\\partial L / \\partial X`, the loss's sensitivity to every input value (same shape as ``X``).

    For a sequence model, its size at time step ``t`` says how much the input at ``t``
    can still move the loss: where it vanishes, training cannot learn from that step.
    """
    return _loss_and_grad(model, X, y, loss_fn, "input_gradients", wrt_input=True).grad.cpu()
