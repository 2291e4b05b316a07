"""Watch a network train: its graph by layer, each layer's weights and gradients, the curves, a GAN's samples.

    from minigrad.viz import Live
    model.fit(x, y, epochs=5, callbacks=[Live()])      # Keras style: a frame after every epoch
    live = Live(model=net); live.update(loss=l, accuracy=a); live.close()   # in your own loop

In Jupyter the view sits under the cell and updates in place. Elsewhere it is one self-contained page,
``DIR/live.html`` (``Live(out=DIR)``, default ``live``): inline SVG and PNG, no network. While training runs the
page reloads itself every few seconds; it keeps every frame, and its slider scrubs back through them afterwards.

Each frame colors every layer by the size of its parameters' gradient, on ``draw_graph``'s fixed scale, so a
vanishing (dark blue) or exploding (red) layer stands out, and a table gives each layer's |w|, |grad| and their
ratio |grad| / |w| (the relative size of one SGD step per unit learning rate). The graph is the model's own
computation, traced once on a small batch of zeros in eval mode and drawn by structure; a model that cannot be
traced (its input shape is unknown) is drawn as the chain of its layers. Rendering runs in a background thread
(Graphviz's ``dot`` is a separate process), so training goes on while a frame is drawn.
"""
import base64
import html
import math
import threading
import zlib
from pathlib import Path

import numpy as np

from ..engine import Value
from ..training.callbacks import Callback
from .graph import GRAD_SCALE, Graph, draw_graph, grad_color
from .stepper import render_svgs

MAX_ROWS = 16    # layers in the table; past it, layers are summed into the modules around them
SAMPLES = 16     # GAN samples shown per frame


class Live(Callback):
    """A live view of training (see the module docstring).

    ``out``: the folder for ``live.html`` (default "live"; in Jupyter nothing is written unless ``out`` is
    given). ``model``: the network to watch (as a callback, the model being fit). ``samples``: a function that
    returns images (n, H, W) in [0, 1] to show each frame; a GAN's fixed-noise samples are shown by default.
    ``title``: the page's heading. ``refresh``: seconds between reloads of the page while training runs.
    """

    def __init__(self, out=None, model=None, samples=None, title="Training", refresh=3.0):
        super().__init__()
        if samples is not None and not callable(samples):
            raise TypeError(f"Live: samples must be a function that returns images (n, H, W), got "
                            f"{type(samples).__name__}. Pass images for one frame to update(samples=...).")
        self.notebook = _in_notebook()
        self.out = Path(out if out is not None else "live") if out is not None or not self.notebook else None
        self.model, self.sample_fn, self.title, self.refresh = model, samples, str(title), float(refresh)
        self.frames = []        # per frame: {"step", "logs", "layers", "svg", "samples"}
        self.history = {}       # log name -> [(frame index, value)]
        self._trace = None      # (root Value, params) of the traced model, or False when it cannot be traced
        self._display = None
        self._worker, self._dirty = None, False
        self._closed = False
        self._lock = threading.Lock()

    @property
    def path(self):
        """The page's path, or None when nothing is written (in Jupyter without ``out``)."""
        return None if self.out is None else self.out / "live.html"

    # -- the callback hooks --
    def set_model(self, model):
        super().set_model(model)
        self.model = model

    def on_train_begin(self, logs=None):
        self._closed = False

    def on_epoch_end(self, epoch, logs=None):
        self.update(step=epoch + 1, **(logs or {}))

    def on_train_end(self, logs=None):
        self.close()

    # -- the explicit loop --
    def update(self, step=None, model=None, samples=None, **logs):
        """Record a frame: ``logs`` are numbers (``loss=0.3, accuracy=0.9``; a one-element Value counts), and
        ``step`` the epoch or step it belongs to (default: the frame's number, from 1). ``samples``: images
        (n, H, W) or (n, 1, H, W) in [0, 1] for this frame. Returns the frame."""
        if model is not None:
            self.model = model
        values = {}
        for name, value in logs.items():
            if isinstance(value, Value):
                value = value.item()
            try:
                values[name] = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"Live.update: log {name!r} must be a number, got {type(value).__name__}") from None
        k = len(self.frames)
        for name, value in values.items():
            self.history.setdefault(name, []).append((k, value))
        frame = {"step": k + 1 if step is None else step, "logs": values, "layers": [], "svg": None,
                 "samples": None, "source": None}
        if self.model is not None:
            frame["layers"] = layer_stats(self.model)
            frame["source"] = self._graph_source()
        images = samples if samples is not None else self._samples()
        if images is not None:
            frame["samples"] = png_data_uri(image_grid(images))
        self.frames.append(frame)
        self._closed = False
        self._show(wait=self.notebook)
        return frame

    def flush(self):
        """Draw the frames recorded so far and write the page now; training may go on."""
        self._show(wait=True)

    def close(self):
        """Draw the last frames, stop the page's reloading, and wait for the drawing to finish."""
        self._closed = True
        self._show(wait=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- what a frame shows --
    def _graph_source(self):
        """The DOT source of the model's graph by layer, colored by the gradients it has now."""
        if self._trace is None:
            self._trace = trace(self.model) or False
        if self._trace:
            root, params = self._trace
            return draw_graph(root, params=params, view="structure", color_by="grad", show_data=False,
                              show_grad=False, max_nodes=60).source
        return chain_graph(self.model).source

    def _samples(self):
        if self.sample_fn is not None:
            return self.sample_fn()
        model = self.model
        if model is not None and hasattr(model, "sample") and hasattr(model, "fixed_noise"):
            labels = getattr(model, "fixed_labels", None)
            return model.sample(z=model.fixed_noise[:SAMPLES], labels=None if labels is None else labels[:SAMPLES])
        return None

    # -- drawing: in one background thread at a time, or here and now when ``wait`` --
    def _show(self, wait):
        with self._lock:
            self._dirty = True
            worker = self._worker
            if worker is None and not wait:
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()
        if wait:
            if worker is not None:
                worker.join()
            self._draw()

    def _work(self):
        while True:
            with self._lock:
                if not self._dirty:
                    self._worker = None
                    return
                self._dirty = False
            self._draw()

    def _draw(self):
        """Render every frame not drawn yet, then write the page and refresh the notebook view."""
        pending = [f for f in list(self.frames) if f["source"] is not None and f["svg"] is None]
        if pending:
            svgs = render_svgs([_Source(f["source"]) for f in pending], "Live")
            for frame, svg in zip(pending, svgs):
                frame["svg"] = svg
        if self.path is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".html.tmp")
            temporary.write_text(self.page(), encoding="utf-8")
            temporary.replace(self.path)
        if self.notebook and self.frames:
            self._update_notebook()

    def _update_notebook(self):
        from IPython.display import HTML, display
        view = HTML(f'<div class="minigrad-live">{frame_html(self.frames[-1], len(self.frames) - 1)}'
                    f"{curves_svg(self.history, len(self.frames))}</div>")
        if self._display is None:
            self._display = display(view, display_id=True)
        else:
            self._display.update(view)

    def page(self):
        """The whole page: every frame (one shown at a time), the curves, and the slider."""
        frames = [f for f in self.frames if f["source"] is None or f["svg"] is not None]
        body = "\n".join(f'<div class="frame" data-k="{k}" hidden>{frame_html(f, k)}</div>'
                         for k, f in enumerate(frames))
        reload = "" if self._closed else f"{self.refresh:g}"
        return (PAGE.replace("{title}", html.escape(self.title)).replace("{reload}", reload)
                .replace("{last}", str(max(len(frames) - 1, 0))).replace("{legend}", legend_html())
                .replace("{curves}", curves_svg(self.history, len(frames))).replace("{frames}", body))


class _Source:
    """A DOT source where render_svgs expects a graph."""

    def __init__(self, source):
        self.source = source


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


# ---- the model: its graph and its layers' statistics ---------------------------------------------------------

def trace(model):
    """(root, params): the model run once on two samples of zeros, in eval mode, or None when the input shape
    is unknown. A GAN is traced as discriminator(generator(z))."""
    generator, discriminator = getattr(model, "generator", None), getattr(model, "discriminator", None)
    latent = getattr(model, "latent_dim", None)
    shape = getattr(model, "input_shape", None)
    if generator is None and shape is None:
        return None
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        if generator is not None and discriminator is not None and latent is not None:
            z = np.zeros((2, latent), dtype=np.float32)
            if getattr(model, "num_classes", None) is None:
                root = discriminator(generator(z))
            else:
                labels = np.zeros(2, dtype=np.int64)
                root = discriminator(generator(z, labels), labels)
        else:
            root = model(np.zeros((2,) + tuple(shape), dtype=np.float32))
    except Exception:  # a model whose forward needs more than a batch: drawn as a chain instead
        return None
    finally:
        for module, mode in modes:
            module.training = mode
    return root.sum(), model


def layer_stats(model):
    """Per layer, in order: {"name", "kind", "size", "w", "grad", "ratio", "color"}: the L2 norms of its
    parameters and of their gradients, and ratio = |grad| / |w|. Past MAX_ROWS layers, the layers are summed
    into the modules around them."""
    owners = _owners(model)
    while len(owners) > MAX_ROWS and any("." in name for name in owners):
        merged = {}
        for name, (kind, params) in owners.items():
            parent = name.rsplit(".", 1)[0]
            old_kind, old_params = merged.get(parent, (kind, []))
            merged[parent] = (kind if old_kind == kind else "modules", old_params + params)
        owners = merged
    rows = []
    for name, (kind, params) in owners.items():
        w = math.sqrt(sum(float(np.sum(np.square(p.data, dtype=np.float64))) for p in params))
        g = math.sqrt(sum(float(np.sum(np.square(p.grad, dtype=np.float64))) for p in params if p.has_grad))
        rms = g / math.sqrt(max(sum(p.size for p in params), 1))
        rows.append({"name": name, "kind": kind, "size": sum(p.size for p in params), "w": w, "grad": g,
                     "ratio": g / w if w else math.inf if g else 0.0,
                     "color": grad_color(rms if any(p.has_grad for p in params) else None)[0]})
    return rows


def _owners(model):
    """{module path: (class name, [its own parameters])} for the modules that hold parameters themselves."""
    claimed, owners = set(), {}
    modules = list(model.named_modules())
    for path, module in sorted(modules, key=lambda item: -item[0].count(".") if item[0] else 1):
        own = [p for p in module.parameters() if id(p) not in claimed]
        if own:
            claimed.update(id(p) for p in own)
            owners[path or type(module).__name__] = (type(module).__name__, own)
    order = {path or type(module).__name__: k for k, (path, module) in enumerate(modules)}
    return dict(sorted(owners.items(), key=lambda item: order[item[0]]))


def chain_graph(model):
    """The layers that hold parameters, in order, as a chain of boxes colored by their gradients."""
    graph = Graph(name="minigrad", graph_attr={"rankdir": "LR"},
                  node_attr={"fontname": "Helvetica", "fontsize": "11", "shape": "box3d", "style": "filled"})
    rows = layer_stats(model)
    for k, row in enumerate(rows):
        fill = row["color"]
        font = next((f for _, c, f, _ in GRAD_SCALE if c == fill), "black")
        graph.node(f"g{k}", f"{row['kind']} {row['name']}\\n|w| {row['w']:.4g}, |grad| {row['grad']:.4g}",
                   fillcolor=fill, fontcolor=font)
        if k:
            graph.edge(f"g{k - 1}", f"g{k}")
    return graph


# ---- pictures as text: PNG data URIs, the curves as SVG, a frame as HTML ------------------------------------------

def image_grid(images, ncols=8):
    """Images (n, H, W) or (n, 1, H, W) in [0, 1], tiled into one (rows * (H + 1), ncols * (W + 1)) uint8 image."""
    x = np.asarray(images, dtype=np.float64)
    if x.ndim == 4 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3 or not len(x):
        raise ValueError(f"Live: samples must be images of shape (n, H, W) or (n, 1, H, W), got {x.shape}")
    n, h, w = x.shape
    ncols = min(ncols, n)
    rows = -(-n // ncols)
    grid = np.zeros((rows * (h + 1) + 1, ncols * (w + 1) + 1))
    for k, image in enumerate(np.clip(np.nan_to_num(x), 0, 1)):
        r, c = divmod(k, ncols)
        grid[1 + r * (h + 1):1 + r * (h + 1) + h, 1 + c * (w + 1):1 + c * (w + 1) + w] = image
    return (grid * 255).round().astype(np.uint8)


def png_data_uri(gray):
    """A uint8 grayscale image as a data:image/png URI (PNG: signature, IHDR, one zlib IDAT, IEND)."""
    def chunk(kind, data):
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    h, w = gray.shape
    rows = b"".join(b"\0" + gray[r].tobytes() for r in range(h))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0]))
           + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def curves_svg(history, frames, width=640, height=200):
    """The logs over the frames as inline SVG: losses in one panel, other metrics in another; a marker line
    (id "marker-<panel>") that the page moves to the frame shown."""
    panels = [[n for n in history if "loss" in n], [n for n in history if "loss" not in n]]
    out = []
    for p, names in enumerate(panel for panel in panels if panel):
        points = [v for n in names for _, v in history[n] if math.isfinite(v)]
        low, high = (min(points), max(points)) if points else (0.0, 1.0)
        high = high if high > low else low + 1.0
        left, right, top, bottom = 56, width - 8, 8, height - 24
        span = max(frames - 1, 1)

        def x(k):
            return left + (right - left) * k / span

        def y(v):
            return bottom - (bottom - top) * (v - low) / (high - low)
        parts = [f'<svg class="curves" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                 f'xmlns="http://www.w3.org/2000/svg" font-family="Helvetica" font-size="11">',
                 f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" '
                 f'stroke="#999"/>',
                 f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{high:.4g}</text>',
                 f'<text x="{left - 4}" y="{bottom}" text-anchor="end">{low:.4g}</text>',
                 f'<text x="{(left + right) / 2}" y="{height - 6}" text-anchor="middle">frame</text>']
        for c, name in enumerate(names):
            color = COLORS[c % len(COLORS)]
            pts = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in history[name] if math.isfinite(v))
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
            parts.append(f'<text x="{left + 8 + 110 * c}" y="{top + 14}" fill="{color}">{html.escape(name)}</text>')
        parts.append(f'<line id="marker-{p}" class="marker" x1="{x(frames - 1):.1f}" x2="{x(frames - 1):.1f}" '
                     f'y1="{top}" y2="{bottom}" stroke="#d62728" data-left="{left}" data-right="{right}" '
                     f'data-span="{span}"/></svg>')
        out.append("".join(parts))
    return '<div class="curves">' + "".join(out) + "</div>"


def frame_html(frame, k):
    """One frame: its logs, the graph, the table of layers, and the samples."""
    logs = ", ".join(f"{name} {value:.4g}" for name, value in frame["logs"].items())
    parts = [f'<p class="caption">frame {k + 1}: step {frame["step"]}{": " + html.escape(logs) if logs else ""}</p>']
    if frame["svg"]:
        parts.append(f'<div class="graph">{frame["svg"]}</div>')
    if frame["layers"]:
        rows = "".join(f'<tr><td>{html.escape(r["name"])}</td><td>{html.escape(r["kind"])}</td>'
                       f'<td>{r["size"]:,}</td><td>{r["w"]:.4g}</td>'
                       f'<td style="background:{r["color"]}">{r["grad"]:.4g}</td><td>{r["ratio"]:.3g}</td></tr>'
                       for r in frame["layers"])
        parts.append('<table class="layers"><tr><th>layer</th><th>kind</th><th>numbers</th><th>|w|</th>'
                     f'<th>|grad|</th><th>|grad| / |w|</th></tr>{rows}</table>')
    if frame["samples"]:
        parts.append(f'<img class="samples" alt="samples" src="{frame["samples"]}">')
    return "".join(parts)


def legend_html():
    cells = "".join(f'<span style="background:{fill};color:{font}">{html.escape(text)}</span>'
                    for _, fill, font, text in GRAD_SCALE)
    return f'<p class="legend">|grad| per layer (root mean square): {cells}</p>'


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; }
  #controls { display: flex; gap: 0.8em; align-items: center; }
  #slider { flex: 1; max-width: 30em; }
  .graph svg { max-width: 100%; height: auto; }
  .layers { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
  .layers td, .layers th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
  .legend span { padding: 0.1em 0.4em; margin-right: 0.3em; }
  .samples { image-rendering: pixelated; width: 32em; max-width: 100%; }
</style>
</head>
<body data-reload="{reload}">
<h1>{title}</h1>
<div id="controls">
  <button id="prev" type="button">&larr; Prev</button>
  <input id="slider" type="range" min="0" max="{last}" value="{last}" aria-label="frame">
  <button id="next" type="button">Next &rarr;</button>
  <span id="counter"></span>
  <span id="status"></span>
</div>
{legend}
{curves}
{frames}
<script>
  const frames = document.querySelectorAll(".frame");
  const slider = document.getElementById("slider");
  const reload = document.body.dataset.reload;
  let current = frames.length - 1, following = true;
  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    frames.forEach((frame, i) => { frame.hidden = i !== current; });
    slider.value = current;
    document.getElementById("counter").textContent = (current + 1) + " / " + frames.length;
    document.getElementById("prev").disabled = current === 0;
    document.getElementById("next").disabled = current === frames.length - 1;
    document.querySelectorAll(".marker").forEach((line) => {
      const d = line.dataset, x = Number(d.left) + (Number(d.right) - Number(d.left)) * current / Number(d.span);
      line.setAttribute("x1", x); line.setAttribute("x2", x);
    });
  }
  function scrub(k) { following = k >= frames.length - 1; show(k); status(); }
  function status() {
    document.getElementById("status").textContent = !reload ? "training finished"
      : following ? "training: this page reloads every " + reload + " s" : "paused while you look back";
  }
  document.getElementById("prev").addEventListener("click", () => scrub(current - 1));
  document.getElementById("next").addEventListener("click", () => scrub(current + 1));
  slider.addEventListener("input", () => scrub(Number(slider.value)));
  document.addEventListener("keydown", (event) => {
    if (event.target === slider) return;
    if (event.key === "ArrowRight") scrub(current + 1);
    if (event.key === "ArrowLeft") scrub(current - 1);
  });
  if (reload) setInterval(() => { if (following) location.reload(); }, 1000 * Number(reload));
  show(current); status();
</script>
</body>
</html>
"""
