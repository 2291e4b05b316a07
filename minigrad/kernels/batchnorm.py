"""Batch normalization over the channels of x, seen as (N, C, L) (L = H*W for images, 1 for features).

Per channel c, over its M = N*L entries:
    statistics:  mean = sum(x) / M,   var = sum((x - mean)^2) / M           (biased; sums in float64)
    forward:     xhat = (x - mean) * invstd,   y = gamma * xhat + beta,      invstd = 1 / sqrt(var + eps)
    backward (g = dL/dy):
        dbeta = sum(g),   dgamma = sum(g * xhat)
        training (mean and var came from this batch, so they depend on x):
            dx = gamma * invstd / M * (M g - dbeta - xhat * dgamma)
        evaluation (running statistics are constants):
            dx = gamma * invstd * g
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


# ---- NumPy reference -------------------------------------------------------------------------------

def batchnorm_stats_numpy(x):
    """(mean, biased var), each of shape (C,), in x's dtype."""
    mean = x.mean(axis=(0, 2), dtype=np.float64)
    centered = x - mean[:, None]
    var = (centered * centered).mean(axis=(0, 2))
    return mean.astype(x.dtype), var.astype(x.dtype)


def batchnorm_forward_numpy(x, mean, invstd, gamma, beta):
    xhat = (x - mean[:, None]) * invstd[:, None]
    return xhat * gamma[:, None] + beta[:, None]


def batchnorm_backward_numpy(g, x, mean, invstd, gamma, training):
    """(dx, dgamma, dbeta)."""
    xhat = (x - mean[:, None]) * invstd[:, None]
    dbeta = g.sum(axis=(0, 2), dtype=np.float64)
    dgamma = (g * xhat).sum(axis=(0, 2), dtype=np.float64)
    scale = (gamma * invstd)[:, None]
    if training:
        M = x.shape[0] * x.shape[2]
        dx = scale / M * (M * g - dbeta[:, None] - xhat * dgamma[:, None])
    else:
        dx = scale * g
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)


# ---- Numba twin: one channel per loop step ------------------------------------------------------------

@njit(cache=True)
def _stats_channel(x, mean, var, c):
    total = 0.0
    for n in range(x.shape[0]):
        for k in range(x.shape[2]):
            total += x[n, c, k]
    m = total / (x.shape[0] * x.shape[2])
    total = 0.0
    for n in range(x.shape[0]):
        for k in range(x.shape[2]):
            d = x[n, c, k] - m
            total += d * d
    mean[c] = m
    var[c] = total / (x.shape[0] * x.shape[2])


@njit(cache=True)
def _stats_serial(x):
    mean, var = np.empty(x.shape[1], x.dtype), np.empty(x.shape[1], x.dtype)
    for c in range(x.shape[1]):
        _stats_channel(x, mean, var, c)
    return mean, var


@njit(cache=True, parallel=True)
def _stats_parallel(x):
    mean, var = np.empty(x.shape[1], x.dtype), np.empty(x.shape[1], x.dtype)
    for c in prange(x.shape[1]):
        _stats_channel(x, mean, var, c)
    return mean, var


@njit(cache=True)
def _forward_channel(x, mean, invstd, gamma, beta, y, c):
    for n in range(x.shape[0]):
        for k in range(x.shape[2]):
            y[n, c, k] = (x[n, c, k] - mean[c]) * invstd[c] * gamma[c] + beta[c]


@njit(cache=True)
def _forward_serial(x, mean, invstd, gamma, beta):
    y = np.empty_like(x)
    for c in range(x.shape[1]):
        _forward_channel(x, mean, invstd, gamma, beta, y, c)
    return y


@njit(cache=True, parallel=True)
def _forward_parallel(x, mean, invstd, gamma, beta):
    y = np.empty_like(x)
    for c in prange(x.shape[1]):
        _forward_channel(x, mean, invstd, gamma, beta, y, c)
    return y


@njit(cache=True)
def _backward_channel(g, x, mean, invstd, gamma, training, dx, dgamma, dbeta, c):
    sum_g, sum_gx = 0.0, 0.0
    for n in range(x.shape[0]):
        for k in range(x.shape[2]):
            sum_g += g[n, c, k]
            sum_gx += g[n, c, k] * ((x[n, c, k] - mean[c]) * invstd[c])
    scale = gamma[c] * invstd[c]
    M = x.shape[0] * x.shape[2]
    for n in range(x.shape[0]):
        for k in range(x.shape[2]):
            if training:
                xhat = (x[n, c, k] - mean[c]) * invstd[c]
                dx[n, c, k] = scale / M * (M * g[n, c, k] - sum_g - xhat * sum_gx)
            else:
                dx[n, c, k] = scale * g[n, c, k]
    dgamma[c] = sum_gx
    dbeta[c] = sum_g


@njit(cache=True)
def _backward_serial(g, x, mean, invstd, gamma, training):
    dx = np.empty_like(x)
    dgamma, dbeta = np.empty(x.shape[1], x.dtype), np.empty(x.shape[1], x.dtype)
    for c in range(x.shape[1]):
        _backward_channel(g, x, mean, invstd, gamma, training, dx, dgamma, dbeta, c)
    return dx, dgamma, dbeta


@njit(cache=True, parallel=True)
def _backward_parallel(g, x, mean, invstd, gamma, training):
    dx = np.empty_like(x)
    dgamma, dbeta = np.empty(x.shape[1], x.dtype), np.empty(x.shape[1], x.dtype)
    for c in prange(x.shape[1]):
        _backward_channel(g, x, mean, invstd, gamma, training, dx, dgamma, dbeta, c)
    return dx, dgamma, dbeta


def _contiguous(dtype, *arrays):
    return [np.ascontiguousarray(a, dtype=dtype) for a in arrays]


def batchnorm_stats_numba(x):
    x = np.ascontiguousarray(x)
    return (_stats_parallel if x.size >= PARALLEL_THRESHOLD else _stats_serial)(x)


def batchnorm_forward_numba(x, mean, invstd, gamma, beta):
    x, mean, invstd, gamma, beta = _contiguous(x.dtype, x, mean, invstd, gamma, beta)
    return (_forward_parallel if x.size >= PARALLEL_THRESHOLD else _forward_serial)(x, mean, invstd, gamma, beta)


def batchnorm_backward_numba(g, x, mean, invstd, gamma, training):
    g, x, mean, invstd, gamma = _contiguous(x.dtype, g, x, mean, invstd, gamma)
    fn = _backward_parallel if x.size >= PARALLEL_THRESHOLD else _backward_serial
    return fn(g, x, mean, invstd, gamma, bool(training))
