# %% [markdown]
# # 07 · Keras-style training, and the same model in an explicit loop
#
# The lectures' labs are written in Keras. With `import minigrad as tf`, that code runs on minigrad: the
# functional API (`keras.Input`, calling layers, `keras.Model`), `compile`, `fit` with callbacks, `evaluate`,
# `predict`, and the weights saved to a checkpoint. The second half writes the same model PyTorch-style, as an
# `nn.Module` with a training loop spelled out. Guide: chapter 8. The slides' own Keras snippets are ported in
# `keras_slides_fit.py` and `keras_slides_practice.py`.

# %%
import numpy as np

import minigrad as tf
from minigrad import F, nn, no_grad, optim
from minigrad.data import DataLoader
from minigrad.keras import layers
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("07_keras_style")
EPOCHS = 1 if QUICK else 20
N_TRAIN = 1000 if QUICK else 4000

# %% [markdown]
# ## Keras: the data, the model, compile

# %%
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, x_test = x_train[:N_TRAIN] / 255.0, x_test / 255.0
y_train = y_train[:N_TRAIN]

def build_model():
    inputs = tf.keras.Input(shape=(28, 28))
    x = layers.Flatten()(inputs)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


tf.nn.init.seed(0)
model = build_model()
model.summary()

# %% [markdown]
# ## fit, with callbacks
#
# `EarlyStopping` stops when the validation loss stalls and restores the best weights; `ModelCheckpoint` writes
# the best weights so far to an `.npz` file (written atomically, loaded without pickle); a `LambdaCallback`
# runs any function at the end of each epoch.

# %%
checkpoint = OUT / "best.npz"
callbacks = [
    tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    tf.keras.callbacks.ModelCheckpoint(checkpoint, monitor="val_loss", save_best_only=True),
    tf.keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: print(f"  epoch {epoch + 1}: val_accuracy {logs['val_accuracy']:.3f}")),
]
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_split=0.1,
                    callbacks=callbacks, verbose=0, seed=0)
plots.plot_curves(history, OUT / "keras_curves.png", title="Keras-style fit")

# %% [markdown]
# ## evaluate, predict, and the checkpoint

# %%
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"Keras-style model: test accuracy {accuracy:.3f}")
probabilities = model.predict(x_test[:5])
print("predicted digits:", probabilities.argmax(axis=1), " true digits:", y_test[:5])

tf.nn.init.seed(1)
restored = build_model()                       # new layers, other random weights...
restored.load(checkpoint)                      # ...replaced by the best ones fit saw
print(f"reloaded from {checkpoint.name}: test accuracy {restored.evaluate(x_test, y_test, verbose=0)[1]:.3f}")

# %% [markdown]
# ## The same network, PyTorch-style
#
# An `nn.Module` subclass names its layers in `__init__` and says what to do with them in `forward`. The
# training loop is the one `fit` runs: forward, loss, `zero_grad`, `backward`, `step`, batch after batch.
# `cross_entropy` takes the raw scores (logits) and applies the softmax itself, in one stable step. Five epochs
# here, to keep the run short.

# %%
class DigitClassifier(nn.Module):
    """784 -> 128 (ReLU, dropout) -> 10 class scores."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.hidden = nn.Linear(784, 128, activation="relu")
        self.dropout = nn.Dropout(0.2)
        self.output = nn.Linear(128, 10)

    def forward(self, x):
        return self.output(self.dropout(self.hidden(self.flatten(x))))


tf.nn.init.seed(0)
net = DigitClassifier()
optimizer = optim.Adam(net.parameters(), lr=1e-3)
loader = DataLoader(x_train.astype(np.float32), y_train.astype(np.int64), batch_size=32, shuffle=True, seed=0)

for epoch in range(min(EPOCHS, 5)):
    net.train()
    total = 0.0
    for x_batch, y_batch in loader:
        loss = F.cross_entropy(net(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x_batch)
    net.eval()
    with no_grad():
        scores = net(x_test.astype(np.float32))
    test_accuracy = np.mean(scores.data.argmax(axis=1) == y_test)
    print(f"epoch {epoch + 1}: training loss {total / len(x_train):.4f}, test accuracy {test_accuracy:.3f}")

print(net)
