# %% [markdown]
# # 04 · Will I pass this class?
#
# The slides' example problem, with two features per student:
#
# * $x_1$ = the number of lectures attended (0 to 12),
# * $x_2$ = the hours spent on the final project (0 to 12),
#
# and the label 1 for pass, 0 for fail. The data comes from `minigrad.data.datasets.pass_fail`, whose rule is
# logistic: a student passes with probability $\sigma((0.6 x_1 + 0.4 x_2 - 6) / \text{noise})$. So logistic
# regression, one sigmoid neuron trained with the binary cross-entropy, is the right model. Guide: chapters 5, 6
# and 8.

# %%
import numpy as np
from matplotlib.figure import Figure

import minigrad.keras as keras
from minigrad import F, Value, nn, optim, tensor
from minigrad.data import datasets
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("04_pass_the_class")
STEPS = 200 if QUICK else 2000
EPOCHS = 20 if QUICK else 200

x, y = datasets.pass_fail(n_samples=200, seed=0)
print(f"{len(x)} students, {y.mean():.0%} passed; the first: {x[0][0]:.0f} lectures, {x[0][1]:.1f} hours, "
      f"{'pass' if y[0] else 'fail'}")

# %% [markdown]
# ## Logistic regression by gradient descent
#
# The slides' model and cost:
#
# $$f_\theta(x) = \frac{1}{1 + e^{-\theta^T x}},$$
#
# $$J(\theta) = -\frac{1}{m} \sum_i \big[y^{(i)} \log f_\theta(x^{(i)})
#                + (1 - y^{(i)}) \log(1 - f_\theta(x^{(i)}))\big],$$
#
# and the update $\theta_j := \theta_j - \alpha \frac{1}{m} \sum_i (f_\theta(x^{(i)}) - y^{(i)})\, x^{(i)}_j$.
# minigrad computes that gradient by `backward()`; we check it against the slides' formula on the first step.

# %%
scale = 12.0                                  # both features lie in 0..12: scale them to 0..1
X = x / scale
w, b = tensor(np.zeros(2)), Value(0.0)
learning_rate = 1.0
for step in range(STEPS):
    p = (X @ w + b).sigmoid()
    loss = F.binary_cross_entropy(p, y)
    w.grad, b.grad = None, None
    loss.backward()
    if step == 0:
        by_the_slides = ((p.data - y)[:, None] * X).mean(axis=0)
        print("gradient from backward():", w.grad, " from the slides' formula:", by_the_slides)
    w.data -= learning_rate * w.grad
    b.data -= learning_rate * b.grad
    if step % (STEPS // 5) == 0 or step == STEPS - 1:
        print(f"step {step:5d}  loss {loss.item():.4f}  accuracy {np.mean((p.data > 0.5) == y):.3f}")

# %% [markdown]
# In the original units the boundary is $w_1 x_1 / 12 + w_2 x_2 / 12 + b = 0$. The data's own rule is
# $0.6 x_1 + 0.4 x_2 - 6 = 0$; rescaled so that the lecture weight is 0.6, ours should come close to it
# (and closer with more steps).

# %%
w_lectures, w_hours = w.data / scale
print(f"learned boundary, rescaled: 0.6 x1 + {0.6 * w_hours / w_lectures:.2f} x2 "
      f"{0.6 * b.data / w_lectures:+.2f} = 0   (the data's rule: 0.6 x1 + 0.4 x2 - 6 = 0)")

# %% [markdown]
# ## The lecture's student
#
# The slides ask about a student who attended 4 lectures and spent 5 hours on the project.

# %%
student = np.array([4.0, 5.0]) / scale
chance = (tensor(student) @ w + b).sigmoid().item()
print(f"4 lectures, 5 hours: probability of passing {chance:.2f}")

# %% [markdown]
# ## The same model, Keras-style
#
# One `Dense` unit with a sigmoid is logistic regression. `fit` runs the same loop in mini-batches.

# %%
nn.init.seed(0)
model = keras.Sequential([keras.layers.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=optim.SGD(model.parameters(), lr=0.5), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(X, y, epochs=EPOCHS, batch_size=32, validation_split=0.2, verbose=0, seed=0)
print({name: round(values[-1], 3) for name, values in history.history.items()})
print(f"4 lectures, 5 hours: probability of passing {model.predict(student[None])[0, 0]:.2f}")
plots.plot_curves(history, OUT / "curves.png", title="logistic regression, Keras-style")

# %% [markdown]
# ## The decision boundary
#
# The line where the predicted probability is 0.5, over the students (in the original units).

# %%
fig = Figure(figsize=(5.5, 4.5), layout="constrained")
ax = fig.subplots()
ax.scatter(*x[y == 0].T, s=15, label="fail")
ax.scatter(*x[y == 1].T, s=15, marker="s", label="pass")
lectures = np.linspace(0, 12, 2)
ax.plot(lectures, -(w.data[0] * lectures / scale + b.data) * scale / w.data[1], "k-", label="learned boundary")
ax.plot(lectures, (6 - 0.6 * lectures) / 0.4, "k:", label="the data's rule")
ax.plot(4, 5, "r*", ms=15, label="the lecture's student")
ax.set(xlabel="lectures attended", ylabel="hours on the project", xlim=(-0.5, 12.5), ylim=(-0.5, 12.5),
       title="Will I pass this class?")
ax.legend(loc="upper right", fontsize=8)
fig.savefig(OUT / "boundary.png")
fig
