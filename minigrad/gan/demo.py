"""``minigrad demo gan``: train one GAN on the 5,000-digit MNIST sample and write what it learned.

    minigrad demo gan --kind dcgan --epochs 10 --out runs/dcgan

writes into ``--out``: ``samples_epoch_NNN.png`` (the same noise, epoch after epoch), ``samples_over_epochs.png``,
``curves.png`` (losses, D(x) and D(G(z)), gradient norms), ``class_histogram.png`` and ``metrics.json`` (the
quality figures of metrics.py from the reference classifier, the per-epoch history, the training time).
"""
import argparse
import json
import time

import numpy as np

from ..cli import writable_folder
from ..data import datasets
from . import builders, metrics
from .reference import reference_classifier
from .trainer import CollapseAlarm

KINDS = ("vanilla", "dcgan", "cgan")
CURVE_PANELS = [["d_loss", "g_loss"], ["d_real", "d_fake"], ["d_grad_norm", "g_grad_norm"]]


def build(kind, seed=0, lecture=False):
    """The compiled GAN for ``kind``: the improved vanilla GAN (or the lecture's with ``lecture=True``),
    DCGAN (its small-data recipe, builders.SMALL_DATA) or the conditional GAN."""
    if kind == "vanilla":
        return builders.vanilla(improved=not lecture, seed=seed)
    if kind == "dcgan":
        return builders.dcgan(seed=seed, **builders.SMALL_DATA)
    if kind == "cgan":
        return builders.cgan(seed=seed)
    raise ValueError(f"demo gan: unknown kind {kind!r}; choose one of {', '.join(KINDS)}")


def run(kind, epochs, out, seed=0, lecture=False, images=None, labels=None, classifier=None, n_eval=2000,
        verbose=2, batch_size=64, sample_every=1):
    """Train, then write the pictures and metrics.json into ``out``; returns the metrics dict.

    ``images``/``labels`` default to the 5,000-digit sample; ``classifier`` to the cached reference CNN."""
    out = writable_folder(out)
    if images is None:
        images, labels = datasets.mnist_sample()
    classifier = classifier or reference_classifier()
    gan = build(kind, seed, lecture)
    alarm = CollapseAlarm(classifier, every=max(1, epochs // 5))
    start = time.perf_counter()
    history = gan.fit(images, labels, epochs=epochs, batch_size=batch_size, sample_every=sample_every,
                      callbacks=[alarm], verbose=verbose, seed=seed)
    seconds = time.perf_counter() - start
    result = {"kind": kind, "lecture": lecture, "epochs": len(history.epoch), "train_seconds": round(seconds, 1),
              "images": int(len(images)), "collapse_alarms": [message for _, message in alarm.alarms],
              **evaluate(gan, classifier, images, n_eval, seed), "history": history.history}
    write_pictures(gan, history, result, out, kind)
    (out / "metrics.json").write_text(json.dumps(result, indent=1))
    return result


def evaluate(gan, classifier, real_images, n=2000, seed=0):
    """The quality figures of ``n`` fresh samples against the real images' feature statistics (and, for a
    conditional GAN, the label accuracy of n samples asked for digits 0..9 in turn)."""
    real = np.asarray(real_images, dtype=np.float32) / (255.0 if np.asarray(real_images).dtype == np.uint8 else 1.0)
    _, real_features = classifier.probabilities_and_features(real)
    labels = None if gan.num_classes is None else np.arange(n) % gan.num_classes
    z = np.random.default_rng(seed + 1).standard_normal((n, gan.latent_dim)).astype(np.float32)
    samples = gan.sample(z=z, labels=labels)
    return metrics.quality(classifier, samples, metrics.gaussian_stats(real_features), labels)


def write_pictures(gan, history, result, out, kind):
    """The sample grids, the curves and the class histogram as PNG files in ``out``."""
    from ..viz import plots
    rows = None if gan.num_classes is None else list(range(gan.num_classes))
    for epoch, images in history.samples.items():
        plots.save_image_grid(images, out / f"samples_epoch_{epoch:03d}.png", ncols=10, row_labels=rows,
                              title=f"{kind}, epoch {epoch}")
    plots.save_grids_over_epochs(history.samples, out / "samples_over_epochs.png")
    plots.plot_curves(history, out / "curves.png", panels=CURVE_PANELS, title=f"{kind} training")
    plots.plot_class_histogram(result["histogram"], out / "class_histogram.png",
                               title=f"{kind}: generated digits by class (coverage {result['coverage']}/10)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="minigrad demo gan", description="Train one GAN on the 5,000-digit MNIST "
                                     "sample and write its sample grids, curves and quality metrics.")
    parser.add_argument("--kind", choices=KINDS, default="vanilla", help="which GAN to train (default vanilla)")
    parser.add_argument("--epochs", type=int, default=20, help="passes over the 5,000 digits (default 20)")
    parser.add_argument("--out", default=None, help="output folder (default runs/gan-<kind>)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--lecture", action="store_true",
                        help="vanilla only: the lecture's exact networks instead of the improved ones")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error(f"--epochs must be at least 1, got {args.epochs}")
    if args.lecture and args.kind != "vanilla":
        parser.error("--lecture applies to --kind vanilla only")
    out = args.out or f"runs/gan-{args.kind}"
    try:
        writable_folder(out)
    except OSError as error:
        parser.error(error.strerror)
    result = run(args.kind, args.epochs, out, seed=args.seed, lecture=args.lecture)
    summary = ", ".join(f"{name} {result[name]:.3g}" for name in ("inception_score", "fid", "coverage",
                                                                  "label_accuracy") if name in result)
    print(f"demo gan ({args.kind}): {result['epochs']} epochs in {result['train_seconds']:.0f} s; {summary}; "
          f"wrote {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
