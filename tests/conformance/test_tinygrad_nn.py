"""tinygrad's layer tests, ported to minigrad's nn, with PyTorch as the oracle.

Ported from tinygrad/tinygrad, test/backend/test_nn.py (the file that used to live at test/test_nn.py), at
commit a9069c177a9da9cca18593edf55acd2e6073cca6. MIT License, Copyright (c) 2024, the tiny corp.

Only the tests of layers minigrad has are here (Conv1d, GroupNorm and LayerNorm over several axes came with the
op-coverage issue), under their own names and with their sizes and tolerances.
tinygrad's ``Tensor.randn`` / ``Tensor.uniform`` / ``Tensor.randint`` become the same draws from NumPy (float32,
uniform in [0, 1), randint in [0, 10)). Where minigrad has the op but not the layer (batch norm of 5-D input, batch
norm without running statistics) the test calls ``F.batch_norm``. Every test runs on both kernel backends.
"""
import numpy as np
import pytest
from _shim import import_torch

from minigrad import F, Value, nn

torch = import_torch()


def randn(*shape):
    return np.random.randn(*shape).astype(np.float32)


def _test_batchnorm2d(training=False, threed=False, track_running_stats=True):
    szs = [4, 8, 16, 32]
    for sz in szs:
      # create in minigrad: the BatchNorm2d layer; F.batch_norm where minigrad has no layer (5-D input, no
      # running statistics)
      weight, bias = randn(sz), randn(sz)
      running_mean = running_var = None
      if track_running_stats:
        running_mean = randn(sz)
        running_var = randn(sz)
        running_var[running_var < 0] = 0
      if track_running_stats and not threed:
        bn = nn.BatchNorm2d(sz, eps=1e-5).train(training)
        bn.weight.data[...], bn.bias.data[...] = weight, bias
        bn.running_mean[...], bn.running_var[...] = running_mean, running_var
        running_mean, running_var = bn.running_mean, bn.running_var
      else:
        def bn(x):
          return F.batch_norm(x, running_mean, running_var, Value(weight), Value(bias), training=training, eps=1e-5)

      # create in torch
      with torch.no_grad():
        if threed:
          tbn = torch.nn.BatchNorm3d(sz, track_running_stats=track_running_stats).eval()
        else:
          tbn = torch.nn.BatchNorm2d(sz, track_running_stats=track_running_stats).eval()
        tbn.training = training
        tbn.weight[:] = torch.tensor(weight)
        tbn.bias[:] = torch.tensor(bias)
        if track_running_stats:
          tbn.running_mean[:] = torch.tensor(running_mean)
          tbn.running_var[:] = torch.tensor(running_var)

      if track_running_stats:
        np.testing.assert_allclose(running_mean, tbn.running_mean.detach().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(running_var, tbn.running_var.detach().numpy(), rtol=1e-5, atol=1e-6)

      # trial
      if threed:
        inn = randn(2, sz, 3, 3, 3)
      else:
        inn = randn(2, sz, 3, 3)

      # in minigrad
      outt = bn(Value(inn))

      # in torch
      toutt = tbn(torch.tensor(inn))

      # close
      np.testing.assert_allclose(outt.numpy(), toutt.detach().numpy(), rtol=5e-4, atol=1e-6)
      if track_running_stats:
        np.testing.assert_allclose(running_mean, tbn.running_mean.detach().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(running_var, tbn.running_var.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_batchnorm2d(): _test_batchnorm2d()
def test_batchnorm2d_training(): _test_batchnorm2d(True, False, True)
def test_batchnorm2d_no_running_stats(): _test_batchnorm2d(False, False, False)
def test_batchnorm2d_training_no_running_stats(): _test_batchnorm2d(True, False, False)
def test_batchnorm3d(): _test_batchnorm2d(False, True, True)
def test_batchnorm3d_training(): _test_batchnorm2d(True, True, True)
def test_batchnorm3d_no_running_stats(): _test_batchnorm2d(False, True, False)
def test_batchnorm3d_training_no_running_stats(): _test_batchnorm2d(True, True, False)


def test_linear():
    def _test_linear(x, in_dim, out_dim):
      # create in minigrad
      model = nn.Linear(in_dim, out_dim)
      z = model(Value(x))

      # create in torch
      with torch.no_grad():
        torch_layer = torch.nn.Linear(in_dim, out_dim).eval()
        torch_layer.weight[:] = torch.tensor(model.weight.numpy(), dtype=torch.float32)
        torch_layer.bias[:] = torch.tensor(model.bias.numpy(), dtype=torch.float32)
        torch_x = torch.tensor(x, dtype=torch.float32)
        torch_z = torch_layer(torch_x)

      # test
      np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=5e-4, rtol=1e-5)

    BS, T, in_dim, out_dim = 4, 2, 8, 16
    _test_linear(randn(BS, in_dim), in_dim, out_dim)
    _test_linear(randn(BS, T, in_dim), in_dim, out_dim) # test with more dims


def _test_conv(minigrad_conv, torch_conv, BS, C1, DIMS, C2, K, S, P, D=1):
    # create in minigrad (its ConvTranspose2d has no dilation: its test uses D=1)
    layer = minigrad_conv(C1, C2, kernel_size=K, stride=S, padding=P, **({"dilation": D} if D != 1 else {}))

    # create in torch
    with torch.no_grad():
      torch_layer = torch_conv(C1, C2, kernel_size=K, stride=S, padding=P, dilation=D).eval()
      torch_layer.weight[:] = torch.tensor(layer.weight.numpy(), dtype=torch.float32)
      torch_layer.bias[:] = torch.tensor(layer.bias.numpy(), dtype=torch.float32)

    # test
    x = np.random.uniform(0.0, 1.0, (BS, C1, *DIMS)).astype(np.float32)
    z = layer(Value(x))
    torch_x = torch.tensor(x)
    torch_z = torch_layer(torch_x)
    np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=5e-4, rtol=1e-5)


def test_conv1d(): _test_conv(nn.Conv1d, torch.nn.Conv1d, BS=4, C1=16, DIMS=[224//4], C2=64, K=7, S=2, P=1)


def test_conv2d(): _test_conv(nn.Conv2d, torch.nn.Conv2d, BS=4, C1=16, DIMS=[224//4, 224//4], C2=64, K=7, S=2, P=1)


def test_conv1d_same_padding():
    _test_conv(nn.Conv1d, torch.nn.Conv1d, BS=8, C1=3, DIMS=[32], C2=16, K=3, S=1, P='same')


def test_conv2d_same_padding_odd_input():
    _test_conv(nn.Conv2d, torch.nn.Conv2d, BS=16, C1=16, DIMS=[29, 31], C2=32, K=5, S=1, P='same')


def test_conv2d_same_padding_large_kernel():
    _test_conv(nn.Conv2d, torch.nn.Conv2d, BS=16, C1=16, DIMS=[28, 33], C2=32, K=9, S=1, P='same')


def test_conv2d_same_padding_with_dilation():
    _test_conv(nn.Conv2d, torch.nn.Conv2d, BS=16, C1=3, DIMS=[28, 28], C2=32, K=3, S=1, P='same', D=3)


def test_conv2d_same_padding_invalid_stride():
    with pytest.raises(ValueError):
      nn.Conv2d(in_channels=16, out_channels=32, kernel_size=2, stride=2, padding='same')


def test_conv2d_same_padding_invalid_padding_str():
    with pytest.raises(ValueError):
      nn.Conv2d(in_channels=16, out_channels=32, kernel_size=2, stride=1, padding='not_same')


def test_groupnorm():
    BS, H, W, C, G = 20, 10, 10, 6, 3

    # create in torch
    torch_layer = torch.nn.GroupNorm(G, C).eval()

    # create in minigrad
    layer = nn.GroupNorm(G, C)
    layer.weight.data[...] = torch_layer.weight.detach().numpy()
    layer.bias.data[...] = torch_layer.bias.detach().numpy()

    for _ in range(10):
      # forward
      x = Value(randn(BS, C, H, W))
      z = layer(x)
      z.sum().backward()

      torch_x = torch.tensor(x.numpy(), requires_grad=True)
      torch_z = torch_layer(torch_x)
      torch_z.sum().backward()

      np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=5e-6, rtol=5e-6)
      np.testing.assert_allclose(x.grad, torch_x.grad.detach().numpy(), atol=5e-4, rtol=5e-4)
      np.testing.assert_allclose(layer.weight.grad, torch_layer.weight.grad.detach().numpy(), atol=5e-4, rtol=5e-4)
      np.testing.assert_allclose(layer.bias.grad, torch_layer.bias.grad.detach().numpy(), atol=5e-4, rtol=5e-4)


def test_layernorm_forward():
    N, C, H, W = 20, 5, 10, 10

    # create in torch
    torch_layer = torch.nn.LayerNorm([H, W]).eval()

    # create in minigrad
    layer = nn.LayerNorm([H, W])
    layer.weight.data[...] = torch_layer.weight.detach().numpy()
    layer.bias.data[...] = torch_layer.bias.detach().numpy()

    # tinygrad's Tensor.empty: any values; minigrad draws them
    x = Value(randn(N, C, H, W))
    z = layer(x)

    torch_x = torch.tensor(x.numpy(), requires_grad=True)
    torch_z = torch_layer(torch_x)
    torch_z.sum().backward()

    np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=5e-4, rtol=5e-6)


def test_layernorm():
    N, C, H, W = 20, 5, 10, 10

    # create in torch
    torch_layer = torch.nn.LayerNorm([H, W]).eval()

    # create in minigrad
    layer = nn.LayerNorm([H, W])
    layer.weight.data[...] = torch_layer.weight.detach().numpy()
    layer.bias.data[...] = torch_layer.bias.detach().numpy()

    for _ in range(10):
      # forward
      x = Value(randn(N, C, H, W))
      z = layer(x)
      z.sum().backward()

      torch_x = torch.tensor(x.numpy(), requires_grad=True)
      torch_z = torch_layer(torch_x)
      torch_z.sum().backward()

      np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=5e-6, rtol=5e-6)
      np.testing.assert_allclose(x.grad, torch_x.grad.detach().numpy(), atol=5e-4, rtol=5e-4)
      np.testing.assert_allclose(layer.weight.grad, torch_layer.weight.grad.detach().numpy(), atol=5e-4, rtol=5e-4)
      np.testing.assert_allclose(layer.bias.grad, torch_layer.bias.grad.detach().numpy(), atol=5e-4, rtol=5e-4)


def test_conv_transpose2d():
    _test_conv(nn.ConvTranspose2d, torch.nn.ConvTranspose2d, BS=4, C1=16, DIMS=[224//4, 224//4], C2=64, K=7, S=2, P=1)


def test_embedding():
    B, T, embed_size, vocab_size = 4, 10, 20, 28

    # create in minigrad
    layer = nn.Embedding(vocab_size, embed_size)

    with torch.no_grad():
      torch_layer = torch.nn.Embedding(vocab_size, embed_size).eval()
      torch_layer.weight[:] = torch.tensor(layer.weight.numpy(), dtype=torch.float32)

    # test
    x = np.random.randint(0, vocab_size, (B, T), dtype=np.int32)
    z = layer(x)
    torch_x = torch.tensor(x)
    torch_z = torch_layer(torch_x)
    np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=1e-8, rtol=1e-8)

    # test with empty input length
    x = np.random.randint(0, vocab_size, (B, 0), dtype=np.int32)
    z = layer(x)
    torch_x = torch.tensor(x)
    torch_z = torch_layer(torch_x)
    np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=1e-8, rtol=1e-8)

    # test with jit enabled (minigrad has no jit: the same calls, repeated on fresh inputs)
    for _ in range(3):
      x = np.random.randint(0, vocab_size, (B, T), dtype=np.int32)
      z = layer(x)
      torch_x = torch.tensor(x)
      torch_z = torch_layer(torch_x)
      np.testing.assert_allclose(z.numpy(), torch_z.detach().numpy(), atol=1e-8, rtol=1e-8)


def test_embedding_shape():
    vocab_size, embed_size = 10, 16
    layer = nn.Embedding(vocab_size, embed_size)
    for rank in range(5):
      shp = (1,) * rank
      a = np.array([3]).reshape(shp)
      result = layer(a)
      assert result.shape == shp + (embed_size,)


def test_load_state_dict():
    layer = nn.Conv2d(3, 5, kernel_size=3)

    state_dict = {
      'weight': randn(5, 3, 3, 3),
      'bias': randn(5),
    }
    layer.load_state_dict(state_dict)

    np.testing.assert_allclose(layer.weight.numpy(), state_dict['weight'])
    np.testing.assert_allclose(layer.bias.numpy(), state_dict['bias'])


def test_load_state_dict_shape_mismatch():
    d1, d2 = 2, 4
    layer = nn.Linear(d1, d1, bias=False)
    state_dict = {'weight': randn(d2, d2)}
    # the same check in minigrad's words: tinygrad says "Shape mismatch in layer `weight`: Expected shape (2, 2), but
    # found (4, 4) in state dict."
    with pytest.raises(ValueError, match=r"'weight' has shape \(4, 4\), expected \(2, 2\)"):
      layer.load_state_dict(state_dict)
