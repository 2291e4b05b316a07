"""The tensor ops of a Value: reductions, shape ops and indexing, and the functions of several Values.

They are written as the engine's arithmetic is (see ``minigrad.engine``): compute the data, record it with
``record_op``, and give a rule ``backward(g, out, *inputs)`` that returns each input's gradient. ``Value`` inherits
the methods of ``TensorOps``; the helpers at the end work on plain data and on Values alike, because a rule runs
on data in an ordinary backward pass and on Values when it records the graph of a gradient (create_graph=True).
"""
import math

import numpy as np

from . import engine  # engine imports this module for its base class; its names are used only at call time
from .axis_ops import AxisOps
from .elementwise_ops import ElementwiseOps
from .kernels import kernel
from .kernels import scalar as sm


class TensorOps(ElementwiseOps, AxisOps):
    """Reductions, shape ops and indexing: the methods of a Value that work along axes. Elementwise math and the
    activations come from ``ElementwiseOps`` (minigrad/elementwise_ops.py); padding, tiling, gathering, splitting,
    cumulative sums and products, prod, std and norm from ``AxisOps`` (minigrad/axis_ops.py)."""

    __slots__ = ()

    def __matmul__(self, other):
        """out = a @ b for vectors, matrices and batches of matrices (batch axes broadcast);
        da = g @ b^T,  db = a^T @ g  (a vector is a one-row or one-column matrix; broadcast batch axes summed)"""
        other = engine.as_value(other)
        a, b = np.asarray(self.data), np.asarray(other.data)
        if a.ndim == 0 or b.ndim == 0 or a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise ValueError(f"matmul (@): shapes {a.shape} and {b.shape} do not fit: the last axis of the left "
                             "operand must equal the second-to-last (or only) axis of the right. "
                             "Transpose or reshape one of them.")
        try:
            data = a @ b
        except ValueError:
            raise ValueError(f"matmul (@): batch axes of shapes {a.shape} and {b.shape} do not broadcast. "
                             "Make the leading axes equal or 1.") from None
        needs = (self.requires_grad, other.requires_grad)

        def backward(g, out, a, b):
            a2, b2 = (_reshape(a, (1, -1)) if a.ndim == 1 else a), (_reshape(b, (-1, 1)) if b.ndim == 1 else b)
            g2 = _matrix_grad(g, a, b)
            da = sum_to(g2 @ _swap(b2), a2.shape) if needs[0] else None
            db = sum_to(_swap(a2) @ g2, b2.shape) if needs[1] else None
            return (None if da is None else _reshape(da, a.shape)), (None if db is None else _reshape(db, b.shape))
        return engine.record_op(data, "@", (self, other), backward)

    def __rmatmul__(self, other):
        return engine.as_value(other) @ self

    # -- elementwise functions with a parameter --
    def leaky_relu(self, negative_slope=0.01):
        """out = x if x > 0 else a x;  dx = g if x > 0 else a g"""
        a, x = float(negative_slope), self.data
        data = (x if x > 0 else a * x) if type(x) is float else kernel("activations.leaky_relu_forward")(x, a)

        def backward(g, out, x):
            if type(x) is float:
                return (g if x > 0 else a * g,)
            if isinstance(g, engine.Value):
                return (g * np.where(x.data > 0, 1.0, a),)
            return (kernel("activations.leaky_relu_backward")(x, like(g, x), a),)
        return engine.record_op(data, "leaky_relu", (self,), backward)

    def clip(self, low=None, high=None):
        """out = min(max(x, low), high);  dx = g where low <= x <= high, else 0"""
        lo, hi = -math.inf if low is None else low, math.inf if high is None else high
        scalar = type(self.data) is float and np.ndim(lo) == 0 and np.ndim(hi) == 0
        data = min(max(self.data, lo), hi) if scalar else np.clip(self.data, lo, hi)
        return engine.record_op(data, "clip", (self,),
                         lambda g, out, x: (select((data_of(x) >= lo) & (data_of(x) <= hi), g, 0.0),))

    # -- reductions: sum, mean, max, min, var, logsumexp --
    def sum(self, axis=None, keepdims=False):
        """out = sum of x over axis;  dx = g copied back along the summed axes"""
        axis, shape = reduction_axes("sum", self.data, axis), np.shape(self.data)
        return engine.record_op(_reduce(np.sum, self.data, axis, keepdims), "sum", (self,),
                         lambda g, out, x: (unreduce(g, shape, axis, keepdims),))

    def mean(self, axis=None, keepdims=False):
        """out = sum(x) / n, with n the number of entries reduced;  dx = g / n  (NaN when n = 0, as NumPy)"""
        n = _count(self.data, reduction_axes("mean", self.data, axis))
        return self.sum(axis, keepdims) * (1.0 / n if n else math.nan)

    def max(self, axis=None, keepdims=False):
        """out = max of x over axis;  dx = g at the argmax (split evenly between ties), 0 elsewhere"""
        return self._extremum(np.max, "max", axis, keepdims)

    def min(self, axis=None, keepdims=False):
        """out = min of x over axis;  dx = g at the argmin (split evenly between ties), 0 elsewhere"""
        return self._extremum(np.min, "min", axis, keepdims)

    def _extremum(self, fn, op, axis, keepdims):
        axis, shape = reduction_axes(op, self.data, axis), np.shape(self.data)
        if np.size(self.data) == 0:
            raise ValueError(f"{op}: the tensor of shape {shape} is empty, and an empty {op} has no "
                             "value. Reduce over a non-empty axis, or check how the tensor was built.")

        def backward(g, out, x):
            hit = np.asarray(data_of(x)) == unreduce(data_of(out), shape, axis, keepdims)
            share = hit / unreduce(_reduce(np.sum, hit, axis, keepdims), shape, axis, keepdims)
            return (share * unreduce(g, shape, axis, keepdims),)
        return engine.record_op(_reduce(fn, self.data, axis, keepdims), op, (self,), backward)

    def var(self, axis=None, keepdims=False, ddof=0):
        """out = sum((x - mean)^2) / max(n - ddof, 0): a derived op, so its gradient comes from the primitives.

        As in NumPy and PyTorch, a divisor of 0 (ddof >= n) gives NaN for 0/0 and inf otherwise, never a negative.
        """
        divisor = max(_count(self.data, reduction_axes("var", self.data, axis)) - ddof, 0)
        centered = self - self.mean(axis, keepdims=True)
        return (centered * centered).sum(axis, keepdims) * (1.0 / divisor if divisor else math.inf)

    def logsumexp(self, axis=-1, keepdims=False):
        """out = m + log(sum(e^(x - m))), m = max(x): no overflow;  dx = softmax(x) g = e^(x - out) g"""
        x, shape = np.asarray(self.data), np.shape(self.data)
        x = x if x.dtype.kind == "f" else x.astype(np.float64)  # integers: float64, as np.log of ints gives
        axis = reduction_axes("logsumexp", x, axis)
        m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros(np.shape(np.sum(x, axis, keepdims=True)),
                                                                          x.dtype)
        m = np.where(np.isfinite(m), m, 0)
        with np.errstate(divide="ignore"):
            data = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
        data = data if keepdims else np.reshape(data, np.shape(np.sum(x, axis=axis)))
        return engine.record_op(_scalar_if(self.data, data), "logsumexp", (self,), lambda g, out, x: (
            unreduce(g, shape, axis, keepdims) * _exp(x - unreduce(out, shape, axis, keepdims)),))

    def log_softmax(self, axis=-1):
        """out = x - logsumexp(x): the one log-softmax op, F.log_softmax (a row kernel)"""
        from . import functional  # imported at call time: functional imports the engine, which imports this module
        return functional.log_softmax(self, axis)

    def softmax(self, axis=-1):
        """out = e^x / sum(e^x): the one softmax op, F.softmax (a row kernel)"""
        from . import functional
        return functional.softmax(self, axis)

    # -- shape ops: the backward rule moves the gradient back into the input's shape --
    def reshape(self, *shape):
        """out = x viewed with a new shape;  dx = g reshaped back"""
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        try:
            data = np.reshape(self.data, shape)
        except ValueError:
            raise ValueError(f"reshape: cannot reshape shape {np.shape(self.data)} ({np.size(self.data)} "
                             f"entries) into {tuple(shape)}. The sizes must match (use -1 for one inferred axis)."
                             ) from None
        old = np.shape(self.data)
        return engine.record_op(data, "reshape", (self,), lambda g, out, x: (g.reshape(old),))

    def flatten(self, start_dim=0):
        """out = x with the axes from start_dim on merged into one"""
        return self.reshape(np.shape(self.data)[:start_dim] + (-1,))

    def transpose(self, *axes):
        """out = x with axes permuted (reversed by default);  dx = g with the inverse permutation"""
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else (axes or None)
        ndim = np.ndim(self.data)
        if axes is not None and sorted(a % ndim if -ndim <= a < ndim else a for a in axes) != list(range(ndim)):
            raise ValueError(f"transpose: axes {tuple(axes)} are not a permutation of the axes of shape "
                             f"{np.shape(self.data)}. Give each axis 0..{ndim - 1} (or its negative) once.")
        inverse = None if axes is None else tuple(np.argsort([a % ndim for a in axes]))
        return engine.record_op(np.transpose(self.data, axes), "transpose", (self,),
                         lambda g, out, x: (g.transpose() if inverse is None else g.transpose(inverse),))

    @property
    def T(self):
        return self.transpose()

    def expand_dims(self, axis):
        """out = x with a new axis of size 1"""
        return self.reshape(np.expand_dims(self.data, axis).shape)

    def squeeze(self, axis=None):
        """out = x without its size-1 axes (or just ``axis``)"""
        return self.reshape(np.squeeze(self.data, axis).shape)

    def broadcast_to(self, shape):
        """out = x repeated along broadcast axes;  dx = g summed back over them"""
        old = np.shape(self.data)
        return engine.record_op(np.broadcast_to(self.data, shape).copy(), "broadcast_to", (self,),
                         lambda g, out, x: (sum_to(g, old),))

    def __getitem__(self, index):
        """out = x[index] (slices, integer arrays, boolean masks);  dx = g scattered back, repeats added"""
        index, shape = _plain_index(index), np.shape(self.data)
        return engine.record_op(np.asarray(self.data)[index], "getitem", (self,),
                         lambda g, out, x: (scatter(g, index, shape),))

    # -- conveniences: a Value as an array --
    def detach(self):
        """The same data as a new constant leaf: no graph, no grad."""
        return engine.Value(self.data, requires_grad=False, label=self.label)

    def item(self):
        if self.size != 1:
            raise ValueError(f"item: the Value has shape {self.shape}; only one-element Values convert "
                             "to a Python float. Use .numpy() for arrays.")
        return float(np.asarray(self.data).reshape(()))

    def numpy(self):
        return np.asarray(self.data)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.data, dtype=dtype)

    # Layers ask for shapes on every call: an ndarray's own attributes cost less than np.shape's dispatch
    @property
    def shape(self):
        return shape_of(self.data)

    @property
    def ndim(self):
        data = self.data
        return data.ndim if type(data) is np.ndarray else np.ndim(data)

    @property
    def size(self):
        data = self.data
        return data.size if type(data) is np.ndarray else int(np.size(data))

    @property
    def dtype(self):
        data = self.data
        return np.dtype(float) if type(data) is float else np.asarray(data).dtype

    def __len__(self):
        if type(self.data) is float:
            raise TypeError("len() of a scalar Value")
        return len(self.data)

    def __repr__(self):
        name = f"{self.label!r}, " if self.label else ""
        if type(self.data) is float:
            grad = self.grad if isinstance(self.grad, engine.Value) else f"{self.grad:.6g}"
            return f"Value({name}data={self.data:.6g}, grad={grad})"
        op = f", op={self.op!r}" if self.op else ""
        body = np.array2string(self.data, precision=4, threshold=8, edgeitems=2, separator=", ")
        return f"Value({name}shape={self.data.shape}, dtype={self.data.dtype}{op}, data={body})"


# ---- building Values ------------------------------------------------------------------------------------------

def tensor(data, requires_grad=None, dtype=None, label=""):
    """A tensor Value from a list or array (``dtype`` casts first)."""
    return engine.Value(np.array(data, dtype=dtype), requires_grad=requires_grad, label=label)


def as_data(data):
    """A number as a float, a list or array as an ndarray, with a clear error for anything else."""
    if isinstance(data, (float, int, np.floating, np.integer)) and not isinstance(data, bool):
        return float(data)
    if isinstance(data, engine.Value):
        raise TypeError("Value: got a Value; use x.detach() for a constant copy, or the Value itself.")
    array = data if isinstance(data, np.ndarray) else np.asarray(data) if isinstance(data, (list, tuple)) else None
    if array is None or array.dtype.kind not in "fiub":
        what = type(data).__name__ if array is None else f"an array of dtype {array.dtype}"
        raise TypeError(f"Value: data must be a number or a numeric array, got {what}: {data!r:.60}. "
                        "Convert it with float(...) or np.asarray(..., dtype=np.float32).")
    return array


# ---- functions of several Values ----------------------------------------------------------------------------

def maximum(a, b):
    """out = max(a, b) elementwise;  da = g where a > b, db = g where b > a, half each on ties"""
    return _larger_or_smaller(a, b, np.maximum, np.greater, "maximum")


def minimum(a, b):
    """out = min(a, b) elementwise;  da = g where a < b, db = g where b < a, half each on ties"""
    return _larger_or_smaller(a, b, np.minimum, np.less, "minimum")


def _larger_or_smaller(a, b, fn, wins, op):
    a, b = engine.as_value(a), engine.as_value(b)
    try:
        data = fn(a.data, b.data)
    except ValueError:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} do not broadcast together. Each axis must "
                         "match or be 1 (aligned from the right); reshape one operand.") from None
    share = np.where(np.equal(a.data, b.data), 0.5, wins(a.data, b.data))  # a's part of g
    return engine.record_op(data, op, (a, b), lambda g, out, a, b: (g * share, g * (1 - share)))


def where(condition, a, b):
    """out = a where condition else b;  da = g where condition, db = g elsewhere"""
    cond = np.asarray(data_of(condition), dtype=bool)
    a, b = engine.as_value(a), engine.as_value(b)
    try:
        data = np.where(cond, a.data, b.data)
    except ValueError:
        raise ValueError(f"where: shapes {cond.shape} (condition), {np.shape(a.data)} and {np.shape(b.data)} "
                         "do not broadcast together.") from None
    return engine.record_op(data, "where", (a, b), lambda g, out, a, b: (select(cond, g, 0.0), select(cond, 0.0, g)))


def concatenate(values, axis=0):
    """out = the values joined along an existing axis;  each input gets its slice of g"""
    values = tuple(engine.as_value(v) for v in values)
    arrays = [np.asarray(v.data) for v in values]
    try:
        data = np.concatenate(arrays, axis=axis)
    except ValueError:
        raise ValueError(f"concatenate: shapes {[a.shape for a in arrays]} must match except along axis "
                         f"{axis}.") from None
    ends = np.cumsum([0] + [a.shape[axis] for a in arrays])
    lead = (slice(None),) * (axis % data.ndim)
    return engine.record_op(data, "concatenate", values,
                     lambda g, out, *xs: tuple(g[lead + (slice(s, e),)] for s, e in zip(ends[:-1], ends[1:])))


def stack(values, axis=0):
    """out = the values joined along a new axis"""
    return concatenate([engine.as_value(v).expand_dims(axis) for v in values], axis=axis)


def sum_to(x, shape):
    """Sum x back to ``shape``, undoing NumPy broadcasting (the one place this is done);  dx = g broadcast to
    x's shape. On data it returns data; on a Value it is an op, so that gradients of gradients can pass it."""
    shape = tuple(shape)
    if not isinstance(x, engine.Value):
        x = np.asarray(x)
        return x if x.shape == shape else kernel("broadcast.reduce_to_shape")(x, shape)
    if x.shape == shape:
        return x
    old = x.shape
    return engine.record_op(sum_to(x.data, shape), "sum_to", (x,), lambda g, out, x: (broadcast(g, old),))



def scatter(g, index, shape):
    """out = zeros(shape) with g added at ``index`` (repeated entries add up): the adjoint of x[index];
    dg = g_out[index]. On data it returns data; on a Value it is an op."""
    if not isinstance(g, engine.Value):
        out = np.zeros(shape, dtype=np.result_type(np.asarray(g).dtype, np.float32))
        parts = index if isinstance(index, tuple) else (index,)
        if any(isinstance(i, np.ndarray) and i.dtype.kind != "b" for i in parts):
            np.add.at(out, index, g)
        else:
            out[index] += g
        return out
    return engine.record_op(scatter(g.data, index, shape), "scatter", (g,), lambda gg, out, g: (gg[index],))


# ---- helpers for rules: each works on data and on Values alike ---------------------------------------------------

def shape_of(data):
    """np.shape(data), read straight from an ndarray (np.shape's dispatch costs more than the hot paths' work)."""
    return data.shape if type(data) is np.ndarray else np.shape(data)


def data_of(x):
    """The data of a Value, or x itself."""
    return x.data if isinstance(x, engine.Value) else x


def select(cond, a, b):
    """a where cond else b: ``minigrad.where`` on Values, ``np.where`` on data (no NaN from inf * 0)."""
    return where(cond, a, b) if isinstance(a, engine.Value) or isinstance(b, engine.Value) else np.where(cond, a, b)


def like(g, data):
    """A gradient as an array of data's shape and dtype, as the kernels take it."""
    return np.broadcast_to(np.asarray(g, dtype=data.dtype), data.shape)


def broadcast(x, shape):
    return x.broadcast_to(shape) if isinstance(x, engine.Value) else np.broadcast_to(x, shape)


def unreduce(g, shape, axis, keepdims):
    """Broadcast a reduced gradient back to ``shape`` (reinserting the reduced axes)."""
    if not shape:
        return g
    if not keepdims and axis is not None:
        g = g.reshape(tuple(1 if i in axis else n for i, n in enumerate(shape)))
    return broadcast(g, shape)


def _exp(x):
    return x.exp() if isinstance(x, engine.Value) else sm.exp(x)


def _scalar_if(x, data):
    """Keep a scalar Value's results scalar."""
    return float(data) if type(x) is float else data


def _reduce(fn, data, axis, keepdims):
    """fn over axis; a scalar Value's reduction stays a float, a tensor's is an ndarray (maybe 0-d)."""
    if type(data) is float:
        return data
    return np.asarray(fn(data, axis=axis, keepdims=keepdims))


def reduction_axes(op, data, axis):
    """A reduction's axis as a tuple of axes counted from 0, or None for all of them.

    A 0-d tensor (or a scalar) has one entry, and axis 0 or -1 reduces it to itself, as in PyTorch.
    """
    if axis is None:
        return None
    ndim = np.ndim(data)
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    for a in axes:
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise np.exceptions.AxisError(f"{op}: axis {a} is out of range for a tensor of shape {np.shape(data)}. "
                                          f"Use an axis from {-max(ndim, 1)} to {max(ndim, 1) - 1}.")
    return None if ndim == 0 else tuple(a % ndim for a in axes)


def _count(data, axis):
    """How many entries a reduction over ``axis`` (a tuple, or None for all) combines into each output."""
    shape = np.shape(data)
    return math.prod(shape if axis is None else (shape[a] for a in axis))


def _plain_index(index):
    """An index as NumPy reads it: Values become their data, and lists or tuples inside a tuple become arrays."""
    if isinstance(index, engine.Value):
        return index.data
    if isinstance(index, list):
        return _index_array(index)
    if isinstance(index, tuple):
        return tuple(p.data if isinstance(p, engine.Value) else _index_array(p) if isinstance(p, (list, tuple))
                     else p for p in index)
    return index


def _index_array(sequence):
    """A list or tuple index as an array; an empty one selects nothing (NumPy would read it as floats)."""
    return np.asarray(sequence) if len(sequence) else np.zeros(0, dtype=np.intp)


def _reshape(x, shape):
    return x.reshape(shape) if isinstance(x, engine.Value) else np.reshape(x, shape)


def _swap(x):
    """The last two axes swapped: a batch of matrices transposed."""
    axes = tuple(range(np.ndim(data_of(x)) - 2)) + (-1, -2)
    return x.transpose(axes) if isinstance(x, engine.Value) else np.swapaxes(x, -1, -2)


def _matrix_grad(g, a, b):
    """g as a matrix (batch) gradient: vectors' missing axes put back."""
    g = _reshape(g, np.shape(data_of(g)) + (1,)) if b.ndim == 1 else g
    return _reshape(g, np.shape(data_of(g))[:-1] + (1,) + np.shape(data_of(g))[-1:]) if a.ndim == 1 else g
