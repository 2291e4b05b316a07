"""Benchmarks: minigrad beside its peers, every figure measured in the same process run.

Run them all with ``make bench`` (``python -m benchmarks``) or one with ``python -m benchmarks.<name>``.
Timings are medians over repeats; speed is reported as ratios, which travel between machines better than
seconds do.
"""
import platform
import random
import statistics
import time


def median_time(fn, repeat=5, warmup=1):
    """Median wall time of ``fn()`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def side_by_side(steps, repeat, warmup=2, block=5, seed=0):
    """Median wall time of each step function, timed in alternating blocks: each peer in turn runs one untimed step
    (its data back in the caches, as in a training loop, where steps follow each other) and then ``block`` timed
    steps, round after round until each has at least ``repeat`` timings (after ``warmup`` untimed rounds). Peers
    meet the same load, as a load that comes and goes spans all of them. Each round takes the peers in a new
    random order (seeded): a peer's first steps after another library's pay for what that one left behind (its
    threads still spinning, its data in the caches), and in a fixed order one peer would always follow the same
    neighbour (measured: the MLP step read 1.20x the hand-written one when it always followed JAX, 1.08x when the
    hand-written one did). Returns {name: seconds}."""
    rng = random.Random(seed)
    for _ in range(warmup):
        for step in steps.values():
            step()
    times = {name: [] for name in steps}
    order = list(steps)
    for _ in range(-(-repeat // block)):  # rounds: repeat / block, rounded up
        rng.shuffle(order)
        for name in order:
            step = steps[name]
            step()
            for _ in range(block):
                start = time.perf_counter()
                step()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def classifier_step(model, optimizer, cross_entropy, x, y):
    """One training step of a classifier, written as users write it in minigrad and in PyTorch alike (the two share
    the API): zero the grads, cross-entropy of model(x) against y, backward, optimizer step; returns the loss."""
    def step():
        optimizer.zero_grad()
        loss = cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()
    return step


def print_table(title, header, rows):
    """A plain Markdown table, ready to paste into the README."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


SIMD = {"avx": "AVX", "avx2": "AVX2", "fma": "FMA", "avx512f": "AVX-512", "avx512_bf16": "AVX-512 BF16",
        "amx_tile": "AMX", "asimd": "NEON", "sve": "SVE"}


def cpu():
    """The CPU's model name and its vector instruction sets, from /proc/cpuinfo (Linux) or platform elsewhere.

    A speed ratio holds for the CPU it was measured on: PyTorch's oneDNN and OpenBLAS pick kernels by these flags.
    """
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and model in (platform.processor(), platform.machine()):
                    model = value.strip()
                elif key.strip() in ("flags", "Features"):
                    flags = set(value.split())
    except OSError:
        pass
    found = [name for flag, name in SIMD.items() if flag in flags]
    return f"{model} ({', '.join(found) if found else 'vector flags unknown'})"


def machine():
    """What a benchmark table names as its machine: CPU model and flags, cores, Python."""
    import os
    return f"{cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}"
