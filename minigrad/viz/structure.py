"""The structure of a graph too big to draw Value by Value: which Values share a box.

A box is a part of the model that a reader already knows:

- a module (a layer; a neuron of a scalar MLP): its parameters, the ops that read them, and the ops that follow
  inside it (``graph.py`` decides which module each Value sits in, from the parameters' names);
- a block, outside every module: a tree of ops whose results each feed one later op (a loss on every sample and
  the sum over them), with the constants only it reads. Trees that read the same parameters (one unnamed neuron
  on every sample) are one block;
- inputs: constants and leaves that feed several boxes, one box per kind and set of readers.

Blocks that read the same boxes side by side (the unnamed neurons of one layer) share a box "layer k".

A box that does the same work several times (a neuron run on 100 samples) says so: set its parameters aside and
its ops fall into that many separate pieces, its repeats (ops that read the same Value share a piece). When the boxes do not fit in ``max_nodes``, modules
fold into the modules around them, level by level, and then blocks that end in the same op merge.

``expand`` opens boxes by name (a module path, or ``#k`` for the k-th box outside the modules): a module opens
into its submodules, and a box without submodules into its Values, one repeat of them when it has several.
"""


class Unit:
    """One box: ``name`` (how ``expand`` calls it), ``kind`` ("module", "block" or "inputs"), the module box
    ``path`` it is drawn inside, its ``members`` (indices of Values, in topological order), and ``repeats``."""

    __slots__ = ("name", "kind", "path", "members", "repeats")

    def __init__(self, name, kind, path, members):
        self.name, self.kind, self.path, self.members, self.repeats = name, kind, path, members, 1


def find_units(values, parents, modules, module_parent, max_nodes, expand=()):
    """(units, group): the boxes, and for each Value the index of its box, or None when it is drawn by itself
    (the root, always, and the Values of an expanded box). ``modules[i]`` is the module path of Value i or None,
    and ``module_parent(path)`` the module around ``path`` (None at the top level)."""
    graph = _Graph(values, parents, modules, module_parent)
    expand = set(expand)
    for level in graph.levels():
        units, group = graph.units(level, expand)
        if graph.dot_nodes(units, group) <= max_nodes:
            break
    if graph.dot_nodes(units, group) > max_nodes:
        units, group = graph.units(level, expand, merge_blocks=True)
    unknown = expand - graph.known
    if unknown:
        names = ", ".join(sorted(graph.known))
        raise ValueError(f"draw_graph: expand names no box: {', '.join(sorted(unknown))}. The boxes are: {names}.")
    return units, group


class _Graph:
    """The facts about the graph that every grouping reads: parameters, consumers, trees of single-use ops."""

    def __init__(self, values, parents, modules, module_parent):
        self.values, self.parents, self.modules, self.module_parent = values, parents, modules, module_parent
        n = len(values)
        self.last = n - 1
        self.is_param = [not ps and v.requires_grad for v, ps in zip(values, parents)]
        self.uses, self.consumer = [0] * n, [None] * n  # how many arrows leave each Value; the last one's head
        for i, ps in enumerate(parents):
            for p in ps:
                self.uses[p] += 1
                self.consumer[p] = i
        self.depth = {}
        for path in sorted({m for m in modules if m}, key=lambda p: p.count(".")):
            self._depth(path)
        self.trees = self._trees()
        self.known = set()  # the names of every box, opened or not

    def _depth(self, path):
        if path not in self.depth:
            parent = self.module_parent(path)
            self.depth[path] = 1 if parent is None else self._depth(parent) + 1
        return self.depth[path]

    def levels(self):
        """Module depths to try, deepest first (one level, 0, when there are no modules)."""
        return range(max(self.depth.values()), 0, -1) if self.depth else [0]

    def lift(self, path, level):
        while path is not None and self.depth[path] > level:
            path = self.module_parent(path)
        return path

    def _trees(self):
        """For each op outside the modules, the first Value of its tree: an op joins the tree of its one
        consumer, except that a finished computation of parameters (a neuron's output, which reads them only
        through other ops) does not join an op that reads parameters itself (the next layer's neuron)."""
        parents, is_param, modules, last = self.parents, self.is_param, self.modules, self.last
        uses = self.uses
        direct = [False] * len(parents)
        reads = [False] * len(parents)  # the single-use tree below i reads parameters
        for i, ps in enumerate(parents):
            for p in ps:
                if is_param[p]:
                    direct[i] = reads[i] = True
                elif reads[p] and uses[p] == 1:
                    reads[i] = True
        top = list(range(len(parents)))
        for i in range(last - 1, -1, -1):
            if modules[i] is not None or not parents[i] or uses[i] != 1:
                continue
            c = self.consumer[i]
            if c != last and modules[c] is None and not (direct[c] and reads[i] and not direct[i]):
                top[i] = top[c]
        return top

    def units(self, level, expand, merge_blocks=False):
        n, parents, is_param = len(self.values), self.parents, self.is_param
        key = [None] * n
        for i in range(self.last):
            if self.modules[i] is not None:
                key[i] = ("module", self.lift(self.modules[i], level))
        self._blocks(key, merge_blocks)
        self._inputs(key)
        key = self._open_modules(key, level, expand)
        order = {}
        for i, k in enumerate(key):
            if k is not None:
                order.setdefault(k, []).append(i)
        names, outside = {}, 0
        for k in order:
            if k[0] == "module":
                names[k] = k[1]
            else:
                outside += 1
                names[k] = f"#{outside}"
        self.known.update(names.values())
        units, group = [], [None] * n
        for k, members in order.items():
            if names[k] in expand:
                members = self._open(members)
            if not members:
                continue
            path = self.module_parent(k[1]) if k[0] == "module" else None
            unit = Unit(names[k], k[0] if k[0] in ("module", "inputs") else "block", path, members)
            for i in members:
                group[i] = len(units)
            units.append(unit)
        for unit in units:
            unit.repeats = max(1, len(set(self._pieces(unit.members).values())))
        self._layers(units, group)
        return units, group

    def _layers(self, units, group):
        """Blocks that read the same boxes side by side (the neurons of a layer whose parameters have no names),
        or that read no box but feed the same boxes (a first layer fed fresh constants), are drawn inside one box
        of their own: "layer 1", "layer 2", ... in the order of the graph."""
        sources, readers = [set() for _ in units], [set() for _ in units]
        for i, ps in enumerate(self.parents):
            g = group[i]
            if g is not None:
                for p in ps:
                    h = group[p]
                    if h is not None and h != g and not self.is_param[p]:
                        sources[g].add(h)
                        readers[h].add(g)
        side_by_side = {}
        for unit, read, fed in zip(units, sources, readers):
            if unit.kind == "block" and (read or fed):
                key = ("reads", frozenset(read)) if read else ("feeds", frozenset(fed))
                side_by_side.setdefault(key, []).append(unit)
        layers = [side for side in side_by_side.values() if len(side) > 1]
        first_op = {id(unit): next(i for i in unit.members if self.parents[i]) for side in layers for unit in side}
        for k, side in enumerate(sorted(layers, key=lambda side: min(first_op[id(u)] for u in side)), start=1):
            for unit in side:
                unit.path = f"layer {k}"

    def _blocks(self, key, merge):
        """Ops outside the modules: their trees, joined when they read the same parameters, and the loose
        parameters, each with the block that reads it among the fewest others."""
        values, parents, is_param, top = self.values, self.parents, self.is_param, self.trees
        reads, trees = {}, {}
        for i in range(self.last):
            if key[i] is None and parents[i]:
                trees.setdefault(top[i], []).append(i)
                loose = [p for p in parents[i] if is_param[p] and key[p] is None]
                if loose:
                    reads.setdefault(top[i], set()).update(loose)
        blocks = {}
        for t, members in trees.items():
            label = frozenset(reads.get(t, ())) or t
            if merge:
                label = ("op", values[members[-1]].op)
            blocks.setdefault(label, []).extend(members)
        for label, members in blocks.items():
            for i in members:
                key[i] = ("block", members[0])
        owner = {}
        for label in sorted((k for k in blocks if isinstance(k, frozenset)), key=lambda k: (len(k), blocks[k][0])):
            for p in label:
                owner.setdefault(p, ("block", blocks[label][0]))
        for p, k in owner.items():
            key[p] = k

    def _inputs(self, key):
        """Leaves still unplaced: with the one box that reads them, or one box per kind and set of readers."""
        parents = self.parents
        readers = {i: set() for i in range(self.last) if key[i] is None and not parents[i]}
        for i, ps in enumerate(parents):
            for p in ps:
                if p in readers:
                    readers[p].add(key[i])
        for i, boxes in readers.items():
            if len(boxes) == 1 and None not in boxes:
                key[i] = boxes.pop()
            else:
                kind = "leaf" if self.values[i].requires_grad else "constant"
                key[i] = ("inputs", kind, frozenset(box for box in boxes if box is not None))

    def _open_modules(self, key, level, expand):
        """An expanded module box shows its submodules (its Values, when it has none)."""
        for k in {k for k in key if k is not None and k[0] == "module" and k[1] in expand}:
            deeper = [i for i, kk in enumerate(key) if kk == k and self.modules[i] != k[1]]
            if deeper:
                self.known.add(k[1])
                for i in deeper:
                    key[i] = ("module", self.lift(self.modules[i], self.depth[k[1]] + 1))
        return key

    def _open(self, members):
        """Draw one repeat of a box (with its parameters) Value by Value; returns what stays in the box."""
        pieces = self._pieces(members)
        first = min(pieces.values(), default=None)
        stays = []
        for i in members:
            if i in pieces:
                shown = pieces[i] == first
            else:
                shown = self.is_param[i] or any(pieces.get(c) == first for c in members if i in self.parents[c])
            if not shown:
                stays.append(i)
        return stays

    def _pieces(self, members):
        """{op: its piece} for the ops of a box: ops share a piece when one reads the other or both read the same
        Value (the same sample); parameters, which every repeat reads, join nothing. (Union-find: each op points
        towards the first op of its piece.)"""
        parents, is_param = self.parents, self.is_param
        root = {i: i for i in members if parents[i]}
        reader = {}
        for i in root:
            for p in parents[i]:
                if is_param[p]:
                    continue
                a, b = i, p if p in root else reader.setdefault(p, i)
                while root[a] != a:
                    a = root[a]
                while root[b] != b:
                    b = root[b]
                if a != b:
                    root[max(a, b)] = min(a, b)
        pieces = {}
        for i in root:
            a = i
            while root[a] != a:
                a = root[a]
            pieces[i] = root[i] = a
        return pieces

    def dot_nodes(self, units, group):
        """How many DOT nodes the picture has: one per box, two for the root and its op. (The Values of opened
        boxes come on top: the reader asked for them.)"""
        return len(units) + 2
