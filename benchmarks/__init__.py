"""Benchmarks: minigrad beside its peers, every figure measured in the same process run.

Run them all with ``make bench`` (``python -m benchmarks``) or one with ``python -m benchmarks.<name>``.
Timings are medians over repeats; speed is reported as ratios, which travel between machines better than
seconds do.
"""
import platform
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


def print_table(title, header, rows):
    """A plain Markdown table, ready to paste into the README."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def machine():
    import os
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
