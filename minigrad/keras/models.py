"""Keras' models, as minigrad Modules (so compile/fit/evaluate/predict come with them):

    model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64, activation="relu"), layers.Dense(10)])

    title = keras.Input(shape=(100,), name="title")                   # the functional API: a graph of layers
    tags = keras.Input(shape=(10,), name="tags")
    features = layers.Concatenate()([title, tags])
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(4, activation="softmax", name="department")(features)
    model = keras.Model(inputs=[title, tags], outputs=[priority, department])

    class MyModel(keras.Model):                                       # subclassing: layers in __init__, call()
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(10)

        def call(self, inputs, training=False):
            return self.dense(inputs)

What makes them Keras rather than minigrad.nn: losses and metric functions are called ``(y_true, y_pred)``;
``compile`` takes Keras optimizer objects and names; ``weights``, ``get_weights``/``set_weights``,
``count_params``; ``save``/``load_model`` keep the architecture too (see saving.py).
"""
import inspect

import numpy as np

from .. import nn
from ..engine import Value
from ..training import SymbolicTensor
from ..training.symbolic import run_graph
from . import layers as layers_module
from . import losses, optimizers, saving
from .layers.base import snake_case, unique_name

COMPILE_OPTIONS_IGNORED = ("run_eagerly", "jit_compile", "steps_per_execution", "auto_scale_loss")


class KerasModel:
    """What Sequential and Model share (mixed in before nn's classes)."""

    loss_order = "true_first"

    def _resolve_loss(self, loss):
        """A Keras loss object; an nn loss module (nn.CrossEntropyLoss()) stays as it is, prediction first."""
        return loss if isinstance(loss, nn.Module) else losses.get(loss)

    def loss_order_of(self, loss_fn):
        return "pred_first" if isinstance(loss_fn, nn.Module) else "true_first"

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
                **kwargs):
        """Keras' compile: ``optimizer`` a name or a keras.optimizers object (``Adam(learning_rate=1e-3)``),
        ``loss`` a name, a keras.losses object or a function ``fn(y_true, y_pred)``, or None when your own
        train_step computes the loss; ``metrics`` names, functions or keras.metrics objects. The weights to
        train are those that are trainable now (Keras 2's rule: see the guide's Keras chapter)."""
        unknown = [key for key in kwargs if key not in COMPILE_OPTIONS_IGNORED]
        if unknown:
            raise TypeError(f"compile got an unexpected argument {unknown[0]!r}; it takes optimizer, loss, metrics, "
                            "loss_weights")
        if weighted_metrics:
            raise NotImplementedError("compile: weighted_metrics is not supported in minigrad; metrics are "
                                      "reported unweighted")
        if isinstance(loss, (list, tuple)) and self.__dict__.get("_graph") is None and not isinstance(self, Sequential):
            self.__dict__["_output_names"] = [f"output_{i + 1}" for i in range(len(loss))]
        super().compile(optimizers.get(optimizer), loss, metrics, loss_weights)

    # -- weights --
    @property
    def weights(self):
        """Every weight (nn.Parameter), trainable or not, layer by layer."""
        return self.parameters()

    @property
    def trainable_weights(self):
        """The weights of layers that are trainable now."""
        return self.trainable_parameters()

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        trainable = {id(p) for p in self.trainable_parameters()}
        return [p for p in self.parameters() if id(p) not in trainable]

    def get_weights(self):
        """Copies of the weights and buffers (BatchNormalization's moving statistics), as a list of arrays."""
        return list(self.state_dict().values())

    def set_weights(self, weights):
        """Load a list of arrays as ``get_weights`` gives it (same order, shapes and dtypes)."""
        names = list(self.state_dict())
        weights = list(weights)
        if len(weights) != len(names):
            raise ValueError(f"{self.name}.set_weights: expected {len(names)} arrays (as get_weights() returns), "
                             f"got {len(weights)}")
        self.load_state_dict({name: np.asarray(w) for name, w in zip(names, weights)})

    def count_params(self):
        """The number of weights, all entries of all parameters."""
        return int(sum(p.size for p in self.parameters()))

    # -- saving --
    def save(self, filepath, overwrite=True):
        """Write the architecture (JSON) and the weights in one .npz file (any extension, .keras too),
        without pickle; ``keras.models.load_model(filepath)`` makes the model again."""
        saving.save_model(self, filepath)

    def save_weights(self, filepath, overwrite=True):
        """Write the weights alone (an .npz file); ``load_weights`` reads them into the same architecture."""
        saving.save_weights(self, filepath)

    def load_weights(self, filepath):
        """Read weights written by ``save_weights`` or ``save`` (names, shapes and dtypes must match)."""
        saving.load_weights(self, filepath)
        return self

    load = load_weights

    def to_json(self):
        return saving.to_json(self)

    def get_config(self):
        return saving.model_config(self)

    def summary(self, line_length=None, positions=None, print_fn=print, expand_nested=False, show_trainable=False):
        """Keras' table: each layer's name and type, output shape and parameter count, and the totals."""
        from ..training.summary import summary_lines
        rows = [(layer.name if isinstance(getattr(layer, "name", None), str) else "", layer) for layer in self.layers]
        for line in summary_lines(self, self._summary_shape(), self._float_dtype(), rows=rows,
                                  shapes=self._layer_shapes()):
            print_fn(line)

    def _summary_shape(self):
        return None

    def _layer_shapes(self):
        return None


class Sequential(KerasModel, nn.Sequential):
    """Keras' ``Sequential(layers=None, name=None)``: layers applied one after another. A
    ``keras.Input(shape=...)`` first, or input_shape on the first layer, or ``build((None, ...))`` gives the
    input shape, and every layer is built at once."""

    def __init__(self, layers=None, name=None, trainable=True):
        nn.Sequential.__init__(self)
        self.name = name or unique_name("sequential")
        self.__dict__["_declared_shape"] = None
        if not trainable:
            self.trainable = False
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Append a layer (a ``keras.Input`` placeholder declares the input shape)."""
        if isinstance(layer, SymbolicTensor):
            if not layer.is_input:
                raise TypeError(f"Sequential.add: got the output of a layer ({layer}); add the layer itself, or "
                                "use keras.Model(inputs, outputs) for a graph of layers")
            layer = nn.Input(layer.sample_shape)
        super().add(layer)

    @property
    def input_shape(self):
        declared = self.__dict__.get("_declared_shape")
        first = self[0].input_shape if len(self) else None
        return first if first is not None else declared

    @input_shape.setter
    def input_shape(self, shape):
        raise AttributeError("Sequential.input_shape comes from its first layer or build((None, ...)).")

    def build(self, input_shape=None):
        """Build every layer for batches of ``input_shape`` (with the batch axis: ``(None, 3)``)."""
        if input_shape is None:
            if self.input_shape is None:
                raise ValueError(f"{self.name}.build: give the input shape, e.g. build((None, 784))")
            return
        shape = tuple(input_shape)[1:]
        self.__dict__["_declared_shape"] = shape
        for layer in self:
            shape = layer.compute_output_shape(shape)

    def _build_known_shapes(self):
        shape = self.__dict__.get("_declared_shape")
        for layer in self:
            shape = layer.input_shape if layer.input_shape is not None else shape
            if shape is not None:
                shape = layer.compute_output_shape(shape)

    @property
    def layers(self):
        """The layers in order (a keras.Input given first is not a layer, as in Keras)."""
        return [layer for layer in self if type(layer) is not nn.Input]

    @property
    def output_shape(self):
        if self.input_shape is None:
            raise AttributeError(f"{self.name}: the output shape is unknown until the input shape is (give "
                                 "keras.Input(shape=...) first, or call build((None, ...)))")
        return (None, *self.compute_output_shape(self.input_shape))

    def _summary_shape(self):
        return self.input_shape if self.input_shape is not None else self.__dict__.get("_data_shape")


class Model(KerasModel, nn.Module):
    """Keras' ``Model(inputs, outputs, name=None)`` (the functional API: the recorded graph of layers from
    ``inputs`` to ``outputs``, each a tensor, a list or a dict), or the base class of a subclassed model
    whose ``call(inputs, training=None)`` says what it computes."""

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        nn.Module.__init__(self)
        if kwargs:
            raise TypeError(f"Model got an unexpected argument {next(iter(kwargs))!r}; it takes inputs, outputs, "
                            "name, trainable")
        default = "functional" if inputs is not None else snake_case(type(self).__name__)
        self.name = name or unique_name(default)
        self.__dict__["_graph"] = None
        if not trainable:
            self.trainable = False
        if inputs is not None or outputs is not None:
            self._build_graph(inputs, outputs)

    # -- the functional graph --
    def _build_graph(self, inputs, outputs):
        for what, value in (("inputs", inputs), ("outputs", outputs)):
            leaves = _flatten(value)
            if not leaves or not all(isinstance(t, SymbolicTensor) for t in leaves):
                bad = next((t for t in leaves if not isinstance(t, SymbolicTensor)), value)
                raise TypeError(f"Model: {what} must come from keras.Input(shape=...) and the layers applied to it "
                                f"(a tensor, a list or a dict of them), got {type(bad).__name__}")
        given = _flatten(inputs)
        for tensor in given:
            if not tensor.is_input:
                raise ValueError(f"Model: inputs must be keras.Input placeholders, got {tensor}")
        for tensor in _flatten(outputs):
            stray = [t for t in tensor.sources() if all(t is not g for g in given)]
            if stray:
                raise ValueError(f"Model: outputs {tensor} were not computed from inputs {inputs}: they depend on "
                                 f"{stray[0]}, which is not among the inputs; pass every keras.Input the outputs "
                                 "start from")
        self.__dict__["_graph"] = (inputs, outputs)
        self.__dict__["_input_layers"] = [layers_module.InputLayer(input_tensor=t) for t in given]
        # registered by position, as in a Sequential: the weights of two models built by the same code get the
        # same names ("0.weight", ...), whatever names Keras' counters gave their layers
        for i, layer in enumerate(_layers_in_order(_flatten(outputs))):
            setattr(self, str(i), layer)

    @property
    def inputs(self):
        graph = self.__dict__.get("_graph")
        return None if graph is None else _flatten(graph[0])

    @property
    def outputs(self):
        graph = self.__dict__.get("_graph")
        return None if graph is None else _flatten(graph[1])

    def __getitem__(self, index):
        """``model[i]`` is ``model.layers[i]`` (minigrad's functional models were Sequentials before)."""
        return self.layers[index]

    @property
    def is_chain(self):
        """Whether this functional model is a chain: one input, each layer applied once to the previous one's
        output, in the order of ``named_children`` (so it runs like a Sequential, as ONNX export needs)."""
        graph = self.__dict__.get("_graph")
        if graph is None or len(_flatten(graph[0])) != 1 or len(_flatten(graph[1])) != 1:
            return False
        chain, tensor = [], _flatten(graph[1])[0]
        while not tensor.is_input:
            if not isinstance(tensor.args, SymbolicTensor) or tensor.kwargs or tensor.index is not None:
                return False
            chain.append(tensor.layer)
            tensor = tensor.args
        return [id(layer) for layer in reversed(chain)] == [id(layer) for _, layer in self.named_children()]

    @property
    def input_names(self):
        return [t.name for t in self.inputs or []]

    @property
    def output_names(self):
        graph = self.__dict__.get("_graph")
        if graph is None:
            return self.__dict__.get("_output_names") or ["output"]
        if isinstance(graph[1], dict):
            return list(graph[1])
        return [t.layer.name if isinstance(getattr(t.layer, "name", None), str) else f"output_{i + 1}"
                for i, t in enumerate(_flatten(graph[1]))]

    @property
    def layers(self):
        """An InputLayer per input, then the layers in the order a forward pass runs them (as in Keras)."""
        return [*self.__dict__.get("_input_layers", []), *(layer for _, layer in self.named_children())]

    @property
    def input_shape(self):
        """The sample shape of the single input (None for several inputs or a subclassed model)."""
        inputs = self.inputs
        return inputs[0].sample_shape if inputs and len(inputs) == 1 else None

    @input_shape.setter
    def input_shape(self, shape):
        if shape is not None:
            raise AttributeError("Model.input_shape comes from its keras.Input")

    @property
    def output_shape(self):
        outputs = self.outputs
        if outputs is None:
            raise AttributeError(f"{self.name}: a subclassed model has no output shape until it is called")
        return outputs[0].shape if len(outputs) == 1 else [t.shape for t in outputs]

    def forward(self, inputs, *args, **kwargs):
        graph = self.__dict__.get("_graph")
        if graph is None:
            if "training" in inspect.signature(self.call).parameters and "training" not in kwargs:
                kwargs["training"] = self.training
            return self.call(inputs, *args, **kwargs)
        return run_graph(graph[0], graph[1], self._feed(graph[0], inputs))

    def call(self, inputs, training=None):
        raise NotImplementedError(f"{type(self).__name__} has no call(); a subclassed keras.Model defines "
                                  "call(self, inputs), or is made as keras.Model(inputs, outputs)")

    def _feed(self, spec, inputs):
        """{id(input placeholder): the array given for it}, each cast to its placeholder's dtype."""
        placeholders = _flatten(spec)
        if isinstance(inputs, dict):
            keys = list(spec) if isinstance(spec, dict) else [t.name for t in placeholders]
            missing = [key for key in keys if key not in inputs]
            if missing:
                raise ValueError(f"{self.name}: no input given for {missing[0]!r}; the inputs are {keys}")
            given = [inputs[key] for key in keys]
        elif len(placeholders) == 1:
            given = [inputs[0] if isinstance(inputs, (list, tuple)) and len(inputs) == 1 else inputs]
        else:
            if not isinstance(inputs, (list, tuple)) or len(inputs) != len(placeholders):
                count = len(inputs) if isinstance(inputs, (list, tuple)) else 1
                raise ValueError(f"{self.name}: this model has {len(placeholders)} inputs "
                                 f"({', '.join(t.name for t in placeholders)}) but got {count}; pass a list in that "
                                 "order or a dict by name")
            given = list(inputs)
        return {id(t): _cast(self.name, t, value) for t, value in zip(placeholders, given)}

    def _summary_shape(self):
        return self.input_shape

    def _layer_shapes(self):
        graph = self.__dict__.get("_graph")
        if graph is None:
            return None
        shapes = {id(layer): layer.shape for layer in self.__dict__.get("_input_layers", [])}
        stack, seen = _flatten(graph[1]), set()
        while stack:
            tensor = stack.pop()
            if id(tensor) in seen or tensor.is_input:
                continue
            seen.add(id(tensor))
            shapes.setdefault(id(tensor.layer), tensor.sample_shape)
            stack.extend(tensor.parents())
        return shapes


def _cast(model, placeholder, value):
    """The value for an input placeholder: an array cast to its dtype, after checking the sample shape."""
    data = value.data if isinstance(value, Value) else np.asarray(value)
    if np.shape(data)[1:] != placeholder.sample_shape:
        raise ValueError(f"{model}: input {placeholder.name!r} expects samples of shape {placeholder.sample_shape} "
                         f"(batches {placeholder.shape}), got a batch of shape {np.shape(data)}")
    if isinstance(value, Value):
        return value
    return data.astype(placeholder.dtype, copy=False) if data.dtype != placeholder.dtype else data


def _flatten(structure):
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in _flatten(value)]
    if isinstance(structure, (list, tuple)):
        return [leaf for value in structure for leaf in _flatten(value)]
    return [] if structure is None else [structure]


def _layers_in_order(outputs):
    """The layers that compute ``outputs``, each once, in the order a forward pass first runs them."""
    order, seen_tensors, seen_layers = [], set(), set()

    def visit(tensor):
        stack = [(tensor, False)]
        while stack:
            top, expanded = stack.pop()
            if top.is_input:
                continue
            if expanded:
                if id(top.layer) not in seen_layers:
                    seen_layers.add(id(top.layer))
                    order.append(top.layer)
                continue
            if id(top) in seen_tensors:
                continue
            seen_tensors.add(id(top))
            stack.append((top, True))
            stack.extend((parent, False) for parent in reversed(top.parents()))

    for out in outputs:
        visit(out)
    return order


def load_model(filepath, custom_objects=None, compile=True):
    """The model ``model.save(filepath)`` wrote: its architecture rebuilt from the JSON, then its weights
    (checked by name, shape and dtype). Layers of your own classes need ``custom_objects={"Name": Class}``.
    The model comes back uncompiled: call compile before fit."""
    return saving.load_model(filepath, custom_objects)


__all__ = ["Sequential", "Model", "load_model"]
