"""Keras' ``keras.utils``: ``to_categorical``, which turns class labels into one-hot rows.

    to_categorical([2, 0], num_classes=3)  ->  [[0, 0, 1],
                                                [1, 0, 0]]

``categorical_crossentropy`` wants such rows; ``sparse_categorical_crossentropy`` takes the labels as they are.
"""
import numbers

import numpy as np


def to_categorical(x, num_classes=None):
    """One-hot rows (float32) for integer class labels ``x`` of shape (n,) or (n, 1): row i has a 1 in column
    x[i] and 0 elsewhere. ``num_classes`` defaults to max(x) + 1."""
    labels = np.asarray(x)
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(~np.isfinite(labels) | (labels != np.round(labels)))
        if bad.size:
            raise ValueError(f"to_categorical: labels must be whole numbers (class indices), got "
                             f"{labels.flat[bad[0]]} at index {bad[0]}. Pass integer labels 0..C-1.")
    elif labels.dtype.kind not in "iub":
        raise TypeError(f"to_categorical: labels must be integer class indices, got dtype {labels.dtype}.")
    labels = labels.astype(np.int64)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise TypeError(f"to_categorical: num_classes must be a positive int, got {num_classes!r}.")
    elif num_classes < 1:
        raise ValueError(f"to_categorical: num_classes must be a positive int, got {num_classes}.")
    outside = np.flatnonzero((labels < 0) | (labels >= num_classes))
    if outside.size:
        raise ValueError(f"to_categorical: labels must lie in [0, {num_classes}) for num_classes={num_classes}, got "
                         f"{labels.flat[outside[0]]} at index {outside[0]}. Pass num_classes, or fix the labels.")
    return np.eye(num_classes, dtype=np.float32)[labels]


__all__ = ["to_categorical"]
