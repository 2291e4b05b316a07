# %% [markdown]
# # The slides' "Practice" network, in minigrad
#
# The neural-network slides end with a Keras "Practice" network: a Flatten layer, a hidden Dense layer of
# 128 sigmoid neurons and a softmax output, trained by plain gradient descent ("sgd") on the mean squared error.
# Below is that code line for line. Only the imports differ: `keras` and `layers` come from minigrad.
#
# The slide leaves the data out. Here it is the lecture's "will I pass this class?" question: 200 students,
# each described by the lectures they attended and the hours they spent on the final project, labelled
# fail or pass (one-hot, so `outputszie` is 2). `validation_split=0.2` keeps the last 40 students aside.
#
# Set `MINIGRAD_QUICK=1` to train for 2 epochs instead of 500.

# %%
import os

import numpy as np

import minigrad.keras as keras
from minigrad.data import datasets
from minigrad.keras import layers

EPOCHS = 2 if os.environ.get("MINIGRAD_QUICK") == "1" else 500

# %%
x, passed = datasets.pass_fail(200, seed=0)
x_train = x / 12.0                      # lectures (0..12) and hours (0..12), scaled to 0..1
y_train = np.eye(2)[passed]             # one-hot: [1, 0] = fail, [0, 1] = pass
inputszie, outputszie = x_train.shape[1], y_train.shape[1]   # the slide's names, typos included

# %% [markdown]
# ## The slide's code

# %%
# Define the model architecture
model = keras.Sequential(
    [
        layers.Flatten(input_shape=(inputszie,)),
        layers.Dense(128, activation="sigmoid"),
        layers.Dense(outputszie, activation="softmax"),
    ]
)

# Compile the model
model.compile(
    optimizer="sgd",
    loss="mean_squared_error",
    metrics=["accuracy"],
)

# Train the model
history = model.fit(x_train, y_train, epochs=EPOCHS, validation_split=0.2)

# %% [markdown]
# Each epoch is 5 steps: 160 training students in batches of 32. The slide's run ended at a loss of 0.2500
# and an accuracy of 0.5750: a network that still answers about 0.5 for both classes. Sigmoid neurons, the
# squared error and plain gradient descent with a learning rate of 0.01 make a slow start: here too the loss
# sits near 0.25 for the first few dozen epochs, and the accuracy passes 0.9 only after a few hundred.

# %%
model.summary()
print(f"after {len(history.epoch)} epochs: accuracy {history.history['accuracy'][-1]:.3f}, "
      f"validation accuracy {history.history['val_accuracy'][-1]:.3f}")

# %% [markdown]
# ## The same network with Adam and cross-entropy
#
# Swap the optimizer for Adam and the loss for the categorical cross-entropy, which suits a softmax output,
# and the same network learns in far fewer epochs.

# %%
model = keras.Sequential(
    [
        layers.Flatten(input_shape=(inputszie,)),
        layers.Dense(128, activation="sigmoid"),
        layers.Dense(outputszie, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=max(EPOCHS // 10, 2), validation_split=0.2, verbose=0)
print(f"Adam, cross-entropy, {len(history.epoch)} epochs: accuracy {history.history['accuracy'][-1]:.3f}, "
      f"validation accuracy {history.history['val_accuracy'][-1]:.3f}")
