"""Keras' layers, channels-last and with Keras' argument names, made from minigrad.nn.

``Input(shape=..., dtype=..., name=...)`` gives a placeholder (a SymbolicTensor, ``.shape == (None, ...)``): at
the head of a Sequential it declares the input shape; called through layers it records them for
``keras.Model(inputs, outputs)``.

- core.py: Dense, Activation, Dropout, Flatten, Reshape, ReLU, LeakyReLU, Softmax, Embedding
- conv.py: Conv2D, Conv2DTranspose, MaxPooling2D, AveragePooling2D, GlobalMaxPooling2D,
  GlobalAveragePooling2D, UpSampling2D, ZeroPadding2D (images (N, H, W, C))
- norm.py: BatchNormalization;  merge.py: Concatenate, Add, Subtract, Multiply, Average and their functions
- base.py: names, Keras' common arguments, get_config, and the error for a misspelt argument
- layer.py: Layer, the base class of your own layers (``call``, ``build``, ``add_weight``)
- advanced_activations.py, convolutional.py: Keras 2's import paths for the same layers
"""
import numpy as np

from ...training import SymbolicTensor
from .base import sample_shape, unique_name
from .conv import (AveragePooling2D, Conv2D, Conv2DTranspose, GlobalAveragePooling2D, GlobalMaxPooling2D,
                   MaxPooling2D, UpSampling2D, ZeroPadding2D)
from .core import Activation, Dense, Dropout, Embedding, Flatten, InputLayer, LeakyReLU, ReLU, Reshape, Softmax
from .layer import Layer
from .merge import Add, Average, Concatenate, Multiply, Subtract, add, average, concatenate, multiply, subtract
from .norm import BatchNormalization

Conv2d = Conv2D
Convolution2D = Conv2D
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalMaxPool2D = GlobalMaxPooling2D


def Input(shape=None, batch_size=None, name=None, dtype=None, batch_shape=None, **kwargs):
    """A placeholder for a batch of samples of ``shape`` (no batch axis), as Keras' ``Input``; its ``shape`` is
    ``(None, *shape)``. ``dtype`` (default float32; "int32" for token or label inputs) is what the model
    casts this input to."""
    if kwargs:
        raise TypeError(f"Input got an unexpected argument {next(iter(kwargs))!r}. It takes: shape, batch_size, "
                        "name, dtype, batch_shape.")
    if batch_shape is not None:
        shape = tuple(batch_shape)[1:]
    if shape is None:
        raise TypeError("Input: give shape, the shape of one sample without the batch axis, e.g. "
                        "Input(shape=(784,))")
    shape = (shape,) if isinstance(shape, (int, np.integer)) else shape
    if any(n is None for n in shape):
        raise ValueError(f"Input(shape={tuple(shape)}): minigrad needs every axis's size; None (a variable size) "
                         "is not supported")
    return SymbolicTensor(sample_shape(tuple(shape), "Input"), dtype or "float32",
                          name or unique_name("input_layer"))


__all__ = ["Input", "InputLayer", "Dense", "Activation", "Dropout", "Flatten", "Reshape", "ReLU", "LeakyReLU", "Softmax",
           "Embedding", "Conv2D", "Conv2DTranspose", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D",
           "GlobalAveragePooling2D", "UpSampling2D", "ZeroPadding2D", "BatchNormalization", "Concatenate", "Add",
           "Subtract", "Multiply", "Average", "concatenate", "add", "subtract", "multiply", "average", "Layer"]
