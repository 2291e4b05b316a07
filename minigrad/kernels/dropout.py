"""Inverted dropout: the mask and the masked forward in one pass.

Given uniform random numbers u in [0, 1) of x's shape (drawn by the caller's np.random.Generator, so both
backends see the same randomness; float64 for every dtype of x, so one seed gives one mask), each neuron is
kept with probability 1 - p and scaled up to keep the mean:
    mask = 1 / (1 - p) where u >= p, else 0;     y = x * mask;     backward: dx = g * mask
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


def _scale(p):
    return 0.0 if p >= 1 else 1.0 / (1.0 - p)


def dropout_forward_numpy(x, u, p):
    """(y, mask), both in x's dtype."""
    mask = np.where(u >= u.dtype.type(p), _scale(p), 0.0).astype(x.dtype)
    return x * mask, mask


@njit(cache=True, inline="always")
def _dropout_at(x, u, y, mask, k, p, scale):
    mask[k] = scale if u[k] >= p else 0.0
    y[k] = x[k] * mask[k]


@njit(cache=True)
def _dropout_serial(x, u, p, scale):
    y, mask = np.empty_like(x), np.empty_like(x)
    for k in range(x.size):
        _dropout_at(x, u, y, mask, k, p, scale)
    return y, mask


@njit(cache=True, parallel=True)
def _dropout_parallel(x, u, p, scale):
    y, mask = np.empty_like(x), np.empty_like(x)
    for k in prange(x.size):
        _dropout_at(x, u, y, mask, k, p, scale)
    return y, mask


def dropout_forward_numba(x, u, p):
    flat_x, flat_u = np.ascontiguousarray(x).reshape(-1), np.ascontiguousarray(u).reshape(-1)
    fn = _dropout_parallel if x.size >= PARALLEL_THRESHOLD else _dropout_serial
    y, mask = fn(flat_x, flat_u, flat_u.dtype.type(p), _scale(p))
    return y.reshape(x.shape), mask.reshape(x.shape)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "dropout_forward": (dropout_forward_numpy, dropout_forward_numba),
}
