"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay."""
import numpy as np

from ..kernels import kernel
from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent, ``p <- p - lr * g``, the lecture's update rule, with PyTorch's options:

    weight_decay   adds an L2 penalty: g <- g + weight_decay * p
    momentum       keeps a running direction b: b <- g on the first step, then
                   b <- momentum * b + (1 - dampening) * g, and steps along b
    nesterov       steps along g + momentum * b instead (needs momentum > 0 and dampening = 0)
    """

    hyperparameters = ("lr", "momentum", "dampening", "nesterov", "weight_decay")

    def __init__(self, params, lr=0.01, momentum=0, dampening=0, nesterov=False, weight_decay=0):
        super().__init__(params)
        self.lr = self._real("lr", lr)
        self.momentum = self._real("momentum", momentum)
        self.dampening = self._real("dampening", dampening, high=1.0)
        self.weight_decay = self._real("weight_decay", weight_decay)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(f"SGD: nesterov=True needs momentum > 0 and dampening = 0, got momentum="
                             f"{self.momentum} and dampening={self.dampening}")

    def _new_state(self, param):
        return {"momentum_buffer": np.zeros_like(param)} if self.momentum else {}

    def _update(self, param, grad, state):
        if not self.momentum:
            kernel("optim.sgd_step")(param, grad, self.lr, self.weight_decay)
            return
        kernel("optim.sgd_momentum_step")(param, grad, state["momentum_buffer"], self.lr, self.momentum,
                                          self.dampening, self.nesterov, self.weight_decay, state["step"] == 1)
