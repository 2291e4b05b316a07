"""Comparing an answer with its reference, and saying how it is wrong.

``expect`` raises ``Mismatch`` when the shapes differ (with a hint when the shape is the transpose, or the shape
before broadcasting was undone) or when entries differ by more than atol + rtol |expected| (with a hint when the
answer is a constant multiple or the transpose of the right one, or holds inf/nan, and a table of the worst
entries, like gradcheck's). ``numeric_grads`` gives the reference for a gradient: central differences in float64
by ``minigrad.numerical_grad``, the heart of ``gradcheck``.
"""
import copy
import inspect

import numpy as np

from minigrad import Value, numerical_grad


class Mismatch(AssertionError):
    """The answer differs from the reference; the message says where and by how much."""


def expect(name, got, want, case, atol=1e-6, rtol=1e-4):
    """Raise Mismatch unless ``got`` has want's shape and |got - want| <= atol + rtol |want| everywhere."""
    want = np.asarray(want, dtype=np.float64)
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise Mismatch(f"{case}:\n{name} should be an array of shape {want.shape}, got {type(got).__name__} "
                       f"{str(got)[:60]}.") from None
    if want.ndim == 0 and got.size == 1:
        got = got.reshape(())
    if got.shape != want.shape:
        raise Mismatch(f"{case}:\n{name} has shape {got.shape}, expected {want.shape}.{_shape_hint(got, want)}")
    err = np.abs(got - want)
    bad = ~(err <= atol + rtol * np.abs(want))
    if bad.any():
        where = f" at {int(bad.sum())} of {bad.size} entries" if bad.size > 1 else ""
        raise Mismatch(f"{case}:\n{name} is wrong{where}.{_value_hint(got, want, atol, rtol)}\n"
                       f"{_table(got, want, err, bad)}")


def unpack(result, names, function):
    """The answer as a tuple of len(names) parts, or a Mismatch that says what the function should return."""
    if len(names) == 1:
        return (result,)
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        raise Mismatch(f"{function} should return a tuple ({', '.join(names)}), got {type(result).__name__} "
                       f"{str(result)[:60]}.")
    return tuple(result)


def call(fn, *args):
    """fn(*args) on copies of the arguments; a Mismatch if fn changed an array argument in place."""
    copies = copy.deepcopy(args)
    result = fn(*copies)
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    for k, (original, passed) in enumerate(zip(args, copies)):
        if isinstance(original, np.ndarray) and not np.array_equal(original, passed, equal_nan=True):
            name = names[k] if k < len(names) else f"argument {k + 1}"
            raise Mismatch(f"{fn.__name__} changed its argument {name!r} in place; compute and return new arrays "
                           "instead (the caller still needs the old values).")
    return result


def numeric_grads(forward, inputs, grad_out=1.0):
    """d sum(forward(*inputs) * grad_out) / d input, for every input, by central differences in float64."""
    def projected(*values):
        return Value(float(np.sum(np.asarray(forward(*(v.data for v in values))) * grad_out)))
    values = [Value(np.array(x, dtype=np.float64)) for x in inputs]
    return [numerical_grad(projected, *values, wrt=k) for k in range(len(values))]


def _shape_hint(got, want):
    if got.ndim == 2 and got.shape == want.shape[::-1]:
        return (" That is the transposed shape: check the order of the factors in the matrix product, and which "
                "one is transposed.")
    try:
        stretched = np.broadcast_shapes(got.shape, want.shape) == got.shape and got.size > want.size
    except ValueError:
        stretched = False
    if stretched:
        return (" It looks like grad_out before broadcasting was undone: sum it over the axes along which the "
                "input was broadcast, so that the gradient gets the input's shape.")
    return ""


def _value_hint(got, want, atol, rtol):
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        return (" It holds inf or nan where the right answer is finite: something overflowed (exp of a large "
                "number?) or divided by zero.")
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, want.T, atol=atol, rtol=rtol):
        return " It equals the transpose of the right answer: check the order of the matrix product."
    norm = float(np.sum(want * want))
    if norm > 0 and got.size > 1:
        factor = float(np.sum(got * want)) / norm
        if not np.isclose(factor, 1.0) and np.allclose(got, factor * want, atol=atol, rtol=rtol):
            return (f" It is {factor:.4g} times the right answer everywhere: a constant factor is missing or extra "
                    "(a 2, a 1/m, a sign?).")
    return ""


def _table(got, want, err, bad, limit=8):
    entries = [tuple(int(i) for i in idx) for idx in np.argwhere(bad)] if bad.ndim else [()]
    entries.sort(key=lambda idx: -np.nan_to_num(err[idx], nan=np.inf))
    lines = [f"worst {min(limit, len(entries))} of {len(entries)}:",
             f"{'index':>14} {'yours':>14} {'expected':>14} {'abs err':>11} {'rel err':>11}"]
    for idx in entries[:limit]:
        rel = err[idx] / max(abs(want[idx]), 1e-300)
        lines.append(f"{str(idx):>14} {got[idx]:>14.6g} {want[idx]:>14.6g} {err[idx]:>11.3g} {rel:>11.3g}")
    return "\n".join(lines)
