"""One SGD step of an MNIST MLP, 784-256-128-10 with ReLU, batch 128, softmax cross-entropy, float32.

Five peers start from the same weights and data: minigrad (Numba kernels), minigrad (NumPy reference kernels),
PyTorch CPU (threads = cores), JAX (the whole step compiled by jax.jit, CPU), and a hand-written NumPy
forward/backward with no autograd, the floor any NumPy library stands on. Their losses must agree to 1e-4. The
peers take turns in blocks of steps (side_by_side), so a load that comes and goes slows them alike. Targets
(issue 13): minigrad+Numba at most 1.10x the hand-written step (stretch 1.05x) and faster than PyTorch's step in
the same run; JAX is shown, with no target. GFLOP/s counts the matmuls of the forward and backward passes.
"""
import os

import numpy as np

from benchmarks import classifier_step, machine, print_table, side_by_side

SIZES = (784, 256, 128, 10)
BATCH = 128
LR = 0.01


def problem(seed=0):
    """Weights (PyTorch layout: out x in) and one batch, all float32."""
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1 / np.sqrt(n_in)
        layers.append((rng.uniform(-bound, bound, (n_out, n_in)).astype(np.float32),
                       rng.uniform(-bound, bound, n_out).astype(np.float32)))
    x = rng.random((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], BATCH)
    return layers, x, y


def flops_per_step():
    """2 m n k per matmul: the forward, the weight gradients, and the input gradients of all but the first layer."""
    forward = sum(2 * BATCH * a * b for a, b in zip(SIZES[:-1], SIZES[1:]))
    input_grads = sum(2 * BATCH * a * b for a, b in zip(SIZES[1:-1], SIZES[2:]))
    return 2 * forward + input_grads


def minigrad_step(layers, x, y):
    """The user's path: nn.Sequential of fused Linear layers, F.cross_entropy, optim.SGD."""
    from minigrad import F, nn, optim
    model = nn.Sequential(*[nn.Linear(w.shape[1], w.shape[0], activation="relu" if i < len(layers) - 1 else None)
                            for i, (w, _) in enumerate(layers)])
    for layer, (w, b) in zip(model, layers):
        layer.weight.data, layer.bias.data = w.copy(), b.copy()
    optimizer = optim.SGD(model.parameters(), lr=LR)
    return classifier_step(model, optimizer, F.cross_entropy, x, y)


def numpy_step(layers, x, y):
    """Forward and backward written out by hand: the lecture's matrix backprop, with no graph at all."""
    params = [(w.copy(), b.copy()) for w, b in layers]

    def step():
        activations, h = [x], x
        for i, (w, b) in enumerate(params):
            h = h @ w.T + b
            if i < len(params) - 1:
                h = np.maximum(h, 0)
            activations.append(h)
        shifted = h - h.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(BATCH), y].mean()
        grad = np.exp(log_probs)
        grad[np.arange(BATCH), y] -= 1
        grad /= BATCH
        for i in reversed(range(len(params))):
            w, b = params[i]
            if i < len(params) - 1:
                grad = grad * (activations[i + 1] > 0)
            grad_w, grad_b = grad.T @ activations[i], grad.sum(axis=0)
            if i > 0:
                grad = grad @ w
            w -= LR * grad_w
            b -= LR * grad_b
        return float(loss)
    return step


def torch_step(layers, x, y):
    import torch
    torch.set_num_threads(os.cpu_count())
    linears = []
    for w, b in layers:
        linear = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))
            linear.bias.copy_(torch.from_numpy(b))
        linears.append(linear)
    model = torch.nn.Sequential(linears[0], torch.nn.ReLU(), linears[1], torch.nn.ReLU(), linears[2])
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    return classifier_step(model, optimizer, torch.nn.functional.cross_entropy, torch.from_numpy(x),
                           torch.from_numpy(y))


def jax_step(layers, x, y):
    """The same step in JAX: loss and gradients by jax.value_and_grad, the SGD update inside one jax.jit."""
    import jax
    import jax.numpy as jnp
    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in layers]
    images, labels = jnp.asarray(x), jnp.asarray(y)

    def loss_fn(params):
        h = images
        for i, (w, b) in enumerate(params):
            h = h @ w.T + b
            if i < len(params) - 1:
                h = jnp.maximum(h, 0)
        log_probs = jax.nn.log_softmax(h, axis=1)
        return -jnp.mean(log_probs[jnp.arange(BATCH), labels])

    @jax.jit
    def update(params):
        loss, grads = jax.value_and_grad(loss_fn)(params)
        return loss, jax.tree_util.tree_map(lambda p, g: p - LR * g, params, grads)

    def step():
        nonlocal params
        loss, params = update(params)
        return float(loss)
    return step


def main(repeat=200):
    from minigrad import use_backend
    layers, x, y = problem()
    peers = {}
    with use_backend("numba"):
        peers["minigrad (numba)"] = ("numba", minigrad_step(layers, x, y))
    peers["minigrad (numpy kernels)"] = ("numpy", minigrad_step(layers, x, y))
    peers["hand-written NumPy"] = (None, numpy_step(layers, x, y))
    for name, build, install in [("PyTorch CPU", torch_step, "pip install torch==2.13.0"),
                                 ("JAX CPU (jit)", jax_step, "pip install jax")]:
        try:
            peers[name] = (None, build(layers, x, y))
        except ImportError:
            print(f"{name.split()[0]} is not installed ({install}): its row is left out")

    losses = {}
    for name, (backend, step) in peers.items():
        with use_backend(backend or "numba"):
            losses[name] = [step() for _ in range(3)]  # three steps from the same start: trajectories must agree
    in_backend = {name: _in_backend(backend or "numba", step) for name, (backend, step) in peers.items()}
    times = side_by_side(in_backend, repeat)
    reference = losses["hand-written NumPy"]
    for name, trajectory in losses.items():
        assert np.allclose(trajectory, reference, atol=1e-4), f"{name} losses {trajectory} vs {reference}"

    base, flops = times["hand-written NumPy"], flops_per_step()
    rows = [[name, f"{t * 1e3:.2f} ms", f"{t / base:.2f}x", f"{flops / t / 1e9:.1f}"] for name, t in times.items()]
    print_table(f"MLP 784-256-128-10 step, batch {BATCH}, float32, on {machine()}",
                ["peer", "median step", "time vs hand-written NumPy", "GFLOP/s"], rows)
    ours = times["minigrad (numba)"]
    verdicts = [f"numba/hand-written = {ours / base:.2f} (target <= 1.10, stretch <= 1.05)"]
    if "PyTorch CPU" in times:
        verdicts.append(f"numba/PyTorch = {ours / times['PyTorch CPU']:.2f} (target < 1)")
    if "JAX CPU (jit)" in times:
        verdicts.append(f"numba/JAX = {ours / times['JAX CPU (jit)']:.2f} (no target)")
    print("\nlosses agree to 1e-4 over 3 steps; " + "; ".join(verdicts))
    return times


def _in_backend(backend, step):
    """``step`` run with minigrad's kernel backend set to ``backend``."""
    from minigrad import use_backend

    def run():
        with use_backend(backend):
            return step()
    return run


if __name__ == "__main__":
    main()
