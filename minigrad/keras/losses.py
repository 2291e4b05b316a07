"""Keras' losses: called ``loss(y_true, y_pred)``, TRUE LABELS FIRST (PyTorch and minigrad.nn put the
prediction first). Each comes as a function, which returns one loss per sample, and as an object, which
returns their mean (weighted by ``sample_weight`` when given):

    keras.losses.binary_crossentropy(y_true, y_pred)            # shape (N,)
    bce = keras.losses.BinaryCrossentropy(from_logits=True)      # an object
    bce(y_true, y_pred)                                           # one number: sum(w_i * loss_i) / N

With ``from_logits=True`` y_pred holds raw scores z, and the loss applies the sigmoid or softmax itself, in a
form that stays finite for any z: BCE(z, y) = max(z, 0) - z y + log(1 + exp(-|z|)). On probabilities the
losses clip p into [1e-7, 1 - 1e-7], as Keras does, so log never sees 0.

Per sample i, with the mean taken over the last axis where one sample has several outputs:
    binary_crossentropy         -(y log p + (1 - y) log(1 - p))
    categorical_crossentropy    -sum_k y_k log p_k           (one-hot y; p normalized to sum 1)
    sparse_categorical_crossentropy   -log p[label]          (integer labels)
    mean_squared_error (mse)    mean (p - y)^2;   mean_absolute_error (mae)  mean |p - y|
"""
import numpy as np

from .. import functional as F
from ..engine import Value, as_value

EPSILON = 1e-7


def _pair(y_true, y_pred, name):
    """y_pred as a Value and y_true as an array of its shape (labels (N,) against outputs (N, 1) gain the axis)."""
    y_pred = as_value(y_pred)
    y_true = np.asarray(y_true.data if isinstance(y_true, Value) else y_true)
    if y_true.shape != y_pred.shape and y_true.size == y_pred.size:
        y_true = y_true.reshape(y_pred.shape)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{name}: y_true of shape {y_true.shape} and y_pred of shape {y_pred.shape} differ; "
                         "Keras' losses take (y_true, y_pred), true labels first. For integer class labels against "
                         "(N, C) scores use sparse_categorical_crossentropy.")
    return y_true.astype(y_pred.dtype, copy=False), y_pred


def _last_axis_mean(values):
    return values if values.ndim <= 1 else values.mean(axis=-1)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """Per sample: mean over the last axis of -(y log p + (1 - y) log(1 - p))."""
    y, z = _pair(y_true, y_pred, "binary_crossentropy")
    if label_smoothing:
        y = y * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        return _last_axis_mean(F.binary_cross_entropy_with_logits(z, y, reduction="none"))
    p = z.clip(EPSILON, 1 - EPSILON)
    return _last_axis_mean(-(p.log() * y + (1 - p).log() * (1 - y)))


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """Per sample: -sum_k y_k log p_k, for one-hot (or probability) rows y."""
    y_pred = as_value(y_pred)
    shape = np.shape(y_true.data if isinstance(y_true, Value) else y_true)
    if y_pred.ndim >= 2 and y_pred.shape[-1] > 1 and shape in (y_pred.shape[:-1], y_pred.shape[:-1] + (1,)):
        raise ValueError(f"categorical_crossentropy: target of shape {shape} holds one class label per sample, but "
                         f"this loss takes one-hot targets of shape {y_pred.shape}. For integer class labels use "
                         f"loss='sparse_categorical_crossentropy', or one-hot them with "
                         f"keras.utils.to_categorical(y, {y_pred.shape[-1]}).")
    y, z = _pair(y_true, y_pred, "categorical_crossentropy")
    if label_smoothing:
        y = y * (1 - label_smoothing) + label_smoothing / y.shape[-1]
    if from_logits:
        return -(z.log_softmax(axis=-1) * y).sum(axis=-1)
    p = (z / z.sum(axis=-1, keepdims=True)).clip(EPSILON, 1 - EPSILON)
    return -(p.log() * y).sum(axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Per sample: -log p[label] for integer labels of shape (N,) or (N, 1) against (N, C) outputs."""
    y_pred = as_value(y_pred)
    labels = np.asarray(y_true.data if isinstance(y_true, Value) else y_true)
    if labels.ndim == y_pred.ndim and labels.shape[-1:] == (1,):
        labels = labels[..., 0]
    if y_pred.ndim != 2 or labels.shape != y_pred.shape[:1]:
        raise ValueError(f"sparse_categorical_crossentropy: expected integer labels (N,) and outputs (N, C), got "
                         f"y_true {labels.shape} and y_pred {y_pred.shape}. One-hot labels go to "
                         "categorical_crossentropy.")
    if labels.dtype.kind == "f" and not np.array_equal(labels, np.round(labels)):
        raise ValueError(f"sparse_categorical_crossentropy: labels must be whole class numbers, got "
                         f"{labels[labels != np.round(labels)][0]}")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= y_pred.shape[1]):
        raise ValueError(f"sparse_categorical_crossentropy: labels must lie in [0, {y_pred.shape[1]}) for "
                         f"{y_pred.shape[1]} outputs, got {labels.min()}..{labels.max()}")
    if from_logits:
        return F.cross_entropy(y_pred, labels, reduction="none")
    p = y_pred / y_pred.sum(axis=-1, keepdims=True)
    return -p[np.arange(len(labels)), labels].clip(EPSILON, 1 - EPSILON).log()


def mean_squared_error(y_true, y_pred):
    """Per sample: mean over the last axis of (p - y)^2."""
    y, p = _pair(y_true, y_pred, "mean_squared_error")
    return _last_axis_mean((p - y) ** 2)


def mean_absolute_error(y_true, y_pred):
    """Per sample: mean over the last axis of |p - y|."""
    y, p = _pair(y_true, y_pred, "mean_absolute_error")
    return _last_axis_mean((p - y).abs())


def hinge(y_true, y_pred):
    """Per sample: mean of max(0, 1 - y p), with 0/1 labels mapped to -1/+1."""
    y, p = _pair(y_true, y_pred, "hinge")
    y = np.where(y == 0, -1.0, y).astype(p.dtype)
    return _last_axis_mean((1 - p * y).relu())


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error


class Loss:
    """A loss object: ``loss(y_true, y_pred, sample_weight=None)`` is sum_i w_i loss_i / N (Keras'
    "sum_over_batch_size", N the number of losses: one per sample, or one per pixel for an image output),
    one number as a Value. ``reduction="none"`` returns the losses per sample."""

    from_logits = False

    def __init__(self, fn, name=None, reduction="sum_over_batch_size", **options):
        if reduction not in ("sum_over_batch_size", "auto", "sum", "none", None):
            raise ValueError(f"{type(self).__name__}: reduction must be 'sum_over_batch_size', 'sum' or 'none', "
                             f"got {reduction!r}")
        self.fn, self.options, self.reduction = fn, options, reduction
        self.name = name or fn.__name__
        self.from_logits = bool(options.get("from_logits", False))

    def call(self, y_true, y_pred):
        """The losses per sample."""
        return self.fn(y_true, y_pred, **self.options)

    def __call__(self, y_true, y_pred, sample_weight=None):
        values = as_value(self.call(y_true, y_pred))
        if sample_weight is not None:
            weight = np.asarray(sample_weight, dtype=values.dtype).reshape(
                np.shape(sample_weight) + (1,) * (values.ndim - np.ndim(sample_weight)))
            values = values * weight
        if self.reduction == "none":
            return values
        total = values.sum()
        return total if self.reduction == "sum" else total / max(values.size, 1)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction, **self.options}

    def __repr__(self):
        return f"<keras.losses.{type(self).__name__} {self.name}>"


class BinaryCrossentropy(Loss):
    def __init__(self, from_logits=False, label_smoothing=0.0, reduction="sum_over_batch_size",
                 name="binary_crossentropy"):
        super().__init__(binary_crossentropy, name, reduction, from_logits=from_logits,
                         label_smoothing=label_smoothing)


class CategoricalCrossentropy(Loss):
    def __init__(self, from_logits=False, label_smoothing=0.0, reduction="sum_over_batch_size",
                 name="categorical_crossentropy"):
        super().__init__(categorical_crossentropy, name, reduction, from_logits=from_logits,
                         label_smoothing=label_smoothing)


class SparseCategoricalCrossentropy(Loss):
    def __init__(self, from_logits=False, reduction="sum_over_batch_size", name="sparse_categorical_crossentropy"):
        super().__init__(sparse_categorical_crossentropy, name, reduction, from_logits=from_logits)


class MeanSquaredError(Loss):
    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error"):
        super().__init__(mean_squared_error, name, reduction)


class MeanAbsoluteError(Loss):
    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error"):
        super().__init__(mean_absolute_error, name, reduction)


class Hinge(Loss):
    def __init__(self, reduction="sum_over_batch_size", name="hinge"):
        super().__init__(hinge, name, reduction)


NAMES = {"binary_crossentropy": BinaryCrossentropy, "bce": BinaryCrossentropy,
         "categorical_crossentropy": CategoricalCrossentropy,
         "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
         "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError, "mae": MeanAbsoluteError,
         "mean_absolute_error": MeanAbsoluteError, "hinge": Hinge}


def get(identifier):
    """A loss object for compile: a name (``"binary_crossentropy"``, ``"mse"``, ...), a loss object, or a
    function ``fn(y_true, y_pred)`` returning one loss per sample (or their mean), which gets wrapped."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        if identifier not in NAMES:
            raise ValueError(f"compile: unknown loss {identifier!r}; use one of {', '.join(NAMES)}, a "
                             "keras.losses object, or a function loss(y_true, y_pred)")
        return NAMES[identifier]()
    if callable(identifier):
        loss = Loss(identifier, getattr(identifier, "__name__", type(identifier).__name__))
        loss.from_logits = bool(getattr(identifier, "from_logits", False))
        return loss
    raise ValueError(f"compile: loss must be a name, a keras.losses object or a function loss(y_true, y_pred), "
                     f"got {type(identifier).__name__}")


__all__ = ["Loss", "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
           "MeanSquaredError", "MeanAbsoluteError", "Hinge", "binary_crossentropy", "categorical_crossentropy",
           "sparse_categorical_crossentropy", "mean_squared_error", "mean_absolute_error", "hinge", "mse", "mae",
           "get"]
