"""Shared fixtures: run a test on both kernel backends, make a read-only folder. (The shared MNIST folder is in
shared_data.py.)"""
import pytest
from hypothesis import settings

from minigrad import use_backend

# `make test-fast` loads this profile (--hypothesis-profile=fast): each property-based test tries 5 examples instead
# of its usual 15 to 50. `make test` keeps the full counts.
settings.register_profile("fast", max_examples=5)


@pytest.fixture(params=["numba", "numpy"])
def backend(request):
    """Run the test once per kernel backend."""
    with use_backend(request.param):
        yield request.param


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder in which no file can be created: mode 0555 for a user; for root, whom modes do not stop, the
    immutable attribute (chattr +i). Skips where neither holds."""
    import os
    import subprocess
    folder = tmp_path / "read-only"
    folder.mkdir()
    root = os.geteuid() == 0
    if root:
        try:
            subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            pytest.skip("running as root, and chattr +i cannot make a folder read-only here")
    else:
        folder.chmod(0o555)
    try:
        yield folder
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)
