"""Layers that only change the shape of a batch: Input, Flatten, Reshape. They have no parameters.

Shapes given to them are Keras-style, for ONE sample: the batch axis is left out.
"""
import numpy as np

from ..engine import as_value
from .module import Module


def _sample_shape(shape, where):
    """A sample shape as a tuple of ints (a bare int means a 1-D sample)."""
    shape = (shape,) if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool) else shape
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__") or \
            not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in shape):
        raise TypeError(f"{where}: a shape must be an int or a tuple of ints, got {shape!r} "
                        f"({type(shape).__name__}); write (784,) or (28, 28).")
    shape = tuple(int(n) for n in shape)
    if any(n < 1 and n != -1 for n in shape):
        raise ValueError(f"{where}: shape {shape} has an axis below 1; every axis needs at least one entry.")
    return shape


class Input(Module):
    """Declares the shape of one input sample at the start of a Sequential (Keras' ``Input(shape=...)``).

    It passes its input through unchanged, after checking that the samples have that shape."""

    def __init__(self, shape):
        super().__init__()
        self.input_shape = _sample_shape(shape, "Input")

    def forward(self, x):
        x = as_value(x)
        if x.shape[1:] != self.input_shape:
            raise ValueError(f"Input(shape={self.input_shape}): got a batch of shape {x.shape}, whose samples have "
                             f"shape {x.shape[1:]}. Pass an array of shape (batch, *{self.input_shape}).")
        return x

    def compute_output_shape(self, input_shape):
        return self.input_shape

    def extra_repr(self):
        return f"shape={self.input_shape}"


class Flatten(Module):
    """out = x reshaped to (N, prod of the axes from start_dim on): an image (N, 28, 28) becomes (N, 784).

    The backward pass reshapes the gradient back. ``input_shape`` (Keras) declares the sample shape."""

    def __init__(self, start_dim=1, input_shape=None):
        super().__init__()
        if int(start_dim) < 1:
            raise ValueError(f"Flatten: start_dim must be at least 1 (axis 0 is the batch), got {start_dim}.")
        self.start_dim = int(start_dim)
        self.input_shape = None if input_shape is None else _sample_shape(input_shape, "Flatten")

    def forward(self, x):
        x = as_value(x)
        if x.ndim < self.start_dim:
            raise ValueError(f"Flatten(start_dim={self.start_dim}): input of shape {x.shape} has only {x.ndim} "
                             "axes. Pass a batch: (batch, ...).")
        return x.flatten(self.start_dim)

    def compute_output_shape(self, input_shape):
        keep = tuple(input_shape)[:self.start_dim - 1]
        return keep + (int(np.prod(tuple(input_shape)[self.start_dim - 1:])),)

    def extra_repr(self):
        return f"start_dim={self.start_dim}"


class Reshape(Module):
    """out = x reshaped to (N, *shape); one axis of ``shape`` may be -1 (inferred). Keras: (N, 784) -> (N, 28, 28)."""

    def __init__(self, shape):
        super().__init__()
        self.shape = _sample_shape(shape, "Reshape")
        if self.shape.count(-1) > 1:
            raise ValueError(f"Reshape: shape {self.shape} has more than one -1; only one axis can be inferred.")

    def forward(self, x):
        x = as_value(x)
        return x.reshape((x.shape[0],) + self.compute_output_shape(x.shape[1:]))

    def compute_output_shape(self, input_shape):
        n = int(np.prod(tuple(input_shape)))
        known = int(np.prod([d for d in self.shape if d != -1]))
        target = tuple(n // known if d == -1 else d for d in self.shape)
        if int(np.prod(target)) != n:
            raise ValueError(f"Reshape(shape={self.shape}): samples of shape {tuple(input_shape)} have {n} entries, "
                             f"which do not fit shape {self.shape}.")
        return target

    def extra_repr(self):
        return f"shape={self.shape}"
