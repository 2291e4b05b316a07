"""Elementwise activations, forward and backward.

Forward rules and their derivatives, with y the forward output:
    relu(x)       = max(x, 0)                 relu'(x)       = 1 if x > 0 else 0
    leaky_relu(x) = x if x > 0 else a*x       leaky_relu'(x) = 1 if x > 0 else a
    sigmoid(x)    = 1 / (1 + e^-x)            sigmoid'(x)    = y * (1 - y)
    tanh(x)                                   tanh'(x)       = 1 - y^2
The backward kernels return ``g * f'``: the upstream gradient times the local derivative, in one pass.
NumPy needs a temporary array for each step; the Numba twins fuse them into one loop.
"""
import math

import numpy as np
from numba import njit


# ---- NumPy reference -------------------------------------------------------------------------------

def relu_forward_numpy(x):
    return np.maximum(x, 0)


def relu_backward_numpy(x, g):
    return np.where(x > 0, g, 0).astype(g.dtype, copy=False)


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
# Serial on purpose: measured on 2 cores (benchmarks/kernels.py), a parallel launch never paid for these
# memory-bound loops at training sizes (relu on 4M floats: 1.3 ms serial, 6.9 ms parallel). tanh and sigmoid use
# exp(-|x|) (expm1 for tanh, which keeps float64 precision near 0), which never overflows.

def _elementwise(fn, *arrays_then_args):
    """Run a 1-D kernel over the inputs' entries in the first input's memory order, and give the result its shape
    and layout: images a convolution left channels last stay so, with no copy either way."""
    first = arrays_then_args[0]
    order = np.argsort([-stride for stride in first.strides], kind="stable")  # its axes, outermost in memory first
    ordered = [np.ascontiguousarray(a.transpose(order)) if isinstance(a, np.ndarray) else a for a in arrays_then_args]
    result = fn(*[a.reshape(-1) if isinstance(a, np.ndarray) else a for a in ordered])
    return result.reshape(first.transpose(order).shape).transpose(np.argsort(order))


@njit(cache=True, error_model="numpy")
def _relu_fwd(x):
    out = np.empty_like(x)
    for i in range(x.size):
        out[i] = 0 if x[i] <= 0 else x[i]  # NaN fails every comparison, so it passes through as in np.maximum
    return out


@njit(cache=True, error_model="numpy")
def _relu_bwd(x, g):
    out = np.empty_like(g)
    for i in range(x.size):
        out[i] = g[i] if x[i] > 0 else 0
    return out


@njit(cache=True, error_model="numpy")
def _leaky_fwd(x, slope):
    out = np.empty_like(x)
    for i in range(x.size):
        out[i] = x[i] if x[i] > 0 else x[i] * slope
    return out


@njit(cache=True, error_model="numpy")
def _leaky_bwd(x, g, slope):
    out = np.empty_like(g)
    for i in range(x.size):
        out[i] = g[i] if x[i] > 0 else g[i] * slope
    return out


@njit(cache=True, error_model="numpy")
def _sigmoid_fwd(x):
    out = np.empty_like(x)
    for i in range(x.size):
        e = math.exp(-abs(x[i]))
        out[i] = 1 / (1 + e) if x[i] >= 0 else e / (1 + e)
    return out


@njit(cache=True, error_model="numpy")
def _sigmoid_bwd(y, g):
    out = np.empty_like(g)
    for i in range(y.size):
        out[i] = g[i] * y[i] * (1 - y[i])
    return out


@njit(cache=True, error_model="numpy")
def _tanh_fwd(x):
    out = np.empty_like(x)
    for i in range(x.size):
        m = math.expm1(-2 * abs(x[i]))  # tanh|x| = (1 - e^-2|x|) / (1 + e^-2|x|) = -m / (2 + m), exact near 0
        t = -m / (2 + m)
        out[i] = math.copysign(t, x[i])
    return out


@njit(cache=True, error_model="numpy")
def _tanh_bwd(y, g):
    out = np.empty_like(g)
    for i in range(y.size):
        out[i] = g[i] * (1 - y[i] * y[i])
    return out


def relu_forward_numba(x):
    return _elementwise(_relu_fwd, x)


def relu_backward_numba(x, g):
    return _elementwise(_relu_bwd, x, g)


def leaky_relu_forward_numba(x, slope):
    return _elementwise(_leaky_fwd, x, x.dtype.type(slope))


def leaky_relu_backward_numba(x, g, slope):
    return _elementwise(_leaky_bwd, x, g, g.dtype.type(slope))


def sigmoid_forward_numba(x):
    return _elementwise(_sigmoid_fwd, x)


def sigmoid_backward_numba(y, g):
    return _elementwise(_sigmoid_bwd, y, g)


def tanh_forward_numba(x):
    if x.dtype == np.float32:
        return np.tanh(x)  # NumPy's float32 tanh is SIMD-vectorized: 2x faster than any scalar loop (measured)
    return _elementwise(_tanh_fwd, x)


def tanh_backward_numba(y, g):
    return _elementwise(_tanh_bwd, y, g)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "relu_forward": (relu_forward_numpy, relu_forward_numba),
    "relu_backward": (relu_backward_numpy, relu_backward_numba),
    "leaky_relu_forward": (leaky_relu_forward_numpy, leaky_relu_forward_numba),
    "leaky_relu_backward": (leaky_relu_backward_numpy, leaky_relu_backward_numba),
    "sigmoid_forward": (sigmoid_forward_numpy, sigmoid_forward_numba),
    "sigmoid_backward": (sigmoid_backward_numpy, sigmoid_backward_numba),
    "tanh_forward": (tanh_forward_numpy, tanh_forward_numba),
    "tanh_backward": (tanh_backward_numpy, tanh_backward_numba),
}
