"""Callbacks: code that ``fit`` runs at fixed points of training, as in Keras.

    fit -> on_train_begin
           for each epoch:  on_epoch_begin, (on_train_batch_begin, on_train_batch_end) per batch, on_epoch_end
           on_train_end

``logs`` is a dict of floats: the running averages after a batch; after an epoch the epoch's ``loss`` and
metrics, and ``val_loss``, ``val_<metric>`` when there is validation data. A callback stops training by
setting ``self.model.stop_training = True``. ``self.params`` holds fit's settings: ``epochs``, ``steps`` (batches
per epoch), ``verbose`` and ``do_validation`` (whether val_ logs will come), so a callback that needs val_ logs
can say so in ``on_train_begin``, before any training.
"""
import csv
import math
import os
import string


class Callback:
    """Base class: override the hooks you need. ``self.model`` is the model being trained, ``self.params`` the
    settings of the fit that runs it. ``on_batch_begin``/``on_batch_end`` (Keras 2's names) run from
    ``on_train_batch_begin``/``on_train_batch_end``, so either spelling works."""

    model = None
    params = {}

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs)

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass


class History(Callback):
    """What ``fit`` returns: ``history[name]`` is the list of that log's values, one per epoch
    (``loss``, ``accuracy``, ``val_loss``, ...), and ``epoch`` the epoch indices (from 0)."""

    def __init__(self):
        super().__init__()
        self.history, self.epoch = {}, []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class LambdaCallback(Callback):
    """A callback from plain functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch))``.

    ``on_batch_begin``/``on_batch_end`` take ``(batch, logs)``, the epoch hooks ``(epoch, logs)`` and the
    train hooks ``(logs)``."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None):
        super().__init__()
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end,
                 "on_train_batch_begin": on_batch_begin, "on_train_batch_end": on_batch_end,
                 "on_train_begin": on_train_begin, "on_train_end": on_train_end}
        for name, fn in hooks.items():
            if fn is not None:
                if not callable(fn):
                    raise TypeError(f"LambdaCallback: {name.replace('train_batch', 'batch')} must be a function, "
                                    f"got {type(fn).__name__}")
                setattr(self, name, fn)


class _Monitor(Callback):
    """What EarlyStopping and ModelCheckpoint share: watch one log value and tell when it improves.

    ``mode`` is "min" (lower is better), "max", or "auto": max for accuracies, min for everything else."""

    def __init__(self, monitor, mode, min_delta=0.0):
        super().__init__()
        owner = type(self).__name__
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"{owner}: mode must be 'auto', 'min' or 'max', got {mode!r}")
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.monitor, self.mode, self.min_delta = monitor, mode, abs(float(min_delta))
        self.best = math.inf if mode == "min" else -math.inf

    def check_logged(self, names, what):
        """At the start of fit: fail at once if ``names`` include val_ logs but fit has no validation data.

        ``what`` says which setting needs them ("monitor='val_loss'", "filepath '...'")."""
        needed = [name for name in names if name.startswith("val_")]
        if needed and self.params.get("do_validation") is False:
            raise ValueError(f"{type(self).__name__}: {what} needs validation logs, but fit has no validation data; "
                             "pass validation_data=(x_val, y_val) or validation_split=0.2 to fit, or use the training "
                             f"logs ({', '.join(name[4:] for name in needed)}).")

    def current(self, logs):
        """The monitored value in ``logs``; a clear error when training does not log it."""
        if self.monitor not in (logs or {}):
            hint = " (val_ logs need validation_data or validation_split in fit)" if "val_" in self.monitor else ""
            raise ValueError(f"{type(self).__name__}: monitor={self.monitor!r} is not logged{hint}; "
                             f"the logs are {sorted(logs or {})}")
        return logs[self.monitor]

    def improved(self, value):
        """True when ``value`` beats the best so far by more than min_delta."""
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta


class EarlyStopping(_Monitor):
    """Stop training when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs in a
    row (``patience=0``: at the first epoch without improvement).

    With ``restore_best_weights=True`` the model gets back the weights of its best epoch when training ends
    (whether it stopped early or ran every epoch). ``stopped_epoch`` is the epoch it stopped at (0: it did not).
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta)
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: patience must be an integer >= 0, got {patience!r}")
        self.patience, self.restore_best_weights, self.verbose = patience, restore_best_weights, verbose
        self.baseline, self.start_from_epoch = baseline, start_from_epoch
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        """``baseline``: the value to beat; training stops after ``patience`` epochs that do not beat it."""
        self.check_logged([self.monitor], f"monitor={self.monitor!r}")
        self.best = (math.inf if self.mode == "min" else -math.inf) if self.baseline is None else self.baseline
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.stopped, self.best_weights = False, None

    def on_epoch_end(self, epoch, logs=None):
        value = self.current(logs)
        if epoch < self.start_from_epoch:
            return
        if self.improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.state_dict()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch, self.stopped = epoch, True
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.load_state_dict(self.best_weights)


class ModelCheckpoint(_Monitor):
    """Save the model after every epoch (``model.save``: for a Keras model the architecture and the weights,
    for an nn model the weights, an .npz file), or only when ``monitor`` improves with ``save_best_only=True``.
    ``save_weights_only=True`` saves the weights alone. ``save_freq``: "epoch", or a number of batches.
    ``filepath`` may name log values and the epoch (from 1), as in Keras: ``"weights-{epoch:02d}-{val_loss:.3f}
    .npz"``. A name or monitor that needs val_ logs fails at the start of fit when fit has no validation data.
    ``verbose=1`` prints Keras' messages ("Epoch 3: val_loss improved from 0.31 to 0.29, saving model to ...")."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode)
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ValueError(f"ModelCheckpoint: save_freq must be 'epoch' or a number of batches >= 1, got "
                             f"{save_freq!r}")
        self.filepath, self.save_best_only, self.verbose = os.fspath(filepath), save_best_only, verbose
        self.save_weights_only, self.save_freq = save_weights_only, save_freq
        if initial_value_threshold is not None:
            self.best = float(initial_value_threshold)
        self.epoch = self.batches = 0

    def filepath_names(self):
        """The log names that ``filepath`` formats in, such as ["epoch", "val_loss"]."""
        fields = (field for _, field, _, _ in string.Formatter().parse(self.filepath) if field)
        return [field.split(".")[0].split("[")[0].split(":")[0] for field in fields]

    def on_train_begin(self, logs=None):
        self.check_logged(self.filepath_names(), f"filepath {self.filepath!r}")
        if self.save_best_only:
            self.check_logged([self.monitor], f"monitor={self.monitor!r} with save_best_only=True")

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch":
            self.batches += 1
            if self.batches % self.save_freq == 0:
                self.save(self.epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self.save(epoch, logs)

    def save(self, epoch, logs):
        if self.save_best_only:
            value = self.current(logs)
            if not self.improved(value):
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to {value:.5f}, saving "
                      f"model to {self._path(epoch, logs)}")
            self.best = value
        elif self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: saving model to {self._path(epoch, logs)}")
        path = self._path(epoch, logs)
        if self.save_weights_only and hasattr(self.model, "save_weights"):
            self.model.save_weights(path)
        else:
            self.model.save(path)

    def _path(self, epoch, logs):
        logs = {"epoch": epoch + 1, **(logs or {})}
        missing = [name for name in self.filepath_names() if name not in logs]
        if missing:
            raise ValueError(f"ModelCheckpoint: filepath {self.filepath!r} names {missing[0]!r}, which is not logged; "
                             f"the logs are {sorted(name for name in logs if name != 'epoch')}. Name 'epoch' or one "
                             "of them.")
        return self.filepath.format(**logs)


def get_learning_rate(model, owner):
    """The learning rate of the model's optimizer (optim's ``lr`` or a Keras optimizer's ``learning_rate``)."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(f"{owner}: the model's optimizer is not built yet (its layers learn their size from the "
                         "first batch); declare the input shape (keras.Input or input_shape=) before fit")
    return float(optimizer.learning_rate if hasattr(optimizer, "learning_rate") else optimizer.lr)


def set_learning_rate(model, value):
    optimizer = model.optimizer
    if hasattr(optimizer, "learning_rate"):
        optimizer.learning_rate = float(value)
    else:
        optimizer.lr = float(value)


class ReduceLROnPlateau(_Monitor):
    """Multiply the learning rate by ``factor`` when ``monitor`` has not improved by ``min_delta`` for
    ``patience`` epochs, then wait ``cooldown`` epochs before watching again; never below ``min_lr``."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0):
        super().__init__(monitor, mode, min_delta)
        if not 0 < factor < 1:
            raise ValueError(f"ReduceLROnPlateau: factor must lie in (0, 1), got {factor!r}")
        self.factor, self.patience, self.verbose = float(factor), patience, verbose
        self.cooldown, self.min_lr = cooldown, float(min_lr)
        self.wait = self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self.check_logged([self.monitor], f"monitor={self.monitor!r}")
        self.best = math.inf if self.mode == "min" else -math.inf
        self.wait = self.cooldown_counter = 0

    def on_epoch_end(self, epoch, logs=None):
        value = self.current(logs)
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(self.model, "ReduceLROnPlateau")
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.improved(value):
            self.best, self.wait = value, 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old = get_learning_rate(self.model, "ReduceLROnPlateau")
            if old > self.min_lr:
                new = max(old * self.factor, self.min_lr)
                set_learning_rate(self.model, new)
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
                self.cooldown_counter, self.wait = self.cooldown, 0


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch to ``schedule(epoch, lr)`` (or ``schedule(epoch)``),
    epochs counted from 0."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler: schedule must be a function (epoch, lr) -> lr, got "
                            f"{type(schedule).__name__}")
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr = get_learning_rate(self.model, "LearningRateScheduler")
        try:
            new = self.schedule(epoch, lr)
        except TypeError:
            new = self.schedule(epoch)
        if isinstance(new, bool) or not isinstance(new, (int, float)) or not math.isfinite(new):
            raise ValueError(f"LearningRateScheduler: the schedule must return a finite number, got {new!r}")
        set_learning_rate(self.model, new)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {float(new)}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(self.model, "LearningRateScheduler")


class CSVLogger(Callback):
    """Write one row per epoch to a CSV file: ``epoch`` (from 0) and every log value, as Keras does."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename, self.separator, self.append = os.fspath(filename), separator, append
        self.keys, self.file, self.writer = None, None, None

    def on_train_begin(self, logs=None):
        exists = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self.file = open(self.filename, "a" if self.append else "w", newline="")
        self.keys = None
        self.has_header = exists

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            self.writer = csv.DictWriter(self.file, fieldnames=["epoch", *self.keys], delimiter=self.separator)
            if not self.has_header:
                self.writer.writeheader()
        self.writer.writerow({"epoch": epoch, **{key: logs.get(key, "NA") for key in self.keys}})
        self.file.flush()

    def on_train_end(self, logs=None):
        if self.file is not None:
            self.file.close()
            self.file = None


class TerminateOnNaN(Callback):
    """Stop training as soon as a batch's loss is NaN or infinite."""

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(loss):
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class CallbackList:
    """Call a hook on every callback in turn. Each gets the model and, when given, fit's ``params``."""

    def __init__(self, callbacks, model, params=None):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"fit: callbacks must be Callback instances (EarlyStopping, ModelCheckpoint, "
                                f"LambdaCallback, ...), got {type(callback).__name__}")
            callback.set_model(model)
            if params is not None:
                callback.set_params(params)

    def call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)
