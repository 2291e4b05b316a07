"""minigrad.interop: weights to and from PyTorch (state dicts, .safetensors), ONNX export, Keras weight lists.

Each round trip builds the twin in the other framework, moves the weights and compares outputs to 1e-5 in float32.
Tests that need an optional package (torch, onnx, onnxruntime, safetensors, tensorflow) skip, saying which, when it
is absent; ``make test`` installs all but TensorFlow ([oracle] and [interop] extras).
"""
import numpy as np
import pytest

from minigrad import interop, keras, nn
from minigrad.checkpoint import CheckpointError

LAYER_NORM = getattr(nn, "LayerNorm", None)
needs_layer_norm = pytest.mark.skipif(LAYER_NORM is None, reason="nn.LayerNorm is not part of this minigrad yet")
TOL = dict(rtol=1e-5, atol=1e-5)


@pytest.fixture
def torch():
    torch = pytest.importorskip("torch", reason="the PyTorch twins need torch: pip install minigrad-edu[oracle]")
    torch.set_num_threads(1)
    return torch


@pytest.fixture
def ort():
    pytest.importorskip("onnx", reason="ONNX export needs onnx: pip install minigrad-edu[interop]")
    return pytest.importorskip("onnxruntime", reason="running the ONNX file needs onnxruntime: "
                                                     "pip install minigrad-edu[interop]")


@pytest.fixture
def safetensors():
    return pytest.importorskip("safetensors.numpy", reason=".safetensors files need the safetensors package: "
                                                            "pip install minigrad-edu[interop]")


def rng(seed=0):
    return np.random.default_rng(seed)


def floats(*shape, seed=1):
    return rng(seed).standard_normal(shape).astype(np.float32)


def run(model, x):
    return np.asarray(model.eval()(x).data)


def run_torch(torch, twin, x):
    with torch.no_grad():
        return twin.eval()(torch.from_numpy(np.asarray(x))).numpy()


def load_into_torch(torch, twin, state):
    twin.load_state_dict({name: torch.from_numpy(array) for name, array in state.items()})  # strict=True


def train_batch_norms(model, x, steps=3):
    """Move BatchNorm's running statistics away from (0, 1), so that loading them is tested too."""
    model.train()
    for i in range(steps):
        model(x * (i + 1) + i)


# ---- the twins: the same architecture in minigrad and in PyTorch -----------------------------------------

def mlp(torch=None):
    if torch is None:
        return nn.Sequential(nn.Linear(5, 8, rng=rng(1)), nn.ReLU(), nn.Linear(8, 8, rng=rng(2)), nn.Tanh(),
                             nn.Linear(8, 3, rng=rng(3)), nn.Softmax())
    t = torch.nn
    return t.Sequential(t.Linear(5, 8), t.ReLU(), t.Linear(8, 8), t.Tanh(), t.Linear(8, 3), t.Softmax(dim=-1))


def cnn(torch=None):
    if torch is None:
        return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1, rng=rng(1)), nn.BatchNorm2d(4), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Conv2d(4, 3, 2, stride=2, rng=rng(2)), nn.LeakyReLU(0.2),
                             nn.Flatten(), nn.Linear(12, 5, rng=rng(3)))
    t = torch.nn
    return t.Sequential(t.Conv2d(2, 4, 3, padding=1), t.BatchNorm2d(4), t.ReLU(), t.MaxPool2d(2),
                        t.Conv2d(4, 3, 2, stride=2), t.LeakyReLU(0.2), t.Flatten(), t.Linear(12, 5))


def upsampler(torch=None):
    if torch is None:
        return nn.Sequential(nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1, rng=rng(1)),
                             nn.BatchNorm2d(4), nn.LeakyReLU(0.2), nn.ConvTranspose2d(4, 1, 4, stride=2, rng=rng(2)),
                             nn.Tanh())
    t = torch.nn
    return t.Sequential(t.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1), t.BatchNorm2d(4),
                        t.LeakyReLU(0.2), t.ConvTranspose2d(4, 1, 4, stride=2), t.Tanh())


def embedder(torch=None):
    if torch is None:
        return nn.Sequential(nn.Embedding(10, 4, rng=rng(1)), nn.Flatten(), nn.Linear(12, 2, rng=rng(2)))
    t = torch.nn
    return t.Sequential(t.Embedding(10, 4), t.Flatten(), t.Linear(12, 2))


def normalised(torch=None):
    if torch is None:
        return nn.Sequential(nn.Linear(6, 8, rng=rng(1)), LAYER_NORM(8), nn.Linear(8, 2, rng=rng(2)))
    t = torch.nn
    return t.Sequential(t.Linear(6, 8), t.LayerNorm(8), t.Linear(8, 2))


def indices(n=7):
    return rng(5).integers(0, 10, size=(n, 3))


TWINS = {"mlp": (mlp, lambda: floats(6, 5)), "cnn": (cnn, lambda: floats(6, 2, 8, 8)),
         "conv_transpose": (upsampler, lambda: floats(4, 3, 5, 5)), "embedding": (embedder, indices),
         "layer_norm": (normalised, lambda: floats(6, 6))}
TWIN_NAMES = ["mlp", "cnn", "conv_transpose", "embedding",
              pytest.param("layer_norm", marks=needs_layer_norm)]


def randomise(model, seed):
    """New random values in every float weight and buffer (variances stay positive), through load_state_dict."""
    generator = rng(seed)
    state = {name: (np.abs(a) + 0.5 if "running_var" in name else a + generator.standard_normal(a.shape))
             .astype(a.dtype) for name, a in model.state_dict().items()}
    model.load_state_dict(state)
    return model


# ---- PyTorch state dicts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", TWIN_NAMES)
def test_minigrad_weights_run_in_the_pytorch_twin(name, torch, backend):
    build, data = TWINS[name]
    model, x = randomise(build(), seed=4), data()
    if any(isinstance(m, nn.BatchNorm2d) for m in model.modules()):
        train_batch_norms(model, x)
    state = interop.to_torch_state_dict(model)
    twin = build(torch)
    assert list(state) == list(twin.state_dict())  # PyTorch's names, in PyTorch's order
    load_into_torch(torch, twin, state)
    np.testing.assert_allclose(run_torch(torch, twin, x), run(model, x), **TOL)


@pytest.mark.parametrize("name", TWIN_NAMES)
def test_pytorch_weights_run_in_the_minigrad_twin(name, torch, backend):
    build, data = TWINS[name]
    torch.manual_seed(0)
    twin, x = build(torch), data()
    twin.train()
    with torch.no_grad():  # PyTorch's training passes move its running statistics
        for i in range(3):
            twin(torch.from_numpy(x if x.dtype.kind in "iu" else x * (i + 1)))
    model = interop.from_torch_state_dict(build(), twin.state_dict())
    np.testing.assert_allclose(run(model, x), run_torch(torch, twin, x), **TOL)
    for key, value in twin.state_dict().items():
        if not key.endswith("num_batches_tracked"):
            np.testing.assert_array_equal(model.state_dict()[key], value.numpy())


def test_the_state_dict_has_pytorchs_names_layouts_and_batch_counter():
    model = cnn()
    state = interop.to_torch_state_dict(model)
    assert list(state)[:7] == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                               "1.num_batches_tracked"]
    assert state["0.weight"].shape == (4, 2, 3, 3) and state["7.weight"].shape == (5, 12)
    assert state["1.num_batches_tracked"].shape == () and state["1.num_batches_tracked"].dtype == np.int64
    assert interop.to_torch_state_dict(upsampler())["0.weight"].shape == (3, 4, 3, 3)  # (in, out, kh, kw)
    state["0.weight"][...] = 0  # a copy: changing it leaves the model alone
    assert np.abs(model[0].weight.data).sum() > 0


def test_a_fused_activation_is_its_own_module_in_pytorch_so_the_names_shift(torch):
    fused = nn.Sequential(nn.Linear(4, 8, activation="relu"), nn.Linear(8, 2))
    t = torch.nn
    with pytest.raises(CheckpointError) as error:
        interop.from_torch_state_dict(fused, t.Sequential(t.Linear(4, 8), t.ReLU(), t.Linear(8, 2)).state_dict())
    assert "missing keys ['1.weight', '1.bias']" in str(error.value)
    assert "unexpected keys ['2.weight', '2.bias']" in str(error.value)


def test_a_state_dict_that_does_not_fit_names_every_problem_and_changes_nothing():
    model = cnn()
    before = model.state_dict()
    state = interop.to_torch_state_dict(randomise(cnn(), seed=9))
    del state["0.bias"], state["1.running_var"]
    state["7.weight"] = state["7.weight"].T
    state["3.weight"] = np.zeros(3, np.float32)
    state["1.num_batches_tracked"] = np.zeros(2, np.int64)
    with pytest.raises(CheckpointError) as error:
        interop.from_torch_state_dict(model, state)
    message = str(error.value)
    for part in ("missing keys ['0.bias', '1.running_var']", "unexpected keys ['3.weight']",
                 "'7.weight' has shape (12, 5), expected (5, 12)",
                 "'1.num_batches_tracked' has shape (2,), expected ()", "Nothing was loaded"):
        assert part in message, message
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, before[name])


def test_weights_that_are_not_floats_are_refused():
    model = mlp()
    state = interop.to_torch_state_dict(model)
    state["0.weight"] = state["0.weight"].astype(np.int32)
    with pytest.raises(CheckpointError, match=r"'0.weight' has dtype int32, expected a floating-point array"):
        interop.from_torch_state_dict(model, state)


def test_float64_arrays_are_cast_to_the_models_float32():
    source, model = randomise(mlp(), seed=3), mlp()
    state = {name: array.astype(np.float64) for name, array in interop.to_torch_state_dict(source).items()}
    interop.from_torch_state_dict(model, state)
    assert model[0].weight.data.dtype == np.float32
    np.testing.assert_array_equal(run(model, floats(3, 5)), run(source, floats(3, 5)))


def test_a_model_that_is_not_built_yet_is_refused_before_anything_else():
    lazy = nn.Sequential(nn.Dense(4), nn.Dense(2))
    for function in (interop.to_torch_state_dict, lambda m: interop.from_torch_state_dict(m, {})):
        with pytest.raises(ValueError, match=r"Call the model on one batch first"):
            function(lazy)


def test_pickled_pytorch_files_are_never_opened(tmp_path):
    path = tmp_path / "model.pt"
    path.write_bytes(b"\x80\x04not read")
    with pytest.raises(ValueError, match=r"not a \.safetensors file\. minigrad never unpickles"):
        interop.from_torch_state_dict(mlp(), path)
    with pytest.raises(TypeError, match=r"expected a mapping name -> array"):
        interop.from_torch_state_dict(mlp(), [("0.weight", np.zeros((8, 5)))])


def test_safetensors_files_round_trip(tmp_path, safetensors):
    source, model, path = randomise(cnn(), seed=2), cnn(), tmp_path / "cnn.safetensors"
    train_batch_norms(source, floats(4, 2, 8, 8))
    interop.save_safetensors(source, path)
    assert set(safetensors.load_file(str(path))) == set(interop.to_torch_state_dict(source))
    interop.from_torch_state_dict(model, path)
    x = floats(3, 2, 8, 8)
    np.testing.assert_array_equal(run(model, x), run(source, x))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        interop.from_torch_state_dict(model, tmp_path / "absent.safetensors")


def test_a_safetensors_file_written_by_pytorch_loads_and_one_from_minigrad_loads_in_pytorch(tmp_path, torch,
                                                                                           safetensors):
    st_torch = pytest.importorskip("safetensors.torch", reason="safetensors.torch is missing")
    torch.manual_seed(1)
    twin, x = upsampler(torch), floats(2, 3, 5, 5)
    st_torch.save_file(twin.state_dict(), str(tmp_path / "twin.safetensors"))
    model = interop.from_torch_state_dict(upsampler(), tmp_path / "twin.safetensors")
    np.testing.assert_allclose(run(model, x), run_torch(torch, twin, x), **TOL)

    interop.save_safetensors(randomise(model, seed=6), tmp_path / "model.safetensors")
    twin.load_state_dict(st_torch.load_file(str(tmp_path / "model.safetensors")))
    np.testing.assert_allclose(run_torch(torch, twin, x), run(model, x), **TOL)


# ---- ONNX ---------------------------------------------------------------------------------------------------

def generator():
    """A DCGAN-style generator: Dense -> Reshape -> ConvTranspose2d -> BatchNorm -> LeakyReLU -> ... -> Tanh."""
    return nn.Sequential(nn.Linear(8, 4 * 3 * 3, activation="relu", rng=rng(1)), nn.Reshape((4, 3, 3)),
                         nn.ConvTranspose2d(4, 3, 4, stride=2, padding=1, rng=rng(2)), nn.BatchNorm2d(3),
                         nn.LeakyReLU(0.2), nn.ConvTranspose2d(3, 1, 3, stride=1, padding=1, rng=rng(3)), nn.Tanh())


def keras_gan():
    """The lectures' functional GAN: keras.Input -> generator -> discriminator, each a keras Sequential."""
    gen = keras.Sequential([keras.layers.Dense(16, activation="leaky_relu", input_dim=6),
                            keras.layers.Dense(12, activation="sigmoid")])
    disc = keras.Sequential([keras.layers.Reshape((3, 4)), keras.layers.Flatten(), keras.layers.Dropout(0.3),
                             keras.layers.Dense(8), keras.layers.LeakyReLU(), keras.layers.Dense(1, "sigmoid")])
    inp = keras.Input(shape=(6,))
    return keras.Model(inp, disc(gen(inp)))


ONNX_MODELS = {
    "mlp_fused_activations": (lambda: nn.Sequential(nn.Linear(5, 8, activation="leaky_relu", negative_slope=0.1),
                                                    nn.Linear(8, 8, activation="tanh"), nn.Dropout(0.5),
                                                    nn.Linear(8, 6, activation="step"),
                                                    nn.Linear(6, 4, activation="sigmoid"),
                                                    nn.Linear(4, 3, activation="softmax")), lambda n: floats(n, 5)),
    "mlp_layers_and_step": (lambda: nn.Sequential(nn.Input((5,)), nn.Linear(5, 6), nn.BatchNorm1d(6), nn.Sigmoid(),
                                                  nn.Linear(6, 4), nn.Step(), nn.Linear(4, 3, bias=False),
                                                  nn.Identity(), nn.Softmax(axis=1)), lambda n: floats(n, 5)),
    "cnn": (cnn, lambda n: floats(n, 2, 8, 8)),
    "cnn_padded_pool_flatten_2": (lambda: nn.Sequential(nn.Conv2d(1, 2, 3, rng=rng(1)), nn.MaxPool2d(3, 2, 1),
                                                        nn.Flatten(start_dim=2), nn.Linear(9, 2, rng=rng(2))),
                                  lambda n: floats(n, 1, 7, 7)),
    "generator": (generator, lambda n: floats(n, 8)),
    "embedding": (embedder, lambda n: indices(n)),
    "keras_functional_gan": (keras_gan, lambda n: floats(n, 6)),
    "linear_on_sequences": (lambda: nn.Sequential(nn.Linear(4, 3, activation="relu"), nn.Linear(3, 2)),
                            lambda n: floats(n, 5, 4)),
    "layer_norm": (lambda: nn.Sequential(nn.Linear(6, 8), LAYER_NORM(8), nn.ReLU(), nn.Linear(8, 2)),
                   lambda n: floats(n, 6)),
}
ONNX_NAMES = [pytest.param(name, marks=needs_layer_norm) if name == "layer_norm" else name for name in ONNX_MODELS]


@pytest.mark.parametrize("name", ONNX_NAMES)
def test_the_onnx_file_passes_the_checker_and_computes_what_minigrad_computes(name, ort, tmp_path, backend):
    import onnx
    build, data = ONNX_MODELS[name]
    model = build()
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.running_mean[...] = rng(7).standard_normal(module.num_features)
            module.running_var[...] = rng(8).uniform(0.5, 2.0, module.num_features)
    model.train()
    path = tmp_path / f"{name}.onnx"
    interop.export_onnx(model, data(2), path)
    assert all(module.training for module in model.modules())  # its modes come back
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto, full_check=True)
    assert [(op.domain, op.version) for op in proto.opset_import] == [("", interop.OPSET)]
    x = data(5)  # another batch size than the example: the batch axis is free
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"input": x.astype(np.int64 if x.dtype.kind in "iu" else np.float32)})
    np.testing.assert_allclose(got, run(model, x), **TOL)


def test_the_opset_is_17_and_the_guide_and_docstring_say_so():
    from pathlib import Path
    assert interop.OPSET == 17
    assert "opset 17" in interop.export_onnx.__doc__
    guide = next((Path(__file__).resolve().parents[1] / "docs" / "guide").glob("*_moving_on.rst")).read_text()
    assert "opset 17" in guide


class Doubler(nn.Module):
    def forward(self, x):
        return x * 2


def test_an_unsupported_layer_is_named_with_the_supported_list(ort, tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.Sequential(nn.ReLU(), Doubler()))
    with pytest.raises(TypeError) as error:
        interop.export_onnx(model, floats(2, 3), tmp_path / "m.onnx")
    message = str(error.value)
    assert "layer '1.1' (Doubler) has no ONNX form" in message
    for supported in ("Linear", "Conv2d", "ConvTranspose2d", "MaxPool2d", "BatchNorm2d", "Embedding", "Flatten",
                      "Reshape", "Softmax", "LeakyReLU", "Dropout"):
        assert supported in message
    assert not (tmp_path / "m.onnx").exists()
    with pytest.raises(TypeError, match=r"the model \(Doubler\) has no ONNX form"):
        interop.export_onnx(Doubler(), floats(2, 3), tmp_path / "m.onnx")
    python_activation = nn.Sequential(nn.Linear(3, 4, activation=lambda z: z * 3))
    with pytest.raises(TypeError, match=r"applies the Python function .* which has no ONNX form"):
        interop.export_onnx(python_activation, floats(2, 3), tmp_path / "m.onnx")


# ---- Keras weight lists --------------------------------------------------------------------------------------

def keras_conv_valid(x, kernel, bias):
    """Keras' Conv2D (stride 1, 'valid') in NHWC with a (kh, kw, in, out) kernel, written out."""
    kh, kw = kernel.shape[:2]
    n, h, w, _ = x.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, kernel.shape[3]))
    for u in range(kh):
        for v in range(kw):
            out += np.einsum("nijc,co->nijo", x[:, u:u + h - kh + 1, v:v + w - kw + 1], kernel[u, v])
    return out + bias


def keras_conv_transpose_valid(x, kernel, bias, stride):
    """Keras' Conv2DTranspose ('valid') in NHWC with a (kh, kw, out, in) kernel: each input pixel spreads out."""
    kh, kw, c_out, _ = kernel.shape
    n, h, w, _ = x.shape
    out = np.zeros((n, (h - 1) * stride + kh, (w - 1) * stride + kw, c_out))
    for u in range(kh):
        for v in range(kw):
            out[:, u:u + (h - 1) * stride + 1:stride, v:v + (w - 1) * stride + 1:stride] += \
                np.einsum("nijc,oc->nijo", x, kernel[u, v])
    return out + bias


def test_keras_layouts_compute_what_the_layers_compute():
    dense, x = nn.Linear(5, 3, rng=rng(1)), floats(4, 5)
    kernel, bias = interop.to_keras_weights(dense)
    assert kernel.shape == (5, 3)
    np.testing.assert_allclose(x @ kernel + bias, run(dense, x), **TOL)

    conv, images = nn.Conv2d(2, 3, (3, 2), rng=rng(2)), floats(2, 2, 6, 5)
    kernel, bias = interop.to_keras_weights(conv)
    assert kernel.shape == (3, 2, 2, 3)  # (kh, kw, in, out)
    np.testing.assert_allclose(keras_conv_valid(images.transpose(0, 2, 3, 1), kernel, bias),
                               run(conv, images).transpose(0, 2, 3, 1), **TOL)

    up, small = nn.ConvTranspose2d(2, 3, 3, stride=2, rng=rng(3)), floats(2, 2, 4, 4)
    kernel, bias = interop.to_keras_weights(up)
    assert kernel.shape == (3, 3, 3, 2)  # (kh, kw, out, in)
    np.testing.assert_allclose(keras_conv_transpose_valid(small.transpose(0, 2, 3, 1), kernel, bias, 2),
                               run(up, small).transpose(0, 2, 3, 1), **TOL)


def test_keras_order_is_layer_by_layer_with_batch_norm_as_gamma_beta_mean_variance():
    model = nn.Sequential(nn.Embedding(10, 4), nn.Flatten(), nn.Linear(12, 6), nn.BatchNorm1d(6),
                          nn.Linear(6, 2, bias=False), nn.BatchNorm1d(2, affine=False))
    randomise(model, seed=1)
    weights = interop.to_keras_weights(model)
    bn = model[3]
    expected = [model[0].weight.data, model[2].weight.data.T, model[2].bias.data, bn.weight.data, bn.bias.data,
                bn.running_mean, bn.running_var, model[4].weight.data.T, model[5].running_mean, model[5].running_var]
    assert len(weights) == len(expected)
    for got, want in zip(weights, expected):
        np.testing.assert_array_equal(got, want)


def test_a_keras_models_weights_follow_its_layer_order_through_nested_models():
    model = keras_gan()
    gen, disc = model[1], model[2]  # model[0] is the keras.Input
    expected = [gen[0].weight.data.T, gen[0].bias.data, gen[1].weight.data.T, gen[1].bias.data,
                disc[3].weight.data.T, disc[3].bias.data, disc[5].weight.data.T, disc[5].bias.data]
    weights = interop.to_keras_weights(model)
    assert [w.shape for w in weights] == [w.shape for w in expected]
    for got, want in zip(weights, expected):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("build, data", [(cnn, lambda: floats(3, 2, 8, 8)), (upsampler, lambda: floats(2, 3, 5, 5)),
                                         (keras_gan, lambda: floats(4, 6)), (embedder, indices),
                                         pytest.param(lambda: normalised(), lambda: floats(3, 6),
                                                      marks=needs_layer_norm)])
def test_keras_weights_round_trip(build, data):
    source, model = randomise(build(), seed=5), build()
    interop.from_keras_weights(model, interop.to_keras_weights(source))
    x = data()
    np.testing.assert_array_equal(run(model, x), run(source, x))


def test_keras_weights_that_do_not_fit_name_each_problem_and_change_nothing():
    model = cnn()
    before = model.state_dict()
    weights = interop.to_keras_weights(randomise(cnn(), seed=3))
    weights[0] = weights[0].transpose(3, 2, 1, 0)
    with pytest.raises(ValueError) as error:
        interop.from_keras_weights(model, weights[:-1])
    message = str(error.value)
    assert "got 9 arrays, the model has 10" in message
    assert "array 0 (for '0.weight') has shape (4, 2, 3, 3), expected (3, 3, 2, 4)" in message
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, before[name])


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = nn.Parameter(np.ones(3))

    def forward(self, x):
        return x * self.gain


def test_a_layer_with_weights_but_no_keras_layout_is_named():
    with pytest.raises(TypeError, match=r"layer '1' \(Scale\) has weights \['gain'\] but no Keras layout here\. "
                                        r"Supported layers with weights: Linear \(Keras Dense\)"):
        interop.to_keras_weights(nn.Sequential(nn.Linear(2, 3), Scale()))


def test_the_keras_twin_runs_minigrads_weights_and_gives_its_own_back():
    tf = pytest.importorskip("tensorflow", reason="TensorFlow is not installed, so there is no Keras twin to load "
                                                  "the weights into (pip install tensorflow runs this test)")
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), nn.BatchNorm1d(8),
                              keras.layers.Dense(3, activation="softmax")])
    randomise(model, seed=2)
    layers = tf.keras.layers
    twin = tf.keras.Sequential([tf.keras.Input(shape=(4,)), layers.Dense(8, activation="relu"),
                                layers.BatchNormalization(epsilon=1e-5, momentum=0.9),
                                layers.Dense(3, activation="softmax")])
    x = floats(5, 4)
    twin.set_weights(interop.to_keras_weights(model))
    np.testing.assert_allclose(twin(x, training=False).numpy(), run(model, x), **TOL)

    twin.set_weights([w + 0.25 for w in twin.get_weights()])
    interop.from_keras_weights(model, twin.get_weights())
    np.testing.assert_allclose(run(model, x), twin(x, training=False).numpy(), **TOL)
