# %% [markdown]
# # 09 · The vanilla GAN of the lab
#
# A generative adversarial network is two networks playing a game:
#
# * the **generator** $G$ turns random noise $z$ into an image $G(z)$, trying to make it look real;
# * the **discriminator** $D$ looks at an image and outputs the probability that it is real.
#
# They train in turns, each with the binary cross-entropy. The discriminator learns to say 1 for real images
# and 0 for generated ones. The generator learns to make the discriminator say 1 for its images: it minimizes
# $-\log D(G(z))$ (the "non-saturating" loss, which still gives gradients when $D$ easily spots the fakes).
#
# The lab builds the simplest version in Keras (`keras_gan_lab.py` runs that code line for line). Here we use
# `minigrad.gan`: the lab's networks, then an improved version, and numbers that say how good the samples are.
# Guide: chapter 9.

# %%
import numpy as np

from minigrad.gan import builders, demo, metrics
from minigrad.gan.reference import reference_classifier
from minigrad.keras.datasets import mnist
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("09_vanilla_gan")
EPOCHS = 2 if QUICK else 30
N_IMAGES = 640 if QUICK else None           # None: all 4,000 training digits
SAMPLE_EVERY = 1 if QUICK else 5            # keep a grid of samples every few epochs

(x_train, _), (x_test, _) = mnist.load_data()
x_train, x_test = x_train[:N_IMAGES] / 255.0, x_test / 255.0     # pixels in [0, 1]
print(f"training on {len(x_train)} real digits for {EPOCHS} epochs")

# %% [markdown]
# ## The lab's networks
#
# The generator: `Dense(128, relu)` on 100 noise values, then `Dense(784, sigmoid)` reshaped to 28 x 28. The
# discriminator: `Flatten`, `Dense(128, relu)`, `Dense(1, sigmoid)`. Both train with Adam at Keras' default rate.

# %%
lab_gan = builders.vanilla(seed=0)
lab_gan.generator.summary()
lab_gan.discriminator.summary()
lab_history = lab_gan.fit(x_train, epochs=EPOCHS, batch_size=64, sample_every=SAMPLE_EVERY, verbose=2, seed=0)
plots.save_grids_over_epochs(lab_history.samples, OUT / "lab_samples_over_epochs.png")

# %% [markdown]
# ## An improved vanilla GAN
#
# The same game with stronger players and the usual stabilizers: wider hidden layers with batch norm and
# LeakyReLU(0.2), and a tanh output, in the generator; dropout in the discriminator, which outputs a logit (the
# loss is then the stable BCE-with-logits); Adam(2e-4, beta1 = 0.5); and one-sided label smoothing, real
# targets 0.9 instead of 1, so the discriminator does not grow over-confident. The printout lists the layers.

# %%
gan = builders.vanilla(improved=True, seed=0)
print(gan.generator)
print(gan.discriminator)
history = gan.fit(x_train, epochs=EPOCHS, batch_size=64, sample_every=SAMPLE_EVERY, verbose=2, seed=0)
plots.save_grids_over_epochs(history.samples, OUT / "samples_over_epochs.png")
last = max(history.samples)
plots.save_image_grid(history.samples[last], OUT / "samples.png", ncols=10,
                      title=f"improved vanilla GAN, epoch {last}")

# %% [markdown]
# ## Watching the game
#
# The losses do not go to zero as in supervised learning: each network's gain is the other's loss. Healthy
# training keeps them in balance, with the mean $D(x)$ on real images above the mean $D(G(z))$ on fakes but
# neither pinned at 0 or 1. If $D(G(z))$ drops to 0 the discriminator has won and the generator's gradients
# fade; a sudden swing of both is the instability GANs are known for.

# %%
plots.plot_curves(history, OUT / "curves.png", panels=demo.CURVE_PANELS, title="improved vanilla GAN")

# %% [markdown]
# ## How good are the samples?
#
# A GAN has no test accuracy. We judge its samples with a reference CNN trained on real digits (minigrad trains
# it once and caches it in ~/.cache/minigrad; the quick run uses a small, weak one):
#
# * the Inception Score, from 1 to 10, higher is better: each sample a clear digit, and all digits present;
# * the Frechet distance (FID) between the classifier's features of real and generated digits, lower is better;
# * mode coverage: how many digits receive at least 5% of the confident predictions.
#
# Real digits the GANs never saw, and pure noise, give the scale.

# %%
classifier = reference_classifier(epochs=1, n_train=500) if QUICK else reference_classifier()
real_stats = metrics.gaussian_stats(classifier.probabilities_and_features(x_train)[1])
n = 500 if QUICK else 1000
rows = {"real digits": metrics.quality(classifier, x_test[:n], real_stats),
        "noise": metrics.quality(classifier, np.random.default_rng(0).random((n, 28, 28)), real_stats),
        "lab GAN": metrics.quality(classifier, lab_gan.sample(n), real_stats),
        "improved GAN": metrics.quality(classifier, gan.sample(n), real_stats)}
for name, row in rows.items():
    print(f"{name:>13}: Inception Score {row['inception_score']:5.2f}   FID {row['fid']:8.2f}   "
          f"coverage {row['coverage']}/10")
plots.plot_quality(rows, OUT / "quality.png")

# %% [markdown]
# ## Mode collapse
#
# A generator can "win" by producing only the few digits that fool the discriminator best: the samples look
# fine one by one, but the variety is gone. The class histogram of the samples shows it at once. During
# training, `minigrad.gan.CollapseAlarm` checks it every few epochs and warns when it narrows.

# %%
plots.plot_class_histogram(rows["improved GAN"]["histogram"], OUT / "class_histogram.png",
                           title=f"improved GAN: coverage {rows['improved GAN']['coverage']}/10")
