"""Exercises for chapter 5, losses (docs/guide/05_losses.rst).

Each loss is averaged over the m entries (or the m rows) of the batch, as minigrad, PyTorch and Keras do; its
gradient therefore carries a 1/m. Grade with ``minigrad grade 5 --path DIR``.
"""
import numpy as np


def mse_backward(pred, target):
    """Exercise 5.1: the gradient of the mean squared error L = mean((pred - target)^2) with respect to pred.

    Task: return dL/dpred, an array of pred's shape (m entries in all).
    Formula: dL/dpred_i = 2 (pred_i - target_i) / m.
    Hint: minigrad's F.mse_loss has no 1/2 in front (the slides' version does), so the 2 stays.
    """
    raise NotImplementedError("exercise 5.1: write mse_backward")


def bce_backward(p, y):
    """Exercise 5.2: the gradient of the binary cross-entropy with respect to the probabilities p.

    L = -mean(y log p + (1 - y) log(1 - p)) over the m entries; p is in (0, 1), y is 0 or 1.
    Task: return dL/dp.
    Formula: dL/dp_i = (-y_i / p_i + (1 - y_i) / (1 - p_i)) / m = (p_i - y_i) / (p_i (1 - p_i) m).
    Hint: multiply by the sigmoid's derivative p (1 - p) of exercise 3.2 and you get the famous (p - y) / m: the
    gradient with respect to the logits.
    """
    raise NotImplementedError("exercise 5.2: write bce_backward")


def softmax_cross_entropy(logits, labels):
    """Exercise 5.3: softmax cross-entropy, forward and backward, for logits (m, K) and integer labels (m,).

    Task: return (loss, grad_logits): the float L = -mean_i log softmax(z_i)[labels_i] and dL/dlogits (m, K).
    Formula: log softmax(z)_k = z_k - logsumexp(z), and dL/dz = (softmax(z) - onehot(labels)) / m.
    Hint: subtract each row's maximum before exponentiating (it cancels), so logits of 1e4 stay finite; the
    grader tries them.
    """
    raise NotImplementedError("exercise 5.3: write softmax_cross_entropy")
