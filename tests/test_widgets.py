"""dlcore.widgets: explorers precompute frames and link them to sliders in the browser.

These tests also run under ipywidgets 7.7.1 (`make test-colab`), where the
container is a Tab instead of a Stack.
"""

import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcore.plot import subplots
from dlcore.widgets import Diverged, Explorer, Param, explorer

CONTAINER = widgets.Stack if hasattr(widgets, "Stack") else widgets.Tab


def line_plot(**values):
    fig, ax = subplots(width=2, height=1.5)
    ax.plot([0, 1], [0, sum(float(v) for v in values.values())])
    return fig


def _is_png(data):
    return data[:8] == b"\x89PNG\r\n\x1a\n"


def _linked(link, source, target):
    return tuple(link.source) == (source, "index") and tuple(link.target) == (target, "selected_index")


def test_one_slider_links_slider_to_container():
    ex = explorer(line_plot, Param("a", [1, 2, 3]), caption="three lines")
    assert isinstance(ex, Explorer) and isinstance(ex, widgets.VBox)
    assert sorted(ex.frames) == [(0,), (1,), (2,)] and all(_is_png(f) for f in ex.frames.values())
    assert len(set(ex.frames.values())) == 3, "each value must draw a different figure"
    assert isinstance(ex.view, CONTAINER) and len(ex.view.children) == 3
    assert [child.value for child in ex.view.children] == [ex.frames[(i,)] for i in range(3)]
    assert len(ex.links) == 1 and _linked(ex.links[0], ex.sliders[0], ex.view)
    assert "dlcore-explorer" in ex._dom_classes
    assert ex.sliders[0].options == ("1", "2", "3")


def test_two_sliders_nest_containers_each_linked():
    ex = explorer(line_plot, Param("a", [1, 2]), Param("b", [10, 20, 30], initial=20))
    assert len(ex.frames) == 6
    assert isinstance(ex.view, CONTAINER) and len(ex.view.children) == 2
    assert _linked(ex.links[0], ex.sliders[0], ex.view)
    for inner, link in zip(ex.view.children, ex.links[1:]):
        assert isinstance(inner, CONTAINER) and len(inner.children) == 3
        assert _linked(link, ex.sliders[1], inner)
        assert inner.selected_index == 1 == ex.sliders[1].index
    assert ex.view.children[1].children[2].value == ex.frames[(1, 2)]


def test_failures_become_panels_not_crashes():
    def plot(lr):
        if lr == 3:
            raise Diverged("loss reached 1e30 after 4 steps")
        if lr == 4:
            raise ZeroDivisionError("boom")
        fig, ax = subplots(width=2, height=1.5)
        ax.plot([0, 1], [1, np.nan if lr == 2 else lr])
        return fig

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = explorer(plot, Param("lr", [1, 2, 3, 4]))
    assert len(ex.frames) == 4 and all(_is_png(f) for f in ex.frames.values())
    assert ex.failures[(2,)].startswith("Diverged at lr = 2")
    assert ex.failures[(3,)] == "Diverged at lr = 3: loss reached 1e30 after 4 steps"
    assert ex.failures[(4,)] == "Failed at lr = 4: ZeroDivisionError: boom"
    assert (1,) not in ex.failures


def test_runtime_warnings_and_pyplot_figures_do_not_leak():
    def plot(x):
        fig, ax = plt.subplots(figsize=(2, 1.5))
        ax.plot([0, 1], [0, np.log(np.float64(x))])  # log(0) warns
        return fig

    before = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = explorer(plot, Param("x", [0.0, 1.0, 2.0]))
    assert plt.get_fignums() == before
    assert list(ex.failures) == [(0.0,)]


def test_plot_failing_everywhere_is_a_bug():
    def plot(x):
        raise KeyError("oops")

    with pytest.raises(ValueError, match="failed for every value.*KeyError"):
        explorer(plot, Param("x", [1, 2]))


@pytest.mark.parametrize("params, err, words", [
    ((), ValueError, "one or two"),
    ((Param("a", [1]), Param("b", [1]), Param("c", [1])), ValueError, "one or two"),
    ((Param("a", []),), ValueError, "no values"),
    ((Param("a", [0.001, 0.0010001]),), ValueError, "same readout"),
    ((Param("a", [1, 2], initial=5),), ValueError, "initial=5 is not one of its values"),
    ((Param("a", [1.0, float("nan")]),), ValueError, "non-finite"),
    ((Param("a", "abc"),), TypeError, "list or array"),
    ((Param("not valid", [1]),), ValueError, "keyword-argument name"),
    ((Param("a", [1]), Param("a", [2])), ValueError, "names must differ"),
    (([1, 2, 3],), TypeError, "Param"),
    ((Param("a", range(30)), Param("b", range(30))), ValueError, "900 figures"),
])
def test_bad_parameters(params, err, words):
    with pytest.raises(err, match=words):
        explorer(line_plot, *params)


def test_bad_plot_and_options():
    with pytest.raises(TypeError, match="plot must be a function"):
        explorer("plot", Param("a", [1]))
    with pytest.raises(TypeError, match="must return a matplotlib Figure, got NoneType"):
        explorer(lambda a: None, Param("a", [1]))
    with pytest.raises(TypeError, match="caption must be a string"):
        explorer(line_plot, Param("a", [1]), caption=3)
    with pytest.raises(ValueError, match="dpi must be at least 20"):
        explorer(line_plot, Param("a", [1]), dpi=5)


def test_labels_and_formats():
    assert Param("lr", [0.001, 0.1, 1.0]).labels() == ["0.001", "0.1", "1"]
    assert Param("lr", [0.001, 0.1], fmt="{:.0e}").labels() == ["1e-03", "1e-01"]
    assert Param("act", ["relu", "tanh"], fmt=str.upper).labels() == ["RELU", "TANH"]
    ex = explorer(line_plot, Param("lr", [1e-3, 1e-2], label="learning rate &eta;", fmt="{:.0e}"))
    assert ex.sliders[0].options == ("1e-03", "1e-02")
    assert "learning rate &eta;" in ex.children[0].children[0].value


def test_frames_are_light_palette_pngs():
    import io

    from PIL import Image

    def plot(k):
        fig, ax = subplots(width=6, height=3.5)
        x = np.linspace(0, 10, 400)
        for j in range(6):
            ax.plot(x, np.sin(j * x) * np.exp(-x / k), color="0.8")
        ax.plot(x, np.sin(x) * np.exp(-x / k), color="C1", lw=2)
        ax.set_title(f"k = {k}")
        return fig

    ex = explorer(plot, Param("k", [1.0, 5.0]))
    image = Image.open(io.BytesIO(ex.frames[(0,)]))
    assert image.format == "PNG" and image.mode == "P" and image.size == (480, 280)
    assert len(ex.frames[(0,)]) < 25_000  # an RGB PNG of this figure is about three times larger
