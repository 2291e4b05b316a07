"""StyleGAN at MNIST scale (Karras, Laine and Aila, 2019): a generator steered by styles.

A DCGAN generator turns z into an image in one go. StyleGAN splits that in two:

    mapping network    w = f(z)                       (a few dense layers: z ~ N(0, I) -> an intermediate code w)
    synthesis network  a learned constant 7x7 input, refined at 7x7, 14x14 and 28x28; every layer is
                       conv 3x3 -> + noise -> leaky relu -> AdaIN(., w)

AdaIN (adaptive instance normalization) is how w steers a layer. Each channel c of each sample is standardized
over its pixels, then scaled and shifted by a style computed from w:

    AdaIN(x, w)_c = s_c * (x_c - mu_c) / sigma_c + b_c,     (s, b) = A w + a    (A, a learned; a starts at (1, 0))

so a layer's output has per-channel mean b_c and standard deviation s_c whatever came in: the style decides
the statistics, and the convolutions decide where the strokes go. Because each resolution gets its own copy of
w, different resolutions can get different codes: *style mixing*. With ``crossover=k`` the first k blocks
(the coarse ones) take w1 and the rest (the fine ones) take w2. In our runs the 7x7 block set the digit's size
and slant, the 14x14 block which digit it is, and the 28x28 block the stroke's width. Training mixes this way
half of the time, so that neighbouring blocks cannot rely on sharing one w.

Per-layer noise: each layer adds N(0, 1) pixel noise times a learned per-channel scale (zero at the start),
which gives the network a source of randomness for details that need not come from w.

Truncation: w_avg, the average of the mapping network's outputs, is tracked during training (an exponential
moving average). Sampling with w' = w_avg + psi (w - w_avg) pulls every code towards the average: psi = 1 is
the plain generator, psi = 0 draws the "average digit" for every z, and values between trade variety for
quality.

    gan = stylegan(seed=0)
    gan.fit(images, epochs=30, batch_size=32)        # the GAN trainer of trainer.py
    gan.sample(16, psi=0.7, seed=1)                  # 16 digits, truncated
    gan.mix(coarse_z, fine_z, crossover=2)           # a grid: row i's coarse styles, column j's fine ones

The discriminator is a DCGAN-style convolutional network with a minibatch standard-deviation channel. As in the
papers, the mapping network learns 100 times slower than the rest, and the samples come from an exponential
moving average of the generator's weights (the trainer's ``ema``).
"""
import numpy as np

from .. import functional as F
from .. import nn, optim
from ..engine import concatenate, no_grad
from .trainer import GAN

LATENT_DIM = 64


# ---- the generator's parts --------------------------------------------------------------------------------

class MappingNetwork(nn.Module):
    """z -> w: normalize z to unit root-mean-square (z / sqrt(mean(z^2) + 1e-8)), then ``layers`` dense layers
    with LeakyReLU(0.2). Their weights start He-normal (std sqrt(2 / ((1 + 0.2^2) fan_in))) and their biases at
    0, which keeps w's spread near z's: with the default init each layer would shrink it about 2.5 times, and
    every z would get nearly the same style.

    ``lr_mul``: StyleGAN's learning-rate multiplier (0.01 for the mapping network). Each layer stores its weights
    and bias divided by lr_mul and multiplies them back in forward, W_used = lr_mul * W_stored. Adam moves a
    stored weight by about lr per step whatever its gradient's scale, so the weights in use move lr_mul times
    slower: the codes w drift slowly, and the synthesis network can follow them."""

    def __init__(self, latent_dim, w_dim, layers=3, lr_mul=0.01):
        super().__init__()
        self.lr_mul = float(lr_mul)
        sizes = [latent_dim] + [w_dim] * layers
        self.layers = nn.Sequential([nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])
        for layer in self.layers:
            nn.init.kaiming_normal_(layer.weight, a=0.2)
            layer.weight.data /= self.lr_mul
            nn.init.zeros_(layer.bias)

    def forward(self, z):
        z = nn.module.as_input(z, np.float32)
        h = z / ((z * z).mean(axis=1, keepdims=True) + 1e-8).sqrt()
        for layer in self.layers:
            h = F.linear(h, layer.weight * self.lr_mul, layer.bias * self.lr_mul, activation="leaky_relu",
                         negative_slope=0.2)
        return h


def adain(x, style, eps=1e-5):
    """Adaptive instance normalization of feature maps x (N, C, H, W) by a style (N, 2C), its first C entries the
    scales s and the last C the biases b:  out_nc = s_nc * (x_nc - mu_nc) / sqrt(var_nc + eps) + b_nc, with mu_nc
    and var_nc the mean and (biased) variance of channel c of sample n over its pixels.

    So every channel of the output has mean b and standard deviation s (up to eps). The backward pass comes from
    the rules of the ops: group_norm with one group per channel is instance normalization."""
    c = x.shape[1]
    if x.ndim != 4 or style.ndim != 2 or style.shape[1] != 2 * c:
        raise ValueError(f"adain: expected feature maps (N, C, H, W) and a style (N, 2C), got {x.shape} and "
                         f"{style.shape}; the style holds C scales then C biases")
    scale, bias = style[:, :c].reshape(-1, c, 1, 1), style[:, c:].reshape(-1, c, 1, 1)
    return F.group_norm(x, c, eps=eps) * scale + bias


class AdaIN(nn.Module):
    """AdaIN(x, w) = adain(x, A w + a): the style (scales and biases, one pair per channel) is an affine map of
    the code w. Its bias a starts at scales 1 and biases 0, so at first the layer is plain instance norm."""

    def __init__(self, channels, w_dim, eps=1e-5):
        super().__init__()
        self.channels, self.eps = int(channels), float(eps)
        self.style = nn.Linear(w_dim, 2 * self.channels)
        self.style.bias.data[:] = np.concatenate([np.ones(self.channels), np.zeros(self.channels)])

    def forward(self, x, w):
        return adain(x, self.style(w), self.eps)


class NoiseInjection(nn.Module):
    """out = x + strength_c * noise: one N(0, 1) noise map per sample, shared by the channels, scaled per channel
    by a learned strength (zero at the start). ``fixed_noise`` (a buffer, one map) is the noise that ``mix`` and
    ``sample(fixed_noise=True)`` use, so that pictures differ only by their styles."""

    def __init__(self, channels, size, rng):
        super().__init__()
        self.size = int(size)
        self.strength = nn.Parameter(np.zeros(channels))
        self.register_buffer("fixed_noise", rng.standard_normal((1, 1, size, size)).astype(np.float32))

    def forward(self, x, noise):
        return x + self.strength.reshape(1, -1, 1, 1) * noise


class StyleLayer(nn.Module):
    """One styled layer: (conv 3x3) -> + noise -> LeakyReLU(0.2) -> AdaIN(., w). ``conv=False`` for the layer on
    the constant input, which has no convolution of its own."""

    def __init__(self, in_channels, out_channels, size, w_dim, rng, conv=True):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1) if conv else None
        self.noise = NoiseInjection(out_channels, size, rng)
        self.adain = AdaIN(out_channels, w_dim)

    def forward(self, x, w, noise):
        if self.conv is not None:
            x = self.conv(x)
        return self.adain(F.leaky_relu(self.noise(x, noise), 0.2), w)


class SynthesisBlock(nn.Module):
    """One resolution: (upsample x2, nearest) -> two styled layers, both steered by the same w. The first block
    starts from the learned constant instead."""

    def __init__(self, in_channels, out_channels, size, w_dim, rng, first=False):
        super().__init__()
        self.first = first
        self.layer1 = StyleLayer(in_channels, out_channels, size, w_dim, rng, conv=not first)
        self.layer2 = StyleLayer(out_channels, out_channels, size, w_dim, rng)

    def forward(self, x, w, noises):
        if not self.first:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        return self.layer2(self.layer1(x, w, noises[0]), w, noises[1])


class StyleGenerator(nn.Module):
    """z -> mapping -> w -> synthesis (constant 7x7 -> 14x14 -> 28x28) -> 1x1 conv -> tanh: images (N, 1, 28, 28).

    ``channels``: the width of each block, coarse to fine. While training, ``mixing`` is the probability that a
    batch uses two codes, w1 for the first k blocks and w2 for the rest (k uniform in 1 .. blocks - 1), and
    ``w_avg`` follows the mean of w with decay ``w_avg_decay``."""

    def __init__(self, latent_dim=LATENT_DIM, w_dim=64, channels=(64, 32, 16), mapping_layers=3, mixing=0.5,
                 w_avg_decay=0.995, seed=None):
        super().__init__()
        self.latent_dim, self.w_dim, self.mixing, self.w_avg_decay = int(latent_dim), int(w_dim), mixing, w_avg_decay
        self.rng = np.random.default_rng(seed)
        self.mapping = MappingNetwork(latent_dim, w_dim, mapping_layers)
        # N(0, 1), not ones: on a flat constant, instance norm would blow the noise up to unit variance, and the
        # noise, not w, would decide which digit comes out
        self.constant = nn.Parameter(self.rng.standard_normal((1, channels[0], 7, 7)))
        sizes = [7 * 2 ** i for i in range(len(channels))]
        self.blocks = nn.Sequential([SynthesisBlock(channels[max(i - 1, 0)], c, size, w_dim, self.rng, first=i == 0)
                                     for i, (c, size) in enumerate(zip(channels, sizes))])
        self.to_image = nn.Conv2d(channels[-1], 1, 1)
        self.register_buffer("w_avg", np.zeros(w_dim, dtype=np.float32))

    @property
    def num_blocks(self):
        return len(self.blocks)

    def truncate(self, w, psi):
        """w_avg + psi (w - w_avg): psi = 1 leaves w alone, psi = 0 gives w_avg."""
        return w if psi == 1 else w * psi + self.w_avg * (1 - psi)

    def synthesis(self, ws, noise=None):
        """Images from one code per block (``ws``: a list of ``num_blocks`` arrays or Values (N, w_dim)).

        ``noise``: None draws fresh noise from the generator's own generator, a np.random.Generator draws from
        it, and "fixed" uses each layer's fixed_noise buffer."""
        n = max(len(w) for w in ws)
        x = self.constant.broadcast_to((n,) + self.constant.shape[1:])
        for block, w in zip(self.blocks, ws):
            maps = [self._noise(layer.noise, n, noise) for layer in (block.layer1, block.layer2)]
            x = block(x, w, maps)
        return self.to_image(x).tanh()

    def _noise(self, layer, n, noise):
        if isinstance(noise, str) and noise == "fixed":
            return layer.fixed_noise
        rng = self.rng if noise is None else noise
        return rng.standard_normal((n, 1, layer.size, layer.size)).astype(np.float32)

    def forward(self, z, psi=1.0, noise=None):
        """Images from codes z (N, latent_dim). In eval mode every block gets the truncated code; in training
        mode w_avg is updated and, with probability ``mixing``, the blocks from a random k on get a second code."""
        w = self.mapping(z)
        if not self.training:
            return self.synthesis([self.truncate(w, psi)] * self.num_blocks, noise)
        self.w_avg = (self.w_avg_decay * self.w_avg + (1 - self.w_avg_decay) * w.data.mean(axis=0)).astype(np.float32)
        ws = [w] * self.num_blocks
        if self.num_blocks > 1 and self.rng.random() < self.mixing:
            w2 = self.mapping(self.rng.standard_normal(z.shape).astype(np.float32))
            k = int(self.rng.integers(1, self.num_blocks))
            ws = ws[:k] + [w2] * (self.num_blocks - k)
        return self.synthesis(ws, noise)


# ---- the discriminator -------------------------------------------------------------------------------------

class MinibatchStd(nn.Module):
    """Append one channel holding the batch's mean standard deviation (Karras et al., 2018): the mean over
    channels and pixels of sqrt(var over the batch + 1e-8). A batch of near-identical samples shows a low value,
    so the discriminator can spot a collapsing generator."""

    def forward(self, x):
        std = (x.var(axis=0) + 1e-8).sqrt().mean()
        n, _, h, w = x.shape
        return concatenate([x, std.reshape(1, 1, 1, 1).broadcast_to((n, 1, h, w))], axis=1)


def discriminator(width=32):
    """28x28 -> conv 4x4 stride 2 (width) -> 14x14 -> minibatch std -> conv 4x4 stride 2 (2 width) -> 7x7 ->
    one logit; LeakyReLU(0.2), no batch norm (the minibatch channel would see through it)."""
    return nn.Sequential(
        nn.Conv2d(1, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        MinibatchStd(),
        nn.Conv2d(width + 1, 2 * width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(2 * width * 7 * 7, 1),
    )


# ---- the GAN -------------------------------------------------------------------------------------------------

class StyleGAN(GAN):
    """A GAN whose generator is a StyleGenerator: ``sample`` takes a truncation ``psi`` and a ``seed``, and
    ``mix`` draws style-mixing grids."""

    @property
    def sampler(self):
        """The generator that draws the samples: the moving average of its weights when the trainer keeps one
        (``compile(ema=...)``), else the generator itself."""
        return self.generator if self.generator_ema is None else self.generator_ema

    def sample(self, n=None, z=None, labels=None, psi=1.0, seed=None, fixed_noise=False):
        """Images (n, 28, 28) in [0, 1], in eval mode. ``z``: the codes (default ``n`` fresh ones, from ``seed``
        when given); ``psi``: truncation (1 = none, 0 = the average digit); the per-layer noise comes from
        ``seed`` too, or from each layer's fixed map when ``fixed_noise``."""
        rng = None if seed is None else np.random.default_rng(seed)
        if z is None:
            z = self.noise(n) if rng is None else rng.standard_normal((n, self.latent_dim)).astype(np.float32)
        noise = "fixed" if fixed_noise else rng
        with self._mode(False), no_grad():
            return self.to_pixels(self.sampler(np.asarray(z, dtype=np.float32), psi, noise).data)

    def mix(self, coarse_z, fine_z, crossover=1, psi=1.0):
        """A style-mixing grid (len(coarse_z), len(fine_z), 28, 28) in [0, 1]: image [i, j] takes the first
        ``crossover`` blocks' styles from coarse_z[i] and the rest from fine_z[j], with every layer's fixed
        noise, so the grid differs only by style. crossover = 0 gives fine_z's samples, crossover = the number
        of blocks coarse_z's."""
        g = self.sampler
        if isinstance(crossover, bool) or not isinstance(crossover, (int, np.integer)) or \
                not 0 <= crossover <= g.num_blocks:
            raise ValueError(f"StyleGAN.mix: crossover is the number of blocks styled by coarse_z and must be an "
                             f"integer in [0, {g.num_blocks}], got {crossover!r}")
        with self._mode(False), no_grad():
            w_coarse = g.truncate(g.mapping(np.asarray(coarse_z, dtype=np.float32)), psi)
            w_fine = g.truncate(g.mapping(np.asarray(fine_z, dtype=np.float32)), psi)
            rows = []
            for i in range(len(w_coarse)):  # row i: coarse_z[i]'s code for every column, then fine_z's codes
                ws = [w_coarse[i:i + 1].broadcast_to(w_fine.shape)] * crossover + [w_fine] * (g.num_blocks - crossover)
                rows.append(self.to_pixels(g.synthesis(ws, "fixed").data))
            return np.stack(rows)


def stylegan(latent_dim=LATENT_DIM, w_dim=64, channels=(64, 32, 16), d_width=32, mixing=0.5, lr=1e-3, ema=0.999,
             seed=None, **tricks):
    """StyleGAN for 28x28 digits (see the module docstring): Adam(lr, betas=(0, 0.99)) for both networks, as in
    the StyleGAN papers, tanh images, a logit from the discriminator, and samples drawn from an exponential moving
    average of the generator's weights (decay ``ema``; None for the generator itself). ``tricks`` go to
    ``GAN.compile`` (augment, r1_gamma, label_smoothing, ...)."""
    if seed is not None:
        nn.init.seed(seed)
    generator = StyleGenerator(latent_dim, w_dim, channels, mixing=mixing, seed=seed)
    d = discriminator(d_width)
    gan = StyleGAN(generator, d, latent_dim, image_shape=(1, 28, 28), pixel_range=(-1, 1), from_logits=True,
                   seed=seed)
    gan.compile(d_optimizer=optim.Adam(d.parameters(), lr=lr, betas=(0.0, 0.99)),
                g_optimizer=optim.Adam(generator.parameters(), lr=lr, betas=(0.0, 0.99)), ema=ema, **tricks)
    return gan
