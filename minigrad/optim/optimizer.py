"""The Optimizer: what every gradient-descent method shares.

Training repeats four lines: ``optimizer.zero_grad()``, ``loss = ...``, ``loss.backward()``,
``optimizer.step()``. ``step()`` moves each parameter against its gradient,

    p <- p - lr * direction(grad, state)

and the subclasses differ only in ``direction``: plain gradient descent, momentum, or a per-entry adaptive
scale (Adagrad, Adadelta, RMSprop, Adam). Parameters are minigrad Values holding an ndarray, updated in place,
or a Python float (the lecture's scalar neurons), replaced by the updated float.
"""
import math
import numbers
import re

import numpy as np

from .. import checkpoint
from ..engine import Value


class Optimizer:
    """Base class. Subclasses list their constructor arguments in ``hyperparameters`` (saved in the state
    dict) and define ``_new_state(param)`` (the buffers of one parameter) and ``_update(param, grad, state)``."""

    hyperparameters = ("lr",)

    def __init__(self, params):
        self.params = _parameter_list(params, type(self).__name__)
        self.state = [{} for _ in self.params]  # per parameter: "step" and the buffers, made on its first update

    # -- training: step and zero_grad --
    def step(self):
        """Update every parameter that has a gradient; one never reached by backward (grad None) is skipped."""
        for i, p in enumerate(self.params):
            if not p.has_grad:
                continue
            param, grad = self._arrays(i, p)
            state = self.state[i]
            if not state:
                state.update(self._initial_state(param))
            state["step"] += 1
            self._update(param, grad, state)
            if type(p.data) is float:
                p.data = float(param)
            else:
                p.bump_version()  # updated in place: a graph recorded before this step is now stale

    def zero_grad(self):
        """Forget the gradients (``_grad = None``), so the next backward starts from zero instead of adding up."""
        for p in self.params:
            p.zero_grad()

    def _initial_state(self, param):
        """The state of ``param`` before its first update: a step count of 0 and the subclass's buffers."""
        return {"step": 0, **self._new_state(param)}

    def _arrays(self, i, p):
        """The parameter as an array the update may overwrite, and its gradient as an array of the same dtype."""
        param = _param_array(p)
        grad = np.asarray(p.grad, dtype=param.dtype)
        if grad.shape != param.shape:
            raise ValueError(f"{type(self).__name__}.step: parameter {i} {_name(p)}has shape {param.shape} but "
                             f"its grad has shape {grad.shape}. Assign p.grad an array of the parameter's shape.")
        return param, grad

    # -- checkpoints: state_dict, load_state_dict, save, load --
    def state_dict(self):
        """A flat dict of numbers and ndarrays: the hyperparameters, ``param_count``, and one
        ``state.<parameter index>.<buffer>`` entry per buffer (copies, so later steps do not change it)."""
        out = {name: _plain_out(getattr(self, name)) for name in self.hyperparameters}
        out["param_count"] = len(self.params)
        for i, state in enumerate(self.state):
            for key, value in state.items():
                out[f"state.{i}.{key}"] = value.copy() if isinstance(value, np.ndarray) else value
        return out

    def load_state_dict(self, state_dict):
        """Restore hyperparameters and buffers from ``state_dict``. Everything is checked first (names, shapes,
        dtypes, values): on any error a ``CheckpointError`` or ``ValueError`` is raised and nothing changes."""
        name = f"{type(self).__name__} state dict"
        hyper = {key: value for key, value in state_dict.items() if not key.startswith("state.")}
        expected = {key: getattr(self, key) for key in self.hyperparameters}
        checkpoint.check_arrays({**expected, "param_count": len(self.params)}, hyper, name)
        if int(hyper["param_count"]) != len(self.params):
            raise checkpoint.CheckpointError(f"{name}: it holds state for {int(hyper['param_count'])} parameters, "
                                             f"but this optimizer has {len(self.params)}. Load it into an "
                                             "optimizer built over the same model.")
        fresh = type(self)(self.params, **{key: _plain_in(hyper[key]) for key in self.hyperparameters})
        indices = {int(m.group(1)) for m in map(_STATE_KEY.match, state_dict) if m}
        states = {i: fresh._initial_state(_param_array(self.params[i])) for i in indices if i < len(self.params)}
        expected = {f"state.{i}.{key}": value for i, state in states.items() for key, value in state.items()}
        checkpoint.check_arrays(expected, {k: v for k, v in state_dict.items() if k.startswith("state.")}, name)
        for i, state in states.items():
            for key, value in state.items():
                loaded = state_dict[f"state.{i}.{key}"]
                if isinstance(value, np.ndarray):
                    value[...] = loaded
                else:
                    state[key] = int(loaded)
        for key in self.hyperparameters:
            setattr(self, key, getattr(fresh, key))
        self.state = [states.get(i, {}) for i in range(len(self.params))]

    def save(self, path):
        """Write ``state_dict()`` to an ``.npz`` file, atomically (see minigrad.checkpoint)."""
        checkpoint.save_npz(path, self.state_dict())

    def load(self, path):
        """Read a file written by ``save`` and restore it with ``load_state_dict`` (checked before any change)."""
        self.load_state_dict(checkpoint.load_npz(path))

    # -- checking constructor arguments --
    def _real(self, name, value, low=0.0, high=math.inf, high_included=True):
        """``value`` as a float, after checking that it is a real number in [low, high] (or [low, high))."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{type(self).__name__}: {name} must be a real number, got {value!r}")
        value = float(value)
        if not (low <= value <= high if high_included else low <= value < high):
            raise ValueError(f"{type(self).__name__}: {name}={value} is out of range; use a value in "
                             f"[{low}, {high}{']' if high_included else ')'}")
        return value

    def __repr__(self):
        options = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.hyperparameters)
        return f"{type(self).__name__}({len(self.params)} parameters, {options})"


_STATE_KEY = re.compile(r"state\.(\d+)\.")


def _parameter_list(params, owner):
    """The parameters as a list of distinct float Values, with a clear error for anything else."""
    if isinstance(params, (Value, np.ndarray)) or not hasattr(params, "__iter__"):
        raise TypeError(f"{owner}: params must be an iterable of Values, such as model.parameters() or a list, "
                        f"got {type(params).__name__}")
    params = list(params)
    if not params:
        raise ValueError(f"{owner}: got an empty parameter list; pass model.parameters() of a model with weights")
    seen = set()
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"{owner}: parameter {i} is a {type(p).__name__}, not a Value; wrap arrays as "
                            "Value(array) or nn.Parameter(array)")
        if type(p.data) is not float and p.data.dtype not in (np.float32, np.float64):
            raise TypeError(f"{owner}: parameter {i} {_name(p)}has dtype {p.data.dtype}; optimizers update "
                            "float32 or float64 parameters")
        if id(p) in seen:
            raise ValueError(f"{owner}: parameter {i} {_name(p)}appears twice in params; "
                             "pass each parameter once")
        seen.add(id(p))
    return params


def _param_array(p):
    """The data of ``p`` as an array that an in-place update may overwrite: a 0-d copy of a scalar Value's
    float (written back by ``step``), or the tensor itself, made C-contiguous if it is not."""
    data = p.data
    if type(data) is float:
        return np.array(data)
    if not data.flags.c_contiguous:
        p.data = data = np.ascontiguousarray(data)
    return data


def _name(p):
    return f"{p.label!r} " if p.label else ""


def _plain_out(value):
    """A hyperparameter as it goes into a state dict: a tuple (Adam's betas) becomes an array."""
    return np.array(value) if isinstance(value, tuple) else value


def _plain_in(value):
    """A hyperparameter as read back (possibly from .npz, where numbers are 0-d arrays): a number or a tuple."""
    value = np.asarray(value)
    return value.item() if value.ndim == 0 else tuple(value.tolist())
