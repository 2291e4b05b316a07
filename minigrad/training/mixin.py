"""KerasMixin: the Keras way to train any Module: compile, fit, evaluate, predict, train_on_batch, summary.

    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_split=0.2)
    loss, accuracy = model.evaluate(x_test, y_test)
    probabilities = model.predict(x_new)

``fit`` calls ``train_step(data)`` once per batch, as Keras does, and a subclass may override it (the GAN
does). The default step is the loop of the lectures, for one mini-batch:

    output = model(x)                 # forward
    loss = loss_fn(output, y)         # how wrong the output is
    optimizer.zero_grad()
    loss.backward()                   # backpropagation: d loss / d parameter, by the chain rule
    optimizer.step()                  # gradient descent: parameter -= lr * gradient (or Adam's variant)

and it returns the logs: the running means of the loss and metrics since the epoch began (``model.metrics``
holds the trackers, which fit resets at each epoch). What a step returns is what the progress bar and the
callbacks see: an overriding ``train_step`` returns its own dict.

``trainable``: setting ``model.trainable = False`` freezes a model inside a bigger one, as the GAN of the
lectures does with its discriminator. ``compile`` takes a snapshot of every module's ``trainable`` flag, and
training uses that snapshot (Keras 2's rule): a discriminator compiled while trainable keeps learning from its
own ``train_on_batch`` after ``trainable = False``, while a combined model compiled after that leaves it fixed.

The class that inherits the mixin (``nn.Module``) provides: ``forward``, ``parameters()``,
``trainable_parameters()``, ``modules()``, ``named_children()``, the ``training`` and ``trainable`` flags,
``built``, ``input_shape``, ``compute_output_shape``, ``state_dict()``/``load_state_dict()``, ``save()``, and
``_resolve_loss``, which turns a loss name such as ``"mse"`` into a function: training never imports nn, so
nn supplies the table of names. ``loss_order`` says how losses and metric functions are called:
``"pred_first"`` (PyTorch, nn's default) or ``"true_first"`` (Keras, minigrad.keras's models).
"""
import numbers
from contextlib import contextmanager

import numpy as np

from .. import optim
from ..engine import Value, no_grad
from . import metrics as metrics_module
from . import optimizers
from .batches import ArrayBatches, StreamBatches, is_stream, leaves, map_structure, pack, unpack
from .callbacks import CallbackList, History
from .compiled import Compiled, loss_of, metric_lists, per_output, shaped_target
from .progress import Progress
from .summary import summary_lines
from .symbolic import SymbolicTensor, symbolic_inputs


class KerasMixin:
    """compile / fit / evaluate / predict / train_on_batch / test_on_batch / summary (see the module docstring)."""

    loss_order = "pred_first"
    history_class = History  # what fit returns; the GAN's adds its sample grids
    _fn = "fit"  # the API call a step runs for, named in error messages

    def __call__(self, *args, training=None, **kwargs):
        """``model(x)`` runs ``forward(x)``; on keras.Input placeholders it records the call instead.
        ``training=True/False`` runs it in train or eval mode (Dropout, BatchNorm), then restores the modes."""
        if args and symbolic_inputs(args[0]):
            return SymbolicTensor.record(self, args[0], kwargs)
        if training is None:
            return self.forward(*args, **kwargs)
        with self._mode(bool(training)):
            return self.forward(*args, **kwargs)

    def _resolve_loss(self, loss):
        """The loss function ``loss(y_pred, y_true) -> scalar Value`` for ``loss``: a function passes through.
        nn.Module extends this to names ("mse", "binary_crossentropy", ...)."""
        if callable(loss):
            return loss
        raise ValueError(f"compile: loss {loss!r} is not a function; pass a function loss(y_pred, y_true)")

    def loss_order_of(self, loss_fn):
        """How ``loss_fn`` is called: "pred_first" (loss(y_pred, y_true)) or "true_first" (Keras)."""
        return self.loss_order

    def _resolve_metric(self, metric, from_logits):
        """A metric object (update_state/result/reset_state) for a name, a function or a metric object."""
        return metrics_module.as_metric(metric, from_logits, self.loss_order)

    # -- compile --
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None):
        """Choose the optimizer, the loss and the metrics to report.

        ``optimizer``: a name (``"sgd"``, ``"adam"``, ``"rmsprop"``, ... with Keras' default learning rates), an
        optim.Optimizer, or a Keras optimizer object (keras.optimizers.Adam(...)). ``loss``: a name or a
        function; for a model with several outputs a list (one per output) or a dict by output name.
        ``loss_weights`` weigh them in the total loss. ``loss=None`` is for models whose own ``train_step``
        computes the loss. ``metrics``: names (``"accuracy"``, ``"mae"``, ...), functions or metric objects;
        a list of lists or a dict for several outputs. The parameters to train are those of modules that are
        ``trainable`` now (a snapshot).
        """
        if isinstance(optimizer, str):
            if optimizer.lower() not in optim.KERAS_NAMES:
                raise ValueError(f"compile: unknown optimizer {optimizer!r}; use one of "
                                 f"{', '.join(optim.KERAS_NAMES)} or an optim.Optimizer instance")
        elif not isinstance(optimizer, (optim.Optimizer, optimizers.Optimizer)):
            raise TypeError(f"compile: optimizer must be a name such as 'adam' or an optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        names = self.output_names
        losses = per_output("loss", loss, names, single=callable(loss) or isinstance(loss, str) or loss is None)
        weights = [1.0] * len(losses) if loss_weights is None else \
            per_output("loss_weights", loss_weights, names, single=False)
        entries = [(i, self._resolve_loss(each), float(w)) for i, (each, w) in enumerate(zip(losses, weights))
                   if each is not None]
        chosen_metrics = metric_lists(metrics, names)
        compiled_metrics = []
        for i, chosen in enumerate(chosen_metrics):
            from_logits = bool(entries) and metrics_module.takes_logits(loss_of(entries, i))
            for metric in chosen:
                compiled_metrics.append((i, self._resolve_metric(metric, from_logits)))
        if len(names) > 1:
            for i, metric in compiled_metrics:
                metric.name = f"{names[i]}_{metric.name}"
        self._compiled = Compiled(loss, entries, compiled_metrics, optimizer,
                                   [(module, module.trainable) for module in self.modules()])
        for name, tracker in zip(names, self._compiled.output_loss_trackers):
            tracker.name = f"{name}_loss"
        self.optimizer = optimizer if not isinstance(optimizer, str) else None
        self.stop_training = False
        if self.optimizer is None and self.built and entries:
            self.optimizer = self._build_optimizer()

    @property
    def output_names(self):
        """The names of the model's outputs (one, "output", unless a keras Model says otherwise)."""
        return ["output"]

    @property
    def metrics(self):
        """The metric objects fit resets at each epoch: the loss tracker and the compiled metrics."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            return []
        return [compiled.loss_tracker, *compiled.output_loss_trackers, *(m for _, m in compiled.metrics)]

    @property
    def metrics_names(self):
        return [metric.name for metric in self.metrics]

    def reset_metrics(self):
        """Start every metric of ``model.metrics`` afresh (fit does this at each epoch)."""
        for metric in self.metrics:
            metric.reset_state()

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

    # -- one batch: the steps fit, evaluate and predict call --
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, fn="fit"):
        """The compiled loss of ``y_pred`` against ``y`` (the weighted sum over outputs), a one-element Value."""
        compiled = self._compiled
        if not compiled.losses:
            raise ValueError(f"{fn}: compile was called without a loss; pass loss=... to compile, or override "
                             "train_step to compute the loss yourself")
        outputs, targets = _as_list(y_pred), self._target_list(y, fn)
        if len(targets) != len(outputs):
            raise ValueError(f"{fn}: the model has {len(outputs)} outputs but got {len(targets)} targets; pass one "
                             "target array per output (a list, or a dict by output name)")
        total = None
        for i, loss_fn, weight in compiled.losses:
            value = self._loss_value(loss_fn, outputs[i], targets[i], sample_weight, fn)
            if len(compiled.losses) > 1:
                compiled.output_loss_trackers[i].update_state(value.item(), len(leaves(x)[0]) if x is not None else 1)
            term = value if weight == 1.0 else value * weight
            total = term if total is None else total + term
        return total

    def _loss_value(self, loss_fn, output, target, sample_weight, fn):
        if self.loss_order_of(loss_fn) == "true_first":
            target = shaped_target(target, output.data, fn, self._compiled.loss)
            loss = loss_fn(target, output, sample_weight=sample_weight) if sample_weight is not None else \
                loss_fn(target, output)
        else:
            if sample_weight is not None:
                raise ValueError(f"{fn}: sample_weight and class_weight need a Keras model (minigrad.keras), whose "
                                 "losses weigh each sample; an nn model's loss averages them equally")
            loss = loss_fn(output, shaped_target(target, output.data, fn, self._compiled.loss))
        if not isinstance(loss, Value) or loss.size != 1:
            what = f"a Value of shape {loss.shape}" if isinstance(loss, Value) else type(loss).__name__
            raise ValueError(f"{fn}: the loss must return one number as a Value (reduce it with .mean()), "
                             f"got {what}")
        return loss

    def _target_list(self, y, fn="fit"):
        """The targets as a list in output order (a dict is read by output name)."""
        if not isinstance(y, dict):
            return _as_list(y)
        names = self.output_names
        unknown = [key for key in y if key not in names]
        if unknown:
            raise ValueError(f"{fn}: targets are given for {unknown[0]!r}, but the outputs are {names}")
        return [y.get(name) for name in names]

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Update the compiled metrics with this batch; returns every metric's running result as a dict."""
        outputs, targets = _as_list(y_pred), self._target_list(y)
        for i, metric in self._compiled.metrics:
            prediction = outputs[i].data if isinstance(outputs[i], Value) else outputs[i]
            metric.update_state(np.asarray(targets[i]), np.asarray(prediction), sample_weight=sample_weight)
        return {metric.name: metric.result() for metric in self.metrics}

    def train_step(self, data):
        """One training step on one batch ``data`` (``x``, ``(x, y)`` or ``(x, y, sample_weight)``): forward,
        loss, backward, an optimizer update; returns the logs (running means since the epoch began).

        Parameters frozen at compile time stop requiring grad for the step, so backward skips them."""
        x, y, sample_weight = unpack(data)
        self._check_targets(y, "fit")
        trainable = self._compiled_trainable_parameters()
        ids = {id(p) for p in trainable}
        frozen = [p for p in self.parameters() if p.requires_grad and id(p) not in ids]
        for p in frozen:
            p.requires_grad = False
        try:
            y_pred = self(self._cast_inputs(x), training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, self._fn)
            if self.optimizer is None:
                self.optimizer = self._build_optimizer()
            if isinstance(self.optimizer, optim.Optimizer):
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
            else:
                trainable = self._compiled_trainable_parameters()  # again: lazy layers made theirs in forward
                for p in trainable:
                    p.zero_grad()
                loss.backward()
                pairs = [(p.grad, p) for p in trainable if p.has_grad]
                self.optimizer.apply_gradients(pairs)
                for p in trainable:
                    p.zero_grad()
        finally:
            for p in frozen:
                p.requires_grad = True
        self._compiled.loss_tracker.update_state(loss.item(), _batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        """The loss and metrics on one batch, without training; returns the running logs."""
        x, y, sample_weight = unpack(data)
        self._check_targets(y, self._fn)
        with no_grad():
            y_pred = self(self._cast_inputs(x), training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, self._fn)
        self._compiled.loss_tracker.update_state(loss.item(), _batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's output on one batch (x, or the x of (x, y))."""
        x, _, _ = unpack(data)
        with no_grad():
            return self(self._cast_inputs(x), training=False)

    def _check_targets(self, y, fn):
        if y is None:
            raise ValueError(f"{fn}: y is missing; pass the targets (labels) for x")

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
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, seed=None):
        """Train for ``epochs`` passes over ``(x, y)`` in mini-batches; returns a History.

        ``x``: an array, a list or dict of arrays (several inputs), a DataLoader, a generator or a PyDataset
        (see training/batches.py). ``validation_split``: the fraction of samples, taken from the end before
        shuffling (as Keras does), held out to compute ``val_loss`` and ``val_<metric>`` after each epoch.
        ``validation_data=(x_val, y_val)`` gives them instead (and wins over validation_split). ``shuffle``
        deals the batches in a new order each epoch; ``seed`` makes that order, and so the whole run,
        repeatable. ``class_weight={label: weight}`` and ``sample_weight`` (one number per sample) weigh the
        loss. ``steps_per_epoch``: batches per epoch (needed for an endless generator). ``verbose``: 0 silent,
        1 progress bar, 2 a line per epoch. ``model.history`` is this fit's History from its start: after
        Ctrl-C (KeyboardInterrupt, which propagates, as in Keras) it holds the epochs that finished.
        """
        self._check_compiled("fit")
        verbose = _check_verbose("fit", verbose)
        _check_count("fit", "epochs", epochs, 0)
        if steps_per_epoch is not None:
            _check_count("fit", "steps_per_epoch", steps_per_epoch, 1)
        self._fn = "fit"
        train, validation = self._fit_data(x, y, batch_size, validation_split, validation_data, shuffle, seed,
                                           sample_weight, class_weight, steps_per_epoch, validation_steps)
        history = self.history_class()
        params = {"epochs": epochs, "steps": train.steps if isinstance(train, StreamBatches) else len(train), "verbose": verbose, "do_validation": validation is not None}
        callbacks = CallbackList([*(callbacks or []), history], self, params)
        self.history = history  # set now, as Keras does: after Ctrl-C it holds the epochs that finished
        self.stop_training = False
        logs = {}
        callbacks.call("on_train_begin", logs)
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.call("on_epoch_begin", epoch, {})
            train_steps = train.steps if isinstance(train, StreamBatches) else len(train)
            progress = Progress(train_steps, verbose, f"Epoch {epoch + 1}/{epochs}")
            logs, step = {}, 0
            with self._mode(True):
                for step, data in enumerate(train):
                    data = _weighted(data, class_weight)
                    callbacks.call("on_train_batch_begin", step, logs)
                    logs = _plain_logs(self.train_step(data))
                    callbacks.call("on_train_batch_end", step, logs)
                    progress.update(step + 1, logs)
                    if self.stop_training:
                        break
            if train_steps is None:
                params["steps"] = step + 1
            logs = dict(logs)
            if validation is not None:
                logs.update((f"val_{name}", value) for name, value in self._evaluate_batches(validation).items())
            callbacks.call("on_epoch_end", epoch, logs)
            progress.finish(logs)  # after the callbacks, as Keras' progress bar: it shows what they added
            if self.stop_training:
                break
        callbacks.call("on_train_end", logs)
        return history

    def _fit_data(self, x, y, batch_size, validation_split, validation_data, shuffle, seed, sample_weight,
                  class_weight, steps_per_epoch, validation_steps):
        """The training batches and the validation ones (or None)."""
        if isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real) \
                or not 0 <= validation_split < 1:
            raise ValueError(f"fit: validation_split is the fraction of samples held out, a number in [0, 1), "
                             f"got {validation_split!r}")
        validation = None if validation_data is None else \
            self._validation_batches(validation_data, batch_size, validation_steps)
        if is_stream(x):
            kind = type(x).__name__
            if y is not None:
                raise ValueError(f"fit: x is a {kind}, which yields (x, y) batches itself; leave y out")
            if validation_split and validation is None:
                raise ValueError(f"fit: validation_split cannot split a {kind}; pass validation_data "
                                 "(another DataLoader or (x_val, y_val)) instead")
            if sample_weight is not None:
                raise ValueError(f"fit: x is a {kind}; yield (x, y, sample_weight) batches instead of passing "
                                 "sample_weight")
            return StreamBatches(x, steps_per_epoch, "fit"), validation
        if class_weight is not None and not isinstance(class_weight, dict):
            raise TypeError(f"fit: class_weight must be a dict {{class label: weight}}, got "
                            f"{type(class_weight).__name__}")
        x, y = self._samples(x, y, "fit")
        train = ArrayBatches(x, y, sample_weight, batch_size, shuffle=shuffle, seed=seed, fn="fit")
        if validation is None and validation_split:
            train, validation = train.split(validation_split)
        return train, validation

    def _validation_batches(self, validation_data, batch_size, steps=None):
        if is_stream(validation_data):
            return StreamBatches(validation_data, steps, "fit (validation_data)")
        is_sequence = isinstance(validation_data, (tuple, list))
        if not is_sequence or len(validation_data) not in (2, 3):
            length = f" of length {len(validation_data)}" if is_sequence else ""
            raise ValueError("fit: validation_data must be a pair (x_val, y_val) or a DataLoader, got "
                             f"{type(validation_data).__name__}{length}")
        x, y = self._samples(*validation_data[:2], "fit (validation_data)")
        weights = validation_data[2] if len(validation_data) == 3 else None
        return ArrayBatches(x, y, weights, batch_size, fn="fit (validation_data)")

    def evaluate(self, x=None, y=None, batch_size=32, verbose=1, sample_weight=None, steps=None, callbacks=None,
                 return_dict=False):
        """The loss and metrics on ``(x, y)`` (or a DataLoader, generator, PyDataset), averaged over the samples,
        in eval mode.

        Returns the loss as a float when no metrics were compiled, else ``[loss, metric, ...]`` (a dict with
        ``return_dict=True``)."""
        self._check_compiled("evaluate")
        verbose = _check_verbose("evaluate", verbose)
        self._fn = "evaluate"
        if is_stream(x):
            if y is not None:
                raise ValueError(f"evaluate: x is a {type(x).__name__}, which yields (x, y) batches itself; "
                                 "leave y out")
            batches = StreamBatches(x, steps, "evaluate")
        else:
            batches = ArrayBatches(*self._samples(x, y, "evaluate"), sample_weight, batch_size, fn="evaluate")
        steps = batches.steps if isinstance(batches, StreamBatches) else len(batches)
        logs = self._evaluate_batches(batches, Progress(steps, verbose), callbacks)
        return logs if return_dict else _keras_result(logs)

    def _evaluate_batches(self, batches, progress=None, callbacks=None):
        """Run test_step over the batches; the metrics' running state (a fit in progress) is kept aside."""
        fn, self._fn = self.__dict__.get("_fn", "evaluate"), "evaluate"
        saved = [(metric, dict(metric.__dict__)) for metric in self.metrics]
        self.reset_metrics()
        callbacks = CallbackList(callbacks or [], self)
        logs = {}
        callbacks.call("on_test_begin", logs)
        with self._mode(False):
            for step, data in enumerate(batches):
                callbacks.call("on_test_batch_begin", step, logs)
                logs = _plain_logs(self.test_step(data))
                callbacks.call("on_test_batch_end", step, logs)
                if progress is not None:
                    progress.update(step + 1, logs)
        if progress is not None:
            progress.finish(logs)
        callbacks.call("on_test_end", logs)
        for metric, state in saved:
            metric.__dict__.update(state)
        self._fn = fn
        return logs

    def predict(self, x, batch_size=32, verbose=0, steps=None, callbacks=None):
        """The model's outputs for ``x`` as an ndarray (a list of them for several outputs), computed in
        batches in eval mode without a graph.

        ``verbose`` is 0 by default (Keras prints a bar): predict often runs inside a loop, as in the GAN lab."""
        verbose = _check_verbose("predict", verbose)
        if is_stream(x):
            batches = StreamBatches(x, steps, "predict")
        else:
            batches = ArrayBatches(self._samples(x, None, "predict")[0], None, None, batch_size, fn="predict")
        progress = Progress(batches.steps if isinstance(batches, StreamBatches) else len(batches), verbose)
        outputs = []
        with self._mode(False):
            for step, data in enumerate(batches):
                out = self.predict_step(data)
                outputs.append([np.asarray(o.data if isinstance(o, Value) else o) for o in _as_list(out)])
                progress.update(step + 1, {})
        progress.finish({})
        joined = [np.concatenate(parts) for parts in zip(*outputs)]
        return joined if isinstance(out, (list, tuple)) else joined[0]

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on exactly this batch. Returns its loss as a float when no metrics were
        compiled, else ``[loss, metric, ...]`` (or a dict with ``return_dict=True``)."""
        self._check_compiled("train_on_batch")
        self._fn = "train_on_batch"
        x, y = self._samples(x, y, "train_on_batch")
        self.reset_metrics()
        with self._mode(True):
            logs = _plain_logs(self.train_step(_weighted(pack(x, y, sample_weight), class_weight)))
        return logs if return_dict else _keras_result(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) on this batch in eval mode, without training; returned as train_on_batch does."""
        self._check_compiled("test_on_batch")
        self._fn = "test_on_batch"
        x, y = self._samples(x, y, "test_on_batch")
        self.reset_metrics()
        with self._mode(False):
            logs = _plain_logs(self.test_step(pack(x, y, sample_weight)))
        return logs if return_dict else _keras_result(logs)

    def predict_on_batch(self, x):
        """The model's output on this one batch, as an ndarray."""
        return self.predict(x, batch_size=len(leaves(x)[0]))

    def summary(self, line_length=None, print_fn=print):
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

    def _cast_inputs(self, x):
        """Float, unsigned and boolean arrays in ``x`` become the model's float dtype (signed integers, such as
        token ids, stay as they are); Values pass."""
        dtype = self._float_dtype()

        def cast(a):
            if isinstance(a, Value):
                return a
            a = np.asarray(a)
            return a.astype(dtype) if a.dtype.kind in "fub" and a.dtype != dtype else a
        return map_structure(cast, x)

    def _samples(self, x, y, fn):
        """``x`` (an array, or a list/dict of them) with one sample per row, and ``y`` likewise (or None for
        predict); a single array is checked here so that the error names the shapes."""
        if x is None:
            raise ValueError(f"{fn}: x is missing; pass the inputs as an array of samples")
        single = not isinstance(x, (list, tuple, dict))
        if single:
            x = np.asarray(x)
            if x.ndim == 0 or len(x) == 0:
                raise ValueError(f"{fn}: x must hold at least one sample along its first axis, got shape {x.shape}")
            self._data_shape = x.shape[1:]
        if y is None:
            if fn != "predict" and self.__dict__.get("_compiled") is not None and self._compiled.losses:
                raise ValueError(f"{fn}: y is missing; pass the targets (labels) for x")
            return x, None
        if single and not isinstance(y, (list, tuple, dict)):
            y = np.asarray(y)
            if y.ndim == 0 or len(y) != len(x):
                raise ValueError(f"{fn}: x has {len(x)} samples (shape {x.shape}) but y has "
                                 f"{len(y) if y.ndim else 'no axis'} (shape {y.shape}); give one target per sample")
        return x, y


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _batch_size(x):
    first = leaves(x)[0]
    return len(first)


def _weighted(data, class_weight):
    """The batch with class weights folded into its sample weights (Keras: weight of each sample's label)."""
    if not class_weight:
        return data
    x, y, sample_weight = unpack(data)
    labels = np.asarray(_as_list(y)[0])
    if labels.ndim >= 2 and labels.shape[-1] > 1:
        labels = labels.argmax(axis=-1)
    labels = labels.reshape(len(labels), -1)[:, 0]
    try:
        weights = np.array([class_weight[int(label)] for label in labels], dtype=np.float64)
    except KeyError as missing:
        raise ValueError(f"fit: class_weight has no weight for class {missing.args[0]}; give one for every class "
                         f"(it has {sorted(class_weight)})") from None
    if sample_weight is not None:
        weights = weights * np.asarray(sample_weight, dtype=np.float64)
    return x, y, weights


def _plain_logs(logs):
    """A step's logs as floats: Values and 0-d arrays become numbers; a dict value (Keras' compile_metrics)
    is spread into the logs."""
    plain = {}
    for name, value in (logs or {}).items():
        if isinstance(value, dict):
            plain.update(_plain_logs(value))
        else:
            plain[name] = float(value.item() if isinstance(value, Value) else np.asarray(value))
    return plain


def _keras_result(logs):
    """What Keras returns: the loss alone, or [loss, metric, ...] when there are metrics."""
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _check_verbose(fn, verbose):
    """verbose as 0, 1 or 2; Keras 3's default "auto" means 1."""
    if verbose == "auto":
        return 1
    if isinstance(verbose, bool) or verbose not in (0, 1, 2):
        raise ValueError(f"{fn}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), "
                         f"got {verbose!r}")
    return verbose


def _check_count(fn, name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{fn}: {name} must be an integer >= {low}, got {value!r}")
