# %% [markdown]
# # 01 · The neuron
#
# The lecture starts from one artificial neuron. Like its biological model it has
#
# * **inputs** (the dendrites) $x_1, \dots, x_m$,
# * a **weight** per input, $w_i$: how strongly that input counts,
# * a **bias** $b$: it shifts the point where the neuron switches on,
# * a **summation** $z = \sum_i w_i x_i + b$,
# * an **activation function** $g$, which turns the sum into the **output** $y = g(z)$ (the axon).
#
# This notebook builds that neuron three times: with NumPy as in the lecture notes, with minigrad's `Value`s
# (which also give us the derivatives), and as `minigrad.nn.scalar.Neuron`. Guide: chapters 1 and 2.
#
# Run it as a script (`python demos/01_neuron.py`, `--quick` for a short run) or open it as a notebook.

# %%
import numpy as np
from matplotlib.figure import Figure

import minigrad
from minigrad import Value
from minigrad.nn.scalar import Neuron

from _common import setup

QUICK, OUT = setup("01_neuron")

# %% [markdown]
# ## The lecture's perceptron in NumPy
#
# The lecture notes define a step activation and a perceptron that sums the weighted inputs
# (their `np.dot` got lost in the text export; here it is back):

# %%
def activation_function(x):
    # Using a simple step function as activation for illustrative purposes
    return 1 if x >= 0 else 0


def perceptron(inputs, weights):
    # Summing up the weighted inputs
    sum_ = np.dot(inputs, weights)
    # Applying the activation function
    return activation_function(sum_)


# The bias is the weight of an input that is always 1: here the neuron fires when x1 + x2 >= 1.5 (logical AND).
weights = np.array([1.0, 1.0, -1.5])
for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
    print(f"AND({x1}, {x2}) = {perceptron(np.array([x1, x2, 1.0]), weights)}")

# %% [markdown]
# ## The same neuron made of Values
#
# A `Value` is a number that remembers how it was computed. The slides' neuron has $\theta_0 = -2$ and
# $\Theta = (1, 1)$ with a sigmoid: $y = g(x_1 + x_2 - 2)$. Each `*` and `+` below adds a node to a graph.

# %%
x1, x2 = Value(3.0, label="x1"), Value(0.5, label="x2")
w1, w2 = Value(1.0, label="w1"), Value(1.0, label="w2")
b = Value(-2.0, label="b")
z = x1 * w1 + x2 * w2 + b
z.label = "z"
y = z.sigmoid()
y.label = "y"
print(y)

# %% [markdown]
# `backward()` applies the chain rule from `y` back to every input. By hand: $\partial y / \partial z =
# y(1 - y)$ and $\partial z / \partial w_1 = x_1$, so $\partial y / \partial w_1 = y(1 - y)\,x_1$.

# %%
y.backward()
print(f"dy/dw1 = {w1.grad:.6f}   by hand: {y.data * (1 - y.data) * x1.data:.6f}")
print(f"dy/db  = {b.grad:.6f}   by hand: {y.data * (1 - y.data):.6f}")

# %% [markdown]
# The computation graph, drawn by minigrad (in a notebook, `graph` alone shows it inline). The second file is a
# web page that replays the backward pass one rule at a time: open it and press the arrow keys.

# %%
graph = minigrad.draw_graph(y)
(OUT / "neuron_graph.svg").write_text(graph.pipe(format="svg", encoding="utf-8"), encoding="utf-8")
minigrad.save_backprop(y, OUT / "neuron_backprop.html")
print("wrote", OUT / "neuron_graph.svg", "and", OUT / "neuron_backprop.html")
graph

# %% [markdown]
# ## Step or sigmoid, and the decision boundary
#
# The neuron answers "class 1" when $g(z) \ge 0.5$, that is when $z \ge 0$. So its decision boundary is the
# line $x_1 + x_2 - 2 = 0$. The step jumps there; the sigmoid rises smoothly, which is what lets gradients flow.

# %%
resolution = 60 if QUICK else 300
grid = np.linspace(-1, 4, resolution)
gx, gy = np.meshgrid(grid, grid)
with minigrad.no_grad():
    sums = minigrad.tensor(gx) * w1.data + minigrad.tensor(gy) * w2.data + b.data
    sigmoid_out = sums.sigmoid().data
step_out = (sums.data >= 0).astype(float)

fig = Figure(figsize=(10, 4), layout="constrained")
for ax, surface, title in zip(fig.subplots(1, 2), [step_out, sigmoid_out], ["step(z)", "sigmoid(z)"]):
    image = ax.contourf(gx, gy, surface, levels=20, cmap="coolwarm")
    ax.plot(grid, 2 - grid, "k--", label="x1 + x2 - 2 = 0")
    ax.set(title=f"y = {title}, z = x1 + x2 - 2", xlabel="x1", ylabel="x2", xlim=(-1, 4), ylim=(-1, 4))
    ax.legend(loc="upper right")
    fig.colorbar(image, ax=ax)
fig.savefig(OUT / "step_vs_sigmoid.png")
fig

# %% [markdown]
# ## `nn.scalar.Neuron`: the lecture's Python class
#
# minigrad's `Neuron` is micrograd's: a list of weights drawn uniformly from (-1, 1), a bias, and a ReLU.
# Every weight is a `Value`, so `backward()` reaches each one.

# %%
neuron = Neuron(3, rng=np.random.default_rng(0))
out = neuron([1.0, -2.0, 0.5])
out.backward()
print(neuron, "->", out)
for i, w in enumerate(neuron.w):
    print(f"w{i} = {w.data:+.4f}   d out / d w{i} = {w.grad:+.4f}")
