"""Sphinx configuration for the minigrad guide.

Every example runs at build time: ``make docs`` runs the ``doctest`` builder (the ``doctest``/``testcode``
blocks) and the ``html`` builder (which runs the ``minigrad-graph`` and ``plot`` directives), with warnings as
errors. A change that breaks an example fails the build.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")
# The examples multiply tiny matrices. On a busy 2-core machine, OpenBLAS handing each of them to a second thread
# costs far more than it saves (30 epochs of a small MLP: 10 s instead of 0.1 s), so the build uses one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

project = "minigrad"
author = "the minigrad authors"
copyright = "2025, the minigrad authors"
release = "0.1.0"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax served from _static: the docs read offline too
    "matplotlib.sphinxext.plot_directive",
    "minigrad.viz.sphinx",
]

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_theme_options = {"description": "a teaching autograd engine", "fixed_sidebar": True, "page_width": "1200px"}
html_static_path = ["_static"]
html_css_files = ["custom.css"]
pygments_style = "sphinx"

# autodoc: the API reference comes from the docstrings, in source order, as the files read.
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "none"

# doctest: only the explicit ``doctest``/``testcode`` blocks of the guide run. Docstrings in the API pages show
# sketches that need context (``out`` made elsewhere); the package's own tests run those modules.
doctest_test_doctest_blocks = ""

# plot directive (chapter 6): PNG only, drawn with Agg at build time, no source links.
plot_formats = [("png", 100)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_include_source = False
plot_rcparams = {"figure.figsize": (6.4, 4.8), "savefig.bbox": "tight"}

autodoc_inherit_docstrings = False


def docstring_as_written(app, what, name, obj, options, lines):
    """Show each docstring verbatim, as a preformatted block: minigrad's docstrings are plain text in
    micrograd's style (``|x|``, ``a * b``, indented formulas), not reStructuredText."""
    if any(line.strip() for line in lines):
        lines[:] = [".. code-block:: text", ""] + ["   " + line for line in lines]


def setup(app):
    app.connect("autodoc-process-docstring", docstring_as_written)
