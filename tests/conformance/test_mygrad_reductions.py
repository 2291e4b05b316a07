"""MyGrad's property-based tests of reductions (max, min, sum, mean, var, std, prod, cumprod, cumsum, logsumexp),
run against minigrad.

Ported from MyGrad (https://github.com/rsokl/MyGrad), MIT licence, Copyright (c) 2023 Ryan Soklaski,
commit 6971309f884bad0b9950dcbee3898ec7f35e2fbb:
  tests/math/sequence/test_sequential_funcs.py    max, min, sum, mean, var, std, prod, cumprod, cumsum: forward,
                                                  backward, special cases
  tests/math/unary/test_scipy_mirror.py           logsumexp against scipy.special.logsumexp

Adaptations: MyGrad's np.amax(tensor) (__array_function__) path becomes the minigrad method (x.max(...)); the
"no graph tracking" forward tests compare against the same op run under ``minigrad.no_grad()``.
"""
from functools import partial

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given
from numpy.testing import assert_allclose

import minigrad
from minigrad import Value, as_value

from _mygrad_shim import (backprop_test_factory, fwdprop_test_factory, hypothesis_settings, numerical_gradient_full,
                          valid_axes)


def axis_arg(*arrs, min_dim=0):
    return valid_axes(arrs[0].ndim, min_dim=min_dim) if arrs[0].ndim else st.just(tuple())


def keepdims_arg(*arrs):
    return st.booleans()


def ddof_arg(*arrs):
    """ddof for var: 0 up to one less than the shortest axis."""
    min_side = min(arrs[0].shape) if arrs[0].shape else 0
    return st.integers(0, min_side - 1) if min_side else st.just(0)


def method(name):
    """x.<name>(**kwargs) for a Value, a float or an array (arrays become constants, as MyGrad's ops allow)."""
    def call(x, **kwargs):
        return getattr(as_value(x), name)(**kwargs)
    call.__name__ = name
    return call


def without_graph(name):
    """The same op run under no_grad, as a NumPy result."""
    def call(x, **kwargs):
        with minigrad.no_grad():
            return np.asarray(getattr(as_value(x), name)(**kwargs).data)
    return call


amax, amin, total, mean, var = method("max"), method("min"), method("sum"), method("mean"), method("var")
std, prod, cumprod, cumsum = method("std"), method("prod"), method("cumprod"), method("cumsum")


def single_axis_arg(*arrs):
    """None or one axis (MyGrad's valid_axes(ndim, single_axis_only=True)); None for a 0-d array."""
    ndim = arrs[0].ndim
    return st.none() | st.integers(-ndim, ndim - 1) if ndim else st.none()


@fwdprop_test_factory(mygrad_func=amax, true_func=np.amax, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_max_fwd():
    pass


@fwdprop_test_factory(mygrad_func=amax, true_func=without_graph("max"), num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_max_no_graph_track_fwd():
    pass


@backprop_test_factory(mygrad_func=amax, true_func=np.amax, num_arrays=1,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), vary_each_element=True,
                       index_to_unique={0: True}, elements_strategy=st.integers)
def test_max_bkwd():
    pass


@fwdprop_test_factory(mygrad_func=amin, true_func=np.amin, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_min_fwd():
    pass


@fwdprop_test_factory(mygrad_func=amin, true_func=without_graph("min"), num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_min_no_graph_track_fwd():
    pass


@backprop_test_factory(mygrad_func=amin, true_func=np.amin, num_arrays=1,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), vary_each_element=True,
                       index_to_unique={0: True}, elements_strategy=st.integers)
def test_min_bkwd():
    pass


@fwdprop_test_factory(mygrad_func=total, true_func=np.sum, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_sum_fwd():
    pass


@backprop_test_factory(mygrad_func=total, true_func=np.sum, num_arrays=1,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), vary_each_element=True, atol=1e-5)
def test_sum_bkwd():
    pass


@fwdprop_test_factory(mygrad_func=mean, true_func=np.mean, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_mean_fwd():
    pass


@backprop_test_factory(mygrad_func=mean, true_func=np.mean, num_arrays=1,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), index_to_bnds={0: (-10, 10)},
                       vary_each_element=True)
def test_mean_bkwd():
    pass


@pytest.mark.filterwarnings("ignore:Degrees of freedom")
@pytest.mark.filterwarnings("ignore:invalid value encountered")
@fwdprop_test_factory(mygrad_func=var, true_func=np.var, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg, ddof=ddof_arg))
def test_var_fwd():
    pass


def _var(x, keepdims=False, axis=None, ddof=0):
    """Variance without abs, so the complex-step derivative works."""
    x = np.asarray(x)

    def mean(y, keepdims=False, axis=None, ddof=0):
        if isinstance(axis, int):
            axis = (axis,)
        N = y.size if axis is None else np.prod([y.shape[i] for i in axis])
        return y.sum(keepdims=keepdims, axis=axis) / (N - ddof)

    return mean((x - x.mean(axis=axis, keepdims=True)) ** 2, keepdims=keepdims, axis=axis, ddof=ddof)


@fwdprop_test_factory(mygrad_func=var, true_func=_var, num_arrays=1,
                      kwargs=dict(axis=partial(axis_arg, min_dim=1), keepdims=keepdims_arg, ddof=ddof_arg))
def test_custom_var_fwd():
    pass


@backprop_test_factory(mygrad_func=var, true_func=_var, num_arrays=1,
                       kwargs=dict(axis=partial(axis_arg, min_dim=1), keepdims=False, ddof=ddof_arg),
                       vary_each_element=True, index_to_bnds={0: (-10, 10)})
def test_var_bkwd_without_keepdims():
    pass


@backprop_test_factory(mygrad_func=var, true_func=_var, num_arrays=1,
                       kwargs=dict(axis=partial(axis_arg, min_dim=1), keepdims=True, ddof=ddof_arg),
                       vary_each_element=True, index_to_bnds={0: (-10, 10)})
def test_var_bkwd_with_keepdims():
    pass


finite_arrays = hnp.arrays(dtype=np.float64, shape=hnp.array_shapes(),
                           elements=st.floats(allow_infinity=False, allow_nan=False))


@hypothesis_settings()
@given(x=finite_arrays)
def test_var_no_axis_fwd(x):
    o = Value(x).var(axis=())
    assert np.all(o.data == np.zeros_like(x))


@hypothesis_settings()
@given(x=finite_arrays)
def test_var_no_axis_bkwrd(x):
    x = Value(x, requires_grad=True)
    x.var(axis=()).sum().backward()  # MyGrad's backward() on a non-scalar seeds ones
    assert np.all(x.grad == np.zeros_like(x.data))


def test_patch_coverage_on_var():
    x = Value(np.arange(6.0).reshape((2, 3)), requires_grad=True)
    o = x.var(axis=1, keepdims=False)
    o.backward(np.ones(o.shape))
    (num_grad,) = numerical_gradient_full(_var, x.data, kwargs=dict(axis=1, keepdims=False),
                                          back_grad=np.ones(o.shape))
    assert_allclose(x.grad, num_grad)


@pytest.mark.filterwarnings("ignore: overflow")
@pytest.mark.filterwarnings("ignore: invalid")
@hypothesis_settings(max_examples=50)
@given(data=st.data(), x=hnp.arrays(shape=hnp.array_shapes(min_dims=0), dtype=np.float64, elements=st.floats()),
       keepdims=st.booleans())
def test_logsumexp(data, x, keepdims):
    special = pytest.importorskip("scipy.special", reason="scipy.special.logsumexp is this test's oracle "
                                                          "(pip install scipy)")
    axes = data.draw(valid_axes(ndim=x.ndim), label="axes")
    minigrad_result = Value(x).logsumexp(axis=axes, keepdims=keepdims)
    scipy_result = special.logsumexp(x, axis=axes, keepdims=keepdims)
    assert_allclose(actual=np.asarray(minigrad_result.data), desired=scipy_result, atol=1e-8, rtol=1e-8,
                    err_msg="minigrad's logsumexp does not match scipy's")


# ---- std, prod, cumprod, cumsum ---------------------------------------------------------------------------------
# MyGrad's add_constant_passthrough(np.std) (its __array_function__ path) is the minigrad method here too.

@pytest.mark.filterwarnings("ignore:Degrees of freedom")
@pytest.mark.filterwarnings("ignore:invalid value encountered")
@fwdprop_test_factory(mygrad_func=std, true_func=np.std, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg, ddof=ddof_arg))
def test_std_fwd():
    pass


def _std(x, keepdims=False, axis=None, ddof=0):
    """Defines standard dev without using abs. Permits use of complex-step numerical derivative."""
    x = np.asarray(x)

    def mean(y, keepdims=False, axis=None, ddof=0):
        if isinstance(axis, int):
            axis = (axis,)
        N = y.size if axis is None else np.prod([y.shape[i] for i in axis])
        return y.sum(keepdims=keepdims, axis=axis) / (N - ddof)

    return np.sqrt(mean((x - x.mean(axis=axis, keepdims=True)) ** 2, keepdims=keepdims, axis=axis, ddof=ddof))


@fwdprop_test_factory(mygrad_func=std, true_func=_std, num_arrays=1,
                      kwargs=dict(axis=partial(axis_arg, min_dim=1), keepdims=keepdims_arg, ddof=ddof_arg))
def test_custom_std_fwd():
    pass


def _assume(*arrs, **kwargs):
    return all(i > 1 for i in arrs[0].shape)


@backprop_test_factory(mygrad_func=std, true_func=_std, num_arrays=1,
                       kwargs=dict(axis=partial(axis_arg, min_dim=1), keepdims=keepdims_arg, ddof=ddof_arg),
                       vary_each_element=True, index_to_bnds={0: (-10, 10)}, elements_strategy=st.integers,
                       index_to_unique={0: True}, assumptions=_assume)
def test_std_bkwd():
    pass


@hypothesis_settings()
@given(x=finite_arrays)
def test_std_no_axis_fwd(x):
    o = Value(x).std(axis=())
    assert np.all(o.data == np.zeros_like(x))


@fwdprop_test_factory(mygrad_func=prod, true_func=np.prod, num_arrays=1,
                      kwargs=dict(axis=axis_arg, keepdims=keepdims_arg))
def test_prod_fwd():
    pass


@backprop_test_factory(mygrad_func=prod, true_func=np.prod, num_arrays=1,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), vary_each_element=True,
                       index_to_bnds={0: (-2, 2)})
def test_prod_bkwd():
    pass


@backprop_test_factory(mygrad_func=prod, true_func=np.prod, num_arrays=1, elements_strategy=st.integers,
                       kwargs=dict(axis=axis_arg, keepdims=keepdims_arg), vary_each_element=True,
                       index_to_bnds={0: (-2, 2)})
def test_multi_zero_prod_bkwd():
    """Drives tests cases with various configurations of zeros"""


@pytest.mark.parametrize("op", [cumprod, cumsum])
def test_int_axis_cumulative(op):
    """np.cumprod and np.cumsum raise TypeError for a tuple of axes, and so does minigrad."""
    x = np.array([[1, 1, 0], [1, 1, 0], [1, 1, 0]])
    with pytest.raises(TypeError):
      getattr(np, op.__name__)(x, axis=(0, 1))
    with pytest.raises(TypeError):
      op(x, axis=(0, 1))


@fwdprop_test_factory(mygrad_func=cumprod, true_func=np.cumprod, num_arrays=1, kwargs=dict(axis=single_axis_arg))
def test_cumprod_fwd():
    pass


@backprop_test_factory(mygrad_func=cumprod, true_func=np.cumprod, num_arrays=1, kwargs=dict(axis=single_axis_arg),
                       vary_each_element=True, index_to_bnds={0: (-2, 2)})
def test_cumprod_bkwd():
    pass


@backprop_test_factory(mygrad_func=cumprod, true_func=np.cumprod, num_arrays=1, kwargs=dict(axis=single_axis_arg),
                       vary_each_element=True, index_to_bnds={0: (-0.5, 0.5)}, index_to_unique={0: True},
                       index_to_arr_shapes={0: hnp.array_shapes(max_side=5, max_dims=4)})
def test_cumprod_bkwd2():
    pass


@fwdprop_test_factory(mygrad_func=cumsum, true_func=np.cumsum, num_arrays=1, kwargs=dict(axis=single_axis_arg))
def test_cumsum_fwd():
    pass


@backprop_test_factory(mygrad_func=cumsum, true_func=np.cumsum, num_arrays=1, kwargs=dict(axis=single_axis_arg),
                       vary_each_element=True, index_to_bnds={0: (-2, 2)}, atol=1e-5)
def test_cumsum_bkwd():
    pass
