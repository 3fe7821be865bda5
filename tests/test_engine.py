"""dlcore.engine: the scalar Value against torch.autograd, central differences and closed forms."""

import gc
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import need
from dlcore.engine import Value

# --- random expressions -------------------------------------------------------
# A tree is ("x", i) for input i, or (op, child...) / (op, child, constant). Ops that
# have a restricted domain are applied to an always-valid argument (log(e^2 + 1), ...)
# so every generated expression is defined; both libraries evaluate the same tree.
UNARY = ["neg", "exp_tanh", "log_sq1", "tanh", "sigmoid", "relu", "sq", "cube", "pow_half", "pow_m1", "inv"]
BINARY = ["+", "-", "*", "/"]
CONST = ["+c", "c-", "c*", "c/", "*c", "-c"]


def evaluate(tree, xs):
    """Evaluate a tree with Values or torch tensors (both have .exp(), .log(), .tanh(), ...)."""
    op = tree[0]
    if op == "x":
        return xs[tree[1]]
    a = evaluate(tree[1], xs)
    if op in UNARY:
        return {
            "neg": lambda: -a,
            "exp_tanh": lambda: (a.tanh() * 3).exp(),
            "log_sq1": lambda: (a * a + 1).log(),
            "tanh": lambda: a.tanh(),
            "sigmoid": lambda: a.sigmoid(),
            "relu": lambda: a.relu(),
            "sq": lambda: a ** 2,
            "cube": lambda: a ** 3,
            "pow_half": lambda: (a * a + 0.5) ** 0.5,
            "pow_m1": lambda: (a * a + 0.5) ** -1,
            "inv": lambda: 1 / (a * a + 0.25),
        }[op]()
    if op in CONST:
        c = tree[2]
        return {"+c": lambda: a + c, "c-": lambda: c - a, "c*": lambda: c * a,
                "c/": lambda: c / (a * a + 1), "*c": lambda: a * c, "-c": lambda: a - c}[op]()
    b = evaluate(tree[2], xs)
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / (b * b + 0.5)}[op]()


N_INPUTS = 3
leaves = st.tuples(st.just("x"), st.integers(0, N_INPUTS - 1))
constants = st.floats(-3, 3, allow_nan=False).filter(lambda c: abs(c) > 1e-3)
trees = st.recursive(
    leaves,
    lambda sub: st.one_of(
        st.tuples(st.sampled_from(UNARY), sub),
        st.tuples(st.sampled_from(BINARY), sub, sub),
        st.tuples(st.sampled_from(CONST), sub, constants)),
    max_leaves=8)
inputs = st.lists(st.floats(-2, 2, allow_nan=False), min_size=N_INPUTS, max_size=N_INPUTS)


@settings(max_examples=500, deadline=None)
@given(trees, inputs)
def test_random_expressions_match_torch(tree, xs):
    torch = need("torch")
    ours = [Value(x) for x in xs]
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out, ref = evaluate(tree, ours), evaluate(tree, theirs)
    if not isinstance(ref, torch.Tensor) or not ref.requires_grad:
        return  # a tree without inputs cannot happen, but stay safe
    assert out.data == pytest.approx(ref.item(), rel=1e-6, abs=1e-12)
    out.backward()
    ref.backward()
    for v, t in zip(ours, theirs):
        expected = 0.0 if t.grad is None else t.grad.item()
        assert v.grad == pytest.approx(expected, rel=1e-6, abs=1e-9)


# --- each op against central differences and its closed form -----------------
OPS = {
    "+": (lambda a, b: a + b, (0.7, -1.3)),
    "-": (lambda a, b: a - b, (0.7, -1.3)),
    "*": (lambda a, b: a * b, (0.7, -1.3)),
    "/": (lambda a, b: a / b, (0.7, -1.3)),
    "**3": (lambda a: a ** 3, (-1.2,)),
    "**-0.5": (lambda a: a ** -0.5, (1.7,)),
    "neg": (lambda a: -a, (0.4,)),
    "exp": (lambda a: a.exp(), (0.9,)),
    "log": (lambda a: a.log(), (0.3,)),
    "tanh": (lambda a: a.tanh(), (0.6,)),
    "sigmoid": (lambda a: a.sigmoid(), (-0.8,)),
    "relu+": (lambda a: a.relu(), (0.5,)),
    "relu-": (lambda a: a.relu(), (-0.5,)),
    "radd": (lambda a: 2.5 + a, (0.3,)),
    "rsub": (lambda a: 2.5 - a, (0.3,)),
    "rmul": (lambda a: 2.5 * a, (0.3,)),
    "rdiv": (lambda a: 2.5 / a, (0.3,)),
}


@pytest.mark.parametrize("name", OPS)
def test_each_op_matches_central_differences(name):
    fn, point = OPS[name]
    xs = [Value(x) for x in point]
    fn(*xs).backward()
    h = 1e-6
    for i in range(len(point)):
        up = [Value(x + h * (j == i)) for j, x in enumerate(point)]
        down = [Value(x - h * (j == i)) for j, x in enumerate(point)]
        numeric = (fn(*up).data - fn(*down).data) / (2 * h)
        assert xs[i].grad == pytest.approx(numeric, rel=1e-6, abs=1e-8), name


def test_closed_forms():
    x = Value(0.5)
    y = x.sigmoid()
    y.backward()
    s = 1 / (1 + math.exp(-0.5))
    assert y.data == pytest.approx(s) and x.grad == pytest.approx(s * (1 - s))
    x = Value(3.0)
    y = x * x * x  # x used three times: the gradients must add up
    y.backward()
    assert x.grad == pytest.approx(27.0)


def test_extreme_inputs_stay_finite():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    assert Value(1000.0).exp().data == math.inf  # overflow reported as inf, not an exception
    assert Value(40.0).tanh().data == 1.0


def test_diamond_graph_accumulates_in_topological_order():
    # b is used twice, and a feeds b and c: a wrong order would read b.grad before it is complete.
    a = Value(1.5)
    b = a * 2
    c = a * b + b * b
    c.backward()
    # c = 2a^2 + 4a^2 = 6a^2, so dc/da = 12a
    assert a.grad == pytest.approx(12 * 1.5)
    assert b.grad == pytest.approx(a.data + 2 * b.data)


def test_a_chain_of_100000_nodes_backpropagates():
    x, c = Value(1.0), Value(1.00001)
    y = x
    for _ in range(100_000):
        y = y * c  # a chain 100,000 multiplications deep
    y.backward()
    assert x.grad == pytest.approx(1.00001 ** 100_000, rel=1e-9)
    assert c.grad == pytest.approx(100_000 * 1.00001 ** 99_999, rel=1e-9)


def test_the_graph_has_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = Value(0.3)
        y = x
        for _ in range(1000):
            y = (y * 0.99 + 0.01).tanh()
        y.backward()
        del x, y
        assert gc.collect() == 0, "freeing the graph left cyclic garbage behind"
    finally:
        gc.enable()


def test_grads_accumulate_like_torch():
    x = Value(2.0)
    (x * x).backward()
    (x * x).backward()
    assert x.grad == pytest.approx(8.0)


def test_bad_input():
    with pytest.raises(TypeError, match="real number, got str"):
        Value("3")
    with pytest.raises(TypeError, match="real number, got NoneType"):
        Value(None)
    with pytest.raises(TypeError, match="real number"):
        Value(1 + 2j)
    with pytest.raises(TypeError, match="real number"):
        Value(2.0) + "a"
    with pytest.raises(ValueError, match="positive numbers only, got 0.0"):
        Value(0.0).log()
    with pytest.raises(ValueError, match="positive numbers only, got -2.0"):
        Value(-2.0).log()
    with pytest.raises(TypeError, match="constant int or float"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match=r"Value \*\* 0.5: x \*\* k has no finite derivative at x = 0"):
        Value(0.0) ** 0.5
    with pytest.raises(ValueError, match=r"fractional power is not real, got -2 \*\* 0.5"):
        Value(-2.0) ** 0.5  # Python would give a complex number
    with pytest.raises(ZeroDivisionError, match="data is 0"):
        Value(1.0) / 0
    assert Value(np.float32(1.5)).data == 1.5 and Value(3).data == 3.0


def test_repr_and_labels():
    v = Value(1.0, label="w")
    assert repr(v) == "Value(data=1, grad=0)" and v.label == "w"
    assert (v + 1).op == "+" and (v * 2).parents[0] is v


def test_topological_order_puts_parents_first_and_the_output_last():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    d = c + a
    order = d.topological_order()
    assert order[-1] is d and len(order) == 4 and set(order) == {a, b, c, d}
    assert order.index(c) > max(order.index(a), order.index(b))


def test_sigmoid_is_the_scalar_form_of_activations_sigmoid():
    # Value.sigmoid writes activations.sigmoid's formula again with math (the engine is numpy-free):
    # the two must agree to the last bit or two, and neither may overflow.
    from dlcore import activations
    z = np.concatenate([np.linspace(-40, 40, 801), [-1e308, -745.0, -0.0, 745.0, 1e308]])
    ours = np.array([Value(float(v)).sigmoid().data for v in z])
    np.testing.assert_allclose(ours, activations.sigmoid(z), rtol=4e-16, atol=0)
