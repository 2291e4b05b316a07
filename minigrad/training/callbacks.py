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
import math
import string


class Callback:
    """Base class: override the hooks you need. ``self.model`` is the model being trained, ``self.params`` the
    settings of the fit that runs it."""

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
        pass

    def on_train_batch_end(self, batch, logs=None):
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

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, mode="auto", restore_best_weights=False):
        super().__init__(monitor, mode, min_delta)
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: patience must be an integer >= 0, got {patience!r}")
        self.patience, self.restore_best_weights = patience, restore_best_weights
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self.check_logged([self.monitor], f"monitor={self.monitor!r}")
        self.best = math.inf if self.mode == "min" else -math.inf
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        value = self.current(logs)
        if self.improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.state_dict()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)


class ModelCheckpoint(_Monitor):
    """Save the model's weights (``model.save``, an .npz file) after every epoch, or only when ``monitor``
    improves with ``save_best_only=True``. ``filepath`` may name log values and the epoch (from 1), as in
    Keras: ``"weights-{epoch:02d}-{val_loss:.3f}.npz"``. A name or monitor that needs val_ logs fails at the
    start of fit when fit has no validation data."""

    def __init__(self, filepath, monitor="val_loss", save_best_only=False, mode="auto"):
        super().__init__(monitor, mode)
        self.filepath, self.save_best_only = str(filepath), save_best_only

    def filepath_names(self):
        """The log names that ``filepath`` formats in, such as ["epoch", "val_loss"]."""
        fields = (field for _, field, _, _ in string.Formatter().parse(self.filepath) if field)
        return [field.split(".")[0].split("[")[0] for field in fields]

    def on_train_begin(self, logs=None):
        self.check_logged(self.filepath_names(), f"filepath {self.filepath!r}")
        if self.save_best_only:
            self.check_logged([self.monitor], f"monitor={self.monitor!r} with save_best_only=True")

    def on_epoch_end(self, epoch, logs=None):
        if self.save_best_only:
            value = self.current(logs)
            if not self.improved(value):
                return
            self.best = value
        logs = {"epoch": epoch + 1, **(logs or {})}
        missing = [name for name in self.filepath_names() if name not in logs]
        if missing:
            raise ValueError(f"ModelCheckpoint: filepath {self.filepath!r} names {missing[0]!r}, which is not logged; "
                             f"the logs are {sorted(name for name in logs if name != 'epoch')}. Name 'epoch' or one "
                             "of them.")
        self.model.save(self.filepath.format(**logs))


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
