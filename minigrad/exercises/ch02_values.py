"""Exercises for chapter 2, Values and the computation graph (docs/guide/02_values.rst).

A backward rule takes the op's inputs and ``grad_out`` = dL/d(out), the gradient that arrived at the op's output,
and returns dL/d(input) for each input: the local derivative times grad_out (the chain rule). Inputs are floats or
NumPy arrays of one shape; return the same kind. Grade with ``minigrad grade 2 --path DIR``.
"""
import numpy as np


def mul_backward(a, b, grad_out):
    """Exercise 2.1: the backward rule of out = a * b.

    Task: return (grad_a, grad_b).
    Formula: d(out)/da = b and d(out)/db = a, so grad_a = b * grad_out and grad_b = a * grad_out.
    Hint: each input's gradient is the *other* input times grad_out, entry by entry.
    """
    raise NotImplementedError("exercise 2.1: write mul_backward")


def exp_backward(x, grad_out):
    """Exercise 2.2: the backward rule of out = exp(x).

    Task: return grad_x.
    Formula: d(e^x)/dx = e^x, so grad_x = exp(x) * grad_out.
    Hint: the derivative is the op's own output; ``np.exp`` works on floats and arrays alike.
    """
    raise NotImplementedError("exercise 2.2: write exp_backward")


def tape_backward(tape, values, output):
    """Exercise 2.3: backpropagation through a recorded graph, the job of Value.backward().

    The forward pass ran the steps of ``tape`` in order; each step is (out, op, inputs) with op one of "add",
    "mul", "tanh", "exp" and inputs a tuple of names, e.g. the chapter's neuron-like expression
    out = tanh(a*b + a) is
        [("c", "mul", ("a", "b")), ("d", "add", ("c", "a")), ("out", "tanh", ("d",))].
    ``values`` maps every name (inputs and step outputs) to its float value.

    Task: return a dict that maps every name in ``values`` to d(output)/d(name).
    Formula: grads[output] = 1; then for each step in *reverse* order, add local derivative * grads[out] into
    each of its inputs: add: 1 and 1; mul: the other input; tanh: 1 - out^2; exp: out.
    Hint: a name used twice (``a`` above, or ("mul", ("a", "a"))) gets the *sum* of the gradients from both
    uses, so the rules must add (+=), never assign: see "Why the rules add" in the chapter.
    """
    raise NotImplementedError("exercise 2.3: write tape_backward")
