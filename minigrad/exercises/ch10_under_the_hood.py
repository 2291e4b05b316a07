"""Exercises for chapter 10, under the hood (docs/guide/10_under_the_hood.rst): a convolution as one matrix
product, and a Hessian-vector product. Grade with ``minigrad grade 10 --path DIR``.
"""
import numpy as np


def im2col(x, kh, kw, stride=1, padding=0):
    """Exercise 10.1: copy every (C, kh, kw) window of the images x (N, C, H, W) into a column.

    Task: return cols of shape (C*kh*kw, N*OH*OW), where OH = (H + 2 padding - kh) // stride + 1 (OW alike):
        cols[(c, i, j), (n, oh, ow)] = x[n, c, oh*stride + i - padding, ow*stride + j - padding]   (0 outside x)
    with the row index (c, i, j) and the column index (n, oh, ow) flattened in that (C order) nesting.
    Formula: then a convolution is one product, conv2d(x, W) = W.reshape(C_out, C*kh*kw) @ cols, reshaped to
    (C_out, N, OH, OW) and transposed to (N, C_out, OH, OW).
    Hint: ``np.pad`` the images first; then loop over the kh*kw offsets (i, j) and take one strided slice
    ``xp[:, :, i : i + stride*(OH-1) + 1 : stride, j : ...]`` each. Afterwards, compare yours with
    im2col_numpy in minigrad/kernels/conv.py.
    """
    raise NotImplementedError("exercise 10.1: write im2col")


def col2im(cols, x_shape, kh, kw, stride=1, padding=0):
    """Exercise 10.2: the adjoint of im2col, which is the input gradient of a convolution.

    Task: return an array of shape x_shape = (N, C, H, W) that adds each entry of cols back where im2col took it:
        x_grad[n, c, oh*stride + i - padding, ow*stride + j - padding] += cols[(c, i, j), (n, oh, ow)]
    (entries that fall in the padding are dropped).
    Formula: it is the transpose of the linear map im2col: sum(im2col(x) * cols) = sum(x * col2im(cols)) for
    every x.
    Hint: windows overlap when stride < k, so one pixel collects several entries: add (+=), never assign.
    """
    raise NotImplementedError("exercise 10.2: write col2im")


def logistic_hvp(X, y, w, v):
    """Exercise 10.3: a Hessian-vector product, H v, for logistic regression, without forming H.

    The loss is the BCE with logits z = X w (X is (m, d), y in {0, 1} is (m,)):
        L(w) = mean(softplus(z) - y z),          grad L = X^T (sigmoid(z) - y) / m.
    Task: return H v, an array of shape (d,), where H = d^2 L / dw^2 is the Hessian.
    Formula: H = X^T diag(s (1 - s)) X / m with s = sigmoid(X w), so H v = X^T (s (1 - s) * (X v)) / m.
    Hint: two matrix-vector products, never the (d, d) matrix. The grader compares your answer with
    (grad L(w + eps v) - grad L(w - eps v)) / (2 eps), where minigrad's backward() computes each gradient.
    An engine that can differentiate its own backward pass (double backward) gets H v this way for any loss.
    """
    raise NotImplementedError("exercise 10.3: write logistic_hvp")
