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
import re

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


# ---- metric objects: running values over many batches, as Keras' keras.metrics ------------------------------

def _per_sample(values, n):
    """A metric function's result as one value per sample (a batch mean counts once per sample)."""
    values = np.asarray(getattr(values, "data", values), dtype=np.float64)
    return np.full(n, float(values)) if values.ndim == 0 else values.reshape(n, -1).mean(axis=1)


def binary_hits(y_pred, y_true, threshold=0.5):
    """Per sample: the fraction of its outputs where (y_pred > threshold) == (y_true > 0.5)."""
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    hits = (y_pred > threshold) == (y_true.reshape(y_pred.shape) > 0.5)
    return hits.reshape(len(hits), -1).mean(axis=1)


def categorical_hits(y_pred, y_true):
    """Per sample: 1 where argmax(y_pred) == argmax(y_true) (one-hot labels), else 0."""
    return (np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)).astype(np.float64)


def sparse_categorical_hits(y_pred, y_true):
    """Per sample: 1 where argmax(y_pred) == y_true (integer labels), else 0."""
    predicted = np.argmax(y_pred, axis=-1)
    return (predicted == np.asarray(y_true).reshape(predicted.shape)).astype(np.float64)


def accuracy_hits(y_pred, y_true, from_logits=False):
    """Per sample: Keras' "accuracy", its kind chosen from the shapes (module docstring)."""
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    kind = accuracy_kind(y_pred.shape, y_true.shape)
    if kind == "binary":
        return binary_hits(y_pred, y_true, 0.0 if from_logits else 0.5)
    return sparse_categorical_hits(y_pred, y_true) if kind == "sparse" else categorical_hits(y_pred, y_true)


def absolute_errors(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return np.abs(y_pred - np.asarray(y_true).reshape(y_pred.shape)).reshape(len(y_pred), -1).mean(axis=1)


def squared_errors(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return ((y_pred - np.asarray(y_true).reshape(y_pred.shape)) ** 2).reshape(len(y_pred), -1).mean(axis=1)


PER_SAMPLE = {accuracy: accuracy_hits, binary_accuracy: binary_hits, categorical_accuracy: categorical_hits,
              sparse_categorical_accuracy: sparse_categorical_hits, mean_absolute_error: absolute_errors,
              mean_squared_error: squared_errors}


class Metric:
    """A value kept up to date over many batches: ``update_state(...)`` adds a batch, ``result()`` reads it,
    ``reset_state()`` starts again (fit does so at each epoch)."""

    def __init__(self, name=None, dtype=None):
        self.name = name or _snake(type(self).__name__)
        self.dtype = dtype
        self.reset_state()

    def reset_state(self):
        raise NotImplementedError

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        """Add this batch and return the result so far."""
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} result={self.result():.4f}>"


class Mean(Metric):
    """The (weighted) mean of every value given to ``update_state(values, sample_weight=None)``:
    sum(w v) / sum(w)."""

    def reset_state(self):
        self.total, self.count = 0.0, 0.0

    def update_state(self, values, sample_weight=None):
        values = np.asarray(getattr(values, "data", values), dtype=np.float64)
        weights = np.ones_like(values) if sample_weight is None else \
            np.broadcast_to(np.asarray(sample_weight, dtype=np.float64).reshape(
                np.shape(sample_weight) + (1,) * max(values.ndim - np.ndim(sample_weight), 0)), values.shape)
        self.total += float(np.sum(values * weights))
        self.count += float(np.sum(weights))

    def result(self):
        return self.total / self.count if self.count else 0.0


class MeanMetricWrapper(Mean):
    """The mean over samples of ``fn(y_true, y_pred)`` (``true_first``) or ``fn(y_pred, y_true)``, which returns
    one value per sample or one number for the batch."""

    def __init__(self, fn, name=None, order="true_first", dtype=None, **options):
        self.fn, self.order, self.options = fn, order, options
        super().__init__(name or getattr(fn, "__name__", type(fn).__name__), dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = np.asarray(getattr(y_true, "data", y_true))
        y_pred = np.asarray(getattr(y_pred, "data", y_pred))
        values = self.fn(y_true, y_pred, **self.options) if self.order == "true_first" else \
            self.fn(y_pred, y_true, **self.options)
        super().update_state(_per_sample(values, len(y_pred)), sample_weight)


def as_metric(metric, from_logits=False, order="pred_first"):
    """A metric object for compile's ``metrics=``: an object passes, a name or a function is wrapped."""
    if isinstance(metric, Metric):
        return metric
    name, fn = get(metric, from_logits)
    if fn in PER_SAMPLE or getattr(fn, "func", None) in PER_SAMPLE:
        options = {"from_logits": True} if getattr(fn, "func", None) is accuracy else {}
        return MeanMetricWrapper(PER_SAMPLE[getattr(fn, "func", fn)], name, "pred_first", **options)
    return MeanMetricWrapper(fn, name, order)


def _snake(name):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
