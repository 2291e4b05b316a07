"""2-D max pooling, forward and backward, through the argmax, on images with their channels last.

Each output entry is the largest input in its (kh, kw) window (windows step by (sh, sw) over the input padded
with -inf by (ph, pw)):
    forward:   out[n, oh, ow, c] = max over the window of channel c,
               argmax[n, oh, ow, c] = where it was (a flat index r * W + q into the H x W plane)
    backward:  the window's maximum alone moved the output, so x_grad[n, r, q, c] += out_grad at that argmax
               (0 elsewhere)
Ties go to the first maximum in row-major window order; a NaN counts as the maximum (as in PyTorch).
Inputs are (N, H, W, C): channels last, the layout a convolution's rows come in (F.max_pool2d passes a
transposed view of its (N, C, H, W) input). Then the innermost loop runs over the C channels of one pixel, side
by side in memory, and the compiler can compare 8 or 16 of them at once.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD
from .conv import output_size


# ---- NumPy reference: all windows at once as a strided view ------------------------------------------------

def max_pool2d_forward_numpy(x, kh, kw, sh, sw, ph, pw):
    """(out, argmax), both of shape (N, OH, OW, C), from x of shape (N, H, W, C)."""
    N, H, W, C = x.shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)), constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
    windows = windows.reshape(N, OH, OW, C, kh * kw)
    best = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, best[..., None], axis=-1)[..., 0]
    # a window whose maximum is -inf points at its first real cell, never at the padding
    real = np.pad(np.ones((H, W), bool), ((ph, ph), (pw, pw)))
    first_real = np.lib.stride_tricks.sliding_window_view(real, (kh, kw))[::sh, ::sw].reshape(OH, OW, -1).argmax(-1)
    best = np.where(out == -np.inf, first_real[:, :, None], best)
    rows = np.arange(OH)[:, None, None] * sh + best // kw - ph
    cols = np.arange(OW)[:, None] * sw + best % kw - pw
    return out, (rows * W + cols).astype(np.int64)


def max_pool2d_backward_numpy(g, argmax, H, W):
    """x_grad of shape (N, H, W, C): each output's gradient added at its argmax."""
    N, _, _, C = g.shape
    dx = np.zeros((N, H * W, C), g.dtype)
    np.add.at(dx, (np.arange(N)[:, None, None, None], argmax, np.arange(C)), g)
    return dx.reshape(N, H, W, C)


# ---- Numba twin: one image per loop step, the channels innermost -------------------------------------------

@njit(cache=True, inline="always")
def _pool_image(x, out, argmax, n, kh, kw, sh, sw, ph, pw):
    """Image n: for each window, the running maximum of every channel and where it was. The comparison picks
    with a select, not a branch, so the loop over the channels runs as vector instructions."""
    H, W, C = x.shape[1], x.shape[2], x.shape[3]
    for oh in range(out.shape[1]):
        top = oh * sh - ph
        r0, r1 = max(top, 0), min(top + kh, H)
        for ow in range(out.shape[2]):
            left = ow * sw - pw
            q0, q1 = max(left, 0), min(left + kw, W)
            best, where = out[n, oh, ow], argmax[n, oh, ow]
            for c in range(C):
                best[c], where[c] = x[n, r0, q0, c], r0 * W + q0
            for r in range(r0, r1):
                for q in range(q0, q1):
                    for c in range(C):
                        v, b = x[n, r, q, c], best[c]
                        better = (v > b) | ((v != v) & (b == b))
                        best[c] = v if better else b
                        where[c] = r * W + q if better else where[c]


@njit(cache=True)
def _pool_serial(x, out, argmax, kh, kw, sh, sw, ph, pw):
    for n in range(x.shape[0]):
        _pool_image(x, out, argmax, n, kh, kw, sh, sw, ph, pw)


@njit(cache=True, parallel=True)
def _pool_parallel(x, out, argmax, kh, kw, sh, sw, ph, pw):
    for n in prange(x.shape[0]):
        _pool_image(x, out, argmax, n, kh, kw, sh, sw, ph, pw)


@njit(cache=True, inline="always")
def _unpool_image(g, argmax, dx, n):
    for oh in range(g.shape[1]):
        for ow in range(g.shape[2]):
            for c in range(g.shape[3]):
                dx[n, argmax[n, oh, ow, c], c] += g[n, oh, ow, c]


@njit(cache=True)
def _unpool_serial(g, argmax, dx):
    for n in range(g.shape[0]):
        _unpool_image(g, argmax, dx, n)


@njit(cache=True, parallel=True)
def _unpool_parallel(g, argmax, dx):
    for n in prange(g.shape[0]):
        _unpool_image(g, argmax, dx, n)


def max_pool2d_forward_numba(x, kh, kw, sh, sw, ph, pw):
    x = np.ascontiguousarray(x)
    N, H, W, C = x.shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    out, argmax = np.empty((N, OH, OW, C), x.dtype), np.empty((N, OH, OW, C), np.int64)
    fn = _pool_parallel if x.size >= PARALLEL_THRESHOLD else _pool_serial
    fn(x, out, argmax, kh, kw, sh, sw, ph, pw)
    return out, argmax


def max_pool2d_backward_numba(g, argmax, H, W):
    g, argmax = np.ascontiguousarray(g), np.ascontiguousarray(argmax, dtype=np.int64)
    N, _, _, C = g.shape
    dx = np.zeros((N, H * W, C), g.dtype)
    fn = _unpool_parallel if dx.size >= PARALLEL_THRESHOLD else _unpool_serial
    fn(g, argmax, dx)
    return dx.reshape(N, H, W, C)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "max_pool2d_forward": (max_pool2d_forward_numpy, max_pool2d_forward_numba),
    "max_pool2d_backward": (max_pool2d_backward_numpy, max_pool2d_backward_numba),
}
