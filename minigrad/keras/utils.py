"""Keras' ``keras.utils``: ``to_categorical``, which turns class labels into one-hot rows; ``PyDataset``
(Keras 2's ``Sequence``), the base class of a dataset that makes its batches on demand; ``set_random_seed``.

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


class PyDataset:
    """A dataset that makes batches on demand: define ``__len__`` (batches per epoch) and ``__getitem__(i)``
    (batch i, as ``(x, y)``, ``(x, y, sample_weight)`` or ``x``). ``fit`` calls ``on_epoch_end()`` after each
    epoch, where a dataset may reshuffle.

        class Batches(keras.utils.PyDataset):
            def __init__(self, x, y, batch_size, **kwargs):
                super().__init__(**kwargs)
                self.x, self.y, self.batch_size = x, y, batch_size
            def __len__(self):
                return math.ceil(len(self.x) / self.batch_size)
            def __getitem__(self, i):
                rows = slice(i * self.batch_size, (i + 1) * self.batch_size)
                return self.x[rows], self.y[rows]

    ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are accepted and ignored: batches are made in
    the training loop's thread."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self.workers, self.use_multiprocessing, self.max_queue_size = workers, use_multiprocessing, max_queue_size

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} defines no __len__ (the number of batches per epoch)")

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} defines no __getitem__(index) (batch number index)")

    def on_epoch_end(self):
        """Called by fit after each epoch; override it to reshuffle."""


Sequence = PyDataset


def set_random_seed(seed):
    """Seed NumPy's global generator and minigrad's (weights, dropout masks), so runs repeat."""
    from ..nn import init
    np.random.seed(seed)
    init.seed(seed)


__all__ = ["to_categorical", "PyDataset", "Sequence", "set_random_seed"]
