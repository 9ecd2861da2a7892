# Mitra UKM: `make run` sets up and serves the demo; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1

.PHONY: run test test-browser install setup messages lint screenshots clean bench

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: setup
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests run when Debian's chromium is on PATH; set REQUIRE_BROWSER=1 to fail without it.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: install
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

messages: install
	$(BIN)/python manage.py makemessages -l id -l ko --no-location --ignore=node_modules --ignore=.venv
	$(BIN)/python manage.py compilemessages --ignore=node_modules --ignore=.venv

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

screenshots: install
	REQUIRE_BROWSER=1 SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e/test_screenshots.py

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles .test-media
