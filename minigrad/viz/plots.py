"""Figures for training runs: learning curves, a decision boundary, image grids, a confusion matrix, GAN quality.

    >>> from minigrad.viz import plots
    >>> plots.plot_curves(history, "curves.png")              # history.history: {"loss": [...], "val_loss": [...]}
    >>> plots.plot_decision_boundary(model.predict, X, y, "moons.png")
    >>> plots.save_image_grid(images, "samples.png")          # images (n, 28, 28) in [0, 1]

Each function draws on its own ``matplotlib.figure.Figure`` (the Agg renderer, no window and no pyplot state),
saves it when ``path`` is given, and returns it, so a notebook can show it. matplotlib loads on the first call.
"""
import math

import numpy as np


def new_figure(width, height):
    """A Figure drawn by Agg, independent of pyplot (so no GUI backend and no global state)."""
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def save_figure(fig, path):
    """Save ``fig`` to ``path`` when a path is given; return the figure."""
    if path is not None:
        fig.savefig(path)
    return fig


# ---- learning curves ------------------------------------------------------------------------------

def plot_curves(history, path=None, panels=None, title=None):
    """One panel per group of logs, each log a line over the epochs.

    ``history`` is a training History (its ``.history`` dict is used) or a dict ``{name: [value per epoch]}``.
    ``panels`` lists the groups, e.g. ``[["d_loss", "g_loss"], ["d_real", "d_fake"]]``; by default each log
    gets a panel shared with its ``val_`` twin (``loss`` with ``val_loss``)."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError(f"plot_curves: history must be a History or a non-empty dict {{name: values}}, got "
                         f"{type(logs).__name__} {logs!r:.60}")
    if panels is None:
        panels = [[name] + ([f"val_{name}"] if f"val_{name}" in logs else [])
                  for name in logs if not name.startswith("val_")]
    missing = [name for panel in panels for name in panel if name not in logs]
    if missing:
        raise ValueError(f"plot_curves: no log named {missing} in the history; it has {sorted(logs)}")
    fig = new_figure(4.2 * len(panels), 3.2)
    for ax, panel in zip(fig.subplots(1, len(panels), squeeze=False)[0], panels):
        for name in panel:
            values = np.asarray(logs[name], dtype=float)
            ax.plot(np.arange(1, len(values) + 1), values, marker="o" if len(values) < 30 else None,
                    markersize=3, label=name)
        ax.set_xlabel("epoch")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return save_figure(fig, path)


# ---- a classifier in the plane --------------------------------------------------------------------

def plot_decision_boundary(predict, X, y, path=None, title=None, resolution=200):
    """The plane coloured by the class a classifier predicts, with the data points on top.

    ``predict(points)`` takes an array (n, 2) and returns, for each point, the probability of class 1 (shape
    (n,) or (n, 1)) or one score per class (shape (n, k)); the predicted class is p > 0.5, or the argmax."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),):
        raise ValueError(f"plot_decision_boundary: expected points X of shape (n, 2) and labels y of shape (n,), "
                         f"got {X.shape} and {y.shape}")
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 1e-9
    low, high = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    scores = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)))
    if scores.ndim == 2 and scores.shape[1] > 1:
        classes = scores.argmax(axis=1)
    else:
        classes = (scores.reshape(-1) > 0.5).astype(int)
    if classes.size != gx.size:
        raise ValueError(f"plot_decision_boundary: predict returned {scores.shape} for {gx.size} points; it must "
                         "return one probability or one row of class scores per point")
    fig = new_figure(4.8, 4.0)
    ax = fig.subplots()
    n_classes = int(max(classes.max(), y.max())) + 1
    ax.contourf(gx, gy, classes.reshape(gx.shape), levels=np.arange(n_classes + 1) - 0.5, cmap="coolwarm",
                alpha=0.35)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="k", linewidths=0.3,
               vmin=0, vmax=max(n_classes - 1, 1))
    ax.set_title(title or "decision boundary")
    return save_figure(fig, path)


# ---- images -------------------------------------------------------------------------------------------

def make_grid(images, ncols=None, padding=2, fill=1.0):
    """Tile images (n, H, W) into one array: ``ncols`` per row (default about sqrt(n)), ``padding`` pixels of
    value ``fill`` between them. Image i lands in row i // ncols, column i % ncols."""
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"make_grid: expected grey images of shape (n, H, W) or (n, 1, H, W) with n >= 1, "
                         f"got {images.shape}")
    n, h, w = images.shape
    ncols = ncols or math.ceil(math.sqrt(n))
    nrows = math.ceil(n / ncols)
    grid = np.full((nrows * (h + padding) + padding, ncols * (w + padding) + padding), fill, dtype=np.float32)
    for i, image in enumerate(images):
        top, left = padding + (i // ncols) * (h + padding), padding + (i % ncols) * (w + padding)
        grid[top:top + h, left:left + w] = image
    return grid


def save_image_grid(images, path=None, ncols=None, title=None, row_labels=None, scale=2):
    """Images (n, H, W) with pixels in [0, 1] (0 black, 1 white) as one grid picture. ``row_labels`` names
    each row of the grid (e.g. the digit a conditional GAN was asked for)."""
    images = np.asarray(images, dtype=np.float32)
    grid = make_grid(images, ncols)
    low, high = float(np.nanmin(grid)), float(np.nanmax(grid))
    if low < -1e-3 or high > 1 + 1e-3:
        raise ValueError(f"save_image_grid: pixels must lie in [0, 1], got values from {low:.3g} to {high:.3g}; "
                         "rescale them first (a tanh generator's x in [-1, 1] becomes (x + 1) / 2)")
    margin = 0.35 if title else 0.05
    fig = new_figure(scale * grid.shape[1] / 60 + (0.4 if row_labels is not None else 0),
                  scale * grid.shape[0] / 60 + margin)
    ax = fig.subplots()
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    if row_labels is None:
        ax.set_yticks([])
    else:
        h = images.shape[-2] + 2
        ax.set_yticks([2 + h * r + h / 2 - 1 for r in range(len(row_labels))], [str(r) for r in row_labels])
    if title:
        ax.set_title(title, fontsize=9)
    return save_figure(fig, path)


def save_grids_over_epochs(samples, path=None, per_row=10, title="samples from the same noise, epoch by epoch"):
    """One row per entry of ``samples`` ({epoch: images (n, H, W) in [0, 1]}): the first ``per_row`` images of
    each, so the same latent points can be followed as training goes on."""
    if not samples:
        raise ValueError("save_grids_over_epochs: samples is empty; record grids with fit(..., sample_every=N)")
    epochs = sorted(samples)
    rows = np.concatenate([np.asarray(samples[e])[:per_row] for e in epochs])
    return save_image_grid(rows, path, ncols=per_row, title=title, row_labels=[f"epoch {e}" for e in epochs])


# ---- classification results ---------------------------------------------------------------------------------

def confusion_matrix(y_true, y_pred, num_classes=None):
    """counts[i, j] = how many samples of true class i were predicted as class j."""
    y_true, y_pred = np.asarray(y_true).astype(np.int64), np.asarray(y_pred).astype(np.int64)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"confusion_matrix: y_true and y_pred must be label vectors of the same length, got "
                         f"shapes {y_true.shape} and {y_pred.shape}")
    k = num_classes or int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def plot_confusion_matrix(counts, path=None, class_names=None, title=None):
    """The confusion matrix as a heat map with the count in each cell: the diagonal holds the correct ones."""
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(f"plot_confusion_matrix: expected a square matrix of counts, got shape {counts.shape}")
    k = len(counts)
    names = [str(i) for i in range(k)] if class_names is None else [str(n) for n in class_names]
    fig = new_figure(0.45 * k + 1.6, 0.45 * k + 1.2)
    ax = fig.subplots()
    ax.imshow(counts, cmap="Blues")
    threshold = counts.max() / 2 if counts.size else 0
    for i in range(k):
        for j in range(k):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=7,
                    color="white" if counts[i, j] > threshold else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    ax.set_title(title or f"accuracy {accuracy:.1%}", fontsize=9)
    return save_figure(fig, path)


def plot_quality(rows, path=None, title="sample quality, measured by the reference classifier"):
    """Bars side by side for each source (real data, noise, each GAN): Inception Score, Frechet distance and
    mode coverage. ``rows`` is ``{source: {"inception_score": .., "fid": .., "coverage": ..}}``."""
    if not rows:
        raise ValueError("plot_quality: rows is empty; give {source: {metric: value}}")
    panels = (("inception_score", "Inception Score (higher is better, max 10)"),
              ("fid", "Frechet distance (lower is better)"), ("coverage", "classes covered (of 10)"))
    fig = new_figure(11, 3.0)
    names = list(rows)
    for ax, (key, label) in zip(fig.subplots(1, len(panels)), panels):
        values = [float(rows[name].get(key, np.nan)) for name in names]
        bars = ax.bar(range(len(names)), values, color=[_source_color(name) for name in names])
        ax.bar_label(bars, fmt="%.3g", fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=20, fontsize=8)
        ax.set_title(label, fontsize=9)
    fig.suptitle(title, fontsize=10)
    return save_figure(fig, path)


def _source_color(name):
    """Blue for real data, grey for noise, orange for a generator."""
    return "#4c72b0" if name.startswith("real") else "#999999" if name.startswith("noise") else "#dd8452"


def plot_class_histogram(counts, path=None, title="generated digits by class"):
    """How many generated images the reference classifier put in each class: a GAN that collapses piles them
    into a few bars."""
    counts = np.asarray(counts, dtype=float)
    fig = new_figure(4.2, 2.8)
    ax = fig.subplots()
    ax.bar(range(len(counts)), counts, color="#dd8452")
    ax.axhline(counts.sum() / len(counts), color="k", linestyle="--", linewidth=0.8, label="uniform")
    ax.set_xticks(range(len(counts)))
    ax.set_xlabel("class")
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=9)
    return save_figure(fig, path)
