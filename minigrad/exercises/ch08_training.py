"""Exercises for chapter 8, Keras-style training and the same model in an explicit loop
(docs/guide/08_training.rst). Grade with ``minigrad grade 8 --path DIR``.
"""
import numpy as np

from minigrad import Value


def accuracy(y_true, y_pred):
    """Exercise 8.1: Keras's "accuracy" metric, as a float in [0, 1].

    Task: if y_pred has shape (m, K) with K > 1, the predicted class of each row is its argmax, and y_true holds
    integer labels (m,) or one-hot rows (m, K). Otherwise the problem is binary: y_pred holds m probabilities
    (shape (m,) or (m, 1)), the predicted class is 1 where y_pred > 0.5, and y_true holds m labels 0 or 1.
    Formula: accuracy = (number of rows whose predicted class equals the label) / m.
    Hint: flatten the binary case with ``np.ravel`` so that (m, 1) and (m,) compare entry by entry, never
    broadcasting to (m, m).
    """
    raise NotImplementedError("exercise 8.1: write accuracy")


def fit_line(x, y, lr=0.1, epochs=50):
    """Exercise 8.2: the explicit training loop, with minigrad doing the derivatives.

    Fit y ~ w x + b to the arrays x and y (shape (m,)) by full-batch gradient descent on the mean squared error.
    Task: start from w = Value(0.0), b = Value(0.0); in each epoch compute loss = ((w * x + b - y) ** 2).mean(),
    reset the gradients, call loss.backward() and step both parameters: p.data -= lr * p.grad. Return the
    floats (w, b) after ``epochs`` epochs.
    Formula: the step uses dL/dw = 2 mean((w x + b - y) x) and dL/db = 2 mean(w x + b - y).
    Hint: leaf gradients *accumulate* across backward() calls (as in PyTorch), so reset them every epoch:
    ``w.grad = None`` (an optimizer's zero_grad() does exactly this).
    """
    raise NotImplementedError("exercise 8.2: write fit_line")
