"""Pictures of computation graphs: ``draw_graph``, the step-by-step ``draw_backprop`` and ``save_backprop``, and
``Live``, a view of training as it happens.

The renderer loads graphviz on first use, so importing this package costs nothing.
"""
import importlib

_LAZY_NAMES = {"draw_graph": "minigrad.viz.graph", "draw_backprop": "minigrad.viz.graph",
               "save_backprop": "minigrad.viz.stepper", "Live": "minigrad.viz.live"}


def __getattr__(name):
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    raise AttributeError(f"module 'minigrad.viz' has no attribute {name!r}")


__all__ = list(_LAZY_NAMES)
