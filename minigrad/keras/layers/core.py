"""Keras' core layers over minigrad.nn: Dense, Activation, Dropout, Flatten, Reshape, the activations as layers,
and Embedding. They take Keras' argument names and ``name=``/``input_shape=``/``input_dim=``.

Dense keeps nn.Linear's layout, W of shape (units, inputs); Keras stores the transpose ("kernel", (inputs,
units)). Keras' initializers are the defaults: glorot_uniform kernels, zero biases, uniform(+-0.05) embeddings.
"""
import numpy as np

from ... import functional as F
from ... import nn
from ...engine import Value, as_value
from ...nn.activations import get_function
from .base import KerasLayer, initialize


class Dense(KerasLayer, nn.Dense):
    """``Dense(units, activation=None, use_bias=True)``: out = activation(x W^T + b) (nn.Dense), built at its
    first input unless input_shape/input_dim says the size."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs):
        self.__dict__["_initializers"] = (kernel_initializer, bias_initializer)
        self.__dict__["init_rng"] = kwargs.get("rng")
        nn.Dense.__init__(self, units, activation=activation, use_bias=use_bias, input_dim=kwargs.pop("input_dim", None),
                          input_shape=kwargs.pop("input_shape", None))
        shape = self.input_shape
        self.keras_options(kwargs)
        self.input_shape = shape if self.input_shape is None else self.input_shape
        if self.input_shape is not None:
            self.build(self.input_shape)

    def build(self, input_shape):
        """Make W (units, inputs) and b (units,) with Keras' initializers (glorot_uniform and zeros by default),
        drawing from the shared generator only what they need."""
        if self._built:
            return
        self.in_features = int(input_shape[-1])
        kernel, bias = self._initializers
        rng, sizes = self.__dict__.get("init_rng"), (self.in_features, self.out_features)
        self.weight = initialize(nn.Parameter(np.zeros((self.out_features, self.in_features))), kernel, *sizes,
                                 "Dense", rng)
        if self.use_bias:
            self.bias = initialize(nn.Parameter(np.zeros(self.out_features)), bias, *sizes, "Dense", rng)
        self._built = True

    def forward(self, x):
        x = x if isinstance(x, Value) else np.asarray(x)
        if x.ndim > 2:  # Keras applies Dense to the last axis of any input
            flat = super().forward(x.reshape(-1, x.shape[-1]))
            return flat.reshape(*x.shape[:-1], self.out_features)
        return super().forward(x)


class Activation(KerasLayer, nn.Module):
    """``Activation("relu")``: the activation alone, as a layer: relu, sigmoid, tanh, softmax, leaky_relu,
    linear, or a function of a Value."""

    def __init__(self, activation, **kwargs):
        nn.Module.__init__(self)
        self.activation = activation
        self.fn = get_function(activation.lower() if isinstance(activation, str) else activation, "Activation")
        self.keras_options(kwargs)

    def forward(self, x):
        return self.fn(as_value(x))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return repr(self.activation)


class Dropout(KerasLayer, nn.Dropout):
    """``Dropout(rate)``: while training, zero each entry with probability ``rate`` and scale the rest by
    1 / (1 - rate) (nn.Dropout); at evaluation it passes x through."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        if noise_shape is not None:
            raise NotImplementedError("Dropout: noise_shape is not supported in minigrad; leave it None")
        nn.Dropout.__init__(self, rate, rng=None if seed is None else np.random.default_rng(seed))
        self.keras_options(kwargs)


class Flatten(KerasLayer, nn.Flatten):
    """``Flatten()``: each sample becomes one row, (N, 7, 7, 64) -> (N, 3136)."""

    def __init__(self, data_format=None, **kwargs):
        nn.Flatten.__init__(self)
        self.keras_options(kwargs)


class Reshape(KerasLayer, nn.Reshape):
    """``Reshape(target_shape)``: each sample takes ``target_shape`` (one axis may be -1)."""

    def __init__(self, target_shape, **kwargs):
        nn.Reshape.__init__(self, target_shape)
        self.keras_options(kwargs)


class ReLU(KerasLayer, nn.ReLU):
    """``ReLU()``: max(0, x)."""

    def __init__(self, **kwargs):
        nn.ReLU.__init__(self)
        self.keras_options(kwargs)


class LeakyReLU(KerasLayer, nn.LeakyReLU):
    """``LeakyReLU(negative_slope=0.3)``: x if x > 0 else negative_slope * x. Keras 2 called the slope
    ``alpha``; both names work."""

    def __init__(self, negative_slope=0.3, alpha=None, **kwargs):
        nn.LeakyReLU.__init__(self, negative_slope=negative_slope if alpha is None else alpha)
        self.keras_options(kwargs)


class Softmax(KerasLayer, nn.Module):
    """``Softmax(axis=-1)``: exp(x) / sum(exp(x)) along ``axis``."""

    def __init__(self, axis=-1, **kwargs):
        nn.Module.__init__(self)
        self.axis = axis
        self.keras_options(kwargs)

    def forward(self, x):
        return as_value(x).softmax(axis=self.axis)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


class Embedding(KerasLayer, nn.Module):
    """``Embedding(input_dim, output_dim)``: a table of ``input_dim`` learned vectors of size ``output_dim``;
    integer indices of shape (N, ...) give vectors of shape (N, ..., output_dim) (nn.Embedding's lookup)."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", input_length=None, mask_zero=False,
                 **kwargs):
        nn.Module.__init__(self)
        if mask_zero:
            raise NotImplementedError("Embedding: mask_zero=True (masking) is not supported in minigrad")
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.keras_options(kwargs)
        self.embeddings = initialize(nn.Parameter(np.zeros((self.input_dim, self.output_dim))),
                                     embeddings_initializer, self.input_dim, self.output_dim, "Embedding",
                                     self.init_rng)
        if input_length is not None and self.input_shape is None:
            self.input_shape = (int(input_length),)

    def forward(self, indices):
        indices = np.asarray(indices.data if isinstance(indices, Value) else indices)
        if indices.dtype.kind == "f":
            if not np.array_equal(indices, np.round(indices)):
                raise ValueError(f"{self.name}: Embedding takes integer indices, got non-whole values such as "
                                 f"{indices[indices != np.round(indices)][0]}")
        return F.embedding(indices.astype(np.int64), self.embeddings)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def extra_repr(self):
        return f"{self.input_dim}, {self.output_dim}"


class InputLayer(KerasLayer, nn.Module):
    """What a functional model lists for each of its inputs (``model.layers[0]``): it passes its input on.
    ``output`` is the keras.Input tensor."""

    def __init__(self, shape=None, dtype=None, name=None, input_tensor=None):
        nn.Module.__init__(self)
        self.keras_options({"name": name or (input_tensor.name if input_tensor is not None else None)})
        self.tensor = input_tensor
        self.shape = tuple(shape) if shape is not None else input_tensor.sample_shape

    @property
    def output(self):
        return self.tensor

    def forward(self, x):
        return as_value(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)
