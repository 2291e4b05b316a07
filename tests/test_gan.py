"""minigrad.gan: the trainer, the builders, the quality metrics, the reference classifier and the demo.

GANs here are tiny and train a few steps; the one learning test fits a 2-D Gaussian in a few hundred steps.
"""
import json
import math
import warnings

import numpy as np
import pytest

from minigrad import nn, optim
from minigrad.data import DataLoader
from minigrad.gan import GAN, CollapseAlarm, builders, demo, metrics
from minigrad.gan.reference import reference_classifier, split_sample

HISTORY_FIELDS = {"d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm"}


def tiny_gan(seed=0, latent_dim=4, side=4, **compile_options):
    """A GAN on side x side images: MLPs with one hidden layer of 8, discriminator returning probabilities."""
    nn.init.seed(seed)
    generator = nn.Sequential(nn.Linear(latent_dim, 8, activation="relu"),
                              nn.Linear(8, side * side, activation="sigmoid"), nn.Reshape((side, side)))
    discriminator = nn.Sequential(nn.Flatten(), nn.Linear(side * side, 8, activation="relu"),
                                  nn.Linear(8, 1, activation="sigmoid"))
    gan = GAN(generator, discriminator, latent_dim, image_shape=(side, side), seed=seed, grid_size=6)
    gan.compile(**compile_options)
    return gan


def tiny_images(n=64, side=4, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, (n, side, side)).astype(np.float32)


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    """A quickly trained reference classifier, cached in a temporary folder."""
    return reference_classifier(cache_dir=tmp_path_factory.mktemp("cache"), epochs=3, n_train=600)


# ---- the trainer ------------------------------------------------------------------------------------------

def test_fit_records_every_history_field_per_epoch():
    gan = tiny_gan()
    history = gan.fit(tiny_images(), epochs=3, batch_size=16, sample_every=2, verbose=0, seed=1)
    assert HISTORY_FIELDS <= set(history.history)
    assert all(len(history.history[name]) == 3 for name in HISTORY_FIELDS)
    assert history.epoch == [0, 1, 2]
    for name in ("d_real", "d_fake"):
        assert all(0 < v < 1 for v in history.history[name])
    assert all(v > 0 for name in ("d_loss", "g_loss", "d_grad_norm", "g_grad_norm") for v in history.history[name])
    assert sorted(history.samples) == [2, 3]  # every 2 epochs, and after the last
    assert history.samples[2].shape == (6, 4, 4)
    assert 0 <= history.samples[2].min() and history.samples[2].max() <= 1
    assert not np.array_equal(history.samples[2], history.samples[3])  # the generator moved


def test_sample_grid_noise_is_fixed():
    gan = tiny_gan()
    np.testing.assert_array_equal(gan.sample(z=gan.fixed_noise), gan.sample(z=gan.fixed_noise))
    assert gan.sample(5).shape == (5, 4, 4)


def test_d_loss_is_the_bce_of_the_discriminator_outputs():
    gan = tiny_gan()
    real = tiny_images(16)
    saved_rng_state = gan.rng.bit_generator.state
    with gan._mode(True):
        fake = gan.generate(gan.noise(16)).data
        p_real, p_fake = gan.discriminate(real).data, gan.discriminate(fake).data
    gan.rng.bit_generator.state = saved_rng_state  # the step draws the same noise
    logs = gan.train_step(real)
    expected = -np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))
    assert logs["d_loss"] == pytest.approx(expected, rel=1e-5)
    assert logs["d_real"] == pytest.approx(p_real.mean(), rel=1e-5)
    assert logs["d_fake"] == pytest.approx(p_fake.mean(), rel=1e-5)


def test_label_smoothing_sets_real_targets():
    gan = tiny_gan(label_smoothing=0.1)
    real, fake = gan.discriminator_targets(1000)
    assert np.all(real == 0.9) and np.all(fake == 0.0)


def test_label_noise_flips_that_fraction_of_targets():
    gan = tiny_gan(label_smoothing=0.2, label_noise=0.25)
    real, fake = gan.discriminator_targets(20000)
    assert set(np.unique(real)) == {0.0, 0.8} and set(np.unique(fake)) == {0.0, 0.8}
    assert np.mean(real == 0.0) == pytest.approx(0.25, abs=0.015)
    assert np.mean(fake == 0.8) == pytest.approx(0.25, abs=0.015)


def test_k_discriminator_steps_per_generator_step():
    gan = tiny_gan(d_steps=3)
    logs = [gan.train_step(tiny_images(8, seed=i)) for i in range(9)]
    assert (gan.d_updates, gan.g_updates) == (9, 3)
    assert [("g_loss" in step) for step in logs] == [False, False, True] * 3
    assert gan.d_optimizer.state[0]["step"] == 9 and gan.g_optimizer.state[0]["step"] == 3
    gan = tiny_gan(d_steps=2)
    gan.fit(tiny_images(64), epochs=2, batch_size=8, verbose=0)  # 8 batches per epoch
    assert (gan.d_updates, gan.g_updates) == (16, 8)


def test_each_step_moves_only_its_own_network():
    gan = tiny_gan()
    d_before = [p.data.copy() for p in gan.discriminator.parameters()]
    g_before = [p.data.copy() for p in gan.generator.parameters()]
    gan._mode(True).__enter__()
    gan._discriminator_step(gan.from_pixels(tiny_images(8)), None, 8)
    assert all(np.array_equal(a, p.data) for a, p in zip(g_before, gan.generator.parameters()))
    assert not all(np.array_equal(a, p.data) for a, p in zip(d_before, gan.discriminator.parameters()))
    d_after = [p.data.copy() for p in gan.discriminator.parameters()]
    gan._generator_step(8)
    assert all(np.array_equal(a, p.data) for a, p in zip(d_after, gan.discriminator.parameters()))
    assert not all(np.array_equal(a, p.data) for a, p in zip(g_before, gan.generator.parameters()))
    assert all(p.requires_grad for p in gan.discriminator.parameters())


def test_fit_and_the_explicit_loop_agree():
    images = tiny_images(48)
    history = tiny_gan(seed=3).fit(images, epochs=2, batch_size=16, verbose=0, seed=7)
    gan = tiny_gan(seed=3)
    loader = DataLoader(images, batch_size=16, shuffle=True, seed=7, drop_last=True)
    d_losses = []
    for epoch in range(2):
        d_losses.append(np.mean([gan.train_step(real)["d_loss"] for real in loader]))
    np.testing.assert_allclose(history.history["d_loss"], d_losses, rtol=1e-6)


def test_gradient_clipping_bounds_the_step_but_reports_the_norm():
    gan = tiny_gan(clip_norm=1e-3)
    logs = gan.train_step(tiny_images(16))
    total = math.sqrt(sum(float(np.sum(p.grad.astype(np.float64) ** 2)) for p in gan.d_optimizer.params))
    assert total <= 1e-3 * 1.001
    assert logs["d_grad_norm"] > 1e-3


def test_save_and_load_both_networks(tmp_path):
    gan = tiny_gan(seed=1)
    gan.fit(tiny_images(32), epochs=1, batch_size=16, verbose=0)
    gan.save(tmp_path / "gan.npz")
    other = tiny_gan(seed=2).load(tmp_path / "gan.npz")
    np.testing.assert_array_equal(other.sample(z=gan.fixed_noise), gan.sample(z=gan.fixed_noise))


@pytest.mark.slow
def test_gan_learns_a_gaussian():
    """A 2-D GAN moves its samples onto real data drawn from N((3, -2), 0.5^2 I)."""
    rng = np.random.default_rng(0)
    nn.init.seed(0)
    generator = nn.Sequential(nn.Linear(2, 16, activation="leaky_relu", negative_slope=0.2), nn.Linear(16, 2))
    discriminator = nn.Sequential(nn.Linear(2, 16, activation="leaky_relu", negative_slope=0.2), nn.Linear(16, 1))
    gan = GAN(generator, discriminator, latent_dim=2, image_shape=(2,), pixel_range=(-10, 10), from_logits=True,
              seed=0)
    gan.compile(d_optimizer=optim.Adam(discriminator.parameters(), lr=5e-3, betas=(0.5, 0.999)),
                g_optimizer=optim.Adam(generator.parameters(), lr=5e-3, betas=(0.5, 0.999)))
    real = (rng.normal((3.0, -2.0), 0.5, (2048, 2)) + 10) / 20  # data space [-10, 10] as pixels in [0, 1]
    gan.fit(real, epochs=12, batch_size=64, verbose=0, seed=0)
    with gan._mode(False):
        samples = gan.generate(gan.noise(4000)).data
    np.testing.assert_allclose(samples.mean(axis=0), (3.0, -2.0), atol=0.35)
    assert 0.2 < samples.std(axis=0).mean() < 1.0


def test_pixel_ranges_round_trip():
    gan = tiny_gan()
    gan.pixel_range = (-1.0, 1.0)
    images = np.array([[[0, 255], [51, 102]]] * 2, dtype=np.uint8).repeat(2, 1).repeat(2, 2)
    mapped = gan.from_pixels(images)
    assert mapped.dtype == np.float32 and mapped.min() == -1 and mapped.max() == 1
    np.testing.assert_allclose(gan.to_pixels(mapped), images / 255.0, atol=1e-6)


def test_trainer_errors_name_the_problem():
    with pytest.raises(TypeError, match="GAN: the generator must be an nn.Module .* got function"):
        GAN(lambda z: z, nn.Linear(2, 1), 2)
    with pytest.raises(ValueError, match=r"GAN: pixel_range must be \(low, high\) with high > low"):
        GAN(nn.Linear(2, 2), nn.Linear(2, 1), 2, pixel_range=(1, -1))
    gan = tiny_gan()
    with pytest.raises(ValueError, match=r"GAN.compile: label_smoothing .* \[0, 0.5\), got 0.7"):
        gan.compile(label_smoothing=0.7)
    with pytest.raises(ValueError, match=r"GAN.compile: label_noise .* got -0.1"):
        gan.compile(label_noise=-0.1)
    with pytest.raises(ValueError, match="GAN.compile: d_steps .* integer >= 1, got 0"):
        gan.compile(d_steps=0)
    with pytest.raises(ValueError, match=r"GAN.compile: d_optimizer updates parameters that do not belong to the "
                                         r"discriminator; build it on gan.discriminator.parameters\(\)"):
        gan.compile(d_optimizer=optim.Adam(gan.generator.parameters()))
    with pytest.raises(ValueError, match="GAN.fit: 10 images make no full batch of batch_size=64"):
        gan.fit(tiny_images(10), verbose=0)
    with pytest.raises(ValueError, match=r"GAN: images of shape \(3, 5, 5\) do not fit image_shape \(4, 4\)"):
        gan.train_step(np.zeros((3, 5, 5), np.float32))
    fresh = GAN(nn.Linear(2, 4), nn.Linear(4, 1), 2, image_shape=(4,))
    with pytest.raises(RuntimeError, match=r"GAN.train_step: call gan.compile"):
        fresh.train_step(np.zeros((2, 4), np.float32))


# ---- the builders -----------------------------------------------------------------------------------------

def _count(module):
    return sum(p.size for p in module.parameters())


def test_vanilla_matches_the_lecture():
    gan = builders.vanilla(seed=0)
    # G: Dense(128, relu, input_dim=100) -> Dense(784, sigmoid); D: Flatten -> Dense(128, relu) -> Dense(1, sigmoid)
    assert _count(gan.generator) == 100 * 128 + 128 + 128 * 784 + 784
    assert _count(gan.discriminator) == 784 * 128 + 128 + 128 + 1
    images = gan.generate(gan.noise(3)).data
    assert images.shape == (3, 28, 28) and 0 <= images.min() and images.max() <= 1
    assert gan.discriminate(images).shape == (3, 1)
    assert isinstance(gan.d_optimizer, optim.Adam) and gan.d_optimizer.lr == 1e-3


def test_improved_vanilla_uses_leaky_relu_dropout_and_tanh():
    gan = builders.vanilla(improved=True, seed=0)
    kinds = [type(m).__name__ for m in gan.discriminator.modules()]
    assert kinds.count("Dropout") == 2
    assert {m.negative_slope for m in gan.generator.modules() if isinstance(m, nn.LeakyReLU)} == {0.2}
    assert [type(m).__name__ for m in gan.generator.modules()].count("BatchNorm1d") == 3
    assert gan.generator[-2].activation == "tanh"
    assert _count(gan.generator) > 2 * _count(builders.vanilla_generator())
    assert gan.pixel_range == (-1.0, 1.0) and gan.from_logits and gan.label_smoothing == 0.1
    gan.train_step(np.random.default_rng(0).uniform(0, 1, (8, 28, 28)))


def test_dcgan_follows_the_paper():
    gan = builders.dcgan(width=8, seed=0)
    kinds = [type(m).__name__ for m in gan.generator.modules()]
    assert "ConvTranspose2d" in kinds and "BatchNorm2d" in kinds and kinds[-1] == "Tanh" and "ReLU" in kinds
    d_kinds = [type(m).__name__ for m in gan.discriminator.modules()]
    assert "MaxPool2d" not in d_kinds and "Conv2d" in d_kinds and "BatchNorm2d" in d_kinds
    assert {m.negative_slope for m in gan.discriminator.modules() if isinstance(m, nn.LeakyReLU)} == {0.2}
    assert all(s == (2, 2) for m in gan.discriminator.modules() if isinstance(m, nn.Conv2d) for s in [m.stride])
    weights = np.concatenate([m.weight.data.ravel() for m in gan.generator.modules()
                              if isinstance(m, (nn.Linear, nn.ConvTranspose2d))])
    assert weights.std() == pytest.approx(0.02, rel=0.05) and abs(weights.mean()) < 1e-3
    for optimizer in (gan.d_optimizer, gan.g_optimizer):
        assert isinstance(optimizer, optim.Adam) and optimizer.lr == 2e-4 and optimizer.betas == (0.5, 0.999)
    images = gan.generate(gan.noise(2)).data
    assert images.shape == (2, 1, 28, 28) and -1 <= images.min() and images.max() <= 1
    assert gan.sample(2).shape == (2, 28, 28)
    logs = gan.train_step(np.random.default_rng(0).uniform(0, 1, (4, 28, 28)))
    assert HISTORY_FIELDS <= set(logs)


@pytest.mark.parametrize("encoding", ["onehot", "embedding"])
def test_cgan_joins_the_label_to_both_inputs(encoding):
    gan = builders.cgan(encoding=encoding, seed=0)
    size = 10
    assert gan.generator.body[0].in_features == 100 + size
    assert gan.discriminator.body[0].in_features == 784 + size
    z = gan.noise(2)
    a, b = gan.sample(z=z, labels=np.array([3, 3])), gan.sample(z=z, labels=np.array([3, 7]))  # eval mode
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.allclose(a[1], b[1])  # same noise, another digit asked for: another image
    assert gan.discriminate(a, np.array([1, 2])).shape == (2, 1)
    images, labels = np.random.default_rng(0).uniform(0, 1, (16, 28, 28)), np.arange(16) % 10
    history = gan.fit(images, labels, epochs=1, batch_size=8, verbose=0)
    assert sorted(history.samples) == [1] and history.samples[1].shape == (100, 28, 28)
    with pytest.raises(ValueError, match=r"GAN.fit: this GAN is conditional \(num_classes=10\); pass the labels y"):
        gan.fit(images, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"GAN: labels must be 2 integers in \[0, 10\), got shape \(2,\), dtype "
                                         "float64"):
        gan.generate(z, np.array([1.0, 2.0]))


def test_label_encoder_rejects_unknown_encodings():
    with pytest.raises(ValueError, match="LabelEncoder: encoding must be 'onehot' or 'embedding', got 'binary'"):
        builders.LabelEncoder(10, "binary")


# ---- the metrics ----------------------------------------------------------------------------------------

def test_inception_score_of_known_distributions():
    assert metrics.inception_score(np.full((50, 10), 0.1)) == pytest.approx(1.0)
    assert metrics.inception_score(np.eye(10)[np.arange(100) % 10]) == pytest.approx(10.0)
    assert metrics.inception_score(np.eye(10)[np.zeros(100, int)]) == pytest.approx(1.0)  # one class only
    half = np.eye(4)[np.arange(40) % 2]  # sharp, but only 2 of 4 classes
    assert metrics.inception_score(half) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="inception_score: each row must be a probability distribution"):
        metrics.inception_score(np.ones((3, 4)))


def test_frechet_distance_of_known_gaussians():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(500, 6))
    assert metrics.frechet_distance(features, features) == pytest.approx(0.0, abs=1e-8)
    assert metrics.frechet_distance(features, features + 2.0) == pytest.approx(6 * 4.0, rel=1e-9)
    # diagonal covariances a and b: d^2 = sum (sqrt a - sqrt b)^2
    mean, a, b = np.zeros(3), np.diag([1.0, 4.0, 9.0]), np.diag([4.0, 4.0, 1.0])
    assert metrics.frechet_distance((mean, a), (mean, b)) == pytest.approx(1 + 0 + 4)
    with pytest.raises(ValueError, match="frechet_distance: the feature sets have 6 and 3 features"):
        metrics.frechet_distance(features, features[:, :3])


def test_coverage_histogram_and_label_accuracy():
    probs = np.array([[0.95, 0.05, 0], [0.02, 0.98, 0], [0.5, 0.5, 0], [0.91, 0.09, 0]])
    counts = metrics.class_histogram(probs)
    assert counts.tolist() == [2, 1, 0]  # the 50/50 row is not confident
    assert metrics.mode_coverage(counts) == 2
    assert metrics.mode_coverage([96, 4, 0], min_share=0.05) == 1
    assert metrics.label_accuracy(probs, [0, 1, 1, 1]) == 0.5
    assert metrics.effective_classes([5, 5, 0, 0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match=r"label_accuracy: 4 predictions but labels of shape \(3,\)"):
        metrics.label_accuracy(probs, [0, 1, 1])


def test_collapse_alarm_fires_on_a_collapsed_histogram_only():
    uniform = np.full(10, 100)
    collapsed = np.array([900, 60, 40, 0, 0, 0, 0, 0, 0, 0])
    assert metrics.collapse_alarm(uniform) is None
    assert metrics.collapse_alarm(uniform, best_effective=10.0) is None
    assert "only 2 of 10 classes" in metrics.collapse_alarm(collapsed)
    narrowed = np.array([200, 200, 200, 200, 100, 40, 20, 20, 10, 10])  # still 5 classes above 5%
    message = metrics.collapse_alarm(narrowed, best_effective=9.8)
    assert message.startswith("collapse alarm: the class histogram narrowed from 9.8 to")
    assert metrics.collapse_alarm(np.zeros(10)) is None  # no confident prediction: nothing to judge yet
    with pytest.warns(metrics.CollapseWarning, match="only 2 of 10 classes"):
        metrics.warn_if_collapsed(collapsed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metrics.warn_if_collapsed(uniform, best_effective=10.0)


# ---- the reference classifier, the alarm callback and the demo ------------------------------------------------

@pytest.mark.slow  # trains a reference classifier: seconds
def test_reference_classifier_is_cached(tmp_path):
    first = reference_classifier(cache_dir=tmp_path, epochs=1, n_train=200)
    assert first.trained_now and first.path.exists() and first.path.parent == tmp_path
    second = reference_classifier(cache_dir=tmp_path, epochs=1, n_train=200)
    assert not second.trained_now
    for a, b in zip(first.model.parameters(), second.model.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    other = reference_classifier(cache_dir=tmp_path, epochs=1, n_train=100)
    assert other.trained_now and other.path != first.path  # another recipe never reuses the cache


@pytest.mark.slow
def test_reference_classifier_reads_digits(classifier):
    from minigrad.data import datasets
    images, labels = datasets.mnist_sample()
    _, _, held_images, held_labels = split_sample(images / 255.0, labels)
    assert classifier.accuracy(held_images, held_labels) > 0.6  # 3 epochs on 600 digits; the full one does ~95%
    probs, features = classifier.probabilities_and_features(held_images[:7])
    assert probs.shape == (7, 10) and features.shape == (7, 64)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.slow
def test_collapse_alarm_callback_logs_the_histogram(classifier):
    gan = builders.vanilla(seed=0)
    alarm = CollapseAlarm(classifier, every=1, n=50)
    images = np.random.default_rng(0).uniform(0, 1, (64, 28, 28))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", metrics.CollapseWarning)
        history = gan.fit(images, epochs=2, batch_size=32, callbacks=[alarm], verbose=0)
    assert len(history.history["coverage"]) == 2 and len(history.history["effective_classes"]) == 2
    assert all(0 <= c <= 10 for c in history.history["coverage"])


@pytest.mark.slow
def test_demo_writes_grids_curves_and_metrics(tmp_path, classifier):
    from minigrad.data import datasets
    images, labels = datasets.mnist_sample()
    result = demo.run("cgan", 2, tmp_path, images=images[::20], labels=labels[::20], classifier=classifier,
                      n_eval=200, verbose=0, batch_size=50)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"samples_epoch_001.png", "samples_epoch_002.png", "samples_over_epochs.png", "curves.png",
            "class_histogram.png", "metrics.json"} <= names
    saved = json.loads((tmp_path / "metrics.json").read_text())
    assert saved["kind"] == "cgan" and saved["epochs"] == 2
    assert {"inception_score", "fid", "coverage", "label_accuracy", "histogram"} <= set(saved)
    assert 1.0 <= saved["inception_score"] <= 10.0 and 0.0 <= saved["label_accuracy"] <= 1.0
    assert len(saved["history"]["d_loss"]) == 2 and saved["fid"] == pytest.approx(result["fid"])


def test_demo_command_line_errors():
    with pytest.raises(SystemExit):
        demo.main(["--kind", "dcgan", "--lecture"])
    with pytest.raises(SystemExit):
        demo.main(["--epochs", "0"])
    with pytest.raises(ValueError, match="demo gan: unknown kind 'wgan'; choose one of vanilla, dcgan, cgan"):
        demo.build("wgan")
