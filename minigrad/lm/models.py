"""Four models of the next character, from a table of counts to attention (guide chapter 11).

Each one answers the same question, p(next character | the characters before), and is scored the same way:
the mean of -log p(the true next character) over every character of every validation name and its end, in nats
per character (27 equally likely symbols would score log 27 = 3.30).

1. ``CountingBigram``: count which character follows which, then normalize the rows. No gradient at all.
2. ``Bigram``: the same 27 x 27 table of logits, learned by gradient descent. It reaches the counting loss.
3. ``MLP``: Bengio et al. (2003), "A neural probabilistic language model": the embeddings of the last k
   characters, side by side, feed a hidden layer, then a softmax over the next character.
4. ``AttentionLM``: a small transformer. Every position sees the whole name so far through causal self-attention.

The window models (1-3) read the last ``block_size`` characters, padded with '.' before a name starts; the
attention model reads '.' + the name so far, at most ``block_size`` symbols.
"""
import numpy as np

from .. import functional as F
from .. import nn
from ..engine import no_grad


class CountingBigram:
    """p(next | previous) = (N[previous, next] + smoothing) / sum over c of (N[previous, c] + smoothing), where
    N counts the training pairs. Smoothing (add-one by default) keeps unseen pairs possible: log 0 would be -inf."""

    block_size = 1
    max_length = None

    def __init__(self, vocab_size, smoothing=1.0):
        self.counts = np.zeros((vocab_size, vocab_size))
        self.smoothing = float(smoothing)

    def examples(self, corpus, split):
        return corpus.contexts(split, self.block_size)

    def fit(self, X, Y):
        """Count the pairs (last character of each context, next character)."""
        np.add.at(self.counts, (np.asarray(X)[:, -1], np.asarray(Y)), 1)
        return self

    def log_probs(self):
        table = self.counts + self.smoothing
        return np.log(table / table.sum(axis=1, keepdims=True))

    def loss(self, X, Y):
        """The mean of -log p(Y | X) in nats per character, a float."""
        return float(-self.log_probs()[np.asarray(X)[:, -1], np.asarray(Y)].mean())

    def next_logits(self, ids):
        return self.log_probs()[ids[-1] if len(ids) else 0]


class WindowModel(nn.Module):
    """What the gradient-trained window models share: contexts of exactly ``block_size`` ids, a cross-entropy
    loss, and the logits of the character after a name so far (its last ``block_size`` characters)."""

    block_size = 1
    max_length = None

    def examples(self, corpus, split):
        return corpus.contexts(split, self.block_size)

    def check(self, X):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.block_size:
            raise ValueError(f"{type(self).__name__}: expected contexts of shape (N, {self.block_size}) (the last "
                             f"{self.block_size} character ids), got {X.shape}. The model reads exactly "
                             f"block_size={self.block_size} characters; pad shorter contexts with '.' (id 0).")
        return X

    def loss(self, X, Y):
        return F.cross_entropy(self(X), Y)

    def next_logits(self, ids):
        context = ([0] * self.block_size + list(ids))[-self.block_size:]
        with no_grad():
            return self(np.array([context])).data[0]


class Bigram(WindowModel):
    """logits = W[previous character]: a 27 x 27 table of learned scores, p = softmax(logits). An Embedding layer
    is exactly such a table (row i = the logits after character i)."""

    def __init__(self, vocab_size):
        super().__init__()
        self.table = nn.Embedding(vocab_size, vocab_size)
        nn.init.zeros_(self.table.weight)  # start from the uniform distribution

    def forward(self, X):
        return self.table(self.check(X)[:, -1])


class MLP(WindowModel):
    """Bengio et al. (2003): e = [C[c1], ..., C[ck]] (k embeddings of size d, side by side),
    h = tanh(e W1 + b1), logits = h W2 + b2. Characters used alike get nearby embeddings."""

    def __init__(self, vocab_size, block_size=3, embed_dim=10, hidden=200):
        super().__init__()
        self.block_size = int(block_size)
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.hidden = nn.Linear(self.block_size * embed_dim, hidden, activation="tanh")
        self.output = nn.Linear(hidden, vocab_size)

    def forward(self, X):
        e = self.embedding(self.check(X))                  # (N, k, d)
        return self.output(self.hidden(e.reshape(len(e.data), -1)))


class Block(nn.Module):
    """A transformer block (pre-norm, as in GPT-2): x + attention(LayerNorm(x)), then x + MLP(LayerNorm(x)).
    Attention mixes positions; the MLP then works on each position alone."""

    def __init__(self, embed_dim, num_heads, block_size):
        super().__init__()
        self.norm1 = nn.LayerNorm(embed_dim)
        self.attention = nn.CausalSelfAttention(embed_dim, num_heads, block_size)
        self.norm2 = nn.LayerNorm(embed_dim)
        self.mlp = nn.Sequential(nn.Linear(embed_dim, 4 * embed_dim, activation="relu"),
                                 nn.Linear(4 * embed_dim, embed_dim))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class AttentionLM(nn.Module):
    """x = token embedding + position embedding, then transformer blocks, LayerNorm, and logits at every
    position: logits[:, t] scores the character after X[:, :t + 1]. ``block_size`` is the longest input."""

    def __init__(self, vocab_size, block_size, embed_dim=32, num_heads=2, num_blocks=1):
        super().__init__()
        self.block_size, self.max_length = int(block_size), int(block_size) - 1
        self.tokens = nn.Embedding(vocab_size, embed_dim)
        self.positions = nn.Embedding(block_size, embed_dim)
        self.blocks = nn.Sequential(*[Block(embed_dim, num_heads, block_size) for _ in range(num_blocks)])
        self.norm = nn.LayerNorm(embed_dim)
        self.output = nn.Linear(embed_dim, vocab_size)

    def examples(self, corpus, split):
        return corpus.sequences(split, self.block_size)

    def forward(self, X):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] > self.block_size:
            raise ValueError(f"AttentionLM: expected ids of shape (N, T) with T <= block_size={self.block_size}, "
                             f"got {X.shape}: the context is longer than the model's. Use at most "
                             f"{self.block_size} symbols ('.' and {self.max_length} characters).")
        x = self.tokens(X) + self.positions(np.arange(X.shape[1]))
        return self.output(self.norm(self.blocks(x)))

    def loss(self, X, Y):
        """Cross-entropy over the positions that have a target (Y >= 0; padding is -1)."""
        logits = self(X)
        keep = np.asarray(Y).reshape(-1) >= 0
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1])[keep], np.asarray(Y).reshape(-1)[keep])

    def next_logits(self, ids):
        with no_grad():
            return self(np.array([[0] + list(ids)])).data[0, -1]
