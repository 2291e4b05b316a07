"""10.3 that returns the gradient X^T (s - y) / m instead of the Hessian times v."""


def logistic_hvp(X, y, w, v):
    s = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ (s - y) / len(X)
