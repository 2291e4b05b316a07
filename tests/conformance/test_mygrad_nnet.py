"""MyGrad's property-based tests of softmax, log-softmax and the classification losses, run against minigrad.

Ported from MyGrad (https://github.com/rsokl/MyGrad), MIT licence, Copyright (c) 2023 Ryan Soklaski,
commit 6971309f884bad0b9950dcbee3898ec7f35e2fbb:
  tests/nnet/activations/test_softmax.py               every test
  tests/nnet/losses/test_negative_log_likelihood.py    every test; with ``weights``, MyGrad's mean divides by
                                                       N where PyTorch's (and minigrad's) divides by the summed
                                                       weights of the labels, so the ports take the sum over N
  tests/nnet/losses/test_softmaxcrossentropy.py        every test

Adaptations:
  - MyGrad's softmax takes any axes (None, an int, a tuple). ``Value.softmax``/``Value.log_softmax`` (built on
    logsumexp) get those axes; ``F.softmax``/``F.log_softmax`` follow PyTorch's single ``dim``, so they get
    one int axis and arrays of at least one axis.
  - MyGrad checked softmax_crossentropy against itself without autodiff; here PyTorch's
    ``torch.nn.functional.cross_entropy`` is the oracle for its value and its gradient.
"""
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given
from numpy.testing import assert_allclose
from pytest import raises

from minigrad import F, Value, as_value

from _mygrad_shim import backprop_test_factory, fwdprop_test_factory, hypothesis_settings, valid_axes
from _shim import import_torch

log_largest = np.log(np.finfo(np.float64).max)


def single_axis(ndim):
    return st.integers(-ndim, ndim - 1)


def value_softmax(x, axis):
    return as_value(x).softmax(axis=axis)


def value_log_softmax(x, axis):
    return as_value(x).log_softmax(axis=axis)


def f_softmax(x, axis):
    return F.softmax(x, axis=axis)


def f_log_softmax(x, axis):
    return F.log_softmax(x, axis=axis)


# (the op, the axes it takes, the smallest ndim it takes)
SOFTMAXES = {"Value.softmax": (value_softmax, valid_axes, 0), "F.softmax": (f_softmax, single_axis, 1)}
LOG_SOFTMAXES = {"Value.log_softmax": (value_log_softmax, valid_axes, 0),
                 "F.log_softmax": (f_log_softmax, single_axis, 1)}
ALL = {**SOFTMAXES, **LOG_SOFTMAXES}


@pytest.mark.parametrize("name", sorted(SOFTMAXES))
@hypothesis_settings()
@given(data=st.data())
def test_softmax_on_empty_arrays(data, name):
    softmax, axes, min_dims = SOFTMAXES[name]
    arr = data.draw(hnp.arrays(shape=hnp.array_shapes(min_dims=min_dims, min_side=0, max_side=0),
                               dtype=hnp.floating_dtypes() | hnp.integer_dtypes(),
                               elements=dict(min_value=-10, max_value=10)), label="arr")
    axis = data.draw(axes(arr.ndim), label="axis")
    out = softmax(Value(arr, requires_grad=False), axis=axis)
    expected_dtype = arr.dtype if arr.dtype.kind == "f" else np.dtype(np.float64)
    assert out.shape == arr.shape
    # byte order aside: minigrad's results are native-endian, like NumPy's arithmetic
    assert out.dtype.newbyteorder("=") == expected_dtype.newbyteorder("=")


@pytest.mark.parametrize("name", sorted(SOFTMAXES))
@hypothesis_settings()
@given(data=st.data())
def test_softmax_on_ints(data, name):
    softmax, axes, min_dims = SOFTMAXES[name]
    arr = data.draw(hnp.arrays(shape=hnp.array_shapes(min_dims=min_dims, min_side=0), dtype=hnp.integer_dtypes(),
                               elements=dict(min_value=-10, max_value=10)), label="arr")
    actual = softmax(Value(arr), axis=-1)
    desired = softmax(Value(arr.astype(np.float64)), axis=-1)
    assert desired.dtype == actual.dtype
    assert_allclose(desired.data, actual.data, atol=1e-3, rtol=1e-3)


@pytest.mark.parametrize("name", sorted(ALL))
@hypothesis_settings()
@given(data=st.data())
def test_softmax_numerical_stability(data, name):
    """softmax (or exp of log-softmax) lies in [0, 1] and sums to 1, for inputs up to +-log(float64 max)."""
    softmax, axes, min_dims = ALL[name]
    x = data.draw(hnp.arrays(shape=hnp.array_shapes(min_dims=min_dims), dtype=np.float64,
                             elements=st.floats(-log_largest, log_largest)), label="x")
    axis = data.draw(axes(x.ndim), label="axis")
    out = np.asarray(softmax(Value(x), axis=axis).data)
    if name in LOG_SOFTMAXES:
        out = np.exp(out)
    assert np.all(np.logical_and(0 <= out, out <= 1)), out
    assert_allclose(out.sum(axis=axis), 1.0)


def numpy_softmax(x, axis):
    x = np.asarray(x)
    x = np.exp(x - x.max(axis, keepdims=True))
    return x / x.sum(axis, keepdims=True)


def numpy_logsoftmax(x, axis):
    return np.log(numpy_softmax(x, axis))


def _factory_tests(name, op, axes, min_dims, true_func, bounds):
    """MyGrad's forward and backward factory tests of one softmax, named test_<name>_fwd and test_<name>_bkwd."""
    shapes = {0: hnp.array_shapes(min_dims=min_dims, max_dims=2, max_side=3)} if min_dims else None

    @fwdprop_test_factory(mygrad_func=op, true_func=true_func, num_arrays=1, index_to_arr_shapes=shapes,
                          kwargs=dict(axis=lambda arrs: axes(arrs.ndim)), index_to_bnds=bounds)
    def fwd():
        pass

    @backprop_test_factory(mygrad_func=op, true_func=true_func, num_arrays=1, index_to_arr_shapes=shapes,
                           kwargs=dict(axis=lambda arrs: axes(arrs.ndim)), vary_each_element=True,
                           index_to_bnds=bounds)
    def bkwd():
        pass
    fwd.__name__, bkwd.__name__ = f"test_{name}_fwd", f"test_{name}_bkwd"
    return fwd, bkwd


test_value_softmax_fwd, test_value_softmax_bkwd = _factory_tests(
    "value_softmax", value_softmax, valid_axes, 0, numpy_softmax, None)
test_f_softmax_fwd, test_f_softmax_bkwd = _factory_tests(
    "f_softmax", f_softmax, single_axis, 1, numpy_softmax, None)
test_value_logsoftmax_fwd, test_value_logsoftmax_bkwd = _factory_tests(
    "value_logsoftmax", value_log_softmax, valid_axes, 0, numpy_logsoftmax, {0: (-10, 10)})
test_f_logsoftmax_fwd, test_f_logsoftmax_bkwd = _factory_tests(
    "f_logsoftmax", f_log_softmax, single_axis, 1, numpy_logsoftmax, {0: (-10, 10)})


# Verified against theano.tensor.softmax (MyGrad's fixed cases)
SKEW = np.array([[0.87566484, 0.53596079, 0.85693981, 0.09526036],
                 [0.32024455, 0.81532148, 0.2480434, 0.85119342],
                 [0.57943085, 0.33958252, 0.95864464, 0.22881712]])
X2D = np.array([[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]])
STATIC = {
    ("softmax", 1): (0.33911235096116465, [0.01720112, 0.01715422, 0.12266443, -0.15701977]),
    ("softmax", 2): (1.449875865467131, [[0.01720112, 0.01715422, 0.12266443, -0.15701977],
                                         [-0.01179518, 0.01108053, -0.10425844, 0.10497309],
                                         [0.00502799, -0.00723393, 0.12698131, -0.12477536]]),
    ("log_softmax", 1): (-5.596387676353177, [0.79988389, 0.3299668, 0.29699009, -1.42684078]),
    ("log_softmax", 2): (-13.722895761739732, [[0.79988389, 0.3299668, 0.29699009, -1.42684078],
                                               [0.24859989, 0.62057111, -0.281343, -0.587828],
                                               [0.5119002, 0.15601518, 0.45965687, -1.12757225]]),
}


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("ndim", [1, 2])
def test_static_softmax(name, ndim):
    op = ALL[name][0]
    kind = "log_softmax" if name in LOG_SOFTMAXES else "softmax"
    out, dx = STATIC[(kind, ndim)]
    x = Value(X2D[0] if ndim == 1 else X2D)
    f = (op(x, axis=-1) * (SKEW[0] if ndim == 1 else SKEW)).sum()
    assert_allclose(actual=f.data, desired=np.array(out))
    f.backward()
    assert_allclose(x.grad, np.array(dx), atol=1e-5, rtol=1e-5)


# ---- negative log-likelihood ----

@pytest.mark.parametrize(("data", "labels"), [
    (np.ones((2,), dtype=float), np.zeros((2,), dtype=int)),  # 1D data
    (np.ones((2, 1), dtype=float), np.zeros((2,), dtype=float)),  # non-int labels
    (np.ones((2, 1), dtype=float), np.zeros((2, 1), dtype=int)),  # bad label-ndim
    (np.ones((2, 1), dtype=float), np.zeros((3,), dtype=int)),  # bad label-shape
])
@pytest.mark.parametrize("loss", [F.nll_loss, F.cross_entropy])
def test_input_validation(loss, data, labels):
    with raises((ValueError, TypeError)):
        loss(data, labels)


def numpy_negative_log_likelihood(x, y_true):
    return -np.mean(x[(range(len(y_true)), y_true)])


def get_nll_args(*arrs):
    (s,) = arrs
    y_true = hnp.arrays(shape=(s.shape[0],), dtype=hnp.integer_dtypes(),
                        elements=st.integers(min_value=0, max_value=s.shape[1] - 1))
    return st.fixed_dictionaries(dict(y_true=y_true))


def nll_loss(x, y_true):
    return F.nll_loss(x, y_true)


@fwdprop_test_factory(num_arrays=1, index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                      mygrad_func=nll_loss, true_func=numpy_negative_log_likelihood, kwargs=get_nll_args)
def test_nll_fwd():
    pass


@backprop_test_factory(num_arrays=1, index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                       mygrad_func=nll_loss, true_func=numpy_negative_log_likelihood, kwargs=get_nll_args,
                       vary_each_element=True)
def test_nll_bkwd():
    pass


def scores_and_labels(data, labels_as_tensor):
    s = data.draw(hnp.arrays(shape=hnp.array_shapes(max_side=10, min_dims=2, max_dims=2), dtype=float,
                             elements=st.floats(-100, 100)))
    y_true = data.draw(hnp.arrays(shape=(s.shape[0],), dtype=hnp.integer_dtypes(),
                                  elements=st.integers(min_value=0, max_value=s.shape[1] - 1))
                       .map(Value if labels_as_tensor else lambda x: x))
    return s, y_true


@hypothesis_settings()
@given(data=st.data(), labels_as_tensor=st.booleans())
def test_negative_log_likelihood_vs_softmax_cross_entropy(data, labels_as_tensor):
    s, y_true = scores_and_labels(data, labels_as_tensor)
    scores = Value(s)
    nll = F.nll_loss(F.softmax(scores).log(), y_true)
    nll.backward()

    cross_entropy_scores = Value(s)
    ce = F.cross_entropy(cross_entropy_scores, y_true)
    ce.backward()

    assert_allclose(nll.data, ce.data, atol=1e-5, rtol=1e-5)
    assert_allclose(scores.grad, cross_entropy_scores.grad, atol=1e-5, rtol=1e-5)


# ---- softmax cross-entropy ----

@st.composite
def targets(draw, scores):
    as_tensor = draw(st.booleans())
    out = draw(st.lists(st.integers(0, scores.shape[1] - 1), min_size=len(scores), max_size=len(scores)))
    return Value(np.array(out)) if as_tensor else np.array(out)


def cross_entropy(x, y_true):
    return F.cross_entropy(x, y_true)


def _torch_labels(torch, y_true):
    return torch.as_tensor(np.asarray(y_true.data if isinstance(y_true, Value) else y_true), dtype=torch.int64)


def torch_cross_entropy_numpy(x, y_true):
    """PyTorch's cross_entropy (mean over the batch) on float64 arrays, as a NumPy value."""
    torch = import_torch()
    x = torch.as_tensor(np.asarray(x, dtype=np.float64))
    return torch.nn.functional.cross_entropy(x, _torch_labels(torch, y_true)).numpy()


def torch_cross_entropy(x, y_true):
    torch = import_torch()
    return torch.nn.functional.cross_entropy(x, _torch_labels(torch, y_true))


@fwdprop_test_factory(mygrad_func=cross_entropy, true_func=torch_cross_entropy_numpy,
                      index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                      index_to_bnds={0: (1e-14, 100)}, num_arrays=1,
                      kwargs=dict(y_true=lambda scores: targets(scores=scores)))
def test_softmax_crossentropy_fwd():
    pass


@backprop_test_factory(mygrad_func=cross_entropy, torch_func=torch_cross_entropy,
                       index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                       index_to_bnds={0: (1e-14, 100)}, num_arrays=1,
                       kwargs=dict(y_true=lambda scores: targets(scores=scores)))
def test_softmax_crossentropy_bkwd():
    pass


@hypothesis_settings()
@given(data=st.data(), labels_as_tensor=st.booleans())
def test_softmax_crossentropy_via_mygrad_ops(data, labels_as_tensor):
    """cross_entropy equals -mean(log(softmax) at the labels), built from minigrad's own ops."""
    s, y_true = scores_and_labels(data, labels_as_tensor)
    scores = Value(s)
    softmax_cross = F.cross_entropy(scores, y_true)
    softmax_cross.backward()

    minigrad_scores = Value(s)
    probs = F.softmax(minigrad_scores)
    correct_labels = (range(len(y_true)), y_true.data if labels_as_tensor else y_true)
    truth = np.zeros(minigrad_scores.shape)
    truth[correct_labels] = 1
    minigrad_cross = (-1 / s.shape[0]) * (probs.log() * truth).sum()
    minigrad_cross.backward()
    assert_allclose(softmax_cross.data, minigrad_cross.data, atol=1e-5, rtol=1e-5)
    assert_allclose(scores.grad, minigrad_scores.grad, atol=1e-5, rtol=1e-5)


@hypothesis_settings()
@given(shape=st.sampled_from([(3, 1), (3, 4), tuple()]))
def test_bad_label_shape(shape):
    """cross_entropy checks for shape-(N,) labels."""
    scores = Value(np.arange(12).reshape(3, 4))
    labels = np.zeros(shape, dtype=int)
    with raises(ValueError):
        F.cross_entropy(scores, labels)


@hypothesis_settings()
@given(type=st.sampled_from([bool, float, np.float32]))
def test_bad_label_type(type):
    """cross_entropy checks for integer labels."""
    scores = Value(np.arange(12).reshape(3, 4))
    labels = np.zeros((3,), dtype=type)
    with raises(TypeError):
        F.cross_entropy(scores, labels)


def weighted_nll(x, y_true, weights=None):
    """MyGrad's negative_log_likelihood(x, y_true, weights): the weighted sum over N."""
    return F.nll_loss(x, y_true, reduction="sum", weight=weights) / len(y_true)


def numpy_weighted_negative_log_likelihood(x, y_true, weights=None):
    if weights is None:
        weights = np.ones(x.shape[1])
    label_locs = (range(len(y_true)), y_true)
    factors = weights[y_true]
    return -np.mean(x[label_locs] * factors)


def get_weighted_nll_args(*arrs):
    (s,) = arrs
    y_true = hnp.arrays(shape=(s.shape[0],), dtype=hnp.integer_dtypes(),
                        elements=st.integers(min_value=0, max_value=s.shape[1] - 1))
    weights = st.none() | hnp.arrays(shape=(s.shape[1],), dtype=float, elements=st.floats(1e-8, 100))
    return st.fixed_dictionaries(dict(y_true=y_true, weights=weights))


def test_weighted_input_validation():
    with raises((ValueError, TypeError)):  # bad weight shape
      weighted_nll(np.ones((2, 2), dtype=float), np.zeros((2,), dtype=int), weights=np.ones((1,)))


@fwdprop_test_factory(num_arrays=1, index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                      mygrad_func=weighted_nll, true_func=numpy_weighted_negative_log_likelihood,
                      kwargs=get_weighted_nll_args)
def test_weighted_nll_fwd():
    pass


@backprop_test_factory(num_arrays=1, index_to_arr_shapes={0: hnp.array_shapes(min_dims=2, max_dims=2)},
                       mygrad_func=weighted_nll, true_func=numpy_weighted_negative_log_likelihood,
                       kwargs=get_weighted_nll_args, vary_each_element=True)
def test_weighted_nll_bkwd():
    pass


@hypothesis_settings()
@given(data=st.data(), labels_as_tensor=st.booleans())
def test_weighted_negative_log_likelihood_vs_softmax_cross_entropy(data, labels_as_tensor):
    s, y_true = scores_and_labels(data, labels_as_tensor)
    weights = data.draw(hnp.arrays(shape=(s.shape[1],), dtype=float, elements=st.floats(1e-8, 100)))
    scores = Value(s)
    weights = Value(weights)
    labels = np.asarray(y_true.data if isinstance(y_true, Value) else y_true)

    for score, y in zip(scores, labels):
        score = F.softmax(score.reshape(1, -1)).log()
        y = np.asarray(y).reshape(-1)
        nll = weighted_nll(score, y)
        weighted = weighted_nll(score, y, weights=weights)
        assert np.isclose(weighted.data, weights.data[y] * nll.data)
