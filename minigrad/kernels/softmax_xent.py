"""Softmax, log-softmax and softmax-cross-entropy over the rows of a matrix, forward and backward.

For one row x with max m (subtracting m keeps every exponent <= 0, so nothing overflows, even at +-1e4):
    log_softmax(x)_j = x_j - m - log(sum_k e^(x_k - m)),      softmax(x) = e^log_softmax(x)
    softmax backward:      dx = y * (g - sum_k g_k y_k)       (y = softmax(x))
    log_softmax backward:  dx = g - softmax(x) * sum_k g_k
Cross-entropy of the logits x against a target t (a row of probabilities, or an integer label = a one-hot row):
    loss = -sum_j t_j log_softmax(x)_j,    dloss/dx = softmax(x) * sum_j t_j - t    (= softmax(x) - onehot)
The forward returns the per-row losses and the softmax, which the backward reuses; ``g`` there holds
dL/dloss for each row. Sums run in float64.
"""
import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


# ---- NumPy reference ---------------------------------------------------------------------------------------

def log_softmax_numpy(x):
    """log_softmax over the last axis of a 2-D array."""
    shifted = x - x.max(axis=1, keepdims=True)
    total = np.exp(shifted).sum(axis=1, keepdims=True, dtype=np.float64)
    return (shifted - np.log(total)).astype(x.dtype)


def softmax_numpy(x):
    return np.exp(log_softmax_numpy(x))


def softmax_backward_numpy(y, g):
    return (y * (g - (g * y).sum(axis=1, keepdims=True, dtype=np.float64))).astype(y.dtype)


def log_softmax_backward_numpy(logp, g):
    return (g - np.exp(logp) * g.sum(axis=1, keepdims=True, dtype=np.float64)).astype(logp.dtype)


def softmax_xent_forward_numpy(logits, target):
    """(per-row loss, softmax) for integer labels of shape (N,) or probabilities of shape (N, C)."""
    logp = log_softmax_numpy(logits)
    if target.ndim == 1:
        loss = -logp[np.arange(len(logp)), target]
    else:
        loss = -(target * logp).sum(axis=1, dtype=np.float64).astype(logits.dtype)
    return loss, np.exp(logp)


def softmax_xent_backward_numpy(probs, target, g):
    """dL/dlogits from the forward's softmax and g = dL/dloss of shape (N,)."""
    if target.ndim == 1:
        d = probs.copy()
        d[np.arange(len(d)), target] -= 1
    else:
        d = probs * target.sum(axis=1, keepdims=True, dtype=np.float64) - target
    return (d * g[:, None]).astype(probs.dtype)


# ---- Numba twin: one row per loop step, rows in parallel for big matrices ----------------------------------

@njit(cache=True, inline="always")
def _exp_row(x, out, i):
    """out[i] = e^(x[i] - m) for the row's max m, one exp per entry; returns (log-sum-exp, sum of those e's)."""
    m = x[i, 0]
    for j in range(x.shape[1]):
        m = max(m, x[i, j])
    total = 0.0
    for j in range(x.shape[1]):
        e = np.exp(x[i, j] - m)
        out[i, j] = e
        total += e
    return m + np.log(total), total


@njit(cache=True, inline="always")
def _softmax_row(x, out, i, log):
    """softmax = e / sum e, or log_softmax = x - log-sum-exp."""
    shift, total = _exp_row(x, out, i)
    for j in range(x.shape[1]):
        out[i, j] = x[i, j] - shift if log else out[i, j] / total


@njit(cache=True)
def _softmax_serial(x, log):
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        _softmax_row(x, out, i, log)
    return out


@njit(cache=True, parallel=True)
def _softmax_parallel(x, log):
    out = np.empty_like(x)
    for i in prange(x.shape[0]):
        _softmax_row(x, out, i, log)
    return out


@njit(cache=True, inline="always")
def _softmax_backward_row(y, g, dx, i, log):
    """softmax: dx = y (g - sum g y);  log_softmax (y = log-probabilities): dx = g - e^y sum g."""
    total = 0.0
    for j in range(y.shape[1]):
        total += g[i, j] if log else g[i, j] * y[i, j]
    for j in range(y.shape[1]):
        dx[i, j] = g[i, j] - np.exp(y[i, j]) * total if log else y[i, j] * (g[i, j] - total)


@njit(cache=True)
def _softmax_backward_serial(y, g, log):
    dx = np.empty_like(y)
    for i in range(y.shape[0]):
        _softmax_backward_row(y, g, dx, i, log)
    return dx


@njit(cache=True, parallel=True)
def _softmax_backward_parallel(y, g, log):
    dx = np.empty_like(y)
    for i in prange(y.shape[0]):
        _softmax_backward_row(y, g, dx, i, log)
    return dx


@njit(cache=True)
def _xent_row(logits, target, probs, loss, i):
    """Row i: probs = softmax, loss = -sum t log p; target is a row of probabilities or an int label per row."""
    shift, total = _exp_row(logits, probs, i)  # log p_j = logits_j - shift
    if target.ndim == 1:
        loss[i] = shift - logits[i, target[i]]
    else:
        minus = 0.0
        for j in range(probs.shape[1]):
            minus -= target[i, j] * (logits[i, j] - shift)
        loss[i] = minus
    for j in range(probs.shape[1]):
        probs[i, j] /= total


@njit(cache=True)
def _xent_serial(logits, target):
    probs = np.empty_like(logits)
    loss = np.empty(logits.shape[0], logits.dtype)
    for i in range(logits.shape[0]):
        _xent_row(logits, target, probs, loss, i)
    return loss, probs


@njit(cache=True, parallel=True)
def _xent_parallel(logits, target):
    probs = np.empty_like(logits)
    loss = np.empty(logits.shape[0], logits.dtype)
    for i in prange(logits.shape[0]):
        _xent_row(logits, target, probs, loss, i)
    return loss, probs


@njit(cache=True)
def _xent_backward_row(probs, target, g, d, i):
    if target.ndim == 1:
        for j in range(probs.shape[1]):
            d[i, j] = (probs[i, j] - (1.0 if j == target[i] else 0.0)) * g[i]  # (p - onehot) g: inf g stays inf
    else:
        mass = 0.0
        for j in range(probs.shape[1]):
            mass += target[i, j]
        for j in range(probs.shape[1]):
            d[i, j] = (probs[i, j] * mass - target[i, j]) * g[i]


@njit(cache=True)
def _xent_backward_serial(probs, target, g):
    d = np.empty_like(probs)
    for i in range(probs.shape[0]):
        _xent_backward_row(probs, target, g, d, i)
    return d


@njit(cache=True, parallel=True)
def _xent_backward_parallel(probs, target, g):
    d = np.empty_like(probs)
    for i in prange(probs.shape[0]):
        _xent_backward_row(probs, target, g, d, i)
    return d


def _pick(x, serial, parallel):
    return parallel if x.size >= PARALLEL_THRESHOLD else serial


def _target(target, dtype):
    """Labels as int64, probabilities in the logits' dtype: few compiled signatures."""
    return np.ascontiguousarray(target, dtype=np.int64 if target.ndim == 1 else dtype)


def log_softmax_numba(x):
    x = np.ascontiguousarray(x)
    return _pick(x, _softmax_serial, _softmax_parallel)(x, True)


def softmax_numba(x):
    x = np.ascontiguousarray(x)
    return _pick(x, _softmax_serial, _softmax_parallel)(x, False)


def softmax_backward_numba(y, g):
    y, g = np.ascontiguousarray(y), np.ascontiguousarray(g, dtype=y.dtype)
    return _pick(y, _softmax_backward_serial, _softmax_backward_parallel)(y, g, False)


def log_softmax_backward_numba(logp, g):
    logp, g = np.ascontiguousarray(logp), np.ascontiguousarray(g, dtype=logp.dtype)
    return _pick(logp, _softmax_backward_serial, _softmax_backward_parallel)(logp, g, True)


def softmax_xent_forward_numba(logits, target):
    logits = np.ascontiguousarray(logits)
    return _pick(logits, _xent_serial, _xent_parallel)(logits, _target(target, logits.dtype))


def softmax_xent_backward_numba(probs, target, g):
    probs = np.ascontiguousarray(probs)
    g = np.ascontiguousarray(g, dtype=probs.dtype)
    return _pick(probs, _xent_backward_serial, _xent_backward_parallel)(probs, _target(target, probs.dtype), g)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "log_softmax": (log_softmax_numpy, log_softmax_numba),
    "softmax": (softmax_numpy, softmax_numba),
    "softmax_backward": (softmax_backward_numpy, softmax_backward_numba),
    "log_softmax_backward": (log_softmax_backward_numpy, log_softmax_backward_numba),
    "softmax_xent_forward": (softmax_xent_forward_numpy, softmax_xent_forward_numba),
    "softmax_xent_backward": (softmax_xent_backward_numpy, softmax_xent_backward_numba),
}
