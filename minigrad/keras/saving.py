"""``model.save(path)`` and ``keras.models.load_model(path)``: the architecture and the weights in one file,
without pickle.

The file is an .npz archive (whatever its extension, ``.keras`` included) written by minigrad.checkpoint: one
array per weight and buffer, named as in ``state_dict()``, plus ``__keras_model__``, the architecture as a
JSON string:

    {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"shape": [784]}},
        {"class_name": "Dense", "config": {"units": 64, "activation": "relu", "name": "dense"}}, ...]}}

A functional model lists its layers and, for each recorded call, which layer ran on which tensors:
``{"tensor": 3, "layer": "dense_1", "args": {"tensor": 2}}``. ``load_model`` makes each layer again from its
constructor arguments (``get_config``), replays the calls, then loads the weights, checking names, shapes and
dtypes with the checkpoint module's errors. A subclassed model's ``call`` is Python code, which a file does not
hold: save its weights (``save_weights``) and make the model in code.
"""
import json

import numpy as np

from .. import checkpoint, nn
from ..training import SymbolicTensor
from . import layers as layers_module

KEY = "__keras_model__"


def save_model(model, path):
    arrays = dict(model.state_dict())
    arrays[KEY] = np.array(to_json(model))
    checkpoint.save_npz(path, arrays)


def save_weights(model, path):
    checkpoint.save_npz(path, model.state_dict())


def load_weights(model, path):
    arrays = checkpoint.load_npz(path)
    arrays.pop(KEY, None)
    model.load_state_dict(arrays)


def to_json(model):
    return json.dumps(layer_spec(model))


def load_model(path, custom_objects=None):
    arrays = checkpoint.load_npz(path)
    if KEY not in arrays:
        raise checkpoint.CheckpointError(f"load_model: {str(path)!r} holds weights only (no architecture); make the "
                                         "model in code and call model.load_weights(path)")
    spec = json.loads(str(arrays.pop(KEY)))
    model = from_spec(spec, custom_objects or {})
    model.load_state_dict(arrays)
    return model


def model_config(model):
    return layer_spec(model)["config"]


def layer_spec(layer):
    """{"class_name", "config"} for a Keras layer or model (recursively for models)."""
    from .models import Model, Sequential
    if isinstance(layer, Sequential):
        return {"class_name": "Sequential", "config": {"name": layer.name, "layers": [layer_spec(each) for each in layer]}}
    if isinstance(layer, Model):
        return {"class_name": "Functional", "config": _graph_config(layer)}
    if type(layer) is nn.Input:
        return {"class_name": "InputLayer", "config": {"shape": list(layer.input_shape)}}
    if not hasattr(layer, "get_config"):
        raise TypeError(f"model.save: layer {type(layer).__name__} is a minigrad.nn module, not a Keras layer; "
                        "build the model from minigrad.keras.layers to save its architecture, or use save_weights")
    config = {}
    for key, value in layer.get_config().items():
        try:
            json.dumps(_plain(value))
        except TypeError:
            raise TypeError(f"model.save: layer {layer.name!r} ({type(layer).__name__}) has argument {key}={value!r}, "
                            "which cannot be written as JSON (a function or an object); pass a name such as "
                            "activation='relu', or use save_weights") from None
        config[key] = _plain(value)
    return {"class_name": type(layer).__name__, "config": config}


def _graph_config(model):
    inputs, outputs = model.__dict__.get("_graph") or (None, None)
    if inputs is None:
        raise TypeError(f"model.save: {model.name!r} is a subclassed model ({type(model).__name__}); its call() is "
                        "Python code that a file cannot hold. Use model.save_weights(path), and make the model in "
                        "code before model.load_weights(path).")
    ids, nodes = {}, []
    names = {id(layer): name for name, layer in model.named_children()}

    def number(tensor):
        if id(tensor) in ids:
            return ids[id(tensor)]
        for parent in tensor.parents():
            number(parent)
        ids[id(tensor)] = len(ids)
        if tensor.is_input:
            nodes.append({"tensor": ids[id(tensor)], "input": {"shape": list(tensor.sample_shape),
                                                               "dtype": tensor.dtype, "name": tensor.name}})
        else:
            nodes.append({"tensor": ids[id(tensor)], "layer": names[id(tensor.layer)], "index": tensor.index,
                          "args": _refer(tensor.args, ids), "kwargs": _plain(tensor.kwargs)})
        return ids[id(tensor)]

    for tensor in _leaves(outputs):
        number(tensor)
    for tensor in _leaves(inputs):
        number(tensor)
    return {"name": model.name, "layers": {name: layer_spec(layer) for name, layer in model.named_children()},
            "nodes": nodes, "inputs": _refer(inputs, ids), "outputs": _refer(outputs, ids)}


def from_spec(spec, custom_objects):
    from .models import Model, Sequential
    kind, config = spec["class_name"], dict(spec["config"])
    if kind == "Sequential":
        model = Sequential(name=config["name"])
        for each in config["layers"]:
            model.add(from_spec(each, custom_objects))
        return model
    if kind == "InputLayer":
        return nn.Input(tuple(config["shape"]))
    if kind == "Functional":
        made = {name: from_spec(each, custom_objects) for name, each in config["layers"].items()}
        tensors = {}
        for node in config["nodes"]:
            if "input" in node:
                given = node["input"]
                tensors[node["tensor"]] = layers_module.Input(shape=tuple(given["shape"]), dtype=given["dtype"],
                                                              name=given["name"])
                continue
            key = node["tensor"]
            args = _resolve(node["args"], tensors)
            out = SymbolicTensor.record(made[node["layer"]], args, node["kwargs"])
            tensors[key] = out[node["index"]] if node["index"] is not None else out
        return Model(_resolve(config["inputs"], tensors), _resolve(config["outputs"], tensors), name=config["name"])
    cls = custom_objects.get(kind) or getattr(layers_module, kind, None)
    if cls is None:
        raise checkpoint.CheckpointError(f"load_model: unknown layer class {kind!r}; pass it as "
                                         f"custom_objects={{{kind!r}: {kind}}}")
    return cls(**config)


def _plain(value):
    """JSON-ready: tuples become lists, NumPy numbers Python numbers."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(type(value).__name__)


def _refer(structure, ids):
    if isinstance(structure, dict):
        return {"dict": {k: _refer(v, ids) for k, v in structure.items()}}
    if isinstance(structure, (list, tuple)):
        return {"list": [_refer(v, ids) for v in structure]}
    if isinstance(structure, SymbolicTensor):
        return {"ref": ids[id(structure)]}
    return {"value": _plain(structure)}


def _resolve(ref, tensors):
    if "dict" in ref:
        return {k: _resolve(v, tensors) for k, v in ref["dict"].items()}
    if "list" in ref:
        return [_resolve(v, tensors) for v in ref["list"]]
    if "ref" in ref:
        return tensors[ref["ref"]]
    return ref["value"]


def _leaves(structure):
    if isinstance(structure, dict):
        return [leaf for v in structure.values() for leaf in _leaves(v)]
    if isinstance(structure, (list, tuple)):
        return [leaf for v in structure for leaf in _leaves(v)]
    return [structure]
