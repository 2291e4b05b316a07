"""draw_graph and draw_backprop: labels, names, module boxes, big graphs by structure, grad colors, determinism,
missing `dot`.

The golden DOT files in tests/golden/ were checked by eye against the numbers derived in the tests below;
regenerate them with `python tests/test_viz_graph.py` after an intended change, and review the diff.
"""
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from minigrad import Value, draw_backprop, draw_graph
from minigrad.viz.graph import BAD_GRAD, CURRENT, GRAD_SCALE, RECEIVED, ZERO_GRAD, DotNotFoundError

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]


# ---- graphs used below ---------------------------------------------------------------------------------------

def neuron():
    """The lecture's neuron: o = tanh(x1 w1 + x2 w2 + b), with b chosen so that n = 0.8814 and o = 1/sqrt(2)."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1*w1", "x2*w2"
    n = x1w1 + x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def tensor_mlp():
    """loss = mean(relu(x @ W1 + b1) @ W2 + b2) with fixed weights, x a raw (constant) array; and its names."""
    x = np.linspace(-0.5, 1, 12, dtype=np.float32).reshape(4, 3)
    W1 = Value(np.linspace(-0.4, 0.6, 15, dtype=np.float32).reshape(3, 5))
    b1 = Value(np.full(5, 0.1, dtype=np.float32))
    W2 = Value(np.linspace(0.3, -0.2, 10, dtype=np.float32).reshape(5, 2))
    b2 = Value(np.array([0.5, -0.5], dtype=np.float32))
    h = (x @ W1 + b1).relu()
    loss = (h @ W2 + b2).mean()
    loss.backward()
    return loss, {"fc1.weight": W1, "fc1.bias": b1, "fc2.weight": W2, "fc2.bias": b2}


def scalar_mlp(samples=10, sizes=(2, 8, 8, 1), shared_inputs=False):
    """A micrograd-style MLP of scalar Values run on ``samples`` points, with names layers.L.neurons.N.w<i>/b.
    Inputs are floats (a new constant per use), or with ``shared_inputs`` one constant Value each."""
    rng = np.random.default_rng(0)
    layers = [[([Value(float(rng.uniform(-1, 1))) for _ in range(nin)], Value(0.0)) for _ in range(nout)]
              for nin, nout in zip(sizes, sizes[1:])]
    total = Value(0.0, requires_grad=False)
    for _ in range(samples):
        h = [float(v) for v in rng.uniform(-1, 1, sizes[0])]
        h = [Value(v, requires_grad=False) for v in h] if shared_inputs else h
        for k, layer in enumerate(layers):
            h = [sum((w * x for w, x in zip(ws, h)), b) for ws, b in layer]
            h = [v.relu() for v in h] if k < len(layers) - 1 else h
        total = total + (h[0] - 1.0) ** 2
    total.backward()
    names = {}
    for l, layer in enumerate(layers):
        for n, (ws, b) in enumerate(layer):
            names.update({f"layers.{l}.neurons.{n}.w{i}": w for i, w in enumerate(ws)})
            names[f"layers.{l}.neurons.{n}.b"] = b
    return total, names


def count_values(root):
    """How many Values the graph has, constants included (counted here independently of the renderer)."""
    seen, stack = {id(root)}, [root]
    while stack:
        for parent in stack.pop().parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def value_nodes(source):
    """{node id: label} of the Value boxes (record nodes) in a DOT source."""
    return dict(re.findall(r'^\s*(n\d+) \[label="(.*?)" .*shape=record', source, flags=re.M))


def summary_nodes(source):
    return dict(re.findall(r'^\s*(g\d+) \[label="(.*?)" .*shape=box3d', source, flags=re.M))


def hidden_count(label):
    return int(re.search(r"([\d,]+) (nodes|constants|leaves)\b", label).group(1).replace(",", ""))


# ---- golden files: the exact DOT text ------------------------------------------------------------------------

def golden_sources():
    loss, names = tensor_mlp()
    return {"neuron_scalar.dot": draw_graph(neuron()).source,
            "mlp_tensor.dot": draw_graph(loss, params=names).source}


@pytest.mark.parametrize("name", ["mlp_tensor.dot", "neuron_scalar.dot"])
def test_golden_dot(name):
    assert golden_sources()[name] == (GOLDEN / name).read_text(encoding="utf-8"), \
        f"{name} changed; if intended, run `python tests/test_viz_graph.py` and review the diff"


# ---- what the nodes say ----------------------------------------------------------------------------------------

def test_scalar_nodes_show_label_data_and_grad():
    labels = list(value_nodes(draw_graph(neuron()).source).values())
    # o = tanh(0.8814) = 0.7071, do/dn = 1 - o^2 = 0.5; dx1 = w1 * 0.5, dw1 = x1 * 0.5, dx2 = w2 * 0.5, dw2 = 0
    assert "{ o | data 0.7071 | grad 1.0000 }" in labels
    assert "{ n | data 0.8814 | grad 0.5000 }" in labels
    assert "{ x1 | data 2.0000 | grad -1.5000 }" in labels
    assert "{ w1 | data -3.0000 | grad 1.0000 }" in labels
    assert "{ x2 | data 0.0000 | grad 0.5000 }" in labels
    assert "{ w2 | data 1.0000 | grad 0.0000 }" in labels


def test_op_nodes_and_edges_follow_the_forward_pass():
    source = draw_graph(neuron()).source
    ops = re.findall(r'^\s*n\d+_op \[label="?([^" ]+)"?', source, flags=re.M)
    assert sorted(ops) == sorted(["*", "*", "+", "+", "tanh"])
    ids = {label.split(" | ")[0][2:]: node for node, label in value_nodes(source).items()}
    assert f"{ids['x1']} -> {ids['x1*w1']}_op" in source and f"{ids['n']} -> {ids['o']}_op" in source
    assert f"{ids['o']}_op -> {ids['o']}" in source


def test_show_data_and_show_grad_switch_fields_off():
    o = neuron()
    assert "{ o | grad 1.0000 }" in value_nodes(draw_graph(o, show_data=False).source).values()
    assert "{ o | data 0.7071 }" in value_nodes(draw_graph(o, show_grad=False).source).values()


def test_tiny_and_huge_numbers_keep_their_digits():
    a = Value(3e-9, label="a")
    out = a * 2e7
    out.backward()
    labels = list(value_nodes(draw_graph(out).source).values())
    assert "{ a | data 3.000e-09 | grad 2.000e+07 }" in labels


def test_tensor_nodes_show_name_shape_dtype_and_summary():
    loss, names = tensor_mlp()
    labels = list(value_nodes(draw_graph(loss, params=names).source).values())
    weight = next(label for label in labels if label.startswith("{ fc1.weight |"))
    w1 = names["fc1.weight"].data
    assert "(3, 5) float32" in weight
    assert f"data mean {w1.mean():.4f}, min {w1.min():.4f}, max {w1.max():.4f}" in weight
    bias = next(label for label in labels if label.startswith("{ fc2.bias |"))
    g = names["fc2.bias"].grad  # d mean(out) / d b2 = 1/2 for each of the 2 outputs, summed over 4 rows
    assert np.allclose(g, 0.5)
    assert "data [0.5000, -0.5000]" in bias and "grad [0.5000, 0.5000]" in bias
    x_label = next(label for label in labels if "(4, 3) float32" in label)
    assert "grad" not in x_label  # a raw array is a constant: no grad to show


def test_constants_are_dashed_and_have_no_grad():
    a = Value(2.0, label="a")
    out = a * 3.0
    source = draw_graph(out).source
    assert re.search(r'\[label="\{ data 3\.0000 \}" shape=record style=dashed\]', source)


def test_parameter_names_come_from_params_or_the_parameters_own_name():
    from minigrad import nn
    w = nn.Parameter(np.ones((2, 2)), name="kernel")
    x = Value(np.ones((1, 2), dtype=np.float32), label="x")
    out = (x @ w).sum()
    assert any(label.startswith("{ kernel |") for label in value_nodes(draw_graph(out).source).values())
    renamed = draw_graph(out, params={"encoder.0.weight": w}).source
    assert any(label.startswith("{ encoder.0.weight |") for label in value_nodes(renamed).values())


def test_params_from_a_module_give_boxes_labelled_with_path_and_class():
    from minigrad import nn
    model = nn.Sequential(nn.Linear(3, 4, activation="relu"), nn.Linear(4, 2))
    out = model(np.ones((2, 3), dtype=np.float32)).sum()
    out.backward()
    source = draw_graph(out, params=model).source
    labels = list(value_nodes(source).values())
    assert any(label.startswith("{ 0.weight |") for label in labels)
    assert any(label.startswith("{ 1.bias |") for label in labels)
    assert 'label="0 (Linear)"' in source and 'label="1 (Linear)"' in source


def cluster_bodies(source):
    """{cluster label: DOT text inside that cluster} (clusters here do not nest)."""
    bodies = {}
    for match in re.finditer(r"subgraph (\S+) \{\n(.*?)\n\t\}", source, flags=re.S):
        label = re.search(r'label="?([^"\n]+?)"? ', match.group(2)).group(1)
        bodies[label] = match.group(2)
    return bodies


def test_cluster_modules_boxes_each_module_around_its_nodes():
    loss, names = tensor_mlp()
    source = draw_graph(loss, params=names).source
    bodies = cluster_bodies(source)
    assert set(bodies) == {"fc1", "fc2"}
    assert "{ fc1.weight |" in bodies["fc1"] and "{ fc1.bias |" in bodies["fc1"]
    assert "{ fc2.weight |" in bodies["fc2"] and "fc1." not in bodies["fc2"]
    assert "subgraph" not in draw_graph(loss, params=names, cluster_modules=False).source


def test_nested_modules_nest_their_boxes():
    a = Value(np.ones(3), label="a")
    w = Value(np.full(3, 2.0))
    v = Value(np.full(3, 3.0))
    out = ((a * w) * v).sum()
    out.backward()
    source = draw_graph(out, params={"encoder.scale": v, "encoder.inner.weight": w}).source
    outer = source.index("subgraph cluster_encoder {")
    inner = source.index('subgraph "cluster_encoder.inner" {')
    assert outer < inner < source.index("\t}", inner) < source.rindex("\t}")


# ---- small graphs: every Value ---------------------------------------------------------------------------------

def test_small_graphs_are_drawn_value_by_value():
    root, names = scalar_mlp(samples=1, sizes=(2, 2, 1))
    source = draw_graph(root, params=names).source
    assert not summary_nodes(source) and len(value_nodes(source)) == count_values(root)


# ---- big graphs: drawn by structure -----------------------------------------------------------------------------

def scalar_model(samples=10, sizes=(2, 8, 8, 1)):
    """nn.scalar's MLP on ``samples`` points, hinge loss plus an L2 penalty, as in micrograd's demo; with the
    first-layer output of neuron 0 on every sample, computed separately from the graph."""
    from minigrad.nn.scalar import MLP
    rng = np.random.default_rng(1)
    model = MLP(sizes[0], list(sizes[1:]), rng=rng)
    X = rng.uniform(-1, 1, (samples, sizes[0]))
    inputs = [[Value(float(a), requires_grad=False) for a in row] for row in X]
    scores = [model(x) for x in inputs]
    loss = sum((1 + -score).relu() for score in scores) * (1.0 / samples) + 1e-4 * sum(p * p for p in model.parameters())
    loss.backward()
    first = model.layers[0].neurons[0]
    outputs = [max(0.0, sum(w.data * a for w, a in zip(first.w, row)) + first.b.data) for row in X]
    return loss, model, outputs


def dot_node_count(source):
    return len(re.findall(r"^\s*\w+ \[label=", source, flags=re.M))


def test_big_graphs_draw_by_structure_within_max_nodes_and_drop_nothing():
    root, names = scalar_mlp()
    total = count_values(root)
    for params in (names, None):
        for max_nodes in (300, 60, 25):
            source = draw_graph(root, params=params, max_nodes=max_nodes).source
            shown, boxes = value_nodes(source), summary_nodes(source)
            assert boxes and dot_node_count(source) <= max_nodes
            assert len(shown) + sum(hidden_count(label) for label in boxes.values()) == total


def test_a_scalar_mlp_draws_one_box_per_neuron_inside_its_layer_with_its_repeats():
    samples = 10
    loss, model, outputs = scalar_model(samples)
    source = draw_graph(loss, params=model).source
    boxes = summary_nodes(source)
    neurons = [label for label in boxes.values() if label.startswith("Neuron layers.")]
    assert len(neurons) == 8 + 8 + 1
    assert all(f"  x{samples}\\n" in label for label in neurons)  # each neuron runs once per sample
    assert 'label="layers.0 (Layer)"' in source and 'label="layers.2 (Layer)"' in source
    first = next(label for label in neurons if label.startswith("Neuron layers.0.neurons.0 "))
    w = np.array([p.data for p in model.layers[0].neurons[0].parameters()])
    g = np.array([p.grad for p in model.layers[0].neurons[0].parameters()])
    assert f"3 parameters (3 numbers): |w| {np.linalg.norm(w):.4f}, |grad| {np.linalg.norm(g):.4f}" in first
    out = np.array(outputs)
    assert (f"{samples} scalars: min {out.min():.4f}, mean {out.mean():.4f}, max {out.max():.4f}"
            .replace("0.0000", "0.0000")) in first
    # per sample: 2 products, 2 sums, relu; plus the neuron's 3 parameters
    assert f"{5 * samples + 3} nodes: {2 * samples} *, {2 * samples} +, {samples} relu, 3 leaves" in first


def test_arrows_between_layers_merge_into_one_per_pair_of_layers():
    samples = 10
    loss, model, _ = scalar_model(samples)
    source = draw_graph(loss, params=model).source
    line = next(line for line in source.splitlines() if "8 to 8 boxes" in line)
    assert f"x{8 * 8 * samples}" in line  # each of 8 neurons reads each of 8 outputs on every sample
    assert 'ltail="cluster_layers.0"' in line and 'lhead="cluster_layers.1"' in line
    assert "compound=true" in source and len(re.findall(r"->", source)) < 20


def test_without_names_each_neuron_is_still_one_block_and_each_layer_a_box():
    samples = 10
    root, _ = scalar_mlp(samples=samples)
    source = draw_graph(root).source
    labels = list(summary_nodes(source).values())
    assert 'label="layer 1"' in source and 'label="layer 2"' in source
    line = next(line for line in source.splitlines() if "8 to 8 boxes" in line)
    assert 'ltail="cluster_layer 1"' in line and 'lhead="cluster_layer 2"' in line and f"x{8 * 8 * samples}" in line
    neurons = [label for label in labels if re.match(rf"relu block #\d+  x{samples}\\n", label)]
    assert len(neurons) == 16  # the two hidden layers' neurons, each with its work on every sample
    assert all("3 leaves" in label or "9 leaves" in label for label in neurons)


def test_when_neurons_do_not_fit_the_layers_become_the_boxes():
    loss, model, _ = scalar_model()
    source = draw_graph(loss, params=model, max_nodes=12).source
    heads = [label.split("\\n")[0] for label in summary_nodes(source).values()]
    assert {"Layer layers.0  x10", "Layer layers.1  x10", "Layer layers.2  x10"} <= set(heads)
    assert dot_node_count(source) <= 12


def test_expand_opens_a_module_into_its_submodules_and_a_neuron_into_one_sample():
    samples = 10
    loss, model, _ = scalar_model(samples)
    layers = draw_graph(loss, params=model, max_nodes=12, expand="layers.1").source
    heads = [label.split("\\n")[0] for label in summary_nodes(layers).values()]
    assert sum(head.startswith("Neuron layers.1.neurons.") for head in heads) == 8 and "Layer layers.0  x10" in heads
    neuron = draw_graph(loss, params=model, expand="layers.1.neurons.2").source
    shown = value_nodes(neuron).values()
    assert sum(label.startswith("{ layers.1.neurons.2.") for label in shown) == 9  # its 8 weights and its bias
    assert len(shown) == 9 + 8 + 8 + 1 + 1  # and on one sample 8 products, 8 sums, relu; and the root
    rest = next(label for label in summary_nodes(neuron).values() if label.startswith("Neuron layers.1.neurons.2"))
    assert rest.startswith(f"Neuron layers.1.neurons.2  x{samples - 1}\\n")  # the other samples stay boxed
    assert len(value_nodes(neuron)) + sum(map(hidden_count, summary_nodes(neuron).values())) == count_values(loss)
    with pytest.raises(ValueError, match=r"expand names no box: layers\.9\. The boxes are: #1, .*layers\.0"):
        draw_graph(loss, params=model, expand="layers.9")


def test_a_tensor_model_draws_as_its_layers():
    from minigrad import nn
    model = nn.Sequential(nn.Linear(3, 4, activation="relu"), nn.Linear(4, 2))
    x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    out = model(x).sum()
    out.backward()
    source = draw_graph(out, params=model, view="structure").source
    boxes = list(summary_nodes(source).values())
    assert [label.split("\\n")[0] for label in boxes] == ["Linear 0", "Linear 1"]
    h = np.maximum(x @ model[0].weight.data.T + model[0].bias.data, 0)
    assert f"(2, 4) float32: min {h.min():.4f}, mean {h.mean():.4f}, max {h.max():.4f}" in boxes[0]
    assert re.search(r"^\s*g0 -> g1$", source, flags=re.M)


def test_boxes_are_colored_by_their_parameters_gradient():
    loss, model, _ = scalar_model()
    source = draw_graph(loss, params=model, color_by="grad").source
    fills = re.findall(r'^\s*g\d+ \[label="Neuron.*fillcolor="(#\w+)"', source, flags=re.M)
    assert len(fills) == 17 and set(fills) <= {fill for _, fill, _, _ in GRAD_SCALE} | {ZERO_GRAD[0]}


def test_the_root_is_always_drawn():
    root, names = scalar_mlp()
    source = draw_graph(root, params=names, max_nodes=5).source
    last = max(value_nodes(source), key=lambda node: int(node[1:]))
    assert f"data {root.data:.4f}" in value_nodes(source)[last]


# ---- color_by="grad" --------------------------------------------------------------------------------------------

def test_color_by_grad_shades_each_value_by_its_gradient_band():
    tiny, one, huge, zero, bad = (Value(1.0, label=name) for name in ("tiny", "one", "huge", "zero", "bad"))
    out = tiny * 1e-8 + one * 2.0 + huge * 1e5 + zero * 0.0 + bad * math.nan
    out.backward()
    source = draw_graph(out, color_by="grad").source
    fills = {label.split(" | ")[0][2:]: fill for label, fill in
             re.findall(r'\[label="(\{ \w+ \|.*?)" fillcolor="(#\w+)"', source)}
    assert fills["tiny"] == GRAD_SCALE[0][1]   # 1e-8: vanishing
    assert fills["one"] == GRAD_SCALE[3][1]    # 2: between 1 and 1e3
    assert fills["huge"] == GRAD_SCALE[4][1]   # 1e5: exploding
    assert fills["zero"] == ZERO_GRAD[0]       # times 0
    assert fills["bad"] == BAD_GRAD[0]         # times NaN
    for _, fill, _, text in GRAD_SCALE:
        assert fill in source.split("legend")[1] and text.replace("<", "&lt;").replace(">", "&gt;") in source


def test_color_by_grad_marks_zero_and_missing_grads_gray():
    a, b = Value(2.0, label="a"), Value(5.0, label="b")
    out = a.relu() * 0.0 + b * 0.5
    out.backward()
    fills = dict(re.findall(r'\[label="\{ (\w) \|.*?" fillcolor="(#\w+)"', draw_graph(out, color_by="grad").source))
    assert fills == {"a": ZERO_GRAD[0], "b": GRAD_SCALE[2][1]}


def test_color_by_grad_on_tensors_uses_root_mean_square():
    w = Value(np.ones(2), label="w")
    out = (w * np.array([3e-7, -4e-7])).sum()
    out.backward()  # w.grad = [3e-7, -4e-7], root mean square 3.5e-7: vanishing, though one entry is 4e-7
    source = draw_graph(out, color_by="grad").source
    assert re.search(r'label="\{ w \|.*?" fillcolor="' + GRAD_SCALE[0][1], source)


# ---- determinism and rendering ------------------------------------------------------------------------------------

DETERMINISM_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_viz_graph import scalar_mlp, tensor_mlp
from minigrad import draw_graph
loss, names = tensor_mlp()
root, scalar_names = scalar_mlp()
sys.stdout.write(draw_graph(loss, params=names, color_by="grad").source)
sys.stdout.write(draw_graph(root, params=scalar_names, max_nodes=60).source)
sys.stdout.write(draw_graph(root, max_nodes=60, color_by="grad", expand="#2").source)
"""


def test_same_code_gives_byte_identical_dot_in_two_processes():
    script = DETERMINISM_SCRIPT.format(tests=str(Path(__file__).parent))
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MINIGRAD_BACKEND": "numpy"}  # no kernels to load
        outputs.append(subprocess.run([sys.executable, "-c", script], capture_output=True, env=env,
                                      check=True, cwd=ROOT).stdout)
    assert outputs[0] == outputs[1] and b"subgraph cluster_fc1" in outputs[0] and b"box3d" in outputs[0]


def test_dot_renders_svg_with_the_labels():
    svg = draw_graph(neuron()).pipe(format="svg", encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for text in ("data 0.7071", "grad 1.0000", "x1*w1", "tanh", "grad &#45;1.5000"):
        assert text in svg
    loss, names = tensor_mlp()
    svg = draw_graph(loss, params=names).pipe(format="svg", encoding="utf-8")
    assert "fc1.weight" in svg and ">fc1</text>" in svg and "(3, 5) float32" in svg


def test_a_nul_byte_in_a_label_is_refused_by_name():
    a = Value(2.0)
    a.label = "we\x00ight"
    with pytest.raises(ValueError, match=r"draw_graph: the label 'we\\x00ight' holds a NUL byte \(\\x00\), which "
                                         r"Graphviz cannot draw; remove it"):
        draw_graph(a * 3)
    b = Value(1.0)
    with pytest.raises(ValueError, match=r"the label 'bi\\x00as' holds a NUL byte"):
        draw_graph(b * 3, params={"bi\x00as": b})
    a.label = "weight"
    assert "weight" in draw_graph(a * 3).source


NO_DOT_SCRIPT = """
from minigrad import Value, draw_graph
from minigrad.viz.graph import DotNotFoundError
a = Value(2.0)
graph = draw_graph((a * a).tanh())
print("source ok" if "tanh" in graph.source else "no source")
try:
    graph.pipe(format="svg")
except DotNotFoundError as error:
    print(error)
"""


def test_without_dot_building_works_and_rendering_says_how_to_install(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no `dot` anywhere on PATH
    result = subprocess.run([sys.executable, "-c", NO_DOT_SCRIPT], capture_output=True, text=True, env=env,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("source ok")
    for hint in ("Graph.pipe", "sudo apt-get install graphviz", "brew install graphviz",
                 "conda install -c conda-forge graphviz"):
        assert hint in result.stdout


def test_render_without_dot_raises_the_install_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DotNotFoundError, match=r"Graph.render: .*apt-get install graphviz"):
        draw_graph(neuron()).render(tmp_path / "graph", format="svg")


# ---- bad input ------------------------------------------------------------------------------------------------------

def test_bad_arguments_raise_clear_errors():
    o = neuron()
    with pytest.raises(TypeError, match=r"draw_graph: root must be a Value .* got float"):
        draw_graph(1.5)
    with pytest.raises(ValueError, match=r"draw_graph: rankdir must be one of LR, TB, RL, BT, got 'up'"):
        draw_graph(o, rankdir="up")
    with pytest.raises(ValueError, match=r"draw_graph: color_by must be None or 'grad', got 'data'"):
        draw_graph(o, color_by="data")
    with pytest.raises(ValueError, match=r"draw_graph: max_nodes must be a positive int or None .* got 0"):
        draw_graph(o, max_nodes=0)
    with pytest.raises(TypeError, match=r"draw_graph: params must be a dict .* got list"):
        draw_graph(o, params=[o])
    with pytest.raises(TypeError, match=r"draw_graph: params maps names \(str\) to Values, but 'w' maps to ndarray"):
        draw_graph(o, params={"w": np.ones(2)})


# ---- draw_backprop --------------------------------------------------------------------------------------------------

def fan_out():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b + a).tanh()
    out.label = "out"
    return a, b, out


def marked(source, mark):
    """The labels of the Value boxes drawn with ``mark``'s color."""
    return [label for label, color in re.findall(r'\[label="(\{.*?\})" color="(#\w+)"', source)
            if color == mark["color"]]


def test_draw_backprop_yields_seed_then_one_frame_per_rule_in_reverse_topological_order():
    a, b, out = fan_out()
    frames = list(draw_backprop(out))
    assert len(frames) == 4  # the seed, then tanh, +, *
    currents = [marked(frame.source, CURRENT) for frame in frames]
    assert currents[0][0].startswith("{ out |") and currents[1][0].startswith("{ out |")
    assert currents[2][0].startswith("{ data -4.0000") and currents[3][0].startswith("{ data -6.0000")
    assert [len(marked(frame.source, RECEIVED)) for frame in frames] == [0, 1, 2, 2]


def test_draw_backprop_shows_the_fan_out_accumulating():
    a, b, out = fan_out()
    captions = [frame.graph_attr["label"] for frame in draw_backprop(out)]
    # d out / d(a*b + a) = 1 - tanh(-4)^2 = 0.00134; the + rule gives a that, then the * rule adds b * 0.00134
    assert captions[0] == "seed: out.grad = 1.0000"
    assert "a.grad 0 -> 0.0013" in captions[2]
    assert "a.grad 0.0013 -> -0.0027" in captions[3] and "b.grad 0 -> 0.0027" in captions[3]


def test_draw_backprop_leaves_the_grads_that_backward_leaves():
    a, b, out = fan_out()
    for _ in draw_backprop(out):
        pass
    a2, b2, out2 = fan_out()
    out2.backward()
    assert (a.grad, b.grad, out.grad) == (a2.grad, b2.grad, out2.grad)
    loss, names = tensor_mlp()
    expected = {name: p.grad.copy() for name, p in names.items()}
    for p in names.values():
        p.grad = None
    frames = list(draw_backprop(loss, params=names))
    assert len(frames) == 8  # the seed, then *, sum, +, @, relu, +, @
    for name, p in names.items():
        assert np.array_equal(p.grad, expected[name])


def test_draw_backprop_rejects_bad_input():
    with pytest.raises(RuntimeError, match=r"draw_backprop: the root does not require grad"):
        draw_backprop(Value(2.0, requires_grad=False) * 3.0)
    with pytest.raises(TypeError, match=r"draw_backprop: unknown option\(s\) max_node; it takes draw_graph's"):
        draw_backprop(fan_out()[2], max_node=3)
    with pytest.raises(ValueError, match=r"backward: grad has shape \(2,\)"):
        draw_backprop(fan_out()[2], grad=np.ones(2))


if __name__ == "__main__":  # regenerate the golden files
    GOLDEN.mkdir(exist_ok=True)
    for name, source in golden_sources().items():
        (GOLDEN / name).write_text(source, encoding="utf-8")
