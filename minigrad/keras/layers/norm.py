"""``BatchNormalization``, Keras' way: the features are on the LAST axis (channels last), and

    training:   out = gamma * (x - mu_batch) / sqrt(var_batch + epsilon) + beta
                moving_mean <- momentum * moving_mean + (1 - momentum) * mu_batch      (momentum = 0.99)
    evaluation: the same with moving_mean and moving_variance

Keras' ``momentum`` is the weight of the old value, PyTorch's the weight of the new one, so F.batch_norm gets
1 - momentum. (Keras updates moving_variance with the batch's biased variance; F.batch_norm, like PyTorch,
uses the unbiased one: a factor M / (M - 1) for M values per feature.)
"""
import numpy as np

from ... import functional as F
from ... import nn
from ...engine import Value, as_value
from .base import KerasLayer


class BatchNormalization(KerasLayer, nn.Module):
    """``BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True)`` over the last axis
    of (N, features) or (N, H, W, channels) inputs."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, **kwargs):
        nn.Module.__init__(self)
        if axis not in (-1,):
            raise NotImplementedError("BatchNormalization: only axis=-1 (features last, Keras' default) is "
                                      "supported in minigrad")
        self.momentum, self.epsilon, self.center, self.scale = float(momentum), float(epsilon), center, scale
        self.gamma = self.beta = None
        self.moving_mean = self.moving_variance = None
        self._built = False
        self.keras_options(kwargs)
        if self.input_shape is not None:
            self.build(self.input_shape)

    def build(self, input_shape):
        if self._built:
            return
        features = int(input_shape[-1])
        self.gamma = nn.Parameter(np.ones(features)) if self.scale else None
        self.beta = nn.Parameter(np.zeros(features)) if self.center else None
        self.register_buffer("moving_mean", np.zeros(features, dtype=np.float32))
        self.register_buffer("moving_variance", np.ones(features, dtype=np.float32))
        self._built = True

    def forward(self, x):
        x = as_value(x if isinstance(x, Value) else np.asarray(x, dtype=np.float32))
        self.build(x.shape[1:])
        if x.shape[-1] != self.moving_mean.shape[0]:
            raise ValueError(f"{self.name} (BatchNormalization): built for {self.moving_mean.shape[0]} features on "
                             f"the last axis, got input of shape {x.shape}")
        moved = x if x.ndim == 2 else x.transpose(0, x.ndim - 1, *range(1, x.ndim - 1))
        out = F.batch_norm(moved, self.moving_mean, self.moving_variance, self.gamma, self.beta,
                           training=self.training, momentum=1.0 - self.momentum, eps=self.epsilon)
        return out if x.ndim == 2 else out.transpose(0, *range(2, x.ndim), 1)

    def compute_output_shape(self, input_shape):
        self.build(tuple(input_shape))
        return tuple(input_shape)

    def extra_repr(self):
        return f"momentum={self.momentum}, epsilon={self.epsilon}"
