"""Execute every chapter once and compare its wall time with the 45 s budget.

Usage: .venv/bin/python benchmarks/book.py [chapters/01_neurons.ipynb ...]

Each notebook runs in a fresh kernel, as nbval and the book build run it. The
kernel start-up is included, since a reader pays for it too. Exits non-zero if
any chapter is over budget or fails.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BUDGET_S = 45.0
ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "chapters").glob("*.ipynb"))
    print(f"{'notebook':<32} {'seconds':>8} {'budget':>7}  status")
    total, worst = 0.0, 0
    for path in paths:
        try:
            seconds = run(path)
            status = "ok" if seconds <= BUDGET_S else "OVER BUDGET"
        except Exception as exc:  # noqa: BLE001 - report and keep timing the others
            seconds, status = float("nan"), f"FAILED: {type(exc).__name__}"
        ok = status == "ok"
        worst = worst or (0 if ok else 1)
        total += 0.0 if seconds != seconds else seconds
        print(f"{path.name:<32} {seconds:8.1f} {BUDGET_S:7.0f}  {status}", flush=True)
    print(f"{'total':<32} {total:8.1f}")
    return worst


if __name__ == "__main__":
    sys.exit(main())
