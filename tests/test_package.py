"""dlcore as a package: importable without side effects, with Colab-safe dependencies."""

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def test_public_api_is_declared():
    import dlcore
    for name in dlcore.__all__:
        assert hasattr(dlcore, name)
    for module in (dlcore.widgets, dlcore.check):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


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
