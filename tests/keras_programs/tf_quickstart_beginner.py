# Ported from tensorflow/docs, site/en/tutorials/quickstart/beginner.ipynb (the code cells, in order),
# commit 7c3650212 (https://github.com/tensorflow/docs).
# Licence: Apache License 2.0, Copyright 2019 The TensorFlow Authors.
# Changes: the import line; epochs 5 -> 1 and a 2,000-digit slice of the offline MNIST sample (quick mode).
# Displayed notebook expressions are kept as statements.

import minigrad as tf  # minigrad: was `import tensorflow as tf`
print("TensorFlow version:", tf.__version__)

mnist = tf.keras.datasets.mnist

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
x_train, y_train = x_train[:2000], y_train[:2000]  # minigrad: quick mode trains on 2,000 of the 4,000 digits

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(10)
])

predictions = model(x_train[:1]).numpy()
predictions

tf.nn.softmax(predictions).numpy()

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

loss_fn(y_train[:1], predictions).numpy()

model.compile(optimizer='adam',
              loss=loss_fn,
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=1)  # minigrad: epochs 5 -> 1

model.evaluate(x_test,  y_test, verbose=2)

probability_model = tf.keras.Sequential([
  model,
  tf.keras.layers.Softmax()
])

probability_model(x_test[:5])
