"""dlcore.schedules against closed forms and torch.optim.lr_scheduler."""

import numpy as np
import pytest

from conftest import need
from dlcore import schedules as sch


def test_step_decay():
    np.testing.assert_allclose(sch.step_decay(np.arange(0, 40, 10), lr=1.0, drop=0.5, every=10),
                               [1.0, 0.5, 0.25, 0.125])


def test_cosine_endpoints_and_midpoint():
    assert sch.cosine(0, lr=0.1, total=100) == pytest.approx(0.1)
    assert sch.cosine(50, lr=0.1, total=100, lr_min=0.02) == pytest.approx(0.06)
    assert sch.cosine(100, lr=0.1, total=100) == pytest.approx(0.0, abs=1e-15)
    assert sch.cosine(150, lr=0.1, total=100) == pytest.approx(0.0, abs=1e-15)  # stays at the floor


def test_warmup_ramps_then_decays():
    lrs = sch.warmup(np.arange(100), lr=1.0, warmup_steps=10, total=100)
    assert lrs[0] == pytest.approx(0.1) and lrs[9] == pytest.approx(1.0)
    assert np.all(np.diff(lrs[:10]) > 0) and np.all(np.diff(lrs[10:]) <= 0)


def test_match_torch_schedulers():
    torch = need("torch")
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=20, eta_min=0.01)
    ours = sch.cosine(np.arange(20), lr=0.1, total=20, lr_min=0.01)
    theirs = []
    for _ in range(20):
        theirs.append(opt.param_groups[0]["lr"])
        opt.step()
        cos.step()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)
    opt = torch.optim.SGD([p], lr=0.1)
    step = torch.optim.lr_scheduler.StepLR(opt, step_size=7, gamma=0.3)
    theirs = []
    for _ in range(30):
        theirs.append(opt.param_groups[0]["lr"])
        opt.step()
        step.step()
    np.testing.assert_allclose(sch.step_decay(np.arange(30), lr=0.1, drop=0.3, every=7), theirs, rtol=1e-10)


def test_bad_input():
    with pytest.raises(ValueError, match="whole number"):
        sch.cosine(-1, lr=0.1, total=10)
    with pytest.raises(ValueError, match="lr must be positive"):
        sch.step_decay(0, lr=0)
    with pytest.raises(ValueError, match="lr_min must lie"):
        sch.cosine(0, lr=0.1, total=10, lr_min=0.5)
    with pytest.raises(ValueError, match="smaller than total"):
        sch.warmup(0, lr=0.1, warmup_steps=10, total=10)


def test_warmup_checks_its_own_learning_rate():
    with pytest.raises(ValueError, match="warmup: lr"):
        sch.warmup(3, lr=-1.0, warmup_steps=2, total=10)
    with pytest.raises(TypeError, match="warmup: lr"):
        sch.warmup(3, lr="0.1", warmup_steps=2, total=10)
