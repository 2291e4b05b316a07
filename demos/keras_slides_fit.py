# %% [markdown]
# # "Write code in TensorFlow to train a neural network", in minigrad
#
# The slides show the code a chatbot wrote for binary classification with Keras: an `Input` layer, a hidden
# Dense layer of 16 ReLU neurons, one sigmoid output, Adam and the binary cross-entropy, trained with
# `fit(..., validation_data=(x_test, y_test))`. Below it runs unchanged except for the import:
# `import minigrad as tf` instead of `import tensorflow as tf`.
#
# The code assumes a function `load_data()`; here it returns the two-moons toy set, 800 points to train on and
# 200 to test on. Set `MINIGRAD_QUICK=1` to train for 2 epochs instead of 10.

# %%
import os

import minigrad as tf
from minigrad.data import datasets

EPOCHS = 2 if os.environ.get("MINIGRAD_QUICK") == "1" else 10


def load_data():
    """Two interleaving half moons: 800 training points and 200 test points, labels 0 and 1."""
    x, y = datasets.make_moons(1000, noise=0.15, seed=0)
    return (x[:800], y[:800]), (x[800:], y[800:])


# %% [markdown]
# ## The slide's code

# %%
# Load the data
(x_train, y_train), (x_test, y_test) = load_data()

# Define the model
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=x_train.shape[1:]),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid')
])

# Compile the model
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])


# Train the model
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_data=(x_test, y_test))

# %% [markdown]
# ## What the model learned

# %%
model.summary()
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {loss:.4f}, test accuracy {accuracy:.3f}")
