"""The GAN trainer: a generator and a discriminator, trained against each other.

The discriminator D(x) is a binary classifier: the probability that x is a real image. The generator G(z)
turns noise z ~ N(0, I) into an image. Each training step is the two-player game of the lecture:

    discriminator step:  L_D = BCE(D(x), 1) + BCE(D(G(z)), 0)
                         (gradient descent on D's weights only; G(z) is computed without a graph)
    generator step:      L_G = BCE(D(G(z)), 1) = -mean log D(G(z))
                         (gradient descent on G's weights only; the gradient flows back through D)

L_G is the "non-saturating" generator loss of Goodfellow et al. (2014). With D = sigmoid(s), s the
discriminator's score of a fake image, the saturating loss log(1 - D) has d/ds = -D, which vanishes early on,
when D easily rejects the samples (D ~ 0); -log D has d/ds = -(1 - D) ~ -1 there, so the generator learns.
With BCE(p, t) = -(t log p + (1 - t) log(1 - p)), at the game's equilibrium D outputs 1/2 everywhere, so
L_D = 2 log 2 = 1.386 and L_G = log 2 = 0.693.

``fit`` is Keras' own (minigrad.training): it calls ``train_step`` once per batch and runs the callbacks;
the per-epoch means of the step logs and the sample grids come from two callbacks of this module.

Use it the Keras way, or write the loop yourself:

    gan = GAN(generator, discriminator, latent_dim=100)
    gan.compile(d_optimizer="adam", g_optimizer="adam", label_smoothing=0.1)
    history = gan.fit(images, epochs=20, batch_size=64)          # history.history["d_loss"], ...

    for epoch in range(20):                                       # the same, by hand
        for real in DataLoader(images, batch_size=64, shuffle=True, drop_last=True):
            logs = gan.train_step(real)

Stabilizers: one-sided label smoothing (real targets 1 - s), label noise (each discriminator target flipped
with probability p), ``d_steps`` discriminator steps per generator step, gradient clipping. Against a
discriminator that memorises a small data set and wins: differentiable augmentation of everything it sees
(``augment``, see augment.py), annealed instance noise, the R1 gradient penalty, and, for the samples, an
exponential moving average (EMA) of the generator's weights. Two learning rates (TTUR) come from the two
optimizers; ``lr_decay`` lowers both to 0 over the end of training.
"""
import copy
import math
import time

import numpy as np

from .. import functional as F
from .. import optim
from ..autograd import grad
from ..data import DataLoader
from ..engine import Value, no_grad
from ..nn import BatchNorm1d, BatchNorm2d, Module
from ..training import Callback, History
from . import metrics
from .augment import DiffAugment


class GANHistory(History):
    """What ``GAN.fit`` returns: ``history[name]`` holds one value per epoch for ``d_loss``, ``g_loss``,
    ``d_real`` (mean D(x)), ``d_fake`` (mean D(G(z)) before the discriminator's step), ``d_grad_norm`` and
    ``g_grad_norm`` (the L2 norm of all of a network's gradients, before clipping), ``r1_penalty`` (with R1) and
    ``instance_noise`` (its sigma, while it is on), and ``samples`` maps an
    epoch (counted from 1) to images (n, H, W) in [0, 1] generated from the same fixed noise every time."""

    def __init__(self):
        super().__init__()
        self.samples = {}


class _EpochMeans(Callback):
    """Turns the epoch's logs into the means of its step logs (g_loss is logged only on generator steps, so
    each log is averaged over the steps that have it), plus ``seconds``, the epoch's duration."""

    def on_epoch_begin(self, epoch, logs=None):
        self.sums, self.counts, self.start = {}, {}, time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        for name, value in (logs or {}).items():
            self.sums[name] = self.sums.get(name, 0.0) + value
            self.counts[name] = self.counts.get(name, 0) + 1

    def on_epoch_end(self, epoch, logs=None):
        logs.clear()
        logs.update((name, self.sums[name] / self.counts[name]) for name in self.sums)
        logs["seconds"] = time.perf_counter() - self.start


class _SampleGrids(Callback):
    """Keeps the images generated from the fixed noise every ``every`` epochs, after the last and when
    training stops early, in ``model.history.samples`` (epoch counted from 1 -> images)."""

    def __init__(self, every):
        super().__init__()
        self.every = every

    def on_epoch_end(self, epoch, logs=None):
        gan = self.model
        if (epoch + 1) % self.every == 0 or epoch + 1 == self.params["epochs"] or gan.stop_training:
            gan.history.samples[epoch + 1] = gan.sample(z=gan.fixed_noise, labels=gan.fixed_labels)


class _Progress(Callback):
    """Sets ``model.progress``, the fraction of training done, before each batch: (epoch + batch / batches per
    epoch) / epochs. A callback later in the list may raise it (a time budget: the fraction of the time spent)."""

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        self.model.progress = (self.epoch + batch / self.params["steps"]) / self.params["epochs"]


class GAN(Module):
    """A generator and a discriminator trained against each other (see the module docstring).

    ``latent_dim``: the size of the noise vector z. ``num_classes``: set it for a conditional GAN, whose
    networks are called ``generator(z, labels)`` and ``discriminator(x, labels)``. ``image_shape``: the shape of
    one image as the networks see it ((28, 28) for MLPs, (1, 28, 28) for convolutions). ``pixel_range``: the
    generator's output range, (0, 1) after a sigmoid or (-1, 1) after a tanh; real images given in [0, 1] are
    mapped to it, and samples are mapped back. ``from_logits``: the discriminator returns a score z, not a
    probability; the losses then use the stable BCE-with-logits and D(x) = sigmoid(z). ``seed`` fixes the
    noise, the label flips and the shuffling, and the fixed noise behind the sample grids.
    """

    history_class = GANHistory

    def __init__(self, generator, discriminator, latent_dim, num_classes=None, image_shape=(28, 28),
                 pixel_range=(0.0, 1.0), from_logits=False, seed=None, grid_size=100):
        super().__init__()
        for name, net in (("generator", generator), ("discriminator", discriminator)):
            if not isinstance(net, Module):
                raise TypeError(f"GAN: the {name} must be an nn.Module (e.g. an nn.Sequential), got "
                                f"{type(net).__name__}")
        low, high = (float(v) for v in pixel_range)
        if not high > low:
            raise ValueError(f"GAN: pixel_range must be (low, high) with high > low, such as (0, 1) for a sigmoid "
                             f"generator or (-1, 1) for tanh, got {pixel_range!r}")
        self.generator, self.discriminator = generator, discriminator
        self.latent_dim, self.num_classes = int(latent_dim), num_classes
        self.image_shape, self.pixel_range, self.from_logits = tuple(image_shape), (low, high), bool(from_logits)
        self.rng = np.random.default_rng(seed)
        self.fixed_noise = self.noise(grid_size)
        self.fixed_labels = None if num_classes is None else np.arange(grid_size) % num_classes
        self.d_optimizer = self.g_optimizer = self.generator_ema = None
        self.d_updates = self.g_updates = 0
        self.progress = 0.0

    # -- the two networks --
    def noise(self, n):
        """n latent vectors z ~ N(0, I), float32 (n, latent_dim)."""
        return self.rng.standard_normal((n, self.latent_dim)).astype(np.float32)

    def random_labels(self, n):
        """n class labels drawn uniformly (for a conditional GAN), else None."""
        return None if self.num_classes is None else self.rng.integers(0, self.num_classes, n)

    def generate(self, z, labels=None):
        """G(z) (or G(z, labels)): the generator's images as a Value, in ``pixel_range``."""
        return self.generator(z) if self.num_classes is None else self.generator(z, self._labels(labels, len(z)))

    def discriminate(self, x, labels=None):
        """D(x) (or D(x, labels)): the discriminator's output as a Value, a probability or a logit."""
        return self.discriminator(x) if self.num_classes is None else self.discriminator(x, self._labels(labels, len(x)))

    def forward(self, z, labels=None):
        """The combined model of the lecture: D(G(z))."""
        return self.discriminate(self.generate(z, labels), labels)

    def _labels(self, labels, n):
        if labels is None:
            raise ValueError(f"GAN: this GAN is conditional (num_classes={self.num_classes}); pass one label per "
                             f"sample ({n} labels)")
        labels = np.asarray(labels)
        if labels.shape != (n,) or labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= self.num_classes:
            raise ValueError(f"GAN: labels must be {n} integers in [0, {self.num_classes}), got shape "
                             f"{labels.shape}, dtype {labels.dtype}")
        return labels

    def to_pixels(self, images):
        """Generator outputs in ``pixel_range`` -> images in [0, 1], for pictures and metrics; one grey channel
        (n, 1, H, W) becomes (n, H, W)."""
        low, high = self.pixel_range
        images = (np.asarray(images, dtype=np.float32) - low) / (high - low)
        if images.ndim == 4 and images.shape[1] == 1:
            images = images[:, 0]
        return np.clip(images, 0.0, 1.0)

    def from_pixels(self, images):
        """Images in [0, 1] (or uint8 in 0..255) -> the generator's ``pixel_range`` and ``image_shape``."""
        images = np.asarray(images)
        images = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images.astype(np.float32)
        low, high = self.pixel_range
        try:
            return (images * (high - low) + low).reshape((len(images),) + self.image_shape)
        except ValueError:
            raise ValueError(f"GAN: images of shape {images.shape} do not fit image_shape {self.image_shape} "
                             "(one image per row of the first axis)") from None

    def sample(self, n=None, z=None, labels=None):
        """Images (n, H, W) in [0, 1] from noise ``z`` (default: ``n`` fresh vectors), in eval mode; from the
        EMA generator when ``compile(ema=...)`` keeps one."""
        z = self.noise(n) if z is None else np.asarray(z, dtype=np.float32)
        if self.num_classes is not None and labels is None:
            labels = np.arange(len(z)) % self.num_classes
        generator = self.generator if self.generator_ema is None else self.generator_ema
        with self._mode(False), no_grad():
            images = generator(z) if self.num_classes is None else generator(z, self._labels(labels, len(z)))
            return self.to_pixels(images.data)

    # -- compile and train --
    def compile(self, d_optimizer="adam", g_optimizer="adam", label_smoothing=0.0, label_noise=0.0, d_steps=1,
                clip_norm=None, augment=None, instance_noise=0.0, noise_steps=2000, r1_gamma=0.0, r1_every=4,
                ema=None, lr_decay=0.0):
        """Choose the two optimizers and the stabilizers.

        ``d_optimizer``/``g_optimizer``: an optim.Optimizer built on that network's parameters, or a Keras name
        ("adam", ...); two learning rates, the discriminator's the larger, are TTUR (Heusel et al. 2017).
        ``label_smoothing`` s: the discriminator's real targets are 1 - s (one-sided, Salimans et al. 2016).
        ``label_noise`` p: each discriminator target is flipped with probability p. ``d_steps`` k: the generator
        steps once per k discriminator steps. ``clip_norm``: rescale each network's gradients to at most this
        total L2 norm.

        ``augment``: a DiffAugment (or True for DiffAugment's defaults) applied to every image the discriminator
        sees, real or generated, in both steps (Zhao et al. 2020). ``instance_noise`` sigma: Gaussian noise of
        standard deviation sigma * max(0, 1 - t / noise_steps) added to those images at discriminator step t
        (Sonderby et al. 2017): the real and generated distributions overlap, so D cannot separate them perfectly.
        ``r1_gamma``: the R1 penalty (gamma / 2) E|grad_x D(x)|^2 on real images x (Mescheder et al. 2018),
        added every ``r1_every`` discriminator steps (scaled by r1_every: "lazy" R1, Karras et al. 2020); it
        flattens D around the real data. ``ema`` beta: keep ``generator_ema``, whose weights follow
        w_ema <- beta w_ema + (1 - beta) w after every generator step (beta is min(beta, (1 + t) / (10 + t))
        at step t, so that the average forgets the random start), and sample from it (Yazici et al. 2019);
        ``fit`` ends by giving it batch-norm statistics of its own (``recalibrate_ema``).

        ``lr_decay`` f: over the last fraction f of training both learning rates fall linearly to 0,
        lr = lr_0 * min(1, (1 - progress) / f), so that the two networks settle instead of jittering around the
        balance at the end. ``progress`` is the fraction of ``fit``'s epochs done, or more if a callback raises
        it (a time budget sets the fraction of its time spent); set ``gan.progress`` yourself in a hand-written
        loop.
        """
        if not 0.0 <= label_smoothing < 0.5:
            raise ValueError(f"GAN.compile: label_smoothing is subtracted from the real targets (1 - s) and must "
                             f"lie in [0, 0.5), got {label_smoothing!r}; 0.1 is common")
        if not 0.0 <= label_noise < 0.5:
            raise ValueError(f"GAN.compile: label_noise is the probability of flipping a discriminator target and "
                             f"must lie in [0, 0.5), got {label_noise!r}; 0.05 is common")
        if isinstance(d_steps, bool) or not isinstance(d_steps, int) or d_steps < 1:
            raise ValueError(f"GAN.compile: d_steps (discriminator steps per generator step) must be an integer "
                             f">= 1, got {d_steps!r}")
        if clip_norm is not None and not clip_norm > 0:
            raise ValueError(f"GAN.compile: clip_norm must be a positive number or None, got {clip_norm!r}")
        if not (instance_noise >= 0 and noise_steps > 0 and r1_gamma >= 0 and r1_every >= 1):
            raise ValueError(f"GAN.compile: instance_noise and r1_gamma must be >= 0, noise_steps > 0 and r1_every "
                             f">= 1, got {instance_noise!r}, {r1_gamma!r}, {noise_steps!r}, {r1_every!r}")
        if ema is not None and not 0.0 < ema < 1.0:
            raise ValueError(f"GAN.compile: ema is the EMA decay beta in (0, 1), such as 0.999, or None, got {ema!r}")
        if not 0.0 <= lr_decay <= 1.0:
            raise ValueError(f"GAN.compile: lr_decay is the fraction of training over which the learning rates "
                             f"fall to 0 and must lie in [0, 1], got {lr_decay!r}; 0.5 decays over the second half")
        if augment is True:
            augment = DiffAugment(fill=self.pixel_range[0], seed=self.rng.integers(2 ** 32))
        if augment not in (None, False) and not callable(augment):
            raise TypeError(f"GAN.compile: augment must be a DiffAugment, True or None, got {type(augment).__name__}")
        super().compile()  # Keras' compile without a loss: train_step computes the two losses itself
        self.d_optimizer = self._optimizer(d_optimizer, self.discriminator, "d_optimizer")
        self.g_optimizer = self._optimizer(g_optimizer, self.generator, "g_optimizer")
        self.label_smoothing, self.label_noise, self.d_steps = float(label_smoothing), float(label_noise), d_steps
        self.clip_norm = math.inf if clip_norm is None else float(clip_norm)
        self.augment = augment or None
        self.instance_noise, self.noise_steps = float(instance_noise), int(noise_steps)
        self.r1_gamma, self.r1_every, self.ema = float(r1_gamma), int(r1_every), ema
        self.generator_ema = None if ema is None else copy.deepcopy(self.generator)
        self.lr_decay, self.base_lrs = float(lr_decay), (self.d_optimizer.lr, self.g_optimizer.lr)
        self.d_updates = self.g_updates = 0
        self.progress = 0.0

    @staticmethod
    def _optimizer(choice, network, name):
        if isinstance(choice, optim.Optimizer):
            own = {id(p) for p in network.parameters()}
            if not all(id(p) in own for p in choice.params):
                owner = "discriminator" if name == "d_optimizer" else "generator"
                raise ValueError(f"GAN.compile: {name} updates parameters that do not belong to the {owner}; "
                                 f"build it on gan.{owner}.parameters()")
            return choice
        if not isinstance(choice, str):
            raise TypeError(f"GAN.compile: {name} must be an optim.Optimizer or a name such as 'adam', got "
                            f"{type(choice).__name__}")
        return optim.get(choice, network.parameters())

    def _bce(self, output, target):
        """The mean BCE of the discriminator's output (probability or logit) against the targets."""
        target = np.full(output.shape, target, dtype=output.dtype) if np.ndim(target) == 0 else \
            np.asarray(target, dtype=output.dtype).reshape(output.shape)
        if self.from_logits:
            return F.binary_cross_entropy_with_logits(output, target)
        return F.binary_cross_entropy(output, target)

    def _probability(self, output):
        data = np.asarray(output.data, dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-data)) if self.from_logits else data

    def discriminator_targets(self, n):
        """(real targets, fake targets) for the discriminator: 1 - smoothing and 0, each flipped with
        probability label_noise."""
        real = np.full((n, 1), 1.0 - self.label_smoothing)
        fake = np.zeros((n, 1))
        if self.label_noise:
            flip_real, flip_fake = self.rng.random((n, 1)) < self.label_noise, self.rng.random((n, 1)) < self.label_noise
            real, fake = np.where(flip_real, 0.0, real), np.where(flip_fake, 1.0 - self.label_smoothing, fake)
        return real, fake

    def lr_factor(self):
        """The learning rates' share of their compiled values now: min(1, (1 - progress) / lr_decay), or 1
        without ``lr_decay``."""
        if not self.lr_decay:
            return 1.0
        return min(1.0, max(0.0, 1.0 - self.progress) / self.lr_decay)

    def noise_sigma(self):
        """The instance noise's standard deviation now: sigma * max(0, 1 - t / noise_steps) at step t."""
        return self.instance_noise * max(0.0, 1.0 - self.d_updates / self.noise_steps)

    def discriminator_view(self, x):
        """What the discriminator sees of images ``x`` in training: augmented (when ``augment`` is set), then
        with instance noise added (while its sigma is above 0). Both are differentiable in x."""
        if self.augment is not None:
            x = self.augment(x)
        sigma = self.noise_sigma()
        if sigma > 0:
            x = x + (sigma * self.rng.standard_normal(x.shape)).astype(np.float32)
        return x

    def r1_penalty(self, x, labels=None):
        """(gamma / 2) * mean over the batch of |d D(view(x)) / d x|^2, with the gradient kept in the graph
        (create_graph=True) so that the discriminator's step can differentiate the penalty itself."""
        x = Value(x, requires_grad=True)
        out = self.discriminate(self.discriminator_view(x), labels)
        (slope,) = grad(out.sum(), x, create_graph=True)
        return (slope * slope).sum() * (self.r1_gamma / 2 / len(x.data))

    def update_ema(self):
        """w_ema <- beta_t w_ema + (1 - beta_t) w for every generator weight, beta_t = min(beta, (1 + t) / (10 + t))
        after generator step t; the buffers (batch norm's running statistics) are copied."""
        beta = min(self.ema, (1 + self.g_updates) / (10 + self.g_updates))
        for average, weight in zip(self.generator_ema.parameters(), self.generator.parameters()):
            average.data = beta * average.data + (1 - beta) * weight.data
        modules = dict(self.generator_ema.named_modules())
        for name, array in self.generator.named_buffers():
            owner, _, attribute = name.rpartition(".")
            setattr(modules[owner], attribute, array.copy())

    def recalibrate_ema(self, n=1000):
        """Re-estimate the EMA generator's batch-norm statistics from its own outputs: one forward pass of ``n``
        fresh noise vectors in training mode, with each batch norm's momentum set to 1, so that its running mean
        and variance become that batch's. ``update_ema`` copies the live generator's statistics, which belong to
        the live weights, not to their average; sampling then normalises with the wrong statistics. ``fit`` calls
        this when it ends (a no-op without an EMA or without batch norm)."""
        norms = [m for m in self.generator_ema.modules() if isinstance(m, (BatchNorm1d, BatchNorm2d))]
        if not norms:
            return
        momenta = [m.momentum for m in norms]
        for m in norms:
            m.momentum = 1.0
        try:
            with self._mode(True), no_grad():
                z = self.noise(n)
                self.generator_ema(z) if self.num_classes is None else self.generator_ema(z, self.random_labels(n))
        finally:
            for m, momentum in zip(norms, momenta):
                m.momentum = momentum

    def train_step(self, real, labels=None):
        """One discriminator step on this batch of real images (in [0, 1] or uint8), and one generator step
        every ``d_steps`` calls. Returns the batch's logs: d_loss, d_real, d_fake, d_grad_norm, and g_loss,
        g_grad_norm when the generator stepped. ``fit`` calls it with one batch, ``real`` or ``(real, labels)``,
        as Keras calls ``train_step(data)``."""
        if labels is None and isinstance(real, tuple):
            real, labels = real
        if self.d_optimizer is None:
            raise RuntimeError("GAN.train_step: call gan.compile(d_optimizer=..., g_optimizer=...) first")
        x = self.from_pixels(real)
        n = len(x)
        if self.lr_decay:
            factor = self.lr_factor()
            self.d_optimizer.lr, self.g_optimizer.lr = (lr * factor for lr in self.base_lrs)
        with self._mode(True):
            logs = self._discriminator_step(x, labels, n)
            if self.d_updates % self.d_steps == 0:
                logs.update(self._generator_step(n))
        return logs

    def _discriminator_step(self, x, labels, n):
        fake_labels = self.random_labels(n)
        with no_grad():
            fake = self.generate(self.noise(n), fake_labels).data
        real_target, fake_target = self.discriminator_targets(n)
        logs = {"instance_noise": self.noise_sigma()} if self.instance_noise else {}
        out_real = self.discriminate(self.discriminator_view(x), labels)
        out_fake = self.discriminate(self.discriminator_view(fake), fake_labels)
        d_loss = self._bce(out_real, real_target) + self._bce(out_fake, fake_target)
        logs["d_loss"] = d_loss.item()  # the game's loss; the penalty is logged on its own
        if self.r1_gamma and self.d_updates % self.r1_every == 0:
            penalty = self.r1_penalty(x, labels)
            d_loss = d_loss + penalty * self.r1_every
            logs["r1_penalty"] = penalty.item()
        self.d_optimizer.zero_grad()
        d_loss.backward()
        norm = optim.clip_grad_norm_(self.d_optimizer.params, self.clip_norm)
        self.d_optimizer.step()
        self.d_updates += 1
        return {**logs, "d_real": float(self._probability(out_real).mean()),
                "d_fake": float(self._probability(out_fake).mean()), "d_grad_norm": norm}

    def _generator_step(self, n):
        frozen = [p for p in self.discriminator.parameters() if p.requires_grad]
        for p in frozen:  # the gradient flows through D to G, but D's own weight gradients are not needed
            p.requires_grad = False
        try:
            labels = self.random_labels(n)
            out = self.discriminate(self.discriminator_view(self.generate(self.noise(n), labels)), labels)
            g_loss = self._bce(out, 1.0)
            self.g_optimizer.zero_grad()
            g_loss.backward()
        finally:
            for p in frozen:
                p.requires_grad = True
        norm = optim.clip_grad_norm_(self.g_optimizer.params, self.clip_norm)
        self.g_optimizer.step()
        if self.generator_ema is not None:
            self.update_ema()
        self.g_updates += 1
        return {"g_loss": g_loss.item(), "g_grad_norm": norm}

    def fit(self, x, y=None, epochs=1, batch_size=64, sample_every=1, callbacks=None, verbose=1, seed=None):
        """Train for ``epochs`` passes over the real images ``x`` (n, H, W) in [0, 1] or uint8 (and their labels
        ``y`` for a conditional GAN). Returns a GANHistory: per-epoch means of the step logs, and the fixed-noise
        sample grid every ``sample_every`` epochs (and after the last). The batches are shuffled with ``seed``;
        the last incomplete batch is dropped so that every batch has ``batch_size`` images."""
        if self.num_classes is not None and y is None:
            raise ValueError(f"GAN.fit: this GAN is conditional (num_classes={self.num_classes}); pass the labels y")
        if len(x) < batch_size:
            raise ValueError(f"GAN.fit: {len(x)} images make no full batch of batch_size={batch_size}; lower "
                             "batch_size or pass more images")
        if isinstance(sample_every, bool) or not isinstance(sample_every, int) or sample_every < 1:
            raise ValueError(f"GAN.fit: sample_every must be an integer >= 1 (epochs between sample grids), got "
                             f"{sample_every!r}")
        loader = DataLoader(x, y if self.num_classes is not None else None, batch_size, shuffle=True, seed=seed,
                            drop_last=True)
        # the means first, so the callbacks see them; the grids after the callbacks, which may stop training
        hooks = [_EpochMeans(), _Progress(), *(callbacks or []), _SampleGrids(sample_every)]
        history = super().fit(loader, epochs=epochs, verbose=verbose, callbacks=hooks)
        if self.generator_ema is not None:
            self.recalibrate_ema()
        return history


class CollapseAlarm(Callback):
    """Watch for mode collapse while a GAN trains: every ``every`` epochs, classify ``n`` fresh samples with
    the reference classifier and warn (a metrics.CollapseWarning) when their class histogram narrows (see
    ``metrics.collapse_alarm``). The epoch's logs gain ``coverage`` and ``effective_classes``;
    ``alarms`` lists (epoch, message) for each warning."""

    def __init__(self, classifier, every=1, n=500, seed=0, **options):
        super().__init__()
        self.classifier, self.every, self.n, self.options = classifier, every, n, options
        self.rng = np.random.default_rng(seed)  # its own noise: watching does not change the training run
        self.best, self.alarms = None, []

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        z = self.rng.standard_normal((self.n, self.model.latent_dim)).astype(np.float32)
        probs, _ = self.classifier.probabilities_and_features(self.model.sample(z=z))
        counts = metrics.class_histogram(probs)
        message = metrics.warn_if_collapsed(counts, self.best, **self.options)
        if message:
            self.alarms.append((epoch + 1, message))
        effective = metrics.effective_classes(counts)
        self.best = effective if self.best is None else max(self.best, effective)
        if logs is not None:
            logs.update(coverage=metrics.mode_coverage(counts), effective_classes=effective)
