"""Causal self-attention: each position of a sequence mixes in the positions before it, weighted by relevance.

For an input x of shape (B, T, d) and one head of size dh (``num_heads`` heads split d between them):

    q = x Wq,  k = x Wk,  v = x Wv                      queries, keys and values, each (B, T, dh) per head
    scores[t, s] = q[t] . k[s] / sqrt(dh)               how well position s answers position t's question
    scores[t, s] = -1e9 where s > t                     causal mask: no looking at the future
    weights = softmax(scores) over s                    each row sums to 1
    out = (weights @ v), the heads side by side, times Wo

Everything is built from graph ops (linear, @, where, F.softmax, reshape, transpose), so backprop needs no
rule of its own. The mask is a constant: ``where`` sends no gradient to the masked scores, and e^-1e9 = 0.
"""
import math

import numpy as np

from .. import functional as F
from ..engine import where
from .linear import Linear
from .module import Module, as_input

MASKED = -1e9  # the score of a future position: its weight e^(-1e9 - max) is exactly 0


class CausalSelfAttention(Module):
    """Multi-head causal self-attention over sequences of at most ``block_size`` positions: (B, T, d) -> (B, T, d).

    After each forward pass ``weights`` holds the attention weights (B, heads, T, T) as an array, for pictures."""

    def __init__(self, embed_dim, num_heads, block_size, rng=None):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError(f"CausalSelfAttention: embed_dim={embed_dim} must split evenly into num_heads="
                             f"{num_heads} heads.")
        self.embed_dim, self.num_heads, self.block_size = int(embed_dim), int(num_heads), int(block_size)
        self.query = Linear(embed_dim, embed_dim, bias=False, rng=rng)
        self.key = Linear(embed_dim, embed_dim, bias=False, rng=rng)
        self.value = Linear(embed_dim, embed_dim, bias=False, rng=rng)
        self.out = Linear(embed_dim, embed_dim, rng=rng)
        self.mask = np.tril(np.ones((self.block_size, self.block_size), dtype=bool))  # mask[t, s]: s <= t
        self.weights = None

    def forward(self, x):
        x = as_input(x, np.float32)
        if x.ndim != 3 or x.shape[-1] != self.embed_dim:
            raise ValueError(f"{self!r}: expected input of shape (B, T, {self.embed_dim}), got {x.shape}.")
        B, T, d = x.shape
        if T > self.block_size:
            raise ValueError(f"{self!r}: a sequence of {T} positions is longer than the model's context of "
                             f"block_size={self.block_size}. Give it at most the last {self.block_size} positions.")
        heads = lambda t: t.reshape(B, T, self.num_heads, d // self.num_heads).transpose(0, 2, 1, 3)  # (B, H, T, dh)
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(d // self.num_heads))
        weights = F.softmax(where(self.mask[:T, :T], scores, MASKED), axis=-1)
        self.weights = weights.data
        return self.out((weights @ v).transpose(0, 2, 1, 3).reshape(B, T, d))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def extra_repr(self):
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}, block_size={self.block_size}"
