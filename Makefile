# ontschot — the two commands: `make demo` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := ONTSCHOT_ENV=development
DEMO_ENV := $(DEV_ENV) DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3
# The suite runs against the local PostgreSQL; override TEST_DATABASE_URL to use another.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ontschot
TEST_ENV := $(DEV_ENV) DATABASE_URL=$(TEST_DATABASE_URL)

.PHONY: demo test install install-dev system-deps npm-deps postgres lint typecheck checks pytest smoke browser vendor messages openapi lock clean

## demo: install, migrate, load geography, seed Maastricht, start the worker and serve on :8000
demo: install
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(DEMO_ENV) $(BIN)/python manage.py createcachetable
	$(DEMO_ENV) $(BIN)/python manage.py load_geo
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000 (the background worker runs alongside; Ctrl-C stops both)"
	@$(DEMO_ENV) sh scripts/run_demo.sh $(BIN)/python

## test: the whole suite — lint, types, migrations, translations, PostgreSQL tests with coverage,
## browser journeys with an accessibility scan, and a smoke run on SQLite
test: install-dev system-deps npm-deps postgres checks pytest smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

## Debian packages the tests need: chromium for the browser journeys, gettext for translations
system-deps:
	@sh scripts/ensure_system_deps.sh

npm-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

postgres:
	@sh scripts/ensure_postgres.sh "$(TEST_DATABASE_URL)"

checks:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python scripts/check_translations.py
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING

pytest:
	$(TEST_ENV) $(BIN)/pytest --cov --cov-report=term:skip-covered -m "not smoke" -q

smoke:
	$(DEV_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/smoke.sqlite3 $(BIN)/pytest -m "smoke or parity" -q

## Developer conveniences
vendor: npm-deps
	sh scripts/vendor_static.sh

messages: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l nl --no-obsolete --add-location file -i ".venv/*" -i "node_modules/*"
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -i ".venv" -i "node_modules"

openapi: install-dev
	$(DEV_ENV) $(BIN)/python manage.py spectacular --file openapi.yaml --validate

lock: install-dev
	$(BIN)/uv pip compile pyproject.toml -o requirements/base.txt --python-version 3.11 -q
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements/dev.txt --python-version 3.11 -q

clean:
	rm -rf $(VENV) node_modules var .coverage
