"""A Sphinx extension that stores the book's figures as palette PNGs, to keep every page light.

The chapters' static figures reach the site as the full-colour PNGs that matplotlib's inline
backend writes. Plots use few colours, so a 256-colour palette draws them just as crisply in
about a third of the bytes (the explorers' frames get the same treatment in dlcore.widgets).
When the HTML build finishes, each image in ``_images/`` is rewritten as a palette PNG if that
makes it smaller; anything else is left alone.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Dict, Optional

from PIL import Image
from sphinx.util import logging

LOG = logging.getLogger(__name__)


def lighten(path: Path) -> int:
    """Rewrite ``path`` as a 256-colour PNG if that is smaller; return the bytes saved."""
    raw = path.read_bytes()
    with Image.open(io.BytesIO(raw)) as image:
        if image.mode == "P":
            return 0
        rgba = image.convert("RGBA")
    if rgba.getextrema()[3][0] == 255:  # opaque: quantize the colours alone
        palette = rgba.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    else:
        palette = rgba.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    palette.save(out, format="png", optimize=True)
    if len(out.getvalue()) >= len(raw):
        return 0
    path.write_bytes(out.getvalue())
    return len(raw) - len(out.getvalue())


def _finished(app: Any, exception: Optional[BaseException]) -> None:
    if exception is not None or app.builder.format != "html":
        return
    saved = sum(lighten(p) for p in sorted(Path(app.outdir, "_images").glob("*.png")))
    if saved:
        LOG.info(f"light_figures: figures stored as palette PNGs, {saved / 1e6:.1f} MB saved")


def setup(app: Any) -> Dict[str, Any]:
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
