"""4.3 with dL/dW = dL/dY^T X: the weight gradient of the (d_out, d_in) convention, transposed for W (d_in, d_out)."""


def linear_backward(X, W, b, grad_out):
    return grad_out @ W.T, grad_out.T @ X, grad_out.sum(axis=0)
