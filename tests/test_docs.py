"""The guide's shape, checked without building it (``make docs`` builds it, runs every example and draws every
graph): ten chapters in lecture order, each with examples that run, graphs only from the ``minigrad-graph``
directive, no Python that the build would not run, and every file and object the pages quote still there."""
import importlib
import re
import textwrap
from pathlib import Path

import pytest

from minigrad.viz.graph import value_from_code

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHAPTERS = ["01_neuron", "02_values", "03_activations", "04_layers", "05_losses", "06_optimizers", "07_overfitting",
            "08_training", "09_gans", "10_under_the_hood", "11_moving_on", "12_embeddings"]
TOPICS = ["perceptron", "computation graph", "activations", "matrix form", "losses", "optimizers", "overfitting",
          "keras-style", "adversarial", "numba", "pytorch", "embeddings"]


def chapter(name):
    return (DOCS / "guide" / f"{name}.rst").read_text(encoding="utf-8")


def directive_blocks(text, name):
    """(options, body) of every ``.. name::`` directive: the indented lines under it."""
    blocks = []
    for match in re.finditer(rf"^\.\. {re.escape(name)}::.*\n((?:[ \t]*\n|   .*\n)*)", text, re.M):
        lines = textwrap.dedent(match.group(1)).splitlines()
        options = {}
        while lines and lines[0].startswith(":"):
            key, _, value = lines.pop(0)[1:].partition(":")
            options[key] = value.strip()
        blocks.append((options, "\n".join(lines).strip()))
    return blocks


def test_the_guide_has_the_lectures_ten_chapters_in_order():
    toctree = (DOCS / "index.rst").read_text(encoding="utf-8")
    assert re.findall(r"^   guide/(\S+)$", toctree, re.M) == CHAPTERS
    for number, (name, topic) in enumerate(zip(CHAPTERS, TOPICS), start=1):
        title = chapter(name).splitlines()[0]
        assert title.startswith(f"{number}. ") and topic in title.lower(), title


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_chapter_runs_its_examples_and_shows_no_unrun_python(name):
    text = chapter(name)
    assert re.search(r"^\.\. (doctest|testcode)::", text, re.M), f"{name} has no example that the build runs"
    assert not re.search(r"^\.\. (code-block|code|sourcecode):: *(python|pycon)?\s*$", text, re.M), \
        f"{name} shows code that the build does not run; use doctest or testcode"
    assert not re.search(r"^(?!\.\. ).*:: *\n\n   >>>", text, re.M), \
        f"{name} has a plain literal block of >>> examples, which the build would not run"
    assert not re.search(r"^\.\. (image|figure)::", text, re.M), \
        f"{name} includes a static picture; draw it at build time (minigrad-graph or plot)"


def test_the_graph_chapters_draw_with_the_directive():
    drawn = [name for name in CHAPTERS if directive_blocks(chapter(name), "minigrad-graph")]
    assert {"01_neuron", "02_values", "04_layers"} <= set(drawn)


@pytest.mark.parametrize("name", [n for n in CHAPTERS if directive_blocks(chapter(n), "minigrad-graph")])
def test_every_graph_directive_computes_its_value(name):
    for options, code in directive_blocks(chapter(name), "minigrad-graph"):
        value = value_from_code(code, options.get("value"), "test_docs")
        assert value.requires_grad and value.parents, f"{name}: {options} draws a Value with no graph"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_quoted_source_object_exists(name):
    for match in re.finditer(r"^\.\. literalinclude:: \.\./\.\./(\S+)\n   :pyobject: (\S+)", chapter(name), re.M):
        path, qualified = match.groups()
        module = importlib.import_module(path[:-len(".py")].replace("/", "."))
        target = module
        for part in qualified.split("."):
            target = getattr(target, part)
        assert callable(target), f"{name} quotes {path}:{qualified}, which is not a function"


def test_make_docs_builds_html_and_runs_the_doctests_with_warnings_as_errors():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^docs:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert re.search(r"sphinx -W .*-b html", recipe) and re.search(r"sphinx -W .*-b doctest", recipe)
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    for extension in ("sphinx.ext.autodoc", "sphinx.ext.doctest", "minigrad.viz.sphinx"):
        assert f'"{extension}"' in conf
