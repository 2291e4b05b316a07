"""Kernels: the hot loops, each written twice.

Every kernel module defines pairs ``<name>_numpy`` and ``<name>_numba`` that take the same arguments and
return the same result. The NumPy twin is the reference a student reads; the Numba twin is an
``@njit(cache=True)`` function at module level that carries the speed. Tests check that the two agree.

``kernel("activations.relu_forward")`` returns the twin of the active backend. Kernel modules are imported
on first use, so ``import minigrad`` never loads Numba.
"""
import importlib
import os
from contextlib import contextmanager

BACKENDS = ("numba", "numpy")

# Arrays with at least this many elements use the ``parallel=True`` variant of a kernel; smaller ones the
# serial one, because on two cores a parallel launch costs more than it saves on small arrays.
# Measured by benchmarks/kernels.py.
PARALLEL_THRESHOLD = 1 << 18


def _checked(name):
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}: choose one of {BACKENDS} "
                         "(minigrad.set_backend or the MINIGRAD_BACKEND environment variable)")
    return name


_backend = _checked(os.environ.get("MINIGRAD_BACKEND", "numba"))

# Numba's parallel loops run on OpenMP threads, which by default spin while they wait. When a core is busy (another
# process, or BLAS threads just after a matrix product) the spinning stalls each parallel kernel by 10-90 ms; with
# passive waiting a DCGAN step took 0.62 s instead of 2.1-2.9 s (benchmarks/kernels.py). Set before Numba loads;
# a value the user chose is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
_cache = {}


def get_backend():
    """The name of the active backend, ``"numba"`` or ``"numpy"``."""
    return _backend


def set_backend(name):
    """Choose the kernel backend for the whole process: ``"numba"`` (fast) or ``"numpy"`` (reference)."""
    global _backend
    _backend = _checked(name)


@contextmanager
def use_backend(name):
    """Run a block with another backend, then restore the previous one."""
    previous = _backend
    set_backend(name)
    try:
        yield
    finally:
        set_backend(previous)


def kernel(path, backend=None):
    """The kernel ``module.name`` for ``backend`` (default: the active one), imported on first use."""
    key = (path, backend or _backend)
    fn = _cache.get(key)
    if fn is None:
        module, name = path.rsplit(".", 1)
        fn = getattr(importlib.import_module(f"{__name__}.{module}"), f"{name}_{key[1]}")
        _cache[key] = fn
    return fn
