"""Pictures of language models: character embeddings in the plane, attention weights, validation loss curves.

Each function draws on its own matplotlib Figure (Agg, no window), saves it when ``path`` is given and returns it.
"""
import numpy as np

from ..viz.plots import new_figure, save_figure

VOWELS = "aeiou"


def plot_embeddings(weight, chars, path=None, title="character embeddings"):
    """Each character at its 2-D embedding (a row of ``weight``, shape (len(chars), 2)): vowels red, the
    boundary '.' grey, consonants blue. Characters the model uses alike end up close together."""
    weight = np.asarray(weight)
    if weight.shape != (len(chars), 2):
        raise ValueError(f"plot_embeddings: weight must have shape ({len(chars)}, 2), one 2-D point per character, "
                         f"got {weight.shape}. Train a model with embed_dim=2 to draw its embeddings.")
    fig = new_figure(5.5, 5)
    ax = fig.subplots()
    ax.scatter(weight[:, 0], weight[:, 1], s=260, c="#f2f2f2", edgecolors="#999999")
    for (x, y), c in zip(weight, chars):
        color = "#d62728" if c in VOWELS else "#7f7f7f" if c == "." else "#1f77b4"
        ax.text(x, y, c, ha="center", va="center", fontsize=11, color=color, fontweight="bold")
    ax.set_xlabel("embedding dimension 1")
    ax.set_ylabel("embedding dimension 2")
    ax.grid(alpha=0.3)
    ax.set_title(title)
    return save_figure(fig, path)


def plot_attention(weights, tokens, path=None, title="attention weights"):
    """One heat map per head of ``weights`` (heads, T, T): row t = the position reading, column s = the position
    read, colour = the weight. The causal mask leaves the upper triangle at 0."""
    weights = np.asarray(weights)
    if weights.ndim != 3 or weights.shape[1:] != (len(tokens), len(tokens)):
        raise ValueError(f"plot_attention: weights must have shape (heads, {len(tokens)}, {len(tokens)}) for "
                         f"{len(tokens)} tokens, got {weights.shape}.")
    fig = new_figure(3.4 * len(weights) + 0.8, 3.6)
    axes = fig.subplots(1, len(weights), squeeze=False)[0]
    for head, (ax, w) in enumerate(zip(axes, weights)):
        image = ax.imshow(w, cmap="viridis", vmin=0, vmax=1)
        ax.set_xticks(range(len(tokens)), tokens)
        ax.set_yticks(range(len(tokens)), tokens)
        ax.set_xlabel("reads position")
        ax.set_ylabel("position predicting the next character")
        ax.set_title(f"head {head + 1}")
    fig.colorbar(image, ax=list(axes), shrink=0.8)
    fig.suptitle(title)
    return save_figure(fig, path)


def plot_losses(histories, baselines=None, path=None, title="validation loss while training"):
    """Validation loss (nats per character) against training time, one line per model of ``histories``
    ({name: history from lm.train}); ``baselines`` ({name: loss}) are drawn as dashed horizontal lines."""
    fig = new_figure(7, 4.2)
    ax = fig.subplots()
    for name, history in histories.items():
        ax.plot(history["seconds"], history["val_loss"], marker="o", markersize=3, label=name)
    for name, loss in (baselines or {}).items():
        ax.axhline(loss, linestyle="--", color="#7f7f7f", label=f"{name} ({loss:.3f})")
    ax.set_xlabel("training time (s)")
    ax.set_ylabel("validation loss (nats per character)")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title)
    return save_figure(fig, path)
