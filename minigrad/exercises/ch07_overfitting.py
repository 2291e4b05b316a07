"""Exercises for chapter 7, overfitting: dropout and early stopping (docs/guide/07_overfitting.rst).

Grade with ``minigrad grade 7 --path DIR``.
"""
import numpy as np


def dropout_forward(x, keep, p):
    """Exercise 7.1: inverted dropout in training mode, with the random mask given.

    x is an array; keep is a boolean array of x's shape (True: the unit survives), drawn with probability 1 - p.
    Task: return the output array.
    Formula: out = x * keep / (1 - p): dropped units are 0 and survivors are scaled up, so E[out] = x.
    Hint: at evaluation time dropout is the identity; the scaling is what makes that right.
    """
    raise NotImplementedError("exercise 7.1: write dropout_forward")


def dropout_backward(keep, p, grad_out):
    """Exercise 7.2: the backward rule of exercise 7.1's dropout.

    Task: return grad_x.
    Formula: d(out)/dx = keep / (1 - p), entry by entry.
    Hint: a dropped unit gets no gradient for this step, and a kept one gets the same 1 / (1 - p) scaling.
    """
    raise NotImplementedError("exercise 7.2: write dropout_backward")


def early_stopping(val_losses, patience):
    """Exercise 7.3: when does EarlyStopping(monitor="val_loss", patience=patience) stop, and which epoch is best?

    val_losses[e] is the validation loss after epoch e (counting from 0).
    Task: return (last_epoch, best_epoch): the epoch after which training stops (the last one if it never
    stops early) and the epoch with the best loss seen up to then.
    Formula: an epoch improves when its loss is strictly below the best so far; ``wait`` counts the epochs
    since the last improvement, and training stops after the epoch where wait reaches patience.
    Hint: patience=0 stops at the first epoch that does not improve. minigrad.training.EarlyStopping is the
    reference: run fit with it if in doubt.
    """
    raise NotImplementedError("exercise 7.3: write early_stopping")
