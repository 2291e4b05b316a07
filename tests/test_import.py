"""`import minigrad` is fast: no Numba compile, no graphviz, no matplotlib at import time."""
import subprocess
import sys

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
    import os
    code = "import minigrad, os; print(os.environ['OMP_WAIT_POLICY'])"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    run = lambda env: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                     check=True, env=env).stdout.strip()
    assert run(env) == "PASSIVE"
    assert run({**env, "OMP_WAIT_POLICY": "ACTIVE"}) == "ACTIVE"
