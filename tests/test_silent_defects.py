"""Regression tests for the silent wrong results that outside suites found (issue 10, section 2).

Each class of defect gave wrong numbers with no error. Every test runs on both kernel backends, and compares
against PyTorch's rule or NumPy's semantics written out by hand (the conformance suites compare with PyTorch itself).
"""
import math
import warnings

import numpy as np
import pytest

import minigrad
from minigrad import F, Value, gradcheck, tensor


def leaf(array):
    return Value(np.array(array, dtype=np.float64))


# ---- 1. indexing backward keeps every repeated entry ----------------------------------------------------------

@pytest.mark.parametrize("make_index", [
    lambda: (Value(np.array([0, 0, 1])), Value(np.array([2, 2, 0]))),   # a tuple of Values
    lambda: ([0, 0, 1], [2, 2, 0]),                                     # a tuple of lists
    lambda: ((0, 0, 1), (2, 2, 0)),                                     # a tuple of tuples
    lambda: (np.array([0, 0, 1]), [2, 2, 0]),                           # mixed
], ids=["values", "lists", "tuples", "mixed"])
def test_index_backward_counts_repeated_pairs(backend, make_index):
    x = leaf(np.arange(6.0).reshape(2, 3))
    out = x[make_index()]
    np.testing.assert_array_equal(out.data, [2.0, 2.0, 3.0])
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, [[0, 0, 2], [1, 0, 0]])


def test_index_by_a_value_and_a_slice_counts_repeats(backend):
    x = leaf(np.arange(12.0).reshape(4, 3))
    out = x[Value(np.array([3, 3, 0])), 1:]
    (out * out).sum().backward()
    expected = np.zeros((4, 3))
    expected[3, 1:] = 2 * 2 * x.data[3, 1:]
    expected[0, 1:] = 2 * x.data[0, 1:]
    np.testing.assert_array_equal(x.grad, expected)


def test_index_gradcheck_with_repeats(backend):
    rng = np.random.default_rng(0)
    x = leaf(rng.standard_normal((3, 4)))
    gradcheck(lambda v: (v[[2, 2, 0], (1, 1, 3)] ** 2).sum(), x)


# ---- 2. transpose with negative axes --------------------------------------------------------------------------

@pytest.mark.parametrize("axes", [(-1, 0, 1), (1, -1, 0), (-2, -1, -3), (2, 0, 1)])
def test_transpose_negative_axes_gradient(backend, axes):
    rng = np.random.default_rng(1)
    x = leaf(rng.standard_normal((2, 3, 4)))
    weights = rng.standard_normal(np.transpose(x.data, axes).shape)
    (x.transpose(axes) * weights).sum().backward()
    np.testing.assert_array_equal(x.grad, np.transpose(weights, np.argsort(np.array(axes) % 3)))


def test_transpose_rejects_bad_axes_clearly():
    with pytest.raises(ValueError, match=r"transpose: axes \(0, 0\).*shape \(2, 3\)"):
        leaf(np.zeros((2, 3))).transpose(0, 0)


# ---- 3. cross-entropy gives probability targets their gradient ---------------------------------------------------

@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_probability_target_gradient(backend, reduction):
    rng = np.random.default_rng(2)
    logits = leaf(rng.standard_normal((4, 5)))
    target = leaf(rng.dirichlet(np.ones(5), size=4))
    loss = F.cross_entropy(logits, target, reduction=reduction)
    (loss if reduction != "none" else loss.sum()).backward()
    log_softmax = logits.data - np.log(np.exp(logits.data).sum(axis=1, keepdims=True))
    scale = 1 / 4 if reduction == "mean" else 1.0
    np.testing.assert_allclose(target.grad, -log_softmax * scale, rtol=1e-12)
    gradcheck(lambda t: F.cross_entropy(logits.detach(), t, reduction="sum"), target)


# ---- 4. ** at zero, as PyTorch defines it -------------------------------------------------------------------------

@pytest.mark.parametrize("as_tensor", [False, True], ids=["scalar", "tensor"])
def test_pow_zero_exponent_has_zero_gradient_at_zero(backend, as_tensor):
    x = leaf([0.0, 2.0]) if as_tensor else Value(0.0)
    (x ** 0).sum().backward() if as_tensor else (x ** 0).backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0] if as_tensor else 0.0)


def test_pow_gradients_at_zero_base_match_pytorch(backend):
    # PyTorch: d(a**b)/da = where(b == 0, 0, b * a**(b-1)); d(a**b)/db = where(a == 0 & b >= 0, 0, a**b * log a)
    a = leaf([0.0, 0.0, 0.0, 0.0, 2.0])
    b = leaf([0.0, 0.5, 2.0, -1.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (a ** b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.0, math.inf, 0.0, -math.inf, 12.0])
    np.testing.assert_array_equal(b.grad, [0.0, 0.0, 0.0, -math.inf, 8.0 * math.log(2.0)])


def test_pow_scalar_zero_base_matches_tensor(backend):
    for b_value in (0.0, 0.5, 2.0, -1.0):
        a, b = Value(0.0), Value(b_value)
        (a ** b).backward()
        at, bt = leaf([0.0]), leaf([b_value])
        (at ** bt).sum().backward()
        assert (a.grad, b.grad) == (at.grad[0], bt.grad[0]), b_value


def test_pow_negative_base_exponent_gradient_is_nan(backend):
    # a ** b for a < 0 is not a real function of b near b (only integer b give real values): NaN, like PyTorch.
    a, b = leaf([-2.0]), leaf([2.0])
    (a ** b).sum().backward()
    np.testing.assert_array_equal(a.grad, [-4.0])
    assert np.isnan(b.grad[0])


# ---- 5. degenerate reductions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", ["sum", "mean", "max", "min"])
@pytest.mark.parametrize("axis", [0, -1, (0,)])
def test_reduction_with_axis_on_0d_tensor(backend, op, axis):
    x = leaf(3.0)
    out = getattr(x, op)(axis=axis)
    assert out.shape == () and out.item() == 3.0
    out.backward()
    assert x.grad == 1.0


def test_mean_over_empty_axis_is_nan(backend):
    x = leaf(np.zeros((3, 0)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = x.mean(axis=1)
        assert out.shape == (3,) and np.all(np.isnan(out.data))
        out.sum().backward()
    assert x.grad.shape == (3, 0)


def test_mean_of_empty_array_is_nan(backend):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(leaf(np.zeros(0)).mean().item())
        assert np.isnan(leaf(np.zeros((2, 0))).mean(axis=(0, 1)).item())


@pytest.mark.parametrize("ddof, expected", [(1, math.nan), (2, math.inf), (3, math.inf)])
def test_var_with_ddof_at_least_n(backend, ddof, expected):
    # NumPy and PyTorch divide by max(n - ddof, 0): 0/0 is NaN, a positive sum over 0 is inf, never negative.
    data = [5.0] if ddof == 1 else [1.0, 2.0]
    got = leaf(data).var(ddof=ddof).item()
    np.testing.assert_equal(got, expected)
    with np.errstate(all="ignore"):
        np.testing.assert_equal(np.var(data, ddof=ddof), expected)


def test_reduction_axis_out_of_range_is_clear():
    with pytest.raises(ValueError, match=r"sum: axis 2 is out of range for a tensor of shape \(2, 3\)"):
        leaf(np.zeros((2, 3))).sum(axis=2)


# ---- 6. NaN and inf propagate ------------------------------------------------------------------------------------------

def test_relu_keeps_nan_on_both_paths(backend):
    assert math.isnan(Value(math.nan).relu().data)
    out = leaf([math.nan, -1.0, 2.0, -math.inf, math.inf]).relu().data
    np.testing.assert_array_equal(out, [math.nan, 0.0, 2.0, 0.0, math.inf])


def test_model_fed_nan_reports_nan_loss(backend):
    layer = minigrad.nn.Linear(3, 2)
    x = np.array([[math.nan, 0.0, 0.0]], dtype=np.float32)
    assert math.isnan(F.mse_loss(layer(x).relu(), np.zeros((1, 2))).item())
    assert math.isnan(F.mse_loss(F.linear(x, layer.weight, layer.bias, activation="relu"), np.zeros((1, 2))).item())


def test_scalar_exp_of_nan_is_nan():
    assert math.isnan(Value(math.nan).exp().data)
    assert Value(math.inf).exp().data == math.inf and Value(-math.inf).exp().data == 0.0
    assert Value(800.0).exp().data == math.inf


@pytest.mark.parametrize("op", ["relu", "tanh", "sigmoid", "exp", "abs", "leaky_relu"])
def test_scalar_and_tensor_paths_agree_on_edges(backend, op):
    edges = [math.nan, math.inf, -math.inf, -0.0, 0.0, 5e-324, -5e-324, 1e-300]
    tensor_out = getattr(leaf(edges), op)().data
    scalar_out = np.array([getattr(Value(e), op)().data for e in edges])
    np.testing.assert_array_equal(np.signbit(scalar_out[1:]), np.signbit(tensor_out[1:]))
    np.testing.assert_array_equal(scalar_out, tensor_out)


# ---- 7. float64 tanh keeps its precision near 0 ------------------------------------------------------------------------

def test_tanh_float64_precise_near_zero(backend):
    x = np.array([1e-12, -1e-12, 1e-8, 3e-5, 0.1, 5e-324, -0.0])
    y = Value(x).tanh().data
    np.testing.assert_allclose(y, np.tanh(x), rtol=1e-15, atol=0)
    assert np.signbit(y[-1])


# ---- 8. in-place changes to saved data are caught ------------------------------------------------------------------------

def test_changing_saved_data_before_backward_raises(backend):
    w = Value(np.array([1.0, 2.0]), label="w")
    out = (w * w).sum()
    w.data = np.array([5.0, 5.0])
    with pytest.raises(RuntimeError, match=r"op '\*'.*'w'.*changed"):
        out.backward()


def test_augmented_assignment_to_saved_data_raises(backend):
    w = Value(np.array([1.0, 2.0]))
    out = w.tanh().sum()
    w.data -= 0.5
    with pytest.raises(RuntimeError, match="tanh"):
        out.backward()


def test_scalar_change_before_backward_raises():
    a = Value(2.0, label="a")
    out = a * a
    a.data += 1.0
    with pytest.raises(RuntimeError, match="'a'"):
        out.backward()


def test_optimizer_step_between_backward_passes_raises(backend):
    # The GAN pattern that went wrong: one graph, D's step in between, then backward again through D's weights.
    layer = minigrad.nn.Linear(3, 1)
    opt = minigrad.optim.SGD(layer.parameters(), lr=0.1)
    loss = layer(np.ones((2, 3), dtype=np.float32)).sum()
    loss.backward()
    opt.step()
    with pytest.raises(RuntimeError, match="linear.*changed.*in place"):
        loss.backward()


def test_bump_version_after_in_place_array_write(backend):
    w = Value(np.array([1.0, 2.0]))
    out = (w * 3.0).sum()
    w.data[0] = 7.0
    w.bump_version()
    with pytest.raises(RuntimeError, match="changed"):
        out.backward()


def test_changes_after_a_fresh_forward_are_fine(backend):
    w = Value(np.array([1.0, 2.0]))
    w.data = w.data - 0.5
    out = (w * w).sum()
    out.backward()
    np.testing.assert_array_equal(w.grad, 2 * w.data)
