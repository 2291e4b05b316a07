"""Draw the computation graph: a box per Value, an ellipse per op, arrows in the direction of the forward pass.

    >>> out = (a * b + a).tanh(); out.backward()
    >>> draw_graph(out)                                # a graphviz.Digraph: a notebook shows it inline
    >>> draw_graph(out).render("graph", format="svg")  # needs Graphviz's `dot` program

A scalar Value shows its name, data and grad; a tensor shows its name, shape, dtype and a summary of its data
and grad (mean, min, max, or the entries themselves when there are few). Constants (raw numbers and arrays fed to
ops) have dashed borders and no grad. Parameters are named from ``params=`` (a dict or a Module), else from their
own ``name``, and each module of ``params`` gets a box. Past ``max_nodes`` whole subgraphs are folded into summary
nodes that say what they hide. ``draw_backprop`` replays the backward pass one rule at a time, a picture per step.

Ids are numbered in topological order and nothing depends on memory addresses or hashing, so the same code gives
byte-identical DOT in every process.
"""
import ast
import html
import math

import graphviz
import numpy as np

from ..engine import Value, _check_backward, _mode

INSTALL_HINT = ("rendering needs Graphviz's `dot` program, and it is not on PATH. Install it with "
                "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
                "`conda install -c conda-forge graphviz` (conda), then try again. Building the DOT source "
                "(graph.source) works without it.")

RANKDIRS = ("LR", "TB", "RL", "BT")

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
               max_nodes=300, color_by=None):
    """The computation graph that produced ``root``, as a ``graphviz.Digraph``.

    rankdir: "LR" (left to right, the default), "TB", "RL" or "BT".
    show_data, show_grad: print each Value's data and grad.
    params: names for parameters: a dict {name: Value} or a Module (its named_parameters). A dotted name such
        as "encoder.0.weight" places the parameter in module "encoder.0".
    cluster_modules: draw a box around each module's nodes, labelled with the module's path.
    max_nodes: the most Values to draw one by one (None: no limit). Past it, first each module at the deepest
        level is folded into one summary node, then each shallower level, then groups of nodes that only
        feed each other (a scalar neuron with its weights), then the leftover nodes by kind, until the count
        fits. Every summary node says what and how many nodes it hides: none are dropped.
    color_by: None, or "grad" to shade each Value by the size of its gradient, with a legend.
    """
    return _Picture(root, "draw_graph", rankdir, show_data, show_grad, params, cluster_modules, max_nodes,
                    color_by).draw()


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
    seed = root._seed(grad)
    return _replay(picture, root, seed)


def _picture_options(options):
    """draw_graph's defaults, overridden by ``options``."""
    defaults = draw_graph.__kwdefaults__
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise TypeError(f"draw_backprop: unknown option(s) {', '.join(unknown)}; it takes draw_graph's options: "
                        f"{', '.join(defaults)}.")
    return {**defaults, **options}


def _replay(picture, root, seed):
    """backward(), one rule per frame: the engine's reset, seed and reverse topological order."""
    topo = root._topological_order()
    for node in topo:
        if node._prev:
            node._grad = None
    root._accumulate(seed)
    yield picture.draw(current=root, caption=f"seed: {picture.title(root)}.grad = {_summary(root._grad)}")
    step = 0
    for node in reversed(topo):
        if node._backward is None or node._grad is None:
            continue
        receivers = [p for p in dict.fromkeys(node._prev) if p.requires_grad]
        before = [_summary(p._grad) if p._grad is not None else "0" for p in receivers]
        node._backward(node)
        if _mode.anomaly:
            _check_backward(node)
        step += 1
        changes = "; ".join(f"{picture.title(p)}.grad {old} -> {_summary(p._grad)}"
                            for p, old in zip(receivers, before))
        yield picture.draw(current=node, received=receivers,
                           caption=f"step {step}: the '{node._op}' rule of {picture.title(node)}: {changes}")


# ---- reading the graph: nodes in topological order, names, modules ----------------------------------------

def _walk(root):
    """Every Value ``root`` depends on, constants included, parents before children (iterative DFS).

    Returns the Values, {Value: its position} and, per Value, the positions of its parents."""
    order, index, parents, stack = [], {}, [], [(root, iter(root._prev))]
    seen = {root}
    while stack:
        node, inputs = stack[-1]
        for parent in inputs:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent._prev)))
                break
        else:
            stack.pop()
            index[node] = len(order)
            order.append(node)
            parents.append(tuple([index[p] for p in node._prev]))
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
    """The analysis of one graph (order, names, modules, folding), drawn once or once per backprop frame."""

    def __init__(self, root, caller, rankdir, show_data, show_grad, params, cluster_modules, max_nodes,
                 color_by):
        if not isinstance(root, Value):
            raise TypeError(f"{caller}: root must be a Value (the output whose graph to draw), got "
                            f"{type(root).__name__}. Wrap numbers and arrays with Value(...).")
        if rankdir not in RANKDIRS:
            raise ValueError(f"{caller}: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}.")
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
        self.group = [None] * len(self.values)   # the summary node each Value is folded into, if any
        self.summaries = []                       # per summary node: (module it sits in, label lines)
        if max_nodes is not None and len(self.values) > max_nodes:
            self._fold(max_nodes)

    def title(self, v):
        """A Value's name for captions: its parameter name, its label, or its node id."""
        i = self.index[v]
        return self.names[i] or v.label or f"n{i}"

    # -- modules: a parameter sits in the module of its name; an op joins its parameters' module, or the one
    #    module all its op inputs sit in; a constant joins the one module all its consumers sit in --
    def _assign_modules(self, by_id):
        values, parents = self.values, self.parents
        param = [by_id.get(id(v)) for v in values]
        modules = [None] * len(values)
        for i, ps in enumerate(parents[:-1]):
            if param[i] is not None:
                modules[i] = _module_of(param[i], self.classes)
            elif ps:
                owned = {modules[p] for p in ps if param[p] is not None} - {None}
                if owned:
                    modules[i] = owned.pop() if len(owned) == 1 else _common_module(owned)
                else:
                    inner = {modules[p] for p in ps if parents[p]}
                    modules[i] = inner.pop() if len(inner) == 1 else None
        consumers = [set() for _ in values]
        for i, ps in enumerate(parents):
            for p in ps:
                consumers[p].add(modules[i])
        for i, ps in enumerate(parents):
            if not ps and param[i] is None and len(consumers[i]) == 1:
                modules[i] = consumers[i].pop()
        return modules

    def _module_parent(self, path):
        """The enclosing module of ``path`` among the modules in use (None at the top level)."""
        parts = path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self._paths:
                return prefix
        return None

    # -- folding big graphs into summary nodes --
    def _fold(self, max_nodes):
        n = len(self.values)
        last = n - 1  # the root is always drawn
        depth = {}
        for path in sorted(self._paths, key=lambda p: p.count(".")):
            parent = self._module_parent(path)
            depth[path] = 1 if parent is None else depth[parent] + 1
        groups = {}
        for level in range(max(depth.values(), default=0), 0, -1):
            groups = {}
            for i in range(last):
                path = self.modules[i]
                if path:
                    while depth[path] > level:
                        path = self._module_parent(path)
                    groups.setdefault(("module", path), []).append(i)
            if self._visible(groups) <= max_nodes:
                break
        folded = {i for members in groups.values() for i in members}
        if self._visible(groups) > max_nodes:
            self._fold_blocks(groups, folded, last, max_nodes)
        if self._visible(groups) > max_nodes:
            self._fold_kinds(groups, folded, last, max_nodes)
        self._fold_inputs(groups, folded, last)
        for key, members in sorted(groups.items(), key=lambda item: item[1][0]):
            k = len(self.summaries)
            for i in members:
                self.group[i] = k
            self.summaries.append(self._summary_node(key, members))

    def _visible(self, groups):
        return len(self.values) - sum(len(m) - 1 for m in groups.values())

    def _fold_blocks(self, groups, folded, last, max_nodes):
        """Fold blocks, biggest first. A block is a tree of ops whose inputs feed nothing else (a scalar neuron
        on one sample: products, sums, activation); blocks that read the same parameters (the same neuron on
        every sample) are one block, and a parameter joins the block that reads it with the fewest others."""
        values, parents = self.values, self.parents
        is_param = [not ps and v.requires_grad for v, ps in zip(values, parents)]
        uses, consumer = [0] * len(values), [None] * len(values)
        for i, ps in enumerate(parents):
            for p in ps:
                uses[p] += 1
                consumer[p] = i
        top = list(range(len(values)))
        for i in range(last - 1, -1, -1):
            c = consumer[i]
            if uses[i] == 1 and c != last and not is_param[i] and c not in folded and i not in folded:
                top[i] = top[c]
        reads, trees = {}, {}
        for i in range(last):
            if i not in folded and not is_param[i]:
                trees.setdefault(top[i], []).append(i)
                params = [p for p in parents[i] if is_param[p] and p not in folded]
                if params:
                    reads.setdefault(top[i], set()).update(params)
        blocks = {}
        for t, members in trees.items():
            blocks.setdefault(frozenset(reads.get(t, ())) or t, []).extend(members)
        owner = {}
        for key in sorted((k for k in blocks if isinstance(k, frozenset)), key=lambda k: (len(k), blocks[k][0])):
            for p in key:
                owner.setdefault(p, key)
        for p, key in owner.items():
            blocks[key].append(p)
        candidates = [("block", min(members), sorted(members)) for members in blocks.values()]
        self._fold_largest(groups, folded, candidates, max_nodes)

    def _fold_inputs(self, groups, folded, last):
        """Leaves that only feed folded nodes join one summary per kind ("200 constants"): drawn one by one,
        each would need an arrow to every summary it feeds, which clutters the picture and slows `dot`."""
        feeds_only_folded = [not ps for ps in self.parents]
        for i, ps in enumerate(self.parents):
            if i not in folded:
                for p in ps:
                    feeds_only_folded[p] = False
        inputs = {}
        for i in range(last):
            if feeds_only_folded[i] and i not in folded:
                inputs.setdefault(_kind(self.values[i]), []).append(i)
        for kind, members in inputs.items():
            if len(members) > 1:
                groups[("inputs", kind)] = members
                folded.update(members)

    def _fold_kinds(self, groups, folded, last, max_nodes):
        """Last resort: the Values still drawn one by one, grouped by op (or constant / leaf)."""
        kinds = {}
        for i in range(last):
            if i not in folded:
                kinds.setdefault(_kind(self.values[i]), []).append(i)
        self._fold_largest(groups, folded, [("kind", k, m) for k, m in kinds.items()], max_nodes)

    def _fold_largest(self, groups, folded, candidates, max_nodes):
        candidates = sorted((c for c in candidates if len(c[2]) > 1), key=lambda c: (-len(c[2]), c[2][0]))
        for tag, key, members in candidates:
            if self._visible(groups) <= max_nodes:
                return
            groups[(tag, key)] = members
            folded.update(members)

    def _summary_node(self, key, members):
        tag, key = key
        values = [self.values[i] for i in members]
        count = _nodes(len(members))
        if tag == "module":
            cls = self.classes.get(key)
            lines = [f"{cls} {key}: {count}" if cls else f"{key}: {count}"]
            return self._module_parent(key), lines + [_contents(values)]
        if tag in ("kind", "inputs"):
            return None, [_plural(len(members), key) if key in ("constant", "leaf") else f"{key}: {count}"]
        return None, [f"{values[-1]._op} block: {count}", _contents(values)]

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
                graph.node(f"g{arg}", _escape_text("\n".join(self.summaries[arg][1])), shape="box3d",
                           style="dashed")
        for k, child in enumerate(boxes.get(path, ())):
            with graph.subgraph(name=f"cluster_{child}") as box:
                cls = self.classes.get(child)
                box.attr(label=_escape_text(f"{child} ({cls})" if cls else child), style="rounded",
                         color="#7f7f7f", fontname="Helvetica")
                self._draw_box(box, child, placed, boxes, marks)

    def _draw_value(self, graph, i, mark):
        v = self.values[i]
        attrs = {"shape": "record"}
        style = [] if v.requires_grad else ["dashed"]
        if self.color_by == "grad" and v.requires_grad:
            fill, font, _ = _grad_color(v._grad)
            style.append("filled")
            attrs.update(fillcolor=fill, fontcolor=font)
        if style:
            attrs["style"] = ",".join(style)
        attrs.update(mark)
        graph.node(f"n{i}", self._label(i), **attrs)
        if v._op:
            graph.node(f"n{i}_op", _escape_text(v._op), shape="ellipse", **mark)
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
                fields.append(f"grad {_summary(v._grad) if v._grad is not None else '0'}")
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
        for (source, target), count in edges.items():
            if count > 1 and "g" in (source[0], target[0]):
                graph.edge(source, target, label=f"x{count:,}")
            else:
                for _ in range(count):
                    graph.edge(source, target)


# ---- text: numbers, summaries, escaping -------------------------------------------------------------------

def _own_name(v):
    name = getattr(v, "name", None)
    return name if isinstance(name, str) and name else None


def _kind(v):
    return v._op or ("leaf" if v.requires_grad else "constant")


def _plural(count, kind):
    """'3 leaves', '1 constant', '600 *'."""
    if count != 1:
        kind = {"constant": "constants", "leaf": "leaves"}.get(kind, kind)
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

def _grad_color(g):
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


def value_from_code(code, name=None, caller="graph", backward=True):
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
    namespace = {"np": np, "minigrad": minigrad, **{n: getattr(minigrad, n) for n in ENGINE_NAMES}}
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
    if backward and value.requires_grad and value.size == 1 and value._grad is None:
        value.backward()
    return value


def _run(statements, namespace):
    exec(compile(ast.Module(statements, type_ignores=[]), "<minigrad graph>", "exec"), namespace)
