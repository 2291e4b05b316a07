# %% [markdown]
# # 10 · DCGAN: convolutions for both players
#
# The vanilla GAN treats an image as a list of 784 numbers. A deep convolutional GAN (Radford, Metz and
# Chintala, 2016) keeps the image's 2-D structure and follows a few rules that made GANs train reliably:
#
# * no pooling: the discriminator downsamples with **strided convolutions**, the generator upsamples with
#   **strided transposed convolutions**;
# * **batch norm** in both networks (not on the discriminator's input layer nor the generator's output);
# * **ReLU** in the generator with **tanh** at the output; **LeakyReLU(0.2)** in the discriminator;
# * weights drawn from $N(0, 0.02)$, and **Adam** with learning rate $2 \cdot 10^{-4}$ and $\beta_1 = 0.5$.
#
# Convolutions cost far more arithmetic than dense layers, so this is where minigrad's Numba kernels
# (im2col/col2im, batch norm) matter. Guide: chapters 9 and 10.

# %%
import numpy as np

from minigrad import no_grad
from minigrad.gan import builders, demo, metrics
from minigrad.gan.reference import reference_classifier
from minigrad.keras.datasets import mnist
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("10_dcgan")
EPOCHS = 1 if QUICK else 5
N_IMAGES = 128 if QUICK else None
WIDTH = 8 if QUICK else 64                  # channels of the first convolution (the paper's networks are wider)

(x_train, _), (x_test, _) = mnist.load_data()
x_train, x_test = x_train[:N_IMAGES] / 255.0, x_test / 255.0
print(f"training on {len(x_train)} real digits for {EPOCHS} epochs")

# %% [markdown]
# ## The two networks, layer by layer
#
# The generator projects the 100 noise values to 7 x 7 feature maps, then doubles the resolution twice:
# 7 -> 14 -> 28. The discriminator mirrors it: 28 -> 14 -> 7, then one logit. (In evaluation mode, so that
# this look leaves the batch-norm statistics alone; training switches back.)

# %%
gan = builders.dcgan(width=WIDTH, seed=0)
gan.eval()
with no_grad():
    x = gan.noise(2)
    for layer in gan.generator:
        x = layer(x)
        print(f"generator      {type(layer).__name__:>16} -> {x.shape}")
    for layer in gan.discriminator:
        x = layer(x)
        print(f"discriminator  {type(layer).__name__:>16} -> {x.shape}")

# %% [markdown]
# ## Training
#
# Every epoch the generator draws the same 100 noise vectors, so the grids show one set of digits taking shape.
# Five epochs take a few minutes on two cores, and the digits are still forming then; for finished ones, train
# longer (`minigrad demo gan --kind dcgan --epochs 20`).

# %%
history = gan.fit(x_train, epochs=EPOCHS, batch_size=64, verbose=2, seed=0)
plots.save_grids_over_epochs(history.samples, OUT / "samples_over_epochs.png")
last = max(history.samples)
plots.save_image_grid(history.samples[last], OUT / "samples.png", ncols=10, title=f"DCGAN, epoch {last}")
plots.plot_curves(history, OUT / "curves.png", panels=demo.CURVE_PANELS, title="DCGAN training")

# %% [markdown]
# ## Quality
#
# The same measures as for the vanilla GAN (`09_vanilla_gan.py`), from the reference classifier.

# %%
classifier = reference_classifier(epochs=1, n_train=500) if QUICK else reference_classifier()
real_stats = metrics.gaussian_stats(classifier.probabilities_and_features(x_train)[1])
n = 200 if QUICK else 1000
rows = {"real digits": metrics.quality(classifier, x_test[:n], real_stats),
        "DCGAN": metrics.quality(classifier, gan.sample(n), real_stats)}
for name, row in rows.items():
    print(f"{name:>11}: Inception Score {row['inception_score']:5.2f}   FID {row['fid']:8.2f}   "
          f"coverage {row['coverage']}/10")
plots.plot_quality(rows, OUT / "quality.png")
plots.plot_class_histogram(rows["DCGAN"]["histogram"], OUT / "class_histogram.png",
                           title=f"DCGAN: coverage {rows['DCGAN']['coverage']}/10")
