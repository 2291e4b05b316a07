"""Exercises for chapter 1, the neuron and the perceptron (docs/guide/01_neuron.rst).

Grade them with ``minigrad grade 1 --path DIR``. Plain NumPy is enough; no gradients yet.
"""
import numpy as np


def perceptron_predict(w, b, X):
    """Exercise 1.1: the perceptron's prediction for every row of X.

    Task: return an integer array with one class, 0 or 1, per row of X (shape (n, d)); w has shape (d,).
    Formula: y_hat = step(w . x + b), where step(z) = 1 if z >= 0 else 0 (the chapter's convention: z = 0 is
    class 1, on the boundary line).
    Hint: one matrix-vector product gives every z at once; ``(z >= 0).astype(int)`` is the step.
    """
    raise NotImplementedError("exercise 1.1: write perceptron_predict")


def perceptron_update(w, b, x, y, lr=1.0):
    """Exercise 1.2: one step of the perceptron learning rule, for one sample x (shape (d,)) with label y.

    Task: return the new (w, b) as (an array of shape (d,), a float). Do not change the w you were given.
    Formula: with y_hat = step(w . x + b),
        w <- w + lr (y - y_hat) x,        b <- b + lr (y - y_hat).
    Hint: when the prediction is right, y - y_hat = 0 and nothing moves; a mistake moves the boundary towards
    the right answer.
    """
    raise NotImplementedError("exercise 1.2: write perceptron_update")


def perceptron_fit(X, y, epochs=10, lr=1.0):
    """Exercise 1.3: train a perceptron from zero weights, sweeping the samples in order ``epochs`` times.

    Task: return (w, b, mistakes), where mistakes is a list with the number of samples that were misclassified
    (and so caused an update) in each sweep. minigrad.nn.scalar.Perceptron.fit does the same.
    Formula: start from w = 0, b = 0 and apply the rule of exercise 1.2 to each row of X in turn.
    Hint: on the logical AND (X = the four corners of the unit square) the mistakes fall to 0 within 6 sweeps;
    on XOR they never do.
    """
    raise NotImplementedError("exercise 1.3: write perceptron_fit")
