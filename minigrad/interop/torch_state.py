"""PyTorch state dicts: a model's weights under the names and in the layouts ``torch.nn`` uses, both ways.

minigrad's layers keep their weights as PyTorch's do, so every array crosses unchanged:

    Linear / Dense     weight (out, in), bias (out,)                    y = x W^T + b
    Conv2d             weight (out, in, kh, kw), bias (out,)
    ConvTranspose2d    weight (in, out, kh, kw), bias (out,)
    BatchNorm1d/2d     weight = gamma (C,), bias = beta (C,), running_mean (C,), running_var (C,),
                       num_batches_tracked ()
    Embedding          weight (num_embeddings, embedding_dim)
    LayerNorm          weight, bias (normalized_shape)

A name is the path of attributes down to the array, as in PyTorch: "0.weight" is the weight of a Sequential's
first layer, "encoder.fc.bias" the bias of ``model.encoder.fc``. So the PyTorch twin must have the same modules
in the same places. Where minigrad puts two things in one module, write them as two layers for a twin whose
names match: ``Linear(4, 8, activation="relu")`` is PyTorch's ``Linear(4, 8)`` then ``ReLU()``, and a Keras-style
``Input`` layer takes an index that PyTorch fills with ``nn.Identity()``.

PyTorch counts the training batches each BatchNorm has seen (``num_batches_tracked``) and uses the count only
when ``momentum=None``. minigrad does not count: it writes 0 and ignores the count it reads.
"""
import os
from collections.abc import Mapping

import numpy as np

from .. import nn
from ..checkpoint import CheckpointError

BATCH_COUNT = "num_batches_tracked"
BATCH_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d)


def to_torch_state_dict(model):
    """{name: ndarray} of every weight and buffer of ``model``, named and shaped as in PyTorch's ``state_dict()``.

    In PyTorch: ``twin.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})``."""
    _check_built(model, "to_torch_state_dict")
    flat, state = model.state_dict(), {}
    for prefix, module in model.named_modules():  # PyTorch's order: module by module, weights then buffers
        path = f"{prefix}." if prefix else ""
        for name, _ in [*module.named_parameters(), *module.named_buffers()]:
            if "." not in name and path + name in flat:
                state[path + name] = flat[path + name]
        if isinstance(module, BATCH_NORMS):
            state[path + BATCH_COUNT] = np.array(0, dtype=np.int64)
    return state


def from_torch_state_dict(model, state_dict):
    """Copy PyTorch weights into ``model`` (the same architecture) and return it.

    ``state_dict`` is a mapping {name: array} (NumPy arrays, or torch tensors: ``twin.state_dict()`` works as it
    is), or the path of a ``.safetensors`` file (needs the ``safetensors`` package). Floating-point arrays are
    cast to the dtype of the weight they fill. Every name and shape is checked first: a missing, unexpected or
    mis-shaped key raises one CheckpointError that names each of them, and the model is left unchanged."""
    _check_built(model, "from_torch_state_dict")
    where = f"from_torch_state_dict({type(model).__name__})"
    arrays = _read_safetensors(state_dict, where) if isinstance(state_dict, (str, os.PathLike)) \
        else _as_arrays(state_dict, where)
    expected, counters = model.state_dict(), set(_batch_counters(model))
    problems = []
    missing = [name for name in expected if name not in arrays]
    unexpected = [name for name in arrays if name not in expected and name not in counters]
    if missing:
        problems.append(f"missing keys {missing}")
    if unexpected:
        problems.append(f"unexpected keys {unexpected}")
    shapes = {name: array.shape for name, array in expected.items()}
    shapes.update((name, ()) for name in counters)
    for name, array in arrays.items():
        if name in shapes and array.shape != shapes[name]:
            problems.append(f"{name!r} has shape {array.shape}, expected {shapes[name]}")
        elif name in expected and array.dtype.kind != "f":
            problems.append(f"{name!r} has dtype {array.dtype}, expected a floating-point array")
    if problems:
        raise CheckpointError(f"{where}: the state dict does not match the model: " + "; ".join(problems)
                              + ". Nothing was loaded. Build the twin with the same layers in the same places "
                              "(compare list(model.state_dict()) with PyTorch's list(twin.state_dict())).")
    model.load_state_dict({name: arrays[name].astype(want.dtype, copy=False) for name, want in expected.items()})
    return model


def save_safetensors(model, path):
    """Write ``to_torch_state_dict(model)`` to a ``.safetensors`` file, which PyTorch reads without pickle:
    ``twin.load_state_dict(safetensors.torch.load_file(path))``."""
    numpy_format = _safetensors("save_safetensors")
    numpy_format.save_file(to_torch_state_dict(model), os.fspath(path))  # fresh C-ordered copies


def _batch_counters(model):
    """The num_batches_tracked names PyTorch gives the BatchNorm layers of ``model``."""
    for name, module in model.named_modules():
        if isinstance(module, BATCH_NORMS):
            yield f"{name}.{BATCH_COUNT}" if name else BATCH_COUNT


def _check_built(model, where):
    if not isinstance(model, nn.Module):
        raise TypeError(f"{where}: expected a minigrad nn.Module (a layer or a model), got {type(model).__name__}.")
    if not model.built:
        raise ValueError(f"{where}: {type(model).__name__} has layers that do not know their input size yet, so "
                         "they have no weights. Call the model on one batch first, or give the first layer "
                         "input_shape=... .")


def _as_arrays(state_dict, where):
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"{where}: expected a mapping name -> array (PyTorch's twin.state_dict()) or the path of a "
                        f".safetensors file, got {type(state_dict).__name__}.")
    arrays = {}
    for name, value in state_dict.items():
        if hasattr(value, "detach"):  # a torch tensor that requires grad refuses np.asarray until detached
            value = value.detach()
        arrays[str(name)] = np.asarray(value)
    return arrays


def _read_safetensors(path, where):
    path = os.fspath(path)
    if not path.endswith(".safetensors"):
        raise ValueError(f"{where}: {path!r} is not a .safetensors file. minigrad never unpickles weights "
                         "(torch.save's .pt/.pth files can run code when loaded); in PyTorch write "
                         "safetensors.torch.save_file(twin.state_dict(), 'model.safetensors').")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{where}: {path!r} does not exist; check the path.")
    return _safetensors(where).load_file(path)


def _safetensors(where):
    try:
        import safetensors.numpy
    except ImportError:
        raise ImportError(f"{where}: reading and writing .safetensors files needs the safetensors package: "
                          "pip install safetensors (or pip install minigrad-edu[interop]).") from None
    return safetensors.numpy
