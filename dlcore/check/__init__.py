"""Auto-checked exercises: ``check.<exercise>(your_function)`` grades your answer.

Each grader prints a pass, "not yet implemented", or a hint with the failing
input and the expected and actual values. It never raises on a wrong answer,
unless called with ``must_pass=True``.
"""

from ._grader import Case, ExerciseFailed, Result, compare, grade
from .descent import adam_step, gradient_descent, momentum_step, tanh_backward
from .descent import diagnose_curves, pick_rate, predict_regimes
from .autodiff import value_class
from .losses import cross_entropy_from_logits, mse_gradient, softmax
from .neurons import dense_forward, sigmoid, sigmoid_prime, xor_network
from .universality import bump, params_for_accuracy, sawtooth, tent
from .learning import assign_clusters, epsilon_greedy_action, q_update
from .architectures import conv_output_size, correlate2d, lstm_params, residual_block
from .cuda import arithmetic_intensity, linear_flops, place_on_device, roofline
from .generalization import early_stopping_point, inverted_dropout, welch_t, zscore

__all__ = [
    "Case", "ExerciseFailed", "Result", "compare", "grade",
    "dense_forward", "sigmoid", "sigmoid_prime", "xor_network",
    "bump", "params_for_accuracy", "sawtooth", "tent",
    "assign_clusters", "epsilon_greedy_action", "q_update",
    "conv_output_size", "correlate2d", "residual_block", "lstm_params",
    "arithmetic_intensity", "linear_flops", "place_on_device", "roofline",
    "early_stopping_point", "inverted_dropout", "welch_t", "zscore",
    "cross_entropy_from_logits", "mse_gradient", "softmax",
    "adam_step", "gradient_descent", "momentum_step", "tanh_backward",
    "diagnose_curves", "pick_rate", "predict_regimes", "value_class",
]
