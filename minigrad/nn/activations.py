"""Activation functions: the nonlinearity a neuron applies to its weighted sum z = w . x + b.

Each comes as a function of a Value and as a Module without parameters, and Keras-style by name:
``Dense(16, activation="relu")`` or ``nn.get_activation("relu")``. Without a nonlinearity, a stack of layers
collapses into one linear map, however deep it is.
"""
import numpy as np

from ..engine import as_value, record_op
from .module import Module


# ---- the functions ------------------------------------------------------------------------------------

def relu(x):
    """out = max(z, 0);  dz = 1 if z > 0 else 0"""
    return as_value(x).relu()


def leaky_relu(x, negative_slope=0.01):
    """out = z if z > 0 else a z;  dz = 1 if z > 0 else a  (a small slope keeps 'dead' units learning)"""
    return as_value(x).leaky_relu(negative_slope)


def sigmoid(x):
    """out = 1 / (1 + e^-z), a probability in (0, 1);  dz = out (1 - out)"""
    return as_value(x).sigmoid()


def tanh(x):
    """out = tanh z, in (-1, 1);  dz = 1 - out^2"""
    return as_value(x).tanh()


def softmax(x, axis=-1):
    """out_i = e^z_i / sum_j e^z_j, probabilities over ``axis``;  dz = out * (g - sum(g * out))"""
    return as_value(x).softmax(axis)


def step(x):
    """The perceptron's Heaviside step: out = 1 if z >= 0 else 0;  dz = 0 everywhere (and undefined at 0).

    Its derivative is zero, so no gradient flows through it and gradient descent cannot train a network that
    uses it: the Perceptron learns with the perceptron rule instead (see ``nn.scalar.Perceptron``).
    """
    x = as_value(x)
    data = (1.0 if x.data >= 0 else 0.0) if type(x.data) is float else (x.data >= 0).astype(x.data.dtype)
    return record_op(data, "step", (x,), _step_backward)


def _step_backward(g, out, x):
    """dx = 0 * g: nothing flows back through a step"""
    return (0.0 * g,)


def linear(x):
    """The identity, Keras' 'linear' activation: out = z;  dz = 1"""
    return as_value(x)


# ---- the same as modules --------------------------------------------------------------------------------

class ReLU(Module):
    """max(z, 0) as a layer."""

    def forward(self, x):
        return relu(x)


class LeakyReLU(Module):
    """z if z > 0 else negative_slope * z, as a layer."""

    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x):
        return leaky_relu(x, self.negative_slope)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}"


class Sigmoid(Module):
    """1 / (1 + e^-z) as a layer."""

    def forward(self, x):
        return sigmoid(x)


class Tanh(Module):
    """tanh z as a layer."""

    def forward(self, x):
        return tanh(x)


class Softmax(Module):
    """Softmax over ``axis`` as a layer: turns scores (logits) into class probabilities."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return softmax(x, self.axis)

    def extra_repr(self):
        return f"axis={self.axis}"


class Step(Module):
    """The Heaviside step 1[z >= 0] as a layer. Its gradient is zero: it cannot be trained by backprop."""

    def forward(self, x):
        return step(x)


class Identity(Module):
    """out = x: Keras' 'linear' activation, and a placeholder layer."""

    def forward(self, x):
        return linear(x)


_MODULES = {"relu": ReLU, "leaky_relu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax,
            "step": Step, "linear": Identity}
_FUNCTIONS = {"relu": relu, "leaky_relu": leaky_relu, "sigmoid": sigmoid, "tanh": tanh, "softmax": softmax,
              "step": step, "linear": linear}


def _check_name(name, where):
    key = str(name).lower()
    if key not in _MODULES:
        raise ValueError(f"{where}: unknown activation {name!r}; choose one of {sorted(_MODULES)}, None, or pass a "
                         "Module or a function of a Value.")
    return key


def get_activation(name):
    """The activation layer for a Keras name ('relu', 'sigmoid', 'softmax', ...); None gives Identity.

    A Module or any callable passes through unchanged."""
    if name is None:
        return Identity()
    if callable(name):
        return name
    return _MODULES[_check_name(name, "get_activation")]()


def get_function(name, where="get_function"):
    """The activation function (Value -> Value) for a Keras name; a callable passes through."""
    if callable(name):
        return name
    return _FUNCTIONS[_check_name(name, where)]
