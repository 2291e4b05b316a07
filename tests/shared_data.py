"""Where the tests find the shared data: ``../shared/data/mnist`` beside the checkout holds the official MNIST
test split. Tests that need it skip, saying why, when it is absent.

(A module of its own, not conftest.py: tests/ and tests/conformance/ each have a conftest, and both import as
``conftest``, so ``from conftest import ...`` could find the wrong one.)
"""
from pathlib import Path

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
