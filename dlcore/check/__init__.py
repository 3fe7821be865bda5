"""Auto-checked exercises: ``check.<exercise>(your_function)`` grades your answer.

Each grader prints a pass, "not yet implemented", or a hint with the failing
input and the expected and actual values. It never raises on a wrong answer,
unless called with ``must_pass=True``.
"""

from ._grader import Case, ExerciseFailed, Result, compare, grade
from .descent import adam_step, gradient_descent, momentum_step, tanh_backward
from .losses import cross_entropy_from_logits, mse_gradient, softmax
from .neurons import dense_forward, sigmoid, sigmoid_prime, xor_network

__all__ = [
    "Case", "ExerciseFailed", "Result", "compare", "grade",
    "dense_forward", "sigmoid", "sigmoid_prime", "xor_network",
    "cross_entropy_from_logits", "mse_gradient", "softmax",
    "adam_step", "gradient_descent", "momentum_step", "tanh_backward",
]
