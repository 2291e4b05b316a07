"""Datasets, in one namespace: ``minigrad.data.datasets.mnist(...)``, ``datasets.make_moons(...)``, ...

- MNIST: ``mnist(split)`` (downloads and verifies the full set), ``mnist_sample()`` (5,000 digits, offline).
- Toy sets for the lectures, each ``(X float64 (n, 2), y int64 (n,))``: ``make_moons``, ``make_circles``,
  ``make_spirals``, ``make_xor``, ``make_blobs`` and ``pass_fail`` ("will I pass this class?").
"""
from .mnist import mnist, mnist_sample
from .toy import make_blobs, make_circles, make_moons, make_spirals, make_xor, pass_fail

__all__ = ["mnist", "mnist_sample", "make_moons", "make_circles", "make_spirals", "make_xor", "make_blobs",
           "pass_fail"]
