"""Reference solutions, chapter 2."""
import numpy as np


def mul_backward(a, b, grad_out):
    return b * grad_out, a * grad_out


def exp_backward(x, grad_out):
    return np.exp(x) * grad_out


def tape_backward(tape, values, output):
    grads = {name: 0.0 for name in values}
    grads[output] = 1.0
    for out, op, inputs in reversed(tape):
        g = grads[out]
        if op == "add":
            for name in inputs:
                grads[name] += g
        elif op == "mul":
            x, y = inputs
            grads[x] += values[y] * g
            grads[y] += values[x] * g
        elif op == "tanh":
            grads[inputs[0]] += (1 - values[out] ** 2) * g
        elif op == "exp":
            grads[inputs[0]] += values[out] * g
    return grads
