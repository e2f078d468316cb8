# Two commands: `make serve` and `make test`. Each creates or refreshes .venv itself, with the pinned versions
# of constraints.txt (what the tests passed with); pyproject.toml keeps the ranges for library users.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
HUB_PROXY := deploy/jupyterhub/node_modules/.bin/configurable-http-proxy
JS_TOOLS := tools/js/node_modules/.bin
HOST ?= 127.0.0.1
PORT ?= 8866

.PHONY: serve test test-fast lint docs lab check bench refresh-outputs baselines browser postgres hub constraints clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,postgres,hub,docs]'
	touch $@

## make serve: start the workshop app (Voila) on http://127.0.0.1:8866/
serve: $(STAMP)
	$(BIN)/coffeechat serve --host $(HOST) --port $(PORT) $(ARGS)

## make test: lint, the documentation site, then the three tiers on two workers (pytest-xdist; a file's tests
## stay on one worker): unit, integration (kernels, servers, the journal on a PostgreSQL the tests start, the
## notebooks by nbval) and browser (Playwright + Debian's chromium, the JupyterHub recipe with its npm proxy)
test: lint docs browser postgres $(HUB_PROXY)
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=25 tests notebooks

## make test-fast: the unit tier (tests/unit/: pure, no kernel, no server), in under a minute
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m unit tests

## make lint: ruff's checks and its formatting, the type check of the pure packages (mypy), the layers
## (import-linter), ESLint and TypeScript's checker over the page scripts; as CI and pre-commit run them
lint: $(STAMP) $(JS_TOOLS)/eslint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(JS_TOOLS)/eslint --config tools/js/eslint.config.mjs --max-warnings 0 src
	$(JS_TOOLS)/tsc --project tools/js/tsconfig.json

## make docs: the documentation site into docs/_build/html/ (offline; every warning is an error)
docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html

## make lab: the notebooks for self-paced use in JupyterLab
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ --LabApp.news_url= $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(ARGS)

## make check: validate the workshop content in exercises/
check: $(STAMP)
	$(BIN)/coffeechat check exercises

## make refresh-outputs: new reference outputs for the notebooks' checked cells (after a content change)
refresh-outputs: $(STAMP)
	$(BIN)/python scripts/refresh_checked_outputs.py

## make baselines: new reference screenshots for the visual checks (after a change of the look you meant);
## look at tests/browser/baselines/ before you commit them
baselines: $(STAMP) browser
	COFFEECHAT_UPDATE_BASELINES=1 $(BIN)/python -m pytest tests/browser/test_screens.py

## make bench: speed and memory of the app against plain Voila (prints figures; bench_voila runs bench_actions)
bench: $(STAMP) browser
	$(BIN)/python benchmarks/bench_builder.py
	$(BIN)/python benchmarks/bench_question_checks.py
	$(BIN)/python benchmarks/bench_message_checks.py
	$(BIN)/python benchmarks/bench_views.py
	$(BIN)/python benchmarks/bench_voila.py $(ARGS)

## make hub: the career centre's JupyterHub (deploy/jupyterhub/) on http://127.0.0.1:8000/; needs
## COFFEECHAT_DATABASE_URL=postgresql://... (see docs/how-to/host-on-jupyterhub.md)
hub: $(STAMP) $(HUB_PROXY)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py $(ARGS)

# the hub's proxy, from the npm registry, pinned by deploy/jupyterhub/package-lock.json
$(HUB_PROXY): deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's nodejs and npm for the JupyterHub proxy"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
	touch $@

# ESLint and TypeScript for the page scripts, from the npm registry, pinned by tools/js/package-lock.json
$(JS_TOOLS)/eslint: tools/js/package.json tools/js/package-lock.json
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's nodejs and npm for the JavaScript checks"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	npm ci --prefix tools/js --no-audit --no-fund --loglevel=error
	touch $@

## make constraints: renew constraints.txt with the newest releases within pyproject.toml's ranges (in a
## fresh venv under /tmp; the header is kept); then `make clean test` before you commit it
constraints:
	rm -rf /tmp/coffeechat-constraints && $(PYTHON) -m venv /tmp/coffeechat-constraints
	/tmp/coffeechat-constraints/bin/python -m pip install --quiet --upgrade pip
	/tmp/coffeechat-constraints/bin/python -m pip install --quiet -e '.[test,postgres,hub,docs]'
	{ sed -n '/^#/p' constraints.txt; /tmp/coffeechat-constraints/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf /tmp/coffeechat-constraints

# Debian's PostgreSQL server: the journal tests start one of their own (initdb into a temporary folder)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  echo "Installing Debian's postgresql for the journal tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }

browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) build src/*.egg-info deploy/jupyterhub/node_modules tools/js/node_modules
