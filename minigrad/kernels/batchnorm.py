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
The Numba twin loops channel by channel inside each sample, which pays off for images (many entries per
channel). For plain features (L = 1) that inner loop has one step, and NumPy's broadcasting measured faster
(benchmarks/kernels.py), so the Numba entry hands that case to the reference.
"""
import numpy as np
from numba import get_num_threads, njit, prange

from . import PARALLEL_THRESHOLD


# ---- NumPy reference ---------------------------------------------------------------------------------------

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


# ---- Numba twin: sums in memory order, samples split into blocks (one partial sum per block) ---------------
# The Python wrappers allocate the arrays and chain the passes; each parallel function holds a single prange
# loop and no array expressions, which keeps its compile time short.

@njit(cache=True, inline="always")
def _sum_block(x, center, power, start, stop, acc):
    """acc[c] += sum of (x - center[c]) ** power over samples start..stop (power 1 or 2)."""
    for n in range(start, stop):
        for c in range(x.shape[1]):
            total = 0.0
            for k in range(x.shape[2]):
                d = x[n, c, k] - center[c]
                total += d if power == 1 else d * d
            acc[c] += total


@njit(cache=True)
def _sums_serial(x, center, power, partial):
    _sum_block(x, center, power, 0, x.shape[0], partial[0])


@njit(cache=True, parallel=True)
def _sums_parallel(x, center, power, partial):
    blocks, N = partial.shape[0], x.shape[0]
    for b in prange(blocks):
        _sum_block(x, center, power, b * N // blocks, (b + 1) * N // blocks, partial[b])


@njit(cache=True, inline="always")
def _forward_plane(x, mean, invstd, gamma, beta, y, t):
    n, c = t // x.shape[1], t % x.shape[1]
    for k in range(x.shape[2]):
        y[n, c, k] = (x[n, c, k] - mean[c]) * invstd[c] * gamma[c] + beta[c]


@njit(cache=True)
def _forward_serial(x, mean, invstd, gamma, beta, y):
    for t in range(x.shape[0] * x.shape[1]):
        _forward_plane(x, mean, invstd, gamma, beta, y, t)


@njit(cache=True, parallel=True)
def _forward_parallel(x, mean, invstd, gamma, beta, y):
    for t in prange(x.shape[0] * x.shape[1]):
        _forward_plane(x, mean, invstd, gamma, beta, y, t)


@njit(cache=True, inline="always")
def _grad_sums_block(g, x, mean, invstd, start, stop, sum_g, sum_gx):
    """sum_g[c] += sum of g, sum_gx[c] += sum of g * xhat, over samples start..stop."""
    for n in range(start, stop):
        for c in range(x.shape[1]):
            total_g, total_gx = 0.0, 0.0
            for k in range(x.shape[2]):
                total_g += g[n, c, k]
                total_gx += g[n, c, k] * ((x[n, c, k] - mean[c]) * invstd[c])
            sum_g[c] += total_g
            sum_gx[c] += total_gx


@njit(cache=True)
def _grad_sums_serial(g, x, mean, invstd, partial_g, partial_gx):
    _grad_sums_block(g, x, mean, invstd, 0, x.shape[0], partial_g[0], partial_gx[0])


@njit(cache=True, parallel=True)
def _grad_sums_parallel(g, x, mean, invstd, partial_g, partial_gx):
    blocks, N = partial_g.shape[0], x.shape[0]
    for b in prange(blocks):
        _grad_sums_block(g, x, mean, invstd, b * N // blocks, (b + 1) * N // blocks, partial_g[b], partial_gx[b])


@njit(cache=True, inline="always")
def _dx_plane(g, x, mean, invstd, gamma, sum_g, sum_gx, training, dx, t):
    n, c = t // x.shape[1], t % x.shape[1]
    M = x.shape[0] * x.shape[2]
    scale = gamma[c] * invstd[c]
    for k in range(x.shape[2]):
        if training:
            xhat = (x[n, c, k] - mean[c]) * invstd[c]
            dx[n, c, k] = scale / M * (M * g[n, c, k] - sum_g[c] - xhat * sum_gx[c])
        else:
            dx[n, c, k] = scale * g[n, c, k]


@njit(cache=True)
def _dx_serial(g, x, mean, invstd, gamma, sum_g, sum_gx, training, dx):
    for t in range(x.shape[0] * x.shape[1]):
        _dx_plane(g, x, mean, invstd, gamma, sum_g, sum_gx, training, dx, t)


@njit(cache=True, parallel=True)
def _dx_parallel(g, x, mean, invstd, gamma, sum_g, sum_gx, training, dx):
    for t in prange(x.shape[0] * x.shape[1]):
        _dx_plane(g, x, mean, invstd, gamma, sum_g, sum_gx, training, dx, t)


def _contiguous(dtype, *arrays):
    return [np.ascontiguousarray(a, dtype=dtype) for a in arrays]


def _partial(x):
    """Zeroed float64 partial sums, one row per block of samples: one block per thread when parallel."""
    blocks = max(1, min(x.shape[0], get_num_threads())) if x.size >= PARALLEL_THRESHOLD else 1
    return np.zeros((blocks, x.shape[1]))


def _pick(x, serial, parallel):
    return parallel if x.size >= PARALLEL_THRESHOLD else serial


def batchnorm_stats_numba(x):
    if x.shape[2] == 1:
        return batchnorm_stats_numpy(x)
    x = np.ascontiguousarray(x)
    M, sums = x.shape[0] * x.shape[2], _pick(x, _sums_serial, _sums_parallel)
    total, squares = _partial(x), _partial(x)
    sums(x, np.zeros(x.shape[1]), 1, total)
    mean = total.sum(axis=0) / M
    sums(x, mean, 2, squares)
    return mean.astype(x.dtype), (squares.sum(axis=0) / M).astype(x.dtype)


def batchnorm_forward_numba(x, mean, invstd, gamma, beta):
    x, mean, invstd, gamma, beta = _contiguous(x.dtype, x, mean, invstd, gamma, beta)
    if x.shape[2] == 1:
        return batchnorm_forward_numpy(x, mean, invstd, gamma, beta)
    y = np.empty_like(x)
    _pick(x, _forward_serial, _forward_parallel)(x, mean, invstd, gamma, beta, y)
    return y


def batchnorm_backward_numba(g, x, mean, invstd, gamma, training):
    g, x, mean, invstd, gamma = _contiguous(x.dtype, g, x, mean, invstd, gamma)
    if x.shape[2] == 1:
        return batchnorm_backward_numpy(g, x, mean, invstd, gamma, training)
    partial_g, partial_gx = _partial(x), _partial(x)
    _pick(x, _grad_sums_serial, _grad_sums_parallel)(g, x, mean, invstd, partial_g, partial_gx)
    sum_g, sum_gx = partial_g.sum(axis=0), partial_gx.sum(axis=0)
    dx = np.empty_like(x)
    _pick(x, _dx_serial, _dx_parallel)(g, x, mean, invstd, gamma, sum_g, sum_gx, bool(training), dx)
    return dx, sum_gx.astype(x.dtype), sum_g.astype(x.dtype)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "batchnorm_stats": (batchnorm_stats_numpy, batchnorm_stats_numba),
    "batchnorm_forward": (batchnorm_forward_numpy, batchnorm_forward_numba),
    "batchnorm_backward": (batchnorm_backward_numpy, batchnorm_backward_numba),
}
