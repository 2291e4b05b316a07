"""Ops along the axes of a tensor Value: padding, flipping, rolling, tiling, triangles, gathering and splitting,
the positions of extrema, cumulative sums and products, products, standard deviations and norms.

Most are derived: a line of indexing, ``concatenate``, ``reshape`` or ``where``, whose rules move the gradient
back (an indexed entry gets its g; a repeated entry gets the sum of its copies' g). The primitives (cumsum, the
2-norm) give their rule, written so that it runs on data and, for gradients of gradients, on Values.
Names and conventions are PyTorch's (``pad``, ``repeat``, ``gather(axis, index)``, ``split``, ``chunk``);
axes are spelled ``axis`` as in the rest of the Value.
"""
import math

import numpy as np

from . import engine, tensor_ops
from .kernels import scalar as sm

# PyTorch's pad modes and the np.pad mode that computes each one's source positions.
PAD_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def axes_of(op, shape, axis):
    """``axis`` (an int, a tuple of them, or None for every axis) as a tuple of axes counted from 0.
    A 0-d tensor has one entry, and axis 0 or -1 reaches it, as in PyTorch (its axes are then ())."""
    ndim, limit = len(shape), max(len(shape), 1)
    axes = tuple(range(ndim)) if axis is None else tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    for a in axes:
        if not isinstance(a, (int, np.integer)) or not -limit <= a < limit:
            raise np.exceptions.AxisError(f"{op}: axis {a!r} is out of range for a tensor of shape {shape}. Use "
                                          f"an axis from {-limit} to {limit - 1}.")
    return tuple(int(a) % ndim for a in axes) if ndim else ()


def _along(axis, index):
    """An index that applies ``index`` along ``axis`` and takes everything on the axes before it."""
    return (slice(None),) * axis + (index,)


class AxisOps:
    """Shape and indexing ops that work along named axes, and the reductions that are not plain sums."""

    __slots__ = ()

    # -- padding and rearranging --
    def pad(self, pad, mode="constant", value=0.0):
        """PyTorch's ``F.pad``: ``pad`` = (left, right) widths for the last axis, then (top, bottom) for the one
        before it, and so on; a negative width crops.
        mode 'constant' fills with ``value``; 'reflect' mirrors without repeating the edge (a b c -> c b a b c);
        'replicate' repeats the edge entry; 'circular' wraps around.
        out[i] = x[source(i)];  dx = the sum of g over every out entry copied from that x entry
        ('constant': g cropped back to x's shape)."""
        shape = np.shape(self.data)
        if mode not in PAD_MODES:
            raise ValueError(f"pad: mode must be one of {tuple(PAD_MODES)}, got {mode!r}.")
        widths = _pad_widths(shape, pad)
        if mode == "circular" and any(b < 0 or a < 0 for b, a in widths):  # PyTorch crops first, then wraps
            cropped = self[tuple(slice(max(-b, 0), n - max(-a, 0)) for (b, a), n in zip(widths, shape))]
            return cropped.pad(sum(((max(b, 0), max(a, 0)) for b, a in widths[::-1]), ()), mode)
        grow = [(max(b, 0), max(a, 0)) for b, a in widths]
        if mode == "constant":
            inner = tuple(slice(b, b + n) for (b, _), n in zip(grow, shape))
            size = tuple(b + n + a for (b, a), n in zip(grow, shape))
            out = tensor_ops.scatter(self, inner, size)
            if value != 0:
                fill = np.full(size, value, out.dtype)
                fill[inner] = 0
                out = out + fill
        else:
            limit = "widths below the size" if mode == "reflect" else "widths up to the size"
            for axis, ((b, a), n) in enumerate(zip(grow, shape)):
                if (b or a) and (n == 0 or mode != "replicate" and max(b, a) >= n + (mode == "circular")):
                    raise ValueError(f"pad: {mode} padding of ({b}, {a}) on axis {axis} of size {n} is too wide "
                                     f"({mode} takes {limit}). Pad less, or pad in several steps.")
            source = (np.pad(np.arange(n), w, mode=PAD_MODES[mode]) for w, n in zip(grow, shape))
            out = self[np.ix_(*source)] if shape else self
        if all(b >= 0 and a >= 0 for b, a in widths):
            return out
        # negative widths crop what the padding (taken from the whole input, as PyTorch's reflect) produced
        return out[tuple(slice(max(-b, 0), n - max(-a, 0)) for (b, a), n in zip(widths, out.shape))]

    def flip(self, axis=None):
        """out = x reversed along ``axis`` (every axis when None);  dx = g reversed back"""
        axes = axes_of("flip", self.shape, axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"flip: axis {axis} names an axis twice; give each axis once.")
        return self[tuple(slice(None, None, -1) if i in axes else slice(None) for i in range(self.ndim))]

    def roll(self, shifts, axis=None):
        """out[i] = x[i - shift] along ``axis``, wrapping around (NumPy's roll; the flattened tensor when axis is
        None);  dx = g rolled back by -shift"""
        if axis is None:
            return self.reshape(-1).roll(shifts, 0).reshape(self.shape)
        shifts = tuple(shifts) if isinstance(shifts, (tuple, list)) else (shifts,)
        axes = axes_of("roll", self.shape, axis)
        if len(shifts) != len(axes):
            raise ValueError(f"roll: {len(shifts)} shifts {shifts} for {len(axes)} axes {axes}; give one per axis.")
        x = self
        for shift, a in zip(shifts, axes):
            n = self.shape[a]
            s = int(shift) % n if n else 0
            if s:
                x = engine.concatenate([x[_along(a, slice(n - s, None))], x[_along(a, slice(0, n - s))]], axis=a)
        return x

    def repeat(self, *sizes):
        """PyTorch's ``repeat`` (NumPy's ``tile``): out = x tiled sizes[i] times along axis i (new leading axes when
        there are more sizes than axes);  dx = the sum of g over the copies"""
        sizes = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
        if len(sizes) < self.ndim:
            raise ValueError(f"repeat: {len(sizes)} sizes {sizes} for a tensor of shape {self.shape}; give one per "
                             "axis (more add leading axes). tile() pads missing sizes with 1.")
        shape = (1,) * (len(sizes) - self.ndim) + self.shape
        spread = sum(((1, n) for n in shape), ())
        tiled = sum(((int(r), n) for r, n in zip(sizes, shape)), ())
        return self.reshape(spread).broadcast_to(tiled).reshape(tuple(int(r) * n for r, n in zip(sizes, shape)))

    def tile(self, reps):
        """NumPy's and PyTorch's ``tile``: ``repeat`` with missing leading reps taken as 1"""
        reps = tuple(reps) if isinstance(reps, (tuple, list)) else (reps,)
        return self.repeat((1,) * (self.ndim - len(reps)) + reps)

    def tril(self, diagonal=0):
        """out = x on and below the ``diagonal``-th diagonal of the last two axes, 0 above;  dx = g there, 0 above"""
        return self._triangle(np.tril, "tril", diagonal)

    def triu(self, diagonal=0):
        """out = x on and above the ``diagonal``-th diagonal of the last two axes, 0 below;  dx = g there, 0 below"""
        return self._triangle(np.triu, "triu", diagonal)

    def _triangle(self, fn, op, diagonal):
        if self.ndim < 2:
            raise ValueError(f"{op}: needs at least two axes (a matrix), got shape {self.shape}.")
        keep = fn(np.ones(self.shape[-2:], dtype=bool), diagonal)
        return engine.where(keep, self, np.zeros((), self.dtype))

    # -- picking entries --
    def gather(self, axis, index):
        """PyTorch's ``gather``: out[i][j][k] = x[index[i][j][k]][j][k] for axis 0 (alike for other axes); index has
        x's number of axes and on each other axis at most x's size;  dx = g added back where each entry came from"""
        index = np.asarray(engine.data_of(index))
        (axis,) = axes_of("gather", self.shape, axis)
        if index.dtype.kind not in "iu" or index.ndim != self.ndim:
            raise ValueError(f"gather: index must be an integer array with as many axes as the input {self.shape}, "
                             f"got dtype {index.dtype} and shape {index.shape}.")
        if any(i > n for d, (i, n) in enumerate(zip(index.shape, self.shape)) if d != axis):
            raise ValueError(f"gather: index of shape {index.shape} is larger than the input {self.shape} on an "
                             f"axis other than {axis}.")
        size = self.shape[axis]
        if index.size and (index.min() < -size or index.max() >= size):
            raise IndexError(f"gather: index values from {index.min()} to {index.max()} are out of range for axis "
                             f"{axis} of size {size}.")
        parts = list(np.indices(index.shape, sparse=True))
        parts[axis] = index
        return self[tuple(parts)]

    def masked_fill(self, mask, value):
        """out = value where mask, else x (mask broadcasts);  dx = g where not mask, 0 where filled"""
        mask = np.asarray(engine.data_of(mask), dtype=bool)
        value = value if isinstance(value, engine.Value) else np.asarray(value, dtype=self.dtype)
        return engine.where(mask, value, self)

    def split(self, split_size_or_sections, axis=0):
        """PyTorch's ``split``: pieces of ``split_size`` entries along axis (the last may be smaller), or of the
        given list of sizes. Each piece is x[..., start:end] (its gradient goes back to that slice)."""
        (axis,) = axes_of("split", self.shape, axis)
        n = self.shape[axis]
        if isinstance(split_size_or_sections, (int, np.integer)):
            size = int(split_size_or_sections)
            if size <= 0:
                raise ValueError(f"split: split_size must be a positive int, got {size}.")
            sizes = [size] * (n // size) + ([n % size] if n % size or n == 0 else [])
        else:
            sizes = [int(s) for s in split_size_or_sections]
            if sum(sizes) != n or min(sizes, default=0) < 0:
                raise ValueError(f"split: sizes {sizes} must be >= 0 and add up to the size {n} of axis {axis}.")
        ends = np.cumsum([0] + sizes)
        return tuple(self[_along(axis, slice(int(s), int(e)))] for s, e in zip(ends[:-1], ends[1:]))

    def chunk(self, chunks, axis=0):
        """PyTorch's ``chunk``: split into ``chunks`` pieces of ceil(n / chunks) entries (maybe fewer pieces)"""
        if int(chunks) <= 0:
            raise ValueError(f"chunk: chunks must be a positive int, got {chunks}.")
        (axis,) = axes_of("chunk", self.shape, axis)
        return self.split(max(math.ceil(self.shape[axis] / int(chunks)), 1), axis)

    def argmax(self, axis=None, keepdims=False):
        """The position of the largest entry (of the flattened tensor when axis is None; NaN counts as largest):
        an int64 constant, without gradient"""
        return self._arg(np.argmax, "argmax", axis, keepdims)

    def argmin(self, axis=None, keepdims=False):
        """The position of the smallest entry: an int64 constant, without gradient"""
        return self._arg(np.argmin, "argmin", axis, keepdims)

    def _arg(self, fn, op, axis, keepdims):
        data = np.asarray(self.data)
        if data.size == 0:
            raise ValueError(f"{op}: the tensor of shape {data.shape} is empty, so it has no {op}.")
        if axis is not None:
            (axis,) = axes_of(op, data.shape, axis)
        return engine.Value(np.asarray(fn(data, axis=axis, keepdims=keepdims), dtype=np.int64), requires_grad=False)

    # -- cumulative sums and products, products, std, norms --
    def cumsum(self, axis=None):
        """out[i] = x[0] + ... + x[i] along axis (of the flattened tensor when None);
        dx[j] = g[j] + ... + g[n-1]: the cumulative sum of g taken from the end"""
        _one_axis("cumsum", axis)
        if self.ndim == 0:
            axes_of("cumsum", (1,), axis)  # a 0-d tensor has one entry, along axis 0 or -1 (as PyTorch)
            return self.reshape(self.shape)
        if axis is None:
            return self.reshape(-1).cumsum(0)
        (axis,) = axes_of("cumsum", self.shape, axis)
        return engine.record_op(np.cumsum(self.data, axis=axis), "cumsum", (self,),
                                lambda g, out, x: (_reverse_cumsum(g, axis),))

    def cumprod(self, axis=None):
        """out[i] = x[0] * ... * x[i] along axis (of the flattened tensor when None).

        Derived by a scan that doubles its reach each step (Hillis and Steele): y <- y * (y shifted by d),
        d = 1, 2, 4, ... So it takes log2(n) multiplications and the gradient, d out[i] / d x[j] = the product
        of the other entries up to i, comes from them, also where x has zeros (where dividing out / x fails)."""
        _one_axis("cumprod", axis)
        if self.ndim == 0:
            axes_of("cumprod", (1,), axis)
            return self.reshape(self.shape)
        if axis is None:
            return self.reshape(-1).cumprod(0)
        (axis,) = axes_of("cumprod", self.shape, axis)
        n, x, d = self.shape[axis], self, 1
        while d < n:
            ones = np.ones(self.shape[:axis] + (d,) + self.shape[axis + 1:], self.dtype)
            x = x * engine.concatenate([ones, x[_along(axis, slice(0, n - d))]], axis=axis)
            d *= 2
        return x

    def prod(self, axis=None, keepdims=False):
        """out = the product of x over axis;  dx_i = g * (the product of the other entries).

        Derived by multiplying pairs in a tree (log2(n) steps), so zeros need no special case."""
        if type(self.data) is float:
            return self
        axes, shape = axes_of("prod", self.shape, axis), self.shape
        kept = [i for i in range(len(shape)) if i not in axes]
        count = math.prod(shape[i] for i in axes)
        x = self.transpose(kept + list(axes)).reshape(tuple(shape[i] for i in kept) + (count,))
        if count == 0:
            x = x.sum(axis=-1, keepdims=True) * 0 + 1  # the empty product is 1
        while x.shape[-1] > 1:
            if x.shape[-1] % 2:
                x = engine.concatenate([x, np.ones(x.shape[:-1] + (1,), x.dtype)], axis=-1)
            x = x[..., 0::2] * x[..., 1::2]
        return x.reshape(tuple(1 if i in axes else n for i, n in enumerate(shape)) if keepdims
                         else tuple(shape[i] for i in kept))

    def std(self, axis=None, keepdims=False, ddof=0):
        """out = sqrt(var(x, ddof)) (NumPy's ddof; PyTorch's default is ddof=1);
        dx = (x - mean) / ((n - ddof) out) g, and 0 where out = 0: entries that are all equal stay equal when
        one moves a little, so the subgradient 0 is taken there (as MyGrad; PyTorch gives NaN)."""
        var = self.var(axis, keepdims, ddof)
        return engine.record_op(sm.sqrt(var.data), "std", (var,), _std_backward)

    def norm(self, ord=2, axis=None, keepdims=False):
        """The vector p-norm over ``axis`` (every axis when None), as ``torch.linalg.vector_norm``:
        ord=2: sqrt(sum x^2), dx = x / out g (0 where out = 0);  ord=1: sum |x|;  ord=inf / -inf: max / min |x|;
        ord=0: the number of nonzero entries (no gradient);  other p: (sum |x|^p)^(1/p)."""
        if type(self.data) is float:
            return self.abs() if ord != 0 else engine.Value(float(self.data != 0), requires_grad=False)
        axes = axes_of("norm", self.shape, axis)
        if ord == 2:
            data = np.sqrt(np.sum(np.square(self.data), axis=axes, keepdims=keepdims))
            shape = self.shape

            def backward(g, out, x):
                out, g = tensor_ops.unreduce(out, shape, axes, keepdims), tensor_ops.unreduce(g, shape, axes, keepdims)
                return (g * x / engine.select(engine.data_of(out) == 0, 1.0, out),)
            return engine.record_op(data, "norm", (self,), backward)
        if ord == 1:
            return self.abs().sum(axes, keepdims)
        if ord == math.inf:
            return self.abs().max(axes, keepdims)
        if ord == -math.inf:
            return self.abs().min(axes, keepdims)
        if ord == 0:
            return engine.Value(np.sum(self.data != 0, axis=axes, keepdims=keepdims).astype(self.dtype),
                                requires_grad=False)
        return (self.abs() ** float(ord)).sum(axes, keepdims) ** (1.0 / ord)


def _pad_widths(shape, pad):
    """PyTorch's flat pad tuple (last axis first) as (before, after) for each axis."""
    pad = tuple(pad)
    if len(pad) % 2 or len(pad) > 2 * len(shape) or not all(isinstance(p, (int, np.integer)) for p in pad):
        raise ValueError(f"pad: pad must hold an even number of ints, at most 2 per axis of the input {shape} "
                         f"((left, right) for the last axis, then (top, bottom), ...), got {pad}.")
    widths = [(0, 0)] * len(shape)
    for i in range(len(pad) // 2):
        widths[len(shape) - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]))
    return widths


def _std_backward(g, out, var):
    """d sqrt(var) = g / (2 out), with 0 where out = 0 (g / inf)."""
    if type(out) is float:
        return (g / (2 * out) if out else 0.0 * g,)
    return (g * 0.5 / engine.select(engine.data_of(out) == 0, math.inf, out),)


def _one_axis(op, axis):
    """A cumulative op runs along one axis (or the flattened tensor), as NumPy's: a tuple is a TypeError."""
    if isinstance(axis, (tuple, list)):
        raise TypeError(f"{op}: axis must be one int or None (the flattened tensor), got {axis!r}.")


def _reverse_cumsum(g, axis):
    """The cumulative sum of g from the end of ``axis``: the adjoint of cumsum."""
    if isinstance(g, engine.Value):
        return g.flip(axis).cumsum(axis).flip(axis)
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)
