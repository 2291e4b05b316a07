"""Pictures at scale: draw_graph on micrograd's demo graph and on a DCGAN step, and what Live costs an epoch.

- micrograd's demo step: an MLP 2-16-16-1 on 100 two-moons points, hinge loss plus L2 (65,818 Values), drawn with
  ``params=model`` so every neuron is named, and without names. Targets: at most 300 DOT nodes; building the DOT and rendering it
  to SVG take under 1 s together.
- a DCGAN step (benchmarks/dcgan_step.py's networks, batch 64): the generator's loss through both networks,
  drawn by structure. Target: one box per layer.
- Live on an MNIST MLP (784-128-10 on the 5,000 embedded digits, batch 32): the median epoch with and without
  ``callbacks=[Live()]``, and one whole frame against an epoch. Target: under 5 %.

Times are medians. On a shared machine whole epochs swing by tens of percent with the other programs' load, far
more than 5 %, so Live's cost is also measured directly: one whole frame, done synchronously, against an epoch.
"""
import re
import subprocess
import tempfile
import time

import numpy as np

from benchmarks import machine, median_time, print_table

EPOCHS = 4


def demo_loss():
    """The loss of micrograd's demo step, built with minigrad's scalar MLP, and the model."""
    from minigrad import Value
    from minigrad.data import datasets
    from minigrad.nn.scalar import MLP

    X, labels = datasets.make_moons(n_samples=100, noise=0.1, seed=1)
    model = MLP(2, [16, 16, 1], rng=np.random.default_rng(0))
    scores = [model([Value(float(a), requires_grad=False), Value(float(b), requires_grad=False)]) for a, b in X]
    losses = [(1 + -(2.0 * t - 1.0) * score).relu() for t, score in zip(labels.tolist(), scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
    loss.backward()
    return loss, model


def dcgan_loss():
    """The generator's loss of one DCGAN step on a batch of 64, and a module holding both networks."""
    from benchmarks.dcgan_step import BATCH, LATENT, minigrad_models
    from minigrad import F, nn

    generator, discriminator = minigrad_models()
    both = nn.Module()
    both.generator, both.discriminator = generator, discriminator
    z = np.random.default_rng(0).standard_normal((BATCH, LATENT)).astype(np.float32)
    loss = F.binary_cross_entropy_with_logits(discriminator(generator(z)), np.ones((BATCH, 1), np.float32))
    loss.backward()
    return loss, both


def count_values(root):
    """How many Values the graph holds, constants included."""
    seen, stack = {id(root)}, [root]
    while stack:
        for parent in stack.pop().parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def measure_graph(name, root, params, view="auto"):
    from minigrad import draw_graph

    source = draw_graph(root, params=params, view=view).source
    cpu = time.process_time()
    build = median_time(lambda: draw_graph(root, params=params, view=view).source, repeat=5)
    cpu = (time.process_time() - cpu) / 6
    render = median_time(lambda: subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                                                check=True), repeat=3)
    nodes = len(re.findall(r"^\s*\w+ \[label=", source, flags=re.M))
    boxes = [label.split("\\n")[0] for label in re.findall(r'^\s*g\d+ \[label="(.*?)"', source, flags=re.M)]
    return {"name": name, "values": count_values(root), "nodes": nodes, "boxes": boxes, "build": build,
            "build_cpu": cpu, "render": render}


def epoch_times(callbacks):
    """Seconds per epoch of an MNIST MLP, for EPOCHS epochs after one warm-up epoch."""
    from minigrad import nn
    from minigrad.data import datasets
    from minigrad.training import LambdaCallback

    x, y = datasets.mnist_sample()
    x = x.reshape(len(x), -1).astype(np.float32) / 255.0
    model = nn.Sequential(nn.Input((784,)), nn.Linear(784, 128, activation="relu"), nn.Linear(128, 10))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[:256], y[:256], epochs=1, verbose=0)  # warm-up: kernels compiled
    starts = []
    clock = LambdaCallback(on_epoch_begin=lambda epoch, logs: starts.append(time.perf_counter()),
                           on_train_end=lambda logs: starts.append(time.perf_counter()))
    model.fit(x, y, epochs=EPOCHS, batch_size=32, verbose=0, seed=0, callbacks=[clock, *callbacks])
    return list(np.diff(starts))


def main():
    from minigrad.viz import Live

    demo, model = demo_loss()
    gan, both = dcgan_loss()
    rows = [measure_graph("micrograd demo step (params=model)", demo, model),
            measure_graph("micrograd demo step (no names)", demo, None),
            measure_graph("DCGAN generator step (batch 64), view='structure'", gan, both, view="structure")]
    plain, watched = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(2):  # alternate, so that drift in the machine's load hits both alike
            plain += epoch_times([])
            live = Live(out=folder)
            watched += epoch_times([live])
        frame = live_frame_seconds(live)
    plain, watched = float(np.median(plain)), float(np.median(watched))
    print(machine())
    print_table("draw_graph on big graphs", ["graph", "Values", "DOT nodes", "DOT build (CPU)", "dot -Tsvg",
                                             "build + render"],
                [(r["name"], f"{r['values']:,}", f"{r['nodes']:,}", f"{r['build']:.3f} s ({r['build_cpu']:.3f} s)",
                  f"{r['render']:.3f} s", f"{r['build'] + r['render']:.3f} s") for r in rows])
    for r in rows[::2]:
        print(f"\n{r['name']}: boxes " + "; ".join(r["boxes"]))
    share = frame / plain
    print_table("Live on an MNIST MLP (784-128-10, 5,000 digits, batch 32)", ["run", "median epoch", "share"],
                [("fit", f"{plain:.3f} s", ""),
                 (f"fit with Live ({2 * EPOCHS} frames; wall time, noisy)", f"{watched:.3f} s",
                  f"{100 * (watched / plain - 1):+.1f} %"),
                 ("one Live frame done in full in the training thread", f"{frame:.4f} s", f"{100 * share:.1f} %")])
    demo_row = rows[0]
    print(f"\ntargets: micrograd demo <= 300 DOT nodes: {'met' if demo_row['nodes'] <= 300 else 'MISSED'}; "
          f"DOT + SVG < 1 s: {'met' if demo_row['build'] + demo_row['render'] < 1 else 'MISSED'}; "
          f"a Live frame < 5 % of an epoch: {'met' if share < 0.05 else 'MISSED'}")
    return {"demo_nodes": demo_row["nodes"], "demo_seconds": demo_row["build"] + demo_row["render"],
            "dcgan_nodes": rows[2]["nodes"], "live_frame_share": share}


def live_frame_seconds(live, frames=5):
    """The median time of one whole Live frame (statistics, graph, rendering, page) done synchronously: an upper
    bound on what Live adds to an epoch, robust to the machine's load in a way that epoch times are not."""
    times = []
    for k in range(frames):
        start = time.perf_counter()
        live.update(loss=1.0 / (k + 1), accuracy=0.5)
        live.flush()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


if __name__ == "__main__":
    main()
