"""The minigrad-graph Sphinx directive, in a tiny Sphinx project built in a temporary folder."""
import io
import re
import textwrap

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

NEURON = """
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = a * b
c.label = "c"
out = (c + a).tanh()
out.label = "out"
"""


def build(tmp_path, body):
    """Build index.rst (``body``) to HTML; returns (page html, warnings text)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["minigrad.viz.sphinx"]\nproject = "t"\n', encoding="utf-8")
    (src / "index.rst").write_text("Graphs\n======\n\n" + textwrap.dedent(body), encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its nodes afresh, as sphinx-build does in a new process
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                     status=None, warning=warnings, freshenv=True)
        app.build()
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def directive(options, code=NEURON):
    return ".. minigrad-graph::\n" + "".join(f"   {line}\n" for line in options) + "\n" + \
        textwrap.indent(code.strip(), "   ") + "\n"


def test_directive_embeds_the_svg_of_the_named_value_after_backward(tmp_path):
    page, warnings = build(tmp_path, directive([":value: c", ":show-code:"]) + "\n" + directive([]))
    assert warnings == ""
    graphs = page.split('<div class="minigrad-graph">')[1:]
    assert len(graphs) == 2 and all(g.lstrip().startswith("<svg") for g in graphs)
    first, second = graphs
    # the first draws c = a * b, with its own backward: dc/da = b = -3
    assert "data &#45;6.0000" in first and "grad &#45;3.0000" in first and "tanh" not in first.split("</svg>")[0]
    # the second draws out, the last statement, after out.backward(): d out/d a = (1 - tanh(-4)^2) (b + 1)
    svg = second.split("</svg>")[0]
    assert "tanh" in svg and "data &#45;0.9993" in svg and "grad &#45;0.0027" in svg
    assert page.count('class="highlight-python') == 1  # :show-code: on the first one only


def test_directive_options_reach_draw_graph(tmp_path):
    page, warnings = build(tmp_path, directive([":color-by: grad", ":rankdir: TB"]))
    assert warnings == ""
    svg = page.split('<div class="minigrad-graph">')[1].split("</svg>")[0]
    assert "|grad| (root mean square for tensors)" in svg and "vanishing" in svg
    width, height = map(float, re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    assert height > width  # top to bottom: the chain of 4 ops stands upright


MLP = """
model = minigrad.nn.scalar.MLP(2, [3, 1], rng=np.random.default_rng(0))
loss = sum((model([Value(x, requires_grad=False), Value(-x, requires_grad=False)]) - 1.0) ** 2
           for x in np.linspace(-1, 1, 4))
"""


def test_directive_draws_by_structure_with_params_and_opens_a_box(tmp_path):
    page, warnings = build(tmp_path, directive([":params: model", ":view: structure"], MLP) + "\n"
                           + directive([":params: model", ":view: structure", ":expand: layers.0.neurons.1"], MLP))
    assert warnings == ""
    closed, opened = page.split('<div class="minigrad-graph">')[1:]
    assert "Neuron layers.0.neurons.1 &#160;x4" in closed and "layers.0.neurons.1.w.0" not in closed
    assert "layers.0.neurons.1.w.0" in opened and "Neuron layers.0.neurons.1 &#160;x3" in opened


def test_directive_params_must_name_a_variable_of_the_code(tmp_path):
    _, warnings = build(tmp_path, directive([":params: net"], MLP))
    assert "minigrad-graph: ValueError: :params: names 'net', which the code does not define." in warnings


def test_every_chapter_of_the_guide_draws_a_picture_and_twelve_graphs_in_all():
    from pathlib import Path
    guide = sorted((Path(__file__).resolve().parents[1] / "docs" / "guide").glob("*.rst"))
    graphs = 0
    for chapter in guide:
        text = chapter.read_text(encoding="utf-8")
        count = len(re.findall(r"^\.\. minigrad-graph::", text, re.M))
        assert count + len(re.findall(r"^\.\. plot::", text, re.M)) >= 1, f"{chapter.name} draws no picture"
        graphs += count
    assert len(guide) >= 10 and graphs >= 12


@pytest.mark.parametrize("options, code, message", [
    ([":value: nope"], NEURON, r"minigrad-graph: ValueError: the code defines no variable 'nope'; its Values are: "
                               r"a, b, c, out"),
    ([], "x = 1 / 0", r"minigrad-graph: ZeroDivisionError: division by zero"),
    ([], "x = 3", r"minigrad-graph: TypeError: 'x' is of type int, not a Value"),
])
def test_directive_errors_name_the_problem(tmp_path, options, code, message):
    page, warnings = build(tmp_path, directive(options, code))
    assert "ERROR" in warnings and message in warnings
    assert '<div class="minigrad-graph">' not in page


def test_directive_without_code_is_an_error(tmp_path):
    _, warnings = build(tmp_path, ".. minigrad-graph::\n   :value: out\n")
    assert "minigrad-graph: the directive needs Python code in its body" in warnings
