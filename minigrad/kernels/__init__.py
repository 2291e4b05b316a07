"""Kernels: the hot loops, each written twice.

Every kernel module defines pairs ``<name>_numpy`` and ``<name>_numba`` that take the same arguments and
return the same result. The NumPy twin is the reference a student reads; the Numba twin is an
``@njit(cache=True)`` function at module level that carries the speed. Tests check that the two agree.

``kernel("activations.relu_forward")`` returns the twin of the active backend. Kernel modules are imported
on first use, so ``import minigrad`` never loads Numba.

The Numba twins run one at a time across threads (a lock), on a threading layer that survives ``fork``, and
a float16 array or a cache folder Numba cannot write gets an error that says what to do instead. On Linux,
glibc's malloc is asked to keep freed memory for the next step's arrays (``KEEPS_FREED_MEMORY``).
"""
import ctypes
import functools
import importlib
import os
import platform
import sys
import threading
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

# Numba runs parallel=True loops on the threads of a "threading layer". Its default on Linux without TBB is GNU
# OpenMP, which does not survive fork: after one parallel kernel, a multiprocessing Pool worker (fork is Linux's
# default start method) that runs a parallel kernel is killed, and Pool.map waits forever. "forksafe" picks TBB
# when it is installed, else Numba's own workqueue; both survive fork. The workqueue aborts the process when two
# threads launch parallel loops at once, so the Numba kernels run under a lock (serial njit code holds the GIL
# anyway, and on a few cores two parallel loops at once only compete for them).
# Set before the first parallel launch, also when Numba was imported before minigrad; a layer the user chose
# with NUMBA_THREADING_LAYER is kept.
THREADING_LAYER = "forksafe"
if "NUMBA_THREADING_LAYER" not in os.environ:
    os.environ["NUMBA_THREADING_LAYER"] = THREADING_LAYER
    if "numba" in sys.modules:
        sys.modules["numba"].config.THREADING_LAYER = THREADING_LAYER

# If the user picks OpenMP: its threads by default spin while they wait. When a core is busy (another process, or
# BLAS threads just after a matrix product) the spinning stalls each parallel kernel by 10-90 ms; with passive
# waiting a DCGAN step took 0.62 s instead of 2.1-2.9 s (benchmarks/kernels.py). A value the user chose is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _keep_freed_memory():
    """Ask glibc's malloc to keep freed memory for the next arrays instead of giving it back to the system.

    By default glibc returns the top of its heap to the system once more than a threshold is free there, and
    serves big arrays with fresh pages from mmap; each page is then faulted in again by the kernel on its next
    use. A training step frees and reallocates the same 10-20 MB arrays, so Keras' mnist_convnet step took 4,800
    page faults (19 MB) a step and ran at 52-75 ms instead of 35 ms (benchmarks/convnet_step.py, 2 cores). So
    arrays up to 32 MB come from the heap, and the heap keeps up to 1 GiB of freed memory: the process stays at
    its peak size instead of shrinking. Your own MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_ or GLIBC_TUNABLES
    keep glibc's policy as you set it. Returns whether the setting was made (glibc on Linux only)."""
    chosen = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc" or any(map(os.environ.get, chosen)):
        return False
    mallopt = ctypes.CDLL(None).mallopt  # the C library this process runs on
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    return bool(mallopt(M_MMAP_THRESHOLD, 32 << 20)) and bool(mallopt(M_TRIM_THRESHOLD, 1 << 30))


KEEPS_FREED_MEMORY = _keep_freed_memory()
_cache = {}
_numba_lock = threading.RLock()
_without_numba = set()  # kernel modules imported for the NumPy backend while Numba could not cache


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
    """The kernel ``module.name`` for ``backend`` (default: the active one), imported on first use.

    Each kernel module declares ``KERNELS = {name: (numpy_twin, numba_twin)}``; that table is the one place the
    pairs are listed, so a reader can go from a name to its two definitions."""
    key = (path, backend or _backend)
    fn = _cache.get(key)
    if fn is None:
        module, name = path.rsplit(".", 1)
        numpy_twin, numba_twin = _import(module, key[1]).KERNELS[name]
        fn = _cache[key] = numpy_twin if key[1] == "numpy" else _guarded(numba_twin, path)
    return fn


def _import(module, backend):
    """Import a kernel module. Its ``@njit(cache=True)`` decorators fail when Numba has no folder to write its
    cache to: the Numba backend then raises an error that says what to do, and the NumPy backend, which never
    runs the Numba twins, imports the module with Numba's compiler switched off."""
    name = f"{__name__}.{module}"
    if backend == "numba" and name in _without_numba:
        raise _cache_error(module)
    try:
        return importlib.import_module(name)
    except RuntimeError as error:
        if "cannot cache function" not in str(error):
            raise
        if backend == "numba":
            raise _cache_error(module) from None
    import numba
    numba.config.DISABLE_JIT = True
    try:
        imported = importlib.import_module(name)
    finally:
        numba.config.DISABLE_JIT = False
    _without_numba.add(name)
    return imported


def _cache_error(module):
    source = os.path.join(os.path.dirname(__file__), f"{module}.py")
    cache_dir = os.environ.get("NUMBA_CACHE_DIR")
    return RuntimeError(
        f"minigrad's Numba kernels cannot be cached: Numba found no writable cache folder for {source} (it tried "
        f"NUMBA_CACHE_DIR (now {repr(cache_dir) if cache_dir else 'unset'}), __pycache__ beside that file, and "
        "your user cache folder). Set NUMBA_CACHE_DIR to a folder you can write to (export "
        "NUMBA_CACHE_DIR=/tmp/numba-cache), or use the NumPy backend: minigrad.set_backend('numpy') or "
        "MINIGRAD_BACKEND=numpy.")


def _guarded(fn, path):
    """The Numba kernel ``fn`` run under the lock, with a plain message for the float16 that Numba cannot compile."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with _numba_lock:
            try:
                return fn(*args, **kwargs)
            except NotImplementedError:
                half = [(i, a) for i, a in enumerate(args, 1) if getattr(a, "dtype", None) == "float16"]
                if not half:
                    raise
                i, array = half[0]
                raise TypeError(f"kernel {path} on the Numba backend cannot run float16 (argument {i} has dtype "
                                f"float16, shape {array.shape}): use float32 or float64 (x.astype(np.float32)), "
                                "or the NumPy backend (minigrad.set_backend('numpy'))") from None
    return run
