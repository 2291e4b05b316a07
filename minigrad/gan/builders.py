"""Ready-made GANs for 28x28 digits: the lecture's vanilla GAN (and an improved one), DCGAN, and a conditional GAN.

Each builder returns a compiled ``GAN`` whose ``generator`` and ``discriminator`` are ordinary modules:

    gan = vanilla()                    # the lecture's networks, Keras defaults (Adam, lr 1e-3)
    gan = vanilla(improved=True)       # bigger layers, LeakyReLU, batch norm, dropout, tanh; Adam(2e-4, 0.5)
    gan = dcgan()                      # Radford et al. (2016): strided convolutions and batch norm
    gan = cgan()                       # conditional: gan.sample(labels=[3, 3, 7]) draws those digits
    history = gan.fit(images, epochs=10)

``seed`` makes the weights (and the GAN's noise) repeatable.
"""
import numpy as np

from .. import nn, optim
from ..engine import concatenate
from .stylegan import MinibatchStd, stylegan  # noqa: F401  (StyleGAN lives in its own module; re-exported here)
from .trainer import GAN

LATENT_DIM = 100
IMAGE_PIXELS = 28 * 28


# ---- vanilla: the lecture's MLP GAN ---------------------------------------------------------------------

def vanilla_generator(latent_dim=LATENT_DIM):
    """The lecture's generator: Dense(128, relu) -> Dense(784, sigmoid) -> Reshape((28, 28))."""
    return nn.Sequential([
        nn.Dense(128, activation="relu", input_dim=latent_dim),
        nn.Dense(784, activation="sigmoid"),
        nn.Reshape((28, 28)),
    ])


def vanilla_discriminator():
    """The lecture's discriminator: Flatten -> Dense(128, relu) -> Dense(1, sigmoid)."""
    return nn.Sequential([
        nn.Flatten(input_shape=(28, 28)),
        nn.Dense(128, activation="relu"),
        nn.Dense(1, activation="sigmoid"),
    ])


def improved_generator(latent_dim=LATENT_DIM, hidden=(256, 512, 1024), extra_inputs=0):
    """A stronger MLP generator: hidden layers of Linear -> BatchNorm -> LeakyReLU(0.2), then 784 tanh outputs
    (pixels in [-1, 1]). Batch norm keeps each layer's inputs standardized, which speeds up training a lot here."""
    sizes = (latent_dim + extra_inputs,) + tuple(hidden)
    layers = []
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.BatchNorm1d(b, momentum=0.2), nn.LeakyReLU(0.2)]
    return nn.Sequential(layers + [nn.Linear(sizes[-1], IMAGE_PIXELS, activation="tanh"), nn.Reshape((28, 28))])


def improved_discriminator(hidden=(512, 256), dropout=0.3, extra_inputs=0):
    """A stronger MLP discriminator: LeakyReLU(0.2) and dropout after each hidden layer; one logit out."""
    layers = [] if extra_inputs else [nn.Flatten()]
    sizes = (IMAGE_PIXELS + extra_inputs,) + tuple(hidden)
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b, activation="leaky_relu", negative_slope=0.2), nn.Dropout(dropout)]
    return nn.Sequential(layers + [nn.Linear(sizes[-1], 1)])


def vanilla(latent_dim=LATENT_DIM, improved=False, seed=None):
    """The lecture's vanilla GAN, compiled with Adam at Keras' default rate; ``improved=True`` swaps in the
    stronger MLPs (logit output, tanh images) with Adam(2e-4, beta1=0.5) and label smoothing 0.1."""
    if seed is not None:
        nn.init.seed(seed)
    if not improved:
        gan = GAN(vanilla_generator(latent_dim), vanilla_discriminator(), latent_dim, seed=seed)
        gan.compile(d_optimizer="adam", g_optimizer="adam")
        return gan
    gan = GAN(improved_generator(latent_dim), improved_discriminator(), latent_dim, pixel_range=(-1, 1),
              from_logits=True, seed=seed)
    gan.compile(d_optimizer=_adam(gan.discriminator), g_optimizer=_adam(gan.generator), label_smoothing=0.1)
    return gan


def _adam(network, lr=2e-4, betas=(0.5, 0.999)):
    """Adam(lr, betas): by default the DCGAN paper's (0.5, 0.999), a shorter momentum memory than the usual 0.9."""
    return optim.Adam(network.parameters(), lr=lr, betas=betas)


# ---- DCGAN: Radford, Metz and Chintala (2016) -------------------------------------------------------------

def dcgan_generator(latent_dim=LATENT_DIM, width=32):
    """z -> 7x7 maps of 2*width channels -> 14x14 (width) -> 28x28 (1 channel), by strided transposed
    convolutions, with batch norm and ReLU in between and tanh at the output (no pooling, no dense hidden layers
    besides projecting z)."""
    return nn.Sequential(
        nn.Linear(latent_dim, 2 * width * 7 * 7, bias=False),
        nn.BatchNorm1d(2 * width * 7 * 7),
        nn.ReLU(),
        nn.Reshape((2 * width, 7, 7)),
        nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(width),
        nn.ReLU(),
        nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1),
        nn.Tanh(),
    )


def dcgan_discriminator(width=32, minibatch_std=False):
    """28x28 -> 14x14 (width channels) -> 7x7 (2*width) by strided convolutions (no pooling), LeakyReLU(0.2),
    batch norm on the inner layer (not on the input layer), then one logit.

    ``minibatch_std``: append, to the 14x14 maps, one channel holding the batch's mean standard deviation
    (stylegan.MinibatchStd, Karras et al. 2018), so that the discriminator sees how varied a batch is and can
    catch a generator that draws the same few shapes."""
    extra = [MinibatchStd()] if minibatch_std else []
    return nn.Sequential(
        nn.Conv2d(1, width, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        *extra,
        nn.Conv2d(width + len(extra), 2 * width, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(2 * width),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(2 * width * 7 * 7, 1),
    )


# DCGAN on the 5,000-digit sample, measured by benchmarks.gan_quality: a generator twice as wide as its
# discriminator, Adam at 1e-3 for both (five times the paper's rate: the game is short) with betas (0, 0.99), as
# in the StyleGAN papers, the R1 penalty (gamma 1, every 4th discriminator step) so that the discriminator stays
# near the balance instead of memorising the digits, samples from the EMA of the generator's weights. Full run
# (900 s of CPU): IS 7.57, FID 13.4 with betas (0, 0.99); 7.47, FID 15.5 with the paper's (0.5, 0.999); 7.36,
# FID 18.7 with (0, 0.99) plus minibatch_std=True and lr_decay=0.5. In 300 s: 7.16 against 6.81 for (0.5, 0.999).
# Earlier, against 2e-3 without R1: IS 6.32 -> 6.73 at 1,716-1,872 steps; gamma 0.1 and 10 gave 6.40 and 6.54.
SMALL_DATA = {"width": 64, "d_width": 32, "d_lr": 1e-3, "g_lr": 1e-3, "betas": (0.0, 0.99), "ema": 0.999,
              "r1_gamma": 1.0}


def dcgan_init(network, rng=None):
    """The DCGAN paper's initialization: every weight ~ N(0, 0.02); batch norm scales ~ N(1, 0.02), shifts 0."""
    for module in network.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(module.weight, 0.0, 0.02, rng)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(module.weight, 1.0, 0.02, rng)
            nn.init.zeros_(module.bias)
    return network


def dcgan(latent_dim=LATENT_DIM, width=32, seed=None, d_lr=2e-4, g_lr=2e-4, d_width=None, betas=(0.5, 0.999),
          minibatch_std=False, **tricks):
    """DCGAN for 28x28 digits: Adam(lr, betas) for both networks (the paper's beta1 = 0.5 by default),
    N(0, 0.02) weights, tanh images.

    ``width`` is the channel count of the generator's 14x14 layer (twice that at 7x7) and, unless ``d_width``
    is given, of the discriminator's. ``d_lr``/``g_lr``: the two learning rates (TTUR when they differ).
    ``minibatch_std``: the discriminator gets the minibatch standard-deviation channel (see
    ``dcgan_discriminator``). ``tricks`` go to ``GAN.compile`` (augment, instance_noise, r1_gamma, ema,
    label_smoothing, ...). ``dcgan(**SMALL_DATA)`` is the recipe that the quality benchmark runs."""
    if seed is not None:
        nn.init.seed(seed)
    generator = dcgan_init(dcgan_generator(latent_dim, width))
    discriminator = dcgan_init(dcgan_discriminator(width if d_width is None else d_width, minibatch_std))
    gan = GAN(generator, discriminator, latent_dim, image_shape=(1, 28, 28), pixel_range=(-1, 1),
              from_logits=True, seed=seed)
    gan.compile(d_optimizer=_adam(discriminator, d_lr, betas), g_optimizer=_adam(generator, g_lr, betas), **tricks)
    return gan


# ---- cGAN: Mirza and Osindero (2014) ------------------------------------------------------------------------

class LabelEncoder(nn.Module):
    """A class label as a vector: one-hot (fixed, ``num_classes`` entries) or a learned embedding."""

    def __init__(self, num_classes, encoding="onehot", embedding_dim=10):
        super().__init__()
        if encoding not in ("onehot", "embedding"):
            raise ValueError(f"LabelEncoder: encoding must be 'onehot' or 'embedding', got {encoding!r}")
        self.num_classes, self.encoding = int(num_classes), encoding
        self.embedding = nn.Embedding(num_classes, embedding_dim) if encoding == "embedding" else None
        self.size = embedding_dim if encoding == "embedding" else self.num_classes

    def forward(self, labels):
        labels = np.asarray(labels)
        if self.embedding is not None:
            return self.embedding(labels)
        return np.eye(self.num_classes, dtype=np.float32)[labels]


class ConditionalGenerator(nn.Module):
    """G(z, y) = body([z, encode(y)]): the label is joined to the noise."""

    def __init__(self, body, label_encoder):
        super().__init__()
        self.body, self.label_encoder = body, label_encoder

    def forward(self, z, labels):
        return self.body(concatenate([z, self.label_encoder(labels)], axis=1))


class ConditionalDiscriminator(nn.Module):
    """D(x, y) = body([flatten(x), encode(y)]): the label is joined to the image's pixels."""

    def __init__(self, body, label_encoder):
        super().__init__()
        self.flatten, self.body, self.label_encoder = nn.Flatten(), body, label_encoder

    def forward(self, x, labels):
        return self.body(concatenate([self.flatten(x), self.label_encoder(labels)], axis=1))


def cgan(latent_dim=LATENT_DIM, num_classes=10, encoding="onehot", seed=None):
    """A conditional GAN from the improved MLPs: the label (one-hot, or a learned 10-d embedding) is joined to
    the generator's noise and to the discriminator's pixels. Adam(2e-4, beta1=0.5), label smoothing 0.1."""
    if seed is not None:
        nn.init.seed(seed)
    g_labels, d_labels = LabelEncoder(num_classes, encoding), LabelEncoder(num_classes, encoding)
    generator = ConditionalGenerator(improved_generator(latent_dim, extra_inputs=g_labels.size), g_labels)
    discriminator = ConditionalDiscriminator(improved_discriminator(extra_inputs=d_labels.size), d_labels)
    gan = GAN(generator, discriminator, latent_dim, num_classes=num_classes, pixel_range=(-1, 1),
              from_logits=True, seed=seed)
    gan.compile(d_optimizer=_adam(discriminator), g_optimizer=_adam(generator), label_smoothing=0.1)
    return gan

