"""The ``minigrad-graph`` Sphinx directive: run a code block and embed the graph of one of its Values as SVG.

Add ``"minigrad.viz.sphinx"`` to ``extensions`` in conf.py, then write

    .. minigrad-graph::
       :value: out

       a = Value(2.0, label="a")
       b = Value(-3.0, label="b")
       out = (a * b + a).tanh()

The code runs every time the docs build, so the picture always shows what the library does today. Without
``:value:`` the code's last expression is drawn, or else the Value last assigned to a name. A one-element Value
that requires grad and has no grad yet gets ``backward()`` first, so grads show. Other options: ``:rankdir:``,
``:max-nodes:``, ``:color-by: grad``, ``:view:`` (auto, values or structure) and ``:expand:`` (box names separated
by spaces), as in ``draw_graph``; ``:params:``, the name of a variable of the code that holds the parameters' names
(a Module or a dict); ``:backprop-step: k``, to draw the graph after the first k backward rules ran
(``draw_backprop``'s frame k; the code must not call backward itself); and the flag ``:show-code:``, which prints the code above the picture.
"""
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .graph import RANKDIRS, VIEWS, draw_backprop, draw_graph, value_from_code


class GraphDirective(SphinxDirective):
    """``.. minigrad-graph::``: the code block's Value, drawn by draw_graph, inline as SVG (HTML output)."""

    has_content = True
    option_spec = {
        "value": directives.unchanged_required,
        "rankdir": lambda arg: directives.choice(arg, tuple(r.lower() for r in RANKDIRS)).upper(),
        "max-nodes": directives.positive_int,
        "color-by": lambda arg: directives.choice(arg, ("grad",)),
        "view": lambda arg: directives.choice(arg, VIEWS),
        "expand": directives.unchanged_required,
        "params": directives.unchanged_required,
        "backprop-step": directives.nonnegative_int,
        "show-code": directives.flag,
    }

    def run(self):
        code = "\n".join(self.content)
        if not code.strip():
            raise self.error("minigrad-graph: the directive needs Python code in its body, indented under it, "
                             "that computes the Value to draw.")
        try:
            namespace = {}
            step = self.options.get("backprop-step")
            root = value_from_code(code, self.options.get("value"), "minigrad-graph", backward=step is None,
                                   namespace=namespace)
            params = self.options.get("params")
            if params is not None and params not in namespace:
                raise ValueError(f":params: names {params!r}, which the code does not define.")
            options = dict(rankdir=self.options.get("rankdir", "LR"), max_nodes=self.options.get("max-nodes", 300),
                           color_by=self.options.get("color-by"), params=None if params is None else namespace[params],
                           view=self.options.get("view", "auto"), expand=self.options.get("expand", "").split())
            graph = draw_graph(root, **options) if step is None else _frame(root, step, options)
            svg = graph.pipe(format="svg", encoding="utf-8")
        except Exception as error:
            message = str(error).removeprefix("minigrad-graph: ")
            raise self.error(f"minigrad-graph: {type(error).__name__}: {message}") from None
        shown = [nodes.literal_block(code, code, language="python")] if "show-code" in self.options else []
        picture = f'<div class="minigrad-graph">{svg[svg.index("<svg"):]}</div>'
        return shown + [nodes.raw("", picture, format="html")]


def _frame(root, step, options):
    """Frame ``step`` of draw_backprop: the graph after that many backward rules."""
    for k, frame in enumerate(draw_backprop(root, **options)):
        if k == step:
            return frame
    raise ValueError(f":backprop-step: {step} is past the last step, {k}, of this graph's backward pass.")


def setup(app):
    app.add_directive("minigrad-graph", GraphDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
