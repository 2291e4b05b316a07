"""F: the layers and losses of a neural network as graph ops (PyTorch's ``torch.nn.functional``).

Each op here is one node of the graph, built like the engine's ops: compute the output with a kernel (see
``minigrad.kernels``) and record it with ``fused_op``, whose rule returns each input's gradient from the kernels.
One node per layer, instead of one per add and multiply, is what makes real networks fast. Each op also names
its ``composite``: the same function written with the engine's ops. Gradients of gradients (create_graph=True)
differentiate the composite, so every op here has second derivatives without a second set of kernels.
A raw ndarray argument is a constant: no gradient is computed for it.

In lecture order: a layer of neurons (linear, embedding), softmax, convolution and pooling, batch norm and
dropout, then the losses.
"""
import math

import numpy as np

from .autograd import grad
from .engine import OwnGradients, Value, as_value, concatenate, maximum, record_op, scatter, where
from .tensor_ops import reduction_axes
from .kernels import kernel

ACTIVATIONS = (None, "relu", "leaky_relu", "sigmoid", "tanh")
REDUCTIONS = ("mean", "sum", "none")




def fused_op(data, op, inputs, first_order, composite):
    """Record a fused op. ``first_order(g)`` returns the inputs' gradients as data, from the kernels, for an
    ordinary backward pass; under create_graph=True the rule returns the partial derivatives of
    ``composite(*inputs)`` instead (the op written with engine ops), which are Values that can be differentiated
    again. ``inputs`` are the Values the op depends on; None entries (an absent bias) are left out of the graph,
    and so are the gradients ``first_order`` returns in their places. Those are new arrays of the kernels, each
    held by nothing else (OwnGradients: a leaf keeps them without a copy)."""
    present = tuple([v for v in inputs if v is not None])

    def backward(g, out, *xs):
        if isinstance(g, Value):
            return grad(composite(*xs), xs, grad=g, create_graph=True, partial=True)
        grads = first_order(g)
        return OwnGradients(grads if len(present) == len(inputs) else
                            (d for d, v in zip(grads, inputs) if v is not None))
    return record_op(data, op, present, backward)


# ---- a layer of neurons ------------------------------------------------------------------------------------

def linear(x, weight, bias=None, activation=None, negative_slope=0.01):
    """A layer of neurons: out = act(x @ W.T + b), with W of shape (out_features, in_features).

    ``activation`` (None, 'relu', 'leaky_relu', 'sigmoid', 'tanh') runs fused with the bias add.
    Backward, with dz = g * act'(z):  dx = dz @ W,  dW = dz.T @ x,  db = sum of dz over the batch.
    x may have any number of leading (batch) axes.
    """
    x, weight = as_value(x), as_value(weight)
    bias = None if bias is None else as_value(bias)
    _check_activation("linear", activation, negative_slope)
    if weight.ndim != 2:
        raise ValueError(f"linear: weight must have shape (out_features, in_features), got shape {weight.shape}.")
    out_features, in_features = weight.shape
    shape = x.shape
    if not shape or shape[-1] != in_features:
        raise ValueError(f"linear: input x of shape {shape} does not fit weight of shape {weight.shape}: the "
                         f"last axis of x must have in_features = {in_features} entries. Reshape x, or use a "
                         f"weight of shape ({out_features}, {shape[-1] if shape else 1}).")
    if bias is not None and bias.shape != (out_features,):
        raise ValueError(f"linear: bias must have shape (out_features,) = ({out_features},), got {bias.shape}.")
    x2 = x.data.reshape(-1, in_features)
    b = None if bias is None else bias.data
    y2 = kernel("linear.linear_forward")(x2, weight.data, b, activation, negative_slope)

    needs = (x.requires_grad, weight.requires_grad, bias is not None and bias.requires_grad)
    W = weight.data

    def first_order(g):
        dx, dW, db = kernel("linear.linear_backward")(g.reshape(y2.shape), x2, W, y2, activation, negative_slope,
                                                      needs)
        return (None if dx is None else dx.reshape(shape), dW, db)

    def composite(x, weight, bias=None):
        z = x @ weight.T if bias is None else x @ weight.T + bias
        return z if activation is None else (z.leaky_relu(negative_slope) if activation == "leaky_relu"
                                             else getattr(z, activation)())
    return fused_op(y2.reshape(shape[:-1] + (out_features,)), "linear", (x, weight, bias), first_order, composite)


def embedding(indices, weight):
    """A lookup table: out[..., :] = W[index]. It is a linear layer without bias applied to one-hot vectors.

    Backward: each row of out.grad is added into the row of W it came from (repeated indices add up).
    """
    weight = as_value(weight)
    if weight.ndim != 2:
        raise ValueError(f"embedding: weight must have shape (num_embeddings, embedding_dim), got {weight.shape}.")
    index = _integers("embedding", "indices", indices)
    _in_range("embedding", "indices", index, weight.shape[0], "num_embeddings")

    return fused_op(weight.data[index], "embedding", (weight,), lambda g: (scatter(g, index, weight.shape),),
                    lambda weight: weight[index])


# ---- activations: the nonlinearity of a neuron (each is a Value method; the formulas are in its docstring) -----

def relu(x):
    """out = max(x, 0);  dx = g where x > 0"""
    return as_value(x).relu()


def leaky_relu(x, negative_slope=0.01):
    """out = x if x > 0 else a x;  dx = g if x > 0 else a g"""
    return as_value(x).leaky_relu(negative_slope)


def sigmoid(x):
    """out = 1 / (1 + e^-x);  dx = out (1 - out) g"""
    return as_value(x).sigmoid()


def tanh(x):
    """out = tanh x;  dx = (1 - out^2) g"""
    return as_value(x).tanh()


def elu(x, alpha=1.0):
    """out = x if x > 0 else alpha (e^x - 1);  dx = g if x > 0 else alpha e^x g"""
    return as_value(x).elu(alpha)


def selu(x):
    """out = scale * elu(x, alpha), alpha = 1.6733, scale = 1.0507 (self-normalizing)"""
    return as_value(x).selu()


def celu(x, alpha=1.0):
    """out = x if x > 0 else alpha (e^(x/alpha) - 1);  dx = g if x > 0 else e^(x/alpha) g"""
    return as_value(x).celu(alpha)


def gelu(x, approximate="none"):
    """out = x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), or its tanh approximation;  dx = (Phi(x) + x phi(x)) g"""
    return as_value(x).gelu(approximate)


def softplus(x, beta=1.0, threshold=20.0):
    """out = ln(1 + e^(beta x)) / beta (x where beta x > threshold);  dx = sigmoid(beta x) g"""
    return as_value(x).softplus(beta, threshold)


def silu(x):
    """out = x sigmoid(x) (swish);  dx = sigmoid(x) (1 + x (1 - sigmoid(x))) g"""
    return as_value(x).silu()


def mish(x):
    """out = x tanh(softplus(x))"""
    return as_value(x).mish()


def relu6(x):
    """out = min(max(x, 0), 6);  dx = g where 0 < x < 6"""
    return as_value(x).relu6()


def hardtanh(x, min_val=-1.0, max_val=1.0):
    """out = clip(x, min_val, max_val);  dx = g where min_val < x < max_val"""
    return as_value(x).hardtanh(min_val, max_val)


def hardsigmoid(x):
    """out = relu6(x + 3) / 6;  dx = g / 6 where -3 < x < 3"""
    return as_value(x).hardsigmoid()


def hardswish(x):
    """out = x relu6(x + 3) / 6"""
    return as_value(x).hardswish()


def logsigmoid(x):
    """out = ln sigmoid(x) = -softplus(-x);  dx = sigmoid(-x) g"""
    return as_value(x).logsigmoid()


def softsign(x):
    """out = x / (1 + |x|);  dx = g / (1 + |x|)^2"""
    return as_value(x).softsign()


# ---- softmax: scores to probabilities ----------------------------------------------------------------------

def softmax(x, axis=-1):
    """out = e^x / sum(e^x) along ``axis`` (an int, a tuple, or None for all; computed as e^(x - max): no
    overflow);  dx = out * (g - sum(g * out))"""
    return _along_rows("softmax", x, axis, kernel("softmax_xent.softmax"), kernel("softmax_xent.softmax_backward"),
                       lambda x: (x - x.logsumexp(axis, keepdims=True)).exp())


def log_softmax(x, axis=-1):
    """out = x - log(sum(e^x)) along ``axis`` (stable);  dx = g - softmax(x) * sum(g)"""
    return _along_rows("log_softmax", x, axis, kernel("softmax_xent.log_softmax"),
                       kernel("softmax_xent.log_softmax_backward"),
                       lambda x: x - x.logsumexp(axis, keepdims=True))


def _along_rows(name, x, axis, forward, backward, composite):
    """Run a row kernel over ``axis`` (an int, a tuple of axes, or None for all of them): move those axes last,
    flatten them into one row per index of the other axes, and undo both on the way out. A 0-d tensor is one row
    of one entry."""
    x = as_value(x)
    data = np.asarray(x.data)
    dtype = data.dtype.newbyteorder("=") if data.dtype.kind == "f" else np.dtype(np.float64)  # ints: as np.exp
    data = data.astype(np.float32 if dtype == np.float16 else dtype)  # half precision: computed in float32
    axes = reduction_axes(name, data, axis)
    axes = tuple(range(data.ndim)) if axes is None else axes
    last = tuple(range(data.ndim - len(axes), data.ndim))
    moved = np.moveaxis(data, axes, last)
    kept = moved.shape[:data.ndim - len(axes)]
    rows = (math.prod(kept), math.prod(moved.shape[len(kept):]))  # explicit: an empty array has no -1 to infer
    y = forward(moved.reshape(rows)).reshape(moved.shape) if moved.size else moved.copy()

    def first_order(g):
        g = np.moveaxis(np.asarray(g, data.dtype), axes, last).reshape(rows)
        return (np.moveaxis(backward(y.reshape(rows), g).reshape(y.shape), last, axes).astype(dtype),)
    return fused_op(np.moveaxis(y, last, axes).astype(dtype), name, (x,), first_order, composite)


# ---- convolution and pooling: images in (N, C, H, W) layout ------------------------------------------------

def pad(x, pad, mode="constant", value=0.0):
    """PyTorch's F.pad: (left, right) widths for the last axis, then (top, bottom), ...; mode 'constant',
    'reflect', 'replicate' or 'circular'. See ``Value.pad`` for the formulas."""
    return as_value(x).pad(pad, mode, value)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, activation=None, negative_slope=0.01):
    """out[n, o] = act(b[o] + sum over c, i, j of W[o, c, i, j] * x_padded[n, c, oh*s + i*d, ow*s + j*d]).

    x: (N, C_in, H, W), weight: (C_out, C_in / groups, kh, kw);  H_out = (H + p_top + p_bottom - d(kh-1) - 1) // s + 1.
    ``padding``: an int or (ph, pw) (zeros on both sides), 'valid' (none), 'same' (H_out = H at stride 1; an odd
    total puts the extra row on the bottom, as PyTorch), or (left, right, top, bottom) as F.pad takes it (negative
    widths crop). ``dilation`` d spaces the kernel's taps: it is the kernel with d - 1 zeros between its weights.
    ``groups`` splits the channels into independent convolutions (groups = C_in: depthwise), joined on axis 1.
    ``activation`` (None, 'relu', 'leaky_relu', 'sigmoid', 'tanh') runs fused with the bias add, as in linear.

    A convolution is a layer of C_out neurons applied to every window: im2col turns the windows into the rows of
    a matrix, channels last, and the forward is linear's  out = act(cols @ W2.T + b)  (W2 = W as
    (C_out, kh*kw*C_in), channels last too; out has one row per output pixel, viewed as (N, C_out, OH, OW) with
    the channels still last in memory).
    Backward, with dz = out.grad * act'(z) as that (N*OH*OW, C_out) matrix:  dW2 = dz.T @ cols,
    dx = col2im(dz @ W2),  db = sum of dz over its rows.
    """
    x, weight, bias = _conv_args("conv2d", x, weight, bias, "(C_out, C_in, kh, kw)", 1, groups)
    _check_activation("conv2d", activation, negative_slope)
    (dh, dw), (sh, sw) = _pair("conv2d", "dilation", dilation, 1), _pair("conv2d", "stride", stride, 1)
    kh, kw = weight.shape[2:]
    left, right, top, bottom = _conv_padding("conv2d", padding, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), (sh, sw))
    if (dh, dw) != (1, 1):
        weight = scatter(weight, (slice(None), slice(None), slice(None, None, dh), slice(None, None, dw)),
                         weight.shape[:2] + (dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    if left == right >= 0 and top == bottom >= 0:
        ph, pw = top, left
    else:
        x, ph, pw = x.pad((left, right, top, bottom)), 0, 0
    if groups == 1:
        return _conv2d(x, weight, bias, sh, sw, ph, pw, activation, negative_slope)
    c_in, c_out = x.shape[1] // groups, weight.shape[0] // groups
    return concatenate([_conv2d(x[:, k * c_in:(k + 1) * c_in], weight[k * c_out:(k + 1) * c_out],
                                None if bias is None else bias[k * c_out:(k + 1) * c_out], sh, sw, ph, pw,
                                activation, negative_slope)
                        for k in range(groups)], axis=1)


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """The convolution of sequences: out[n, o, t] = b[o] + sum over c, i of W[o, c, i] * x_padded[n, c, t*s + i*d].

    x: (N, C_in, L), weight: (C_out, C_in / groups, k). ``padding``: an int, 'valid', 'same', or (left, right).
    It is conv2d on images one pixel high: x as (N, C_in, 1, L), weight as (C_out, C_in / groups, 1, k).
    """
    x, weight = as_value(x), as_value(weight)
    if x.ndim != 3 or weight.ndim != 3:
        raise ValueError(f"conv1d: input x must have shape (N, C_in, L) and weight (C_out, C_in / groups, k), got "
                         f"{x.shape} and {weight.shape}. For one sequence use x.reshape(1, C, L).")
    if not isinstance(padding, str):
        p = (padding,) if isinstance(padding, (int, np.integer)) else tuple(padding)
        padding = (p[0], p[-1], 0, 0) if len(p) in (1, 2) else p
    s, d = _single("conv1d", "stride", stride), _single("conv1d", "dilation", dilation)
    out = conv2d(x.reshape(x.shape[0], x.shape[1], 1, x.shape[2]), weight.reshape(weight.shape[:2] + (1, -1)), bias,
                 (1, s), padding, (1, d), groups)
    return out.reshape(out.shape[0], out.shape[1], out.shape[3])


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    """The (H_out, W_out) of conv2d on an input of spatial size (H, W), arguments as conv2d takes them:
    H_out = (H + p_top + p_bottom - d (kh - 1) - 1) // s + 1, and W_out alike."""
    (kh, kw), (sh, sw) = _pair("conv2d", "kernel_size", kernel_size, 1), _pair("conv2d", "stride", stride, 1)
    dh, dw = _pair("conv2d", "dilation", dilation, 1)
    left, right, top, bottom = _conv_padding("conv2d", padding, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), (sh, sw))
    H, W = size
    return (H + top + bottom - dh * (kh - 1) - 1) // sh + 1, (W + left + right - dw * (kw - 1) - 1) // sw + 1


def _conv2d(x, weight, bias, sh, sw, ph, pw, activation=None, negative_slope=0.01):
    """conv2d with symmetric padding (ph, pw), as one fused op: im2col, then the linear layer's kernels."""
    N, C, H, W = x.shape
    C_out, _, kh, kw = weight.shape
    OH, OW = _output_size(H, kh, sh, ph), _output_size(W, kw, sw, pw)
    if OH < 1 or OW < 1:
        raise ValueError(f"conv2d: the {kh}x{kw} kernel does not fit the {H}x{W} input with padding ({ph}, {pw}) "
                         "(a dilated kernel counts with its gaps); use a smaller kernel or more padding.")
    cols = kernel("conv.im2col")(x.data, kh, kw, sh, sw, ph, pw).reshape(N * OH * OW, -1)  # (pixels, kh*kw*C)
    W2 = _channels_last(weight.data)  # (C_out, kh*kw*C)
    rows = kernel("linear.linear_forward")(cols, W2, None if bias is None else bias.data, activation, negative_slope)
    needs = (x.requires_grad, weight.requires_grad, bias is not None and bias.requires_grad)
    cols_for_dW = cols if needs[1] else None

    def first_order(g):
        dcols, dW2, db = kernel("linear.linear_backward")(_pixels(g), cols_for_dW, W2, rows, activation,
                                                          negative_slope, needs)
        return (None if dcols is None else kernel("conv.col2im")(dcols, x.shape, kh, kw, sh, sw, ph, pw),
                None if dW2 is None else _channels_first(dW2, weight.shape), db)

    def composite(x, weight, bias=None):
        cols = _windows(x, kh, kw, sh, sw, ph, pw).reshape(N, C * kh * kw, OH * OW)
        z = (weight.reshape(C_out, -1) @ cols).reshape(N, C_out, OH, OW)
        z = z if bias is None else z + bias.reshape(1, -1, 1, 1)
        return z if activation is None else (z.leaky_relu(negative_slope) if activation == "leaky_relu"
                                             else getattr(z, activation)())
    return fused_op(_images(rows, (N, C_out, OH, OW)), "conv2d", (x, weight, bias), first_order, composite)


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0):
    """The transposed convolution: it spreads each input pixel over a kh x kw window of the output (upsampling).

    x: (N, C_in, H, W), weight: (C_in, C_out, kh, kw); H_out = (H - 1) s - 2 p + kh + output_padding.
    Forward = the backward of conv2d:  out = col2im(X @ W2)  (X = x as the (N*H*W, C_in) matrix of its pixels,
    W2 = W as (C_in, kh*kw*C_out), channels last as im2col's rows).
    Backward = conv2d's forward:  gcols = im2col(g),  dX = gcols @ W2.T,  dW2 = X.T @ gcols,  db = sum of g.
    """
    x, weight, bias = _conv_args("conv_transpose2d", x, weight, bias, "(C_in, C_out, kh, kw)", channel_axis=0)
    N, C, H, W = x.shape
    _, C_out, kh, kw = weight.shape
    name = "conv_transpose2d"
    (sh, sw), (ph, pw) = _pair(name, "stride", stride, 1), _pair(name, "padding", padding, 0)
    oph, opw = _pair(name, "output_padding", output_padding, 0)
    if oph >= sh or opw >= sw:
        raise ValueError(f"conv_transpose2d: output_padding ({oph}, {opw}) must be smaller than stride ({sh}, {sw}).")
    H_out, W_out = (H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw
    if H_out < 1 or W_out < 1:
        raise ValueError(f"conv_transpose2d: padding ({ph}, {pw}) is too large for a {kh}x{kw} kernel on a "
                         f"{H}x{W} input: the output would be {H_out}x{W_out}.")
    X = _pixels(x.data)  # (N*H*W, C_in)
    W2 = _channels_last(weight.data)  # (C_in, kh*kw*C_out)
    y = kernel("conv.col2im")(X @ W2, (N, C_out, H_out, W_out), kh, kw, sh, sw, ph, pw)
    if bias is not None:
        y += bias.data.reshape(-1, 1, 1)

    needs = (x.requires_grad, weight.requires_grad, bias is not None and bias.requires_grad)

    def first_order(g):
        gcols = kernel("conv.im2col")(g, kh, kw, sh, sw, ph, pw).reshape(N * H * W, -1)  # (pixels, kh*kw*C_out)
        return (_images(gcols @ W2.T, x.shape) if needs[0] else None,
                _channels_first(X.T @ gcols, weight.shape) if needs[1] else None,
                _sum_channels(g) if needs[2] else None)

    def composite(x, weight, bias=None):
        cols = (weight.reshape(C, -1).T @ x.reshape(N, C, H * W)).reshape(N, C_out, kh, kw, H, W)
        rows, columns = _window_index(H, W, kh, kw, sh, sw)
        padded = scatter(cols, (slice(None), slice(None), rows, columns), (N, C_out, H_out + 2 * ph, W_out + 2 * pw))
        y = padded[:, :, ph:ph + H_out, pw:pw + W_out]
        return y if bias is None else y + bias.reshape(1, -1, 1, 1)
    return fused_op(y, "conv_transpose2d", (x, weight, bias), first_order, composite)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """out = the largest entry of each kernel_size window (windows step by ``stride``, default kernel_size).

    Backward: only the window's maximum moved the output, so the gradient goes to that argmax; 0 elsewhere.
    x: (N, C, H, W) or (C, H, W); ``padding`` (at most half the kernel) pads with -inf. ``dilation`` d spaces the
    window's taps d apart; ``ceil_mode`` keeps a last, partial window (H_out rounded up, as PyTorch).
    The kernels work on the channels last, as conv2d leaves them in memory, so a pool after a convolution copies
    nothing; its output is such a channels-last view too.
    """
    x = as_value(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"max_pool2d: input x must have shape (N, C, H, W) or (C, H, W), got {x.shape}.")
    kh, kw = _pair("max_pool2d", "kernel_size", kernel_size, 1)
    sh, sw = (kh, kw) if stride is None else _pair("max_pool2d", "stride", stride, 1)
    ph, pw = _pair("max_pool2d", "padding", padding, 0)
    dh, dw = _pair("max_pool2d", "dilation", dilation, 1)
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if 2 * ph > span_h or 2 * pw > span_w:
        raise ValueError(f"max_pool2d: padding ({ph}, {pw}) must be at most half the kernel size ({kh}, {kw}) "
                         f"(with dilation: ({span_h}, {span_w})).")
    H, W = x.shape[-2:]
    OH, OW = pool_output_size(H, span_h, sh, ph, ceil_mode), pool_output_size(W, span_w, sw, pw, ceil_mode)
    if OH < 1 or OW < 1:
        raise ValueError(f"max_pool2d: the {kh}x{kw} window does not fit the {H}x{W} input with padding "
                         f"({ph}, {pw}); use a smaller kernel_size.")
    extra_h, extra_w = (max(0, (OH - 1) * sh + span_h - H - 2 * ph), max(0, (OW - 1) * sw + span_w - W - 2 * pw))
    if (dh, dw) != (1, 1):  # the windows gathered by indexing, then their max: slower than the kernel, as general
        padded = x.pad((pw, pw + extra_w, ph, ph + extra_h), value=-np.inf)
        rows, columns = _window_index(OH, OW, kh, kw, sh, sw, dh, dw)
        return padded[..., rows, columns].max(axis=(-4, -3))
    if extra_h or extra_w:
        x = x.pad((0, extra_w, 0, extra_h), value=-np.inf)
        H, W = x.shape[-2:]
    C = x.shape[-3]
    images = np.reshape(x.data, (-1, C, H, W)).transpose(0, 2, 3, 1)  # channels last: a view after a conv2d
    y, argmax = kernel("pool.max_pool2d_forward")(images, kh, kw, sh, sw, ph, pw)

    def first_order(g):
        g = np.reshape(g, (-1, C, OH, OW)).transpose(0, 2, 3, 1)
        return (kernel("pool.max_pool2d_backward")(g, argmax, H, W).transpose(0, 3, 1, 2).reshape(x.shape),)

    def composite(x):  # the gradient reaches each window's argmax only: a gather of those entries
        planes = x.reshape(-1, C, H * W)
        n, c = np.arange(len(argmax))[:, None, None, None], np.arange(C)[:, None, None]
        return planes[n, c, argmax.transpose(0, 3, 1, 2)].reshape(x.shape[:-2] + (OH, OW))
    out = y.transpose(0, 3, 1, 2).reshape(x.shape[:-2] + (OH, OW))  # (N, C, OH, OW), channels last in memory
    return fused_op(out, "max_pool2d", (x,), first_order, composite)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """out = the mean of each kernel_size window: sum of the window / its size;  dx = g / size, spread over the
    window (overlapping windows add up).

    x: (N, C, H, W) or (C, H, W). The window sums are a convolution of each channel with a kernel of ones (so they
    run through im2col); the divisor is kh*kw, or with ``count_include_pad=False`` the number of real (not
    padding) entries in the window, or ``divisor_override``. ``ceil_mode`` keeps a last, partial window.
    """
    x = as_value(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"avg_pool2d: input x must have shape (N, C, H, W) or (C, H, W), got {x.shape}.")
    kh, kw = _pair("avg_pool2d", "kernel_size", kernel_size, 1)
    sh, sw = (kh, kw) if stride is None else _pair("avg_pool2d", "stride", stride, 1)
    ph, pw = _pair("avg_pool2d", "padding", padding, 0)
    if 2 * ph > kh or 2 * pw > kw:
        raise ValueError(f"avg_pool2d: padding ({ph}, {pw}) must be at most half the kernel size ({kh}, {kw}).")
    H, W = x.shape[-2:]
    OH, OW = pool_output_size(H, kh, sh, ph, ceil_mode), pool_output_size(W, kw, sw, pw, ceil_mode)
    if OH < 1 or OW < 1:
        raise ValueError(f"avg_pool2d: the {kh}x{kw} window does not fit the {H}x{W} input with padding "
                         f"({ph}, {pw}); use a smaller kernel_size.")
    extra_h, extra_w = max(0, (OH - 1) * sh + kh - H - 2 * ph), max(0, (OW - 1) * sw + kw - W - 2 * pw)
    planes = x.reshape(-1, 1, H, W)
    if extra_h or extra_w:
        planes = planes.pad((0, extra_w, 0, extra_h))
    sums = _conv2d(planes, as_value(np.ones((1, 1, kh, kw), x.dtype)), None, sh, sw, ph, pw)
    if divisor_override is not None:
        divisor = np.asarray(divisor_override, x.dtype)
    else:
        divisor = np.outer(_window_counts(H, kh, sh, ph, OH, count_include_pad),
                           _window_counts(W, kw, sw, pw, OW, count_include_pad)).astype(x.dtype)
    return (sums / divisor).reshape(x.shape[:-2] + (OH, OW))


def _window_counts(size, kernel_size, stride, padding, count, include_pad):
    """How many entries each window position covers along one axis: of the padded input (include_pad), or of
    the input alone. A ceil_mode window that hangs past the padding counts only up to it."""
    start = np.arange(count) * stride - padding
    end = np.minimum(start + kernel_size, size + padding)
    return end - start if include_pad else np.minimum(end, size) - np.maximum(start, 0)


def adaptive_avg_pool2d(x, output_size):
    """Average pooling to a fixed output size (OH, OW) whatever the input's: output row i averages input rows
    floor(i H / OH) to ceil((i + 1) H / OH) - 1 (columns alike). ``output_size`` 1 is global average pooling.

    Written as out = A_h @ x @ A_w^T with A[i, j] = 1 / (window length) on row i's window: two matrix products,
    so dx = A_h^T @ g @ A_w. An entry None in output_size keeps that axis' size.
    """
    x = as_value(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"adaptive_avg_pool2d: input x must have shape (N, C, H, W) or (C, H, W), got {x.shape}.")
    H, W = x.shape[-2:]
    size = (output_size, output_size) if output_size is None or isinstance(output_size, (int, np.integer)) \
        else tuple(output_size)
    OH, OW = (H if size[0] is None else size[0]), (W if size[1] is None else size[1])
    if not all(isinstance(n, (int, np.integer)) and n >= 1 for n in (OH, OW)):
        raise ValueError(f"adaptive_avg_pool2d: output_size must be an int >= 1 or a pair of them (None keeps the "
                         f"input's size), got {output_size!r}.")
    return _averaging_matrix(H, OH, x.dtype) @ x @ _averaging_matrix(W, OW, x.dtype).T


def _averaging_matrix(size, count, dtype):
    """(count, size): row i averages entries floor(i size / count) .. ceil((i + 1) size / count) - 1."""
    matrix = np.zeros((count, size), dtype)
    for i in range(count):
        start, end = (i * size) // count, -(-((i + 1) * size) // count)
        matrix[i, start:end] = 1.0 / (end - start)
    return matrix


INTERPOLATION_MODES = ("nearest", "nearest-exact", "linear", "bilinear", "trilinear")


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Resize the spatial axes (all after N, C) to ``size``, or scale them by ``scale_factor`` (PyTorch's rules).

    Each output entry is a weighted sum of input entries along each axis: out = x resampled by a matrix M of shape
    (out, in) per axis, so dx = g resampled by M^T.  'nearest': out[i] = x[floor(i * in / out)] (M one-hot);
    'nearest-exact': x[floor((i + 0.5) in / out)]; 'linear' / 'bilinear' / 'trilinear' (1, 2, 3 spatial axes):
    the two nearest entries weighted by closeness, with ``align_corners`` as in PyTorch.
    """
    x = as_value(x)
    spatial = x.ndim - 2
    if mode not in INTERPOLATION_MODES:
        raise ValueError(f"interpolate: mode must be one of {INTERPOLATION_MODES}, got {mode!r}.")
    linear = {"linear": 1, "bilinear": 2, "trilinear": 3}.get(mode)
    if spatial < 1 or linear is not None and spatial != linear:
        raise ValueError(f"interpolate: mode {mode!r} needs input of shape (N, C, "
                         f"{', '.join('DHW'[3 - (linear or 1):])}), got {x.shape}.")
    if align_corners is not None and linear is None:
        raise ValueError("interpolate: align_corners applies only to the linear modes; leave it None.")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor.")
    sizes = _per_axis(size, spatial) if size is not None else None
    scales = _per_axis(scale_factor, spatial) if scale_factor is not None else None
    for axis in range(spatial):
        n = x.shape[2 + axis]
        out = int(sizes[axis]) if sizes else int(math.floor(n * scales[axis]))
        scale = 1.0 / scales[axis] if scales else n / out
        matrix = _resampling_matrix(n, out, scale, mode, bool(align_corners)).astype(x.dtype)
        perm = list(range(x.ndim))
        perm[2 + axis], perm[-1] = perm[-1], perm[2 + axis]
        x = (x.transpose(perm) @ matrix.T).transpose(perm)
    return x


def _per_axis(value, count):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * count


def _resampling_matrix(n, out, scale, mode, align_corners):
    """(out, n): the weights of the input entries that make each output entry along one axis."""
    matrix = np.zeros((out, n))
    i = np.arange(out)
    if mode.startswith("nearest"):  # PyTorch computes these indices in float32
        offset = np.float32(0.5 if mode == "nearest-exact" else 0.0)
        source = np.floor((i.astype(np.float32) + offset) * np.float32(scale)).astype(int)
        matrix[i, np.minimum(source, n - 1)] = 1.0
        return matrix
    if align_corners:
        source = i * ((n - 1) / (out - 1)) if out > 1 else np.zeros(out)
    else:
        source = np.maximum(scale * (i + 0.5) - 0.5, 0.0)
    low = np.minimum(np.floor(source).astype(int), n - 1)
    high = np.minimum(low + 1, n - 1)
    weight = source - low
    np.add.at(matrix, (i, low), 1 - weight)
    np.add.at(matrix, (i, high), weight)
    return matrix


def _conv_args(name, x, weight, bias, weight_layout, channel_axis, groups=1):
    x, weight = as_value(x), as_value(weight)
    bias = None if bias is None else as_value(bias)
    if x.ndim != 4:
        raise ValueError(f"{name}: input x must have shape (N, C_in, H, W), got {x.shape} ({x.ndim} axes). "
                         "For a single image use x.reshape(1, C, H, W).")
    if weight.ndim != 4:
        raise ValueError(f"{name}: weight must have shape {weight_layout}, got {weight.shape}.")
    if not isinstance(groups, (int, np.integer)) or groups < 1 or weight.shape[0] % groups:
        raise ValueError(f"{name}: groups must be a positive int that divides C_out = {weight.shape[0]}, got "
                         f"{groups!r}.")
    if x.shape[1] != weight.shape[channel_axis] * groups:
        raise ValueError(f"{name}: input x of shape {x.shape} has C_in = {x.shape[1]} channels, but weight of "
                         f"shape {weight.shape} (layout {weight_layout}"
                         f"{f', C_in per group with groups = {groups}' if groups > 1 else ''}) "
                         f"expects C_in = {weight.shape[channel_axis] * groups}. Check the layer's in_channels.")
    c_out = weight.shape[1 - channel_axis]
    if bias is not None and bias.shape != (c_out,):
        raise ValueError(f"{name}: bias must have shape (C_out,) = ({c_out},), got {bias.shape}.")
    return x, weight, bias


def _output_size(size, kernel_size, stride, padding):
    """How many window positions fit along one axis."""
    return (size + 2 * padding - kernel_size) // stride + 1


def _conv_padding(name, padding, kernel_size, stride):
    """A convolution's padding as F.pad's (left, right, top, bottom)."""
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        if stride != (1, 1):
            raise ValueError(f"{name}: padding='same' needs stride 1 (got {stride}): with larger strides the output "
                             "cannot have the input's size. Give the padding as numbers.")
        (th, tw) = (k - 1 for k in kernel_size)
        return tw // 2, tw - tw // 2, th // 2, th - th // 2
    if isinstance(padding, (tuple, list)) and len(padding) == 4 and all(isinstance(p, (int, np.integer))
                                                                         for p in padding):
        return tuple(int(p) for p in padding)
    if isinstance(padding, (int, np.integer)) or isinstance(padding, (tuple, list)) and len(padding) == 2:
        ph, pw = (padding, padding) if isinstance(padding, (int, np.integer)) else padding
        if isinstance(ph, (int, np.integer)) and isinstance(pw, (int, np.integer)):
            return int(pw), int(pw), int(ph), int(ph)
    raise ValueError(f"{name}: padding must be an int, a pair (ph, pw), 'valid', 'same', or (left, right, top, "
                     f"bottom), got {padding!r}.")


def pool_output_size(size, kernel_size, stride, padding=0, ceil_mode=False):
    """Window positions along one axis; with ceil_mode a last, partial window counts too, if it starts inside the
    input or its left padding (PyTorch's rule)."""
    if not ceil_mode:
        return _output_size(size, kernel_size, stride, padding)
    out = -(-(size + 2 * padding - kernel_size) // stride) + 1
    return out - 1 if (out - 1) * stride >= size + padding else out


def _pair(name, argument, value, smallest):
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and v >= smallest for v in pair):
        raise ValueError(f"{name}: {argument} must be an int >= {smallest} or a pair of them, got {value!r}.")
    return int(pair[0]), int(pair[1])


def _single(name, argument, value):
    """An int >= 1, given as it is or as a 1-tuple."""
    value = value[0] if isinstance(value, (tuple, list)) and len(value) == 1 else value
    if not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: {argument} must be an int >= 1, got {value!r}.")
    return int(value)


def _check_activation(name, activation, negative_slope):
    if activation not in ACTIVATIONS:
        raise ValueError(f"{name}: unknown activation {activation!r}; choose one of {ACTIVATIONS}, or apply "
                         "other activations to the output.")
    if activation == "leaky_relu" and negative_slope < 0:
        raise ValueError(f"{name}: negative_slope={negative_slope} must be >= 0 for the fused leaky_relu (its "
                         "derivative is read from the output). Apply x.leaky_relu(...) to the output instead.")


def _sum_channels(g):
    return g.sum(axis=(0, 2, 3), dtype=np.float64).astype(g.dtype)


def _channels_last(weight):
    """A (A, B, kh, kw) convolution weight as the matrix (A, kh*kw*B) whose rows match im2col's channels-last rows."""
    return weight.transpose(0, 2, 3, 1).reshape(weight.shape[0], -1)


def _channels_first(rows, shape):
    """The inverse of _channels_last: the matrix (A, kh*kw*B) back to a weight of shape (A, B, kh, kw)."""
    A, B, kh, kw = shape
    return np.ascontiguousarray(rows.reshape(A, kh, kw, B).transpose(0, 3, 1, 2))


def _pixels(images):
    """Images (N, C, H, W) as the (N*H*W, C) matrix of their pixels, channels last (a copy, unless C = 1)."""
    return np.reshape(np.transpose(images, (0, 2, 3, 1)), (-1, images.shape[1]))


def _images(pixels, shape):
    """The inverse of _pixels: the (N*H*W, C) matrix as images of shape (N, C, H, W), a transposed view whose
    channels stay last in memory (no copy; _pixels of such a view is free, and so are im2col and max pooling)."""
    N, C, H, W = shape
    return pixels.reshape(N, H, W, C).transpose(0, 3, 1, 2)


def _window_index(OH, OW, kh, kw, sh, sw, dh=1, dw=1):
    """Row and column of window cell (i, j) at window position (oh, ow): i*dh + oh*sh and j*dw + ow*sw, shaped to
    index a padded image into (kh, kw, OH, OW)."""
    rows = dh * np.arange(kh)[:, None, None, None] + sh * np.arange(OH)[None, None, :, None]
    columns = dw * np.arange(kw)[None, :, None, None] + sw * np.arange(OW)[None, None, None, :]
    return rows, columns


def _windows(x, kh, kw, sh, sw, ph, pw):
    """im2col with engine ops: the (N, C, kh, kw, OH, OW) windows of x padded with zeros (a scatter into a larger
    zero image), gathered by fancy indexing, so its gradients are differentiable again."""
    N, C, H, W = x.shape
    padded = scatter(x, (slice(None), slice(None), slice(ph, ph + H), slice(pw, pw + W)),
                     (N, C, H + 2 * ph, W + 2 * pw)) if ph or pw else x
    rows, columns = _window_index(_output_size(H, kh, sh, ph), _output_size(W, kw, sw, pw), kh, kw, sh, sw)
    return padded[:, :, rows, columns]


# ---- batch normalization and dropout -----------------------------------------------------------------------

def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """out = gamma * (x - mean) / sqrt(var + eps) + beta, per channel (axis 1) over the batch and H, W.

    training: mean and (biased) var of this batch; the running statistics (ndarrays, updated in place) move by
    running = (1 - momentum) running + momentum * stat, with the unbiased var, as in PyTorch. Backward then goes
    through mean and var too:  dx = gamma / (M sigma) * (M g - sum(g) - xhat * sum(g xhat)),  M = entries per
    channel.  evaluation: the running statistics are constants, dx = gamma * g / sigma.  In both,
    dgamma = sum(g xhat), dbeta = sum(g).  Running statistics may be None: then batch statistics are always used.
    """
    x = as_value(x)
    weight = None if weight is None else as_value(weight)
    bias = None if bias is None else as_value(bias)
    if x.ndim < 2:
        raise ValueError(f"batch_norm: input x must have shape (N, C), (N, C, L) or (N, C, H, W), got {x.shape}.")
    N, C = x.shape[:2]
    for argument, value in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                            ("bias", bias)):
        if value is not None and np.shape(value) != (C,):
            raise ValueError(f"batch_norm: {argument} must have shape (C,) = ({C},) for input of shape {x.shape}, "
                             f"got {np.shape(value)}.")
    x3 = np.reshape(x.data, (N, C, -1))
    use_batch = training or running_mean is None or running_var is None
    if use_batch:
        if x3.shape[0] * x3.shape[2] < 2:
            raise ValueError(f"batch_norm: training needs more than one value per channel, got input of shape "
                             f"{x.shape}. Use a batch of 2 or more, or evaluation mode.")
        mean, var = kernel("batchnorm.batchnorm_stats")(x3)
        if training and running_mean is not None and running_var is not None:
            M = x3.shape[0] * x3.shape[2]
            running_mean[...] = (1 - momentum) * running_mean + momentum * mean
            running_var[...] = (1 - momentum) * running_var + momentum * var * (M / (M - 1))
    else:
        mean, var = np.array(running_mean, x3.dtype), np.array(running_var, x3.dtype)
    invstd = (1 / np.sqrt(var + eps)).astype(x3.dtype)
    gamma = np.ones(C, x3.dtype) if weight is None else weight.data.astype(x3.dtype, copy=False)
    beta = np.zeros(C, x3.dtype) if bias is None else bias.data.astype(x3.dtype, copy=False)
    y = kernel("batchnorm.batchnorm_forward")(x3, mean, invstd, gamma, beta)

    def first_order(g):
        dx, dgamma, dbeta = kernel("batchnorm.batchnorm_backward")(np.reshape(g, x3.shape), x3, mean, invstd,
                                                                   gamma, use_batch)
        return dx.reshape(x.shape), dgamma, dbeta

    def composite(x, *affine):
        x3 = x.reshape(N, C, -1)
        if use_batch:
            m = x3.mean(axis=(0, 2), keepdims=True)
            xhat = (x3 - m) / (((x3 - m) * (x3 - m)).mean(axis=(0, 2), keepdims=True) + eps).sqrt()
        else:
            xhat = (x3 - mean.reshape(1, C, 1)) * invstd.reshape(1, C, 1)
        given = iter(affine)
        gamma_ = next(given) if weight is not None else gamma
        beta_ = next(given) if bias is not None else beta
        return (xhat * gamma_.reshape(1, C, 1) + beta_.reshape(1, C, 1)).reshape(x.shape)
    return fused_op(y.reshape(x.shape), "batch_norm", (x, weight, bias), first_order, composite)


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Standardize each sample over its last axes (those of ``normalized_shape``), then scale and shift:
    out = gamma * (x - mu) / sqrt(var + eps) + beta, mu and (biased) var over those axes; no batch statistics.

    Derived from mean, var, sqrt and arithmetic, so its gradient comes from their rules; written out, with
    xhat = (x - mu) / sigma and h = g * gamma:  dx = (h - mean(h) - xhat * mean(h * xhat)) / sigma,
    dgamma = sum of g * xhat over the other axes,  dbeta = sum of g.
    """
    x = as_value(x)
    shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
    if x.shape[x.ndim - len(shape):] != shape or len(shape) > x.ndim:
        raise ValueError(f"layer_norm: the last axes of the input {x.shape} must be normalized_shape {shape}.")
    for argument, value in (("weight", weight), ("bias", bias)):
        if value is not None and np.shape(value) != shape:
            raise ValueError(f"layer_norm: {argument} must have shape normalized_shape {shape}, got {np.shape(value)}.")
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    out = (x - mu) / (x.var(axis=axes, keepdims=True) + eps).sqrt()
    out = out if weight is None else out * weight
    return out if bias is None else out + bias


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the C channels into ``num_groups`` groups and standardize each sample's group over its channels and
    positions; then scale and shift per channel:  out = gamma_c * (x - mu_g) / sqrt(var_g + eps) + beta_c.
    One group is layer norm over (C, H, W); C groups is instance norm. No batch statistics: any batch size works.
    x: (N, C, ...). Derived from Value ops, as layer_norm."""
    x = as_value(x)
    if x.ndim < 2 or x.shape[1] % num_groups:
        raise ValueError(f"group_norm: input of shape {x.shape} must be (N, C, ...) with C divisible by "
                         f"num_groups = {num_groups}.")
    C = x.shape[1]
    for argument, value in (("weight", weight), ("bias", bias)):
        if value is not None and np.shape(value) != (C,):
            raise ValueError(f"group_norm: {argument} must have shape (C,) = ({C},), got {np.shape(value)}.")
    groups = x.reshape(x.shape[0], num_groups, -1)
    mu = groups.mean(axis=2, keepdims=True)
    out = ((groups - mu) / (groups.var(axis=2, keepdims=True) + eps).sqrt()).reshape(x.shape)
    per_channel = (1, C) + (1,) * (x.ndim - 2)
    out = out if weight is None else out * as_value(weight).reshape(per_channel)
    return out if bias is None else out + as_value(bias).reshape(per_channel)


def dropout(x, p=0.5, training=True, rng=None):
    """Inverted dropout: while training, zero each entry with probability p and scale the rest by 1/(1 - p),
    so the expected output equals x.  out = x * mask,  dx = g * mask.  In evaluation it returns x itself.

    ``rng`` is a np.random.Generator (a fresh unseeded one when None).
    """
    x = as_value(x)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: p is the probability of zeroing an entry and must lie in [0, 1], got {p}.")
    if not training or p == 0.0:
        return x
    data = np.asarray(x.data)
    if data.dtype.kind != "f":
        data = data.astype(np.float64)
    rng = np.random.default_rng() if rng is None else rng
    u = np.asarray(rng.random(data.shape))  # float64 for every dtype: one seed gives one mask
    y, mask = kernel("dropout.dropout_forward")(data, u, p)

    return fused_op(y, "dropout", (x,), lambda g: (g * mask,), lambda x: x * mask)


# ---- losses: one number that says how wrong the network is -------------------------------------------------

def cross_entropy(logits, target, reduction="mean", weight=None, ignore_index=-100, label_smoothing=0.0):
    """Softmax cross-entropy of logits (N, C): loss_n = -sum_c t_nc log softmax(logits_n)_c.

    ``target``: integer class labels (N,) (t = one-hot) or class probabilities (N, C). Stable at any logits.
    Backward: dlogits = softmax(logits) * sum_c t_c - t  (= softmax - onehot for labels), times dL/dloss_n;
    for probability targets that require grad (a soft label computed by the graph), dt = -log softmax(logits).

    As in PyTorch: logits (N, C, d1, ...) with labels (N, d1, ...) score every position (class axis 1);
    ``weight`` (C,) scales each class's loss (the mean then divides by the summed weights of the targets);
    labels equal to ``ignore_index`` add nothing; ``label_smoothing`` eps mixes the target with the uniform
    distribution: t = (1 - eps) t + eps / C. These options run on Value ops (log_softmax and indexing).
    """
    logits = as_value(logits)
    _check_reduction("cross_entropy", reduction)
    t = np.asarray(target.data if isinstance(target, Value) else target)
    probabilities = t.dtype.kind == "f" and t.shape == logits.shape
    if logits.ndim != 2 or weight is not None or label_smoothing or (not probabilities and (t == ignore_index).any()):
        return _class_loss("cross_entropy", logits, target, reduction, weight, ignore_index, label_smoothing, True)
    soft = probabilities and isinstance(target, Value) and target.requires_grad
    if t.ndim == 2 and t.dtype.kind == "f":
        if t.shape != logits.shape:
            raise ValueError(f"cross_entropy: probability targets of shape {t.shape} must match the logits' shape "
                             f"{logits.shape}.")
    else:
        t = _labels("cross_entropy", t, logits.shape, "or class probabilities of shape (N, C)")
    losses, probs = kernel("softmax_xent.softmax_xent_forward")(logits.data, t)

    def first_order(g):
        return (kernel("softmax_xent.softmax_xent_backward")(probs, t, g) if logits.requires_grad else None,
                -kernel("softmax_xent.log_softmax")(logits.data) * g[:, None] if soft else None)

    def composite(logits, target=t):
        log_p = logits.log_softmax(axis=1)
        return -log_p[np.arange(len(t)), t] if t.ndim == 1 else -(target * log_p).sum(axis=1)
    return _loss("cross_entropy", losses, reduction, (logits, target if soft else None), first_order, composite)


def nll_loss(log_probs, target, reduction="mean", weight=None, ignore_index=-100):
    """Negative log-likelihood of integer labels: loss_n = -log_probs[n, target_n].

    Backward: -dL/dloss_n at [n, target_n], 0 elsewhere. Use it after log_softmax (together: cross_entropy).
    As in PyTorch: inputs (N, C, d1, ...) with labels (N, d1, ...); ``weight`` (C,) scales each class (the mean
    divides by the summed weights of the targets); labels equal to ``ignore_index`` add nothing.
    """
    log_probs = as_value(log_probs)
    _check_reduction("nll_loss", reduction)
    t = np.asarray(target.data if isinstance(target, Value) else target)
    if log_probs.ndim != 2 or weight is not None or (t == ignore_index).any():
        return _class_loss("nll_loss", log_probs, target, reduction, weight, ignore_index, 0.0, False)
    t = _labels("nll_loss", target, log_probs.shape)
    rows = np.arange(len(t))

    return _loss("nll_loss", -log_probs.data[rows, t], reduction, (log_probs,),
                 lambda g: (scatter(-g, (rows, t), log_probs.shape),), lambda log_probs: -log_probs[rows, t])


def _class_loss(name, scores, target, reduction, weight, ignore_index, smoothing, from_logits):
    """cross_entropy and nll_loss with their options, on Value ops: the class axis (1) moved last and every
    position a row; then -sum_c w_c t_c log p_c per row, with PyTorch's weighted mean."""
    if scores.ndim < 1:
        raise ValueError(f"{name}: input must have shape (C,), (N, C) or (N, C, d1, ...), got a scalar.")
    C = scores.shape[0 if scores.ndim == 1 else 1]
    t = np.asarray(target.data if isinstance(target, Value) else target)
    probabilities = t.dtype.kind == "f" and t.shape == scores.shape
    out_shape = (scores.shape[:1] + scores.shape[2:]) if scores.ndim > 1 else ()

    def to_rows(v):  # (N, C, d1, ...) -> (N * d1 * ..., C): a row per position
        return v.reshape(1, C) if v.ndim == 1 else v.transpose((0,) + tuple(range(2, v.ndim)) + (1,)).reshape(-1, C)
    rows = to_rows(scores)
    log_p = log_softmax(rows, axis=1) if from_logits else rows
    w = np.ones(C, log_p.dtype) if weight is None else np.asarray(weight.data if isinstance(weight, Value)
                                                                  else weight, log_p.dtype)
    if w.shape != (C,):
        raise ValueError(f"{name}: weight must have one entry per class, shape ({C},), got {w.shape}.")
    if not 0.0 <= smoothing <= 1.0:
        raise ValueError(f"{name}: label_smoothing must lie in [0, 1], got {smoothing}.")
    if probabilities:
        t_rows = to_rows(target if isinstance(target, Value) else as_value(t)) * (1 - smoothing) + smoothing / C
        losses = -(log_p * t_rows * w).sum(axis=1)
        total = losses.sum() / len(losses) if reduction == "mean" else losses.sum()
    else:
        if t.dtype.kind not in "iu":
            raise TypeError(f"{name}: target of shape {t.shape} has dtype {t.dtype}, but class labels must be "
                            "integers (convert with .astype(np.int64)), or class probabilities of the input's shape.")
        if t.shape != out_shape:
            raise ValueError(f"{name}: target of shape {t.shape} must hold one label per position of the input "
                             f"{scores.shape}, i.e. have shape {out_shape}.")
        labels = t.reshape(-1)
        valid = labels != ignore_index
        _in_range(name, "labels", labels[valid], C, "the number of classes C")
        safe = np.where(valid, labels, 0)
        w_rows = np.where(valid, w[safe], 0).astype(log_p.dtype)
        losses = -log_p[np.arange(len(safe)), safe] * w_rows
        if smoothing:
            losses = losses * (1 - smoothing) - (log_p * w).sum(axis=1) * (valid * (smoothing / C)).astype(log_p.dtype)
        divisor = w_rows.sum() if weight is not None else valid.sum()
        total = losses.sum() / divisor if reduction == "mean" else losses.sum()
    return losses.reshape(out_shape) if reduction == "none" else total


def binary_cross_entropy(p, target, reduction="mean"):
    """loss = -(t log p + (1 - t) log(1 - p)) for probabilities p in [0, 1]; each log is clamped at -100, as in
    PyTorch, so p = 0 or 1 stays finite.  dp = (p - t) / max(p (1 - p), 1e-12),  dt = log(1 - p) - log(p).
    """
    p, target = _pair_of_values("binary_cross_entropy", p, target, reduction)
    pd, td = np.asarray(p.data), np.asarray(target.data)
    if pd.size and (np.nanmin(pd) < 0 or np.nanmax(pd) > 1):
        raise ValueError(f"binary_cross_entropy: p must hold probabilities in [0, 1], got values in "
                         f"[{np.nanmin(pd):.4g}, {np.nanmax(pd):.4g}]. Apply sigmoid first, or use "
                         "binary_cross_entropy_with_logits on the raw scores.")
    with np.errstate(divide="ignore"):
        log_p, log_1mp = np.maximum(np.log(pd), -100), np.maximum(np.log1p(-pd), -100)
    losses = -(td * log_p + (1 - td) * log_1mp)

    def composite(p, target=td):
        return -(target * maximum(p.log(), -100.0) + (1 - target) * maximum((1 - p).log(), -100.0))
    return _loss("binary_cross_entropy", losses, reduction, (p, target if target.requires_grad else None),
                 lambda g: (g * (pd - td) / np.maximum(pd * (1 - pd), 1e-12), g * (log_1mp - log_p)), composite)


def binary_cross_entropy_with_logits(logits, target, reduction="mean", pos_weight=None):
    """BCE of sigmoid(z) written with the logits z: loss = max(z, 0) - z t + log(1 + e^-|z|), stable at +-1e4.

    dz = sigmoid(z) - t,   dt = -z.
    ``pos_weight`` p (broadcast over the last axis, one per class) weighs the positive term, trading recall
    for precision: loss = -(p t log sigmoid(z) + (1 - t) log(1 - sigmoid(z)))
    = (1 - t) z + (1 + (p - 1) t) softplus(-z);  dz = (1 - t) - (1 + (p - 1) t) sigmoid(-z),
    dt = -z + (p - 1) softplus(-z).
    """
    z, target = _pair_of_values("binary_cross_entropy_with_logits", logits, target, reduction)
    zd, td = np.asarray(z.data), np.asarray(target.data)
    parents = (z, target if target.requires_grad else None)
    if pos_weight is not None:
        p = np.asarray(pos_weight.data if isinstance(pos_weight, Value) else pos_weight, zd.dtype)
        weight = 1 + (p - 1) * td
        softplus_minus_z = np.maximum(-zd, 0) + np.log1p(np.exp(-np.abs(zd)))
        return _loss("binary_cross_entropy_with_logits", (1 - td) * zd + weight * softplus_minus_z, reduction,
                     parents, lambda g: (g * ((1 - td) - weight * kernel("activations.sigmoid_forward")(-zd)),
                                         g * (-zd + (p - 1) * softplus_minus_z)),
                     lambda z, target=td: (1 - target) * z + (1 + (p - 1) * target) * (-z).softplus())
    losses = np.maximum(zd, 0) - zd * td + np.log1p(np.exp(-np.abs(zd)))

    return _loss("binary_cross_entropy_with_logits", losses, reduction, parents,
                 lambda g: (g * (kernel("activations.sigmoid_forward")(zd) - td), -g * zd),
                 lambda z, target=td: (1 - target) * z + (-z).softplus())  # smooth at 0, as the loss is


def mse_loss(pred, target, reduction="mean"):
    """Mean squared error: loss = (pred - t)^2 per entry;  dpred = 2 (pred - t),  dt = -2 (pred - t)."""
    pred, target = _pair_of_values("mse_loss", pred, target, reduction)
    diff = np.asarray(pred.data) - np.asarray(target.data)

    def composite(pred, target=np.asarray(target.data)):
        return (pred - target) * (pred - target)
    return _loss("mse_loss", diff * diff, reduction, (pred, target if target.requires_grad else None),
                 lambda g: (2 * g * diff, -2 * g * diff), composite)


def l1_loss(pred, target, reduction="mean"):
    """Mean absolute error: loss = |pred - t| per entry;  dpred = sign(pred - t),  dt = -sign(pred - t)."""
    pred, target = _pair_of_values("l1_loss", pred, target, reduction)
    diff = np.asarray(pred.data) - np.asarray(target.data)
    return _loss("l1_loss", np.abs(diff), reduction, (pred, target if target.requires_grad else None),
                 lambda g: (g * np.sign(diff), -g * np.sign(diff)),
                 lambda pred, target=np.asarray(target.data): (pred - target).abs())


def smooth_l1_loss(pred, target, reduction="mean", beta=1.0):
    """Squared near 0, absolute beyond beta (Fast R-CNN's box loss): with d = pred - t,
    loss = 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta;  dd = d / beta, else sign(d).
    beta = 0 is l1_loss. smooth_l1_loss(beta) = huber_loss(delta=beta) / beta."""
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be >= 0, got {beta}.")
    if beta == 0:
        return l1_loss(pred, target, reduction)
    return _huber("smooth_l1_loss", pred, target, reduction, float(beta), 1.0 / beta)


def huber_loss(pred, target, reduction="mean", delta=1.0):
    """Huber's robust loss: with d = pred - t, loss = 0.5 d^2 where |d| <= delta, else delta (|d| - 0.5 delta);
    dd = d, else delta sign(d): an outlier pulls with a bounded force."""
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be > 0, got {delta}.")
    return _huber("huber_loss", pred, target, reduction, float(delta), 1.0)


def _huber(name, pred, target, reduction, delta, scale):
    """scale * (0.5 d^2 if |d| < delta else delta (|d| - 0.5 delta)), with its derivative."""
    pred, target = _pair_of_values(name, pred, target, reduction)
    diff = np.asarray(pred.data) - np.asarray(target.data)
    small = np.abs(diff) < delta
    losses = scale * np.where(small, 0.5 * diff * diff, delta * (np.abs(diff) - 0.5 * delta))
    slope = scale * np.where(small, diff, delta * np.sign(diff))

    def composite(pred, target=np.asarray(target.data)):
        d = pred - target
        return where(small, 0.5 * d * d, delta * (d.abs() - 0.5 * delta)) * scale
    return _loss(name, losses, reduction, (pred, target if target.requires_grad else None),
                 lambda g: (g * slope, -g * slope), composite)


def kl_div(input, target, reduction="mean", log_target=False):
    """Kullback-Leibler divergence KL(t || p) with ``input`` = log p (as PyTorch, e.g. from log_softmax):
    loss = t (log t - input) per entry (0 where t = 0);  dinput = -t,  dt = log t + 1 - input.
    ``log_target``: the target is log t too: loss = e^t' (t' - input).
    ``reduction='batchmean'`` divides the sum by the batch size (the true KL per sample); 'mean' divides by
    the number of entries, as PyTorch does."""
    if reduction not in REDUCTIONS + ("batchmean",):
        raise ValueError(f"kl_div: reduction must be one of {REDUCTIONS + ('batchmean',)}, got {reduction!r}.")
    log_p, target = _pair_of_values("kl_div", input, target, "sum")
    if log_target:
        losses = target.exp() * (target - log_p)
    else:
        t = np.asarray(target.data)
        safe_log = where(t > 0, target, 1.0).log()  # t log t -> 0 as t -> 0
        losses = target * (safe_log - log_p)
    if reduction == "none":
        return losses
    if reduction == "batchmean":
        return losses.sum() / (log_p.shape[0] if log_p.ndim else 1)
    return losses.mean() if reduction == "mean" else losses.sum()


def cosine_similarity(x1, x2, axis=1, eps=1e-8):
    """cos of the angle between x1 and x2 along ``axis``: x1 . x2 / (max(|x1|, eps) max(|x2|, eps))
    (each norm clamped at eps, as PyTorch, so a zero vector gives 0, not NaN). Built from Value ops."""
    x1, x2 = as_value(x1), as_value(x2)
    norms = [maximum(v.norm(axis=axis, keepdims=True), eps) for v in (x1, x2)]
    return ((x1 / norms[0]) * (x2 / norms[1])).sum(axis=axis)


def _loss(name, losses, reduction, parents, first_order, composite):
    """Reduce the per-entry losses. ``first_order(g)`` receives g = dL/dloss for every entry (losses' shape) and
    returns the gradients of ``parents`` (None entries are absent); ``composite`` gives the per-entry losses."""
    losses = np.asarray(losses)
    if reduction == "none":
        data = losses
    else:
        total = losses.sum(dtype=np.float64)
        data = np.asarray(total / losses.size if reduction == "mean" else total, dtype=losses.dtype)
    present = [p for p in parents if p is not None]
    if data.ndim == 0 and all(type(p.data) is float for p in present):
        data = float(data)  # scalar Values in, a scalar Value out

    def entry_gradients(g):
        g = np.asarray(g, dtype=losses.dtype)
        if reduction != "none":  # one number dL/dloss, the same for every entry (divided by their count: mean)
            g = np.full(losses.shape, g / losses.size if reduction == "mean" else g, losses.dtype)
        return first_order(g)

    def reduced(*xs):
        per_entry = composite(*xs)
        return per_entry if reduction == "none" else (per_entry.mean() if reduction == "mean" else per_entry.sum())
    return fused_op(data, name, parents, entry_gradients, reduced)


def _check_reduction(name, reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{name}: reduction must be one of {REDUCTIONS}, got {reduction!r}.")


def _check_rows(name, argument, value):
    if value.ndim != 2:
        raise ValueError(f"{name}: {argument} must have shape (N, C), one row of class scores per sample, got "
                         f"{value.shape}. For one sample use .reshape(1, -1).")


def _pair_of_values(name, pred, target, reduction):
    """Both as Values of one float dtype and the same shape (no silent broadcasting of (N, 1) against (N,))."""
    _check_reduction(name, reduction)
    pred, target = as_value(pred), as_value(target)
    if pred.shape != target.shape:
        raise ValueError(f"{name}: input of shape {pred.shape} and target of shape {target.shape} differ. Give one "
                         "target per entry (e.g. reshape the labels with .reshape(-1, 1)).")
    if not target.requires_grad and np.asarray(target.data).dtype != pred.dtype and pred.dtype.kind == "f":
        target = as_value(np.asarray(target.data, dtype=pred.dtype))
    return pred, target


def _integers(name, argument, values):
    data = np.asarray(values.data if isinstance(values, Value) else values)
    if data.dtype.kind not in "iu":
        raise TypeError(f"{name}: {argument} must be integers, got dtype {data.dtype}. "
                        f"Convert them with .astype(np.int64).")
    return data


def _in_range(name, argument, index, count, what):
    if index.size and (index.min() < 0 or index.max() >= count):
        raise ValueError(f"{name}: {argument} must lie in [0, {count - 1}] ({what} = {count}), got values from "
                         f"{index.min()} to {index.max()}.")


def _labels(name, target, shape, alternative=""):
    """Integer class labels: one per row of an (N, C) input, each in [0, C)."""
    t = np.asarray(target.data if isinstance(target, Value) else target)
    if t.dtype.kind not in "iu":
        also = f", {alternative}" if alternative else ""
        raise TypeError(f"{name}: target of shape {t.shape} has dtype {t.dtype}, but class labels must be integers "
                        f"(convert with .astype(np.int64){also}).")
    if t.shape != shape[:1]:
        raise ValueError(f"{name}: target of shape {t.shape} must hold one label per row of the input of shape "
                         f"{shape}, i.e. have shape ({shape[0]},).")
    _in_range(name, "labels", t, shape[1], "the number of classes C")
    return t
