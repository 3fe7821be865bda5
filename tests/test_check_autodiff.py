"""dlcore.check.value_class: a hand-written scalar engine is compared with dlcore.engine.Value."""

import math

from dlcore import check
from dlcore.engine import Value


class Mini:
    """A micrograd-style engine with an iterative topological sort (the model answer).

    Results are built with type(self), so a subclass below changes one method and keeps the rest.
    """

    def __init__(self, data, parents=()):
        self.data, self.grad, self.parents, self._backward = float(data), 0.0, parents, lambda: None

    def __add__(self, other):
        out = type(self)(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,))

        def _backward():
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        e = math.exp(self.data)
        out = type(self)(e, (self,))

        def _backward():
            self.grad += e * out.grad
        out._backward = _backward
        return out

    def order(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents)
        return order

    def backward(self):
        self.grad = 1.0
        for node in reversed(self.order()):
            node._backward()


def test_accepts_a_right_engine_and_dlcores_own():
    assert check.value_class(Mini, verbose=False)
    assert check.value_class(Value, verbose=False)


def test_assigning_instead_of_adding_fails_where_a_node_is_used_twice():
    class Assigns(Mini):
        def __mul__(self, other):
            out = type(self)(self.data * other.data, (self, other))

            def _backward():
                self.grad = other.data * out.grad
                other.grad = self.data * out.grad
            out._backward = _backward
            return out

        def __add__(self, other):
            out = type(self)(self.data + other.data, (self, other))

            def _backward():
                self.grad = out.grad
                other.grad = out.grad
            out._backward = _backward
            return out
    result = check.value_class(Assigns, verbose=False)
    assert result.status == "failed" and "used twice" in result.message and "+=" in result.message


def test_a_backward_pass_out_of_order_fails_on_the_diamond():
    class DepthFirst(Mini):  # calls each node's backward as soon as it is reached, no topological order
        def backward(self):
            self.grad = 1.0

            def visit(node):
                node._backward()
                for p in node.parents:
                    visit(p)
            visit(self)
    result = check.value_class(DepthFirst, verbose=False)
    assert result.status == "failed" and "diamond" in result.message


def test_a_recursive_sort_fails_on_a_deep_chain_with_a_hint():
    class Recursive(Mini):
        def order(self):
            order, seen = [], set()

            def build(node):
                if node not in seen:
                    seen.add(node)
                    for p in node.parents:
                        build(p)
                    order.append(node)
            build(self)
            return order
    result = check.value_class(Recursive, verbose=False)
    assert result.status == "failed" and "RecursionError" in result.message and "explicit stack" in result.message


def test_wrong_local_derivatives_are_named():
    class BadTanh(Mini):
        def tanh(self):
            t = math.tanh(self.data)
            out = type(self)(t, (self,))

            def _backward():
                self.grad += (1 - t) * out.grad
            out._backward = _backward
            return out
    result = check.value_class(BadTanh, verbose=False)
    assert result.status == "failed" and "tanh" in result.message and "1 - tanh(x)**2" in result.message


def test_a_stub_is_not_implemented():
    class Stub:
        def __init__(self, data):
            self.data, self.grad = float(data), 0.0

        def __add__(self, other):
            raise NotImplementedError
    assert check.value_class(Stub, verbose=False).status == "not implemented"
    assert check.value_class(Mini(1.0), verbose=False).status == "failed"  # an instance, not the class
