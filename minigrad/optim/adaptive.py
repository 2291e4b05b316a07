"""Adagrad, Adadelta and RMSprop: a learning rate per entry, scaled down where gradients have been large.

Written in plain NumPy, updating the parameter and its buffers in place; the formulas are PyTorch's.
"""
import numpy as np

from .optimizer import Optimizer


def _running_mean(avg, x, rate):
    """avg <- rate * avg + (1 - rate) * x, in place: an exponential moving average of x."""
    avg *= rate
    avg += (1 - rate) * x


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.): divide by the root of the sum of all squared gradients so far.

        g <- g + weight_decay * p
        s <- s + g^2                                  (s starts at initial_accumulator_value)
        p <- p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)
    """

    hyperparameters = ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        super().__init__(params)
        self.lr = self._real("lr", lr)
        self.lr_decay = self._real("lr_decay", lr_decay)
        self.weight_decay = self._real("weight_decay", weight_decay)
        self.initial_accumulator_value = self._real("initial_accumulator_value", initial_accumulator_value)
        self.eps = self._real("eps", eps)

    def _new_state(self, param):
        return {"sum": np.full_like(param, self.initial_accumulator_value)}

    def _update(self, param, grad, state):
        if self.weight_decay:
            grad = grad + self.weight_decay * param
        state["sum"] += grad * grad
        step_size = self.lr / (1 + (state["step"] - 1) * self.lr_decay)
        param -= step_size * grad / (np.sqrt(state["sum"]) + self.eps)


class Adadelta(Optimizer):
    """Adadelta (Zeiler): the step size comes from the RMS of past updates over the RMS of past gradients.

        g <- g + weight_decay * p
        v <- rho * v + (1 - rho) * g^2
        d  = sqrt(u + eps) / sqrt(v + eps) * g
        u <- rho * u + (1 - rho) * d^2
        p <- p - lr * d
    """

    hyperparameters = ("lr", "rho", "eps", "weight_decay")

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0):
        super().__init__(params)
        self.lr = self._real("lr", lr)
        self.rho = self._real("rho", rho, high=1.0)
        self.eps = self._real("eps", eps)
        self.weight_decay = self._real("weight_decay", weight_decay)

    def _new_state(self, param):
        return {"square_avg": np.zeros_like(param), "acc_delta": np.zeros_like(param)}

    def _update(self, param, grad, state):
        if self.weight_decay:
            grad = grad + self.weight_decay * param
        _running_mean(state["square_avg"], grad * grad, self.rho)
        delta = np.sqrt(state["acc_delta"] + self.eps) / np.sqrt(state["square_avg"] + self.eps) * grad
        _running_mean(state["acc_delta"], delta * delta, self.rho)
        param -= self.lr * delta


class RMSprop(Optimizer):
    """RMSprop (Hinton): divide by a running RMS of the gradient.

        g <- g + weight_decay * p
        v <- alpha * v + (1 - alpha) * g^2
        centered:  m <- alpha * m + (1 - alpha) * g,  and the scale is sqrt(v - m^2) + eps (a running std)
        otherwise: the scale is sqrt(v) + eps
        momentum > 0:  b <- momentum * b + g / scale,  p <- p - lr * b
        otherwise:     p <- p - lr * g / scale
    """

    hyperparameters = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        super().__init__(params)
        self.lr = self._real("lr", lr)
        self.alpha = self._real("alpha", alpha)
        self.eps = self._real("eps", eps)
        self.weight_decay = self._real("weight_decay", weight_decay)
        self.momentum = self._real("momentum", momentum)
        self.centered = bool(centered)

    def _new_state(self, param):
        state = {"square_avg": np.zeros_like(param)}
        if self.centered:
            state["grad_avg"] = np.zeros_like(param)
        if self.momentum:
            state["momentum_buffer"] = np.zeros_like(param)
        return state

    def _update(self, param, grad, state):
        if self.weight_decay:
            grad = grad + self.weight_decay * param
        _running_mean(state["square_avg"], grad * grad, self.alpha)
        if self.centered:
            _running_mean(state["grad_avg"], grad, self.alpha)
            scale = np.sqrt(state["square_avg"] - state["grad_avg"] ** 2) + self.eps
        else:
            scale = np.sqrt(state["square_avg"]) + self.eps
        if self.momentum:
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += grad / scale
            param -= self.lr * buf
        else:
            param -= self.lr * grad / scale
