"""Shared fixtures: run a test on both kernel backends, and find the shared MNIST folder."""
from pathlib import Path

import pytest

from minigrad import use_backend

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


@pytest.fixture(params=["numba", "numpy"])
def backend(request):
    """Run the test once per kernel backend."""
    with use_backend(request.param):
        yield request.param
