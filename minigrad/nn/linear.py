"""Fully connected layers: Linear (PyTorch) and its Keras alias Dense, and Embedding, a lookup table.

Each of Linear's ``out_features`` neurons computes a weighted sum of all ``in_features`` inputs plus a bias, then
an activation. For a batch x of shape (N, in), all of them at once:

    z = x @ W^T + b,   out = act(z)          W: (out_features, in_features),  b: (out_features,)
    dx = dz @ W,   dW = dz^T @ x,   db = sum of dz over the batch,   dz = act'(z) * dout

``F.linear`` runs the matrix products through BLAS and fuses the bias and the activation into one kernel.
"""
import math
import numbers

import numpy as np

from .. import functional as F
from . import init
from .activations import get_function
from .module import Module, Parameter, as_input

FUSED_ACTIVATIONS = ("relu", "leaky_relu", "sigmoid", "tanh")


class Linear(Module):
    """out = act(x W^T + b). Weights and bias start uniform in +-1/sqrt(in_features), as in PyTorch.

    ``activation`` is None, a name ('relu', 'leaky_relu', 'sigmoid', 'tanh' run fused with the product;
    'softmax', 'step', 'linear' run after it) or a function of a Value. ``in_features=None`` builds the layer at
    its first input (Keras' lazy Dense)."""

    def __init__(self, in_features, out_features, bias=True, activation=None, negative_slope=0.01, rng=None):
        super().__init__()
        if isinstance(activation, str):
            activation = activation.lower()
        get_function(activation or "linear", type(self).__name__)
        if in_features is not None:
            _check_size(type(self).__name__, "in_features", in_features, "the number of inputs")
        _check_size(type(self).__name__, "out_features", out_features, "the number of neurons")
        self.in_features, self.out_features = in_features, int(out_features)
        self.use_bias, self.activation, self.negative_slope, self.rng = bool(bias), activation, negative_slope, rng
        self.weight = self.bias = None
        self._built = False
        if in_features is not None:
            self.build((in_features,))

    def build(self, input_shape):
        """Create W (out, in) and b (out,) for samples whose last axis has ``in_features`` entries."""
        if self._built:
            return
        self.in_features = int(input_shape[-1])
        bound = 1.0 / math.sqrt(self.in_features) if self.in_features else 0.0
        self.weight = init.uniform_(Parameter(np.zeros((self.out_features, self.in_features))), -bound, bound,
                                    self.rng)
        if self.use_bias:
            self.bias = init.uniform_(Parameter(np.zeros(self.out_features)), -bound, bound, self.rng)
        self._built = True

    def forward(self, x):
        x = as_input(x, self.weight.dtype if self._built else np.float32)
        self._check_features(x.shape)
        fused = self.activation if self.activation in FUSED_ACTIVATIONS else None
        out = F.linear(x, self.weight, self.bias, activation=fused, negative_slope=self.negative_slope)
        if fused is None and self.activation is not None:
            out = get_function(self.activation)(out)
        return out

    def compute_output_shape(self, input_shape):
        self._check_features(input_shape)
        return tuple(input_shape)[:-1] + (self.out_features,)

    def _check_features(self, shape):
        """Build on the first input; afterwards every input's last axis must hold in_features entries."""
        shape = tuple(shape)
        if not self._built:
            self.build(shape)
        if not shape or shape[-1] != self.in_features:
            raise ValueError(f"{self!r}: input of shape {shape} has {shape[-1] if shape else 0} features on its "
                             f"last axis, but the layer expects {self.in_features}. Reshape the input, or make the "
                             f"layer with in_features={shape[-1] if shape else 0}.")

    def extra_repr(self):
        name = getattr(self.activation, "__name__", self.activation)
        act = "" if name is None else f", activation={name!r}"
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.use_bias}{act}"


class Dense(Linear):
    """Keras' name for Linear: ``Dense(units, activation=None, input_dim=None, input_shape=None)``.

    Without input_dim or input_shape the layer learns its input size from its first input (or from the layer
    before it inside a Sequential)."""

    def __init__(self, units, activation=None, use_bias=True, input_dim=None, input_shape=None, rng=None):
        _check_size("Dense", "units", units, "the number of neurons")
        if input_dim is not None and input_shape is not None:
            raise ValueError(f"Dense({units}): give input_dim={input_dim} or input_shape={input_shape}, not both.")
        if input_dim is not None:
            _check_size(f"Dense({units})", "input_dim", input_dim, "the number of input features")
        shape = (int(input_dim),) if input_dim is not None else _sample_shape(units, input_shape)
        super().__init__(None if shape is None else shape[-1], units, bias=use_bias, activation=activation, rng=rng)
        self.input_shape = shape

    @property
    def units(self):
        return self.out_features


def _check_size(where, name, value, meaning):
    """A layer size is a positive int (NumPy integers count): '10' or 10.5 is a mistake, not a size."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: {name} must be a positive int ({meaning}), got {value!r} ({type(value).__name__}).")
    if value < 1:
        raise ValueError(f"{where}: {name} must be a positive int ({meaning}), got {value}.")


def _sample_shape(units, shape):
    """Dense's input_shape: the shape of one sample as a tuple of positive ints, or None. Like Keras, a bare int
    is refused: input_shape=784 is one character away from the intended input_shape=(784,)."""
    if shape is None:
        return None
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        raise TypeError(f"Dense({units}): input_shape must be a tuple, the shape of one sample without the batch "
                        f"axis: write input_shape=({shape},) (or input_dim={shape}), not input_shape={shape}.")
    if not isinstance(shape, (tuple, list)) or not shape or \
            any(isinstance(n, bool) or not isinstance(n, numbers.Integral) for n in shape):
        raise TypeError(f"Dense({units}): input_shape must be a tuple of positive ints such as (784,), got {shape!r} "
                        f"({type(shape).__name__}).")
    if min(shape) < 1:
        raise ValueError(f"Dense({units}): input_shape must be a tuple of positive ints such as (784,), got "
                         f"{tuple(shape)}.")
    return tuple(int(n) for n in shape)


class Embedding(Module):
    """A table of ``num_embeddings`` learned vectors of size ``embedding_dim``: out[..., :] = W[index].

    It equals a Linear layer without bias applied to one-hot vectors, without building them. The backward pass
    adds each row of dout into the row of W it came from. Weights start N(0, 1), as in PyTorch."""

    def __init__(self, num_embeddings, embedding_dim, rng=None):
        super().__init__()
        self.num_embeddings, self.embedding_dim = int(num_embeddings), int(embedding_dim)
        self.weight = init.normal_(Parameter(np.zeros((self.num_embeddings, self.embedding_dim))), 0.0, 1.0, rng)

    def forward(self, indices):
        return F.embedding(indices, self.weight)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.embedding_dim,)

    def extra_repr(self):
        return f"{self.num_embeddings}, {self.embedding_dim}"
