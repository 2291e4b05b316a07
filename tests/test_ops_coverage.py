"""The elementwise, activation and axis ops of a Value: PyTorch's values and gradients, gradcheck and
gradgradcheck on both kernel backends, scalars and tensors, and the errors they raise."""
import math

import numpy as np
import pytest

import minigrad
from minigrad import F, Value, gradcheck, gradgradcheck, nn, tensor

torch = pytest.importorskip("torch")

# (name, minigrad function, PyTorch function, low, high): inputs are drawn from [low, high), away from kinks
UNARY = [
    ("sin", lambda x: x.sin(), torch.sin, -3, 3),
    ("cos", lambda x: x.cos(), torch.cos, -3, 3),
    ("tan", lambda x: x.tan(), torch.tan, -1.4, 1.4),
    ("arcsin", lambda x: x.arcsin(), torch.asin, -0.9, 0.9),
    ("arccos", lambda x: x.arccos(), torch.acos, -0.9, 0.9),
    ("arctan", lambda x: x.arctan(), torch.atan, -3, 3),
    ("sinh", lambda x: x.sinh(), torch.sinh, -3, 3),
    ("cosh", lambda x: x.cosh(), torch.cosh, -3, 3),
    ("erf", lambda x: x.erf(), torch.erf, -3, 3),
    ("log1p", lambda x: x.log1p(), torch.log1p, -0.9, 3),
    ("expm1", lambda x: x.expm1(), torch.expm1, -3, 3),
    ("log2", lambda x: x.log2(), torch.log2, 0.1, 3),
    ("exp2", lambda x: x.exp2(), torch.exp2, -3, 3),
    ("sign", lambda x: x.sign(), torch.sign, -3, 3),
    ("elu", lambda x: x.elu(), torch.nn.functional.elu, -3, 3),
    ("elu_alpha", lambda x: x.elu(0.5), lambda x: torch.nn.functional.elu(x, 0.5), -3, 3),
    ("selu", lambda x: x.selu(), torch.nn.functional.selu, -3, 3),
    ("celu", lambda x: x.celu(2.0), lambda x: torch.nn.functional.celu(x, 2.0), -3, 3),
    ("gelu", lambda x: x.gelu(), torch.nn.functional.gelu, -4, 4),
    ("gelu_tanh", lambda x: x.gelu("tanh"), lambda x: torch.nn.functional.gelu(x, approximate="tanh"), -4, 4),
    ("softplus", lambda x: x.softplus(), torch.nn.functional.softplus, -30, 30),
    ("softplus_beta", lambda x: x.softplus(2.0, 5.0), lambda x: torch.nn.functional.softplus(x, 2.0, 5.0), -4, 4),
    ("silu", lambda x: x.silu(), torch.nn.functional.silu, -4, 4),
    ("swish", lambda x: x.swish(), torch.nn.functional.silu, -4, 4),
    ("mish", lambda x: x.mish(), torch.nn.functional.mish, -4, 4),
    ("relu6", lambda x: x.relu6(), torch.nn.functional.relu6, -3, 9),
    ("hardtanh", lambda x: x.hardtanh(), torch.nn.functional.hardtanh, -3, 3),
    ("hardtanh_range", lambda x: x.hardtanh(-0.5, 2.0), lambda x: torch.nn.functional.hardtanh(x, -0.5, 2.0), -3, 3),
    ("hardsigmoid", lambda x: x.hardsigmoid(), torch.nn.functional.hardsigmoid, -5, 5),
    ("hardswish", lambda x: x.hardswish(), torch.nn.functional.hardswish, -5, 5),
    ("logsigmoid", lambda x: x.logsigmoid(), torch.nn.functional.logsigmoid, -30, 30),
    ("softsign", lambda x: x.softsign(), torch.nn.functional.softsign, -3, 3),
]
KINKS = {"elu": [0.0], "elu_alpha": [0.0], "selu": [0.0], "celu": [0.0], "relu6": [0.0, 6.0], "hardtanh": [-1.0, 1.0],
         "hardtanh_range": [-0.5, 2.0], "hardsigmoid": [-3.0, 3.0], "hardswish": [-3.0, 3.0], "sign": [0.0],
         "softsign": [0.0]}
IDS = [case[0] for case in UNARY]


def sample(name, low, high, shape=(4, 5), seed=0):
    """Inputs in [low, high) at least 0.05 from the op's kinks, where central differences are meaningless."""
    x = np.random.default_rng(seed).uniform(low, high, shape)
    for kink in KINKS.get(name, []):
        x = np.where(np.abs(x - kink) < 0.05, kink + 0.1, x)
    return x


@pytest.mark.parametrize("name, fn, torch_fn, low, high", UNARY, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_matches_pytorch(backend, name, fn, torch_fn, low, high, dtype):
    x = sample(name, low, high).astype(dtype)
    v = Value(x)
    out = fn(v)
    t = torch.tensor(x, requires_grad=True)
    expected = torch_fn(t)
    assert out.dtype == dtype and out.shape == x.shape
    tol = 1e-5 if dtype == np.float32 else 1e-8  # PyTorch's hardsigmoid gradient rounds 1/6 to float32
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=tol * 10, atol=tol)
    weights = np.random.default_rng(1).standard_normal(x.shape).astype(dtype)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(v.grad, t.grad.numpy(), rtol=tol * 10, atol=tol)


@pytest.mark.parametrize("name, fn, torch_fn, low, high", UNARY, ids=IDS)
def test_unary_gradcheck_and_gradgradcheck(backend, name, fn, torch_fn, low, high):
    x = sample(name, low, high, shape=(3, 4), seed=2)
    assert gradcheck(fn, Value(x))
    assert gradgradcheck(fn, Value(x))


@pytest.mark.parametrize("name, fn, torch_fn, low, high", UNARY, ids=IDS)
def test_unary_on_a_scalar_value_stays_a_float_and_agrees_with_the_tensor(name, fn, torch_fn, low, high):
    x = float(sample(name, low, high, shape=(1,), seed=3)[0])
    s, t = Value(x), Value(np.array([x]))
    out_s, out_t = fn(s), fn(t)
    assert type(out_s.data) is float
    assert out_s.data == pytest.approx(float(out_t.data[0]), rel=1e-12, abs=1e-12)
    out_s.backward()
    out_t.sum().backward()
    assert s.grad == pytest.approx(float(t.grad[0]), rel=1e-12, abs=1e-12)
    assert gradcheck(fn, Value(x)) and gradgradcheck(fn, Value(x))


def test_math_edges_follow_numpy_on_scalars_and_tensors():
    for name, value in [("arcsin", 2.0), ("arccos", -2.0), ("log2", -1.0), ("log1p", -2.0), ("sin", math.inf)]:
        assert math.isnan(getattr(Value(value), name)().data), name
        assert np.isnan(getattr(tensor([value]), name)().data[0]), name
    assert Value(0.0).log2().data == -math.inf and Value(-1.0).log1p().data == -math.inf
    assert Value(2000.0).exp2().data == math.inf and Value(1000.0).sinh().data == math.inf
    assert Value(0.0).sign().data == 0.0 and math.isnan(Value(math.nan).sign().data)


def test_activations_stay_finite_at_large_inputs():
    x = tensor([-1e4, -50.0, 0.0, 50.0, 1e4])
    for name in ("elu", "selu", "celu", "softplus", "logsigmoid", "silu", "mish", "gelu", "softsign"):
        out = getattr(x, name)()
        out.sum().backward()
        assert np.all(np.isfinite(out.data)), name
        assert np.all(np.isfinite(x.grad)), name
        x.zero_grad()
    np.testing.assert_allclose(x.softplus().data, torch.nn.functional.softplus(torch.tensor(x.data)).numpy())
    np.testing.assert_allclose(x.logsigmoid().data, torch.nn.functional.logsigmoid(torch.tensor(x.data)).numpy())


def test_boundaries_take_pytorchs_one_sided_gradients():
    x = tensor([-1.0, 1.0, 0.0, 6.0, -3.0, 3.0])
    t = torch.tensor(x.data, requires_grad=True)
    for ours, theirs in [(lambda v: v.hardtanh(), torch.nn.functional.hardtanh),
                         (lambda v: v.relu6(), torch.nn.functional.relu6),
                         (lambda v: v.hardsigmoid(), torch.nn.functional.hardsigmoid),
                         (lambda v: v.elu(), torch.nn.functional.elu)]:
        x.zero_grad()
        t.grad = None
        ours(x).sum().backward()
        theirs(t).sum().backward()
        np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-7, atol=0)  # zeros exactly where PyTorch's are


def test_gelu_rejects_an_unknown_approximation():
    with pytest.raises(ValueError, match="gelu: approximate must be 'none' or 'tanh'"):
        tensor([1.0]).gelu("erf")


def test_erf_of_integers_is_float64():
    out = Value(np.array([0, 1, -2])).erf()
    np.testing.assert_allclose(out.data, [math.erf(v) for v in (0, 1, -2)])
    assert out.dtype == np.float64


# ---- the same activations as F functions, nn modules and Keras names ------------------------------------------

ACTIVATION_MODULES = [
    (nn.ELU(), torch.nn.ELU()), (nn.ELU(0.3), torch.nn.ELU(0.3)), (nn.SELU(), torch.nn.SELU()),
    (nn.CELU(1.5), torch.nn.CELU(1.5)), (nn.GELU(), torch.nn.GELU()), (nn.GELU("tanh"), torch.nn.GELU("tanh")),
    (nn.Softplus(), torch.nn.Softplus()), (nn.Softplus(3.0, 4.0), torch.nn.Softplus(3.0, 4.0)),
    (nn.SiLU(), torch.nn.SiLU()), (nn.Mish(), torch.nn.Mish()), (nn.ReLU6(), torch.nn.ReLU6()),
    (nn.Hardtanh(), torch.nn.Hardtanh()), (nn.Hardtanh(-2.0, 0.5), torch.nn.Hardtanh(-2.0, 0.5)),
    (nn.Hardsigmoid(), torch.nn.Hardsigmoid()), (nn.Hardswish(), torch.nn.Hardswish()),
    (nn.LogSigmoid(), torch.nn.LogSigmoid()), (nn.Softsign(), torch.nn.Softsign()),
]


@pytest.mark.parametrize("ours, theirs", ACTIVATION_MODULES, ids=[repr(m) for m, _ in ACTIVATION_MODULES])
def test_activation_modules_match_pytorch(ours, theirs):
    x = np.random.default_rng(4).uniform(-5, 5, (6, 7)).astype(np.float32)
    np.testing.assert_allclose(ours(x).data, theirs(torch.tensor(x)).numpy(), rtol=1e-5, atol=1e-6)
    assert type(ours).__name__ == type(theirs).__name__


F_ACTIVATIONS = [
    (F.elu, torch.nn.functional.elu, {"alpha": 0.7}), (F.selu, torch.nn.functional.selu, {}),
    (F.celu, torch.nn.functional.celu, {"alpha": 0.5}), (F.gelu, torch.nn.functional.gelu, {"approximate": "tanh"}),
    (F.softplus, torch.nn.functional.softplus, {"beta": 2.0, "threshold": 3.0}),
    (F.silu, torch.nn.functional.silu, {}), (F.mish, torch.nn.functional.mish, {}),
    (F.relu6, torch.nn.functional.relu6, {}), (F.hardtanh, torch.nn.functional.hardtanh, {"min_val": -2.0}),
    (F.hardsigmoid, torch.nn.functional.hardsigmoid, {}), (F.hardswish, torch.nn.functional.hardswish, {}),
    (F.logsigmoid, torch.nn.functional.logsigmoid, {}), (F.softsign, torch.nn.functional.softsign, {}),
    (F.relu, torch.nn.functional.relu, {}), (F.leaky_relu, torch.nn.functional.leaky_relu, {"negative_slope": 0.2}),
    (F.sigmoid, torch.sigmoid, {}), (F.tanh, torch.tanh, {}),
]


@pytest.mark.parametrize("ours, theirs, kwargs", F_ACTIVATIONS, ids=[f.__name__ for f, _, _ in F_ACTIVATIONS])
def test_functional_activations_take_pytorchs_keywords(ours, theirs, kwargs):
    x = np.random.default_rng(5).uniform(-5, 5, (3, 8))
    np.testing.assert_allclose(ours(x, **kwargs).data, theirs(torch.tensor(x), **kwargs).numpy(), rtol=1e-9,
                               atol=1e-15)


@pytest.mark.parametrize("name, torch_fn", [
    ("elu", torch.nn.functional.elu), ("selu", torch.nn.functional.selu), ("gelu", torch.nn.functional.gelu),
    ("softplus", torch.nn.functional.softplus), ("softsign", torch.nn.functional.softsign),
    ("silu", torch.nn.functional.silu), ("swish", torch.nn.functional.silu), ("mish", torch.nn.functional.mish),
    ("relu6", torch.nn.functional.relu6), ("hard_sigmoid", torch.nn.functional.hardsigmoid),
    ("hard_silu", torch.nn.functional.hardswish), ("hard_swish", torch.nn.functional.hardswish),
    ("log_sigmoid", torch.nn.functional.logsigmoid), ("celu", torch.nn.functional.celu),
    ("hard_tanh", torch.nn.functional.hardtanh)])
def test_keras_activation_names(name, torch_fn):
    x = np.random.default_rng(6).uniform(-5, 5, (4, 3))
    expected = torch_fn(torch.tensor(x)).numpy()
    np.testing.assert_allclose(nn.get_activation(name)(x).data, expected, rtol=1e-10)
    layer = nn.Linear(3, 3, activation=name)
    z = x.astype(np.float32) @ layer.weight.data.T + layer.bias.data
    np.testing.assert_allclose(layer(x).data, torch_fn(torch.tensor(z)).numpy(), rtol=1e-5, atol=1e-6)


# ---- axis ops -------------------------------------------------------------------------------------------------

def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


AXIS_CASES = [  # (id, shape, minigrad function, PyTorch function)
    ("pad_constant", (2, 3, 4), lambda x: x.pad((1, 2, 0, 1)), lambda t: torch.nn.functional.pad(t, (1, 2, 0, 1))),
    ("pad_value", (2, 3, 4), lambda x: x.pad((2, 0), value=1.5),
     lambda t: torch.nn.functional.pad(t, (2, 0), value=1.5)),
    ("pad_negative", (2, 3, 4), lambda x: x.pad((-1, 2, 1, -2)), lambda t: torch.nn.functional.pad(t, (-1, 2, 1, -2))),
    ("pad_reflect_negative", (2, 3, 5), lambda x: x.pad((3, -3, 2, -1), mode="reflect"),
     lambda t: torch.nn.functional.pad(t, (3, -3, 2, -1), mode="reflect")),
    ("pad_reflect", (2, 3, 4), lambda x: x.pad((3, 1, 2, 2), mode="reflect"),
     lambda t: torch.nn.functional.pad(t, (3, 1, 2, 2), mode="reflect")),
    ("pad_replicate", (2, 3, 4), lambda x: x.pad((3, 1, 0, 4), mode="replicate"),
     lambda t: torch.nn.functional.pad(t, (3, 1, 0, 4), mode="replicate")),
    ("pad_circular", (2, 3, 4), lambda x: x.pad((3, 1, 2, 0), mode="circular"),
     lambda t: torch.nn.functional.pad(t, (3, 1, 2, 0), mode="circular")),
    ("flip", (2, 3, 4), lambda x: x.flip((0, 2)), lambda t: torch.flip(t, (0, 2))),
    ("flip_all", (2, 3, 4), lambda x: x.flip(), lambda t: torch.flip(t, (0, 1, 2))),
    ("roll", (3, 5), lambda x: x.roll(2, 1), lambda t: torch.roll(t, 2, 1)),
    ("roll_axes", (3, 5), lambda x: x.roll((-1, 7), (0, 1)), lambda t: torch.roll(t, (-1, 7), (0, 1))),
    ("roll_flat", (3, 5), lambda x: x.roll(4), lambda t: torch.roll(t, 4)),
    ("repeat", (2, 3), lambda x: x.repeat(2, 1, 3), lambda t: t.repeat(2, 1, 3)),
    ("tile", (2, 3), lambda x: x.tile((2,)), lambda t: torch.tile(t, (2,))),
    ("tril", (2, 4, 5), lambda x: x.tril(), lambda t: torch.tril(t)),
    ("tril_k", (4, 5), lambda x: x.tril(-1), lambda t: torch.tril(t, -1)),
    ("triu", (4, 5), lambda x: x.triu(2), lambda t: torch.triu(t, 2)),
    ("gather0", (4, 5), lambda x: x.gather(0, np.array([[0, 1, 3], [3, 3, 2]])),
     lambda t: torch.gather(t, 0, torch.tensor([[0, 1, 3], [3, 3, 2]]))),
    ("gather1", (4, 5), lambda x: x.gather(-1, np.array([[4, 0], [1, 1], [2, 0]])),
     lambda t: torch.gather(t, -1, torch.tensor([[4, 0], [1, 1], [2, 0]]))),
    ("masked_fill", (3, 4), lambda x: x.masked_fill(np.eye(3, 4, dtype=bool), -2.0),
     lambda t: t.masked_fill(torch.tensor(np.eye(3, 4, dtype=bool)), -2.0)),
    ("cumsum", (3, 4), lambda x: x.cumsum(1), lambda t: torch.cumsum(t, 1)),
    ("cumsum0", (3, 4), lambda x: x.cumsum(0), lambda t: torch.cumsum(t, 0)),
    ("cumprod", (3, 7), lambda x: x.cumprod(1), lambda t: torch.cumprod(t, 1)),
    ("cumprod0", (5, 2), lambda x: x.cumprod(0), lambda t: torch.cumprod(t, 0)),
    ("prod", (3, 5), lambda x: x.prod(), lambda t: torch.prod(t)),
    ("prod_axis", (3, 5), lambda x: x.prod(1), lambda t: torch.prod(t, 1)),
    ("prod_keep", (3, 5, 2), lambda x: x.prod(0, keepdims=True), lambda t: torch.prod(t, 0, keepdim=True)),
    ("prod_axes", (3, 5, 2), lambda x: x.prod((0, 2)), lambda t: torch.prod(torch.prod(t, 2), 0)),
    ("std", (3, 5), lambda x: x.std(), lambda t: torch.std(t, correction=0)),
    ("std_axis", (3, 5), lambda x: x.std(1, ddof=1), lambda t: torch.std(t, 1)),
    ("std_keep", (3, 5, 2), lambda x: x.std((0, 2), keepdims=True),
     lambda t: torch.std(t, (0, 2), correction=0, keepdim=True)),
    ("norm", (3, 5), lambda x: x.norm(), lambda t: torch.linalg.vector_norm(t)),
    ("norm_axis", (3, 5), lambda x: x.norm(axis=1), lambda t: torch.linalg.vector_norm(t, dim=1)),
    ("norm1", (3, 5), lambda x: x.norm(1, axis=0, keepdims=True),
     lambda t: torch.linalg.vector_norm(t, 1, dim=0, keepdim=True)),
    ("norm_inf", (3, 5), lambda x: x.norm(math.inf, axis=1), lambda t: torch.linalg.vector_norm(t, math.inf, dim=1)),
    ("norm_minus_inf", (3, 5), lambda x: x.norm(-math.inf), lambda t: torch.linalg.vector_norm(t, -math.inf)),
    ("norm3", (3, 5), lambda x: x.norm(3, axis=(0, 1)), lambda t: torch.linalg.vector_norm(t, 3, dim=(0, 1))),
    ("sum_axes", (2, 3, 4), lambda x: x.sum((0, 2)), lambda t: t.sum((0, 2))),
    ("mean_axes", (2, 3, 4), lambda x: x.mean((0, -1), keepdims=True), lambda t: t.mean((0, -1), keepdim=True)),
    ("max_axes", (2, 3, 4), lambda x: x.max((1, 2)), lambda t: t.amax((1, 2))),
    ("split", (5, 3), lambda x: minigrad.concatenate([p * (i + 1) for i, p in enumerate(x.split(2))]),
     lambda t: torch.cat([p * (i + 1) for i, p in enumerate(t.split(2))])),
    ("split_sizes", (5, 3), lambda x: minigrad.concatenate([p * (i + 1) for i, p in enumerate(x.split([1, 2], 1))], 1),
     lambda t: torch.cat([p * (i + 1) for i, p in enumerate(t.split([1, 2], 1))], 1)),
    ("chunk", (7, 3), lambda x: minigrad.concatenate([p * (i + 1) for i, p in enumerate(x.chunk(3))]),
     lambda t: torch.cat([p * (i + 1) for i, p in enumerate(t.chunk(3))])),
]
AXIS_IDS = [case[0] for case in AXIS_CASES]


@pytest.mark.parametrize("name, shape, fn, torch_fn", AXIS_CASES, ids=AXIS_IDS)
def test_axis_op_matches_pytorch(backend, name, shape, fn, torch_fn):
    x = _random(shape)
    v, t = Value(x), torch.tensor(x, requires_grad=True)
    out, expected = fn(v), torch_fn(t)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    weights = _random(out.shape, 1)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(v.grad, t.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name, shape, fn, torch_fn", AXIS_CASES, ids=AXIS_IDS)
def test_axis_op_gradcheck_and_gradgradcheck(backend, name, shape, fn, torch_fn):
    x = Value(_random(shape, 2))
    assert gradcheck(fn, x)
    assert gradgradcheck(fn, x)


def test_cumprod_and_prod_gradients_are_right_at_zeros():
    x = np.array([[2.0, 0.0, 3.0, 0.0, 5.0], [1.5, -2.0, 0.0, 4.0, 0.5]])
    for ours, theirs in [(lambda v: v.cumprod(1), lambda t: torch.cumprod(t, 1)),
                         (lambda v: v.prod(1), lambda t: torch.prod(t, 1)), (lambda v: v.prod(), torch.prod)]:
        v, t = Value(x), torch.tensor(x, requires_grad=True)
        ours(v).sum().backward()
        theirs(t).sum().backward()
        np.testing.assert_allclose(v.grad, t.grad.numpy())
        assert gradcheck(ours, Value(x)) and gradgradcheck(ours, Value(x))


def test_norm_gradient_at_zero_is_zero_as_in_pytorch():
    v = Value(np.zeros((2, 3)))
    v.norm(axis=1).sum().backward()
    np.testing.assert_array_equal(v.grad, np.zeros((2, 3)))


def test_std_of_equal_entries_has_gradient_zero_not_nan():
    v = Value(np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]]))
    v.std(axis=1, ddof=1).sum().backward()
    np.testing.assert_array_equal(v.grad[0], np.zeros(3))
    t = torch.tensor(v.data[1:], requires_grad=True)
    torch.std(t, 1).sum().backward()
    np.testing.assert_allclose(v.grad[1:], t.grad.numpy())
    assert gradgradcheck(lambda x: x.std(axis=1), Value(v.data[1:]))


def test_empty_product_is_one_and_prod_keeps_integers():
    assert Value(np.zeros((0, 3))).prod(0).data.tolist() == [1.0, 1.0, 1.0]
    out = Value(np.array([[1, 2], [3, 4]], dtype=np.int32)).prod(1)
    assert out.data.tolist() == [2, 12] and out.dtype == np.int32


def test_argmax_argmin_are_int64_constants_like_pytorch():
    x = _random((3, 4, 5))
    t = torch.tensor(x)
    for axis, keep in [(None, False), (0, False), (1, True), (-1, False)]:
        for name in ("argmax", "argmin"):
            out = getattr(Value(x), name)(axis, keepdims=keep)
            expected = getattr(t, name)() if axis is None else getattr(t, name)(axis, keepdim=keep)
            assert out.dtype == np.int64 and not out.requires_grad
            np.testing.assert_array_equal(out.data, expected.numpy())
    assert Value(np.array([1.0, np.nan, 3.0])).argmax().item() == 1
    with pytest.raises(ValueError, match="argmax: the tensor of shape \\(0,\\) is empty"):
        Value(np.zeros(0)).argmax()


def test_split_and_chunk_return_pytorchs_pieces():
    x = Value(_random((7, 2)))
    assert [p.shape for p in x.split(3)] == [(3, 2), (3, 2), (1, 2)]
    assert [p.shape for p in x.chunk(3)] == [tuple(p.shape) for p in torch.zeros(7, 2).chunk(3)]
    assert [p.shape for p in x.chunk(4, axis=1)] == [(7, 1), (7, 1)]
    with pytest.raises(ValueError, match="split: sizes \\[3, 3\\] must be >= 0 and add up to the size 7"):
        x.split([3, 3])
    with pytest.raises(ValueError, match="chunk: chunks must be a positive int"):
        x.chunk(0)


@pytest.mark.parametrize("call, error, message", [
    (lambda x: x.pad((1,)), ValueError, "pad: pad must hold an even number of ints"),
    (lambda x: x.pad((1, 1, 1, 1, 1, 1)), ValueError, "at most 2 per axis"),
    (lambda x: x.pad((4, 0), mode="reflect"), ValueError, "pad: reflect padding of \\(4, 0\\) on axis 1 of size 4"),
    (lambda x: x.pad((1, 1), mode="wrap"), ValueError, "pad: mode must be one of"),
    (lambda x: x.flip(2), np.exceptions.AxisError, "flip: axis 2 is out of range for a tensor of shape \\(3, 4\\)"),
    (lambda x: x.flip((1, -1)), ValueError, "flip: axis \\(1, -1\\) names an axis twice"),
    (lambda x: x[0, 0].cumsum(1), np.exceptions.AxisError, "cumsum: axis 1 is out of range"),
    (lambda x: x.roll((1, 2), 0), ValueError, "roll: 2 shifts \\(1, 2\\) for 1 axes"),
    (lambda x: x.repeat(2), ValueError, "repeat: 1 sizes \\(2,\\) for a tensor of shape \\(3, 4\\)"),
    (lambda x: x[0].tril(), ValueError, "tril: needs at least two axes"),
    (lambda x: x.gather(0, np.array([0, 1])), ValueError, "gather: index must be an integer array with as many"),
    (lambda x: x.gather(0, np.array([[3]])), IndexError, "gather: index values from 3 to 3 are out of range"),
    (lambda x: x.gather(0, np.zeros((1, 5), int)), ValueError, "larger than the input"),
    (lambda x: x.cumsum(2), np.exceptions.AxisError, "cumsum: axis 2 is out of range"),
])
def test_axis_op_errors_name_the_op_and_the_fix(call, error, message):
    with pytest.raises(error, match=message):
        call(Value(_random((3, 4))))
