"""The error function, elementwise: NumPy has none, and the exact GELU needs it.

    erf(x) = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt,      erf'(x) = 2/sqrt(pi) * e^(-x^2)

erf is odd, rises from -1 to 1, and erf(x / sqrt 2) is the probability that a standard normal lands within
|x| of 0. Both twins call the C library's ``erf`` one entry at a time (Python's ``math.erf``): the NumPy twin
through ``np.vectorize`` (a Python loop, the readable reference), the Numba twin in a compiled loop. float32
inputs are computed in float64 and rounded back, so both twins round alike.
"""
import math

import numpy as np
from numba import njit

_erf_python = np.vectorize(math.erf, otypes=[np.float64])


def erf_numpy(x):
    return _erf_python(x).astype(x.dtype, copy=False) if x.size else np.empty_like(x)


@njit(cache=True, error_model="numpy")
def _erf_loop(x):
    out = np.empty_like(x)
    for i in range(x.size):
        out[i] = math.erf(np.float64(x[i]))
    return out


def erf_numba(x):
    return _erf_loop(np.ascontiguousarray(x).reshape(-1)).reshape(x.shape)


# The kernels of this module by name: (NumPy reference, Numba twin). ``minigrad.kernels.kernel`` looks here.
KERNELS = {"erf": (erf_numpy, erf_numba)}
