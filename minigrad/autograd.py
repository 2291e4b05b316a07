"""Gradients as values: ``grad``, and the derivatives built on it (``jacobian``, ``hessian``, ``hvp``).

``backward()`` leaves d(output)/d(x) in each ``x.grad``. ``grad(output, inputs)`` returns the same numbers as new
Values and leaves every ``.grad`` as it was, as ``torch.autograd.grad`` does. With ``create_graph=True`` the
gradients are themselves nodes of the graph (each op's rule is run on Values, see ``minigrad.engine``), so they
can be differentiated again: that is all a Hessian is, the Jacobian of the gradient.
"""
import numpy as np

from .engine import Value, as_value


def grad(outputs, inputs, grad=None, create_graph=False, partial=False):
    """d outputs / d inputs: a tuple with one Value per input (shaped like ``torch.autograd.grad``).

    ``grad`` seeds the pass (d loss / d outputs; needed when ``outputs`` has more than one element). With
    ``create_graph=True`` the results are part of the graph and can be differentiated again; otherwise they are
    constants. An input that ``outputs`` does not depend on gets a zero gradient. ``partial=True`` holds each
    input fixed while differentiating by another (the pass stops at the inputs): partial derivatives.
    """
    inputs = (inputs,) if isinstance(inputs, Value) else tuple(inputs)
    out = as_value(outputs)
    stop_at = frozenset(inputs) if partial else ()
    nodes = {*out.topological_order(stop_at), *inputs}
    saved = {v: v.grad if v.has_grad else None for v in nodes}
    for v in nodes:
        v.zero_grad()
    try:
        for _ in out.backward_steps(grad, create_graph, stop_at):
            pass
        return tuple(v.grad if isinstance(v.grad, Value) else Value(v.grad, requires_grad=False) for v in inputs)
    finally:
        for v, g in saved.items():
            v.grad = g


def jacobian(fn, x):
    """J[i, j] = d fn(x)[i] / d x[j], of shape fn(x).shape + x.shape: one backward pass per output entry."""
    x = _input("jacobian", x)
    out = as_value(fn(x))
    if not out.requires_grad:  # fn(x) does not depend on x (or its gradient is constant): every derivative is 0
        return Value(np.zeros(out.shape + x.shape), requires_grad=False)
    rows = []
    for i in np.ndindex(out.shape):
        seed = np.zeros(out.shape, dtype=out.dtype)
        seed[i] = 1
        rows.append(np.asarray(grad(out, x, grad=seed)[0].data, dtype=np.float64))
    return Value(np.reshape(rows, out.shape + x.shape), requires_grad=False)


def hessian(fn, x):
    """H[i, j] = d^2 fn(x) / d x[i] d x[j], of shape x.shape + x.shape, for a scalar fn: the Jacobian of the
    gradient, which ``create_graph=True`` keeps differentiable."""
    return jacobian(lambda v: grad(_scalar("hessian", fn(v)), v, create_graph=True)[0], _input("hessian", x))


def hvp(fn, x, v):
    """The Hessian-vector product H v, of x's shape, without forming H: the gradient of (grad fn(x)) . v."""
    x = _input("hvp", x)
    v = np.asarray(v.data if isinstance(v, Value) else v, dtype=x.dtype)
    if v.shape != x.shape:
        raise ValueError(f"hvp: v has shape {v.shape} but x has shape {x.shape}; they must match.")
    g = grad(_scalar("hvp", fn(x)), x, create_graph=True)[0]
    return grad((g * v).sum(), x)[0]


def _input(name, x):
    x = as_value(x)
    if not x.requires_grad:
        raise ValueError(f"{name}: x must require grad (a float Value); got a constant of dtype {x.dtype}. "
                         "Pass Value(array) or Value(float).")
    return x


def _scalar(name, out):
    out = as_value(out)
    if out.size != 1:
        raise ValueError(f"{name}: fn must return one number, got shape {out.shape}. Reduce it (.sum()) first.")
    return out
