# %% [markdown]
# # 12 · Under the hood: NumPy kernels and their Numba twins
#
# The loops that decide minigrad's speed live in `minigrad/kernels/`. Each comes twice: a NumPy version that a
# student can read, and a Numba `@njit` twin, compiled to machine code, that fuses several passes over memory
# into one. Matrix products stay with NumPy's BLAS (`@`) in both. The two versions take the same arguments and
# give the same results; `minigrad.set_backend("numba" | "numpy")` (or `MINIGRAD_BACKEND`) picks one, and
# `use_backend` switches for a block. This demo compares them: the code, the results, the time. Guide: chapter 10.

# %%
import inspect
import time

import numpy as np
from matplotlib.figure import Figure

import minigrad
from minigrad import F, nn, optim
from minigrad.kernels import kernel

from _common import setup

QUICK, OUT = setup("12_numba_speedup")
REPEATS = 3 if QUICK else 20
BATCH = 32 if QUICK else 128
rng = np.random.default_rng(0)

# %% [markdown]
# ## Two versions of one kernel
#
# The ReLU's backward pass: pass the gradient where the input was positive. NumPy builds a boolean mask and
# then multiplies (two passes and a temporary array); Numba does it in one loop, which `relu_backward_numba`
# runs over the arrays flattened to one dimension (so one compiled version serves every shape).

# %%
activations = inspect.getmodule(kernel("activations.relu_backward", "numpy"))
for function in (activations.relu_backward_numpy, activations.relu_backward_numba, activations._relu_bwd.py_func):
    print(inspect.getsource(function))

# %% [markdown]
# ## The same results
#
# Every kernel pair is tested for agreement (`tests/test_kernels.py`); here is one check by hand, on a fused
# linear layer with its activation: forward and backward, in float32.

# %%
x = rng.standard_normal((BATCH, 784)).astype(np.float32)
W = (rng.standard_normal((256, 784)) * 0.05).astype(np.float32)
b = np.zeros(256, dtype=np.float32)
results = {}
for backend in ("numpy", "numba"):
    y = kernel("linear.linear_forward", backend)(x, W, b, "relu", 0.01)
    grads = kernel("linear.linear_backward", backend)(np.ones_like(y), x, W, y, "relu", 0.01)
    results[backend] = (y, *grads)
for name, a, c in zip(["y", "dx", "dW", "db"], results["numpy"], results["numba"]):
    print(f"{name:>2}: {a.dtype}, largest difference {np.max(np.abs(a - c)):.2e}")

# %% [markdown]
# ## Kernel by kernel
#
# The best of several timings for each kernel at the sizes of a real training step: an MLP layer 784 -> 256 on
# a batch, the softmax cross-entropy over 10 classes, a 3 x 3 convolution's im2col on 28 x 28 images, 2 x 2 max
# pooling, and batch-norm statistics.

# %%
def best_time(fn, repeats=REPEATS):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


images = rng.standard_normal((BATCH, 16, 28, 28)).astype(np.float32)
channels_last = np.ascontiguousarray(images.transpose(0, 2, 3, 1))  # (N, H, W, C), as pooling takes it
logits = rng.standard_normal((BATCH, 10)).astype(np.float32)
labels = rng.integers(0, 10, BATCH)
y = results["numpy"][0]
g = np.ones_like(y)
cases = {
    "linear forward": ("linear.linear_forward", (x, W, b, "relu", 0.01)),
    "linear backward": ("linear.linear_backward", (g, x, W, y, "relu", 0.01)),
    "softmax x-entropy": ("softmax_xent.softmax_xent_forward", (logits, labels)),
    "im2col 3x3": ("conv.im2col", (images, 3, 3, 1, 1, 1, 1)),
    "max pool 2x2": ("pool.max_pool2d_forward", (channels_last, 2, 2, 2, 2, 0, 0)),
    "batch-norm stats": ("batchnorm.batchnorm_stats", (images.reshape(BATCH, 16, -1),)),
    "relu backward": ("activations.relu_backward", (images, images)),
}
timings = {}
for name, (path, arguments) in cases.items():
    timings[name] = [best_time(lambda: kernel(path, backend)(*arguments)) for backend in ("numpy", "numba")]
    numpy_time, numba_time = timings[name]
    print(f"{name:>18}: NumPy {numpy_time * 1e3:8.3f} ms   Numba {numba_time * 1e3:8.3f} ms   "
          f"speed-up {numpy_time / numba_time:5.1f}x")

# %%
fig = Figure(figsize=(7, 4), layout="constrained")
ax = fig.subplots()
names = list(timings)
ax.barh(names, [numpy_time / numba_time for numpy_time, numba_time in timings.values()])
ax.axvline(1, color="k", lw=0.8)
ax.set(xlabel="speed-up of Numba over NumPy (higher is faster)", title=f"kernels, batch of {BATCH}")
ax.invert_yaxis()
fig.savefig(OUT / "kernel_speedups.png")
fig

# %% [markdown]
# ## A whole training step
#
# What a user feels is the whole step: forward, backward, optimizer. Here one Adam step of an MLP
# 784-256-128-10 and one of a small convolutional network, under each backend.

# %%
def mlp_step():
    model = nn.Sequential(nn.Linear(784, 256, activation="relu"), nn.Linear(256, 128, activation="relu"),
                          nn.Linear(128, 10))
    optimizer = optim.Adam(model.parameters())

    def step():
        loss = F.cross_entropy(model(x), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return step


def cnn_step():
    model = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(16 * 14 * 14, 10))
    optimizer = optim.Adam(model.parameters())

    def step():
        loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return step


for name, make_step in [("MLP 784-256-128-10", mlp_step), ("conv + batch norm + pool", cnn_step)]:
    seconds = {}
    for backend in ("numpy", "numba"):
        with minigrad.use_backend(backend):
            seconds[backend] = best_time(make_step())
    print(f"{name:>24}, batch {BATCH}: NumPy {seconds['numpy'] * 1e3:7.2f} ms/step   "
          f"Numba {seconds['numba'] * 1e3:7.2f} ms/step   speed-up {seconds['numpy'] / seconds['numba']:.1f}x")

# %% [markdown]
# The first call of a Numba kernel compiles it (seconds); `cache=True` writes the machine code next to the
# source, so later runs start at once. On a machine with more cores, the kernels switch to their
# `parallel=True` variants for arrays above `minigrad.kernels.PARALLEL_THRESHOLD` entries.
