"""Adam and AdamW: momentum on the gradient, scaled per entry by a running RMS of the gradient."""
import numpy as np

from ..kernels import kernel
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (Kingma & Ba), PyTorch's formula. With t the step count:

        g <- g + weight_decay * p                       (L2 penalty, when weight_decay > 0)
        m <- beta1 * m + (1 - beta1) * g                (running mean of the gradient)
        v <- beta2 * v + (1 - beta2) * g^2              (running mean of its square)
        p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    The divisions by 1 - beta^t undo the bias of m and v towards their zero start.
    """

    hyperparameters = ("lr", "betas", "eps", "weight_decay")
    decoupled = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0):
        super().__init__(params)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{type(self).__name__}: betas must be a pair (beta1, beta2), got {betas!r}")
        self.lr = self._real("lr", lr)
        self.betas = (self._real("betas[0]", betas[0], high=1.0, high_included=False),
                      self._real("betas[1]", betas[1], high=1.0, high_included=False))
        self.eps = self._real("eps", eps)
        self.weight_decay = self._real("weight_decay", weight_decay)

    def _new_state(self, param):
        return {"exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param)}

    def _update(self, param, grad, state):
        kernel("optim.adam_step")(param, grad, state["exp_avg"], state["exp_avg_sq"], self.lr, *self.betas,
                                  self.eps, self.weight_decay, self.decoupled, state["step"])


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): instead of adding weight_decay * p to the
    gradient, where the adaptive scale would shrink it, each step first decays the weights directly,
    ``p <- p * (1 - lr * weight_decay)``, then takes the Adam step with the plain gradient."""

    decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr, betas, eps, weight_decay)
