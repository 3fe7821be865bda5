"""The course's home: one setting in _config.yml, and the install cells, launch buttons and README derived from it."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import sys
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _home_module(root: Path):
    spec = importlib.util.spec_from_file_location(f"home_{abs(hash(root))}", root / "tools" / "home.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


home = _home_module(ROOT)


def test_every_derived_place_agrees_with_the_setting():
    assert home.problems() == [], "run `make set-home URL=...` (or `python tools/home.py render`)"


def test_versions_agree_and_no_chapter_installs_from_a_branch():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == home.version()
    assert project["name"] == home.DISTRIBUTION
    for path in home.notebooks():
        assert "@main" not in path.read_text(), f"{path.name} installs from a moving branch"


def test_the_placeholder_cannot_name_anyones_repository():
    assert not home.GITHUB.fullmatch(home.PLACEHOLDER)
    assert home.GITHUB.fullmatch("https://github.com/some-org/deep-learning-fundamentals")
    for owner in ("-lead", "trail-", "two--hyphens", "under_score", "x" * 40):
        assert not home.GITHUB.fullmatch(f"https://github.com/{owner}/repo"), owner


def _copy(tmp_path: Path) -> Path:
    for name in ("_config.yml", "README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("chapters", "tools"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "dlcore").mkdir()
    shutil.copy(ROOT / "dlcore" / "__init__.py", tmp_path / "dlcore" / "__init__.py")
    return tmp_path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "tools" / "home.py"), *args],
                          capture_output=True, text=True, timeout=60)


def test_set_home_rewrites_every_derived_place(tmp_path):
    root = _copy(tmp_path)
    url = "https://github.com/example-org/dl-course"
    assert _run(root, "set", url + ".git").returncode == 0
    moved = _home_module(root)
    assert moved.config_url() == url and moved.problems() == []
    tag = f"v{moved.version()}"
    assert f"  branch: {tag}" in (root / "_config.yml").read_text()
    for path in moved.notebooks():
        first = path.read_text()
        assert f'HOME, RELEASE = \\"{url}\\", \\"{tag}\\"' in first, path.name
    assert f'pip install "{home.DISTRIBUTION} @ git+{url}@{tag}"' in (root / "README.md").read_text()


@pytest.mark.parametrize("bad", ["http://github.com/org/repo", "https://gitlab.com/org/repo",
                                 "https://github.com/YOUR_ORG/repo", "https://github.com/org"])
def test_set_home_refuses_what_is_not_a_github_repository(tmp_path, bad):
    root = _copy(tmp_path)
    before = (root / "_config.yml").read_text()
    out = _run(root, "set", bad)
    assert out.returncode != 0 and "https://github.com/OWNER/REPO" in out.stderr + out.stdout
    assert (root / "_config.yml").read_text() == before


def test_a_tampered_cell_is_caught(tmp_path):
    root = _copy(tmp_path)
    path = sorted((root / "chapters").glob("*.ipynb"))[0]
    path.write_text(path.read_text().replace("google.colab", "google.colab_x", 1))
    assert _run(root, "check").returncode == 1


def _run_cell(source: str, monkeypatch, returncode: int) -> str:
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, returncode, "", "ERROR: could not reach github.com\n")

    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    monkeypatch.setattr(subprocess, "run", fake_run)
    out = io.StringIO()
    with redirect_stdout(out):
        try:
            exec(source, {})
        finally:
            out.write(f"\n[pip calls: {calls}]")
    return out.getvalue()


def test_the_install_cell_explains_a_failed_install_in_one_paragraph(monkeypatch):
    cell = home.INSTALL_CELL.format(home="https://github.com/example-org/dl-course", tag="v9.9.9",
                                    distribution=home.DISTRIBUTION)
    with pytest.raises(SystemExit, match="see the note above"):
        _run_cell(cell, monkeypatch, returncode=1)
    printed = io.StringIO()
    with redirect_stdout(printed), pytest.raises(SystemExit):
        exec(cell, {})
    note = printed.getvalue().strip()
    assert "\n" not in note and "could not reach github.com" in note and "/issues" in note
    assert re.search(r"git\+https://github.com/example-org/dl-course@v9\.9\.9", _run_cell(cell, monkeypatch, 0))


def test_the_unset_cell_refuses_with_what_to_do(monkeypatch):
    with pytest.raises(SystemExit, match="make set-home"):
        _run_cell(home.UNSET_CELL, monkeypatch, returncode=0)
