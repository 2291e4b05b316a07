"""micrograd's demo training step, in micrograd and in minigrad's scalar mode, from the same weights.

An MLP 2-16-16-1 on 100 two-moons points; SVM hinge loss plus L2 (alpha 1e-4); one SGD step with micrograd's
schedule lr = 1 - 0.9 k / 100. Both networks start from micrograd's weights, see the same Python-float inputs,
and must report the same loss to 1e-9 at every step. Python's garbage collector stays on, as users have it. The
engines are timed in alternating blocks of their own steps (alternating_blocks), not step by step in turns:
micrograd's graphs are reference cycles that only the collector frees, and in turns minigrad's steps would pay for
collecting micrograd's garbage. Target (issue 13): minigrad at least 8x faster per step by the median (stretch
10x).
"""
import gc
import random
import statistics
import time

from benchmarks import machine, print_table

STEPS = 6


def svm_step(model, parameters, value_cls, X, y, k):
    """One step of micrograd's demo: forward, hinge + L2 loss, zero grads, backward, SGD update."""
    inputs = [list(map(value_cls, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in parameters)
    total = data_loss + reg_loss
    for p in parameters:
        p.grad = 0.0
    total.backward()
    lr = 1.0 - 0.9 * k / 100
    for p in parameters:
        p.data -= lr * p.grad
    return total.data


def alternating_blocks(micro_step, mini_step, rounds=5, warmup=8):
    """Median step times of the two engines, timed in alternating blocks (micrograd: 1 untimed step, then 2 timed;
    minigrad: 1 untimed, then 6 timed), round after round, so that a machine whose speed drifts during the run
    slows both alike. micrograd's timed steps pay for collecting the cycles of the steps before them, as in a
    training loop; an untimed gc.collect() before each minigrad block frees them, so minigrad's steps do not."""
    for step in (micro_step, mini_step):
        for _ in range(warmup):
            step()
    times = ([], [])
    for _ in range(rounds):
        for step, count, out in ((micro_step, 2, times[0]), (mini_step, 6, times[1])):
            if step is mini_step:
                gc.collect()
            step()
            for _ in range(count):
                start = time.perf_counter()
                step()
                out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main():
    from micrograd.engine import Value as MicroValue
    from micrograd.nn import MLP as MicroMLP

    from minigrad import Value
    from minigrad.data import datasets
    from minigrad.nn.scalar import MLP

    X, labels = datasets.make_moons(n_samples=100, noise=0.1, seed=1)
    X, y = X.tolist(), [2.0 * t - 1.0 for t in labels.tolist()]  # Python floats, labels in {-1, +1}
    random.seed(1337)
    micro = MicroMLP(2, [16, 16, 1])
    mini = MLP(2, [16, 16, 1])
    for theirs, ours in zip(micro.parameters(), mini.parameters()):
        ours.data = float(theirs.data)
    micro_params, mini_params = micro.parameters(), mini.parameters()

    worst = 0.0
    for k in range(STEPS):  # the two trajectories must stay together step after step
        a = svm_step(micro, micro_params, MicroValue, X, y, k)
        b = svm_step(mini, mini_params, Value, X, y, k)
        worst = max(worst, abs(a - b))
    assert worst <= 1e-9, f"losses differ by {worst:.3g}"

    # Warm-up: CPython 3.11 specialises a function's bytecode after 8 calls (a step calls the topological sort
    # once), so both engines are timed in the steady state that a training run spends its steps in.
    micro_step = lambda: svm_step(micro, micro_params, MicroValue, X, y, STEPS)  # noqa: E731
    mini_step = lambda: svm_step(mini, mini_params, Value, X, y, STEPS)  # noqa: E731
    t_micro, t_mini = alternating_blocks(micro_step, mini_step)
    print_table(f"micrograd demo step (MLP 2-16-16-1, 100 points) on {machine()}",
                ["engine", "median step", "speed vs micrograd"],
                [["micrograd 0.1.0", f"{t_micro * 1e3:.0f} ms", "1.0x"],
                 ["minigrad (scalar Values)", f"{t_mini * 1e3:.0f} ms", f"{t_micro / t_mini:.1f}x"]])
    print(f"\nlosses agree over {STEPS} steps: max |difference| = {worst:.2e} (target 1e-9); "
          f"target speed-up >= 8x: {'met' if t_micro / t_mini >= 8 else 'MISSED'}")
    return {"micrograd_ms": t_micro * 1e3, "minigrad_ms": t_mini * 1e3, "speedup": t_micro / t_mini}


if __name__ == "__main__":
    main()
