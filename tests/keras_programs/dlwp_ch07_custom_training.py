# Ported from fchollet/deep-learning-with-python-notebooks, chapter07_deep-dive-keras.ipynb (the code cells of
# "Writing your own training and evaluation loops" for the TensorFlow backend: a train_step with
# tf.GradientTape, metric objects, and keras.Model subclasses that override train_step, with compile() given no
# loss and with a loss), commit dea84a4e12cc3bb3cb61ce952a0168bca113d315
# (https://github.com/fchollet/deep-learning-with-python-notebooks). Licence: MIT, Copyright (c) 2017-present
# François Chollet.
# Changes: import lines (`import tensorflow as tf` -> `import minigrad as tf`: tf.GradientTape is the one TF
# name used); the data cell of the previous section (4,000 + 1,000 digits, 1,000 held out); epochs 3 -> 1 and a
# 1,500-digit slice for the fits (quick mode). The %%backend tensorflow cells are kept, the JAX and PyTorch
# variants of the same code left out, and the stateless_* metric cell (JAX's API) too.
import minigrad.keras as keras  # minigrad: was `import keras`
from minigrad.keras import layers  # minigrad: was `from keras import layers`
from minigrad.keras.datasets import mnist  # minigrad: was `from keras.datasets import mnist`
from minigrad.keras import ops  # minigrad: was `from keras import ops`


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
train_images, val_images = images[1000:2500], images[:1000]  # minigrad: was [10000:], [:10000]; quick mode
train_labels, val_labels = labels[1000:2500], labels[:1000]  # minigrad: was [10000:], [:10000]; quick mode

import minigrad as tf  # minigrad: was `import tensorflow as tf`

model = get_mnist_model()
loss_fn = keras.losses.SparseCategoricalCrossentropy()
optimizer = keras.optimizers.Adam()

def train_step(inputs, targets):
    with tf.GradientTape() as tape:
        predictions = model(inputs, training=True)
        loss = loss_fn(targets, predictions)
    gradients = tape.gradient(loss, model.trainable_weights)
    optimizer.apply(gradients, model.trainable_weights)
    return loss

batch_size = 32
inputs = train_images[:batch_size]
targets = train_labels[:batch_size]
loss = train_step(inputs, targets)

metric = keras.metrics.SparseCategoricalAccuracy()
targets = ops.array([0, 1, 2])
predictions = ops.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
metric.update_state(targets, predictions)
current_result = metric.result()
print(f"result: {current_result:.2f}")

values = ops.array([0, 1, 2, 3, 4])
mean_tracker = keras.metrics.Mean()
for value in values:
    mean_tracker.update_state(value)
print(f"Mean of values: {mean_tracker.result():.2f}")

import minigrad.keras as keras  # minigrad: was `import keras`
from minigrad.keras import layers  # minigrad: was `from keras import layers`

loss_fn = keras.losses.SparseCategoricalCrossentropy()
loss_tracker = keras.metrics.Mean(name="loss")

class CustomModel(keras.Model):
    def train_step(self, data):
        inputs, targets = data
        with tf.GradientTape() as tape:
            predictions = self(inputs, training=True)
            loss = loss_fn(targets, predictions)
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply(gradients, self.trainable_weights)

        loss_tracker.update_state(loss)
        return {"loss": loss_tracker.result()}

    @property
    def metrics(self):
        return [loss_tracker]

def get_custom_model():
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = CustomModel(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam())
    return model

model = get_custom_model()
model.fit(train_images, train_labels, epochs=1)  # minigrad: was 3

import minigrad.keras as keras  # minigrad: was `import keras`
from minigrad.keras import layers  # minigrad: was `from keras import layers`

class CustomModel(keras.Model):
    def train_step(self, data):
        inputs, targets = data
        with tf.GradientTape() as tape:
            predictions = self(inputs, training=True)
            loss = self.compute_loss(y=targets, y_pred=predictions)

        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply(gradients, self.trainable_weights)

        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(targets, predictions)

        return {m.name: m.result() for m in self.metrics}

def get_custom_model():
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = CustomModel(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model

model = get_custom_model()
model.fit(train_images, train_labels, epochs=1)  # minigrad: was 3
