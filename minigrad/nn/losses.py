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
    """BCE of sigmoid(z), computed stably from the logits z: max(z, 0) - z y + log(1 + e^-|z|);  dz = sigmoid(z) - y.
    ``pos_weight`` (one per class) weighs the positive examples."""

    from_logits = True

    def __init__(self, reduction="mean", pos_weight=None):
        super().__init__(reduction)
        self.pos_weight = pos_weight

    def forward(self, logits, target):
        return F.binary_cross_entropy_with_logits(logits, target, reduction=self.reduction, pos_weight=self.pos_weight)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy from logits z (N, C) or (N, C, d1, ...): -log softmax(z)[label], for integer labels
    or probability targets;  dz = softmax(z) - y. Options as PyTorch: class ``weight``, ``ignore_index``,
    ``label_smoothing``."""

    from_logits = True

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        self.weight, self.ignore_index, self.label_smoothing = weight, int(ignore_index), float(label_smoothing)

    def forward(self, logits, target):
        return F.cross_entropy(logits, target, reduction=self.reduction, weight=self.weight,
                               ignore_index=self.ignore_index, label_smoothing=self.label_smoothing)


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities (N, C) (from log_softmax) and integer labels: -logp[label].
    Options as PyTorch: class ``weight``, ``ignore_index``."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(reduction)
        self.weight, self.ignore_index = weight, int(ignore_index)

    def forward(self, log_probs, target):
        return F.nll_loss(log_probs, target, reduction=self.reduction, weight=self.weight,
                          ignore_index=self.ignore_index)


class L1Loss(_Loss):
    """mean(|pred - target|);  dpred = sign(pred - target) / n"""

    def forward(self, pred, target):
        return F.l1_loss(pred, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Squared error below ``beta``, absolute error above it (divided by beta); see ``F.smooth_l1_loss``."""

    def __init__(self, reduction="mean", beta=1.0):
        super().__init__(reduction)
        self.beta = float(beta)

    def forward(self, pred, target):
        return F.smooth_l1_loss(pred, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """Half the squared error up to ``delta``, then delta times the absolute error; see ``F.huber_loss``."""

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        self.delta = float(delta)

    def forward(self, pred, target):
        return F.huber_loss(pred, target, reduction=self.reduction, delta=self.delta)


class KLDivLoss(Module):
    """KL(target || p) from log-probabilities ``input`` = log p: sum t (log t - log p); ``reduction`` may also
    be 'batchmean' (the sum over a sample, averaged over the batch)."""

    def __init__(self, reduction="mean", log_target=False):
        super().__init__()
        self.reduction, self.log_target = reduction, bool(log_target)

    def forward(self, log_probs, target):
        return F.kl_div(log_probs, target, reduction=self.reduction, log_target=self.log_target)

    def extra_repr(self):
        return f"reduction={self.reduction!r}, log_target={self.log_target}"


class HingeLoss(Module):
    """mean(max(0, 1 - y * score)) for labels y in {-1, +1}; see ``hinge_loss``."""

    from_logits = True

    def forward(self, score, target):
        return hinge_loss(score, target)
