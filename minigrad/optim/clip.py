"""Gradient clipping: rescale gradients whose total norm is too large, against exploding steps."""
import math

import numpy as np

from ..engine import Value


def clip_grad_norm_(params, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale all gradients by max_norm / (total_norm + 1e-6) when that is below 1, in place (PyTorch's rule).

    total_norm is the ``norm_type`` norm of all gradient entries together (the norm of the per-parameter
    norms, computed in float64); ``norm_type`` may be ``math.inf`` for the largest absolute entry. Parameters
    whose grad is None are skipped. Returns total_norm, measured before clipping, as a float.
    """
    params = [params] if isinstance(params, Value) else list(params)
    if not max_norm >= 0:
        raise ValueError(f"clip_grad_norm_: max_norm must be >= 0, got {max_norm}")
    grads = [p for p in params if p.has_grad]
    if not grads:
        return 0.0
    norms = [np.linalg.norm(np.ravel(p.grad).astype(np.float64, copy=False), norm_type) for p in grads]
    total_norm = float(np.linalg.norm(norms, norm_type))
    if error_if_nonfinite and not math.isfinite(total_norm):
        raise FloatingPointError(f"clip_grad_norm_: the total gradient norm is {total_norm}, so it cannot be "
                                 "clipped; find where the loss became non-finite (minigrad.detect_anomaly), or "
                                 "pass error_if_nonfinite=False to scale by it anyway")
    coef = max_norm / (total_norm + 1e-6)
    if not coef >= 1:  # also when coef is NaN, as in PyTorch
        for p in grads:
            p.grad = p.grad * coef  # a new array: grads are never aliased
    return total_norm
