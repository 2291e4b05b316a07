# %% [markdown]
# # 08 · Gradient descent and the optimizers
#
# Every optimizer repeats the same loop, `zero_grad`, `backward`, `step`, and differs only in the step:
#
# | optimizer | update, for gradient $g$ and learning rate $\alpha$ |
# |---|---|
# | SGD | $p \leftarrow p - \alpha g$ |
# | momentum | $v \leftarrow \mu v + g,\; p \leftarrow p - \alpha v$ |
# | Adagrad | $s \leftarrow s + g^2,\; p \leftarrow p - \alpha g / (\sqrt{s} + \epsilon)$ |
# | RMSProp | $s \leftarrow \rho s + (1 - \rho) g^2,\; p \leftarrow p - \alpha g / (\sqrt{s} + \epsilon)$ |
# | Adadelta | RMSProp's scale times the RMS of past updates |
# | Adam | momentum and RMSProp, both bias-corrected |
#
# This demo draws their paths on one loss surface, shows what the learning rate does, and trains the same
# network with each of them. Guide: chapter 6.

# %%
import numpy as np
from matplotlib.figure import Figure

from minigrad import F, Value, nn, no_grad, optim, tensor
from minigrad.data import DataLoader, datasets

from _common import setup

QUICK, OUT = setup("08_optimizers")
STEPS = 30 if QUICK else 100
EPOCHS = 2 if QUICK else 30

OPTIMIZERS = {
    "SGD": lambda params: optim.SGD(params, lr=0.2),
    "SGD + momentum": lambda params: optim.SGD(params, lr=0.05, momentum=0.9),
    "Adagrad": lambda params: optim.Adagrad(params, lr=1.5),
    "RMSprop": lambda params: optim.RMSprop(params, lr=0.05),
    "Adadelta": lambda params: optim.Adadelta(params, lr=40.0),
    "Adam": lambda params: optim.Adam(params, lr=0.3),
}

# %% [markdown]
# ## Paths on one loss surface
#
# $f(x, y) = 0.1x^2 + 2y^2 + 0.5xy$: a tilted valley, steep across and shallow along. Each optimizer starts at
# the same point with a learning rate picked by hand; the gradients come from `backward()`.

# %%
def loss_surface(x, y):
    return 0.1 * x ** 2 + 2 * y ** 2 + 0.5 * x * y


def path(optimizer_name, steps, start=(-4.0, 2.5)):
    point = tensor(start)
    optimizer = OPTIMIZERS[optimizer_name]([point])
    trail = [point.data.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss_surface(point[0], point[1]).backward()
        optimizer.step()
        trail.append(point.data.copy())
    return np.array(trail)


xs, ys = np.meshgrid(np.linspace(-6, 5, 200), np.linspace(-3, 3, 200))
fig = Figure(figsize=(12, 4.5), layout="constrained")
surface, curves = fig.subplots(1, 2, width_ratios=[3, 2])
surface.contour(xs, ys, loss_surface(xs, ys), levels=np.geomspace(0.01, 20, 14), colors="lightgray")
for name in OPTIMIZERS:
    trail = path(name, STEPS)
    surface.plot(trail[:, 0], trail[:, 1], ".-", ms=3, lw=1, label=name)
    curves.semilogy(loss_surface(trail[:, 0], trail[:, 1]), label=name)
    print(f"{name:>15}: f = {loss_surface(*trail[-1]):.2e} after {STEPS} steps")
surface.plot(0, 0, "k*", ms=12)
surface.set(xlabel="x", ylabel="y", title="paths on f(x, y)")
surface.legend(fontsize=8)
curves.set(xlabel="step", ylabel="f", title="loss per step")
fig.savefig(OUT / "paths.png")
fig

# %% [markdown]
# ## The learning rate
#
# Plain gradient descent on $f(\theta) = \theta^2$ multiplies $\theta$ by $1 - 2\alpha$ each step. Too small
# crawls; too large overshoots and diverges.

# %%
fig = Figure(figsize=(6, 4), layout="constrained")
ax = fig.subplots()
for learning_rate in (0.01, 0.1, 0.45, 0.9, 1.05):
    theta, values = Value(1.0), []
    for _ in range(20):
        theta.grad = None
        (theta ** 2).backward()
        theta.data -= learning_rate * theta.grad
        values.append(abs(theta.data))
    ax.semilogy(values, label=f"lr {learning_rate}")
ax.set(xlabel="step", ylabel="|theta|", title="gradient descent on theta^2")
ax.legend()
fig.savefig(OUT / "learning_rates.png")
fig

# %% [markdown]
# ## The same network, trained by each optimizer
#
# A 2-32-32-1 MLP on the two moons, identical initial weights for every optimizer, mini-batches of 32.
# Here each optimizer uses PyTorch's default learning rate (Adam 0.001, RMSprop 0.01, Adagrad 0.01, Adadelta
# 1.0), SGD 0.1.

# %%
X, y = datasets.make_moons(n_samples=600, noise=0.2, seed=0)
x_train, y_train = X[:500].astype(np.float32), y[:500].reshape(-1, 1).astype(np.float32)
x_test, y_test = X[500:].astype(np.float32), y[500:]

defaults = {
    "SGD": lambda params: optim.SGD(params, lr=0.1),
    "SGD + momentum": lambda params: optim.SGD(params, lr=0.1, momentum=0.9),
    "Adagrad": lambda params: optim.Adagrad(params),
    "RMSprop": lambda params: optim.RMSprop(params),
    "Adadelta": lambda params: optim.Adadelta(params),
    "Adam": lambda params: optim.Adam(params),
}

fig = Figure(figsize=(7, 4), layout="constrained")
ax = fig.subplots()
for name, make_optimizer in defaults.items():
    nn.init.seed(0)
    model = nn.Sequential(nn.Linear(2, 32, activation="relu"), nn.Linear(32, 32, activation="relu"),
                          nn.Linear(32, 1))
    optimizer = make_optimizer(model.parameters())
    loader = DataLoader(x_train, y_train, batch_size=32, shuffle=True, seed=0)
    losses = []
    for epoch in range(EPOCHS):
        total = 0.0
        for x_batch, y_batch in loader:
            loss = F.binary_cross_entropy_with_logits(model(x_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x_batch)
        losses.append(total / len(x_train))
    with no_grad():
        accuracy = np.mean((model(x_test).data[:, 0] > 0) == y_test)
    print(f"{name:>15}: final training loss {losses[-1]:.4f}, test accuracy {accuracy:.3f}")
    ax.plot(range(1, EPOCHS + 1), losses, label=f"{name} ({accuracy:.0%})")
ax.set(xlabel="epoch", ylabel="training loss", yscale="log", title="two moons, one network, six optimizers")
ax.legend(fontsize=8)
fig.savefig(OUT / "moons_by_optimizer.png")
fig
