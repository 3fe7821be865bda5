"""The environments are built from lock files that pin every package they hold."""

from __future__ import annotations

import re
import site
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CUDA_RUNTIME = re.compile(r"(nvidia-[a-z0-9-]+|cuda-[a-z0-9-]+|triton)==")  # as tools/lock.py leaves out


def pins(path: Path) -> dict:
    """Package -> version for the lines of a lock or requirements file that apply to this machine."""
    found = {}
    for line in path.read_text().splitlines():
        m = re.match(r"([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.+))?$", line.strip())
        if m and (m.group(3) is None or Marker(m.group(3)).evaluate()):
            found[canonicalize_name(m.group(1))] = Version(m.group(2))
    return found


def test_the_lock_keeps_every_direct_pin():
    locked = pins(ROOT / "requirements.lock")
    for name, version in pins(ROOT / "requirements.txt").items():
        assert locked.get(name) == version, f"requirements.txt pins {name}=={version}; run `make lock`"
    colab = pins(ROOT / "requirements-colab.lock")
    for name, version in pins(ROOT / "requirements-colab.txt").items():
        assert colab.get(name) == version, f"requirements-colab.txt pins {name}=={version}; run `make lock`"


def test_this_environment_is_exactly_the_lock():
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip(f"not the project's environment ({sys.prefix}); `make venv` builds that one")
    locked = pins(ROOT / "requirements.lock")
    ours = {"deep-learning-fundamentals", "pip"}
    for dist in metadata.distributions(path=site.getsitepackages()):  # not egg-info in the work tree
        name = canonicalize_name(dist.metadata["Name"])
        if name in ours or CUDA_RUNTIME.match(name + "=="):  # on a GPU runner, torch pins those itself
            continue
        assert name in locked, f"{name} is installed but not pinned in requirements.lock"
        assert Version(dist.version).public == locked[name].public, \
            f"{name} {dist.version} is installed, the lock says {locked[name]}: run `make venv`"


def test_the_lock_leaves_out_only_the_cuda_runtime():
    text = (ROOT / "requirements.lock").read_text()
    assert not any(CUDA_RUNTIME.match(line) for line in text.splitlines())
    assert re.search(r"(?m)^torch==2\.13\.0\b", text)
