# The only command list of storebridge. `make run` and `make test` set up everything from nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
LOCK_UPGRADE ?=
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: help install run test test-unit test-integration test-resilience lint typecheck check bench validate-deploy lock browser clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## create the virtualenv and install storebridge with its dev tools

run: $(STAMP)  ## run the whole system locally (sandbox stores, local RabbitMQ, MongoDB)
	$(BIN)/python scripts/run_local.py

test: $(STAMP)  ## run unit and integration tests against real RabbitMQ and MongoDB
	@scripts/ensure_rabbitmq.sh
	@scripts/ensure_browser.sh
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: $(STAMP)  ## unit tests only
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP)  ## integration tests only (real RabbitMQ and MongoDB, the sandbox)
	@scripts/ensure_rabbitmq.sh
	@scripts/ensure_browser.sh
	$(BIN)/pytest tests/integration $(PYTEST_ARGS)

test-resilience: $(STAMP)  ## the resilience suite alone (also in make test): broker restart, SIGKILL, MongoDB kill
	$(BIN)/pytest -m resilience tests/integration/resilience $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)  ## mypy, strict
	$(BIN)/mypy shared services

check: lint typecheck test  ## everything CI runs

bench: $(STAMP)  ## benchmarks (figures for the closing notes)
	@scripts/ensure_rabbitmq.sh
	$(BIN)/python -m tests.bench.run

validate-deploy: $(STAMP)  ## lint and schema-check deploy/ offline (YAML, Kubernetes, compose, CLI commands)
	BIN=$(BIN) deploy/validate.sh

lock: $(STAMP)  ## update requirements.lock from pyproject.toml (LOCK_UPGRADE=--upgrade bumps every pin)
	$(BIN)/pip-compile $(LOCK_FLAGS) $(LOCK_UPGRADE) --output-file requirements.lock pyproject.toml

browser:  ## install Debian's chromium + chromium-driver for the console's browser tests (apt-get)
	@scripts/ensure_browser.sh

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
