"""Keras 2's ``keras.layers.convolutional`` path, so ``from keras.layers.convolutional import Conv2D`` ports by
changing ``keras`` to ``minigrad.keras``."""
from .conv import Conv2D, Conv2DTranspose, UpSampling2D, ZeroPadding2D

__all__ = ["Conv2D", "Conv2DTranspose", "UpSampling2D", "ZeroPadding2D"]
