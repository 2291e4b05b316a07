# %% [markdown]
# # 02 · The perceptron and its learning rule
#
# Rosenblatt's perceptron (1958) is one neuron with a **step** activation: output 1 when $w \cdot x + b \ge 0$,
# else 0. The step's derivative is zero everywhere, so the perceptron cannot learn by gradient descent. It has
# its own rule instead: after each mistake, move the weights towards the right answer,
#
# $$w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y).$$
#
# If a straight line separates the two classes, the rule finds one after a finite number of mistakes. If no
# line does (XOR), it never stops making them. Guide: chapter 1.

# %%
import numpy as np
from matplotlib.figure import Figure

from minigrad.nn.scalar import Perceptron

from _common import setup

QUICK, OUT = setup("02_perceptron")
EPOCHS = 6 if QUICK else 20

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
GATES = {"AND": np.array([0, 0, 0, 1]), "OR": np.array([0, 1, 1, 1]), "XOR": np.array([0, 1, 1, 0])}

# %% [markdown]
# ## Learning the logic gates
#
# `fit` sweeps over the four points `epochs` times and returns the number of mistakes in each sweep.

# %%
perceptrons = {}
for gate, y in GATES.items():
    perceptron = Perceptron(2, lr=1.0)
    mistakes = perceptron.fit(X, y, epochs=EPOCHS)
    perceptrons[gate] = perceptron
    w = [round(wi.data, 2) for wi in perceptron.w]
    print(f"{gate:>3}: mistakes per epoch {mistakes}")
    print(f"     w = {w}, b = {perceptron.b.data:.2f}, predictions {perceptron.predict(X)} (targets {y})")

# %% [markdown]
# AND and OR reach zero mistakes: their classes can be split by a line. XOR keeps failing: (0, 1) and (1, 0)
# must fall on one side, (0, 0) and (1, 1) on the other, and no line does that. A hidden layer can
# (`03_xor.py`).
#
# ## The decision boundaries
#
# The line $w_1 x_1 + w_2 x_2 + b = 0$ of each perceptron, over the four points.

# %%
fig = Figure(figsize=(12, 4), layout="constrained")
line = np.linspace(-0.5, 1.5, 2)
for ax, (gate, y) in zip(fig.subplots(1, 3), GATES.items()):
    perceptron = perceptrons[gate]
    (w1, w2), b = (w.data for w in perceptron.w), perceptron.b.data
    ax.scatter(*X[y == 0].T, s=120, marker="o", label="0")
    ax.scatter(*X[y == 1].T, s=120, marker="s", label="1")
    if w2 != 0:
        ax.plot(line, -(w1 * line + b) / w2, "k-", label="w . x + b = 0")
    elif w1 != 0:
        ax.axvline(-b / w1, color="k", label="w . x + b = 0")
    errors = int((perceptron.predict(X) != y).sum())
    ax.set(title=f"{gate}: {errors} of 4 wrong after {EPOCHS} epochs", xlim=(-0.5, 1.5), ylim=(-0.5, 1.5),
           xlabel="x1", ylabel="x2")
    ax.legend(loc="center")
fig.savefig(OUT / "gates.png")
fig

# %% [markdown]
# ## The rule, one update at a time
#
# The same learning rule written out, on AND, printing every update. Each mistake moves the weights by
# $\pm x$ and the bias by $\pm 1$.

# %%
w, b = np.zeros(2), 0.0
for epoch in range(3 if QUICK else 6):
    for x, target in zip(X, GATES["AND"]):
        prediction = 1 if w @ x + b >= 0 else 0
        if prediction != target:
            w += (target - prediction) * x
            b += target - prediction
            print(f"epoch {epoch}: x = {x}, target {target}, predicted {prediction} -> w = {w}, b = {b:+.0f}")
