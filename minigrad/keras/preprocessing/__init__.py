"""Keras' preprocessing: ``image.save_img``."""
from . import image

__all__ = ["image"]
