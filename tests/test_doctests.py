"""The examples in dlcore's docstrings run and print what they show.

Each module's doctests run as one test, so that a module whose examples need torch is
skipped without it (and fails under CI, like every test that needs an optional package).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dlcore
from conftest import need

MODULES = sorted(m.name for m in pkgutil.walk_packages(dlcore.__path__, "dlcore."))
# Modules that import torch, or whose examples do.
NEED_TORCH = {"dlcore.architectures", "dlcore.device", "dlcore.distributed", "dlcore.summary", "dlcore.train"}


def test_every_torch_module_is_named():
    assert NEED_TORCH <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    if name in NEED_TORCH:
        need("torch")
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(verbose=False)
    tests = finder.find(module, name)
    for test in tests:
        runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} of {attempted} docstring examples in {name} failed (see the output above)"
