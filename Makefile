# The two commands a user needs: `make demo` (the tour) and `make test`.
# Each one builds .venv when it is missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: demo test bench docs notebooks system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel

$(STAMP): setup.cfg pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[dev,demos,docs]"
	touch $(STAMP)

# `dot` (Graphviz) renders graphs; Chromium drives the page tests. apt-get when root, else say what to run.
system-deps:
	@missing=""; command -v dot >/dev/null || missing="$$missing graphviz"; \
	 command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing="$$missing chromium"; \
	 if [ -n "$$missing" ]; then \
	   if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	     apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	   else \
	     echo "minigrad needs system packages:$$missing"; \
	     echo "run:  sudo apt-get install -y$$missing   (macOS: brew install graphviz chromium)"; \
	     exit 1; \
	   fi; \
	 fi

demo: $(STAMP)
	$(VENV)/bin/minigrad tour --out runs/tour

test: $(STAMP) system-deps
	$(PY) -m pytest -q
	$(MAKE) docs

bench: $(STAMP)
	$(PIP) install --quiet -e ".[bench]"
	$(PY) -m benchmarks

# html first: it runs every example and draws every graph and plot afresh (-E); doctest then checks the printed
# output of the examples from the same doctrees. Warnings are errors.
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -q -E -b html -d docs/_build/doctrees docs docs/_build/html
	$(PY) -m sphinx -W --keep-going -q -b doctest -d docs/_build/doctrees docs docs/_build/doctest

notebooks: $(STAMP)
	$(VENV)/bin/jupytext --to ipynb demos/*.py

clean:
	rm -rf $(VENV) docs/_build runs .pytest_cache
