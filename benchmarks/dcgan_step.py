"""One DCGAN training step on a batch of 64 MNIST-sized images (1x28x28), minigrad against PyTorch CPU.

Generator: z(100) -> Linear -> 128x7x7 -> BatchNorm+ReLU -> ConvTranspose(128->64, k4 s2 p1) -> BatchNorm+ReLU
-> ConvTranspose(64->1, k4 s2 p1) -> tanh. Discriminator: Conv(1->64, k4 s2 p1) -> LeakyReLU(0.2) -> Conv(64->128,
k4 s2 p1) -> LeakyReLU(0.2) -> Linear -> 1 logit. BCE with logits; one discriminator step (real and fake) and one
generator step, each with Adam(2e-4, betas (0.5, 0.999)). All peers start from the same weights and noise, and
their first losses must agree to 1e-3. The peers take turns in blocks (benchmarks.side_by_side: one untimed
step, then five timed ones, each peer in turn, in a new random order each round), so a load that comes and goes
slows them alike.
Peers: PyTorch CPU, and JAX (the whole step under jax.jit, when jax is installed).
Target: minigrad at most 1.2x PyTorch's step time (stretch: 1.0x).
"""
import os

import numpy as np

from benchmarks import machine, print_table, side_by_side

BATCH, LATENT = 64, 100


def minigrad_models():
    from minigrad import nn
    generator = nn.Sequential(
        nn.Linear(LATENT, 128 * 7 * 7), nn.Reshape((128, 7, 7)), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Tanh())
    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1, activation="leaky_relu", negative_slope=0.2),  # conv + LeakyReLU
        nn.Conv2d(64, 128, 4, stride=2, padding=1, activation="leaky_relu", negative_slope=0.2),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return generator, discriminator


def torch_models():
    import torch.nn as tnn
    generator = tnn.Sequential(
        tnn.Linear(LATENT, 128 * 7 * 7), tnn.Unflatten(1, (128, 7, 7)), tnn.BatchNorm2d(128), tnn.ReLU(),
        tnn.ConvTranspose2d(128, 64, 4, stride=2, padding=1), tnn.BatchNorm2d(64), tnn.ReLU(),
        tnn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), tnn.Tanh())
    discriminator = tnn.Sequential(
        tnn.Conv2d(1, 64, 4, stride=2, padding=1), tnn.LeakyReLU(0.2),
        tnn.Conv2d(64, 128, 4, stride=2, padding=1), tnn.LeakyReLU(0.2),
        tnn.Flatten(), tnn.Linear(128 * 7 * 7, 1))
    return generator, discriminator


def minigrad_step(weights, real, z):
    from minigrad import F, optim
    generator, discriminator = minigrad_models()
    for p, w in zip(generator.parameters() + discriminator.parameters(), weights):
        p.data = w.copy()
    d_opt = optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    g_opt = optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones, zeros = np.ones((BATCH, 1), np.float32), np.zeros((BATCH, 1), np.float32)

    def step():
        fake = generator(z)
        d_opt.zero_grad()
        d_loss = (F.binary_cross_entropy_with_logits(discriminator(real), ones)
                  + F.binary_cross_entropy_with_logits(discriminator(fake.detach()), zeros))
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = F.binary_cross_entropy_with_logits(discriminator(fake), ones)
        g_loss.backward()
        g_opt.step()
        return d_loss.item(), g_loss.item()
    return step


def torch_step(weights, real, z):
    import torch
    torch.set_num_threads(os.cpu_count())
    generator, discriminator = torch_models()
    with torch.no_grad():
        for p, w in zip(list(generator.parameters()) + list(discriminator.parameters()), weights):
            p.copy_(torch.from_numpy(w))
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    g_opt = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real, z = torch.from_numpy(real), torch.from_numpy(z)
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def step():
        fake = generator(z)
        d_opt.zero_grad()
        d_loss = bce(discriminator(real), ones) + bce(discriminator(fake.detach()), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = bce(discriminator(fake), ones)
        g_loss.backward()
        g_opt.step()
        return d_loss.item(), g_loss.item()
    return step


def jax_step(weights, real, z):
    """The same step written for JAX: forward passes as functions of the parameters, jax.grad for the gradients,
    Adam by hand (its formula, as torch.optim.Adam), the whole D + G step compiled once with jax.jit."""
    import jax
    import jax.numpy as jnp
    G, D = [jnp.asarray(w) for w in weights[:10]], [jnp.asarray(w) for w in weights[10:]]

    def batch_norm(h, gamma, beta):
        mean, var = h.mean(axis=(0, 2, 3), keepdims=True), h.var(axis=(0, 2, 3), keepdims=True)
        return (h - mean) / jnp.sqrt(var + 1e-5) * gamma.reshape(1, -1, 1, 1) + beta.reshape(1, -1, 1, 1)

    def conv(h, w, b):  # PyTorch's Conv2d(k4, s2, p1)
        out = jax.lax.conv_general_dilated(h, w, (2, 2), [(1, 1), (1, 1)], dimension_numbers=("NCHW", "OIHW", "NCHW"))
        return out + b.reshape(1, -1, 1, 1)

    def conv_transpose(h, w, b):  # PyTorch's ConvTranspose2d(k4, s2, p1): a conv of the 2x dilated input
        kernel = jnp.flip(w.transpose(1, 0, 2, 3), axis=(2, 3))
        out = jax.lax.conv_general_dilated(h, kernel, (1, 1), [(2, 2), (2, 2)], lhs_dilation=(2, 2),
                                           dimension_numbers=("NCHW", "OIHW", "NCHW"))
        return out + b.reshape(1, -1, 1, 1)

    def generator(p, z):
        h = (z @ p[0].T + p[1]).reshape(-1, 128, 7, 7)
        h = jax.nn.relu(batch_norm(h, p[2], p[3]))
        h = jax.nn.relu(batch_norm(conv_transpose(h, p[4], p[5]), p[6], p[7]))
        return jnp.tanh(conv_transpose(h, p[8], p[9]))

    def discriminator(p, x):
        h = jax.nn.leaky_relu(conv(x, p[0], p[1]), 0.2)
        h = jax.nn.leaky_relu(conv(h, p[2], p[3]), 0.2)
        return h.reshape(h.shape[0], -1) @ p[4].T + p[5]

    def bce(logits, target):
        return jnp.mean(jnp.maximum(logits, 0) - logits * target + jnp.log1p(jnp.exp(-jnp.abs(logits))))

    def adam(params, grads, state, t, lr=2e-4, b1=0.5, b2=0.999, eps=1e-8):
        m = [b1 * m + (1 - b1) * g for m, g in zip(state[0], grads)]
        v = [b2 * v + (1 - b2) * g * g for v, g in zip(state[1], grads)]
        params = [p - lr * (mi / (1 - b1 ** t)) / (jnp.sqrt(vi / (1 - b2 ** t)) + eps)
                  for p, mi, vi in zip(params, m, v)]
        return params, (m, v)

    def d_loss(d, g, real, z):
        fake = jax.lax.stop_gradient(generator(g, z))
        return bce(discriminator(d, real), 1.0) + bce(discriminator(d, fake), 0.0)

    def g_loss(g, d, z):
        return bce(discriminator(d, generator(g, z)), 1.0)

    @jax.jit
    def step(g, d, g_state, d_state, t, real, z):
        dl, d_grads = jax.value_and_grad(d_loss)(d, g, real, z)
        d, d_state = adam(d, d_grads, d_state, t)
        gl, g_grads = jax.value_and_grad(g_loss)(g, d, z)
        g, g_state = adam(g, g_grads, g_state, t)
        return g, d, g_state, d_state, dl, gl

    zeros = lambda ps: ([jnp.zeros_like(p) for p in ps], [jnp.zeros_like(p) for p in ps])
    state = {"g": G, "d": D, "g_state": zeros(G), "d_state": zeros(D), "t": 0}
    real, z = jnp.asarray(real), jnp.asarray(z)

    def run():
        state["t"] += 1
        g, d, g_state, d_state, dl, gl = step(state["g"], state["d"], state["g_state"], state["d_state"],
                                              float(state["t"]), real, z)
        state.update(g=g, d=d, g_state=g_state, d_state=d_state)
        return float(dl), float(gl)
    return run


def peers(builders, weights, *data):
    """Build each peer's step from the same weights and data: {name: step}; a peer whose library is missing is
    left out with a message that says how to install it."""
    steps = {}
    for name, (build, install) in builders.items():
        try:
            steps[name] = build(weights, *data)
        except ImportError:
            print(f"{name.split()[0]} is not installed ({install}): its row is left out")
    return steps


def report(title, times, target, stretch):
    """Print the table (time and ratio to PyTorch) and the verdict on the target."""
    ours = times["minigrad (numba)"]
    base = times.get("PyTorch CPU", ours)
    print_table(title, ["peer", "median step", "time vs PyTorch"],
                [[name, f"{t * 1e3:.0f} ms", f"{t / base:.2f}x"] for name, t in times.items()])
    if "PyTorch CPU" in times:
        ratio = ours / base
        verdict = "met" if ratio <= target else "MISSED"
        print(f"\nminigrad/PyTorch = {ratio:.2f} (target <= {target}, stretch <= {stretch}): {verdict}")


BUILDERS = {"minigrad (numba)": (minigrad_step, "pip install minigrad-edu"),
            "PyTorch CPU": (torch_step, "pip install torch==2.13.0"),
            "JAX CPU (jit)": (jax_step, "pip install jax")}


def main(repeat=40):
    from minigrad import use_backend
    generator, discriminator = minigrad_models()
    weights = [p.data.copy() for p in generator.parameters() + discriminator.parameters()]
    rng = np.random.default_rng(0)
    real = rng.uniform(-1, 1, (BATCH, 1, 28, 28)).astype(np.float32)
    z = rng.standard_normal((BATCH, LATENT)).astype(np.float32)
    with use_backend("numba"):
        steps = peers(BUILDERS, weights, real, z)
        first = {name: step() for name, step in steps.items()}
        for name, losses in first.items():
            assert np.allclose(losses, first["minigrad (numba)"], atol=1e-3), \
                f"first losses differ: {name} {losses}, minigrad {first['minigrad (numba)']}"
        times = side_by_side(steps, repeat)
    d, g = first["minigrad (numba)"]
    report(f"DCGAN step (D + G), batch {BATCH} of 1x28x28, float32, on {machine()}", times, 1.2, 1.0)
    print(f"first losses agree to 1e-3 across {len(first)} peers (D {d:.4f}, G {g:.4f})")
    return times


if __name__ == "__main__":
    main()
