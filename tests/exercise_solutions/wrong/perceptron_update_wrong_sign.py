"""1.2 with (y_hat - y) for (y - y_hat): every mistake pushes the boundary the wrong way."""


def perceptron_update(w, b, x, y, lr=1.0):
    delta = lr * (float(np.dot(w, x) + b >= 0) - y)
    return w + delta * np.asarray(x), b + delta
