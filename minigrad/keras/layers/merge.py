"""Layers that merge several inputs into one, for models with more than one input branch:

    Concatenate(axis=-1)([a, b])   join along the last axis: (N, 3) and (N, 5) -> (N, 8)
    Add()([a, b]),  Multiply()([a, b]),  Subtract()([a, b]),  Average()([a, b])   entry by entry

and their lower-case function forms, ``concatenate([a, b])``, ``add``, ``multiply``, ``subtract``,
``average``, which make the layer and call it at once. Each is a plain Value op, so its gradient is the op's:
a concatenation hands each input its slice of the gradient, a product x * y hands x the gradient times y.
"""
from ... import nn
from ...engine import as_value, concatenate as join
from .base import KerasLayer


class _Merge(KerasLayer, nn.Module):
    def __init__(self, **kwargs):
        nn.Module.__init__(self)
        self.keras_options(kwargs)

    def forward(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"{self.name} ({type(self).__name__}): takes a list of at least two inputs, "
                             f"got {type(inputs).__name__}")
        values = [as_value(x) for x in inputs]
        return self.merge(values)


class Concatenate(_Merge):
    """``Concatenate(axis=-1)``: the inputs side by side along ``axis`` (all other axes must match)."""

    def __init__(self, axis=-1, **kwargs):
        self.__dict__["axis"] = axis
        super().__init__(**kwargs)

    def merge(self, values):
        return join(values, axis=self.axis)


class Add(_Merge):
    """``Add()``: x1 + x2 + ... entry by entry."""

    def merge(self, values):
        out = values[0]
        for v in values[1:]:
            out = out + v
        return out


class Subtract(_Merge):
    """``Subtract()``: x1 - x2 (exactly two inputs)."""

    def merge(self, values):
        if len(values) != 2:
            raise ValueError(f"{self.name} (Subtract): takes exactly two inputs, got {len(values)}")
        return values[0] - values[1]


class Multiply(_Merge):
    """``Multiply()``: x1 * x2 * ... entry by entry."""

    def merge(self, values):
        out = values[0]
        for v in values[1:]:
            out = out * v
        return out


class Average(_Merge):
    """``Average()``: (x1 + x2 + ...) / n entry by entry."""

    def merge(self, values):
        return Add.merge(self, values) / len(values)


def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis)(inputs)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)
