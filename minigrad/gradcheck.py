"""Gradient checking: compare backward() with central differences.

For a function f of inputs x, the numerical derivative of each entry is the central difference

    df/dx_i  ~  (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),

whose error shrinks like eps^2. ``gradcheck`` computes it in float64 for every entry of every input that requires
grad, runs ``backward()`` once, and raises ``GradcheckError`` with a table of the worst entries when
|analytic - numeric| > atol + rtol |numeric| anywhere. A non-scalar output is checked through the random
projection sum(f(x) * r), which tests every output entry at once.
"""
import warnings

import numpy as np

from .autograd import grad
from .engine import Value, no_grad, set_grad_enabled

_KINK_OPS = {"relu", "leaky_relu", "abs", "max", "min", "maximum"}


class GradcheckError(AssertionError):
    """backward() disagrees with central differences; the message holds a table of the worst entries."""


def gradcheck(fn, *inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check ``fn(*inputs)``'s backward against central differences. Returns True or raises GradcheckError.

    ``inputs`` are Values (those with requires_grad are checked) or plain numbers/arrays (constants). Inputs are
    converted to float64 copies, so the check runs in double precision whatever the original dtype.
    """
    values = [_float64_copy(x) for x in inputs]
    checked = [i for i, v in enumerate(values) if v.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check. Pass Values made with "
                         "requires_grad=True (the default for float data).")
    out = fn(*values)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: fn must return a Value, got {type(out).__name__}.")
    weights = np.random.default_rng(seed).standard_normal(np.shape(out.data))
    loss = out if np.size(out.data) == 1 and np.ndim(out.data) == 0 else (out * weights).sum()
    _warn_near_kinks(loss, eps)
    loss.backward()
    rows = []
    for i in checked:
        analytic = np.asarray(values[i].grad, dtype=np.float64)
        numeric = numerical_grad(lambda *xs: _project(fn(*xs), weights), *values, wrt=i, eps=eps)
        err = np.abs(analytic - numeric)
        bad = err > atol + rtol * np.abs(numeric)
        for idx in zip(*np.nonzero(bad)) if bad.ndim else ([()] if bad else []):
            rows.append((i, idx, analytic[idx], numeric[idx], err[idx], err[idx] / max(abs(numeric[idx]), 1e-300)))
    if rows:
        raise GradcheckError(_table(rows, len(checked)))
    return True


def gradgradcheck(fn, *inputs, eps=1e-6, atol=1e-5, rtol=1e-3, seed=0):
    """Check second derivatives: the backward pass through the gradient (create_graph=True) against central
    differences of the gradient. Returns True or raises GradcheckError with gradcheck's table.

    The gradients of every input that requires grad are projected on fixed random weights, sum(grad * r): one
    number whose own gradient, d/dx sum(grad * r) = H r, gradcheck then compares with central differences.
    """
    rng = np.random.default_rng(seed + 1)
    r = [rng.standard_normal(np.shape(x.data if isinstance(x, Value) else x)) for x in inputs]
    weights = None

    def first_derivatives(*xs):
        nonlocal weights
        with set_grad_enabled(True):
            out = fn(*xs)
            weights = np.random.default_rng(seed).standard_normal(out.shape) if weights is None else weights
            wanted = [i for i, x in enumerate(xs) if x.requires_grad]
            grads = grad(_project(out, weights), [xs[i] for i in wanted], create_graph=True)
            total = sum((g * r[i]).sum() for g, i in zip(grads, wanted))
            return total + 0.0 * sum(xs[i].sum() for i in wanted)  # differentiable even where grad is constant
    return gradcheck(first_derivatives, *inputs, eps=eps, atol=atol, rtol=rtol, seed=seed)


def numerical_grad(fn, *inputs, wrt=0, eps=1e-6):
    """Central-difference gradient of the scalar ``fn(*inputs)`` with respect to ``inputs[wrt]``, in float64."""
    values = [_float64_copy(x) for x in inputs]
    target = values[wrt]
    x = np.array(target.data, dtype=np.float64)
    grad = np.zeros_like(x)
    with no_grad():
        for idx in np.ndindex(x.shape):
            original = x[idx]
            x[idx] = original + eps
            target.data = _as_type_of(x, target)
            f_plus = float(np.asarray(fn(*values).data).sum())
            x[idx] = original - eps
            target.data = _as_type_of(x, target)
            f_minus = float(np.asarray(fn(*values).data).sum())
            x[idx] = original
            grad[idx] = (f_plus - f_minus) / (2 * eps)
    target.data = _as_type_of(x, target)
    return grad


def _project(out, weights):
    return out if np.ndim(out.data) == 0 else (out * weights).sum()


def _float64_copy(x):
    if isinstance(x, Value):
        data = x.data if type(x.data) is float else np.array(x.data, dtype=np.float64) \
            if x.data.dtype.kind == "f" else x.data
        return Value(data, requires_grad=x.requires_grad, label=x.label)
    return Value(x, requires_grad=False)


def _as_type_of(x, value):
    return float(x) if type(value.data) is float else x.copy()


def _warn_near_kinks(loss, eps):
    """Warn when an input of relu/abs/max/... sits within eps of its kink, where derivatives are one-sided."""
    for node in loss.topological_order():
        if node.op in _KINK_OPS and node.parents and np.any(_near_kink(node, eps)):
            warnings.warn(f"gradcheck: an input of '{node.op}' lies within eps={eps:g} of its kink; the numeric "
                          "and analytic derivatives may differ there.", stacklevel=3)


def _near_kink(node, eps):
    x = np.asarray(node.parents[0].data)
    if node.op in ("relu", "leaky_relu", "abs"):
        return np.abs(x) < eps
    if node.op == "maximum":
        return np.abs(x - np.asarray(node.parents[1].data)) < eps
    extreme = np.max(x) if node.op == "max" else np.min(x)
    return np.sum(np.abs(x - extreme) < eps) > 1


def _table(rows, n_checked, limit=10):
    rows.sort(key=lambda r: -r[4])
    lines = [f"gradcheck: backward disagrees with central differences at {len(rows)} entries "
             f"(checked {n_checked} input(s)); worst {min(limit, len(rows))}:",
             f"{'input':>5} {'index':>14} {'analytic':>14} {'numeric':>14} {'abs err':>11} {'rel err':>11}"]
    for i, idx, a, n, e, r in rows[:limit]:
        lines.append(f"{i:>5} {str(tuple(int(j) for j in idx)):>14} {a:>14.6g} {n:>14.6g} {e:>11.3g} {r:>11.3g}")
    return "\n".join(lines)
