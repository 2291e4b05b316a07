"""nn.scalar: the lecture's Neuron / Layer / MLP (micrograd-compatible) and the Perceptron."""
import math

import numpy as np
import pytest

from minigrad import Value
from minigrad.nn import init
from minigrad.nn.activations import step
from minigrad.nn.scalar import MLP, Layer, Neuron, Perceptron

AND = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1])
OR = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1])
XOR = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])


def micrograd_neuron(w, b, x, nonlin):
    """micrograd's Neuron.__call__ on plain floats, in its order: b + w0 x0 + w1 x1 + ..., then relu."""
    act = sum((wi * xi for wi, xi in zip(w, x)), b)
    return max(act, 0.0) if nonlin else act


@pytest.mark.parametrize("nonlin", [True, False])
def test_neuron_matches_micrograds_arithmetic_bit_for_bit(nonlin):
    rng = np.random.default_rng(1)
    neuron = Neuron(7, nonlin=nonlin, rng=rng)
    neuron.b.data = 0.3
    for _ in range(20):
        x = list(rng.normal(size=7))
        expected = micrograd_neuron([w.data for w in neuron.w], neuron.b.data, x, nonlin)
        assert neuron(x).data == expected  # exact: same float operations in the same order


def test_mlp_layers_sizes_nonlinearity_and_repr():
    model = MLP(3, [4, 4, 1], rng=np.random.default_rng(0))
    assert [len(layer.neurons) for layer in model.layers] == [4, 4, 1]
    assert len(model.parameters()) == (3 + 1) * 4 + (4 + 1) * 4 + (4 + 1) * 1
    assert [n.nonlin for layer in model.layers for n in layer.neurons] == [True] * 8 + [False]
    assert repr(model.layers[2]) == "Layer of [LinearNeuron(4)]"
    assert repr(model).startswith("MLP of [Layer of [ReLUNeuron(3), ReLUNeuron(3)")
    assert all(-1 <= p.data <= 1 for p in model.parameters())
    assert isinstance(model([1.0, 2.0, 3.0]), Value)  # one output neuron gives one Value
    assert len(Layer(3, 2)([1.0, 2.0, 3.0])) == 2


def test_mlp_forward_is_the_composition_of_its_neurons():
    model = MLP(2, [3, 1], rng=np.random.default_rng(2))
    x = [0.5, -1.5]
    hidden = [micrograd_neuron([w.data for w in n.w], n.b.data, x, True) for n in model.layers[0].neurons]
    out = model.layers[1].neurons[0]
    assert model(x).data == micrograd_neuron([w.data for w in out.w], out.b.data, hidden, False)


def test_mlp_backward_matches_central_differences():
    model = MLP(3, [4, 1], rng=np.random.default_rng(3))
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0]]
    ys = [1.0, -1.0, -1.0]

    def loss():
        return sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))

    loss().backward()
    for p in model.parameters():
        original, eps = p.data, 1e-6
        p.data = original + eps
        up = loss().data
        p.data = original - eps
        down = loss().data
        p.data = original
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-7)


def test_zero_grad_resets_every_gradient():
    model = MLP(2, [2, 1], rng=np.random.default_rng(4))
    model([1.0, -2.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(not p.has_grad and p.grad == 0.0 for p in model.parameters())


def test_gradient_descent_on_the_lecture_example_lowers_the_loss():
    model = MLP(3, [4, 4, 1], rng=np.random.default_rng(5))
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    losses = []
    for _ in range(30):
        loss = sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.02 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.2 * losses[0]


def test_seed_makes_weights_repeatable_and_rng_overrides_it():
    init.seed(11)
    a = [p.data for p in MLP(2, [3, 1]).parameters()]
    init.seed(11)
    b = [p.data for p in MLP(2, [3, 1]).parameters()]
    c = [p.data for p in MLP(2, [3, 1]).parameters()]
    assert a == b and a != c
    d = [p.data for p in MLP(2, [3, 1], rng=np.random.default_rng(11)).parameters()]
    e = [p.data for p in MLP(2, [3, 1], rng=np.random.default_rng(11)).parameters()]
    assert d == e


def test_neuron_with_wrong_number_of_inputs_says_so():
    with pytest.raises(ValueError, match=r"ReLUNeuron\(3\): got 2 inputs, expected 3"):
        Neuron(3)([1.0, 2.0])


def test_step_is_heaviside_with_zero_gradient():
    x = Value(np.array([-2.0, -0.0, 0.0, 1e-9, 3.0]))
    out = step(x)
    np.testing.assert_array_equal(out.data, [0.0, 1.0, 1.0, 1.0, 1.0])
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros(5))
    s = Value(-0.5)
    out = step(s)
    out.backward()
    assert out.data == 0.0 and s.grad == 0.0 and step(Value(0.0)).data == 1.0


@pytest.mark.parametrize("gate", [AND, OR], ids=["AND", "OR"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = gate
    perceptron = Perceptron(2)
    errors = perceptron.fit(X, y, epochs=20)
    assert len(errors) == 20 and errors[0] > 0 and errors[-1] == 0
    np.testing.assert_array_equal(perceptron.predict(X), y)


def test_perceptron_cannot_learn_xor():
    X, y = XOR
    perceptron = Perceptron(2)
    errors = perceptron.fit(X, y, epochs=200)
    assert min(errors) > 0  # no line separates XOR, so every sweep makes a mistake
    assert (perceptron.predict(X) != y).any()


def test_perceptron_rule_updates_by_lr_times_error_times_input():
    perceptron = Perceptron(3, lr=0.5)
    assert perceptron.predict([[1.0, 2.0, 3.0]])[0] == 1  # w = 0, b = 0: step(0) = 1
    perceptron.fit([[1.0, 2.0, 3.0]], [0], epochs=1)      # y - y_hat = -1
    assert [w.data for w in perceptron.w] == [-0.5, -1.0, -1.5] and perceptron.b.data == -0.5
    perceptron.fit([[1.0, 2.0, 3.0]], [0], epochs=1)      # now correct: nothing changes
    assert [w.data for w in perceptron.w] == [-0.5, -1.0, -1.5] and perceptron.b.data == -0.5


def test_perceptron_bad_inputs_say_what_is_wrong():
    perceptron = Perceptron(2)
    with pytest.raises(ValueError, match=r"Perceptron\(2\): X must have shape \(n_samples, 2\), got \(4, 3\)"):
        perceptron.fit(np.zeros((4, 3)), [0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"y must hold one label 0 or 1 per row of X \(4 rows\).*\[-1"):
        perceptron.fit(np.zeros((4, 2)), [-1, 1, 1, 1])
    with pytest.raises(ValueError, match=r"y must hold one label 0 or 1 per row of X \(4 rows\), got shape \(3,\)"):
        perceptron.fit(np.zeros((4, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"Perceptron\(2\): got 3 inputs, expected 2"):
        perceptron([1.0, 2.0, 3.0])


def test_scalar_path_stays_in_python_floats():
    neuron = Neuron(2, rng=np.random.default_rng(0))
    out = neuron([1.0, 2.0])
    assert type(out.data) is float and all(type(p.data) is float for p in neuron.parameters())
    assert math.isfinite(out.data)
