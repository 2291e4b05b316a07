"""reduce_to_shape: undo broadcasting in the backward pass.

If the forward pass broadcast an input of shape ``s`` up to the output's shape, every input entry was used once
per copy, so by the chain rule its gradient is the SUM of the output gradient over the copies:
    grad_in = sum of grad_out over the axes that broadcasting added (on the left) or stretched (size 1 -> n).
The common case in training is a bias: (batch, features) -> (features,), a sum over leading axes. The Numba twin
does that case in one cache-friendly pass with a float64 accumulator; other patterns use NumPy's reduction.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


def _axes(g_shape, shape):
    """The axes of ``g_shape`` to sum so that the result reshapes to ``shape``."""
    lead = len(g_shape) - len(shape)
    stretched = [lead + i for i, n in enumerate(shape) if n == 1 and g_shape[lead + i] != 1]
    return lead, tuple(range(lead)) + tuple(stretched)


def reduce_to_shape_numpy(g, shape):
    shape = tuple(shape)
    if g.shape == shape:
        return g
    _, axes = _axes(g.shape, shape)
    return g.sum(axis=axes).reshape(shape)


@njit(cache=True)
def _sum_rows_serial(g2d):
    acc = np.zeros(g2d.shape[1], dtype=np.float64)
    for i in range(g2d.shape[0]):
        for j in range(g2d.shape[1]):
            acc[j] += g2d[i, j]
    return acc.astype(g2d.dtype)


@njit(cache=True, parallel=True)
def _sum_rows_parallel(g2d):
    rows, cols = g2d.shape
    out = np.empty(cols, dtype=g2d.dtype)
    for j in prange(cols):
        acc = 0.0
        for i in range(rows):
            acc += g2d[i, j]
        out[j] = acc
    return out


def reduce_to_shape_numba(g, shape):
    shape = tuple(shape)
    if g.shape == shape:
        return g
    lead, axes = _axes(g.shape, shape)
    if axes != tuple(range(lead)) or g.size == 0:
        return g.sum(axis=axes).reshape(shape)
    g2d = np.ascontiguousarray(g).reshape(-1, max(1, int(np.prod(shape))))
    fn = _sum_rows_parallel if g.size >= PARALLEL_THRESHOLD else _sum_rows_serial
    return fn(g2d).reshape(shape)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "reduce_to_shape": (reduce_to_shape_numpy, reduce_to_shape_numba),
}
