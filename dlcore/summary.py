"""Parameter counts: a summary table for torch models, and the arithmetic of MLP sizes.

:func:`summary` runs one example batch through a model and lists every layer
with its output shape and number of parameters. torch is imported only when
:func:`count_params` or :func:`summary` runs; the MLP arithmetic is plain Python.

>>> import torch
>>> count_params(torch.nn.Linear(64, 10))
650
>>> mlp_params(64, [32, 32], 10)      # (64*32 + 32) + (32*32 + 32) + (32*10 + 10)
3466
>>> width_for_budget(64, 10, depth=2, budget=3466)
32
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, List, Sequence, Tuple

from ._validate import as_int

__all__ = ["count_params", "summary", "Summary", "mlp_params", "width_for_budget"]


def _check_module(model: Any, where: str) -> None:
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"{where}: model must be a torch.nn.Module, got {type(model).__name__}.")


def count_params(model: Any, *, trainable_only: bool = True) -> int:
    """The number of scalar parameters of a torch model (only those with ``requires_grad`` by default)."""
    _check_module(model, "count_params")
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


@dataclass
class Summary:
    """The table made by :func:`summary`: one row per layer, printable as text."""

    rows: List[Tuple[str, str, Tuple[int, ...], int]] = field(default_factory=list)
    total: int = 0

    def __str__(self) -> str:
        header = ("layer", "type", "output shape", "parameters")
        body = [(name, kind, str(tuple(shape)), f"{n:,}") for name, kind, shape, n in self.rows]
        widths = [max(len(r[i]) for r in [header] + body) for i in range(4)]
        line = lambda r: "  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        rule = "-" * len(line(header))
        return "\n".join([line(header), rule, *map(line, body), rule, f"total parameters: {self.total:,}"])


def summary(model: Any, input_shape: Sequence[int]) -> Summary:
    """Each leaf layer's output shape and parameter count, for one input of ``input_shape``.

    ``input_shape`` includes the batch axis, e.g. ``(1, 1, 8, 8)`` for one 8x8 image.
    Recurrent layers report the shape of their first output (the sequence of hidden states).
    """
    import torch

    _check_module(model, "summary")
    if isinstance(input_shape, (str, bytes)) or not hasattr(input_shape, "__len__") or len(input_shape) == 0:
        raise ValueError(f"summary: input_shape must be a tuple such as (1, 64), got {input_shape!r}.")
    shape = tuple(as_int(d, "each entry of input_shape", "summary", minimum=1) for d in input_shape)
    table = Summary(total=count_params(model))
    hooks = []
    for name, module in model.named_modules():
        if name and not list(module.children()):  # leaf layers only
            def record(mod: Any, inputs: Any, output: Any, name: str = name) -> None:
                out = output[0] if isinstance(output, tuple) else output
                n = sum(p.numel() for p in mod.parameters() if p.requires_grad)
                table.rows.append((name, type(mod).__name__, tuple(out.shape), n))
            hooks.append(module.register_forward_hook(record))
    was_training = model.training
    try:
        model.eval()  # batch norm must not update its running statistics here
        with torch.no_grad():
            model(torch.zeros(shape))
    except RuntimeError as exc:
        raise ValueError(f"summary: the model does not accept an input of shape {shape} ({exc}).") from None
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    return table


def mlp_params(d_in: int, hidden: Sequence[int], d_out: int) -> int:
    """Weights plus biases of an MLP with layer widths ``d_in, *hidden, d_out``: sum of ``(a + 1) b``."""
    sizes = [as_int(d_in, "d_in", "mlp_params", minimum=1)]
    sizes += [as_int(h, "each hidden width", "mlp_params", minimum=1) for h in hidden]
    sizes.append(as_int(d_out, "d_out", "mlp_params", minimum=1))
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


def width_for_budget(d_in: int, d_out: int, *, depth: int, budget: int) -> int:
    """The largest width ``w`` for which ``depth`` hidden layers of width ``w`` fit in ``budget`` parameters.

    The count is ``(depth - 1) w^2 + (d_in + depth + d_out) w + d_out``, a quadratic in ``w``.
    """
    d_in = as_int(d_in, "d_in", "width_for_budget", minimum=1)
    d_out = as_int(d_out, "d_out", "width_for_budget", minimum=1)
    depth = as_int(depth, "depth", "width_for_budget", minimum=1)
    budget = as_int(budget, "budget", "width_for_budget", minimum=1)
    if mlp_params(d_in, [1] * depth, d_out) > budget:
        raise ValueError(f"width_for_budget: even width 1 needs {mlp_params(d_in, [1] * depth, d_out)} parameters, "
                         f"more than the budget of {budget}; raise the budget or lower the depth.")
    a, b, c = depth - 1, d_in + depth + d_out, d_out - budget
    w = int(-c / b) if a == 0 else int((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a))
    while mlp_params(d_in, [w + 1] * depth, d_out) <= budget:  # guard against rounding in the root
        w += 1
    while mlp_params(d_in, [w] * depth, d_out) > budget:
        w -= 1
    return w
