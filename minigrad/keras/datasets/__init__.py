"""Keras' datasets: ``mnist.load_data()``."""
from . import mnist

__all__ = ["mnist"]
