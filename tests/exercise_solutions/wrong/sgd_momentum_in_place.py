"""6.1 that updates the caller's arrays in place (-=, *=) instead of returning new ones."""


def sgd_momentum_step(param, grad, velocity, lr=0.01, momentum=0.9):
    velocity *= momentum
    velocity += grad
    param -= lr * velocity
    return param, velocity
