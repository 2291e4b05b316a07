"""Keras' losses by name, for ``compile(loss="...")``: functions of (prediction, target) on probabilities.

They live here, below ``nn``, because ``compile`` resolves them and ``nn.Module`` inherits ``compile``; ``nn.losses``
re-exports them beside its loss modules. Keras losses take PROBABILITIES (the output of a sigmoid or softmax
layer), not logits, and clip them into [1e-7, 1 - 1e-7] as Keras does.
"""
import numpy as np

from .. import functional as F
from ..engine import Value, as_value

EPSILON = 1e-7  # Keras clips probabilities into [EPSILON, 1 - EPSILON] so that log never sees 0


# ---- functions --------------------------------------------------------------------------------------

def hinge_loss(score, target):
    """loss = mean(max(0, 1 - y * score)) with labels y in {-1, +1} (the SVM loss).

    d loss / d score = -y / n where y * score < 1 (inside the margin), else 0."""
    score = as_value(score)
    y = np.asarray(target.data if isinstance(target, Value) else target)
    if not np.isin(y, (-1, 1)).all():
        raise ValueError(f"hinge_loss: targets must be -1 or +1, got values {np.unique(y)[:6]}. "
                         "Map 0/1 labels with 2 * y - 1 (the Keras 'hinge' loss does this for you).")
    return (1 - score * _aligned(score, y, "hinge_loss")).relu().mean()


def _aligned(pred, target, where):
    """The target as an array of the prediction's float dtype and shape. Labels of shape (N,) for a
    prediction of shape (N, 1) gain the trailing axis, as Keras does; any other mismatch is an error."""
    target = np.asarray(target.data if isinstance(target, Value) else target)
    if target.shape != pred.shape and target.shape == pred.shape[:-1] and pred.shape[-1:] == (1,):
        target = target.reshape(pred.shape)
    if target.shape != pred.shape:
        raise ValueError(f"{where}: prediction of shape {pred.shape} and target of shape {target.shape} differ. "
                         "Give one target per output entry (reshape the labels to the model's output shape).")
    return target.astype(pred.dtype, copy=False)


# ---- Keras' losses, which take probabilities ---------------------------------------------------------------

def mean_squared_error(pred, target):
    """Keras 'mse': mean((p - y)^2);  dp = 2 (p - y) / n"""
    pred = as_value(pred)
    return F.mse_loss(pred, _aligned(pred, target, "mean_squared_error"))


def binary_crossentropy(prob, target):
    """Keras 'binary_crossentropy' on probabilities p = sigmoid(z): mean(-(y log p + (1 - y) log(1 - p))), with p
    clipped into [1e-7, 1 - 1e-7] as Keras does, so a sigmoid that rounds to exactly 0 or 1 costs at most
    -log(1e-7) = 16 instead of 100. dp = (p - y) / (n p (1 - p)) inside the clip range, 0 outside."""
    prob = as_value(prob)
    target = _aligned(prob, target, "binary_crossentropy")
    return F.binary_cross_entropy(prob.clip(EPSILON, 1 - EPSILON), target)


def categorical_crossentropy(prob, target):
    """Keras 'categorical_crossentropy' on probabilities p = softmax(z) and one-hot targets y:
    mean over samples of -sum_k y_k log p_k, with p clipped into [1e-7, 1 - 1e-7] (finite at p = 0).
    dp_k = -y_k / (n p_k) inside the clip range, 0 outside."""
    prob = as_value(prob)
    _check_one_hot(prob, target)
    y = _aligned(prob, target, "categorical_crossentropy")
    return -(prob.clip(EPSILON, 1 - EPSILON).log() * y).sum(axis=-1).mean()


def _check_one_hot(prob, target):
    """categorical_crossentropy takes one-hot rows (N, C); one class label per sample, (N,) or (N, 1), is the
    input of the sparse loss instead. Reshaping such labels would not help, so say what would."""
    shape = np.shape(target.data if isinstance(target, Value) else target)
    classes = prob.shape[-1] if prob.ndim >= 2 else 1
    if classes > 1 and shape in (prob.shape[:-1], prob.shape[:-1] + (1,)):
        raise ValueError(f"categorical_crossentropy: target of shape {shape} holds one class label per sample, but "
                         f"this loss takes one-hot targets of shape {prob.shape}. For integer class labels use "
                         f"loss='sparse_categorical_crossentropy', or one-hot them with "
                         f"keras.utils.to_categorical(y, {classes}).")


def sparse_categorical_crossentropy(prob, target):
    """Keras 'sparse_categorical_crossentropy': probabilities p of shape (N, C) and integer labels (N,):
    mean of -log p[i, label_i], clipped like categorical_crossentropy."""
    prob = as_value(prob)
    labels = np.asarray(target.data if isinstance(target, Value) else target)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if prob.ndim != 2 or labels.shape != prob.shape[:1]:
        raise ValueError(f"sparse_categorical_crossentropy: expected probabilities (N, C) and labels (N,), got "
                         f"{prob.shape} and {labels.shape}. For one-hot targets use 'categorical_crossentropy'.")
    if labels.dtype.kind not in "iu" and not np.array_equal(labels, np.round(labels)):
        raise TypeError(f"sparse_categorical_crossentropy: labels must be integer class indices, got dtype "
                        f"{labels.dtype} with values {np.unique(labels)[:6]}.")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= prob.shape[1]):
        raise ValueError(f"sparse_categorical_crossentropy: labels must lie in [0, {prob.shape[1]}) for "
                         f"{prob.shape[1]} classes, got values from {labels.min()} to {labels.max()}.")
    return -prob[np.arange(len(labels)), labels].clip(EPSILON, 1 - EPSILON).log().mean()


def hinge(score, target):
    """Keras 'hinge': labels 0/1 become -1/+1, then hinge_loss."""
    score = as_value(score)
    y = _aligned(score, target, "hinge")
    return hinge_loss(score, np.where(y == 0, -1, y))


# ---- names, for compile(loss="...") -----------------------------------------------------------------------

KERAS_LOSSES = {"mse": mean_squared_error, "mean_squared_error": mean_squared_error,
                "binary_crossentropy": binary_crossentropy, "categorical_crossentropy": categorical_crossentropy,
                "sparse_categorical_crossentropy": sparse_categorical_crossentropy, "hinge": hinge}


def get(loss):
    """The loss function for a Keras name ('mse', 'binary_crossentropy', ...); a loss module or function passes
    through. The result is called ``loss(prediction, target)``."""
    if isinstance(loss, str):
        if loss.lower() not in KERAS_LOSSES:
            raise ValueError(f"losses.get: unknown loss {loss!r}; choose one of {sorted(KERAS_LOSSES)}, or pass a "
                             "loss module (nn.CrossEntropyLoss()) or a function (prediction, target) -> Value.")
        return KERAS_LOSSES[loss.lower()]
    if isinstance(loss, type):
        raise TypeError(f"losses.get: got the class {loss.__name__}; pass an instance, {loss.__name__}().")
    if not callable(loss):
        raise TypeError(f"losses.get: a loss must be a name or a callable (prediction, target) -> Value, got "
                        f"{type(loss).__name__}: {loss!r:.60}.")
    return loss
