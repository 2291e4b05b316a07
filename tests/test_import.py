"""`import minigrad` is fast: no Numba compile, no graphviz, no matplotlib at import time."""
import os
import platform
import subprocess
import sys

import pytest

CODE = """
import sys, time
start = time.perf_counter()
import minigrad
elapsed = time.perf_counter() - start
heavy = sorted(m for m in ("numba", "graphviz", "matplotlib", "tqdm", "torch", "mlxtend") if m in sys.modules)
print(elapsed, ",".join(heavy))
"""


def test_import_is_fast_and_loads_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout.split()
    elapsed, heavy = float(out[0]), out[1] if len(out) > 1 else ""
    assert heavy == "", f"import minigrad loaded {heavy}"
    assert elapsed < 1.0, f"import minigrad took {elapsed:.2f} s (target 0.5 s; the bound is generous for noisy CI)"


def test_lazy_subpackages_resolve_on_first_use():
    code = "import minigrad, sys; minigrad.kernels.kernel('activations.relu_forward'); print('numba' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"


def test_openmp_threads_wait_passively_unless_the_user_chose():
    code = "import minigrad, os; print(os.environ['OMP_WAIT_POLICY'])"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    run = lambda env: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                     check=True, env=env).stdout.strip()
    assert run(env) == "PASSIVE"
    assert run({**env, "OMP_WAIT_POLICY": "ACTIVE"}) == "ACTIVE"


FAULTS = """
import resource, sys
import numpy as np
import minigrad
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def step():  # a training step's pattern: three 20 MB arrays made and freed
    arrays = [np.ones(5_000_000, np.float32) for _ in range(3)]
    del arrays
step(); step()
before = faults()
for _ in range(5):
    step()
print(minigrad.kernels.KEEPS_FREED_MEMORY, (faults() - before) / 5)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="the malloc setting is made for glibc on Linux only")
def test_freed_arrays_are_reused_without_page_faults_unless_the_user_chose():
    """Issue 13: glibc gave a step's freed 20 MB arrays back to the system, and the next step faulted every page
    in again (a thousand faults a step here, 4,800 in Keras' mnist_convnet). After import minigrad, freed memory
    stays in the heap; a user's own MALLOC_MMAP_THRESHOLD_ keeps glibc's policy, and its faults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    run = lambda env: subprocess.run([sys.executable, "-c", FAULTS], capture_output=True, text=True,  # noqa: E731
                                     check=True, env=env).stdout.split()
    kept, faults = run(env)
    assert kept == "True" and float(faults) < 50, faults
    kept, faults = run({**env, "MALLOC_MMAP_THRESHOLD_": "131072"})
    assert kept == "False" and float(faults) > 1000, faults
