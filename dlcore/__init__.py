"""dlcore: the small, readable package behind Deep Learning Fundamentals.

Modules are named after the concept they hold; import them directly:

>>> from dlcore import activations, neuron, data, plot, widgets, check
>>> from dlcore import engine, scalar_nn, graph, tensor, autograd, nn, optim, losses

Importing dlcore has no side effects: no style changes, no warning filters,
no downloads. torch is optional and imported only by the modules that need it.
"""

from . import (activations, autograd, check, data, descent, engine, graph, information, losses, neuron, nn, optim,
               plot, regularization, risk, scalar_nn, schedules, surfaces, tensor, train, widgets)

__version__ = "0.1.0"

__all__ = [
    "activations", "autograd", "check", "data", "descent", "engine", "graph", "information", "losses", "neuron",
    "nn", "optim", "plot", "regularization", "risk", "scalar_nn", "schedules", "surfaces", "tensor", "train",
    "widgets", "__version__",
]
