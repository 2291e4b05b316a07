"""Activation functions: the nonlinearity a neuron applies to its weighted sum z = w . x + b.

Each comes as a function of a Value and as a Module without parameters, and Keras-style by name:
``Dense(16, activation="relu")`` or ``nn.get_activation("relu")``. Without a nonlinearity, a stack of layers
collapses into one linear map, however deep it is.
"""

from .. import functional as F
from ..engine import as_value, record_op
from ..functional import leaky_relu, relu, sigmoid, tanh  # noqa: F401 (the functions, as in F)
from .module import Module


# ---- the functions ------------------------------------------------------------------------------------

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


class ELU(Module):
    """x if x > 0 else alpha (e^x - 1), as a layer: a relu whose negative side saturates smoothly at -alpha."""

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = float(alpha)

    def forward(self, x):
        return F.elu(x, self.alpha)

    def extra_repr(self):
        return f"alpha={self.alpha}"


class SELU(Module):
    """scale * elu(x, alpha) with the self-normalizing constants, as a layer."""

    def forward(self, x):
        return F.selu(x)


class CELU(ELU):
    """x if x > 0 else alpha (e^(x/alpha) - 1), as a layer (continuously differentiable for every alpha)."""

    def forward(self, x):
        return F.celu(x, self.alpha)


class GELU(Module):
    """x Phi(x), Phi the standard normal CDF, as a layer (``approximate="tanh"``: GPT-2's tanh form)."""

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, x):
        return F.gelu(x, self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """ln(1 + e^(beta x)) / beta, a smooth relu, as a layer (linear where beta x > threshold)."""

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = float(beta), float(threshold)

    def forward(self, x):
        return F.softplus(x, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class SiLU(Module):
    """x sigmoid(x) (swish), as a layer."""

    def forward(self, x):
        return F.silu(x)


class Mish(Module):
    """x tanh(softplus(x)), as a layer."""

    def forward(self, x):
        return F.mish(x)


class Hardtanh(Module):
    """clip(x, min_val, max_val), as a layer."""

    def __init__(self, min_val=-1.0, max_val=1.0):
        super().__init__()
        self.min_val, self.max_val = float(min_val), float(max_val)

    def forward(self, x):
        return F.hardtanh(x, self.min_val, self.max_val)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}"


class ReLU6(Module):
    """min(max(x, 0), 6), as a layer."""

    def forward(self, x):
        return F.relu6(x)


class Hardsigmoid(Module):
    """relu6(x + 3) / 6, a piecewise-linear sigmoid, as a layer."""

    def forward(self, x):
        return F.hardsigmoid(x)


class Hardswish(Module):
    """x relu6(x + 3) / 6, as a layer."""

    def forward(self, x):
        return F.hardswish(x)


class LogSigmoid(Module):
    """ln sigmoid(x), finite at any x, as a layer."""

    def forward(self, x):
        return F.logsigmoid(x)


class Softsign(Module):
    """x / (1 + |x|), as a layer."""

    def forward(self, x):
        return F.softsign(x)


# Keras' names (and PyTorch's lower-case ones) for each activation.
_MODULES = {"relu": ReLU, "leaky_relu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax,
            "step": Step, "linear": Identity, "elu": ELU, "selu": SELU, "celu": CELU, "gelu": GELU,
            "softplus": Softplus, "silu": SiLU, "swish": SiLU, "mish": Mish, "relu6": ReLU6, "hard_tanh": Hardtanh,
            "hardtanh": Hardtanh, "hard_sigmoid": Hardsigmoid, "hardsigmoid": Hardsigmoid, "hard_silu": Hardswish,
            "hard_swish": Hardswish, "hardswish": Hardswish, "log_sigmoid": LogSigmoid, "logsigmoid": LogSigmoid,
            "softsign": Softsign}
_FUNCTIONS = {"relu": relu, "leaky_relu": leaky_relu, "sigmoid": sigmoid, "tanh": tanh, "softmax": softmax,
              "step": step, "linear": linear, "elu": F.elu, "selu": F.selu, "celu": F.celu, "gelu": F.gelu,
              "softplus": F.softplus, "silu": F.silu, "swish": F.silu, "mish": F.mish, "relu6": F.relu6,
              "hard_tanh": F.hardtanh, "hardtanh": F.hardtanh, "hard_sigmoid": F.hardsigmoid,
              "hardsigmoid": F.hardsigmoid, "hard_silu": F.hardswish, "hard_swish": F.hardswish,
              "hardswish": F.hardswish, "log_sigmoid": F.logsigmoid, "logsigmoid": F.logsigmoid,
              "softsign": F.softsign}


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
