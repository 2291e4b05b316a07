# %% [markdown]
# # 03 · XOR: why a network needs non-linear activations
#
# XOR is 1 when exactly one input is 1. No straight line separates its classes, so one neuron cannot learn it
# (`02_perceptron.py`). A hidden layer can, but only if its neurons apply a non-linear activation: without
# one, two layers multiply out to a single linear map, $W_2 (W_1 x) = (W_2 W_1) x$.
#
# Below, the same two-layer network of scalar `Value`s is trained twice by gradient descent, once with ReLU
# hidden neurons and once without. Guide: chapter 3.

# %%
import numpy as np
from matplotlib.figure import Figure

import minigrad
from minigrad import Value, no_grad
from minigrad.nn.scalar import MLP, Layer
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("03_xor")
STEPS = 100 if QUICK else 300

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [0.0, 1.0, 1.0, 0.0]

# %% [markdown]
# ## Two networks
#
# `MLP(2, [8, 1])` is micrograd's: 8 hidden ReLU neurons and one linear output. The "linear" network has the
# same layers with the ReLU left out.

# %%
class LinearNetwork:
    """Two layers of neurons without activation: 2 -> 8 -> 1."""

    def __init__(self, rng):
        self.layers = [Layer(2, 8, nonlin=False, rng=rng), Layer(8, 1, nonlin=False, rng=rng)]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


def train(model, steps, learning_rate=0.1):
    """Full-batch gradient descent on the mean squared error; returns the loss after each step."""
    losses = []
    for _ in range(steps):
        loss = sum(((model(x) - y) ** 2 for x, y in zip(X, Y)), Value(0.0)) * (1 / len(X))
        for p in model.parameters():
            p.grad = None
        loss.backward()
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        losses.append(loss.data)
    return losses


networks = {"with ReLU": MLP(2, [8, 1], rng=np.random.default_rng(0)),
            "without activation": LinearNetwork(np.random.default_rng(0))}
curves = {name: train(model, STEPS) for name, model in networks.items()}
for name, model in networks.items():
    with no_grad():
        outputs = [round(model(x).data, 2) for x in X]
    print(f"{name:>18}: final loss {curves[name][-1]:.4f}, outputs {outputs} (targets {Y})")

# %% [markdown]
# The ReLU network fits XOR exactly. The linear one settles at the best a straight line can do: 0.5 for every
# point, a loss of 0.25.

# %%
fig = Figure(figsize=(6, 4), layout="constrained")
ax = fig.subplots()
for name, losses in curves.items():
    ax.semilogy(losses, label=name)
ax.set(xlabel="step", ylabel="mean squared error", title="training on XOR")
ax.legend()
fig.savefig(OUT / "loss.png")
fig

# %% [markdown]
# ## Decision boundaries
#
# Each network's answer over the plane (class 1 where its output exceeds 0.5), with the four XOR points.

# %%
def predictor(model):
    def predict(points):
        with no_grad():
            return np.array([model(list(map(float, p))).data for p in points])
    return predict


points, labels = np.array(X), np.array(Y, dtype=int)
resolution = 40 if QUICK else 120
for name, model in networks.items():
    path = OUT / f"boundary_{name.split()[0]}.png"
    figure = plots.plot_decision_boundary(predictor(model), points, labels, path, title=f"XOR, {name}",
                                          resolution=resolution)
figure

# %% [markdown]
# ## The graph of one prediction
#
# Every weight is a scalar `Value`, so the graph of one forward pass has hundreds of nodes. `draw_graph` folds
# each neuron into a summary node once the graph is larger than `max_nodes`. The grads shown are those of the
# prediction for the input (0, 1): d prediction / d node.

# %%
model = networks["with ReLU"]
for p in model.parameters():
    p.grad = None
prediction = model(X[1])
prediction.backward()
graph = minigrad.draw_graph(prediction, max_nodes=40)
(OUT / "network_graph.svg").write_text(graph.pipe(format="svg", encoding="utf-8"), encoding="utf-8")
graph
