"""Datasets, in one namespace: ``minigrad.data.datasets.mnist(...)``, ``datasets.make_moons(...)``, ...

- MNIST: ``mnist(split)`` (downloads and verifies the full set), ``mnist_sample()`` (5,000 digits, offline).
- Toy sets for the lectures, each ``(X float64 (n, 2), y int64 (n,))``: ``make_moons``, ``make_circles``,
  ``make_spirals``, ``make_xor``, ``make_blobs`` and ``pass_fail`` ("will I pass this class?").
- Names for character-level language models: ``names(kind)`` (census first or last names, offline), a
  ``NamesCorpus`` of any word list, with its fixed train/val/test split and ``Vocabulary``.
"""
from .mnist import mnist, mnist_sample
from .names import NamesCorpus, Vocabulary, names
from .toy import make_blobs, make_circles, make_moons, make_spirals, make_xor, pass_fail

__all__ = ["mnist", "mnist_sample", "make_moons", "make_circles", "make_spirals", "make_xor", "make_blobs",
           "pass_fail", "names", "NamesCorpus", "Vocabulary"]
