"""Drop the CUDA runtime from a lock file that `uv pip compile` wrote (see `make lock`).

PyPI's torch wheel for Linux depends on NVIDIA's CUDA libraries and Triton. The CPU build the
course uses needs none of them, and on a GPU runner torch's own metadata pins them exactly, so
the lock leaves them to pip: installing it then takes gigabytes only where a GPU can use them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CUDA_RUNTIME = re.compile(r"(nvidia-[a-z0-9-]+|cuda-[a-z0-9-]+|triton)==")


def main(path: str) -> int:
    lock = Path(path)
    entries = re.split(r"(?m)^(?=[A-Za-z0-9])", lock.read_text())  # header, then one entry per package
    kept = [e for e in entries if not CUDA_RUNTIME.match(e)]
    note = "# The CUDA runtime that PyPI's torch wheel pulls in is left out: see tools/lock.py.\n"
    lock.write_text(kept[0] + note + "".join(kept[1:]) if note not in kept[0] else "".join(kept))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
