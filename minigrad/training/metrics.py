"""Metrics: numbers that say how well the model does, reported next to the loss. They are not trained on.

Each metric is a function ``metric(y_pred, y_true) -> float`` of NumPy arrays for one batch, in the same order
as the losses (prediction first). ``fit`` averages them over an epoch, weighting each batch by its size.

``"accuracy"`` picks its kind from the shapes, as Keras does:

- one output per sample (``y_pred`` of shape (n, 1) or (n,)): binary accuracy, the prediction is class 1
  when it is above 0.5 (a probability), or above 0 when the loss takes logits;
- integer labels (``y_true`` of shape (n,) or (n, 1) against (n, k) scores): sparse categorical accuracy,
  argmax(y_pred) == y_true;
- one-hot labels of the same shape as ``y_pred``: categorical accuracy, argmax(y_pred) == argmax(y_true).
"""
import functools

import numpy as np


def binary_accuracy(y_pred, y_true, threshold=0.5):
    """The fraction of samples where (y_pred > threshold) equals (y_true > 0.5)."""
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    return float(np.mean((y_pred > threshold) == (y_true.reshape(y_pred.shape) > 0.5)))


def categorical_accuracy(y_pred, y_true):
    """The fraction of samples where argmax(y_pred) == argmax(y_true) (one-hot labels)."""
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))


def sparse_categorical_accuracy(y_pred, y_true):
    """The fraction of samples where argmax(y_pred) == y_true (integer labels)."""
    predicted = np.argmax(y_pred, axis=-1)
    return float(np.mean(predicted == np.asarray(y_true).reshape(predicted.shape)))


def mean_absolute_error(y_pred, y_true):
    """mean |y_pred - y_true|"""
    y_pred = np.asarray(y_pred)
    return float(np.mean(np.abs(y_pred - np.asarray(y_true).reshape(y_pred.shape))))


def mean_squared_error(y_pred, y_true):
    """mean (y_pred - y_true)^2"""
    y_pred = np.asarray(y_pred)
    return float(np.mean((y_pred - np.asarray(y_true).reshape(y_pred.shape)) ** 2))


def accuracy_kind(pred_shape, true_shape):
    """Which accuracy Keras' "accuracy" means for these shapes: "binary", "sparse" or "categorical"."""
    if len(pred_shape) < 2 or pred_shape[-1] == 1:
        return "binary"
    if len(true_shape) < len(pred_shape) or true_shape[-1] == 1:
        return "sparse"
    return "categorical"


def accuracy(y_pred, y_true, from_logits=False):
    """Keras' "accuracy": binary, sparse categorical or categorical, chosen from the shapes (module docstring)."""
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    kind = accuracy_kind(y_pred.shape, y_true.shape)
    if kind == "binary":
        return binary_accuracy(y_pred, y_true, threshold=0.0 if from_logits else 0.5)
    if kind == "sparse":
        return sparse_categorical_accuracy(y_pred, y_true)
    return categorical_accuracy(y_pred, y_true)


NAMES = {"accuracy": accuracy, "acc": accuracy, "binary_accuracy": binary_accuracy,
         "categorical_accuracy": categorical_accuracy, "sparse_categorical_accuracy": sparse_categorical_accuracy,
         "mae": mean_absolute_error, "mean_absolute_error": mean_absolute_error,
         "mse": mean_squared_error, "mean_squared_error": mean_squared_error}


def get(metric, from_logits=False):
    """``(name, fn)`` for a metric name from ``NAMES`` or a function ``fn(y_pred, y_true) -> float``.

    ``from_logits`` tells accuracy that the model outputs scores, not probabilities (the loss says so)."""
    if callable(metric):
        return getattr(metric, "__name__", type(metric).__name__), metric
    if not isinstance(metric, str) or metric not in NAMES:
        raise ValueError(f"compile: unknown metric {metric!r}; use one of {', '.join(NAMES)}, "
                         "or a function metric(y_pred, y_true) -> float")
    fn = NAMES[metric]
    if fn is accuracy and from_logits:
        return metric, functools.partial(accuracy, from_logits=True)
    return metric, fn


def takes_logits(loss):
    """Whether a loss takes raw scores (logits) rather than probabilities: its ``from_logits`` attribute when it
    has one, else whether its name mentions logits (``binary_cross_entropy_with_logits``, ``BCEWithLogitsLoss``)."""
    flag = getattr(loss, "from_logits", None)
    if flag is not None:
        return bool(flag)
    return "logits" in getattr(loss, "__name__", type(loss).__name__).lower()
