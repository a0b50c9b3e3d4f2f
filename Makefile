# ocrflow — `make run` starts the whole service; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODELS := var/models/manifest.json
WEB := web/dist/index.html
JSCLIENT := tests/js/node_modules/.package-lock.json

.PHONY: run test install lint bench drill web models clean train

$(STAMP): requirements.txt requirements-dev.txt requirements-recognisers.txt client/pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	$(BIN)/python -m pip install -q --no-deps -r requirements-recognisers.txt
	$(BIN)/python -m pip install -q -e ./client
	touch $(STAMP)

$(MODELS): $(STAMP) scripts/fetch_models.py
	$(BIN)/python scripts/fetch_models.py --dest var/models

$(WEB): $(shell find web -path web/node_modules -prune -o -path web/dist -prune -o -type f -print 2>/dev/null)
	@if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build; fi

$(JSCLIENT): tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error

install: $(STAMP) $(MODELS) $(WEB)
models: $(MODELS)
web: $(WEB)

run: install
	$(BIN)/python -m devserver exec --base-dir var -- $(BIN)/python scripts/run.py

lint: $(STAMP)
	$(BIN)/ruff check app tests bench scripts devserver client celery_config.py wsgi.py
	$(BIN)/mypy app/ocr app/extraction client/ocrflow_client

test: install $(JSCLIENT) lint
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m devserver exec --base-dir var/bench -- $(BIN)/python bench/run_all.py

# The field scorer shipped in app/extraction/model/, from the labelled receipts in ../shared/data.
train: $(STAMP)
	$(BIN)/python scripts/train_extraction.py

drill: install
	$(BIN)/python -m pytest -q -m slow tests/drills $(PYTEST_ARGS)

clean:
	rm -rf var/test var/bench
