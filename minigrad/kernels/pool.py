"""2-D max pooling, forward and backward, through the argmax.

Each output entry is the largest input in its (kh, kw) window (windows step by (sh, sw) over the input padded
with -inf by (ph, pw)):
    forward:   out[n, c, oh, ow] = max over the window,  argmax = where it was (a flat index into the H*W plane)
    backward:  the window's maximum alone moved the output, so x_grad[argmax] += out_grad  (0 elsewhere)
Ties go to the first maximum in row-major window order; a NaN counts as the maximum (as in PyTorch).
Inputs are (planes, H, W) with planes = N * C.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD
from .conv import output_size


# ---- NumPy reference: all windows at once as a strided view ------------------------------------------------

def max_pool2d_forward_numpy(x, kh, kw, sh, sw, ph, pw):
    """(out, argmax), both of shape (planes, OH, OW)."""
    P, H, W = x.shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)), constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
    windows = windows.reshape(P, OH, OW, kh * kw)
    best = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, best[..., None], axis=-1)[..., 0]
    # a window whose maximum is -inf points at its first real cell, never at the padding
    real = np.pad(np.ones((H, W), bool), ((ph, ph), (pw, pw)))
    first_real = np.lib.stride_tricks.sliding_window_view(real, (kh, kw))[::sh, ::sw].reshape(OH, OW, -1).argmax(-1)
    best = np.where(out == -np.inf, first_real, best)
    rows = np.arange(OH)[:, None] * sh + best // kw - ph
    cols = np.arange(OW)[None, :] * sw + best % kw - pw
    return out, (rows * W + cols).astype(np.int64)


def max_pool2d_backward_numpy(g, argmax, H, W):
    """x_grad of shape (planes, H, W): each output's gradient added at its argmax."""
    P = g.shape[0]
    dx = np.zeros((P, H * W), g.dtype)
    np.add.at(dx, (np.arange(P)[:, None, None], argmax), g)
    return dx.reshape(P, H, W)


# ---- Numba twin: one plane per loop step -------------------------------------------------------------------

@njit(cache=True, inline="always")
def _pool_plane(x, out, argmax, p, kh, kw, sh, sw, ph, pw):
    """Plane p: each window's maximum and where it was. The comparison picks with a select, not a branch: on
    random data a branch guesses wrong half the time."""
    H, W = x.shape[1], x.shape[2]
    for oh in range(out.shape[1]):
        top = oh * sh - ph
        r0, r1 = max(top, 0), min(top + kh, H)
        for ow in range(out.shape[2]):
            left = ow * sw - pw
            q0, q1 = max(left, 0), min(left + kw, W)
            best, where = x[p, r0, q0], r0 * W + q0
            for r in range(r0, r1):
                for q in range(q0, q1):
                    v = x[p, r, q]
                    better = (v > best) | ((v != v) & (best == best))
                    best = v if better else best
                    where = r * W + q if better else where
            out[p, oh, ow] = best
            argmax[p, oh, ow] = where


@njit(cache=True)
def _pool_serial(x, kh, kw, sh, sw, ph, pw, OH, OW):
    out = np.empty((x.shape[0], OH, OW), x.dtype)
    argmax = np.empty((x.shape[0], OH, OW), np.int64)
    for p in range(x.shape[0]):
        _pool_plane(x, out, argmax, p, kh, kw, sh, sw, ph, pw)
    return out, argmax


@njit(cache=True, parallel=True)
def _pool_parallel(x, kh, kw, sh, sw, ph, pw, OH, OW):
    out = np.empty((x.shape[0], OH, OW), x.dtype)
    argmax = np.empty((x.shape[0], OH, OW), np.int64)
    for p in prange(x.shape[0]):
        _pool_plane(x, out, argmax, p, kh, kw, sh, sw, ph, pw)
    return out, argmax


@njit(cache=True, inline="always")
def _unpool_plane(g, argmax, dx, p):
    for oh in range(g.shape[1]):
        for ow in range(g.shape[2]):
            dx[p, argmax[p, oh, ow]] += g[p, oh, ow]


@njit(cache=True)
def _unpool_serial(g, argmax, dx):
    for p in range(g.shape[0]):
        _unpool_plane(g, argmax, dx, p)


@njit(cache=True, parallel=True)
def _unpool_parallel(g, argmax, dx):
    for p in prange(g.shape[0]):
        _unpool_plane(g, argmax, dx, p)


def max_pool2d_forward_numba(x, kh, kw, sh, sw, ph, pw):
    x = np.ascontiguousarray(x)
    OH, OW = output_size(x.shape[1], kh, sh, ph), output_size(x.shape[2], kw, sw, pw)
    fn = _pool_parallel if x.size >= PARALLEL_THRESHOLD else _pool_serial
    return fn(x, kh, kw, sh, sw, ph, pw, OH, OW)


def max_pool2d_backward_numba(g, argmax, H, W):
    g, argmax = np.ascontiguousarray(g), np.ascontiguousarray(argmax, dtype=np.int64)
    dx = np.zeros((g.shape[0], H * W), g.dtype)
    fn = _unpool_parallel if dx.size >= PARALLEL_THRESHOLD else _unpool_serial
    fn(g, argmax, dx)
    return dx.reshape(g.shape[0], H, W)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "max_pool2d_forward": (max_pool2d_forward_numpy, max_pool2d_forward_numba),
    "max_pool2d_backward": (max_pool2d_backward_numpy, max_pool2d_backward_numba),
}
