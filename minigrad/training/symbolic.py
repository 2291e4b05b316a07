"""SymbolicTensor: what Keras' ``Input(shape=...)`` returns, for the functional API.

It holds no numbers. It has a shape, ``(None, *sample shape)`` as in Keras, a dtype, and it remembers the
layer call that made it, so that a model can be a graph of layers, with several inputs and outputs:

    image = keras.Input(shape=(28, 28, 1), name="image")
    label = keras.Input(shape=(1,), dtype="int32", name="label")
    features = layers.Concatenate()([layers.Flatten()(image), layers.Flatten()(layers.Embedding(10, 8)(label))])
    out = layers.Dense(1, activation="sigmoid")(features)   # each call records (layer, its inputs)
    model = keras.Model([image, label], out)                # runs the recorded calls in order

Each call works out the output shape at once, by running the layer on a batch of one zero sample without
recording a graph, so a layer that does not fit fails where it is written, and lazily sized layers
(``Dense(128)``) are built then.
"""
import numpy as np

from ..engine import no_grad


class SymbolicTensor:
    """A placeholder for a batch: ``shape`` is ``(None, *sample_shape)``; ``layer`` and ``args`` are the call
    that made it (None for an input), ``index`` which of the layer's outputs it is."""

    def __init__(self, sample_shape, dtype="float32", name=None, layer=None, args=None, kwargs=None, index=None):
        self.sample_shape = tuple(sample_shape)
        self.shape = (None, *self.sample_shape)
        self.dtype, self.name = str(np.dtype(dtype)), name
        self.layer, self.args, self.kwargs, self.index = layer, args, kwargs or {}, index

    @property
    def is_input(self):
        return self.layer is None

    def parents(self):
        """The SymbolicTensors this one was computed from."""
        return [] if self.is_input else [leaf for leaf in _flatten(self.args) if isinstance(leaf, SymbolicTensor)]

    def sources(self):
        """The input placeholders this tensor depends on, each once, in the order they are first reached."""
        seen, found, stack = set(), [], [self]
        while stack:
            tensor = stack.pop()
            if id(tensor) in seen:
                continue
            seen.add(id(tensor))
            if tensor.is_input:
                found.append(tensor)
            stack.extend(reversed(tensor.parents()))
        return found

    def zeros(self):
        """A batch of one zero sample of this shape and dtype (to run a layer and see what comes out)."""
        return np.zeros((1, *self.sample_shape), dtype=self.dtype)

    @staticmethod
    def record(layer, args, kwargs=None):
        """The SymbolicTensor(s) for ``layer(args)``: one per output of the layer, with its shape."""
        kwargs = dict(kwargs or {})
        if isinstance(args, SymbolicTensor) and not kwargs and not args.dtype.startswith("int"):
            # one input: the layer's shape formula (a layer that does not fit fails here, naming the shapes)
            result = SymbolicTensor(layer.compute_output_shape(args.sample_shape), layer=layer, args=args)
            layer.__dict__.setdefault("symbolic_calls", []).append((args, result))
            return result
        modes = [(module, module.training) for module in layer.modules()]
        layer.eval()
        try:
            with no_grad():
                out = layer.forward(_map(lambda t: t.zeros(), args), **kwargs)
        finally:
            for module, mode in modes:
                module.training = mode
        call = {"layer": layer, "args": args, "kwargs": kwargs}
        if isinstance(out, (tuple, list)):
            result = type(out)(SymbolicTensor(np.shape(o.data)[1:], _dtype(o), index=i, **call)
                               for i, o in enumerate(out))
        else:
            result = SymbolicTensor(np.shape(out.data)[1:], _dtype(out), **call)
        layer.__dict__.setdefault("symbolic_calls", []).append((args, result))  # Keras' layer.input/.output
        return result

    def __repr__(self):
        made = "Input" if self.is_input else type(self.layer).__name__
        name = f", name={self.name!r}" if self.name else ""
        return f"<SymbolicTensor shape={self.shape}, dtype={self.dtype}{name}, from {made}>"


def symbolic_inputs(args):
    """Whether ``args`` (a tensor, or a list/tuple/dict of them) holds SymbolicTensors."""
    if not isinstance(args, (dict, list, tuple)):  # one tensor: every layer call asks this
        return isinstance(args, SymbolicTensor)
    return any(isinstance(leaf, SymbolicTensor) for leaf in _flatten(args))


def run_graph(inputs, outputs, values):
    """Compute ``outputs`` (a SymbolicTensor or a list of them) from ``values``, a dict {id(input tensor):
    array or Value}: each recorded layer call runs once, in the order the outputs need them."""
    computed, calls = dict(values), {}

    def value_of(tensor):
        stack = [tensor]
        while stack:
            top = stack[-1]
            if id(top) in computed:
                stack.pop()
                continue
            missing = [p for p in top.parents() if id(p) not in computed]
            if missing:
                stack.extend(missing)
                continue
            key = (id(top.layer), id(top.args))
            if key not in calls:
                calls[key] = top.layer(_map(lambda t: computed[id(t)], top.args), **top.kwargs)
            result = calls[key]
            computed[id(top)] = result[top.index] if top.index is not None else result
            stack.pop()
        return computed[id(tensor)]

    return _map(value_of, outputs)


def _dtype(value):
    return np.asarray(value.data).dtype


def _flatten(structure):
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in _flatten(value)]
    if isinstance(structure, (list, tuple)):
        return [leaf for value in structure for leaf in _flatten(value)]
    return [structure]


def _map(fn, structure):
    if isinstance(structure, dict):
        return {key: _map(fn, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(fn, value) for value in structure)
    return fn(structure) if isinstance(structure, SymbolicTensor) else structure
