"""Exercises for chapter 4, layers in matrix form, and batching (docs/guide/04_layers.rst).

With a batch, inputs are arrays, and NumPy broadcasting copies an array along the axes where its shape is 1 or
missing. The backward pass must undo every such copy by *summing* the gradient over those axes, so that each
gradient has exactly the shape of its input. Grade with ``minigrad grade 4 --path DIR``.
"""
import numpy as np


def sum_backward(grad_out, shape, axis=None, keepdims=False):
    """Exercise 4.1: the backward rule of out = x.sum(axis, keepdims) for x of the given shape.

    Task: return grad_x, an array of shape ``shape``.
    Formula: every x entry adds into exactly one output entry with weight 1, so grad_x[i] = grad_out[the output
    entry x[i] went to]. axis may be None (everything), an int or a tuple of ints (possibly negative).
    Hint: without keepdims, first put the summed axes back as size 1 (``np.expand_dims`` takes a tuple), then
    ``np.broadcast_to(g, shape)`` copies it; return a real array, not a read-only view.
    """
    raise NotImplementedError("exercise 4.1: write sum_backward")


def add_backward(a, b, grad_out):
    """Exercise 4.2: the backward rule of out = a + b, where a and b broadcast (like a batch plus a bias).

    Task: return (grad_a, grad_b), with grad_a.shape == a.shape and grad_b.shape == b.shape.
    Formula: d(out)/da = d(out)/db = 1, and broadcasting used each entry of a (or b) once per copy, so
    grad_a = grad_out summed over the axes along which a was broadcast (and the same for b).
    Hint: write a helper unbroadcast(g, shape): sum over the leading axes that ``shape`` lacks, then over the
    axes where shape has a 1 (keepdims=True). The engine undoes broadcasting the same way, in one place.
    """
    raise NotImplementedError("exercise 4.2: write add_backward")


def linear_backward(X, W, b, grad_out):
    """Exercise 4.3: the backward rule of a Linear (Dense) layer on a batch, Y = X W + b.

    X has shape (n, d_in), W (d_in, d_out), b (d_out,), and grad_out = dL/dY has shape (n, d_out).
    Task: return (grad_X, grad_W, grad_b).
    Formula (the slides' matrix example):
        dL/dX = dL/dY W^T,        dL/dW = X^T dL/dY,        dL/db = sum over the batch of dL/dY.
    Hint: check the shapes: each gradient has the shape of its input, and only one order of each product
    gives it. b was broadcast over the n rows, so its gradient sums them (exercise 4.2).
    """
    raise NotImplementedError("exercise 4.3: write linear_backward")
