"""4.1 that broadcasts grad_out straight to the input shape, without putting the summed axes back first."""


def sum_backward(grad_out, shape, axis=None, keepdims=False):
    return np.broadcast_to(grad_out, shape).copy()
