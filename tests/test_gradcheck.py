"""gradcheck: central differences in float64 over every entry, with a table that explains failures."""
import numpy as np
import pytest

from minigrad import GradcheckError, Value, gradcheck, numerical_grad, record_op


def wrong_square(x):
    """x^2 with a deliberately wrong backward rule: d/dx = x instead of 2x."""
    return record_op(x.data * x.data, "wrong_square", (x,), lambda g, out, x: (g * x,))


def test_gradcheck_catches_a_wrong_backward_rule_with_a_table():
    x = Value(np.array([1.0, -2.0, 3.0]))
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda v: wrong_square(v).sum(), x)
    message = str(info.value)
    assert "disagrees with central differences at 3 entries" in message
    header, *rows = message.splitlines()[1:]
    assert header.split() == ["input", "index", "analytic", "numeric", "abs", "err", "rel", "err"]
    assert rows[0].split()[:4] == ["0", "(2,)", "3", "6"]  # worst entry first: analytic 3 vs numeric 6


def test_gradcheck_passes_a_correct_rule_on_every_entry_and_non_scalar_outputs():
    x = Value(np.random.default_rng(0).standard_normal((3, 4)))
    assert gradcheck(lambda v: (v * v).tanh(), x)  # a (3, 4) output, checked through a random projection


def test_numerical_grad_is_central_difference_in_float64():
    x = Value(np.array([0.5, 1.5], dtype=np.float32))
    grad = numerical_grad(lambda v: (v ** 3).sum(), x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, 3 * np.array([0.5, 1.5]) ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x.data, np.array([0.5, 1.5], dtype=np.float32))  # the input is left untouched


def test_gradcheck_runs_float32_inputs_in_float64():
    x = Value(np.array([0.3, -0.7], dtype=np.float32))
    assert gradcheck(lambda v: (v * 1.1).exp().sum(), x)


@pytest.mark.parametrize("fn, x", [(lambda v: v.relu(), np.array([1e-8, 1.0])),
                                   (lambda v: abs(v), np.array([-1e-9, 2.0])),
                                   (lambda v: v.max(), np.array([1.0, 1.0 + 1e-9]))])
def test_gradcheck_warns_near_a_kink(fn, x):
    with pytest.warns(UserWarning, match="within eps=1e-06 of its kink"):
        try:
            gradcheck(fn, Value(x))
        except GradcheckError:
            pass  # at a kink the two derivatives may legitimately differ; the warning is what we test


def test_gradcheck_needs_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="no input requires grad"):
        gradcheck(lambda v: v * 2, Value(1.0, requires_grad=False))
    with pytest.raises(TypeError, match="fn must return a Value, got float"):
        gradcheck(lambda v: 1.0, Value(1.0))
