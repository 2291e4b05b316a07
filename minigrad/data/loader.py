"""DataLoader: cut a dataset into mini-batches.

Mini-batch gradient descent takes one optimizer step per batch of ``batch_size`` samples. One pass over
all the batches is an epoch. With ``shuffle=True`` the samples are dealt in a new random order every
epoch, so the batches differ from one epoch to the next.
"""
import math
import numbers

import numpy as np


class DataLoader:
    """Iterate over ``(x_batch, y_batch)`` pairs of ndarrays, or ``x_batch`` alone when ``y`` is None.

    ``x`` and ``y`` are indexed along their first axis: sample ``i`` is ``(x[i], y[i])``.
    ``len(loader)`` is the number of batches in one epoch. The last batch is smaller when ``batch_size``
    does not divide the number of samples, unless ``drop_last=True`` leaves it out.
    With ``shuffle=True`` each epoch draws a fresh permutation from ``np.random.default_rng(seed)``, so two
    loaders made with the same seed give identical batches, epoch after epoch.
    """

    def __init__(self, x, y=None, batch_size=32, shuffle=False, seed=None, drop_last=False):
        self.x = _samples(x, "x")
        self.y = None if y is None else _samples(y, "y")
        if self.y is not None and len(self.y) != len(self.x):
            raise ValueError(f"DataLoader: x has {len(self.x)} samples but y has {len(self.y)} "
                             f"(shapes {self.x.shape} and {self.y.shape}); give one label per sample")
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be an integer >= 1, got {batch_size!r}")
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)

    def __len__(self):
        n = len(self.x)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def __iter__(self):
        order = self._rng.permutation(len(self.x)) if self.shuffle else None
        for b in range(len(self)):
            rows = slice(b * self.batch_size, (b + 1) * self.batch_size)
            if order is not None:
                rows = order[rows]
            yield self.x[rows] if self.y is None else (self.x[rows], self.y[rows])

    def __repr__(self):
        return (f"DataLoader({len(self.x)} samples, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, drop_last={self.drop_last}, batches={len(self)})")


def _samples(a, name):
    """``a`` as an ndarray with one sample per row of its first axis."""
    a = np.asarray(a)
    if a.ndim == 0:
        raise ValueError(f"DataLoader: {name} is a single number ({a!r}); "
                         f"give an array with one sample per row, e.g. shape (n_samples, ...)")
    return a
