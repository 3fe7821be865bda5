"""Early stopping: end training once the validation loss stops improving, and keep the best weights.

The validation loss of a network that overfits falls, bottoms out and rises again. Early
stopping (Prechelt, 1998) watches it after every epoch, remembers the best epoch so far, and
stops when ``patience`` epochs have passed without a new best. The weights kept are those of
the best epoch, not the last one.

>>> stopping_point([1.0, 0.8, 0.7, 0.75, 0.9, 0.95], patience=2)
(2, 4)

The best validation loss came after epoch index 2 (the third epoch), and training stopped
after index 4, two epochs without improvement later. :class:`EarlyStopping` does the same
while training, as the ``on_epoch`` hook of :func:`dlcore.train.fit`.
"""

from __future__ import annotations

import copy
import math
from typing import Any, Dict, Optional, Sequence, Tuple

from ._validate import as_float_array, as_int, as_nonnegative

__all__ = ["stopping_point", "EarlyStopping"]


def stopping_point(val_loss: Sequence[float], patience: int, *, min_delta: float = 0.0) -> Tuple[int, int]:
    """``(best, stop)``: the index of the epoch to keep and the index after which training stops.

    Walk along the curve; an epoch is a new best when its loss is below the best so far by more
    than ``min_delta``. Training stops at the first epoch that is ``patience`` epochs after the
    best, or at the last epoch if that never happens. A later, lower dip is never seen.
    """
    curve = as_float_array(val_loss, "val_loss", "stopping_point", ndim=(1,), allow_inf=True)
    if curve.size == 0:
        raise ValueError("stopping_point: val_loss is empty; pass one validation loss per epoch.")
    patience = as_int(patience, "patience", "stopping_point", minimum=1)
    min_delta = as_nonnegative(min_delta, "min_delta", "stopping_point")
    best = 0
    for i in range(1, curve.size):
        if curve[i] < curve[best] - min_delta:
            best = i
        elif i - best >= patience:
            return best, i
    return best, curve.size - 1


class EarlyStopping:
    """An ``on_epoch`` hook for :func:`dlcore.train.fit` that stops on the validation loss.

    After training, ``best_epoch`` is the index of the best epoch and :meth:`restore` loads
    its weights into the model::

        stopper = EarlyStopping(patience=10)
        fit(model, X, y, validation=(X_val, y_val), on_epoch=stopper)
        stopper.restore(model)
    """

    def __init__(self, patience: int = 10, *, min_delta: float = 0.0) -> None:
        self.patience = as_int(patience, "patience", "EarlyStopping", minimum=1)
        self.min_delta = as_nonnegative(min_delta, "min_delta", "EarlyStopping")
        self.best_epoch: Optional[int] = None
        self.best_loss = math.inf
        self.stopped_epoch: Optional[int] = None
        self._state: Optional[Dict[str, Any]] = None

    def __call__(self, model: Any, history: Any) -> bool:
        """Record the epoch that just ended; return True when training should stop."""
        losses = getattr(history, "val_loss", None)
        if not losses:
            raise ValueError("EarlyStopping: there is no validation loss to watch; pass "
                             "validation=(X_val, y_val) to fit.")
        epoch, loss = len(losses) - 1, float(losses[-1])
        if self.best_epoch is None or loss < self.best_loss - self.min_delta:
            self.best_epoch, self.best_loss = epoch, loss
            # a copy on the CPU: the live weights keep changing, possibly on a GPU
            self._state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
            return False
        if epoch - self.best_epoch >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def restore(self, model: Any) -> Any:
        """Load the best epoch's weights into ``model`` (on whatever device it is) and return it."""
        if self._state is None:
            raise ValueError("EarlyStopping.restore: nothing recorded yet; train with on_epoch=this "
                             "stopper and a validation set first.")
        model.load_state_dict(copy.deepcopy(self._state))
        return model
