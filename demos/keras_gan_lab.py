# %% [markdown]
# # Lab: a basic vanilla GAN, in minigrad
#
# The GAN lecture's lab trains a vanilla GAN on MNIST with TensorFlow/Keras. Below is that program line for
# line; only the imports differ (`minigrad` for `tensorflow`). The lecture notes lost the indentation and the
# closing `])` of the two `Sequential([...` lists when they were exported; they are restored here.
#
# - The generator turns 100 random numbers into a 28x28 image: Dense(128, relu), Dense(784, sigmoid), Reshape.
# - The discriminator says how likely an image is real: Flatten, Dense(128, relu), Dense(1, sigmoid).
# - `discriminator.trainable = False` before the combined model `gan` is compiled: training `gan` moves only
#   the generator, while the discriminator, compiled earlier, still learns from its own `train_on_batch`.
#
# `mnist.load_data()` gives the 4,000 training digits of the offline MNIST sample (see minigrad.keras).
# Each "epoch" of the lab is one batch of 128 images. Set `MINIGRAD_QUICK=1` to run 3 of them instead of 10,000.
# Images are saved every 1,000 epochs as generated_img_<epoch>.png in the current folder.

# %%
import os

import numpy as np
import minigrad as tf
from minigrad.keras.datasets import mnist
from minigrad.keras.layers import Dense, Flatten, Reshape
from minigrad.keras.models import Sequential

QUICK = os.environ.get("MINIGRAD_QUICK") == "1"

# %%
# Load and preprocess the MNIST dataset
(x_train, _), (_, _) = mnist.load_data()
x_train = x_train / 255.0 # normalize to [0, 1]
x_train = np.expand_dims(x_train, axis=-1)
x_train = x_train.astype(np.float32)

# Define the generator model
def build_generator(latent_dim):
    model = Sequential([
        Dense(128, activation='relu', input_dim=latent_dim),
        Dense(784, activation='sigmoid'),
        Reshape((28, 28))
    ])
    return model

# Define the discriminator model
def build_discriminator():
    model = Sequential([
        Flatten(input_shape=(28, 28)),
        Dense(128, activation='relu'),
        Dense(1, activation='sigmoid')
    ])
    return model

# Compile the discriminator model
discriminator = build_discriminator()
discriminator.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])

# Build and compile the GAN model with discriminator set as non-trainable
discriminator.trainable = False
generator = build_generator(latent_dim=100)
gan_input = tf.keras.Input(shape=(100,))
gan_output = discriminator(generator(gan_input))
gan = tf.keras.Model(gan_input, gan_output)
gan.compile(optimizer='adam', loss='binary_crossentropy')

# %%
# Training the GAN
epochs = 3 if QUICK else 10000
batch_size = 128
for epoch in range(epochs):
    # Train discriminator
    idx = np.random.randint(0, x_train.shape[0], batch_size)
    real_imgs = x_train[idx]
    noise = np.random.normal(0, 1, (batch_size, 100))
    generated_imgs = generator.predict(noise)
    real_labels = np.ones((batch_size, 1))
    fake_labels = np.zeros((batch_size, 1))
    d_loss_real = discriminator.train_on_batch(real_imgs, real_labels)
    d_loss_fake = discriminator.train_on_batch(generated_imgs, fake_labels)
    d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)
    # Train generator
    noise = np.random.normal(0, 1, (batch_size, 100))
    valid_labels = np.ones((batch_size, 1))
    g_loss = gan.train_on_batch(noise, valid_labels)
    # Print progress
    print(f"{epoch}/{epochs} [D loss: {d_loss[0]} | D accuracy: {d_loss[1]}] [G loss: {g_loss}]")

    # Save generated images at specific intervals
    if epoch % 1000 == 0:
        generated_img = generated_imgs[0] * 255
        tf.keras.preprocessing.image.save_img(f'generated_img_{epoch}.png', generated_img)

print("Training Complete!")

# %% [markdown]
# ## The three models
#
# `gan` is the chain Input -> generator -> discriminator. Its summary counts the discriminator's weights as
# non-trainable: they were frozen when `gan` was compiled.

# %%
gan.summary()
