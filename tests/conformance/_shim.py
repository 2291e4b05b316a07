"""tinygrad's op-test helpers, ported to minigrad, with PyTorch as the oracle.

Ported from tinygrad/tinygrad, test/backend/test_ops.py (helper_test_op, prepare_test_op,
TestOps.helper_test_exception) at commit a9069c177a9da9cca18593edf55acd2e6073cca6.
MIT License, Copyright (c) 2024, the tiny corp.

helper_test_op(shapes, torch_fn, minigrad_fn) draws the same random inputs for both (uniform in [low, high),
seed 0, float32; or ``vals``), runs the forward of each and compares shape, dtype and values (atol, rtol); then
it differentiates ``fn(*inputs).sum()`` in both and compares the gradient of every input (grad_atol, grad_rtol).
On the minigrad side the inputs are ``minigrad.Value(ndarray)``, the backward pass is ``.backward()`` and the
gradients are ``.grad``. When ``minigrad_fn`` is None, ``torch_fn`` runs on the Values too.
"""
import numpy as np
import pytest

import minigrad

ORACLE_REASON = ("PyTorch is the oracle for the conformance suites: install it with `pip install torch==2.13.0` "
                 "(the [oracle] extra).")


def import_torch():
    """The torch module; when it is missing, skip the calling module (or test) with ORACLE_REASON."""
    return pytest.importorskip("torch", reason=ORACLE_REASON)


def prepare_test_op(low, high, shps, vals, forward_only=False):
    """The same inputs as torch tensors and as minigrad Values (ints become int32, as in tinygrad)."""
    torch = import_torch()
    if shps is None:
        ts = [torch.tensor(x, requires_grad=(not forward_only)) for x in vals]
    else:
        np.random.seed(0)
        np_data = [np.random.uniform(low=low, high=high, size=size).astype(np.float32) for size in shps]
        ts = [torch.tensor(data, requires_grad=(not forward_only)) for data in np_data]
    for i in range(len(ts)):
        # NOTE: torch default int64 for python ints input
        if ts[i].dtype == torch.int64:
            ts[i] = ts[i].type(torch.int32)
    tst = [minigrad.Value(np.array(x.detach().cpu().numpy())) for x in ts]
    return ts, tst


def compare(s, minigrad_output, torch_output, atol, rtol):
    """Shapes and dtypes equal; floats close (NaN matches NaN), everything else exactly equal."""
    try:
        assert minigrad_output.shape == torch_output.shape, \
            f"shape mismatch: minigrad={minigrad_output.shape} | torch={torch_output.shape}"
        assert minigrad_output.dtype == torch_output.dtype, \
            f"dtype mismatch: minigrad={minigrad_output.dtype} | torch={torch_output.dtype}"
        if np.issubdtype(minigrad_output.dtype, np.floating):
            np.testing.assert_allclose(minigrad_output, torch_output, atol=atol, rtol=rtol)
        else:
            np.testing.assert_equal(minigrad_output, torch_output)
    except Exception as e:
        raise AssertionError(f"{s} failed shape {minigrad_output.shape}: {e}") from e


def helper_test_op(shps, torch_fxn, minigrad_fxn=None, atol=1e-6, rtol=1e-3, grad_atol=1e-4, grad_rtol=1e-3,
                   forward_only=False, vals=None, low=-2, high=2):
    """Compare forward and gradients of torch_fxn and minigrad_fxn on the same inputs."""
    torch = import_torch()
    if minigrad_fxn is None:
        minigrad_fxn = torch_fxn
    ts, tst = prepare_test_op(low, high, shps, vals, forward_only)

    out = torch_fxn(*ts)
    ret = minigrad.as_value(minigrad_fxn(*tst))
    compare("forward pass", ret.numpy(), out.detach().cpu().numpy(), atol=atol, rtol=rtol)

    if not forward_only and ts and tst:
        torch_grads = torch.autograd.grad(torch_fxn(*ts).sum(), ts)
        # NOTE: the forward pass is computed again, as in tinygrad
        minigrad_fxn(*tst).sum().backward()
        for i, (t, torch_grad) in enumerate(zip(tst, torch_grads)):
            compare(f"backward pass tensor {i}", np.asarray(t.grad), torch_grad.detach().cpu().numpy(),
                    atol=grad_atol, rtol=grad_rtol)


def helper_test_exception(shps, torch_fxn, minigrad_fxn=None, expected=None, forward_only=False, exact=False,
                          vals=None, low=-1.5, high=1.5, minigrad_expected=None):
    """Both torch_fxn and minigrad_fxn raise ``expected`` on the same inputs (with the same message if exact).

    ``minigrad_expected`` (default: ``expected``) is for the places where minigrad raises NumPy's exception type
    rather than PyTorch's; each use in the ports says so.
    """
    ts, tst = prepare_test_op(low, high, shps, vals, forward_only)
    if minigrad_fxn is None:
        minigrad_fxn = torch_fxn
    with pytest.raises(expected) as torch_info:
        torch_fxn(*ts)
    with pytest.raises(expected if minigrad_expected is None else minigrad_expected) as minigrad_info:
        minigrad_fxn(*tst)
    if exact:
        assert str(torch_info.value) == str(minigrad_info.value)
