"""Math on one number or one array, with IEEE answers instead of Python exceptions.

The engine's scalar Values hold Python floats and use ``math``, which is fast but raises where IEEE arithmetic has
an answer (``math.log(0)``, ``math.exp(1000)``, ``1 / 0``). These helpers give NumPy's answers (-inf, inf, NaN) for
floats and arrays alike, without NumPy's warnings, so both kinds of Value agree at the edges.
"""
import math

import numpy as np

_QUIET = {"divide": "ignore", "invalid": "ignore", "over": "ignore"}


def power(x, y):
    """x ** y; 0 ** -1 = inf, (-8) ** (1/3) = NaN, as NumPy. An int y keeps an integer x integer."""
    if type(x) is float and type(y) in (float, int):
        try:
            return math.pow(x, y)
        except (ValueError, OverflowError, ZeroDivisionError):
            with np.errstate(**_QUIET):
                return float(np.power(x, y))
    with np.errstate(**_QUIET):
        return np.power(x, y)


def divide(x, y):
    """x / y; 1 / 0 = inf, 0 / 0 = NaN."""
    if type(x) is float and type(y) is float:
        if y != 0:
            return x / y
        with np.errstate(**_QUIET):
            return float(np.divide(x, y))
    with np.errstate(**_QUIET):
        return np.divide(x, y)


def exp(x):
    """e^x; overflow gives inf, NaN stays NaN."""
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf
    with np.errstate(over="ignore"):
        return np.exp(x)


def log(x):
    """ln x; log 0 = -inf, log of a negative number = NaN."""
    if type(x) is float:
        return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def sqrt(x):
    """sqrt x; NaN for x < 0."""
    if type(x) is float:
        return math.sqrt(x) if x >= 0 else math.nan
    with np.errstate(invalid="ignore"):
        return np.sqrt(x)


def sigmoid(x):
    """1 / (1 + e^-x) for a float, computed without overflow on either side."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = exp(x)
    return e / (1.0 + e)


def sign(x):
    """-1, 0 or 1, and NaN for NaN (as np.sign)."""
    if type(x) is float:
        return float((x > 0) - (x < 0)) if x == x else math.nan
    return np.sign(x)
