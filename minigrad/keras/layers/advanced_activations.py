"""Keras 2's ``keras.layers.advanced_activations`` path, so ``from keras.layers.advanced_activations import
LeakyReLU`` ports by changing ``keras`` to ``minigrad.keras``."""
from .core import LeakyReLU, ReLU, Softmax

__all__ = ["LeakyReLU", "ReLU", "Softmax"]
