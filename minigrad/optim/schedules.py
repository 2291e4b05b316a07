"""Learning-rate schedules: change ``optimizer.lr`` as training goes on.

Call ``scheduler.step()`` once per epoch, after the epoch's ``optimizer.step()`` calls, as in PyTorch.
The time-based schedules compute the rate at epoch t from the starting rate ``base_lr`` (PyTorch's closed
forms); ReduceLROnPlateau instead watches a validation metric.
"""
import math

from .optimizer import Optimizer


class LRScheduler:
    """Base class: remembers the optimizer's starting ``lr`` as ``base_lr`` and counts epochs in ``last_epoch``."""

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__}: expected a minigrad optimizer, got {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0

    def step(self):
        """Move to the next epoch and set the optimizer's lr for it."""
        self.last_epoch += 1
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def get_last_lr(self):
        """The learning rate the optimizer uses now."""
        return self.optimizer.lr


def _positive_int(owner, name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{owner}: {name} must be a positive integer, got {value!r}")
    return value


class StepLR(LRScheduler):
    """Decay by ``gamma`` every ``step_size`` epochs: lr_t = base_lr * gamma^(t // step_size)."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        super().__init__(optimizer)
        self.step_size = _positive_int("StepLR", "step_size", step_size)
        self.gamma = gamma

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    """Decay by ``gamma`` every epoch: lr_t = base_lr * gamma^t."""

    def __init__(self, optimizer, gamma):
        super().__init__(optimizer)
        self.gamma = gamma

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** epoch


class CosineAnnealingLR(LRScheduler):
    """Follow half a cosine from base_lr down to eta_min over T_max epochs (and back up over the next T_max):
    lr_t = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2."""

    def __init__(self, optimizer, T_max, eta_min=0.0):
        super().__init__(optimizer)
        self.T_max = _positive_int("CosineAnnealingLR", "T_max", T_max)
        self.eta_min = eta_min

    def lr_at(self, epoch):
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * epoch / self.T_max)) / 2


class ReduceLROnPlateau:
    """Multiply lr by ``factor`` when a metric (a validation loss, say) has not improved for more than
    ``patience`` epochs, then wait ``cooldown`` epochs before counting again; lr never goes below ``min_lr``.

    "Improved" means, for mode "min" (mode "max" mirrors it), a value below best * (1 - threshold)
    (threshold_mode "rel") or below best - threshold ("abs"). Call ``step(metric)`` once per epoch.
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0.0, eps=1e-8):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"ReduceLROnPlateau: expected a minigrad optimizer, got {type(optimizer).__name__}")
        if mode not in ("min", "max"):
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
        if not 0 <= factor < 1:
            raise ValueError(f"ReduceLROnPlateau: factor must be in [0, 1) so that lr decreases, got {factor}")
        self.optimizer = optimizer
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0

    def is_better(self, value, best):
        """Whether ``value`` improves on ``best`` by more than the threshold."""
        if self.mode == "min":
            return value < (best * (1 - self.threshold) if self.threshold_mode == "rel" else best - self.threshold)
        return value > (best * (1 + self.threshold) if self.threshold_mode == "rel" else best + self.threshold)

    def step(self, metric):
        """Record this epoch's metric; reduce lr after more than ``patience`` epochs without improvement."""
        value = float(metric)
        self.last_epoch += 1
        if self.is_better(value, self.best):
            self.best, self.num_bad_epochs = value, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            new_lr = max(self.optimizer.lr * self.factor, self.min_lr)
            if self.optimizer.lr - new_lr > self.eps:
                self.optimizer.lr = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0

    def get_last_lr(self):
        """The learning rate the optimizer uses now."""
        return self.optimizer.lr
