"""Shared test settings: dlcore tests must not touch the network or a display.

Optional dependencies (torch, scipy, scikit-learn) are required per test, never per module, so that
a missing one skips only the tests that use it: call ``need("torch")`` inside the test. When the
``CI`` variable is set, a missing dependency fails the test instead, so CI cannot quietly shrink.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import matplotlib
import pytest

matplotlib.use("Agg")


def need(module: str) -> ModuleType:
    """Import ``module`` for this test; skip the test without it (fail it when CI is set)."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{module} is required when CI is set, and importing it failed: {exc}. "
                        f"Install the test environment with `make venv`.", pytrace=False)
        pytest.skip(f"needs {module} ({exc})")


def raises_unless_torch_is_missing(call, error: type, match: str) -> None:
    """Check that ``call()`` raises ``error`` matching ``match``; skip it if torch is missing.

    For bad-input tests of functions that import torch before they look at their input.
    """
    try:
        with pytest.raises(error, match=match):
            call()
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "torch":
            need("torch")
        raise
