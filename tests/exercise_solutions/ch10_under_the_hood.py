"""Reference solutions, chapter 10."""
import numpy as np


def output_size(size, k, stride, padding):
    return (size + 2 * padding - k) // stride + 1


def im2col(x, kh, kw, stride=1, padding=0):
    N, C, H, W = x.shape
    OH, OW = output_size(H, kh, stride, padding), output_size(W, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((C, kh, kw, N, OH, OW), x.dtype)
    for i in range(kh):
        for j in range(kw):
            window = xp[:, :, i:i + stride * (OH - 1) + 1:stride, j:j + stride * (OW - 1) + 1:stride]
            cols[:, i, j] = window.transpose(1, 0, 2, 3)
    return cols.reshape(C * kh * kw, N * OH * OW)


def col2im(cols, x_shape, kh, kw, stride=1, padding=0):
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, stride, padding), output_size(W, kw, stride, padding)
    cols = cols.reshape(C, kh, kw, N, OH, OW)
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding), cols.dtype)
    for i in range(kh):
        for j in range(kw):
            xp[:, :, i:i + stride * (OH - 1) + 1:stride, j:j + stride * (OW - 1) + 1:stride] += \
                cols[:, i, j].transpose(1, 0, 2, 3)
    return xp[:, :, padding:padding + H, padding:padding + W]


def logistic_hvp(X, y, w, v):
    s = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ (s * (1 - s) * (X @ v)) / len(X)
