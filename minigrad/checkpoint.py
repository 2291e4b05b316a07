"""Checkpoints: named arrays in an ``.npz`` file, written atomically and read back without pickle.

The whole API:

    save_npz(path, arrays)          write {name: array or number} to ``path`` (the name is used as given)
    load_npz(path) -> dict          read it back: {name: ndarray}, numbers as 0-d arrays
    check_arrays(expected, loaded)  compare names, shapes and dtypes against {name: array}; raise on mismatch

Every problem raises ``CheckpointError`` (a ValueError) whose message names the file or the key: a missing
file, a truncated or corrupted file, a file that holds pickled Python objects, and for ``check_arrays``
missing keys, unexpected keys, and shape or dtype mismatches. A file that cannot be written raises the
OSError that ``open`` would (PermissionError, IsADirectoryError, ...), with a message that names ``path``.

Writing is atomic: the arrays go to a temporary file in the same folder, which is flushed, synced to disk and
then renamed over ``path``. A crash or an error part way leaves the old file (or no file), never half of one.
Otherwise the file behaves as if ``open(path, "w")`` had written it: a new file gets mode ``0o666`` less the
umask, a replaced file keeps its mode, and a write-protected file is refused. The temporary file is named
``.<name>.saving-<pid>-<random>.tmp``; one left behind by a killed process (its pid is gone) is removed by the
next save of the same name.
"""
import errno
import os
import re
import secrets
import stat
import zipfile

import numpy as np


class CheckpointError(ValueError):
    """A checkpoint file cannot be read, or its arrays do not match what the model or optimizer expects."""


# A zip archive starts with a file header, or, when it holds no file at all, with its end-of-archive record.
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def save_npz(path, arrays):
    """Write ``arrays`` ({name: ndarray or number}) to ``path`` as an uncompressed ``.npz``, atomically.

    Any string is a valid name: each array is the member ``<name>.npy`` of the zip archive, as ``np.savez``
    writes it, so ``np.load`` and ``load_npz`` read the file back."""
    arrays = {name: _numeric(name, value) for name, value in arrays.items()}
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"save_npz: folder {folder!r} does not exist; create it first "
                                "(os.makedirs(folder, exist_ok=True))")
    old_mode = _replaceable_mode(path)
    _remove_leftovers(folder, os.path.basename(path))
    tmp = os.path.join(folder, f".{os.path.basename(path)}.saving-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise type(exc)(exc.errno, f"save_npz: cannot write {path!r}: no file can be created in {folder!r} "
                                   f"({exc.strerror}); save to a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as f:
            if old_mode is not None:
                os.chmod(tmp, old_mode)
            _write_zip(f, arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # on POSIX, also sync the folder so that the rename itself is on disk
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_zip(f, arrays):
    """The ``.npz`` layout: one stored (uncompressed) member ``<name>.npy`` per array, in NumPy's .npy format."""
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def _replaceable_mode(path):
    """The mode of the file at ``path`` that the new one keeps (None when there is none yet), after checking
    that ``open(path, "w")`` would be allowed to replace it. A file without its owner's write bit is refused
    even for root, whom the system lets write anything."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, f"save_npz: {path!r} is a folder; give a file name inside it "
                                              f"(e.g. {os.path.join(path, 'model.npz')!r})")
    mode = stat.S_IMODE(st.st_mode)
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, f"save_npz: {path!r} is write-protected (mode {mode:#o}); make it "
                                            "writable (chmod u+w) or save to another path")
    return mode


def _remove_leftovers(folder, name):
    """Delete the temporary files that earlier saves of ``name`` left behind when their process was killed."""
    if os.name != "posix":  # finding out whether a pid is alive with os.kill is safe on POSIX only
        return
    pattern = re.compile(re.escape(f".{name}.saving-") + r"(\d+)-[0-9a-f]+\.tmp")
    for entry in os.listdir(folder):
        match = pattern.fullmatch(entry)
        if match and not _alive(int(match.group(1))):
            try:
                os.unlink(os.path.join(folder, entry))
            except FileNotFoundError:  # another save removed it first
                pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    return True


def _numeric(name, value):
    if not isinstance(name, str):
        raise CheckpointError(f"save_npz: array names must be strings, got {name!r}")
    array = np.asarray(value)
    if array.dtype.hasobject:
        raise CheckpointError(f"save_npz: {name!r} holds Python objects ({type(value).__name__}); checkpoints "
                              "store numeric arrays only, never pickles")
    return array


def load_npz(path):
    """Read an ``.npz`` written by ``save_npz`` (with ``allow_pickle=False``) into {name: ndarray}."""
    path = os.fspath(path)
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise CheckpointError(f"checkpoint {path!r} does not exist; check the path, or save one first") from None
    with f:
        magic = f.read(4)
        if magic[:1] == b"\x80":
            raise CheckpointError(f"checkpoint {path!r} is a pickle, which minigrad never loads (it can run "
                                  "arbitrary code); save the weights with save_npz")
        if magic not in ZIP_MAGIC:
            problem = "is empty" if not magic else "is not an .npz archive"
            raise CheckpointError(f"checkpoint {path!r} {problem}: it is truncated, corrupted or of another format")
        f.seek(0)
        try:
            archive = np.load(f, allow_pickle=False)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise CheckpointError(f"checkpoint {path!r} is truncated or corrupted ({exc})") from None
        with archive:
            return {name: _read(path, archive, name) for name in archive.files}


def _read(path, archive, name):
    try:
        array = archive[name]
    except ValueError as exc:
        if "allow_pickle" in str(exc):
            raise CheckpointError(f"checkpoint {path!r}: {name!r} holds pickled Python objects, which minigrad "
                                  "never loads; save numeric arrays only") from None
        raise CheckpointError(f"checkpoint {path!r}: {name!r} is corrupted ({exc})") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CheckpointError(f"checkpoint {path!r}: {name!r} is truncated or corrupted ({exc})") from None
    if not isinstance(array, np.ndarray):  # NumPy hands back the raw bytes of a member that is no .npy
        raise CheckpointError(f"checkpoint {path!r}: {name!r} is not a NumPy array; the file was written by "
                              "another tool (a torch.save file, say). Save the weights with save_npz")
    return array


def check_arrays(expected, loaded, what="checkpoint"):
    """Check that ``loaded`` has exactly the names of ``expected``, each with the same shape and dtype.

    Values may be ndarrays or numbers (compared as ``np.asarray``). All problems are reported together in
    one CheckpointError, whose message starts with ``what`` (e.g. the file name or "Linear state dict").
    """
    problems = []
    missing = [name for name in expected if name not in loaded]
    unexpected = [name for name in loaded if name not in expected]
    if missing:
        problems.append(f"missing keys {missing}")
    if unexpected:
        problems.append(f"unexpected keys {unexpected}")
    for name in expected:
        if name in loaded:
            want, got = np.asarray(expected[name]), np.asarray(loaded[name])
            if got.shape != want.shape:
                problems.append(f"{name!r} has shape {got.shape}, expected {want.shape}")
            elif got.dtype != want.dtype:
                problems.append(f"{name!r} has dtype {got.dtype}, expected {want.dtype}")
    if problems:
        raise CheckpointError(f"{what} does not match: " + "; ".join(problems)
                              + ". Load it into the same model (layers, sizes, dtypes) that saved it.")
