"""Shared by the conformance suites (tests ported from micrograd, tinygrad and MyGrad): PyTorch is the oracle,
and every test runs once per kernel backend.

A test module gets torch with ``from _shim import import_torch; torch = import_torch()`` (the whole module is
skipped, with ORACLE_REASON, when torch is missing); a test function can ask for the ``torch`` fixture instead.
"""
import pytest

from _shim import import_torch


@pytest.fixture(scope="session")
def torch():
    """The torch module, or a skip that says how to install it."""
    return import_torch()


@pytest.fixture(autouse=True)
def _on_every_backend(backend):
    """Run each conformance test on both kernel backends (the ``backend`` fixture of tests/conftest.py)."""
    yield backend
