"""Reference solutions, chapter 3."""
import numpy as np


def tanh_backward(x, grad_out):
    return (1 - np.tanh(x) ** 2) * grad_out


def sigmoid_backward(x, grad_out):
    s = 1 / (1 + np.exp(-x))
    return s * (1 - s) * grad_out


def relu_backward(x, grad_out):
    return np.where(np.asarray(x) > 0, grad_out, 0.0)
