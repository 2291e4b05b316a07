"""Parity of the engine's own kernels: elementwise activations and reduce_to_shape, Numba twin against NumPy.

Tolerance 1e-10 relative in float64 and 1e-5 in float32; odd sizes, size-1 axes, 0-d and non-contiguous inputs;
float32 in gives float32 out.
"""
import numpy as np
import pytest

from minigrad.kernels import kernel

TOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}
SHAPES = [(), (1,), (7,), (3, 1, 5), (64, 129)]


def data(shape, dtype, seed, strided=False):
    rng = np.random.default_rng(seed)
    if strided:  # every other column of a wider array: not contiguous
        return (rng.standard_normal(shape[:-1] + (2 * shape[-1],)) * 4).astype(dtype)[..., ::2]
    return np.asarray(rng.standard_normal(shape) * 4, dtype=dtype)


def assert_parity(reference, fast):
    assert fast.dtype == reference.dtype and fast.shape == reference.shape
    tol = TOL[reference.dtype]
    np.testing.assert_allclose(fast, reference, rtol=tol, atol=tol * max(np.abs(reference).max(initial=0), 1e-30))


ACTIVATIONS = {"relu_forward": 1, "relu_backward": 2, "sigmoid_forward": 1, "sigmoid_backward": 2,
               "tanh_forward": 1, "tanh_backward": 2, "leaky_relu_forward": 1, "leaky_relu_backward": 2}


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape, strided", [(s, False) for s in SHAPES] + [(s, True) for s in SHAPES if s])
def test_activation_kernels_agree(name, dtype, shape, strided):
    arrays = [data(shape, dtype, seed, strided) for seed in range(ACTIVATIONS[name])]
    args = arrays + ([0.2] if name.startswith("leaky") else [])
    assert_parity(kernel(f"activations.{name}", "numpy")(*args), kernel(f"activations.{name}", "numba")(*args))


def test_activation_kernels_are_finite_at_extremes():
    x = np.array([-1e4, -50.0, 0.0, 50.0, 1e4])
    for backend in ("numpy", "numba"):
        for name in ("sigmoid_forward", "tanh_forward"):
            assert np.all(np.isfinite(kernel(f"activations.{name}", backend)(x)))


@pytest.mark.parametrize("g_shape, shape", [((4, 5), (5,)), ((4, 5), (1, 5)), ((4, 5), (4, 1)), ((4, 5), ()),
                                            ((2, 3, 4), (3, 1)), ((2, 3, 4), (2, 1, 4)), ((128, 256), (256,)),
                                            ((600, 500), (500,)), ((3,), (3,)), ((0, 4), (4,))])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_reduce_to_shape_agrees_and_sums_broadcast_axes(g_shape, shape, dtype):
    g = data(g_shape, dtype, 0)
    reference = kernel("broadcast.reduce_to_shape", "numpy")(g, shape)
    assert reference.shape == shape
    np.testing.assert_allclose(reference.sum(), g.sum(), rtol=1e-4)  # summing preserves the total
    assert_parity(reference, kernel("broadcast.reduce_to_shape", "numba")(g, shape))


def test_reduce_to_shape_parallel_path_agrees(monkeypatch):
    import minigrad.kernels.broadcast as broadcast
    monkeypatch.setattr(broadcast, "PARALLEL_THRESHOLD", 0)
    g = data((37, 11), np.float32, 1, strided=True)
    assert_parity(broadcast.reduce_to_shape_numpy(g, (11,)), broadcast.reduce_to_shape_numba(g, (11,)))
