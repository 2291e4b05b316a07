"""minigrad.gan.stylegan: AdaIN and its gradients, truncation, style mixing, sampling, and a few training steps.

The networks here are narrow (a few channels) so that every test takes about a second.
"""
import numpy as np
import pytest

from minigrad import F, Value, gradcheck
from minigrad.gan import GAN, builders
from minigrad.gan.stylegan import AdaIN, MinibatchStd, StyleGAN, adain, stylegan


def small_gan(seed=0, **options):
    return stylegan(latent_dim=8, w_dim=8, channels=(8, 4, 4), d_width=4, seed=seed, **options)


def digits(n=16, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, (n, 28, 28)).astype(np.float32)


# ---- AdaIN ------------------------------------------------------------------------------------------------

def test_adain_gives_each_channel_the_styles_mean_and_standard_deviation():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 5.0, (4, 3, 6, 6))
    scale, bias = rng.uniform(0.5, 2.0, (4, 3)), rng.normal(0.0, 1.0, (4, 3))
    out = adain(Value(x), Value(np.concatenate([scale, bias], axis=1)), eps=1e-8).data
    np.testing.assert_allclose(out.mean(axis=(2, 3)), bias, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=(2, 3)), scale, rtol=1e-6)


def test_adain_layer_starts_as_instance_norm_and_follows_its_code():
    layer = AdaIN(3, w_dim=5)
    x = np.random.default_rng(1).normal(2.0, 3.0, (2, 3, 4, 4)).astype(np.float32)
    w = np.random.default_rng(2).normal(size=(2, 5)).astype(np.float32)
    layer.style.weight.data[:] = 0.0      # only the bias: scales 1, biases 0
    out = layer(x, w).data
    np.testing.assert_allclose(out.mean(axis=(2, 3)), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(2, 3)), 1.0, atol=1e-4)
    layer.style.weight.data[:] = np.random.default_rng(3).normal(size=layer.style.weight.shape)
    style = w @ layer.style.weight.data.T + layer.style.bias.data
    out = layer(x, w).data
    np.testing.assert_allclose(out.mean(axis=(2, 3)), style[:, 3:], atol=1e-4)
    np.testing.assert_allclose(out.std(axis=(2, 3)), np.abs(style[:, :3]), rtol=1e-3)


def test_adain_rejects_a_style_of_the_wrong_size():
    with pytest.raises(ValueError, match=r"adain: .* \(2, 3, 4, 4\) and \(2, 4\)"):
        adain(Value(np.zeros((2, 3, 4, 4))), Value(np.zeros((2, 4))))


def test_gradcheck_the_style_modulation(backend):
    """The style A w + a and AdaIN, against central differences: gradients for x, w, A and a."""
    rng = np.random.default_rng(0)
    x, w = Value(rng.normal(size=(2, 3, 4, 4))), Value(rng.normal(size=(2, 5)))
    weight, bias = Value(rng.normal(size=(6, 5))), Value(rng.normal(size=6))
    assert gradcheck(lambda x, w, weight, bias: adain(x, F.linear(w, weight, bias)), x, w, weight, bias)


def test_gradcheck_a_styled_layer(backend):
    """conv 3x3 -> + strength * noise -> leaky relu -> AdaIN: the gradient of every input of one synthesis layer."""
    rng = np.random.default_rng(1)
    x, w = Value(rng.normal(size=(2, 2, 5, 5))), Value(rng.normal(size=(2, 4)))
    kernel, kernel_bias = Value(rng.normal(size=(3, 2, 3, 3))), Value(rng.normal(size=3))
    strength, noise = Value(rng.normal(size=(1, 3, 1, 1))), rng.normal(size=(2, 1, 5, 5))
    weight, bias = Value(rng.normal(size=(6, 4))), Value(rng.normal(size=6))

    def layer(x, w, kernel, kernel_bias, strength, weight, bias):
        h = F.conv2d(x, kernel, kernel_bias, padding=1) + strength * noise
        return adain(F.leaky_relu(h, 0.2), F.linear(w, weight, bias))

    assert gradcheck(layer, x, w, kernel, kernel_bias, strength, weight, bias)


def test_gradcheck_minibatch_std(backend):
    x = Value(np.random.default_rng(2).normal(size=(3, 2, 4, 4)))
    out = MinibatchStd()(x)
    assert out.shape == (3, 3, 4, 4)
    np.testing.assert_allclose(out.data[:, 2], np.sqrt(x.data.var(axis=0) + 1e-8).mean())
    assert gradcheck(lambda x: MinibatchStd()(x), x)


# ---- the builder, sampling, truncation, mixing -------------------------------------------------------------

def test_builder_returns_a_compiled_gan_of_28x28_images():
    gan = small_gan()
    assert isinstance(gan, GAN) and isinstance(gan, StyleGAN) and builders.stylegan is stylegan
    assert gan.d_optimizer is not None and gan.g_optimizer is not None
    images = gan.sample(5)
    assert images.shape == (5, 28, 28) and images.dtype == np.float32
    assert 0 <= images.min() and images.max() <= 1
    assert gan.generator(gan.noise(3)).shape == (3, 1, 28, 28)


def test_the_seed_repeats_weights_and_samples():
    a, b = small_gan(seed=4), small_gan(seed=4)
    for (name, p), q in zip(a.generator.named_parameters(), b.generator.parameters()):
        np.testing.assert_array_equal(p.data, q.data, err_msg=name)
    np.testing.assert_array_equal(a.sample(4, seed=7), b.sample(4, seed=7))
    assert not np.array_equal(a.sample(4, seed=7), a.sample(4, seed=8))


def test_the_code_not_the_noise_decides_the_image():
    """With every noise strength at 0.1, changing z must change a sample far more than changing the noise: the
    noise is for details. (With a flat constant and the default init of the mapping network it was the reverse,
    and style mixing and truncation did nothing visible.)"""
    gan = stylegan(seed=0)
    for name, p in gan.sampler.named_parameters():
        if name.endswith("noise.strength"):
            p.data[:] = 0.1
    z = gan.noise(16)
    across_codes = gan.sample(z=z, fixed_noise=True).std(axis=0).mean()
    across_noise = gan.sample(z=np.repeat(z[:1], 16, axis=0), seed=3).std(axis=0).mean()
    assert across_codes > 1.5 * across_noise, (across_codes, across_noise)


def test_the_mapping_networks_weights_move_lr_mul_times_slower():
    """Adam's first step moves every weight with a gradient by lr; the mapping network's weights in use, lr_mul
    times its stored ones, move by lr * lr_mul."""
    gan = small_gan(mixing=0.0)
    mapping, synthesis_conv = gan.generator.mapping, gan.generator.blocks[1].layer1.conv
    used, conv = [layer.weight.data * mapping.lr_mul for layer in mapping.layers], synthesis_conv.weight.data.copy()
    gan.train_step(digits()[:8])
    for before, layer in zip(used, mapping.layers):
        step = np.abs(layer.weight.data * mapping.lr_mul - before)
        np.testing.assert_allclose(step.max(), 1e-3 * mapping.lr_mul, rtol=5e-2)  # float32 weights ~ 1/lr_mul
    np.testing.assert_allclose(np.abs(synthesis_conv.weight.data - conv).max(), 1e-3, rtol=1e-2)


def test_truncation_psi_0_gives_w_avg_for_every_z():
    gan = small_gan()
    gan.fit(digits(), epochs=1, batch_size=8, verbose=0, seed=0)   # w_avg now follows the mapping's outputs
    g = gan.generator
    assert np.abs(g.w_avg).max() > 0
    w = g.truncate(g.mapping(gan.noise(5)), 0.0).data
    np.testing.assert_allclose(w, np.broadcast_to(g.w_avg, w.shape), atol=1e-6)
    images = gan.sample(5, psi=0.0, fixed_noise=True)
    np.testing.assert_allclose(images, np.broadcast_to(images[:1], images.shape), atol=1e-5)
    assert not np.allclose(gan.sample(z=gan.fixed_noise[:5], psi=1.0, fixed_noise=True), images, atol=1e-3)


def test_w_avg_is_a_moving_average_of_the_codes_seen_in_training():
    gan = small_gan(mixing=0.0)
    g = gan.generator.train()
    before, z = g.w_avg.copy(), gan.noise(6)
    w = g.mapping(z).data.mean(axis=0)
    g(z)
    np.testing.assert_allclose(g.w_avg, g.w_avg_decay * before + (1 - g.w_avg_decay) * w, rtol=1e-5, atol=1e-7)
    g.eval()
    g(z)
    np.testing.assert_allclose(g.w_avg, g.w_avg_decay * before + (1 - g.w_avg_decay) * w, rtol=1e-5, atol=1e-7)


def test_mixing_with_crossover_0_or_all_gives_the_fine_or_coarse_samples():
    gan = small_gan()
    gan.fit(digits(), epochs=1, batch_size=8, verbose=0, seed=0)
    coarse_z, fine_z = gan.noise(3), gan.noise(4)
    fine = gan.sample(z=fine_z, fixed_noise=True)
    coarse = gan.sample(z=coarse_z, fixed_noise=True)
    blocks = gan.generator.num_blocks
    none = gan.mix(coarse_z, fine_z, crossover=0)
    every = gan.mix(coarse_z, fine_z, crossover=blocks)
    assert none.shape == every.shape == (3, 4, 28, 28)
    for i in range(3):
        np.testing.assert_array_equal(none[i], fine)
        np.testing.assert_allclose(every[i], np.broadcast_to(coarse[i], fine.shape), atol=1e-5)  # float32 sums
    mixed = gan.mix(coarse_z, fine_z, crossover=1)
    assert not np.allclose(mixed, none, atol=1e-4) and not np.allclose(mixed, every, atol=1e-4)


@pytest.mark.parametrize("crossover", [-1, 4, 1.5, True])
def test_mix_rejects_a_crossover_outside_the_blocks(crossover):
    with pytest.raises(ValueError, match=r"StyleGAN.mix: crossover .* integer in \[0, 3\]"):
        small_gan().mix(np.zeros((1, 8)), np.zeros((1, 8)), crossover=crossover)


def test_training_mixes_two_codes_with_the_mixing_probability():
    z = np.random.default_rng(0).standard_normal((4, 8)).astype(np.float32)
    for mixing, same in ((0.0, True), (1.0, False)):
        g = small_gan(mixing=mixing).generator.train()
        first, second = g(z, noise="fixed").data, g(z, noise="fixed").data
        assert np.array_equal(first, second) == same, f"mixing={mixing}"


def test_samples_and_grids_come_from_the_moving_average_when_the_trainer_keeps_one():
    gan = small_gan(ema=0.5)
    gan.train_step(digits()[:8])
    assert gan.sampler is gan.generator_ema
    z = gan.noise(3)
    average = gan.generator_ema.eval()(z, 1.0, "fixed").data
    current = gan.generator.eval()(z, 1.0, "fixed").data
    np.testing.assert_array_equal(gan.sample(z=z, fixed_noise=True), gan.to_pixels(average))
    assert not np.allclose(average, current, atol=1e-4)
    np.testing.assert_array_equal(gan.mix(z, z, crossover=0)[0], gan.to_pixels(average))


# ---- training ----------------------------------------------------------------------------------------------

def test_training_steps_have_finite_losses_and_move_every_parameter():
    gan = small_gan()
    before = {name: p.data.copy() for name, p in gan.named_parameters()}
    for start in range(0, 16, 8):
        logs = gan.train_step(digits()[start:start + 8])
        assert np.isfinite([logs["d_loss"], logs["g_loss"], logs["d_grad_norm"], logs["g_grad_norm"]]).all()
    unmoved = [name for name, p in gan.named_parameters() if np.array_equal(p.data, before[name])]
    assert not unmoved
    assert gan.d_updates == gan.g_updates == 2
