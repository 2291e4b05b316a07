"""Tests for minigrad.optim and its kernels (minigrad/kernels/optim.py).

The reference numbers at the bottom of this file were printed by tests/make_optim_reference.py with
torch 2.13.0 (CPU). The problem, its starting point and the option lists come from that script, whose module
level does not import torch; neither does this file.
"""
import subprocess
import sys

import numpy as np
import pytest
from make_optim_reference import (CLIP_CASES, CLIP_GRADS, OPTIMIZERS, PLATEAU_METRICS, START, STEPS, TARGET,
                                  loss_fn as reference_loss)

from minigrad import Value, optim
from minigrad.checkpoint import CheckpointError, save_npz
from minigrad.kernels import PARALLEL_THRESHOLD, kernel

BACKENDS = ["numba", "numpy"]


# ---- the fixed problem -----------------------------------------------------------------------------------

def make_params(dtype=np.float64):
    """The starting point as Values: tensors for a, b, M, unused and a scalar (Python float) Value for c."""
    return {k: Value(v) if k == "c" else Value(np.array(v, dtype=dtype), label=k) for k, v in START.items()}


def loss_fn(p):
    return reference_loss(p, np.array(TARGET))


def train(optimizer, params, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(params)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses


# ---- kernels: the NumPy and Numba twins agree ----------------------------------------------------------

TOL = {np.float64: 1e-10, np.float32: 1e-5}
SHAPES = [(), (1,), (7,), (3, 5, 2), (PARALLEL_THRESHOLD - 1,), (PARALLEL_THRESHOLD + 3,)]

KERNEL_CASES = [
    ("sgd_step", 0, dict(lr=0.1, weight_decay=0.0)),
    ("sgd_step", 0, dict(lr=0.1, weight_decay=0.3)),
    ("sgd_momentum_step", 1, dict(lr=0.1, momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0)),
    ("sgd_momentum_step", 1, dict(lr=0.1, momentum=0.8, dampening=0.2, nesterov=False, weight_decay=0.1)),
    ("sgd_momentum_step", 1, dict(lr=0.1, momentum=0.9, dampening=0.0, nesterov=True, weight_decay=0.1)),
    ("adam_step", 2, dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, decoupled=False)),
    ("adam_step", 2, dict(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1, decoupled=False)),
    ("adam_step", 2, dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.1, decoupled=True)),
]


def run_kernel(name, arrays, options, steps, backend):
    """Three updates in a row, so that the step count and the momentum's first step both matter."""
    fn = kernel(f"optim.{name}", backend)
    param, grads, buffers = arrays
    for t in range(1, steps + 1):
        extra = {"first": t == 1} if name == "sgd_momentum_step" else {"step": t} if name == "adam_step" else {}
        fn(param, grads[t - 1], *buffers, **options, **extra)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name, n_buffers, options", KERNEL_CASES)
def test_kernel_twins_agree(name, n_buffers, options, shape, dtype):
    rng = np.random.default_rng(0)
    param = rng.standard_normal(shape).astype(dtype)
    grads = [rng.standard_normal(shape).astype(dtype) for _ in range(3)]
    results = {}
    for backend in BACKENDS:
        arrays = (param.copy(), [g.copy() for g in grads], [np.zeros(shape, dtype) for _ in range(n_buffers)])
        run_kernel(name, arrays, options, 3, backend)
        results[backend] = [arrays[0], *arrays[2]]
        for a, g in zip(arrays[1], grads):
            np.testing.assert_array_equal(a, g)  # the gradient is read, never written
    for fast, ref in zip(results["numba"], results["numpy"]):
        assert fast.dtype == ref.dtype == dtype and fast.shape == shape
        np.testing.assert_allclose(fast, ref, rtol=TOL[dtype], atol=TOL[dtype])
    assert not np.allclose(results["numpy"][0], param)  # the update did move the parameter


def test_kernel_reads_a_non_contiguous_gradient_of_another_dtype():
    param = np.ones((4, 3), np.float32)
    grad = np.arange(12.0).reshape(3, 4).T  # float64 and transposed
    expected = param - 0.5 * grad.astype(np.float32)
    kernel("optim.sgd_step", "numba")(param, grad, 0.5, 0.0)
    np.testing.assert_allclose(param, expected, rtol=1e-6)
    assert param.dtype == np.float32


def test_numba_kernel_refuses_to_update_a_non_contiguous_array():
    param = np.ones((3, 4)).T
    with pytest.raises(ValueError, match=r"C-contiguous.*shape \(4, 3\)"):
        kernel("optim.sgd_step", "numba")(param, np.ones((4, 3)), 0.1, 0.0)


# ---- every optimizer follows PyTorch's trajectory --------------------------------------------------

@pytest.mark.parametrize("case", range(len(OPTIMIZERS)), ids=[f"{n}{o}" for n, o in OPTIMIZERS])
def test_follows_pytorch_trajectory(case, backend):
    name, options = OPTIMIZERS[case]
    reference = TRAJECTORIES[case]
    params = make_params()
    optimizer = getattr(optim, name)(params.values(), **options)
    losses = train(optimizer, params, STEPS)
    np.testing.assert_allclose(losses, reference["losses"], rtol=0, atol=1e-6)
    for key, value in reference["final"].items():
        np.testing.assert_allclose(params[key].data, value, rtol=0, atol=1e-6, err_msg=key)
    assert type(params["c"].data) is float
    assert optimizer.state[list(params).index("unused")] == {}  # never reached by backward: skipped


@pytest.mark.parametrize("case", range(len(OPTIMIZERS)), ids=[f"{n}{o}" for n, o in OPTIMIZERS])
def test_float32_parameters_stay_float32(case, backend):
    name, options = OPTIMIZERS[case]
    params = make_params(np.float32)
    optimizer = getattr(optim, name)(params.values(), **options)
    losses = train(optimizer, params, 5)
    assert losses[-1] < losses[0]
    for key in ("a", "b", "M"):
        assert params[key].data.dtype == np.float32
        buffers = [v for v in optimizer.state[list(params).index(key)].values() if isinstance(v, np.ndarray)]
        assert all(b.dtype == np.float32 for b in buffers)


def test_scalar_values_train_like_the_lecture_neuron():
    w, b = Value(0.5), Value(0.0)
    xs, ys = [1.0, 2.0, 3.0], [3.0, 5.0, 7.0]  # y = 2x + 1
    optimizer = optim.SGD([w, b], lr=0.05)
    for _ in range(500):
        optimizer.zero_grad()
        loss = sum(((w * x + b) - y) ** 2 for x, y in zip(xs, ys))
        loss.backward()
        optimizer.step()
    assert type(w.data) is float and type(b.data) is float
    assert w.data == pytest.approx(2.0, abs=1e-3) and b.data == pytest.approx(1.0, abs=1e-3)


def test_zero_grad_forgets_gradients():
    params = make_params()
    optimizer = optim.SGD(params.values())
    loss_fn(params).backward()
    assert params["a"].has_grad and params["c"].has_grad
    optimizer.zero_grad()
    assert not any(p.has_grad for p in params.values())


def test_a_transposed_parameter_is_updated():
    w = Value(np.arange(6.0).reshape(2, 3).T)
    w.grad = np.ones((3, 2))
    optim.SGD([w], lr=0.5).step()
    np.testing.assert_array_equal(w.data, np.arange(6.0).reshape(2, 3).T - 0.5)


def test_lr_attribute_drives_the_step():
    w = Value(np.zeros(2))
    optimizer = optim.SGD([w], lr=0.1)
    optimizer.lr = 0.5
    w.grad = np.array([1.0, -2.0])
    optimizer.step()
    np.testing.assert_allclose(w.data, [-0.5, 1.0])


def test_import_does_not_load_numba():
    code = "import sys, minigrad.optim; assert 'numba' not in sys.modules, 'numba loaded'"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- optim.get: Keras-style names ---------------------------------------------------------------------

@pytest.mark.parametrize("name, cls, lr", [("sgd", optim.SGD, 0.01), ("Adam", optim.Adam, 0.001),
                                           ("ADAMW", optim.AdamW, 0.001), ("adagrad", optim.Adagrad, 0.001),
                                           ("adadelta", optim.Adadelta, 0.001), ("RMSprop", optim.RMSprop, 0.001)])
def test_get_builds_from_keras_names_with_keras_learning_rates(name, cls, lr):
    params = list(make_params().values())
    optimizer = optim.get(name, params)
    assert type(optimizer) is cls and optimizer.lr == lr and optimizer.params == params


def test_get_passes_an_optimizer_through():
    optimizer = optim.RMSprop(make_params().values(), lr=0.3)
    assert optim.get(optimizer) is optimizer


def test_get_errors():
    with pytest.raises(ValueError, match=r"unknown optimizer 'nadam'; known names: sgd, adam, adamw, adagrad, "
                                         r"adadelta, rmsprop"):
        optim.get("nadam", make_params().values())
    with pytest.raises(TypeError, match="optim.get: expected an optimizer name or an Optimizer, got int"):
        optim.get(3, make_params().values())
    with pytest.raises(ValueError, match="optim.get: building 'adam' needs params"):
        optim.get("adam")


# ---- bad arguments -------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, error, message", [
    (lambda p: optim.SGD(p, lr=-0.1), ValueError, r"SGD: lr=-0.1 is out of range; use a value in \[0.0, inf\]"),
    (lambda p: optim.SGD(p, lr="fast"), TypeError, "SGD: lr must be a real number, got 'fast'"),
    (lambda p: optim.SGD(p, momentum=-1), ValueError, "SGD: momentum=-1.0 is out of range"),
    (lambda p: optim.SGD(p, nesterov=True), ValueError, "SGD: nesterov=True needs momentum > 0 and dampening = 0"),
    (lambda p: optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True), ValueError, "dampening=0.1"),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), ValueError, r"Adam: betas\[1\]=1.0 is out of range; .*1.0\)"),
    (lambda p: optim.AdamW(p, betas=0.9), TypeError, r"AdamW: betas must be a pair \(beta1, beta2\), got 0.9"),
    (lambda p: optim.Adam(p, eps=-1e-8), ValueError, "Adam: eps=-1e-08 is out of range"),
    (lambda p: optim.Adagrad(p, lr_decay=-1), ValueError, "Adagrad: lr_decay=-1.0 is out of range"),
    (lambda p: optim.Adadelta(p, rho=1.5), ValueError, r"Adadelta: rho=1.5 is out of range; use a value in "
                                                       r"\[0.0, 1.0\]"),
    (lambda p: optim.RMSprop(p, weight_decay=-0.1), ValueError, "RMSprop: weight_decay=-0.1 is out of range"),
    (lambda p: optim.RMSprop(p[0]), TypeError, "RMSprop: params must be an iterable of Values, such as "
                                               r"model.parameters\(\) or a list, got Value"),
    (lambda p: optim.SGD([]), ValueError, "SGD: got an empty parameter list"),
    (lambda p: optim.SGD([p[0], np.ones(3)]), TypeError, "SGD: parameter 1 is a ndarray, not a Value"),
    (lambda p: optim.SGD([p[0], p[1], p[0]]), ValueError, "SGD: parameter 2 'a' appears twice in params"),
    (lambda p: optim.Adam([Value(np.arange(3), requires_grad=False)]), TypeError,
     "Adam: parameter 0 has dtype int64; optimizers update float32 or float64 parameters"),
])
def test_bad_arguments_raise_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make(list(make_params().values()))


def test_gradient_of_the_wrong_shape_is_reported():
    w = Value(np.zeros((2, 3)), label="weight")
    optimizer = optim.Adam([w])
    w._grad = np.ones(3)
    with pytest.raises(ValueError, match=r"Adam.step: parameter 0 'weight' has shape \(2, 3\) but its grad "
                                         r"has shape \(3,\)"):
        optimizer.step()


# ---- state_dict, load_state_dict, save, load ------------------------------------------------------------

@pytest.mark.parametrize("case", range(len(OPTIMIZERS)), ids=[f"{n}{o}" for n, o in OPTIMIZERS])
def test_saved_and_loaded_state_resumes_the_same_trajectory(case, tmp_path):
    name, options = OPTIMIZERS[case]
    params = make_params()
    optimizer = getattr(optim, name)(params.values(), **options)
    train(optimizer, params, 5)
    optimizer.save(tmp_path / "opt.npz")
    saved = {k: np.copy(v.data) if k != "c" else v.data for k, v in params.items()}
    expected = train(optimizer, params, 5)

    resumed = {k: Value(v, label=k) for k, v in saved.items()}
    fresh = getattr(optim, name)(resumed.values(), lr=0.123)
    fresh.load(tmp_path / "opt.npz")
    assert fresh.lr == optimizer.lr
    assert train(fresh, resumed, 5) == expected
    assert type(resumed["c"].data) is float


def test_state_dict_is_a_flat_copy():
    params = make_params()
    optimizer = optim.Adam(params.values(), lr=0.05, betas=(0.8, 0.99))
    train(optimizer, params, 2)
    state = optimizer.state_dict()
    assert state["lr"] == 0.05 and state["param_count"] == 5 and state["state.0.step"] == 2
    np.testing.assert_array_equal(state["betas"], [0.8, 0.99])
    assert set(state) == {"lr", "betas", "eps", "weight_decay", "param_count"} | {
        f"state.{i}.{k}" for i in range(4) for k in ("step", "exp_avg", "exp_avg_sq")}
    before = state["state.0.exp_avg"].copy()
    train(optimizer, params, 1)
    np.testing.assert_array_equal(state["state.0.exp_avg"], before)


def corrupt(state, key, value):
    state = dict(state)
    if value is None:
        del state[key]
    else:
        state[key] = value
    return state


@pytest.mark.parametrize("change, message", [
    (lambda s: corrupt(s, "state.0.momentum_buffer", None), r"missing keys \['state.0.momentum_buffer'\]"),
    (lambda s: corrupt(s, "state.0.exp_avg", np.zeros(3)), r"unexpected keys \['state.0.exp_avg'\]"),
    (lambda s: corrupt(s, "state.9.step", 1), r"unexpected keys \['state.9.step'\]"),
    (lambda s: corrupt(s, "nesterov", None), r"missing keys \['nesterov'\]"),
    (lambda s: corrupt(s, "state.1.momentum_buffer", np.zeros(4)),
     r"'state.1.momentum_buffer' has shape \(4,\), expected \(3,\)"),
    (lambda s: corrupt(s, "state.2.momentum_buffer", np.zeros((2, 3), np.float32)),
     "'state.2.momentum_buffer' has dtype float32, expected float64"),
    (lambda s: corrupt(s, "param_count", 7), "it holds state for 7 parameters, but this optimizer has 5"),
    (lambda s: corrupt(s, "lr", -1.0), "SGD: lr=-1.0 is out of range"),
    (lambda s: corrupt(s, "momentum", 0.0), "SGD: nesterov=True needs momentum > 0"),
])
def test_a_bad_state_dict_is_refused_and_changes_nothing(change, message, tmp_path):
    params = make_params()
    optimizer = optim.SGD(params.values(), lr=0.01, momentum=0.9, nesterov=True)
    train(optimizer, params, 3)
    good = optimizer.state_dict()
    other = optim.SGD(make_params().values(), lr=0.5, momentum=0.5, nesterov=True)
    train(other, make_params(), 1)
    before = other.state_dict()
    bad = change(good)
    with pytest.raises((CheckpointError, ValueError), match=message):
        other.load_state_dict(bad)
    save_npz(tmp_path / "bad.npz", bad)
    with pytest.raises((CheckpointError, ValueError), match=message):
        other.load(tmp_path / "bad.npz")
    after = other.state_dict()
    assert after.keys() == before.keys()
    for key in before:
        np.testing.assert_array_equal(after[key], before[key], err_msg=key)


def test_load_state_dict_errors_are_checkpoint_errors_naming_the_optimizer():
    optimizer = optim.RMSprop(make_params().values())
    with pytest.raises(CheckpointError, match=r"RMSprop state dict does not match: missing keys \['alpha'\]"):
        optimizer.load_state_dict({k: v for k, v in optimizer.state_dict().items() if k != "alpha"})


def test_load_reports_a_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        optim.SGD(make_params().values()).load(tmp_path / "nope.npz")


# ---- learning-rate schedules -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, make, metrics", [
    ("StepLR", lambda o: optim.StepLR(o, step_size=3, gamma=0.5), None),
    ("ExponentialLR", lambda o: optim.ExponentialLR(o, gamma=0.9), None),
    ("CosineAnnealingLR", lambda o: optim.CosineAnnealingLR(o, T_max=7, eta_min=0.001), None),
    ("ReduceLROnPlateau_min", lambda o: optim.ReduceLROnPlateau(o, patience=2, cooldown=1, factor=0.5),
     PLATEAU_METRICS),
    ("ReduceLROnPlateau_max_abs", lambda o: optim.ReduceLROnPlateau(
        o, mode="max", factor=0.5, patience=1, threshold=0.05, threshold_mode="abs", min_lr=0.01),
     PLATEAU_METRICS),
])
def test_schedules_follow_pytorch(name, make, metrics):
    optimizer = optim.SGD([Value(np.zeros(1))], lr=0.1)
    scheduler = make(optimizer)
    lrs = []
    for epoch in range(STEPS):
        optimizer.step()
        scheduler.step(*([metrics[epoch]] if metrics else []))
        lrs.append(scheduler.get_last_lr())
    np.testing.assert_allclose(lrs, SCHEDULES[name], rtol=1e-12, atol=0)
    assert optimizer.lr == lrs[-1]


@pytest.mark.parametrize("make, error, message", [
    (lambda o: optim.StepLR(o, step_size=0), ValueError, "StepLR: step_size must be a positive integer, got 0"),
    (lambda o: optim.CosineAnnealingLR(o, T_max=2.5), ValueError, "CosineAnnealingLR: T_max must be a positive"),
    (lambda o: optim.ExponentialLR("sgd", gamma=0.9), TypeError, "ExponentialLR: expected a minigrad optimizer, "
                                                                 "got str"),
    (lambda o: optim.ReduceLROnPlateau(o, mode="lowest"), ValueError, "mode must be 'min' or 'max', got 'lowest'"),
    (lambda o: optim.ReduceLROnPlateau(o, threshold_mode="x"), ValueError, "threshold_mode must be 'rel' or 'abs'"),
    (lambda o: optim.ReduceLROnPlateau(o, factor=1.0), ValueError, r"factor must be in \[0, 1\)"),
    (lambda o: optim.ReduceLROnPlateau(None), TypeError, "ReduceLROnPlateau: expected a minigrad optimizer"),
])
def test_schedule_errors(make, error, message):
    with pytest.raises(error, match=message):
        make(optim.SGD([Value(np.zeros(1))]))


# ---- gradient clipping -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", range(len(CLIP_CASES)))
def test_clip_grad_norm_follows_pytorch(case):
    max_norm, norm_type = CLIP_CASES[case]
    params = [Value(np.zeros(np.shape(g))) for g in CLIP_GRADS] + [Value(np.ones(2))]  # the last has no grad
    for p, g in zip(params, CLIP_GRADS):
        p.grad = np.array(g)
    total = optim.clip_grad_norm_(params, max_norm, norm_type)
    assert total == pytest.approx(CLIPPING[case]["total_norm"], rel=1e-12)
    for p, g in zip(params, CLIPPING[case]["grads"]):
        np.testing.assert_allclose(p.grad, g, rtol=1e-12)
    assert not params[-1].has_grad


def test_clip_grad_norm_on_scalar_values_and_float32():
    s = Value(1.0)
    t = Value(np.zeros(2, np.float32))
    s.grad, t.grad = 3.0, np.array([0.0, 4.0], np.float32)
    assert optim.clip_grad_norm_([s, t], 1.0) == pytest.approx(5.0)
    assert type(s.grad) is float and s.grad == pytest.approx(0.6, rel=1e-6)
    assert t.grad.dtype == np.float32 and t.grad[1] == pytest.approx(0.8, rel=1e-6)
    assert optim.clip_grad_norm_(s, 10.0) == pytest.approx(0.6, rel=1e-6)  # a single Value works too
    assert optim.clip_grad_norm_([Value(2.0)], 1.0) == 0.0  # no gradients: nothing to clip


def test_clip_grad_norm_errors():
    w = Value(np.zeros(2))
    w.grad = np.array([np.inf, 1.0])
    with pytest.raises(FloatingPointError, match="clip_grad_norm_: the total gradient norm is inf"):
        optim.clip_grad_norm_([w], 1.0, error_if_nonfinite=True)
    with pytest.raises(ValueError, match="clip_grad_norm_: max_norm must be >= 0, got -1"):
        optim.clip_grad_norm_([w], -1)


# ---- reference numbers: printed by tests/make_optim_reference.py (torch 2.13.0) ---------------------------

# made by tests/make_optim_reference.py with torch 2.13.0+cpu
TRAJECTORIES = [{'final': {'M': [[0.2191697699688812, 0.06741856837957594, 0.24309537364584613],
                  [0.6125922721090407, 0.5010602642350368, -0.6606295111132879]],
            'a': [-0.7543466392057511, 0.8214942105099536, 0.5320060358798876],
            'b': [0.6941335326625226, 0.67619502565975, 0.16659783579414586],
            'c': 0.562228791824438,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.249878087836064, 7.44712132761035, 6.9482443304801995, 6.56398419512342,
             6.242494819578436, 5.963086771379257, 5.715045037102471, 5.491779630621236, 5.288787134803829,
             5.102783750972949, 4.9312697073198395, 4.772281147842816, 4.624236151563784, 4.4858336495524656,
             4.355984539100879, 4.233763467820845, 4.118374358505563, 4.0091252835089515, 3.905409806772007]},
 {'final': {'M': [[-0.3589296968741922, 0.5945834933335096, 0.45372774139516386],
                  [1.2730002569896237, -0.38064404790840295, -1.222777963900599]],
            'a': [0.5262652228661183, 0.6560170233230023, 1.0485814061528302],
            'b': [0.28259456559505236, 0.29076214950594825, 0.8854063795645176],
            'c': 0.5032778670426881,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.249878087836064, 7.036974817514734, 6.864370861209145, 6.342547298243667,
             5.2326445971228495, 3.988727041590122, 3.1157212865099915, 2.7538610507417447, 2.650974422509684,
             2.538498982657743, 2.2944090769526477, 1.8230357556862185, 1.2941084014160986, 1.086177805292418,
             1.234256101911563, 1.3680721113402878, 1.1455169369609328, 0.685503733924555, 0.433195440868365]},
 {'final': {'M': [[-0.3242677648534559, 0.5604619835393945, 0.43836373933965084],
                  [1.1708325900691312, -0.3606231052272954, -1.1012526284677038]],
            'a': [0.5226975188767271, 0.5992960382344671, 0.9711248890089488],
            'b': [0.1649283910830959, 0.27066945095443395, 0.8186741390431677],
            'c': 0.4791787123480894,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.234166648884147, 7.043106073816033, 6.893800706644298, 6.476269761753029,
             5.487571163328565, 4.274473927059007, 3.296880860816471, 2.779325915966902, 2.605359659430678,
             2.526969009397265, 2.3990513727157396, 2.1203500455551385, 1.6626071469002275, 1.2607392187832924,
             1.1659108234541105, 1.2925166073806067, 1.3175018193693204, 1.036637675913695, 0.6080990895525936]},
 {'final': {'M': [[-0.3257310035083599, 0.5180638006009166, 0.41788774421546243],
                  [1.2203853923698642, -0.3531361250212586, -1.2434648874907404]],
            'a': [0.4781000540441354, 0.6652436017707024, 0.9680874902540925],
            'b': [0.16531065030675068, 0.3950363573831567, 0.9067087098179337],
            'c': 0.5651081956690438,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.370730430648352, 6.552640537247313, 5.60957108957585, 4.617545169397951,
             3.7956104667993635, 3.169085177899719, 2.6663863497425755, 2.2553687958059236, 1.9168658364146476,
             1.6006138673345227, 1.28697375886918, 1.0149742623890736, 0.8317510698358519, 0.7541737414959337,
             0.7456232824422316, 0.7184626754885735, 0.608085872594731, 0.44144072198062645, 0.2939208195597962]},
 {'final': {'M': [[-0.12368824594399952, 0.4239892504817634, 0.6753847796157765],
                  [0.9679762408917824, 0.12854392363841202, -1.1263785070410866]],
            'a': [-0.7813209700712701, 0.7493893742012718, 0.6108494457759327],
            'b': [0.6603320321512378, 0.602354791016426, 0.37270320940059637],
            'c': 0.2070785115876204,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.806275004400035, 7.459748912261945, 6.609529670439475, 6.049036195515063,
             5.627237393521437, 5.264798733048877, 4.938766812739509, 4.650926390921538, 4.407609660768291,
             4.210376581426734, 4.054877158670796, 3.9349579198944147, 3.8460369652633846, 3.7840532710178874,
             3.7422898831906664, 3.710122636677885, 3.675086027667919, 3.626516703207186, 3.558242250490735]},
 {'final': {'M': [[-0.038699948009975615, 0.32951064102971755, 0.5600300425235198],
                  [0.8500965425973397, 0.20578840988727415, -0.9693345585214911]],
            'a': [-0.733912329853583, 0.7758433434045617, 0.5823195632943089],
            'b': [0.6197301495745191, 0.5774855105762261, 0.33116364945149124],
            'c': 0.3395397781130219,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.806275436788765, 7.459859882014709, 6.595804425002287, 6.006304385605978,
             5.545671104025838, 5.1472433192055504, 4.7975590342674215, 4.499690472347183, 4.254238339029136,
             4.056472370900211, 3.9005268553482573, 3.7804129256465506, 3.686913679956727, 3.606794240237241,
             3.5269574369740875, 3.4396570593928235, 3.3440288849387403, 3.2432579818131138, 3.140390945290929]},
 {'final': {'M': [[-0.12543532760953005, 0.42283041966639306, 0.6716143682449975],
                  [0.9634143543888108, 0.12187863914041613, -1.1210712566761776]],
            'a': [-0.7739772308142272, 0.7446331292716922, 0.6117095988913722],
            'b': [0.6486703872516346, 0.5947187626800673, 0.3711400795898397],
            'c': 0.21083620036571418,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.796656510534422, 7.44738525638809, 6.597622318270513, 6.038332508993522,
             5.6173165163155945, 5.255197741510153, 4.9291500775702985, 4.640942141833256, 4.396805160272093,
             4.19820890502751, 4.040764478213108, 3.918322997403727, 3.8263714744359483, 3.7610393573359198,
             3.715926469418893, 3.680750125834835, 3.643269112602521, 3.592868139668409, 3.523295287047787]},
 {'final': {'M': [[-0.04728860379168913, 0.3232051511031211, 0.5692848137319483],
                  [0.8254207218155097, 0.16081325271535757, -1.0032031564348756]],
            'a': [-0.677948306156811, 0.7605676428876115, 0.5839980076459352],
            'b': [0.5380225391696708, 0.5539459507914153, 0.3276387126243606],
            'c': 0.38456300734987114,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 8.711017217785075, 7.34297997127279, 6.489840276306956, 5.913928039270704,
             5.460488218040554, 5.0639137693899094, 4.7129365925216105, 4.411096140557152, 4.158101302979676,
             3.948647666028839, 3.7778086582086683, 3.641663610045241, 3.5330461639104858, 3.4398296393766428,
             3.348820467873007, 3.2514963816661573, 3.146333629828992, 3.036369880821087, 2.9248749156749527]},
 {'final': {'M': [[0.0874634353024499, 0.22749257779605275, 0.5436086454145126],
                  [0.7436673601918848, 0.3390274416490785, -0.982410930857336]],
            'a': [-0.8177549616939185, 0.8468344969401961, 0.5464673078908472],
            'b': [0.7396332701882073, 0.6990991331461429, 0.19665551442533533],
            'c': 0.39832213618854,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.475600000050086, 6.43065107892295, 5.833012457374542, 5.414444959851066,
             5.098250260892773, 4.848542591595437, 4.644989537386435, 4.474833966780283, 4.32955914392032,
             4.203232827884385, 4.091591474329851, 3.9914957168084855, 3.9005890059339055, 3.8170745872613017,
             3.7395648222707756, 3.6669765052264247, 3.598456404020972, 3.5333272290674325, 3.4710477501877306]},
 {'final': {'M': [[0.08862505529698221, 0.2162446284044973, 0.5052510029323154],
                  [0.7240328122606091, 0.340809465928653, -0.9212573383923247]],
            'a': [-0.8280535256505718, 0.8245006480477136, 0.5333537908215727],
            'b': [0.7522068546723348, 0.6604627974657111, 0.17370388623189845],
            'c': 0.396895573740762,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.48435391312438, 6.448368234299005, 5.855676895506281, 5.441798974644594,
             5.12985209632752, 4.883848897654105, 4.683503101151419, 4.516173278470255, 4.373477140627947,
             4.249612300493017, 4.140431051382087, 4.042892736190312, 3.954722130485547, 3.874187471177633,
             3.799951402444181, 3.7309681213732033, 3.6664107552889322, 3.605619069966707, 3.5480611751681703]},
 {'final': {'M': [[0.435540811707677, -0.13566095371288422, 0.16297326966002185],
                  [0.3650544521821043, 0.735066750984039, -0.5635529247164199]],
            'a': [-1.1400944937205701, 0.9472891807760243, 0.44759564758079257],
            'b': [1.0544505393438601, 0.8327248116300753, -0.23598052196193925],
            'c': 0.6308204088650978,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 10.74041552304913, 10.585048774055398, 10.43259681704446, 10.283885039703916,
             10.139292760959087, 9.998973544973522, 9.862954360159867, 9.731187217642558, 9.60357872482606,
             9.480008108193898, 9.360338687998794, 9.244425394812682, 9.132119778085475, 9.023273367777074,
             8.917739924975852, 8.81537692798304, 8.716046524918697, 8.619616110903007, 8.525958640245047]},
 {'final': {'M': [[0.4729847534269072, -0.17302362087698048, 0.12672849009122447],
                  [0.3270812384777967, 0.7729183312883604, -0.5267788522179342]],
            'a': [-1.173662870834409, 0.9748649519679591, 0.4747844959726145],
            'b': [1.0254904607758333, 0.8216058065166275, -0.27305933696873724],
            'c': 0.6721717260262278,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 10.84112346368854, 10.783089607997807, 10.72371939961983, 10.66351840379498,
             10.602788009947053, 10.541727706791344, 10.480478709897818, 10.419145777618994, 10.357809364199605,
             10.296532941050533, 10.23536767580899, 10.174355563316901, 10.113531598394202, 10.052925328457192,
             9.992561989713817, 9.9324633550162, 9.872648376837095, 9.813133681467603, 9.753933953155343]},
 {'final': {'M': [[0.08485916708317538, 0.23053928822341838, 0.5475656544003374],
                  [0.7478617122881489, 0.3340969357160622, -0.9887696577961654]],
            'a': [-0.8077808360247919, 0.8458806780592024, 0.5507270081090537],
            'b': [0.7240436147918813, 0.6971005792936139, 0.20457519833142665],
            'c': 0.4031361335195991,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.475600050086308, 6.427650273729914, 5.826876469470364, 5.405253420485599,
             5.086197152059361, 4.833850068518994, 4.627849520791893, 4.455387629723992, 4.307893685330098,
             4.179384952578911, 4.065553242979532, 3.9632210273389132, 3.8699999780017977, 3.7840675286313754,
             3.704015636122522, 3.628745486334548, 3.5573924197588433, 3.489271308596767, 3.423836121125196]},
 {'final': {'M': [[0.08219877712161082, 0.23390916157667463, 0.5513805447031933],
                  [0.7523384948783517, 0.3285043526645062, -0.9955847852025912]],
            'a': [-0.8015562960394284, 0.8471763333747881, 0.5545268354037326],
            'b': [0.7161339955675096, 0.6992095085353938, 0.21357204112670394],
            'c': 0.4035530733955252,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.465772353073081, 6.4133493986344, 5.808979228594653, 5.384486996286194,
             5.063338455366264, 4.809536178595554, 4.602561023036397, 4.42946665329216, 4.281565118539672,
             4.152775672095297, 4.038709010171009, 3.9361213122126157, 3.8425709391964964, 3.7561933091615978,
             3.6755480988106672, 3.5995125026389054, 3.527204828728028, 3.4579286703380956, 3.3911313962360974]},
 {'final': {'M': [[-0.16129909281736043, 0.3332391879499089, 0.019121513794227715],
                  [0.9514211678276924, -0.31268381701828374, -0.7314767861721464]],
            'a': [0.39463205503119136, 0.5146950295609838, 0.6690621224122069],
            'b': [-0.04484038209564986, 0.17541736684260098, 0.4015705528046445],
            'c': 1.334748567042469,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 7.475600048668634, 5.974287747352407, 5.553196282138491, 5.221292614935245,
             5.07756561469525, 5.157433527741069, 5.132231899523144, 4.780778302736648, 4.159945708930389,
             3.4696109844119385, 2.8191462796639555, 2.227448715234559, 1.7509027691600576, 1.4938595922012379,
             1.4868527241993363, 1.5873016235200903, 1.578834103465255, 1.3739069571758409, 1.0332053902915759]},
 {'final': {'M': [[0.05949954287409092, 0.24170346419592517, 0.5278150449422282],
                  [0.7489250468971724, 0.30993068585658967, -0.9365771750281412]],
            'a': [-0.8371973578259316, 0.8162861945933032, 0.5415319450559412],
            'b': [0.788836166837424, 0.6469120507741868, 0.20911374041016742],
            'c': 0.36650224745955,
            'unused': [1.0, 2.0]},
  'losses': [10.896800000000002, 9.414444455683345, 8.091549535782368, 7.163939038684127, 6.513209504237809,
             6.027654609358996, 5.643011085637272, 5.325817437976573, 5.057926838243888, 4.8288222255202,
             4.631631619055504, 4.460850813668097, 4.311572976677925, 4.179534116825043, 4.0611520586242795,
             3.9533814010917143, 3.853576259370591, 3.7594403314177476, 3.6690090643948907, 3.580626656702438]}]
SCHEDULES = {'CosineAnnealingLR': [0.09509795896116975, 0.08136274519200731, 0.061514786230837566, 0.03948521376916245,
                       0.019637254807992697, 0.005902041038830259, 0.001, 0.005902041038830253,
                       0.019637254807992683, 0.03948521376916243, 0.061514786230837525, 0.08136274519200731,
                       0.09509795896116978, 0.10000000000000002, 0.09509795896116978, 0.08136274519200734,
                       0.06151478623083755, 0.03948521376916246, 0.019637254807992707, 0.005902041038830264],
 'ExponentialLR': [0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002,
                   0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024,
                   0.03874204890000002, 0.03486784401000002, 0.03138105960900001, 0.028242953648100012,
                   0.025418658283290013, 0.022876792454961013, 0.020589113209464913, 0.01853020188851842,
                   0.01667718169966658, 0.015009463529699923, 0.013508517176729932, 0.01215766545905694],
 'ReduceLROnPlateau_max_abs': [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.01, 0.01, 0.01, 0.01, 0.01,
                               0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01],
 'ReduceLROnPlateau_min': [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.025, 0.0125,
                           0.0125, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625],
 'StepLR': [0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625, 0.00625,
            0.003125, 0.003125, 0.003125, 0.0015625, 0.0015625, 0.0015625]}
CLIPPING = [{'grads': [[0.5121474322999049, -0.6828632430665398],
            [[0.17071581076663495, 0.3414316215332699], [-0.3414316215332699, 0.08535790538331747]],
            [0.042678952691658736]],
  'total_norm': 5.8576872569299905},
 {'grads': [[3.0, -4.0], [[1.0, 2.0], [-2.0, 0.5]], [0.25]], 'total_norm': 5.8576872569299905},
 {'grads': [[0.47058819838523935, -0.6274509311803191],
            [[0.15686273279507978, 0.31372546559015957], [-0.31372546559015957, 0.07843136639753989]],
            [0.039215683198769946]],
  'total_norm': 12.75},
 {'grads': [[1.1249997187500704, -1.4999996250000938],
            [[0.37499990625002344, 0.7499998125000469], [-0.7499998125000469, 0.18749995312501172]],
            [0.09374997656250586]],
  'total_norm': 4.0},
 {'grads': [[0.31484360475799034, -0.4197914730106538],
            [[0.10494786825266345, 0.2098957365053269], [-0.2098957365053269, 0.05247393412633172]],
            [0.02623696706316586]],
  'total_norm': 4.764269187901703}]
