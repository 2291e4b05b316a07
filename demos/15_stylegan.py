# %% [markdown]
# # 15 · StyleGAN: a generator steered by styles
#
# The lecture's fourth GAN. StyleGAN (Karras, Laine and Aila, 2019) does not feed the noise $z$ into the first
# layer. A **mapping network** turns $z$ into a code $w$, and the image grows from a **learned constant**
# (7 x 7 here, then 14 x 14, then 28 x 28). Every layer is steered by $w$ through **AdaIN**: each channel is
# standardized over its pixels, then scaled and shifted by a style computed from $w$,
#
# $$\mathrm{AdaIN}(x, w)_c = s_c(w)\,\frac{x_c - \mu_c}{\sigma_c} + b_c(w),$$
#
# so $w$ decides each channel's statistics while the convolutions decide where the strokes go. Each layer also
# adds pixel noise with a learned strength, for details that need not come from $w$.
#
# Two controls follow: **style mixing** (the coarse blocks take $w_1$, the fine ones $w_2$) and **truncation**
# ($w' = \bar w + \psi (w - \bar w)$ pulls every code towards the average one). Guide: chapter 9.

# %%
import numpy as np

from minigrad.gan import demo, metrics
from minigrad.gan.builders import stylegan
from minigrad.gan.reference import reference_classifier
from minigrad.keras.datasets import mnist
from minigrad.viz import plots

from _common import setup

QUICK, OUT = setup("15_stylegan")
EPOCHS = 1 if QUICK else 30                 # 30 epochs of 125 batches: about 14 minutes of one core's time
N_IMAGES = 128 if QUICK else None

(x_train, _), (x_test, _) = mnist.load_data()
x_train, x_test = x_train[:N_IMAGES] / 255.0, x_test / 255.0
print(f"training on {len(x_train)} real digits for {EPOCHS} epochs")

# %% [markdown]
# ## The networks
#
# The generator is the mapping network, the constant, three synthesis blocks of two styled layers each
# (64, 32 and 16 channels at 7 x 7, 14 x 14 and 28 x 28) and a 1 x 1 convolution to one grey channel. The
# discriminator is a small DCGAN-style network with one extra channel, the batch's standard deviation, which
# lets it notice when the generator's samples all look alike.

# %%
gan = stylegan(seed=0)
g = gan.generator
print(f"generator: {sum(p.size for p in g.parameters()):,} weights (mapping network "
      f"{sum(p.size for p in g.mapping.parameters()):,}); discriminator: "
      f"{sum(p.size for p in gan.discriminator.parameters()):,}")
for i, block in enumerate(g.blocks):
    layer = block.layer2
    print(f"block {i}: {layer.noise.size} x {layer.noise.size}, {layer.adain.channels} channels, one style w")

# %% [markdown]
# ## Training
#
# The GAN trainer of the other demos, with Adam(1e-3, betas=(0, 0.99)) as in the StyleGAN papers. Half of the
# batches are drawn with two codes (style mixing), so that the blocks learn to work with styles taken from
# different samples. The pictures come from a moving average of the generator's weights (`ema=0.999`), which
# draws steadier digits than the generator's own, jittering weights.

# %%
history = gan.fit(x_train, epochs=EPOCHS, batch_size=32, verbose=2, seed=0)
plots.save_grids_over_epochs(history.samples, OUT / "samples_over_epochs.png")
plots.plot_curves(history, OUT / "curves.png", panels=demo.CURVE_PANELS, title="StyleGAN training")

# %% [markdown]
# ## Style mixing
#
# The first row shows eight samples, the first column six others (every cell with the same per-layer noise, so
# that cells differ by their styles only). Cell (i, j) takes the styles of the 7 x 7 and 14 x 14 blocks (the
# coarse ones: which digit, its size and overall shape) from row i's code and those of the 28 x 28 block (the
# fine ones: stroke width and edges) from column j's. So each row keeps its digit, and each column keeps its pen.
# With `crossover=1` only the 7 x 7 block follows the rows: in our runs it set the digit's size, position and
# slant, while the 14 x 14 block, now the columns', decided which digit it is (the second picture).

# %%
coarse_z, fine_z = gan.noise(6), gan.noise(8)
grid = gan.mix(coarse_z, fine_z, crossover=2)                    # (6, 8, 28, 28)
fine_row = gan.sample(z=fine_z, fixed_noise=True)
coarse_column = gan.sample(z=coarse_z, fixed_noise=True)
cells = np.concatenate([np.concatenate([np.ones((1, 28, 28)), fine_row])[None],          # a blank corner
                        np.concatenate([coarse_column[:, None], grid], axis=1)])
plots.save_image_grid(cells.reshape(-1, 28, 28), OUT / "style_mixing.png", ncols=len(fine_z) + 1,
                      title="rows: coarse styles (7 x 7, 14 x 14); columns: fine styles (28 x 28)")
cells[1:, 1:] = gan.mix(coarse_z, fine_z, crossover=1)
plots.save_image_grid(cells.reshape(-1, 28, 28), OUT / "style_mixing_7x7.png", ncols=len(fine_z) + 1,
                      title="rows: 7 x 7 styles; columns: 14 x 14 and 28 x 28 styles")

# %% [markdown]
# ## Truncation
#
# The same eight codes with $\psi$ = 1, 0.7, 0.5 and 0. As $\psi$ falls, every sample moves towards the digit of
# the average code $\bar w$: cleaner, but less varied, until at $\psi = 0$ all of them are that one digit.

# %%
z = gan.noise(8)
psis = (1.0, 0.7, 0.5, 0.0)
rows = np.concatenate([gan.sample(z=z, psi=psi, fixed_noise=True) for psi in psis])
plots.save_image_grid(rows, OUT / "truncation.png", ncols=len(z), row_labels=[f"psi {p}" for p in psis],
                      title="truncation: w' = w_avg + psi (w - w_avg)")

# %% [markdown]
# ## Quality
#
# The reference classifier's measures, as for the other GANs, on real test digits and on 1,000 samples.

# %%
classifier = reference_classifier(epochs=1, n_train=500) if QUICK else reference_classifier()
real_stats = metrics.gaussian_stats(classifier.probabilities_and_features(x_train)[1])
n = 200 if QUICK else 1000
rows = {"real digits": metrics.quality(classifier, x_test[:n], real_stats),
        "StyleGAN": metrics.quality(classifier, gan.sample(n, seed=1), real_stats),
        "StyleGAN, psi 0.7": metrics.quality(classifier, gan.sample(n, psi=0.7, seed=1), real_stats)}
for name, row in rows.items():
    print(f"{name:>17}: Inception Score {row['inception_score']:5.2f}   FID {row['fid']:8.2f}   "
          f"coverage {row['coverage']}/10")
plots.plot_quality(rows, OUT / "quality.png")
