"""Produces the reference numbers hard-coded in test_engine.py's micrograd expressions, with PyTorch.

Run: python tests/torch_reference_engine.py   (needs the bench extra: pip install torch==2.13.0)
"""
import torch


def sanity_check():
    x = torch.tensor([-4.0], dtype=torch.double, requires_grad=True)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return y.item(), x.grad.item()


def more_ops():
    a = torch.tensor([-4.0], dtype=torch.double, requires_grad=True)
    b = torch.tensor([2.0], dtype=torch.double, requires_grad=True)
    c = a + b
    d = a * b + b ** 3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    return g.item(), a.grad.item(), b.grad.item()


if __name__ == "__main__":
    print("sanity_check: y, x.grad =", repr(sanity_check()))
    print("more_ops: g, a.grad, b.grad =", repr(more_ops()))
