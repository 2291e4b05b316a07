"""Convolution and pooling layers for images in (N, C, H, W) layout, as in PyTorch.

Conv2d slides ``out_channels`` filters of shape (C_in, kh, kw) over the image; each output pixel is a neuron
that sees only a kh x kw patch, and all pixels share the filter's weights:

    out[n, o, i, j] = b[o] + sum_{c, u, v} W[o, c, u, v] * x_padded[n, c, i*s + u, j*s + v]
    H_out = (H + 2p - kh) // s + 1

``F.conv2d`` unfolds the patches into a matrix (im2col) so that the sum is one BLAS product; its backward
folds the gradient back (col2im). ConvTranspose2d runs that map backwards: it upsamples, as a DCGAN generator
needs, with H_out = (H - 1) s - 2p + kh + output_padding. MaxPool2d keeps the largest value of each window and
sends the gradient back to that argmax alone.
"""
import math

import numpy as np

from .. import functional as F
from . import init
from .module import Module, Parameter, as_input


def _pair(value, name, where):
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) for v in pair):
        raise TypeError(f"{where}: {name} must be an int or a pair of ints, got {value!r}.")
    return tuple(int(v) for v in pair)


def _check_image(layer, x, channels):
    if x.ndim != 4 or x.shape[1] != channels:
        raise ValueError(f"{layer!r}: expected input of shape (N, {channels}, H, W), got {x.shape}. Images are "
                         "batched NCHW: reshape a single image to (1, C, H, W).")


class _Conv(Module):
    """Shared by Conv1d, Conv2d and ConvTranspose2d: the weight, the bias and PyTorch's default init for all."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, bias, weight_shape, rng):
        super().__init__()
        where = type(self).__name__
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _pair(kernel_size, "kernel_size", where)
        self.stride = _pair(stride, "stride", where)
        self.padding = padding if isinstance(padding, str) or np.size(padding) == 4 else _pair(padding, "padding",
                                                                                              where)
        self.weight = Parameter(np.zeros(weight_shape + self.kernel_size))
        bound = 1.0 / math.sqrt(init.fans(self.weight)[0])  # PyTorch's kaiming_uniform_(a=sqrt(5))
        init.uniform_(self.weight, -bound, bound, rng)
        self.bias = init.uniform_(Parameter(np.zeros(self.out_channels)), -bound, bound, rng) if bias else None

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, bias={self.bias is not None}")


class Conv2d(_Conv):
    """out = act(conv2d(x, W) + b) with W: (out_channels, in_channels / groups, kh, kw); weights start as in
    PyTorch (uniform in +-1/sqrt(fan_in)). ``padding``: an int, a pair, 'valid', 'same' or (left, right, top,
    bottom); ``dilation`` spaces the kernel's taps; ``groups`` splits the channels into independent convolutions.
    ``activation`` (None, 'relu', 'leaky_relu', 'sigmoid', 'tanh') runs fused with the bias add, as in Linear:
    ``Conv2d(1, 32, 3, activation="relu")`` is Keras's ``Conv2D(32, 3, activation="relu")``."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 rng=None, activation=None, negative_slope=0.01):
        if activation not in F.ACTIVATIONS:
            raise ValueError(f"Conv2d: unknown activation {activation!r}; choose one of {F.ACTIVATIONS}, or add "
                             "an activation layer after the convolution.")
        if int(in_channels) % groups or int(out_channels) % groups:
            raise ValueError(f"Conv2d: groups={groups} must divide in_channels={in_channels} and "
                             f"out_channels={out_channels}.")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, bias,
                         (int(out_channels), int(in_channels) // groups), rng)
        self.dilation, self.groups = _pair(dilation, "dilation", "Conv2d"), int(groups)
        self.activation, self.negative_slope = activation, negative_slope
        F.conv2d_output_size(self.kernel_size, self.kernel_size, self.stride, self.padding, self.dilation)  # checks

    def forward(self, x):
        x = as_input(x, self.weight.dtype)
        _check_image(self, x, self.in_channels)
        return F.conv2d(x, self.weight, self.bias, stride=self.stride, padding=self.padding, dilation=self.dilation,
                        groups=self.groups, activation=self.activation, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        _, h, w = input_shape
        return (self.out_channels,) + F.conv2d_output_size((h, w), self.kernel_size, self.stride, self.padding,
                                                           self.dilation)

    def extra_repr(self):
        extra = "" if self.dilation == (1, 1) else f", dilation={self.dilation}"
        extra += "" if self.groups == 1 else f", groups={self.groups}"
        return super().extra_repr() + extra + ("" if self.activation is None else f", activation={self.activation!r}")


class Conv1d(Module):
    """out = conv1d(x, W) + b for sequences (N, C, L), with W: (out_channels, in_channels / groups, k):
    a Conv2d on images one pixel high. ``padding``: an int, 'valid', 'same' or (left, right)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 rng=None):
        super().__init__()
        k = _single(kernel_size, "kernel_size")
        self.in_channels, self.out_channels, self.kernel_size = int(in_channels), int(out_channels), k
        self.stride, self.dilation = _single(stride, "stride"), _single(dilation, "dilation")
        self.padding, self.groups = padding, int(groups)
        if isinstance(padding, str) and padding not in ("same", "valid") or padding == "same" and self.stride != 1:
            raise ValueError(f"Conv1d: padding must be an int, (left, right), 'valid', or 'same' (at stride 1), got "
                             f"{padding!r} with stride {self.stride}.")
        if self.in_channels % groups or self.out_channels % groups:
            raise ValueError(f"Conv1d: groups={groups} must divide in_channels={in_channels} and "
                             f"out_channels={out_channels}.")
        self.weight = Parameter(np.zeros((self.out_channels, self.in_channels // self.groups, k)))
        bound = 1.0 / math.sqrt(init.fans(self.weight)[0])
        init.uniform_(self.weight, -bound, bound, rng)
        self.bias = init.uniform_(Parameter(np.zeros(self.out_channels)), -bound, bound, rng) if bias else None

    def forward(self, x):
        x = as_input(x, self.weight.dtype)
        if x.ndim != 3 or x.shape[1] != self.in_channels:
            raise ValueError(f"{self!r}: expected input of shape (N, {self.in_channels}, L), got {x.shape}.")
        return F.conv1d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def compute_output_shape(self, input_shape):
        _, length = input_shape
        padding = self.padding
        if not isinstance(padding, str):
            p = (padding,) if np.ndim(padding) == 0 else tuple(padding)
            padding = (p[0], p[-1], 0, 0)
        return (self.out_channels,) + F.conv2d_output_size((1, length), (1, self.kernel_size), (1, self.stride),
                                                           padding, (1, self.dilation))[1:]

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation}, groups={self.groups}, "
                f"bias={self.bias is not None}")


class ConvTranspose2d(_Conv):
    """The transpose (adjoint) of Conv2d: it upsamples. W: (in_channels, out_channels, kh, kw), as in PyTorch."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, bias=True,
                 rng=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, bias,
                         (int(in_channels), int(out_channels)), rng)
        self.output_padding = _pair(output_padding, "output_padding", type(self).__name__)

    def forward(self, x):
        x = as_input(x, self.weight.dtype)
        _check_image(self, x, self.in_channels)
        return F.conv_transpose2d(x, self.weight, self.bias, stride=self.stride, padding=self.padding,
                                  output_padding=self.output_padding)

    def compute_output_shape(self, input_shape):
        _, h, w = input_shape
        (kh, kw), (sh, sw), (ph, pw), (oh, ow) = self.kernel_size, self.stride, self.padding, self.output_padding
        return self.out_channels, (h - 1) * sh - 2 * ph + kh + oh, (w - 1) * sw - 2 * pw + kw + ow

    def extra_repr(self):
        return super().extra_repr() + f", output_padding={self.output_padding}"


class MaxPool2d(Module):
    """out[n, c, i, j] = max of x over the kernel_size window at (i*s, j*s); dx = dout at each window's argmax.

    ``stride`` defaults to ``kernel_size`` (windows that do not overlap); ``dilation`` spaces the window's taps;
    ``ceil_mode`` keeps a last, partial window."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", "MaxPool2d")
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", "MaxPool2d")
        self.padding = _pair(padding, "padding", "MaxPool2d")
        self.dilation, self.ceil_mode = _pair(dilation, "dilation", "MaxPool2d"), bool(ceil_mode)

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim != 4:
            raise ValueError(f"{self!r}: expected input of shape (N, C, H, W), got {x.shape}.")
        return F.max_pool2d(x, self.kernel_size, stride=self.stride, padding=self.padding, dilation=self.dilation,
                            ceil_mode=self.ceil_mode)

    def compute_output_shape(self, input_shape):
        c, h, w = input_shape
        return (c,) + tuple(F.pool_output_size(n, d * (k - 1) + 1, s, p, self.ceil_mode) for n, k, s, p, d in
                            zip((h, w), self.kernel_size, self.stride, self.padding, self.dilation))

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool2d(Module):
    """out[n, c, i, j] = the mean of x over the kernel_size window at (i*s, j*s); dx = dout / window size, spread
    over the window. ``count_include_pad=False`` divides by the real entries only."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", "AvgPool2d")
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", "AvgPool2d")
        self.padding = _pair(padding, "padding", "AvgPool2d")
        self.ceil_mode, self.count_include_pad = bool(ceil_mode), bool(count_include_pad)
        self.divisor_override = divisor_override

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim not in (3, 4):
            raise ValueError(f"{self!r}: expected input of shape (N, C, H, W) or (C, H, W), got {x.shape}.")
        return F.avg_pool2d(x, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad,
                            self.divisor_override)

    def compute_output_shape(self, input_shape):
        c, h, w = input_shape
        return (c,) + tuple(F.pool_output_size(n, k, s, p, self.ceil_mode) for n, k, s, p in
                            zip((h, w), self.kernel_size, self.stride, self.padding))

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size, whatever the input's; ``AdaptiveAvgPool2d(1)`` is global average
    pooling (one number per channel), which lets a CNN end without a flatten of a fixed size."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return F.adaptive_avg_pool2d(as_input(x, np.float32), self.output_size)

    def compute_output_shape(self, input_shape):
        c, h, w = input_shape
        size = self.output_size if isinstance(self.output_size, (tuple, list)) else (self.output_size,) * 2
        return c, h if size[0] is None else size[0], w if size[1] is None else size[1]

    def extra_repr(self):
        return f"output_size={self.output_size}"


class Upsample(Module):
    """Resize images (or sequences) to ``size`` or by ``scale_factor``: mode 'nearest' repeats pixels, as a DCGAN
    generator may upsample before a convolution; 'bilinear' blends the nearest four."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None):
        super().__init__()
        self.size, self.scale_factor, self.mode, self.align_corners = size, scale_factor, mode, align_corners

    def forward(self, x):
        return F.interpolate(as_input(x, np.float32), self.size, self.scale_factor, self.mode, self.align_corners)

    def compute_output_shape(self, input_shape):
        c, *spatial = input_shape
        if self.size is not None:
            return (c,) + (tuple(self.size) if isinstance(self.size, (tuple, list)) else (self.size,) * len(spatial))
        scales = self.scale_factor if isinstance(self.scale_factor, (tuple, list)) else [self.scale_factor] * len(
            spatial)
        return (c,) + tuple(int(math.floor(n * f)) for n, f in zip(spatial, scales))

    def extra_repr(self):
        what = f"size={self.size}" if self.size is not None else f"scale_factor={self.scale_factor}"
        return f"{what}, mode={self.mode!r}"


def _single(value, name):
    value = value[0] if isinstance(value, (tuple, list)) and len(value) == 1 else value
    if not isinstance(value, (int, np.integer)):
        raise TypeError(f"Conv1d: {name} must be an int, got {value!r}.")
    return int(value)
