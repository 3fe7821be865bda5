"""Fetch the JavaScript the built site serves itself, so it works offline.

The book's pages load one front-end bundle from elsewhere: MathJax. (The explorers
render from the stored widget state with our own assets/js/explorer-view.js.) It
comes from the npm registry at a pinned version whose sha512 integrity is checked
here, and lands in ``_vendor/`` (git-ignored), which ``_config.yml`` serves as
static files.

Usage: python tools/vendor.py [--out _vendor]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {
    "mathjax": {
        "spec": "mathjax@3.2.2",
        "integrity": "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "root": "package/es5",
        # The components _config.yml loads one by one (startup, core, TeX input, CommonHTML
        # output and its fonts: 0.4 MB less than the combined tex-chtml.js, which adds the
        # context menu), and what they load lazily (TeX extensions, fonts).
        "keep": lambda p: p.name in {"startup.js", "core.js"} or p.parts[0] in {"input", "output", "adaptors"},
    },
}


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def fetch(name: str, out: Path) -> None:
    pkg = PACKAGES[name]
    with tempfile.TemporaryDirectory() as tmp:
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("vendor.py: npm is not installed; install Node.js (with npm) and run again.")
        subprocess.run([npm, "pack", "--silent", pkg["spec"], "--pack-destination", tmp],
                       check=True, stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("*.tgz")
        got = _integrity(tarball)
        if got != pkg["integrity"]:
            sys.exit(f"vendor.py: {pkg['spec']} has integrity {got}, expected {pkg['integrity']}; refusing to use it.")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        root = Path(tmp) / pkg["root"]
        dest = out / name
        shutil.rmtree(dest, ignore_errors=True)
        count = 0
        for src in sorted(root.rglob("*")):
            rel = src.relative_to(root)
            if src.is_file() and pkg["keep"](rel):
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
                count += 1
        print(f"vendor.py: {pkg['spec']}: {count} files -> {dest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("_vendor"))
    args = parser.parse_args()
    for name in PACKAGES:
        fetch(name, args.out)


if __name__ == "__main__":
    main()
