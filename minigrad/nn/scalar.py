"""The lecture's neurons, built from scalar Values one weight at a time (micrograd's ``nn``, and the perceptron).

A neuron computes a weighted sum of its inputs plus a bias, z = w . x + b, then an activation. A layer is a list
of neurons that read the same inputs; an MLP is a list of layers. Every weight is its own scalar Value, so each
multiply and add is a node of the graph that ``draw_graph`` can show. ``Neuron``, ``Layer`` and ``MLP`` compute
exactly what micrograd's do, in the same order, so a network with micrograd's weights gives the same numbers
to the last bit. Weights start uniform in (-1, 1), drawn from ``rng`` or from ``nn.init``'s seeded generator.

The ``Perceptron`` (Rosenblatt, 1958) uses the step activation, whose derivative is zero, so it learns with the
perceptron rule instead of gradients: after each mistake, w += lr (y - y_hat) x and b += lr (y - y_hat).
"""
import numpy as np

from ..engine import Value, no_grad
from .activations import step
from .init import default_rng


class ScalarModule:
    """What the scalar networks share: their parameters, by name as in ``nn.Module``, and a way to zero grads.

    A subclass lists its parameters in ``named_parameters`` and its submodules in ``named_children``; names are
    dotted paths such as ``layers.1.neurons.3.w.0``, so ``draw_graph(loss, params=mlp)`` can box each neuron."""

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def parameters(self):
        return [p for _, p in self.named_parameters()]

    def named_children(self):
        return iter(())

    def own_parameters(self):
        """(name, Value) for the parameters of this module itself, not of its submodules."""
        return iter(())

    def named_modules(self, prefix=""):
        """(dotted name, module) for this module ('') and every submodule, depth first."""
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def named_parameters(self, prefix=""):
        """(dotted name, Value) for every parameter, in the order ``parameters()`` lists them."""
        for name, p in self.own_parameters():
            yield (f"{prefix}.{name}" if prefix else name), p
        for name, child in self.named_children():
            yield from child.named_parameters(f"{prefix}.{name}" if prefix else name)


class Neuron(ScalarModule):
    """act = relu(sum_i w_i x_i + b) (or without relu when ``nonlin=False``); d act / d w_i = x_i where z > 0."""

    def __init__(self, nin, nonlin=True, rng=None):
        rng = default_rng(rng)
        self.w = [Value(float(rng.uniform(-1, 1))) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        if len(x) != len(self.w):
            raise ValueError(f"{self!r}: got {len(x)} inputs, expected {len(self.w)} (one per weight).")
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def own_parameters(self):
        yield from ((f"w.{i}", w) for i, w in enumerate(self.w))
        yield "b", self.b

    def __repr__(self):
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(ScalarModule):
    """``nout`` neurons reading the same ``nin`` inputs; returns a list of outputs (one Value when nout = 1)."""

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def named_children(self):
        return ((f"neurons.{i}", n) for i, n in enumerate(self.neurons))

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(ScalarModule):
    """A multi-layer perceptron: layers of sizes nin -> nouts[0] -> ... -> nouts[-1], relu on all but the last."""

    def __init__(self, nin, nouts, rng=None):
        rng = default_rng(rng)
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1, rng=rng)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def named_children(self):
        return ((f"layers.{i}", layer) for i, layer in enumerate(self.layers))

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


class Perceptron(ScalarModule):
    """y_hat = step(w . x + b), trained by the perceptron rule. Weights and bias start at zero.

    It finds a separating line whenever one exists (AND, OR) and never settles when none does (XOR)."""

    def __init__(self, n_inputs, lr=1.0):
        self.w = [Value(0.0) for _ in range(n_inputs)]
        self.b = Value(0.0)
        self.lr = float(lr)

    def __call__(self, x):
        if len(x) != len(self.w):
            raise ValueError(f"Perceptron({len(self.w)}): got {len(x)} inputs, expected {len(self.w)}.")
        return step(sum((wi * xi for wi, xi in zip(self.w, x)), self.b))

    def own_parameters(self):
        yield from ((f"w.{i}", w) for i, w in enumerate(self.w))
        yield "b", self.b

    def predict(self, X):
        """The predicted class, 0 or 1, of each row of X."""
        with no_grad():
            return np.array([self(x).data for x in self._rows(X)], dtype=np.int64)

    def fit(self, X, y, epochs=10):
        """Sweep the samples ``epochs`` times, updating after each mistake; returns the mistakes per epoch."""
        X, y = self._rows(X), np.asarray(y)
        if y.shape != (len(X),) or not np.isin(y, (0, 1)).all():
            raise ValueError(f"Perceptron.fit: y must hold one label 0 or 1 per row of X ({len(X)} rows), got "
                             f"shape {y.shape} with values {np.unique(y)[:6]}.")
        errors = []
        with no_grad():
            for _ in range(int(epochs)):
                mistakes = 0
                for x, target in zip(X, y):
                    delta = self.lr * (float(target) - self(x).data)
                    if delta:
                        mistakes += 1
                        for wi, xi in zip(self.w, x):
                            wi.data += delta * float(xi)
                        self.b.data += delta
                errors.append(mistakes)
        return errors

    def _rows(self, X):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.w):
            raise ValueError(f"Perceptron({len(self.w)}): X must have shape (n_samples, {len(self.w)}), "
                             f"got {X.shape}.")
        return X

    def __repr__(self):
        return f"Perceptron({len(self.w)}, lr={self.lr})"
