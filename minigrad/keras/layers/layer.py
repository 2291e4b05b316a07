"""``keras.layers.Layer``: the base class of a layer you write yourself, Keras' way.

    class Linear(keras.layers.Layer):
        def __init__(self, units=32, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):                 # called once, at the first input
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros")

        def call(self, inputs):
            return inputs @ self.w + self.b

``add_weight`` makes an nn.Parameter (trainable) or a buffer (``trainable=False``); ``call(inputs,
training=None)`` may take ``training``, which is then True while fitting and False otherwise.
"""
import inspect

import numpy as np

from ... import nn
from ...engine import Value
from .base import KerasLayer, initialize


class Layer(KerasLayer, nn.Module):
    """Subclass it, define ``call`` (and ``build`` if the weights depend on the input's shape)."""

    def __init__(self, **kwargs):
        nn.Module.__init__(self)
        self.__dict__["_keras_built"] = False
        self.keras_options(kwargs)

    def build(self, input_shape):
        """Make the weights that depend on the input's shape (one sample); the default makes none."""

    def add_weight(self, shape=(), initializer="glorot_uniform", trainable=True, name=None, dtype=None):
        """A new weight of ``shape``, filled by a Keras initializer ("zeros", "ones", "glorot_uniform",
        "random_normal", ...), registered on this layer."""
        shape = tuple(int(n) for n in shape)
        name = name or f"weight_{len(self._parameter_names) + len(self._buffer_names)}"
        param = nn.Parameter(np.zeros(shape), dtype=dtype or np.float32)
        fan_in = shape[-2] if len(shape) >= 2 else (shape[0] if shape else 1)
        fan_out = shape[-1] if shape else 1
        initialize(param, initializer, fan_in, fan_out, self.name, self.__dict__.get("init_rng"))
        if trainable:
            setattr(self, name, param)
            return param
        self.register_buffer(name, param.data)
        return Value(param.data, requires_grad=False)

    def forward(self, inputs, *args, **kwargs):
        if not self.__dict__["_keras_built"]:
            first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
            self.build((None, *np.shape(getattr(first, "data", first))[1:]))
            self.__dict__["_keras_built"] = True
        if "training" in inspect.signature(self.call).parameters and "training" not in kwargs:
            kwargs["training"] = self.training
        return self.call(inputs, *args, **kwargs)

    def call(self, inputs):
        raise NotImplementedError(f"{type(self).__name__} defines no call(); a keras.layers.Layer subclass "
                                  "implements call(self, inputs)")
