"""``GradientTape``: TensorFlow's way to ask for gradients, on top of ``minigrad.grad``.

    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = loss_fn(y, predictions)
    grads = tape.gradient(loss, model.trainable_weights)     # d loss / d w, one array per weight
    optimizer.apply_gradients(zip(grads, model.trainable_weights))

minigrad records every operation on Values that require grad, tape or no tape, so the ``with`` block only
marks where the computation happens. ``gradient`` runs backpropagation from ``target`` (summed, when it has
more than one entry, as TensorFlow does) and returns new Values; the ``.grad`` of every weight stays as it was.
"""
import numpy as np

from ..autograd import grad
from ..engine import Value


class GradientTape:
    """``with GradientTape() as tape: ...`` then ``tape.gradient(target, sources)``. A tape answers one
    ``gradient`` call unless ``persistent=True``."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self.persistent = persistent
        self.used = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def watch(self, tensor):
        """Ask for gradients with respect to ``tensor`` too (a Value that does not require grad, such as an
        input). Call it before ``tensor`` is used, inside the ``with`` block."""
        for value in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            if not isinstance(value, Value):
                raise TypeError(f"GradientTape.watch: expected a Value (minigrad.tensor(x)), got "
                                f"{type(value).__name__}; arrays are constants and have no gradient")
            value.requires_grad = True

    def gradient(self, target, sources):
        """d target / d source for each source: a list (or one Value for one source), shaped like the sources."""
        if self.used and not self.persistent:
            raise RuntimeError("GradientTape.gradient: this tape was already used; a tape answers one gradient() "
                               "call. Make it with GradientTape(persistent=True) to ask again.")
        self.used = True
        if not isinstance(target, Value):
            raise TypeError(f"GradientTape.gradient: target must be a Value computed inside the tape (such as a "
                            f"loss), got {type(target).__name__}")
        single = isinstance(sources, Value)
        sources = [sources] if single else list(sources)
        seed = None if target.size == 1 else np.ones(target.shape, dtype=target.dtype)
        grads = list(grad(target, sources, grad=seed))
        return grads[0] if single else grads
