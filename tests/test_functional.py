"""minigrad.functional: every op's forward against a NumPy formula, its backward against central differences
(gradcheck, float64) on both kernel backends, float32 kept end to end, stability at extreme inputs, and the
error messages for bad input. The ``backend`` fixture (conftest.py) runs a test once per backend."""
import numpy as np
import pytest

from minigrad import Value, gradcheck
from minigrad import functional as F

ACTIVATIONS = {
    None: lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.1 * z),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
}


def param(rng, *shape, scale=1.0, dtype=np.float64):
    return Value((scale * rng.standard_normal(shape)).astype(dtype))


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_conv2d(x, w, b, s, p):
    N, _, H, W = x.shape
    C_out, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    OH, OW = (H + 2 * p - kh) // s + 1, (W + 2 * p - kw) // s + 1
    out = np.zeros((N, C_out, OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = np.einsum("nchw,ochw->no", xp[:, :, i * s:i * s + kh, j * s:j * s + kw], w)
    return out + b[:, None, None]


def np_conv_transpose2d(x, w, b, s, p, op):
    """Each input pixel adds x[n, c, h, w] * W[c] into the output window at (h s - p, w s - p)."""
    N, _, H, W = x.shape
    _, C_out, kh, kw = w.shape
    full = np.zeros((N, C_out, (H - 1) * s + kh + op, (W - 1) * s + kw + op))
    for h in range(H):
        for v in range(W):
            full[:, :, h * s:h * s + kh, v * s:v * s + kw] += np.einsum("nc,cokl->nokl", x[:, :, h, v], w)
    H_out, W_out = (H - 1) * s - 2 * p + kh + op, (W - 1) * s - 2 * p + kw + op
    return full[:, :, p:p + H_out, p:p + W_out] + b[:, None, None]


# ---- linear and embedding ----------------------------------------------------------------------------------

@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_linear_forward_and_gradcheck(backend, activation):
    rng = np.random.default_rng(0)
    x, W, b = param(rng, 5, 4), param(rng, 3, 4), param(rng, 3)
    out = F.linear(x, W, b, activation=activation, negative_slope=0.1)
    np.testing.assert_allclose(out.data, ACTIVATIONS[activation](x.data @ W.data.T + b.data), rtol=1e-12)
    assert gradcheck(lambda x, W, b: F.linear(x, W, b, activation, 0.1), x, W, b)


def test_linear_without_bias_and_with_leading_axes(backend):
    rng = np.random.default_rng(1)
    x, W = param(rng, 2, 3, 4), param(rng, 5, 4)
    out = F.linear(x, W, activation="tanh")
    assert out.shape == (2, 3, 5)
    np.testing.assert_allclose(out.data, np.tanh(x.data @ W.data.T), rtol=1e-12)
    assert gradcheck(lambda x, W: F.linear(x, W, activation="tanh"), x, W)


def test_linear_constant_input_gets_no_gradient(backend):
    rng = np.random.default_rng(2)
    x, W = rng.standard_normal((4, 3)), param(rng, 2, 3)
    F.linear(x, W, activation="relu").sum().backward()
    np.testing.assert_allclose(W.grad, ((x @ W.data.T > 0).T @ x), rtol=1e-12)


def test_embedding(backend):
    rng = np.random.default_rng(3)
    W = param(rng, 6, 3)
    index = np.array([[0, 5], [2, 0]])
    out = F.embedding(index, W)
    np.testing.assert_array_equal(out.data, W.data[index])
    assert gradcheck(lambda W: F.embedding(index, W), W)
    W.grad = None
    out.backward(np.ones((2, 2, 3)))
    np.testing.assert_array_equal(W.grad[:, 0], [2, 0, 1, 0, 0, 1])  # row 0 used twice: gradients add


# ---- softmax -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_and_log_softmax(backend, axis):
    rng = np.random.default_rng(4)
    x = param(rng, 3, 4, 2, scale=2.0)
    np.testing.assert_allclose(F.softmax(x, axis).data, np_softmax(x.data, axis), rtol=1e-12)
    np.testing.assert_allclose(F.log_softmax(x, axis).data, np.log(np_softmax(x.data, axis)), rtol=1e-12)
    assert gradcheck(lambda x: F.softmax(x, axis), x)
    assert gradcheck(lambda x: F.log_softmax(x, axis), x)


def test_softmax_is_finite_at_huge_scores(backend):
    x = Value(np.array([[1e4, -1e4, 0.0]]))
    out = F.log_softmax(x)
    out.backward(np.ones((1, 3)))
    assert np.all(np.isfinite(out.data)) and np.all(np.isfinite(x.grad))
    np.testing.assert_allclose(F.softmax(x).data, [[1, 0, 0]])


# ---- convolution and pooling -------------------------------------------------------------------------------

@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), (1, 2)])
def test_conv2d_forward_and_gradcheck(backend, stride, padding):
    rng = np.random.default_rng(5)
    x, W, b = param(rng, 2, 3, 5, 6), param(rng, 4, 3, 3, 2), param(rng, 4)
    out = F.conv2d(x, W, b, stride=stride, padding=padding)
    np.testing.assert_allclose(out.data, np_conv2d(x.data, W.data, b.data, stride, padding), rtol=1e-10)
    assert gradcheck(lambda x, W, b: F.conv2d(x, W, b, stride=stride, padding=padding), x, W, b)


def test_conv2d_square_kernel_matches_loops(backend):
    rng = np.random.default_rng(6)
    x, W, b = param(rng, 2, 1, 7, 7), param(rng, 3, 1, 4, 4), param(rng, 3)
    out = F.conv2d(x, W, b, stride=2, padding=1)
    assert out.shape == (2, 3, 3, 3)
    np.testing.assert_allclose(out.data, np_conv2d(x.data, W.data, b.data, 2, 1), rtol=1e-10)


@pytest.mark.parametrize("stride, padding, output_padding", [(1, 0, 0), (2, 1, 0), (2, 1, 1), (3, 0, 2)])
def test_conv_transpose2d_forward_and_gradcheck(backend, stride, padding, output_padding):
    rng = np.random.default_rng(7)
    x, W, b = param(rng, 2, 3, 3, 4), param(rng, 3, 2, 3, 3), param(rng, 2)
    out = F.conv_transpose2d(x, W, b, stride=stride, padding=padding, output_padding=output_padding)
    np.testing.assert_allclose(out.data, np_conv_transpose2d(x.data, W.data, b.data, stride, padding,
                                                             output_padding), rtol=1e-10)
    assert gradcheck(lambda x, W, b: F.conv_transpose2d(x, W, b, stride, padding, output_padding), x, W, b)


def test_conv_transpose2d_upsamples_like_dcgan(backend):
    rng = np.random.default_rng(8)
    x, W = param(rng, 2, 8, 7, 7), param(rng, 8, 4, 4, 4)
    assert F.conv_transpose2d(x, W, stride=2, padding=1).shape == (2, 4, 14, 14)


def test_conv_transpose2d_is_the_input_gradient_of_conv2d(backend):
    """<conv2d(x, W), y> = <x, conv_transpose2d(y, W)>: the same weights, read the other way."""
    rng = np.random.default_rng(9)
    x, W = rng.standard_normal((2, 3, 8, 8)), rng.standard_normal((5, 3, 4, 4))
    y = F.conv2d(x, W, stride=2, padding=1).data
    g = rng.standard_normal(y.shape)
    back = F.conv_transpose2d(g, W, stride=2, padding=1).data
    np.testing.assert_allclose(np.sum(y * g), np.sum(x * back), rtol=1e-10)


@pytest.mark.parametrize("kernel_size, stride, padding", [(2, None, 0), (3, 2, 1), ((2, 3), (1, 2), (1, 0))])
def test_max_pool2d(backend, kernel_size, stride, padding):
    rng = np.random.default_rng(10)
    x = param(rng, 2, 3, 6, 7)
    out = F.max_pool2d(x, kernel_size, stride, padding)
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    sh, sw = (kh, kw) if stride is None else (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    xp = np.pad(x.data, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=-np.inf)
    expected = np.array([[[[xp[n, c, i * sh:i * sh + kh, j * sw:j * sw + kw].max()
                            for j in range(out.shape[3])] for i in range(out.shape[2])]
                          for c in range(3)] for n in range(2)])
    np.testing.assert_array_equal(out.data, expected)
    assert gradcheck(lambda x: F.max_pool2d(x, kernel_size, stride, padding), x)


def test_max_pool2d_sends_gradient_to_the_argmax_only(backend):
    x = Value(np.array([[[[1.0, 5.0], [3.0, 2.0]]]]))
    F.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad, [[[[0, 1], [0, 0]]]])


# ---- batch norm and dropout --------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (3, 2, 4, 3)])
def test_batch_norm_training(backend, shape):
    rng = np.random.default_rng(11)
    x, gamma, beta = param(rng, *shape, scale=2.0), param(rng, shape[1]), param(rng, shape[1])
    x.data += 1.5
    running_mean, running_var = np.zeros(shape[1]), np.ones(shape[1])
    out = F.batch_norm(x, running_mean, running_var, gamma, beta, training=True, momentum=0.1)
    axes = (0,) + tuple(range(2, len(shape)))
    cshape = (1, -1) + (1,) * (len(shape) - 2)
    mean, var = x.data.mean(axis=axes), x.data.var(axis=axes)
    expected = (x.data - mean.reshape(cshape)) / np.sqrt(var.reshape(cshape) + 1e-5) * gamma.data.reshape(cshape) \
        + beta.data.reshape(cshape)
    np.testing.assert_allclose(out.data, expected, rtol=1e-10, atol=1e-12)
    M = x.size // shape[1]
    np.testing.assert_allclose(running_mean, 0.1 * mean, rtol=1e-12)
    np.testing.assert_allclose(running_var, 0.9 + 0.1 * var * M / (M - 1), rtol=1e-12)
    assert gradcheck(lambda x, g, b: F.batch_norm(x, np.zeros(shape[1]), np.ones(shape[1]), g, b, training=True),
                     x, gamma, beta)


def test_batch_norm_eval_uses_running_statistics(backend):
    rng = np.random.default_rng(12)
    x, gamma, beta = param(rng, 5, 3, 2, 2), param(rng, 3), param(rng, 3)
    running_mean, running_var = rng.standard_normal(3), rng.random(3) + 0.5
    out = F.batch_norm(x, running_mean, running_var, gamma, beta, training=False, eps=1e-3)
    c = (1, 3, 1, 1)
    expected = (x.data - running_mean.reshape(c)) / np.sqrt(running_var.reshape(c) + 1e-3) * gamma.data.reshape(c) \
        + beta.data.reshape(c)
    np.testing.assert_allclose(out.data, expected, rtol=1e-10)
    assert gradcheck(lambda x, g, b: F.batch_norm(x, running_mean, running_var, g, b, eps=1e-3), x, gamma, beta)


def test_batch_norm_without_affine_or_running_stats(backend):
    rng = np.random.default_rng(13)
    x = param(rng, 8, 2)
    out = F.batch_norm(x, None, None)
    np.testing.assert_allclose(out.data.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.data.var(axis=0), 1, rtol=1e-4)
    assert gradcheck(lambda x: F.batch_norm(x, None, None), x)


def test_dropout(backend):
    rng = np.random.default_rng(14)
    x = param(rng, 40, 50)
    out = F.dropout(x, 0.3, rng=np.random.default_rng(0))
    kept = out.data != 0
    np.testing.assert_allclose(out.data[kept], x.data[kept] / 0.7, rtol=1e-12)
    assert abs(kept.mean() - 0.7) < 0.05
    out.backward(np.ones(x.shape))
    np.testing.assert_allclose(x.grad, kept / 0.7, rtol=1e-12)
    small = param(rng, 3, 4)
    assert gradcheck(lambda x: F.dropout(x, 0.5, rng=np.random.default_rng(1)), small)
    assert F.dropout(x, 0.3, training=False) is x
    assert not np.any(F.dropout(x, 1.0, rng=rng).data)


def test_dropout_same_seed_same_mask(backend):
    x = np.ones((10, 10), np.float32)
    a = F.dropout(x, 0.5, rng=np.random.default_rng(3)).data
    b = F.dropout(x, 0.5, rng=np.random.default_rng(3)).data
    np.testing.assert_array_equal(a, b)


# ---- losses ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_labels(backend, reduction):
    rng = np.random.default_rng(15)
    logits, labels = param(rng, 5, 4, scale=2.0), rng.integers(0, 4, 5)
    per_sample = -np.log(np_softmax(logits.data)[np.arange(5), labels])
    expected = {"mean": per_sample.mean(), "sum": per_sample.sum(), "none": per_sample}[reduction]
    np.testing.assert_allclose(F.cross_entropy(logits, labels, reduction).data, expected, rtol=1e-12)
    assert gradcheck(lambda z: F.cross_entropy(z, labels, reduction), logits)


def test_cross_entropy_with_probabilities(backend):
    rng = np.random.default_rng(16)
    logits, target = param(rng, 6, 3), rng.dirichlet(np.ones(3), size=6)
    expected = -(target * np.log(np_softmax(logits.data))).sum(axis=1).mean()
    np.testing.assert_allclose(F.cross_entropy(logits, target).data, expected, rtol=1e-12)
    assert gradcheck(lambda z: F.cross_entropy(z, target), logits)


def test_cross_entropy_is_stable_at_huge_logits(backend):
    logits = Value(np.array([[1e4, -1e4], [-1e4, 1e4]]))
    loss = F.cross_entropy(logits, np.array([1, 1]))
    loss.backward()
    np.testing.assert_allclose(loss.data, 1e4)
    np.testing.assert_allclose(logits.grad, [[0.5, -0.5], [0, 0]])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_after_log_softmax_equals_cross_entropy(backend, reduction):
    rng = np.random.default_rng(17)
    logits, labels = param(rng, 4, 5), rng.integers(0, 5, 4)
    nll = F.nll_loss(F.log_softmax(logits), labels, reduction)
    np.testing.assert_allclose(nll.data, F.cross_entropy(logits, labels, reduction).data, rtol=1e-12)
    assert gradcheck(lambda z: F.nll_loss(z, labels, reduction), logits)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy(backend, reduction):
    rng = np.random.default_rng(18)
    p, t = Value(rng.uniform(0.05, 0.95, (4, 3))), Value(rng.uniform(0, 1, (4, 3)))
    per_entry = -(t.data * np.log(p.data) + (1 - t.data) * np.log(1 - p.data))
    expected = {"mean": per_entry.mean(), "sum": per_entry.sum(), "none": per_entry}[reduction]
    np.testing.assert_allclose(F.binary_cross_entropy(p, t, reduction).data, expected, rtol=1e-12)
    assert gradcheck(lambda p, t: F.binary_cross_entropy(p, t, reduction), p, t)


def test_binary_cross_entropy_is_finite_at_0_and_1(backend):
    p = Value(np.array([0.0, 1.0, 0.0, 1.0]))
    loss = F.binary_cross_entropy(p, np.array([0.0, 1.0, 1.0, 0.0]), reduction="none")
    loss.backward(np.ones(4))
    np.testing.assert_allclose(loss.data, [0, 0, 100, 100])
    assert np.all(np.isfinite(p.grad))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy_with_logits(backend, reduction):
    rng = np.random.default_rng(19)
    z, t = param(rng, 5, 2, scale=3.0), Value(rng.uniform(0, 1, (5, 2)))
    p = 1 / (1 + np.exp(-z.data))
    per_entry = -(t.data * np.log(p) + (1 - t.data) * np.log(1 - p))
    expected = {"mean": per_entry.mean(), "sum": per_entry.sum(), "none": per_entry}[reduction]
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(z, t, reduction).data, expected, rtol=1e-10)
    assert gradcheck(lambda z, t: F.binary_cross_entropy_with_logits(z, t, reduction), z, t)


def test_binary_cross_entropy_with_logits_is_stable(backend):
    z = Value(np.array([1e4, -1e4, 1e4, -1e4]))
    loss = F.binary_cross_entropy_with_logits(z, np.array([1.0, 0.0, 0.0, 1.0]), reduction="none")
    loss.backward(np.ones(4))
    np.testing.assert_allclose(loss.data, [0, 0, 1e4, 1e4])
    np.testing.assert_allclose(z.grad, [0, 0, 1, -1])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss(backend, reduction):
    rng = np.random.default_rng(20)
    pred, target = param(rng, 3, 4), param(rng, 3, 4)
    per_entry = (pred.data - target.data) ** 2
    expected = {"mean": per_entry.mean(), "sum": per_entry.sum(), "none": per_entry}[reduction]
    np.testing.assert_allclose(F.mse_loss(pred, target, reduction).data, expected, rtol=1e-12)
    assert gradcheck(lambda p, t: F.mse_loss(p, t, reduction), pred, target)


def test_losses_accept_scalar_values(backend):
    p = Value(0.25)
    loss = F.mse_loss(p, 1.0)
    loss.backward()
    assert loss.item() == pytest.approx(0.5625) and p.grad == pytest.approx(-1.5)


# ---- float32 stays float32 ---------------------------------------------------------------------------------

def float32_cases(rng):
    def p(*shape):
        return param(rng, *shape, dtype=np.float32)
    labels = rng.integers(0, 3, 4)
    probs = Value(rng.uniform(0.1, 0.9, (4, 3)).astype(np.float32))
    return {
        "linear": (lambda x, W, b: F.linear(x, W, b, "sigmoid"), p(4, 3), p(2, 3), p(2)),
        "embedding": (lambda W: F.embedding(np.array([1, 0, 1]), W), p(2, 3)),
        "softmax": (F.softmax, p(4, 3)),
        "log_softmax": (F.log_softmax, p(4, 3)),
        "conv2d": (lambda x, W, b: F.conv2d(x, W, b, 2, 1), p(2, 3, 5, 5), p(4, 3, 3, 3), p(4)),
        "conv_transpose2d": (lambda x, W, b: F.conv_transpose2d(x, W, b, 2, 1, 1), p(2, 3, 3, 3), p(3, 2, 3, 3),
                             p(2)),
        "max_pool2d": (lambda x: F.max_pool2d(x, 2), p(2, 3, 4, 4)),
        "batch_norm": (lambda x, g, b: F.batch_norm(x, np.zeros(3, np.float32), np.ones(3, np.float32), g, b,
                                                    training=True), p(4, 3, 2), p(3), p(3)),
        "dropout": (lambda x: F.dropout(x, 0.5, rng=np.random.default_rng(0)), p(4, 3)),
        "cross_entropy": (lambda z: F.cross_entropy(z, labels), p(4, 3)),
        "nll_loss": (lambda z: F.nll_loss(z, labels), p(4, 3)),
        "binary_cross_entropy": (lambda q: F.binary_cross_entropy(q, np.ones((4, 3))), probs),
        "binary_cross_entropy_with_logits": (lambda z: F.binary_cross_entropy_with_logits(z, np.ones((4, 3))),
                                             p(4, 3)),
        "mse_loss": (lambda a: F.mse_loss(a, np.zeros((4, 3))), p(4, 3)),
    }


@pytest.mark.parametrize("name", list(float32_cases(np.random.default_rng(0))))
def test_float32_in_float32_out(backend, name):
    fn, *inputs = float32_cases(np.random.default_rng(21))[name]
    out = fn(*inputs)
    assert out.dtype == np.float32, out.dtype
    out.backward(np.ones(out.shape, np.float32))
    for value in inputs:
        assert value.grad.dtype == np.float32 and np.all(np.isfinite(value.grad))
    reference = fn(*[Value(v.data.astype(np.float64)) for v in inputs])
    np.testing.assert_allclose(out.data, reference.data, rtol=1e-4, atol=1e-5)


# ---- bad input: errors that name the op, the argument and the fix ------------------------------------------

def test_linear_shape_mismatch():
    with pytest.raises(ValueError, match=r"linear: input x of shape \(4, 3\) does not fit weight of shape \(2, 5\)"
                                         r".*in_features = 5"):
        F.linear(np.ones((4, 3)), Value(np.ones((2, 5))))
    with pytest.raises(ValueError, match=r"linear: bias must have shape \(out_features,\) = \(2,\), got \(3,\)"):
        F.linear(np.ones((4, 5)), Value(np.ones((2, 5))), Value(np.ones(3)))
    with pytest.raises(ValueError, match=r"linear: weight must have shape \(out_features, in_features\)"):
        F.linear(np.ones((4, 5)), Value(np.ones(5)))


def test_linear_bad_activation():
    with pytest.raises(ValueError, match=r"linear: unknown activation 'softmax'"):
        F.linear(np.ones((1, 2)), Value(np.ones((1, 2))), activation="softmax")
    with pytest.raises(ValueError, match=r"linear: negative_slope=-0.5 must be >= 0"):
        F.linear(np.ones((1, 2)), Value(np.ones((1, 2))), activation="leaky_relu", negative_slope=-0.5)


def test_conv_wrong_rank():
    with pytest.raises(ValueError, match=r"conv2d: input x must have shape \(N, C_in, H, W\), got \(3, 5, 5\)"):
        F.conv2d(np.ones((3, 5, 5)), Value(np.ones((2, 3, 3, 3))))
    with pytest.raises(ValueError, match=r"conv2d: weight must have shape \(C_out, C_in, kh, kw\), got \(2, 9\)"):
        F.conv2d(np.ones((1, 3, 5, 5)), Value(np.ones((2, 9))))
    with pytest.raises(ValueError, match=r"conv_transpose2d: input x must have shape \(N, C_in, H, W\)"):
        F.conv_transpose2d(np.ones((5, 5)), Value(np.ones((2, 3, 3, 3))))


def test_conv_wrong_channel_count():
    with pytest.raises(ValueError, match=r"conv2d: input x of shape \(1, 3, 5, 5\) has C_in = 3 channels, but "
                                         r"weight of shape \(2, 1, 3, 3\) .*expects C_in = 1"):
        F.conv2d(np.ones((1, 3, 5, 5)), Value(np.ones((2, 1, 3, 3))))
    with pytest.raises(ValueError, match=r"conv_transpose2d: input x of shape \(1, 4, 5, 5\) has C_in = 4 "
                                         r"channels, but weight of shape \(2, 3, 3, 3\) \(layout \(C_in, C_out, kh, "
                                         r"kw\)\) expects C_in = 2"):
        F.conv_transpose2d(np.ones((1, 4, 5, 5)), Value(np.ones((2, 3, 3, 3))))
    with pytest.raises(ValueError, match=r"conv2d: bias must have shape \(C_out,\) = \(2,\), got \(3,\)"):
        F.conv2d(np.ones((1, 1, 5, 5)), Value(np.ones((2, 1, 3, 3))), Value(np.ones(3)))


def test_conv_bad_geometry():
    with pytest.raises(ValueError, match=r"conv2d: the 5x5 kernel does not fit the 3x3 input"):
        F.conv2d(np.ones((1, 1, 3, 3)), Value(np.ones((1, 1, 5, 5))))
    with pytest.raises(ValueError, match=r"conv2d: stride must be an int >= 1 or a pair of them, got 0"):
        F.conv2d(np.ones((1, 1, 3, 3)), Value(np.ones((1, 1, 2, 2))), stride=0)
    with pytest.raises(ValueError, match=r"conv_transpose2d: output_padding \(2, 2\) must be smaller than stride"):
        F.conv_transpose2d(np.ones((1, 1, 3, 3)), Value(np.ones((1, 1, 2, 2))), stride=2, output_padding=2)
    with pytest.raises(ValueError, match=r"max_pool2d: padding \(2, 2\) must be at most half the kernel size"):
        F.max_pool2d(np.ones((1, 1, 4, 4)), 2, padding=2)
    with pytest.raises(ValueError, match=r"max_pool2d: input x must have shape \(N, C, H, W\) or \(C, H, W\)"):
        F.max_pool2d(np.ones((4, 4)), 2)


def test_labels_out_of_range():
    logits = Value(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"cross_entropy: labels must lie in \[0, 3\] \(the number of classes C = "
                                         r"4\), got values from 0 to 4"):
        F.cross_entropy(logits, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"nll_loss: labels must lie in \[0, 3\].*from -1 to 2"):
        F.nll_loss(logits, np.array([-1, 2, 1]))
    with pytest.raises(ValueError, match=r"embedding: indices must lie in \[0, 1\] \(num_embeddings = 2\)"):
        F.embedding(np.array([0, 2]), Value(np.zeros((2, 3))))


def test_float_labels_are_rejected():
    logits = Value(np.zeros((3, 4)))
    with pytest.raises(TypeError, match=r"cross_entropy: target of shape \(3,\) has dtype float64, but class labels "
                                        r"must be integers .*astype\(np.int64\).*probabilities"):
        F.cross_entropy(logits, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(TypeError, match=r"nll_loss: target of shape \(3,\) has dtype float32"):
        F.nll_loss(logits, np.array([0, 1, 2], np.float32))
    with pytest.raises(TypeError, match=r"embedding: indices must be integers, got dtype float64"):
        F.embedding(np.array([0.0]), Value(np.zeros((2, 3))))


def test_loss_shape_errors():
    with pytest.raises(ValueError, match=r"cross_entropy: target of shape \(2,\) must hold one label per row of the "
                                         r"input of shape \(3, 4\)"):
        F.cross_entropy(Value(np.zeros((3, 4))), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"cross_entropy: target of shape \(1,\) must hold one label per position "
                                         r"of the input \(4,\), i.e. have shape \(\)"):
        F.cross_entropy(Value(np.zeros(4)), np.array([0]))  # logits (C,) take one label, as in PyTorch
    with pytest.raises(ValueError, match=r"cross_entropy: probability targets of shape \(3, 2\) must match"):
        F.cross_entropy(Value(np.zeros((3, 4))), np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match=r"mse_loss: input of shape \(4, 1\) and target of shape \(4,\) differ"):
        F.mse_loss(Value(np.zeros((4, 1))), np.zeros(4))
    with pytest.raises(ValueError, match=r"mse_loss: reduction must be one of \('mean', 'sum', 'none'\), got 'avg'"):
        F.mse_loss(Value(np.zeros(4)), np.zeros(4), reduction="avg")


def test_binary_cross_entropy_needs_probabilities():
    with pytest.raises(ValueError, match=r"binary_cross_entropy: p must hold probabilities in \[0, 1\], got values "
                                         r"in \[-0.5, 2\].*binary_cross_entropy_with_logits"):
        F.binary_cross_entropy(Value(np.array([-0.5, 2.0])), np.array([0.0, 1.0]))


def test_batch_norm_and_dropout_errors():
    with pytest.raises(ValueError, match=r"batch_norm: running_mean must have shape \(C,\) = \(3,\) for input of "
                                         r"shape \(4, 3\), got \(2,\)"):
        F.batch_norm(Value(np.zeros((4, 3))), np.zeros(2), np.ones(3))
    with pytest.raises(ValueError, match=r"batch_norm: training needs more than one value per channel"):
        F.batch_norm(Value(np.zeros((1, 3))), np.zeros(3), np.ones(3), training=True)
    with pytest.raises(ValueError, match=r"dropout: p .* must lie in \[0, 1\], got 1.5"):
        F.dropout(Value(np.zeros(3)), 1.5)
    with pytest.raises(np.exceptions.AxisError, match=r"softmax: axis 2 is out of range for a tensor of shape \(3,\)"):
        F.softmax(Value(np.zeros(3)), axis=2)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2), ()])
def test_one_softmax_for_every_axis_and_dtype(backend, dtype, axis):
    """Value.softmax is F.softmax (one row kernel): any axis or tuple of axes, 0-d tensors, and float16 (computed
    in float32 and rounded back, as PyTorch does on the CPU); the gradient matches PyTorch's."""
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype(dtype)
    dims = tuple(range(3)) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    for name, ours in [("softmax", lambda v: v.softmax(axis)), ("log_softmax", lambda v: F.log_softmax(v, axis))]:
        v = Value(x, requires_grad=True)
        out = ours(v)
        assert out.op == name and out.dtype == dtype
        g = np.random.default_rng(1).normal(size=x.shape).astype(dtype)
        out.backward(g)
        t = torch.tensor(x.astype(np.float64), requires_grad=True)
        shifted = t - torch.logsumexp(t, dim=dims, keepdim=True) if dims else t - t
        expected = shifted if name == "log_softmax" else shifted.exp()
        expected.backward(torch.tensor(g.astype(np.float64)))
        tol = 2e-3 if dtype == np.float16 else 1e-5
        np.testing.assert_allclose(out.data.astype(np.float64), expected.detach().numpy(), rtol=tol, atol=tol)
        np.testing.assert_allclose(v.grad.astype(np.float64), t.grad.numpy(), rtol=tol, atol=10 * tol)
    assert float(Value(3.0).softmax().data) == 1.0 and float(F.log_softmax(Value(3.0)).data) == 0.0
