"""How good are a GAN's samples? Numbers measured with a reference MNIST classifier (see reference.py).

A GAN has no test loss, so its samples are judged by a classifier trained on real digits:

- Inception Score: IS = exp( E_x[ KL(p(y|x) || p(y)) ] ), with p(y) = E_x[p(y|x)].
  Each sample should be one clear digit (p(y|x) peaked) and all digits should appear (p(y) flat).
  It runs from 1 (every sample looks the same, or none looks like anything) to 10 (ten classes, each sharp).
- Frechet distance (FID) between the classifier's penultimate features of real and generated samples, each
  summarised by a Gaussian:  d^2 = |mu_r - mu_g|^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2)).  0 means the same
  mean and covariance; lower is better.
- Kernel distance (KID, Binkowski et al. 2018): the squared maximum mean discrepancy between the two feature
  sets under the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3, in its unbiased form, averaged over random
  subsets. Unlike FID it assumes no Gaussian shape and is unbiased, so small sample sets can be compared; 0
  (or slightly below, by chance) for samples from the same distribution.
- Mode coverage: how many classes receive at least 5% of the confident predictions. A GAN that collapses
  onto a few digits covers few classes.
- Label accuracy (conditional GANs): how often the classifier reads the digit that was asked for.

The collapse alarm watches the class histogram during training and warns when it narrows.
"""
import math
import warnings

import numpy as np

CONFIDENCE = 0.9   # a prediction is "confident" when its top probability reaches this
MIN_SHARE = 0.05   # a class is "covered" when it receives at least this share of the confident predictions


def _probabilities(probs, where):
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 2 or len(probs) == 0:
        raise ValueError(f"{where}: expected class probabilities of shape (n_samples, n_classes), got "
                         f"{probs.shape}")
    if np.any(probs < 0) or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError(f"{where}: each row must be a probability distribution (non-negative, summing to 1); "
                         "apply softmax to the classifier's logits first")
    return probs


def inception_score(probs):
    """exp(mean over samples of KL(p(y|x) || p(y))) from class probabilities p(y|x) of shape (n, k).

    KL(p || q) = sum_y p(y) log(p(y) / q(y)), with 0 log 0 = 0."""
    probs = _probabilities(probs, "inception_score")
    marginal = probs.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(probs > 0, probs * (np.log(probs) - np.log(marginal)), 0.0).sum(axis=1)
    return float(math.exp(kl.mean()))


def gaussian_stats(features):
    """(mean, covariance) of features of shape (n, d): the Gaussian that FID compares."""
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f"gaussian_stats: expected features of shape (n_samples >= 2, n_features), got "
                         f"{features.shape}")
    return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_distance(real, fake):
    """|mu_r - mu_g|^2 + Tr(S_r) + Tr(S_g) - 2 Tr((S_r S_g)^(1/2)) between two feature sets (n, d), or two
    (mean, covariance) pairs from ``gaussian_stats``.

    Tr((S_r S_g)^(1/2)) is computed as the sum of sqrt(eigenvalues of A S_g A) with A = S_r^(1/2): that matrix
    is symmetric and has the same eigenvalues as S_r S_g, so no complex square root is needed."""
    mu_r, cov_r = real if isinstance(real, tuple) else gaussian_stats(real)
    mu_g, cov_g = fake if isinstance(fake, tuple) else gaussian_stats(fake)
    if mu_r.shape != mu_g.shape:
        raise ValueError(f"frechet_distance: the feature sets have {mu_r.shape[0]} and {mu_g.shape[0]} features; "
                         "compute both with the same classifier")
    root_r = _psd_sqrt(cov_r)
    middle = np.linalg.eigvalsh(root_r @ cov_g @ root_r)
    trace_root = np.sqrt(np.clip(middle, 0, None)).sum()
    distance = np.sum((mu_r - mu_g) ** 2) + np.trace(cov_r) + np.trace(cov_g) - 2 * trace_root
    return float(max(distance, 0.0))


def _psd_sqrt(matrix):
    """The symmetric square root of a positive semi-definite matrix, by its eigendecomposition."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def polynomial_kernel(x, y):
    """k(x, y) = (x.y / d + 1)^3 for every row x of ``x`` (n, d) and row y of ``y`` (m, d): an (n, m) matrix."""
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def mmd2_unbiased(x, y):
    """The unbiased estimate of MMD^2 between samples x (m, d) and y (m, d) with the polynomial kernel:

        sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1)) - 2 sum_{i, j} k(x_i, y_j) / m^2
    """
    m = len(x)
    k_xx, k_yy, k_xy = polynomial_kernel(x, x), polynomial_kernel(y, y), polynomial_kernel(x, y)
    return float((k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy)) / (m * (m - 1)) - 2 * k_xy.mean())


def kernel_distance(real, fake, subsets=100, subset_size=1000, seed=0):
    """KID: the mean of ``mmd2_unbiased`` over ``subsets`` random subsets of ``subset_size`` features drawn
    (without replacement within a subset) from each of ``real`` and ``fake`` (n, d), as in Binkowski et al.
    (2018). The subset size is capped at the smaller set's size. Returns (mean, standard deviation over the
    subsets)."""
    real, fake = np.asarray(real, dtype=np.float64), np.asarray(fake, dtype=np.float64)
    if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1] or min(len(real), len(fake)) < 2:
        raise ValueError(f"kernel_distance: expected two feature sets (n >= 2, d) with the same d, got {real.shape} "
                         f"and {fake.shape}; compute both with the same classifier")
    m = min(subset_size, len(real), len(fake))
    rng = np.random.default_rng(seed)
    values = [mmd2_unbiased(real[rng.choice(len(real), m, replace=False)],
                            fake[rng.choice(len(fake), m, replace=False)]) for _ in range(subsets)]
    return float(np.mean(values)), float(np.std(values))


def class_histogram(probs, confidence=CONFIDENCE):
    """How many samples the classifier assigns to each class with top probability >= ``confidence``."""
    probs = _probabilities(probs, "class_histogram")
    confident = probs.max(axis=1) >= confidence
    return np.bincount(probs[confident].argmax(axis=1), minlength=probs.shape[1])


def mode_coverage(counts, min_share=MIN_SHARE):
    """The number of classes that receive at least ``min_share`` of the counts (a class histogram)."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    return int(np.sum(counts >= min_share * total)) if total > 0 else 0


def effective_classes(counts):
    """exp(entropy) of the class histogram: 10 for a flat histogram over 10 classes, 1 when all fall in one."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.sum() <= 0:
        return 0.0
    p = counts[counts > 0] / counts.sum()
    return float(math.exp(-np.sum(p * np.log(p))))


def label_accuracy(probs, labels):
    """The fraction of samples whose predicted class equals the label a conditional GAN was asked for."""
    probs = _probabilities(probs, "label_accuracy")
    labels = np.asarray(labels)
    if labels.shape != (len(probs),):
        raise ValueError(f"label_accuracy: {len(probs)} predictions but labels of shape {labels.shape}; give one "
                         "requested label per sample")
    return float(np.mean(probs.argmax(axis=1) == labels))


def quality(classifier, images, real_stats=None, labels=None, real_features=None):
    """Every measure for ``images`` (n, 28, 28) in [0, 1], as a dict: inception_score, coverage,
    effective_classes, histogram, and fid (when ``real_stats`` = gaussian_stats of real features is given),
    kid and kid_std (when the ``real_features`` themselves are given) and label_accuracy (when the requested
    ``labels`` are given). ``classifier`` is a ReferenceClassifier."""
    probs, features = classifier.probabilities_and_features(images)
    counts = class_histogram(probs)
    result = {"inception_score": inception_score(probs), "coverage": mode_coverage(counts),
              "effective_classes": effective_classes(counts), "histogram": counts.tolist()}
    if real_stats is not None:
        result["fid"] = frechet_distance(real_stats, gaussian_stats(features))
    if real_features is not None:
        result["kid"], result["kid_std"] = kernel_distance(real_features, features)
    if labels is not None:
        result["label_accuracy"] = label_accuracy(probs, labels)
    return result


# ---- the collapse alarm -----------------------------------------------------------------------------------

class CollapseWarning(UserWarning):
    """The generated samples crowd into fewer classes: the generator may be collapsing onto a few modes."""


def collapse_alarm(counts, best_effective=None, drop=0.7, min_coverage=None, min_share=MIN_SHARE):
    """A message when the class histogram ``counts`` looks collapsed, else None.

    It fires when the effective number of classes (exp of the histogram's entropy) falls below ``drop`` times
    the best seen so far (``best_effective``), or when fewer than ``min_coverage`` classes (default: half of
    them) each get ``min_share`` of the samples. An empty histogram (no confident prediction at all: the samples
    look like no digit yet) raises no alarm."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.sum() <= 0:
        return None
    effective, covered = effective_classes(counts), mode_coverage(counts, min_share)
    min_coverage = math.ceil(len(counts) / 2) if min_coverage is None else min_coverage
    shares = ", ".join(f"{c}: {n / max(counts.sum(), 1):.0%}" for c, n in enumerate(counts) if n)
    if covered < min_coverage:
        return (f"collapse alarm: only {covered} of {len(counts)} classes get {min_share:.0%} of the generated "
                f"samples (shares {shares}); the generator is producing few kinds of digit")
    if best_effective is not None and effective < drop * best_effective:
        return (f"collapse alarm: the class histogram narrowed from {best_effective:.1f} to {effective:.1f} "
                f"effective classes (shares {shares})")
    return None


def warn_if_collapsed(counts, best_effective=None, **options):
    """Emit a CollapseWarning with collapse_alarm's message when it fires; return the message (or None)."""
    message = collapse_alarm(counts, best_effective, **options)
    if message:
        warnings.warn(message, CollapseWarning, stacklevel=2)
    return message
