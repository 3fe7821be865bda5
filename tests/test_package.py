"""dlcore as a package: importable without side effects, with Colab-safe dependencies."""

import ast
import importlib
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from conftest import need

ROOT = Path(__file__).resolve().parents[1]

# Every module of dlcore whose name has no leading underscore is public (the packages' own
# __init__ files are checked by test_public_api_is_declared).
PUBLIC_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "dlcore").rglob("*.py")
    if not path.name.startswith("_"))

# Modules whose owners were still editing them when this check came in: until they declare
# __all__ (the names are in the issue 13 report), the check skips them. Empty it then.
def test_import_has_no_side_effects():
    probe = textwrap.dedent("""
        import sys, warnings, matplotlib
        def style():  # reading rcParams["backend"] would itself import pyplot
            return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams if k != "backend"}
        before_rc, before_filters = style(), list(warnings.filters)
        import dlcore
        assert "torch" not in sys.modules, "importing dlcore must not import torch"
        assert "matplotlib.pyplot" not in sys.modules, "importing dlcore must not import pyplot"
        assert style() == before_rc, "dlcore changed matplotlib's style"
        assert list(warnings.filters) == before_filters, "dlcore changed the warning filters"
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


# The names in dlcore.__all__ whose modules import torch: test_public_torch_modules_exist checks them,
# so that test_public_api_is_declared runs without torch.
NEEDS_TORCH = {"architectures"}


def test_public_api_is_declared():
    import dlcore
    for name in dlcore.__all__:
        if name not in NEEDS_TORCH:
            assert hasattr(dlcore, name), name
    for module in (dlcore.widgets, dlcore.check):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_public_torch_modules_exist():
    need("torch")
    import dlcore
    for name in sorted(NEEDS_TORCH):
        assert name in dlcore.__all__ and hasattr(dlcore, name), name


def test_dependencies_are_colab_safe():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"]
    names = [re.split(r"[<>=!~ \[]", d)[0].lower() for d in deps]
    assert "torch" not in names, "torch must stay optional"
    for dep in deps:
        assert "==" not in dep, f"{dep}: no exact pins in dlcore's own dependencies"
        if dep.lower().startswith("ipywidgets"):
            assert re.search(r">=\s*7", dep) and "<" not in dep, f"{dep} must admit Colab's 7.7.1"


def test_modules_stay_small():
    # STYLE.md: a module past ~250 lines is two concepts.
    for path in (ROOT / "dlcore").rglob("*.py"):
        n = len(path.read_text().splitlines())
        assert n <= 260, f"{path.relative_to(ROOT)} has {n} lines; split it by concept"


def _declared_all(module: str):
    """The module's literal __all__ (None if it has none), read from its source without importing it."""
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return ast.literal_eval(node.value)
    return None


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_public_module_declares_all_and_every_name_in_it_exists(module):
    names = _declared_all(module)
    assert isinstance(names, list) and all(isinstance(n, str) for n in names), \
        f"{module} must declare __all__ as a literal list of names"
    assert len(set(names)) == len(names), f"{module}.__all__ lists a name twice"
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # a module built on torch
        need(exc.name or "torch")
        raise
    absent = [n for n in names if not hasattr(mod, n)]
    assert not absent, f"{module}.__all__ names {absent}, which the module does not have"
    tree = ast.parse(Path(mod.__file__).read_text())
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name[0] != "_"]
    unlisted = [n for n in defined if n not in names]
    assert not unlisted, f"{module} defines {unlisted} without a leading _ but leaves them out of __all__"


def test_the_package_is_marked_as_typed():
    assert (ROOT / "dlcore" / "py.typed").is_file()
