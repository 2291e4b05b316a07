"""Reference solutions, chapter 6."""
import numpy as np


def sgd_momentum_step(param, grad, velocity, lr=0.01, momentum=0.9):
    velocity = momentum * velocity + grad
    return param - lr * velocity, velocity


def adam_step(param, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
