"""Keras' metric objects: values kept up to date over many batches (they are reported, not trained on).

    metric = keras.metrics.SparseCategoricalAccuracy()
    metric.update_state(y_true, y_pred)      # add a batch (true labels first, as in Keras)
    metric.result()                          # the accuracy over everything added so far
    metric.reset_state()                     # start again (fit does this at each epoch)

``Mean`` averages whatever numbers it is given, as a custom ``train_step`` does with its loss. Each accuracy
is the mean over samples of a hit (1) or miss (0): binary (p > threshold), categorical (argmax of p equals
argmax of the one-hot y) or sparse categorical (argmax of p equals the integer label).
"""
import numpy as np

from ..training.metrics import (Mean, MeanMetricWrapper, Metric, absolute_errors, accuracy_hits, binary_hits,
                                categorical_hits, sparse_categorical_hits, squared_errors)


class Sum(Metric):
    """The sum of every value given to ``update_state(values)``."""

    def reset_state(self):
        self.total = 0.0

    def update_state(self, values, sample_weight=None):
        values = np.asarray(getattr(values, "data", values), dtype=np.float64)
        self.total += float(np.sum(values if sample_weight is None else values * np.asarray(sample_weight)))

    def result(self):
        return self.total


def _true_first(fn, **options):
    return lambda y_true, y_pred: fn(y_pred, y_true, **options)


class Accuracy(MeanMetricWrapper):
    """How often y_pred equals y_true exactly."""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(lambda t, p: (np.asarray(p).reshape(len(p), -1) == np.asarray(t).reshape(len(p), -1)
                                       ).mean(axis=1), name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often (y_pred > threshold) matches y_true."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(_true_first(binary_hits, threshold=threshold), name, dtype=dtype)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) equals argmax(y_true) (one-hot labels)."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(_true_first(categorical_hits), name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) equals the integer label y_true."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(_true_first(sparse_categorical_hits), name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(_true_first(squared_errors), name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(_true_first(absolute_errors), name, dtype=dtype)


class RootMeanSquaredError(MeanSquaredError):
    """sqrt of the mean squared error over everything added so far."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype)

    def result(self):
        return float(np.sqrt(super().result()))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Per sample: the fraction of outputs where (y_pred > threshold) matches y_true."""
    return binary_hits(np.asarray(y_pred), np.asarray(y_true), threshold)


def categorical_accuracy(y_true, y_pred):
    return categorical_hits(np.asarray(y_pred), np.asarray(y_true))


def sparse_categorical_accuracy(y_true, y_pred):
    return sparse_categorical_hits(np.asarray(y_pred), np.asarray(y_true))


def accuracy(y_true, y_pred):
    """Keras' "accuracy" per sample, its kind chosen from the shapes."""
    return accuracy_hits(np.asarray(y_pred), np.asarray(y_true))


__all__ = ["Metric", "Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
           "SparseCategoricalAccuracy", "MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError",
           "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "accuracy"]
