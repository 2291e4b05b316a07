"""Gradients of gradients: gradgradcheck of every engine op and every F op on both kernel backends, scalars and
tensors, with broadcasting where the op broadcasts; the zero second derivative of relu, abs and max; and
``grad``, ``jacobian``, ``hessian``, ``hvp`` and ``backward(create_graph=True)`` against PyTorch's
``torch.autograd.grad`` and ``torch.autograd.functional``.

Inputs are float64 and sit away from kinks (|x| > 0.1 for relu, abs, leaky_relu; distinct entries for max, min and
max_pool2d; positive bases for ** and log). An op that is linear in its input (sum, reshape, getitem, ...) is
checked through its square, so the gradient reaching its backward rule depends on the input: the second-order
path then runs through the op's own rule, recorded on Values.
"""
import numpy as np
import pytest

import minigrad
from minigrad import F, Value, concatenate, gradgradcheck, maximum, minimum, stack, where
from minigrad.nn.activations import step


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="the comparisons with torch.autograd need torch "
                                               "(pip install minigrad-edu[oracle])")


# ---- inputs ------------------------------------------------------------------------------------------------

def normal(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def positive(*shape, seed=0):
    return np.random.default_rng(seed).uniform(0.5, 2.0, shape)


def away(*shape, seed=0):
    """Distinct entries of magnitude 0.1 .. 1.5 with random signs: far from the kinks of relu, abs and max."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    return (rng.permutation(np.linspace(0.1, 1.5, n)) * rng.choice([-1.0, 1.0], n)).reshape(shape)


def sq(v):
    return v * v


def check(fn, *inputs):
    """gradgradcheck on Values of the given data (floats stay scalar Values)."""
    return gradgradcheck(fn, *[Value(x) for x in inputs])


# ---- engine ops: (id, fn, inputs) --------------------------------------------------------------------------

ENGINE = [
    # arithmetic: scalars, tensors broadcast (3, 1) with (4,), and a scalar Value with a tensor
    ("add", lambda a, b: sq(a + b), [normal(3, 1), normal(4, seed=1)]),
    ("add_scalar", lambda a, b: sq(a + b), [0.3, -1.2]),
    ("add_scalar_tensor", lambda a, b: sq(a + b), [0.3, normal(2, 3)]),
    ("radd_number", lambda a: sq(2.0 + a), [normal(3)]),
    ("sub", lambda a, b: sq(a - b), [normal(3, 1), normal(4, seed=1)]),
    ("sub_scalar", lambda a, b: sq(a - b), [0.3, -1.2]),
    ("rsub_number", lambda a: sq(1.0 - a), [0.7]),
    ("neg", lambda a: sq(-a), [normal(2, 2)]),
    ("mul", lambda a, b: a * b, [normal(3, 1), normal(4, seed=1)]),
    ("mul_self", lambda a: a * a * a, [normal(3)]),
    ("mul_scalar", lambda a, b: a * b * a, [0.3, -1.2]),
    ("mul_scalar_tensor", lambda a, b: a * b * b, [0.3, normal(2, 3)]),
    ("div", lambda a, b: a / b, [normal(3, 1), positive(4, seed=1)]),
    ("div_scalar", lambda a, b: a / b, [0.3, 1.7]),
    ("rdiv_number", lambda a: 2.0 / a, [positive(3)]),
    ("pow_tensor_tensor", lambda a, b: a ** b, [positive(3, 1), normal(4, seed=1)]),
    ("pow_scalar_scalar", lambda a, b: a ** b, [1.3, -0.7]),
    ("pow_int", lambda a: a ** 3, [normal(2, 3)]),
    ("pow_int_scalar", lambda a: a ** 3, [-0.8]),
    ("pow_half", lambda a: a ** 0.5, [positive(4)]),
    ("rpow_number", lambda a: 2.0 ** a, [normal(3)]),
    ("pow_scalar_base_tensor_exponent", lambda a, b: a ** b, [1.5, normal(3)]),
    # matrix products: vector, matrix, batched with broadcast batch axes
    ("matmul_vector_vector", lambda a, b: sq(a @ b), [normal(3), normal(3, seed=1)]),
    ("matmul_matrix_vector", lambda a, b: sq(a @ b), [normal(2, 3), normal(3, seed=1)]),
    ("matmul_vector_matrix", lambda a, b: sq(a @ b), [normal(3), normal(3, 2, seed=1)]),
    ("matmul_matrix_matrix", lambda a, b: sq(a @ b), [normal(2, 3), normal(3, 2, seed=1)]),
    ("matmul_batched", lambda a, b: sq(a @ b), [normal(2, 2, 3), normal(2, 3, 2, seed=1)]),
    ("matmul_batch_broadcast", lambda a, b: sq(a @ b), [normal(2, 1, 2, 3), normal(2, 3, 2, seed=1)]),
    ("matmul_batched_matrix", lambda a, b: sq(a @ b), [normal(2, 2, 3), normal(3, 2, seed=1)]),
    # elementwise functions, scalar and tensor
    ("exp", lambda a: a.exp(), [normal(2, 3)]),
    ("exp_scalar", lambda a: a.exp(), [0.4]),
    ("log", lambda a: a.log(), [positive(2, 3)]),
    ("log_scalar", lambda a: a.log(), [1.7]),
    ("sqrt", lambda a: a.sqrt(), [positive(2, 3)]),
    ("sqrt_scalar", lambda a: a.sqrt(), [1.7]),
    ("tanh", lambda a: a.tanh(), [normal(2, 3)]),
    ("tanh_scalar", lambda a: a.tanh(), [0.4]),
    ("sigmoid", lambda a: a.sigmoid(), [normal(2, 3)]),
    ("sigmoid_scalar", lambda a: a.sigmoid(), [-0.4]),
    ("relu", lambda a: sq(a.relu()), [away(2, 3)]),
    ("relu_scalar", lambda a: sq(a.relu()), [0.4]),
    ("relu_times_input", lambda a: a.relu() * a.exp(), [away(2, 3)]),
    ("leaky_relu", lambda a: sq(a.leaky_relu(0.1)), [away(2, 3)]),
    ("leaky_relu_scalar", lambda a: sq(a.leaky_relu(0.1)), [-0.4]),
    ("abs", lambda a: sq(a.abs()) * a, [away(2, 3)]),
    ("abs_scalar", lambda a: sq(a.abs()) * a, [-0.4]),
    ("clip", lambda a: sq(a.clip(-0.8, 0.8)), [away(2, 4)]),
    ("clip_scalar", lambda a: sq(a.clip(-0.8, 0.8)), [0.4]),
    # reductions
    ("sum", lambda a: sq(a.sum()), [normal(2, 3)]),
    ("sum_axis", lambda a: sq(a.sum(axis=0)), [normal(2, 3)]),
    ("sum_axes_keepdims", lambda a: sq(a.sum(axis=(0, 2), keepdims=True)), [normal(2, 3, 2)]),
    ("mean", lambda a: sq(a.mean()), [normal(2, 3)]),
    ("mean_axis", lambda a: sq(a.mean(axis=1)), [normal(2, 3)]),
    ("max", lambda a: sq(a.max()), [away(2, 3)]),
    ("max_axis", lambda a: sq(a.max(axis=1)), [away(2, 3)]),
    ("max_axis_keepdims", lambda a: sq(a.max(axis=0, keepdims=True)), [away(3, 2)]),
    ("min", lambda a: sq(a.min()), [away(2, 3)]),
    ("min_axis", lambda a: sq(a.min(axis=0)), [away(2, 3)]),
    ("var", lambda a: a.var(), [normal(2, 3)]),
    ("var_axis_ddof", lambda a: a.var(axis=1, ddof=1), [normal(2, 3)]),
    ("logsumexp", lambda a: a.logsumexp(), [normal(2, 3)]),
    ("logsumexp_axis0_keepdims", lambda a: a.logsumexp(axis=0, keepdims=True), [normal(2, 3)]),
    ("log_softmax", lambda a: a.log_softmax(), [normal(2, 3)]),
    ("log_softmax_axis0", lambda a: a.log_softmax(axis=0), [normal(2, 3)]),
    ("softmax", lambda a: a.softmax(), [normal(2, 3)]),
    ("softmax_axis0", lambda a: a.softmax(axis=0), [normal(3, 2)]),
    # shape ops
    ("reshape", lambda a: sq(a.reshape(3, 2)), [normal(2, 3)]),
    ("flatten", lambda a: sq(a.flatten(1)), [normal(2, 3, 2)]),
    ("transpose", lambda a: sq(a.transpose(2, 0, 1)) * normal(3, 2, 2, seed=5), [normal(2, 2, 3)]),
    ("T", lambda a: sq(a.T) * normal(3, 2, seed=5), [normal(2, 3)]),
    ("expand_dims", lambda a: sq(a.expand_dims(1)), [normal(2, 3)]),
    ("squeeze", lambda a: sq(a.squeeze()), [normal(2, 1, 3)]),
    ("broadcast_to", lambda a: sq(a.broadcast_to((2, 3, 4))), [normal(3, 1)]),
    ("getitem_slice", lambda a: sq(a[1:, ::2]), [normal(3, 4)]),
    ("getitem_int", lambda a: sq(a[1]), [normal(3, 4)]),
    ("getitem_int_array_repeats", lambda a: sq(a[np.array([0, 2, 0, 0])]), [normal(3, 2)]),
    ("getitem_pairs_repeats", lambda a: sq(a[np.array([0, 1, 0]), np.array([2, 0, 2])]), [normal(3, 3)]),
    ("getitem_bool_mask", lambda a: sq(a[np.array([[True, False, True], [False, True, True]])]), [normal(2, 3)]),
    # functions of several Values
    ("maximum", lambda a, b: sq(maximum(a, b)), [away(3, 1), away(4, seed=1) + 0.05]),
    ("maximum_scalar", lambda a, b: sq(maximum(a, b)), [0.3, -0.4]),
    ("maximum_constant", lambda a: sq(maximum(a, 0.2)), [away(2, 3)]),
    ("minimum", lambda a, b: sq(minimum(a, b)), [away(3, 1), away(4, seed=1) + 0.05]),
    ("minimum_scalar", lambda a, b: sq(minimum(a, b)), [0.3, -0.4]),
    ("where", lambda a, b: sq(where(np.array([[True, False, True, False]] * 3), a, b)),
     [normal(3, 1), normal(4, seed=1)]),
    ("concatenate", lambda a, b: sq(concatenate([a, b], axis=1)), [normal(2, 3), normal(2, 1, seed=1)]),
    ("stack", lambda a, b: sq(stack([a, b], axis=1)), [normal(2, 3), normal(2, 3, seed=1)]),
]


@pytest.mark.parametrize("name, fn, inputs", ENGINE, ids=[case[0] for case in ENGINE])
def test_engine_op_gradgradcheck(backend, name, fn, inputs):
    assert check(fn, *inputs)


# ---- F ops -------------------------------------------------------------------------------------------------

def linear_case(activation, bias, batch):
    x = normal(*batch, 3)
    inputs = [x, normal(2, 3, seed=1)] + ([normal(2, seed=2)] if bias else [])
    return (f"linear_{activation}_{'bias' if bias else 'nobias'}_{len(batch)}batch",
            lambda *xs: sq(F.linear(*xs, activation=activation, negative_slope=0.2)), inputs)


LINEAR = [linear_case(activation, bias, batch) for activation in F.ACTIVATIONS for bias in (True, False)
          for batch in ((2,), (2, 2))]


def batch_norm_case(shape, training, affine):
    C = shape[1]
    running_mean, running_var = normal(C, seed=7), positive(C, seed=8)

    def fn(x, *params):
        weight, bias = params if affine else (None, None)
        return F.batch_norm(x, running_mean.copy(), running_var.copy(), weight, bias, training=training).tanh()
    inputs = [normal(*shape)] + ([positive(C, seed=1), normal(C, seed=2)] if affine else [])
    return (f"batch_norm_{len(shape)}d_{'train' if training else 'eval'}_{'affine' if affine else 'plain'}", fn,
            inputs)


BATCH_NORM = [batch_norm_case(shape, training, affine) for shape in ((4, 2), (2, 2, 2, 2))
              for training in (True, False) for affine in (True, False)]

LABELS = np.array([0, 3, 1])
PROBS = np.random.default_rng(3).dirichlet(np.ones(4), 3)
TARGETS01 = np.random.default_rng(4).uniform(0.0, 1.0, (3, 2))


def loss_cases():
    cases = []
    for r in ("mean", "sum", "none"):
        cases += [
            (f"cross_entropy_labels_{r}", lambda z, r=r: F.cross_entropy(z, LABELS, reduction=r), [normal(3, 4)]),
            (f"cross_entropy_probs_{r}", lambda z, r=r: F.cross_entropy(z, PROBS, reduction=r), [normal(3, 4)]),
            (f"cross_entropy_soft_target_{r}", lambda z, t, r=r: F.cross_entropy(z, t, reduction=r),
             [normal(3, 4), PROBS]),
            (f"nll_loss_{r}", lambda lp, r=r: sq(F.nll_loss(lp, LABELS, reduction=r)), [normal(3, 4)]),
            (f"binary_cross_entropy_{r}", lambda p, r=r: F.binary_cross_entropy(p, TARGETS01, reduction=r),
             [np.random.default_rng(5).uniform(0.1, 0.9, (3, 2))]),
            (f"binary_cross_entropy_target_{r}", lambda p, t, r=r: F.binary_cross_entropy(p, t, reduction=r),
             [np.random.default_rng(5).uniform(0.1, 0.9, (3, 2)), TARGETS01]),
            (f"bce_with_logits_{r}", lambda z, t, r=r: F.binary_cross_entropy_with_logits(z, t, reduction=r),
             [normal(3, 2), TARGETS01]),
            (f"bce_with_logits_pos_weight_{r}", lambda z, t, r=r: F.binary_cross_entropy_with_logits(
                z, t, reduction=r, pos_weight=np.array([0.5, 2.0])), [normal(3, 2), TARGETS01]),
            (f"mse_loss_{r}", lambda p, t, r=r: sq(F.mse_loss(p, t, reduction=r)), [normal(3, 2), normal(3, 2, seed=1)]),
        ]
    cases += [
        ("cross_entropy_nd_labels", lambda z: F.cross_entropy(z, np.array([[0, 2], [1, 1]])), [normal(2, 3, 2)]),
        ("cross_entropy_weight_ignore", lambda z: F.cross_entropy(
            z, np.array([0, 3, -100]), weight=np.array([1.0, 2.0, 0.5, 1.5])), [normal(3, 4)]),
        ("mse_loss_scalar", lambda p, t: sq(F.mse_loss(p, t)), [0.3, -0.9]),
        ("binary_cross_entropy_scalar", lambda p: F.binary_cross_entropy(p, 0.3), [0.6]),
        ("bce_with_logits_scalar", lambda z: F.binary_cross_entropy_with_logits(z, 1.0), [-0.6]),
    ]
    return cases


FUNCTIONAL = LINEAR + BATCH_NORM + loss_cases() + [
    ("embedding", lambda w: sq(F.embedding(np.array([[0, 2], [2, 4]]), w)), [normal(5, 3)]),
    ("embedding_repeats", lambda w: sq(F.embedding(np.array([1, 1, 1, 0]), w)).sum(axis=0), [normal(3, 2)]),
    ("softmax", lambda x: F.softmax(x), [normal(2, 3)]),
    ("softmax_axis0", lambda x: F.softmax(x, axis=0), [normal(3, 2, 2)]),
    ("log_softmax", lambda x: F.log_softmax(x), [normal(2, 3)]),
    ("log_softmax_axis1", lambda x: F.log_softmax(x, axis=1), [normal(2, 3, 2)]),
    ("conv2d", lambda x, w, b: sq(F.conv2d(x, w, b)), [normal(1, 2, 4, 4), normal(2, 2, 2, 2, seed=1),
                                                       normal(2, seed=2)]),
    ("conv2d_stride_padding", lambda x, w, b: sq(F.conv2d(x, w, b, stride=2, padding=1)),
     [normal(2, 1, 4, 3), normal(2, 1, 3, 2, seed=1), normal(2, seed=2)]),
    ("conv2d_nobias", lambda x, w: sq(F.conv2d(x, w, padding=(1, 0))), [normal(1, 2, 3, 3), normal(1, 2, 2, 2, seed=1)]),
    ("conv_transpose2d", lambda x, w, b: sq(F.conv_transpose2d(x, w, b)),
     [normal(1, 2, 3, 3), normal(2, 1, 2, 2, seed=1), normal(1, seed=2)]),
    ("conv_transpose2d_stride_padding_output_padding",
     lambda x, w, b: sq(F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)),
     [normal(1, 2, 3, 2), normal(2, 2, 3, 3, seed=1), normal(2, seed=2)]),
    ("conv_transpose2d_nobias_stride", lambda x, w: sq(F.conv_transpose2d(x, w, stride=(2, 1))),
     [normal(2, 1, 2, 2), normal(1, 2, 2, 2, seed=1)]),
    ("max_pool2d", lambda x: sq(F.max_pool2d(x, 2)), [away(1, 2, 4, 4)]),
    ("max_pool2d_stride_padding", lambda x: sq(F.max_pool2d(x, 3, stride=2, padding=1)), [away(2, 1, 5, 4)]),
    ("max_pool2d_3d_input", lambda x: sq(F.max_pool2d(x, (2, 1))), [away(2, 4, 3)]),
    ("dropout", lambda x: sq(F.dropout(x, 0.4, rng=np.random.default_rng(0))), [normal(3, 4)]),
    ("dropout_eval", lambda x: sq(F.dropout(x, 0.4, training=False)), [normal(3, 4)]),
    ("step", lambda x: step(x) * x.exp(), [away(2, 3)]),
    ("step_scalar", lambda x: step(x) * x.exp(), [0.4]),
]


@pytest.mark.parametrize("name, fn, inputs", FUNCTIONAL, ids=[case[0] for case in FUNCTIONAL])
def test_functional_op_gradgradcheck(backend, name, fn, inputs):
    assert check(fn, *inputs)


def test_dropout_double_backward_is_the_mask_squared(backend):
    """d^2/dx^2 sum(dropout(x)^2) = 2 mask^2, elementwise: the mask of the forward pass, used again."""
    x = Value(normal(3, 4))
    mask = F.dropout(Value(np.ones((3, 4))), 0.5, rng=np.random.default_rng(1)).data
    h = minigrad.hessian(lambda v: sq(F.dropout(v, 0.5, rng=np.random.default_rng(1))).sum(), x).data
    np.testing.assert_allclose(h.reshape(12, 12), np.diag(2 * mask.ravel() ** 2), atol=1e-12)


# ---- relu, abs and max: zero second derivative almost everywhere, as in PyTorch ------------------------------

@pytest.mark.parametrize("name, fn", [("relu", lambda v: v.relu()), ("abs", lambda v: v.abs()),
                                      ("max", lambda v: v.max(axis=0)), ("max_all", lambda v: v.max()),
                                      ("leaky_relu", lambda v: v.leaky_relu(0.1)),
                                      ("max_pool2d", lambda v: F.max_pool2d(v.reshape(1, 1, 2, 3), (2, 1)))],
                         ids=["relu", "abs", "max_axis", "max", "leaky_relu", "max_pool2d"])
def test_piecewise_linear_ops_have_a_zero_hessian(backend, name, fn):
    weights = normal(*np.shape(fn(Value(away(2, 3))).data), seed=9)
    h = minigrad.hessian(lambda v: (fn(v) * weights).sum(), Value(away(2, 3)))
    assert h.shape == (2, 3, 2, 3)
    np.testing.assert_array_equal(h.data, np.zeros((2, 3, 2, 3)))


@pytest.mark.parametrize("name, fn", [("relu", lambda v: v.relu()), ("abs", lambda v: v.abs())], ids=["relu", "abs"])
def test_piecewise_linear_scalar_has_a_zero_second_derivative(backend, name, fn):
    assert minigrad.hessian(fn, Value(-0.7)).data == 0.0


def test_relu_squared_hessian_matches_pytorch(backend, torch):
    x = away(2, 3)
    ours = minigrad.hessian(lambda v: (v.relu() * v.relu() * v).sum(), Value(x)).data
    theirs = torch.autograd.functional.hessian(lambda t: (t.relu() * t.relu() * t).sum(), torch.tensor(x))
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-12)


@pytest.mark.parametrize("z", [0.0, 0.3, -2.0])
def test_bce_with_logits_second_derivative_is_smooth_at_zero(backend, torch, z):
    """The loss softplus(z) - z t is smooth everywhere, also at z = 0, where a max(z, 0) and |z| formulation kinks."""
    logits, target = np.array([z, z + 0.5]), np.array([1.0, 0.0])
    ours = minigrad.hessian(lambda v: F.binary_cross_entropy_with_logits(v, target), Value(logits)).data
    theirs = torch.autograd.functional.hessian(
        lambda t: torch.nn.functional.binary_cross_entropy_with_logits(t, torch.tensor(target)), torch.tensor(logits))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-14)


# ---- grad(): torch.autograd.grad's semantics -------------------------------------------------------------------

def test_grad_returns_a_tuple_and_leaves_grad_untouched(backend, torch):
    x, w = Value(normal(3)), Value(normal(3, seed=1))
    x.grad = np.full(3, 5.0)
    y = (x * w).tanh()
    loss = (y * y).sum()
    result = minigrad.grad(loss, [x, w])
    assert isinstance(result, tuple) and len(result) == 2
    assert not any(g.requires_grad for g in result)  # create_graph=False: constants
    np.testing.assert_array_equal(x.grad, np.full(3, 5.0))  # a leaf's gradient stays as it was
    assert not w.has_grad and not y.has_grad
    tx, tw = (torch.tensor(a, requires_grad=True) for a in (x.data, w.data))
    ty = (tx * tw).tanh()
    expected = torch.autograd.grad((ty * ty).sum(), [tx, tw])
    for g, e in zip(result, expected):
        np.testing.assert_allclose(g.data, e.numpy(), rtol=1e-12)
    (single,) = minigrad.grad(loss, x)
    np.testing.assert_allclose(single.data, expected[0].numpy(), rtol=1e-12)


def test_grad_with_create_graph_is_differentiable_again(backend, torch):
    x = Value(normal(4))
    (g,) = minigrad.grad((x.sin() * x * x).sum(), x, create_graph=True)
    assert g.requires_grad
    (gg,) = minigrad.grad((g * g).sum(), x)
    tx = torch.tensor(x.data, requires_grad=True)
    (tg,) = torch.autograd.grad((tx.sin() * tx * tx).sum(), tx, create_graph=True)
    (tgg,) = torch.autograd.grad((tg * tg).sum(), tx)
    np.testing.assert_allclose(g.data, tg.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gg.data, tgg.numpy(), rtol=1e-10)


def test_grad_third_derivative_of_a_scalar(backend):
    x = Value(0.7)
    (d1,) = minigrad.grad(x ** 4, x, create_graph=True)
    (d2,) = minigrad.grad(d1, x, create_graph=True)
    (d3,) = minigrad.grad(d2, x)
    assert (d1.data, d2.data, d3.data) == pytest.approx((4 * 0.7 ** 3, 12 * 0.7 ** 2, 24 * 0.7))


def test_grad_of_an_unused_input_is_zero(backend, torch):
    x, unused, s = Value(normal(2, 3)), Value(normal(4, seed=1)), Value(0.5)
    gx, gu, gs = minigrad.grad((x * x).sum(), [x, unused, s])
    tx, tu = torch.tensor(x.data, requires_grad=True), torch.tensor(unused.data, requires_grad=True)
    _, expected = torch.autograd.grad((tx * tx).sum(), [tx, tu], allow_unused=True, materialize_grads=True)
    np.testing.assert_array_equal(gu.data, expected.numpy())
    assert gu.shape == (4,) and gs.data == 0.0
    np.testing.assert_allclose(gx.data, 2 * x.data)


def test_grad_seeds_a_non_scalar_output(backend, torch):
    x = Value(normal(2, 3))
    seed = normal(3, 3, seed=4)
    (g,) = minigrad.grad(x.T @ x, x, grad=seed)
    tx = torch.tensor(x.data, requires_grad=True)
    (expected,) = torch.autograd.grad(tx.T @ tx, tx, grad_outputs=torch.tensor(seed))
    np.testing.assert_allclose(g.data, expected.numpy(), rtol=1e-12)
    with pytest.raises(RuntimeError, match="grad"):
        minigrad.grad(x.T @ x, x)


# ---- jacobian, hessian, hvp: torch.autograd.functional ---------------------------------------------------------

def mlp_loss(lib):
    def f(x):
        w = lib(np.linspace(-1, 1, x.shape[-1] * 3).reshape(x.shape[-1], 3))
        h = (x @ w).tanh()
        return (h * h).sum() + (x * x * x).sum()
    return f


@pytest.mark.parametrize("shape", [(3,), (2, 2)])
def test_jacobian_matches_pytorch(backend, torch, shape):
    x = normal(*shape)
    ours = minigrad.jacobian(lambda v: (v.exp() * v.sum()).sigmoid().reshape(-1)[:3], Value(x))
    theirs = torch.autograd.functional.jacobian(lambda t: (t.exp() * t.sum()).sigmoid().reshape(-1)[:3],
                                                torch.tensor(x))
    assert ours.shape == (3,) + shape
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_jacobian_of_a_scalar_function_of_a_scalar(backend):
    assert minigrad.jacobian(lambda v: v.tanh(), Value(0.3)).data == pytest.approx(1 - np.tanh(0.3) ** 2)


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_hessian_matches_pytorch(backend, torch, shape):
    x = normal(*shape)
    ours = minigrad.hessian(mlp_loss(lambda a: a), Value(x))
    theirs = torch.autograd.functional.hessian(mlp_loss(torch.tensor), torch.tensor(x))
    assert ours.shape == shape + shape
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_hessian_of_a_scalar_input_matches_pytorch(backend, torch):
    ours = minigrad.hessian(lambda v: (v * 2.0).sin() * v.exp(), Value(0.4))
    theirs = torch.autograd.functional.hessian(lambda t: (t * 2.0).sin() * t.exp(), torch.tensor(0.4,
                                                                                          dtype=torch.float64))
    assert float(np.asarray(ours.data)) == pytest.approx(theirs.item(), rel=1e-12)


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_hvp_matches_pytorch_and_the_hessian(backend, torch, shape):
    x, v = normal(*shape), normal(*shape, seed=2)
    ours = minigrad.hvp(mlp_loss(lambda a: a), Value(x), v)
    _, theirs = torch.autograd.functional.hvp(mlp_loss(torch.tensor), torch.tensor(x), torch.tensor(v))
    assert ours.shape == shape
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-10, atol=1e-12)
    h = minigrad.hessian(mlp_loss(lambda a: a), Value(x)).data.reshape(x.size, x.size)
    np.testing.assert_allclose(ours.data.ravel(), h @ v.ravel(), rtol=1e-10, atol=1e-12)


def test_hvp_of_a_scalar_input(backend):
    assert float(np.asarray(minigrad.hvp(lambda t: t ** 3, Value(0.5), 2.0).data)) == pytest.approx(6 * 0.5 * 2.0)


def test_hessian_of_a_network_loss_matches_pytorch_through_fused_ops(backend, torch):
    """A 2-3-1 network's loss as a function of its first layer's weights: F.linear and the fused BCE loss."""
    x, y = normal(4, 2, seed=1), np.array([[0.0], [1.0], [1.0], [0.0]])
    W2, b1 = normal(1, 3, seed=2), normal(3, seed=3)

    def ours(W1):
        return F.binary_cross_entropy_with_logits(F.linear(F.linear(x, W1, b1, activation="tanh"), W2), y)

    def theirs(W1):
        tF = torch.nn.functional
        h = tF.linear(torch.tensor(x), W1, torch.tensor(b1)).tanh()
        return tF.binary_cross_entropy_with_logits(tF.linear(h, torch.tensor(W2)), torch.tensor(y))
    W1 = normal(3, 2, seed=4)
    h = minigrad.hessian(ours, Value(W1))
    np.testing.assert_allclose(h.data, torch.autograd.functional.hessian(theirs, torch.tensor(W1)).numpy(),
                               rtol=1e-9, atol=1e-12)


# ---- backward(create_graph=True) ------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")  # PyTorch's note on its cycle
def test_backward_create_graph_leaves_a_differentiable_grad(backend, torch):
    x = Value(normal(3))
    (x.exp() * x).sum().backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Value) and g.requires_grad
    np.testing.assert_allclose(g.data, np.exp(x.data) * (1 + x.data), rtol=1e-12)
    x.zero_grad()
    (g * g).sum().backward()
    tx = torch.tensor(x.data, requires_grad=True)
    (tx.exp() * tx).sum().backward(create_graph=True)
    tg = tx.grad
    tx.grad = None
    (tg * tg).sum().backward()
    np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-12)


def test_backward_create_graph_on_a_scalar(backend):
    x = Value(1.5)
    (x * x * x).backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Value) and g.data == pytest.approx(3 * 1.5 ** 2)
    x.zero_grad()
    g.backward()
    assert x.grad == pytest.approx(6 * 1.5)
