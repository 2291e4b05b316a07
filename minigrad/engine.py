"""The Value: a node of the computation graph, its ops, and reverse-mode backprop by the chain rule.

A Value wraps a Python float (a scalar: its ops use ``math`` and cost no NumPy overhead) or an ndarray (a tensor:
its ops broadcast like NumPy). Every op has the same shape, as in micrograd:

    1. compute the output data and wrap it in ``out``;
    2. give ``out`` a small ``_backward(out)`` rule that adds ``local derivative * out.grad`` into each parent.

The rule receives ``out`` as an argument instead of closing over it, so no reference cycle forms: reference
counting frees a step's graph as soon as its output goes away, and the garbage collector has nothing to do.
(micrograd's rules close over ``out``; each step's graph then becomes a cycle that only the collector frees.)
``backward()`` visits the graph in reverse topological order and runs each rule once.
"""
import math
import operator
import threading
from contextlib import contextmanager

import numpy as np

from .kernels import kernel


# Counts every change of a Value's data. Each Value keeps the count of its last change (``_version``) and each op
# output the count when it was recorded (``_stamp``); a saved input with a later version was changed in place.
_changes = 0


# ---- grad mode: no_grad and detect_anomaly are per thread ------------------------------------------

class _Mode(threading.local):
    grad_enabled = True
    anomaly = False


_mode = _Mode()


@contextmanager
def no_grad():
    """Inside this block ops record no graph: outputs are constants. Use it for evaluation and updates."""
    previous, _mode.grad_enabled = _mode.grad_enabled, False
    try:
        yield
    finally:
        _mode.grad_enabled = previous


@contextmanager
def detect_anomaly():
    """Inside this block the first op whose forward or backward yields NaN or inf raises FloatingPointError."""
    previous, _mode.anomaly = _mode.anomaly, True
    try:
        yield
    finally:
        _mode.anomaly = previous


def is_grad_enabled():
    return _mode.grad_enabled


# ---- the Value --------------------------------------------------------------------------------------

class Value:
    """A scalar or tensor in the computation graph, with its gradient ``grad = d(output)/d(self)``."""

    __slots__ = ("_data", "_grad", "requires_grad", "label", "_op", "_prev", "_backward", "_version", "_stamp",
                 "__weakref__")
    __array_ufunc__ = None  # ndarray <op> Value calls Value's reflected op instead of looping over entries

    def __init__(self, data, requires_grad=None, label=""):
        self._data = _as_data(data)
        is_float = type(self._data) is float or self._data.dtype.kind == "f"
        if requires_grad is None:
            requires_grad = is_float
        elif requires_grad and not is_float:
            raise TypeError(f"Value: a {self._data.dtype} tensor cannot require grad, because gradients need "
                            "floats. Cast it with np.asarray(x, dtype=np.float32), or pass requires_grad=False.")
        self._grad = None
        self.requires_grad = bool(requires_grad)
        self.label = label
        self._op = ""
        self._prev = ()
        self._backward = None
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

    # -- gradient storage: it reads as zero until a backward pass writes it --
    @property
    def grad(self):
        if self._grad is not None:
            return self._grad
        return 0.0 if type(self._data) is float else np.zeros_like(self._data)

    @grad.setter
    def grad(self, g):
        if g is None or type(self._data) is float:
            self._grad = None if g is None else float(g)
            return
        g = np.asarray(g, dtype=self._data.dtype)
        if g.shape != self._data.shape:
            raise ValueError(f"grad: shape {g.shape} does not match data shape {self._data.shape}")
        self._grad = g

    def _accumulate(self, g):
        """grad += g, where g is first summed back to this Value's shape (undoing broadcasting)."""
        if type(self._data) is float:
            g = g if type(g) is float else float(np.sum(g))
            self._grad = g if self._grad is None else self._grad + g
            return
        if np.shape(g) != self._data.shape:
            g = reduce_to_shape(np.broadcast_to(g, np.broadcast_shapes(np.shape(g), self._data.shape)),
                                self._data.shape)
        if self._grad is None:
            self._grad = np.array(g, dtype=self._data.dtype)  # a fresh copy: never alias another node's grad
        else:
            self._grad += g

    # -- arithmetic: + - * / ** and their reflected forms --
    # Each rule is a plain function of ``out`` that finds its inputs in ``out._prev``. Written once, not made
    # anew per op, it adds no objects to each step: a scalar MLP makes ~65,000 ops per step.
    def __add__(self, other):
        """out = a + b"""
        other = as_value(other)
        return _result(_binary(operator.add, self, other, "+"), "+", (self, other), Value._add_backward)

    @staticmethod
    def _add_backward(out):
        """da = out.grad,  db = out.grad"""
        a, b = out._prev
        if a.requires_grad:
            a._accumulate(out._grad)
        if b.requires_grad:
            b._accumulate(out._grad)

    def __mul__(self, other):
        """out = a * b"""
        other = as_value(other)
        return _result(_binary(operator.mul, self, other, "*"), "*", (self, other), Value._mul_backward)

    @staticmethod
    def _mul_backward(out):
        """da = b * out.grad,  db = a * out.grad"""
        a, b = out._prev
        if a.requires_grad:
            a._accumulate(b._data * out._grad)
        if b.requires_grad:
            b._accumulate(a._data * out._grad)

    def __pow__(self, other):
        """out = a ** b"""
        other = as_value(other)
        return _result(_binary(_pow, self, other, "**"), "**", (self, other), Value._pow_backward)

    @staticmethod
    def _pow_backward(out):
        """da = b * a ** (b - 1) * out.grad,  db = out * log(a) * out.grad

        At the edges, as PyTorch: da = 0 where b = 0 (x ** 0 is constant), db = 0 where a = 0 and b >= 0 (0 ** b
        is constant there), and db is NaN for a < 0 (a ** b is not a real function of b near a negative base).
        """
        a, b = out._prev
        if a.requires_grad:
            a._accumulate(_pow_base_derivative(a._data, b._data) * out._grad)
        if b.requires_grad:
            b._accumulate(_pow_exponent_derivative(a._data, b._data, out._data) * out._grad)

    def __truediv__(self, other):
        """out = a / b"""
        other = as_value(other)
        return _result(_binary(_div, self, other, "/"), "/", (self, other), Value._div_backward)

    @staticmethod
    def _div_backward(out):
        """da = out.grad / b,  db = -a / b^2 * out.grad"""
        a, b = out._prev
        if a.requires_grad:
            a._accumulate(out._grad / b._data)
        if b.requires_grad:
            b._accumulate(-a._data / (b._data * b._data) * out._grad)

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-as_value(other))

    def __radd__(self, other):
        return as_value(other) + self

    def __rsub__(self, other):
        return as_value(other) - self

    def __rmul__(self, other):
        return as_value(other) * self

    def __rtruediv__(self, other):
        return as_value(other) / self

    def __rpow__(self, other):
        return as_value(other) ** self

    # -- matrix product --
    def __matmul__(self, other):
        """out = a @ b for vectors, matrices and batches of matrices (batch axes broadcast)"""
        other = as_value(other)
        a, b = np.asarray(self._data), np.asarray(other._data)
        if a.ndim == 0 or b.ndim == 0 or a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise ValueError(f"matmul (@): shapes {a.shape} and {b.shape} do not fit: the last axis of the left "
                             "operand must equal the second-to-last (or only) axis of the right. "
                             "Transpose or reshape one of them.")
        try:
            data = a @ b
        except ValueError:
            raise ValueError(f"matmul (@): batch axes of shapes {a.shape} and {b.shape} do not broadcast. "
                             "Make the leading axes equal or 1.") from None
        return _result(data, "@", (self, other), Value._matmul_backward)

    @staticmethod
    def _matmul_backward(out):
        """da = out.grad @ b^T,  db = a^T @ out.grad  (a vector is a one-row or one-column matrix;
        batch axes that were broadcast are summed back)"""
        x, y = out._prev
        a, b = np.asarray(x._data), np.asarray(y._data)
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g = np.asarray(out._grad)
        g = g[..., None] if b.ndim == 1 else g
        g = np.expand_dims(g, -2) if a.ndim == 1 else g
        if x.requires_grad:
            x._accumulate(reduce_to_shape(g @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape))
        if y.requires_grad:
            y._accumulate(reduce_to_shape(np.swapaxes(a2, -1, -2) @ g, b2.shape).reshape(b.shape))

    def __rmatmul__(self, other):
        return as_value(other) @ self

    # -- elementwise functions: scalars use math, tensors the kernels --
    def exp(self):
        """out = e^x"""
        return _result(_exp(self._data), "exp", (self,), Value._exp_backward)

    @staticmethod
    def _exp_backward(out):
        """dx = out * out.grad"""
        out._prev[0]._accumulate(out._data * out._grad)

    def log(self):
        """out = ln x"""
        return _result(_log(self._data), "log", (self,), Value._log_backward)

    @staticmethod
    def _log_backward(out):
        """dx = out.grad / x"""
        x = out._prev[0]
        x._accumulate(out._grad / x._data)

    def sqrt(self):
        """out = sqrt(x)"""
        return _result(_sqrt(self._data), "sqrt", (self,), Value._sqrt_backward)

    @staticmethod
    def _sqrt_backward(out):
        """dx = out.grad / (2 out)"""
        out._prev[0]._accumulate(out._grad / (2 * out._data))

    def tanh(self):
        """out = tanh x"""
        x = self._data
        data = math.tanh(x) if type(x) is float else kernel("activations.tanh_forward")(x)
        return _result(data, "tanh", (self,), Value._tanh_backward)

    @staticmethod
    def _tanh_backward(out):
        """dx = (1 - out^2) * out.grad"""
        y, g = out._data, out._grad
        d = (1 - y * y) * g if type(y) is float else kernel("activations.tanh_backward")(y, _like(g, y))
        out._prev[0]._accumulate(d)

    def sigmoid(self):
        """out = 1 / (1 + e^-x)"""
        x = self._data
        data = _sigmoid(x) if type(x) is float else kernel("activations.sigmoid_forward")(x)
        return _result(data, "sigmoid", (self,), Value._sigmoid_backward)

    @staticmethod
    def _sigmoid_backward(out):
        """dx = out (1 - out) * out.grad"""
        y, g = out._data, out._grad
        d = y * (1 - y) * g if type(y) is float else kernel("activations.sigmoid_backward")(y, _like(g, y))
        out._prev[0]._accumulate(d)

    def relu(self):
        """out = max(x, 0)"""
        x = self._data
        data = (0.0 if x <= 0 else x) if type(x) is float else kernel("activations.relu_forward")(x)  # NaN stays
        return _result(data, "relu", (self,), Value._relu_backward)

    @staticmethod
    def _relu_backward(out):
        """dx = out.grad where x > 0, else 0"""
        x = out._prev[0]
        g = out._grad
        x._accumulate((g if x._data > 0 else 0.0) if type(x._data) is float
                      else kernel("activations.relu_backward")(x._data, _like(g, x._data)))

    def leaky_relu(self, negative_slope=0.01):
        """out = x if x > 0 else a x;  dx = out.grad if x > 0 else a out.grad"""
        a, x = float(negative_slope), self._data
        if type(x) is float:
            def _backward(out):
                self._accumulate(out._grad if x > 0 else a * out._grad)
            return _result(x if x > 0 else a * x, "leaky_relu", (self,), _backward)

        def _backward(out):
            self._accumulate(kernel("activations.leaky_relu_backward")(x, _like(out._grad, x), a))
        return _result(kernel("activations.leaky_relu_forward")(x, a), "leaky_relu", (self,), _backward)

    def abs(self):
        """out = |x|"""
        return _result(abs(self._data), "abs", (self,), Value._abs_backward)

    @staticmethod
    def _abs_backward(out):
        """dx = sign(x) * out.grad  (0 at the kink x = 0)"""
        x = out._prev[0]
        x._accumulate(_sign(x._data) * out._grad)

    __abs__ = abs

    def clip(self, low=None, high=None):
        """out = min(max(x, low), high);  dx = out.grad where low <= x <= high, else 0"""
        lo = -math.inf if low is None else low
        hi = math.inf if high is None else high

        def _backward(out):
            self._accumulate(out._grad * ((self._data >= lo) & (self._data <= hi)))
        data = min(max(self._data, lo), hi) if type(self._data) is float else np.clip(self._data, lo, hi)
        return _result(data, "clip", (self,), _backward)

    # -- reductions: sum, mean, max, min, var --
    def sum(self, axis=None, keepdims=False):
        """out = sum of x over axis;  dx = out.grad copied back along the summed axes"""
        axis = _axes("sum", self._data, axis)

        def _backward(out):
            self._accumulate(_unreduce(out._grad, self._data, axis, keepdims))
        return _result(_reduce(np.sum, self._data, axis, keepdims), "sum", (self,), _backward)

    def mean(self, axis=None, keepdims=False):
        """out = sum(x) / n, with n the number of entries reduced;  dx = out.grad / n  (NaN when n = 0, as NumPy)"""
        n = _count(self._data, _axes("mean", self._data, axis))
        return self.sum(axis, keepdims) * (1.0 / n if n else math.nan)

    def max(self, axis=None, keepdims=False):
        """out = max of x over axis;  dx = out.grad at the argmax (split evenly between ties), 0 elsewhere"""
        return self._extremum(np.max, "max", axis, keepdims)

    def min(self, axis=None, keepdims=False):
        """out = min of x over axis;  dx = out.grad at the argmin (split evenly between ties), 0 elsewhere"""
        return self._extremum(np.min, "min", axis, keepdims)

    def _extremum(self, fn, op, axis, keepdims):
        axis = _axes(op, self._data, axis)
        if np.size(self._data) == 0:
            raise ValueError(f"{op}: the tensor of shape {np.shape(self._data)} is empty, and an empty {op} has no "
                             "value. Reduce over a non-empty axis, or check how the tensor was built.")
        data = _reduce(fn, self._data, axis, keepdims)

        def _backward(out):
            hit = np.asarray(self._data) == _unreduce(data, self._data, axis, keepdims)
            share = hit / _unreduce(_reduce(np.sum, hit, axis, keepdims), self._data, axis, keepdims)
            self._accumulate(share * _unreduce(out._grad, self._data, axis, keepdims))
        return _result(data, op, (self,), _backward)

    def var(self, axis=None, keepdims=False, ddof=0):
        """out = sum((x - mean)^2) / max(n - ddof, 0): a derived op, so its gradient comes from the primitives.

        As in NumPy and PyTorch, a divisor of 0 (ddof >= n) gives NaN for 0/0 and inf otherwise, never a negative.
        """
        divisor = max(_count(self._data, _axes("var", self._data, axis)) - ddof, 0)
        centered = self - self.mean(axis, keepdims=True)
        return (centered * centered).sum(axis, keepdims) * (1.0 / divisor if divisor else math.inf)

    # -- stable softmax family (derived from logsumexp) --
    def logsumexp(self, axis=-1, keepdims=False):
        """out = m + log(sum(e^(x - m))), m = max(x): no overflow;  dx = softmax(x) * out.grad"""
        x = np.asarray(self._data)
        axis = None if x.ndim == 0 else axis
        m = np.max(x, axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        shifted = np.exp(x - m)
        total = np.sum(shifted, axis=axis, keepdims=True)
        data = np.log(total) + m
        data = _scalar_if(self, data if keepdims else np.squeeze(data, axis=axis))

        def _backward(out):
            self._accumulate(shifted / total * _unreduce(out._grad, x, axis, keepdims))
        return _result(data, "logsumexp", (self,), _backward)

    def log_softmax(self, axis=-1):
        """out = x - logsumexp(x)"""
        return self - self.logsumexp(axis, keepdims=True)

    def softmax(self, axis=-1):
        """out = e^x / sum(e^x) = exp(log_softmax(x))"""
        return self.log_softmax(axis).exp()

    # -- shape ops: the backward rule moves the gradient back into the input's shape --
    def reshape(self, *shape):
        """out = x viewed with a new shape;  dx = out.grad reshaped back"""
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape

        def _backward(out):
            self._accumulate(np.reshape(out._grad, np.shape(self._data)))
        try:
            data = np.reshape(self._data, shape)
        except ValueError:
            raise ValueError(f"reshape: cannot reshape shape {np.shape(self._data)} ({np.size(self._data)} entries) "
                             f"into {tuple(shape)}. The sizes must match (use -1 for one inferred axis).") from None
        return _result(data, "reshape", (self,), _backward)

    def flatten(self, start_dim=0):
        """out = x with the axes from start_dim on merged into one"""
        shape = np.shape(self._data)
        return self.reshape(shape[:start_dim] + (-1,))

    def transpose(self, *axes):
        """out = x with axes permuted (reversed by default);  dx = out.grad with the inverse permutation"""
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else (axes or None)
        ndim = np.ndim(self._data)
        if axes is not None and sorted(a % ndim if -ndim <= a < ndim else a for a in axes) != list(range(ndim)):
            raise ValueError(f"transpose: axes {tuple(axes)} are not a permutation of the axes of shape "
                             f"{np.shape(self._data)}. Give each axis 0..{ndim - 1} (or its negative) once.")
        data = np.transpose(self._data, axes)
        inverse = None if axes is None else np.argsort([a % ndim for a in axes])

        def _backward(out):
            self._accumulate(np.transpose(out._grad, inverse))
        return _result(data, "transpose", (self,), _backward)

    @property
    def T(self):
        return self.transpose()

    def expand_dims(self, axis):
        """out = x with a new axis of size 1"""
        return self.reshape(np.expand_dims(self._data, axis).shape)

    def squeeze(self, axis=None):
        """out = x without its size-1 axes (or just ``axis``)"""
        return self.reshape(np.squeeze(self._data, axis).shape)

    def broadcast_to(self, shape):
        """out = x repeated along broadcast axes;  dx = out.grad summed back over them"""
        def _backward(out):
            self._accumulate(out._grad)
        return _result(np.broadcast_to(self._data, shape).copy(), "broadcast_to", (self,), _backward)

    def __getitem__(self, index):
        """out = x[index] (slices, integer arrays, boolean masks);  dx = out.grad scattered back, repeats added"""
        index = _plain_index(index)

        def _backward(out):
            g = np.zeros(np.shape(self._data), dtype=np.result_type(self._data, out._grad))
            _scatter_add(g, index, out._grad)
            self._accumulate(g)
        return _result(np.asarray(self._data)[index], "getitem", (self,), _backward)

    # -- running the chain rule --
    def backward(self, grad=None):
        """Fill ``.grad`` of every Value this one depends on: d(self)/d(node), by the chain rule.

        Leaf gradients accumulate across calls (zero them between steps); intermediate ones are recomputed.
        """
        if not self.requires_grad:
            raise RuntimeError("backward: this Value does not require grad. It was computed from constants only, "
                               "or under no_grad(). Make an input with requires_grad=True.")
        topo = self._topological_order()
        for node in topo:
            if node._prev:
                node._grad = None
        self._accumulate(self._seed(grad))
        for node in reversed(topo):
            if node._backward is not None and node._grad is not None:
                if _changes > node._stamp:  # some data changed since this op was recorded: was it this op's?
                    _check_unchanged(node)
                node._backward(node)
                if _mode.anomaly:
                    _check_backward(node)

    def _seed(self, grad):
        if grad is not None:
            if np.shape(grad) != np.shape(self._data):
                raise ValueError(f"backward: grad has shape {np.shape(grad)} but the output has shape "
                                 f"{np.shape(self._data)}. Pass a grad of the output's shape.")
            return grad if type(self._data) is not float else float(grad)
        if np.size(self._data) != 1:
            raise RuntimeError(f"backward: the output has shape {np.shape(self._data)}, not one element, so the "
                               "gradient to start from is ambiguous. Reduce it first (out.sum().backward()) "
                               "or pass grad=<array of the output's shape>.")
        return 1.0 if type(self._data) is float else np.ones_like(self._data)

    def _topological_order(self):
        """Parents before children, built with an explicit stack so a 100,000-op chain needs no recursion."""
        topo, visited, stack = [], {self}, [(self, iter(self._prev))]
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if parent.requires_grad and parent not in visited:
                    visited.add(parent)
                    stack.append((parent, iter(parent._prev)))
                    break
            else:
                stack.pop()
                topo.append(node)
        return topo

    # -- conveniences --
    def detach(self):
        """The same data as a new constant leaf: no graph, no grad."""
        return Value(self._data, requires_grad=False, label=self.label)

    def item(self):
        if np.size(self._data) != 1:
            raise ValueError(f"item: the Value has shape {np.shape(self._data)}; only one-element Values convert "
                             "to a Python float. Use .numpy() for arrays.")
        return float(np.asarray(self._data).reshape(()))

    def numpy(self):
        return np.asarray(self._data)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._data, dtype=dtype)

    @property
    def shape(self):
        return np.shape(self._data)

    @property
    def ndim(self):
        return np.ndim(self._data)

    @property
    def size(self):
        return int(np.size(self._data))

    @property
    def dtype(self):
        return np.asarray(self._data).dtype if type(self._data) is not float else np.dtype(float)

    def __len__(self):
        if type(self._data) is float:
            raise TypeError("len() of a scalar Value")
        return len(self._data)

    def __repr__(self):
        name = f"{self.label!r}, " if self.label else ""
        if type(self._data) is float:
            return f"Value({name}data={self._data:.6g}, grad={self.grad:.6g})"
        op = f", op={self._op!r}" if self._op else ""
        body = np.array2string(self._data, precision=4, threshold=8, edgeitems=2, separator=", ")
        return f"Value({name}shape={self._data.shape}, dtype={self._data.dtype}{op}, data={body})"


# ---- functions of several Values --------------------------------------------------------------------

def maximum(a, b):
    """out = max(a, b) elementwise;  da = 1 where a > b, db = 1 where b > a, half each on ties"""
    a, b = as_value(a), as_value(b)
    data = _binary(np.maximum, a, b, "maximum")

    def _backward(out):
        share = np.where(np.equal(a._data, b._data), 0.5, np.greater(a._data, b._data))
        if a.requires_grad:
            a._accumulate(share * out._grad)
        if b.requires_grad:
            b._accumulate((1 - share) * out._grad)
    return _result(data, "maximum", (a, b), _backward)


def minimum(a, b):
    """out = min(a, b) = -max(-a, -b)"""
    return -maximum(-as_value(a), -as_value(b))


def where(condition, a, b):
    """out = a where condition else b;  da = out.grad where condition, db = out.grad elsewhere"""
    cond = np.asarray(condition._data if isinstance(condition, Value) else condition, dtype=bool)
    a, b = as_value(a), as_value(b)
    try:
        data = np.where(cond, a._data, b._data)
    except ValueError:
        raise ValueError(f"where: shapes {cond.shape} (condition), {np.shape(a._data)} and {np.shape(b._data)} "
                         "do not broadcast together.") from None

    def _backward(out):
        if a.requires_grad:
            a._accumulate(np.where(cond, out._grad, 0))
        if b.requires_grad:
            b._accumulate(np.where(cond, 0, out._grad))
    return _result(data, "where", (a, b), _backward)


def concatenate(values, axis=0):
    """out = the values joined along an existing axis;  each input gets its slice of out.grad"""
    values = tuple(as_value(v) for v in values)
    arrays = [np.asarray(v._data) for v in values]
    try:
        data = np.concatenate(arrays, axis=axis)
    except ValueError:
        raise ValueError(f"concatenate: shapes {[a.shape for a in arrays]} must match except along axis "
                         f"{axis}.") from None
    ends = np.cumsum([a.shape[axis] for a in arrays])

    def _backward(out):
        for v, piece in zip(values, np.split(out._grad, ends[:-1], axis=axis)):
            if v.requires_grad:
                v._accumulate(piece)
    return _result(data, "concatenate", values, _backward)


def stack(values, axis=0):
    """out = the values joined along a new axis"""
    return concatenate([as_value(v).expand_dims(axis) for v in values], axis=axis)


def reduce_to_shape(g, shape):
    """Sum a gradient back to ``shape``, undoing NumPy broadcasting (the one place this is done)."""
    g = np.asarray(g)
    if g.shape == tuple(shape):
        return g
    return kernel("broadcast.reduce_to_shape")(g, shape)


# ---- building Values ----------------------------------------------------------------------------------

def tensor(data, requires_grad=None, dtype=None, label=""):
    """A tensor Value from a list or array (``dtype`` casts first)."""
    return Value(np.array(data, dtype=dtype), requires_grad=requires_grad, label=label)


def as_value(x):
    """A Value passes through; a number or array becomes a constant (it requires no grad)."""
    if isinstance(x, Value):
        return x
    return Value(x, requires_grad=False)


def _as_data(data):
    if isinstance(data, (float, int, np.floating, np.integer)) and not isinstance(data, bool):
        return float(data)
    if isinstance(data, Value):
        raise TypeError("Value: got a Value; use x.detach() for a constant copy, or the Value itself.")
    array = data if isinstance(data, np.ndarray) else np.asarray(data) if isinstance(data, (list, tuple)) else None
    if array is None or array.dtype.kind not in "fiub":
        what = type(data).__name__ if array is None else f"an array of dtype {array.dtype}"
        raise TypeError(f"Value: data must be a number or a numeric array, got {what}: {data!r:.60}. "
                        "Convert it with float(...) or np.asarray(..., dtype=np.float32).")
    return array


_new = object.__new__


def _result(data, op, parents, backward):
    """Wrap an op's output. It records its parents and rule only when grad mode is on and a parent needs it."""
    if isinstance(data, np.generic):  # NumPy scalar: a float for scalar inputs, else a 0-d tensor
        data = float(data) if all(type(p._data) is float for p in parents) else np.asarray(data)
    out = _new(Value)
    out._data = data
    out._grad = None
    out.label = ""
    out._op = op
    out._version = out._stamp = _changes
    out.requires_grad, out._prev, out._backward = False, (), None
    if _mode.grad_enabled:
        for parent in parents:
            if parent.requires_grad:
                out.requires_grad, out._prev, out._backward = True, parents, backward
                break
    if _mode.anomaly:
        _check_forward(out, parents)
    return out


def _check_unchanged(node):
    for v in (node, *node._prev):
        if v._version > node._stamp:
            name = repr(v.label) if v.label else f"of shape {np.shape(v._data)}"
            what = "its output" if v is node else f"its input Value {name}"
            raise RuntimeError(f"backward: op '{node._op}' saved {what} in the forward pass, and that data was "
                               "changed in place since (x.data = ..., x.data -= ..., or an optimizer step), so its "
                               "gradient would be wrong. Run the forward pass again after changing data, or call "
                               "backward() before optimizer.step().")


# ---- anomaly checks -----------------------------------------------------------------------------------

def _shapes(values):
    return ", ".join(str(np.shape(v._data)) for v in values)


def _check_forward(out, parents):
    if not np.all(np.isfinite(out._data)):
        raise FloatingPointError(f"detect_anomaly: the forward of op '{out._op}' produced NaN or inf "
                                 f"(input shapes: {_shapes(parents)}). Check its inputs' ranges.")


def _check_backward(node):
    for parent in node._prev:
        if parent._grad is not None and not np.all(np.isfinite(parent._grad)):
            raise FloatingPointError(f"detect_anomaly: the backward of op '{node._op}' produced NaN or inf "
                                     f"gradients (input shapes: {_shapes(node._prev)}).")


# ---- scalar-or-tensor helpers: scalars use math, tensors NumPy ------------------------------------------

def _binary(fn, a, b, op):
    """fn(a._data, b._data), broadcasting like NumPy; the error names both shapes."""
    try:
        return fn(a._data, b._data)
    except ValueError:
        raise ValueError(f"{op}: shapes {np.shape(a._data)} and {np.shape(b._data)} do not broadcast together. "
                         "Each axis must match or be 1 (aligned from the right); reshape one operand.") from None


def _scalar_if(v, data):
    """Keep a scalar Value's results scalar."""
    return float(data) if type(v._data) is float else data


def _like(g, data):
    """A gradient as an array of data's shape and dtype (for the kernels)."""
    return np.broadcast_to(np.asarray(g, dtype=data.dtype), data.shape)


def _pow(x, y):
    if type(x) is float and type(y) is float:
        try:
            return math.pow(x, y)
        except (ValueError, OverflowError, ZeroDivisionError):
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                return float(np.power(x, y))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.power(x, y)


def _div(x, y):
    if type(x) is float and type(y) is float:
        return x / y if y != 0 else float(np.divide(x, y))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(x, y)


def _exp(x):
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf
    with np.errstate(over="ignore"):
        return np.exp(x)


def _log(x):
    if type(x) is float:
        return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def _pow_base_derivative(a, b):
    """d(a ** b)/da = b * a ** (b - 1), and 0 where b = 0."""
    if type(a) is float and type(b) is float:
        return 0.0 if b == 0 else b * _pow(a, b - 1)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.where(np.equal(b, 0), 0.0, b * np.power(a, np.subtract(b, 1)))


def _pow_exponent_derivative(a, b, out):
    """d(a ** b)/db = a ** b * log(a), and 0 where a = 0 and b >= 0."""
    if type(a) is float and type(b) is float:
        return 0.0 if a == 0 and b >= 0 else out * _log(a)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.where(np.equal(a, 0) & np.greater_equal(b, 0), 0.0, out * np.log(a))


def _sqrt(x):
    if type(x) is float:
        return math.sqrt(x) if x >= 0 else math.nan
    with np.errstate(invalid="ignore"):
        return np.sqrt(x)


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _sign(x):
    """-1, 0 or 1, and NaN for NaN (as np.sign)."""
    if type(x) is float:
        return float((x > 0) - (x < 0)) if x == x else math.nan
    return np.sign(x)


def _reduce(fn, data, axis, keepdims):
    """fn over axis; a scalar Value's reduction stays a float, a tensor's is an ndarray (maybe 0-d)."""
    if type(data) is float:
        return data
    return np.asarray(fn(data, axis=axis, keepdims=keepdims))


def _axes(op, data, axis):
    """A reduction's axis as a tuple of axes counted from 0, or None for all of them.

    A 0-d tensor (or a scalar) has one entry, and axis 0 or -1 reduces it to itself, as in PyTorch.
    """
    if axis is None:
        return None
    ndim = np.ndim(data)
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    for a in axes:
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise ValueError(f"{op}: axis {a} is out of range for a tensor of shape {np.shape(data)}. "
                             f"Use an axis from {-max(ndim, 1)} to {max(ndim, 1) - 1}.")
    return None if ndim == 0 else tuple(a % ndim for a in axes)


def _count(data, axis):
    """How many entries a reduction over ``axis`` (a tuple, or None for all) combines into each output."""
    shape = np.shape(data)
    return math.prod(shape if axis is None else (shape[a] for a in axis))


def _plain_index(index):
    """An index as NumPy reads it: Values become their data, and lists or tuples inside a tuple become arrays."""
    if isinstance(index, Value):
        return index._data
    if isinstance(index, list):
        return np.asarray(index)
    if isinstance(index, tuple):
        return tuple(p._data if isinstance(p, Value) else np.asarray(p) if isinstance(p, (list, tuple)) else p
                     for p in index)
    return index


def _scatter_add(g, index, values):
    """g[index] += values, adding (not overwriting) where an integer array index repeats an entry."""
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(i, np.ndarray) and i.dtype.kind != "b" for i in parts):
        np.add.at(g, index, values)
    else:
        g[index] += values


def _unreduce(g, data, axis, keepdims):
    """Broadcast a reduced gradient back to data's shape (reinserting the reduced axes)."""
    if type(data) is float:
        return g
    g = np.asarray(g)
    if not keepdims and axis is not None:
        g = np.expand_dims(g, axis)
    return np.broadcast_to(g, np.shape(data))
