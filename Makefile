# Sổ tay — developer entry points. `make run` and `make test` are the two README commands.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3.12 2>/dev/null)
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench mutation lint typecheck layers check venv clean messages compile-messages

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python ≥ 3.12 (python3.13 hoặc python3.12) / Python >= 3.12 is required"; exit 1; }
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet ".[dev]"
	@rm -rf build *.egg-info
	@touch $(STAMP)

venv: $(STAMP)

## Run the platform: embedded PostgreSQL (unless DATABASE_URL), migrate, seed demo tenants, web + worker + beat.
run: $(STAMP)
	$(VPY) infra/dev/run.py

## Run the whole test suite against a real PostgreSQL (embedded unless DATABASE_URL is set).
test: $(STAMP)
	$(VPY) infra/dev/test.py $(ARGS)

## Benchmarks (not part of the test run): routing overhead, provisioning time, no-op migrate over 63 tenants.
bench: $(STAMP)
	$(VPY) infra/dev/bench.py $(ARGS)

## Mutation testing (not part of `make test`, slow): mutmut over the security-critical modules, one at a time,
## each against the tests that cover it. `make mutation ARGS="tokens imports"`; `ARGS=--list` lists the targets.
mutation: $(STAMP)
	$(VPY) infra/dev/mutation.py $(ARGS)

# The message commands read no database, but the settings want a DATABASE_URL.
I18N_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://localhost/unused}

## Translations: collect the marked strings into locale/en/LC_MESSAGES/django.po (needs GNU gettext).
messages: $(STAMP)
	$(I18N_ENV) $(VPY) manage.py makemessages -l en --no-obsolete -i .venv -i .data -i test-artifacts -i staticfiles

## Translations: compile django.po into django.mo (both are committed).
compile-messages: $(STAMP)
	$(I18N_ENV) $(VPY) manage.py compilemessages -l en -i .venv

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy .

## Layering contracts (pyproject.toml [tool.importlinter], ADR 0042): fails on an import that breaks them.
layers: $(STAMP)
	$(VENV)/bin/lint-imports

check: lint typecheck layers

clean:
	rm -rf $(VENV) build *.egg-info
