# The two commands a user needs: `make demo` (the tour) and `make test`.
# Each one builds .venv when it is missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
CHECKS := $(VENV)/.installed-checks

.PHONY: demo test test-fast bench docs notebooks dot chromium clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel

$(STAMP): setup.cfg pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[demos]"
	touch $(STAMP)

# What only the checks need: pytest, Sphinx, and the outside oracles (PyTorch CPU, onnx, onnxruntime, safetensors).
$(CHECKS): $(STAMP)
	$(PIP) install --quiet -e ".[dev,demos,docs,oracle,interop]"
	touch $(CHECKS)

# `dot` (Graphviz) renders graphs: both commands need it. Chromium drives the page tests, which skip without it.
# As root, apt-get installs what is missing; otherwise the target says what to run.
ROOT_APT := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && echo yes)

dot:
	@command -v dot >/dev/null || { \
	  if [ "$(ROOT_APT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else echo "minigrad needs Graphviz's dot program. Install it, then run make again:"; \
	       echo "  sudo apt-get install -y graphviz   # Debian/Ubuntu"; \
	       echo "  brew install graphviz              # macOS"; \
	       echo "  conda install -c conda-forge graphviz"; exit 1; fi; }

chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$(ROOT_APT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: Chromium is absent, so the page tests will skip (sudo apt-get install -y chromium runs them)"; fi; }

demo: $(STAMP) dot
	$(VENV)/bin/minigrad tour --out runs/tour

test: $(CHECKS) dot chromium
	$(PY) -m pytest -q
	$(MAKE) docs

# The unit tests alone (no demos, tour, Chromium, docs build or long trainings), 5 examples per property test, on
# every core (pytest-xdist): under a minute on 2 cores (51 s measured; 61 s on one worker).
test-fast: $(CHECKS)
	$(PY) -m pytest -q -m "not slow and not e2e" --hypothesis-profile=fast -n auto

bench: $(STAMP)
	$(PIP) install --quiet -e ".[bench]"
	$(PY) -m benchmarks

# html first: it runs every example and draws every graph and plot afresh (-E); doctest then checks the printed
# output of the examples from the same doctrees. Warnings are errors.
docs: $(CHECKS)
	$(PY) -m sphinx -W --keep-going -q -E -b html -d docs/_build/doctrees docs docs/_build/html
	$(PY) -m sphinx -W --keep-going -q -b doctest -d docs/_build/doctrees docs docs/_build/doctest

# The demos as .ipynb files beside their scripts (not committed); _common.py is a helper they import, not a demo.
notebooks: $(STAMP)
	$(VENV)/bin/jupytext --to ipynb demos/[0-9][0-9]_*.py demos/keras_*.py

clean:
	rm -rf $(VENV) docs/_build runs .pytest_cache
