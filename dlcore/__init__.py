"""dlcore: the small, readable package behind Deep Learning Fundamentals.

Modules are named after the concept they hold; import them directly:

>>> from dlcore import activations, neuron, data, plot, widgets, check

Importing dlcore has no side effects: no style changes, no warning filters,
no downloads. torch is optional: the modules that need it (``architectures``,
and the torch parts of ``train`` and ``summary``) import it only when used, and
``dlcore.architectures`` is not imported here at all: import it directly.
"""

from . import (activations, bandit, check, cluster, conv, data, device, distributed, flops, gridworld, metrics,
               neuron, plot, roofline, sequences, summary, train, universality, widgets)

__version__ = "0.1.0"

__all__ = [
    "activations", "bandit", "check", "cluster", "conv", "data", "device", "distributed", "flops", "gridworld",
    "metrics", "neuron", "plot", "roofline", "sequences", "summary", "train", "universality", "widgets",
    "__version__",
]
