"""Parity of every kernel's two backends: the Numba twin must give the NumPy reference's result.

Tolerance: 1e-10 (float64) or 1e-5 (float32), relative to the size of the reference result. Each kernel runs on
its serial path in float64 and float32 and on its parallel path (PARALLEL_THRESHOLD patched in the kernel's
module) in float64: the parallel drivers call the same loop bodies, and every compiled parallel signature costs
seconds on a cold cache. Inputs have odd sizes, size-1 axes and non-contiguous layouts; float32 in must give
float32 out.
"""
import importlib

import numpy as np
import pytest

from minigrad.kernels import kernel

DTYPES = [np.float64, np.float32]
TOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}
PATHS = [("serial", np.float64), ("serial", np.float32), ("parallel", np.float64)]


def force(monkeypatch, path):
    """Force one side of PARALLEL_THRESHOLD in every kernel module."""
    for name in ("linear", "softmax_xent", "conv", "pool", "batchnorm", "dropout"):
        module = importlib.import_module(f"minigrad.kernels.{name}")
        monkeypatch.setattr(module, "PARALLEL_THRESHOLD", 0 if path == "parallel" else 1 << 62)


@pytest.fixture(params=PATHS, ids=[f"{path}-{dtype.__name__}" for path, dtype in PATHS])
def dtype(request, monkeypatch):
    """The dtype to test, with the serial or parallel path forced."""
    path, dtype = request.param
    force(monkeypatch, path)
    return dtype


@pytest.fixture(params=["serial", "parallel"])
def path(request, monkeypatch):
    force(monkeypatch, request.param)
    return request.param


def both(name):
    return kernel(name, "numpy"), kernel(name, "numba")


def assert_parity(reference, fast):
    """Same dtype, same shape, equal to the dtype's tolerance relative to the reference's scale."""
    assert fast.dtype == reference.dtype, (fast.dtype, reference.dtype)
    assert fast.shape == reference.shape
    scale = max(np.abs(reference).max(initial=0.0), 1e-30)
    np.testing.assert_allclose(fast, reference, rtol=TOL[reference.dtype], atol=TOL[reference.dtype] * scale)


def randn(rng, shape, dtype, layout="C"):
    """Standard normal data in the given layout: 'C' contiguous, or 'strided' (every other entry of a wider array)."""
    if layout == "C":
        return rng.standard_normal(shape).astype(dtype)
    wide = rng.standard_normal(shape[:-1] + (2 * shape[-1],)).astype(dtype)
    view = wide[..., ::2]
    assert not view.flags.c_contiguous or view.size <= 1
    return view


# ---- fused linear ------------------------------------------------------------------------------------------

LINEAR_SHAPES = [(1, 1, 1), (7, 5, 3), (33, 17, 9)]  # (batch, in_features, out_features)


@pytest.mark.parametrize("activation", [None, "relu", "leaky_relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("layout", ["C", "strided"])
def test_linear_parity(dtype, activation, layout):
    rng = np.random.default_rng(0)
    forward, forward_fast = both("linear.linear_forward")
    backward, backward_fast = both("linear.linear_backward")
    for N, n_in, n_out in LINEAR_SHAPES:
        x = randn(rng, (N, n_in), dtype, layout)
        W = randn(rng, (n_in, n_out), dtype).T if layout == "strided" else randn(rng, (n_out, n_in), dtype)
        for b in (randn(rng, (n_out,), dtype, layout), None):
            y = forward(x, W, b, activation, 0.1)
            assert_parity(y, forward_fast(x, W, b, activation, 0.1))
            g = randn(rng, y.shape, dtype, layout)
            for got, want in zip(backward_fast(g, x, W, y, activation, 0.1), backward(g, x, W, y, activation, 0.1)):
                assert_parity(want, got)


def test_linear_needs_skips_gradients(path):
    rng = np.random.default_rng(1)
    x, W, b = randn(rng, (4, 3), np.float64), randn(rng, (2, 3), np.float64), randn(rng, (2,), np.float64)
    for backward in both("linear.linear_backward"):
        y = kernel("linear.linear_forward", "numpy")(x, W, b, "tanh", 0.0)
        dx, dW, db = backward(np.ones_like(y), x, W, y, "tanh", 0.0, needs=(False, True, False))
        assert dx is None and db is None and dW.shape == W.shape


def test_linear_reference_matches_formula():
    rng = np.random.default_rng(2)
    x, W, b = rng.standard_normal((6, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    g = rng.standard_normal((6, 3))
    z = x @ W.T + b
    for forward, backward in zip(both("linear.linear_forward"), both("linear.linear_backward")):
        y = forward(x, W, b, "sigmoid", 0.0)
        np.testing.assert_allclose(y, 1 / (1 + np.exp(-z)), rtol=1e-12)
        dz = g * y * (1 - y)
        dx, dW, db = backward(g, x, W, y, "sigmoid", 0.0)
        np.testing.assert_allclose(dx, dz @ W, rtol=1e-12)
        np.testing.assert_allclose(dW, dz.T @ x, rtol=1e-12)
        np.testing.assert_allclose(db, dz.sum(axis=0), rtol=1e-12)


# ---- softmax and cross-entropy -----------------------------------------------------------------------------

SOFTMAX_SHAPES = [(1, 1), (1, 9), (7, 1), (13, 10), (64, 33)]


@pytest.mark.parametrize("layout", ["C", "strided"])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_parity(dtype, layout, name):
    rng = np.random.default_rng(3)
    forward, forward_fast = both(f"softmax_xent.{name}")
    backward, backward_fast = both(f"softmax_xent.{name}_backward")
    for shape in SOFTMAX_SHAPES:
        x = 3 * randn(rng, shape, dtype, layout)
        y = forward(x)
        assert_parity(y, forward_fast(x))
        g = randn(rng, shape, dtype, layout)
        assert_parity(backward(y, g), backward_fast(y, g))


@pytest.mark.parametrize("targets", ["labels", "probabilities"])
@pytest.mark.parametrize("layout", ["C", "strided"])
def test_softmax_xent_parity(dtype, targets, layout):
    rng = np.random.default_rng(4)
    forward, forward_fast = both("softmax_xent.softmax_xent_forward")
    backward, backward_fast = both("softmax_xent.softmax_xent_backward")
    for N, C in SOFTMAX_SHAPES:
        logits = 3 * randn(rng, (N, C), dtype, layout)
        if targets == "labels":
            target = rng.integers(0, C, size=2 * N)[::2]
        else:
            target = rng.dirichlet(np.ones(C), size=N).astype(dtype)
        loss, probs = forward(logits, target)
        loss_fast, probs_fast = forward_fast(logits, target)
        assert_parity(loss, loss_fast)
        assert_parity(probs, probs_fast)
        g = randn(rng, (N,), dtype, layout)
        assert_parity(backward(probs, target, g), backward_fast(probs, target, g))


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_xent_stable_at_huge_logits(backend, dtype):
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype)
    labels = np.array([1, 2])
    loss, probs = kernel("softmax_xent.softmax_xent_forward", backend)(logits, labels)
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(probs))
    np.testing.assert_allclose(loss, [2e4, np.log(3)], rtol=1e-6)
    np.testing.assert_allclose(probs[0], [1, 0, 0])
    d = kernel("softmax_xent.softmax_xent_backward", backend)(probs, labels, np.ones(2, dtype))
    np.testing.assert_allclose(d, [[1, -1, 0], [1 / 3, 1 / 3, -2 / 3]], rtol=1e-6)
    log_p = kernel("softmax_xent.log_softmax", backend)(logits)
    assert np.all(np.isfinite(log_p)) and log_p.dtype == dtype


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_xent_with_one_hot_probabilities_equals_labels(backend):
    rng = np.random.default_rng(5)
    logits, labels = rng.standard_normal((6, 4)), rng.integers(0, 4, 6)
    one_hot = np.eye(4)[labels]
    forward, backward = kernel("softmax_xent.softmax_xent_forward", backend), \
        kernel("softmax_xent.softmax_xent_backward", backend)
    (loss_l, probs), (loss_p, _) = forward(logits, labels), forward(logits, one_hot)
    np.testing.assert_allclose(loss_l, loss_p, rtol=1e-12)
    np.testing.assert_allclose(loss_l, -np.log(np.exp(logits)[np.arange(6), labels] / np.exp(logits).sum(1)))
    g = rng.standard_normal(6)
    np.testing.assert_allclose(backward(probs, labels, g), backward(probs, one_hot, g), rtol=1e-12, atol=1e-15)


# ---- im2col / col2im ---------------------------------------------------------------------------------------

# (N, C, H, W, kh, kw, sh, sw, ph, pw)
CONV_CASES = [
    (1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
    (2, 3, 7, 5, 3, 2, 2, 1, 1, 0),
    (3, 2, 9, 8, 4, 4, 2, 2, 1, 1),
    (1, 1, 5, 5, 5, 5, 1, 1, 2, 2),
    (2, 1, 9, 10, 2, 2, 3, 3, 0, 0),
    (1, 4, 6, 6, 1, 1, 1, 1, 0, 0),
]


def conv_out(size, k, s, p):
    return (size + 2 * p - k) // s + 1


@pytest.mark.parametrize("layout", ["C", "strided"])
@pytest.mark.parametrize("case", CONV_CASES)
def test_im2col_col2im_parity(dtype, layout, case):
    N, C, H, W, kh, kw, sh, sw, ph, pw = case
    rng = np.random.default_rng(6)
    x = randn(rng, (N, C, H, W), dtype, layout)
    im2col, im2col_fast = both("conv.im2col")
    cols = im2col(x, kh, kw, sh, sw, ph, pw)
    assert cols.shape == (N, conv_out(H, kh, sh, ph) * conv_out(W, kw, sw, pw), kh * kw * C)
    assert_parity(cols, im2col_fast(x, kh, kw, sh, sw, ph, pw))
    col2im, col2im_fast = both("conv.col2im")
    g = randn(rng, cols.shape, dtype, layout)
    assert_parity(col2im(g, x.shape, kh, kw, sh, sw, ph, pw), col2im_fast(g, x.shape, kh, kw, sh, sw, ph, pw))


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("case", CONV_CASES)
def test_col2im_is_the_adjoint_of_im2col(backend, case):
    """<im2col(x), c> = <x, col2im(c)>: col2im is exactly the transpose, hence the input gradient."""
    N, C, H, W, kh, kw, sh, sw, ph, pw = case
    rng = np.random.default_rng(7)
    x = rng.standard_normal((N, C, H, W))
    cols = kernel("conv.im2col", backend)(x, kh, kw, sh, sw, ph, pw)
    c = rng.standard_normal(cols.shape)
    back = kernel("conv.col2im", backend)(c, x.shape, kh, kw, sh, sw, ph, pw)
    np.testing.assert_allclose(np.sum(cols * c), np.sum(x * back), rtol=1e-10)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_im2col_gives_the_convolution(backend):
    """W2 @ im2col(x)[n].T, with W2 the weight channels last as (C_out, kh*kw*C), equals the convolution written
    as four loops."""
    rng = np.random.default_rng(8)
    N, C, H, W, C_out, k, s, p = 2, 3, 6, 5, 4, 3, 2, 1
    x, weight = rng.standard_normal((N, C, H, W)), rng.standard_normal((C_out, C, k, k))
    OH, OW = conv_out(H, k, s, p), conv_out(W, k, s, p)
    W2 = weight.transpose(0, 2, 3, 1).reshape(C_out, -1)
    out = np.matmul(W2, kernel("conv.im2col", backend)(x, k, k, s, s, p, p).transpose(0, 2, 1))
    out = out.reshape(N, C_out, OH, OW)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    expected = np.zeros((N, C_out, OH, OW))
    for oh in range(OH):
        for ow in range(OW):
            window = xp[:, :, oh * s:oh * s + k, ow * s:ow * s + k]
            expected[:, :, oh, ow] = np.einsum("nchw,ochw->no", window, weight)
    np.testing.assert_allclose(out, expected, rtol=1e-12)


# ---- max pooling -------------------------------------------------------------------------------------------

# (N, H, W, C, kh, kw, sh, sw, ph, pw): images channels last
POOL_CASES = [
    (1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
    (2, 7, 6, 3, 3, 2, 2, 2, 1, 1),
    (4, 8, 8, 1, 2, 2, 2, 2, 0, 0),
    (1, 9, 5, 3, 3, 3, 1, 2, 1, 0),
    (2, 5, 7, 17, 2, 3, 3, 1, 1, 1),
]


@pytest.mark.parametrize("layout", ["C", "strided", "channels-first"])
@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pool_parity(dtype, layout, case):
    """Both twins on images channels last, given contiguous, strided, or as the transposed view of (N, C, H, W)
    memory; the ties are many equal values, where the first maximum must win in both."""
    N, H, W, C, kh, kw, sh, sw, ph, pw = case
    rng = np.random.default_rng(9)
    forward, forward_fast = both("pool.max_pool2d_forward")
    backward, backward_fast = both("pool.max_pool2d_backward")
    if layout == "channels-first":
        x = randn(rng, (N, C, H, W), dtype).transpose(0, 2, 3, 1)
    else:
        x = randn(rng, (N, H, W, C), dtype, layout)
    ties = np.round(x)
    for data in (x, ties):
        out, argmax = forward(data, kh, kw, sh, sw, ph, pw)
        out_fast, argmax_fast = forward_fast(data, kh, kw, sh, sw, ph, pw)
        assert_parity(out, out_fast)
        np.testing.assert_array_equal(argmax, argmax_fast)
        g = randn(rng, out.shape, dtype, "strided" if layout == "strided" else "C")
        assert_parity(backward(g, argmax, H, W), backward_fast(g, argmax, H, W))


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_max_pool_argmax_ignores_padding_and_keeps_nan(backend):
    """Two channels of one image: the first as in the picture, the second its negative (a NaN stays NaN)."""
    plane = np.array([[-np.inf, -np.inf, 1.0], [-np.inf, np.nan, 0.0], [2.0, 3.0, -1.0]])
    x = np.stack([plane, -plane], axis=-1)[None]  # (1, 3, 3, 2)
    out, argmax = kernel("pool.max_pool2d_forward", backend)(x, 2, 2, 2, 2, 1, 1)
    # windows: {x00}, {x01, x02}, {x10, x20}, {x11, x12, x21, x22}
    np.testing.assert_array_equal(out[0, :, :, 0], [[-np.inf, 1.0], [2.0, np.nan]])
    np.testing.assert_array_equal(argmax[0, :, :, 0], [[0, 2], [6, 4]])
    np.testing.assert_array_equal(out[0, :, :, 1], [[np.inf, np.inf], [np.inf, np.nan]])
    np.testing.assert_array_equal(argmax[0, :, :, 1], [[0, 1], [3, 4]])
    dx = kernel("pool.max_pool2d_backward", backend)(np.ones((1, 2, 2, 2)), argmax, 3, 3)
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1, 0, 1], [0, 1, 0], [1, 0, 0]])
    np.testing.assert_array_equal(dx[0, :, :, 1], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


# ---- batch norm --------------------------------------------------------------------------------------------

BN_SHAPES = [(1, 1, 1), (5, 3, 1), (4, 2, 9), (2, 7, 15)]  # (N, C, L)


@pytest.mark.parametrize("layout", ["C", "strided"])
def test_batchnorm_parity(dtype, layout):
    rng = np.random.default_rng(10)
    stats, stats_fast = both("batchnorm.batchnorm_stats")
    forward, forward_fast = both("batchnorm.batchnorm_forward")
    backward, backward_fast = both("batchnorm.batchnorm_backward")
    for shape in BN_SHAPES:
        C = shape[1]
        x = 2 + 3 * randn(rng, shape, dtype, layout)
        mean, var = stats(x)
        for want, got in zip((mean, var), stats_fast(x)):
            assert_parity(want, got)
        invstd = (1 / np.sqrt(var + 1e-5)).astype(dtype)
        gamma, beta = randn(rng, (C,), dtype, layout), randn(rng, (C,), dtype)
        assert_parity(forward(x, mean, invstd, gamma, beta), forward_fast(x, mean, invstd, gamma, beta))
        g = randn(rng, shape, dtype, layout)
        for training in (True, False):
            for want, got in zip(backward(g, x, mean, invstd, gamma, training),
                                 backward_fast(g, x, mean, invstd, gamma, training)):
                assert_parity(want, got)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_batchnorm_stats_are_per_channel_and_biased(backend):
    rng = np.random.default_rng(11)
    x = rng.standard_normal((6, 3, 4)) * [[[1.0], [2.0], [3.0]]] + 1e4  # big offset: two-pass variance
    mean, var = kernel("batchnorm.batchnorm_stats", backend)(x)
    np.testing.assert_allclose(mean, x.mean(axis=(0, 2)), rtol=1e-12)
    np.testing.assert_allclose(var, x.transpose(1, 0, 2).reshape(3, -1).var(axis=1), rtol=1e-9)


# ---- dropout -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["C", "strided"])
@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 1.0])
def test_dropout_parity(dtype, layout, p):
    rng = np.random.default_rng(12)
    forward, forward_fast = both("dropout.dropout_forward")
    for shape in [(1,), (3, 1, 5), (17, 33)]:
        x = randn(rng, shape, dtype, layout)
        u = rng.random(shape)  # float64 whatever x's dtype, as F.dropout draws it
        for want, got in zip(forward(x, u, p), forward_fast(x, u, p)):
            assert_parity(want, got)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_dropout_mask_keeps_one_minus_p_and_rescales(backend):
    rng = np.random.default_rng(13)
    x = np.ones((200, 500), np.float32)
    y, mask = kernel("dropout.dropout_forward", backend)(x, rng.random(x.shape), 0.25)
    assert y.dtype == np.float32 and set(np.unique(mask)) == {0.0, np.float32(1 / 0.75)}
    assert abs((mask > 0).mean() - 0.75) < 0.01
    assert abs(y.mean() - 1.0) < 0.02
