"""Train a language model, score it, and sample names from it.

    history = train(model, corpus, steps=5000, lr=1e-2, seconds=120)   # mini-batch AdamW, cosine decay
    evaluate(model, *model.examples(corpus, "val"))                    # nats per character
    sample(model, corpus.vocab, 20, temperature=0.8, top_k=10)         # 20 new names
"""
import math
import time

import numpy as np

from .. import optim
from ..engine import no_grad


def train(model, corpus, steps, batch_size=64, lr=1e-2, weight_decay=0.01, seconds=None, eval_every=200, seed=0):
    """Mini-batch gradient descent with AdamW on ``model.loss``: forward, backward, step, ``steps`` times or until
    ``seconds`` have passed. The learning rate falls from ``lr`` to lr / 10 on a cosine over whichever of the two
    budgets runs out first. Returns the history: step, seconds, training and validation loss, every
    ``eval_every`` steps and at the end."""
    X, Y = model.examples(corpus, "train")
    X_val, Y_val = model.examples(corpus, "val")
    optimizer = optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    rng = np.random.default_rng(seed)
    history = {"step": [], "seconds": [], "loss": [], "val_loss": []}
    start, running = time.perf_counter(), []
    for step in range(1, steps + 1):
        elapsed = time.perf_counter() - start
        progress = max(step / steps, elapsed / seconds if seconds else 0.0)
        optimizer.lr = lr * (0.1 + 0.45 * (1 + math.cos(math.pi * min(progress, 1.0))))
        batch = rng.integers(0, len(X), batch_size)
        model.train()
        loss = model.loss(X[batch], Y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running.append(loss.item())
        done = step == steps or (seconds is not None and elapsed > seconds)
        if step % eval_every == 0 or done:
            history["step"].append(step)
            history["seconds"].append(time.perf_counter() - start)
            history["loss"].append(float(np.mean(running)))
            history["val_loss"].append(evaluate(model, X_val, Y_val))
            running = []
        if done:
            break
    return history


def evaluate(model, X, Y):
    """The model's loss on (X, Y) in nats per character, without building a graph."""
    if not hasattr(model, "eval"):
        return model.loss(X, Y)
    model.eval()
    with no_grad():
        return model.loss(X, Y).item()


def sample(model, vocab, n, temperature=1.0, top_k=None, prompt="", max_length=30, seed=0):
    """``n`` names drawn one character at a time: p = softmax(logits / temperature), limited to the ``top_k``
    likeliest characters, until the end token '.' (or ``max_length`` characters). Lower temperature: safer, more
    common names; higher: stranger ones. Each name starts with ``prompt``."""
    if temperature <= 0:
        raise ValueError(f"sample: temperature must be > 0 (1 = the model's own distribution), got {temperature}")
    if top_k is not None and not 1 <= top_k <= vocab.size:
        raise ValueError(f"sample: top_k must be between 1 and the vocabulary size {vocab.size}, got {top_k}")
    start = [int(i) for i in vocab.encode(prompt)]
    if model.max_length is not None and len(start) > model.max_length:
        raise ValueError(f"sample: the prompt {prompt!r} has {len(start)} characters, a context longer than the "
                         f"model's: {type(model).__name__} reads at most {model.max_length}. Shorten the prompt.")
    limit = min(max_length, model.max_length or max_length)
    rng = np.random.default_rng(seed)
    names = []
    for _ in range(n):
        ids = list(start)
        while len(ids) < limit:
            logits = np.asarray(model.next_logits(ids), dtype=np.float64) / temperature
            if top_k is not None:
                logits = np.where(logits < np.sort(logits)[-top_k], -np.inf, logits)
            p = np.exp(logits - logits.max())
            next_id = int(rng.choice(len(p), p=p / p.sum()))
            if next_id == 0:
                break
            ids.append(next_id)
        names.append(vocab.decode(ids))
    return names


def new_share(samples, known):
    """The share of ``samples`` that are not in ``known`` (the training names): 1.0 = all new."""
    if not samples:
        raise ValueError("new_share: no samples to judge")
    known = set(known)
    return sum(name not in known for name in samples) / len(samples)
