"""minigrad.keras: channels-last layers against PyTorch (the oracle) and NumPy, Keras' optimizer, loss and metric
objects, functional and subclassed models, save/load_model, GradientTape, train_step, and fit's data options."""
import math
import re

import numpy as np
import pytest
import torch

import minigrad as tf
import minigrad.keras as keras
from minigrad import checkpoint, nn
from minigrad.keras import layers


def rng(seed=0):
    return np.random.default_rng(seed)


def images(n=2, h=7, w=6, c=3, seed=0):
    return rng(seed).normal(size=(n, h, w, c)).astype(np.float32)


def tf_same_conv(x, kernel, stride):
    """TensorFlow's 'same' convolution with torch: pad (total // 2 before, the rest after), then a valid conv."""
    xt = torch.tensor(x).permute(0, 3, 1, 2)
    pads = []
    for size, k, s in zip(x.shape[1:3], kernel.shape[:2], stride):
        total = max((math.ceil(size / s) - 1) * s + k - size, 0)
        pads.append((total // 2, total - total // 2))
    xt = torch.nn.functional.pad(xt, (*pads[1], *pads[0]))
    out = torch.nn.functional.conv2d(xt, torch.tensor(kernel).permute(3, 2, 0, 1), stride=stride)
    return out.permute(0, 2, 3, 1).numpy()


# ------------------------------------------------------------------------------------------- image layers

@pytest.mark.parametrize("padding, strides, kernel", [("valid", 1, 3), ("valid", 2, 3), ("same", 1, 3),
                                                      ("same", 2, 3), ("same", 2, 4), ("same", 3, 5)])
def test_conv2d_matches_tensorflow_padding_computed_with_torch(backend, padding, strides, kernel):
    x = images(h=9, w=8)
    conv = layers.Conv2D(4, kernel, strides=strides, padding=padding, rng=rng(1))
    out = conv(x)
    k = conv.kernel.data
    if padding == "same":
        expected = tf_same_conv(x, k, (strides, strides)) + conv.bias.data
    else:
        xt = torch.tensor(x).permute(0, 3, 1, 2)
        expected = torch.nn.functional.conv2d(xt, torch.tensor(k).permute(3, 2, 0, 1), stride=strides)
        expected = expected.permute(0, 2, 3, 1).numpy() + conv.bias.data
    np.testing.assert_allclose(out.data, expected, rtol=1e-4, atol=1e-5)
    assert out.shape[1:] == conv.compute_output_shape(x.shape[1:])
    assert conv.kernel.shape == (kernel, kernel, 3, 4)


@pytest.mark.parametrize("strides, kernel, padding", [(2, 3, "same"), (2, 4, "same"), (2, 5, "same"), (1, 3, "same"),
                                                      (2, 3, "valid"), (3, 2, "valid")])
def test_conv2d_transpose_is_the_adjoint_of_conv2d(backend, strides, kernel, padding):
    """TensorFlow defines conv2d_transpose as the gradient of conv2d: <conv(x), y> = <x, conv_transpose(y)>."""
    x = images(h=8, w=8, c=3)
    conv = layers.Conv2D(5, kernel, strides=strides, padding=padding, use_bias=False, rng=rng(2))
    y_shape = conv(x).shape
    up = layers.Conv2DTranspose(3, kernel, strides=strides, padding=padding, use_bias=False)
    y = rng(3).normal(size=y_shape).astype(np.float32)
    up.build(y_shape[1:])
    up.kernel.data[...] = conv.kernel.data  # (kh, kw, in of conv = out of transpose, out of conv = in)
    back = up(y)
    if padding == "same":
        assert back.shape == x.shape
    crop = back.data[:, :x.shape[1], :x.shape[2]]
    np.testing.assert_allclose(np.sum(conv(x).data * y), np.sum(x[:, :crop.shape[1], :crop.shape[2]] * crop),
                               rtol=1e-4)
    assert back.shape[1:] == up.compute_output_shape(y_shape[1:])


def test_conv2d_gradients_match_torch(backend):
    x = images(h=6, w=6, c=2)
    conv = layers.Conv2D(3, 3, strides=2, padding="same", activation="relu", rng=rng(4))
    xv = tf.tensor(x)
    conv(xv).sum().backward()
    xt = torch.tensor(x, requires_grad=True)
    kt = torch.tensor(conv.kernel.data, requires_grad=True)
    bt = torch.tensor(conv.bias.data, requires_grad=True)
    padded = torch.nn.functional.pad(xt.permute(0, 3, 1, 2), (0, 1, 0, 1))
    out = torch.relu(torch.nn.functional.conv2d(padded, kt.permute(3, 2, 0, 1), bt, stride=2))
    out.sum().backward()
    np.testing.assert_allclose(xv.grad, xt.grad.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(conv.kernel.grad, kt.grad.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(conv.bias.grad, bt.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_pooling_resampling_and_padding_layers(backend):
    x = images(h=4, w=6, c=2)
    pooled = layers.MaxPooling2D()(x).data
    np.testing.assert_array_equal(pooled, x.reshape(2, 2, 2, 3, 2, 2).max(axis=(2, 4)))
    np.testing.assert_allclose(layers.AveragePooling2D()(x).data, x.reshape(2, 2, 2, 3, 2, 2).mean(axis=(2, 4)),
                               rtol=1e-6)
    same = layers.MaxPooling2D(pool_size=3, strides=2, padding="same")(x).data
    padded = np.pad(x, ((0, 0), (0, 1), (0, 1), (0, 0)), constant_values=-np.inf)  # TF: the extra row goes last
    expected = np.array([[padded[:, 2 * i:2 * i + 3, 2 * j:2 * j + 3].max(axis=(1, 2)) for j in range(3)]
                         for i in range(2)]).transpose(2, 0, 1, 3)
    np.testing.assert_array_equal(same, expected)
    np.testing.assert_allclose(layers.GlobalAveragePooling2D()(x).data, x.mean(axis=(1, 2)), rtol=1e-6)
    np.testing.assert_array_equal(layers.GlobalMaxPooling2D()(x).data, x.max(axis=(1, 2)))
    np.testing.assert_array_equal(layers.UpSampling2D()(x).data, x.repeat(2, axis=1).repeat(2, axis=2))
    padded = layers.ZeroPadding2D(((1, 2), (0, 1)))(x).data
    assert padded.shape == (2, 7, 7, 2) and np.array_equal(padded[:, 1:5, 0:6], x) and padded[:, 0].sum() == 0
    xv = tf.tensor(x)
    layers.UpSampling2D(size=(2, 3))(xv).sum().backward()
    np.testing.assert_array_equal(xv.grad, np.full(x.shape, 6.0))


def test_batch_normalization_is_per_last_axis_with_keras_momentum(backend):
    x = images(n=8, h=3, w=3, c=4) * 3 + 1
    bn = layers.BatchNormalization(momentum=0.8)
    bn.train()
    out = bn(x).data
    mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(bn.moving_mean, 0.2 * mean, rtol=1e-5)  # 0.8 * 0 + 0.2 * mean
    bn.eval()
    np.testing.assert_allclose(bn(x).data, (x - bn.moving_mean) / np.sqrt(bn.moving_variance + 1e-3), rtol=1e-4)
    dense = layers.BatchNormalization()
    assert dense(rng().normal(size=(5, 3))).shape == (5, 3) and dense.gamma.shape == (3,)


def test_embedding_concatenate_add_multiply():
    table = layers.Embedding(10, 4, rng=rng())
    labels = np.array([[3], [7]])
    np.testing.assert_array_equal(table(labels).data, table.embeddings.data[labels])
    assert np.abs(table.embeddings.data).max() <= 0.05  # Keras' uniform(-0.05, 0.05)
    a, b = rng(1).normal(size=(2, 3)), rng(2).normal(size=(2, 3))
    np.testing.assert_allclose(layers.concatenate([a, b]).data, np.concatenate([a, b], axis=-1), rtol=1e-6)
    np.testing.assert_allclose(layers.Add()([a, b]).data, a + b, rtol=1e-6)
    np.testing.assert_allclose(layers.multiply([a, b]).data, a * b, rtol=1e-6)
    with pytest.raises(ValueError, match=r"concatenate.*takes a list of at least two inputs"):
        layers.Concatenate(name="concatenate_x")(a)


def test_layer_names_input_and_misspelt_arguments():
    keras.backend.clear_session()
    assert [layers.Dense(2).name, layers.Dense(2).name, layers.Conv2DTranspose(1, 3).name] == \
        ["dense", "dense_1", "conv2d_transpose"]
    assert layers.Dense(2, name="out").name == "out"
    x = keras.Input(shape=(28, 28, 1), name="image", dtype="float32")
    assert x.shape == (None, 28, 28, 1) and x.name == "image" and x.dtype == "float32"
    assert keras.Input((3,), dtype="int32").dtype == "int32"
    with pytest.raises(TypeError, match=r"Dense got an unexpected argument 'activaton' \(did you mean "
                                        r"'activation'\?\)\. It takes: units, activation, use_bias"):
        layers.Dense(4, activaton="relu")
    with pytest.raises(TypeError, match=r"Conv2D got an unexpected argument 'kernal_size' \(did you mean "
                                        r"'kernel_size'\?\)"):
        layers.Conv2D(4, kernal_size=3)
    with pytest.raises(TypeError, match=r"Input got an unexpected argument 'shap'"):
        keras.Input(shap=(3,))
    with pytest.raises(ValueError, match=r"conv2d \(Conv2D\): expected a batch of images \(N, H, W, C\)"):
        keras.backend.clear_session()
        layers.Conv2D(2, 3)(np.zeros((4, 28, 28)))


# ---------------------------------------------------------------------------- optimizers, losses, metrics

def torch_step(optimizer_class, weights, grads, **options):
    p = torch.tensor(weights, requires_grad=True)
    opt = optimizer_class([p], **options)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    return p.detach().numpy()


@pytest.mark.parametrize("make, torch_class, options", [
    (lambda: keras.optimizers.Adam(0.01, 0.5), torch.optim.Adam, {"lr": 0.01, "betas": (0.5, 0.999), "eps": 1e-7}),
    (lambda: keras.optimizers.SGD(0.1, momentum=0.9), torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    (lambda: keras.optimizers.RMSprop(0.01), torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "eps": 1e-7}),
])
def test_optimizer_objects_take_keras_arguments_and_bind_at_the_first_update(make, torch_class, options):
    weights = rng().normal(size=(3, 2))
    grads = [rng(i).normal(size=(3, 2)) for i in range(1, 4)]
    param = nn.Parameter(weights, dtype=np.float64)
    optimizer = make()
    for g in grads:
        optimizer.apply_gradients(zip([g], [param]))
    np.testing.assert_allclose(param.data, torch_step(torch_class, weights, grads, **options), rtol=1e-6)
    assert optimizer.iterations == 3 and not param.has_grad
    optimizer.learning_rate = 0.5
    assert optimizer.learning_rate == 0.5 and next(iter(optimizer._rules.values())).lr == 0.5


def test_optimizer_apply_and_errors():
    param = nn.Parameter(np.ones(2))
    keras.optimizers.SGD(0.5).apply([np.ones(2)], [param])
    np.testing.assert_allclose(param.data, [0.5, 0.5])
    with pytest.raises(TypeError, match="lr= is Keras 1/2's spelling; use learning_rate="):
        keras.optimizers.Adam(lr=0.1)
    with pytest.raises(ValueError, match="compile: unknown optimizer 'adamax'"):
        keras.Sequential([layers.Dense(1, input_dim=2)]).compile(optimizer="adamax", loss="mse")


def test_losses_take_y_true_first_and_match_their_formulas():
    y = np.array([[1.0], [0.0], [1.0]])
    p = np.array([[0.9], [0.2], [0.6]], dtype=np.float32)
    bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert keras.losses.BinaryCrossentropy()(y, p).item() == pytest.approx(bce, rel=1e-5)
    np.testing.assert_allclose(keras.losses.binary_crossentropy(y, p).data,
                               -(y * np.log(p) + (1 - y) * np.log(1 - p))[:, 0], rtol=1e-5)
    z = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 3.0]], dtype=np.float32)
    labels = np.array([2, 1])
    expected = torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(labels)).item()
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert loss(labels, z).item() == pytest.approx(expected, rel=1e-5) and loss.from_logits
    onehot = np.eye(3)[labels]
    assert keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, z).item() == pytest.approx(expected,
                                                                                                      rel=1e-5)
    weights = np.array([1.0, 3.0])
    per_sample = torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(labels), reduction="none").numpy()
    assert loss(labels, z, sample_weight=weights).item() == pytest.approx(np.sum(per_sample * weights) / 2, rel=1e-5)
    assert keras.losses.MeanSquaredError()(np.zeros((2, 2)), np.ones((2, 2))).item() == 1.0


def test_metric_objects_accumulate_and_reset():
    metric = keras.metrics.SparseCategoricalAccuracy()
    metric.update_state([0, 1], [[0.9, 0.1], [0.8, 0.2]])
    metric.update_state([1, 1], [[0.1, 0.9], [0.3, 0.7]])
    assert metric.result() == 0.75 and metric.name == "sparse_categorical_accuracy"
    metric.reset_state()
    assert metric.result() == 0.0
    mean = keras.metrics.Mean(name="loss")
    for value in [1.0, 2.0, tf.tensor(6.0)]:
        mean.update_state(value)
    assert mean.result() == 3.0
    assert keras.metrics.BinaryAccuracy()([[1], [0]], [[0.7], [0.6]]) == 0.5


# ------------------------------------------------------------------------------------------------ models

def ticket_model():
    title, tags = keras.Input(shape=(6,), name="title"), keras.Input(shape=(3,), name="tags")
    features = layers.Dense(8, activation="relu", rng=rng(1))(layers.Concatenate()([title, tags]))
    priority = layers.Dense(1, activation="sigmoid", name="priority", rng=rng(2))(features)
    department = layers.Dense(4, activation="softmax", name="department", rng=rng(3))(features)
    return keras.Model([title, tags], [priority, department])


def ticket_data(n=32):
    r = rng(5)
    return ([r.integers(0, 2, (n, 6)), r.integers(0, 2, (n, 3))],
            [r.random((n, 1)), r.integers(0, 4, (n, 1))])


def test_a_functional_model_with_two_inputs_and_two_outputs_trains_on_lists_and_dicts():
    model = ticket_model()
    x, y = ticket_data()
    model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"],
                  metrics=[["mae"], ["accuracy"]], loss_weights=[1.0, 0.5])
    logs = model.train_on_batch(x, y, return_dict=True)
    assert list(logs) == ["loss", "priority_loss", "department_loss", "priority_mae", "department_accuracy"]
    assert logs["loss"] == pytest.approx(logs["priority_loss"] + 0.5 * logs["department_loss"], rel=1e-5)
    priority, department = model.predict({"title": x[0], "tags": x[1]})
    assert priority.shape == (32, 1) and department.shape == (32, 4)
    history = model.fit(x, {"priority": y[0], "department": y[1]}, epochs=2, batch_size=8, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    assert model.output_names == ["priority", "department"] and model.input_names == ["title", "tags"]
    assert model.count_params() == sum(p.size for p in model.weights) == 9 * 8 + 8 + 9 + 36
    with pytest.raises(ValueError, match=r"this model has 2 inputs \(title, tags\) but got 1"):
        model.predict(x[0])


def test_weights_set_weights_build_output_shape_and_training_flag():
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dropout(0.5), layers.Dense(2)])
    assert model.weights == []
    model.build((None, 3))
    assert [w.shape for w in model.weights] == [(4, 3), (4,), (2, 4), (2,)]
    assert model.output_shape == (None, 2) and model.count_params() == 26
    copy = keras.Sequential([layers.Dense(4, activation="relu", input_shape=(3,)), layers.Dropout(0.5),
                             layers.Dense(2)])
    copy.set_weights(model.get_weights())
    x = rng().normal(size=(64, 3)).astype(np.float32)
    np.testing.assert_array_equal(copy.predict(x), model.predict(x))
    np.testing.assert_array_equal(model(x, training=False).data, model.predict(x))
    assert not np.array_equal(model(x, training=True).data, model.predict(x))  # dropout on
    assert all(m.training for m in model.modules())  # the modes are restored afterwards
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2


def test_trainable_is_read_at_compile_keras_2_rule():
    discriminator = keras.Sequential([layers.Dense(1, activation="sigmoid", input_dim=2, rng=rng())])
    discriminator.compile(optimizer="sgd", loss="binary_crossentropy")
    discriminator.trainable = False
    generator = keras.Sequential([layers.Dense(2, input_dim=2, rng=rng(1))])
    z = keras.Input(shape=(2,))
    combined = keras.Model(z, discriminator(generator(z)))
    combined.compile(optimizer="sgd", loss="binary_crossentropy")
    x = rng(2).normal(size=(8, 2))
    d_before, g_before = discriminator.get_weights(), generator.get_weights()
    combined.train_on_batch(x, np.ones(8))
    assert all(np.array_equal(a, b) for a, b in zip(d_before, discriminator.get_weights()))
    assert not any(np.array_equal(a, b) for a, b in zip(g_before, generator.get_weights()))
    discriminator.train_on_batch(x, np.zeros(8))
    assert not any(np.array_equal(a, b) for a, b in zip(d_before, discriminator.get_weights()))


def test_save_and_load_model_keep_architecture_and_weights(tmp_path):
    inputs = keras.Input(shape=(6, 6, 1), name="image")
    x = layers.Conv2D(4, 3, padding="same", activation="relu", rng=rng())(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    label = keras.Input(shape=(1,), dtype="int32", name="label")
    joined = layers.Concatenate()([layers.Flatten()(x), layers.Flatten()(layers.Embedding(3, 2)(label))])
    head = keras.Sequential([layers.Dense(3, activation="softmax")], name="head")
    model = keras.Model([inputs, label], head(joined), name="saved")
    data = [rng(1).normal(size=(5, 6, 6, 1)), np.array([[0], [1], [2], [1], [0]])]
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(data, np.array([0, 1, 2, 1, 0]), epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    assert restored.name == "saved" and [t.dtype for t in restored.inputs] == ["float32", "int32"]
    np.testing.assert_allclose(restored.predict(data), model.predict(data), rtol=1e-6)
    model.save_weights(tmp_path / "w.weights.npz")
    with pytest.raises(checkpoint.CheckpointError, match="holds weights only .* model.load_weights"):
        keras.models.load_model(tmp_path / "w.weights.npz")
    restored.load_weights(tmp_path / "w.weights.npz")
    (tmp_path / "pickle.keras").write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(checkpoint.CheckpointError, match="is a pickle, which minigrad never loads"):
        keras.models.load_model(tmp_path / "pickle.keras")


def test_a_subclassed_model_trains_and_saves_weights_only(tmp_path):
    class TwoLayer(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(8, activation="relu", rng=rng())
            self.out = layers.Dense(1, rng=rng(1))

        def call(self, inputs, training=False):
            return self.out(self.hidden(inputs))

    model = TwoLayer()
    x, y = rng(2).normal(size=(32, 3)), rng(3).normal(size=(32, 1))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] and model.name == "two_layer"
    with pytest.raises(TypeError, match=r"subclassed model \(TwoLayer\).*model\.save_weights"):
        model.save(tmp_path / "m.keras")
    model.save_weights(tmp_path / "m.npz")


# --------------------------------------------------------------------------- GradientTape and train_step

def test_gradient_tape_gives_backward_gradients_and_leaves_grad_alone():
    model = keras.Sequential([layers.Dense(3, activation="tanh", input_dim=2, rng=rng())])
    x = rng(1).normal(size=(4, 2))
    model.weights[0].grad = np.full((3, 2), 7.0, dtype=np.float32)
    with tf.GradientTape() as tape:
        loss = (model(x) ** 2).mean()
    grads = tape.gradient(loss, model.trainable_weights)
    np.testing.assert_array_equal(model.weights[0].grad, np.full((3, 2), 7.0))
    for p in model.weights:
        p.zero_grad()
    (model(x) ** 2).mean().backward()
    for g, p in zip(grads, model.weights):
        np.testing.assert_allclose(g.data, p.grad, rtol=1e-6)
    with pytest.raises(RuntimeError, match="this tape was already used"):
        tape.gradient(loss, model.trainable_weights)


def test_fit_calls_an_overridden_train_step_and_compile_needs_no_loss():
    calls = []

    class Custom(keras.Model):
        def train_step(self, data):
            x, y = data
            calls.append(len(x))
            with tf.GradientTape() as tape:
                loss = keras.losses.mean_squared_error(y, self(x, training=True)).mean()
            self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_weights), self.trainable_weights))
            return {"loss": loss, "steps": len(calls)}

    inputs = keras.Input(shape=(2,))
    model = Custom(inputs, layers.Dense(1, rng=rng())(inputs))
    model.compile(optimizer="sgd")
    history = model.fit(rng(1).normal(size=(20, 2)), np.ones((20, 1)), batch_size=8, epochs=2, verbose=0)
    assert calls == [8, 8, 4] * 2 and history.history["steps"] == [3.0, 6.0]  # the last step's logs, as Keras


# --------------------------------------------------------------------------------------- fit's data options

class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size, self.epochs = x, y, batch_size, 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, i):
        rows = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[rows], self.y[rows]

    def on_epoch_end(self):
        self.epochs += 1


def regression(n=40):
    x = rng(7).normal(size=(n, 3)).astype(np.float32)
    return x, x.sum(axis=1, keepdims=True)


def linear_model():
    model = keras.Sequential([layers.Dense(1, input_dim=3, rng=rng())])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    return model


def test_fit_takes_a_pydataset_and_a_generator_with_steps_per_epoch():
    x, y = regression()
    dataset = Batches(x, y, 10)
    history = linear_model().fit(dataset, epochs=3, verbose=0)
    assert dataset.epochs == 3 and history.params["steps"] == 4

    def forever():
        while True:
            for i in range(0, 40, 10):
                yield x[i:i + 10], y[i:i + 10]

    a = linear_model().fit(forever(), steps_per_epoch=4, epochs=3, verbose=0).history["loss"]
    b = linear_model().fit(x, y, batch_size=10, epochs=3, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(a, b, rtol=1e-6)

    def finite():
        yield x[:10], y[:10]
    with pytest.raises(ValueError, match=r"the generator ran out after 1 batches, but steps_per_epoch=4"):
        linear_model().fit(finite(), steps_per_epoch=4, epochs=1, verbose=0)
    history = linear_model().fit(finite(), epochs=1, verbose=0)  # one epoch: until the generator stops
    assert history.params["steps"] == 1 and len(history.history["loss"]) == 1
    with pytest.raises(ValueError, match=r"the generator has no batches left: a generator runs once, and the "
                                         r"epoch before used it up \(1 batches\)"):
        linear_model().fit(finite(), epochs=2, verbose=0)


def test_class_weight_and_sample_weight_weigh_the_loss():
    x = rng(8).normal(size=(6, 2)).astype(np.float32)
    labels = np.array([0, 1, 1, 0, 1, 1])
    model = keras.Sequential([layers.Dense(2, activation="softmax", input_dim=2, rng=rng())])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    p = model.predict(x)
    per_sample = -np.log(p[np.arange(6), labels])
    weights = np.where(labels == 0, 3.0, 0.5)
    expected = np.sum(per_sample * weights) / 6
    assert model.test_on_batch(x, labels, sample_weight=weights) == pytest.approx(expected, rel=1e-5)
    assert model.train_on_batch(x, labels, class_weight={0: 3.0, 1: 0.5}) == pytest.approx(expected, rel=1e-5)
    with pytest.raises(ValueError, match=r"class_weight has no weight for class 1"):
        model.fit(x, labels, class_weight={0: 1.0}, verbose=0)


# ---------------------------------------------------------------------------------------------- callbacks

def test_batch_hooks_by_both_names_and_keras_messages(tmp_path, capsys):
    seen = []

    class Hooks(keras.callbacks.Callback):  # no super().__init__(), as keras-io's GANMonitor
        def __init__(self):
            pass

        def on_batch_end(self, batch, logs=None):
            seen.append(("batch", batch))

        def on_train_batch_begin(self, batch, logs=None):
            seen.append(("train_batch", batch))

    x, y = regression(20)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, verbose=1, baseline=-1.0)
    history = linear_model().fit(x, y, batch_size=10, epochs=5, callbacks=[Hooks(), stop], verbose=0)
    assert seen[:4] == [("train_batch", 0), ("batch", 0), ("train_batch", 1), ("batch", 1)]
    assert len(history.epoch) == 1 and capsys.readouterr().out == "Epoch 1: early stopping\n"


def test_reduce_lr_scheduler_and_csv_logger(tmp_path):
    x, y = regression(20)
    model = linear_model()
    schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    log = keras.callbacks.CSVLogger(tmp_path / "log.csv")
    history = model.fit(x, y, epochs=3, callbacks=[schedule, log], verbose=0)
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.1 / 3])
    rows = (tmp_path / "log.csv").read_text().splitlines()
    assert rows[0] == "epoch,learning_rate,loss" and [r.split(",")[0] for r in rows[1:]] == ["0", "1", "2"]
    model = linear_model()
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10.0)
    model.fit(x, y, epochs=3, callbacks=[plateau], verbose=0)
    assert model.optimizer.learning_rate == pytest.approx(0.05 * 0.5 ** 2)  # the first epoch beats inf


def test_model_checkpoint_weights_only_and_save_freq(tmp_path):
    x, y = regression(40)
    model = linear_model()
    every_two = keras.callbacks.ModelCheckpoint(str(tmp_path / "b{epoch}.npz"), save_weights_only=True,
                                                save_freq=2)
    model.fit(x, y, batch_size=10, epochs=1, callbacks=[every_two], verbose=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b1.npz"]
    assert "__keras_model__" not in checkpoint.load_npz(tmp_path / "b1.npz")


# -------------------------------------------------------------------------------------------- the GAN hook

def test_gan_fit_sets_history_at_the_start_and_gives_callbacks_the_params():
    from minigrad.gan import GAN
    nn.init.seed(0)
    generator = nn.Sequential(nn.Linear(2, 4, activation="sigmoid"))
    discriminator = nn.Sequential(nn.Linear(4, 1, activation="sigmoid"))
    gan = GAN(generator, discriminator, 2, image_shape=(4,), seed=0, grid_size=2)
    gan.compile()
    seen = {}

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.update(self.params)
            if epoch == 1:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        gan.fit(rng().random((16, 4)), epochs=5, batch_size=8, callbacks=[Interrupt()], verbose=0)
    assert seen == {"epochs": 5, "steps": 2, "verbose": 0, "do_validation": False}
    assert gan.history.epoch == [0] and len(gan.history.history["d_loss"]) == 1


def test_custom_loss_and_metric_functions_get_y_true_first():
    calls = []

    def weighted_mse(y_true, y_pred):
        calls.append((type(y_true).__name__, type(y_pred).__name__))
        return ((y_pred - y_true) ** 2).mean(axis=-1) * 2.0  # one loss per sample, as Keras' functions return

    def mean_error(y_true, y_pred):
        return np.mean(y_pred - y_true)

    x, y = regression(8)
    model = linear_model()
    model.compile(optimizer="sgd", loss=weighted_mse, metrics=[mean_error])
    logs = model.test_on_batch(x, y, return_dict=True)
    prediction = model.predict(x)
    assert calls[-1] == ("ndarray", "Value")
    assert logs["loss"] == pytest.approx(2 * np.mean((prediction - y) ** 2), rel=1e-5)
    assert logs["mean_error"] == pytest.approx(np.mean(prediction - y), rel=1e-5, abs=1e-6)


def test_model_checkpoint_and_reduce_lr_print_keras_messages(tmp_path, capsys):
    x, y = regression(20)
    model = linear_model()
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), monitor="loss", save_best_only=True,
                                           verbose=1)
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10.0, verbose=1)
    model.fit(x, y, epochs=2, callbacks=[best, plateau], verbose="auto")
    out = capsys.readouterr().out
    assert re.search(r"\nEpoch 1: loss improved from inf to \d\.\d{5}, saving model to .*best\.keras\n", out)
    assert "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.025.\n" in out
    assert out.count("1/1 [==============================]") == 2  # verbose="auto" is Keras 3's 1
    assert keras.models.load_model(tmp_path / "best.keras").count_params() == 4


def test_nn_sizes_and_shapes_refuse_strings_and_floats():
    with pytest.raises(TypeError, match=r"Flatten: a shape must be an int or a tuple of ints, got '784' \(str\)"):
        nn.Flatten(input_shape="784")
    with pytest.raises(TypeError, match=r"Linear: out_features must be a positive int .* got 10\.5 \(float\)"):
        nn.Linear(3, 10.5)
    with pytest.raises(TypeError, match=r"Linear: out_features must be a positive int .* got '10' \(str\)"):
        nn.Linear(3, "10")
    assert nn.Flatten(input_shape=(28, 28)).input_shape == (28, 28) and nn.Linear(3, np.int64(4)).out_features == 4
