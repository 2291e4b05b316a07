"""Dropout: a regularizer that, while training, zeroes each activation with probability p.

Inverted dropout: the survivors are scaled by 1 / (1 - p), so the expected output equals the input and
evaluation needs no rescaling:

    training:   out = x * m / (1 - p),  m ~ Bernoulli(1 - p);   dx = dout * m / (1 - p)
    evaluation: out = x;                                         dx = dout
"""
from .. import functional as F
from ..engine import as_value
from . import init
from .module import Module


class Dropout(Module):
    """Zero each entry with probability ``p`` in training mode; the identity in eval mode.

    Masks come from ``rng`` or from ``nn.init``'s seeded generator, so ``nn.init.seed(n)`` repeats them."""

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        if not 0.0 <= float(p) < 1.0:
            raise ValueError(f"Dropout: p is the probability of dropping an entry and must lie in [0, 1), got {p}.")
        self.p, self.rng = float(p), rng

    def forward(self, x):
        return F.dropout(as_value(x), self.p, training=self.training, rng=init.default_rng(self.rng))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return f"p={self.p}"
