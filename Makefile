# Newsroom: `make run` serves the demo, `make test` runs the checks and the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with DEBUG off, like production; its key lives outside git.
SECRET = DJANGO_SECRET_KEY="$$(cat var/secret_key)"

.PHONY: run serve install install-dev test lint fmt check loadtest clean bench bench-quick

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret_key: | $(BIN)/python
	mkdir -p var
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install var/secret_key
	$(SECRET) $(BIN)/python manage.py migrate --noinput
	$(SECRET) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SECRET) $(BIN)/python manage.py import_articles fixtures/
	$(SECRET) $(BIN)/python manage.py setup_roles
	$(SECRET) $(BIN)/python manage.py ensure_admin
	@echo "Newsroom at http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	$(SECRET) exec $(BIN)/gunicorn newsroom.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT)

test: install-dev
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check --no-cache .

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Migrations in step with the models, and production settings clean.
check: install-dev
	DJANGO_SECRET_KEY=check-only $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_HTTPS=1 DJANGO_ALLOWED_HOSTS=news.example.com \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# 60 s of wrk at 64 connections on gunicorn over a scratch 10,000-article
# SQLite database; not part of `make test`. LOADTEST_ARGS="--kill-worker"
# also kills a worker half-way; see benchmarks/loadtest.py for the rest.
loadtest: install-dev
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles

# Benchmarks: every figure a ratio to a floor measured in the same run.
bench: install-dev
	$(BIN)/python -m benchmarks.run --size full

bench-quick: install-dev
	$(BIN)/python -m benchmarks.run --size quick
