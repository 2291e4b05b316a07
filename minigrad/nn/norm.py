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
    """Layer normalization (Ba, Kiros and Hinton, 2016): standardize each sample over its last axis, then scale
    and shift it with learned gamma, beta. Unlike batch norm it needs no batch and keeps no running statistics,
    so training and evaluation compute the same thing; transformers put one before each block.

        mu = mean(x) and var = mean((x - mu)^2) over the last axis (of size ``normalized_shape``)
        out = gamma * (x - mu) / sqrt(var + eps) + beta

    It is built from Value ops (mean, var, -, /, sqrt, *, +), so its gradient comes from their rules. Written
    out, with xhat = (x - mu) / sigma and g = dout * gamma:  dx = (g - mean(g) - xhat * mean(g * xhat)) / sigma,
    dgamma = sum of dout * xhat over the other axes,  dbeta = sum of dout.
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True):
        super().__init__()
        self.normalized_shape, self.eps, self.affine = int(normalized_shape), float(eps), elementwise_affine
        self.weight = Parameter(np.ones(self.normalized_shape)) if elementwise_affine else None
        self.bias = Parameter(np.zeros(self.normalized_shape)) if elementwise_affine else None

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim == 0 or x.shape[-1] != self.normalized_shape:
            raise ValueError(f"{self!r}: the last axis of the input must have {self.normalized_shape} entries, got "
                             f"input of shape {x.shape}.")
        mu = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        xhat = (x - mu) / (var + self.eps).sqrt()
        return xhat * self.weight + self.bias if self.affine else xhat

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.affine}"
