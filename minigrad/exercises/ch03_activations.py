"""Exercises for chapter 3, activations and their derivatives (docs/guide/03_activations.rst).

Each function gets the activation's input x (a float or array) and grad_out = dL/d(out) of the same shape, and
returns grad_x = g'(x) * grad_out. Grade with ``minigrad grade 3 --path DIR``.
"""
import numpy as np


def tanh_backward(x, grad_out):
    """Exercise 3.1: the backward rule of out = tanh(x).

    Task: return grad_x.
    Formula: d tanh(x)/dx = 1 - tanh(x)^2.
    Hint: write it with the output t = tanh(x), as the engine does: the forward pass already has t.
    """
    raise NotImplementedError("exercise 3.1: write tanh_backward")


def sigmoid_backward(x, grad_out):
    """Exercise 3.2: the backward rule of out = sigmoid(x) = 1 / (1 + e^-x).

    Task: return grad_x.
    Formula: d sigmoid(x)/dx = sigmoid(x) (1 - sigmoid(x)).
    Hint: derive it from the quotient rule once; then, like tanh, it is a function of the output s alone.
    """
    raise NotImplementedError("exercise 3.2: write sigmoid_backward")


def relu_backward(x, grad_out):
    """Exercise 3.3: the backward rule of out = relu(x) = max(x, 0).

    Task: return grad_x (the grader never puts x exactly at the kink 0).
    Formula: d relu(x)/dx = 1 where x > 0, and 0 where x < 0.
    Hint: a boolean mask times grad_out; ``np.where`` keeps the shape.
    """
    raise NotImplementedError("exercise 3.3: write relu_backward")
