"""Draw a scalar computation graph with matplotlib: no graphviz or ``dot`` binary needed.

Inputs are on the left and the output on the right. Each :class:`~dlcore.engine.Value`
is a box showing its label, ``data`` and ``grad``; the operation that made it is a
circle just before it, with arrows from the operation's inputs.

>>> from dlcore.engine import Value
>>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
>>> c = a * b
>>> c.label = "c"
>>> c.backward()
>>> fig = draw_graph(c)
>>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("c")]
['c\\ndata -6\\ngrad 1']
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from matplotlib.figure import Figure

from ._validate import as_int
from .engine import Value
from .plot import subplots

__all__ = ["draw_graph"]

_BOX = dict(boxstyle="round,pad=0.35", fc="#eef4fb", ec="#1f77b4", lw=1.0)
_OP = dict(boxstyle="circle,pad=0.25", fc="#fff3e6", ec="#ff7f0e", lw=1.0)


def _nodes(root: Value, max_nodes: int) -> List[Value]:
    """Every Value root depends on, each after its parents; refuses graphs too big to read."""
    order = root.topological_order()
    if len(order) > max_nodes:
        raise ValueError(f"draw_graph: the graph has more than {max_nodes} nodes ({len(order)}), too many to "
                         "read; draw a smaller expression or raise max_nodes.")
    return order


def _layout(order: List[Value]) -> Dict[Value, Tuple[float, float]]:
    """Column = longest path from an input (inputs sit just left of their first use); rows
    are filled from the output leftwards, each node near the nodes that use it."""
    depth: Dict[Value, int] = {}
    users: Dict[Value, List[Value]] = {v: [] for v in order}
    for v in order:  # parents come first, so their depth is known
        depth[v] = 1 + max((depth[p] for p in v.parents), default=-1)
        for p in v.parents:
            users[p].append(v)
    for v in order:
        if not v.parents and users[v]:
            depth[v] = min(depth[u] for u in users[v]) - 1
    columns: Dict[int, List[Value]] = {}
    for v in order:
        columns.setdefault(depth[v], []).append(v)
    pos: Dict[Value, Tuple[float, float]] = {}
    for d in sorted(columns, reverse=True):
        col = sorted(columns[d], key=lambda v: -sum(pos[u][1] for u in users[v]) / max(len(users[v]), 1))
        pos.update({v: (float(d), (len(col) - 1) / 2 - i) for i, v in enumerate(col)})
    return pos


def draw_graph(root: Value, *, max_nodes: int = 40, title: Optional[str] = None) -> Figure:
    """A figure of the graph that computes ``root``, with every node's data and grad.

    Call ``root.backward()`` first to see the gradients (they show 0 before).
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph: root must be a dlcore.engine.Value, got {type(root).__name__}.")
    max_nodes = as_int(max_nodes, "max_nodes", "draw_graph", minimum=1)
    order = _nodes(root, max_nodes)
    pos = _layout(order)
    n_cols = 1 + int(max(x for x, _ in pos.values()))
    n_rows = 1 + max(sum(1 for x, _ in pos.values() if x == c) for c in range(n_cols))
    fig, ax = subplots(width=1.0 + 2.1 * n_cols, height=0.6 + 0.95 * n_rows)
    for v in order:
        x, y = pos[v]
        text = f"{v.label + chr(10) if v.label else ''}data {v.data:.4g}\ngrad {v.grad:.4g}"
        ax.text(x, y, text, ha="center", va="center", fontsize=9, family="monospace", bbox=_BOX, zorder=3)
        if v.op:
            ox = x - 0.5  # the op's circle sits between the inputs and the box
            ax.text(ox, y, v.op, ha="center", va="center", fontsize=9, bbox=_OP, zorder=3)
            ax.annotate("", xy=(x - 0.3, y), xytext=(ox + 0.08, y),
                        arrowprops=dict(arrowstyle="->", color="0.4", lw=0.8), zorder=2)
            for p in v.parents:
                px, py = pos[p]
                ax.annotate("", xy=(ox - 0.08, y), xytext=(px + 0.3, py),
                            arrowprops=dict(arrowstyle="->", color="0.4", lw=0.8), zorder=1)
    ax.set_xlim(-0.6, n_cols - 0.4)
    half = (n_rows - 1) / 2 + 0.6
    ax.set_ylim(-half, half)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig
