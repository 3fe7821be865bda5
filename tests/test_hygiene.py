"""Notebook hygiene: every chapter follows the book's conventions.

Chapters are stored without outputs, listed in _toc.yml (and vice versa), install
dlcore from this repository when run in Colab, and follow the chapter arc:
title, learning objectives, asserted claims, a widget, checked exercises with
hidden solutions, figures with captions and alt text, a summary and references.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def code_cells(nb: dict) -> list:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def tags(cell: dict) -> list:
    return cell.get("metadata", {}).get("tags", [])


def toc_files() -> list:
    files = [TOC["root"]]
    for part in TOC.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files + [c["file"] for c in TOC.get("chapters", [])]


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks under chapters/"


def test_toc_and_chapters_match():
    listed = {f for f in toc_files() if f.startswith("chapters/")}
    on_disk = {f"chapters/{p.stem}" for p in NOTEBOOKS}
    assert listed == on_disk, f"only in _toc.yml: {listed - on_disk}; only on disk: {on_disk - listed}"
    for f in toc_files():
        assert any((ROOT / f"{f}{ext}").exists() for ext in (".md", ".ipynb")), f"{f} is in _toc.yml but missing"


def test_chapters_are_numbered():
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z_]+", path.stem), f"{path.name}: name chapters NN_topic.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(path):
    for i, cell in enumerate(code_cells(load(path))):
        assert not cell.get("outputs") and cell.get("execution_count") is None, \
            f"{path.name} cell {i} has stored output: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_installs_dlcore_in_colab_from_this_repository(path):
    first = source(code_cells(load(path))[0])
    repo = CONFIG["repository"]["url"].rstrip("/")
    assert '"google.colab" in sys.modules' in first
    urls = re.findall(r"git\+(https://[^\s\"'@]+)", first)
    assert urls == [repo], f"{path.name} installs from {urls}, _config.yml says {repo}"
    assert f"@{CONFIG['repository']['branch']}" in first


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_arc(path):
    nb = load(path)
    markdown = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    first = source(nb["cells"][0])
    assert nb["cells"][0]["cell_type"] == "markdown" and first.startswith("# "), "start with a '# Title' cell"
    assert "Learning objectives" in first, "the title cell states the learning objectives"
    for heading in ("## Exercises", "## Summary", "## References"):
        assert heading in markdown, f"{path.name} lacks a '{heading}' section"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_claims_are_asserted_in_removed_cells(path):
    removed = [source(c) for c in code_cells(load(path)) if "remove-cell" in tags(c)]
    assert removed and all("assert" in s for s in removed), "each remove-cell checks a claim with assert"
    assert len(removed) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_a_widget_and_checked_exercises(path):
    cells = code_cells(load(path))
    assert any("explorer(" in source(c) for c in cells), "every chapter has a kernel-free explorer"
    exercises = [c for c in cells if re.search(r"check\.\w+\(", source(c)) and "must_pass" not in source(c)]
    solutions = [c for c in cells if "must_pass=True" in source(c)]
    assert len(exercises) >= 3, "at least 3 auto-checked exercises"
    assert len(solutions) == len(exercises), "each exercise has a solution cell that must pass"
    for c in solutions:
        assert "hide-input" in tags(c), "solutions are hidden behind a toggle on the site"
        assert c["metadata"].get("mystnb", {}).get("code_prompt_show") == "Show solution"
    for c in exercises:
        assert "NotImplementedError" in source(c) or "None" in source(c), "exercise stubs are unfinished"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_have_caption_and_alt_text(path):
    for c in code_cells(load(path)):
        meta = c.get("metadata", {}).get("mystnb", {})
        makes_figure = "plt.show()" in source(c)
        has_caption = bool(meta.get("figure", {}).get("caption"))
        has_alt = bool(meta.get("image", {}).get("alt"))
        if makes_figure or has_caption or has_alt:
            assert has_caption and has_alt, f"figure cell without caption or alt text:\n{source(c)[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nothing_is_downloaded_at_run_time(path):
    text = "\n".join(source(c) for c in code_cells(load(path))[1:])  # the Colab cell may pip install
    for pattern in (r"urlopen|urlretrieve|requests\.get|wget |curl |fetch_openml|download=True",
                    r"torchvision\.datasets"):
        assert not re.search(pattern, text), f"{path.name} downloads at run time ({pattern})"
