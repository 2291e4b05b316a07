"""The convolution, pooling, resampling, normalization and loss options of F and nn: PyTorch's values and
gradients, gradcheck and gradgradcheck on both kernel backends, layer output shapes, and the errors."""
import numpy as np
import pytest

from minigrad import F, Value, gradcheck, gradgradcheck, nn

torch = pytest.importorskip("torch")
tF = torch.nn.functional
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same'")  # PyTorch's note on its own copy


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


W4, LABELS = np.array([0.5, 2.0, 1.0, 1.5]), np.array([0, 3, 1, -100, 2, 3])
LABELS_4D = np.array([[[0, 3, 1], [2, 2, 0]], [[1, 1, 3], [0, 2, 3]]])
PROBS_4D = np.random.default_rng(9).dirichlet(np.ones(4), (2, 2, 3)).transpose(0, 3, 1, 2).copy()

# (id, input shapes, minigrad function, PyTorch function): every input is differentiated
CASES = [
    ("pad_fn", [(2, 3, 4)], lambda x: F.pad(x, (1, 2, 2, 0), mode="reflect"),
     lambda x: tF.pad(x, (1, 2, 2, 0), mode="reflect")),
    ("conv_same", [(2, 2, 5, 6), (3, 2, 2, 3)], lambda x, w: F.conv2d(x, w, padding="same"),
     lambda x, w: tF.conv2d(x, w, padding="same")),
    ("conv_valid", [(2, 2, 5, 6), (3, 2, 2, 3)], lambda x, w: F.conv2d(x, w, padding="valid"),
     lambda x, w: tF.conv2d(x, w, padding="valid")),
    ("conv_asymmetric", [(1, 2, 5, 6), (3, 2, 2, 2)], lambda x, w: F.conv2d(x, w, padding=(2, 0, 1, 3)),
     lambda x, w: tF.conv2d(tF.pad(x, (2, 0, 1, 3)), w)),
    ("conv_negative_padding", [(1, 1, 6, 6), (1, 1, 2, 2)], lambda x, w: F.conv2d(x, w, padding=(-1, 0, -1, 1)),
     lambda x, w: tF.conv2d(tF.pad(x, (-1, 0, -1, 1)), w)),
    ("conv_dilation", [(1, 2, 7, 8), (2, 2, 2, 3), (2,)], lambda x, w, b: F.conv2d(x, w, b, 2, 1, (2, 1)),
     lambda x, w, b: tF.conv2d(x, w, b, 2, 1, (2, 1))),
    ("conv_groups", [(2, 4, 4, 4), (6, 2, 2, 2), (6,)], lambda x, w, b: F.conv2d(x, w, b, groups=2),
     lambda x, w, b: tF.conv2d(x, w, b, groups=2)),
    ("conv_depthwise_same", [(1, 3, 5, 5), (3, 1, 3, 3)], lambda x, w: F.conv2d(x, w, padding="same", groups=3),
     lambda x, w: tF.conv2d(x, w, padding="same", groups=3)),
    ("conv1d", [(2, 4, 9), (4, 2, 3), (4,)], lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2, 2),
     lambda x, w, b: tF.conv1d(x, w, b, 2, 1, 2, 2)),
    ("conv1d_same", [(2, 2, 7), (3, 2, 4)], lambda x, w: F.conv1d(x, w, padding="same"),
     lambda x, w: tF.conv1d(x, w, padding="same")),
    ("conv1d_asymmetric", [(1, 2, 7), (3, 2, 3)], lambda x, w: F.conv1d(x, w, padding=(2, 0)),
     lambda x, w: tF.conv1d(tF.pad(x, (2, 0)), w)),
    ("max_pool_ceil", [(2, 2, 7, 6)], lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
     lambda x: tF.max_pool2d(x, 3, 2, 1, ceil_mode=True)),
    ("max_pool_dilation", [(1, 2, 7, 8)], lambda x: F.max_pool2d(x, 2, 1, 1, dilation=(2, 3)),
     lambda x: tF.max_pool2d(x, 2, 1, 1, dilation=(2, 3))),
    ("max_pool_dilation_ceil", [(2, 6, 7)], lambda x: F.max_pool2d(x, 2, 2, dilation=2, ceil_mode=True),
     lambda x: tF.max_pool2d(x, 2, 2, dilation=2, ceil_mode=True)),
    ("avg_pool", [(2, 2, 6, 5)], lambda x: F.avg_pool2d(x, 2), lambda x: tF.avg_pool2d(x, 2)),
    ("avg_pool_padding", [(2, 2, 6, 5)], lambda x: F.avg_pool2d(x, 3, 2, 1), lambda x: tF.avg_pool2d(x, 3, 2, 1)),
    ("avg_pool_exclude_pad", [(2, 2, 6, 5)], lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
     lambda x: tF.avg_pool2d(x, 3, 2, 1, count_include_pad=False)),
    ("avg_pool_ceil", [(2, 7, 6)], lambda x: F.avg_pool2d(x, (3, 2), 2, (1, 0), ceil_mode=True),
     lambda x: tF.avg_pool2d(x, (3, 2), 2, (1, 0), ceil_mode=True)),
    ("avg_pool_ceil_exclude_pad", [(2, 2, 7, 6)],
     lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
     lambda x: tF.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)),
    ("avg_pool_divisor", [(2, 2, 6, 5)], lambda x: F.avg_pool2d(x, 2, divisor_override=3),
     lambda x: tF.avg_pool2d(x, 2, divisor_override=3)),
    ("adaptive_avg_pool", [(2, 2, 7, 5)], lambda x: F.adaptive_avg_pool2d(x, (3, 2)),
     lambda x: tF.adaptive_avg_pool2d(x, (3, 2))),
    ("global_avg_pool", [(2, 3, 4, 5)], lambda x: F.adaptive_avg_pool2d(x, 1), lambda x: tF.adaptive_avg_pool2d(x, 1)),
    ("adaptive_none", [(3, 7, 5)], lambda x: F.adaptive_avg_pool2d(x, (None, 4)),
     lambda x: tF.adaptive_avg_pool2d(x, (None, 4))),
    ("nearest_scale", [(2, 2, 3, 4)], lambda x: F.interpolate(x, scale_factor=2),
     lambda x: tF.interpolate(x, scale_factor=2)),
    ("nearest_size", [(2, 2, 5, 4)], lambda x: F.interpolate(x, size=(7, 3)), lambda x: tF.interpolate(x, size=(7, 3))),
    ("nearest_exact", [(2, 2, 5, 4)], lambda x: F.interpolate(x, size=(7, 9), mode="nearest-exact"),
     lambda x: tF.interpolate(x, size=(7, 9), mode="nearest-exact")),
    ("bilinear", [(2, 2, 3, 4)], lambda x: F.interpolate(x, size=(5, 7), mode="bilinear"),
     lambda x: tF.interpolate(x, size=(5, 7), mode="bilinear")),
    ("bilinear_corners", [(2, 2, 3, 4)], lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear",
                                                                 align_corners=True),
     lambda x: tF.interpolate(x, scale_factor=1.5, mode="bilinear", align_corners=True)),
    ("linear", [(2, 2, 5)], lambda x: F.interpolate(x, scale_factor=1.7, mode="linear"),
     lambda x: tF.interpolate(x, scale_factor=1.7, mode="linear")),
    ("layer_norm", [(3, 4, 5), (4, 5), (4, 5)], lambda x, w, b: F.layer_norm(x, (4, 5), w, b),
     lambda x, w, b: tF.layer_norm(x, (4, 5), w, b)),
    ("layer_norm_plain", [(3, 6)], lambda x: F.layer_norm(x, 6, eps=1e-3), lambda x: tF.layer_norm(x, (6,), eps=1e-3)),
    ("group_norm", [(2, 6, 3, 2), (6,), (6,)], lambda x, w, b: F.group_norm(x, 3, w, b),
     lambda x, w, b: tF.group_norm(x, 3, w, b)),
    ("group_norm_plain", [(2, 4, 5)], lambda x: F.group_norm(x, 2), lambda x: tF.group_norm(x, 2)),
    ("ce_weight_ignore", [(6, 4)], lambda x: F.cross_entropy(x, LABELS, weight=W4),
     lambda x: tF.cross_entropy(x, torch.tensor(LABELS), weight=torch.tensor(W4))),
    ("ce_smoothing", [(6, 4)], lambda x: F.cross_entropy(x, LABELS, "sum", label_smoothing=0.2),
     lambda x: tF.cross_entropy(x, torch.tensor(LABELS), reduction="sum", label_smoothing=0.2)),
    ("ce_weighted_smoothing", [(6, 4)], lambda x: F.cross_entropy(x, LABELS, weight=W4, label_smoothing=0.3),
     lambda x: tF.cross_entropy(x, torch.tensor(LABELS), weight=torch.tensor(W4), label_smoothing=0.3)),
    ("ce_4d", [(2, 4, 2, 3)], lambda x: F.cross_entropy(x, LABELS_4D, "none", ignore_index=1),
     lambda x: tF.cross_entropy(x, torch.tensor(LABELS_4D), reduction="none", ignore_index=1)),
    ("ce_4d_probabilities", [(2, 4, 2, 3)], lambda x: F.cross_entropy(x, PROBS_4D, weight=W4, label_smoothing=0.1),
     lambda x: tF.cross_entropy(x, torch.tensor(PROBS_4D), weight=torch.tensor(W4), label_smoothing=0.1)),
    ("ce_one_sample", [(4,)], lambda x: F.cross_entropy(x, np.array(2)),
     lambda x: tF.cross_entropy(x, torch.tensor(2))),
    ("nll_weight_ignore", [(6, 4)], lambda x: F.nll_loss(x, LABELS, weight=W4),
     lambda x: tF.nll_loss(x, torch.tensor(LABELS), weight=torch.tensor(W4))),
    ("nll_4d", [(2, 4, 2, 3)], lambda x: F.nll_loss(x, LABELS_4D, "sum", weight=W4, ignore_index=3),
     lambda x: tF.nll_loss(x, torch.tensor(LABELS_4D), weight=torch.tensor(W4), reduction="sum", ignore_index=3)),
    ("bce_pos_weight", [(5, 3), (5, 3)], lambda z, t: F.binary_cross_entropy_with_logits(z, t, pos_weight=W4[:3]),
     lambda z, t: tF.binary_cross_entropy_with_logits(z, t, pos_weight=torch.tensor(W4[:3]))),
    ("l1", [(5, 3), (5, 3)], lambda a, b: F.l1_loss(a, b), tF.l1_loss),
    ("l1_none", [(5, 3), (5, 3)], lambda a, b: F.l1_loss(a, b, "none"),
     lambda a, b: tF.l1_loss(a, b, reduction="none")),
    ("smooth_l1", [(5, 3), (5, 3)], lambda a, b: F.smooth_l1_loss(a, b, beta=0.5),
     lambda a, b: tF.smooth_l1_loss(a, b, beta=0.5)),
    ("smooth_l1_beta0", [(5, 3), (5, 3)], lambda a, b: F.smooth_l1_loss(a, b, "sum", beta=0.0),
     lambda a, b: tF.smooth_l1_loss(a, b, reduction="sum", beta=0.0)),
    ("huber", [(5, 3), (5, 3)], lambda a, b: F.huber_loss(a, b, "none", delta=0.7),
     lambda a, b: tF.huber_loss(a, b, reduction="none", delta=0.7)),
    ("kl_div_batchmean", [(4, 3)], lambda x: F.kl_div(x.log_softmax(1), np.full((4, 3), 1 / 3), "batchmean"),
     lambda x: tF.kl_div(x.log_softmax(1), torch.full((4, 3), 1 / 3, dtype=torch.float64), reduction="batchmean")),
    ("kl_div_log_target", [(4, 3), (4, 3)], lambda x, t: F.kl_div(x, t, "sum", log_target=True),
     lambda x, t: tF.kl_div(x, t, reduction="sum", log_target=True)),
    ("cosine_similarity", [(4, 3), (4, 3)], lambda a, b: F.cosine_similarity(a, b), tF.cosine_similarity),
    ("cosine_similarity_axis", [(2, 3, 4), (2, 3, 4)], lambda a, b: F.cosine_similarity(a, b, axis=-1),
     lambda a, b: tF.cosine_similarity(a, b, dim=-1)),
]
IDS = [case[0] for case in CASES]


def _inputs(shapes, seed):
    return [np.abs(_random(s, seed + i)) + 0.1 if i and len(s) == 1 else _random(s, seed + i)
            for i, s in enumerate(shapes)]


@pytest.mark.parametrize("name, shapes, fn, torch_fn", CASES, ids=IDS)
def test_matches_pytorch(backend, name, shapes, fn, torch_fn):
    xs = _inputs(shapes, 0)
    vs, ts = [Value(x) for x in xs], [torch.tensor(x, requires_grad=True) for x in xs]
    out, expected = fn(*vs), torch_fn(*ts)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-9, atol=1e-12)
    weights = _random(out.shape, 7)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for v, t in zip(vs, ts):
        np.testing.assert_allclose(v.grad, t.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name, shapes, fn, torch_fn", CASES, ids=IDS)
def test_gradcheck_and_gradgradcheck(backend, name, shapes, fn, torch_fn):
    xs = [Value(x) for x in _inputs(shapes, 3)]
    assert gradcheck(fn, *xs)
    assert gradgradcheck(fn, *xs)


def test_float32_stays_float32():
    x = Value(_random((2, 4, 6, 6)).astype(np.float32))
    w = Value(_random((4, 2, 3, 3)).astype(np.float32))
    for out in (F.conv2d(x, w, padding="same", groups=2, dilation=2), F.avg_pool2d(x, 3, 2, 1, ceil_mode=True),
                F.adaptive_avg_pool2d(x, 2), F.interpolate(x, scale_factor=2, mode="bilinear"),
                F.max_pool2d(x, 2, dilation=2), F.group_norm(x, 2), F.layer_norm(x, 6)):
        assert out.dtype == np.float32


LAYERS = [  # (minigrad layer, PyTorch layer, input shape)
    (nn.Conv2d(4, 6, 3, padding="same", dilation=2, groups=2), torch.nn.Conv2d(4, 6, 3, padding="same", dilation=2,
                                                                               groups=2), (2, 4, 7, 6)),
    (nn.Conv2d(4, 6, (3, 2), stride=2, padding=(1, 0)), torch.nn.Conv2d(4, 6, (3, 2), stride=2, padding=(1, 0)),
     (2, 4, 7, 6)),
    (nn.Conv1d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2), torch.nn.Conv1d(4, 6, 3, 2, 1, 2, 2), (2, 4, 11)),
    (nn.Conv1d(4, 2, 4, padding="same"), torch.nn.Conv1d(4, 2, 4, padding="same"), (2, 4, 11)),
    (nn.MaxPool2d(3, 2, 1, dilation=2, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, dilation=2, ceil_mode=True),
     (2, 3, 10, 9)),
    (nn.AvgPool2d(3, 2, 1, ceil_mode=True), torch.nn.AvgPool2d(3, 2, 1, ceil_mode=True), (2, 3, 10, 9)),
    (nn.AdaptiveAvgPool2d((3, None)), torch.nn.AdaptiveAvgPool2d((3, None)), (2, 3, 10, 9)),
    (nn.AdaptiveAvgPool2d(1), torch.nn.AdaptiveAvgPool2d(1), (2, 3, 10, 9)),
    (nn.Upsample(scale_factor=2), torch.nn.Upsample(scale_factor=2), (2, 3, 4, 5)),
    (nn.Upsample(size=(5, 7), mode="bilinear"), torch.nn.Upsample(size=(5, 7), mode="bilinear"), (2, 3, 4, 5)),
    (nn.LayerNorm((3, 4)), torch.nn.LayerNorm((3, 4)), (2, 3, 4)),
    (nn.GroupNorm(2, 4), torch.nn.GroupNorm(2, 4), (3, 4, 5, 2)),
]


@pytest.mark.parametrize("ours, theirs, shape", LAYERS, ids=[repr(m) for m, _, _ in LAYERS])
def test_layers_match_pytorch_and_know_their_output_shape(ours, theirs, shape):
    with torch.no_grad():
        for name, p in ours.named_parameters():
            getattr(theirs, name).copy_(torch.tensor(p.data))
    x = _random(shape).astype(np.float32)
    out = ours(x)
    np.testing.assert_allclose(out.data, theirs(torch.tensor(x)).detach().numpy(), rtol=1e-4, atol=1e-5)
    assert ours.compute_output_shape(shape[1:]) == out.shape[1:]
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert all(p.shape == tuple(q.shape) for p, q in zip(ours.parameters(), theirs.parameters()))


LOSS_MODULES = [
    (nn.CrossEntropyLoss(weight=W4, ignore_index=3, label_smoothing=0.1),
     torch.nn.CrossEntropyLoss(weight=torch.tensor(W4), ignore_index=3, label_smoothing=0.1), "labels"),
    (nn.NLLLoss(weight=W4, reduction="sum"), torch.nn.NLLLoss(weight=torch.tensor(W4), reduction="sum"), "labels"),
    (nn.BCEWithLogitsLoss(pos_weight=W4), torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(W4)), "values"),
    (nn.L1Loss(), torch.nn.L1Loss(), "values"), (nn.SmoothL1Loss(beta=0.3), torch.nn.SmoothL1Loss(beta=0.3), "values"),
    (nn.HuberLoss(delta=0.4), torch.nn.HuberLoss(delta=0.4), "values"),
    (nn.KLDivLoss(reduction="batchmean", log_target=True),
     torch.nn.KLDivLoss(reduction="batchmean", log_target=True), "values"),
]


@pytest.mark.parametrize("ours, theirs, target", LOSS_MODULES, ids=[repr(m) for m, _, _ in LOSS_MODULES])
def test_loss_modules_take_pytorchs_options(ours, theirs, target):
    x = _random((5, 4))
    t = np.array([0, 3, 2, 1, 3]) if target == "labels" else np.random.default_rng(1).random((5, 4))
    assert ours(x, t).item() == pytest.approx(theirs(torch.tensor(x), torch.tensor(t)).item(), rel=1e-10)


@pytest.mark.parametrize("call, error, message", [
    (lambda x: F.conv2d(x, np.ones((3, 2, 3, 3)), groups=2), ValueError,
     r"conv2d: groups must be a positive int that divides C_out = 3"),
    (lambda x: F.conv2d(x, np.ones((4, 3, 3, 3)), groups=2), ValueError,
     r"weight of shape \(4, 3, 3, 3\) \(layout \(C_out, C_in, kh, kw\), C_in per group with groups = 2\) expects "
     r"C_in = 6"),
    (lambda x: F.conv2d(x, np.ones((2, 4, 3, 3)), stride=2, padding="same"), ValueError,
     r"conv2d: padding='same' needs stride 1"),
    (lambda x: F.conv2d(x, np.ones((2, 4, 3, 3)), padding=(1, 1, 1)), ValueError,
     r"conv2d: padding must be an int, a pair \(ph, pw\), 'valid', 'same', or \(left, right, top, bottom\)"),
    (lambda x: F.conv2d(x, np.ones((2, 4, 3, 3)), dilation=4), ValueError, r"conv2d: the 9x9 kernel does not fit"),
    (lambda x: F.conv1d(x, np.ones((2, 4, 3))), ValueError, r"conv1d: input x must have shape \(N, C_in, L\)"),
    (lambda x: F.max_pool2d(x, 2, padding=2, dilation=1), ValueError, r"max_pool2d: padding \(2, 2\) must be at most"),
    (lambda x: F.avg_pool2d(x, 2, padding=2), ValueError, r"avg_pool2d: padding \(2, 2\) must be at most half"),
    (lambda x: F.adaptive_avg_pool2d(x, 0), ValueError, r"adaptive_avg_pool2d: output_size must be an int >= 1"),
    (lambda x: F.interpolate(x, scale_factor=2, mode="bicubic"), ValueError, r"interpolate: mode must be one of"),
    (lambda x: F.interpolate(x, scale_factor=2, mode="linear"), ValueError,
     r"interpolate: mode 'linear' needs input of shape \(N, C, W\), got \(1, 4, 5, 5\)"),
    (lambda x: F.interpolate(x), ValueError, r"interpolate: give exactly one of size and scale_factor"),
    (lambda x: F.interpolate(x, size=3, align_corners=True), ValueError, r"align_corners applies only to the linear"),
    (lambda x: F.layer_norm(x, (4,)), ValueError, r"layer_norm: the last axes of the input \(1, 4, 5, 5\) must be "),
    (lambda x: F.group_norm(x, 3), ValueError, r"group_norm: input of shape \(1, 4, 5, 5\) must be \(N, C, \.\.\.\) "
                                               r"with C divisible by num_groups = 3"),
    (lambda x: F.cross_entropy(x, np.zeros((1, 5, 5), int), weight=np.ones(3)), ValueError,
     r"cross_entropy: weight must have one entry per class, shape \(4,\)"),
    (lambda x: F.cross_entropy(x, np.zeros((1, 5, 4), int), label_smoothing=0.1), ValueError,
     r"cross_entropy: target of shape \(1, 5, 4\) must hold one label per position of the input \(1, 4, 5, 5\)"),
    (lambda x: F.nll_loss(x, np.full((1, 5, 5), 7), ignore_index=0), ValueError,
     r"nll_loss: labels must lie in \[0, 3\]"),
    (lambda x: F.cross_entropy(x.reshape(4, 25), np.zeros(4), label_smoothing=0.5), TypeError,
     r"cross_entropy: target of shape \(4,\) has dtype float64, but class labels must be integers"),
    (lambda x: F.cross_entropy(x.reshape(4, 25), np.zeros(4, int), label_smoothing=1.5), ValueError,
     r"cross_entropy: label_smoothing must lie in \[0, 1\], got 1.5"),
    (lambda x: F.smooth_l1_loss(x, x, beta=-1), ValueError, r"smooth_l1_loss: beta must be >= 0"),
    (lambda x: F.huber_loss(x, x, delta=0), ValueError, r"huber_loss: delta must be > 0"),
    (lambda x: F.kl_div(x, x, reduction="avg"), ValueError, r"kl_div: reduction must be one of"),
])
def test_errors_name_the_op_and_the_fix(call, error, message):
    with pytest.raises(error, match=message):
        call(Value(_random((1, 4, 5, 5))))


def test_layer_construction_errors():
    with pytest.raises(ValueError, match=r"Conv2d: groups=3 must divide in_channels=4 and out_channels=6"):
        nn.Conv2d(4, 6, 3, groups=3)
    with pytest.raises(ValueError, match=r"GroupNorm: num_channels=6 must be divisible by num_groups=4"):
        nn.GroupNorm(4, 6)
    with pytest.raises(ValueError, match=r"LayerNorm\(\(3, 4\).*the last axes of the input must have shape \(3, 4\)"):
        nn.LayerNorm((3, 4))(np.zeros((2, 4, 3)))


def test_a_small_cnn_with_the_new_layers_trains():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 1, 8, 8)).astype(np.float32)
    y = (x[:, 0, :4].mean(axis=(1, 2)) > x[:, 0, 4:].mean(axis=(1, 2))).astype(np.int64)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding="same"), nn.GroupNorm(2, 4), nn.GELU(),
                          nn.AvgPool2d(2), nn.Upsample(scale_factor=2), nn.Conv2d(4, 4, 3, dilation=2, groups=2),
                          nn.SiLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
    from minigrad import optim
    opt = optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(30):
        loss = F.cross_entropy(model(x), y, label_smoothing=0.05)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.6 * losses[0]
