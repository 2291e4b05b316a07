"""minigrad: a teaching autograd engine that also trains real networks.

    >>> from minigrad import Value
    >>> a, b = Value(2.0), Value(-3.0)
    >>> out = (a * b + a).tanh()
    >>> out.backward()
    >>> round(a.grad, 6)
    -0.002682

The core (Value, gradcheck, backends) loads at once. The subpackages (nn, optim, F, data, gan, viz) and the
graph renderer load on first use, so ``import minigrad`` stays fast.
"""
import importlib

from .autograd import grad, hessian, hvp, jacobian
from .engine import (Value, as_value, concatenate, detect_anomaly, is_grad_enabled, maximum, minimum, no_grad,
                     record_op, set_grad_enabled, stack, tensor, where)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_grad
from .kernels import get_backend, set_backend, use_backend

__version__ = "0.1.0"

_LAZY_MODULES = {"nn": "minigrad.nn", "optim": "minigrad.optim", "F": "minigrad.functional",
                 "functional": "minigrad.functional", "data": "minigrad.data", "gan": "minigrad.gan",
                 "viz": "minigrad.viz", "training": "minigrad.training",
                 "keras": "minigrad.keras", "interop": "minigrad.interop"}
_LAZY_NAMES = {"GradientTape": "minigrad.keras.tape", "draw_graph": "minigrad.viz.graph",
               "draw_backprop": "minigrad.viz.graph",
               "save_backprop": "minigrad.viz.stepper"}


def __getattr__(name):
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    raise AttributeError(f"module 'minigrad' has no attribute {name!r}")


__all__ = ["Value", "tensor", "as_value", "no_grad", "set_grad_enabled", "detect_anomaly", "is_grad_enabled",
           "maximum", "minimum", "where", "concatenate", "stack", "record_op", "grad", "jacobian", "hessian", "hvp",
           "gradcheck", "gradgradcheck", "numerical_grad", "GradcheckError", "set_backend",
           "get_backend", "use_backend", *_LAZY_MODULES, *_LAZY_NAMES]
