"""Reference solutions, chapter 5."""
import numpy as np


def mse_backward(pred, target):
    return 2 * (pred - target) / np.size(pred)


def bce_backward(p, y):
    return (p - y) / (p * (1 - p) * np.size(p))


def softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = len(labels)
    loss = -log_probs[np.arange(m), labels].mean()
    grad = np.exp(log_probs)
    grad[np.arange(m), labels] -= 1
    return float(loss), grad / m
