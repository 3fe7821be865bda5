"""dlcore.check graders for chapter 7 accept right answers and pinpoint wrong ones."""

import numpy as np
import pytest

from dlcore import check, conv


def not_done(*args):
    raise NotImplementedError


def loops_correlate(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            out[r, c] = np.sum(image[r:r + kh, c:c + kw] * kernel)
    return out


@pytest.mark.parametrize("grader, right", [
    (check.conv_output_size, lambda n, k, s, p: (n + 2 * p - k) // s + 1),
    (check.conv_output_size, lambda n, k, s, p: conv.conv_output_size(n, k, stride=s, padding=p)),
    (check.correlate2d, loops_correlate),
    (check.correlate2d, lambda image, kernel: conv.conv2d(image, kernel)),
    (check.residual_block, lambda X, W1, b1, W2, b2: X + np.maximum(X @ W1 + b1, 0) @ W2 + b2),
    (check.lstm_params, lambda i, h: 4 * (h * i + h * h + 2 * h)),
])
def test_accepts_correct(grader, right, capsys):
    assert grader(right, must_pass=True)
    assert "passed all" in capsys.readouterr().out


@pytest.mark.parametrize("grader, wrong, probe", [
    (check.conv_output_size, lambda n, k, s, p: n - k + 1, "padding 1"),                       # ignores padding
    (check.conv_output_size, lambda n, k, s, p: (n + 2 * p - k) / s + 1, "round down"),  # no floor
    (check.conv_output_size, lambda n, k, s, p: round((n + 2 * p - k) / s) + 1, "round down"),
    (check.correlate2d, lambda im, k: loops_correlate(im, k[::-1, ::-1]), "vertical-edge"),    # true convolution
    (check.correlate2d, lambda im, k: loops_correlate(im, k.T) if k.shape[0] != k.shape[1] else loops_correlate(im, k),
     "non-square"),
    (check.residual_block, lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2 + b2, "unchanged"),  # no skip
    (check.residual_block, lambda X, W1, b1, W2, b2: np.maximum(X + np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0),
     "a batch"),                                                                               # extra ReLU
    (check.lstm_params, lambda i, h: 4 * h * (i + h + 1), "n_inputs=1"),                       # one bias only
    (check.lstm_params, lambda i, h: 3 * h * (i + h + 2), "n_inputs=1"),                       # GRU's count
])
def test_rejects_wrong(grader, wrong, probe, capsys):
    result = grader(wrong)
    out = capsys.readouterr().out
    assert result.status == "failed" and probe in out and "hint:" in out
    with pytest.raises(check.ExerciseFailed):
        grader(wrong, must_pass=True, verbose=False)


@pytest.mark.parametrize("grader", [check.conv_output_size, check.correlate2d, check.residual_block,
                                    check.lstm_params])
def test_not_implemented_is_not_a_failure(grader, capsys):
    assert grader(not_done).status == "not implemented"
    assert "not yet implemented" in capsys.readouterr().out
