"""What ``fit``, ``evaluate`` and ``predict`` accept as data, turned into batches, as Keras does.

- arrays: ``x`` (an array, a list of arrays for a model with several inputs, or a dict name -> array), ``y``
  shaped the same way for the outputs, and ``sample_weight`` (one number per sample). They are cut into batches
  of ``batch_size``, in a new random order each epoch when ``shuffle`` is on.
- a DataLoader, a Python generator, or a ``keras.utils.PyDataset``-style object (``len(ds)`` batches,
  ``ds[i]`` is batch i, ``ds.on_epoch_end()`` is called after each epoch): each yields ``(x, y)``,
  ``(x, y, sample_weight)`` or ``x`` alone. A generator has no length: ``steps_per_epoch`` says how many
  batches make an epoch (without it, the first epoch runs until the generator is exhausted).

Every batch comes out as Keras' ``data``: ``x`` alone when there are no targets, else ``(x, y)`` or
``(x, y, sample_weight)``; ``train_step(data)`` unpacks it with ``unpack(data)``.
"""
import math
import numbers

import numpy as np

from ..data import DataLoader


def leaves(structure):
    """The arrays inside an array, a list/tuple of arrays or a dict of arrays, in order."""
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in leaves(value)]
    if isinstance(structure, (list, tuple)):
        return [leaf for value in structure for leaf in leaves(value)]
    return [structure]


def map_structure(fn, structure):
    """``structure`` with ``fn`` applied to every array in it (lists, tuples and dicts keep their shape)."""
    if isinstance(structure, dict):
        return {key: map_structure(fn, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(fn, value) for value in structure)
    return fn(structure)


def as_arrays(structure, fn):
    """Every leaf as an ndarray with at least one axis (one sample per row of the first)."""
    def convert(leaf):
        array = np.asarray(leaf)
        if array.ndim == 0:
            raise ValueError(f"{fn}: got a single number ({array!r}) where an array of samples was expected; "
                             "give one sample per row, shape (n_samples, ...)")
        return array
    return map_structure(convert, structure)


def pack(x, y=None, sample_weight=None):
    """Keras' ``data``: ``x`` alone, ``(x, y)`` or ``(x, y, sample_weight)``."""
    if y is None:
        return x if not isinstance(x, (list, tuple)) else (x,)
    return (x, y) if sample_weight is None else (x, y, sample_weight)


def unpack(data):
    """``(x, y, sample_weight)`` from a batch as ``train_step`` gets it; missing parts are None."""
    if isinstance(data, tuple):
        if len(data) == 1:
            return data[0], None, None
        if len(data) in (2, 3):
            return data[0], data[1], data[2] if len(data) == 3 else None
        raise ValueError(f"train_step: a batch is x, (x, y) or (x, y, sample_weight); got a tuple of {len(data)}")
    return data, None, None


class ArrayBatches:
    """Batches of in-memory arrays (see the module docstring); ``len()`` is the number of batches."""

    def __init__(self, x, y, sample_weight, batch_size, shuffle=False, seed=None, fn="fit"):
        self.x, self.y = as_arrays(x, fn), None if y is None else as_arrays(y, fn)
        self.sample_weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        counts = {len(a) for a in leaves(self.x) + (leaves(self.y) if self.y is not None else [])}
        if len(counts) != 1:
            shapes = [a.shape for a in leaves(self.x)] + [a.shape for a in leaves(self.y or [])]
            raise ValueError(f"{fn}: every input and target needs the same number of samples along its first axis, "
                             f"got shapes {shapes}; give one target per sample")
        self.n = counts.pop()
        if self.n == 0:
            raise ValueError(f"{fn}: x holds no samples; pass at least one")
        if self.sample_weight is not None and self.sample_weight.shape != (self.n,):
            raise ValueError(f"{fn}: sample_weight must hold one number per sample, shape ({self.n},), got "
                             f"{self.sample_weight.shape}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1:
            raise ValueError(f"{fn}: batch_size must be an integer >= 1, got {batch_size!r}")
        self.batch_size, self.shuffle = int(batch_size), shuffle
        # without a seed, the order comes from NumPy's global generator: np.random.seed(...) repeats a run
        self.rng = np.random.default_rng(seed if seed is not None else np.random.randint(2 ** 31))

    def __len__(self):
        return math.ceil(self.n / self.batch_size)

    def split(self, fraction):
        """(training part, validation part): the last ``fraction`` of the samples, taken before shuffling."""
        cut = int(self.n * (1 - fraction))
        if cut in (0, self.n):
            raise ValueError(f"fit: validation_split={fraction} of {self.n} samples leaves {cut} to train on and "
                             f"{self.n - cut} to validate; both need at least one. Change validation_split or pass "
                             "more data.")
        if self.y is None:
            raise ValueError("fit: validation_split needs targets y to validate against")
        def part(rows):
            return map_structure(lambda a: a[rows], self.x), map_structure(lambda a: a[rows], self.y)
        weights = self.sample_weight
        train = ArrayBatches(*part(slice(0, cut)), None if weights is None else weights[:cut], self.batch_size,
                             self.shuffle)
        train.rng = self.rng
        return train, ArrayBatches(*part(slice(cut, None)), None, self.batch_size)

    def __iter__(self):
        order = self.rng.permutation(self.n) if self.shuffle else None
        for b in range(len(self)):
            rows = slice(b * self.batch_size, (b + 1) * self.batch_size)
            if order is not None:
                rows = order[rows]
            take = lambda a: a[rows]
            yield pack(map_structure(take, self.x), None if self.y is None else map_structure(take, self.y),
                       None if self.sample_weight is None else self.sample_weight[rows])


class StreamBatches:
    """Batches from a DataLoader, a generator or a PyDataset; ``len()`` is the batches per epoch, or None when
    only the stream's end tells (a generator without steps_per_epoch)."""

    def __init__(self, source, steps_per_epoch=None, fn="fit"):
        self.source, self.fn = source, fn
        self.is_dataset = hasattr(source, "__getitem__") and hasattr(source, "__len__") and \
            not isinstance(source, DataLoader)
        self.steps = steps_per_epoch if steps_per_epoch is not None else \
            (len(source) if hasattr(source, "__len__") else None)
        self.given_steps = steps_per_epoch is not None or hasattr(source, "__len__")
        self.iterator = None

    def __len__(self):
        return self.steps

    def __iter__(self):
        if self.is_dataset:
            for i in range(self.steps):
                yield self._data(self.source[i % len(self.source)])
            if hasattr(self.source, "on_epoch_end"):
                self.source.on_epoch_end()
            return
        if self.iterator is None or isinstance(self.source, DataLoader):
            self.iterator = iter(self.source)
        count = 0
        while self.steps is None or count < self.steps:
            try:
                batch = next(self.iterator)
            except StopIteration:
                if not self.given_steps and count == 0:
                    raise ValueError(f"{self.fn}: the generator has no batches left: a generator runs once, and the "
                                     f"epoch before used it up ({self.steps} batches). For several epochs make it "
                                     "loop forever (while True: ... yield) and pass steps_per_epoch") from None
                if self.steps is not None and not isinstance(self.source, DataLoader) and count < self.steps:
                    raise ValueError(f"{self.fn}: the generator ran out after {count} batches, but steps_per_epoch="
                                     f"{self.steps}; make it loop forever (while True: ... yield) or lower "
                                     "steps_per_epoch") from None
                self.iterator = None
                if self.steps is None:
                    self.steps = count
                return
            yield self._data(batch)
            count += 1

    def _data(self, batch):
        return tuple(batch) if isinstance(batch, (tuple, list)) and len(batch) in (2, 3) else batch


def is_stream(x):
    """Whether ``x`` yields its own batches (DataLoader, generator, PyDataset) rather than being arrays."""
    if isinstance(x, (np.ndarray, list, tuple, dict)) or x is None:
        return False
    return isinstance(x, DataLoader) or hasattr(x, "__next__") or \
        (hasattr(x, "__getitem__") and hasattr(x, "__len__") and not hasattr(x, "shape"))
