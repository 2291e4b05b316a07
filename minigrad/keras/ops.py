"""A few of ``keras.ops``: making arrays and reading them back. (Keras' backend math, ``ops.sum``,
``ops.sqrt``, ..., is not here: minigrad's Values have those as methods, and NumPy does the rest.)"""
import numpy as np

from ..engine import Value, as_value
from ..engine import concatenate as _join


def array(x, dtype=None):
    """``x`` (a list, an array) as an ndarray."""
    return np.asarray(x, dtype=dtype)


def convert_to_numpy(x):
    """A Value or an array as an ndarray."""
    return np.asarray(x.data if isinstance(x, Value) else x)


def convert_to_tensor(x, dtype=None):
    """``x`` as a minigrad Value (a constant)."""
    return as_value(np.asarray(x, dtype=dtype))


def shape(x):
    return tuple(np.shape(x.data if isinstance(x, Value) else x))


def zeros(shape, dtype="float32"):
    return np.zeros(shape, dtype=dtype)


def ones(shape, dtype="float32"):
    return np.ones(shape, dtype=dtype)


def concatenate(xs, axis=0):
    """The inputs joined along ``axis``; gradients flow to each Value among them."""
    return _join(list(xs), axis=axis)


__all__ = ["array", "convert_to_numpy", "convert_to_tensor", "shape", "zeros", "ones", "concatenate"]
