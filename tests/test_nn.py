"""minigrad.nn: Module mechanics, every layer against a NumPy formula and gradcheck (both backends),
activations, losses, init, and the error messages for bad input."""
import math

import numpy as np
import pytest

from minigrad import Value, gradcheck, nn, no_grad
from minigrad.nn import init, losses

RNG = np.random.default_rng(0)


def rand(*shape, dtype=np.float64):
    return RNG.normal(size=shape).astype(dtype)


def gradcheck_layer(layer, x, **kw):
    """gradcheck the layer's output w.r.t. its input and every parameter: gradcheck hands fn float64 copies of
    them, which are swapped in for the parameters while fn runs."""
    names = [name for name, _ in layer.named_parameters()]
    originals = [getattr(layer, name) for name in names]

    def fn(x, *params):
        for name, p in zip(names, params):
            object.__setattr__(layer, name, p)
        return layer(x)
    try:
        return gradcheck(fn, Value(x), *originals, **kw)
    finally:
        for name, p in zip(names, originals):
            object.__setattr__(layer, name, p)


# ---- reference formulas in plain NumPy --------------------------------------------------------------

def conv2d_ref(x, w, b, stride, padding):
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    kh, kw = w.shape[2:]
    ho, wo = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = np.einsum("nckl,ockl->no", xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw], w)
    return out + b[None, :, None, None]


def conv_transpose2d_ref(x, w, b, stride, padding, output_padding):
    (sh, sw), (ph, pw), (oh, ow) = stride, padding, output_padding
    n, _, h, wd = x.shape
    kh, kw = w.shape[2:]
    full = np.zeros((n, w.shape[1], (h - 1) * sh + kh + oh, (wd - 1) * sw + kw + ow))
    for i in range(h):
        for j in range(wd):
            full[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += np.einsum("nc,cokl->nokl", x[:, :, i, j], w)
    out = full[:, :, ph:full.shape[2] - ph, pw:full.shape[3] - pw]
    return out + b[None, :, None, None]


def max_pool2d_ref(x, kernel, stride, padding):
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=-np.inf)
    ho, wo = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    out = np.empty(x.shape[:2] + (ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max(axis=(2, 3))
    return out


def sigmoid_ref(z):
    return 1 / (1 + np.exp(-z))


# ---- Parameter and Module ------------------------------------------------------------------------------

class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(3, 4, activation="relu")
        self.out = nn.Linear(4, 2)
        self.scale = nn.Parameter(np.ones(2))

    def forward(self, x):
        return self.out(self.hidden(x)) * self.scale


def test_parameter_is_a_float32_leaf_that_requires_grad():
    p = nn.Parameter([1.0, 2.0], name="w")
    assert isinstance(p, Value) and p.requires_grad and p.dtype == np.float32 and p.name == "w"
    assert p.data.dtype == np.float32 and p.parents == () and repr(p).startswith("Parameter('w', shape=(2,)")
    assert nn.Parameter(np.zeros(3), dtype=np.float64).dtype == np.float64
    with pytest.raises(TypeError, match=r"Parameter 'k': dtype must be a float type .* got int64"):
        nn.Parameter([1, 2], name="k", dtype=np.int64)


def test_module_registers_parameters_and_children_in_order():
    model = TwoLayer()
    names = [name for name, _ in model.named_parameters()]
    assert names == ["scale", "hidden.weight", "hidden.bias", "out.weight", "out.bias"]
    assert [name for name, _ in model.named_children()] == ["hidden", "out"]
    assert [name for name, _ in model.named_modules()] == ["", "hidden", "out"]
    assert list(model.children()) == [model.hidden, model.out]
    assert len(list(model.modules())) == 3
    assert model.hidden.weight.name == "weight" and model.hidden.weight.label == "weight"
    assert model.parameters()[1] is model.hidden.weight


def test_shared_parameters_and_modules_are_listed_once():
    model = TwoLayer()
    model.again = model.hidden
    model.tied = model.out.weight
    assert len(model.parameters()) == 5
    assert [name for name, _ in model.named_modules()] == ["", "hidden", "out"]


def test_reassigning_an_attribute_unregisters_it():
    model = TwoLayer()
    model.scale = None
    model.out = "gone"
    del model.hidden
    assert model.parameters() == [] and list(model.children()) == []


def test_assigning_before_super_init_explains_the_fix():
    class Broken(nn.Module):
        def __init__(self):
            self.layer = nn.Linear(2, 2)

    with pytest.raises(AttributeError, match=r"Broken: cannot set attribute 'layer' before Module.__init__\(\) ran. "
                                             r"Call super\(\).__init__\(\)"):
        Broken()


def test_forward_must_be_defined():
    class NoForward(nn.Module):
        pass

    with pytest.raises(NotImplementedError, match="NoForward defines no forward"):
        NoForward()(np.zeros(2))


def test_train_eval_and_zero_grad_reach_every_submodule():
    model = TwoLayer()
    assert model.eval() is model and not any(m.training for m in model.modules())
    assert all(m.training for m in model.train().modules())
    model(rand(5, 3)).sum().backward()
    assert all(p.has_grad for p in model.parameters())
    model.zero_grad()
    assert all(not p.has_grad for p in model.parameters())


def test_trainable_false_freezes_a_module_and_its_children():
    model = nn.Sequential(TwoLayer(), nn.Linear(2, 1))
    assert model.trainable_parameters() == model.parameters()
    model[0].trainable = False
    assert model.trainable_parameters() == [model[1].weight, model[1].bias]
    model[0].trainable, model[0].hidden.trainable = True, False
    assert len(model.trainable_parameters()) == 5
    model.trainable = False
    assert model.trainable_parameters() == [] and len(model.parameters()) == 7


def test_buffers_must_be_arrays():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(TypeError, match=r"BatchNorm1d: buffer 'running_mean' must be an ndarray or None, got list"):
        bn.running_mean = [0.0, 0.0, 0.0]
    with pytest.raises(TypeError, match=r"register_buffer: 'stats' must be an ndarray, got float"):
        bn.register_buffer("stats", 1.0)


def test_repr_prints_the_module_tree():
    model = nn.Sequential(nn.Linear(2, 4, activation="relu"), nn.Dropout(0.25),
                          nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=4, bias=True, activation='relu')\n"
        "  (1): Dropout(p=0.25)\n"
        "  (2): Sequential(\n"
        "    (0): Linear(in_features=4, out_features=1, bias=True)\n"
        "    (1): Sigmoid()\n"
        "  )\n"
        ")")
    assert repr(nn.Conv2d(1, 8, 3, padding=1)) == \
        "Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=True)"
    assert repr(TwoLayer()).startswith("TwoLayer(\n  (hidden): Linear(in_features=3")


# ---- Sequential, Keras-style building --------------------------------------------------------------------

def test_sequential_takes_layers_or_a_list_and_chains_them():
    a, b = nn.Linear(3, 4), nn.Tanh()
    x = rand(2, 3)
    for model in (nn.Sequential(a, b), nn.Sequential([a, b])):
        assert len(model) == 2 and model[0] is a and model[-1] is b and model.layers == [a, b]
        np.testing.assert_allclose(model(x).data, b(a(x)).data)
    model = nn.Sequential()
    model.add(a)
    model.add(b)
    assert list(model) == [a, b] and isinstance(model[:1], nn.Sequential) and model[:1][0] is a


def test_sequential_builds_lazy_dense_layers_as_soon_as_the_input_shape_is_known():
    model = nn.Sequential([nn.Input(shape=(5,)), nn.Dense(16, activation="relu"), nn.Dense(1, activation="sigmoid")])
    assert model.built and len(model.parameters()) == 4
    assert model[1].weight.shape == (16, 5) and model[2].weight.shape == (1, 16)
    assert model.input_shape == (5,) and model.compute_output_shape((5,)) == (1,)
    gen = nn.Sequential([nn.Dense(128, activation="relu", input_dim=100), nn.Dense(784, activation="sigmoid"),
                         nn.Reshape((28, 28))])
    assert gen.built and gen[1].weight.shape == (784, 128) and gen.input_shape == (100,)
    disc = nn.Sequential([nn.Flatten(input_shape=(28, 28)), nn.Dense(128, activation="relu"), nn.Dense(1)])
    assert disc.built and disc[1].weight.shape == (128, 784)
    assert disc(gen(rand(3, 100))).shape == (3, 1)


def test_dense_without_input_shape_builds_at_its_first_input():
    model = nn.Sequential([nn.Dense(4), nn.Dense(2)])
    assert not model.built and model.parameters() == [] and model.input_shape is None
    assert model(rand(6, 3)).shape == (6, 2)
    assert model.built and [p.shape for p in model.parameters()] == [(4, 3), (4,), (2, 4), (2,)]


def test_dense_is_linear_with_keras_arguments():
    layer = nn.Dense(3, activation="tanh", use_bias=False, input_shape=(7,))
    assert isinstance(layer, nn.Linear) and layer.units == 3 and layer.bias is None and layer.input_shape == (7,)
    x = rand(4, 7)
    np.testing.assert_allclose(layer(x).data, np.tanh(x.astype(np.float32) @ layer.weight.data.T), rtol=1e-5)


def test_compute_output_shape_of_a_custom_module_runs_forward_on_one_sample():
    model = TwoLayer()
    model.train()
    assert model.compute_output_shape((3,)) == (2,)
    assert all(m.training for m in model.modules())  # the trial forward ran in eval mode and restored the mode


# ---- layers against NumPy formulas and gradcheck -----------------------------------------------------------

@pytest.mark.parametrize("activation, formula", [
    (None, lambda z: z), ("relu", lambda z: np.maximum(z, 0)), ("leaky_relu", lambda z: np.where(z > 0, z, 0.01 * z)),
    ("sigmoid", sigmoid_ref), ("tanh", np.tanh), ("linear", lambda z: z),
    ("softmax", lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True)), ("step", lambda z: (z >= 0) * 1.0)])
def test_linear_forward_matches_numpy(activation, formula):
    layer = nn.Linear(5, 3, activation=activation)
    x = rand(4, 5, dtype=np.float32)
    out = layer(x)
    assert out.dtype == np.float32 and out.shape == (4, 3)
    expected = formula(x.astype(np.float64) @ layer.weight.data.T + layer.bias.data)
    np.testing.assert_allclose(out.data, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("activation", [None, "relu", "leaky_relu", "sigmoid", "tanh", "softmax"])
def test_linear_gradcheck(backend, activation):
    layer = nn.Linear(4, 3, activation=activation)
    assert gradcheck_layer(layer, rand(5, 4))
    assert gradcheck_layer(nn.Linear(4, 2, bias=False), rand(3, 4))


def test_linear_acts_on_the_last_axis_of_any_input():
    layer = nn.Linear(3, 2)
    for shape in ((3,), (4, 5, 3)):
        x = rand(*shape, dtype=np.float32)
        np.testing.assert_allclose(layer(x).data, x @ layer.weight.data.T + layer.bias.data, rtol=1e-5, atol=1e-6)
    assert gradcheck_layer(layer, rand(2, 2, 3))


def test_linear_casts_raw_input_to_its_dtype_and_keeps_value_inputs():
    layer = nn.Linear(2, 2)
    assert layer(np.ones((1, 2))).dtype == np.float32          # a raw float64 array is a constant: cast
    assert layer(np.ones((1, 2), dtype=np.int64)).dtype == np.float32
    x = Value(rand(3, 2, dtype=np.float32))
    layer(x).sum().backward()
    assert x.grad.shape == (3, 2) and layer.weight.grad.dtype == np.float32


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), ((1, 2), (0, 1))])
def test_conv2d_forward_matches_numpy_and_gradchecks(backend, stride, padding):
    layer = nn.Conv2d(2, 3, kernel_size=3, stride=stride, padding=padding)
    x = rand(2, 2, 6, 5)
    expected = conv2d_ref(x, layer.weight.data, layer.bias.data, layer.stride, layer.padding)
    out = layer(x.astype(np.float32))
    assert out.dtype == np.float32 and out.shape == (2,) + layer.compute_output_shape((2, 6, 5))
    np.testing.assert_allclose(out.data, expected, rtol=1e-4, atol=1e-5)
    assert gradcheck_layer(layer, rand(1, 2, 5, 4))


@pytest.mark.parametrize("stride, padding, output_padding", [(1, 0, 0), (2, 1, 1), (2, 0, 0)])
def test_conv_transpose2d_forward_matches_numpy_and_gradchecks(backend, stride, padding, output_padding):
    layer = nn.ConvTranspose2d(3, 2, kernel_size=3, stride=stride, padding=padding, output_padding=output_padding)
    assert layer.weight.shape == (3, 2, 3, 3)
    x = rand(2, 3, 4, 3)
    expected = conv_transpose2d_ref(x, layer.weight.data, layer.bias.data, layer.stride, layer.padding,
                                    layer.output_padding)
    out = layer(x.astype(np.float32))
    assert out.shape == expected.shape == (2,) + layer.compute_output_shape((3, 4, 3))
    np.testing.assert_allclose(out.data, expected, rtol=1e-4, atol=1e-5)
    assert gradcheck_layer(layer, rand(1, 3, 3, 2))


def test_dcgan_generator_upsamples_like_pytorch():
    layer = nn.ConvTranspose2d(8, 4, kernel_size=4, stride=2, padding=1)
    assert layer(rand(2, 8, 7, 7)).shape == (2, 4, 14, 14)


@pytest.mark.parametrize("kernel, stride, padding", [(2, None, 0), (3, 2, 1), ((2, 3), 1, 0)])
def test_max_pool2d_matches_numpy_and_gradchecks(backend, kernel, stride, padding):
    layer = nn.MaxPool2d(kernel, stride=stride, padding=padding)
    x = rand(2, 3, 6, 7)
    out = layer(x)
    expected = max_pool2d_ref(x, layer.kernel_size, layer.stride, layer.padding)
    assert out.shape == (2,) + layer.compute_output_shape((3, 6, 7))
    np.testing.assert_allclose(out.data, expected)
    assert gradcheck_layer(layer, rand(1, 2, 5, 5))


def test_flatten_reshape_input_move_entries_without_changing_them():
    x = rand(4, 2, 3, 5)
    np.testing.assert_array_equal(nn.Flatten()(x).data, x.reshape(4, 30))
    np.testing.assert_array_equal(nn.Flatten(start_dim=2)(x).data, x.reshape(4, 2, 15))
    np.testing.assert_array_equal(nn.Reshape((6, -1))(x).data, x.reshape(4, 6, 5))
    np.testing.assert_array_equal(nn.Input((2, 3, 5))(x).data, x)
    assert nn.Flatten(start_dim=2).compute_output_shape((2, 3, 5)) == (2, 15)
    assert nn.Reshape((6, -1)).compute_output_shape((2, 3, 5)) == (6, 5)
    for layer in (nn.Flatten(), nn.Reshape((5, 6))):
        assert gradcheck_layer(layer, rand(2, 2, 3, 5))


def test_dropout_zeroes_and_rescales_in_training_and_passes_through_in_eval(backend):
    layer = nn.Dropout(0.25, rng=np.random.default_rng(1))
    x = np.ones((200, 100), dtype=np.float32)
    out = layer(x).data
    kept = out != 0
    assert out.dtype == np.float32 and abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(out[kept], 1 / 0.75, rtol=1e-6)
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x)


def test_dropout_gradient_uses_the_same_mask(backend):
    layer = nn.Dropout(0.5)

    def fn(x):
        layer.rng = np.random.default_rng(7)  # the same mask at every call
        return layer(x)
    assert gradcheck(fn, Value(rand(4, 6)))


def test_dropout_masks_repeat_after_seed():
    layer = nn.Dropout(0.5)
    init.seed(3)
    a = layer(np.ones((8, 8))).data
    init.seed(3)
    np.testing.assert_array_equal(layer(np.ones((8, 8))).data, a)


@pytest.mark.parametrize("layer_cls, shape, axes", [(nn.BatchNorm1d, (6, 3), (0,)),
                                                    (nn.BatchNorm1d, (6, 3, 4), (0, 2)),
                                                    (nn.BatchNorm2d, (4, 3, 2, 5), (0, 2, 3))])
def test_batch_norm_training_and_eval_match_the_formulas(backend, layer_cls, shape, axes):
    layer = layer_cls(3, momentum=0.2)
    layer.weight.data[:] = [1.0, 2.0, 0.5]
    layer.bias.data[:] = [0.0, -1.0, 3.0]
    x = rand(*shape) * 3 + 1
    channel = (1, 3) + (1,) * (len(shape) - 2)
    gamma, beta = layer.weight.data.reshape(channel), layer.bias.data.reshape(channel)
    mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    out = layer(x)
    np.testing.assert_allclose(out.data, gamma * (x - mean) / np.sqrt(var + 1e-5) + beta, rtol=1e-4, atol=1e-4)
    n = x.size // 3
    np.testing.assert_allclose(layer.running_mean, 0.2 * mean.ravel(), rtol=1e-5)
    np.testing.assert_allclose(layer.running_var, 0.8 + 0.2 * var.ravel() * n / (n - 1), rtol=1e-5)
    layer.eval()
    rm, rv = layer.running_mean.reshape(channel), layer.running_var.reshape(channel)
    np.testing.assert_allclose(layer(x).data, gamma * (x - rm) / np.sqrt(rv + 1e-5) + beta, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.running_mean, 0.2 * mean.ravel(), rtol=1e-5)  # eval leaves the stats alone


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradcheck(backend, training):
    for layer, x in ((nn.BatchNorm1d(3), rand(5, 3)), (nn.BatchNorm2d(2), rand(3, 2, 2, 3))):
        layer.weight.data[:] = RNG.uniform(0.5, 2, layer.num_features)
        layer.bias.data[:] = RNG.normal(size=layer.num_features)
        layer.train(training)
        assert gradcheck_layer(layer, x)


def test_embedding_looks_up_rows_and_adds_gradients_of_repeats():
    layer = nn.Embedding(10, 3)
    indices = np.array([[1, 4], [4, 9]])
    out = layer(indices)
    np.testing.assert_array_equal(out.data, layer.weight.data[indices])
    out.sum().backward()
    expected = np.zeros((10, 3), dtype=np.float32)
    expected[[1, 9]] = 1.0
    expected[4] = 2.0
    np.testing.assert_array_equal(layer.weight.grad, expected)
    assert layer.compute_output_shape((2,)) == (2, 3)


def test_embedding_gradcheck(backend):
    assert gradcheck_layer(nn.Embedding(6, 2), np.array([[0, 5, 5], [2, 0, 1]]))


# ---- activations ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, formula", [
    ("relu", lambda z: np.maximum(z, 0)), ("leaky_relu", lambda z: np.where(z > 0, z, 0.01 * z)),
    ("sigmoid", sigmoid_ref), ("tanh", np.tanh), ("linear", lambda z: z), ("step", lambda z: (z >= 0) * 1.0),
    ("softmax", lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True))])
def test_activation_modules_by_name_match_numpy(name, formula):
    z = rand(3, 4)
    layer = nn.get_activation(name.upper() if name == "relu" else name)
    assert isinstance(layer, nn.Module)
    np.testing.assert_allclose(layer(z).data, formula(z), rtol=1e-12)
    assert layer.compute_output_shape((4,)) == (4,)


def test_activation_modules_gradcheck_and_settings():
    z = rand(3, 4)
    for layer in (nn.ReLU(), nn.LeakyReLU(0.2), nn.Sigmoid(), nn.Tanh(), nn.Softmax(axis=0), nn.Identity()):
        assert gradcheck_layer(layer, z)
    np.testing.assert_allclose(nn.LeakyReLU(0.2)(z).data, np.where(z > 0, z, 0.2 * z))
    np.testing.assert_allclose(nn.Softmax(axis=0)(z).data.sum(axis=0), np.ones(4))
    assert repr(nn.LeakyReLU(0.2)) == "LeakyReLU(negative_slope=0.2)" and repr(nn.Step()) == "Step()"
    relu = nn.ReLU()
    with pytest.raises(ValueError, match=r"get_activation: unknown activation 'swoosh'; choose one of \['celu'"):
        nn.get_activation("swoosh")
    assert nn.get_activation(relu) is relu and isinstance(nn.get_activation(None), nn.Identity)


def test_dense_takes_an_activation_function():
    layer = nn.Dense(2, activation=lambda z: z * 2.0, input_dim=3)
    x = rand(4, 3, dtype=np.float32)
    np.testing.assert_allclose(layer(x).data, 2 * (x @ layer.weight.data.T + layer.bias.data), rtol=1e-6)
    assert "activation='<lambda>'" in repr(layer)


# ---- losses -------------------------------------------------------------------------------------------

def test_loss_modules_match_numpy():
    z, y = rand(6, 4), rand(6, 4)
    p, t = sigmoid_ref(z), (rand(6, 4) > 0).astype(np.float64)
    labels = RNG.integers(0, 4, 6)
    log_softmax = z - np.log(np.exp(z).sum(1, keepdims=True))
    bce = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert nn.MSELoss()(z, y).item() == pytest.approx(((z - y) ** 2).mean())
    assert nn.MSELoss(reduction="sum")(z, y).item() == pytest.approx(((z - y) ** 2).sum())
    assert nn.BCELoss()(p, t).item() == pytest.approx(bce.mean())
    assert nn.BCEWithLogitsLoss()(z, t).item() == pytest.approx(bce.mean())
    assert nn.CrossEntropyLoss()(z, labels).item() == pytest.approx(-log_softmax[np.arange(6), labels].mean())
    assert nn.CrossEntropyLoss()(z, np.eye(4)[labels]).item() == pytest.approx(nn.CrossEntropyLoss()(z, labels).item())
    assert nn.NLLLoss()(log_softmax, labels).item() == pytest.approx(-log_softmax[np.arange(6), labels].mean())
    np.testing.assert_allclose(nn.NLLLoss(reduction="none")(log_softmax, labels).data,
                               -log_softmax[np.arange(6), labels])
    signs = np.where(t > 0, 1.0, -1.0)
    assert nn.HingeLoss()(z, signs).item() == pytest.approx(np.maximum(0, 1 - signs * z).mean())
    assert repr(nn.MSELoss()) == "MSELoss(reduction='mean')"


def test_keras_losses_by_name_take_probabilities():
    z = rand(8, 3)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    labels = RNG.integers(0, 3, 8)
    onehot = np.eye(3)[labels]
    q, t = sigmoid_ref(rand(8, 1)), RNG.integers(0, 2, 8)
    assert losses.get("mse")(p, onehot).item() == pytest.approx(((p - onehot) ** 2).mean())
    assert losses.get("Mean_Squared_Error") is losses.get("mse")
    assert losses.get("binary_crossentropy")(q, t).item() == pytest.approx(
        -(t[:, None] * np.log(q) + (1 - t[:, None]) * np.log(1 - q)).mean())  # labels (N,) for output (N, 1)
    cce = -np.log(p[np.arange(8), labels]).mean()
    assert losses.get("categorical_crossentropy")(p, onehot).item() == pytest.approx(cce)
    assert losses.get("sparse_categorical_crossentropy")(p, labels).item() == pytest.approx(cce)
    assert losses.get("sparse_categorical_crossentropy")(p, labels[:, None]).item() == pytest.approx(cce)
    assert losses.get("hinge")(z[:, :1], t).item() == pytest.approx(
        np.maximum(0, 1 - np.where(t == 1, 1, -1)[:, None] * z[:, :1]).mean())  # 0/1 labels become -1/+1


def test_keras_crossentropy_stays_finite_at_zero_probability():
    p = np.array([[0.0, 1.0], [1.0, 0.0]])
    onehot = np.array([[1.0, 0.0], [1.0, 0.0]])
    loss = losses.get("categorical_crossentropy")(Value(p), onehot)
    assert math.isfinite(loss.item()) and loss.item() == pytest.approx(-np.log(1e-7) / 2, rel=1e-6)
    assert math.isfinite(losses.get("sparse_categorical_crossentropy")(p, [0, 0]).item())
    assert math.isfinite(losses.get("binary_crossentropy")(np.array([[0.0], [1.0]]), [1, 0]).item())


def test_loss_gradients(backend):
    p = Value(np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]))
    assert gradcheck(lambda q: losses.categorical_crossentropy(q, np.eye(3)[[1, 0]]), p)
    assert gradcheck(lambda q: losses.sparse_categorical_crossentropy(q, [2, 1]), p)
    assert gradcheck(lambda q: losses.get("binary_crossentropy")(q, np.ones((2, 3))), p)
    assert gradcheck(lambda s: nn.hinge_loss(s, [[1, -1, 1], [-1, -1, 1]]), Value(rand(2, 3) * 3))
    assert gradcheck(lambda z: nn.CrossEntropyLoss()(z, np.array([0, 2])), Value(rand(2, 3)))


def test_losses_get_passes_callables_and_rejects_the_rest():
    criterion = nn.CrossEntropyLoss()
    assert losses.get(criterion) is criterion and losses.get(nn.hinge_loss) is nn.hinge_loss
    with pytest.raises(ValueError, match=r"unknown loss 'crossentropy'; choose one of \['binary_crossentropy'"):
        losses.get("crossentropy")
    with pytest.raises(TypeError, match=r"got the class MSELoss; pass an instance, MSELoss\(\)"):
        losses.get(nn.MSELoss)
    with pytest.raises(TypeError, match=r"a loss must be a name or a callable .* got int"):
        losses.get(3)
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        nn.MSELoss(reduction="avg")


def test_bad_loss_targets_say_what_is_wrong():
    p = np.full((4, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"mean_squared_error: prediction of shape \(4, 3\) and target of shape "
                                         r"\(4,\) differ"):
        losses.get("mse")(p, np.zeros(4))
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy: labels must lie in \[0, 3\) .* "
                                         r"from 0 to 3"):
        losses.get("sparse_categorical_crossentropy")(p, [0, 1, 2, 3])
    with pytest.raises(TypeError, match=r"labels must be integer class indices, got dtype float64"):
        losses.get("sparse_categorical_crossentropy")(p, [0.5, 1, 2, 0])
    with pytest.raises(ValueError, match=r"expected probabilities \(N, C\) and labels \(N,\), got \(4, 3\) and "
                                         r"\(4, 3\). For one-hot targets use 'categorical_crossentropy'"):
        losses.get("sparse_categorical_crossentropy")(p, np.eye(3)[[0, 1, 2, 0]])
    with pytest.raises(ValueError, match=r"hinge_loss: targets must be -1 or \+1, got values \[0\. 1\.\]. "
                                         r"Map 0/1 labels with 2 \* y - 1"):
        nn.HingeLoss()(np.zeros(4), np.array([0.0, 1.0, 1.0, 0.0]))


# ---- init -------------------------------------------------------------------------------------------------

def test_default_init_follows_pytorch_bounds():
    for layer, fan_in in ((nn.Linear(50, 40), 50), (nn.Conv2d(3, 8, 5), 75), (nn.ConvTranspose2d(3, 8, 5), 200)):
        bound = 1 / math.sqrt(fan_in)
        for p in (layer.weight, layer.bias):
            assert p.dtype == np.float32 and np.abs(p.data).max() <= bound
        assert np.abs(layer.weight.data).max() > 0.9 * bound  # spread over the whole interval, not a narrower one
    emb = nn.Embedding(100, 50)
    assert abs(emb.weight.data.std() - 1.0) < 0.05
    bn = nn.BatchNorm2d(4)
    np.testing.assert_array_equal(bn.weight.data, np.ones(4))
    np.testing.assert_array_equal(bn.bias.data, np.zeros(4))


def test_initializers_have_the_documented_spread():
    w = nn.Parameter(np.zeros((400, 300)))
    rng = np.random.default_rng(0)
    assert np.abs(init.xavier_uniform_(w, rng=rng).data).max() <= math.sqrt(6 / 700)
    assert w.data.std() == pytest.approx(math.sqrt(2 / 700), rel=0.02)
    assert init.xavier_normal_(w, gain=2.0, rng=rng).data.std() == pytest.approx(2 * math.sqrt(2 / 700), rel=0.02)
    assert init.kaiming_uniform_(w, rng=rng).data.std() == pytest.approx(math.sqrt(2 / 300), rel=0.02)
    assert np.abs(w.data).max() <= math.sqrt(6 / 300)
    assert init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu", rng=rng).data.std() == \
        pytest.approx(math.sqrt(2 / 400), rel=0.02)
    assert init.normal_(w, rng=rng).data.std() == pytest.approx(0.02, rel=0.02)
    assert w.dtype == np.float32 and init.zeros_(w).data.max() == 0 and init.ones_(w).data.min() == 1
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))


def test_seed_makes_models_repeatable():
    def make():
        return nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Dense(4), nn.Linear(4, 2))
    init.seed(5)
    a = make()
    a(np.zeros((1, 1, 5, 5)))
    init.seed(5)
    b = make()
    b(np.zeros((1, 1, 5, 5)))
    for (name, pa), (_, pb) in zip(a.named_parameters(), b.named_parameters()):
        np.testing.assert_array_equal(pa.data, pb.data, err_msg=name)
    c = nn.Linear(3, 3, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(c.weight.data, nn.Linear(3, 3, rng=np.random.default_rng(1)).weight.data)


def test_init_bad_arguments():
    with pytest.raises(ValueError, match=r"fan_in and fan_out need a weight with at least 2 axes, got shape \(3,\)"):
        init.xavier_uniform_(nn.Parameter(np.zeros(3)))
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out', got 'fan'"):
        init.kaiming_normal_(nn.Parameter(np.zeros((2, 2))), mode="fan")
    with pytest.raises(ValueError, match="unknown nonlinearity 'gelu'"):
        init.calculate_gain("gelu")
    with pytest.raises(TypeError, match="rng must be a np.random.Generator .* got int"):
        nn.Linear(2, 2, rng=42)


# ---- bad input: every message names the layer, the shapes and the fix -----------------------------------------

def test_linear_given_the_wrong_feature_count_names_layer_and_shapes():
    with pytest.raises(ValueError, match=r"Linear\(in_features=4, out_features=2, bias=True\): input of shape "
                                         r"\(10, 3\) has 3 features on its last axis, but the layer expects 4"):
        nn.Linear(4, 2)(np.zeros((10, 3)))
    with pytest.raises(ValueError, match=r"Dense\(in_features=5.*input of shape \(2, 6\)"):
        nn.Sequential([nn.Input((5,)), nn.Dense(3)])[1](np.zeros((2, 6)))


def test_layer_construction_errors():
    with pytest.raises(ValueError, match=r"Linear: unknown activation 'relu7'; choose one of \['celu'"):
        nn.Linear(2, 2, activation="relu7")
    with pytest.raises(ValueError, match=r"Dense\(4\): give input_dim=3 or input_shape=\(3,\), not both"):
        nn.Dense(4, input_dim=3, input_shape=(3,))
    with pytest.raises(TypeError, match=r"Conv2d: kernel_size must be an int or a pair of ints, got \(3, 3, 3\)"):
        nn.Conv2d(1, 1, (3, 3, 3))
    with pytest.raises(ValueError, match=r"Dropout: p is the probability .* in \[0, 1\), got 1.5"):
        nn.Dropout(1.5)
    with pytest.raises(ValueError, match="Flatten: start_dim must be at least 1"):
        nn.Flatten(start_dim=0)
    with pytest.raises(ValueError, match=r"Reshape: shape \(-1, 2, -1\) has more than one -1"):
        nn.Reshape((-1, 2, -1))
    with pytest.raises(TypeError, match="Input: a shape must be an int or a tuple of ints, got 'abc'"):
        nn.Input("abc")
    with pytest.raises(TypeError, match=r"Sequential.add: layer 1 must be a Module .* got function"):
        nn.Sequential(nn.ReLU(), lambda x: x)
    with pytest.raises(AttributeError, match="Sequential.input_shape comes from its first layer"):
        nn.Sequential(nn.ReLU()).input_shape = (3,)


def test_shape_errors_at_call_time():
    with pytest.raises(ValueError, match=r"Conv2d\(3, 8, .*\): expected input of shape \(N, 3, H, W\), got "
                                         r"\(2, 1, 8, 8\)"):
        nn.Conv2d(3, 8, 3)(np.zeros((2, 1, 8, 8)))
    with pytest.raises(ValueError, match=r"ConvTranspose2d\(4, 2, .*expected input of shape \(N, 4, H, W\), got "
                                         r"\(4, 5, 5\)"):
        nn.ConvTranspose2d(4, 2, 3)(np.zeros((4, 5, 5)))
    with pytest.raises(ValueError, match=r"MaxPool2d\(.*\): expected input of shape \(N, C, H, W\), got \(5, 5\)"):
        nn.MaxPool2d(2)(np.zeros((5, 5)))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3, .*\): expected input of shape \(N, C\) or \(N, C, L\) "
                                         r"with C = 3, got \(8, 4\)"):
        nn.BatchNorm1d(3)(np.zeros((8, 4)))
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3, .*\): expected input of shape \(N, C, H, W\) with "
                                         r"C = 3, got \(8, 3\)"):
        nn.BatchNorm2d(3)(np.zeros((8, 3)))
    with pytest.raises(ValueError, match=r"Input\(shape=\(3,\)\): got a batch of shape \(2, 4\), whose samples "
                                         r"have shape \(4,\)"):
        nn.Input(3)(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"Reshape\(shape=\(28, 28\)\): samples of shape \(100,\) have 100 entries"):
        nn.Reshape((28, 28))(np.zeros((2, 100)))
    with pytest.raises(ValueError, match=r"Reshape\(shape=\(28, 28\)\): samples of shape \(100,\)"):
        nn.Sequential([nn.Dense(100, input_dim=3), nn.Reshape((28, 28))])
    with pytest.raises(IndexError, match="Sequential: index 5 is out of range for 2 layers"):
        nn.Sequential(nn.ReLU(), nn.Tanh())[5]


def test_evaluation_under_no_grad_records_nothing():
    model = TwoLayer()
    with no_grad():
        out = model(rand(2, 3))
    assert not out.requires_grad and out.parents == ()


def test_a_built_layer_rejects_a_symbolic_input_of_the_wrong_width():
    from minigrad import keras
    layer = nn.Dense(1, input_dim=4)
    with pytest.raises(ValueError, match=r"input of shape \(3,\) has 3 features on its last axis, but the layer "
                                         r"expects 4"):
        layer(keras.Input(shape=(3,)))


def test_keras_binary_crossentropy_clips_saturated_probabilities_like_keras():
    bce = losses.get("binary_crossentropy")
    p = Value(np.array([[1.0], [0.5]], dtype=np.float32))  # a float32 sigmoid that rounded to exactly 1
    loss = bce(p, np.array([[0.0], [1.0]], dtype=np.float32))
    expected = (-np.log(1 - np.float32(1 - 1e-7)) - np.log(0.5)) / 2  # log of the clipped p, not of -100
    assert loss.item() == pytest.approx(expected, rel=1e-4) and loss.item() < 10
    loss.backward()
    assert np.all(np.isfinite(p.grad)) and p.grad[0, 0] == 0.0  # outside the clip range: no gradient
