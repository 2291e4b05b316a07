"""im2col and col2im: a convolution becomes one matrix product.

A 2-D convolution slides a (C, kh, kw) window over the zero-padded input x of shape (N, C, H, W) with steps
(sh, sw). im2col copies every window into a column:
    cols[(c, i, j), (n, oh, ow)] = x[n, c, oh*sh + i - ph, ow*sw + j - pw]     (0 outside x)
so cols has shape (C*kh*kw, N*OH*OW), with OH = (H + 2 ph - kh) // sh + 1 (OW alike), and
    conv2d(x, W) = W.reshape(C_out, C*kh*kw) @ cols        (then reshaped to (N, C_out, OH, OW))
col2im is the adjoint (the transpose) of im2col: it adds each column entry back where it came from,
    x_grad[n, c, oh*sh + i - ph, ow*sw + j - pw] += cols[(c, i, j), (n, oh, ow)]
which is both the input gradient of a convolution and the forward of a transposed convolution.
The matrix products go to NumPy's BLAS; these two kernels do the copying.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


def output_size(size, kernel, stride, padding):
    """The number of window positions along one axis: (size + 2 padding - kernel) // stride + 1."""
    return (size + 2 * padding - kernel) // stride + 1


# ---- NumPy reference: one strided slice per kernel offset (i, j) -------------------------------------------

def im2col_numpy(x, kh, kw, sh, sw, ph, pw):
    N, C, H, W = x.shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = np.empty((C, kh, kw, N, OH, OW), x.dtype)
    for i in range(kh):
        for j in range(kw):
            window = xp[:, :, i:i + sh * (OH - 1) + 1:sh, j:j + sw * (OW - 1) + 1:sw]
            cols[:, i, j] = window.transpose(1, 0, 2, 3)
    return cols.reshape(C * kh * kw, N * OH * OW)


def col2im_numpy(cols, x_shape, kh, kw, sh, sw, ph, pw):
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    cols = cols.reshape(C, kh, kw, N, OH, OW)
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw), cols.dtype)
    for i in range(kh):
        for j in range(kw):
            xp[:, :, i:i + sh * (OH - 1) + 1:sh, j:j + sw * (OW - 1) + 1:sw] += cols[:, i, j].transpose(1, 0, 2, 3)
    return np.ascontiguousarray(xp[:, :, ph:ph + H, pw:pw + W])


# ---- Numba twin: one (n, c) plane per loop step, in both directions ------------------------------------------

@njit(cache=True, inline="always")
def _inside(count, size, offset, stride, padding):
    """The range lo..hi of window positions o (0 <= o < count) whose cell o*stride + offset - padding is inside
    0..size-1: the loops then run without a bounds test per entry."""
    lo = min(count, max(0, -((offset - padding) // stride)))
    hi = max(lo, min(count, (size - 1 - offset + padding) // stride + 1))
    return lo, hi


@njit(cache=True, inline="always")
def _im2col_plane(x, cols, t, kh, kw, sh, sw, ph, pw, OH, OW):
    """Copy plane (n, c) of x into its kh*kw rows of cols (cols starts as zeros: the padding stays 0)."""
    C, H, W = x.shape[1], x.shape[2], x.shape[3]
    n, c = t // C, t % C
    base = n * OH * OW
    for i in range(kh):
        oh_lo, oh_hi = _inside(OH, H, i, sh, ph)
        for j in range(kw):
            ow_lo, ow_hi = _inside(OW, W, j, sw, pw)
            row = (c * kh + i) * kw + j
            for oh in range(oh_lo, oh_hi):
                r, start = oh * sh + i - ph, base + oh * OW
                for ow in range(ow_lo, ow_hi):
                    cols[row, start + ow] = x[n, c, r, ow * sw + j - pw]


@njit(cache=True)
def _im2col_serial(x, cols, kh, kw, sh, sw, ph, pw, OH, OW):
    for t in range(x.shape[0] * x.shape[1]):
        _im2col_plane(x, cols, t, kh, kw, sh, sw, ph, pw, OH, OW)


@njit(cache=True, parallel=True)
def _im2col_parallel(x, cols, kh, kw, sh, sw, ph, pw, OH, OW):
    for t in prange(x.shape[0] * x.shape[1]):
        _im2col_plane(x, cols, t, kh, kw, sh, sw, ph, pw, OH, OW)


@njit(cache=True, inline="always")
def _col2im_plane(cols, x, t, kh, kw, sh, sw, ph, pw, OH, OW):
    C, H, W = x.shape[1], x.shape[2], x.shape[3]
    n, c = t // C, t % C
    base = n * OH * OW
    for i in range(kh):
        oh_lo, oh_hi = _inside(OH, H, i, sh, ph)
        for j in range(kw):
            ow_lo, ow_hi = _inside(OW, W, j, sw, pw)
            row = (c * kh + i) * kw + j
            for oh in range(oh_lo, oh_hi):
                r, start = oh * sh + i - ph, base + oh * OW
                for ow in range(ow_lo, ow_hi):
                    x[n, c, r, ow * sw + j - pw] += cols[row, start + ow]


@njit(cache=True)
def _col2im_serial(cols, x, kh, kw, sh, sw, ph, pw, OH, OW):
    for t in range(x.shape[0] * x.shape[1]):
        _col2im_plane(cols, x, t, kh, kw, sh, sw, ph, pw, OH, OW)


@njit(cache=True, parallel=True)
def _col2im_parallel(cols, x, kh, kw, sh, sw, ph, pw, OH, OW):
    for t in prange(x.shape[0] * x.shape[1]):
        _col2im_plane(cols, x, t, kh, kw, sh, sw, ph, pw, OH, OW)


def im2col_numba(x, kh, kw, sh, sw, ph, pw):
    x = np.ascontiguousarray(x)
    OH, OW = output_size(x.shape[2], kh, sh, ph), output_size(x.shape[3], kw, sw, pw)
    cols = np.zeros((x.shape[1] * kh * kw, x.shape[0] * OH * OW), x.dtype)
    fn = _im2col_parallel if cols.size >= PARALLEL_THRESHOLD else _im2col_serial
    fn(x, cols, kh, kw, sh, sw, ph, pw, OH, OW)
    return cols


def col2im_numba(cols, x_shape, kh, kw, sh, sw, ph, pw):
    cols = np.ascontiguousarray(cols)
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    x = np.zeros((N, C, H, W), cols.dtype)
    fn = _col2im_parallel if cols.size >= PARALLEL_THRESHOLD else _col2im_serial
    fn(cols, x, kh, kw, sh, sw, ph, pw, OH, OW)
    return x


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "im2col": (im2col_numpy, im2col_numba),
    "col2im": (col2im_numpy, col2im_numba),
}
