"""`minigrad graph`: draw a snippet's graph to SVG/PNG/DOT, or its backward pass to an HTML stepper."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from minigrad.cli import main

CODE = "a = Value(2.0); b = Value(-3.0); out = (a*b + a).tanh()"
ROOT = Path(__file__).resolve().parents[1]


def test_graph_writes_svg_with_grads_from_backward(tmp_path, capsys):
    path = tmp_path / "graph.svg"
    assert main(["graph", CODE, "-o", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {path}"
    svg = path.read_text(encoding="utf-8")
    # out = tanh(-4) = -0.9993; backward ran: d out/d a = (1 - out^2)(b + 1) = -0.0027, d out/d b = 0.0027 * 2 / 2
    for text in ("<svg", "tanh", "data &#45;0.9993", "grad 1.0000", "grad &#45;0.0027", "grad 0.0027"):
        assert text in svg


def test_graph_writes_png_and_dot_source(tmp_path):
    assert main(["graph", CODE, "-o", str(tmp_path / "g.png")]) == 0
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    assert main(["graph", CODE, "-o", str(tmp_path / "g.dot"), "--rankdir", "TB"]) == 0
    source = (tmp_path / "g.dot").read_text(encoding="utf-8")
    assert source.startswith("digraph minigrad {") and "rankdir=TB" in source and "tanh" in source


def test_graph_does_not_run_backward_twice(tmp_path):
    path = tmp_path / "g.dot"
    assert main(["graph", "a = Value(2.0); out = a * a; out.backward(); out.label = 'out'", "-o", str(path)]) == 0
    assert "{ a | data 2.0000 | grad 4.0000 }" in path.read_text(encoding="utf-8")  # d(a^2)/da = 2a, not 8


def test_graph_value_option_picks_the_variable(tmp_path):
    path = tmp_path / "g.dot"
    assert main(["graph", CODE, "--value", "b", "-o", str(path)]) == 0
    source = path.read_text(encoding="utf-8")
    assert "tanh" not in source and "{ b | data -3.0000 | grad 1.0000 }" in source  # db/db = 1


def test_graph_options_reach_draw_graph(tmp_path):
    path = tmp_path / "g.dot"
    code = "xs = [Value(float(i)) for i in range(40)]; out = sum(x * x for x in xs)"
    assert main(["graph", code, "--max-nodes", "10", "--color-by", "grad", "-o", str(path)]) == 0
    source = path.read_text(encoding="utf-8")
    assert "box3d" in source and "legend" in source


def test_steps_writes_the_html_stepper(tmp_path):
    path = tmp_path / "steps.html"
    assert main(["graph", CODE, "--steps", "-o", str(path)]) == 0
    page = path.read_text(encoding="utf-8")
    assert page.count("<svg") == 4 and "seed: " in page and "a.grad 0 -&gt; 0.0013" in page


def test_default_output_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", CODE]) == 0 and (tmp_path / "graph.svg").exists()
    assert main(["graph", CODE, "--steps"]) == 0 and (tmp_path / "backprop.html").exists()


@pytest.mark.parametrize("argv, message", [
    (["graph", CODE, "-o", "g.txt"], r"minigrad graph: cannot write 'g.txt': the output must end in .svg, .png"),
    (["graph", CODE, "--steps", "-o", "g.svg"], r"minigrad graph: cannot write 'g.svg': the output must end in "
                                                r".html."),
    (["graph", "a = Value(1.0); out = a * 2.0 + b"], r"minigrad graph: NameError: name 'b' is not defined"),
    (["graph", "out = (", "-o", "g.dot"], r"minigrad graph: ValueError: the code is not valid Python: '\(' was "
                                          r"never closed \(line 1\)."),
    (["graph", "n = 3"], r"minigrad graph: TypeError: 'n' is of type int, not a Value"),
    (["graph", CODE, "--value", "c"], r"minigrad graph: ValueError: the code defines no variable 'c'; its Values "
                                      r"are: a, b, out."),
])
def test_graph_errors_are_one_clear_line(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert re.match(message, err), err


def test_unknown_or_missing_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2 and "COMMAND" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["graph", CODE, "--rankdir", "up"])
    assert "invalid choice: 'up'" in capsys.readouterr().err


def run_without_dot(tmp_path, *args):
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no `dot` on PATH
    return subprocess.run([sys.executable, "-m", "minigrad.cli", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path)


def test_without_dot_the_source_still_writes_and_rendering_says_how_to_install(tmp_path):
    result = run_without_dot(tmp_path, "graph", CODE, "-o", "g.dot")
    assert result.returncode == 0 and (tmp_path / "g.dot").read_text().startswith("digraph")
    for args in (("-o", "g.svg"), ("--steps",)):
        result = run_without_dot(tmp_path, "graph", CODE, *args)
        assert result.returncode == 1
        assert result.stderr.startswith("minigrad graph: DotNotFoundError:")
        for hint in ("apt-get install graphviz", "brew install graphviz", "conda install -c conda-forge graphviz"):
            assert hint in result.stderr
