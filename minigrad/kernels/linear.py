"""The fused linear layer: a layer of neurons with their activation, forward and backward.

With W of shape (out_features, in_features), as in PyTorch:
    forward:   z = x @ W.T + b,   y = act(z)
    backward:  dz = g * act'(z)  (g = dL/dy; act' is written with the output y, see activations.py)
               dx = dz @ W,   dW = dz.T @ x,   db = sum of dz over the batch (the rows)
The matrix products go to NumPy's BLAS (``@``). The Numba twin fuses what BLAS cannot do: the bias add and the
activation in the forward, and the activation's derivative with the column sum for db in the backward, each in
one pass over the (batch, out_features) matrix.

``activation`` is None, "relu", "leaky_relu", "sigmoid" or "tanh". The derivative is read from the output y, so
leaky_relu needs ``negative_slope >= 0`` (then y > 0 exactly where z > 0).
"""
import numpy as np
from numba import get_num_threads, njit, prange

from . import PARALLEL_THRESHOLD
from .activations import (leaky_relu_backward_numpy, leaky_relu_forward_numpy, relu_backward_numpy,
                          relu_forward_numpy, sigmoid_backward_numpy, sigmoid_forward_numpy, tanh_backward_numpy,
                          tanh_forward_numpy)

ACTIVATIONS = (None, "relu", "leaky_relu", "sigmoid", "tanh")


# ---- NumPy reference ---------------------------------------------------------------------------------------

_FORWARD = {
    None: lambda z, slope: z,
    "relu": lambda z, slope: relu_forward_numpy(z),
    "leaky_relu": leaky_relu_forward_numpy,
    "sigmoid": lambda z, slope: sigmoid_forward_numpy(z),
    "tanh": lambda z, slope: tanh_forward_numpy(z),
}

_BACKWARD = {
    None: lambda y, g, slope: g,
    "relu": lambda y, g, slope: relu_backward_numpy(y, g),
    "leaky_relu": leaky_relu_backward_numpy,
    "sigmoid": lambda y, g, slope: sigmoid_backward_numpy(y, g),
    "tanh": lambda y, g, slope: tanh_backward_numpy(y, g),
}


def linear_forward_numpy(x, W, b, activation, negative_slope):
    """y = act(x @ W.T + b) for a batch x of shape (N, in_features); b may be None."""
    z = x @ W.T
    if b is not None:
        z = z + b
    return _FORWARD[activation](z, negative_slope)


def linear_backward_numpy(g, x, W, y, activation, negative_slope, needs=(True, True, True)):
    """(dx, dW, db) from g = dL/dy; an entry is None where ``needs`` (for x, W, b) is False."""
    dz = _BACKWARD[activation](y, g, negative_slope)
    dx = dz @ W if needs[0] else None
    dW = dz.T @ x if needs[1] else None
    db = dz.sum(axis=0, dtype=np.float64).astype(dz.dtype) if needs[2] else None
    return dx, dW, db


# ---- Numba twin: the activation as a scalar function, coded by an integer ----------------------------------

_CODES = {name: code for code, name in enumerate(ACTIVATIONS)}


@njit(cache=True, inline="always")
def _activate(z, code, slope):
    if code == 1:
        return 0.0 if z <= 0 else z  # NaN fails every comparison, so it passes through as in np.maximum
    if code == 2:
        return z if z > 0 else z * slope
    if code == 3:
        e = np.exp(-abs(z))
        return 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    if code == 4:
        return np.tanh(z)
    return z


@njit(cache=True, inline="always")
def _derivative(y, code, slope):
    """act'(z), written with the output y = act(z)."""
    if code == 1:
        return 1.0 if y > 0 else 0.0
    if code == 2:
        return 1.0 if y > 0 else slope
    if code == 3:
        return y * (1.0 - y)
    if code == 4:
        return 1.0 - y * y
    return 1.0


@njit(cache=True, inline="always")
def _bias_activate_row(z, b, i, code, slope):
    for j in range(z.shape[1]):
        z[i, j] = _activate(z[i, j] + b[j], code, slope)


@njit(cache=True)
def _bias_activate_serial(z, b, code, slope):
    for i in range(z.shape[0]):
        _bias_activate_row(z, b, i, code, slope)


@njit(cache=True, parallel=True)
def _bias_activate_parallel(z, b, code, slope):
    for i in prange(z.shape[0]):
        _bias_activate_row(z, b, i, code, slope)


@njit(cache=True, inline="always")
def _dz_rows(g, y, dz, db, start, stop, code, slope):
    """dz = g * act'(y) for rows start..stop, adding each column's sum into db (float64)."""
    for i in range(start, stop):
        for j in range(y.shape[1]):
            # relu selects rather than multiplies, as PyTorch does: an inf gradient of a dead unit gives 0, not NaN
            d = 0.0 if code == 1 and not y[i, j] > 0 else g[i, j] * _derivative(y[i, j], code, slope)
            dz[i, j] = d
            db[j] += d


@njit(cache=True)
def _dz_serial(g, y, code, slope, dz, partial):
    _dz_rows(g, y, dz, partial[0], 0, y.shape[0], code, slope)


@njit(cache=True, parallel=True)
def _dz_parallel(g, y, code, slope, dz, partial):
    """Each block of rows sums its own partial db, so no two threads write the same entry."""
    blocks, rows = partial.shape[0], y.shape[0]
    for k in prange(blocks):
        _dz_rows(g, y, dz, partial[k], k * rows // blocks, (k + 1) * rows // blocks, code, slope)


def linear_forward_numba(x, W, b, activation, negative_slope):
    z = x @ W.T
    b = np.zeros(z.shape[1], z.dtype) if b is None else np.ascontiguousarray(b, dtype=z.dtype)
    fn = _bias_activate_parallel if z.size >= PARALLEL_THRESHOLD else _bias_activate_serial
    fn(z, b, _CODES[activation], float(negative_slope))
    return z


def linear_backward_numba(g, x, W, y, activation, negative_slope, needs=(True, True, True)):
    g = np.ascontiguousarray(g, dtype=y.dtype)
    y = np.ascontiguousarray(y)
    parallel = y.size >= PARALLEL_THRESHOLD
    blocks = max(1, min(len(y), get_num_threads())) if parallel else 1  # one partial db per block of rows
    dz, partial = np.empty_like(y), np.zeros((blocks, y.shape[1]))
    (_dz_parallel if parallel else _dz_serial)(g, y, _CODES[activation], float(negative_slope), dz, partial)
    dx = dz @ W if needs[0] else None
    dW = dz.T @ x if needs[1] else None
    db = (partial.sum(axis=0) if blocks > 1 else partial[0]).astype(y.dtype) if needs[2] else None
    return dx, dW, db


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "linear_forward": (linear_forward_numpy, linear_forward_numba),
    "linear_backward": (linear_backward_numpy, linear_backward_numba),
}
