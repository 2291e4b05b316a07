"""Peak resident memory over 200 MLP training steps (benchmarks.mlp_step), minigrad against PyTorch.

Each library runs in its own fresh process, and the figure is that process's peak RSS (VmHWM), imports included.
Not ru_maxrss: Linux carries that across fork and exec, so a child would report its parent's peak. Target:
minigrad uses no more than PyTorch.
"""
import os
import subprocess
import sys

from benchmarks import machine, print_table

CODE = """
from benchmarks.mlp_step import problem, {builder}
step = {builder}(*problem())
for _ in range(200):
    step()
peak_kib = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
print(int(peak_kib) / 1024)
"""


def peak_mib(builder):
    out = subprocess.run([sys.executable, "-c", CODE.format(builder=builder)], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    return float(out.stdout.split()[-1])


def main():
    rows, peaks = [], {}
    for name, builder in [("minigrad (numba)", "minigrad_step"), ("PyTorch CPU", "torch_step")]:
        try:
            peaks[name] = peak_mib(builder)
        except subprocess.CalledProcessError as error:
            print(f"{name}: could not run ({error.stderr.strip().splitlines()[-1]})")
            continue
        rows.append([name, f"{peaks[name]:.0f} MiB"])
    print_table(f"Peak memory, 200 MLP steps, on {machine()}", ["peer", "peak RSS"], rows)
    if len(peaks) == 2:
        ratio = peaks["minigrad (numba)"] / peaks["PyTorch CPU"]
        print(f"\nminigrad/PyTorch peak memory = {ratio:.2f} (target <= 1)")
    return peaks


if __name__ == "__main__":
    main()
