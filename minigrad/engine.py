"""The Value: a node of the computation graph, its ops, and reverse-mode backprop by the chain rule.

A Value wraps a Python float (a scalar: its ops use ``math`` and cost no NumPy overhead) or an ndarray (a tensor:
its ops broadcast like NumPy). Every op, here and in ``minigrad.functional``, is written one way:

    1. compute the output data, and record it with ``record_op(data, op, parents, backward)``;
    2. write ``backward(g, out, *inputs)``: given g = dL/dout, it RETURNS dL/dinput for each input, by the chain
       rule (local derivative times g). It adds nothing itself: the engine adds each returned gradient into its
       input, after summing it back over broadcast axes, in ``_add_grad`` (two floats it adds in its loop).

Why rules that return gradients (as in tinygrad and HIPS autograd) rather than micrograd's rules that ``+=``:
the same rule serves both passes. An ordinary ``backward()`` calls it with plain floats and arrays, so it costs
what a hand-written rule costs and allocates nothing but its result. ``backward(create_graph=True)`` and
``grad(..., create_graph=True)`` call the very same rule with the Values themselves, so its arithmetic records
a graph of the gradient, which can be differentiated again: gradients of gradients need no second set of rules.
A rule is a plain function, not a closure over ``out``, so no reference cycle forms and reference counting
frees a step's graph as soon as its output goes away.

This file holds the Value, its arithmetic and activations, and the backward pass. The ops that work along axes
(reductions, shapes, indexing) are written the same way in ``tensor_ops.py``, which Value inherits;
``autograd.py`` builds ``grad``, ``jacobian`` and ``hessian`` on ``backward_steps``.
"""
import math
import operator

import numpy as np

from . import grad_mode
from .grad_mode import detect_anomaly, is_grad_enabled, no_grad, set_grad_enabled  # noqa: F401 (re-exported)
from .kernels import kernel
from .kernels import scalar as sm
from .tensor_ops import (TensorOps, as_data, concatenate, data_of, like, maximum, minimum, scatter, select,
                         shape_of, stack, sum_to, tensor, where)

# Counts every change of a Value's data. Each Value keeps the count at its last change (``_version``) and each op
# output the count when it was recorded (``_stamp``): a saved input with a later version was changed in place.
_changes = 0


# ---- the Value -------------------------------------------------------------------------------------------

class Value(TensorOps):
    """A scalar or tensor in the computation graph, with its gradient ``grad = d(output)/d(self)``."""

    __slots__ = ("_data", "_grad", "requires_grad", "label", "op", "_a", "_b", "_rest", "_backward", "_version",
                 "_stamp", "__weakref__")
    __array_ufunc__ = None  # ndarray <op> Value calls Value's reflected op instead of looping over entries

    def __init__(self, data, requires_grad=None, label=""):
        self._data = as_data(data)
        is_float = type(self._data) is float or self._data.dtype.kind == "f"
        if requires_grad is None:
            requires_grad = is_float
        elif requires_grad and not is_float:
            raise TypeError(f"Value: a {self._data.dtype} tensor cannot require grad, because gradients need "
                            "floats. Cast it with np.asarray(x, dtype=np.float32), or pass requires_grad=False.")
        self._grad = None
        self.requires_grad = bool(requires_grad)
        self.label = label
        self.op = ""         # the name of the op that made this Value ("" for a leaf)
        self._a = self._b = self._rest = self._backward = None  # no parents: see ``parents``
        self._version = self._stamp = _changes

    # -- data, and the version that tells backward() whether it changed since an op saved it --
    @property
    def data(self):
        """The float or ndarray this Value holds."""
        return self._data

    @data.setter
    def data(self, value):
        self._data = value
        self.bump_version()

    def bump_version(self):
        """Record that ``data`` changed. Assigning ``x.data = ...`` (or ``x.data -= ...``) and optimizer steps do
        this; call it yourself after writing into the array (``x.data[i] = ...``). ``backward()`` then refuses to
        run a graph recorded before the change, whose gradients would be computed from data that is gone."""
        global _changes
        _changes += 1
        self._version = _changes

    @property
    def parents(self):
        """The inputs of the op that made this Value, in order (() for a leaf or a constant).

        One or two inputs (nearly every op) are kept in the slots ``_a`` and ``_b``, three or more as the tuple
        ``_rest``. Not one tuple for all: a scalar network records tens of thousands of ops per step, and a tuple
        each would double the objects that Python's cycle collector scans again and again while the graph is
        alive (it cost more time than the arithmetic). The tuple built here lives only while it is read."""
        if self._b is not None:
            return (self._a, self._b)
        if self._a is not None:
            return (self._a,)
        return () if self._rest is None else self._rest

    # -- gradient storage: it reads as zero until a backward pass writes it. A leaf's grad is its own array (an
    # optimizer may change it in place); an op output's may be another node's array, as its rule returned it --
    @property
    def grad(self):
        if self._grad is not None:
            return self._grad
        return 0.0 if type(self._data) is float else np.zeros_like(self._data)

    @grad.setter
    def grad(self, g):
        if g is None or isinstance(g, Value) or type(self._data) is float:  # a Value: a gradient in the graph
            self._grad = g if g is None or isinstance(g, Value) else float(g)
            return
        g = np.asarray(g, dtype=self._data.dtype)
        if g.shape != self._data.shape:
            raise ValueError(f"grad: shape {g.shape} does not match data shape {self._data.shape}")
        self._grad = g

    @property
    def has_grad(self):
        """Whether a backward pass has written a gradient since the last ``zero_grad()``."""
        return self._grad is not None

    def zero_grad(self):
        """Forget the gradient, so the next backward starts from zero instead of adding up."""
        self._grad = None

    # -- arithmetic: + - * / ** and their reflected forms --
    def __add__(self, other):
        """out = a + b;  da = g,  db = g"""
        other = as_value(other)
        return record_op(_binary(operator.add, self, other, "+"), "+", (self, other), _add_backward)

    def __mul__(self, other):
        """out = a * b;  da = b g,  db = a g"""
        other = as_value(other)
        return record_op(_binary(operator.mul, self, other, "*"), "*", (self, other), _mul_backward)

    def __truediv__(self, other):
        """out = a / b;  da = g / b,  db = -a / b^2 g"""
        other = as_value(other)
        return record_op(_binary(sm.divide, self, other, "/"), "/", (self, other), _div_backward)

    def __pow__(self, other):
        """out = a ** b;  da = b a^(b-1) g,  db = a^b log(a) g

        At the edges, as PyTorch: da = 0 where b = 0 (x ** 0 is constant), db = 0 where a = 0 and b >= 0 (0 ** b
        is constant there), and db is NaN for a < 0 (a ** b is not a real function of b near a negative base).
        """
        data = sm.power(self._data, other) if type(other) is int else _binary(sm.power, self, as_value(other), "**")
        return record_op(data, "**", (self, as_value(other)), _pow_backward)

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-as_value(other))

    __radd__ = __add__  # 2 + x is x + 2

    def __rsub__(self, other):
        return as_value(other) - self

    __rmul__ = __mul__

    def __rtruediv__(self, other):
        return as_value(other) / self

    def __rpow__(self, other):
        return as_value(other) ** self

    # -- elementwise functions: scalars use math, tensors the kernels --
    def exp(self):
        """out = e^x;  dx = out g"""
        return record_op(sm.exp(self._data), "exp", (self,), _exp_backward)

    def log(self):
        """out = ln x;  dx = g / x"""
        return record_op(sm.log(self._data), "log", (self,), _log_backward)

    def sqrt(self):
        """out = sqrt(x);  dx = g / (2 out)"""
        return record_op(sm.sqrt(self._data), "sqrt", (self,), _sqrt_backward)

    def tanh(self):
        """out = tanh x;  dx = (1 - out^2) g"""
        x = self._data
        return record_op(math.tanh(x) if type(x) is float else kernel("activations.tanh_forward")(x), "tanh",
                         (self,), _tanh_backward)

    def sigmoid(self):
        """out = 1 / (1 + e^-x);  dx = out (1 - out) g"""
        x = self._data
        return record_op(sm.sigmoid(x) if type(x) is float else kernel("activations.sigmoid_forward")(x),
                         "sigmoid", (self,), _sigmoid_backward)

    def relu(self):
        """out = max(x, 0);  dx = g where x > 0, else 0  (NaN stays NaN)"""
        x = self._data
        return record_op((0.0 if x <= 0 else x) if type(x) is float else kernel("activations.relu_forward")(x),
                         "relu", (self,), _relu_backward)

    def abs(self):
        """out = |x|;  dx = sign(x) g  (0 at the kink x = 0)"""
        return record_op(abs(self._data), "abs", (self,), _abs_backward)

    __abs__ = abs

    # -- running the chain rule --
    def backward(self, grad=None, create_graph=False):
        """Fill ``.grad`` of every Value this one depends on: d(self)/d(node), by the chain rule.

        Leaf gradients accumulate across calls (zero them between steps); intermediate ones are recomputed.
        With ``create_graph=True`` the gradients are Values in the graph, to be differentiated again.
        """
        for _ in self.backward_steps(grad, create_graph):
            pass

    def backward_steps(self, grad=None, create_graph=False, stop_at=()):
        """The backward pass one op at a time: yields this Value once seeded, then each op's output right after its
        rule has added the gradients of its inputs. ``backward()`` and the renderer's step-by-step page run this.
        Values in ``stop_at`` are treated as leaves: the pass stops there (for partial derivatives)."""
        if not self.requires_grad:
            raise RuntimeError("backward: this Value does not require grad. It was computed from constants only, "
                               "or under no_grad(). Make an input with requires_grad=True.")
        topo = self.topological_order(stop_at)
        for node in topo:
            if node._backward is not None:
                node._grad = None
        _add_grad(self, self._seed(grad, create_graph))
        yield self
        anomaly = grad_mode.anomaly
        for node in reversed(topo):
            g, rule = node._grad, node._backward
            if rule is None or g is None or (stop_at and node in stop_at):
                continue
            if _changes > node._stamp:  # some data changed since this op was recorded: was it this op's?
                _check_unchanged(node)
            if create_graph:  # the rule on the Values themselves: its arithmetic records the gradient's graph
                parents = node.parents
                with set_grad_enabled(True):
                    _add_grads(parents, rule(g, node, *parents))
            elif node._b is not None:  # two inputs, the common case spelled out: this loop is the engine's hottest
                a, b = node._a, node._b
                grads = rule(g, node._data, a._data, b._data)
                g_a, g_b = grads
                if type(g_a) is float and type(a._data) is float and a.requires_grad:  # scalars: a.grad += g_a
                    a._grad = g_a if a._grad is None else a._grad + g_a
                elif g_a is not None and a.requires_grad:
                    _add_grad(a, g_a, type(grads) is OwnGradients)
                if type(g_b) is float and type(b._data) is float and b.requires_grad:
                    b._grad = g_b if b._grad is None else b._grad + g_b
                elif g_b is not None and b.requires_grad:
                    _add_grad(b, g_b, type(grads) is OwnGradients)
            else:
                parents = node.parents
                _add_grads(parents, rule(g, node._data, *map(_data, parents)))
            if anomaly:
                grad_mode.check_backward(node)
            yield node

    def _seed(self, grad, create_graph):
        if grad is None and self.size != 1:
            raise RuntimeError(f"backward: the output has shape {np.shape(self._data)}, not one element, so the "
                               "gradient to start from is ambiguous. Reduce it first (out.sum().backward()) "
                               "or pass grad=<array of the output's shape>.")
        if grad is None:
            grad = 1.0 if type(self._data) is float else np.ones_like(self._data)
        elif np.shape(grad) != np.shape(self._data):
            raise ValueError(f"backward: grad has shape {np.shape(grad)} but the output has shape "
                             f"{np.shape(self._data)}. Pass a grad of the output's shape.")
        if create_graph:
            return grad if isinstance(grad, Value) else Value(as_data(grad), requires_grad=False)
        return data_of(grad) if type(self._data) is not float else float(data_of(grad))

    def topological_order(self, stop_at=()):
        """Every Value this one depends on that requires grad (not looking past those in ``stop_at``), parents
        before children, this one last. A depth-first search with an explicit stack (a 100,000-op chain needs no
        recursion): the node on top pushes its first unvisited input or, when none is left, is done."""
        if stop_at and self in stop_at:
            return [self]
        topo, visited, stack = [], {self}, [self]
        while stack:
            node = stack[-1]
            a = node._a
            if a is not None and a.requires_grad and a not in visited:
                parent = a
            else:
                b = node._b
                if b is not None and b.requires_grad and b not in visited:
                    parent = b
                elif node._rest is not None:  # three or more inputs: the first one not yet visited
                    parent = None
                    for p in node._rest:
                        if p.requires_grad and p not in visited:
                            parent = p
                            break
                else:
                    parent = None
            if parent is None:  # every input is done: so is this node
                topo.append(stack.pop())
            else:  # an input in stop_at is done at once: the search does not look past it
                visited.add(parent)
                (topo if stop_at and parent in stop_at else stack).append(parent)
        return topo

# ---- the rules of the parameterless ops: g = dL/dout, out and the inputs are data or (create_graph) Values ----

def _add_backward(g, out, a, b):
    return g, g


def _mul_backward(g, out, a, b):
    return g * b, g * a


def _div_backward(g, out, a, b):
    return g / b, -g * a / (b * b)


def _pow_backward(g, out, a, b):
    if type(a) is float and type(b) is float:
        return (0.0 if b == 0 else g * b * sm.power(a, b - 1), 0.0 if a == 0 and b >= 0 else g * out * sm.log(a))
    a_, b_ = data_of(a), data_of(b)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # the edges are selected away below
        return (g * select(np.equal(b_, 0), 0.0, b * a ** (b - 1)),
                g * select(np.equal(a_, 0) & np.greater_equal(b_, 0), 0.0, out * (a.log() if isinstance(a, Value)
                                                                                 else sm.log(a))))


def _exp_backward(g, out, x):
    return (g * out,)


def _log_backward(g, out, x):
    return (g / x,)


def _sqrt_backward(g, out, x):
    return (g / (2 * out),)


def _tanh_backward(g, out, x):
    if isinstance(g, Value) or type(out) is float:
        return (g * (1 - out * out),)
    return (kernel("activations.tanh_backward")(out, like(g, out)),)


def _sigmoid_backward(g, out, x):
    if isinstance(g, Value) or type(out) is float:
        return (g * out * (1 - out),)
    return (kernel("activations.sigmoid_backward")(out, like(g, out)),)


def _relu_backward(g, out, x):
    if type(x) is float:
        return (g if x > 0 else 0.0,)
    if isinstance(g, Value):
        return (select(x._data > 0, g, 0.0),)
    return (kernel("activations.relu_backward")(x, like(g, x)),)


def _abs_backward(g, out, x):
    return (g * sm.sign(data_of(x)),)


# ---- building Values --------------------------------------------------------------------------------------------

def as_value(x):
    """A Value passes through; a number or array becomes a constant (it requires no grad)."""
    if isinstance(x, Value):
        return x
    return Value(x, requires_grad=False)


_new = object.__new__
_data = operator.attrgetter("_data")


def record_op(data, op, parents, backward):
    """The output Value of an op: its data, the op's name, its input Values and its rule
    ``backward(g, out, *inputs) -> (dL/dinput, ...)``. The graph is recorded only when grad mode is on and an
    input requires grad; otherwise the output is a constant."""
    if type(data) is not float and isinstance(data, np.generic):  # NumPy scalar: float for scalars, else 0-d
        data = float(data) if all(type(p._data) is float for p in parents) else np.asarray(data)
    out = _new(Value)
    out._data = data
    out._grad = out._a = out._b = out._rest = out._backward = None
    out.label, out.op = "", op
    out._version = out._stamp = _changes
    out.requires_grad = False
    if grad_mode.threads_without_grad == 0 or grad_mode.is_grad_enabled():
        if len(parents) == 2:  # nearly every op: spelled out, as a scalar network records tens of thousands a step
            a, b = parents
            if a.requires_grad or b.requires_grad:
                out.requires_grad, out._backward, out._a, out._b = True, backward, a, b
        elif any(parent.requires_grad for parent in parents):
            out.requires_grad, out._backward = True, backward
            if len(parents) == 1:
                out._a = parents[0]
            else:
                out._rest = parents
    if grad_mode.anomaly:
        grad_mode.check_forward(out, parents)
    return out


class OwnGradients(tuple):
    """The gradients a rule returns in new arrays that nothing else holds (the fused ops' kernels compute them so).
    A leaf keeps such an array as its .grad; any other gradient it copies, because rules may return the same array
    twice (x + y gives g to both) or the upstream gradient itself, and optimizers change a leaf's .grad in place."""


def _add_grads(parents, grads):
    own = type(grads) is OwnGradients
    for parent, g_parent in zip(parents, grads):
        if g_parent is not None and parent.requires_grad:
            _add_grad(parent, g_parent, own)


def _add_grad(v, g, own=False):
    """v.grad += g, where g is first summed back to v's shape (undoing broadcasting). ``own``: g is the rule's new
    array (see OwnGradients)."""
    data = v._data
    if type(data) is float and type(g) is float:
        v._grad = g if v._grad is None else v._grad + g
        return
    shape = shape_of(data)
    if isinstance(g, Value):  # create_graph: the gradient is itself in the graph
        g = sum_to(g, shape) if g.shape != shape else g
        v._grad = g if v._grad is None else v._grad + g
        return
    if type(data) is float:
        g = float(np.sum(g))
        v._grad = g if v._grad is None else v._grad + g
        return
    if shape_of(g) != shape:
        g = sum_to(np.broadcast_to(g, np.broadcast_shapes(np.shape(g), shape)), shape)
    if v._backward is not None:  # an op's output: its grad is read by its rule, never written in place
        g = np.asarray(g, dtype=data.dtype)
        v._grad = g if v._grad is None else np.asarray(v._grad + g)  # (a 0-d sum is a NumPy scalar)
    elif v._grad is None:  # a leaf: an array of its own, which optimizers may change in place
        v._grad = g if own and g.dtype == data.dtype and g.flags.writeable else np.array(g, data.dtype)
    else:
        v._grad += g


# ---- the check for in-place changes ------------------------------------------------------------------------

def _check_unchanged(node):
    for v in (node, *node.parents):
        if v._version > node._stamp:
            name = repr(v.label) if v.label else f"of shape {np.shape(v._data)}"
            what = "its output" if v is node else f"its input Value {name}"
            raise RuntimeError(f"backward: op '{node.op}' saved {what} in the forward pass, and that data was "
                               "changed in place since (x.data = ..., x.data -= ..., or an optimizer step), so its "
                               "gradient would be wrong. Run the forward pass again after changing data, or call "
                               "backward() before optimizer.step().")


# ---- scalar-or-tensor helpers ----------------------------------------------------------------------------------

def _binary(fn, a, b, op):
    """fn(a.data, b.data), broadcasting like NumPy; the error names both shapes."""
    x, y = a._data, b._data
    try:
        return fn(x, y)
    except ValueError:
        raise ValueError(f"{op}: shapes {np.shape(x)} and {np.shape(y)} do not broadcast together. "
                         "Each axis must match or be 1 (aligned from the right); reshape one operand.") from None
