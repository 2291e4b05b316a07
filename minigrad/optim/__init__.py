"""Optimizers (gradient descent and its adaptive variants), learning-rate schedules and gradient clipping.

    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

The classes follow PyTorch's formulas and defaults. ``optim.get("adam", params)`` builds one from a
Keras-style name instead.
"""
from .adam import Adam, AdamW
from .adaptive import Adadelta, Adagrad, RMSprop
from .clip import clip_grad_norm_
from .optimizer import Optimizer
from .schedules import CosineAnnealingLR, ExponentialLR, LRScheduler, ReduceLROnPlateau, StepLR
from .sgd import SGD

# The names Keras' compile(optimizer=...) accepts, with Keras' default learning rates; every other
# hyperparameter keeps PyTorch's default.
KERAS_NAMES = {"sgd": (SGD, 0.01), "adam": (Adam, 0.001), "adamw": (AdamW, 0.001),
               "adagrad": (Adagrad, 0.001), "adadelta": (Adadelta, 0.001), "rmsprop": (RMSprop, 0.001)}


def get(optimizer, params=None):
    """An optimizer from a name such as ``"adam"`` (case-insensitive, Keras' default learning rate) over
    ``params``; an Optimizer instance passes through unchanged."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(f"optim.get: expected an optimizer name or an Optimizer, got {type(optimizer).__name__}")
    if optimizer.lower() not in KERAS_NAMES:
        raise ValueError(f"optim.get: unknown optimizer {optimizer!r}; known names: {', '.join(KERAS_NAMES)}")
    if params is None:
        raise ValueError(f"optim.get: building {optimizer!r} needs params, e.g. model.parameters()")
    cls, lr = KERAS_NAMES[optimizer.lower()]
    return cls(params, lr=lr)


__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "RMSprop", "LRScheduler", "StepLR",
           "ExponentialLR", "CosineAnnealingLR", "ReduceLROnPlateau", "clip_grad_norm_", "get", "KERAS_NAMES"]
