"""Language models of names, character by character: from a table of counts to attention (guide chapter 11).

    from minigrad.data import datasets
    from minigrad import lm
    corpus = datasets.names()
    model = lm.MLP(corpus.vocab.size, block_size=3)
    lm.train(model, corpus, steps=5000)
    lm.sample(model, corpus.vocab, 10, temperature=0.8)
"""
from .models import MLP, AttentionLM, Bigram, Block, CountingBigram
from .train import evaluate, new_share, sample, train

__all__ = ["CountingBigram", "Bigram", "MLP", "Block", "AttentionLM", "train", "evaluate", "sample", "new_share"]
