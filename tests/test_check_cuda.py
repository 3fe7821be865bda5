"""dlcore.check.cuda: the chapter-8 graders accept right answers and catch the classic mistakes."""

import numpy as np
import pytest

from conftest import need
from dlcore import check
from dlcore.flops import arithmetic_intensity as ai_reference


def not_done(*args):
    raise NotImplementedError


def test_linear_flops():
    assert check.linear_flops(lambda b, i, o: (2 * b * i * o, 4 * b * i * o), verbose=False)
    forward_only = lambda b, i, o: (2 * b * i * o, 2 * b * i * o)  # noqa: E731 - forgot the input gradient
    no_factor_two = lambda b, i, o: (b * i * o, 2 * b * i * o)  # noqa: E731 - counted multiply-adds
    int32 = lambda b, i, o: tuple(int(v) for v in np.array([2, 4], dtype=np.int32) * np.int32(b * i * o))  # noqa: E731
    for wrong in (forward_only, no_factor_two):
        assert check.linear_flops(wrong, verbose=False).status == "failed"
    with np.errstate(over="ignore"):
        assert "2**31" in check.linear_flops(int32, verbose=False).message
    assert check.linear_flops(not_done, verbose=False).status == "not implemented"


def test_arithmetic_intensity():
    assert check.arithmetic_intensity(ai_reference, verbose=False)
    ignores_output = lambda m, k, n, s: 2 * m * k * n / ((m * k + k * n) * s)  # noqa: E731
    ignores_itemsize = lambda m, k, n, s: 2 * m * k * n / (m * k + k * n + m * n)  # noqa: E731
    for wrong in (ignores_output, ignores_itemsize):
        assert check.arithmetic_intensity(wrong, verbose=False).status == "failed"


def test_roofline(capsys):
    assert check.roofline(lambda i, p, b: np.minimum(p, np.asarray(i) * b), verbose=False)
    assert check.roofline(lambda i, p, b: min(p, i * b), verbose=False).status == "failed"  # no arrays
    check.roofline(lambda i, p, b: np.maximum(p, np.asarray(i) * b))
    assert "a memory-bound kernel" in capsys.readouterr().out


def right_placement(model, X, y, device):
    import torch  # the tests that use these answers call need("torch") first
    return (model.to(device), torch.as_tensor(X, dtype=torch.float32).to(device),
            torch.as_tensor(y).long().to(device))


def forgot_to_keep(model, X, y, device):
    import torch
    X, y = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y).long()
    X.to(device), y.to(device)  # the results are thrown away: X and y stay where they were
    return model.to(device), X, y


def test_place_on_device(capsys):
    torch = need("torch")
    assert check.place_on_device(right_placement, verbose=False)
    r = check.place_on_device(forgot_to_keep)
    out = capsys.readouterr().out
    assert r.status == "failed" and "'meta' device" in out and "X = X.to(device)" in out
    keeps_float64 = lambda m, X, y, d: (m.to(d), torch.as_tensor(X).to(d), torch.as_tensor(y).long().to(d))  # noqa: E731
    assert "float32" in check.place_on_device(keeps_float64, verbose=False).message
    model_left = lambda m, X, y, d: (m, torch.as_tensor(X).float().to(d), torch.as_tensor(y).long().to(d))  # noqa: E731
    assert "model.to(device)" in check.place_on_device(model_left, verbose=False).message
    numpy_back = lambda m, X, y, d: (m.to(d), X, y)  # noqa: E731
    assert "expected a torch tensor" in check.place_on_device(numpy_back, verbose=False).message
    assert check.place_on_device(not_done, verbose=False).status == "not implemented"
    assert "expected a function" in check.place_on_device(42, verbose=False).message


def test_place_on_device_leaves_the_global_rng_alone():
    torch = need("torch")
    before = torch.get_rng_state()
    check.place_on_device(right_placement, verbose=False)
    assert torch.equal(torch.get_rng_state(), before)


def test_must_pass():
    need("torch")
    with pytest.raises(check.ExerciseFailed, match="place_on_device"):
        check.place_on_device(forgot_to_keep, must_pass=True, verbose=False)
    with pytest.raises(check.ExerciseFailed, match="linear_flops"):
        check.linear_flops(not_done, must_pass=True, verbose=False)
