"""Tests for minigrad.keras (the Keras names the lectures' code uses) and the lecture ports in demos/, which
run here as plain Python in quick mode (MINIGRAD_QUICK=1)."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import minigrad as tf
import minigrad.keras as keras
from minigrad import nn
from minigrad.keras import layers
from minigrad.keras.datasets import mnist
from minigrad.training import SymbolicTensor

ROOT = Path(__file__).resolve().parents[1]
DEMOS = ROOT / "demos"


# ------------------------------------------------------------------------------------------- the namespace

def test_the_lectures_import_forms_reach_the_same_names():
    from minigrad.keras.layers import Dense, Flatten, Reshape
    from minigrad.keras.models import Sequential
    assert tf.keras is keras and tf.keras.layers is layers
    assert tf.keras.Sequential is Sequential is keras.models.Sequential
    assert issubclass(Dense, nn.Dense) and issubclass(Flatten, nn.Flatten) and issubclass(Reshape, nn.Reshape)
    assert tf.keras.datasets.mnist is mnist
    assert callable(tf.keras.preprocessing.image.save_img)
    assert keras.callbacks.EarlyStopping is tf.training.EarlyStopping


def test_sequential_takes_a_list_with_an_input_placeholder():
    model = keras.Sequential([layers.Input(shape=(3,)), layers.Dense(4, activation="relu"), layers.Dense(1)],
                             name="small")
    assert isinstance(model[0], nn.Input) and model.input_shape == (3,)
    assert model.built and model[1].weight.shape == (4, 3)
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[0] == 'Model: "small"'
    model.add(layers.Dense(2))
    assert model.predict(np.ones((5, 3))).shape == (5, 2)


def test_keras_layers_take_keras_arguments():
    dropout = layers.Dropout(0.25, seed=0)
    assert isinstance(dropout, nn.Dropout) and dropout.p == 0.25
    assert layers.LeakyReLU().negative_slope == 0.3
    assert layers.LeakyReLU(alpha=0.2)(np.array([[-1.0, 2.0]])).data.tolist() == [[-0.2, 2.0]]
    assert layers.LeakyReLU(negative_slope=0.1)(np.array([[-1.0]])).data.tolist() == [[pytest.approx(-0.1)]]
    assert layers.Activation("relu")(np.array([[-1.0, 2.0]])).data.tolist() == [[0.0, 2.0]]


def test_the_functional_model_runs_the_recorded_chain():
    rng = np.random.default_rng(0)
    generator = keras.Sequential([layers.Dense(8, activation="relu", input_dim=4, rng=rng),
                                  layers.Dense(6, activation="sigmoid", rng=rng), layers.Reshape((2, 3))])
    discriminator = keras.Sequential([layers.Flatten(input_shape=(2, 3)), layers.Dense(1, activation="sigmoid",
                                                                                       rng=rng)])
    inp = keras.Input(shape=(4,))
    out = discriminator(generator(inp))
    assert isinstance(inp, SymbolicTensor) and out.shape == (None, 1)
    model = keras.Model(inp, out)
    assert model.layers[1:] == [generator, discriminator] and type(model.layers[0]).__name__ == "InputLayer"
    noise = rng.normal(size=(5, 4)).astype(np.float32)
    np.testing.assert_allclose(model.predict(noise), discriminator.predict(generator.predict(noise)), rtol=1e-6)
    hidden = layers.Dense(3)(inp)
    assert keras.Model(inp, layers.Dense(2)(hidden)).predict(noise).shape == (5, 2)


def test_functional_model_errors():
    inp, other = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    out = layers.Dense(2)(other)
    with pytest.raises(ValueError, match=r"Model: outputs <SymbolicTensor shape=\(None, 2\).* were not computed "
                                         r"from inputs <SymbolicTensor shape=\(None, 4\).*which is not among the "
                                         r"inputs"):
        keras.Model(inp, out)
    with pytest.raises(TypeError, match="Model: inputs must come from keras.Input.*got ndarray"):
        keras.Model(np.ones((1, 4)), out)


@pytest.mark.slow  # seconds: make test-fast leaves it out
def test_mnist_load_data_gives_the_offline_sample_split_like_keras():
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == x_test.dtype == y_train.dtype == y_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [400] * 10 and np.bincount(y_test).tolist() == [100] * 10
    assert len(set(y_train[:20].tolist())) > 3, "the training split is shuffled, not sorted by digit"
    digests = lambda images: {hashlib.sha1(image.tobytes()).hexdigest() for image in images}  # noqa: E731
    assert not digests(x_train) & digests(x_test)
    (again, _), _ = mnist.load_data()
    np.testing.assert_array_equal(again, x_train)


def test_save_img_stretches_the_values_and_writes_a_png(tmp_path):
    from matplotlib.image import imread
    image = np.linspace(0.2, 0.7, 28 * 28).reshape(28, 28, 1) * 255
    tf.keras.preprocessing.image.save_img(tmp_path / "digit.png", image)
    back = imread(tmp_path / "digit.png")
    assert back.shape == (28, 28, 4)
    np.testing.assert_allclose(back[..., 0], back[..., 1])
    assert back[..., 0].min() == 0.0 and back[..., 0].max() == 1.0
    tf.keras.preprocessing.image.save_img(tmp_path / "raw.png", np.full((4, 4), 255.0), scale=False)
    assert imread(tmp_path / "raw.png")[..., 0].min() == 1.0


def test_save_img_errors(tmp_path):
    save_img = keras.preprocessing.image.save_img
    with pytest.raises(ValueError, match=r"save_img: expected an image of shape \(H, W\).*got shape \(2, 28, 28, 1\)"):
        save_img(tmp_path / "batch.png", np.zeros((2, 28, 28, 1)))
    with pytest.raises(ValueError, match="save_img: with scale=False the values must lie in 0..255, got 0..300"):
        save_img(tmp_path / "hot.png", np.array([[0.0, 300.0]]), scale=False)


# ---------------------------------------------------------------------------------------- the lecture ports

def run_demo(name, cwd):
    env = {**os.environ, "MINIGRAD_QUICK": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(DEMOS / name)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("name", ["keras_slides_practice.py", "keras_slides_fit.py", "keras_gan_lab.py"])
def test_each_port_is_a_percent_format_notebook(name):
    import jupytext
    notebook = jupytext.read(DEMOS / name)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and kinds.count("code") >= 2
    for cell in notebook.cells:
        if cell.cell_type == "code":
            compile(cell.source, name, "exec")


@pytest.mark.e2e
def test_the_slides_practice_network_trains_with_validation_split(tmp_path):
    out = run_demo("keras_slides_practice.py", tmp_path).splitlines()
    assert out[0] == "Epoch 1/2" and out[2] == "Epoch 2/2"
    assert out[1].startswith("5/5 [") and " - val_accuracy: " in out[3]
    assert ' flatten (Flatten)' in "\n".join(out)
    assert out[-2].startswith("after 2 epochs: accuracy ")


@pytest.mark.e2e
def test_the_slides_compile_fit_snippet_runs_with_validation_data(tmp_path):
    out = run_demo("keras_slides_fit.py", tmp_path).splitlines()
    assert out[0] == "Epoch 1/2" and out[1].startswith("25/25 [") and " - val_loss: " in out[3]
    assert out[-1].startswith("test loss ")


@pytest.mark.e2e
def test_the_vanilla_gan_lab_trains_and_saves_an_image(tmp_path):
    from matplotlib.image import imread
    out = run_demo("keras_gan_lab.py", tmp_path).splitlines()
    progress = [line for line in out if line.startswith(("0/3 ", "1/3 ", "2/3 "))]
    assert len(progress) == 3 and all("[D loss: " in line and "[G loss: " in line for line in progress)
    assert "Training Complete!" in out
    assert f"Non-trainable params: {784 * 128 + 128 + 128 * 1 + 1:,}" in out  # the frozen discriminator
    assert imread(tmp_path / "generated_img_0.png").shape == (28, 28, 4)
