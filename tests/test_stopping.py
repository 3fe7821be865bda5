"""dlcore.stopping: the stopping rule, and the hook that keeps the best weights."""

import numpy as np
import pytest

from conftest import need
from dlcore import data
from dlcore.stopping import EarlyStopping, stopping_point
from dlcore.train import evaluate, fit  # imports torch only when called


def reference(curve, patience):
    """The rule written out the long way: after each epoch, is the first minimum so far patience epochs old?"""
    for stop in range(len(curve)):
        best = int(np.argmin(curve[:stop + 1]))  # argmin returns the first of equal values
        if stop - best >= patience:
            return best, stop
    return int(np.argmin(curve)), len(curve) - 1


@pytest.mark.parametrize("seed", range(30))
def test_stopping_point_matches_the_rule_written_out(seed):
    rng = np.random.default_rng(seed)
    curve = np.round(np.cumsum(rng.normal(0, 1, rng.integers(1, 40))), 1)  # random walks, with ties
    patience = int(rng.integers(1, 6))
    assert stopping_point(curve, patience) == reference(curve, patience)


def test_min_delta_ignores_improvements_that_are_too_small():
    curve = [1.0, 0.95, 0.9, 0.85, 0.8]
    assert stopping_point(curve, 2) == (4, 4)
    assert stopping_point(curve, 2, min_delta=0.11) == (0, 2)
    assert stopping_point(curve, 2, min_delta=0.06) == (4, 4)  # 0.9 beats 1.0 by more than 0.06


def test_stopping_point_examples_and_errors():
    assert stopping_point([3.0, 2.0, 1.0], 1) == (2, 2)
    assert stopping_point([1.0, 2.0, 0.5], 1) == (0, 1)      # the lower dip comes too late
    assert stopping_point([1.0, 2.0, 0.5], 2) == (2, 2)
    assert stopping_point([1.0, float("inf"), 0.9], 3) == (2, 2)  # a diverged epoch is just bad
    with pytest.raises(ValueError, match="empty"):
        stopping_point([], 3)
    with pytest.raises(ValueError, match="patience must be at least 1"):
        stopping_point([1.0], 0)


def digits_model(seed=0):
    import torch  # the tests that call this call need("torch") first

    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))


def test_early_stopping_keeps_the_best_weights_of_a_real_run():
    need("torch")
    need("sklearn")  # data.digits
    X_tr, X_val, y_tr, y_val = data.digits(0.5, seed=0)
    y_noisy, _ = data.corrupt_labels(y_tr[:150], 0.3, seed=0)  # few, noisy labels: it will overfit
    full = fit(digits_model(), X_tr[:150], y_noisy, epochs=60, lr=1e-2, batch_size=150,
               validation=(X_val, y_val), progress=False)
    stopper = EarlyStopping(patience=5)
    model = digits_model()
    hist = fit(model, X_tr[:150], y_noisy, epochs=60, lr=1e-2, batch_size=150, validation=(X_val, y_val),
               on_epoch=stopper, progress=False)
    best, stop = stopping_point(full.val_loss, 5)
    assert (stopper.best_epoch, stopper.stopped_epoch, hist.epochs) == (best, stop, stop + 1)
    assert hist.val_loss == pytest.approx(full.val_loss[:stop + 1])  # the same run, cut short
    assert evaluate(model, X_val, y_val)["loss"] > full.val_loss[best]  # it moved on past the best...
    stopper.restore(model)
    assert evaluate(model, X_val, y_val)["loss"] == pytest.approx(full.val_loss[best], rel=1e-5)  # ...and back


def test_early_stopping_errors():
    need("torch")
    with pytest.raises(ValueError, match="nothing recorded"):
        EarlyStopping().restore(digits_model())
    with pytest.raises(ValueError, match="validation"):
        fit(digits_model(), np.zeros((8, 64)), np.zeros(8, dtype=int), epochs=2, on_epoch=EarlyStopping(),
            progress=False)
    with pytest.raises(ValueError, match="patience must be at least 1"):
        EarlyStopping(0)
