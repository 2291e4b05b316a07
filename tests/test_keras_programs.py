"""Keras programs other people wrote (tests/keras_programs/, each with its source, commit and licence), run on
minigrad.keras with only their import lines, data source and epochs changed. Each runs start to end, as a
script, in a fresh folder; the checks read what it trained, printed and wrote.

The accuracy each reaches is compared with what one epoch on a few hundred digits can give, not with the
sources' figures, which come from 60,000 digits and 5-20 epochs (see the report in each test's docstring)."""
import math
import re
import runpy
from pathlib import Path

import numpy as np
import pytest

PROGRAMS = Path(__file__).parent / "keras_programs"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """Run a program as ``python program.py`` in an empty folder; its globals and printed lines come back."""
    monkeypatch.chdir(tmp_path)
    np.random.seed(0)
    from minigrad.nn import init
    init.seed(0)

    def run_program(name, folders=()):
        for folder in folders:
            (tmp_path / folder).mkdir(parents=True)
        names = runpy.run_path(str(PROGRAMS / f"{name}.py"), run_name="__main__")
        return names, capsys.readouterr().out.splitlines()
    return run_program


def printed(lines, label):
    """The number after ``label`` in the line that starts with it (``Test accuracy: 0.91`` -> 0.91)."""
    line = next(line for line in lines if line.startswith(label))
    return float(line[len(label):].strip())


def test_every_program_names_its_source_commit_and_licence():
    files = sorted(PROGRAMS.glob("*.py"))
    assert len(files) >= 10
    for path in files:
        head = path.read_text(encoding="utf-8")[:1500]
        assert "Ported from" in head and "commit" in head and "Licence:" in head, path.name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("import ", "from ")) and ("keras" in line or "tensorflow" in line):
                assert "minigrad" in line and "# minigrad: was" in line, f"{path.name}: {line}"


@pytest.mark.slow
def test_tensorflow_beginner_quickstart(run):
    """TF's quickstart: logits from an untrained model, the loss near -log(1/10), then fit and evaluate.
    Source: ~98% after 5 epochs on 60,000 digits; here one epoch on 2,000."""
    names, lines = run("tf_quickstart_beginner")
    assert names["predictions"].shape == (1, 10)
    first_loss = float(names["loss_fn"](names["y_train"][:1], names["predictions"]).numpy())
    assert 1.0 < first_loss < 4.0  # "close to -tf.math.log(1/10) ~= 2.3"
    loss, accuracy = names["model"].evaluate(names["x_test"], names["y_test"], verbose=0)
    assert accuracy > 0.75
    probabilities = names["probability_model"](names["x_test"][:5]).numpy()
    np.testing.assert_allclose(probabilities.sum(axis=1), np.ones(5), rtol=1e-5)
    assert any(line.startswith("32/32 - ") and "accuracy: " in line for line in lines)  # evaluate(verbose=2)


@pytest.mark.slow
def test_keras2_mnist_mlp(run):
    """Keras 2's mnist_mlp: RMSprop(), categorical_crossentropy on one-hot labels. Source: 98.40% after 20
    epochs on 60,000 digits; here 2 epochs on 4,000."""
    names, lines = run("keras2_mnist_mlp")
    assert printed(lines, "Test accuracy:") > 0.85
    assert lines[0] == "4000 train samples" and 'Model: "sequential' in lines[2]
    history = names["history"].history
    assert history["loss"][1] < history["loss"][0]


@pytest.mark.slow
def test_keras2_mnist_cnn(run):
    """Keras 2's mnist_cnn: Conv2D, MaxPooling2D, channels last, keras.losses.categorical_crossentropy as a
    function, keras.optimizers.Adadelta(). With Keras 2.4's Adadelta (learning_rate=0.001; the source's 99.25%
    was measured with Keras 2.2's 1.0) one epoch on 512 digits barely moves: the check is that it trains."""
    names, lines = run("keras2_mnist_cnn")
    model = names["model"]
    assert model.layers[0].kernel.shape == (3, 3, 1, 32) and model.layers[1].kernel.shape == (3, 3, 32, 64)
    assert model.output_shape == (None, 10)
    assert math.isfinite(printed(lines, "Test loss:")) and 0 <= printed(lines, "Test accuracy:") <= 1
    assert model.optimizer.iterations == 4  # 512 digits in batches of 128


@pytest.mark.slow
def test_keras2_mnist_transfer_cnn_freezes_at_compile(run):
    """Keras 2's transfer example: after ``l.trainable = False`` on the feature layers, the next compile
    trains the classifier only. Source: 99.8% / 99.2% after 5 epochs per task on 30,000 digits each."""
    names, lines = run("keras2_mnist_transfer_cnn")
    assert len([line for line in lines if line.startswith("Test accuracy:")]) == 2
    frozen = [p.data.copy() for layer in names["feature_layers"] for p in layer.parameters()]
    trained = [p.data.copy() for layer in names["classification_layers"] for p in layer.parameters()]
    names["train_model"](names["model"], (names["x_train_gte5"], names["y_train_gte5"]),
                         (names["x_test_gte5"], names["y_test_gte5"]), names["num_classes"])
    after_frozen = [p.data for layer in names["feature_layers"] for p in layer.parameters()]
    after_trained = [p.data for layer in names["classification_layers"] for p in layer.parameters()]
    assert all(np.array_equal(a, b) for a, b in zip(frozen, after_frozen))
    assert all(not np.array_equal(a, b) for a, b in zip(trained, after_trained))


@pytest.mark.slow
def test_keras2_mnist_denoising_autoencoder(run):
    """Keras 2's denoising autoencoder: Conv2D/Conv2DTranspose with strides 2 and padding 'same', three
    functional models that share layers, K.int_shape. One epoch on 600 digits already denoises: the output is
    closer to the clean digits than the noisy input is."""
    names, lines = run("keras2_mnist_denoising_autoencoder")
    assert names["shape"] == (None, 7, 7, 64)
    assert names["x_decoded"].shape == (300, 28, 28, 1)
    clean, noisy, decoded = names["x_test"], names["x_test_noisy"], names["x_decoded"]
    assert np.mean((decoded - clean) ** 2) < np.mean((noisy - clean) ** 2)
    assert Path("corrupted_and_denoised.png").stat().st_size > 0
    assert 'Model: "encoder"' in lines and 'Model: "decoder"' in lines and 'Model: "autoencoder"' in lines


@pytest.mark.slow
def test_keras_io_mnist_convnet(run):
    """keras-io's mnist_convnet. Source: ~99% after 15 epochs on 54,000 digits; here 1 epoch on 900."""
    names, lines = run("kerasio_mnist_convnet")
    assert printed(lines, "Test accuracy:") > 0.3
    table = "\n".join(lines)
    assert "(None, 26, 26, 32)" in table and "(None, 5, 5, 64)" in table and "Total params: 34,826" in table


@pytest.mark.slow
@pytest.mark.parametrize("program, folder", [("kerasgan_gan", "gan/images"), ("kerasgan_cgan", "cgan/images")])
def test_keras_gan_programs(run, program, folder):
    """Keras-GAN's gan.py and cgan.py: a discriminator compiled, then frozen (trainable=False) inside the
    combined model, train_on_batch on each; cgan's label Input(dtype='int32'), Embedding and multiply."""
    names, lines = run(program, [folder])
    steps = [line for line in lines if "[D loss:" in line]
    assert len(steps) == 20
    d_loss, accuracy, g_loss = (float(part) for part in
                                re.fullmatch(r"19 \[D loss: (\S+), acc\.: (\S+)%\] \[G loss: (\S+)\]", steps[-1]).groups())
    assert 0 < d_loss < 2 and 50 <= accuracy <= 100 and 0 < g_loss < 10
    assert sorted(p.name for p in Path(folder).iterdir()) == (["mnist_0.png", "mnist_10.png"]
                                                               if program == "kerasgan_gan" else ["0.png", "10.png"])


@pytest.mark.slow
def test_keras_gan_dcgan(run):
    """Keras-GAN's dcgan.py: channels-last Conv2D with strides, ZeroPadding2D, UpSampling2D and
    BatchNormalization on images, the discriminator frozen inside the combined model."""
    names, lines = run("kerasgan_dcgan", ["dcgan/images"])
    table = "\n".join(lines)
    assert "(None, 8, 8, 64)" in table and "(None, 14, 14, 128)" in table and "(None, 28, 28, 1)" in table
    steps = [re.fullmatch(r"\d+ \[D loss: (\S+), acc\.: (\S+)%\] \[G loss: (\S+)\]", line) for line in lines
             if "[D loss:" in line]
    assert len(steps) == 3 and all(0 < float(m.group(1)) < 3 and 0 < float(m.group(3)) < 5 for m in steps)
    assert sorted(p.name for p in Path("dcgan/images").iterdir()) == ["mnist_0.png", "mnist_2.png"]


@pytest.mark.slow
def test_keras_io_convolutional_autoencoder(run):
    """keras-io's denoising autoencoder: MaxPooling2D and Conv2DTranspose with padding 'same', binary
    cross-entropy per pixel. One epoch each on 256 digits: the losses fall and the outputs are pixels in
    [0, 1]."""
    names, lines = run("kerasio_autoencoder")
    losses = [float(re.search(r" - loss: (\S+)", line).group(1)) for line in lines if " - val_loss: " in line]
    assert len(losses) == 2 and losses[1] < losses[0] < 0.7
    predictions = names["predictions"]
    assert predictions.shape == (128, 28, 28, 1) and 0 <= predictions.min() and predictions.max() <= 1


@pytest.mark.slow
def test_dlwp_chapter7_sequential_functional_and_subclassed_models(run):
    """Deep Learning with Python, chapter 7: Sequential.build, names, Input(...).shape, a functional model
    with three inputs and two outputs trained with losses and metrics by list and by dict, model.layers[i].input
    and .output, subclassed models."""
    names, lines = run("dlwp_ch07_sequential_functional")
    assert names["inputs"].shape == (None, 64) or names["features"].shape
    assert 'Model: "my_example_model"' in lines and any(line.startswith(" my_first_layer (Dense)") for line in lines)
    assert names["priority_preds"].shape == (256, 1) and names["department_preds"].shape == (256, 4)
    assert names["new_model"].output_names == ["priority", "department", "difficulty"]
    assert sum(1 for line in lines if "priority_loss:" in line and "department_accuracy:" in line) == 4
    assert sum(1 for line in lines if "output_1_loss:" in line and "output_2_accuracy:" in line) == 2
    model = names["model"]
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Functional"] or \
        type(model).__name__ == "MyModel"


@pytest.mark.slow
def test_dlwp_chapter7_fit_callbacks_and_load_model(run):
    """Deep Learning with Python, chapter 7: fit/evaluate/predict, EarlyStopping + ModelCheckpoint('.keras')
    and load_model, a callback with on_batch_end. Source: ~97-98% after 3 epochs on 50,000; here 1 on 3,000."""
    names, lines = run("dlwp_ch07_fit_callbacks")
    assert names["test_metrics"][1] > 0.8
    assert names["predictions"].shape == (1000, 10)
    restored = __import__("minigrad.keras", fromlist=["models"]).models.load_model("checkpoint_path.keras")
    assert restored.layers[1].units == 512 and restored.count_params() == 784 * 512 + 512 + 5130
    assert Path("plot_at_epoch_0.png").exists() and Path("plot_at_epoch_1.png").exists()


@pytest.mark.slow
def test_dlwp_chapter7_custom_training_steps(run):
    """Deep Learning with Python, chapter 7: a train_step with tf.GradientTape and optimizer.apply, metric
    objects, and keras.Model subclasses overriding train_step (compile() without a loss; self.compute_loss and
    self.metrics)."""
    names, lines = run("dlwp_ch07_custom_training")
    assert "result: 1.00" in lines and "Mean of values: 2.00" in lines
    assert float(names["loss"].numpy()) > 0
    progress = [line for line in lines if line.startswith("47/47")]
    assert len(progress) == 2 and "sparse_categorical_accuracy:" in progress[1]
    model = names["model"]
    accuracy = np.mean(model.predict(names["val_images"]).argmax(axis=1) == names["val_labels"])
    assert accuracy > 0.6
