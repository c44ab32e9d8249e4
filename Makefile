# Entekhab: the two commands a newcomer needs are `make demo` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
export PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export ENTEKHAB_TEST_DATABASE_URL ?= $(PG_URL)
PYTEST_ARGS ?=

.PHONY: setup demo test test-fast lint format types imports check bench docs clean assets

setup:
	@bash scripts/bootstrap.sh

# SERVE=1 keeps the server running after the day, for a browser (dashboard and portal URLs).
demo: setup
	$(VENV)/bin/entekhab demo $(if $(SERVE),--serve,)

# The web pages' font, htmx, Swagger UI and ReDoc, fetched from the npm registry and committed
# (src/entekhab/web/static/vendor/): nothing is loaded from the internet at run time.
assets:
	bash scripts/fetch_assets.sh

# The whole suite, slow tests included (what CI runs). pytest's exit code 5 ("no tests
# collected") is not a failure.
test: setup
	@$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-fast: setup
	@$(PY) -m pytest -n auto --dist loadfile -m "not slow" $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

format: setup
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

types: setup
	$(VENV)/bin/mypy src/entekhab/domain src/entekhab/crypto src/entekhab/service

imports: setup
	$(VENV)/bin/lint-imports

check: lint types imports test

bench: setup
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
