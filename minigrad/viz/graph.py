"""Draw the computation graph: a box per Value, an ellipse per op, arrows in the direction of the forward pass.

    >>> out = (a * b + a).tanh(); out.backward()
    >>> draw_graph(out)                                # a graphviz.Digraph: a notebook shows it inline
    >>> draw_graph(out).render("graph", format="svg")  # needs Graphviz's `dot` program

A scalar Value shows its name, data and grad; a tensor shows its name, shape, dtype and a summary of its data
and grad (mean, min, max, or the entries themselves when there are few). Constants (raw numbers and arrays fed to
ops) have dashed borders and no grad. Parameters are named from ``params=`` (a dict or a Module), else from their
own ``name``, and each module of ``params`` gets a box. A graph of more than ``max_nodes`` Values is drawn by its
structure (see structure.py): a box per layer, neuron, block of ops or group of inputs, each with its repeats
("x100": once per sample), its parameters' norms and its output's and gradient's statistics; ``expand=`` opens
one box. ``draw_backprop`` replays the backward pass one rule at a time, a picture per step.

Ids are numbered in topological order and nothing depends on memory addresses or hashing, so the same code gives
byte-identical DOT in every process.
"""
import ast
import html
import math

import graphviz
import numpy as np

from ..engine import Value
from .structure import find_units

INSTALL_HINT = ("rendering needs Graphviz's `dot` program, and it is not on PATH. Install it with "
                "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
                "`conda install -c conda-forge graphviz` (conda), then try again. Building the DOT source "
                "(graph.source) works without it.")

RANKDIRS = ("LR", "TB", "RL", "BT")
VIEWS = ("auto", "values", "structure")

# color_by="grad": one color per band of |grad| (the root mean square of a tensor's grad), on a fixed scale so
# pictures compare across steps. (upper bound of the band, fill color, font color, legend text)
GRAD_SCALE = (
    (1e-6, "#313695", "white", "< 1e-6  vanishing"),
    (1e-3, "#74add1", "black", "1e-6 to 1e-3"),
    (1.0, "#d9ef8b", "black", "1e-3 to 1"),
    (1e3, "#fdae61", "black", "1 to 1e3"),
    (math.inf, "#d73027", "white", ">= 1e3  exploding"),
)
ZERO_GRAD = ("#e0e0e0", "black", "0 (no gradient reached it)")
BAD_GRAD = ("#000000", "white", "NaN or inf")

CURRENT = {"color": "#d62728", "penwidth": "3"}    # draw_backprop: the node whose rule just ran
RECEIVED = {"color": "#ff7f0e", "penwidth": "2"}   # and the inputs that its rule just added into


class DotNotFoundError(graphviz.ExecutableNotFound):
    """Graphviz's `dot` program is missing, so the graph cannot be rendered (its DOT source still can be)."""

    def __init__(self, message=INSTALL_HINT):
        RuntimeError.__init__(self, message)


class Graph(graphviz.Digraph):
    """A graphviz.Digraph whose render() and pipe() say how to install Graphviz when `dot` is missing."""

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise DotNotFoundError(f"Graph.render: {INSTALL_HINT}") from None

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise DotNotFoundError(f"Graph.pipe: {INSTALL_HINT}") from None


# ---- the public functions ------------------------------------------------------------------------------

def draw_graph(root, *, rankdir="LR", show_data=True, show_grad=True, params=None, cluster_modules=True,
               max_nodes=300, color_by=None, view="auto", expand=None):
    """The computation graph that produced ``root``, as a ``graphviz.Digraph``.

    rankdir: "LR" (left to right, the default), "TB", "RL" or "BT".
    show_data, show_grad: print each Value's data and grad.
    params: names for parameters: a dict {name: Value} or a Module (its named_parameters). A dotted name such
        as "encoder.0.weight" places the parameter in module "encoder.0".
    cluster_modules: draw a box around each module's nodes, labelled with the module's path.
    max_nodes: the most Values to draw one by one (None: no limit). A bigger graph is drawn by its structure,
        in at most ``max_nodes`` boxes and nodes: one box per module (a layer; a neuron of a scalar MLP), per
        block of ops outside the modules (a loss over every sample and its sum) and per group of inputs. Each
        box says how often its work repeats ("x100": once per sample), and gives its parameters' norms, its
        output's shape and min/mean/max, its gradient's min/mean/max and norm, and the ops it holds. Modules
        fold into the module around them, level by level, until the boxes fit.
    color_by: None, or "grad" to shade each Value (each box: its parameters') by the size of its gradient, with
        a legend.
    view: "auto" (by structure past max_nodes), "values" (every Value, however many) or "structure" (always).
    expand: a box name or a list of them (a module path such as "layers.1", or "#3" for the third box outside
        the modules, as its label says) to open: a module into its submodules, another box into its Values,
        one repeat of them when the box repeats.
    """
    return _Picture(root, "draw_graph", rankdir, show_data, show_grad, params, cluster_modules, max_nodes,
                    color_by, view, expand).draw()


def draw_backprop(root, grad=None, **options):
    """Run ``root.backward(grad)`` one rule at a time, yielding a picture (a Digraph) after each step.

    The first frame shows the seed, d root / d root = 1. Each later frame marks the node whose backward rule
    just ran (red) and the inputs it added gradient into (orange), with the grads filled in so far, so the
    ``+=`` of a Value used twice is visible. Nodes run in reverse topological order, as in ``backward``, and
    once every frame has been taken the grads are exactly what ``backward`` leaves. Takes draw_graph's options.
    """
    picture = _Picture(root, "draw_backprop", **_picture_options(options))
    if not root.requires_grad:
        raise RuntimeError("draw_backprop: the root does not require grad, so there is no backward pass to "
                           "draw. It was computed from constants only, or under no_grad().")
    steps = root.backward_steps(grad)
    next(steps)  # the engine resets the graph's grads and seeds the root (checking ``grad``) before any rule
    return _replay(picture, root, steps)


def _picture_options(options):
    """draw_graph's defaults, overridden by ``options``."""
    defaults = draw_graph.__kwdefaults__
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise TypeError(f"draw_backprop: unknown option(s) {', '.join(unknown)}; it takes draw_graph's options: "
                        f"{', '.join(defaults)}.")
    return {**defaults, **options}


def _replay(picture, root, steps):
    """backward(), one rule per frame: the engine's own ``backward_steps``, already seeded, drawn after each rule.
    A receiver's grad changes only in the steps that add into it, so its previous summary is kept from there."""
    shown = {v: _grad_summary(v) for v in root.topological_order()}
    yield picture.draw(current=root, caption=f"seed: {picture.title(root)}.grad = {shown[root]}")
    for step, node in enumerate(steps, start=1):
        receivers = [p for p in dict.fromkeys(node.parents) if p.requires_grad]
        before = [shown[p] for p in receivers]
        shown.update((p, _grad_summary(p)) for p in receivers)
        changes = "; ".join(f"{picture.title(p)}.grad {old} -> {shown[p]}" for p, old in zip(receivers, before))
        yield picture.draw(current=node, received=receivers,
                           caption=f"step {step}: the '{node.op}' rule of {picture.title(node)}: {changes}")


def _grad_summary(v):
    return _summary(v.grad) if v.has_grad else "0"


# ---- reading the graph: nodes in topological order, names, modules ----------------------------------------

def _walk(root):
    """Every Value ``root`` depends on, constants included, parents before children (iterative DFS).

    Returns the Values, {Value: its position} and, per Value, the positions of its parents."""
    order, index, parents, stack = [], {}, [], [(root, iter(root.parents))]
    seen = {root}
    while stack:
        node, inputs = stack[-1]
        for parent in inputs:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent.parents)))
                break
        else:
            stack.pop()
            index[node] = len(order)
            order.append(node)
            parents.append(tuple([index[p] for p in node.parents]))
    return order, index, parents


def _named(params, caller):
    """({id(Value): name}, {module path: class name}) from a dict or a Module."""
    if params is None:
        return {}, {}
    classes = {}
    if hasattr(params, "named_parameters"):
        pairs = list(params.named_parameters())
        if hasattr(params, "named_modules"):
            classes = {path: type(module).__name__ for path, module in params.named_modules() if path}
    elif isinstance(params, dict):
        pairs = list(params.items())
    else:
        raise TypeError(f"{caller}: params must be a dict {{name: Value}} or a Module with named_parameters(), "
                        f"got {type(params).__name__}.")
    names = {}
    for name, value in pairs:
        if not isinstance(name, str) or not isinstance(value, Value):
            raise TypeError(f"{caller}: params maps names (str) to Values, but {name!r} maps to "
                            f"{type(value).__name__}. Pass the Value or Parameter itself.")
        names.setdefault(id(value), name)
    return names, classes


def _module_of(name, classes):
    """The module a parameter belongs to: the longest known module path before its name, else all but the
    last dotted part ("fc1.weight" -> "fc1"). None at the top level."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        if ".".join(parts[:cut]) in classes:
            return ".".join(parts[:cut])
    return ".".join(parts[:-1]) or None


def _common_module(paths):
    """The deepest module that contains every path in ``paths`` (None when they only share the top level)."""
    split = [p.split(".") for p in paths]
    common = []
    for parts in zip(*split):
        if any(part != parts[0] for part in parts):
            break
        common.append(parts[0])
    return ".".join(common) or None


class _Picture:
    """The analysis of one graph (order, names, modules, boxes), drawn once or once per backprop frame."""

    def __init__(self, root, caller, rankdir, show_data, show_grad, params, cluster_modules, max_nodes,
                 color_by, view, expand):
        if not isinstance(root, Value):
            raise TypeError(f"{caller}: root must be a Value (the output whose graph to draw), got "
                            f"{type(root).__name__}. Wrap numbers and arrays with Value(...).")
        if rankdir not in RANKDIRS:
            raise ValueError(f"{caller}: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}.")
        if view not in VIEWS:
            raise ValueError(f"{caller}: view must be one of {', '.join(VIEWS)}, got {view!r}.")
        if color_by not in (None, "grad"):
            raise ValueError(f"{caller}: color_by must be None or 'grad', got {color_by!r}.")
        if max_nodes is not None and (not isinstance(max_nodes, int) or max_nodes < 1):
            raise ValueError(f"{caller}: max_nodes must be a positive int or None (no limit), got {max_nodes!r}.")
        self.rankdir, self.color_by = rankdir, color_by
        self.show_data, self.show_grad, self.cluster_modules = show_data, show_grad, cluster_modules
        self.values, self.index, self.parents = _walk(root)
        by_id, self.classes = _named(params, caller)
        self.names = [by_id.get(id(v)) or (None if type(v) is Value else _own_name(v)) for v in self.values]
        self.modules = self._assign_modules(by_id) if by_id else [None] * len(self.values)
        self._paths = {m for m in self.modules if m} | set(self.classes)
        self.group = [None] * len(self.values)   # the box each Value is drawn in, if any
        self.summaries = []                       # per box: (module it sits in, label lines, grads to color by)
        if view == "structure" or (view == "auto" and max_nodes is not None and len(self.values) > max_nodes):
            self._box_up(max_nodes or len(self.values) * 2, _expand_names(expand, caller))

    def title(self, v):
        """A Value's name for captions: its parameter name, its label, or its node id."""
        i = self.index[v]
        return self.names[i] or v.label or f"n{i}"

    # -- modules: a parameter sits in the module of its name; an op joins its parameters' module, or the one
    #    module all its inputs sit in (a constant made outside, such as the label in a loss, sits in none); an
    #    op of parameters alone that feeds nothing in their module (a weight penalty p * p) stays outside; a
    #    constant joins the one module all its consumers sit in --
    def _assign_modules(self, by_id):
        values, parents = self.values, self.parents
        param = [by_id.get(id(v)) for v in values]
        modules = [None] * len(values)
        for i, ps in enumerate(parents[:-1]):
            if param[i] is not None:
                modules[i] = _module_of(param[i], self.classes)
            elif ps:
                owned = {modules[p] for p in ps if param[p] is not None}
                if owned:
                    modules[i] = owned.pop() if len(owned) == 1 else _common_module(owned)
                else:
                    inner = {modules[p] for p in ps}
                    modules[i] = inner.pop() if len(inner) == 1 else None
        consumers = [...] * len(values)  # the module all of a Value's consumers sit in; False: several; ...: none
        for i, ps in enumerate(parents):
            m = modules[i]
            for p in ps:
                c = consumers[p]
                consumers[p] = m if c is ... or c == m else False
        for i, ps in enumerate(parents):
            if not ps:
                if param[i] is None and consumers[i] is not False and consumers[i] is not ...:
                    modules[i] = consumers[i]
            elif modules[i] is not None and consumers[i] != modules[i] and all(param[p] is not None for p in ps):
                modules[i] = None
        return modules

    def _module_parent(self, path):
        """The enclosing module of ``path`` among the modules in use (None at the top level)."""
        parts = path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self._paths:
                return prefix
        return None

    # -- big graphs: boxes by structure (see structure.py) --
    def _box_up(self, max_nodes, expand):
        units, self.group = find_units(self.values, self.parents, self.modules, self._module_parent, max_nodes,
                                       expand)
        outputs = [[] for _ in units]
        for i, ps in enumerate(self.parents):
            for p in ps:
                k = self.group[p]
                if k is not None and k != self.group[i] and self.parents[p] and (not outputs[k] or outputs[k][-1] != p):
                    outputs[k].append(p)
        for unit, outs in zip(units, outputs):
            self.summaries.append((unit.path, self._box_lines(unit, sorted(set(outs))), self._box_grad(unit, outs)))

    def _box_lines(self, unit, outputs):
        """A box's label: what it is and how often it repeats, its parameters, its output, the ops it hides."""
        values = [self.values[i] for i in unit.members]
        if unit.kind == "module":
            cls = self.classes.get(unit.name)
            head = f"{cls} {unit.name}" if cls else unit.name
        elif unit.kind == "inputs":
            head = f"inputs {unit.name}"
        else:
            head = f"{values[-1].op} block {unit.name}"
        lines = [head + (f"  x{unit.repeats:,}" if unit.repeats > 1 else "")]
        params = [v for i, v in zip(unit.members, values) if not self.parents[i] and v.requires_grad]
        if params and unit.kind != "inputs":
            size = sum(v.size for v in params)
            lines.append(f"{_plural(len(params), 'parameter')} ({size:,} numbers): |w| {_number(_norm(params, 'data'))}"
                         f", |grad| {_number(_norm(params, 'grad'))}")
        shown = [self.values[i] for i in outputs] or values
        lines.append(_describe(shown) + (": " + _stats(shown, "data") if self.show_data else ""))
        if self.show_grad and any(v.requires_grad for v in shown):
            lines.append(f"grad: {_stats(shown, 'grad')}, norm {_number(_norm(shown, 'grad'))}")
        lines.append(f"{_nodes(len(values))}: {_contents(values)}")
        return lines

    def _box_grad(self, unit, outputs):
        """What color_by="grad" shades a box by: its parameters' grads, or else its outputs' grads."""
        values = [self.values[i] for i in unit.members]
        params = [v for i, v in zip(unit.members, values) if not self.parents[i] and v.requires_grad]
        chosen = params or [self.values[i] for i in outputs if self.values[i].requires_grad]
        if not chosen or not any(v.has_grad for v in chosen):
            return None
        return _flat(chosen, "grad")

    # -- drawing --
    def draw(self, current=None, received=(), caption=None):
        top = {"rankdir": self.rankdir}
        if caption:
            top.update(label=_escape_text(caption), labelloc="t", fontname="Helvetica")
        graph = Graph(name="minigrad", graph_attr=top, node_attr={"fontname": "Helvetica", "fontsize": "11"},
                      edge_attr={"fontname": "Helvetica", "fontsize": "10"})
        marks = {self.index[v]: RECEIVED for v in received}
        if current is not None:
            marks[self.index[current]] = CURRENT
        placed, drawn = {}, set()  # module path -> what to draw inside its box, in topological order
        for i, k in enumerate(self.group):
            if k is None:
                path, item = self.modules[i], ("value", i)
            elif k not in drawn:
                drawn.add(k)
                path, item = self.summaries[k][0], ("summary", k)
            else:
                continue
            placed.setdefault(path if self.cluster_modules else None, []).append(item)
        boxes = {}  # module path -> the module boxes directly inside it
        for path in list(placed):
            while path is not None:
                parent = self._module_parent(path)
                inside = boxes.setdefault(parent, [])
                if path in inside:
                    break
                inside.append(path)
                path = parent
        self._draw_box(graph, None, placed, boxes, marks)
        self._draw_edges(graph)
        if self.color_by == "grad":
            _draw_legend(graph)
        return graph

    def _draw_box(self, graph, path, placed, boxes, marks):
        for kind, arg in placed.get(path, ()):
            if kind == "value":
                self._draw_value(graph, arg, marks.get(arg, {}))
            else:
                self._draw_box_node(graph, arg)
        for k, child in enumerate(boxes.get(path, ())):
            with graph.subgraph(name=f"cluster_{child}") as box:
                cls = self.classes.get(child)
                box.attr(label=_escape_text(f"{child} ({cls})" if cls else child), style="rounded",
                         color="#7f7f7f", fontname="Helvetica")
                self._draw_box(box, child, placed, boxes, marks)

    def _draw_box_node(self, graph, k):
        _, lines, grad = self.summaries[k]
        attrs = {"shape": "box3d", "style": "dashed"}
        if self.color_by == "grad":
            fill, font, _ = grad_color(grad)
            attrs.update(style="dashed,filled", fillcolor=fill, fontcolor=font)
        graph.node(f"g{k}", _escape_text("\n".join(lines)), **attrs)

    def _draw_value(self, graph, i, mark):
        v = self.values[i]
        attrs = {"shape": "record"}
        style = [] if v.requires_grad else ["dashed"]
        if self.color_by == "grad" and v.requires_grad:
            fill, font, _ = grad_color(v.grad if v.has_grad else None)
            style.append("filled")
            attrs.update(fillcolor=fill, fontcolor=font)
        if style:
            attrs["style"] = ",".join(style)
        attrs.update(mark)
        graph.node(f"n{i}", self._label(i), **attrs)
        if v.op:
            graph.node(f"n{i}_op", _escape_text(v.op), shape="ellipse", **mark)
            graph.edge(f"n{i}_op", f"n{i}")

    def _label(self, i):
        v = self.values[i]
        fields = [self.names[i] or v.label]
        if type(v.data) is float:
            if self.show_data:
                fields.append(f"data {_number(v.data)}")
            if self.show_grad and v.requires_grad:
                fields.append(f"grad {_number(v.grad)}")
        else:
            fields.append(f"{v.data.shape} {v.data.dtype}")
            if self.show_data:
                fields.append(f"data {_summary(v.data)}")
            if self.show_grad and v.requires_grad:
                fields.append(f"grad {_grad_summary(v)}")
        return graphviz.nohtml("{ " + " | ".join(_escape_record(f) for f in fields if f) + " }")

    def _draw_edges(self, graph):
        """An arrow from each input to the op that reads it. Arrows into or out of a summary node are merged
        and labelled with how many they stand for."""
        edges = {}
        for i, ps in enumerate(self.parents):
            target = f"n{i}_op" if self.group[i] is None else f"g{self.group[i]}"
            for p in ps:
                if self.group[p] is None or self.group[p] != self.group[i]:
                    source = f"n{p}" if self.group[p] is None else f"g{self.group[p]}"
                    edges[source, target] = edges.get((source, target), 0) + 1
        bundles = self._bundles(edges) if self.cluster_modules and self.summaries else {}
        if bundles:
            graph.attr(compound="true")
        for (source, target), count in edges.items():
            if (source, target) in bundles:
                key, members = bundles[source, target]
                if members[0] == (source, target):
                    self._draw_bundle(graph, key, members, edges)
            elif count > 1 and "g" in (source[0], target[0]):
                graph.edge(source, target, label=f"x{count:,}")
            else:
                for _ in range(count):
                    graph.edge(source, target)

    def _bundles(self, edges):
        """Arrows between boxes that sit in different module boxes, by the pair of outermost module boxes they
        cross ({arrow: (pair, its arrows)}), where a pair has several: 16 neurons feeding 16 are 256 arrows."""
        pairs = {}
        for source, target in edges:
            if source[0] == "g" and target[0] == "g":
                tail, head = self._chain(source), self._chain(target)
                common = next((k for k, (a, b) in enumerate(zip(tail, head)) if a != b), min(len(tail), len(head)))
                a, b = tail[common:common + 1], head[common:common + 1]
                if a or b:
                    pairs.setdefault((a[0] if a else source, b[0] if b else target), []).append((source, target))
        return {edge: (key, members) for key, members in pairs.items() if len(members) > 1 for edge in members}

    def _chain(self, node):
        """The module boxes around a box node, outermost first."""
        chain, path = [], self.summaries[int(node[1:])][0]
        while path is not None:
            chain.append(path)
            path = self._module_parent(path)
        return chain[::-1]

    def _draw_bundle(self, graph, key, members, edges):
        """One arrow for many, from module box to module box (Graphviz clips it at their borders)."""
        tails, heads = {s for s, _ in members}, {t for _, t in members}
        attrs = {"label": f"{len(tails)} to {len(heads)} boxes, x{sum(edges[m] for m in members):,}",
                 "penwidth": "2"}
        if key[0] not in tails:
            attrs["ltail"] = f"cluster_{key[0]}"
        if key[1] not in heads:
            attrs["lhead"] = f"cluster_{key[1]}"
        graph.edge(*members[0], **attrs)


# ---- text: numbers, summaries, escaping -------------------------------------------------------------------

def _own_name(v):
    name = getattr(v, "name", None)
    return name if isinstance(name, str) and name else None


def _kind(v):
    return v.op or ("leaf" if v.requires_grad else "constant")


def _plural(count, kind):
    """'3 leaves', '1 constant', '600 *'."""
    if count != 1:
        kind = {"constant": "constants", "leaf": "leaves", "scalar": "scalars", "parameter": "parameters"}.get(
            kind, kind)
    return f"{count:,} {kind}"


def _nodes(count):
    return f"{count:,} node" + ("" if count == 1 else "s")


def _contents(values):
    """What a summary node hides, most common kind first: '600 *, 599 +, 100 relu, 3 leaves'."""
    counts = {}
    for v in values:
        counts[_kind(v)] = counts.get(_kind(v), 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(_plural(count, kind) for kind, count in ranked[:5])
    return text + (", ..." if len(ranked) > 5 else "")


def _expand_names(expand, caller):
    names = [expand] if isinstance(expand, str) else list(expand or ())
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"{caller}: expand takes a box name or a list of them (such as 'layers.1' or '#2'), "
                        f"got {expand!r}.")
    return names


def _flat(values, field):
    """The entries of every Value's data (or grad) in one float64 array."""
    return np.concatenate([np.ravel(np.asarray(getattr(v, field), dtype=np.float64)) for v in values])


def _norm(values, field):
    with np.errstate(all="ignore"):
        return float(np.linalg.norm(_flat(values, field)))


def _stats(values, field):
    x = _flat(values, field)
    with np.errstate(all="ignore"):
        return f"min {_number(float(x.min()))}, mean {_number(float(x.mean()))}, max {_number(float(x.max()))}"


def _describe(values):
    """'100 scalars', 'shape (64, 1) float32', '2 x shape (64, 1) float32'."""
    if all(type(v.data) is float for v in values):
        return _plural(len(values), "scalar")
    shapes = sorted({f"{v.shape} {v.dtype}" for v in values})
    text = shapes[0] if len(shapes) == 1 else f"{shapes[0]}, ..."
    return f"{len(values)} x {text}" if len(values) > 1 else text


def _number(x):
    """4 decimals in the everyday range, else scientific notation (so 1e-9 does not print as 0.0000)."""
    if x == 0 or 1e-3 <= abs(x) < 1e5:
        return f"{x:.4f}"
    return f"{x:.3e}"


def _summary(x):
    """A tensor in a few words: its entries when there are at most 6, else mean, min and max."""
    if not isinstance(x, np.ndarray) or x.ndim == 0:
        return _number(float(x))
    if x.size == 0:
        return "empty"
    if x.size <= 6:
        return "[" + ", ".join(_number(float(e)) for e in x.ravel()) + "]"
    with np.errstate(all="ignore"):
        mean = float(np.mean(x, dtype=np.float64))
    return f"mean {_number(mean)}, min {_number(float(np.min(x)))}, max {_number(float(np.max(x)))}"


def _escape_record(text):
    """Text for one field of a record node: its separators {, }, |, < and > are escaped."""
    text = _drawable(text).replace("\\", "\\\\")
    for c in "{}|<>":
        text = text.replace(c, "\\" + c)
    return text


def _escape_text(text):
    """Text for a plain label: backslashes doubled, newlines as DOT's centered line breaks."""
    return graphviz.nohtml(_drawable(text).replace("\\", "\\\\").replace("\n", "\\n"))


def _drawable(text):
    """``text`` itself, unless it holds a NUL byte: DOT cannot carry one, and Graphviz fails on the whole file."""
    if "\0" in text:
        raise ValueError(f"draw_graph: the label {text!r} holds a NUL byte (\\x00), which Graphviz cannot draw; "
                         "remove it (label.replace('\\x00', ''))")
    return text


# ---- color_by="grad" ---------------------------------------------------------------------------------------

def grad_color(g):
    """(fill, font, legend text) for a gradient: its band on GRAD_SCALE, gray for none or 0, black for NaN."""
    if g is None:
        return ZERO_GRAD
    with np.errstate(all="ignore"):
        size = g if type(g) is float else float(np.sqrt(np.mean(np.square(g, dtype=np.float64))))
    size = abs(size)
    if not math.isfinite(size):
        return BAD_GRAD
    if size == 0:
        return ZERO_GRAD
    for bound, fill, font, text in GRAD_SCALE:
        if size < bound:
            return fill, font, text
    return GRAD_SCALE[-1][1:]


def _draw_legend(graph):
    """A table of the colors of GRAD_SCALE and what they mean."""
    rows = [(fill, text) for _, fill, _, text in GRAD_SCALE] + [(ZERO_GRAD[0], ZERO_GRAD[2]),
                                                                  (BAD_GRAD[0], BAD_GRAD[2])]
    cells = "".join(f'<tr><td bgcolor="{fill}" width="24"></td><td align="left">{html.escape(text)}</td></tr>'
                    for fill, text in rows)
    graph.node("legend", f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="4">'
                         f'<tr><td colspan="2"><b>|grad| (root mean square for tensors)</b></td></tr>'
                         f"{cells}</table>>", shape="plaintext")


# ---- a graph from a snippet of code: the CLI's `minigrad graph` and the Sphinx directive ---------------------

ENGINE_NAMES = ("Value", "tensor", "no_grad", "maximum", "minimum", "where", "concatenate", "stack")


def value_from_code(code, name=None, caller="graph", backward=True, namespace=None):
    """Run ``code`` and return the Value to draw: the variable ``name``; or else the last statement's value when
    it is an expression that gives a Value; or else the Value last assigned to a plain name (so code may end
    with ``out.label = "out"`` or ``out.backward()``). ``Value``, ``tensor``, ``np`` and ``minigrad`` are in scope.

    With ``backward=True``, a one-element Value that requires grad and has no grad yet gets ``backward()`` first,
    so the picture shows gradients. Values without a label are labelled with their variable's name. Errors raised
    by the code itself propagate unchanged.
    """
    import minigrad
    try:
        statements = ast.parse(code, mode="exec").body
    except SyntaxError as error:
        raise ValueError(f"{caller}: the code is not valid Python: {error.msg} (line {error.lineno}).") from None
    namespace = {} if namespace is None else namespace  # the caller's dict, to read other variables afterwards
    namespace.update({"np": np, "minigrad": minigrad, **{n: getattr(minigrad, n) for n in ENGINE_NAMES}})
    value = None
    if statements and isinstance(statements[-1], ast.Expr):
        _run(statements[:-1], namespace)
        value = eval(compile(ast.Expression(statements[-1].value), "<minigrad graph>", "eval"), namespace)
    else:
        _run(statements, namespace)
    if name is None and not isinstance(value, Value):
        assigned = [s.targets[0].id for s in statements if isinstance(s, ast.Assign) and len(s.targets) == 1
                    and isinstance(s.targets[0], ast.Name)]
        if not assigned:
            what = "its last expression" if value is not None else "it"
            raise ValueError(f"{caller}: the code assigns no variable and {what} gives no Value, so there is no "
                             "Value to draw. End it with an expression such as `(a * b).tanh()` or an "
                             "assignment such as `out = (a * b).tanh()`.")
        name = assigned[-1]
    if name is not None:
        if name not in namespace:
            defined = sorted(k for k, v in namespace.items() if isinstance(v, Value))
            raise ValueError(f"{caller}: the code defines no variable {name!r}; its Values are: "
                             f"{', '.join(defined) or 'none'}.")
        value = namespace[name]
        if not isinstance(value, Value):
            raise TypeError(f"{caller}: {name!r} is of type {type(value).__name__}, not a Value, so it has no "
                            "graph. Draw a Value computed from Value(...) or tensor(...).")
    for variable, v in namespace.items():
        if isinstance(v, Value) and not v.label:
            v.label = variable
    if backward and value.requires_grad and value.size == 1 and not value.has_grad:
        value.backward()
    return value


def _run(statements, namespace):
    exec(compile(ast.Module(statements, type_ignores=[]), "<minigrad graph>", "exec"), namespace)
