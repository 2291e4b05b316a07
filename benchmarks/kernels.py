"""Kernel benchmark: each Numba twin against its NumPy reference, at the sizes of real training steps.

    python -m benchmarks.kernels            # the two workloads, then the serial/parallel sweep
    python -m benchmarks.kernels --quick    # fewer repeats

Workloads: an MLP 784-256-128-10 on a batch of 128 (MNIST classifier), and one DCGAN step on a batch of 64 of
1x28x28 images (generator: linear 100 -> 128x7x7, batch norm, transposed convolutions 128 -> 64 -> 1; discriminator:
convolutions 1 -> 64 -> 128, batch norm, linear 6272 -> 1). For every kernel call it prints the best time of the
NumPy reference, of the Numba serial and parallel variants, and the speed-up of Numba as dispatched by
PARALLEL_THRESHOLD. Then whole forward + backward steps of both networks written with minigrad.functional, under
each backend. The sweep times serial against parallel over array sizes: the threshold is where parallel wins.
"""
import argparse
import importlib
import sys
import time
from contextlib import contextmanager

import numpy as np

from minigrad import kernels
from minigrad.kernels import kernel

MODULES = ("linear", "softmax_xent", "conv", "pool", "batchnorm", "dropout", "activations", "broadcast", "optim",
           "special")


@contextmanager
def threshold(value):
    """Force the serial (huge value) or parallel (0) variant in every kernel module that has both."""
    modules = [importlib.import_module(f"minigrad.kernels.{name}") for name in MODULES]
    modules = [m for m in modules if hasattr(m, "PARALLEL_THRESHOLD")]
    saved = [m.PARALLEL_THRESHOLD for m in modules]
    for m in modules:
        m.PARALLEL_THRESHOLD = value
    try:
        yield
    finally:
        for m, old in zip(modules, saved):
            m.PARALLEL_THRESHOLD = old


def best_time(fn, repeat):
    """The best of ``repeat`` timings of fn(), each averaged over enough calls to last about 10 ms."""
    fn()
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.01:
        fn()
        calls += 1
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def workloads(rng):
    """(workload, description, kernel path, arguments) for every kernel call of one training step."""
    f32 = np.float32

    def randn(*shape):
        return rng.standard_normal(shape).astype(f32)

    calls = []
    # MLP 784-256-128-10, batch 128
    for n_in, n_out, act in [(784, 256, "relu"), (256, 128, "relu"), (128, 10, None)]:
        x, W, b = randn(128, n_in), randn(n_out, n_in) * 0.05, randn(n_out)
        y = kernel("linear.linear_forward", "numpy")(x, W, b, act, 0.01)
        calls.append(("MLP", f"linear fwd {n_in}->{n_out} {act}", "linear.linear_forward", (x, W, b, act, 0.01)))
        calls.append(("MLP", f"linear bwd {n_in}->{n_out} {act}", "linear.linear_backward",
                      (randn(*y.shape), x, W, y, act, 0.01, (n_in != 784, True, True))))
    logits, labels = randn(128, 10), rng.integers(0, 10, 128)
    _, probs = kernel("softmax_xent.softmax_xent_forward", "numpy")(logits, labels)
    calls.append(("MLP", "softmax-xent fwd 128x10", "softmax_xent.softmax_xent_forward", (logits, labels)))
    calls.append(("MLP", "softmax-xent bwd 128x10", "softmax_xent.softmax_xent_backward",
                  (probs, labels, np.full(128, 1 / 128, f32))))
    calls.append(("MLP", "dropout 128x256 p=0.5", "dropout.dropout_forward",
                  (randn(128, 256), rng.random((128, 256), dtype=f32), 0.5)))

    # DCGAN step, batch 64
    z, W, b = randn(64, 100), randn(6272, 100) * 0.1, randn(6272)
    calls.append(("DCGAN", "G linear fwd 100->6272", "linear.linear_forward", (z, W, b, None, 0.0)))
    calls.append(("DCGAN", "G linear bwd 100->6272", "linear.linear_backward",
                  (randn(64, 6272), z, W, randn(64, 6272), None, 0.0, (False, True, True))))
    for label, shape in [("BN1d 64x6272", (64, 6272, 1)), ("BN2d 64x64x14x14", (64, 64, 196)),
                         ("BN2d 64x128x7x7", (64, 128, 49))]:
        x = randn(*shape)
        mean, var = kernel("batchnorm.batchnorm_stats", "numpy")(x)
        invstd, gamma, beta = (1 / np.sqrt(var + 1e-5)).astype(f32), randn(shape[1]), randn(shape[1])
        calls.append(("DCGAN", f"{label} stats", "batchnorm.batchnorm_stats", (x,)))
        calls.append(("DCGAN", f"{label} fwd", "batchnorm.batchnorm_forward", (x, mean, invstd, gamma, beta)))
        calls.append(("DCGAN", f"{label} bwd", "batchnorm.batchnorm_backward",
                      (randn(*shape), x, mean, invstd, gamma, True)))
    # transposed convolutions: forward = col2im, backward = im2col of the output gradient (rows: one per window,
    # kh*kw*C channels-last entries each)
    for c_in, c_out, size in [(128, 64, 7), (64, 1, 14)]:
        out_shape = (64, c_out, 2 * size, 2 * size)
        calls.append(("DCGAN", f"G convT {c_in}->{c_out} fwd col2im", "conv.col2im",
                      (randn(64, size * size, 16 * c_out), out_shape, 4, 4, 2, 2, 1, 1)))
        calls.append(("DCGAN", f"G convT {c_in}->{c_out} bwd im2col", "conv.im2col",
                      (randn(*out_shape), 4, 4, 2, 2, 1, 1)))
    # discriminator convolutions: forward = im2col, backward = col2im
    for c_in, size in [(1, 28), (64, 14)]:
        half = size // 2
        calls.append(("DCGAN", f"D conv {c_in}ch {size}x{size} fwd im2col", "conv.im2col",
                      (randn(64, c_in, size, size), 4, 4, 2, 2, 1, 1)))
        calls.append(("DCGAN", f"D conv {c_in}ch {size}x{size} bwd col2im", "conv.col2im",
                      (randn(64, half * half, 16 * c_in), (64, c_in, size, size), 4, 4, 2, 2, 1, 1)))
    x = randn(64 * 64, 14, 14)
    calls.append(("DCGAN", "D leaky_relu 64x64x14x14", "activations.leaky_relu_forward", (x, 0.2)))
    calls.append(("DCGAN", "D linear fwd 6272->1", "linear.linear_forward",
                  (randn(64, 6272), randn(1, 6272), randn(1), None, 0.0)))
    # Keras's mnist_convnet, batch 128: conv 1->32 3x3 on 28x28, pool, conv 32->64 3x3 on 13x13, pool
    for c_in, size in [(1, 28), (32, 13)]:
        calls.append(("CNN", f"conv {c_in}ch {size}x{size} 3x3 fwd im2col", "conv.im2col",
                      (randn(128, c_in, size, size), 3, 3, 1, 1, 0, 0)))
    calls.append(("CNN", "conv 32ch 13x13 3x3 bwd col2im", "conv.col2im",
                  (randn(128, 11 * 11, 9 * 32), (128, 32, 13, 13), 3, 3, 1, 1, 0, 0)))
    for channels, size in [(32, 26), (64, 11)]:
        x = randn(128, size, size, channels)  # channels last, as conv2d leaves its output
        out, argmax = kernel("pool.max_pool2d_forward", "numpy")(x, 2, 2, 2, 2, 0, 0)
        calls.append(("CNN", f"max_pool2d fwd 128x{channels}x{size}x{size}", "pool.max_pool2d_forward",
                      (x, 2, 2, 2, 2, 0, 0)))
        calls.append(("CNN", f"max_pool2d bwd 128x{channels}x{size}x{size}", "pool.max_pool2d_backward",
                      (randn(*out.shape), argmax, size, size)))
    # a transformer MLP block's exact GELU, batch 64 of 32 tokens x 512 features: erf of every entry
    calls.append(("GELU", "erf 64x32x512", "special.erf", (randn(64 * 32, 512),)))
    return calls


def size_of(args):
    return max(a.size for a in args if isinstance(a, np.ndarray))


def run_workloads(repeat):
    rng = np.random.default_rng(0)
    print(f"{'workload':7} {'kernel call':36} {'elements':>9} {'numpy ms':>9} {'serial':>8} {'parallel':>9} "
          f"{'numba/numpy speed-up':>21}")
    totals = {}
    for group, label, path, args in workloads(rng):
        reference, fast = kernel(path, "numpy"), kernel(path, "numba")
        t_numpy = best_time(lambda: reference(*args), repeat)
        with threshold(1 << 62):
            t_serial = best_time(lambda: fast(*args), repeat)
        with threshold(0):
            t_parallel = best_time(lambda: fast(*args), repeat)
        t_dispatched = best_time(lambda: fast(*args), repeat)
        numpy_total, numba_total = totals.get(group, (0.0, 0.0))
        totals[group] = (numpy_total + t_numpy, numba_total + t_dispatched)
        print(f"{group:7} {label:36} {size_of(args):9d} {t_numpy * 1e3:9.3f} {t_serial * 1e3:8.3f} "
              f"{t_parallel * 1e3:9.3f} {t_numpy / t_dispatched:20.2f}x")
    for group, (numpy_total, numba_total) in totals.items():
        print(f"{group}: all kernel calls {numpy_total * 1e3:.2f} ms with NumPy, {numba_total * 1e3:.2f} ms with "
              f"Numba ({numpy_total / numba_total:.2f}x)")


def training_steps(rng):
    """Whole forward + backward steps written with minigrad.functional: what a user waits for."""
    from minigrad import Value
    from minigrad import functional as F

    def param(*shape, scale=0.05):
        return Value((scale * rng.standard_normal(shape)).astype(np.float32))

    mlp = [(param(256, 784), param(256)), (param(128, 256), param(128)), (param(10, 128), param(10))]
    images, labels = rng.random((128, 784), dtype=np.float32), rng.integers(0, 10, 128)

    def mlp_step():
        h = F.linear(images, *mlp[0], activation="relu")
        h = F.linear(h, *mlp[1], activation="relu")
        F.cross_entropy(F.linear(h, *mlp[2]), labels).backward()

    G = dict(fc=(param(6272, 100), param(6272)), bn1=(np.zeros(6272, np.float32), np.ones(6272, np.float32)),
             up1=param(128, 64, 4, 4), bn2=(np.zeros(64, np.float32), np.ones(64, np.float32)), up2=param(64, 1, 4, 4))
    D = dict(c1=param(64, 1, 4, 4), c2=param(128, 64, 4, 4), bn=(np.zeros(128, np.float32), np.ones(128, np.float32)),
             fc=(param(1, 6272), param(1)))
    real, z = rng.random((64, 1, 28, 28), dtype=np.float32) * 2 - 1, rng.standard_normal((64, 100)).astype(np.float32)
    ones, zeros = np.ones((64, 1), np.float32), np.zeros((64, 1), np.float32)

    def generator(z):
        h = F.batch_norm(F.linear(z, *G["fc"]), *G["bn1"], training=True).relu().reshape(64, 128, 7, 7)
        h = F.batch_norm(F.conv_transpose2d(h, G["up1"], stride=2, padding=1), *G["bn2"], training=True).relu()
        return F.conv_transpose2d(h, G["up2"], stride=2, padding=1).tanh()

    def discriminator(x):
        h = F.conv2d(x, D["c1"], stride=2, padding=1).leaky_relu(0.2)
        h = F.batch_norm(F.conv2d(h, D["c2"], stride=2, padding=1), *D["bn"], training=True).leaky_relu(0.2)
        return F.linear(h.reshape(64, 6272), *D["fc"])

    def dcgan_step():
        fake = generator(z)
        d_loss = F.binary_cross_entropy_with_logits(discriminator(real), ones) + \
            F.binary_cross_entropy_with_logits(discriminator(fake.detach()), zeros)
        d_loss.backward()
        F.binary_cross_entropy_with_logits(discriminator(fake), ones).backward()

    return [("MLP 784-256-128-10, batch 128", mlp_step), ("DCGAN D + G step, batch 64", dcgan_step)]


def run_steps(repeat):
    print(f"\n{'whole training step (forward + backward)':44} {'numpy ms':>9} {'numba ms':>9} {'speed-up':>9}")
    for label, step in training_steps(np.random.default_rng(2)):
        times = {}
        for backend in ("numpy", "numba"):
            with kernels.use_backend(backend):
                times[backend] = best_time(step, repeat)
        print(f"{label:44} {times['numpy'] * 1e3:9.2f} {times['numba'] * 1e3:9.2f} "
              f"{times['numpy'] / times['numba']:8.2f}x")


def sweep(repeat):
    """Serial against parallel for kernels of different shapes as the array grows."""
    rng = np.random.default_rng(1)
    print(f"\n{'size':>9} " + " ".join(f"{name:>22}" for name in ("dropout", "batchnorm fwd", "softmax rows",
                                                                 "im2col k4s2", "linear bias+relu")))
    for power in range(12, 23, 2):
        n = 1 << power
        x = rng.standard_normal(n).astype(np.float32)
        images = x.reshape(-1, 16, 16, 16)
        cases = [
            ("dropout.dropout_forward", (x, rng.random(n, dtype=np.float32), 0.5)),
            ("batchnorm.batchnorm_forward", (x.reshape(-1, 64, 16),) + tuple(np.ones((4, 64), np.float32))),
            ("softmax_xent.softmax", (x.reshape(-1, 64),)),
            ("conv.im2col", (images, 4, 4, 2, 2, 1, 1)),
            ("linear.linear_forward", (x.reshape(-1, 256), np.eye(256, dtype=np.float32), None, "relu", 0.0)),
        ]
        row = []
        for path, args in cases:
            fast = kernel(path, "numba")
            with threshold(1 << 62):
                t_serial = best_time(lambda: fast(*args), repeat)
            with threshold(0):
                t_parallel = best_time(lambda: fast(*args), repeat)
            row.append(f"{t_serial * 1e6:8.1f}/{t_parallel * 1e6:8.1f} us")
        print(f"{n:9d} " + " ".join(f"{cell:>22}" for cell in row))
    import numba
    print(f"(serial/parallel time per call; PARALLEL_THRESHOLD is {kernels.PARALLEL_THRESHOLD} elements; Numba "
          f"threading layer {numba.threading_layer()!r} with {numba.get_num_threads()} threads)")


def main(argv=()):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeat = 3 if parser.parse_args(argv).quick else 7
    run_workloads(repeat)
    run_steps(repeat)
    sweep(repeat)


if __name__ == "__main__":
    main(sys.argv[1:])
