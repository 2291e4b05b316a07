"""draw_graph on micrograd's demo graph: an MLP 2-16-16-1 on 100 two-moons points, hinge loss plus L2 (about
65,000 Values). Targets: the DOT source (folded to at most 300 nodes) builds in under 1 s, and Graphviz's `dot`
renders that folded graph to SVG in under 5 s.
"""
import subprocess

import numpy as np

from benchmarks import machine, median_time, print_table


def demo_loss():
    """The loss of micrograd's demo step, built with minigrad's scalar MLP."""
    from minigrad import Value
    from minigrad.data import datasets
    from minigrad.nn.scalar import MLP

    X, labels = datasets.make_moons(n_samples=100, noise=0.1, seed=1)
    model = MLP(2, [16, 16, 1], rng=np.random.default_rng(0))
    scores = [model([Value(float(a), requires_grad=False), Value(float(b), requires_grad=False)]) for a, b in X]
    losses = [(1 + -(2.0 * t - 1.0) * score).relu() for t, score in zip(labels.tolist(), scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
    loss.backward()
    return loss


def count_values(root):
    """How many Values the graph holds, constants included."""
    seen, stack = {id(root)}, [root]
    while stack:
        for parent in stack.pop()._prev:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def main():
    from minigrad import draw_graph

    loss = demo_loss()
    count = count_values(loss)
    build = median_time(lambda: draw_graph(loss).source, repeat=5)
    source = draw_graph(loss).source
    drawn = sum(1 for line in source.splitlines()
                if line.lstrip().startswith(("n", "g")) and "[label=" in line and "->" not in line)
    render = median_time(lambda: subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                                                check=True), repeat=3)
    print(machine())
    print_table("draw_graph on a scalar MLP graph", ["measure", "value", "target"], [
        ("Values in the graph", f"{count:,}", "about 65,000"),
        ("nodes drawn after folding (Values, ops, summaries)", f"{drawn:,}", "readable"),
        ("build the DOT source (median of 5)", f"{build:.3f} s", "< 1 s"),
        ("render it with dot -Tsvg (median of 3)", f"{render:.3f} s", "< 5 s"),
    ])


if __name__ == "__main__":
    main()
