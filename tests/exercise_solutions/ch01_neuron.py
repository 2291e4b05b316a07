"""Reference solutions, chapter 1."""
import numpy as np


def perceptron_predict(w, b, X):
    return (np.asarray(X) @ w + b >= 0).astype(int)


def perceptron_update(w, b, x, y, lr=1.0):
    delta = lr * (y - float(np.dot(w, x) + b >= 0))
    return w + delta * np.asarray(x), b + delta


def perceptron_fit(X, y, epochs=10, lr=1.0):
    w, b, mistakes = np.zeros(np.shape(X)[1]), 0.0, []
    for _ in range(epochs):
        count = 0
        for x, target in zip(X, y):
            delta = lr * (target - float(np.dot(w, x) + b >= 0))
            count += delta != 0
            w, b = w + delta * np.asarray(x), b + delta
        mistakes.append(int(count))
    return w, b, mistakes
