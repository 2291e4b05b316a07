"""Toy datasets for the lectures: small 2-D classification problems you can plot.

Each function returns ``(X float64 (n_samples, 2), y int64 (n_samples,))`` with the samples in random
order, and draws its randomness from ``np.random.default_rng(seed)``: the same seed gives the same data.
``noise`` says how far the points stray from the clean shape.
"""
import numbers

import numpy as np

# The rule behind pass_fail: a student passes when PASS_WEIGHTS . (lectures, hours) + PASS_BIAS > 0.
PASS_WEIGHTS = (0.6, 0.4)
PASS_BIAS = -6.0
N_LECTURES = 12
MAX_PROJECT_HOURS = 12.0


def make_moons(n_samples=100, noise=0.1, seed=None):
    """Two interleaving half circles: class 0 is ``(cos t, sin t)``, class 1 is ``(1 - cos t, 0.5 - sin t)``
    for t in [0, pi], plus Gaussian noise of standard deviation ``noise``. No line separates them."""
    rng = _start("make_moons", n_samples, noise, seed)
    n_upper = n_samples // 2
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n_samples - n_upper)
    X = np.concatenate([np.column_stack([np.cos(t_upper), np.sin(t_upper)]),
                        np.column_stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)])])
    y = np.repeat([0, 1], [n_upper, n_samples - n_upper])
    return _finish(rng, X + noise * rng.standard_normal(X.shape), y)


def make_circles(n_samples=100, noise=0.05, factor=0.5, seed=None):
    """Two circles around the origin: class 0 on radius 1, class 1 on radius ``factor`` (0 < factor < 1),
    plus Gaussian noise of standard deviation ``noise``."""
    rng = _start("make_circles", n_samples, noise, seed)
    if not 0 < factor < 1:
        raise ValueError(f"make_circles: factor is the inner radius over the outer one and must lie "
                         f"strictly between 0 and 1, got {factor!r}")
    n_outer = n_samples // 2
    X = np.concatenate([_circle(n_outer, 1.0), _circle(n_samples - n_outer, factor)])
    y = np.repeat([0, 1], [n_outer, n_samples - n_outer])
    return _finish(rng, X + noise * rng.standard_normal(X.shape), y)


def make_spirals(n_samples=100, n_classes=3, noise=0.2, seed=None):
    """``n_classes`` interleaved spiral arms. Arm k holds the points ``r (cos a, sin a)`` with radius r from
    0 to 1 and angle a = 2 pi k / n_classes + 4 r, where ``noise`` is the standard deviation of the Gaussian
    jitter added to the angle (radians)."""
    rng = _start("make_spirals", n_samples, noise, seed)
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes < 2:
        raise ValueError(f"make_spirals: n_classes must be an integer >= 2, got {n_classes!r}")
    counts = _split_evenly(n_samples, n_classes)
    r = np.concatenate([np.linspace(0, 1, c) for c in counts])
    y = np.repeat(np.arange(n_classes), counts)
    angle = 2 * np.pi * y / n_classes + 4 * r + noise * rng.standard_normal(n_samples)
    return _finish(rng, r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), y)


def make_xor(n_samples=100, noise=0.1, seed=None):
    """The XOR truth table as clouds: the inputs (0,0), (0,1), (1,0), (1,1) in turn, each with label
    ``x1 XOR x2`` and Gaussian noise of standard deviation ``noise``. ``make_xor(4, noise=0)`` is the table
    itself. A single perceptron cannot learn it; one hidden layer can."""
    rng = _start("make_xor", n_samples, noise, seed)
    table = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    X = table[np.arange(n_samples) % 4]
    y = (X[:, 0] != X[:, 1]).astype(np.int64)
    return _finish(rng, X + noise * rng.standard_normal(X.shape), y)


def make_blobs(n_samples=100, centers=3, noise=1.0, seed=None):
    """Gaussian clouds, one class per center. ``centers`` is a count (the centers are then drawn uniformly
    from the square [-10, 10]^2) or an array of shape (k, 2). ``noise`` is each cloud's standard deviation."""
    rng = _start("make_blobs", n_samples, noise, seed)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        if centers < 1:
            raise ValueError(f"make_blobs: centers must be >= 1 or an array of shape (k, 2), got {centers}")
        centers = rng.uniform(-10, 10, size=(centers, 2))
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) == 0:
        raise ValueError(f"make_blobs: centers must be a count or an array of shape (k, 2), "
                         f"got shape {centers.shape}")
    y = np.repeat(np.arange(len(centers)), _split_evenly(n_samples, len(centers)))
    return _finish(rng, centers[y] + noise * rng.standard_normal((n_samples, 2)), y)


def pass_fail(n_samples=100, noise=0.5, seed=0):
    """The lecture's "will I pass this class?": x1 = lectures attended (a whole number 0..12), x2 = hours
    spent on the final project (0..12), y = 1 for pass.

    The rule is logistic: with the score z = 0.6 x1 + 0.4 x2 - 6 (``PASS_WEIGHTS``, ``PASS_BIAS``), a
    student passes with probability sigmoid(z / noise), i.e. when z + noise * e > 0 for logistic noise e.
    So logistic regression is the right model: it can learn weights proportional to (0.6, 0.4, -6).
    ``noise=0`` makes the classes separable by the line z = 0. The default ``seed=0`` gives the same class
    every time; the student of the lecture, with 4 lectures and 5 hours, passes with probability 0.04.
    """
    rng = _start("pass_fail", n_samples, noise, seed)
    lectures = rng.integers(0, N_LECTURES + 1, n_samples).astype(np.float64)
    hours = rng.uniform(0, MAX_PROJECT_HOURS, n_samples)
    z = PASS_WEIGHTS[0] * lectures + PASS_WEIGHTS[1] * hours + PASS_BIAS
    y = (z + noise * rng.logistic(size=n_samples) > 0).astype(np.int64)
    return np.column_stack([lectures, hours]), y


def _start(fn, n_samples, noise, seed):
    """Check the arguments every toy set shares and return its random generator."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral) or n_samples < 1:
        raise ValueError(f"{fn}: n_samples must be an integer >= 1, got {n_samples!r}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not noise >= 0:
        raise ValueError(f"{fn}: noise must be a number >= 0, got {noise!r}")
    return np.random.default_rng(seed)


def _circle(n, radius):
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return radius * np.column_stack([np.cos(angle), np.sin(angle)])


def _split_evenly(n, k):
    """How many of n samples go to each of k classes: as equal as possible, the first ones get the extra."""
    return [n // k + (i < n % k) for i in range(k)]


def _finish(rng, X, y):
    """Shuffle the samples and fix the dtypes: X float64 (n, 2), y int64 (n,)."""
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order], dtype=np.float64), np.asarray(y, dtype=np.int64)[order]
