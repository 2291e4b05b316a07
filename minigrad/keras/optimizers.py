"""Keras' optimizers: ``keras.optimizers.Adam(learning_rate=1e-3)`` and friends, made without parameters and
bound to them by compile (or by the first ``apply_gradients``). See minigrad/training/optimizers.py."""
from ..training.optimizers import SGD, Adadelta, Adagrad, Adam, AdamW, Optimizer, RMSprop, get

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "get"]
