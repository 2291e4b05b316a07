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
    """Shared by Conv2d and ConvTranspose2d: the weight, the bias and PyTorch's default init for both."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, bias, weight_shape, rng):
        super().__init__()
        where = type(self).__name__
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _pair(kernel_size, "kernel_size", where)
        self.stride, self.padding = _pair(stride, "stride", where), _pair(padding, "padding", where)
        self.weight = Parameter(np.zeros(weight_shape + self.kernel_size))
        bound = 1.0 / math.sqrt(init.fans(self.weight)[0])  # PyTorch's kaiming_uniform_(a=sqrt(5))
        init.uniform_(self.weight, -bound, bound, rng)
        self.bias = init.uniform_(Parameter(np.zeros(self.out_channels)), -bound, bound, rng) if bias else None

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, bias={self.bias is not None}")


class Conv2d(_Conv):
    """out = conv2d(x, W) + b with W: (out_channels, in_channels, kh, kw); weights start as in PyTorch
    (uniform in +-1/sqrt(in_channels kh kw))."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True, rng=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, bias,
                         (int(out_channels), int(in_channels)), rng)

    def forward(self, x):
        x = as_input(x, self.weight.dtype)
        _check_image(self, x, self.in_channels)
        return F.conv2d(x, self.weight, self.bias, stride=self.stride, padding=self.padding)

    def compute_output_shape(self, input_shape):
        _, h, w = input_shape
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        return self.out_channels, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1


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

    ``stride`` defaults to ``kernel_size`` (windows that do not overlap)."""

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", "MaxPool2d")
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", "MaxPool2d")
        self.padding = _pair(padding, "padding", "MaxPool2d")

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim != 4:
            raise ValueError(f"{self!r}: expected input of shape (N, C, H, W), got {x.shape}.")
        return F.max_pool2d(x, self.kernel_size, stride=self.stride, padding=self.padding)

    def compute_output_shape(self, input_shape):
        c, h, w = input_shape
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        return c, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
