# %% [markdown]
# # 05 · The two moons: a curved decision boundary
#
# Two interleaving half circles, with noise. No line separates them, so this is a job for hidden layers.
# A small multi-layer perceptron, trained Keras-style with Adam, learns the curve. Dropout and early stopping
# (lecture: "overfitting issue") keep it from memorizing the noise. Guide: chapters 4, 7 and 8.

# %%
import numpy as np

from minigrad import nn
from minigrad.data import datasets
from minigrad.training import EarlyStopping
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("05_moons")
EPOCHS = 5 if QUICK else 200

X, y = datasets.make_moons(n_samples=1000, noise=0.15, seed=0)
x_train, y_train, x_test, y_test = X[:800], y[:800], X[800:], y[800:]
print(f"{len(x_train)} training points, {len(x_test)} test points")

# %% [markdown]
# ## The model
#
# Two hidden layers of 32 ReLU neurons with dropout between them, and a sigmoid output: the probability of
# the second moon.

# %%
nn.init.seed(0)
model = nn.Sequential([
    nn.Input(shape=(2,)),
    nn.Dense(32, activation="relu"),
    nn.Dropout(0.1),
    nn.Dense(32, activation="relu"),
    nn.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()

# %% [markdown]
# ## Training
#
# `validation_split=0.2` holds the last 20% of the training points back. `EarlyStopping` ends training when the
# validation loss has not improved for 20 epochs, and puts back the weights of the best epoch.

# %%
early_stopping = EarlyStopping(monitor="val_loss", patience=20, restore_best_weights=True)
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_split=0.2,
                    callbacks=[early_stopping], verbose=2 if QUICK else 0, seed=0)
stopped = f"stopped early at epoch {early_stopping.stopped_epoch + 1}" if early_stopping.stopped_epoch else \
    f"ran all {EPOCHS} epochs"
print(f"trained {len(history.epoch)} epochs ({stopped})")
plots.plot_curves(history, OUT / "curves.png", title="two moons: loss and accuracy per epoch")

# %% [markdown]
# ## How well it does on points it never saw

# %%
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {loss:.4f}, test accuracy {accuracy:.3f}")

# %%
plots.plot_decision_boundary(model.predict, x_test, y_test, OUT / "boundary.png",
                             title=f"two moons, test accuracy {accuracy:.1%}")
