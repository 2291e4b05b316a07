"""Grad mode: the switches that the engine reads when it records an op or runs a backward pass.

``no_grad()`` (ops record no graph, for evaluation and updates) and ``set_grad_enabled(flag)`` hold per thread, as in
PyTorch. ``detect_anomaly()`` (the first op whose forward or backward gives NaN or inf raises) holds for the
whole process, as PyTorch's anomaly mode does.

The engine asks at every op whether to record. Reading a thread-local value costs several times a global, so it
first reads ``threads_without_grad``: while no thread has turned grad off, grad is on in every thread.
"""
import threading
from contextlib import contextmanager

import numpy as np


class _Mode(threading.local):
    grad_enabled = True


_mode = _Mode()  # this thread's switch
threads_without_grad = 0  # how many set_grad_enabled(False) blocks are open, in all threads together
_count_lock = threading.Lock()
anomaly = False  # detect_anomaly() is on (module-wide)


@contextmanager
def set_grad_enabled(enabled):
    """Inside this block ops record the graph (True) or not (False)."""
    global threads_without_grad
    previous, _mode.grad_enabled = _mode.grad_enabled, bool(enabled)
    change = (not enabled) - (not previous)  # +1 when this block turns grad off, -1 when it turns it back on
    with _count_lock:
        threads_without_grad += change
    try:
        yield
    finally:
        _mode.grad_enabled = previous
        with _count_lock:
            threads_without_grad -= change


def no_grad():
    """Inside this block ops record no graph: outputs are constants. Use it for evaluation and updates."""
    return set_grad_enabled(False)


@contextmanager
def detect_anomaly():
    """Inside this block the first op whose forward or backward yields NaN or inf raises FloatingPointError."""
    global anomaly
    previous, anomaly = anomaly, True
    try:
        yield
    finally:
        anomaly = previous


def is_grad_enabled():
    return _mode.grad_enabled


def check_forward(out, inputs):
    """Under detect_anomaly(), after each op's forward: its output must be finite."""
    if not np.all(np.isfinite(out.data)):
        raise FloatingPointError(f"detect_anomaly: the forward of op '{out.op}' produced NaN or inf "
                                 f"(input shapes: {_shapes(inputs)}). Check its inputs' ranges.")


def check_backward(node):
    """Under detect_anomaly(), after each op's backward: the gradients of its inputs must be finite."""
    from .tensor_ops import data_of  # at call time: tensor_ops builds on the engine, which imports this module
    for parent in node.parents:
        if parent.has_grad and not np.all(np.isfinite(data_of(parent.grad))):  # create_graph: grad is a Value
            raise FloatingPointError(f"detect_anomaly: the backward of op '{node.op}' produced NaN or inf "
                                     f"gradients (input shapes: {_shapes(node.parents)}).")


def _shapes(values):
    return ", ".join(str(np.shape(v.data)) for v in values)
