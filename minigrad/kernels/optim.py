"""Optimizer updates, done in place on the parameter and its state buffers.

With g the gradient, p the parameter and lr the learning rate (PyTorch's formulas):

    SGD:       g <- g + wd * p                         (L2 weight decay)
               p <- p - lr * g
    momentum:  b <- g on the first step, then  b <- momentum * b + (1 - dampening) * g
               d = g + momentum * b  (nesterov)  or  d = b,    p <- p - lr * d
    Adam:      g <- g + wd * p   (Adam)   or   p <- p * (1 - lr * wd)   (AdamW: decoupled weight decay)
               m <- beta1 * m + (1 - beta1) * g                 v <- beta2 * v + (1 - beta2) * g^2
               p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

Every kernel returns nothing: it overwrites ``param`` and the buffers. They hold float32 or float64 entries of
one dtype; the gradient is read only. NumPy needs a temporary array per formula line; the Numba twins do the
whole update in one pass, each entry kept in registers, in float64 arithmetic rounded once on store.
"""
import math

import numpy as np
from numba import njit, prange

from . import PARALLEL_THRESHOLD


def _adam_scalars(lr, beta1, beta2, step):
    """Adam's bias corrections folded into two numbers: the step size lr / (1 - beta1^t) and sqrt(1 - beta2^t)."""
    return lr / (1 - beta1 ** step), (1 - beta2 ** step) ** 0.5


# ---- NumPy reference -------------------------------------------------------------------------------

def sgd_step_numpy(param, grad, lr, weight_decay):
    if weight_decay:
        grad = grad + weight_decay * param
    param -= lr * grad


def sgd_momentum_step_numpy(param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first):
    if weight_decay:
        grad = grad + weight_decay * param
    if first:
        buf[...] = grad
    else:
        buf *= momentum
        buf += (1 - dampening) * grad
    param -= lr * (grad + momentum * buf if nesterov else buf)


def adam_step_numpy(param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, eps, weight_decay, decoupled, step):
    step_size, bias_correction2_sqrt = _adam_scalars(lr, beta1, beta2, step)
    if decoupled:
        param *= 1 - lr * weight_decay
    elif weight_decay:
        grad = grad + weight_decay * param
    exp_avg *= beta1
    exp_avg += (1 - beta1) * grad
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * grad * grad
    param -= step_size * exp_avg / (np.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps)


# ---- Numba twins ------------------------------------------------------------------------------------
# Each update is written once, for one entry i. A serial loop runs it for small arrays; a prange loop
# (a separate function, so each gets its own disk cache entry) runs it for arrays of PARALLEL_THRESHOLD
# entries or more. error_model="numpy" makes x / 0 give inf or nan as in NumPy, instead of a Python
# ZeroDivisionError check on every division, which also keeps LLVM from vectorizing the loop.

@njit(cache=True, error_model="numpy")
def _sgd_entry(i, param, grad, lr, weight_decay):
    param[i] -= lr * (grad[i] + weight_decay * param[i] if weight_decay else grad[i])


@njit(cache=True, error_model="numpy")
def _sgd_serial(param, grad, lr, weight_decay):
    for i in range(param.size):
        _sgd_entry(i, param, grad, lr, weight_decay)


@njit(cache=True, parallel=True, error_model="numpy")
def _sgd_parallel(param, grad, lr, weight_decay):
    for i in prange(param.size):
        _sgd_entry(i, param, grad, lr, weight_decay)


@njit(cache=True, error_model="numpy")
def _momentum_entry(i, param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first):
    g = grad[i] + weight_decay * param[i] if weight_decay else grad[i]  # no decay term: inf * 0 would be NaN
    b = g if first else momentum * buf[i] + (1 - dampening) * g
    buf[i] = b
    param[i] -= lr * (g + momentum * b if nesterov else b)


@njit(cache=True, error_model="numpy")
def _momentum_serial(param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first):
    for i in range(param.size):
        _momentum_entry(i, param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first)


@njit(cache=True, parallel=True, error_model="numpy")
def _momentum_parallel(param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first):
    for i in prange(param.size):
        _momentum_entry(i, param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first)


@njit(cache=True, error_model="numpy")
def _adam_entry(i, param, grad, exp_avg, exp_avg_sq, beta1, beta2, eps, l2, decay, step_size, bc2_sqrt):
    p = param[i] * decay
    g = grad[i] + l2 * p if l2 else grad[i]
    m = beta1 * exp_avg[i] + (1 - beta1) * g
    v = beta2 * exp_avg_sq[i] + (1 - beta2) * g * g
    exp_avg[i] = m
    exp_avg_sq[i] = v
    param[i] = p - step_size * m / (math.sqrt(v) / bc2_sqrt + eps)


@njit(cache=True, error_model="numpy")
def _adam_serial(param, grad, exp_avg, exp_avg_sq, beta1, beta2, eps, l2, decay, step_size, bc2_sqrt):
    for i in range(param.size):
        _adam_entry(i, param, grad, exp_avg, exp_avg_sq, beta1, beta2, eps, l2, decay, step_size, bc2_sqrt)


@njit(cache=True, parallel=True, error_model="numpy")
def _adam_parallel(param, grad, exp_avg, exp_avg_sq, beta1, beta2, eps, l2, decay, step_size, bc2_sqrt):
    for i in prange(param.size):
        _adam_entry(i, param, grad, exp_avg, exp_avg_sq, beta1, beta2, eps, l2, decay, step_size, bc2_sqrt)


def _inplace(a):
    """A 1-D view of ``a``: writes through it reach ``a``, so ``a`` must be C-contiguous."""
    if not a.flags.c_contiguous:
        raise ValueError(f"optimizer kernels update arrays in place and need C-contiguous ones; got shape "
                         f"{a.shape} with strides {a.strides}. Pass np.ascontiguousarray(...) instead.")
    return a.reshape(-1)


def _read(grad, param):
    """The gradient as a flat C-contiguous array of the parameter's dtype (a copy only when needed)."""
    return np.ascontiguousarray(grad, dtype=param.dtype).reshape(-1)


def _pick(serial, parallel, param):
    return parallel if param.size >= PARALLEL_THRESHOLD else serial


def sgd_step_numba(param, grad, lr, weight_decay):
    _pick(_sgd_serial, _sgd_parallel, param)(_inplace(param), _read(grad, param), float(lr), float(weight_decay))


def sgd_momentum_step_numba(param, grad, buf, lr, momentum, dampening, nesterov, weight_decay, first):
    _pick(_momentum_serial, _momentum_parallel, param)(
        _inplace(param), _read(grad, param), _inplace(buf), float(lr), float(momentum), float(dampening),
        bool(nesterov), float(weight_decay), bool(first))


def adam_step_numba(param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, eps, weight_decay, decoupled, step):
    step_size, bias_correction2_sqrt = _adam_scalars(float(lr), float(beta1), float(beta2), int(step))
    l2, decay = (0.0, 1 - lr * weight_decay) if decoupled else (float(weight_decay), 1.0)
    _pick(_adam_serial, _adam_parallel, param)(
        _inplace(param), _read(grad, param), _inplace(exp_avg), _inplace(exp_avg_sq), float(beta1), float(beta2),
        float(eps), l2, float(decay), step_size, bias_correction2_sqrt)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {
    "sgd_step": (sgd_step_numpy, sgd_step_numba),
    "sgd_momentum_step": (sgd_momentum_step_numpy, sgd_momentum_step_numba),
    "adam_step": (adam_step_numpy, adam_step_numba),
}
