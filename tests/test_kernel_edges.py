"""Every kernel, fed the values that break loops: NaN, +-inf, -0.0, subnormals, empty and 0-d arrays.

The Numba twin must give what the NumPy reference gives: the same dtype and shape, NaN in the same places, the
same infinities, and the finite entries equal to the dtype's tolerance. The table below names every kernel of
``minigrad.kernels``; a test checks that no kernel is missing from it, so a new kernel must come with its edges.
"""
import importlib
import pkgutil

import numpy as np
import pytest

import minigrad.kernels
from minigrad.kernels import kernel

TOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}


def edges(dtype, shape=(3, 4)):
    """An array of ``shape`` cycling through the edge values (and a few ordinary ones) of ``dtype``."""
    tiny = np.finfo(dtype).smallest_subnormal
    values = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, tiny, -tiny, 1.5, -2.5, 0.25, 40.0, -700.0], dtype)
    return np.resize(values, shape).astype(dtype)


def ordinary(dtype, shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def conv_cases(d):
    x = edges(d, (2, 2, 5, 5))
    cols = kernel("conv.im2col", "numpy")(ordinary(d, (2, 2, 5, 5)), 3, 3, 1, 1, 1, 1)
    return {"conv.im2col": [(x, 3, 3, 1, 1, 1, 1), (x[:0], 3, 3, 2, 2, 0, 0)],
            "conv.col2im": [(edges(d, cols.shape), (2, 2, 5, 5), 3, 3, 1, 1, 1, 1)]}


def linear_cases(d):
    x, W, b = edges(d, (5, 4)), ordinary(d, (3, 4)), edges(d, (3,))
    cases = {"linear.linear_forward": [], "linear.linear_backward": []}
    for act in (None, "relu", "leaky_relu", "sigmoid", "tanh"):
        cases["linear.linear_forward"] += [(x, W, b, act, 0.1), (x[:0], W, b, act, 0.1)]
        y = kernel("linear.linear_forward", "numpy")(ordinary(d, (5, 4)), W, b, act, 0.1)
        cases["linear.linear_backward"].append((edges(d, y.shape), ordinary(d, (5, 4)), W, y, act, 0.1))
    return cases


def softmax_cases(d):
    x = edges(d, (4, 5))
    y = kernel("softmax_xent.softmax", "numpy")(ordinary(d, (4, 5)))
    labels = np.array([0, 1, 4, 2])
    probs = kernel("softmax_xent.softmax", "numpy")(ordinary(d, (4, 5), 1))
    return {"softmax_xent.log_softmax": [(x,), (x[:0],)],
            "softmax_xent.softmax": [(x,), (x[:0],)],
            "softmax_xent.softmax_backward": [(y, edges(d, (4, 5)))],
            "softmax_xent.log_softmax_backward": [(np.log(y), edges(d, (4, 5)))],
            "softmax_xent.softmax_xent_forward": [(x, labels), (x, probs), (x[:0], labels[:0])],
            "softmax_xent.softmax_xent_backward": [(y, labels, edges(d, (4,))), (y, probs, edges(d, (4,)))]}


def pool_cases(d):
    x = edges(d, (3, 6, 6, 2))  # images channels last
    _, argmax = kernel("pool.max_pool2d_forward", "numpy")(ordinary(d, (3, 6, 6, 2)), 2, 2, 2, 2, 0, 0)
    return {"pool.max_pool2d_forward": [(x, 2, 2, 2, 2, 0, 0), (x, 3, 3, 1, 1, 1, 1), (x[:0], 2, 2, 2, 2, 0, 0)],
            "pool.max_pool2d_backward": [(edges(d, argmax.shape), argmax, 6, 6)]}


def batchnorm_cases(d):
    x = edges(d, (4, 3, 5))
    mean, var = kernel("batchnorm.batchnorm_stats", "numpy")(ordinary(d, (4, 3, 5)))
    invstd = (1 / np.sqrt(var + 1e-5)).astype(d)
    gamma, beta = ordinary(d, (3,), 1), ordinary(d, (3,), 2)
    return {"batchnorm.batchnorm_stats": [(x,)],
            "batchnorm.batchnorm_forward": [(x, mean, invstd, gamma, beta)],
            "batchnorm.batchnorm_backward": [(edges(d, (4, 3, 5)), ordinary(d, (4, 3, 5)), mean, invstd, gamma, t)
                                             for t in (True, False)]}


def optim_cases(d):
    p, g = edges(d, (3, 4)), edges(d, (4, 3)).T.copy()
    return {"optim.sgd_step": [(p, g, 0.1, 0.0), (p, g, 0.1, 0.01)],
            "optim.sgd_momentum_step": [(p, g, ordinary(d, (3, 4)), 0.1, 0.9, 0.0, n, 0.01, f)
                                        for n in (False, True) for f in (False, True)],
            "optim.adam_step": [(p, g, ordinary(d, (3, 4)), np.abs(ordinary(d, (3, 4), 1)), 1e-3, 0.9, 0.999, 1e-8,
                                 0.01, decoupled, 3) for decoupled in (False, True)]}


def elementwise_cases(d):
    cases = {}
    for x in (edges(d), edges(d, ()), edges(d, (0, 3))):
        g = edges(d, x.shape)[::-1].copy() if x.ndim else edges(d, x.shape)
        add = {"activations.relu_forward": (x,), "activations.relu_backward": (x, g),
               "activations.leaky_relu_forward": (x, 0.1), "activations.leaky_relu_backward": (x, g, 0.1),
               "activations.sigmoid_forward": (x,), "activations.tanh_forward": (x,),
               "activations.sigmoid_backward": (kernel("activations.sigmoid_forward", "numpy")(x), g),
               "activations.tanh_backward": (np.asarray(np.tanh(x)), g), "special.erf": (x,)}
        for name, args in add.items():
            cases.setdefault(name, []).append(args)
    return cases


def other_cases(d):
    g = edges(d, (5, 3, 4))
    return {"broadcast.reduce_to_shape": [(g, (4,)), (g, (3, 1)), (g, (1, 3, 4)), (g[:0], (3, 4)), (g, ())],
            "dropout.dropout_forward": [(edges(d, (6, 5)), np.random.default_rng(0).random((6, 5)), 0.3),
                                        (edges(d, (0, 5)), np.zeros((0, 5)), 0.3)]}


def all_cases(dtype):
    cases = {}
    for make in (elementwise_cases, linear_cases, softmax_cases, conv_cases, pool_cases, batchnorm_cases,
                 optim_cases, other_cases):
        cases.update(make(np.dtype(dtype).type))
    return cases


KERNEL_NAMES = sorted(all_cases(np.float64))


def every_kernel():
    """``module.name`` of each kernel in the tables (``KERNELS``) that the kernel modules declare."""
    found = set()
    for info in pkgutil.iter_modules(minigrad.kernels.__path__):
        module = importlib.import_module(f"minigrad.kernels.{info.name}")
        found.update(f"{info.name}.{name}" for name in getattr(module, "KERNELS", {}))
    return found


def test_the_table_names_every_kernel():
    assert every_kernel() == set(KERNEL_NAMES)


def test_every_numpy_and_numba_pair_is_in_its_module_table():
    for info in pkgutil.iter_modules(minigrad.kernels.__path__):
        module = importlib.import_module(f"minigrad.kernels.{info.name}")
        pairs = {attr[:-6] for attr in dir(module) if attr.endswith("_numpy") and not attr.startswith("_")
                 and hasattr(module, attr[:-6] + "_numba")}
        assert pairs == set(getattr(module, "KERNELS", {})), info.name
        for name, (numpy_twin, numba_twin) in getattr(module, "KERNELS", {}).items():
            assert numpy_twin.__name__ == f"{name}_numpy" and numba_twin.__name__ == f"{name}_numba"


def assert_same(reference, fast, where):
    """Same dtype and shape; NaN and inf in the same places; finite entries equal to the dtype's tolerance."""
    if reference is None or type(reference) in (int, float):
        assert fast == reference, where
        return
    reference, fast = np.asarray(reference), np.asarray(fast)
    assert fast.dtype == reference.dtype and fast.shape == reference.shape, where
    if reference.dtype.kind != "f":
        np.testing.assert_array_equal(fast, reference, err_msg=where)
        return
    np.testing.assert_array_equal(np.isnan(fast), np.isnan(reference), err_msg=f"{where}: NaN positions")
    np.testing.assert_array_equal(np.isposinf(fast), np.isposinf(reference), err_msg=f"{where}: +inf positions")
    np.testing.assert_array_equal(np.isneginf(fast), np.isneginf(reference), err_msg=f"{where}: -inf positions")
    finite = np.isfinite(reference)
    scale = max(np.abs(reference[finite]).max(initial=0.0), 1.0)
    tol = TOL[reference.dtype]
    np.testing.assert_allclose(fast[finite], reference[finite], rtol=tol, atol=tol * scale, err_msg=where)


def run(name, backend, args):
    """Call the kernel on copies of its arguments (optimizer kernels overwrite theirs) and return what it gave,
    or, for kernels that return nothing, the arrays it changed."""
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with np.errstate(all="ignore"):
        result = kernel(name, backend)(*copies)
    if result is None:
        return tuple(c for c in copies if isinstance(c, np.ndarray))
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", KERNEL_NAMES)
def test_numba_twin_matches_reference_on_edge_values(name, dtype):
    for i, args in enumerate(all_cases(dtype)[name]):
        reference, fast = run(name, "numpy", args), run(name, "numba", args)
        assert len(reference) == len(fast)
        for k, (want, got) in enumerate(zip(reference, fast)):
            assert_same(want, got, f"{name} case {i} output {k}")


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("name", ["activations.relu_forward", "activations.leaky_relu_forward",
                                  "activations.sigmoid_forward", "activations.tanh_forward"])
def test_activations_keep_nan_and_the_sign_of_zero(backend, name):
    x = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf])
    args = (x, 0.1) if "leaky" in name else (x,)
    y = kernel(name, backend)(*args)
    assert np.isnan(y[0])
    expected = {"relu_forward": [0.0, 0.0, np.inf, 0.0], "leaky_relu_forward": [-0.0, 0.0, np.inf, -np.inf],
                "sigmoid_forward": [0.5, 0.5, 1.0, 0.0], "tanh_forward": [-0.0, 0.0, 1.0, -1.0]}[name.split(".")[1]]
    np.testing.assert_array_equal(y[1:], expected)
    np.testing.assert_array_equal(np.signbit(y[1:]), np.signbit(expected))
