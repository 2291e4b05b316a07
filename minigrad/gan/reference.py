"""The reference MNIST classifier that judges GAN samples (see metrics.py).

A small CNN, trained with minigrad from a fixed seed on the 5,000-digit sample (4,500 to train, every tenth
digit held out). The first call trains it (under a minute on two cores) and saves it with ``Module.save`` (an
atomic .npz) in ``~/.cache/minigrad`` or ``$MINIGRAD_DATA``; later calls load it.

    clf = reference_classifier()
    probs, features = clf.probabilities_and_features(images)   # images (n, 28, 28) in [0, 1]

``features`` are the 64 activations of the penultimate layer: the Frechet distance compares them.
"""
from pathlib import Path

import numpy as np

from .. import nn, optim
from ..data import datasets
from ..data.mnist import data_home
from ..engine import no_grad

VERSION = 1  # bump when the architecture or the training recipe changes, so old caches are not reused


def reference_cnn():
    """conv(1->16, 3x3) relu maxpool -> conv(16->32, 3x3) relu maxpool -> dense 64 relu (the features) -> 10."""
    return nn.Sequential(
        nn.Reshape((1, 28, 28)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 64, activation="relu"),
        nn.Linear(64, 10),
    )


def split_sample(images, labels):
    """(train images, train labels, held-out images, held-out labels): every tenth digit is held out."""
    held_out = np.arange(len(images)) % 10 == 0
    return images[~held_out], labels[~held_out], images[held_out], labels[held_out]


class ReferenceClassifier:
    """A trained reference CNN. ``trained_now`` tells whether this call trained it (False: loaded from
    ``path``)."""

    def __init__(self, model, path, trained_now):
        self.model, self.path, self.trained_now = model, path, trained_now
        self.body = model[:-1]  # every layer but the last: images -> penultimate features

    def probabilities_and_features(self, images, batch_size=500):
        """(p(y|x) of shape (n, 10), penultimate features (n, 64)) for images (n, 28, 28) in [0, 1]."""
        images = np.asarray(images, dtype=np.float32).reshape(-1, 28, 28)
        probs, features = [], []
        self.model.eval()
        with no_grad():
            for start in range(0, len(images), batch_size):
                h = self.body(images[start:start + batch_size])
                probs.append(self.model[-1](h).softmax(axis=-1).data)
                features.append(h.data)
        return np.concatenate(probs).astype(np.float64), np.concatenate(features).astype(np.float64)

    def predict(self, images):
        """The most likely digit for each image."""
        return self.probabilities_and_features(images)[0].argmax(axis=1)

    def accuracy(self, images, labels):
        return float(np.mean(self.predict(images) == np.asarray(labels)))


def reference_classifier(cache_dir=None, epochs=8, n_train=None, seed=0, verbose=0):
    """The reference classifier: loaded from the cache when it is there, else trained and saved.

    ``epochs`` and ``n_train`` (how many of the 4,500 training digits to use; None for all) are part of the
    cache file's name, so a quick model never replaces the full one."""
    folder = data_home() if cache_dir is None else Path(cache_dir)
    path = folder / f"mnist-reference-cnn-v{VERSION}-e{epochs}-n{n_train or 'all'}-s{seed}.npz"
    nn.init.seed(seed)
    model = reference_cnn()
    if path.exists():
        model.load(path)
        return ReferenceClassifier(model, path, trained_now=False)
    images, labels = datasets.mnist_sample()
    x, y, _, _ = split_sample(images.astype(np.float32) / 255.0, labels)
    if n_train is not None:
        pick = np.random.default_rng(seed).permutation(len(x))[:n_train]
        x, y = x[pick], y[pick]
    model.compile(optimizer=optim.Adam(model.parameters(), lr=2e-3), loss=nn.CrossEntropyLoss(),
                  metrics=["accuracy"])
    model.fit(x, y, epochs=epochs, batch_size=64, seed=seed, verbose=verbose)
    folder.mkdir(parents=True, exist_ok=True)
    model.save(path)
    return ReferenceClassifier(model, path, trained_now=True)
