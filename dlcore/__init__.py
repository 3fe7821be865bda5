"""dlcore: the small, readable package behind Deep Learning Fundamentals.

Modules are named after the concept they hold; import them directly:

>>> from dlcore import activations, neuron, data, plot, widgets, check

Importing dlcore has no side effects: no style changes, no warning filters, no
downloads. It is also cheap: each module is loaded the first time it is used
(``dlcore.tensor`` or ``from dlcore import tensor``), so a script that only
trains with the tensor engine never loads matplotlib, ipywidgets or torch.
torch is optional and imported only by the modules that need it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import List

__version__ = "0.2.0"

_MODULES = (
    # foundations and chapter 1
    "activations", "check", "claims", "data", "neuron", "plot", "train", "widgets",
    # chapters 2 and 3
    "bandit", "cluster", "gridworld", "metrics", "universality",
    # the autodiff engines
    "autograd", "engine", "graph", "losses", "nn", "optim", "scalar_nn", "tensor",
    # chapter 4
    "information", "regularization", "risk",
    # chapter 5
    "descent", "lr_range", "schedules", "surfaces",
    # chapter 6
    "experiment", "initialization", "stopping",
    # chapter 7 (architectures needs torch, and imports it when first used)
    "architectures", "conv", "sequences", "summary",
    # chapter 8
    "device", "distributed", "flops", "roofline",
)

__all__ = [*_MODULES, "__version__"]


def __getattr__(name: str) -> ModuleType:
    # PEP 562: load a submodule the first time `dlcore.<name>` is looked up.
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'dlcore' has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(__all__)
