"""The convolution's fast path: im2col's channels-last rows, and conv2d with its activation fused (the linear
layer's kernels applied to every window), on both kernel backends, against the unfused ops and PyTorch."""
import numpy as np
import pytest

from minigrad import F, Value, gradcheck, gradgradcheck, nn
from minigrad.kernels import kernel

ACTIVATIONS = ["relu", "leaky_relu", "sigmoid", "tanh"]


def separate(z, activation):
    return z.leaky_relu(0.2) if activation == "leaky_relu" else getattr(z, activation)()


def test_im2col_rows_are_the_windows_channels_last(backend):
    """cols[n, oh*OW + ow, (i*kw + j)*C + c] = x[n, c, oh*s + i - p, ow*s + j - p], 0 in the padding."""
    rng = np.random.default_rng(0)
    N, C, H, W, k, s, p = 2, 3, 6, 5, 3, 2, 1
    x = rng.standard_normal((N, C, H, W)).astype(np.float32)
    cols = kernel("conv.im2col")(x, k, k, s, s, p, p)
    OH, OW = (H + 2 * p - k) // s + 1, (W + 2 * p - k) // s + 1
    assert cols.shape == (N, OH * OW, k * k * C) and cols.dtype == np.float32
    for n, oh, ow, i, j, c in [(0, 0, 0, 0, 0, 0), (1, 2, 1, 1, 2, 2), (0, 1, 2, 2, 0, 1), (1, 0, 2, 0, 1, 2)]:
        r, q = oh * s + i - p, ow * s + j - p
        inside = 0 <= r < H and 0 <= q < W
        assert cols[n, oh * OW + ow, (i * k + j) * C + c] == (x[n, c, r, q] if inside else 0.0)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_fused_activation_equals_the_separate_op(backend, activation):
    """conv2d(..., activation=a) gives a(conv2d(...)) and the same gradients for x, W and b, in float32."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4, 9, 8)).astype(np.float32)
    w = rng.standard_normal((5, 4, 3, 3)).astype(np.float32) * 0.3
    b = rng.standard_normal(5).astype(np.float32)
    g = rng.standard_normal((3, 5, 5, 4)).astype(np.float32)
    results = []
    for fused in (True, False):
        X, Wt, B = Value(x), Value(w), Value(b)
        if fused:
            y = F.conv2d(X, Wt, B, stride=2, padding=1, activation=activation, negative_slope=0.2)
        else:
            y = separate(F.conv2d(X, Wt, B, stride=2, padding=1), activation)
        y.backward(g)
        results.append([y.data, X.grad, Wt.grad, B.grad])
    for fused, unfused in zip(*results):
        assert fused.dtype == np.float32
        np.testing.assert_allclose(fused, unfused, rtol=1e-5, atol=1e-5)


def test_fused_conv_matches_pytorch(backend):
    """A strided, padded conv + leaky_relu with float32 weights: output and all three gradients as PyTorch's."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 6, 14, 14)).astype(np.float32)
    w = rng.standard_normal((8, 6, 4, 4)).astype(np.float32) * 0.2
    b = rng.standard_normal(8).astype(np.float32)
    X, Wt, B = Value(x), Value(w), Value(b)
    y = F.conv2d(X, Wt, B, stride=2, padding=1, activation="leaky_relu", negative_slope=0.2)
    (y * y).sum().backward()
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = torch.nn.functional.leaky_relu(torch.nn.functional.conv2d(tx, tw, tb, stride=2, padding=1), 0.2)
    (ty * ty).sum().backward()
    for ours, theirs in [(y.data, ty), (X.grad, tx.grad), (Wt.grad, tw.grad), (B.grad, tb.grad)]:
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-4, atol=1e-4)


def channels_last(array):
    """True when (N, C, H, W) data lies in memory as (N, H, W, C): a transposed view of channels-last rows."""
    return array.transpose(0, 2, 3, 1).flags.c_contiguous


def test_conv_pool_conv_stays_channels_last_and_matches_pytorch(backend):
    """conv2d returns its rows as a channels-last view; max pooling and the next conv2d take that view as it is
    (no copy to channels first) and give PyTorch's values and gradients, also through a ceil_mode pool whose
    padding makes a channels-first copy, and through an ordinary (N, C, H, W) input."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 2, 12, 11))
    w1, b1 = rng.standard_normal((5, 2, 3, 3)) * 0.4, rng.standard_normal(5)
    w2 = rng.standard_normal((4, 5, 2, 2)) * 0.4
    values = [Value(a) for a in (x, w1, b1, w2)]
    X, W1, B1, W2 = values
    h = F.conv2d(X, W1, B1, padding=1, activation="relu")
    pooled = F.max_pool2d(h, 2)
    out = F.max_pool2d(F.conv2d(pooled, W2), 2, ceil_mode=True)
    assert channels_last(h.data) and channels_last(pooled.data) and not h.data.flags.c_contiguous
    r = rng.standard_normal(out.shape)
    (out * r).sum().backward()
    tensors = [torch.tensor(a, requires_grad=True) for a in (x, w1, b1, w2)]
    tx, tw1, tb1, tw2 = tensors
    th = torch.relu(torch.nn.functional.conv2d(tx, tw1, tb1, padding=1))
    tout = torch.nn.functional.max_pool2d(torch.nn.functional.conv2d(torch.nn.functional.max_pool2d(th, 2), tw2), 2,
                                          ceil_mode=True)
    (tout * torch.tensor(r)).sum().backward()
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    for ours, theirs in zip(values, tensors):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_activation_after_conv_keeps_channels_last(backend, activation):
    """An activation applied to a conv2d's channels-last output keeps that layout, with the values of the same
    activation on a channels-first copy; the Numba twins run in that memory order, so the input's gradient is
    channels last too (NumPy's reference lays it out as the upstream gradient)."""
    rng = np.random.default_rng(5)
    h = F.conv2d(Value(rng.standard_normal((2, 3, 6, 7))), Value(rng.standard_normal((4, 3, 3, 3))))
    assert channels_last(h.data)
    y = separate(h, activation)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    twin = Value(np.ascontiguousarray(h.data))
    y_twin = separate(twin, activation)
    y_twin.backward(g)
    assert channels_last(y.data) and (backend == "numpy" or channels_last(h.grad))
    np.testing.assert_array_equal(y.data, y_twin.data)
    np.testing.assert_array_equal(h.grad, twin.grad)


@pytest.mark.parametrize("activation", ["tanh", "leaky_relu"])
def test_fused_conv_gradients_first_and_second_order(backend, activation):
    rng = np.random.default_rng(3)
    x = Value(rng.standard_normal((2, 2, 5, 5)))
    w = Value(rng.standard_normal((3, 2, 3, 3)) * 0.5)
    b = Value(rng.standard_normal(3))

    def fn(x, w, b):
        return (F.conv2d(x, w, b, padding=1, activation=activation, negative_slope=0.1) ** 2).sum()
    assert gradcheck(fn, x, w, b)
    assert gradgradcheck(fn, x, w, b)


def test_conv2d_refuses_an_unknown_activation():
    x, w = np.zeros((1, 1, 4, 4)), np.zeros((2, 1, 3, 3))
    with pytest.raises(ValueError, match=r"conv2d: unknown activation 'softmax'; choose one of"):
        F.conv2d(x, w, activation="softmax")
    with pytest.raises(ValueError, match=r"conv2d: negative_slope=-0.5 must be >= 0"):
        F.conv2d(x, w, activation="leaky_relu", negative_slope=-0.5)
    with pytest.raises(ValueError, match=r"Conv2d: unknown activation 'gelu'"):
        nn.Conv2d(1, 2, 3, activation="gelu")


def test_conv2d_layer_with_activation():
    """nn.Conv2d(..., activation='relu') is Keras's Conv2D(..., activation='relu'): relu of the plain layer."""
    layer = nn.Conv2d(1, 4, 3, activation="relu")
    assert "activation='relu'" in repr(layer)
    plain = nn.Conv2d(1, 4, 3)
    plain.weight.data, plain.bias.data = layer.weight.data.copy(), layer.bias.data.copy()
    x = np.random.default_rng(4).standard_normal((2, 1, 6, 6)).astype(np.float32)
    out = layer(x).data
    np.testing.assert_allclose(out, np.maximum(plain(x).data, 0), rtol=1e-6, atol=1e-6)
    assert (out == 0).any() and (out > 0).any()
