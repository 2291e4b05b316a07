"""One DCGAN training step on a batch of 64 MNIST-sized images (1x28x28), minigrad against PyTorch CPU.

Generator: z(100) -> Linear -> 128x7x7 -> BatchNorm+ReLU -> ConvTranspose(128->64, k4 s2 p1) -> BatchNorm+ReLU
-> ConvTranspose(64->1, k4 s2 p1) -> tanh. Discriminator: Conv(1->64, k4 s2 p1) -> LeakyReLU(0.2) -> Conv(64->128,
k4 s2 p1) -> LeakyReLU(0.2) -> Linear -> 1 logit. BCE with logits; one discriminator step (real and fake) and one
generator step, each with Adam(2e-4, betas (0.5, 0.999)). Both libraries start from the same weights and noise,
and their first losses must agree to 1e-3. Target: minigrad at most 1.5x PyTorch's step time.
"""
import os

import numpy as np

from benchmarks import machine, median_time, print_table

BATCH, LATENT = 64, 100


def minigrad_models():
    from minigrad import nn
    generator = nn.Sequential(
        nn.Linear(LATENT, 128 * 7 * 7), nn.Reshape((128, 7, 7)), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Tanh())
    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
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


def main(repeat=10):
    generator, discriminator = minigrad_models()
    weights = [p.data.copy() for p in generator.parameters() + discriminator.parameters()]
    rng = np.random.default_rng(0)
    real = rng.uniform(-1, 1, (BATCH, 1, 28, 28)).astype(np.float32)
    z = rng.standard_normal((BATCH, LATENT)).astype(np.float32)
    ours = minigrad_step(weights, real, z)
    first = ours()
    times = {"minigrad (numba)": median_time(ours, repeat=repeat, warmup=1)}
    try:
        theirs = torch_step(weights, real, z)
    except ImportError:
        print("PyTorch is not installed (pip install torch==2.13.0): only minigrad was timed")
        return times
    reference = theirs()
    assert np.allclose(first, reference, atol=1e-3), f"first losses differ: minigrad {first}, PyTorch {reference}"
    times["PyTorch CPU"] = median_time(theirs, repeat=repeat, warmup=1)
    base = times["PyTorch CPU"]
    print_table(f"DCGAN step (D + G), batch {BATCH} of 1x28x28, float32, on {machine()}",
                ["peer", "median step", "time vs PyTorch"],
                [[name, f"{t * 1e3:.0f} ms", f"{t / base:.2f}x"] for name, t in times.items()])
    print(f"\nfirst losses agree to 1e-3 (D {first[0]:.4f}, G {first[1]:.4f}); "
          f"minigrad/PyTorch = {times['minigrad (numba)'] / base:.2f} (target <= 1.5)")
    return times


if __name__ == "__main__":
    main()
