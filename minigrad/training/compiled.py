"""What ``compile`` chose (the losses and metrics per output, the optimizer, the trainable snapshot), and how a
batch's targets are shaped to meet the model's outputs, as Keras shapes them."""
import numpy as np

from . import metrics as metrics_module


class Compiled:
    """What compile chose. Kept in a plain object, so that a loss Module is not registered as a layer."""

    def __init__(self, loss, losses, metrics, optimizer, trainable_state):
        self.loss, self.losses, self.metrics, self.optimizer = loss, losses, metrics, optimizer
        self.trainable_state = trainable_state  # [(module, its trainable flag at compile time)]
        self.loss_tracker = metrics_module.Mean(name="loss")
        self.output_loss_trackers = [] if len(losses) < 2 else \
            [metrics_module.Mean(name=f"output_{i}_loss") for i in range(max(i for i, _, _ in losses) + 1)]

    @property
    def loss_fn(self):
        return self.losses[0][1] if self.losses else None


def per_output(what, value, names, single):
    """``value`` as one entry per output: the same for every output, a list in output order, or a dict."""
    if single:
        return [value] * len(names)
    if isinstance(value, dict):
        unknown = [key for key in value if key not in names]
        if unknown:
            raise ValueError(f"compile: {what} names output {unknown[0]!r}, but the outputs are {names}")
        return [value.get(name) for name in names]
    value = list(value)
    if len(value) != len(names):
        raise ValueError(f"compile: {what} has {len(value)} entries but the model has {len(names)} outputs "
                         f"({', '.join(names)}); give one per output")
    return value


def metric_lists(metrics, names):
    """The metrics to report per output: a list for one output, a list of lists or a dict for several."""
    if metrics is None:
        return [[] for _ in names]
    if isinstance(metrics, str) or callable(metrics):
        metrics = [metrics]
    if isinstance(metrics, dict):
        return [metric_lists(metrics.get(name), [name])[0] for name in names]
    metrics = list(metrics)
    if len(names) > 1 and metrics and all(isinstance(m, (list, tuple)) or m is None for m in metrics):
        return [list(m or []) for m in per_output("metrics", metrics, names, single=False)]
    return [metrics] + [[] for _ in names[1:]] if len(names) == 1 else [list(metrics) for _ in names]


def loss_of(entries, i):
    for index, fn, _ in entries:
        if index == i:
            return fn
    return None


def shaped_target(y, y_pred, fn, loss):
    """The labels shaped for the loss, as Keras does: class labels (n,) or (n, 1) against (n, k) scores
    become integers of shape (n,) (float labels must be whole numbers: casting would truncate 1.5 to 1); any
    other target is cast to the output's dtype, and labels of shape (n,) against outputs of shape (n, 1)
    become (n, 1)."""
    y = np.asarray(y)
    if y_pred.ndim >= 2 and y_pred.shape[-1] > 1 and (y.ndim == y_pred.ndim - 1 or
                                                        (y.ndim == y_pred.ndim and y.shape[-1] == 1)):
        y = y.reshape(y_pred.shape[:-1])
        if y.dtype.kind == "f":
            check_whole(y, fn, loss)
        return y.astype(np.int64, copy=False)
    if y.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y = y[..., None]
    return y.astype(y_pred.dtype, copy=False)


def check_whole(labels, fn, loss):
    """Float class labels must be finite whole numbers; name the first that is not, by its index in the batch."""
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(~np.isfinite(labels) | (labels != np.round(labels)))
    if bad.size:
        index = tuple(int(i) for i in np.unravel_index(bad[0], labels.shape))
        name = repr(loss) if isinstance(loss, str) else getattr(loss, "__name__", type(loss).__name__)
        raise ValueError(f"{fn}: the loss {name} takes integer class labels, but label {labels[index]} at index "
                         f"{index[0] if labels.ndim == 1 else index} of the batch is not a whole number; truncating "
                         "it would train on the wrong class. Fix or drop such samples (np.flatnonzero(y != "
                         "np.round(y)) finds them all, NaN included), then pass y.astype(np.int64). For class "
                         "probabilities, pass one row of C probabilities per sample, shape (n, C), to a categorical "
                         "loss.")
