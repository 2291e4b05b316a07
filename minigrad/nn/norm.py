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
