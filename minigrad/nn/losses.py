"""Loss functions: one number that says how wrong the predictions are. Training lowers it by gradient descent.

Every loss here is called ``loss(prediction, target)`` (PyTorch's order) and returns a one-element Value, so
``loss.backward()`` starts backpropagation. They come in three forms:

* modules, PyTorch-style: ``nn.MSELoss()``, ``nn.CrossEntropyLoss()`` (from logits), ...;
* functions: ``mse_loss``, ``cross_entropy``, ... (from ``minigrad.functional``) and ``hinge_loss``;
* Keras names for ``compile(loss=...)``: ``get("binary_crossentropy")`` and friends. Keras losses take
  PROBABILITIES (the output of a sigmoid or softmax layer), not logits.
"""
from .. import functional as F
from ..training.losses import (EPSILON, KERAS_LOSSES, binary_crossentropy, categorical_crossentropy, get, hinge,
                               hinge_loss, mean_squared_error, sparse_categorical_crossentropy)
from .module import Module

__all__ = ["EPSILON", "KERAS_LOSSES", "binary_crossentropy", "categorical_crossentropy", "get", "hinge", "hinge_loss",
           "mean_squared_error", "sparse_categorical_crossentropy"]  # the Keras names, defined in training.losses

# ---- modules, PyTorch-style -----------------------------------------------------------------------------

class _Loss(Module):
    """A loss as a layer: ``criterion(prediction, target)``; ``reduction`` is 'mean', 'sum' or 'none'.
    ``from_logits`` tells Keras-style metrics whether predictions are raw scores or probabilities."""

    from_logits = False

    def __init__(self, reduction="mean"):
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}.")
        self.reduction = reduction

    def extra_repr(self):
        return f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """mean((pred - target)^2);  dpred = 2 (pred - target) / n"""

    def forward(self, pred, target):
        return F.mse_loss(pred, target, reduction=self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities: -(y log p + (1 - y) log(1 - p)), with log clamped at -100."""

    def forward(self, prob, target):
        return F.binary_cross_entropy(prob, target, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """BCE of sigmoid(z), computed stably from the logits z: max(z, 0) - z y + log(1 + e^-|z|);  dz = sigmoid(z) - y"""

    from_logits = True

    def forward(self, logits, target):
        return F.binary_cross_entropy_with_logits(logits, target, reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy from logits z (N, C): -log softmax(z)[label], for integer labels (N,) or one-hot /
    probability targets (N, C);  dz = softmax(z) - y"""

    from_logits = True

    def forward(self, logits, target):
        return F.cross_entropy(logits, target, reduction=self.reduction)


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities (N, C) (from log_softmax) and integer labels: -logp[label]"""

    def forward(self, log_probs, target):
        return F.nll_loss(log_probs, target, reduction=self.reduction)


class HingeLoss(Module):
    """mean(max(0, 1 - y * score)) for labels y in {-1, +1}; see ``hinge_loss``."""

    from_logits = True

    def forward(self, score, target):
        return hinge_loss(score, target)
