"""Slider explorers that keep working with no kernel behind them.

An explorer calls your plotting function once for every slider value (or every
pair of values, for two sliders), stores each figure as a PNG, and shows them
in a container whose visible child is linked to the slider *in the browser*
(``jslink``). Because no Python runs when the slider moves, the same widget
works in Jupyter, in Colab and on the static website built from the notebook.

>>> import numpy as np
>>> from dlcore.plot import subplots
>>> def plot(steepness):
...     fig, ax = subplots(width=3, height=2)
...     z = np.linspace(-4, 4, 101)
...     ax.plot(z, 1 / (1 + np.exp(-steepness * z)))
...     return fig
>>> ex = explorer(plot, Param("steepness", [0.5, 1, 4]), caption="A steeper sigmoid.")
>>> len(ex.frames), ex.failures
(3, {})

The container is ``ipywidgets.Stack`` on ipywidgets 8 and a ``Tab`` on 7.x
(Colab), which has no ``Stack``; both switch children from a linked index.
"""

from __future__ import annotations

import io
import itertools
import textwrap
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ._validate import as_int

__all__ = ["Param", "Diverged", "Explorer", "explorer"]

MAX_FRAMES = 400


class Diverged(Exception):
    """Raise this from a plot function to show a "diverged" panel for that value."""


@dataclass(frozen=True)
class Param:
    """One slider: a keyword argument ``name`` of the plot function and its values.

    ``label`` is the HTML shown beside the slider (default: ``name``); ``fmt`` turns
    a value into its readout (a format string such as ``"{:.0e}"`` or a function);
    ``initial`` is the value shown first (default: the first value).
    """

    name: str
    values: Sequence[Any]
    label: Optional[str] = None
    fmt: Union[str, Callable[[Any], str], None] = None
    initial: Any = None

    def labels(self) -> List[str]:
        """The readout text of every value."""
        if callable(self.fmt):
            return [str(self.fmt(v)) for v in self.values]
        if isinstance(self.fmt, str):
            return [self.fmt.format(v) for v in self.values]
        return [f"{v:.3g}" if isinstance(v, (float, np.floating)) else str(v) for v in self.values]

    def initial_index(self) -> int:
        if self.initial is None:
            return 0
        for i, v in enumerate(self.values):
            if v is self.initial or (np.isscalar(v) and v == self.initial):
                return i
        raise ValueError(f"Param {self.name!r}: initial={self.initial!r} is not one of its values.")


def _check_params(params: Sequence[Param]) -> None:
    if not 1 <= len(params) <= 2:
        raise ValueError(f"explorer: give one or two Param sliders, got {len(params)}.")
    for p in params:
        if not isinstance(p, Param):
            raise TypeError(f"explorer: sliders must be Param(...) objects, got {type(p).__name__}.")
        if not isinstance(p.name, str) or not p.name.isidentifier():
            raise ValueError(f"explorer: Param name {p.name!r} must be a valid keyword-argument name.")
        if isinstance(p.values, (str, bytes)) or not hasattr(p.values, "__len__"):
            raise TypeError(f"explorer: Param {p.name!r} values must be a list or array, "
                            f"got {type(p.values).__name__}.")
        if len(p.values) == 0:
            raise ValueError(f"explorer: Param {p.name!r} has no values; give at least one.")
        for v in p.values:
            if isinstance(v, (float, np.floating)) and not np.isfinite(v):
                raise ValueError(f"explorer: Param {p.name!r} contains the non-finite value {v}.")
        labels = p.labels()
        if len(set(labels)) != len(labels):
            raise ValueError(f"explorer: two values of {p.name!r} have the same readout ({labels}); "
                             "pass a finer fmt, e.g. fmt='{:.4g}'.")
        p.initial_index()
    if len(params) == 2 and params[0].name == params[1].name:
        raise ValueError(f"explorer: both sliders are named {params[0].name!r}; names must differ.")


def _nonfinite(fig: Figure) -> bool:
    """Whether any plotted line, scatter or image in ``fig`` holds NaN or inf."""
    for ax in fig.axes:
        arrays: List[Any] = [line.get_ydata() for line in ax.lines]
        arrays += [coll.get_offsets() for coll in ax.collections if hasattr(coll, "get_offsets")]
        arrays += [im.get_array() for im in ax.images]
        for data in arrays:
            try:
                values = np.asarray(data, dtype=np.float64)
            except (TypeError, ValueError):  # dates, categories: not ours to judge
                continue
            if values.size and not np.all(np.isfinite(values)):
                return True
    return False


def _png(fig: Figure, dpi: int) -> bytes:
    """The figure as a palette PNG: 256 colours keep lines and text crisp at a third of the bytes."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    if fig.canvas.manager is not None:  # made with pyplot: release it from pyplot's registry
        import matplotlib.pyplot as plt
        plt.close(fig)
    buf.seek(0)
    octree = getattr(Image, "Quantize", Image).FASTOCTREE  # Pillow < 9.1 has no Quantize enum
    image = Image.open(buf).convert("RGB").quantize(colors=256, method=octree)
    out = io.BytesIO()
    image.save(out, format="png", optimize=True)
    return out.getvalue()


def _panel(title: str, detail: str, size: Tuple[float, float], dpi: int) -> bytes:
    fig = Figure(figsize=size)
    fig.patch.set_facecolor("#fff5f5")
    fig.text(0.5, 0.62, title, ha="center", va="center", fontsize=14, color="#c53030", weight="bold")
    fig.text(0.5, 0.40, textwrap.fill(detail, 60), ha="center", va="center", fontsize=10, color="#742a2a")
    return _png(fig, dpi)


def _switcher(children: List[widgets.Widget], titles: List[str], index: int) -> widgets.Widget:
    """A container that shows one child at a time, chosen by ``selected_index``."""
    if hasattr(widgets, "Stack"):  # ipywidgets >= 8
        return widgets.Stack(children, selected_index=index)
    tab = widgets.Tab(children)  # ipywidgets 7.x (Colab): a Tab links the same way
    for i, title in enumerate(titles):
        tab.set_title(i, title)
    tab.selected_index = index
    return tab


class Explorer(widgets.VBox):
    """The widget returned by :func:`explorer`; display it as the cell's last line.

    ``frames`` maps each tuple of slider indices to its PNG bytes, and
    ``failures`` maps the tuple of values that failed or diverged to the message shown.
    """

    def __init__(self, plot: Callable[..., Figure], params: Sequence[Param], caption: str, dpi: int) -> None:
        self.params = list(params)
        self.frames: Dict[Tuple[int, ...], bytes] = {}
        self.failures: Dict[Tuple[Any, ...], str] = {}
        self._render(plot, dpi)
        labels = [p.labels() for p in self.params]
        sliders = [widgets.SelectionSlider(options=lab, index=p.initial_index(), continuous_update=True,
                                           layout=widgets.Layout(width="340px"))
                   for p, lab in zip(self.params, labels)]
        images = {idx: widgets.Image(value=png, format="png") for idx, png in self.frames.items()}
        self.links: List[Any] = []
        if len(self.params) == 1:
            view = _switcher([images[(i,)] for i in range(len(labels[0]))], labels[0], sliders[0].index)
        else:  # one inner container per value of the first slider, all following the second
            inners = []
            for i in range(len(labels[0])):
                inner = _switcher([images[(i, j)] for j in range(len(labels[1]))], labels[1], sliders[1].index)
                self.links.append(widgets.jslink((sliders[1], "index"), (inner, "selected_index")))
                inners.append(inner)
            view = _switcher(inners, labels[0], sliders[0].index)
        self.links.insert(0, widgets.jslink((sliders[0], "index"), (view, "selected_index")))
        self.view = view
        rows: List[widgets.Widget] = [
            widgets.HBox([widgets.HTML(f"<b>{p.label or p.name}</b>", layout=widgets.Layout(width="180px")), s])
            for p, s in zip(self.params, sliders)]
        rows.append(view)
        if caption:
            rows.append(widgets.HTML(f"<em>{caption}</em>"))
        super().__init__(children=rows)
        self.sliders = sliders
        self.add_class("dlcore-explorer")

    def _render(self, plot: Callable[..., Figure], dpi: int) -> None:
        size: Optional[Tuple[float, float]] = None
        pending: List[Tuple[Tuple[int, ...], str, str]] = []
        for idx in itertools.product(*(range(len(p.values)) for p in self.params)):
            values = {p.name: p.values[i] for p, i in zip(self.params, idx)}
            where = ", ".join(f"{p.label or p.name} = {p.labels()[i]}" for p, i in zip(self.params, idx))
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")  # a diverging run must not spam the page
                try:
                    fig = plot(**values)
                except Diverged as exc:
                    pending.append((idx, f"Diverged at {where}", str(exc) or "the values blew up"))
                    continue
                except Exception as exc:  # noqa: BLE001 - any failure becomes a panel, not a crash
                    pending.append((idx, f"Failed at {where}", f"{type(exc).__name__}: {exc}"))
                    continue
            if not isinstance(fig, Figure):
                raise TypeError(f"explorer: the plot function must return a matplotlib Figure, "
                                f"got {type(fig).__name__} for {where}.")
            if _nonfinite(fig):
                _png(fig, dpi)  # closes it
                pending.append((idx, f"Diverged at {where}", "the plotted values became NaN or infinite"))
                continue
            size = size or (float(fig.get_figwidth()), float(fig.get_figheight()))
            self.frames[idx] = _png(fig, dpi)
        if not self.frames:
            first = pending[0]
            raise ValueError(f"explorer: the plot function failed for every value, so this is most likely "
                             f"a bug in it. First: {first[1]}: {first[2]}")
        for idx, title, detail in pending:
            self.frames[idx] = _panel(title, detail, size or (6.0, 3.5), dpi)
            self.failures[tuple(p.values[i] for p, i in zip(self.params, idx))] = f"{title}: {detail}"


def explorer(plot: Callable[..., Figure], *params: Param, caption: str = "", dpi: int = 80) -> Explorer:
    """Precompute ``plot(**values)`` for every slider setting and link them to sliders.

    ``plot`` takes one keyword argument per :class:`Param` and returns a matplotlib
    Figure (see :func:`dlcore.plot.subplots`). Where it raises, or its plotted data
    turns NaN/inf, that setting shows a "Diverged"/"Failed" panel instead.
    """
    if not callable(plot):
        raise TypeError(f"explorer: plot must be a function returning a Figure, got {type(plot).__name__}.")
    _check_params(params)
    if not isinstance(caption, str):
        raise TypeError(f"explorer: caption must be a string, got {type(caption).__name__}.")
    dpi = as_int(dpi, "dpi", "explorer", minimum=20)
    n = int(np.prod([len(p.values) for p in params]))
    if n > MAX_FRAMES:
        raise ValueError(f"explorer: {n} slider settings would make {n} figures; keep it to "
                         f"{MAX_FRAMES} or fewer so the page stays light.")
    return Explorer(plot, params, caption, dpi)
