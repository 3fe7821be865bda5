"""Scoring a classifier: accuracy and the confusion matrix.

>>> confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2], n_classes=3).tolist()
[[1, 0, 0], [0, 1, 1], [0, 0, 1]]
>>> accuracy([0, 1, 1, 2], [0, 2, 1, 2])
0.75
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ._validate import as_int, as_labels

__all__ = ["accuracy", "confusion_matrix"]


def _pair(y_true: Any, y_pred: Any, where: str) -> "tuple[np.ndarray, np.ndarray]":
    if np.ndim(y_true) != 1 or np.ndim(y_pred) != 1 or len(y_true) != len(y_pred):
        raise ValueError(f"{where}: y_true and y_pred must be 1-D and of equal length, got shapes "
                         f"{np.shape(y_true)} and {np.shape(y_pred)}.")
    y_true = as_labels(y_true, len(y_true), where, name="y_true", per="example")
    y_pred = as_labels(y_pred, len(y_true), where, name="y_pred", per="example")
    if y_true.size == 0:
        raise ValueError(f"{where}: no labels given; pass at least one example.")
    if min(y_true.min(), y_pred.min()) < 0:
        raise ValueError(f"{where}: class labels must be 0, 1, 2, ...; got a negative label.")
    return y_true, y_pred


def accuracy(y_true: Any, y_pred: Any) -> float:
    """The fraction of examples whose predicted class equals the true class."""
    y_true, y_pred = _pair(y_true, y_pred, "accuracy")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: Optional[int] = None) -> np.ndarray:
    """Counts C[i, j] of examples of true class i predicted as class j; the diagonal is right.

    ``n_classes`` defaults to one more than the largest label seen.
    """
    y_true, y_pred = _pair(y_true, y_pred, "confusion_matrix")
    seen = int(max(y_true.max(), y_pred.max())) + 1
    k = seen if n_classes is None else as_int(n_classes, "n_classes", "confusion_matrix", minimum=1)
    if k < seen:
        raise ValueError(f"confusion_matrix: n_classes = {k}, but a label {seen - 1} occurs; "
                         f"pass n_classes >= {seen}.")
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)  # add.at counts repeated (i, j) pairs; C[i, j] += 1 would not
    return C
