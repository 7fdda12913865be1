# Linewatch: two commands on a fresh machine, `make demo` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
ARGS ?=

.PHONY: install demo test lint typecheck pytest bench clean

$(VENV)/.installed: pyproject.toml uv.lock package-lock.json
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --locked --quiet
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/linewatch demo $(ARGS)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install
	$(PY) -m benchmarks $(ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
