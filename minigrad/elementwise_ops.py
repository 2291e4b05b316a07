"""Elementwise math and the activation functions of a Value.

Each primitive here is written as the engine's ops are (see ``minigrad.engine``): compute the data (a float with
``math``, an array with NumPy or a kernel), record it with ``record_op``, and give a rule ``backward(g, out, x)``
that returns ``g`` times the local derivative. The rules use ``on(name, x)``, which calls a function on data or, when
the rule records the graph of a gradient (create_graph=True), the Value method of that name: so each rule serves
both passes and every op has second derivatives.

Most activations are derived: one line of primitives (``where``, ``clip``, ``expm1``, ``sigmoid``, ...), whose rules
give the gradient. The few that would lose precision or overflow that way (softplus, hardtanh) are primitives.
"""
import math

import numpy as np

from . import engine
from .kernels import kernel
from .kernels import scalar as sm

LN2 = math.log(2.0)
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _on_data(math_fn, numpy_fn):
    """One function of a float (``math``, with NumPy's NaN/inf instead of exceptions) or of an array (NumPy)."""
    def fn(x):
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError):
                with np.errstate(all="ignore"):
                    return float(numpy_fn(x))
        with np.errstate(all="ignore"):
            return numpy_fn(x)
    return fn


def _erf_array(x):
    x = np.asarray(x)
    return kernel("special.erf")(x if x.dtype.kind == "f" else x.astype(np.float64))


ON_DATA = {
    "sin": _on_data(math.sin, np.sin), "cos": _on_data(math.cos, np.cos), "tan": _on_data(math.tan, np.tan),
    "arcsin": _on_data(math.asin, np.arcsin), "arccos": _on_data(math.acos, np.arccos),
    "arctan": _on_data(math.atan, np.arctan), "sinh": _on_data(math.sinh, np.sinh),
    "cosh": _on_data(math.cosh, np.cosh), "erf": _on_data(math.erf, _erf_array),
    "log1p": _on_data(math.log1p, np.log1p), "expm1": _on_data(math.expm1, np.expm1),
    "log2": _on_data(math.log2, np.log2), "exp2": _on_data(lambda x: 2.0 ** x, np.exp2),
    "sign": sm.sign, "exp": sm.exp, "sqrt": sm.sqrt, "log": sm.log,
    "sigmoid": lambda x: sm.sigmoid(x) if type(x) is float else kernel("activations.sigmoid_forward")(np.asarray(x)),
}


def on(name, x):
    """``name`` applied to x: the Value method on a Value (it records the graph), else the function on data."""
    return getattr(x, name)() if isinstance(x, engine.Value) else ON_DATA[name](x)


def _pick(condition, a, b):
    """a where condition else b: for a scalar Value the chosen Value itself, for a tensor ``minigrad.where``."""
    if type(a.data) is float:
        return a if condition else b
    return engine.where(condition, a, b)


class ElementwiseOps:
    """Functions applied entry by entry: trigonometry, exponentials and logarithms, and the activations."""

    __slots__ = ()

    def _unary(self, op, backward):
        return engine.record_op(ON_DATA[op](self.data), op, (self,), backward)

    # -- math: out = f(x),  dx = f'(x) g --
    def sign(self):
        """out = -1, 0 or 1 (NaN for NaN);  dx = 0: the sign is constant wherever it has a derivative"""
        return self._unary("sign", lambda g, out, x: (g * 0.0,))

    def sin(self):
        """out = sin x;  dx = cos(x) g"""
        return self._unary("sin", lambda g, out, x: (g * on("cos", x),))

    def cos(self):
        """out = cos x;  dx = -sin(x) g"""
        return self._unary("cos", lambda g, out, x: (-g * on("sin", x),))

    def tan(self):
        """out = tan x;  dx = (1 + out^2) g"""
        return self._unary("tan", lambda g, out, x: (g * (1 + out * out),))

    def arcsin(self):
        """out = arcsin x, for -1 <= x <= 1 (NaN outside);  dx = g / sqrt(1 - x^2)"""
        return self._unary("arcsin", lambda g, out, x: (g / on("sqrt", 1 - x * x),))

    def arccos(self):
        """out = arccos x, for -1 <= x <= 1 (NaN outside);  dx = -g / sqrt(1 - x^2)"""
        return self._unary("arccos", lambda g, out, x: (-g / on("sqrt", 1 - x * x),))

    def arctan(self):
        """out = arctan x;  dx = g / (1 + x^2)"""
        return self._unary("arctan", lambda g, out, x: (g / (1 + x * x),))

    def sinh(self):
        """out = sinh x = (e^x - e^-x) / 2;  dx = cosh(x) g"""
        return self._unary("sinh", lambda g, out, x: (g * on("cosh", x),))

    def cosh(self):
        """out = cosh x = (e^x + e^-x) / 2;  dx = sinh(x) g"""
        return self._unary("cosh", lambda g, out, x: (g * on("sinh", x),))

    def erf(self):
        """out = erf x = 2/sqrt(pi) * integral_0^x e^(-t^2) dt;  dx = 2/sqrt(pi) e^(-x^2) g"""
        return self._unary("erf", lambda g, out, x: (g * (2 / math.sqrt(math.pi)) * on("exp", -(x * x)),))

    def log1p(self):
        """out = ln(1 + x), exact for tiny x;  dx = g / (1 + x)"""
        return self._unary("log1p", lambda g, out, x: (g / (1 + x),))

    def expm1(self):
        """out = e^x - 1, exact for tiny x;  dx = (out + 1) g"""
        return self._unary("expm1", lambda g, out, x: (g * (out + 1),))

    def log2(self):
        """out = log2 x;  dx = g / (x ln 2)"""
        return self._unary("log2", lambda g, out, x: (g / (x * LN2),))

    def exp2(self):
        """out = 2^x;  dx = out ln(2) g"""
        return self._unary("exp2", lambda g, out, x: (g * out * LN2,))

    # -- activations (PyTorch's names and defaults) --
    def hardtanh(self, min_val=-1.0, max_val=1.0):
        """out = clip(x, min_val, max_val);  dx = g where min_val < x < max_val, else 0 (PyTorch's edges)"""
        lo, hi, x = float(min_val), float(max_val), self.data
        data = min(max(x, lo), hi) if type(x) is float else np.clip(x, lo, hi)

        def backward(g, out, x):
            inside = (engine.data_of(x) > lo) & (engine.data_of(x) < hi)
            return (g * inside if type(inside) is not bool else (g if inside else 0.0),)
        return engine.record_op(data, "hardtanh", (self,), backward)

    def relu6(self):
        """out = min(max(x, 0), 6) = hardtanh(x, 0, 6);  dx = g where 0 < x < 6"""
        return self.hardtanh(0.0, 6.0)

    def hardsigmoid(self):
        """out = relu6(x + 3) / 6, a piecewise-linear sigmoid;  dx = g / 6 where -3 < x < 3"""
        return (self + 3.0).hardtanh(0.0, 6.0) / 6.0

    def hardswish(self):
        """out = x relu6(x + 3) / 6;  dx = (hardsigmoid(x) + x [-3 < x < 3] / 6) g"""
        return self * self.hardsigmoid()

    def softplus(self, beta=1.0, threshold=20.0):
        """out = ln(1 + e^(beta x)) / beta, a smooth relu (x itself where beta x > threshold);
        dx = sigmoid(beta x) g  (g where beta x > threshold). Computed as (max(z, 0) + ln(1 + e^-|z|)) / beta
        with z = beta x, which never overflows."""
        beta, threshold, x = float(beta), float(threshold), self.data
        with np.errstate(over="ignore"):
            z = beta * x
            smooth = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / beta
        data = (x if z > threshold else float(smooth)) if type(x) is float else np.where(z > threshold, x, smooth)

        def backward(g, out, x):
            z = x * beta
            linear = engine.data_of(z) > threshold
            return (engine.select(linear, g, g * on("sigmoid", z)) if type(z) is not float
                    else (g if linear else g * sm.sigmoid(z)),)
        return engine.record_op(data, "softplus", (self,), backward)

    def logsigmoid(self):
        """out = ln sigmoid(x) = -softplus(-x), finite at any x;  dx = sigmoid(-x) g"""
        return -(-self).softplus()

    def softsign(self):
        """out = x / (1 + |x|);  dx = g / (1 + |x|)^2"""
        return self / (1.0 + self.abs())

    def elu(self, alpha=1.0):
        """out = x if x > 0 else alpha (e^x - 1);  dx = g if x > 0 else alpha e^x g
        (e^x - 1 is expm1 of min(x, 0), so a large x never overflows the branch that is not taken)"""
        return _pick(engine.data_of(self) > 0, self, self.clip(None, 0.0).expm1() * float(alpha))

    def selu(self):
        """out = scale * elu(x, alpha) with the self-normalizing constants of Klambauer et al. (2017);
        dx = scale g if x > 0 else scale alpha e^x g"""
        return self.elu(SELU_ALPHA) * SELU_SCALE

    def celu(self, alpha=1.0):
        """out = x if x > 0 else alpha (e^(x/alpha) - 1);  dx = g if x > 0 else e^(x/alpha) g"""
        alpha = float(alpha)
        return _pick(engine.data_of(self) > 0, self, (self.clip(None, 0.0) / alpha).expm1() * alpha)

    def gelu(self, approximate="none"):
        """out = x Phi(x), Phi the standard normal CDF: 0.5 x (1 + erf(x / sqrt 2));
        dx = (Phi(x) + x phi(x)) g with phi(x) = e^(-x^2/2) / sqrt(2 pi).
        ``approximate="tanh"``: out = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (GPT-2's GELU)."""
        if approximate == "none":
            return 0.5 * self * (1.0 + (self * (1 / math.sqrt(2.0))).erf())
        if approximate == "tanh":
            inner = (self + 0.044715 * self * self * self) * math.sqrt(2 / math.pi)
            return 0.5 * self * (1.0 + inner.tanh())
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}.")

    def silu(self):
        """out = x sigmoid(x) (also called swish);  dx = sigmoid(x) (1 + x (1 - sigmoid(x))) g"""
        return self * self.sigmoid()

    swish = silu

    def mish(self):
        """out = x tanh(softplus(x));  dx from the chain rule through tanh and softplus"""
        return self * self.softplus().tanh()
