"""One training step of Keras's mnist_convnet example, minigrad against PyTorch CPU (and JAX when installed).

The model: Conv2D(32, 3x3) + ReLU -> MaxPool 2 -> Conv2D(64, 3x3) + ReLU -> MaxPool 2 -> Flatten -> Dropout(0.5)
-> Dense 10, softmax cross-entropy, Adam(1e-3), a batch of 128 1x28x28 images, float32. All peers start from the
same weights and batch; with dropout off, their first losses must agree to 1e-5 (relative). The timed steps run
with dropout on (each library draws its own masks). Peers take turns in blocks of steps, as in dcgan_step.
Target: minigrad at most 1.2x PyTorch's step time.
"""
import os

import numpy as np

from benchmarks import classifier_step, machine, side_by_side
from benchmarks.dcgan_step import peers, report

BATCH, CLASSES, LR = 128, 10, 1e-3


def minigrad_model():
    from minigrad import nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, activation="relu"), nn.MaxPool2d(2),  # Keras: Conv2D(32, (3, 3), activation="relu")
        nn.Conv2d(32, 64, 3, activation="relu"), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * 5 * 5, CLASSES))


def minigrad_step(weights, x, y, train=True):
    from minigrad import F, optim
    model = minigrad_model()
    for p, w in zip(model.parameters(), weights):
        p.data = w.copy()
    model.train(train)
    optimizer = optim.Adam(model.parameters(), lr=LR)
    return classifier_step(model, optimizer, F.cross_entropy, x, y)


def torch_step(weights, x, y, train=True):
    import torch
    import torch.nn as tnn
    torch.set_num_threads(os.cpu_count())
    model = tnn.Sequential(
        tnn.Conv2d(1, 32, 3), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Conv2d(32, 64, 3), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Flatten(), tnn.Dropout(0.5), tnn.Linear(64 * 5 * 5, CLASSES))
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.from_numpy(w))
    model.train(train)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    return classifier_step(model, optimizer, torch.nn.functional.cross_entropy, torch.from_numpy(x),
                           torch.from_numpy(y))


def jax_step(weights, x, y, train=True):
    """The same step for JAX: the model as a function of its parameters, jax.grad, Adam by hand, one jax.jit."""
    import jax
    import jax.numpy as jnp
    params = [jnp.asarray(w) for w in weights]

    def conv_relu(h, w, b):
        out = jax.lax.conv_general_dilated(h, w, (1, 1), "VALID", dimension_numbers=("NCHW", "OIHW", "NCHW"))
        return jax.nn.relu(out + b.reshape(1, -1, 1, 1))

    def max_pool(h):
        return jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")

    def loss_fn(p, key, images, labels):
        h = max_pool(conv_relu(images, p[0], p[1]))
        h = max_pool(conv_relu(h, p[2], p[3])).reshape(images.shape[0], -1)
        if train:
            h = jnp.where(jax.random.bernoulli(key, 0.5, h.shape), h * 2.0, 0.0)
        logits = h @ p[4].T + p[5]
        return -jnp.mean(jax.nn.log_softmax(logits)[jnp.arange(labels.shape[0]), labels])

    @jax.jit
    def step(p, m, v, t, key, images, labels):
        loss, grads = jax.value_and_grad(loss_fn)(p, key, images, labels)
        m = [0.9 * mi + 0.1 * g for mi, g in zip(m, grads)]
        v = [0.999 * vi + 0.001 * g * g for vi, g in zip(v, grads)]
        p = [pi - LR * (mi / (1 - 0.9 ** t)) / (jnp.sqrt(vi / (1 - 0.999 ** t)) + 1e-8) for pi, mi, vi in zip(p, m, v)]
        return p, m, v, loss

    state = {"p": params, "m": [jnp.zeros_like(p) for p in params], "v": [jnp.zeros_like(p) for p in params],
             "t": 0, "key": jax.random.PRNGKey(0)}
    images, labels = jnp.asarray(x), jnp.asarray(y)

    def run():
        state["t"] += 1
        state["key"], key = jax.random.split(state["key"])
        state["p"], state["m"], state["v"], loss = step(state["p"], state["m"], state["v"], float(state["t"]), key,
                                                        images, labels)
        return float(loss)
    return run


BUILDERS = {"minigrad (numba)": (minigrad_step, "pip install minigrad-edu"),
            "PyTorch CPU": (torch_step, "pip install torch==2.13.0"),
            "JAX CPU (jit)": (jax_step, "pip install jax")}


def main(repeat=60):
    from minigrad import use_backend
    weights = [p.data.copy() for p in minigrad_model().parameters()]
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, CLASSES, BATCH)
    with use_backend("numba"):
        checks = peers({name: (lambda w, *d, build=build: build(w, *d, train=False), install)
                        for name, (build, install) in BUILDERS.items()}, weights, x, y)
        first = {name: step() for name, step in checks.items()}
        for name, loss in first.items():
            assert np.isclose(loss, first["minigrad (numba)"], rtol=1e-5, atol=0), \
                f"first losses (dropout off) differ: {name} {loss}, minigrad {first['minigrad (numba)']}"
        steps = {name: build(weights, x, y) for name, (build, _) in BUILDERS.items() if name in checks}
        times = side_by_side(steps, repeat)
    report(f"Keras mnist_convnet step, batch {BATCH} of 1x28x28, float32, on {machine()}", times, 1.2, 1.0)
    print(f"first losses (dropout off) agree to 1e-5 relative across {len(first)} peers "
          f"({first['minigrad (numba)']:.6f})")
    return times


if __name__ == "__main__":
    main()
