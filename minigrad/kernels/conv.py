"""im2col and col2im: a convolution becomes matrix products.

A 2-D convolution slides a (C, kh, kw) window over the zero-padded input x of shape (N, C, H, W) with steps
(sh, sw). im2col copies every window into a row, channels last (the "im2row" or channels-last layout):
    cols[n, (oh, ow), (i, j, c)] = x[n, c, oh*sh + i - ph, ow*sw + j - pw]     (0 outside x)
so cols has shape (N, OH*OW, kh*kw*C), with OH = (H + 2 ph - kh) // sh + 1 (OW alike), and with the weight laid
out the same way, W2[o, (i, j, c)] = W[o, c, i, j], the whole batch is one matrix product:
    out = cols.reshape(N*OH*OW, kh*kw*C) @ W2.T        one row per output pixel, C_out channels each
(a layer of C_out neurons applied to every window; F.conv2d then views those rows as (N, C_out, OH, OW), a
transposed view whose channels stay last in memory, as PyTorch's ``channels_last`` memory format).
Channels last makes the copy fast: for each window cell (i, j) the C channels land side by side. The Numba twin
reads x channels last (free for such a view) and writes col2im's result channels last, returned as the same
kind of view; the NumPy twin works on (N, C, H, W) as given. Both give the same values.
col2im is the adjoint (the transpose) of im2col: it adds each entry back where it came from,
    x_grad[n, c, oh*sh + i - ph, ow*sw + j - pw] += cols[n, (oh, ow), (i, j, c)]
which is both the input gradient of a convolution and the forward of a transposed convolution.
The matrix products go to NumPy's BLAS; these two kernels do the copying.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


def output_size(size, kernel, stride, padding):
    """The number of window positions along one axis: (size + 2 padding - kernel) // stride + 1."""
    return (size + 2 * padding - kernel) // stride + 1


# ---- NumPy reference: the windows as a strided view, and one strided slice per kernel cell (i, j) ------------

def im2col_numpy(x, kh, kw, sh, sw, ph, pw):
    N, C, H, W = x.shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    # windows[n, c, oh, ow, i, j]: move c last, then one copy into rows
    return windows.transpose(0, 2, 3, 4, 5, 1).reshape(N, OH * OW, kh * kw * C)


def col2im_numpy(cols, x_shape, kh, kw, sh, sw, ph, pw):
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    cols = cols.reshape(N, OH, OW, kh, kw, C)
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw), cols.dtype)
    for i in range(kh):
        for j in range(kw):
            window = xp[:, :, i:i + sh * (OH - 1) + 1:sh, j:j + sw * (OW - 1) + 1:sw]
            window += cols[:, :, :, i, j].transpose(0, 3, 1, 2)
    return np.ascontiguousarray(xp[:, :, ph:ph + H, pw:pw + W])


# ---- Numba twin: one image per loop step, channels last -----------------------------------------------------

@njit(cache=True, inline="always")
def _im2col_image(x, cols, n, kh, kw, sh, sw, ph, pw, OW, image):
    """Rows of image n, from x of shape (N, H, W, C) (channels last): copy x[n] into ``image``
    (H + 2 ph, W + 2 pw, C), zero-padded, then copy each window's kernel cells, C contiguous channels at a time."""
    H, W, C = x.shape[1], x.shape[2], x.shape[3]
    image[:] = 0
    for r in range(H):
        for q in range(W):
            for c in range(C):
                image[r + ph, q + pw, c] = x[n, r, q, c]
    for p in range(cols.shape[1]):
        top, left = (p // OW) * sh, (p % OW) * sw
        for i in range(kh):
            for j in range(kw):
                start = (i * kw + j) * C
                for c in range(C):
                    cols[n, p, start + c] = image[top + i, left + j, c]


@njit(cache=True)
def _im2col_serial(x, cols, kh, kw, sh, sw, ph, pw, OW):
    image = np.empty((x.shape[1] + 2 * ph, x.shape[2] + 2 * pw, x.shape[3]), x.dtype)
    for n in range(x.shape[0]):
        _im2col_image(x, cols, n, kh, kw, sh, sw, ph, pw, OW, image)


@njit(cache=True, parallel=True)
def _im2col_parallel(x, cols, kh, kw, sh, sw, ph, pw, OW):
    for n in prange(x.shape[0]):
        image = np.empty((x.shape[1] + 2 * ph, x.shape[2] + 2 * pw, x.shape[3]), x.dtype)
        _im2col_image(x, cols, n, kh, kw, sh, sw, ph, pw, OW, image)


@njit(cache=True, inline="always")
def _col2im_image(cols, x, n, kh, kw, sh, sw, ph, pw, OW):
    """Image n of x, of shape (N, H, W, C) (channels last): add each window's kernel cells into x[n]. Windows run
    last to first, so each pixel adds its kernel cells (i, j) in increasing order, as the reference does."""
    H, W, C = x.shape[1], x.shape[2], x.shape[3]
    x[n] = 0
    for p in range(cols.shape[1] - 1, -1, -1):
        oh, ow = p // OW, p % OW
        for i in range(kh):
            r = oh * sh + i - ph
            if r < 0 or r >= H:
                continue
            for j in range(kw):
                q = ow * sw + j - pw
                if q < 0 or q >= W:
                    continue
                start = (i * kw + j) * C
                for c in range(C):
                    x[n, r, q, c] += cols[n, p, start + c]


@njit(cache=True)
def _col2im_serial(cols, x, kh, kw, sh, sw, ph, pw, OW):
    for n in range(x.shape[0]):
        _col2im_image(cols, x, n, kh, kw, sh, sw, ph, pw, OW)


@njit(cache=True, parallel=True)
def _col2im_parallel(cols, x, kh, kw, sh, sw, ph, pw, OW):
    for n in prange(x.shape[0]):
        _col2im_image(cols, x, n, kh, kw, sh, sw, ph, pw, OW)


def im2col_numba(x, kh, kw, sh, sw, ph, pw):
    N, C, H, W = x.shape
    x = np.ascontiguousarray(x.transpose(0, 2, 3, 1))  # no copy when x is a channels-last view, as conv2d returns
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    cols = np.empty((N, OH * OW, kh * kw * C), x.dtype)
    fn = _im2col_parallel if cols.size >= PARALLEL_THRESHOLD else _im2col_serial
    fn(x, cols, kh, kw, sh, sw, ph, pw, OW)
    return cols


def col2im_numba(cols, x_shape, kh, kw, sh, sw, ph, pw):
    """x of shape (N, C, H, W) as a transposed view of channels-last memory: no copy back to channels first."""
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, sh, ph), output_size(W, kw, sw, pw)
    cols = np.ascontiguousarray(cols).reshape(N, OH * OW, kh * kw * C)
    x = np.empty((N, H, W, C), cols.dtype)
    fn = _col2im_parallel if cols.size >= PARALLEL_THRESHOLD else _col2im_serial
    fn(cols, x, kh, kw, sh, sw, ph, pw, OW)
    return x.transpose(0, 3, 1, 2)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "im2col": (im2col_numpy, im2col_numba),
    "col2im": (col2im_numpy, col2im_numba),
}
