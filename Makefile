# Mitra UKM: `make run` sets up and serves the demo; `make test` sets up and runs the tests.
# Needs only Python 3.11+, Node.js with npm, and make. Everything else is installed here:
# Python packages in .venv/, front-end libraries in node_modules/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1 SITE_URL=http://$(HOST):$(PORT)

.PHONY: help run test test-browser install setup demo messages lint screenshots clean bench

help:
	@echo "make run            set up (venv, npm, migrate, demo data), serve on http://$(HOST):$(PORT) with the task worker"
	@echo "make test           set up and run the test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make test-browser   only the browser tests (needs chromium on PATH)"
	@echo "make messages       update and compile the Indonesian and Korean translations"
	@echo "make screenshots    refresh docs/screenshots/ with headless chromium"
	@echo "make bench          benchmarks on PostgreSQL (bench/RESULTS.md)"
	@echo "make lint           ruff check and format check, and the layer contracts (import-linter)"

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mitra UKM needs Python 3.11 or newer (found " + sys.version.split()[0] + "); run make PYTHON=python3.12 ...")'
	@echo "== Python packages into $(VENV)/ =="
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (with npm) first" >&2; exit 1; }
	@echo "== Front-end libraries into node_modules/ =="
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: install
	@echo "== Database (db.sqlite3 unless DATABASE_URL is set) =="
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	@echo "== Demo scenario =="
	$(DEV_ENV) $(BIN)/python manage.py load_demo

demo: setup

# The task worker (outbox mails) runs beside the development server; Ctrl+C stops both.
run: setup
	@echo "== Serving on http://$(HOST):$(PORT)/ with the task worker (Ctrl+C stops both) =="
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py run_worker --no-reload & worker=$$!; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests run when Debian's chromium is on PATH; set REQUIRE_BROWSER=1 to fail without it.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: install
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# Needs GNU gettext (apt-get install gettext). English is the source; locale/id and locale/ko are kept.
messages: install
	@command -v msgfmt >/dev/null || { echo "GNU gettext is missing: apt-get install gettext" >&2; exit 1; }
	mkdir -p locale
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l id -l ko --add-location=file --ignore=node_modules --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	for po in locale/*/LC_MESSAGES/django.po; do msgattrib --no-obsolete -o $$po $$po; done
	$(DEV_ENV) $(BIN)/python manage.py apply_glossary
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=node_modules --ignore=.venv --ignore=staticfiles

# ruff, and the layers of the code (import-linter contracts in pyproject.toml; CONTRIBUTING.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

screenshots: install
	REQUIRE_BROWSER=1 SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e/test_screenshots.py

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles .test-media
