# One command for each routine task. The virtual environment lives in .venv and is
# reinstalled only when a requirements file changes.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501

.PHONY: run test lint bench browser check dictionary theme clean

$(VENV)/.stamp-run: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: install what the app needs and serve it on the bundled data (http://localhost:8501)
# ui.serve is `streamlit run dashboard.py` with imports and the data load begun at start-up.
run: $(VENV)/.stamp-run
	$(PY) -m ui.serve --server.port $(PORT)

## test: install, make sure Chromium is there, lint, run every test (unit, app, browser)
test: $(VENV)/.stamp-dev browser
	test -d node_modules/axe-core || npm ci --silent || npm install --silent
	$(PY) -m ruff check .
	$(PY) -m pytest

## browser: install Debian's chromium when it is missing and we are allowed to
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get install -y chromium >/dev/null 2>&1 || \
		(apt-get update >/dev/null 2>&1 && apt-get install -y chromium >/dev/null); \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
		sudo apt-get install -y chromium >/dev/null; \
	else \
		echo "chromium is missing and cannot be installed here: browser tests will skip" \
		     "(they fail when ALLIANCE_REQUIRE_BROWSER=1)"; \
	fi

## lint: ruff over the whole project
lint: $(VENV)/.stamp-dev
	$(PY) -m ruff check .

## check: validate the data folder (or ALLIANCE_DATA_DIR) as analysts do before committing
check: $(VENV)/.stamp-run
	$(PY) -m alliance validate

## dictionary: regenerate data/README.md from the schema
dictionary: $(VENV)/.stamp-run
	$(PY) -m alliance dictionary

## theme: write alliance.toml's colours into .streamlit/config.toml (restart the app after)
theme: $(VENV)/.stamp-run
	$(PY) -m alliance theme

## bench: speed and memory figures (writes benchmarks/out/)
bench: $(VENV)/.stamp-dev
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_app.py
	$(PY) benchmarks/bench_map_timeline.py
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_opportunities.py
	$(PY) benchmarks/bench_load_sessions.py
	$(PY) benchmarks/bench_mobility.py
	$(PY) benchmarks/bench_report.py

clean:
	rm -rf $(VENV) artifacts benchmarks/out .pytest_cache .ruff_cache .hypothesis
