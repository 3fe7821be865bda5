"""dlcore.graph: the drawing shows every node with its data and grad, and refuses unreadable graphs."""

import io

import pytest
from matplotlib.figure import Figure

from dlcore.engine import Value
from dlcore.graph import draw_graph


def neuron():
    x1, w1, b = Value(2.0, label="x1"), Value(-3.0, label="w1"), Value(6.5, label="b")
    n = x1 * w1 + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    out.backward()
    return out, (x1, w1, b, n)


def test_every_node_is_drawn_with_data_and_grad():
    out, (x1, w1, b, n) = neuron()
    fig = draw_graph(out, title="one neuron")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    boxes = [t for t in texts if "data" in t]
    assert len(boxes) == 6  # x1, w1, b, x1*w1, n, out
    assert f"w1\ndata -3\ngrad {w1.grad:.4g}" in texts
    assert f"out\ndata {out.data:.4g}\ngrad 1" in texts
    assert sorted(t for t in texts if "data" not in t) == ["*", "+", "tanh"]
    assert fig.axes[0].get_title() == "one neuron"
    fig.savefig(io.BytesIO(), format="png", dpi=50)  # it renders


def test_inputs_are_left_of_what_uses_them():
    out, (x1, w1, b, n) = neuron()
    fig = draw_graph(out)
    xs = {t.get_text().split("\n")[0]: t.get_position()[0] for t in fig.axes[0].texts if "data" in t.get_text()}
    assert xs["x1"] < xs["n"] < xs["out"] and xs["b"] < xs["n"]


def test_bad_input():
    with pytest.raises(TypeError, match="must be a dlcore.engine.Value"):
        draw_graph(3.0)
    x = Value(1.0)
    y = x
    for _ in range(30):
        y = y * 2
    with pytest.raises(ValueError, match="more than 40 nodes"):
        draw_graph(y)
    assert isinstance(draw_graph(y, max_nodes=100), Figure)
