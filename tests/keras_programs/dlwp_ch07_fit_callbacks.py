# Ported from fchollet/deep-learning-with-python-notebooks, chapter07_deep-dive-keras.ipynb (the code cells of
# "Using built-in training and evaluation loops": fit/evaluate/predict, EarlyStopping and ModelCheckpoint with
# load_model, a custom callback), commit dea84a4e12cc3bb3cb61ce952a0168bca113d315
# (https://github.com/fchollet/deep-learning-with-python-notebooks). Licence: MIT, Copyright (c) 2017-present
# François Chollet.
# Changes: import lines; the offline MNIST sample has 4,000 + 1,000 digits (reshape sizes, and 1,000 held out
# for validation instead of 10,000); epochs 3 -> 1 and 10 -> 2; matplotlib draws off screen (Agg). Left out:
# the RootMeanSquaredError cells (they compute with keras.ops, a backend math API) and the TensorBoard cells.
import minigrad.keras as keras  # minigrad: was `import keras`
from minigrad.keras import layers  # minigrad: was `from keras import layers`

from minigrad.keras.datasets import mnist  # minigrad: was `from keras.datasets import mnist`

def get_mnist_model():
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = keras.Model(inputs, outputs)
    return model

(images, labels), (test_images, test_labels) = mnist.load_data()
images = images.reshape((4000, 28 * 28)).astype("float32") / 255  # minigrad: was 60000
test_images = test_images.reshape((1000, 28 * 28)).astype("float32") / 255  # minigrad: was 10000
train_images, val_images = images[1000:], images[:1000]  # minigrad: was [10000:], [:10000]
train_labels, val_labels = labels[1000:], labels[:1000]  # minigrad: was [10000:], [:10000]

model = get_mnist_model()
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    train_images,
    train_labels,
    epochs=1,  # minigrad: was 3
    validation_data=(val_images, val_labels),
)
test_metrics = model.evaluate(test_images, test_labels)
predictions = model.predict(test_images)

callbacks_list = [
    keras.callbacks.EarlyStopping(
        monitor="accuracy",
        patience=1,
    ),
    keras.callbacks.ModelCheckpoint(
        filepath="checkpoint_path.keras",
        monitor="val_loss",
        save_best_only=True,
    ),
]
model = get_mnist_model()
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    train_images,
    train_labels,
    epochs=2,  # minigrad: was 10
    callbacks=callbacks_list,
    validation_data=(val_images, val_labels),
)

model = keras.models.load_model("checkpoint_path.keras")

import matplotlib
matplotlib.use("Agg")  # minigrad: no window in the tests
from matplotlib import pyplot as plt

class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs):
        self.per_batch_losses = []

    def on_batch_end(self, batch, logs):
        self.per_batch_losses.append(logs.get("loss"))

    def on_epoch_end(self, epoch, logs):
        plt.clf()
        plt.plot(
            range(len(self.per_batch_losses)),
            self.per_batch_losses,
            label="Training loss for each batch",
        )
        plt.xlabel(f"Batch (epoch {epoch})")
        plt.ylabel("Loss")
        plt.legend()
        plt.savefig(f"plot_at_epoch_{epoch}", dpi=300)
        self.per_batch_losses = []

model = get_mnist_model()
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    train_images,
    train_labels,
    epochs=2,  # minigrad: was 10
    callbacks=[LossHistory()],
    validation_data=(val_images, val_labels),
)
