"""The backward pass as a web page: one picture per step, with Prev/Next buttons, a slider and the arrow keys.

    >>> save_backprop(out, "backprop.html")   # open it in any browser; it needs nothing else

Each frame comes from ``draw_backprop``: the node whose rule just ran is red, the inputs it added gradient into
are orange, and the caption says how each of their grads changed. Every frame is inline SVG, so the page works
offline and can be mailed around. Rendering needs Graphviz's ``dot``, run once for all the frames.
"""
import html
import re
from pathlib import Path

import graphviz

from .graph import INSTALL_HINT, DotNotFoundError, draw_backprop


def save_backprop(root, path, grad=None, **options):
    """Write the frames of ``draw_backprop(root, grad, **options)`` to one self-contained HTML page at ``path``.

    Running it performs root's backward pass, so afterwards the grads are as ``root.backward(grad)`` leaves them.
    Returns the path written.
    """
    frames = list(draw_backprop(root, grad, **options))
    svgs = render_svgs(frames, "save_backprop")
    captions = [frame.graph_attr.get("label", "") for frame in frames]
    path = Path(path)
    path.write_text(_page(svgs, captions), encoding="utf-8")
    return path


def render_svgs(graphs, caller):
    """The SVG of each graph, from a single run of `dot` over all their sources."""
    source = "".join(graph.source for graph in graphs)
    try:
        output = graphviz.Source(source).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise DotNotFoundError(f"{caller}: {INSTALL_HINT}") from None
    return re.findall(r"<svg\b.*?</svg>", output, flags=re.S)


def _page(svgs, captions):
    frames = "\n".join(f'<div class="frame" data-caption="{html.escape(caption)}" hidden>{svg}</div>'
                       for svg, caption in zip(svgs, captions))
    return PAGE.replace("{last}", str(len(svgs) - 1)).replace("{frames}", frames)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backpropagation, step by step</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; }
  #controls { display: flex; gap: 0.8em; align-items: center; }
  #slider { flex: 1; max-width: 30em; }
  #caption { font-family: monospace; min-height: 2.5em; white-space: pre-wrap; }
  .frame svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>Backpropagation, step by step</h1>
<p>Red: the node whose backward rule just ran. Orange: the inputs it added gradient into.
Use the buttons, the slider or the arrow keys.</p>
<div id="controls">
  <button id="prev" type="button">&larr; Prev</button>
  <input id="slider" type="range" min="0" max="{last}" value="0" aria-label="step">
  <button id="next" type="button">Next &rarr;</button>
  <span id="counter"></span>
</div>
<p id="caption"></p>
{frames}
<script>
  const frames = document.querySelectorAll(".frame");
  const slider = document.getElementById("slider");
  let current = 0;
  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    frames.forEach((frame, i) => { frame.hidden = i !== current; });
    slider.value = current;
    document.getElementById("counter").textContent = (current + 1) + " / " + frames.length;
    document.getElementById("caption").textContent = frames[current].dataset.caption;
    document.getElementById("prev").disabled = current === 0;
    document.getElementById("next").disabled = current === frames.length - 1;
  }
  document.getElementById("prev").addEventListener("click", () => show(current - 1));
  document.getElementById("next").addEventListener("click", () => show(current + 1));
  slider.addEventListener("input", () => show(Number(slider.value)));
  document.addEventListener("keydown", (event) => {
    if (event.target === slider) return;  // the slider moves itself with the arrow keys
    if (event.key === "ArrowRight") show(current + 1);
    if (event.key === "ArrowLeft") show(current - 1);
  });
  show(0);
</script>
</body>
</html>
"""
