"""dlcore: the small, readable package behind Deep Learning Fundamentals.

Modules are named after the concept they hold; import them directly:

>>> from dlcore import activations, neuron, data, plot, widgets, check

Importing dlcore has no side effects: no style changes, no warning filters,
no downloads. torch is optional and imported only by the modules that need it.
"""

from . import activations, check, data, neuron, plot, train, widgets
from . import device, distributed, flops, roofline  # chapter 7, CUDA

__version__ = "0.1.0"

__all__ = ["activations", "check", "data", "neuron", "plot", "train", "widgets", "__version__"]
__all__ += ["device", "distributed", "flops", "roofline"]
