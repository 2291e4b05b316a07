"""Keras' optimizer objects: made without parameters, bound to them at the first update.

    optimizer = keras.optimizers.Adam(learning_rate=1e-3)        # no parameters yet
    model.compile(optimizer=optimizer, loss="mse")                 # fit binds it to the trainable weights
    optimizer.apply_gradients(zip(grads, model.trainable_weights)) # or by hand, as custom train_steps do
    optimizer.apply(grads, model.trainable_weights)                # Keras 3's spelling of the same

The update rules are minigrad.optim's (PyTorch's formulas); each class maps Keras' argument names and positional
order onto them: ``Adam(learning_rate, beta_1, beta_2, epsilon)`` is ``optim.Adam(params, lr, (beta_1, beta_2),
eps)``. Keras puts Adam's and RMSprop's epsilon in the same place as PyTorch up to a factor sqrt(1 - beta_2^t)
on epsilon, a difference of order 1e-7. ``learning_rate`` can be read and set at any time (callbacks do).
Each distinct list of variables gets its own state (moments), so one optimizer can serve two networks.
"""
import math

import numpy as np

from .. import optim


class Optimizer:
    """Base class: ``apply_gradients(pairs)``/``apply(grads, variables)``; subclasses name the optim class and
    how Keras' arguments map onto it (``_options``)."""

    rule = None

    def __init__(self, learning_rate, name, clipnorm=None, clipvalue=None, global_clipnorm=None, **kwargs):
        for old, new in (("lr", "learning_rate"), ("decay", None)):
            if old in kwargs:
                hint = f"use {new}=" if new else "use a LearningRateScheduler callback"
                raise TypeError(f"{type(self).__name__}: {old}= is Keras 1/2's spelling; {hint}")
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unknown argument(s) {', '.join(kwargs)}")
        self._learning_rate = _rate(type(self).__name__, learning_rate)
        self.name, self.clipnorm, self.clipvalue, self.global_clipnorm = name, clipnorm, clipvalue, global_clipnorm
        self._rules = {}  # tuple of variable ids -> optim.Optimizer over them
        self.iterations = 0

    @property
    def learning_rate(self):
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = _rate(type(self).__name__, value)
        for rule in self._rules.values():
            rule.lr = self._learning_rate

    lr = learning_rate  # Keras 2 programs read optimizer.lr

    def build(self, variables):
        """Make the state (moments) for ``variables``; done by the first update if not called."""
        return self._rule(list(variables))

    def _rule(self, variables):
        key = tuple(id(v) for v in variables)
        if key not in self._rules:
            self._rules[key] = self.rule(variables, lr=self._learning_rate, **self._options())
        return self._rules[key]

    def apply_gradients(self, grads_and_vars):
        """One update: each variable moves against its gradient (pairs ``(grad, variable)``, as ``zip(grads,
        vars)`` gives). A None gradient leaves its variable as it is."""
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError(f"{type(self).__name__}.apply_gradients: no gradients (all None); does the loss "
                             "depend on these variables?")
        grads = [np.asarray(getattr(g, "data", g)) for g, _ in pairs]
        variables = [v for _, v in pairs]
        rule = self._rule(variables)
        grads = self._clipped(grads)
        saved = [v.grad if v.has_grad else None for v in variables]
        for v, g in zip(variables, grads):
            if g.shape != v.shape:
                raise ValueError(f"{type(self).__name__}: gradient of shape {g.shape} for variable "
                                 f"{v.label or ''} of shape {v.shape}; pass them in the same order")
            v.grad = g.astype(v.data.dtype, copy=False)
        rule.step()
        for v, g in zip(variables, saved):
            v.grad = g
        self.iterations += 1
        return self.iterations

    def apply(self, grads, trainable_variables=None):
        """Keras 3: ``apply(grads, variables)`` is ``apply_gradients(zip(grads, variables))``."""
        if trainable_variables is None:
            raise ValueError(f"{type(self).__name__}.apply: pass the variables too: apply(grads, "
                             "model.trainable_weights)")
        return self.apply_gradients(zip(grads, trainable_variables))

    def _clipped(self, grads):
        if self.clipvalue is not None:
            grads = [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            grads = [g * min(1.0, self.clipnorm / (float(np.linalg.norm(g)) + 1e-12)) for g in grads]
        if self.global_clipnorm is not None:
            total = math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads))
            grads = [g * min(1.0, self.global_clipnorm / (total + 1e-12)) for g in grads]
        return grads

    def _options(self):
        return {}

    def get_config(self):
        return {"name": self.name, "learning_rate": self._learning_rate}

    def __repr__(self):
        return f"<keras.optimizers.{type(self).__name__} learning_rate={self._learning_rate:g}>"


class SGD(Optimizer):
    """``SGD(learning_rate=0.01, momentum=0.0, nesterov=False)``: p <- p - lr g (with momentum: a running
    direction b <- momentum b + g, p <- p - lr b)."""

    rule = optim.SGD

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None, name="SGD", **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        self.momentum, self.nesterov, self.weight_decay = float(momentum), bool(nesterov), weight_decay or 0.0

    def _options(self):
        return {"momentum": self.momentum, "nesterov": self.nesterov, "weight_decay": self.weight_decay}


class Adam(Optimizer):
    """``Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)``: see optim.Adam for the formula."""

    rule = optim.Adam

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 weight_decay=None, name="adam", **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        if amsgrad:
            raise NotImplementedError("Adam: amsgrad=True is not implemented in minigrad; leave it False")
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.weight_decay = weight_decay or 0.0

    def _options(self):
        return {"betas": (self.beta_1, self.beta_2), "eps": self.epsilon, "weight_decay": self.weight_decay}


class AdamW(Adam):
    """``AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7)``: Adam with
    decoupled weight decay (optim.AdamW)."""

    rule = optim.AdamW

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="adamw", **kwargs):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, name=name, **kwargs)
        self.weight_decay = float(weight_decay)


class RMSprop(Optimizer):
    """``RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)``: divide by a
    running RMS of the gradient (optim.RMSprop, whose ``alpha`` is Keras' ``rho``)."""

    rule = optim.RMSprop

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="rmsprop",
                 **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = float(rho), float(momentum), float(epsilon), centered

    def _options(self):
        return {"alpha": self.rho, "eps": self.epsilon, "momentum": self.momentum, "centered": self.centered}


class Adagrad(Optimizer):
    """``Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)`` (optim.Adagrad)."""

    rule = optim.Adagrad

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, name="adagrad", **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        self.initial_accumulator_value, self.epsilon = float(initial_accumulator_value), float(epsilon)

    def _options(self):
        return {"initial_accumulator_value": self.initial_accumulator_value, "eps": self.epsilon}


class Adadelta(Optimizer):
    """``Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)`` (optim.Adadelta). Keras 2.2's default
    learning rate was 1.0 (Keras 2 examples assume it); tf.keras and Keras 3 use 0.001."""

    rule = optim.Adadelta

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name="adadelta", **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        self.rho, self.epsilon = float(rho), float(epsilon)

    def _options(self):
        return {"rho": self.rho, "eps": self.epsilon}


NAMES = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta}


def get(identifier):
    """An optimizer object from a name (``"adam"``, with Keras' defaults) or an optimizer object as it is."""
    if isinstance(identifier, (Optimizer, optim.Optimizer)):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in NAMES:
        return NAMES[identifier.lower()]()
    raise ValueError(f"compile: unknown optimizer {identifier!r}; use one of {', '.join(NAMES)} or an optimizer "
                     "object such as keras.optimizers.Adam(learning_rate=1e-3)")


def _rate(owner, value):
    if callable(value):
        raise TypeError(f"{owner}: learning_rate schedules are not supported; pass a number and use a "
                        "LearningRateScheduler callback")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not value >= 0:
        raise ValueError(f"{owner}: learning_rate must be a number >= 0, got {value!r}")
    return float(value)
