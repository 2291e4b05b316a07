"""ONNX export: a model as an ``.onnx`` file, which onnxruntime, OpenVINO, TensorRT and the Netron viewer read.

An ONNX file holds a graph of standard operators and the weights they use. ``export_onnx`` walks the model's
layers in order (through nested Sequentials and Keras' Sequential and functional Model) and writes the operators
of each, from the standard set of opset 17:

    Linear / Dense           Gemm(x, W, b, transB=1) for a batch of vectors, MatMul(x, W^T) + b for more axes;
                             then its activation
    Conv2d                   Conv                          ConvTranspose2d      ConvTranspose
    MaxPool2d                MaxPool                       Embedding            Gather(W, indices)
    BatchNorm1d/2d           BatchNormalization (running statistics: the model as in eval mode)
    LayerNorm                LayerNormalization
    Flatten                  Flatten(axis=1), or Reshape to (0, ..., 0, -1) when start_dim > 1
    Reshape                  Reshape to (0, *shape): 0 keeps the batch size
    ReLU, LeakyReLU, Sigmoid, Tanh, Softmax     Relu, LeakyRelu, Sigmoid, Tanh, Softmax(axis)
    Step                     GreaterOrEqual(x, 0), then Cast to float
    Dropout, Identity        Identity (inference never drops);  Input   nothing

The batch axis is left free ("batch"): the file runs on any batch size. The other axes come from the example.
"""
import numpy as np

from .. import nn
from ..engine import no_grad

OPSET = 17
IR_VERSION = 8  # the ONNX file-format version that introduced opset 17; older runtimes read it too

_ACTIVATIONS = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh"}  # Linear's activation name -> ONNX op
_LAYERS = {nn.ReLU: "Relu", nn.Sigmoid: "Sigmoid", nn.Tanh: "Tanh"}  # activation layer -> ONNX op


def export_onnx(model, example_input, path):
    """Write ``model`` to ``path`` as an ONNX graph (opset 17) and return the ``onnx.ModelProto``.

    ``example_input`` is one batch as the model takes it: floats for most models (written as float32),
    integer indices for a model that starts with an Embedding (written as int64). Its shape fixes every axis
    of the input but the first. The model runs once on it in eval mode (Dropout off, BatchNorm on its running
    statistics), which is what the file computes; its own train/eval modes are restored afterwards. The graph
    is checked with ``onnx.checker`` before it is written. A layer without an ONNX form raises a TypeError that
    names it and lists the supported ones. Needs the ``onnx`` package."""
    onnx = _onnx()
    if not isinstance(model, nn.Module):
        raise TypeError(f"export_onnx: expected a minigrad nn.Module, got {type(model).__name__}.")
    example = np.asarray(example_input)
    integer = example.dtype.kind in "iu"
    example = example.astype(np.int64 if integer else np.float32)
    if example.ndim < 1:
        raise ValueError(f"export_onnx: example_input must be a batch (batch, ...), got shape {example.shape}.")
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        graph = _Graph(onnx)
        result = graph.layer(model, "input", "", example.shape[1:])  # first: an unsupported layer fails here
        with no_grad():
            output = model(example)
    finally:
        for module, mode in modes:
            module.training = mode
    graph.finish(result)
    out = np.asarray(output.data)
    elem = onnx.helper.np_dtype_to_tensor_dtype
    proto = onnx.helper.make_model(
        onnx.helper.make_graph(graph.nodes, str(getattr(model, "name", None) or type(model).__name__),
                               [onnx.helper.make_tensor_value_info("input", elem(example.dtype),
                                                                   ["batch", *example.shape[1:]])],
                               [onnx.helper.make_tensor_value_info("output", elem(out.dtype),
                                                                   ["batch", *out.shape[1:]])],
                               graph.weights),
        opset_imports=[onnx.helper.make_opsetid("", OPSET)], ir_version=IR_VERSION,
        producer_name="minigrad")
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, str(path))
    return proto


class _Graph:
    """The nodes and weights (initializers) written so far; ``layer`` adds one layer's and returns its output."""

    def __init__(self, onnx):
        self.onnx, self.nodes, self.weights = onnx, [], []

    def weight(self, name, array):
        self.weights.append(self.onnx.numpy_helper.from_array(np.asarray(array, order="C"), name))
        return name

    def node(self, op, inputs, prefix, **attributes):
        output = f"{prefix or 'model'}/{op}_{len(self.nodes)}"
        self.nodes.append(self.onnx.helper.make_node(op, inputs, [output], name=output, **attributes))
        return output

    def finish(self, x):
        """Name the last value "output" (an Identity node when the model has no operator at all)."""
        if not self.nodes or self.nodes[-1].output[0] != x:
            self.node("Identity", [x], "output")
        self.nodes[-1].output[0] = "output"

    def layer(self, layer, x, prefix, shape):
        """Add ``layer`` (named ``prefix``) applied to value ``x`` whose samples have ``shape``; return its output."""
        if isinstance(layer, nn.Sequential) or getattr(layer, "is_chain", False):  # a keras.Model chain too
            for name, child in layer.named_children():
                x = self.layer(child, x, f"{prefix}.{name}" if prefix else name, shape)
                shape = child.compute_output_shape(shape)
            return x
        for kinds, write in _WRITERS:
            if isinstance(layer, kinds):
                return write(self, layer, x, prefix, tuple(shape))
        where = f"layer {prefix!r}" if prefix else "the model"
        raise TypeError(f"export_onnx: {where} ({type(layer).__name__}) has no ONNX form here. "
                        f"Supported layers: {', '.join(SUPPORTED)}, and Sequential or keras Model made of them. "
                        "A Module with a forward of its own cannot be traced: build it as a Sequential of these.")


def _linear(g, layer, x, prefix, shape):
    W, b = layer.weight.data, None if layer.bias is None else layer.bias.data
    if len(shape) == 1:
        x = g.node("Gemm", [x, g.weight(f"{prefix}.weight", W)] + ([g.weight(f"{prefix}.bias", b)] if b is not None
                                                                     else []), prefix, transB=1)
    else:
        x = g.node("MatMul", [x, g.weight(f"{prefix}.weight_T", W.T)], prefix)
        if b is not None:
            x = g.node("Add", [x, g.weight(f"{prefix}.bias", b)], prefix)
    activation = layer.activation
    if activation is None or activation == "linear":
        return x
    if not isinstance(activation, str):
        raise TypeError(f"export_onnx: layer {prefix!r} ({layer!r}) applies the Python function {activation!r}, "
                        "which has no ONNX form. Use a named activation ('relu', 'leaky_relu', 'sigmoid', 'tanh', "
                        "'softmax', 'step') or an activation layer.")
    if activation == "leaky_relu":
        return g.node("LeakyRelu", [x], prefix, alpha=float(layer.negative_slope))
    if activation == "softmax":
        return g.node("Softmax", [x], prefix, axis=-1)
    if activation == "step":
        return _step(g, None, x, prefix, shape)
    return g.node(_ACTIVATIONS[activation], [x], prefix)


def _conv(g, layer, x, prefix, shape):
    transposed = isinstance(layer, nn.ConvTranspose2d)
    inputs = [x, g.weight(f"{prefix}.weight", layer.weight.data)]
    if layer.bias is not None:
        inputs.append(g.weight(f"{prefix}.bias", layer.bias.data))
    (ph, pw), extra = layer.padding, {"output_padding": list(layer.output_padding)} if transposed else {}
    return g.node("ConvTranspose" if transposed else "Conv", inputs, prefix, kernel_shape=list(layer.kernel_size),
                  strides=list(layer.stride), pads=[ph, pw, ph, pw], **extra)


def _max_pool(g, layer, x, prefix, shape):
    (ph, pw) = layer.padding
    return g.node("MaxPool", [x], prefix, kernel_shape=list(layer.kernel_size), strides=list(layer.stride),
                  pads=[ph, pw, ph, pw])


def _batch_norm(g, layer, x, prefix, shape):
    ones, zeros = np.ones(layer.num_features, np.float32), np.zeros(layer.num_features, np.float32)
    scale = ones if layer.weight is None else layer.weight.data
    shift = zeros if layer.bias is None else layer.bias.data
    return g.node("BatchNormalization", [x, g.weight(f"{prefix}.weight", scale), g.weight(f"{prefix}.bias", shift),
                                         g.weight(f"{prefix}.running_mean", layer.running_mean),
                                         g.weight(f"{prefix}.running_var", layer.running_var)],
                  prefix, epsilon=float(layer.eps))


def _layer_norm(g, layer, x, prefix, shape):
    normalized = tuple(np.atleast_1d(layer.normalized_shape))
    scale = np.ones(normalized, np.float32) if layer.weight is None else layer.weight.data
    shift = np.zeros(normalized, np.float32) if layer.bias is None else layer.bias.data
    return g.node("LayerNormalization", [x, g.weight(f"{prefix}.weight", scale), g.weight(f"{prefix}.bias", shift)],
                  prefix, axis=-len(normalized), epsilon=float(layer.eps))


def _embedding(g, layer, x, prefix, shape):
    return g.node("Gather", [g.weight(f"{prefix}.weight", layer.weight.data), x], prefix, axis=0)


def _flatten(g, layer, x, prefix, shape):
    if layer.start_dim == 1:
        return g.node("Flatten", [x], prefix, axis=1)
    target = np.array([0] * layer.start_dim + [-1], dtype=np.int64)
    return g.node("Reshape", [x, g.weight(f"{prefix}.shape", target)], prefix)


def _reshape(g, layer, x, prefix, shape):
    return g.node("Reshape", [x, g.weight(f"{prefix}.shape", np.array((0, *layer.shape), dtype=np.int64))], prefix)


def _activation(g, layer, x, prefix, shape):
    return g.node(next(op for kind, op in _LAYERS.items() if isinstance(layer, kind)), [x], prefix)


def _leaky_relu(g, layer, x, prefix, shape):
    return g.node("LeakyRelu", [x], prefix, alpha=float(layer.negative_slope))


def _softmax(g, layer, x, prefix, shape):
    return g.node("Softmax", [x], prefix, axis=int(layer.axis))


def _step(g, layer, x, prefix, shape):
    zero = g.weight(f"{prefix}.zero_{len(g.nodes)}", np.array(0.0, dtype=np.float32))
    return g.node("Cast", [g.node("GreaterOrEqual", [x, zero], prefix)], prefix, to=g.onnx.TensorProto.FLOAT)


def _identity(g, layer, x, prefix, shape):
    return g.node("Identity", [x], prefix)


def _input(g, layer, x, prefix, shape):
    return x


_WRITERS = [((nn.Linear,), _linear), ((nn.Conv2d, nn.ConvTranspose2d), _conv), ((nn.MaxPool2d,), _max_pool),
            ((nn.BatchNorm1d, nn.BatchNorm2d), _batch_norm), ((nn.Embedding,), _embedding),
            ((nn.Flatten,), _flatten), ((nn.Reshape,), _reshape), (tuple(_LAYERS), _activation),
            ((nn.LeakyReLU,), _leaky_relu), ((nn.Softmax,), _softmax), ((nn.Step,), _step),
            ((nn.Dropout, nn.Identity), _identity), ((nn.Input,), _input)]
if getattr(nn, "LayerNorm", None) is not None:  # LayerNorm joins nn in another change; exported once it is there
    _WRITERS.append(((nn.LayerNorm,), _layer_norm))

SUPPORTED = [kind.__name__ for kinds, _ in _WRITERS for kind in kinds]


def _onnx():
    try:
        import onnx
        import onnx.checker
        import onnx.helper
        import onnx.numpy_helper
    except ImportError:
        raise ImportError("export_onnx needs the onnx package: pip install onnx (or pip install "
                          "minigrad-edu[interop]); onnxruntime runs the file it writes.") from None
    return onnx
