"""MyGrad's property-based tests of elementwise ops (ufuncs and activations), run against minigrad.

Ported from MyGrad (https://github.com/rsokl/MyGrad), MIT licence, Copyright (c) 2023 Ryan Soklaski,
commit 6971309f884bad0b9950dcbee3898ec7f35e2fbb:
  tests/ufuncs/test_fwd_prop_and_backprop.py      test_ufunc_fwd, test_ufunc_bkwd, domains, abs at zero
  tests/custom_strategies/__init__.py             populates_ufunc, array_likes (without where=/out=)
  tests/tensor_base/test_operator_override.py     operators between arrays and tensors (values, not op classes)
  tests/math/unary/test_abs.py                    test_abs_backward, test_absolute_backward
  tests/math/test_misc.py                         maximum/minimum backward and ties, clip forward/backward
  tests/math/binary/test_binary_funcs.py          x ** 0 and 0 ** y special cases
  tests/tensor_base/test_pow_special_cases.py     x ** 1 and x ** 2 forward/backward
  tests/nnet/activations/test_sigmoid.py, test_relu.py, test_leaky_relu.py, test_elu.py, test_selu.py,
  test_hard_tanh.py, test_soft_sign.py (MyGrad's elu, selu, hard_tanh, soft_sign are minigrad's elu, selu,
  hardtanh, softsign)

Adaptations (each also noted where it happens):
  - minigrad has no ufunc objects; each NumPy ufunc maps to the minigrad expression a user would write
    (np.add -> a + b, np.exp -> x.exp(), np.reciprocal -> 1 / x, np.square -> x ** 2). Array-likes go through
    ``as_value``, as MyGrad's ufuncs accept them. ufunc kwargs ``where=``/``out=`` and the NumPy-overload
    path (np.exp(tensor)) are not minigrad API and are left out.
  - MyGrad's ``t.backward()`` on a non-scalar seeds ones: here ``out.sum().backward()``.
"""
import sys

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import assume, given
from numpy.testing import assert_allclose

import minigrad
from minigrad import Value, as_value

from _mygrad_shim import backprop_test_factory, fwdprop_test_factory, hypothesis_settings, numerical_gradient

# name of the NumPy ufunc -> (number of inputs, the minigrad expression)
UFUNCS = {
    "absolute": (1, lambda x: abs(as_value(x))),
    "add": (2, lambda a, b: as_value(a) + b),
    "arccos": (1, lambda x: as_value(x).arccos()),
    "arcsin": (1, lambda x: as_value(x).arcsin()),
    "arctan": (1, lambda x: as_value(x).arctan()),
    "cos": (1, lambda x: as_value(x).cos()),
    "cosh": (1, lambda x: as_value(x).cosh()),
    "divide": (2, lambda a, b: as_value(a) / b),
    "exp": (1, lambda x: as_value(x).exp()),
    "exp2": (1, lambda x: as_value(x).exp2()),
    "expm1": (1, lambda x: as_value(x).expm1()),
    "log": (1, lambda x: as_value(x).log()),
    "log1p": (1, lambda x: as_value(x).log1p()),
    "log2": (1, lambda x: as_value(x).log2()),
    "maximum": (2, minigrad.maximum),
    "minimum": (2, minigrad.minimum),
    "multiply": (2, lambda a, b: as_value(a) * b),
    "negative": (1, lambda x: -as_value(x)),
    "power": (2, lambda a, b: as_value(a) ** b),
    "reciprocal": (1, lambda x: 1 / as_value(x)),  # no reciprocal op in minigrad: the reflected division
    "sin": (1, lambda x: as_value(x).sin()),
    "sinh": (1, lambda x: as_value(x).sinh()),
    "sqrt": (1, lambda x: as_value(x).sqrt()),
    "square": (1, lambda x: as_value(x) ** 2),  # no square op in minigrad: the power op
    "subtract": (2, lambda a, b: as_value(a) - b),
    "tan": (1, lambda x: as_value(x).tan()),
    "tanh": (1, lambda x: as_value(x).tanh()),
    "true_divide": (2, lambda a, b: as_value(a) / b),
}
DOES_NOT_SUPPORT_COMPLEX_DOMAIN = {"absolute", "maximum", "minimum"}

not_zero = st.floats(-1e9, 1e9).filter(lambda x: not np.isclose(x, 0, atol=1e-5))
log_largest = np.log(np.finfo(np.float64).max)
valid_log_inputs = st.floats(min_value=0, allow_infinity=False, exclude_min=True)
valid_exp_inputs = st.floats(max_value=log_largest, allow_infinity=False)
log2_largest = np.log2(np.finfo(np.float64).max)
valid_exp2_inputs = st.floats(max_value=log2_largest, allow_infinity=False, exclude_max=True)
inside_unit = st.floats(-1, 1, exclude_min=True, exclude_max=True)
inside_half_pi = st.floats(-np.pi / 2, np.pi / 2, exclude_min=True, exclude_max=True)

# the domains from which forward-pass inputs are drawn: the functions' true domains
FWD_DOMAINS = {
    "arccos": {0: inside_unit},
    "arcsin": {0: inside_unit},
    "tan": {0: inside_half_pi},
    "sinh": {0: st.floats(-100, 100)},
    "cosh": {0: st.floats(-100, 100)},
    "exp": {0: valid_exp_inputs},
    "exp2": {0: valid_exp2_inputs},
    "expm1": {0: valid_exp_inputs},
    "log": {0: valid_log_inputs},
    "log2": {0: valid_log_inputs},
    "log1p": {0: st.floats(min_value=-1 + np.finfo(np.float64).eps, allow_infinity=False)},
    "divide": {1: not_zero},
    "power": {0: st.floats(min_value=1e-9, max_value=1e9), 1: st.sampled_from([1, 2]) | st.floats(-3, 3)},
    "reciprocal": {0: not_zero},
    "true_divide": {1: not_zero},
    "sqrt": {0: st.floats(min_value=1e-9, max_value=1e9)},
}

# the domains for the backward pass: chosen so that numerical derivatives are reliable
easy_log_domain = st.floats(min_value=1e-6, max_value=1e10)
BKWD_DOMAINS = {
    "arccos": {0: inside_unit},
    "arcsin": {0: inside_unit},
    "tan": {0: inside_half_pi},
    "sinh": {0: st.floats(-100, 100)},
    "cosh": {0: st.floats(-100, 100)},
    "tanh": {0: st.floats(-10, 10)},
    "exp": {0: valid_exp_inputs},
    "exp2": {0: valid_exp2_inputs},
    "expm1": {0: valid_exp_inputs},
    "log": {0: easy_log_domain},
    "log2": {0: easy_log_domain},
    "log1p": {0: st.floats(min_value=-1 + 1e-6, max_value=1e9)},
    "divide": {1: not_zero},
    "power": {0: st.floats(0.001, 1e9), 1: st.sampled_from([1, 2]) | st.floats(-3, 3)},
    "reciprocal": {0: not_zero},
    "true_divide": {1: not_zero},
    "sqrt": {0: st.floats(min_value=1e-5, max_value=1e6)},
}


@st.composite
def array_likes(draw, shape, elements):
    """An array of floats passed as a raw array, a Value that requires grad, or a list (MyGrad's array_likes)."""
    arr = draw(hnp.arrays(dtype=float, shape=shape, elements=elements))
    converters = [lambda x: x, lambda x: Value(x), lambda x: x.tolist() if x.size > 0 else x]
    return draw(st.sampled_from(converters))(arr)


@st.composite
def populates_ufunc(draw, nin, domains, tensor_only=False, min_side=1, min_dims=0):
    """Inputs for one call of a ufunc: shapes that broadcast together, elements from each input's domain."""
    domains = domains or {}
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=nin, min_side=min_side, min_dims=min_dims),
                  label="shapes")
    args = []
    for n, shape in enumerate(shapes.input_shapes):
        elements = domains.get(n, st.floats(-1e-9, 1e9))
        if tensor_only:
            args.append(Value(draw(hnp.arrays(dtype=float, shape=shape, elements=elements)), requires_grad=True))
        else:
            args.append(draw(array_likes(shape, elements)))
    return args


def _numpy_arg(x):
    return np.asarray(x.data) if isinstance(x, Value) else np.asarray(x)


@pytest.mark.parametrize("name", sorted(UFUNCS))
@hypothesis_settings()
@given(data=st.data())
def test_ufunc_fwd(data, name):
    """minigrad and NumPy agree in value and dtype; inputs are not mutated; requires_grad propagates;
    backward runs and leaves each grad with its input's shape."""
    nin, op = UFUNCS[name]
    args = data.draw(populates_ufunc(nin, FWD_DOMAINS.get(name), min_side=0, min_dims=0), label="args")
    arrays = [_numpy_arg(a) for a in args]
    for a in arrays:
        a.flags.writeable = False  # guards against mutation
    numpy_out = getattr(np, name)(*arrays)
    out = op(*args)

    assert np.asarray(out.data).dtype == numpy_out.dtype
    assert_allclose(actual=np.asarray(out.data), desired=numpy_out)
    tensors = [a for a in args if isinstance(a, Value)]
    assert out.requires_grad is any(t.requires_grad for t in tensors)
    if out.requires_grad:  # MyGrad's backward on a constant is a no-op; minigrad's raises
        with np.errstate(all="ignore"):
            out.sum().backward()
    for n, t in enumerate(tensors):
        assert not t.requires_grad or np.shape(t.grad) == t.shape, f"arg: {n}"


@pytest.mark.parametrize("name", sorted(set(UFUNCS) - DOES_NOT_SUPPORT_COMPLEX_DOMAIN))
@hypothesis_settings()
@given(data=st.data())
def test_ufunc_bkwd(data, name):
    """Backprop of a drawn upstream gradient in [-1, 1] matches the complex-step derivative; grad is not mutated."""
    nin, op = UFUNCS[name]
    args = data.draw(populates_ufunc(nin, BKWD_DOMAINS.get(name), tensor_only=True), label="args")
    out = op(*args)
    grad = data.draw(hnp.arrays(dtype=float, shape=out.shape, elements=st.floats(-1e0, 1e0)), label="grad")
    grad.flags.writeable = False  # raises if backprop mutates grad
    out.backward(grad)

    grads = numerical_gradient(getattr(np, name), *(_numpy_arg(a) for a in args), back_grad=grad)
    for n in range(nin):
        assert_allclose(desired=grads[n], actual=args[n].grad, atol=1e-7,
                        err_msg=f"the grad of tensor-{n} did not match the numerically-computed gradient")


def matmul(x, y):
    assume(0 < np.ndim(x) < 3)
    return x @ y.T


OPERATORS = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "/": lambda x, y: x / y,
             "**": lambda x, y: x ** y, "@": matmul}


@pytest.mark.parametrize("name", sorted(OPERATORS))
@hypothesis_settings()
@given(arr=hnp.arrays(shape=hnp.array_shapes(min_dims=0, min_side=0), dtype=hnp.floating_dtypes(),
                      elements=dict(min_value=1.0, max_value=2.0)))
def test_arithmetic_operators_between_array_and_value(name, arr):
    """array <op> Value, Value <op> array and Value <op> Value all give a Value holding NumPy's result. (MyGrad
    also checks which op class made it; minigrad's op names are not part of this port.)"""
    func = OPERATORS[name]
    desired = func(arr, arr)
    for out in (func(Value(arr), arr), func(arr, Value(arr)), func(Value(arr), Value(arr))):
        assert isinstance(out, Value)
        assert_allclose(np.asarray(out.data), desired, rtol=1e-3)


def test_abs_grad_at_zero_is_zero():
    """MyGrad's default (nan_to_num=True): the derivative of |x| at 0 is taken as 0."""
    x = minigrad.tensor(np.arange(-2.0, 3.0))
    abs(x).sum().backward()
    assert_allclose(x.grad, np.sign(np.arange(-2.0, 3.0)))


def _is_non_zero(x):
    return np.all(np.abs(x.data) > 1e-8)


@backprop_test_factory(mygrad_func=abs, true_func=np.abs, num_arrays=1, index_to_bnds={0: (-10, 10)},
                       assumptions=_is_non_zero, atol=1e-5, use_finite_difference=True)
def test_abs_backward():
    pass


@backprop_test_factory(mygrad_func=abs, true_func=np.absolute, num_arrays=1, index_to_bnds={0: (-100, 100)},
                       index_to_no_go={0: (0,)}, atol=1e-5, assumptions=_is_non_zero, use_finite_difference=True)
def test_absolute_backward():
    pass


# ---- maximum, minimum (tests/math/test_misc.py) ----

def is_not_close(arr0, arr1):
    return not np.any(np.isclose(arr0.data, arr1.data))


@backprop_test_factory(mygrad_func=minigrad.maximum, true_func=np.maximum, num_arrays=2, assumptions=is_not_close)
def test_maximum_bkwd():
    pass


@backprop_test_factory(mygrad_func=minigrad.minimum, true_func=np.minimum, num_arrays=2, assumptions=is_not_close)
def test_minimum_bkwd():
    pass


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_minimum_bkwd_equal(torch, name):
    """Ties. MyGrad gives neither input a gradient there; minigrad splits it evenly, as PyTorch does, so the
    expected gradients come from PyTorch."""
    for a, b in [([1.0, 0.0, 2.0], [2.0, 0.0, 1.0]), (1.0, 1.0)]:
        x, y = minigrad.tensor(a), minigrad.tensor(b)
        getattr(minigrad, name)(x, y).sum().backward()
        tx = torch.tensor(a, dtype=torch.float64, requires_grad=True)
        ty = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        getattr(torch, name)(tx, ty).sum().backward()
        assert_allclose(x.grad, tx.grad.numpy())
        assert_allclose(y.grad, ty.grad.numpy())


# ---- clip (tests/math/test_misc.py): minigrad's bounds are constants, so only x's gradient is checked ----

def amin_clip_only(a, b):
    return as_value(a).clip(low=b)


def amax_clip_only(a, b):
    return as_value(a).clip(high=b)


def clip(a, a_min, a_max):
    return as_value(a).clip(a_min, a_max)


def numpy_amin_clip_only(a, b):
    return np.clip(a, b, None)


def numpy_amax_clip_only(a, b):
    return np.clip(a, None, b)


CLIPS = [(amin_clip_only, numpy_amin_clip_only, 2), (amax_clip_only, numpy_amax_clip_only, 2), (clip, np.clip, 3)]


@pytest.mark.parametrize(("minigrad_clip", "numpy_clip", "num_arrays"), CLIPS)
def test_clip_fwd(minigrad_clip, numpy_clip, num_arrays):
    @fwdprop_test_factory(num_arrays=num_arrays, mygrad_func=minigrad_clip, true_func=numpy_clip,
                          constant_args=range(1, num_arrays))
    def wrapped_test():
        pass

    wrapped_test()


def is_not_close_clip(a, a_min=None, a_max=None):
    """The derivative is not defined where the array equals a bound."""
    a = np.asarray(a)
    min_close = a_min is not None and np.any(np.isclose(a, a_min))
    max_close = a_max is not None and np.any(np.isclose(a, a_max))
    return not (min_close or max_close)


@pytest.mark.parametrize(("minigrad_clip", "numpy_clip", "num_arrays"), CLIPS)
def test_clip_bkwd(minigrad_clip, numpy_clip, num_arrays):
    bounds = {numpy_amin_clip_only: lambda a, b: is_not_close_clip(a, a_min=b),
              numpy_amax_clip_only: lambda a, b: is_not_close_clip(a, a_max=b), np.clip: is_not_close_clip}

    @backprop_test_factory(num_arrays=num_arrays, mygrad_func=minigrad_clip, true_func=numpy_clip,
                           vary_each_element=True, assumptions=bounds[numpy_clip],
                           constant_args=range(1, num_arrays))
    def wrapped_test():
        pass

    wrapped_test()


@pytest.mark.filterwarnings("ignore: invalid value")
@hypothesis_settings(max_examples=50)
@given(a=hnp.arrays(shape=hnp.array_shapes(min_dims=0), elements=st.floats(), dtype=float),
       a_min=st.none() | hnp.arrays(shape=hnp.array_shapes(min_dims=0), elements=st.floats(allow_nan=False),
                                    dtype=float),
       a_max=st.none() | hnp.arrays(shape=hnp.array_shapes(min_dims=0), elements=st.floats(allow_nan=False),
                                    dtype=float))
def test_clip_input_validation(a, a_min, a_max):
    """Where NumPy's clip raises, minigrad's raises the same type; elsewhere the results are equal."""
    try:
        numpy_out = np.clip(a, a_min, a_max)
    except Exception as e:
        with pytest.raises(type(e)):
            Value(a).clip(a_min, a_max)
        return
    np.testing.assert_array_equal(numpy_out, Value(a).clip(a_min, a_max).data)


def test_clip_method_bkwd():
    x = minigrad.tensor([1.0, 5.0, 10.0])
    x.clip(2, 7).backward(np.ones(3))
    assert_allclose(x.grad, [0.0, 1.0, 0.0])


# ---- powers (tests/math/binary/test_binary_funcs.py, tests/tensor_base/test_pow_special_cases.py) ----

@hypothesis_settings()
@given(t=hnp.arrays(dtype=np.float64, shape=hnp.array_shapes(min_dims=0, min_side=0),
                    elements=st.floats(-1e6, 1e6)))
def test_x_pow_0_special_case(t):
    t = Value(t, requires_grad=True)
    y = t ** 0
    y.sum().backward()
    assert_allclose(y.data, np.ones_like(t.data))
    assert_allclose(t.grad, np.zeros_like(t.data))


@hypothesis_settings()
@given(t=hnp.arrays(dtype=np.float64, shape=hnp.array_shapes(min_dims=0, min_side=0),
                    elements=st.floats(1e-10, 1e6)))
def test_0_pow_y_special_case(t):
    t = Value(t, requires_grad=True)
    y = 0 ** t
    y.sum().backward()
    assert_allclose(y.data, np.zeros_like(t.data))
    assert_allclose(t.grad, np.zeros_like(t.data))


def custom_pow(x, p):
    return as_value(x) ** p


def any_scalar(*args, p):
    return st.sampled_from([int(p), float(p), np.array(p)])


@pytest.mark.parametrize("p", [1, 2])
def test_pow_p_fwd(p):
    @fwdprop_test_factory(mygrad_func=custom_pow, true_func=lambda x, p: x ** p, num_arrays=1,
                          kwargs={"p": lambda *arrs: any_scalar(p=p)}, permit_0d_array_as_float=False)
    def wrapped_test():
        pass

    wrapped_test()


@pytest.mark.parametrize("p", [1, 2])
def test_pow_p_bkwd(p):
    @backprop_test_factory(mygrad_func=custom_pow, true_func=lambda x, p: x ** p, num_arrays=1,
                           kwargs={"p": lambda *arrs: any_scalar(p=p)})
    def wrapped_test():
        pass

    wrapped_test()


# ---- activations (tests/nnet/activations) ----

def sigmoid(x):
    return as_value(x).sigmoid()


def numpy_sigmoid(x):
    return 1 / (1 + np.exp(-x))


@fwdprop_test_factory(mygrad_func=sigmoid, true_func=numpy_sigmoid, num_arrays=1,
                      index_to_bnds={0: (-np.log(sys.float_info.max), None)})
def test_sigmoid_fwd():
    pass


@backprop_test_factory(mygrad_func=sigmoid, true_func=numpy_sigmoid, num_arrays=1,
                       index_to_bnds={0: (-np.log(sys.float_info.max), None)})
def test_sigmoid_bkwd():
    pass


def relu(x):
    return as_value(x).relu()


def numpy_relu(x):
    return np.maximum(x, 0)


def _away_from_zero(*arrs, **kwargs):
    return np.all(np.abs(arrs[0].data) > 1e-8)


@fwdprop_test_factory(mygrad_func=relu, true_func=numpy_relu, num_arrays=1)
def test_relu_fwd():
    pass


@backprop_test_factory(mygrad_func=relu, true_func=numpy_relu, num_arrays=1, assumptions=_away_from_zero)
def test_relu_bkwd():
    pass


def leaky_relu(x, slope):
    return as_value(x).leaky_relu(slope)


def numpy_leaky_relu(x, slope):
    return np.maximum(x, 0) + np.asarray(slope) * np.minimum(x, 0)


_reasonable_floats = st.floats(-100, 100)


def _nonzero_and_finite(x, slope):
    # MyGrad's lambda checks only arrs[0] (the first row); here the whole array
    return np.all(np.abs(np.asarray(x)) > 1e-8) and _finite_params(x, slope)


def _finite_params(arrs, slope):
    return np.all(np.isfinite(np.asarray(slope) * np.asarray(arrs)))


def _slopes(*arrs):
    # minigrad's slope is a number: MyGrad's Tensor-valued slope is left out
    return _reasonable_floats | _reasonable_floats.map(np.array)


@fwdprop_test_factory(mygrad_func=leaky_relu, true_func=numpy_leaky_relu, num_arrays=1, kwargs={"slope": _slopes},
                      assumptions=_finite_params)
def test_leaky_relu_fwd():
    pass


@backprop_test_factory(mygrad_func=leaky_relu, true_func=numpy_leaky_relu, num_arrays=1,
                       kwargs={"slope": _slopes},
                       assumptions=_nonzero_and_finite)
def test_leaky_relu_bkwd():
    pass


def elu(x, alpha):
    return as_value(x).elu(float(alpha))


def _np_elu(x, alpha):
    return np.where(x < 0, np.asarray(alpha) * (np.exp(x) - 1), x)


def _alphas(*arrs):
    # minigrad's alpha is a number: MyGrad's Tensor-valued alpha is left out
    return _reasonable_floats | _reasonable_floats.map(np.array)


_elu_bounds = {0: (-np.log(sys.float_info.max) / 100, np.log(sys.float_info.max) / 100)}


@fwdprop_test_factory(mygrad_func=elu, true_func=_np_elu, num_arrays=1, index_to_bnds=_elu_bounds,
                      kwargs={"alpha": _alphas})
def test_elu_fwd():
    pass


# minigrad follows PyTorch at the kink: the derivative of elu/selu at x = 0 is the negative side's (alpha, or
# scale * alpha), where MyGrad's oracle takes the positive side's; the backward tests keep away from 0
@backprop_test_factory(mygrad_func=elu, true_func=_np_elu, num_arrays=1, index_to_bnds=_elu_bounds,
                       kwargs={"alpha": _alphas}, assumptions=lambda x, alpha: _away_from_zero(x))
def test_elu_bkwd():
    pass


def selu(x):
    return as_value(x).selu()


def _np_selu(x):
    from minigrad.elementwise_ops import SELU_ALPHA, SELU_SCALE
    return SELU_SCALE * np.where(x < 0, SELU_ALPHA * (np.exp(x) - 1), x)


_selu_bound = np.log(sys.float_info.max / (1.6732632423543772 * 1.0507009873554805))


@fwdprop_test_factory(mygrad_func=selu, true_func=_np_selu, num_arrays=1,
                      index_to_bnds={0: (-_selu_bound, _selu_bound)})
def test_selu_fwd():
    pass


@backprop_test_factory(mygrad_func=selu, true_func=_np_selu, num_arrays=1,
                       index_to_bnds={0: (-_selu_bound, _selu_bound)}, assumptions=_away_from_zero)
def test_selu_bkwd():
    pass


def hard_tanh(x, lower_bound, upper_bound):
    return as_value(x).hardtanh(lower_bound, upper_bound)


def _np_hard_tanh(x, lower_bound, upper_bound):
    return np.maximum(np.minimum(x, upper_bound), lower_bound)


finite_floats = st.floats(allow_infinity=False, allow_nan=False)


def _ordered_bounds(x, lower_bound, upper_bound):
    # minigrad's hardtanh (as PyTorch's) needs lower <= upper; MyGrad also draws lower > upper
    return np.all(np.asarray(lower_bound) <= np.asarray(upper_bound))


def _not_on_bounds(x, lower_bound, upper_bound):
    x = np.asarray(x.data)
    return _ordered_bounds(x, lower_bound, upper_bound) and np.all(
        np.logical_and(x != lower_bound, x != upper_bound))


_bounds = {"lower_bound": lambda x: finite_floats | finite_floats.map(np.array),
           "upper_bound": lambda x: finite_floats | finite_floats.map(np.array)}


@fwdprop_test_factory(mygrad_func=hard_tanh, true_func=_np_hard_tanh, num_arrays=1, kwargs=_bounds,
                      assumptions=_ordered_bounds)
def test_hard_tanh_fwd():
    pass


@backprop_test_factory(mygrad_func=hard_tanh, true_func=_np_hard_tanh, num_arrays=1, kwargs=_bounds,
                       assumptions=_not_on_bounds)
def test_hard_tanh_bkwd():
    pass


def soft_sign(x):
    return as_value(x).softsign()


def _np_soft_sign(x):
    return x / (1 + np.abs(x))


@fwdprop_test_factory(mygrad_func=soft_sign, true_func=_np_soft_sign, num_arrays=1)
def test_soft_sign_fwd():
    pass


@backprop_test_factory(mygrad_func=soft_sign, true_func=_np_soft_sign, num_arrays=1, assumptions=_away_from_zero,
                       atol=1e-5, use_finite_difference=True)  # MyGrad's h=1e-8 is the shim's default step
def test_soft_sign_bkwd():
    pass
