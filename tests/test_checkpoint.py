"""Tests for minigrad.checkpoint: atomic .npz writes, pickle-free loads, and clear errors for bad files."""
import os
import pickle
import re
import signal
import stat
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from minigrad.checkpoint import CheckpointError, check_arrays, load_npz, save_npz

ARRAYS = {"layers.0.weight": np.arange(12, dtype=np.float32).reshape(3, 4), "layers.0.bias": np.zeros(3),
          "steps": np.array(7), "mask": np.array([True, False]), "empty": np.zeros((0, 5)),
          "big": np.random.default_rng(0).standard_normal(10_000)}


def written(tmp_path, arrays=ARRAYS):
    path = tmp_path / "model.npz"
    save_npz(path, arrays)
    return path


def test_round_trip_keeps_names_shapes_dtypes_and_values(tmp_path):
    loaded = load_npz(written(tmp_path))
    assert list(loaded) == list(ARRAYS)
    for name, array in ARRAYS.items():
        assert loaded[name].dtype == array.dtype and loaded[name].shape == array.shape
        np.testing.assert_array_equal(loaded[name], array)


def test_numbers_are_saved_as_0d_arrays_and_str_paths_work(tmp_path):
    path = str(tmp_path / "numbers.npz")
    save_npz(path, {"lr": 0.01, "step": 3, "nesterov": True})
    loaded = load_npz(path)
    assert loaded["lr"].shape == () and loaded["lr"].item() == 0.01
    assert loaded["step"].dtype.kind == "i" and loaded["nesterov"].dtype == bool


def test_save_writes_the_exact_path_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "weights.ckpt"
    save_npz(path, {"w": np.ones(2)})
    save_npz(path, {"w": np.full(2, 5.0)})  # overwrite
    assert os.listdir(tmp_path) == ["weights.ckpt"]
    np.testing.assert_array_equal(load_npz(path)["w"], [5.0, 5.0])


def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = written(tmp_path)

    def disk_full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_npz(path, {"w": np.ones(100)})
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.npz"]
    np.testing.assert_array_equal(load_npz(path)["big"], ARRAYS["big"])


def test_save_refuses_python_objects_and_non_string_names(tmp_path):
    path = tmp_path / "bad.npz"
    with pytest.raises(CheckpointError, match=r"save_npz: 'config' holds Python objects \(dict\).*never pickles"):
        save_npz(path, {"w": np.ones(2), "config": {"lr": 0.1}})
    with pytest.raises(CheckpointError, match="save_npz: array names must be strings, got 0"):
        save_npz(path, {0: np.ones(2)})
    assert os.listdir(tmp_path) == []


def test_save_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"save_npz: folder '.*no_such_dir' does not exist; create it"):
        save_npz(tmp_path / "no_such_dir" / "model.npz", {"w": np.ones(2)})


def test_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match=r"checkpoint '.*nope.npz' does not exist; check the path"):
        load_npz(tmp_path / "nope.npz")


@pytest.mark.parametrize("damage, message", [
    (lambda data: b"", "is empty: it is truncated"),
    (lambda data: data[: len(data) // 2], r"is truncated or corrupted \(File is not a zip file\)"),
    (lambda data: data[:-30], "is truncated or corrupted"),
    (lambda data: data[:4] + b"\x00" * 60 + data[64:], r"'layers.0.weight' is truncated or corrupted"),
    (lambda data: data[:2000] + bytes([data[2000] ^ 0xFF]) + data[2001:], r"is truncated or corrupted \(Bad CRC"),
    (lambda data: b"just some text, not an archive", "is not an .npz archive"),
])
def test_damaged_files_are_reported(tmp_path, damage, message):
    path = written(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(CheckpointError, match=message):
        load_npz(path)


def test_a_pickle_file_is_refused(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"w": np.ones(3)}))
    with pytest.raises(CheckpointError, match="model.pkl' is a pickle, which minigrad never loads"):
        load_npz(path)


def test_an_npz_holding_pickled_objects_is_refused(tmp_path):
    path = tmp_path / "objects.npz"
    np.savez(path, w=np.ones(2), config=np.array([{"lr": 0.1}], dtype=object))  # NumPy pickles object arrays
    with pytest.raises(CheckpointError, match="'config' holds pickled Python objects, which minigrad never loads"):
        load_npz(path)


def test_a_zip_member_that_is_not_an_array_is_reported(tmp_path):
    path = tmp_path / "other.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("weights.npy", b"not the npy format")
    with pytest.raises(CheckpointError, match="'weights' is not a NumPy array; the file was written by "
                                              "another tool"):
        load_npz(path)


def test_a_broken_array_header_is_reported(tmp_path):
    path = tmp_path / "header.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("w.npy", b"\x93NUMPY\x01\x00\x10\x00{garbage header}")
    with pytest.raises(CheckpointError, match=r"'w' is corrupted \(Cannot parse header"):
        load_npz(path)


# ---- check_arrays ---------------------------------------------------------------------------------------

EXPECTED = {"w": np.zeros((2, 3), np.float32), "b": np.zeros(3, np.float32), "step": 0}


def test_check_arrays_accepts_a_match():
    check_arrays(EXPECTED, {"w": np.ones((2, 3), np.float32), "b": np.ones(3, np.float32), "step": np.array(4)})


@pytest.mark.parametrize("loaded, message", [
    ({"w": EXPECTED["w"], "step": 1}, r"checkpoint does not match: missing keys \['b'\]"),
    ({**EXPECTED, "extra": np.ones(1)}, r"unexpected keys \['extra'\]"),
    ({**EXPECTED, "w": np.zeros((3, 2), np.float32)}, r"'w' has shape \(3, 2\), expected \(2, 3\)"),
    ({**EXPECTED, "b": np.zeros(3)}, "'b' has dtype float64, expected float32"),
    ({**EXPECTED, "step": 1.5}, "'step' has dtype float64, expected int64"),
])
def test_check_arrays_names_the_problem(loaded, message):
    with pytest.raises(CheckpointError, match=message):
        check_arrays(EXPECTED, loaded)


def test_check_arrays_reports_every_problem_at_once_with_its_source():
    loaded = {"w": np.zeros(6, np.float32), "bias": np.zeros(3, np.float32), "step": 0}
    with pytest.raises(CheckpointError, match=r"^model.npz does not match: missing keys \['b'\]; unexpected keys "
                                              r"\['bias'\]; 'w' has shape \(6,\), expected \(2, 3\)\. Load it into"):
        check_arrays(EXPECTED, loaded, "model.npz")


def test_checkpoint_error_is_a_value_error():
    assert issubclass(CheckpointError, ValueError)


# ---- the file itself: modes, protection, odd names, leftovers -------------------------------------------

@pytest.fixture
def umask():
    """Set the process umask for one test, and restore it after."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002], ids=oct)
def test_a_new_file_gets_the_mode_open_would_give_it(tmp_path, umask, mask):
    umask(mask)
    save_npz(tmp_path / "model.npz", {"w": np.ones(2)})
    (tmp_path / "by_open.txt").write_text("x")
    assert mode(tmp_path / "model.npz") == 0o666 & ~mask == mode(tmp_path / "by_open.txt")


@pytest.mark.parametrize("old_mode", [0o644, 0o640, 0o666], ids=oct)
def test_replacing_a_file_keeps_its_mode(tmp_path, umask, old_mode):
    path = written(tmp_path)
    path.chmod(old_mode)
    umask(0o077)
    save_npz(path, {"w": np.ones(2)})
    assert mode(path) == old_mode
    np.testing.assert_array_equal(load_npz(path)["w"], [1.0, 1.0])


def test_a_write_protected_file_is_refused_and_kept(tmp_path):
    path = written(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(PermissionError, match=rf"save_npz: {re.escape(repr(str(path)))} is write-protected "
                                              r"\(mode 0o444\); make it writable \(chmod u\+w\)"):
        save_npz(path, {"w": np.ones(2)})
    assert path.read_bytes() == before and mode(path) == 0o444
    assert os.listdir(tmp_path) == ["model.npz"]


def test_saving_into_a_read_only_folder_names_the_target(read_only_folder):
    target = read_only_folder / "model.npz"
    with pytest.raises(PermissionError) as info:
        save_npz(target, {"w": np.ones(2)})
    message = str(info.value)
    assert f"save_npz: cannot write {str(target)!r}: no file can be created in {str(read_only_folder)!r}" in message
    assert ".tmp" not in message
    assert os.listdir(read_only_folder) == []


def test_no_arrays_at_all_round_trip(tmp_path):
    path = tmp_path / "nothing.npz"
    save_npz(path, {})
    assert load_npz(path) == {}


def test_a_model_without_parameters_loads_its_own_file(tmp_path):
    from minigrad import nn
    model = nn.Sequential(nn.ReLU(), nn.Flatten())
    model.save(tmp_path / "relu.npz")
    assert model.load(tmp_path / "relu.npz") is model


def test_any_name_survives_even_those_of_np_savez_arguments(tmp_path):
    names = ["file", "allow_pickle", "args", "kwds", "", "a/b", "x.npy", "ünï cødé", "fix_imports"]
    arrays = {name: np.full(i + 1, i, dtype=np.int16) for i, name in enumerate(names)}
    path = tmp_path / "names.npz"
    save_npz(path, arrays)
    loaded = load_npz(path)
    assert list(loaded) == names
    for name in names:
        assert loaded[name].dtype == np.int16
        np.testing.assert_array_equal(loaded[name], arrays[name])


KILLED_SAVE = """
import os, signal, sys, time
import numpy as np
from minigrad import checkpoint
def fsync(fd):  # the save stops between writing its temporary file and renaming it
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    print("saving", flush=True)
    time.sleep(120)
os.fsync = fsync
checkpoint.save_npz(sys.argv[1], {"w": np.zeros(1000)})
"""


def leftovers(folder):
    return sorted(name for name in os.listdir(folder) if name != "model.npz")


def test_the_next_save_removes_what_a_killed_save_left(tmp_path):
    path = written(tmp_path)
    killed = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path), "kill"], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert len(leftovers(tmp_path)) == 1  # the killed process could not clean up after itself
    save_npz(path, {"w": np.ones(2)})
    assert leftovers(tmp_path) == []
    np.testing.assert_array_equal(load_npz(path)["w"], [1.0, 1.0])


def test_a_save_in_progress_elsewhere_is_left_alone(tmp_path):
    path = written(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(path), "wait"], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline() == "saving\n"
        in_progress = leftovers(tmp_path)
        assert len(in_progress) == 1
        save_npz(path, {"w": np.ones(2)})
        assert leftovers(tmp_path) == in_progress  # its process is alive: the file may still be renamed
    finally:
        other.kill()
        other.wait()
    save_npz(path, {"w": np.ones(2)})
    assert leftovers(tmp_path) == []
