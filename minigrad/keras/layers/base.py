"""What every Keras layer has on top of its minigrad.nn twin: a ``name``, Keras' common arguments, its
constructor arguments (``get_config``, for ``model.save``), and a clear error for an argument it does not take.

    layers.Dense(64, activation="relu", name="hidden", input_shape=(784,))
    layers.Dense(64, activaton="relu")   ->  TypeError: Dense got an unexpected argument 'activaton'
                                              (did you mean 'activation'?). It takes: units, activation, ...

Names are made as Keras makes them: the class name in snake_case, then ``_1``, ``_2``, ... for later layers of
the same kind (``dense``, ``dense_1``, ...).
"""
import difflib
import inspect
import re

import numpy as np

from ...nn import init

COMMON = ("name", "input_shape", "input_dim", "batch_input_shape", "batch_size", "dtype", "trainable", "rng")
_COUNTS = {}


def snake_case(name):
    """``Conv2DTranspose`` -> ``conv2d_transpose``, ``Dense`` -> ``dense``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(base):
    """``base``, then ``base_1``, ``base_2``, ... on later calls (Keras' automatic layer names)."""
    count = _COUNTS.get(base, 0)
    _COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


class KerasLayer:
    """Mixed into every Keras layer (first among its bases). ``__new__`` keeps the constructor arguments, so
    that ``get_config()`` can give them back and ``load_model`` can make the layer again."""

    def __new__(cls, *args, **kwargs):
        parameters = [p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "kwargs", "args")]
        _check_names(cls.__name__, [key for key in kwargs if key not in parameters], parameters)
        self = super().__new__(cls)
        self.__dict__["_init_arguments"] = (args, dict(kwargs))
        return self

    def keras_options(self, kwargs):
        """Take Keras' common arguments out of ``kwargs`` (name, input_shape, input_dim, dtype, trainable);
        anything left is a mistake, reported with the closest valid name."""
        owner = type(self).__name__
        parameters = [p for p in inspect.signature(type(self).__init__).parameters
                      if p not in ("self", "kwargs", "args")]
        _check_names(owner, list(kwargs), parameters)
        self.name = kwargs.get("name") or unique_name(snake_case(owner))
        if not isinstance(self.name, str):
            raise TypeError(f"{owner}: name must be a string, got {type(self.name).__name__}")
        shape = kwargs.get("input_shape")
        if kwargs.get("batch_input_shape") is not None:
            shape = tuple(kwargs["batch_input_shape"])[1:]
        if kwargs.get("input_dim") is not None:
            shape = (int(kwargs["input_dim"]),)
        if shape is not None:
            self.input_shape = sample_shape(shape, owner)
        if kwargs.get("trainable") is False:
            self.trainable = False
        self.__dict__["init_rng"] = kwargs.get("rng")  # minigrad's extra: a np.random.Generator for the weights

    @property
    def input(self):
        """The keras.Input-made tensor(s) this layer was first called on (functional API)."""
        return self._first_call("input")

    @property
    def output(self):
        """The tensor(s) this layer's first call on keras.Input-made tensors gave (functional API)."""
        return self._first_call("output")

    def _first_call(self, which):
        calls = self.__dict__.get("symbolic_calls")
        if not calls:
            raise AttributeError(f"{self.name} ({type(self).__name__}) has not been called on a keras.Input yet, so "
                                 f"it has no {which}")
        return calls[0][0 if which == "input" else 1]

    def get_config(self):
        """The constructor arguments, by name (what ``load_model`` passes to the class to make it again)."""
        args, kwargs = self._init_arguments
        parameters = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        config = dict(zip(parameters, args))
        config.update(kwargs)
        config.pop("rng", None)  # it made the first weights; the saved weights replace them
        config["name"] = self.name
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_names(owner, names, parameters):
    """A name that is neither the layer's own argument nor a common one is a typo: name the closest."""
    unknown = [name for name in names if name not in COMMON]
    if unknown:
        valid = list(parameters) + [name for name in COMMON if name not in parameters]
        close = difflib.get_close_matches(unknown[0], valid, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise TypeError(f"{owner} got an unexpected argument {unknown[0]!r}{hint}. It takes: {', '.join(valid)}.")


def sample_shape(shape, owner):
    """Keras' ``input_shape``: the shape of one sample as a tuple of positive ints (None is not allowed)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        raise TypeError(f"{owner}: input_shape must be a tuple, the shape of one sample without the batch axis: "
                        f"write input_shape=({shape},), not input_shape={shape}")
    if not isinstance(shape, (tuple, list)) or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                                                       and n > 0 for n in shape):
        raise TypeError(f"{owner}: input_shape must be a tuple of positive ints such as (28, 28, 1), got {shape!r}")
    return tuple(int(n) for n in shape)


def pair(value, name, owner):
    """An int or a pair of ints as a pair: Keras' kernel_size=3 means (3, 3)."""
    values = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(values) != 2 or not all(isinstance(v, (int, np.integer)) and v > 0 for v in values):
        raise TypeError(f"{owner}: {name} must be a positive int or a pair of them, got {value!r}")
    return tuple(int(v) for v in values)


def initialize(param, how, fan_in, fan_out, owner, rng=None):
    """Fill ``param`` with Keras' initializer ``how``: glorot_uniform (limit sqrt(6 / (fan_in + fan_out))),
    glorot_normal, he_uniform, he_normal, uniform (+-0.05), random_normal (std 0.05), zeros, ones. The numbers
    come from ``rng`` or minigrad's shared generator (nn.init.seed)."""
    rng = init.default_rng(rng)
    shape = param.data.shape
    if how == "glorot_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        values = rng.uniform(-limit, limit, shape)
    elif how == "glorot_normal":
        values = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), shape)
    elif how == "he_uniform":
        limit = np.sqrt(6.0 / fan_in)
        values = rng.uniform(-limit, limit, shape)
    elif how == "he_normal":
        values = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)
    elif how in ("uniform", "random_uniform"):
        values = rng.uniform(-0.05, 0.05, shape)
    elif how in ("normal", "random_normal"):
        values = rng.normal(0.0, 0.05, shape)
    elif how == "zeros":
        values = np.zeros(shape)
    elif how == "ones":
        values = np.ones(shape)
    else:
        raise ValueError(f"{owner}: unknown initializer {how!r}; use glorot_uniform, glorot_normal, he_uniform, "
                         "he_normal, uniform, random_normal, zeros or ones")
    param.data[...] = values
    return param


def reset_names():
    """Forget the names given so far (``keras.backend.clear_session``)."""
    _COUNTS.clear()
