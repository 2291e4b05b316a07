"""KerasMixin: the Keras way to train any Module: compile, fit, evaluate, predict, train_on_batch, summary.

    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_split=0.2)
    loss, accuracy = model.evaluate(x_test, y_test)
    probabilities = model.predict(x_new)

Every training step is the loop of the lectures, for one mini-batch:

    output = model(x)                 # forward
    loss = loss_fn(output, y)         # how wrong the output is
    optimizer.zero_grad()
    loss.backward()                   # backpropagation: d loss / d parameter, by the chain rule
    optimizer.step()                  # gradient descent: parameter -= lr * gradient (or Adam's variant)

``trainable``: setting ``model.trainable = False`` freezes a model inside a bigger one, as the GAN of the
lectures does with its discriminator. ``compile`` takes a snapshot of every module's ``trainable`` flag, and
training uses that snapshot: a discriminator compiled while trainable keeps learning from its own
``train_on_batch`` after ``trainable = False``, while a combined model compiled after that leaves it fixed.

The class that inherits the mixin (``nn.Module``) provides: ``forward``, ``parameters()``,
``trainable_parameters()``, ``modules()``, ``named_children()``, the ``training`` and ``trainable`` flags,
``built``, ``input_shape``, ``compute_output_shape``, ``state_dict()``/``load_state_dict()``, ``save()``, and
``_resolve_loss``, which turns a loss name such as ``"mse"`` into a function: training never imports nn, so
nn supplies the table of names.
"""
import numbers
from contextlib import contextmanager

import numpy as np

from .. import optim
from ..data import DataLoader
from ..engine import Value, no_grad
from . import metrics as metrics_module
from .callbacks import CallbackList, History
from .progress import Progress
from .summary import summary_lines
from .symbolic import SymbolicTensor


class KerasMixin:
    """compile / fit / evaluate / predict / train_on_batch / test_on_batch / summary (see the module docstring)."""

    def __call__(self, *args, **kwargs):
        """``model(x)`` runs ``forward(x)``; on a SymbolicTensor (``keras.Input``) it records the call instead."""
        if args and isinstance(args[0], SymbolicTensor):
            return args[0].apply(self)
        return self.forward(*args, **kwargs)

    def _resolve_loss(self, loss):
        """The loss function ``loss(y_pred, y_true) -> scalar Value`` for ``loss``: a function passes through.
        nn.Module extends this to names ("mse", "binary_crossentropy", ...)."""
        if callable(loss):
            return loss
        raise ValueError(f"compile: loss {loss!r} is not a function; pass a function loss(y_pred, y_true)")

    # -- compile --
    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Choose the optimizer, the loss and the metrics to report.

        ``optimizer``: a name (``"sgd"``, ``"adam"``, ``"rmsprop"``, ... with Keras' default learning rates) or
        an optim.Optimizer. ``loss``: a name or a function ``loss(y_pred, y_true)`` returning a scalar Value.
        ``metrics``: a list of names (``"accuracy"``, ``"mae"``, ...) or functions ``fn(y_pred, y_true)``.
        The parameters to train are those of modules that are ``trainable`` now (a snapshot).
        """
        if loss is None:
            raise ValueError("compile: loss is missing; pass a name such as loss='mse' or "
                             "loss='binary_crossentropy', or a function loss(y_pred, y_true)")
        if isinstance(optimizer, str):
            if optimizer.lower() not in optim.KERAS_NAMES:
                raise ValueError(f"compile: unknown optimizer {optimizer!r}; use one of "
                                 f"{', '.join(optim.KERAS_NAMES)} or an optim.Optimizer instance")
        elif not isinstance(optimizer, optim.Optimizer):
            raise TypeError(f"compile: optimizer must be a name such as 'adam' or an optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        loss_fn = self._resolve_loss(loss)
        metrics = [metrics] if isinstance(metrics, str) or callable(metrics) else list(metrics or [])
        from_logits = metrics_module.takes_logits(loss_fn)
        self._compiled = _Compiled(loss, loss_fn, [metrics_module.get(metric, from_logits) for metric in metrics],
                                   optimizer, [(module, module.trainable) for module in self.modules()])
        self.optimizer = optimizer if isinstance(optimizer, optim.Optimizer) else None
        self.stop_training = False
        if self.optimizer is None and self.built:
            self.optimizer = self._build_optimizer()

    def _build_optimizer(self):
        params = self._compiled_trainable_parameters()
        if not params:
            raise ValueError(f"{type(self).__name__}: nothing to train: every parameter was frozen "
                             "(trainable=False) when compile was called. Set trainable=True and compile again.")
        return optim.get(self._compiled.optimizer, params)

    def _compiled_trainable_parameters(self):
        """The parameters that were trainable when compile ran (flags as in the snapshot, then restored)."""
        snapshot = self._compiled.trainable_state
        now = [(module, module.trainable) for module, _ in snapshot]
        try:
            for module, flag in snapshot:
                module.trainable = flag
            return self.trainable_parameters()
        finally:
            for module, flag in now:
                module.trainable = flag

    def _check_compiled(self, fn):
        if self.__dict__.get("_compiled") is None:
            raise RuntimeError(f"{fn}: the model is not compiled; call model.compile(optimizer='adam', "
                               "loss='mse') (or another loss) first")

    # -- one batch --
    def _train_step(self, x, y, fn="fit"):
        """forward, loss, backward, optimizer step on one batch; returns the batch's logs (loss and metrics).

        Parameters frozen at compile time stop requiring grad for the step, so backward skips them."""
        trainable = {id(p) for p in self._compiled_trainable_parameters()}
        frozen = [p for p in self.parameters() if p.requires_grad and id(p) not in trainable]
        for p in frozen:
            p.requires_grad = False
        try:
            output = self(x)
            target = _target(y, output.data, fn, self._compiled.loss)
            loss = self._loss_value(output, target, fn)
            if self.optimizer is None:
                self.optimizer = self._build_optimizer()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        finally:
            for p in frozen:
                p.requires_grad = True
        return self._batch_logs(loss, output.data, target)

    def _test_step(self, x, y, fn="evaluate"):
        """forward and loss on one batch, without gradients; returns the batch's logs."""
        with no_grad():
            output = self(x)
            target = _target(y, output.data, fn, self._compiled.loss)
            return self._batch_logs(self._loss_value(output, target, fn), output.data, target)

    def _loss_value(self, output, target, fn):
        loss = self._compiled.loss_fn(output, target)
        if not isinstance(loss, Value) or loss.size != 1:
            what = f"a Value of shape {loss.shape}" if isinstance(loss, Value) else type(loss).__name__
            raise ValueError(f"{fn}: the loss must return one number as a Value (reduce it with .mean()), "
                             f"got {what}")
        return loss

    def _batch_logs(self, loss, y_pred, y_true):
        logs = {"loss": loss.item()}
        logs.update((name, float(fn(y_pred, y_true))) for name, fn in self._compiled.metrics)
        return logs

    @contextmanager
    def _mode(self, training):
        """Train or eval mode for a while, then every module's own mode back."""
        modes = [(module, module.training) for module in self.modules()]
        self.train(training)
        try:
            yield
        finally:
            for module, mode in modes:
                module.training = mode

    # -- the Keras API --
    def fit(self, x=None, y=None, batch_size=32, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, seed=None):
        """Train for ``epochs`` passes over ``(x, y)`` in mini-batches; returns a History.

        ``validation_split``: the fraction of samples, taken from the end before shuffling (as Keras does),
        held out to compute ``val_loss`` and ``val_<metric>`` after each epoch. ``validation_data=(x_val,
        y_val)`` gives them instead (and wins over validation_split). ``shuffle`` deals the batches in a new
        order each epoch; ``seed`` makes that order, and so the whole run, repeatable. ``x`` may also be a
        DataLoader that yields ``(x, y)`` batches. ``verbose``: 0 silent, 1 progress bar, 2 a line per epoch.
        ``model.history`` is this fit's History from its start: after Ctrl-C (KeyboardInterrupt, which propagates,
        as in Keras) it holds the epochs that finished.
        """
        self._check_compiled("fit")
        _check_verbose("fit", verbose)
        _check_count("fit", "epochs", epochs, 0)
        train, validation = self._fit_data(x, y, batch_size, validation_split, validation_data, shuffle, seed)
        history = History()
        params = {"epochs": epochs, "steps": len(train), "verbose": verbose, "do_validation": validation is not None}
        callbacks = CallbackList([*(callbacks or []), history], self, params)
        self.history = history  # set now, as Keras does: after Ctrl-C it holds the epochs that finished
        self.stop_training = False
        logs = {}
        callbacks.call("on_train_begin", logs)
        for epoch in range(epochs):
            callbacks.call("on_epoch_begin", epoch, {})
            progress = Progress(len(train), verbose, f"Epoch {epoch + 1}/{epochs}")
            means = _Means()
            with self._mode(True):
                for step, (x_batch, y_batch) in enumerate(train):
                    callbacks.call("on_train_batch_begin", step, means.result())
                    means.add(self._train_step(x_batch, y_batch), len(x_batch))
                    callbacks.call("on_train_batch_end", step, means.result())
                    progress.update(step + 1, means.result())
            logs = means.result()
            if validation is not None:
                logs.update((f"val_{name}", value) for name, value in self._evaluate_batches(validation).items())
            progress.finish(logs)
            callbacks.call("on_epoch_end", epoch, logs)
            if self.stop_training:
                break
        callbacks.call("on_train_end", logs)
        return history

    def _fit_data(self, x, y, batch_size, validation_split, validation_data, shuffle, seed):
        """The training DataLoader and the validation one (or None)."""
        if isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real) \
                or not 0 <= validation_split < 1:
            raise ValueError(f"fit: validation_split is the fraction of samples held out, a number in [0, 1), "
                             f"got {validation_split!r}")
        validation = None if validation_data is None else self._validation_loader(validation_data, batch_size)
        if isinstance(x, DataLoader):
            if y is not None:
                raise ValueError("fit: x is a DataLoader, which yields (x, y) batches itself; leave y out")
            if validation_split and validation is None:
                raise ValueError("fit: validation_split cannot split a DataLoader; pass validation_data "
                                 "(another DataLoader or (x_val, y_val)) instead")
            return x, validation
        _check_count("fit", "batch_size", batch_size, 1)
        x, y = self._samples(x, y, "fit")
        if validation is None and validation_split:
            split_at = int(len(x) * (1 - validation_split))
            if split_at == 0 or split_at == len(x):
                raise ValueError(f"fit: validation_split={validation_split} of {len(x)} samples leaves "
                                 f"{split_at} to train on and {len(x) - split_at} to validate; both need at least "
                                 "one. Change validation_split or pass more data.")
            validation = DataLoader(x[split_at:], y[split_at:], batch_size)
            x, y = x[:split_at], y[:split_at]
        return DataLoader(x, y, batch_size, shuffle=shuffle, seed=seed), validation

    def _validation_loader(self, validation_data, batch_size):
        if isinstance(validation_data, DataLoader):
            return validation_data
        is_sequence = isinstance(validation_data, (tuple, list))
        if not is_sequence or len(validation_data) != 2:
            length = f" of length {len(validation_data)}" if is_sequence else ""
            raise ValueError("fit: validation_data must be a pair (x_val, y_val) or a DataLoader, got "
                             f"{type(validation_data).__name__}{length}")
        _check_count("fit", "batch_size", batch_size, 1)
        return DataLoader(*self._samples(*validation_data, "fit (validation_data)"), batch_size)

    def evaluate(self, x=None, y=None, batch_size=32, verbose=1, return_dict=False):
        """The loss and metrics on ``(x, y)`` (or a DataLoader), averaged over the samples, in eval mode.

        Returns the loss as a float when no metrics were compiled, else ``[loss, metric, ...]`` (a dict with
        ``return_dict=True``)."""
        self._check_compiled("evaluate")
        _check_verbose("evaluate", verbose)
        if isinstance(x, DataLoader) and y is not None:
            raise ValueError("evaluate: x is a DataLoader, which yields (x, y) batches itself; leave y out")
        loader = x if isinstance(x, DataLoader) else self._loader(x, y, batch_size, "evaluate")
        logs = self._evaluate_batches(loader, Progress(len(loader), verbose))
        return logs if return_dict else _keras_result(logs)

    def _evaluate_batches(self, loader, progress=None):
        means = _Means()
        with self._mode(False):
            for step, (x_batch, y_batch) in enumerate(loader):
                means.add(self._test_step(x_batch, y_batch), len(x_batch))
                if progress is not None:
                    progress.update(step + 1, means.result())
        if progress is not None:
            progress.finish(means.result())
        return means.result()

    def predict(self, x, batch_size=32, verbose=0):
        """The model's outputs for ``x`` as an ndarray, computed in batches in eval mode without a graph.

        ``verbose`` is 0 by default (Keras prints a bar): predict often runs inside a loop, as in the GAN lab."""
        _check_verbose("predict", verbose)
        if isinstance(x, DataLoader):
            loader = x
        else:
            _check_count("predict", "batch_size", batch_size, 1)
            loader = DataLoader(self._samples(x, None, "predict")[0], batch_size=batch_size)
        progress = Progress(len(loader), verbose)
        outputs = []
        with self._mode(False), no_grad():
            for step, batch in enumerate(loader):
                outputs.append(np.asarray(self(batch[0] if isinstance(batch, tuple) else batch).data))
                progress.update(step + 1, {})
        progress.finish({})
        return np.concatenate(outputs)

    def train_on_batch(self, x, y, return_dict=False):
        """One training step on exactly this batch. Returns its loss as a float when no metrics were
        compiled, else ``[loss, metric, ...]`` (or a dict with ``return_dict=True``)."""
        self._check_compiled("train_on_batch")
        x, y = self._samples(x, y, "train_on_batch")
        with self._mode(True):
            logs = self._train_step(x, y, "train_on_batch")
        return logs if return_dict else _keras_result(logs)

    def test_on_batch(self, x, y, return_dict=False):
        """The loss (and metrics) on this batch in eval mode, without training; returned as train_on_batch does."""
        self._check_compiled("test_on_batch")
        x, y = self._samples(x, y, "test_on_batch")
        with self._mode(False):
            logs = self._test_step(x, y, "test_on_batch")
        return logs if return_dict else _keras_result(logs)

    def summary(self, print_fn=print):
        """Print the Keras table: each layer's name and type, output shape and parameter count, then the
        totals of all, trainable and frozen parameters (see training/summary.py)."""
        shape = self.input_shape if self.input_shape is not None else getattr(self, "_data_shape", None)
        for line in summary_lines(self, shape, self._float_dtype()):
            print_fn(line)

    # -- data --
    def _float_dtype(self):
        """The dtype of the model's parameters (float32 unless built otherwise): inputs are cast to it."""
        params = self.parameters()
        return params[0].data.dtype if params else np.dtype(np.float32)

    def _samples(self, x, y, fn):
        """``x`` as an array of samples in the model's float dtype (signed integers, such as token ids, stay
        as they are) and ``y`` as an array with one label per sample (or None for predict)."""
        if x is None:
            raise ValueError(f"{fn}: x is missing; pass the inputs as an array of samples")
        x = np.asarray(x)
        if x.ndim == 0 or len(x) == 0:
            raise ValueError(f"{fn}: x must hold at least one sample along its first axis, got shape {x.shape}")
        if x.dtype.kind in "fub" and x.dtype != self._float_dtype():
            x = x.astype(self._float_dtype())
        self._data_shape = x.shape[1:]
        if y is None:
            if fn != "predict":
                raise ValueError(f"{fn}: y is missing; pass the targets (labels) for x")
            return x, None
        y = np.asarray(y)
        if y.ndim == 0 or len(y) != len(x):
            raise ValueError(f"{fn}: x has {len(x)} samples (shape {x.shape}) but y has "
                             f"{len(y) if y.ndim else 'no axis'} (shape {y.shape}); give one target per sample")
        return x, y

    def _loader(self, x, y, batch_size, fn):
        _check_count(fn, "batch_size", batch_size, 1)
        return DataLoader(*self._samples(x, y, fn), batch_size)


class _Compiled:
    """What compile chose. Kept in a plain object, so that a loss Module is not registered as a layer."""

    def __init__(self, loss, loss_fn, metrics, optimizer, trainable_state):
        self.loss, self.loss_fn, self.metrics, self.optimizer = loss, loss_fn, metrics, optimizer
        self.trainable_state = trainable_state  # [(module, its trainable flag at compile time)]


def _target(y, y_pred, fn, loss):
    """The labels shaped for the loss, as Keras does: class labels (n,) or (n, 1) against (n, k) scores
    become integers of shape (n,) (float labels must be whole numbers: casting would truncate 1.5 to 1); any
    other target is cast to the output's dtype, and labels of shape (n,) against outputs of shape (n, 1)
    become (n, 1)."""
    y = np.asarray(y)
    if y_pred.ndim >= 2 and y_pred.shape[-1] > 1 and (y.ndim == y_pred.ndim - 1 or
                                                        (y.ndim == y_pred.ndim and y.shape[-1] == 1)):
        y = y.reshape(y_pred.shape[:-1])
        if y.dtype.kind == "f":
            _check_whole(y, fn, loss)
        return y.astype(np.int64, copy=False)
    if y.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y = y[..., None]
    return y.astype(y_pred.dtype, copy=False)


def _check_whole(labels, fn, loss):
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


class _Means:
    """Running averages of batch logs, each batch weighted by its number of samples."""

    def __init__(self):
        self.totals, self.count = {}, 0

    def add(self, logs, n):
        for name, value in logs.items():
            self.totals[name] = self.totals.get(name, 0.0) + value * n
        self.count += n

    def result(self):
        return {name: total / self.count for name, total in self.totals.items()}


def _keras_result(logs):
    """What Keras returns: the loss alone, or [loss, metric, ...] when there are metrics."""
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _check_verbose(fn, verbose):
    if isinstance(verbose, bool) or verbose not in (0, 1, 2):
        raise ValueError(f"{fn}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), "
                         f"got {verbose!r}")


def _check_count(fn, name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{fn}: {name} must be an integer >= {low}, got {value!r}")
