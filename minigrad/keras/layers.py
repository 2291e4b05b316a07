"""Keras layers, with Keras' argument names, made from minigrad.nn layers.

``Input(shape=...)`` gives a placeholder (a SymbolicTensor): at the head of a Sequential it declares the
input shape; called through layers or models it records them for ``keras.Model(inputs, outputs)``.
"""
import numpy as np

from .. import nn
from ..training import SymbolicTensor

Dense = nn.Dense
Flatten = nn.Flatten
Reshape = nn.Reshape
ReLU = nn.ReLU
Softmax = nn.Softmax
Embedding = nn.Embedding


def Input(shape):
    """A placeholder for a batch of samples of ``shape`` (no batch axis), as Keras' ``Input``."""
    layer = nn.Input(shape)
    return SymbolicTensor(layer.input_shape, [layer])


class Dropout(nn.Dropout):
    """Keras' ``Dropout(rate)``: while training, zero each entry with probability ``rate`` (nn.Dropout)."""

    def __init__(self, rate, seed=None):
        super().__init__(rate, rng=None if seed is None else np.random.default_rng(seed))


class LeakyReLU(nn.LeakyReLU):
    """Keras' ``LeakyReLU(alpha=0.3)``: out = z if z > 0 else alpha z. Keras' default slope is 0.3."""

    def __init__(self, alpha=0.3):
        super().__init__(negative_slope=alpha)


def Activation(activation):
    """Keras' ``Activation("relu")``: the activation as a layer (nn.get_activation)."""
    return nn.get_activation(activation)


__all__ = ["Input", "Dense", "Flatten", "Reshape", "Dropout", "Activation", "ReLU", "LeakyReLU", "Softmax",
           "Embedding"]
