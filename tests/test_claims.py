"""dlcore.claims: strict runs fail on a false claim, a learner's session gets one friendly line."""

from __future__ import annotations

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from dlcore.claims import ClaimFailed, claim, strict


@pytest.fixture
def learner(monkeypatch):
    """A learner's own session: neither DLCORE_STRICT nor CI is set."""
    monkeypatch.delenv("DLCORE_STRICT", raising=False)
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def build(monkeypatch):
    monkeypatch.setenv("DLCORE_STRICT", "1")


def test_a_true_claim_is_silent_in_both_modes(learner, capsys, monkeypatch):
    assert claim(np.float64(0.01) < 0.1, "the loss ends below 0.1", measured=0.01) is True
    monkeypatch.setenv("DLCORE_STRICT", "1")
    assert claim(np.array(True), "a 0-d array is one truth value", measured=1) is True
    assert capsys.readouterr().out == ""


def test_strict_run_raises_with_the_claim_and_the_measurement(build):
    with pytest.raises(ClaimFailed, match=r'says "the RNN recalls over 95%".*measured 0\.484'):
        claim(0.484 > 0.95, "the RNN recalls over 95%", measured=0.484)
    with pytest.raises(AssertionError):  # nbval and the book build treat it as a failed check
        claim(False, "anything", measured=None)


def test_learner_gets_one_friendly_line_and_no_exception(learner, capsys):
    assert claim(bool(0.484 > 0.95), "the LSTM keeps above 95%", measured={"LSTM": 0.484}) is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    assert 'the text says "the LSTM keeps above 95%"' in out and "LSTM 0.484" in out
    assert "your changes or your hardware" in out


def test_measured_values_are_shown_briefly(learner, capsys):
    claim(False, "a list", measured=[0.123456, 2])
    claim(False, "an array", measured=np.arange(100.0))
    out = capsys.readouterr().out.splitlines()
    assert "[0.1235, 2]" in out[0]
    assert "..." in out[1] and len(out[1]) < 400


def test_who_is_strict(monkeypatch):
    monkeypatch.delenv("DLCORE_STRICT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert not strict()
    monkeypatch.setenv("CI", "true")
    assert strict()
    monkeypatch.setenv("DLCORE_STRICT", "0")  # an explicit setting wins over CI
    assert not strict()
    monkeypatch.setenv("DLCORE_STRICT", "maybe")
    with pytest.raises(ValueError, match="DLCORE_STRICT must be 1 or 0"):
        strict()


@pytest.mark.parametrize("condition, match", [
    (np.array([True, False]), r"np\.all"),
    ("yes", "must be True or False"),
    (None, "must be True or False"),
    (0.5, "compare something"),
])
def test_a_condition_must_be_one_truth_value(learner, condition, match):
    with pytest.raises(TypeError, match=match):
        claim(condition, "text", measured=1)


def test_the_text_must_say_something(learner):
    with pytest.raises(TypeError, match="quote the sentence"):
        claim(True, "  ", measured=1)


def _notebook(seed: int) -> nbformat.NotebookNode:
    cells = [
        "import numpy as np\nfrom dlcore.claims import claim",
        f"seed = {seed}\nrng = np.random.default_rng(seed)\ndraws = rng.normal(size=20)",
        'claim(draws.mean() > 0, "the sample mean comes out positive", measured=draws.mean())',
        'print("the chapter goes on")',
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def _failing_seed() -> int:
    return next(s for s in range(100) if np.random.default_rng(s).normal(size=20).mean() <= 0)


def test_a_learner_who_changes_the_seed_keeps_going(learner):
    nb = _notebook(_failing_seed())
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    claim_out = "".join(o.get("text", "") for o in nb.cells[2].outputs)
    assert 'Note: the text says "the sample mean comes out positive", your run gives -' in claim_out
    assert nb.cells[3].outputs[0]["text"] == "the chapter goes on\n"


def test_the_same_change_fails_a_strict_build(build):
    with pytest.raises(CellExecutionError, match="ClaimFailed"):
        NotebookClient(_notebook(_failing_seed()), timeout=120, kernel_name="python3").execute()
