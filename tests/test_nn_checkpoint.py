"""Module.state_dict / load_state_dict / save / load: round trips, and every way a load can fail
(each leaves the model exactly as it was)."""
import pickle

import numpy as np
import pytest

from minigrad import nn
from minigrad.checkpoint import CheckpointError


def make_model(seed=0):
    nn.init.seed(seed)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))


def batch():
    return np.random.default_rng(1).normal(size=(4, 1, 4, 4)).astype(np.float32)


def trained_model():
    """A model whose weights and BatchNorm running statistics have moved away from their initial values."""
    model = make_model()
    model(batch()).sum().backward()
    for p in model.parameters():
        p.data -= 0.1 * p.grad
    return model


def snapshot(model):
    return {name: array.copy() for name, array in model.state_dict().items()}


def assert_state_equal(model, state):
    now = model.state_dict()
    assert list(now) == list(state)
    for name in state:
        np.testing.assert_array_equal(now[name], state[name], err_msg=name)


def test_state_dict_holds_parameters_and_buffers_by_name_as_copies():
    model = trained_model()
    state = model.state_dict()
    assert list(state) == ["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias",
                           "1.running_mean", "1.running_var"]
    assert all(isinstance(a, np.ndarray) and a.dtype == np.float32 for a in state.values())
    assert np.any(state["1.running_mean"] != 0)
    state["4.bias"][:] = 100.0  # a copy: the model does not change
    assert np.all(model[4].bias.data != 100.0)


def test_load_state_dict_round_trip_gives_the_same_outputs():
    source, target = trained_model(), make_model(seed=1)
    source.eval(), target.eval()
    assert not np.allclose(source(batch()).data, target(batch()).data)
    weight = target[4].weight.data
    target.load_state_dict(source.state_dict())
    np.testing.assert_array_equal(source(batch()).data, target(batch()).data)
    assert target[4].weight.data is weight  # loaded in place: optimizers holding the parameters still see them


def test_save_and_load_a_file(tmp_path):
    source, target = trained_model(), make_model(seed=1)
    path = tmp_path / "model.npz"
    source.save(path)
    assert target.load(path) is target
    assert_state_equal(target, source.state_dict())
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]  # no temporary file left behind


def test_strict_false_loads_the_names_that_match():
    source, target = trained_model(), make_model(seed=1)
    state = source.state_dict()
    del state["4.weight"]
    state["extra"] = np.zeros(2, dtype=np.float32)
    before = target.state_dict()["4.weight"]
    target.load_state_dict(state, strict=False)
    np.testing.assert_array_equal(target.state_dict()["0.weight"], state["0.weight"])
    np.testing.assert_array_equal(target.state_dict()["4.weight"], before)


def bad_states():
    good = trained_model().state_dict()
    missing = dict(good)
    del missing["1.running_var"]
    unexpected = dict(good, **{"5.weight": np.zeros(3, dtype=np.float32)})
    shape = dict(good, **{"4.weight": np.zeros((3, 9), dtype=np.float32)})
    dtype = dict(good, **{"0.bias": good["0.bias"].astype(np.float64)})
    return [("missing", missing, r"missing keys \['1.running_var'\]"),
            ("unexpected", unexpected, r"unexpected keys \['5.weight'\]"),
            ("shape", shape, r"'4.weight' has shape \(3, 9\), expected \(3, 8\)"),
            ("dtype", dtype, r"'0.bias' has dtype float64, expected float32")]


@pytest.mark.parametrize("case", range(4), ids=["missing", "unexpected", "shape", "dtype"])
def test_mismatched_state_dict_is_refused_and_changes_nothing(case):
    _, state, message = bad_states()[case]
    model = make_model(seed=1)
    before = snapshot(model)
    with pytest.raises(CheckpointError, match=r"Sequential.load_state_dict: the state dict does not match: "
                                              + message):
        model.load_state_dict(state)
    assert_state_equal(model, before)


@pytest.mark.parametrize("case", range(4), ids=["missing", "unexpected", "shape", "dtype"])
def test_mismatched_file_is_refused_and_changes_nothing(tmp_path, case):
    _, state, message = bad_states()[case]
    path = tmp_path / "bad.npz"
    np.savez(path, **state)
    model = make_model(seed=1)
    before = snapshot(model)
    with pytest.raises(CheckpointError, match=r"checkpoint '.*bad.npz' for Sequential does not match: " + message):
        model.load(path)
    assert_state_equal(model, before)


def test_a_model_with_another_architecture_is_refused(tmp_path):
    path = tmp_path / "other.npz"
    nn.Sequential(nn.Linear(2, 2)).save(path)
    model = make_model()
    before = snapshot(model)
    with pytest.raises(CheckpointError, match=r"missing keys \['1.weight', '1.bias'.*'0.weight' has shape \(2, 2\), "
                                              r"expected \(2, 1, 3, 3\)"):
        model.load(path)
    assert_state_equal(model, before)


def test_truncated_corrupt_pickled_and_missing_files_are_refused(tmp_path):
    model = trained_model()
    good = tmp_path / "good.npz"
    model.save(good)
    data = good.read_bytes()
    truncated, corrupt, empty = tmp_path / "truncated.npz", tmp_path / "corrupt.npz", tmp_path / "empty.npz"
    truncated.write_bytes(data[:len(data) // 2])
    corrupt.write_bytes(b"this is not a checkpoint at all")
    empty.write_bytes(b"")
    pickled = tmp_path / "pickled.npz"
    pickled.write_bytes(pickle.dumps(model.state_dict()))
    objects = tmp_path / "objects.npz"
    np.savez(objects, **dict(model.state_dict(), **{"0.weight": np.array([{"evil": 1}], dtype=object)}))
    target = make_model(seed=1)
    before = snapshot(target)
    cases = [(truncated, "truncated or corrupted"), (corrupt, "is not an .npz archive"), (empty, "is empty"),
             (pickled, "is a pickle, which minigrad never loads"), (objects, "'0.weight' holds pickled Python objects"),
             (tmp_path / "absent.npz", "does not exist")]
    for path, message in cases:
        with pytest.raises(CheckpointError, match=message):
            target.load(path)
        assert_state_equal(target, before)


def test_load_state_dict_wants_a_dict():
    with pytest.raises(TypeError, match=r"Sequential.load_state_dict: expected a dict name -> ndarray .* got list"):
        make_model().load_state_dict([np.zeros(3)])
