"""Fetch the JavaScript the built site serves itself, so it works offline.

The book's pages load two front-end bundles: the ipywidgets HTML manager, which
renders the stored widget state with no kernel, and MathJax. Both come from the
npm registry at pinned versions whose sha512 integrity is checked here, and land
in ``_vendor/`` (git-ignored), which ``_config.yml`` serves as static files.

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
    "widgets": {
        "spec": "@jupyter-widgets/html-manager@1.0.15",
        "integrity": "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # embed.js is the self-contained (no RequireJS) bundle; the rest are the
        # icon fonts its CSS refers to by relative URL.
        "root": "package/dist",
        "keep": lambda p: p.name == "embed.js" or p.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"},
    },
    "mathjax": {
        "spec": "mathjax@3.2.2",
        "integrity": "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "root": "package/es5",
        # tex-chtml.js plus what it loads lazily: TeX extensions, fonts, menu, a11y.
        "keep": lambda p: p.name == "tex-chtml.js" or p.parts[0] in {"input", "output", "ui", "a11y", "adaptors"},
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
