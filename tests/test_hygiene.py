"""Notebook hygiene: every chapter follows the book's conventions.

Chapters are stored without outputs, listed in _toc.yml (and vice versa), start with
the install cell derived from the course's home (tools/home.py), and follow the chapter arc:
title, learning objectives, claims checked with dlcore.claims.claim (never a bare
assert, never on constants alone, each quoting the prose it backs), a widget, checked exercises with
hidden solutions, figures with captions and alt text, a summary and references.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
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
def test_first_code_cell_is_the_colab_install_cell(path):
    # tools/home.py writes it from _config.yml's repository.url and dlcore's version (tests/test_home.py).
    spec = importlib.util.spec_from_file_location("home", ROOT / "tools" / "home.py")
    home = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(home)
    first = source(code_cells(load(path))[0])
    assert first == home.install_cell(home.config_url()), \
        f"{path.name}: the first code cell must be the install cell; run `python tools/home.py render`"


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
def test_claims_are_checked_in_removed_cells(path):
    nb = load(path)
    removed = [source(c) for c in code_cells(nb) if "remove-cell" in tags(c)]
    assert len(removed) >= 3, f"{path.name}: back the prose's claims with remove-cell checks"
    prose = _normalized(_prose(nb))
    constant = _ConstantNames(nb)
    for text in removed:
        tree = ast.parse(text)
        head = text.strip().splitlines()[1:2] or text.strip().splitlines()[:1]
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(tree)), \
            f"{path.name}: a claim cell uses a bare assert; use claim(...) so a learner is not crashed:\n{head}"
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called(n) == "claim"]
        assert calls, f"{path.name}: a remove-cell checks nothing with claim(...):\n{text[:200]}"
        for call in calls:
            where = f"{path.name}: {ast.unparse(call)[:160]}"
            assert len(call.args) == 2 and isinstance(call.args[1], ast.Constant) \
                and isinstance(call.args[1].value, str), f"{where}\n  call claim(condition, 'quoted prose', measured=...)"
            assert any(k.arg == "measured" for k in call.keywords), f"{where}\n  pass measured= (shown when it fails)"
            assert not constant.expr(call.args[0]), \
                f"{where}\n  the condition compares only constants, so it cannot fail: check a measured value"
            quote = _normalized(call.args[1].value)
            assert quote in prose, f"{where}\n  the claim's text must quote the chapter's prose, a caption or a label"


def _called(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _normalized(text: str) -> str:
    """Prose without markdown emphasis and code marks, in one line of single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", text)).strip().lower()


def _prose(nb: dict) -> str:
    """What a reader sees: markdown, figure captions and alt texts, and the strings of shown code cells."""
    parts = []
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            parts.append(source(c))
        elif "remove-cell" not in tags(c):
            meta = c.get("metadata", {}).get("mystnb", {})
            parts += [meta.get("figure", {}).get("caption", ""), meta.get("image", {}).get("alt", "")]
            try:
                tree = ast.parse(source(c))
            except SyntaxError:
                continue
            parts += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            parts += [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
    return "\n".join(parts)


class _ConstantNames:
    """Decides whether an expression is built from constants alone, so that a claim on it cannot fail.

    Arithmetic on constants (``np.log(0.001)``) is a constant. A name is measured when any of its
    bindings in the notebook is not a constant expression, and so is anything dlcore or the chapter
    defines: a check of our own code on fixed input can fail.
    """

    def __init__(self, nb: dict) -> None:
        self.assigned: dict = {}
        self.measured: set = set()
        self.libraries: set = set()
        for c in code_cells(nb):
            try:
                tree = ast.parse(source(c))
            except SyntaxError:
                continue
            simple, mutated = set(), set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
                    for t in node.targets:
                        self.assigned.setdefault(t.id, []).append(node.value)
                        simple.add(id(t))
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    ours = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcore")
                    for alias in node.names:
                        name = (alias.asname or alias.name).split(".")[0]
                        (self.measured if ours else self.libraries).add(name)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    self.measured.add(node.name)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and id(node) not in simple:
                    self.measured.add(node.id)  # loop variables, unpacking, augmented assignment
                elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store) \
                        and isinstance(node.value, ast.Name):
                    self.measured.add(node.value.id)  # d[k] = ..., obj.x = ...: filled in later
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and isinstance(node.func.value, ast.Name):
                    mutated.add(node.func.value.id)  # results.append(...) may fill it in
            self.measured |= mutated & set(self.assigned)
        self.libraries -= self.measured

    # Library functions that only do arithmetic: on constants they give constants. Any other
    # library call (a random draw, a training step) measures something.
    ARITHMETIC = {"log", "log2", "log10", "log1p", "exp", "expm1", "sqrt", "cbrt", "sin", "cos", "tan", "tanh",
                  "abs", "absolute", "floor", "ceil", "round", "power", "pi", "e", "inf", "isclose",
                  "allclose", "prod", "sum", "mean", "array", "asarray", "float32", "float64", "finfo", "isfinite"}

    def expr(self, node: ast.AST, seen: frozenset = frozenset()) -> bool:
        """Whether ``node`` depends on constants and arithmetic only."""
        bound = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        bound |= {a.arg for n in ast.walk(node) if isinstance(n, ast.Lambda) for a in n.args.args}
        for n in ast.walk(node):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in self.libraries:
                if n.attr not in self.ARITHMETIC:
                    return False
            if not isinstance(n, ast.Name) or n.id in bound | self.libraries | seen:
                continue
            if n.id in self.measured or (n.id not in self.assigned and n.id not in dir(builtins)):
                return False
            if n.id in self.assigned and not all(self.expr(v, seen | {n.id}) for v in self.assigned[n.id]):
                return False
        return True


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


def _nb(*cells: str) -> dict:
    return {"cells": [{"cell_type": "code", "source": c, "metadata": {}} for c in cells]}


@pytest.mark.parametrize("condition, constant", [
    ("0.25**10 < 1e-6 and 4**10 > 1e6", True),
    ("abs(-np.log(0.001) - 6.91) < 0.005", True),
    ("k == 49", True),               # k = 3 * 16 + 1: true by arithmetic
    ("all(v > 0 for v in [1, 2])", True),
    ("loss < 0.1", False),            # loss comes from training
    ("conv.receptive_field([3, 3]) == [3, 5]", False),  # dlcore's code on fixed input can fail
    ("gap < 1e-12", False),           # bound by a for loop
    ("np.random.default_rng(0).normal() < 5", False),  # a random draw can change between releases
    ("table[2] == 4", False),         # table = {}, then filled in a loop
    ("runs == [1]", False),           # runs = [], then runs.append(...)
])
def test_the_constant_check_tells_measured_from_constant(condition, constant):
    nb = _nb("import numpy as np\nfrom dlcore import conv\nk = 3 * 16 + 1",
             "loss = float(np.mean(np.random.default_rng(0).normal(size=3)))",
             "for gap in [0.0]:\n    pass",
             "table = {}\nruns = []\nfor j in range(3):\n    table[j] = 2 ** j\n    runs.append(j)")
    assert _ConstantNames(nb).expr(ast.parse(condition, mode="eval").body) is constant
