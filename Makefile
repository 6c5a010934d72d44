# One command sets up everything and starts the dashboard; one sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# solara's front-end assets from the npm registry, in its local proxy cache (detente.viz.assets)
ASSETS := $(VENV)/share/solara/cdn/.detente-assets
# Debian's browser for the browser tests (Playwright's own browser download cannot be used here)
CHROMIUM := /usr/bin/chromium

.PHONY: run test soak bench mutate clean

run: $(STAMP) $(ASSETS)
	$(BIN)/detente dashboard

test: $(STAMP) $(ASSETS) $(CHROMIUM)
	$(BIN)/python -m pytest

# the property tests (and the fuzzed inputs, when present) with twenty times CI's examples, drawn
# afresh each time (tests/conftest.py's soak profile)
soak: $(STAMP)
	HYPOTHESIS_PROFILE=soak $(BIN)/python -m pytest $(wildcard tests/test_properties.py tests/test_fuzz.py)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/sweeps.py

# mutation testing (issue 14; docs/reliability.md): mutmut over model/ and scenarios/, then operator
# mutants of the compiled kernels, each rebuilt, against the fast unit suite; figures in
# tests/mutation/figures.json (a long run: see docs/reliability.md for its time)
mutate: $(STAMP) $(VENV)/.mutmut
	PATH="$(CURDIR)/$(BIN):$$PATH" nice -n 10 $(BIN)/python tests/mutation/mutate.py all

$(VENV)/.mutmut: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $@

# the compiled kernels are built by the install, so a change to them (or to setup.py, which builds
# them) reinstalls
KERNELS := $(wildcard model/*.pyx model/*/*.pyx model/*.pxi model/*/*.pxi model/*.h model/*/*.h)
$(STAMP): pyproject.toml setup.py $(KERNELS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(ASSETS): $(STAMP)
	$(BIN)/python -m detente.viz.assets
	touch $(ASSETS)

$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

clean:
	rm -rf $(VENV) build
	find model -name '*.c' -o -name '*.so' | xargs rm -f
