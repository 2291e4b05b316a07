"""Start-up: `import minigrad`, and a fresh process's first MLP training step with the kernel cache warm and cold.

Each figure is a new Python process. "Warm" means Numba's on-disk cache already holds the compiled kernels (a second
run); "cold" points NUMBA_CACHE_DIR at an empty folder, so every kernel the step needs compiles first. Targets:
warm import plus first step <= 1.5 s; cold <= 30 s.
"""
import os
import statistics
import subprocess
import sys
import tempfile

from benchmarks import machine, print_table

IMPORT = "import time; t = time.perf_counter(); import minigrad; print(time.perf_counter() - t)"
FIRST_STEP = """
import time; t = time.perf_counter()
import minigrad
from benchmarks.mlp_step import problem, minigrad_step
step = minigrad_step(*problem())
step()
print(time.perf_counter() - t)
"""


def run(code, **env):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env}, cwd=os.path.dirname(os.path.dirname(__file__)))
    return float(out.stdout.split()[-1])


def main(repeat=5):
    imports = statistics.median(run(IMPORT) for _ in range(repeat))
    run(FIRST_STEP)  # fills the default cache, so the next runs are warm
    warm = statistics.median(run(FIRST_STEP) for _ in range(3))
    with tempfile.TemporaryDirectory() as empty:
        cold = run(FIRST_STEP, NUMBA_CACHE_DIR=empty)
    print_table(f"Start-up on {machine()}", ["what", "seconds", "target"],
                [["import minigrad", f"{imports:.3f}", "< 0.5"],
                 ["import + first MLP step, kernel cache warm", f"{warm:.2f}", "<= 1.5"],
                 ["import + first MLP step, kernel cache empty", f"{cold:.1f}", "<= 30"]])
    return {"import": imports, "warm": warm, "cold": cold}


if __name__ == "__main__":
    main()
