"""dlcore.check: graders accept right answers, reject known-wrong ones, never crash."""

import numpy as np
import pytest

from conftest import need
from dlcore import activations as act
from dlcore import check


def stable_sigmoid(z):
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def not_done(*args):
    raise NotImplementedError


# Every grader that takes the learner's function: a stub that is not written yet is reported, not failed,
# unless the cell insists on a pass (the shipped solution cells do).
FUNCTION_GRADERS = [name for name in check.__all__
                    if name not in {"Case", "ExerciseFailed", "Result", "compare", "grade", "xor_network"}]


# The graders that build torch tensors to probe the learner's function.
NEEDS_TORCH = {"place_on_device"}


@pytest.mark.parametrize("name", FUNCTION_GRADERS)
def test_every_grader_reports_a_stub_and_refuses_it_when_it_must_pass(name):
    if name in NEEDS_TORCH:
        need("torch")
    grader = getattr(check, name)
    assert grader(not_done, verbose=False).status == "not implemented"
    with pytest.raises(check.ExerciseFailed):
        grader(not_done, must_pass=True, verbose=False)


@pytest.mark.parametrize("fn", [act.sigmoid, stable_sigmoid])
def test_sigmoid_accepts_correct(fn, capsys):
    assert check.sigmoid(fn)
    assert "✔ sigmoid: passed all 8 checks" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, probe", [
    (lambda z: 1 / (1 + np.exp(np.asarray(z))), "a positive number"),                 # off by sign
    (lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))), "large negative z"),      # overflows
    (lambda z: np.where(np.asarray(z) >= 0, 1 / (1 + np.exp(-np.asarray(z))),           # both branches
                        np.exp(z) / (1 + np.exp(z))), "large positive z"),
    (lambda z: stable_sigmoid(np.asarray(z, dtype=np.float64)), "float32 input"),     # loses dtype
    (lambda z: stable_sigmoid(z) if np.ndim(z) < 2 else stable_sigmoid(z).ravel(),
     "2-D array keeps its shape"),                                                    # flattens
    (lambda z: np.tanh(z), "z = 0"),                                                    # wrong function
])
def test_sigmoid_rejects_wrong(wrong, probe, capsys):
    result = check.sigmoid(wrong)
    out = capsys.readouterr().out
    assert not result and result.status == "failed"
    assert probe in out and "input:" in out and "expected:" in out and "got:" in out


def test_overflow_hint_is_specific(capsys):
    check.sigmoid(lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))))
    out = capsys.readouterr().out
    assert "overflow" in out and "exp(-|z|)" in out


def test_not_implemented_and_missing_return(capsys):
    r = check.sigmoid(not_done)
    assert r.status == "not implemented" and "not yet implemented" in capsys.readouterr().out
    r = check.sigmoid(lambda z: None)
    assert r.status == "failed" and "forget the `return`" in capsys.readouterr().out
    r = check.sigmoid(stable_sigmoid(0.0))
    assert r.status == "failed" and "expected a function" in capsys.readouterr().out


def test_must_pass_raises_only_on_failure():
    assert check.sigmoid(act.sigmoid, must_pass=True, verbose=False)
    with pytest.raises(check.ExerciseFailed, match="sigmoid"):
        check.sigmoid(lambda z: z, must_pass=True, verbose=False)
    with pytest.raises(check.ExerciseFailed, match="not yet implemented"):
        check.sigmoid(not_done, must_pass=True, verbose=False)


def test_sigmoid_prime():
    assert check.sigmoid_prime(act.sigmoid_prime, verbose=False)
    wrong_sign = lambda z: act.sigmoid(z) * (1 + act.sigmoid(z))  # noqa: E731
    forgot_chain = lambda z: act.sigmoid(z)  # noqa: E731
    naive = lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2  # noqa: E731 - overflows at z = -1000
    for wrong in (wrong_sign, forgot_chain, naive):
        assert check.sigmoid_prime(wrong, verbose=False).status == "failed"


def relu_layer(X, W, b):
    return np.maximum(np.asarray(X) @ W + b, 0)


def test_dense_forward():
    assert check.dense_forward(relu_layer, verbose=False)
    wrongs = [
        lambda X, W, b: np.maximum(W.T @ np.asarray(X).T, 0),  # column convention, no bias
        lambda X, W, b: np.maximum(np.asarray(X) @ W, 0),   # forgot the bias
        lambda X, W, b: np.asarray(X) @ W + b,              # forgot the activation
        lambda X, W, b: np.maximum(np.atleast_2d(X) @ W + b, 0),  # 1-D input becomes 2-D
    ]
    for wrong in wrongs:
        assert check.dense_forward(wrong, verbose=False).status == "failed"


def test_dense_forward_shape_hint(capsys):
    check.dense_forward(lambda X, W, b: np.maximum(W @ np.asarray(X).T, 0))
    assert "(d_in, d_out)" in capsys.readouterr().out


def test_xor_network():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])  # columns: OR, NAND
    b1 = np.array([-0.5, 1.5])
    W2 = np.array([[1.0], [1.0]])               # AND of the two
    b2 = np.array([-1.5])
    assert check.xor_network(W1, b1, W2, b2, verbose=False)
    assert check.xor_network(W1, b1, W2, np.array([-0.5]), verbose=False).status == "failed"  # OR, not AND
    assert check.xor_network(np.eye(3), b1, W2, b2, verbose=False).status == "failed"  # wrong shape
    assert check.xor_network(None, None, None, None, verbose=False).status == "not implemented"
    with pytest.raises(check.ExerciseFailed):
        check.xor_network(W1 * 0, b1 * 0, W2, b2, must_pass=True, verbose=False)


def test_graders_never_raise_on_exceptions_in_learner_code():
    def broken(*args):
        return {}["missing"]

    for grader in (check.sigmoid, check.sigmoid_prime, check.dense_forward):
        result = grader(broken, verbose=False)
        assert result.status == "failed" and "KeyError" in result.message


def test_result_is_not_shown_twice_in_a_notebook(capsys):
    shown = check.sigmoid(act.sigmoid)
    capsys.readouterr()
    shown._ipython_display_()  # what IPython calls for a cell's last value
    assert capsys.readouterr().out == ""
    quiet = check.sigmoid(act.sigmoid, verbose=False)
    quiet._ipython_display_()
    assert "passed all 8 checks" in capsys.readouterr().out
