# The README's commands. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install install-dev demo test lint run bench schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	@echo "Pobing 演示站点：http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

# The OpenAPI schema is committed; ledger/tests/test_api.py fails when it no longer matches the code.
schema: install
	$(BIN)/python manage.py spectacular --lang zh-hans --file docs/openapi.yaml --validate --fail-on-warn

# Times the ledger page and the status counts against raw SQL in a throwaway database (SQLite, or DATABASE_URL).
bench: install-dev
	$(BIN)/python bench/ledger.py --measures 100000 --orgs 2000
