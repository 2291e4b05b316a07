# %% [markdown]
# # 11 · The conditional GAN: asking for a digit
#
# A plain GAN draws whatever digit its noise leads to. A conditional GAN (Mirza and Osindero, 2014) also takes
# a label $y$, the digit we want: the generator sees $[z, \text{onehot}(y)]$ and the discriminator sees the
# image together with the label it is supposed to show. Now a fake "7" that looks like a perfect "1" is still
# rejected, so the generator must learn to draw the digit it was asked for. (The lecture compares it to
# cooking from a recipe.) Guide: chapter 9.

# %%
import numpy as np

from minigrad.gan import builders, demo
from minigrad.gan.reference import reference_classifier
from minigrad.keras.datasets import mnist
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("11_cgan")
EPOCHS = 1 if QUICK else 30
N_IMAGES = 640 if QUICK else None

(x_train, y_train), (x_test, _) = mnist.load_data()
x_train, y_train, x_test = x_train[:N_IMAGES] / 255.0, y_train[:N_IMAGES], x_test / 255.0
print(f"training on {len(x_train)} labelled digits for {EPOCHS} epochs")

# %% [markdown]
# ## Training
#
# The networks are the improved MLPs of `09_vanilla_gan.py`, each with 10 more inputs for the one-hot label.
# `fit` needs the labels now.

# %%
gan = builders.cgan(encoding="onehot", seed=0)
history = gan.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, verbose=2, seed=0)
plots.plot_curves(history, OUT / "curves.png", panels=demo.CURVE_PANELS, title="conditional GAN training")

# %% [markdown]
# ## One row per digit
#
# Row $d$ asks for digit $d$; each column keeps the same noise vector $z$. So a row shows one digit drawn ten
# ways, and a column shows one "handwriting style" (what $z$ encodes: slant, thickness) across all ten digits.

# %%
z = np.repeat(gan.noise(10)[None], 10, axis=0).reshape(100, -1)
labels = np.repeat(np.arange(10), 10)
samples = gan.sample(z=z, labels=labels)
plots.save_image_grid(samples, OUT / "digits_by_row.png", ncols=10, row_labels=list(range(10)),
                      title="conditional GAN: row = requested digit, column = same noise")

# %% [markdown]
# ## Does it draw the digit we asked for?
#
# The label accuracy: the reference classifier reads each sample, and we count how often it reads the
# requested digit.

# %%
classifier = reference_classifier(epochs=1, n_train=500) if QUICK else reference_classifier()
result = demo.evaluate(gan, classifier, x_train, n=200 if QUICK else 1000)   # asks for digits 0, 1, ..., 9, 0, ...
print(f"label accuracy {result['label_accuracy']:.1%}, Inception Score {result['inception_score']:.2f}, "
      f"FID {result['fid']:.2f}, coverage {result['coverage']}/10")
plots.plot_class_histogram(result["histogram"], OUT / "class_histogram.png",
                           title=f"conditional GAN, label accuracy {result['label_accuracy']:.0%}")
