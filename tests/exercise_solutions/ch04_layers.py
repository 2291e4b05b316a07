"""Reference solutions, chapter 4."""
import numpy as np


def sum_backward(grad_out, shape, axis=None, keepdims=False):
    if axis is not None and not keepdims:
        grad_out = np.expand_dims(grad_out, tuple(a % len(shape) for a in np.atleast_1d(axis)))
    return np.broadcast_to(grad_out, shape).copy()


def unbroadcast(g, shape):
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


def add_backward(a, b, grad_out):
    return unbroadcast(grad_out, np.shape(a)), unbroadcast(grad_out, np.shape(b))


def linear_backward(X, W, b, grad_out):
    return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)
