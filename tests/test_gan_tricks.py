"""The GAN trainer's defences against a dominating discriminator, and the kernel distance (KID).

Each trick is checked against what it claims: DiffAugment moves and erases pixels as stated and gradchecks;
instance noise has the annealed standard deviation; the R1 penalty and its gradient equal PyTorch's; the EMA
generator follows its formula and is the one sampled; spectral normalisation equals torch.nn.utils.spectral_norm;
KID equals a direct double sum. The last test runs ``benchmarks.gan_quality --quick`` and checks its sample files.
"""
import numpy as np
import pytest

import minigrad
from minigrad import Value, nn
from minigrad.gan import GAN, builders, metrics
from minigrad.gan.augment import DiffAugment, cutout, cutout_masks, shift_matrices, translate
from minigrad.gan.reference import reference_classifier
from minigrad.training import Callback

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    """A quickly trained reference classifier (as in test_gan.py), cached in a temporary folder."""
    return reference_classifier(cache_dir=tmp_path_factory.mktemp("cache"), epochs=3, n_train=600)


def small_gan(seed=0, **compile_options):
    """A GAN on 6x6 images with a convolutional discriminator that returns logits."""
    nn.init.seed(seed)
    generator = nn.Sequential(nn.Linear(3, 36, activation="tanh"), nn.Reshape((1, 6, 6)))
    discriminator = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(72, 1))
    gan = GAN(generator, discriminator, 3, image_shape=(1, 6, 6), pixel_range=(-1, 1), from_logits=True, seed=seed,
              grid_size=4)
    gan.compile(**compile_options)
    return gan


def images(n=8, side=6, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, (n, side, side)).astype(np.float32)


# ---- DiffAugment ----------------------------------------------------------------------------------------------

def test_translation_moves_pixels_and_fills_with_the_background(backend):
    x = np.random.default_rng(0).uniform(0, 1, (3, 1, 5, 5)).astype(np.float32)
    out = translate(Value(x), np.array([1, -2, 0]), np.array([0, 1, -1]), fill=-1.0).data
    expected = np.full_like(x, -1.0)
    expected[0, :, 1:, :] = x[0, :, :-1, :]          # one row down
    expected[1, :, :-2, 1:] = x[1, :, 2:, :-1]       # two rows up, one column right
    expected[2, :, :, :-1] = x[2, :, :, 1:]          # one column left
    np.testing.assert_allclose(out, expected, atol=1e-6)
    assert np.array_equal(shift_matrices([0], 4)[0], np.eye(4))


def test_cutout_erases_one_square_per_image():
    masks = cutout_masks(50, 10, 10, 4, np.random.default_rng(0))
    assert masks.shape == (50, 1, 10, 10)
    for mask in masks[:, 0]:
        rows, cols = np.nonzero(mask == 0)
        assert 0 < len(rows) <= 16 and len(rows) == (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
    x = Value(np.ones((50, 1, 10, 10), np.float32))
    np.testing.assert_array_equal(cutout(x, masks, fill=-1.0).data, np.where(masks == 1, 1.0, -1.0))


def test_augmentation_is_differentiable(backend):
    rng = np.random.default_rng(1)
    shifts_y, shifts_x, masks = rng.integers(-2, 3, 2), rng.integers(-2, 3, 2), cutout_masks(2, 5, 5, 2, rng)
    x = Value(rng.normal(size=(2, 1, 5, 5)))
    minigrad.gradcheck(lambda v: cutout(translate(v, shifts_y, shifts_x, fill=-1.0), masks, fill=-1.0), x)
    augment = DiffAugment(max_shift=2, cutout_size=3, fill=-1.0, seed=0)
    y = Value(rng.normal(size=(4, 5, 5)).astype(np.float32))
    out = augment(y)
    assert out.shape == (4, 5, 5)
    out.sum().backward()  # each output pixel is one input pixel or the fill: the gradient is 0 or 1
    assert set(np.unique(y.grad)) <= {0.0, 1.0} and 0 < y.grad.sum() < y.size
    with pytest.raises(ValueError, match="DiffAugment: max_shift and cutout_size must be >= 0"):
        DiffAugment(max_shift=-1)


def test_the_discriminator_sees_augmented_real_and_fake_images():
    seen = []
    augment = DiffAugment(max_shift=1, cutout_size=2, fill=-1.0, seed=0)

    def spy(x):
        seen.append(x)
        return augment(x)

    gan = small_gan(augment=spy)
    gan.train_step(images())
    assert len(seen) == 3  # real and fake in the discriminator's step, fake in the generator's
    assert seen[2].requires_grad  # the generator's step differentiates through the augmentation
    gan.compile(augment=True)
    assert isinstance(gan.augment, DiffAugment) and gan.augment.fill == -1.0  # the generator's background


# ---- instance noise -----------------------------------------------------------------------------------------

def test_instance_noise_is_annealed_to_zero():
    gan = small_gan(instance_noise=0.5, noise_steps=4)
    sigmas = []
    for _ in range(5):
        sigmas.append(gan.noise_sigma())
        logs = gan.train_step(images())
        assert logs["instance_noise"] == sigmas[-1]
    assert sigmas == [0.5, 0.375, 0.25, 0.125, 0.0]
    clean = np.zeros((2000, 1, 6, 6), np.float32)
    gan = small_gan(instance_noise=0.3)
    assert np.std(gan.discriminator_view(clean)) == pytest.approx(0.3, rel=0.02)


# ---- R1 -----------------------------------------------------------------------------------------------------

def torch_discriminator(discriminator):
    conv, linear = discriminator[0], discriminator[3]
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3, padding=1), torch.nn.LeakyReLU(0.2), torch.nn.Flatten(),
                              torch.nn.Linear(72, 1)).double()
    with torch.no_grad():
        for mine, theirs in ((conv, net[0]), (linear, net[3])):
            theirs.weight.copy_(torch.tensor(mine.weight.data))
            theirs.bias.copy_(torch.tensor(mine.bias.data))
    return net


def test_r1_penalty_and_its_gradient_equal_pytorch():
    gan = small_gan(r1_gamma=10.0)
    x = gan.from_pixels(images(4))
    penalty = gan.r1_penalty(x)
    params = gan.discriminator.parameters()
    grads = minigrad.grad(penalty, params)

    net = torch_discriminator(gan.discriminator)
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(net(tx).sum(), tx, create_graph=True)
    expected = 10.0 / 2 * slope.pow(2).sum() / len(x)
    weights = [net[0].weight, net[0].bias, net[3].weight, net[3].bias]
    expected_grads = torch.autograd.grad(expected, weights, allow_unused=True)  # the last bias moves no slope
    assert penalty.item() == pytest.approx(expected.item(), rel=1e-4)
    for mine, theirs, weight in zip(grads, expected_grads, weights):
        theirs = torch.zeros_like(weight) if theirs is None else theirs
        np.testing.assert_allclose(mine.data, theirs.detach().numpy(), rtol=2e-3, atol=1e-5)


def test_r1_is_added_every_r1_every_steps():
    gan = small_gan(r1_gamma=1.0, r1_every=3)
    logged = ["r1_penalty" in gan.train_step(images()) for _ in range(6)]
    assert logged == [True, False, False, True, False, False]


# ---- EMA ----------------------------------------------------------------------------------------------------

def test_ema_weights_follow_the_formula_and_are_sampled():
    gan = small_gan(ema=0.9)
    assert all(np.array_equal(a.data, w.data) for a, w in zip(gan.generator_ema.parameters(),
                                                               gan.generator.parameters()))
    for step in range(30):
        before = [a.data.copy() for a in gan.generator_ema.parameters()]
        gan.train_step(images())
        beta = min(0.9, (1 + step) / (10 + step))
        for average, old, weight in zip(gan.generator_ema.parameters(), before, gan.generator.parameters()):
            np.testing.assert_allclose(average.data, beta * old + (1 - beta) * weight.data, rtol=1e-6, atol=1e-7)
    assert not np.allclose(gan.generator_ema.parameters()[0].data, gan.generator.parameters()[0].data)
    z = gan.noise(3)
    np.testing.assert_allclose(gan.sample(z=z), gan.to_pixels(gan.generator_ema(z).data))
    with pytest.raises(ValueError, match="GAN.compile: ema is the EMA decay"):
        gan.compile(ema=1.0)


def test_ema_copies_batch_norm_statistics():
    gan = builders.dcgan(width=4, seed=0)
    gan.compile(ema=0.99)
    gan.train_step(np.random.default_rng(0).uniform(0, 1, (4, 28, 28)))
    live, average = dict(gan.generator.named_buffers()), dict(gan.generator_ema.named_buffers())
    assert live.keys() == average.keys() and all(np.array_equal(live[k], average[k]) for k in live)


def test_fit_recalibrates_the_ema_generators_batch_norm_on_its_own_outputs():
    gan = builders.dcgan(width=4, seed=0, ema=0.5, g_lr=0.05)
    gan.fit(np.random.default_rng(0).uniform(0, 1, (8, 28, 28)), epochs=3, batch_size=4, verbose=0)
    live, average = dict(gan.generator.named_buffers()), dict(gan.generator_ema.named_buffers())
    assert not any(np.allclose(live[k], average[k]) for k in live)  # no longer the live generator's copies
    norms = [m for m in gan.generator_ema.modules() if isinstance(m, nn.BatchNorm2d)]
    momenta = [m.momentum for m in norms]
    state = gan.rng.bit_generator.state
    gan.recalibrate_ema(n=500)
    assert [m.momentum for m in norms] == momenta  # put back
    gan.rng.bit_generator.state = state
    z = gan.noise(500)  # the noise recalibrate_ema drew: eval mode now normalises as training mode did on it
    with minigrad.no_grad():
        trained = gan.generator_ema.train()(z).data
        sampled = gan.generator_ema.eval()(z).data
    np.testing.assert_allclose(sampled, trained, atol=2e-3)  # up to the unbiased variance's n / (n - 1)


def test_ttur_gives_the_two_networks_their_own_learning_rates():
    gan = builders.dcgan(width=4, seed=0, d_lr=4e-4, g_lr=1e-4)
    assert gan.d_optimizer.lr == 4e-4 and gan.g_optimizer.lr == 1e-4


def test_the_small_data_recipe_builds_a_wide_generator_and_an_ema():
    gan = builders.dcgan(seed=0, **builders.SMALL_DATA)
    g_channels = [m.out_channels for m in gan.generator.modules() if isinstance(m, nn.ConvTranspose2d)]
    d_channels = [m.out_channels for m in gan.discriminator.modules() if isinstance(m, nn.Conv2d)]
    assert g_channels == [64, 1] and d_channels == [32, 64]
    assert gan.d_optimizer.lr == gan.g_optimizer.lr == 1e-3 and gan.ema == 0.999 and gan.r1_gamma == 1.0
    assert gan.d_optimizer.betas == gan.g_optimizer.betas == (0.0, 0.99)
    assert gan.generator_ema is not None and gan.sample(2).shape == (2, 28, 28)


def test_the_minibatch_std_discriminator_and_adams_betas_are_builder_options():
    gan = builders.dcgan(width=4, seed=0, minibatch_std=True, betas=(0.0, 0.99))
    kinds = [type(m).__name__ for m in gan.discriminator.modules()]
    assert kinds.index("MinibatchStd") == kinds.index("LeakyReLU") + 1
    assert [m.in_channels for m in gan.discriminator.modules() if isinstance(m, nn.Conv2d)] == [1, 5]
    assert gan.d_optimizer.betas == gan.g_optimizer.betas == (0.0, 0.99)
    real = np.random.default_rng(0).uniform(0, 1, (4, 28, 28))
    same = gan.discriminate(gan.from_pixels(np.repeat(real[:1], 4, axis=0))).data
    varied = gan.discriminate(gan.from_pixels(real)).data
    assert not np.allclose(same[0], varied[0])  # the first image's score depends on the rest of its batch
    assert "d_loss" in gan.train_step(real)


# ---- learning-rate decay ------------------------------------------------------------------------------------

class _Recorder(Callback):
    def __init__(self, raise_to=None):
        super().__init__()
        self.raise_to, self.seen = raise_to, []

    def on_train_batch_begin(self, batch, logs=None):
        if self.raise_to is not None:
            self.model.progress = max(self.model.progress, self.raise_to)

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append((self.model.progress, self.model.d_optimizer.lr, self.model.g_optimizer.lr))


def test_lr_decay_falls_linearly_to_zero_over_the_last_fraction_of_the_epochs():
    gan = small_gan(lr_decay=0.5)
    d0, g0 = gan.d_optimizer.lr, gan.g_optimizer.lr
    recorder = _Recorder()
    gan.fit(images(16), epochs=4, batch_size=4, callbacks=[recorder], verbose=0)
    progress = [p for p, _, _ in recorder.seen]
    np.testing.assert_allclose(progress, np.arange(16) / 16)  # (epoch + batch / 4) / 4
    expected = np.minimum(1.0, (1.0 - np.arange(16) / 16) / 0.5)
    np.testing.assert_allclose([d for _, d, _ in recorder.seen], d0 * expected)
    np.testing.assert_allclose([g for _, _, g in recorder.seen], g0 * expected)
    assert expected[0] == 1.0 and expected[-1] == pytest.approx(0.125)


def test_a_callback_that_raises_progress_drives_the_decay():
    gan = small_gan(lr_decay=0.25)
    d0 = gan.d_optimizer.lr
    recorder = _Recorder(raise_to=0.9)  # a time budget nine-tenths spent
    gan.fit(images(8), epochs=2, batch_size=4, callbacks=[recorder], verbose=0)
    np.testing.assert_allclose([d for _, d, _ in recorder.seen], d0 * 0.4)  # (1 - 0.9) / 0.25
    plain = small_gan()
    plain.fit(images(8), epochs=2, batch_size=4, callbacks=[_Recorder(raise_to=0.9)], verbose=0)
    assert plain.d_optimizer.lr == d0 and plain.lr_factor() == 1.0
    with pytest.raises(ValueError, match="GAN.compile: lr_decay is the fraction"):
        gan.compile(lr_decay=1.5)


# ---- spectral normalisation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["linear", "conv"])
def test_spectral_norm_equals_pytorch(kind):
    rng = np.random.default_rng(0)
    nn.init.seed(0)
    if kind == "linear":
        layer, theirs, x = nn.Linear(5, 3), torch.nn.Linear(5, 3), rng.normal(size=(4, 5))
    else:
        layer, theirs, x = nn.Conv2d(2, 3, 3), torch.nn.Conv2d(2, 3, 3), rng.normal(size=(2, 2, 5, 5))
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(layer.weight.data))
        theirs.bias.copy_(torch.tensor(layer.bias.data))
    mine = nn.SpectralNorm(layer, rng=rng)
    theirs = torch.nn.utils.spectral_norm(theirs)
    with torch.no_grad():
        theirs.weight_u.copy_(torch.tensor(mine.u))
        theirs.weight_v.copy_(torch.tensor(mine.v))
    x = x.astype(np.float32)
    for _ in range(3):  # three training passes: the power iteration advances u and v each time
        out = mine(x)
        expected = theirs(torch.tensor(x))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-4, atol=1e-5)
    mine.zero_grad()
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(mine.weight_orig.grad, theirs.weight_orig.grad.numpy(), rtol=1e-3, atol=1e-5)
    assert [name for name, _ in mine.named_parameters()] == ["weight_orig", "layer.bias"]


def test_spectral_norm_makes_the_largest_singular_value_one():
    nn.init.seed(1)
    layer = nn.SpectralNorm(nn.Linear(20, 10))
    layer.weight_orig.data = layer.weight_orig.data * 7.0
    for _ in range(30):
        layer(np.zeros((1, 20), np.float32))
    assert np.linalg.svd(layer.layer.weight.data, compute_uv=False)[0] == pytest.approx(1.0, rel=1e-3)
    u = layer.u.copy()
    layer.eval()
    layer(np.zeros((1, 20), np.float32))
    assert np.array_equal(layer.u, u)  # evaluation does not iterate
    with pytest.raises(ValueError, match="SpectralNorm: Dense has no built weight"):
        nn.SpectralNorm(nn.Dense(4))


# ---- KID ----------------------------------------------------------------------------------------------------

def test_kid_equals_the_direct_double_sum():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 3)), rng.normal(0.5, 1.0, size=(7, 3))

    def k(a, b):
        return (np.dot(a, b) / 3 + 1) ** 3

    m = len(x)
    direct = (sum(k(x[i], x[j]) + k(y[i], y[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
              - 2 * sum(k(x[i], y[j]) for i in range(m) for j in range(m)) / m ** 2)
    assert metrics.mmd2_unbiased(x, y) == pytest.approx(direct, rel=1e-10)
    mean, std = metrics.kernel_distance(x, y, subsets=3)
    assert mean == pytest.approx(direct, rel=1e-10)  # m = n: every subset is the whole set
    assert std == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError, match="kernel_distance: expected two feature sets"):
        metrics.kernel_distance(x, y[:, :2])


def test_kid_is_near_zero_for_two_halves_of_one_distribution():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(1000, 8)) ** 2
    other = rng.normal(size=(1000, 8)) ** 2
    noise = rng.uniform(0, 4, size=(1000, 8))
    same, _ = metrics.kernel_distance(real[:500], other[500:], subsets=20, subset_size=400)
    far, _ = metrics.kernel_distance(real, noise, subsets=20, subset_size=400)
    assert abs(same) < 0.02 * far and far > 0


@pytest.mark.slow  # trains a reference classifier: seconds
def test_kid_on_digits_puts_real_near_zero_and_noise_far(classifier):
    from minigrad.data import datasets
    digits = datasets.mnist_sample()[0][:1000].astype(np.float32) / 255.0
    _, features = classifier.probabilities_and_features(digits)
    _, noise = classifier.probabilities_and_features(np.random.default_rng(0).uniform(0, 1, (500, 28, 28)))
    same, _ = metrics.kernel_distance(features[:500], features[500:], subsets=20, subset_size=400)
    far, _ = metrics.kernel_distance(features[:500], noise, subsets=20, subset_size=400)
    assert abs(same) < 0.02 * far
    row = metrics.quality(classifier, digits[:200], metrics.gaussian_stats(features[500:]),
                          real_features=features[500:])
    assert {"fid", "kid", "kid_std"} <= set(row) and row["kid"] < 0.05 * far


# ---- the benchmark's sample files ---------------------------------------------------------------------------

@pytest.mark.slow
def test_gan_quality_quick_writes_the_sample_files(tmp_path):
    from benchmarks import gan_quality
    report = gan_quality.main(["--quick", "--out", str(tmp_path), "--only", "DCGAN", "cGAN", "StyleGAN"])
    for name in ("DCGAN", "cGAN"):
        slug = gan_quality.GANS[name][0]
        samples = np.load(tmp_path / f"samples-{slug}.npy")
        assert samples.shape[1:] == (28, 28) and len(samples) >= 1000 and samples.dtype == np.float32
        assert 0.0 <= samples.min() and samples.max() <= 1.0
        assert {"inception_score", "fid", "kid", "coverage", "steps"} <= set(report["rows"][name])
    labels = np.load(tmp_path / "labels-cgan.npy")
    assert labels.shape == (len(np.load(tmp_path / "samples-cgan.npy")),) and set(labels) == set(range(10))
    assert not (tmp_path / "labels-dcgan.npy").exists()
    assert report["rows"]["noise"]["kid"] > 10 * abs(report["rows"]["real digits"]["kid"])
    assert (tmp_path / "samples-stylegan.npy").exists() == hasattr(builders, "stylegan")
