"""Elementwise activations, forward and backward.

Forward rules and their derivatives, with y the forward output:
    relu(x)       = max(x, 0)                 relu'(x)       = 1 if x > 0 else 0
    leaky_relu(x) = x if x > 0 else a*x       leaky_relu'(x) = 1 if x > 0 else a
    sigmoid(x)    = 1 / (1 + e^-x)            sigmoid'(x)    = y * (1 - y)
    tanh(x)                                   tanh'(x)       = 1 - y^2
The backward kernels return ``g * f'``: the upstream gradient times the local derivative, in one pass.
NumPy needs a temporary array for each step; the Numba twins fuse them into one loop.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


# ---- NumPy reference -------------------------------------------------------------------------------

def relu_forward_numpy(x):
    return np.maximum(x, 0)


def relu_backward_numpy(x, g):
    return g * (x > 0)


def leaky_relu_forward_numpy(x, slope):
    return np.where(x > 0, x, x * x.dtype.type(slope))


def leaky_relu_backward_numpy(x, g, slope):
    return np.where(x > 0, g, g * g.dtype.type(slope))


def sigmoid_forward_numpy(x):
    e = np.exp(-np.abs(x))  # never overflows: e <= 1
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_backward_numpy(y, g):
    return g * y * (1 - y)


def tanh_forward_numpy(x):
    return np.tanh(x)


def tanh_backward_numpy(y, g):
    return g * (1 - y * y)


# ---- Numba twins: one fused loop over the flattened arrays -----------------------------------------

def _flat(a):
    return np.ascontiguousarray(a).reshape(-1)


def _elementwise(serial, parallel, *arrays_then_args):
    """Run a 1-D kernel over flattened inputs and give the result the first input's shape."""
    first = arrays_then_args[0]
    fn = parallel if first.size >= PARALLEL_THRESHOLD else serial
    args = [_flat(a) if isinstance(a, np.ndarray) else a for a in arrays_then_args]
    return fn(*args).reshape(first.shape)


def _relu_fwd(x):
    out = np.empty_like(x)
    for i in prange(x.size):
        out[i] = x[i] if x[i] > 0 else 0
    return out


def _relu_bwd(x, g):
    out = np.empty_like(g)
    for i in prange(x.size):
        out[i] = g[i] if x[i] > 0 else 0
    return out


def _leaky_fwd(x, slope):
    out = np.empty_like(x)
    for i in prange(x.size):
        out[i] = x[i] if x[i] > 0 else x[i] * slope
    return out


def _leaky_bwd(x, g, slope):
    out = np.empty_like(g)
    for i in prange(x.size):
        out[i] = g[i] if x[i] > 0 else g[i] * slope
    return out


def _sigmoid_fwd(x):
    out = np.empty_like(x)
    for i in prange(x.size):
        e = np.exp(-abs(x[i]))
        out[i] = 1 / (1 + e) if x[i] >= 0 else e / (1 + e)
    return out


def _sigmoid_bwd(y, g):
    out = np.empty_like(g)
    for i in prange(y.size):
        out[i] = g[i] * y[i] * (1 - y[i])
    return out


def _tanh_fwd(x):
    out = np.empty_like(x)
    for i in prange(x.size):
        out[i] = np.tanh(x[i])
    return out


def _tanh_bwd(y, g):
    out = np.empty_like(g)
    for i in prange(y.size):
        out[i] = g[i] * (1 - y[i] * y[i])
    return out


_relu_fwd_s, _relu_fwd_p = njit(cache=True)(_relu_fwd), njit(cache=True, parallel=True)(_relu_fwd)
_relu_bwd_s, _relu_bwd_p = njit(cache=True)(_relu_bwd), njit(cache=True, parallel=True)(_relu_bwd)
_leaky_fwd_s, _leaky_fwd_p = njit(cache=True)(_leaky_fwd), njit(cache=True, parallel=True)(_leaky_fwd)
_leaky_bwd_s, _leaky_bwd_p = njit(cache=True)(_leaky_bwd), njit(cache=True, parallel=True)(_leaky_bwd)
_sigmoid_fwd_s, _sigmoid_fwd_p = njit(cache=True)(_sigmoid_fwd), njit(cache=True, parallel=True)(_sigmoid_fwd)
_sigmoid_bwd_s, _sigmoid_bwd_p = njit(cache=True)(_sigmoid_bwd), njit(cache=True, parallel=True)(_sigmoid_bwd)
_tanh_fwd_s, _tanh_fwd_p = njit(cache=True)(_tanh_fwd), njit(cache=True, parallel=True)(_tanh_fwd)
_tanh_bwd_s, _tanh_bwd_p = njit(cache=True)(_tanh_bwd), njit(cache=True, parallel=True)(_tanh_bwd)


def relu_forward_numba(x):
    return _elementwise(_relu_fwd_s, _relu_fwd_p, x)


def relu_backward_numba(x, g):
    return _elementwise(_relu_bwd_s, _relu_bwd_p, x, g)


def leaky_relu_forward_numba(x, slope):
    return _elementwise(_leaky_fwd_s, _leaky_fwd_p, x, x.dtype.type(slope))


def leaky_relu_backward_numba(x, g, slope):
    return _elementwise(_leaky_bwd_s, _leaky_bwd_p, x, g, g.dtype.type(slope))


def sigmoid_forward_numba(x):
    return _elementwise(_sigmoid_fwd_s, _sigmoid_fwd_p, x)


def sigmoid_backward_numba(y, g):
    return _elementwise(_sigmoid_bwd_s, _sigmoid_bwd_p, y, g)


def tanh_forward_numba(x):
    return _elementwise(_tanh_fwd_s, _tanh_fwd_p, x)


def tanh_backward_numba(y, g):
    return _elementwise(_tanh_bwd_s, _tanh_bwd_p, y, g)
