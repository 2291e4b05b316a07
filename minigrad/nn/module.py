"""Module and Parameter: how a network keeps track of its weights, as in PyTorch's ``torch.nn``.

A Parameter is a Value that gradient descent updates: a float32 leaf that requires grad. A Module is a layer
or a whole network. Assigning a Parameter or a Module to one of its attributes registers it, so

    class TwoLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(2, 4, activation="relu")
            self.out = nn.Linear(4, 1)

        def forward(self, x):
            return self.out(self.hidden(x))

knows its parameters (``hidden.weight``, ``hidden.bias``, ``out.weight``, ``out.bias``), can zero their grads,
switch between training and evaluation, and save or load its weights. ``model(x)`` calls ``forward``.
Buffers (``register_buffer``) are arrays that belong to the state but are not trained, such as
BatchNorm's running statistics. The Keras-style ``compile``/``fit``/``predict`` come from ``KerasMixin``.
"""
import numpy as np

from .. import checkpoint
from ..engine import Value, as_value, no_grad
from ..training import KerasMixin, losses


class Parameter(Value):
    """A trainable tensor: a leaf Value that requires grad, float32 unless ``dtype`` says otherwise."""

    __slots__ = ("name",)

    def __init__(self, data, name="", dtype=np.float32):
        array = np.array(data, dtype=dtype)
        if array.dtype.kind != "f":
            raise TypeError(f"Parameter {name!r}: dtype must be a float type (gradients need floats), "
                            f"got {array.dtype}.")
        super().__init__(array, requires_grad=True, label=name)
        self.name = name

    def __repr__(self):
        return "Parameter" + super().__repr__()[len("Value"):]


class Module(KerasMixin):
    """Base class of layers and networks. Subclasses call ``super().__init__()`` first and define ``forward``."""

    def __init__(self):
        d = self.__dict__
        d["_parameter_names"], d["_buffer_names"], d["_module_names"] = [], [], []
        d["training"] = True    # train() / eval(): Dropout and BatchNorm behave differently
        d["trainable"] = True   # Keras: False freezes this module's parameters (and its children's) for compile
        d["input_shape"] = None  # the shape of one sample (no batch axis) when the layer declares it

    # -- registration --
    def __setattr__(self, name, value):
        d = self.__dict__
        if "_parameter_names" not in d:
            raise AttributeError(f"{type(self).__name__}: cannot set attribute {name!r} before Module.__init__() "
                                 "ran. Call super().__init__() at the top of __init__.")
        for names in (d["_parameter_names"], d["_module_names"]):
            if name in names:
                names.remove(name)
        if isinstance(value, Parameter):
            d["_parameter_names"].append(name)
            if not value.name:
                value.name = value.label = name
        elif isinstance(value, Module):
            d["_module_names"].append(name)
        elif name in d["_buffer_names"] and not (value is None or isinstance(value, np.ndarray)):
            raise TypeError(f"{type(self).__name__}: buffer {name!r} must be an ndarray or None, "
                            f"got {type(value).__name__}.")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        for names in (self._parameter_names, self._module_names, self._buffer_names):
            if name in names:
                names.remove(name)
        object.__delattr__(self, name)

    def register_buffer(self, name, array):
        """Keep ``array`` as state that is saved and loaded but not trained (e.g. BatchNorm's running mean)."""
        if not isinstance(array, np.ndarray):
            raise TypeError(f"{type(self).__name__}.register_buffer: {name!r} must be an ndarray, "
                            f"got {type(array).__name__}.")
        if name not in self._buffer_names:
            self._buffer_names.append(name)
        setattr(self, name, array)

    # -- walking the tree --
    def named_children(self):
        """(name, module) for each direct submodule, in registration order."""
        for name in self._module_names:
            yield name, getattr(self, name)

    def children(self):
        return (module for _, module in self.named_children())

    def named_modules(self, prefix=""):
        """(dotted name, module) for this module ('' ) and every submodule below it, each once, depth first."""
        seen, stack = set(), [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            stack.extend(reversed([(f"{name}.{child_name}" if name else child_name, child)
                                   for child_name, child in module.named_children()]))

    def modules(self):
        return (module for _, module in self.named_modules())

    def named_parameters(self):
        """(dotted name, Parameter) for every parameter, each once (a shared one under its first name)."""
        seen = set()
        for prefix, module in self.named_modules():
            for name in module._parameter_names:
                param = getattr(module, name)
                if id(param) not in seen:
                    seen.add(id(param))
                    yield (f"{prefix}.{name}" if prefix else name), param

    def parameters(self):
        """Every Parameter of this module and its submodules, each once, in registration order."""
        return [param for _, param in self.named_parameters()]

    def named_buffers(self):
        for prefix, module in self.named_modules():
            for name in module._buffer_names:
                array = getattr(module, name)
                if array is not None:
                    yield (f"{prefix}.{name}" if prefix else name), array

    def trainable_parameters(self):
        """The parameters that Keras-style training updates: those of modules whose ``trainable`` is True.

        Setting ``trainable = False`` on a module freezes it and everything inside it."""
        params, seen, stack = [], set(), [self]
        while stack:
            module = stack.pop()
            if not module.trainable:
                continue
            for name in module._parameter_names:
                param = getattr(module, name)
                if id(param) not in seen:
                    seen.add(id(param))
                    params.append(param)
            stack.extend(reversed(list(module.children())))
        return params

    # -- training state --
    def train(self, mode=True):
        """Set training mode (Dropout drops, BatchNorm uses batch statistics) here and below; returns self."""
        for module in self.modules():
            module.training = bool(mode)
        return self

    def eval(self):
        """Set evaluation mode (Dropout passes through, BatchNorm uses running statistics); returns self."""
        return self.train(False)

    def zero_grad(self):
        """Forget every parameter's gradient before the next backward pass (grads accumulate otherwise)."""
        for param in self.parameters():
            param.zero_grad()

    # -- running: model(x) calls forward(x) (KerasMixin.__call__, which also records calls on keras.Input) --
    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} defines no forward(); subclasses of Module must "
                                  "implement forward(self, x).")

    # -- shapes, for lazily built layers and Keras' summary --
    @property
    def built(self):
        """False while some layer below still waits for its first input to learn its size (e.g. Dense(units))."""
        return all(module.__dict__.get("_built", True) for module in self.modules())

    def build(self, input_shape):
        """Create the parameters that depend on the input shape (one sample, no batch axis). Most layers have
        none to create."""

    def compute_output_shape(self, input_shape):
        """The shape of one output sample for one input sample of ``input_shape`` (no batch axes).

        This default runs forward on a batch of one zero sample in eval mode without recording a graph;
        layers override it with the formula."""
        self.build(tuple(input_shape))
        modes = [(module, module.training) for module in self.modules()]
        self.eval()
        try:
            with no_grad():
                out = self(np.zeros((1,) + tuple(input_shape), dtype=np.float32))
        finally:
            for module, mode in modes:
                module.training = mode
        return tuple(np.shape(out.data)[1:])

    def _resolve_loss(self, loss):
        """compile(loss=...): a Keras name such as "binary_crossentropy" becomes its function (nn.losses.get)."""
        return losses.get(loss)

    # -- state: weights and buffers by name --
    def state_dict(self):
        """{dotted name: ndarray copy} of every parameter and buffer, in registration order."""
        state = {name: np.array(param.data) for name, param in self.named_parameters()}
        state.update((name, np.array(array)) for name, array in self.named_buffers())
        return state

    def _state_targets(self):
        targets = {name: param.data for name, param in self.named_parameters()}
        targets.update(self.named_buffers())
        return targets

    def load_state_dict(self, state, strict=True):
        """Copy arrays from ``state`` into the parameters and buffers of the same names.

        Every name, shape and dtype is checked before anything is copied, so a failed load changes nothing.
        ``strict=False`` skips missing and unexpected names (shapes and dtypes are still checked)."""
        if not isinstance(state, dict):
            raise TypeError(f"{type(self).__name__}.load_state_dict: expected a dict name -> ndarray (as "
                            f"state_dict() returns), got {type(state).__name__}.")
        self._check_built("load_state_dict")
        self._load_checked(state, strict, f"{type(self).__name__}.load_state_dict: the state dict")

    def _check_built(self, fn):
        """Loading needs every weight to exist: a lazily sized layer (Dense(units)) makes its weights at its
        first input, so until then there is nothing to load into. Build first rather than guess the shapes."""
        for name, module in self.named_modules():
            if not module.__dict__.get("_built", True):
                layer = f"layer {name!r} ({type(module).__name__})" if name else f"this {type(module).__name__}"
                raise ValueError(f"{type(self).__name__}.{fn}: {layer} is not built yet, so it has no weights to load "
                                 "into. Build the model first: call it once on a batch (model(x[:1])), or declare "
                                 "the input shape (keras.Input(shape=...) first in the Sequential, or "
                                 "input_shape=(784,) on its first layer); then load.")

    def _load_checked(self, state, strict, what):
        targets = self._state_targets()
        if not strict:
            targets = {name: target for name, target in targets.items() if name in state}
            state = {name: array for name, array in state.items() if name in targets}
        checkpoint.check_arrays(targets, state, what)
        for name, target in targets.items():
            if name in state:
                np.copyto(target, state[name])

    def save(self, path):
        """Write the state_dict to ``path`` as an .npz file, atomically (no pickle)."""
        checkpoint.save_npz(path, self.state_dict())

    def load(self, path):
        """Load weights saved by ``save``. Names, shapes and dtypes must match; a failed load changes nothing.
        The model must be built (every lazily sized layer has seen an input), or there is nothing to load into."""
        self._check_built("load")
        self._load_checked(checkpoint.load_npz(path), True, f"checkpoint {str(path)!r} for {type(self).__name__}")
        return self

    # -- printing --
    def extra_repr(self):
        """The layer's settings, shown inside the parentheses of its repr."""
        return ""

    def __repr__(self):
        lines = [self.extra_repr()] if self.extra_repr() else []
        lines += [f"({name}): " + repr(child).replace("\n", "\n  ") for name, child in self.named_children()]
        if not self._module_names:
            return f"{type(self).__name__}({''.join(lines)})"
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"


def as_input(x, dtype):
    """A layer's input as a Value: a raw array (a constant) is cast to the layer's dtype, a Value passes."""
    if isinstance(x, Value):
        return x
    array = np.asarray(x)
    return as_value(array.astype(dtype, copy=False) if array.dtype != dtype else array)


class Sequential(Module):
    """Layers applied one after another: ``Sequential(a, b, c)(x) = c(b(a(x)))``. Keras passes a list instead,
    and ``add(layer)`` appends one. Layers are named "0", "1", ... When the input shape is known (an Input
    layer, or input_shape/input_dim on the first layer), lazily sized layers are built as soon as they are added.
    """

    def __init__(self, *layers):
        super().__init__()
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = layers[0]
        for layer in layers:
            self.add(layer)

    def add(self, layer):
        """Append a layer at the end."""
        if not isinstance(layer, Module):
            raise TypeError(f"Sequential.add: layer {len(self)} must be a Module (a layer such as nn.Linear or "
                            f"nn.ReLU()), got {type(layer).__name__}: {layer!r:.60}.")
        setattr(self, str(len(self)), layer)
        self._build_known_shapes()

    def _build_known_shapes(self):
        shape = None
        for layer in self:
            shape = layer.input_shape if layer.input_shape is not None else shape
            if shape is None:
                continue
            shape = layer.compute_output_shape(shape)

    def forward(self, x):
        for layer in self:
            x = layer(x)
        return x

    @property
    def input_shape(self):
        """The sample shape the first layer declares (Input, input_shape or input_dim), or None."""
        return self[0].input_shape if len(self) else None

    @input_shape.setter
    def input_shape(self, shape):
        raise AttributeError("Sequential.input_shape comes from its first layer; declare it there "
                             "(nn.Input(shape) or input_shape=...).")

    @property
    def layers(self):
        """The layers in order (Keras' name)."""
        return list(self)

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self:
            shape = layer.compute_output_shape(shape)
        return shape

    def __len__(self):
        return len(self._module_names)

    def __iter__(self):
        return (getattr(self, name) for name in self._module_names)

    def __getitem__(self, index):
        layers = list(self)
        if isinstance(index, slice):
            return Sequential(*layers[index])
        try:
            return layers[index]
        except IndexError:
            raise IndexError(f"Sequential: index {index} is out of range for {len(layers)} layers.") from None
