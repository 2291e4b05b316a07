"""Exercises for chapter 6, gradient descent and the optimizers (docs/guide/06_optimizers.rst).

Each function does one step for one parameter array and returns the new parameter and the new optimizer state;
it must not change the arrays it was given. The formulas are PyTorch's, as in minigrad.optim. Grade with
``minigrad grade 6 --path DIR``.
"""
import numpy as np


def sgd_momentum_step(param, grad, velocity, lr=0.01, momentum=0.9):
    """Exercise 6.1: one step of SGD with momentum.

    Task: return (new_param, new_velocity). The velocity starts as zeros.
    Formula: v <- momentum v + g,    p <- p - lr v.
    Hint: the first step (v = 0) is a plain SGD step; later steps remember the earlier gradients.
    """
    raise NotImplementedError("exercise 6.1: write sgd_momentum_step")


def adam_step(param, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Exercise 6.2: one step of Adam; t is the step number, counting from 1.

    Task: return (new_param, new_m, new_v). m and v start as zeros.
    Formula: m <- beta1 m + (1 - beta1) g,    v <- beta2 v + (1 - beta2) g^2,
             m_hat = m / (1 - beta1^t),       v_hat = v / (1 - beta2^t),
             p <- p - lr m_hat / (sqrt(v_hat) + eps).
    Hint: keep the bias corrections: without them the first steps are far too small, because m and v start at 0.
    """
    raise NotImplementedError("exercise 6.2: write adam_step")
