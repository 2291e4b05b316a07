"""Keras' image layers, channels-last: a batch of images has shape (N, H, W, C), where minigrad.nn (like
PyTorch) uses (N, C, H, W). Each layer moves the channels to axis 1, runs nn's channels-first operation
(F.conv2d, F.conv_transpose2d, F.max_pool2d) and moves them back; the transposes are Value ops, so gradients
flow through them.

Kernels have Keras' layout, so ``get_weights`` matches Keras: Conv2D (kh, kw, C_in, C_out), Conv2DTranspose
(kh, kw, C_out, C_in). Input channels are learned from the first input (or input_shape).

``padding="same"`` keeps H_out = ceil(H / stride). The padding needed, max((H_out - 1) s + k - H, 0), is split
as TensorFlow splits it: the smaller half on top/left, the extra row or column at the bottom/right.
"""
import math

import numpy as np

from ... import functional as F
from ... import nn
from ...engine import Value, as_value, concatenate
from ...nn.activations import get_function
from .base import KerasLayer, initialize, pair


def _channels_first(x):
    return x.transpose(0, 3, 1, 2)


def _channels_last(x):
    return x.transpose(0, 2, 3, 1)


def _image(layer, x):
    x = as_value(x if isinstance(x, Value) else np.asarray(x, dtype=np.float32))
    if x.ndim != 4:
        raise ValueError(f"{layer.name} ({type(layer).__name__}): expected a batch of images (N, H, W, C) "
                         f"(channels last, as in Keras), got shape {x.shape}. A grey 28x28 image needs shape "
                         "(N, 28, 28, 1): np.expand_dims(x, -1).")
    return x


def _check_padding(padding, owner):
    padding = padding.lower() if isinstance(padding, str) else padding
    if padding not in ("valid", "same"):
        raise ValueError(f"{owner}: padding must be 'valid' or 'same', got {padding!r}")
    return padding


def same_padding(size, kernel, stride):
    """(before, after) zeros that make a 'same' convolution give ceil(size / stride) outputs."""
    total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pad(x, axis, before, after, value=0.0):
    """x with ``before`` and ``after`` slices of ``value`` added along ``axis`` (a concatenate, so gradients
    pass to x)."""
    parts = []
    for count in (before, after):
        shape = list(x.shape)
        shape[axis] = count
        parts.append(np.full(shape, value, dtype=x.dtype) if count else None)
    pieces = [p for p in (parts[0], x, parts[1]) if p is not None]
    return x if len(pieces) == 1 else concatenate(pieces, axis=axis)


class _Conv(KerasLayer, nn.Module):
    """What Conv2D and Conv2DTranspose share: arguments, lazy build, bias and activation."""

    def __init__(self, filters, kernel_size, strides, padding, activation, use_bias, kernel_initializer,
                 bias_initializer, data_format, dilation_rate, kwargs):
        nn.Module.__init__(self)
        owner = type(self).__name__
        if data_format not in (None, "channels_last"):
            raise ValueError(f"{owner}: only data_format='channels_last' (Keras' default) is supported; for "
                             "channels-first images use nn.Conv2d")
        if pair(dilation_rate, "dilation_rate", owner) != (1, 1):
            raise NotImplementedError(f"{owner}: dilation_rate other than 1 is not supported in minigrad")
        if isinstance(filters, bool) or not isinstance(filters, (int, np.integer)) or filters < 1:
            raise TypeError(f"{owner}: filters must be a positive int (the number of output channels), got {filters!r}")
        self.filters = int(filters)
        self.kernel_size, self.strides = pair(kernel_size, "kernel_size", owner), pair(strides, "strides", owner)
        self.padding = _check_padding(padding, owner)
        self.activation, self.use_bias = activation, bool(use_bias)
        self.fn = None if activation is None else get_function(
            activation.lower() if isinstance(activation, str) else activation, owner)
        self.initializers = (kernel_initializer, bias_initializer)
        self.kernel = self.bias = None
        self._built = False
        self.keras_options(kwargs)
        if self.input_shape is not None:
            self.build(self.input_shape)

    def build(self, input_shape):
        if self._built:
            return
        if len(input_shape) != 3:
            raise ValueError(f"{self.name} ({type(self).__name__}): expects images (H, W, C) per sample, got sample "
                             f"shape {tuple(input_shape)}")
        channels = int(input_shape[-1])
        kh, kw = self.kernel_size
        shape = self.kernel_shape(channels)
        fan_in, fan_out = kh * kw * shape[2], kh * kw * shape[3]
        rng = self.__dict__.get("init_rng")
        self.kernel = initialize(nn.Parameter(np.zeros(shape)), self.initializers[0], fan_in, fan_out, self.name, rng)
        if self.use_bias:
            self.bias = initialize(nn.Parameter(np.zeros(self.filters)), self.initializers[1], fan_in, fan_out,
                                   self.name, rng)
        self.channels = channels
        self._built = True

    def forward(self, x):
        x = _image(self, x)
        self.build(x.shape[1:])
        if x.shape[-1] != self.channels:
            raise ValueError(f"{self.name} ({type(self).__name__}): built for {self.channels} input channels, got "
                             f"images of shape {x.shape} with {x.shape[-1]}")
        out = _channels_last(self.convolve(_channels_first(x)))
        return out if self.fn is None else self.fn(out)

    def extra_repr(self):
        return f"{self.filters}, kernel_size={self.kernel_size}, strides={self.strides}, padding={self.padding!r}"


class Conv2D(_Conv):
    """``Conv2D(filters, kernel_size, strides=1, padding="valid", activation=None)``:

        out[n, i, j, o] = b[o] + sum_{u, v, c} K[u, v, c, o] * x_padded[n, i*s + u, j*s + v, c]

    (nn.Conv2d's formula, channels last). 'valid': H_out = (H - k) // s + 1; 'same': ceil(H / s)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, activation, use_bias, kernel_initializer,
                         bias_initializer, data_format, dilation_rate, kwargs)

    def kernel_shape(self, channels):
        return (*self.kernel_size, channels, self.filters)

    def convolve(self, x):
        weight = self.kernel.transpose(3, 2, 0, 1)  # (kh, kw, in, out) -> (out, in, kh, kw)
        padding = (0, 0)
        if self.padding == "same":
            (top, bottom), (left, right) = (same_padding(size, k, s) for size, k, s in
                                            zip(x.shape[2:], self.kernel_size, self.strides))
            x = pad(pad(x, 2, 0, bottom - top), 3, 0, right - left)  # the odd extra row/column goes last
            padding = (top, left)
        return F.conv2d(x, weight, self.bias, stride=self.strides, padding=padding)

    def compute_output_shape(self, input_shape):
        self.build(tuple(input_shape))
        h, w, _ = input_shape
        sizes = [math.ceil(n / s) if self.padding == "same" else (n - k) // s + 1
                 for n, k, s in zip((h, w), self.kernel_size, self.strides)]
        return (*sizes, self.filters)


class Conv2DTranspose(_Conv):
    """``Conv2DTranspose(filters, kernel_size, strides=1, padding="valid")``: the transpose of Conv2D, which
    upsamples: 'same' gives H_out = H s, 'valid' H_out = (H - 1) s + max(k, s). It runs nn's
    F.conv_transpose2d without padding, (H - 1) s + k rows, then crops the rows a 'same' conv would have padded."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs):
        if output_padding is not None:
            raise NotImplementedError("Conv2DTranspose: output_padding is not supported in minigrad; leave it None")
        super().__init__(filters, kernel_size, strides, padding, activation, use_bias, kernel_initializer,
                         bias_initializer, data_format, dilation_rate, kwargs)

    def kernel_shape(self, channels):
        return (*self.kernel_size, self.filters, channels)

    def convolve(self, x):
        weight = self.kernel.transpose(3, 2, 0, 1)  # (kh, kw, out, in) -> (in, out, kh, kw)
        extra = tuple(max(s - k, 0) for k, s in zip(self.kernel_size, self.strides))
        out = F.conv_transpose2d(x, weight, self.bias, stride=self.strides, output_padding=extra)
        if self.padding == "valid":
            return out
        (h, w), (kh, kw), (sh, sw) = x.shape[2:], self.kernel_size, self.strides
        top, left = max(kh - sh, 0) // 2, max(kw - sw, 0) // 2
        return out[:, :, top:top + h * sh, left:left + w * sw]

    def compute_output_shape(self, input_shape):
        self.build(tuple(input_shape))
        h, w, _ = input_shape
        sizes = [n * s if self.padding == "same" else (n - 1) * s + max(k, s)
                 for n, k, s in zip((h, w), self.kernel_size, self.strides)]
        return (*sizes, self.filters)


class _Pool(KerasLayer, nn.Module):
    def __init__(self, pool_size, strides, padding, data_format, kwargs):
        nn.Module.__init__(self)
        owner = type(self).__name__
        if data_format not in (None, "channels_last"):
            raise ValueError(f"{owner}: only data_format='channels_last' is supported")
        self.pool_size = pair(pool_size, "pool_size", owner)
        self.strides = self.pool_size if strides is None else pair(strides, "strides", owner)
        self.padding = _check_padding(padding, owner)
        self.keras_options(kwargs)

    def compute_output_shape(self, input_shape):
        h, w, c = input_shape
        sizes = [math.ceil(n / s) if self.padding == "same" else (n - k) // s + 1
                 for n, k, s in zip((h, w), self.pool_size, self.strides)]
        return (*sizes, c)


class MaxPooling2D(_Pool):
    """``MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid")``: the largest value of each window, per
    channel (F.max_pool2d); the gradient goes to each window's argmax."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, kwargs)

    def forward(self, x):
        x = _channels_first(_image(self, x))
        if self.padding == "same":
            (top, bottom), (left, right) = (same_padding(n, k, s) for n, k, s in
                                            zip(x.shape[2:], self.pool_size, self.strides))
            low = float(np.min(x.data)) - 1.0  # below every value, so padding never wins a window
            x = pad(pad(x, 2, top, bottom, low), 3, left, right, low)
        return _channels_last(F.max_pool2d(x, self.pool_size, stride=self.strides))


class AveragePooling2D(_Pool):
    """``AveragePooling2D(pool_size=(2, 2))``: the mean of each window, per channel. Windows that tile the
    image (strides == pool_size, 'valid') only."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, kwargs)
        if self.strides != self.pool_size or self.padding != "valid":
            raise NotImplementedError("AveragePooling2D: only strides == pool_size with padding='valid' is "
                                      "supported in minigrad")

    def forward(self, x):
        x = _image(self, x)
        (ph, pw), (n, h, w, c) = self.pool_size, x.shape
        x = x[:, :h // ph * ph, :w // pw * pw]
        return x.reshape(n, h // ph, ph, w // pw, pw, c).mean(axis=(2, 4))


class GlobalAveragePooling2D(KerasLayer, nn.Module):
    """``GlobalAveragePooling2D()``: each channel's mean over the image, (N, H, W, C) -> (N, C)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        nn.Module.__init__(self)
        self.keepdims = keepdims
        self.keras_options(kwargs)

    def forward(self, x):
        return _image(self, x).mean(axis=(1, 2), keepdims=self.keepdims)


class GlobalMaxPooling2D(KerasLayer, nn.Module):
    """``GlobalMaxPooling2D()``: each channel's largest value over the image, (N, H, W, C) -> (N, C)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        nn.Module.__init__(self)
        self.keepdims = keepdims
        self.keras_options(kwargs)

    def forward(self, x):
        return _image(self, x).max(axis=(1, 2), keepdims=self.keepdims)


class UpSampling2D(KerasLayer, nn.Module):
    """``UpSampling2D(size=(2, 2))``: nearest-neighbour upsampling, each pixel repeated size x size times.
    The gradient of an output pixel block sums back into its pixel (broadcast_to's backward)."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        nn.Module.__init__(self)
        if interpolation != "nearest":
            raise NotImplementedError("UpSampling2D: only interpolation='nearest' is supported in minigrad")
        self.size = pair(size, "size", "UpSampling2D")
        self.keras_options(kwargs)

    def forward(self, x):
        x = _image(self, x)
        (n, h, w, c), (sh, sw) = x.shape, self.size
        tiled = x.reshape(n, h, 1, w, 1, c).broadcast_to((n, h, sh, w, sw, c))
        return tiled.reshape(n, h * sh, w * sw, c)


class ZeroPadding2D(KerasLayer, nn.Module):
    """``ZeroPadding2D(padding=1)``: rows and columns of zeros around each image. ``padding`` is an int, a
    pair (rows, columns) or ((top, bottom), (left, right))."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        nn.Module.__init__(self)
        if isinstance(padding, (int, np.integer)):
            padding = ((padding, padding), (padding, padding))
        elif all(isinstance(p, (int, np.integer)) for p in padding):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = tuple(tuple(int(v) for v in side) for side in padding)
        self.keras_options(kwargs)

    def forward(self, x):
        (top, bottom), (left, right) = self.padding
        return pad(pad(_image(self, x), 1, top, bottom), 2, left, right)
