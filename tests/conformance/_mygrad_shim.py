"""MyGrad's property-based test factories, re-expressed for minigrad.

Ported from MyGrad (https://github.com/rsokl/MyGrad), MIT licence, Copyright (c) 2023 Ryan Soklaski,
commit 6971309f884bad0b9950dcbee3898ec7f35e2fbb:
  tests/wrappers/uber.py                 fwdprop_test_factory, backprop_test_factory
  tests/utils/numerical_gradient.py      numerical_gradient, numerical_gradient_full, finite_difference
  src/mygrad/_utils/__init__.py          reduce_broadcast (the test oracle's own copy, not minigrad's)
  tests/custom_strategies/__init__.py    valid_axes

What the factories check, as in MyGrad:
  forward   the op's output equals ``true_func`` (NumPy) on hypothesis-drawn arrays whose shapes broadcast
            against each other, with MyGrad's element bounds, forbidden values and assumptions; the output
            requires grad exactly when an input does; the inputs are not mutated.
  backward  for a drawn upstream gradient g, every input's ``.grad`` equals the numerical derivative of
            sum(g * true_func(...)): the complex step method (exact to rounding, for analytic functions), or
            central differences where ``use_finite_difference``; or PyTorch's autograd where ``torch_func``
            is given (MyGrad used its own op as the oracle there). No input's grad is a view of g or of another
            input's grad; neither the inputs nor g are mutated.

Adapted for minigrad:
  - conftest.py runs each test on both kernel backends.
  - MyGrad's ``constant=`` argument becomes ``requires_grad``; a 0-d array that MyGrad passes as a Python float
    is passed as a raw float (when drawn constant) or as a scalar Value (when drawn to require grad), which
    exercises minigrad's scalar path.
  - MyGrad's memory-locking, view-base and graph-clearing checks are left out: minigrad has no such semantics.
  - ``constant_args``: indices of inputs that minigrad treats as constants (e.g. clip's bounds); they are
    passed as raw arrays and their gradients are not checked.
  - Strategies for kwargs see the drawn arrays (forward) or the input Values (backward), as in MyGrad, and so
    do ``assumptions``.
  - ``max_examples`` is a factory argument (hypothesis refuses a second @settings) and defaults to 25.
"""
from copy import copy
from itertools import combinations

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
from hypothesis import HealthCheck, assume, given, note, settings
from numpy.testing import assert_allclose, assert_array_equal

from _shim import import_torch
from minigrad import Value

MAX_EXAMPLES = 25


def hypothesis_settings(max_examples=MAX_EXAMPLES):
    """Settings for a hypothesis test under conftest's function-scoped (autouse) backend fixture. The loaded
    profile caps ``max_examples`` (``make test-fast`` loads one that tries 5)."""
    return settings(max_examples=min(max_examples, settings.default.max_examples), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])


# ---- the numerical oracle ------------------------------------------------------------------------------

def reduce_broadcast(grad, var_shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched, so it gets ``var_shape``."""
    if grad.shape == var_shape:
        return grad
    if grad.ndim != len(var_shape):
        grad = grad.sum(axis=tuple(range(grad.ndim - len(var_shape))))
    stretched = tuple(n for n, size in enumerate(grad.shape) if size != var_shape[n])
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def numerical_gradient(f, *args, back_grad, h=1e-20, kwargs=None):
    """Complex step, whole arrays at once: df/dx = Im f(x + ih) / h. Valid for maps over entries."""
    kwargs = kwargs or {}
    args = tuple(np.asarray(a).astype(np.complex128) for a in args)
    grads = []
    for n in range(len(args)):
        stepped = (a + h * 1j if j == n else a for j, a in enumerate(args))
        dvar = np.asarray(f(*stepped, **kwargs)).imag / h
        grads.append(reduce_broadcast(back_grad * dvar, args[n].shape))
    return tuple(grads)


def numerical_gradient_full(f, *args, back_grad, h=1e-20, kwargs=None):
    """Complex step, one entry at a time: d(sum(g * f))/dx_i = sum(g * Im f(x + ih e_i)) / h."""
    kwargs = kwargs or {}
    args = [np.asarray(a).astype(np.complex128) for a in args]
    grads = []
    for n, x in enumerate(args):
        grad = np.empty(x.shape, dtype=np.float64)
        for index in np.ndindex(*x.shape):
            original = x[index]
            x[index] = original + h * 1j
            grad[index] = np.sum(np.asarray(f(*args, **kwargs)).imag / h * back_grad)
            x[index] = original
        grads.append(grad)
    return tuple(grads)


def finite_difference(f, *args, back_grad, h=1e-8, kwargs=None):
    """Central differences, whole arrays at once: df/dx = (f(x + h) - f(x - h)) / 2h."""
    kwargs = kwargs or {}
    args = tuple(np.asarray(a, dtype=np.float64) for a in args)
    grads = []
    for n in range(len(args)):
        up = (a + h if j == n else a for j, a in enumerate(args))
        down = (a - h if j == n else a for j, a in enumerate(args))
        dvar = (np.asarray(f(*up, **kwargs)) - np.asarray(f(*down, **kwargs))) / (2 * h)
        grads.append(reduce_broadcast(back_grad * dvar, args[n].shape))
    return tuple(grads)


def torch_gradient(torch_func, *args, back_grad, kwargs=None):
    """d(sum(g * torch_func(...)))/dx by PyTorch's autograd, in float64 (the test skips without torch)."""
    torch = import_torch()
    kwargs = {k: torch.as_tensor(v) if isinstance(v, np.ndarray) else v for k, v in (kwargs or {}).items()}
    inputs = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in args]
    out = torch_func(*inputs, **kwargs)
    (out * torch.as_tensor(back_grad, dtype=torch.float64)).sum().backward()
    return tuple(x.grad.numpy() for x in inputs)


# ---- drawing the inputs ------------------------------------------------------------------------------------

def valid_axes(ndim, min_dim=0):
    """Valid ``axis`` arguments for an array of ``ndim`` axes: None, an int (maybe negative) or a tuple of at
    least ``min_dim`` distinct axes. Shrinks towards the empty tuple."""
    strats = [st.none()]
    if min_dim <= 1:
        strats.append(st.integers(-ndim, ndim - 1) if ndim else st.just(0))
    strats.append(hnp.valid_tuple_axes(ndim, min_size=min_dim))
    return st.one_of(*strats)


def _shapes_strategy(missing):
    """Mutually broadcastable shapes for the arrays whose shape the test does not fix."""
    if missing:
        return hnp.mutually_broadcastable_shapes(num_shapes=len(missing))
    return st.just(hnp.BroadcastableShapes(input_shapes=(), result_shape=()))


def _draw_kwargs(data, kwargs, arrs):
    """A kwarg whose value is callable is a strategy factory: it sees the drawn arrays."""
    if callable(kwargs):
        drawn = data.draw(kwargs(*arrs), label="kwargs")
        assert isinstance(drawn, dict), f"`kwargs` must draw a dict, drew {drawn!r}"
        return drawn
    return {k: (data.draw(v(*arrs), label=f"kwarg: {k}") if callable(v) else v) for k, v in kwargs.items()}


def _as_dict(x):
    return {} if x is None else dict(x)


def _per_index(value, num_arrays):
    """MyGrad lets a bare tuple/bool stand for 'the same for every array'."""
    if isinstance(value, (tuple, list, bool)):
        return {k: value for k in range(num_arrays)}
    return _as_dict(value)


# ---- the factories ---------------------------------------------------------------------------------------

def fwdprop_test_factory(*, mygrad_func, true_func, num_arrays, index_to_bnds=None,
                         default_bnds=(-1e6, 1e6), index_to_no_go=None, kwargs=None, index_to_arr_shapes=None,
                         atol=1e-7, rtol=1e-7, assumptions=None, permit_0d_array_as_float=True,
                         constant_args=(), max_examples=MAX_EXAMPLES):
    """Decorator: the decorated function only names the test; the body is built here (see module docstring)."""
    index_to_bnds = _per_index(index_to_bnds, num_arrays)
    index_to_no_go = _per_index(index_to_no_go, num_arrays)
    fixed_shapes = _as_dict(index_to_arr_shapes)
    missing = sorted(set(range(num_arrays)) - set(fixed_shapes))
    kwargs = kwargs if callable(kwargs) else _as_dict(kwargs)

    def decorate(f):
        @hypothesis_settings(max_examples)
        @given(shapes=_shapes_strategy(missing), data=st.data())
        def test(shapes, data):
            arr_shapes = {**fixed_shapes, **dict(zip(missing, shapes.input_shapes))}
            arrs = data.draw(st.tuples(*(
                hnp.arrays(shape=arr_shapes[i], dtype=float,
                           elements=st.floats(*index_to_bnds.get(i, default_bnds)))
                for i in range(num_arrays))), label="arrays")
            arr_copies = tuple(copy(a) for a in arrs)
            kw = _draw_kwargs(data, kwargs, arrs)
            if assumptions is not None:
                assume(assumptions(*arrs, **kw))
            for i, arr in enumerate(arrs):
                for value in index_to_no_go.get(i, ()):
                    assume(np.all(arr != value))
            if permit_0d_array_as_float:
                arrs = tuple(a.item() if a.ndim == 0 and data.draw(st.booleans(), label=f"arr-{n} to float")
                             else a for n, a in enumerate(arrs))
            requires = data.draw(st.tuples(*(st.booleans() for _ in arrs)), label="requires_grad")
            inputs = tuple(_as_input(a, r, n in constant_args) for n, (a, r) in enumerate(zip(arrs, requires)))
            note(f"inputs: {inputs!r}  kwargs: {kw!r}")

            out = mygrad_func(*inputs, **kw)
            note(f"minigrad output: {out!r}")
            assert isinstance(out, Value), f"the op returned {type(out).__name__}, not a Value"
            expected_requires = any(isinstance(v, Value) and v.requires_grad for v in inputs)
            assert out.requires_grad is expected_requires, \
                f"out.requires_grad is {out.requires_grad}, expected {expected_requires}"

            expected = true_func(*arrs, **kw)
            note(f"numpy output: {expected!r}")
            assert_allclose(np.asarray(out.data), expected, atol=atol, rtol=rtol,
                            err_msg="the op's forward and true_func(x) produce different results")
            for n, (a, a_copy) in enumerate(zip(arrs, arr_copies)):
                assert_array_equal(a, a_copy, err_msg=f"arr-{n} was mutated during forward prop")
        test.__name__ = test.__qualname__ = f.__name__
        return test
    return decorate


def backprop_test_factory(*, mygrad_func, true_func=None, torch_func=None, num_arrays,
                          index_to_bnds=None, default_bnds=(-1e6, 1e6), index_to_no_go=None,
                          index_to_arr_shapes=None, index_to_unique=None, elements_strategy=None, kwargs=None,
                          rtol=1e-8, atol=1e-8, vary_each_element=False, use_finite_difference=False,
                          assumptions=None, constant_args=(), max_examples=MAX_EXAMPLES):
    """Decorator: the decorated function only names the test; the body is built here (see module docstring)."""
    if (true_func is None) == (torch_func is None):
        raise ValueError("give exactly one of true_func (numerical oracle) and torch_func (PyTorch oracle)")
    if elements_strategy is None:
        def elements_strategy(*bounds):
            return st.floats(*bounds, allow_subnormal=False)
    index_to_bnds = _per_index(index_to_bnds, num_arrays)
    index_to_no_go = _per_index(index_to_no_go, num_arrays)
    index_to_unique = _per_index(index_to_unique, num_arrays)
    fixed_shapes = _as_dict(index_to_arr_shapes)
    missing = sorted(set(range(num_arrays)) - set(fixed_shapes))
    kwargs = kwargs if callable(kwargs) else _as_dict(kwargs)

    def decorate(f):
        @hypothesis_settings(max_examples)
        @given(shapes=_shapes_strategy(missing), data=st.data())
        def test(shapes, data):
            arr_shapes = {**fixed_shapes, **dict(zip(missing, shapes.input_shapes))}
            arrs = data.draw(st.tuples(*(
                hnp.arrays(shape=arr_shapes[i], dtype=float,
                           elements=elements_strategy(*index_to_bnds.get(i, default_bnds)),
                           unique=index_to_unique.get(i, False))
                for i in range(num_arrays))), label="arrays")
            arrs = tuple(np.asarray(a, dtype=float) for a in arrs)
            inputs = tuple(a.copy() if n in constant_args else Value(a.copy(), requires_grad=True)
                           for n, a in enumerate(arrs))
            kw = _draw_kwargs(data, kwargs, inputs)
            if assumptions is not None:
                assume(assumptions(*inputs, **kw))
            for i, arr in enumerate(arrs):
                for value in index_to_no_go.get(i, ()):
                    assume(np.all(arr != value))
            note(f"inputs: {inputs!r}  kwargs: {kw!r}")

            out = mygrad_func(*inputs, **kw)
            if len(inputs) == 1 and out is inputs[0]:
                return  # the op returned its input
            grad = data.draw(hnp.arrays(shape=out.shape, dtype=float,
                                        elements=st.floats(-10, 10, allow_subnormal=False), unique=True),
                             label="grad")
            grad_copy = copy(grad)
            if any(out.shape != np.shape(a) for a in arrs):
                (out * grad).sum().backward()  # broadcasting occurred: reduce to a scalar first, as MyGrad does
            else:
                out.backward(grad)

            if torch_func is not None:
                expected = torch_gradient(torch_func, *arrs, back_grad=grad, kwargs=kw)
            elif use_finite_difference:
                expected = finite_difference(true_func, *arrs, back_grad=grad, kwargs=kw)
            elif vary_each_element:
                expected = numerical_gradient_full(true_func, *arrs, back_grad=grad, kwargs=kw)
            else:
                expected = numerical_gradient(true_func, *arrs, back_grad=grad, kwargs=kw)

            checked = [(n, v) for n, v in enumerate(inputs) if n not in constant_args]
            for n, v in checked:
                assert_allclose(v.grad, expected[n], rtol=rtol, atol=atol,
                                err_msg=f"arr-{n}: minigrad's derivative and the oracle's do not match")
                assert not np.shares_memory(v.grad, grad), f"arr-{n}.grad stores a view of grad"
            for (i, a), (j, b) in combinations(checked, 2):
                assert not np.shares_memory(a.grad, b.grad), f"arr-{i}.grad and arr-{j}.grad share memory"
            for n, (v, a) in enumerate(zip(inputs, arrs)):
                assert_array_equal(np.asarray(v.data if isinstance(v, Value) else v), a,
                                   err_msg=f"arr-{n} was mutated during backward prop")
            assert_array_equal(grad, grad_copy, err_msg="`grad` was mutated during backward prop")
        test.__name__ = test.__qualname__ = f.__name__
        return test
    return decorate


def _as_input(arr, requires_grad, constant_arg):
    """How a drawn array reaches the op: a Value (an array or a scalar), or a raw constant."""
    if constant_arg:
        return arr
    if isinstance(arr, float):
        return Value(arr, requires_grad=True) if requires_grad else arr
    return Value(arr, requires_grad=requires_grad)
