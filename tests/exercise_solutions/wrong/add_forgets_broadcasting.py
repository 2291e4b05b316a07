"""4.2 that hands grad_out to both inputs, forgetting to undo broadcasting."""


def add_backward(a, b, grad_out):
    return grad_out, grad_out
