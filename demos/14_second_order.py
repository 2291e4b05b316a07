# %% [markdown]
# # 14 · Second order: Newton's method, the Hessian of a network, and the graph of a gradient
#
# Backpropagation gives the gradient $g = \nabla L$. Run it with `create_graph=True` and the gradient is itself a
# graph of Values, so it can be differentiated again: `minigrad.hessian` returns the matrix of second derivatives
# $H_{ij} = \partial^2 L / \partial\theta_i \partial\theta_j$, the curvature of the loss.
#
# * Gradient descent steps $\theta \leftarrow \theta - \alpha g$ with one learning rate for every direction.
# * Newton's method steps $\theta \leftarrow \theta - H^{-1} g$: it jumps to the minimum of the quadratic that
#   matches the loss's value, slope and curvature at $\theta$, so it needs no learning rate and, near the
#   minimum, doubles the number of correct digits every step.
#
# We run both on the lectures' "will I pass this class?" logistic regression (`04_pass_the_class.py`), look at the
# eigenvalues of a small network's Hessian, and draw the graph that a double backward builds. Guide: chapter 6.

# %%
import numpy as np
from matplotlib.figure import Figure

import minigrad
from minigrad import F, Value
from minigrad.data import datasets

from _common import setup

QUICK, OUT = setup("14_second_order")
GD_STEPS = 60 if QUICK else 300
NEWTON_STEPS = 8

x, y = datasets.pass_fail(n_samples=200, seed=0)
X = (x - x.mean(axis=0)) / x.std(axis=0)          # standardized: one learning rate suits both features
A = np.hstack([X, np.ones((len(X), 1))])          # a column of ones: theta = (w_lectures, w_hours, b)


def loss_of(theta):
    """The lecture's cost: the binary cross-entropy of p = sigmoid(A theta)."""
    return F.binary_cross_entropy((A @ theta).sigmoid(), y)


print(f"{len(x)} students, {y.mean():.0%} passed")

# %% [markdown]
# ## Gradient descent
#
# The gradient comes from `minigrad.grad`, which returns it and leaves `.grad` alone.

# %%
theta = Value(np.zeros(3))
gd_losses = []
for step in range(GD_STEPS):
    loss = loss_of(theta)
    gd_losses.append(loss.item())
    (g,) = minigrad.grad(loss, theta)
    theta = Value(theta.data - 0.5 * g.data)
theta_gd = theta.data
print(f"gradient descent, {GD_STEPS} steps of lr 0.5: loss {gd_losses[-1]:.8f}, theta {theta_gd.round(4)}")

# %% [markdown]
# ## Newton's method
#
# For logistic regression the Hessian is $A^T \mathrm{diag}(p (1 - p)) A / m$, a textbook formula; here minigrad
# computes it by differentiating the gradient, and we check it against the formula once.

# %%
theta = Value(np.zeros(3))
newton_losses = []
for step in range(NEWTON_STEPS):
    loss = loss_of(theta)
    newton_losses.append(loss.item())
    (g,) = minigrad.grad(loss, theta)
    H = minigrad.hessian(loss_of, theta).data
    if step == 0:
        p = 1 / (1 + np.exp(-A @ theta.data))
        by_formula = A.T @ (A * (p * (1 - p))[:, None]) / len(A)
        print("Hessian from minigrad.hessian matches the formula:", np.allclose(H, by_formula, atol=1e-12))
    theta = Value(theta.data - np.linalg.solve(H, g.data))
    print(f"Newton step {step}: loss {newton_losses[-1]:.12f}  |gradient| {np.linalg.norm(g.data):.2e}")
theta_newton = theta.data
best = loss_of(Value(theta_newton)).item()
print(f"Newton, {NEWTON_STEPS} steps: loss {best:.12f}, theta {theta_newton.round(4)}")
print(f"gradient descent after {GD_STEPS} steps is still {gd_losses[-1] - best:.2e} above the optimum")

# %% [markdown]
# Loss minus the optimum, per iteration, on a log scale: gradient descent's error shrinks by a constant factor
# per step (a straight line); Newton's falls off a cliff.

# %%
fig = Figure(figsize=(6.5, 4), layout="constrained")
ax = fig.subplots()
ax.semilogy(np.maximum(np.array(gd_losses) - best, 1e-16), ".-", label="gradient descent, lr 0.5")
ax.semilogy(np.maximum(np.array(newton_losses) - best, 1e-16), "s-", label="Newton's method")
ax.set(xlabel="iteration", ylabel="loss - optimal loss", title="Will I pass this class? Newton vs gradient descent")
ax.legend()
fig.savefig(OUT / "newton_vs_gd.png")
fig

# %% [markdown]
# ## The Hessian of a tiny network
#
# A 2-3-1 network (tanh hidden layer, sigmoid output) on the four XOR points, with its 13 weights in one vector
# $\theta$ so that `minigrad.hessian` gives a 13 x 13 matrix. Its eigenvalues are the curvatures along its
# principal directions. At the random start several are clearly negative: the loss of a network is not convex,
# and the start sits on a saddle-shaped slope. After training, near a minimum, none is clearly negative: what is
# left are a few positive curvatures and many near-zero ones, flat directions along which the weights can move
# without changing the loss much (a valley floor rather than a bowl).

# %%
points = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
labels = np.array([[0.0], [1.0], [1.0], [0.0]])


def network_loss(theta):
    W1, b1, W2, b2 = theta[0:6].reshape(2, 3), theta[6:9], theta[9:12].reshape(3, 1), theta[12:13]
    hidden = (points @ W1 + b1).tanh()
    return F.binary_cross_entropy((hidden @ W2 + b2).sigmoid(), labels)


theta = Value(np.random.default_rng(0).normal(0.0, 1.0, 13))
start_loss = network_loss(theta).item()
eigenvalues_start = np.linalg.eigvalsh(minigrad.hessian(network_loss, theta).data)
for step in range(300 if QUICK else 1000):
    (g,) = minigrad.grad(network_loss(theta), theta)
    theta = Value(theta.data - 2.0 * g.data)
H_trained = minigrad.hessian(network_loss, theta).data
eigenvalues_trained = np.linalg.eigvalsh(H_trained)
np.set_printoptions(precision=4, suppress=True)
print(f"loss at the start {start_loss:.4f}, after training {network_loss(theta).item():.4f}")
print("Hessian eigenvalues at the start:  ", eigenvalues_start)
print("Hessian eigenvalues after training:", eigenvalues_trained)
print("symmetric:", np.allclose(H_trained, H_trained.T, atol=1e-10),
      f"  clearly negative (< -1e-3): {np.sum(eigenvalues_start < -1e-3)} at the start, "
      f"{np.sum(eigenvalues_trained < -1e-3)} after training")

# %%
fig = Figure(figsize=(6.5, 4), layout="constrained")
ax = fig.subplots()
ax.plot(eigenvalues_start, "o", label="at the random start")
ax.plot(eigenvalues_trained, "s", label="after training")
ax.axhline(0, color="gray", lw=0.8)
ax.set_yscale("symlog", linthresh=1e-3)
ax.set(xlabel="eigenvalue index (sorted)", ylabel="eigenvalue (symmetric log scale)",
       title="the Hessian of a 2-3-1 network on XOR")
ax.legend()
fig.savefig(OUT / "hessian_eigenvalues.png")
fig

# %% [markdown]
# ## The graph of a double backward
#
# One sigmoid neuron, $y = \sigma(w x + b)$. With `create_graph=True`, the gradient $dy/dw = x\, y (1 - y)$ is
# built from ops of the engine (the backward rules of `*`, `+` and `sigmoid` run on Values), so it has a graph
# of its own, drawn below, and differentiating it again gives $d^2y/dw^2 = x^2 y (1 - y)(1 - 2y)$.

# %%
w, b, x1 = Value(0.8, label="w"), Value(-0.3, label="b"), Value(1.5, label="x", requires_grad=False)
y1 = (w * x1 + b).sigmoid()
y1.label = "y"
(dy_dw,) = minigrad.grad(y1, w, create_graph=True)
dy_dw.label = "dy/dw"
(d2y_dw2,) = minigrad.grad(dy_dw, w)
s = y1.data
print(f"dy/dw = {dy_dw.data:.6f}  by hand {1.5 * s * (1 - s):.6f}")
print(f"d2y/dw2 = {d2y_dw2.data:.6f}  by hand {1.5 ** 2 * s * (1 - s) * (1 - 2 * s):.6f}")
graph = minigrad.draw_graph(dy_dw, show_grad=False)
(OUT / "double_backward.svg").write_text(graph.pipe(format="svg", encoding="utf-8"), encoding="utf-8")
print("wrote", OUT / "double_backward.svg")
graph
