"""Read and edit chapter notebooks cell by cell from the shell, keeping their stored format.

Usage:
  python tools/nb.py show NB [FIRST [LAST]]      every cell: index, type, tags, metadata, source
  python tools/nb.py get NB I                    the source of cell I
  python tools/nb.py set NB I FILE               replace cell I's source with FILE's text ("-": stdin)
  python tools/nb.py insert NB I TYPE FILE [--tags a,b] [--meta JSON]
                                                 insert a markdown/code cell before index I
  python tools/nb.py meta NB I JSON              replace cell I's metadata (tags included)
  python tools/nb.py delete NB I                 remove cell I
  python tools/nb.py clear NB                    drop outputs and execution counts

Notebooks are written as nbformat writes them (one-space indent, UTF-8, final newline),
so a diff shows only what changed.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import List


def load(path: str) -> dict:
    return json.loads(Path(path).read_text())


def save(path: str, nb: dict) -> None:
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def lines(text: str) -> List[str]:
    parts = text.splitlines(keepends=True)
    if parts and parts[-1].endswith("\n"):
        parts[-1] = parts[-1][:-1]
    return parts


def read(arg: str) -> str:
    return sys.stdin.read() if arg == "-" else Path(arg).read_text()


def new_cell(kind: str, text: str, metadata: dict) -> dict:
    cell = {"cell_type": kind, "id": uuid.uuid4().hex[:8], "metadata": metadata, "source": lines(text)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 1
    cmd, path, rest = argv[0], argv[1], argv[2:]
    nb = load(path)
    cells = nb["cells"]
    if cmd == "show":
        first = int(rest[0]) if rest else 0
        last = int(rest[1]) if len(rest) > 1 else len(cells) - 1
        for i in range(first, last + 1):
            c = cells[i]
            meta = {k: v for k, v in c.get("metadata", {}).items() if k != "tags"}
            print(f"----- [{i}] {c['cell_type']} tags={c.get('metadata', {}).get('tags', [])} "
                  f"{json.dumps(meta, ensure_ascii=False) if meta else ''}")
            print("".join(c["source"]))
        return 0
    if cmd == "get":
        print("".join(cells[int(rest[0])]["source"]))
        return 0
    if cmd == "set":
        cells[int(rest[0])]["source"] = lines(read(rest[1]))
    elif cmd == "insert":
        i, kind, text = int(rest[0]), rest[1], read(rest[2])
        meta: dict = {}
        for flag, value in zip(rest[3::2], rest[4::2]):
            if flag == "--tags":
                meta["tags"] = value.split(",")
            elif flag == "--meta":
                meta.update(json.loads(value))
        cells.insert(i, new_cell(kind, text, meta))
    elif cmd == "meta":
        cells[int(rest[0])]["metadata"] = json.loads(rest[1])
    elif cmd == "delete":
        del cells[int(rest[0])]
    elif cmd == "clear":
        for c in cells:
            if c["cell_type"] == "code":
                c["outputs"], c["execution_count"] = [], None
    else:
        print(__doc__)
        return 1
    save(path, nb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
