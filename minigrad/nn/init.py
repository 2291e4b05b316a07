"""Weight initialization: where a network's parameters start before gradient descent moves them.

Each initializer fills a Parameter in place (keeping its dtype) and returns it. Random ones draw from ``rng``
(a ``np.random.Generator``) or, when it is None, from this module's generator, which ``seed(n)`` resets, so

    >>> from minigrad import nn
    >>> nn.init.seed(0); a = nn.Linear(3, 2)
    >>> nn.init.seed(0); b = nn.Linear(3, 2)

gives two identical layers. The fan of a weight is counted as in PyTorch: for a weight of shape
(out, in, *kernel), fan_in = in * prod(kernel) and fan_out = out * prod(kernel).
"""
import math

import numpy as np

_rng = np.random.default_rng()


def seed(n):
    """Restart the shared generator from seed ``n``: layers and dropout masks made afterwards repeat exactly."""
    global _rng
    _rng = np.random.default_rng(n)


def default_rng(rng=None):
    """``rng`` when given, else the shared generator that ``seed`` controls."""
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"nn.init: rng must be a np.random.Generator (np.random.default_rng(seed)) or None, "
                        f"got {type(rng).__name__}.")
    return _rng if rng is None else rng


def fans(param):
    """(fan_in, fan_out) of a weight of shape (out, in, *kernel)."""
    shape = np.shape(param.data)
    if len(shape) < 2:
        raise ValueError(f"nn.init: fan_in and fan_out need a weight with at least 2 axes, got shape {shape}. "
                         "Biases are initialized with uniform_, zeros_ or normal_ instead.")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def calculate_gain(nonlinearity, param=None):
    """The factor that keeps activations' variance steady through a layer: 1 (linear, sigmoid), 5/3 (tanh),
    sqrt(2) (relu), sqrt(2 / (1 + a^2)) (leaky_relu with slope a, default 0.01)."""
    if nonlinearity in ("linear", "sigmoid", "conv2d", "conv_transpose2d"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope * slope))
    raise ValueError(f"nn.init.calculate_gain: unknown nonlinearity {nonlinearity!r}; choose linear, sigmoid, "
                     "tanh, relu or leaky_relu.")


def _fill(param, values):
    param.data[...] = values
    return param


def uniform_(param, a=0.0, b=1.0, rng=None):
    """w ~ U(a, b)"""
    return _fill(param, default_rng(rng).uniform(a, b, np.shape(param.data)))


def normal_(param, mean=0.0, std=0.02, rng=None):
    """w ~ N(mean, std^2); std 0.02 is the DCGAN paper's choice."""
    return _fill(param, default_rng(rng).normal(mean, std, np.shape(param.data)))


def zeros_(param):
    """w = 0"""
    return _fill(param, 0.0)


def ones_(param):
    """w = 1"""
    return _fill(param, 1.0)


def xavier_uniform_(param, gain=1.0, rng=None):
    """Glorot: w ~ U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)), so Var(w) = 2 gain^2 / (fan_in + fan_out)."""
    fan_in, fan_out = fans(param)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(param, -bound, bound, rng)


def xavier_normal_(param, gain=1.0, rng=None):
    """Glorot: w ~ N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fans(param)
    return normal_(param, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), rng)


def _he_std(param, a, mode, nonlinearity):
    fan_in, fan_out = fans(param)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"nn.init: mode must be 'fan_in' or 'fan_out', got {mode!r}.")
    return calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def kaiming_uniform_(param, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """He: w ~ U(-b, b), b = sqrt(3) * gain / sqrt(fan); keeps Var(relu output) steady through the layers.

    PyTorch's default for Linear and Conv weights is a = sqrt(5), which gives b = 1 / sqrt(fan_in)."""
    bound = math.sqrt(3.0) * _he_std(param, a, mode, nonlinearity)
    return uniform_(param, -bound, bound, rng)


def kaiming_normal_(param, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """He: w ~ N(0, std^2), std = gain / sqrt(fan)."""
    return normal_(param, 0.0, _he_std(param, a, mode, nonlinearity), rng)
