"""The Value engine: every op's forward against NumPy and its backward against central differences.

Each op is checked in tensor form with broadcast shapes drawn by hypothesis (0-d arrays, size-1 axes, (3,1) with
(1,4) ...), in scalar form (Python floats, the math path), and mixed, on both kernel backends.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import minigrad as mg
from minigrad import Value, gradcheck

FAST = settings(max_examples=15, deadline=None)


def away_from_zero(rng, shape, low=0.2, high=2.0):
    """Random numbers with |x| in [low, high]: no input sits at a kink of relu/abs or a pole of 1/x."""
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


# ---- binary ops: tensor x tensor with broadcasting -------------------------------------------------------

BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "div": (lambda a, b: a / b, np.divide),
    "pow": (lambda a, b: a.abs() ** b, lambda a, b: np.abs(a) ** b),
    "maximum": (mg.maximum, np.maximum),
    "minimum": (mg.minimum, np.minimum),
}


@pytest.mark.parametrize("name", BINARY)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4), seed=st.integers(0, 2**16))
@FAST
def test_binary_ops_broadcast(name, shapes, seed):
    op, reference = BINARY[name]
    rng = np.random.default_rng(seed)
    a, b = (away_from_zero(rng, s) for s in shapes.input_shapes)
    if name in ("maximum", "minimum"):  # keep the two inputs apart so no entry sits on the tie
        b = b + 5.0
    out = op(Value(a), Value(b))
    assert out.shape == np.broadcast_shapes(*shapes.input_shapes)
    np.testing.assert_allclose(out.data, reference(a, b), rtol=1e-12)
    for backend in ("numba", "numpy"):
        with mg.use_backend(backend):
            assert gradcheck(op, Value(a), Value(b))


@pytest.mark.parametrize("name", BINARY)
def test_binary_ops_scalar_and_mixed(name, backend):
    op, reference = BINARY[name]
    a, b = 1.7, -0.6 if name != "pow" else 1.3
    out = op(Value(a), Value(b))
    assert type(out.data) is float
    assert out.data == pytest.approx(float(reference(a, b)), rel=1e-12)
    assert gradcheck(op, Value(a), Value(b))
    rng = np.random.default_rng(1)
    assert gradcheck(op, Value(a), Value(away_from_zero(rng, (2, 3))))
    assert gradcheck(op, Value(away_from_zero(rng, (3,))), Value(b))


@pytest.mark.parametrize("exponent", [2, 3, -1, 0.5])
def test_pow_with_number_exponent_both_directions(exponent):
    x = Value(np.random.default_rng(0).uniform(0.5, 2.0, (3, 2)))
    assert gradcheck(lambda v: v ** exponent, x)
    assert gradcheck(lambda v: 2.0 ** v, x)
    assert gradcheck(lambda v: v ** exponent, Value(1.3))
    np.testing.assert_allclose((2.0 ** x).data, 2.0 ** x.data)


def test_reflected_ops_with_numbers_and_arrays():
    x = Value(np.array([1.0, 2.0]))
    np.testing.assert_allclose((3 - x).data, [2.0, 1.0])
    np.testing.assert_allclose((3 / x).data, [3.0, 1.5])
    np.testing.assert_allclose((np.array([1.0, 1.0]) + x).data, [2.0, 3.0])
    assert isinstance(np.array([1.0, 1.0]) * x, Value)
    assert gradcheck(lambda v: 1 - 2 / v + np.ones((3, 1)) * v, x)


# ---- matmul ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape_a, shape_b", [((3,), (3,)), ((3,), (3, 4)), ((2, 3), (3,)), ((2, 3), (3, 4)),
                                              ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)),
                                              ((3,), (2, 3, 4)), ((2, 2, 3), (3,))])
def test_matmul_forward_and_backward(shape_a, shape_b, backend):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    np.testing.assert_allclose((Value(a) @ Value(b)).data, a @ b, rtol=1e-12)
    assert gradcheck(lambda x, y: x @ y, Value(a), Value(b))


def test_matmul_shape_mismatch_names_both_shapes_and_the_op():
    with pytest.raises(ValueError, match=r"matmul \(@\): shapes \(2, 3\) and \(4, 5\) do not fit"):
        Value(np.ones((2, 3))) @ Value(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"batch axes of shapes \(2, 2, 3\) and \(3, 3, 4\)"):
        Value(np.ones((2, 2, 3))) @ Value(np.ones((3, 3, 4)))


# ---- unary elementwise ops --------------------------------------------------------------------------------

UNARY = {
    "neg": (lambda x: -x, np.negative, None),
    "exp": (lambda x: x.exp(), np.exp, None),
    "log": (lambda x: x.abs().log(), lambda x: np.log(np.abs(x)), None),
    "sqrt": (lambda x: x.abs().sqrt(), lambda x: np.sqrt(np.abs(x)), None),
    "tanh": (lambda x: x.tanh(), np.tanh, math.tanh),
    "sigmoid": (lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), None),
    "relu": (lambda x: x.relu(), lambda x: np.maximum(x, 0), None),
    "leaky_relu": (lambda x: x.leaky_relu(0.2), lambda x: np.where(x > 0, x, 0.2 * x), None),
    "abs": (lambda x: abs(x), np.abs, None),
    "clip": (lambda x: x.clip(-1.0, 1.5), lambda x: np.clip(x, -1.0, 1.5), None),
}


@pytest.mark.parametrize("name", UNARY)
@given(shape=st.sampled_from([(), (1,), (4,), (3, 1), (2, 3), (2, 1, 3)]), seed=st.integers(0, 2**16))
@FAST
def test_unary_ops_tensor(name, shape, seed):
    op, reference, _ = UNARY[name]
    x = away_from_zero(np.random.default_rng(seed), shape)
    x = np.where(np.abs(np.abs(x) - 1.0) < 0.05, 0.5, x) if name == "clip" else x  # keep off the clip edges
    np.testing.assert_allclose(op(Value(x)).data, reference(x), rtol=1e-12)
    for backend in ("numba", "numpy"):
        with mg.use_backend(backend):
            assert gradcheck(op, Value(x))


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("x", [-1.3, 0.7])
def test_unary_ops_scalar_use_floats(name, x):
    op, reference, _ = UNARY[name]
    out = op(Value(x))
    assert type(out.data) is float
    assert out.data == pytest.approx(float(reference(np.float64(x))), rel=1e-12)
    assert gradcheck(op, Value(x))


def test_float32_activations_stay_float32(backend):
    x = Value(np.linspace(-2, 2, 12, dtype=np.float32).reshape(3, 4))
    for op in (lambda v: v.relu(), lambda v: v.tanh(), lambda v: v.sigmoid(), lambda v: v.leaky_relu(),
               lambda v: v * 2.0 + 1.0, lambda v: v.exp(), lambda v: v.softmax()):
        out = op(x)
        assert out.dtype == np.float32
        out.sum().backward()
        assert x.grad.dtype == np.float32
        x.grad = None


def test_sigmoid_and_softmax_family_are_finite_at_extremes():
    x = Value(np.array([[-1e4, 0.0, 1e4]]))
    assert np.all(np.isfinite(x.sigmoid().data))
    assert np.all(np.isfinite(x.softmax().data)) and np.all(np.isfinite(x.log_softmax().data))
    np.testing.assert_allclose(x.logsumexp().data, [1e4])
    assert Value(-1e4).sigmoid().data == 0.0 and Value(1e4).sigmoid().data == 1.0
    assert Value(1e4).exp().data == math.inf  # overflows like NumPy instead of raising


# ---- reductions ---------------------------------------------------------------------------------------------

REDUCTIONS = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "var": np.var}


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(name, axis, keepdims, backend):
    x = np.random.default_rng(3).standard_normal((2, 3, 4))
    op = lambda v: getattr(v, name)(axis=axis, keepdims=keepdims)  # noqa: E731
    np.testing.assert_allclose(op(Value(x)).data, REDUCTIONS[name](x, axis=axis, keepdims=keepdims), rtol=1e-12)
    assert gradcheck(op, Value(x))


def test_max_splits_the_gradient_between_ties():
    x = Value(np.array([1.0, 3.0, 3.0]))
    x.max().backward()
    np.testing.assert_allclose(x.grad, [0.0, 0.5, 0.5])


def test_reductions_of_a_scalar_are_the_scalar():
    x = Value(2.5)
    for name in ("sum", "mean", "max", "min"):
        out = getattr(x, name)()
        assert type(out.data) is float and out.data == 2.5
    assert x.var().data == 0.0
    assert gradcheck(lambda v: v.sum() * v.mean(), x)


def test_var_with_ddof_matches_numpy():
    x = np.random.default_rng(4).standard_normal((5, 3))
    np.testing.assert_allclose(Value(x).var(axis=0, ddof=1).data, np.var(x, axis=0, ddof=1))
    assert gradcheck(lambda v: v.var(axis=0, ddof=1), Value(x))


# ---- softmax family -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [0, -1])
def test_softmax_log_softmax_logsumexp(axis, backend):
    x = np.random.default_rng(5).standard_normal((3, 4)) * 3
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    softmax = e / e.sum(axis=axis, keepdims=True)
    np.testing.assert_allclose(Value(x).softmax(axis).data, softmax, rtol=1e-12)
    np.testing.assert_allclose(Value(x).log_softmax(axis).data, np.log(softmax), rtol=1e-12)
    np.testing.assert_allclose(Value(x).logsumexp(axis).data, np.log(np.exp(x).sum(axis=axis)), rtol=1e-12)
    for fn in (lambda v: v.softmax(axis), lambda v: v.log_softmax(axis), lambda v: v.logsumexp(axis),
               lambda v: v.logsumexp(axis, keepdims=True)):
        assert gradcheck(fn, Value(x))


# ---- shape ops ------------------------------------------------------------------------------------------------

SHAPE_OPS = {
    "reshape": (lambda v: v.reshape(4, 6), lambda x: x.reshape(4, 6)),
    "reshape_tuple": (lambda v: v.reshape((2, -1)), lambda x: x.reshape(2, -1)),
    "transpose": (lambda v: v.transpose(), lambda x: x.transpose()),
    "transpose_axes": (lambda v: v.transpose(1, 2, 0), lambda x: x.transpose(1, 2, 0)),
    "T": (lambda v: v.T, lambda x: x.T),
    "flatten": (lambda v: v.flatten(), lambda x: x.reshape(-1)),
    "flatten_1": (lambda v: v.flatten(1), lambda x: x.reshape(2, -1)),
    "expand_dims": (lambda v: v.expand_dims(1), lambda x: np.expand_dims(x, 1)),
    "squeeze": (lambda v: v.expand_dims(0).squeeze(0), lambda x: x),
    "broadcast_to": (lambda v: v[:, :1].broadcast_to((5, 2, 3, 4)), lambda x: np.broadcast_to(x[:, :1], (5, 2, 3, 4))),
    "slice": (lambda v: v[1:, ::2, -1], lambda x: x[1:, ::2, -1]),
    "int_array_with_repeats": (lambda v: v[[0, 1, 0]], lambda x: x[[0, 1, 0]]),
    "fancy_pairs": (lambda v: v[[0, 1, 1], [2, 0, 0]], lambda x: x[[0, 1, 1], [2, 0, 0]]),
    "bool_mask": (lambda v: v[v.data > 0], lambda x: x[x > 0]),
    "concatenate": (lambda v: mg.concatenate([v, v * 2, v[:, :1]], axis=1),
                    lambda x: np.concatenate([x, x * 2, x[:, :1]], axis=1)),
    "stack": (lambda v: mg.stack([v, v.exp()], axis=-1), lambda x: np.stack([x, np.exp(x)], axis=-1)),
    "where": (lambda v: mg.where(v.data > 0, v, v * v), lambda x: np.where(x > 0, x, x * x)),
}


@pytest.mark.parametrize("name", SHAPE_OPS)
def test_shape_ops(name, backend):
    op, reference = SHAPE_OPS[name]
    x = np.random.default_rng(6).standard_normal((2, 3, 4))
    np.testing.assert_allclose(op(Value(x)).data, reference(x), rtol=1e-12)
    assert gradcheck(op, Value(x))


def test_where_with_tensor_and_scalar_branches():
    x, s = Value(np.random.default_rng(7).standard_normal((3, 2))), Value(0.5)
    assert gradcheck(lambda a, b: mg.where(np.array([True, False]), a, b), x, s)
    with pytest.raises(ValueError, match=r"where: shapes \(3,\) \(condition\), \(3, 2\)"):
        mg.where(np.ones(3, dtype=bool), x, s)


# ---- the backward pass -----------------------------------------------------------------------------------------

def test_micrograd_sanity_check_matches_pytorch():
    # Reference numbers from tests/torch_reference_engine.py (PyTorch 2.13, float64).
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == pytest.approx(-20.0, abs=1e-12)
    assert x.grad == pytest.approx(46.0, abs=1e-12)


def test_micrograd_more_ops_matches_pytorch():
    # Reference numbers from tests/torch_reference_engine.py (PyTorch 2.13, float64).
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b ** 3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.data == pytest.approx(24.70408163265306, abs=1e-12)
    assert a.grad == pytest.approx(138.83381924198252, abs=1e-9)
    assert b.grad == pytest.approx(645.5772594752186, abs=1e-9)


def test_second_backward_accumulates_leaves_but_not_intermediates():
    x = Value(3.0)
    h = x * x
    y = h + x
    y.backward()
    assert (x.grad, h.grad) == (7.0, 1.0)
    y.backward()
    assert (x.grad, h.grad) == (14.0, 1.0)
    t = Value(np.array([1.0, 2.0]))
    u = (t * t).sum()
    u.backward()
    u.backward()
    np.testing.assert_allclose(t.grad, [4.0, 8.0])


def test_grad_reads_as_zero_and_has_the_type_and_shape_of_data():
    s, t = Value(1.0), Value(np.ones((2, 3), dtype=np.float32))
    assert s.grad == 0.0 and type(s.grad) is float
    assert t.grad.shape == (2, 3) and t.grad.dtype == np.float32 and not t.grad.any()
    (s * t).sum().backward()
    assert type(s.grad) is float and s.grad == 6.0
    assert t.grad.dtype == np.float32


def test_fan_out_adds_gradients():
    x = Value(2.0)
    y = x * x * x  # x used three times
    y.backward()
    assert x.grad == pytest.approx(12.0)


def test_backward_on_a_100000_deep_chain():
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_backward_on_a_sum_of_100000_scalars():
    xs = [Value(float(i)) for i in range(100_000)]
    total = sum(xs)
    total.backward()
    assert all(x.grad == 1.0 for x in xs[:: 997])
    assert total.data == sum(range(100_000))


def test_graph_is_freed_by_reference_counting_alone():
    import gc
    import weakref
    gc.disable()
    try:
        x = Value(np.ones(3))
        h = (x * 2).relu()
        out = (h * h).sum()
        out.backward()
        refs = [weakref.ref(h), weakref.ref(out)]
        del h, out
        assert all(r() is None for r in refs)  # freed without any help from the cycle collector
        s = Value(1.0)
        scalar_out = s.tanh() * s + 1
        scalar_ref = weakref.ref(scalar_out.parents[0])
        del scalar_out
        assert scalar_ref() is None
    finally:
        gc.enable()


def test_backward_seeds_one_for_a_one_element_tensor():
    x = Value(np.array([[2.0]]))
    (x * x).backward()
    np.testing.assert_allclose(x.grad, [[4.0]])


def test_backward_with_an_explicit_grad():
    x = Value(np.array([1.0, 2.0, 3.0]))
    (x * x).backward(grad=np.array([1.0, 0.0, 2.0]))
    np.testing.assert_allclose(x.grad, [2.0, 0.0, 12.0])


def test_backward_on_a_non_scalar_without_grad_says_what_to_do():
    with pytest.raises(RuntimeError, match=r"shape \(2, 2\), not one element.*out.sum\(\).backward\(\)"):
        (Value(np.ones((2, 2))) * 2).backward()
    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but the output has shape \(2, 2\)"):
        (Value(np.ones((2, 2))) * 2).backward(grad=np.ones(3))


def test_backward_without_anything_requiring_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        (Value(1.0, requires_grad=False) * 2).backward()


# ---- constants, no_grad, detach, anomaly ---------------------------------------------------------------------

def test_raw_arrays_are_constants():
    w = Value(np.ones(3))
    x = np.arange(3.0)
    out = (w * x).sum()
    out.backward()
    np.testing.assert_allclose(w.grad, x)
    assert not mg.as_value(x).requires_grad


def test_no_grad_records_nothing_and_is_thread_local():
    import threading
    x = Value(2.0)
    with mg.no_grad():
        y = x * x
        seen = []
        worker = threading.Thread(target=lambda: seen.append((x * x).requires_grad))
        worker.start()
        worker.join()
    assert not y.requires_grad and y.parents == ()
    assert seen == [True]  # the other thread still records graphs
    assert (x * x).requires_grad


def test_detach_item_numpy_array_and_properties():
    x = Value(np.arange(6.0).reshape(2, 3), label="x")
    d = x.detach()
    assert not d.requires_grad and d.data is x.data
    assert Value(np.array([3.5])).item() == 3.5
    assert np.asarray(x).shape == (2, 3) and x.numpy() is x.data
    assert (x.shape, x.ndim, x.size, x.dtype) == ((2, 3), 2, 6, np.float64)
    assert "x" in repr(x) and "shape=(2, 3)" in repr(x)
    assert repr(Value(2.0)) == "Value(data=2, grad=0)"
    with pytest.raises(ValueError, match=r"item: the Value has shape \(2, 3\)"):
        x.item()


def test_detect_anomaly_names_the_op_in_forward_and_backward():
    with mg.detect_anomaly():
        with pytest.raises(FloatingPointError, match=r"forward of op 'log'.*\(2,\)"):
            Value(np.array([1.0, -1.0])).log()
        x = Value(np.array([0.0, 1.0]))
        y = x.sqrt().sum()  # finite forward, infinite derivative at 0
        with pytest.raises(FloatingPointError, match=r"backward of op 'sqrt'"):
            y.backward()
    Value(np.array([-1.0])).log()  # outside the block: NaN passes silently, like NumPy


# ---- bad input --------------------------------------------------------------------------------------------------

def test_broadcast_mismatch_names_op_and_shapes():
    with pytest.raises(ValueError, match=r"\+: shapes \(2, 3\) and \(4,\) do not broadcast"):
        Value(np.ones((2, 3))) + Value(np.ones(4))
    with pytest.raises(ValueError, match=r"\*: shapes \(3,\) and \(2,\)"):
        Value(np.ones(3)) * np.ones(2)


def test_non_numeric_data_is_rejected():
    with pytest.raises(TypeError, match="data must be a number or a numeric array, got str"):
        Value("abc")
    with pytest.raises(TypeError, match="dtype <U1"):
        Value(np.array(["a"]))
    with pytest.raises(TypeError, match="use x.detach"):
        Value(Value(1.0))


def test_integer_tensor_cannot_require_grad():
    with pytest.raises(TypeError, match="a int64 tensor cannot require grad.*np.float32"):
        Value(np.arange(3), requires_grad=True)
    assert not Value(np.arange(3)).requires_grad  # by default it is a constant
    assert Value(3).requires_grad and Value(3).data == 3.0  # a Python int is a float scalar


def test_reshape_error_names_shapes():
    with pytest.raises(ValueError, match=r"reshape: cannot reshape shape \(2, 3\) \(6 entries\) into \(4,\)"):
        Value(np.ones((2, 3))).reshape(4)


def test_a_recorded_op_leaves_one_object_for_the_cycle_collector():
    """Issue 13: a scalar step records tens of thousands of ops, and every object the collector tracks is scanned
    again and again while the graph lives. An op's output is the only tracked object it keeps: its one or two
    inputs sit in slots, not in a tuple; three or more inputs share one tuple."""
    import gc
    x, w = Value(1.5), Value(-2.0)
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        out = x
        for _ in range(1000):
            out = (out * w).relu() + x
        grown = len(gc.get_objects()) - before
    finally:
        gc.enable()
    assert 3000 <= grown < 3000 + 50  # three ops a round, one Value each
    assert out.parents[1] is x and len(out.parents) == 2 and out.parents[0].op == "relu"
    assert out.parents[0].parents[0].parents == (out.parents[0].parents[0].parents[0], w)
    assert x.parents == () and Value(2.0).parents == ()
    stacked = mg.stack([Value(np.ones(2)), Value(np.zeros(2)), Value(np.full(2, 3.0))])
    assert [p.data[0, 0] for p in stacked.parents] == [1.0, 0.0, 3.0]  # stack: concatenate of reshapes


def test_leaf_grads_are_their_own_arrays_and_shared_op_grads_are_never_written(backend):
    """Issue 13: an op output keeps the gradient array its rule returned (no copy per node: a convolution's is
    megabytes), so it may share memory with another node's. The engine never writes into such an array: a second
    contribution makes a new sum. A leaf's grad is always a copy of its own, as optimizers change it in place."""
    a, b = Value(np.ones(3)), Value(np.full(3, 2.0))
    y = a * 1.0                  # an op output that receives two contributions from z
    z = (y + y) + b              # + returns (g, g): the same array for both inputs
    z.backward(np.arange(3.0))
    assert np.array_equal(z.grad, [0, 1, 2]) and np.array_equal(y.grad, [0, 2, 4]) and np.array_equal(a.grad, [0, 2, 4])
    assert not np.shares_memory(a.grad, b.grad) and not any(np.shares_memory(leaf.grad, node.grad)
                                                                for leaf in (a, b) for node in (y, z))
    b.grad *= 0  # as a gradient clipper does: the other gradients stay as they were
    assert np.array_equal(z.grad, [0, 1, 2]) and np.array_equal(a.grad, [0, 2, 4])
    w = Value(np.ones((2, 2)))   # a weight used twice accumulates in its own array
    ((w * 3.0).sum() + (w * 4.0).sum()).backward()
    assert np.array_equal(w.grad, np.full((2, 2), 7.0))
    s = Value(np.array(1.5)) * 1.0  # a 0-d op output that is summed into stays a 0-d array
    (s + s).backward()
    assert type(s.grad) is np.ndarray and s.grad.shape == () and s.grad == 2.0


def test_a_fused_op_hands_its_new_gradient_arrays_to_leaves_without_a_copy(backend):
    """Issue 13: a fused op's kernels compute each input's gradient into a new array that nothing else holds
    (OwnGradients), so a leaf keeps that array as its .grad instead of copying it (a weight's gradient is
    megabytes). Seen here on x of shape (2, 2, 3): linear's kernel computes dx as a (4, 3) matrix, and x.grad is
    a view of it, where a copy would own its data. The leaf still owns it alone: changing it in place changes
    no other gradient, and a second backward adds into it."""
    from minigrad import F
    rng = np.random.default_rng(0)
    x, w, b = (Value(rng.standard_normal(shape)) for shape in ((2, 2, 3), (2, 3), (2,)))
    F.linear(x, w, b, activation="tanh").sum().backward()
    assert x.grad.base is not None and x.grad.base.shape == (4, 3)
    kept_w, kept_b = w.grad.copy(), b.grad.copy()
    x.grad *= 0  # as a gradient clipper does: the others stay as they were
    assert np.array_equal(w.grad, kept_w) and np.array_equal(b.grad, kept_b)
    grad_w = w.grad
    F.linear(x, w, b, activation="tanh").sum().backward()  # accumulates into the same leaf arrays
    assert w.grad is grad_w and np.allclose(w.grad, 2 * kept_w) and np.allclose(b.grad, 2 * kept_b)
