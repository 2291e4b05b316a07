"""6.2 without the bias corrections m / (1 - beta1^t) and v / (1 - beta2^t)."""


def adam_step(param, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return param - lr * m / (np.sqrt(v) + eps), m, v
