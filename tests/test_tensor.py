"""dlcore.tensor and dlcore.autograd: the Tensor against torch.autograd and central differences."""

import gc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import need
from dlcore.autograd import Node, unbroadcast
from dlcore.tensor import Tensor, no_grad

# --- random expressions with broadcasting ------------------------------------------
# Inputs get shapes that broadcast against (2, 3). Besides the elementwise ops, the
# trees reduce with keepdims, multiply by a (3, 3) matrix, index rows and reshape,
# each returning something that still broadcasts against (2, 3).
SHAPES = [(2, 3), (3,), (1, 3), (2, 1), ()]
UNARY = ["neg", "exp_tanh", "log_sq1", "tanh", "sigmoid", "relu", "sq", "pow_half", "inv",
         "sum0", "mean1", "sum_all", "mean_all", "matmul", "rows", "rows_repeat", "reshape_T"]
BINARY = ["+", "-", "*", "/"]
CONST = ["+c", "c-", "c*", "c/", "-c"]


def evaluate(tree, xs, full):
    """Evaluate with dlcore Tensors or torch tensors: both spell these operations the same."""
    op = tree[0]
    if op == "x":
        return xs[tree[1]]
    a = evaluate(tree[1], xs, full)
    if op in UNARY:
        return {
            "neg": lambda: -a,
            "exp_tanh": lambda: (a.tanh() * 3).exp(),
            "log_sq1": lambda: (a * a + 1).log(),
            "tanh": lambda: a.tanh(),
            "sigmoid": lambda: a.sigmoid(),
            "relu": lambda: a.relu(),
            "sq": lambda: a ** 2,
            "pow_half": lambda: (a * a + 0.5) ** 0.5,
            "inv": lambda: 1 / (a * a + 0.25),
            "sum0": lambda: (a + full).sum(axis=0, keepdims=True),
            "mean1": lambda: (a + full).mean(axis=-1, keepdims=True),
            "sum_all": lambda: a.sum(),
            "mean_all": lambda: a.mean(),
            "matmul": lambda: (a + full) @ xs[3],
            "rows": lambda: (a + full)[[1, 0]],
            "rows_repeat": lambda: (a + full)[[1, 1]],
            "reshape_T": lambda: (a + full).reshape(3, 2).T,
        }[op]()
    if op in CONST:
        c = tree[2]
        return {"+c": lambda: a + c, "c-": lambda: c - a, "c*": lambda: c * a,
                "c/": lambda: c / (a * a + 1), "-c": lambda: a - c}[op]()
    b = evaluate(tree[2], xs, full)
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / (b * b + 0.5)}[op]()


leaves = st.tuples(st.just("x"), st.integers(0, 2))
constants = st.floats(-3, 3, allow_nan=False).filter(lambda c: abs(c) > 1e-3)
trees = st.recursive(
    leaves,
    lambda sub: st.one_of(
        st.tuples(st.sampled_from(UNARY), sub),
        st.tuples(st.sampled_from(BINARY), sub, sub),
        st.tuples(st.sampled_from(CONST), sub, constants)),
    max_leaves=6)


@settings(max_examples=500, deadline=None)
@given(trees, st.lists(st.sampled_from(SHAPES), min_size=3, max_size=3), st.integers(0, 2**32 - 1))
def test_random_expressions_match_torch(tree, shapes, seed):
    torch = need("torch")
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-2, 2, s) for s in shapes] + [rng.uniform(-1, 1, (3, 3))]
    weights = rng.normal(size=(2, 3))  # so the final sum does not hide wrong gradients
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = evaluate(tree, ours, Tensor(np.zeros((2, 3))))
    ref = evaluate(tree, theirs, torch.zeros(2, 3, dtype=torch.float64))
    assert out.dtype == np.float64 and out.shape == tuple(ref.shape)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-6, atol=1e-12)
    (out * weights).sum().backward()
    (ref * torch.from_numpy(weights)).sum().backward()
    for t, r in zip(ours, theirs):
        expected = np.zeros(t.shape) if r.grad is None else r.grad.numpy()
        got = np.zeros(t.shape) if t.grad is None else t.grad
        assert got.shape == t.shape
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)


# --- every op against central differences (one line per op, as in tinygrad) ------
def numeric_grads(fn, arrays, weights, h=1e-6):
    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        for i in np.ndindex(a.shape):
            old = a[i]
            a[i] = old + h
            up = (fn(*[Tensor(x) for x in arrays]).data * weights).sum()
            a[i] = old - h
            down = (fn(*[Tensor(x) for x in arrays]).data * weights).sum()
            a[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


OPS = [
    ("add_broadcast", lambda a, b: a + b, [(2, 3), (3,)]),
    ("sub_broadcast", lambda a, b: a - b, [(2, 1), (1, 3)]),
    ("mul_broadcast", lambda a, b: a * b, [(2, 3), (2, 1)]),
    ("div_broadcast", lambda a, b: a / b, [(2, 3), (3,)]),
    ("pow", lambda a: a ** 3, [(2, 3)]),
    ("neg", lambda a: -a, [(4,)]),
    ("exp", lambda a: a.exp(), [(2, 3)]),
    ("log", lambda a: a.log(), [(2, 3)]),
    ("relu", lambda a: a.relu(), [(2, 3)]),
    ("tanh", lambda a: a.tanh(), [(2, 3)]),
    ("sigmoid", lambda a: a.sigmoid(), [(2, 3)]),
    ("matmul", lambda a, b: a @ b, [(2, 3), (3, 4)]),
    ("vec_matmul", lambda a, b: a @ b, [(3,), (3, 2)]),
    ("matmul_vec", lambda a, b: a @ b, [(2, 3), (3,)]),
    ("sum_axis", lambda a: a.sum(axis=1), [(2, 3, 2)]),
    ("sum_axes_keepdims", lambda a: a.sum(axis=(0, 2), keepdims=True), [(2, 3, 2)]),
    ("mean_axis", lambda a: a.mean(axis=0), [(2, 3)]),
    ("mean_all", lambda a: a.mean(), [(2, 3)]),
    ("reshape", lambda a: a.reshape(3, 2), [(2, 3)]),
    ("transpose", lambda a: a.transpose(1, 2, 0), [(2, 3, 2)]),
    ("T", lambda a: a.T, [(2, 3)]),
    ("index_rows", lambda a: a[np.array([2, 0, 2])], [(3, 2)]),
    ("index_slice", lambda a: a[1:, ::2], [(3, 4)]),
]


@pytest.mark.parametrize("name,fn,shapes", OPS, ids=[o[0] for o in OPS])
def test_each_op_matches_central_differences(name, fn, shapes):
    rng = np.random.default_rng(1)
    arrays = [rng.uniform(0.5, 2.0, s) * rng.choice([-1, 1], s) if name != "log" else rng.uniform(0.5, 2, s)
              for s in shapes]
    inputs = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*inputs)
    weights = rng.normal(size=out.shape)
    (out * weights).sum().backward()
    for t, g in zip(inputs, numeric_grads(fn, arrays, weights)):
        np.testing.assert_allclose(t.grad, g, rtol=1e-6, atol=1e-8, err_msg=name)


# --- semantics -------------------------------------------------------------------
def test_dtypes_follow_torch():
    assert Tensor([1.0, 2.0]).dtype == np.float32  # lists and numbers: float32
    assert Tensor(3).dtype == np.float32 and Tensor(np.arange(3)).dtype == np.float32
    assert Tensor(np.ones(2)).dtype == np.float64  # numpy float arrays keep theirs
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64
    x = Tensor(np.ones((2, 2), np.float32), requires_grad=True)
    y = ((x * 2.5 + 1) / 3).tanh().sigmoid().exp() ** 2
    assert y.dtype == np.float32  # plain numbers do not promote float32 to float64
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_grads_accumulate_and_zero_grad_resets():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad, [2 + 3, 4 + 3])
    x.zero_grad()
    assert x.grad is None


def test_leaf_grads_are_private_copies():
    a, b = Tensor([1.0], requires_grad=True), Tensor([1.0], requires_grad=True)
    (a + b).sum().backward()
    a.grad += 10  # must not change b.grad
    assert b.grad.tolist() == [1.0]


def test_no_grad_records_nothing_and_restores():
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        y = x * 2
        with no_grad():
            pass
        z = x * 2
    assert not y.requires_grad and y.node is None and not z.requires_grad
    assert (x * 2).requires_grad


def test_detach_shares_data_and_stops_gradients():
    x = Tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert d.data is x.data and not d.requires_grad
    (x * d).sum().backward()  # d is a constant here
    np.testing.assert_allclose(x.grad, [1.0, 2.0])


def test_backward_with_an_explicit_grad_matches_torch():
    torch = need("torch")
    a = np.arange(6.0).reshape(2, 3)
    g = np.array([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0]])
    x = Tensor(a, requires_grad=True)
    (x * x).backward(g)
    t = torch.tensor(a, requires_grad=True)
    (t * t).backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad, t.grad.numpy())


def test_the_graph_is_freed_after_backward_and_has_no_cycles():
    gc.collect()
    gc.disable()
    try:
        x = Tensor(np.ones((3, 3)), requires_grad=True)
        y = ((x @ x).tanh() * 2).sum()
        y.backward()
        with pytest.raises(ValueError, match="already used by a backward"):
            y.backward()
        del x, y
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_deep_graph_backpropagates_without_recursion():
    x = Tensor([1.0], requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.sum().backward()
    assert x.grad[0] == pytest.approx(1.0001 ** 5000)


def test_nodes_link_inputs_and_skip_constants():
    x, c = Tensor([1.0], requires_grad=True), Tensor([2.0])
    y = x * c
    assert isinstance(y.node, Node) and y.node.inputs == (x, None) and y.node.op == "*"
    assert not y.is_leaf and x.is_leaf


def test_unbroadcast_sums_over_broadcast_axes():
    g = np.ones((4, 2, 3))
    assert unbroadcast(g, (2, 3)).tolist() == np.full((2, 3), 4.0).tolist()
    assert unbroadcast(g, (2, 1)).shape == (2, 1) and unbroadcast(g, (2, 1))[0, 0] == 12
    assert unbroadcast(g, ()).item() == 24


def test_array_basics():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    assert x.shape == (2, 3) and x.ndim == 2 and len(x) == 2 and x.T.shape == (3, 2)
    assert x.sum().item() == 15.0 and x.numpy() is x.data
    assert "requires_grad=True" in repr(Tensor([1.0], requires_grad=True))


def test_bad_input_messages():
    with pytest.raises(TypeError, match="numbers"):
        Tensor("abc")
    with pytest.raises(TypeError, match="numbers"):
        Tensor([1.0, None])
    with pytest.raises(TypeError):
        Tensor([[1.0], [1.0, 2.0]])
    with pytest.raises(ValueError, match="NaN"):
        Tensor([1.0, float("nan")])
    with pytest.raises(ValueError, match="float32 or float64"):
        Tensor([1.0], dtype=np.int64)
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(2, 3\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2,3\) \(4,\)"):  # numpy's message names both shapes
        Tensor(np.ones((2, 3))) + Tensor(np.ones(4))
    with pytest.raises(ValueError, match=r"reshape \(2, 3\) \(6 entries\) into \(4, 2\)"):
        Tensor(np.ones((2, 3))).reshape(4, 2)
    with pytest.raises(ValueError, match="entries are <= 0"):
        Tensor([1.0, 0.0, -1.0]).log()
    with pytest.raises(TypeError, match="constant number"):
        Tensor([1.0]) ** Tensor([2.0])
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(ValueError, match=r"shape \(2, 2\), not a single number"):
        (x * 2).backward()
    with pytest.raises(ValueError, match=r"grad has shape \(3,\)"):
        (x * 2).backward(np.ones(3))
    with pytest.raises(ValueError, match="does not depend on any tensor with requires_grad"):
        Tensor([1.0]).sum().backward()


# x ** k where the result or its derivative k x^(k-1) is not a finite real number: a clear
# error from both engines, instead of a silent inf or NaN (Value's rule, kept by Tensor).
POWER_OUTSIDE_DOMAIN = [(0.0, 0.5, "no finite derivative"), (0.0, -1, "no finite derivative"),
                        (0.0, 0, "no finite derivative"), (-2.0, 0.5, "not real"), (-8.0, 1 / 3, "not real")]
POWER_INSIDE_DOMAIN = [(0.0, 1), (0.0, 2), (0.0, 1.5), (-2.0, 3), (-2.0, -1), (-2.0, 2.0), (3.0, -0.5)]


@pytest.mark.parametrize("x, k, message", POWER_OUTSIDE_DOMAIN)
def test_power_outside_its_domain_raises_in_tensor_as_in_value(x, k, message):
    from dlcore.engine import Value
    with pytest.raises(ValueError, match=message):
        Value(x) ** k
    with pytest.raises(ValueError, match=message):
        Tensor([1.0, x, 2.0], requires_grad=True) ** k


@pytest.mark.parametrize("x, k", POWER_INSIDE_DOMAIN)
def test_power_inside_its_domain_agrees_with_value_and_the_closed_form(x, k):
    from dlcore.engine import Value
    v, t = Value(x), Tensor([x], requires_grad=True, dtype=np.float64)
    out_v, out_t = v ** k, t ** k
    out_v.backward()
    out_t.sum().backward()
    assert out_v.data == out_t.data[0] == x ** k
    assert v.grad == t.grad[0] == k * x ** (k - 1)


def test_power_without_a_gradient_keeps_numpys_values():
    # Only the derivative is undefined at 0 for 0 < k < 1: a tensor that needs no gradient is fine.
    assert (Tensor([0.0, 4.0]) ** 0.5).data.tolist() == [0.0, 2.0]
    x = Tensor([0.0, 4.0], requires_grad=True)
    with no_grad():
        assert (x ** 0.5).data.tolist() == [0.0, 2.0]
    with pytest.raises(ValueError, match="not real"):  # a NaN value, though, is refused always
        Tensor([-4.0]) ** 0.5
