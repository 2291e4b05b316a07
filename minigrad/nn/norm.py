"""Batch normalization: standardize each channel over the batch, then scale and shift it with learned gamma, beta.

    training:   mu, var = mean and (biased) variance of the channel over the batch (and H, W for images)
                out = gamma * (x - mu) / sqrt(var + eps) + beta
                running_mean <- (1 - momentum) running_mean + momentum mu   (running_var with unbiased var)
    evaluation: the same with running_mean and running_var in place of mu and var

The backward pass in training mode goes through mu and var too (``F.batch_norm`` does it in one kernel):
with xhat = (x - mu) / sigma,  dx = gamma / sigma * (g - mean(g) - xhat * mean(g * xhat)),
dgamma = sum(g * xhat),  dbeta = sum(g).  The running statistics are buffers: saved with the weights, not trained.
"""
import numpy as np

from .. import functional as F
from .module import Module, Parameter, as_input


class _BatchNorm(Module):
    """What BatchNorm1d and BatchNorm2d share; they differ only in the input ranks they accept."""

    ranks = ()
    layout = ""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        super().__init__()
        self.num_features, self.eps, self.momentum, self.affine = int(num_features), float(eps), float(momentum), affine
        self.weight = Parameter(np.ones(self.num_features)) if affine else None
        self.bias = Parameter(np.zeros(self.num_features)) if affine else None
        self.register_buffer("running_mean", np.zeros(self.num_features, dtype=np.float32))
        self.register_buffer("running_var", np.ones(self.num_features, dtype=np.float32))

    def forward(self, x):
        x = as_input(x, self.running_mean.dtype)
        if x.ndim not in self.ranks or x.shape[1] != self.num_features:
            raise ValueError(f"{self!r}: expected input of shape {self.layout} with C = {self.num_features}, "
                             f"got {x.shape}.")
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, training=self.training,
                            momentum=self.momentum, eps=self.eps)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"


class BatchNorm1d(_BatchNorm):
    """Batch norm of features: input (N, C) or (N, C, L), statistics per feature C."""

    ranks = (2, 3)
    layout = "(N, C) or (N, C, L)"


class BatchNorm2d(_BatchNorm):
    """Batch norm of image channels: input (N, C, H, W), statistics per channel over N, H and W."""

    ranks = (4,)
    layout = "(N, C, H, W)"


class LayerNorm(Module):
    """Layer normalization (Ba, Kiros and Hinton, 2016): standardize each sample over its last axes, then scale
    and shift it with learned gamma, beta. Unlike batch norm it needs no batch and keeps no running statistics,
    so training and evaluation compute the same thing; transformers put one before each block.

        mu = mean(x) and var = mean((x - mu)^2) over the last axes (of shape ``normalized_shape``)
        out = gamma * (x - mu) / sqrt(var + eps) + beta

    ``F.layer_norm`` builds it from Value ops (mean, var, -, /, sqrt, *, +), so its gradient comes from their
    rules. Written out, with xhat = (x - mu) / sigma and h = dout * gamma:
    dx = (h - mean(h) - xhat * mean(h * xhat)) / sigma,  dgamma = sum of dout * xhat over the other axes,
    dbeta = sum of dout.
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.affine = tuple(int(n) for n in shape), float(eps), elementwise_affine
        self.weight = Parameter(np.ones(self.normalized_shape)) if elementwise_affine else None
        self.bias = Parameter(np.zeros(self.normalized_shape)) if elementwise_affine else None

    def forward(self, x):
        x = as_input(x, np.float32)
        n = len(self.normalized_shape)
        if x.ndim < n or x.shape[x.ndim - n:] != self.normalized_shape:
            raise ValueError(f"{self!r}: the last axes of the input must have shape {self.normalized_shape}, got "
                             f"input of shape {x.shape}.")
        return F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        shape = self.normalized_shape[0] if len(self.normalized_shape) == 1 else self.normalized_shape
        return f"{shape}, eps={self.eps}, elementwise_affine={self.affine}"


class GroupNorm(Module):
    """Group normalization (Wu and He, 2018): the channels in ``num_groups`` groups, each sample's group
    standardized over its channels and positions, then a learned gamma, beta per channel. Like layer norm it
    needs no batch statistics, so it works with batches of one (GAN generators, small-batch training).
    Input (N, C, ...) with C = num_channels."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True):
        super().__init__()
        if int(num_channels) % int(num_groups):
            raise ValueError(f"GroupNorm: num_channels={num_channels} must be divisible by num_groups={num_groups}.")
        self.num_groups, self.num_channels, self.eps, self.affine = int(num_groups), int(num_channels), float(eps), \
            affine
        self.weight = Parameter(np.ones(self.num_channels)) if affine else None
        self.bias = Parameter(np.zeros(self.num_channels)) if affine else None

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(f"{self!r}: expected input of shape (N, {self.num_channels}, ...), got {x.shape}.")
        return F.group_norm(x, self.num_groups, self.weight, self.bias, self.eps)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"
