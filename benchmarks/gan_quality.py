"""GAN quality: each GAN trained on the 5,000-digit MNIST sample within its time budget, judged side by side with
real digits and noise by the reference classifier (minigrad.gan.metrics).

    python -m benchmarks.gan_quality                 # the full run (about 35 minutes on two cores)
    python -m benchmarks.gan_quality --quick         # a smoke run: short budgets, a quickly trained classifier

Targets (issue 6): vanilla (improved) within 5 minutes with coverage >= 9/10; DCGAN within 15 minutes with
coverage 10/10 and IS >= 8; cGAN label accuracy >= 90%. Writes results.json, quality.png and one sample grid per
GAN into --out, and prints a table.
"""
import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks import machine, print_table
from minigrad.data import datasets
from minigrad.data.mnist import mnist
from minigrad.gan import builders, metrics
from minigrad.gan.reference import reference_classifier, split_sample
from minigrad.training import Callback

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"

# name -> (builder, time budget in seconds, epoch cap, batch size); the lecture's GAN gets the vanilla budget for
# comparison. DCGAN's step costs grow with the batch, so batches of 32 give it twice the updates in the same time.
GANS = {
    "vanilla (lecture)": (lambda: builders.vanilla(seed=0), 300, 400, 64),
    "vanilla (improved)": (lambda: builders.vanilla(improved=True, seed=0), 300, 400, 64),
    "DCGAN": (lambda: builders.dcgan(seed=0), 900, 400, 32),
    "cGAN": (lambda: builders.cgan(seed=0), 600, 400, 64),
}
TARGETS = {"vanilla (improved)": "coverage >= 9", "DCGAN": "coverage 10, IS >= 8", "cGAN": "label accuracy >= 0.90"}


class TimeBudget(Callback):
    """Stop before the epoch that would overrun ``seconds`` (judged by the longest epoch so far)."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds, self.start, self.longest = seconds, None, 0.0

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.longest = max(self.longest, logs["seconds"])
        if time.perf_counter() - self.start + self.longest > self.seconds:
            self.model.stop_training = True


def real_digits(n):
    """Real digits the GANs never saw: the official test set when ../shared/data/mnist has it, else None."""
    if not SHARED_MNIST.exists():
        return None
    images, labels = mnist("test", root=SHARED_MNIST, download=False)
    return images[:n].astype(np.float32) / 255.0, labels[:n]


def train_and_judge(name, classifier, images, labels, stats, budget, cap, n, out):
    from minigrad.viz import plots
    build, _, _, batch_size = GANS[name]
    gan = build()
    start = time.perf_counter()
    history = gan.fit(images, labels if gan.num_classes else None, epochs=cap, batch_size=batch_size,
                      sample_every=cap, callbacks=[TimeBudget(budget)], verbose=0, seed=0)
    seconds = time.perf_counter() - start
    z = np.random.default_rng(1).standard_normal((n, gan.latent_dim)).astype(np.float32)
    requested = None if gan.num_classes is None else np.arange(n) % gan.num_classes
    row = metrics.quality(classifier, gan.sample(z=z, labels=requested), stats, requested)
    row.update(epochs=len(history.epoch), train_seconds=round(seconds, 1), batch_size=batch_size,
               d_loss=history.history["d_loss"][-1], g_loss=history.history["g_loss"][-1])
    slug = name.split()[0].lower() + ("_lecture" if "lecture" in name else "")
    grid = gan.sample(z=z[:100], labels=None if requested is None else requested[:100])
    plots.save_image_grid(grid, out / f"samples_{slug}.png", ncols=10,
                          title=f"{name}: {row['epochs']} epochs in {seconds:.0f} s")
    return row


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gan_quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short budgets and a small classifier (smoke test)")
    parser.add_argument("--out", type=Path, default=Path("runs") / "gan_quality")
    parser.add_argument("--only", nargs="*", default=None, help="train only these GANs (names as in the table)")
    args = parser.parse_args(argv)
    from minigrad.viz import plots
    args.out.mkdir(parents=True, exist_ok=True)
    n = 500 if args.quick else 2000

    start = time.perf_counter()
    classifier = reference_classifier(**({"epochs": 1, "n_train": 500} if args.quick else {}))
    classifier_seconds = time.perf_counter() - start
    images, labels = datasets.mnist_sample()
    images = images.astype(np.float32) / 255.0
    _, _, held_images, held_labels = split_sample(images, labels)
    classifier_report = {"path": str(classifier.path), "trained_now": classifier.trained_now,
                         "seconds": round(classifier_seconds, 1),
                         "held_out_accuracy": classifier.accuracy(held_images, held_labels)}
    _, features = classifier.probabilities_and_features(images)
    stats = metrics.gaussian_stats(features)

    official = real_digits(n)
    real = official[0] if official is not None else held_images
    classifier_report["official_test_accuracy"] = None if official is None else classifier.accuracy(*official)
    rows = {"real digits": metrics.quality(classifier, real, stats),
            "noise": metrics.quality(classifier, np.random.default_rng(0).uniform(0, 1, (n, 28, 28)), stats)}
    rows["real digits"]["source"] = "official MNIST test digits" if official is not None else "held-out sample digits"
    for name, (_, budget, cap, _) in GANS.items():
        if args.only and name not in args.only:
            continue
        budget, cap = (20, 3) if args.quick else (budget, cap)
        rows[name] = train_and_judge(name, classifier, images, labels, stats, budget, cap, n, args.out)
        rows[name]["budget_seconds"] = budget
        print(f"{name}: done in {rows[name]['train_seconds']:.0f} s", flush=True)

    plots.plot_quality(rows, args.out / "quality.png")
    report = {"machine": {"python": sys.version.split()[0], "platform": platform.platform()},
              "classifier": classifier_report, "samples_per_row": n, "rows": rows}
    (args.out / "results.json").write_text(json.dumps(report, indent=1, default=float))
    print_report(rows, classifier_report)
    return report


def print_report(rows, classifier_report):
    print(f"reference classifier: held-out accuracy {classifier_report['held_out_accuracy']:.3f}"
          + (f", official test accuracy {classifier_report['official_test_accuracy']:.3f}"
             if classifier_report["official_test_accuracy"] is not None else ""))
    print_table(f"GAN quality on {machine()}",
                ["source", "IS", "FID", "coverage", "label acc", "epochs", "seconds", "target"],
                [[name, f"{row['inception_score']:.2f}", f"{row['fid']:.1f}", f"{row['coverage']}/10",
                  f"{row['label_accuracy']:.3f}" if "label_accuracy" in row else "-", row.get("epochs", "-"),
                  row.get("train_seconds", "-"), TARGETS.get(name, "")] for name, row in rows.items()])


if __name__ == "__main__":
    main(sys.argv[1:])
