"""The course's home repository: one setting in _config.yml, and every place derived from it.

Usage:
  python tools/home.py set https://github.com/OWNER/REPO   set the home and rewrite every derived place
  python tools/home.py render                              rewrite the derived places (after a version bump)
  python tools/home.py check                               exit 1 if a derived place disagrees

The setting is ``repository.url`` in _config.yml. Derived from it and from dlcore's version:
``repository.branch`` (the release tag ``v<version>``, so that Open in Colab opens the notebook as
released), the first code cell of every chapter (which installs dlcore from that tag in Colab), and
the block between the ``home`` markers in README.md. Until a real home is set, the URL's owner is
``YOUR_ORG``: an underscore is not allowed in a GitHub account name, so the placeholder can never
resolve to anyone's code, and the install cell refuses to run, saying what to do.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "https://github.com/YOUR_ORG/deep-learning-fundamentals"
DISTRIBUTION = "deep-learning-fundamentals"
# GitHub account names: letters, digits and single inner hyphens, at most 39 characters.
GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})/([A-Za-z0-9._-]{1,100})")

UNSET_CELL = '''\
# In Colab, this cell installs the course's helper package, dlcore;
# anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    raise SystemExit("This copy of the course does not name its home repository "
                     "yet, so it cannot install dlcore. Its maintainers set it with "
                     "`make set-home URL=...`; until then, open the notebooks from a "
                     "copy that does.")'''

INSTALL_CELL = '''\
# In Colab, install the course's helper package, dlcore, as released with this
# notebook; anywhere else this cell does nothing.
import subprocess
import sys

HOME, RELEASE = "{home}", "{tag}"
if "google.colab" in sys.modules:
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                          f"{distribution} @ git+{{HOME}}@{{RELEASE}}"],
                         capture_output=True, text=True)
    if pip.returncode != 0:
        why = (pip.stderr.strip().splitlines() or ["pip gave no message"])[-1]
        print(f"Installing dlcore from {{HOME}} at {{RELEASE}} failed: {{why}} Check that "
              "this runtime is online, then run this cell again; if it still fails, "
              f"please open an issue at {{HOME}}/issues with that message.")
        raise SystemExit("dlcore is not installed: see the note above.")'''

README_BLOCK = '''\
<!-- home:begin (written by `make set-home`; edit the URL with it, not by hand) -->
The course's home is {home_text}. Open in Colab opens a chapter as released at tag `{tag}`,
and its first cell installs dlcore from the same tag:

```bash
pip install "{distribution} @ git+{home}@{tag}"
```
<!-- home:end -->'''


def version() -> str:
    text = (ROOT / "dlcore" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def config_url() -> str:
    return re.search(r"^repository:\n(?:  .*\n)*?  url: (\S+)", (ROOT / "_config.yml").read_text(), re.M).group(1)


def install_cell(home: str) -> str:
    if home == PLACEHOLDER:
        return UNSET_CELL
    return INSTALL_CELL.format(home=home, tag=f"v{version()}", distribution=DISTRIBUTION)


def readme_block(home: str) -> str:
    home_text = ("not set yet (`make set-home URL=https://github.com/OWNER/REPO` sets it)"
                 if home == PLACEHOLDER else f"<{home}>")
    return README_BLOCK.format(home=home, home_text=home_text, tag=f"v{version()}", distribution=DISTRIBUTION)


def notebooks() -> List[Path]:
    return sorted((ROOT / "chapters").glob("*.ipynb"))


def _first_code(nb: dict) -> dict:
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


def render() -> None:
    home = config_url()
    config = (ROOT / "_config.yml").read_text()
    config = re.sub(r"^(repository:\n(?:  .*\n)*?  branch: )\S+", rf"\g<1>v{version()}", config, flags=re.M)
    (ROOT / "_config.yml").write_text(config)
    for path in notebooks():
        nb = json.loads(path.read_text())
        _first_code(nb)["source"] = install_cell(home).splitlines(keepends=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    readme = (ROOT / "README.md").read_text()
    readme = re.sub(r"<!-- home:begin.*?<!-- home:end -->", lambda _: readme_block(home), readme, flags=re.S)
    (ROOT / "README.md").write_text(readme)


def problems() -> List[str]:
    """Every derived place that disagrees with the setting."""
    home, found = config_url(), []
    if home != PLACEHOLDER and not GITHUB.fullmatch(home):
        found.append(f"_config.yml: repository.url {home} is not https://github.com/OWNER/REPO")
    branch = re.search(r"^repository:\n(?:  .*\n)*?  branch: (\S+)", (ROOT / "_config.yml").read_text(), re.M)
    if not branch or branch.group(1) != f"v{version()}":
        found.append(f"_config.yml: repository.branch should be the release tag v{version()}")
    for path in notebooks():
        if "".join(_first_code(json.loads(path.read_text()))["source"]) != install_cell(home):
            found.append(f"{path.relative_to(ROOT)}: the first code cell is not the install cell for {home}")
    if readme_block(home) not in (ROOT / "README.md").read_text():
        found.append(f"README.md: the home block does not name {home}")
    return found


def set_home(url: str) -> None:
    url = url.strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    if not GITHUB.fullmatch(url):
        raise SystemExit(f"set-home: {url!r} is not a GitHub repository URL; give "
                         "https://github.com/OWNER/REPO (Open in Colab needs GitHub).")
    config = (ROOT / "_config.yml").read_text()
    config = re.sub(r"^(repository:\n(?:  .*\n)*?  url: )\S+", lambda m: m.group(1) + url, config, flags=re.M)
    (ROOT / "_config.yml").write_text(config)
    render()


def main(argv: List[str]) -> int:
    if argv[:1] == ["set"] and len(argv) == 2:
        set_home(argv[1])
        print(f"home set to {config_url()}; install cells, launch buttons and README now use it")
    elif argv == ["render"]:
        render()
    elif argv == ["check"]:
        found = problems()
        for p in found:
            print(p)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
