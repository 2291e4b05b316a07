"""The Numba backend inside a larger program: forked worker pools and threads after a parallel kernel, dtypes
it cannot compile, and a cache folder it cannot write. Each case runs in a fresh Python process, because the
threading layer is chosen once per process."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import minigrad
from minigrad.kernels import kernel

pytestmark = pytest.mark.slow  # each case starts a fresh Python process that imports Numba

# A bias gradient with more than PARALLEL_THRESHOLD entries, so that reduce_to_shape runs its parallel=True loop.
BIG = """
import numpy as np
from minigrad.kernels import PARALLEL_THRESHOLD, kernel
g = np.ones((PARALLEL_THRESHOLD // 256 + 1, 256), np.float32)
def parallel_kernel(i=0):
    return float(kernel("broadcast.reduce_to_shape", "numba")(g, (256,))[0]) + i
"""


def python(code, timeout=120, **env):
    """Run ``code`` in a new interpreter (environment ``env`` added) and return its stdout; fail on a hang."""
    environment = {**os.environ, **env}
    for name in ("NUMBA_THREADING_LAYER", "MINIGRAD_BACKEND"):
        if name not in env:
            environment.pop(name, None)
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              env=environment)
    except subprocess.TimeoutExpired as hang:
        pytest.fail(f"the process hung for {timeout} s; it printed: {hang.stdout!r} {hang.stderr!r}")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_fork_pool_works_after_a_parallel_kernel():
    out = python(BIG + """
import multiprocessing, numba
parallel_kernel()
with multiprocessing.get_context("fork").Pool(2) as pool:
    print(pool.map(parallel_kernel, range(4)))
print(numba.threading_layer())
""")
    rows = (minigrad.kernels.PARALLEL_THRESHOLD // 256 + 1)
    assert out.splitlines()[0] == str([float(rows + i) for i in range(4)])
    assert out.splitlines()[1] in ("tbb", "workqueue")


def test_the_layer_is_fork_safe_even_when_numba_was_imported_first():
    out = python("import numba\n" + BIG + "parallel_kernel()\nprint(numba.threading_layer())")
    assert out.strip() in ("tbb", "workqueue")


def test_the_users_own_threading_layer_is_kept():
    out = python(BIG + "import numba\nparallel_kernel()\nprint(numba.threading_layer())",
                 NUMBA_THREADING_LAYER="omp")
    assert out.strip() == "omp"


def test_threads_may_run_parallel_kernels_at_the_same_time():
    out = python(BIG + """
import threading
results = []
def work():
    results.extend(parallel_kernel() for _ in range(50))
threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(results), set(results))
""")
    rows = (minigrad.kernels.PARALLEL_THRESHOLD // 256 + 1)
    assert out.strip() == f"200 {{{float(rows)}}}"


# ---- what the Numba backend cannot do, said plainly --------------------------------------------------------

def test_float16_on_the_numba_backend_names_the_kernel_and_the_ways_out():
    x = np.ones((3, 4), np.float16)
    with pytest.raises(TypeError, match=r"kernel activations\.relu_forward on the Numba backend cannot run float16 "
                                        r"\(argument 1 has dtype float16, shape \(3, 4\)\): use float32 or float64 "
                                        r"\(x\.astype\(np\.float32\)\), or the NumPy backend "
                                        r"\(minigrad\.set_backend\('numpy'\)\)"):
        kernel("activations.relu_forward", "numba")(x)
    with pytest.raises(TypeError, match=r"kernel activations\.relu_forward on the Numba backend cannot run float16"):
        minigrad.tensor(x).relu()
    np.testing.assert_array_equal(kernel("activations.relu_forward", "numpy")(x), x)


def test_an_unwritable_numba_cache_names_numba_cache_dir_and_the_numpy_backend(tmp_path):
    """Numba looks for a cache folder in NUMBA_CACHE_DIR, then in __pycache__ beside the kernels, then in the
    user's cache folder. Here all three sit under a regular file, so none can be made, even by root."""
    package = tmp_path / "copy"
    shutil.copytree(Path(minigrad.__file__).parent, package / "minigrad",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (package / "minigrad" / "kernels" / "__pycache__").write_text("a file where a folder should be")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    code = ("import numpy as np, minigrad\n"
            "def relu():\n"
            "    try:\n"
            "        print(minigrad.tensor(np.ones(3, np.float32)).relu().data)\n"
            "    except RuntimeError as error:\n"
            "        print(error)\n"
            "relu()\n"
            "minigrad.set_backend('numpy')\n"
            "relu()\n"
            "minigrad.set_backend('numba')  # the module is loaded by now, without Numba: it still says so\n"
            "relu()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=package,
                          env={**os.environ, "NUMBA_CACHE_DIR": str(blocker / "numba"),
                               "XDG_CACHE_HOME": str(blocker / "cache"), "HOME": str(blocker),
                               "PYTHONPATH": str(package)})
    assert done.returncode == 0, done.stderr
    message, numpy_result, message_again = done.stdout.strip().splitlines()
    assert message.startswith("minigrad's Numba kernels cannot be cached: Numba found no writable cache folder "
                              f"for {package / 'minigrad' / 'kernels' / 'activations.py'}")
    assert f"NUMBA_CACHE_DIR (now {str(blocker / 'numba')!r})" in message
    assert "minigrad.set_backend('numpy')" in message and "MINIGRAD_BACKEND=numpy" in message
    assert numpy_result == "[1. 1. 1.]"
    assert message_again == message
